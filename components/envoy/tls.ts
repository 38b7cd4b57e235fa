// Building blocks shared by every bootstrap: SDS-backed mutual TLS and plain static clusters.
import { NAMES, PORTS } from "../constants";
import { Address, Cluster, CommonTlsContext, ConfigSource, Duration, SubjectAltNameMatcher, TransportSocket, TYPE } from "./types";

export function socketAddress(address: string, port: number): Address {
    return { socket_address: { address, port_value: port } };
}

/**
 * Every address of the pod, for a listener other pods dial (chart key `settings.ipV4Only`). By default `::` with
 * `ipv4_compat`: one dual-stack socket (IPV6_V6ONLY off) that takes IPv4 peers as v4-mapped addresses, so the same
 * bootstrap serves IPv4-only, dual-stack and IPv6-only pods. `ipV4Only` binds 0.0.0.0, for nodes without IPv6
 * at all (where binding `::` fails).
 */
export function anyAddress(port: number, ipV4Only: boolean): Address {
    return ipV4Only ? socketAddress("0.0.0.0", port) : { socket_address: { address: "::", port_value: port, ipv4_compat: true } };
}

function sdsSource(sdsCluster: string): ConfigSource {
    return {
        resource_api_version: "V3",
        api_config_source: { api_type: "GRPC", transport_api_version: "V3", grpc_services: [{ envoy_grpc: { cluster_name: sdsCluster } }] },
    };
}

/** A name the peer's certificate must carry: a DNS SAN given as a plain string, or a typed matcher (e.g. a URI SAN). */
export type PeerName = string | SubjectAltNameMatcher;

/** An exact URI SAN matcher (a remote fleet's identity). */
export function uriSan(uri: string): SubjectAltNameMatcher {
    return { san_type: "URI", matcher: { exact: uri } };
}

/**
 * Certificate and trust bundle from the SDS sidecar, TLS 1.2 to 1.3 (Envoy's client side would stop at
 * 1.2 unless told). With `peerSans`, the peer's certificate must also carry one of those SANs (Envoy
 * accepts when any matcher matches; the chart accepts any certificate signed by the CA).
 */
export function sdsTlsContext(sdsCluster: string, peerSans: PeerName[] = []): CommonTlsContext {
    const validation = { name: NAMES.sdsValidationContext, sds_config: sdsSource(sdsCluster) };
    return {
        tls_params: { tls_minimum_protocol_version: "TLSv1_2", tls_maximum_protocol_version: "TLSv1_3" },
        tls_certificate_sds_secret_configs: [{ name: NAMES.sdsServerCert, sds_config: sdsSource(sdsCluster) }],
        ...(peerSans.length > 0
            ? {
                  combined_validation_context: {
                      default_validation_context: {
                          match_typed_subject_alt_names: peerSans.map((n) => (typeof n === "string" ? { san_type: "DNS" as const, matcher: { exact: n } } : n)),
                      },
                      validation_context_sds_secret_config: validation,
                  },
              }
            : { validation_context_sds_secret_config: validation }),
    };
}

/** Client side of the xDS mTLS: presents the shared leaf, sends SNI `serverName` and accepts a server carrying one of `peerSans`. */
export function upstreamMtls(sdsCluster: string, serverName: string, peerSans: PeerName[] = [serverName]): TransportSocket {
    return {
        name: "envoy.transport_sockets.tls",
        typed_config: { "@type": TYPE.upstreamTls, sni: serverName, common_tls_context: sdsTlsContext(sdsCluster, peerSans) },
    };
}

/**
 * Server side: a client certificate signed by a trusted CA is required (the chart only asks for one); with
 * `clientSans`, it must also carry one of those SANs.
 */
export function downstreamMtls(sdsCluster: string, clientSans: PeerName[] = []): TransportSocket {
    return {
        name: "envoy.transport_sockets.tls",
        typed_config: { "@type": TYPE.downstreamTls, require_client_certificate: true, common_tls_context: sdsTlsContext(sdsCluster, clientSans) },
    };
}

export interface ClusterOptions {
    connectTimeout?: Duration;
    http2?: boolean;
    type?: Cluster["type"];
    transportSocket?: TransportSocket;
}

/** A cluster with one endpoint. */
export function singleHostCluster(name: string, host: string, port: number, o: ClusterOptions = {}): Cluster {
    return {
        name,
        connect_timeout: o.connectTimeout ?? "5s",
        ...(o.type ? { type: o.type } : {}),
        ...(o.http2
            ? {
                  typed_extension_protocol_options: {
                      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
                          "@type": TYPE.http2Options,
                          explicit_http_config: { http2_protocol_options: {} },
                      },
                  },
              }
            : {}),
        load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(host, port) } }] }] },
        ...(o.transportSocket ? { transport_socket: o.transportSocket } : {}),
    };
}

/** The in-pod SDS server (gRPC, so HTTP/2). */
export function sdsCluster(name: string): Cluster {
    return singleHostCluster(name, "127.0.0.1", PORTS.sds, { connectTimeout: "0.25s", http2: true, type: "STATIC" });
}
