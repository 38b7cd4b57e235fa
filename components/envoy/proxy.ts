// Bootstrap of a gateway-proxy (ConfigMap gateway-proxy-envoy-config, key envoy.yaml), as the chart
// renders it (facts §2.2), with the xDS clusters over mutual TLS in mTLS mode.
import { NAMES, PORTS, glooPeerNames, serviceFqdn } from "../constants";
import { anyAddress, sdsCluster, singleHostCluster, socketAddress, upstreamMtls } from "./tls";
import { Bootstrap, Cluster, Listener, TYPE } from "./types";

export interface GatewayProxyBootstrapOptions {
    namespace: string;
    /** Cluster DNS domain (k8s.clusterName). */
    clusterName: string;
    proxyName: string;
    /** xDS over mutual TLS with certificates from the pod's SDS sidecar. */
    mtls: boolean;
    /** The chart's `xdsServiceAddress`: what both xDS clusters dial (and, with mTLS, the SNI and the name checked). Defaults to gloo's FQDN. */
    xdsAddress?: string;
    /** Where gloo writes Proxies (Settings `discoveryNamespace`): the first half of the proxy's xDS role. Defaults to `namespace`. */
    writeNamespace?: string;
    /** The stats listener (`global.glooStats`): none when disabled. Defaults to the chart's (enabled, `/metrics` only). */
    stats?: ProxyStatsOptions;
    /** The chart's `xdsServicePort`: the port both xDS clusters dial. Defaults to 9977 (gRPC) and 9976 (REST). */
    xdsPort?: number;
    /** Bind the stats listener to 0.0.0.0 instead of `::` (settings.ipV4Only). Defaults to `false`. */
    ipV4Only?: boolean;
}

/** The xDS cluster's name: the chart's, which Gloo's tooling and stats expect. */
export function xdsClusterName(namespace: string, clusterName: string): string {
    return `${serviceFqdn(NAMES.gloo, namespace, clusterName)}:${PORTS.xds}`;
}

/** `global.glooStats` as the proxy's bootstrap uses it. */
export interface ProxyStatsOptions {
    enabled: boolean;
    /** Where `/metrics` goes on Envoy's admin. */
    routePrefixRewrite: string;
    /** A `/stats` route too, to `statsPrefixRewrite`. */
    enableStatsRoute: boolean;
    statsPrefixRewrite: string;
}

const DEFAULT_STATS: ProxyStatsOptions = { enabled: true, routePrefixRewrite: "/stats/prometheus", enableStatsRoute: false, statsPrefixRewrite: "/stats" };

function prometheusListener(s: ProxyStatsOptions, ipV4Only: boolean): Listener {
    const get = [{ name: ":method", string_match: { exact: "GET" } }];
    return {
        name: "prometheus_listener",
        // kubelet's readiness probe and Prometheus dial the pod's IP, of either family.
        address: anyAddress(PORTS.proxyStats, ipV4Only),
        filter_chains: [
            {
                filters: [
                    {
                        name: "envoy.filters.network.http_connection_manager",
                        typed_config: {
                            "@type": TYPE.httpConnectionManager,
                            codec_type: "AUTO",
                            stat_prefix: "prometheus",
                            route_config: {
                                name: "prometheus_route",
                                virtual_hosts: [
                                    {
                                        name: "prometheus_host",
                                        domains: ["*"],
                                        routes: [
                                            { match: { path: "/ready", headers: get }, route: { cluster: "admin_port_cluster" } },
                                            { match: { prefix: "/metrics", headers: get }, route: { cluster: "admin_port_cluster", prefix_rewrite: s.routePrefixRewrite } },
                                            ...(s.enableStatsRoute ? [{ match: { prefix: "/stats", headers: get }, route: { cluster: "admin_port_cluster", prefix_rewrite: s.statsPrefixRewrite } }] : []),
                                        ],
                                    },
                                ],
                            },
                            http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": TYPE.router } }],
                        },
                    },
                ],
            },
        ],
    };
}

export function gatewayProxyBootstrap(o: GatewayProxyBootstrapOptions): Bootstrap {
    const glooHost = serviceFqdn(NAMES.gloo, o.namespace, o.clusterName);
    const stats = o.stats ?? DEFAULT_STATS;
    const xdsHost = o.xdsAddress ?? glooHost;
    // The cluster's name stays the chart's, whatever it dials.
    const xdsCluster = xdsClusterName(o.namespace, o.clusterName);
    // gloo's certificate carries an overridden address as a SAN of its own (GlooInstall adds it).
    const tls = o.mtls ? upstreamMtls(NAMES.proxySdsCluster, xdsHost, o.xdsAddress ? [o.xdsAddress] : glooPeerNames(o.namespace, o.clusterName)) : undefined;
    const glooCluster = (name: string, port: number, o2: { http2?: boolean; altStatName?: string; tls?: Cluster["transport_socket"]; host?: string }): Cluster => ({
        ...singleHostCluster(name, o2.host ?? glooHost, port, { type: "STRICT_DNS", http2: o2.http2, transportSocket: o2.tls }),
        respect_dns_ttl: true,
        upstream_connection_options: { tcp_keepalive: { keepalive_time: 60 } },
        ...(o2.altStatName ? { alt_stat_name: o2.altStatName } : {}),
    });
    const clusters: Cluster[] = [
        glooCluster(xdsCluster, o.xdsPort ?? PORTS.xds, { http2: true, altStatName: "xds_cluster", tls, host: xdsHost }),
        // As in the chart, xdsServicePort replaces the REST port too.
        glooCluster("rest_xds_cluster", o.xdsPort ?? PORTS.restXds, { altStatName: "rest_xds_cluster", tls, host: xdsHost }),
        glooCluster("wasm-cache", PORTS.wasmCache, {}),
        singleHostCluster("admin_port_cluster", "127.0.0.1", PORTS.proxyAdmin, { type: "STATIC" }),
        ...(o.mtls ? [sdsCluster(NAMES.proxySdsCluster)] : []),
    ];
    return {
        layered_runtime: {
            layers: [
                {
                    name: "static_layer",
                    static_layer: { overload: { global_downstream_max_connections: 250000 }, upstream: { healthy_panic_threshold: { value: 50 } } },
                },
                { name: "admin_layer", admin_layer: {} },
            ],
        },
        // envoyinit fills the pod's name and namespace in; the role is gloo's xDS cache key.
        node: { cluster: "gateway", id: "{{.PodName}}.{{.PodNamespace}}", metadata: { role: `${o.writeNamespace ?? o.namespace}~${o.proxyName}` } },
        static_resources: { ...(stats.enabled ? { listeners: [prometheusListener(stats, o.ipV4Only ?? false)] } : {}), clusters },
        dynamic_resources: {
            ads_config: {
                api_type: "GRPC",
                transport_api_version: "V3",
                rate_limit_settings: {},
                grpc_services: [{ envoy_grpc: { cluster_name: xdsCluster } }],
            },
            cds_config: { resource_api_version: "V3", ads: {} },
            lds_config: { resource_api_version: "V3", ads: {} },
        },
        admin: { address: socketAddress("127.0.0.1", PORTS.proxyAdmin) },
    };
}
