// The subset of Envoy's v3 API (proto3 JSON, snake_case as Envoy reads its bootstrap) that our
// bootstraps use. Typed so a misspelt field fails to compile; tests also check the result against
// Envoy's own protos.

export const TYPE = {
    bootstrap: "envoy.config.bootstrap.v3.Bootstrap",
    tcpProxy: "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
    httpConnectionManager: "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    router: "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
    upstreamTls: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
    downstreamTls: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
    http2Options: "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
} as const;

/** A proto3 JSON Duration: seconds with an optional fraction and the suffix "s". */
export type Duration = `${number}s`;

export interface SocketAddress {
    address: string;
    port_value: number;
    ipv4_compat?: boolean;
}
export interface Address {
    socket_address: SocketAddress;
}

export interface ApiConfigSource {
    api_type: "GRPC" | "DELTA_GRPC" | "REST";
    transport_api_version: "V3";
    grpc_services: Array<{ envoy_grpc: { cluster_name: string } }>;
    rate_limit_settings?: Record<string, never>;
}
export interface ConfigSource {
    resource_api_version: "V3";
    api_config_source?: ApiConfigSource;
    ads?: Record<string, never>;
}
export interface SdsSecretConfig {
    name: string;
    sds_config: ConfigSource;
}

export interface StringMatcher {
    exact: string;
}
export interface SubjectAltNameMatcher {
    san_type: "DNS" | "URI" | "EMAIL" | "IP_ADDRESS";
    matcher: StringMatcher;
}
export interface CertificateValidationContext {
    match_typed_subject_alt_names?: SubjectAltNameMatcher[];
}

export type TlsVersion = "TLS_AUTO" | "TLSv1_0" | "TLSv1_1" | "TLSv1_2" | "TLSv1_3";
export interface CommonTlsContext {
    tls_params?: { tls_minimum_protocol_version?: TlsVersion; tls_maximum_protocol_version?: TlsVersion };
    tls_certificate_sds_secret_configs: SdsSecretConfig[];
    /** The SDS trust bundle, optionally combined with extra static checks (SAN matchers). */
    validation_context_sds_secret_config?: SdsSecretConfig;
    combined_validation_context?: {
        default_validation_context: CertificateValidationContext;
        validation_context_sds_secret_config: SdsSecretConfig;
    };
    alpn_protocols?: string[];
}
export interface UpstreamTlsContext {
    "@type": typeof TYPE.upstreamTls;
    common_tls_context: CommonTlsContext;
    sni?: string;
}
export interface DownstreamTlsContext {
    "@type": typeof TYPE.downstreamTls;
    common_tls_context: CommonTlsContext;
    require_client_certificate?: boolean;
}
export interface TransportSocket {
    name: "envoy.transport_sockets.tls";
    typed_config: UpstreamTlsContext | DownstreamTlsContext;
}

export interface TcpProxy {
    "@type": typeof TYPE.tcpProxy;
    stat_prefix: string;
    cluster: string;
}
export interface HttpConnectionManager {
    "@type": typeof TYPE.httpConnectionManager;
    codec_type?: "AUTO" | "HTTP1" | "HTTP2";
    stat_prefix: string;
    route_config: {
        name: string;
        virtual_hosts: Array<{
            name: string;
            domains: string[];
            routes: Array<{
                match: { prefix?: string; path?: string; headers?: Array<{ name: string; string_match: StringMatcher }> };
                route: { cluster: string; prefix_rewrite?: string; timeout?: Duration };
            }>;
        }>;
    };
    http_filters: Array<{ name: string; typed_config: { "@type": typeof TYPE.router } }>;
}
export interface Filter {
    name: "envoy.filters.network.tcp_proxy" | "envoy.filters.network.http_connection_manager";
    typed_config: TcpProxy | HttpConnectionManager;
}
export interface Listener {
    name: string;
    address: Address;
    filter_chains: Array<{ filters: Filter[]; transport_socket?: TransportSocket }>;
}

export interface Http2ProtocolOptions {
    "@type": typeof TYPE.http2Options;
    explicit_http_config: { http2_protocol_options: Record<string, never> };
}
export interface Cluster {
    name: string;
    alt_stat_name?: string;
    connect_timeout: Duration;
    type?: "STATIC" | "STRICT_DNS" | "LOGICAL_DNS";
    respect_dns_ttl?: boolean;
    upstream_connection_options?: { tcp_keepalive: { keepalive_time: number } };
    typed_extension_protocol_options?: { "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": Http2ProtocolOptions };
    load_assignment: {
        cluster_name: string;
        endpoints: Array<{ lb_endpoints: Array<{ endpoint: { address: Address } }> }>;
    };
    transport_socket?: TransportSocket;
}

export interface Bootstrap {
    node: { id: string; cluster: string; metadata?: Record<string, string> };
    static_resources: { listeners?: Listener[]; clusters: Cluster[] };
    dynamic_resources?: {
        ads_config: ApiConfigSource;
        cds_config: ConfigSource;
        lds_config: ConfigSource;
    };
    layered_runtime?: {
        layers: Array<
            | { name: string; static_layer: Record<string, unknown> }
            | { name: string; admin_layer: Record<string, never> }
        >;
    };
    admin: { address: Address };
}
