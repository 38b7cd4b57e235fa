// Bootstraps of the Gloo Enterprise servers' envoy-sidecars (ConfigMaps extauth-sidecar-config and
// rate-limit-sidecar-config; facts §1.14): a loopback TCP forwarder that carries the server's plaintext
// xDS client to gloo over mutual TLS, and for extauth a TLS-terminating listener in front of its server.
// Built from the same pieces as the gloo sidecar and the gateway-proxy, so the TLS is the same.
import { EE_NAMES, EE_PORTS, NAMES, PORTS, glooPeerNames, serviceFqdn } from "../constants";
import { xdsClusterName } from "./proxy";
import { sidecarRuntime, tlsTcpProxyListener } from "./sidecar";
import { sdsCluster, singleHostCluster, socketAddress, upstreamMtls } from "./tls";
import { Bootstrap, Cluster, Listener, TYPE } from "./types";

export interface ForwarderOptions {
    namespace: string;
    /** Cluster DNS domain (k8s.clusterName). */
    clusterName: string;
    /** Bind listeners other pods dial to 0.0.0.0 instead of `::` (settings.ipV4Only). Defaults to `false`. */
    ipV4Only?: boolean;
}

/** 127.0.0.1:9955 → gloo's xDS cluster: the EE server's GLOO_ADDRESS in mTLS mode. */
export function glooForwarderListener(o: ForwarderOptions): Listener {
    return {
        name: "gloo_xds_mtls_listener",
        // Loopback only: the forwarder authenticates with the pod's certificate, so no other pod may use it.
        address: socketAddress("127.0.0.1", EE_PORTS.glooForwarder),
        filter_chains: [
            {
                filters: [
                    {
                        name: "envoy.filters.network.tcp_proxy",
                        typed_config: { "@type": TYPE.tcpProxy, stat_prefix: "gloo_mtls", cluster: xdsClusterName(o.namespace, o.clusterName) },
                    },
                ],
            },
        ],
    };
}

/** gloo's xDS service over mutual TLS: SNI gloo's FQDN and the SAN check of glooPeerNames, as the gateway-proxy does. */
export function glooXdsMtlsCluster(o: ForwarderOptions, sds: string): Cluster {
    const glooHost = serviceFqdn(NAMES.gloo, o.namespace, o.clusterName);
    return {
        // L4 passthrough of the server's gRPC stream: no HTTP/2 options needed.
        ...singleHostCluster(xdsClusterName(o.namespace, o.clusterName), glooHost, PORTS.xds, { type: "STRICT_DNS", transportSocket: upstreamMtls(sds, glooHost, glooPeerNames(o.namespace, o.clusterName)) }),
        alt_stat_name: "xds_cluster",
        respect_dns_ttl: true,
        upstream_connection_options: { tcp_keepalive: { keepalive_time: 60 } },
    };
}

function sidecarBootstrap(listeners: Listener[], clusters: Cluster[]): Bootstrap {
    return {
        node: { id: "sds_client", cluster: "sds_client" },
        layered_runtime: sidecarRuntime(),
        static_resources: { listeners, clusters: [sdsCluster(EE_NAMES.clientSdsCluster), ...clusters] },
        // Loopback only (the chart binds 0.0.0.0); `kubectl port-forward` still reaches it.
        admin: { address: socketAddress("127.0.0.1", PORTS.sidecarAdmin) },
    };
}

/** extauth's sidecar: xDS forwarder, and [::]:8083 (client certificate required) → extauth on 127.0.0.1:8084. */
export function extauthSidecarBootstrap(o: ForwarderOptions): Bootstrap {
    const sds = EE_NAMES.clientSdsCluster;
    return sidecarBootstrap(
        [glooForwarderListener(o), tlsTcpProxyListener("envoy_extauth_mtls_listener", EE_PORTS.extauth, "extauth_cluster", sds, o.ipV4Only ?? false)],
        [glooXdsMtlsCluster(o, sds), singleHostCluster("extauth_cluster", "127.0.0.1", EE_PORTS.extauthLocal, { type: "STATIC" })],
    );
}

/** rate-limit's sidecar: the xDS forwarder only (gateway-proxy reaches rate-limit directly, as in the chart). */
export function rateLimitSidecarBootstrap(o: ForwarderOptions): Bootstrap {
    return sidecarBootstrap([glooForwarderListener(o)], [glooXdsMtlsCluster(o, EE_NAMES.clientSdsCluster)]);
}
