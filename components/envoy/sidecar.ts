// Bootstrap of the gloo pod's envoy-sidecar (ConfigMap envoy-sidecar-config): terminates mutual TLS on
// the xDS ports and forwards plain TCP to gloo, which listens on localhost only (facts §2.1).
import { NAMES, PORTS } from "../constants";
import { PeerName, anyAddress, downstreamMtls, sdsCluster, singleHostCluster, socketAddress } from "./tls";
import { Bootstrap, Listener, TYPE } from "./types";

/**
 * A mutual-TLS listener on every address of the pod (anyAddress) that forwards plain TCP to `cluster`; with
 * `clients`, only certificates carrying one of those SANs get in.
 */
export function tlsTcpProxyListener(name: string, port: number, cluster: string, sds: string, ipV4Only: boolean, clients: PeerName[] = []): Listener {
    return {
        name,
        address: anyAddress(port, ipV4Only),
        filter_chains: [
            {
                filters: [{ name: "envoy.filters.network.tcp_proxy", typed_config: { "@type": TYPE.tcpProxy, stat_prefix: "ingress_tcp", cluster } }],
                transport_socket: downstreamMtls(sds, clients),
            },
        ],
    };
}

/** The layered runtime the chart gives its sidecars: a connection cap plus a writable admin layer. */
export function sidecarRuntime(): NonNullable<Bootstrap["layered_runtime"]> {
    return {
        layers: [
            { name: "static_layer", static_layer: { overload: { global_downstream_max_connections: 250000 } } },
            { name: "admin_layer", admin_layer: {} },
        ],
    };
}

/**
 * gloo's sidecar. `clients`: the identities the install made (components/identities.ts glooClientNames); any other
 * certificate, even one of the same CA, is refused.
 */
export function glooSidecarBootstrap(clients: PeerName[], ipV4Only = false): Bootstrap {
    return {
        node: { id: "sds_client", cluster: "sds_client" },
        layered_runtime: sidecarRuntime(),
        static_resources: {
            listeners: [
                tlsTcpProxyListener("envoy_xds_mtls_listener", PORTS.xds, "gloo_xds_cluster", NAMES.glooSdsCluster, ipV4Only, clients),
                tlsTcpProxyListener("envoy_rest_xds_mtls_listener", PORTS.restXds, "gloo_rest_xds_cluster", NAMES.glooSdsCluster, ipV4Only, clients),
            ],
            clusters: [
                sdsCluster(NAMES.glooSdsCluster),
                // Plain L4 passthrough to gloo on localhost: no HTTP/2 options needed.
                singleHostCluster("gloo_xds_cluster", "127.0.0.1", PORTS.mtlsLocalXds, { type: "STATIC" }),
                singleHostCluster("gloo_rest_xds_cluster", "127.0.0.1", PORTS.mtlsLocalRestXds, { type: "STATIC" }),
            ],
        },
        // Loopback only (the chart binds 0.0.0.0); `kubectl port-forward` still reaches it.
        admin: { address: socketAddress("127.0.0.1", PORTS.sidecarAdmin) },
    };
}
