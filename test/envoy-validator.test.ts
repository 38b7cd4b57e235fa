/**
 * Proves the offline Envoy v3 validator both passes a good bootstrap and fails bad ones, so tests
 * that use it on generated bootstraps actually check something.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { validateBootstrap, validateEnvoy } from "./validate/envoy";
import { envoyProtoFiles, packageDir } from "./validate/envoy/protos";

const TLS = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3";
const sds = (name: string) => ({
    name,
    sds_config: {
        resource_api_version: "V3",
        api_config_source: {
            api_type: "GRPC",
            transport_api_version: "V3",
            grpc_services: [{ envoy_grpc: { cluster_name: "sds_server" } }],
        },
    },
});
const commonTlsContext = () => ({
    tls_params: { tls_minimum_protocol_version: "TLSv1_2" },
    tls_certificate_sds_secret_configs: [sds("server_cert")],
    validation_context_sds_secret_config: sds("validation_context"),
});
const socketAddress = (address: string, port_value: number) => ({ socket_address: { address, port_value } });

/** A small but realistic mTLS bootstrap; each negative case breaks one thing in a copy of it. */
function bootstrap() {
    return {
        node: { id: "gateway-proxy", cluster: "gateway" },
        admin: { address: socketAddress("127.0.0.1", 8001) },
        static_resources: {
            clusters: [
                {
                    name: "gloo",
                    type: "STRICT_DNS",
                    connect_timeout: "0.25s",
                    load_assignment: {
                        cluster_name: "gloo",
                        endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress("gloo.gloo-system.svc", 9977) } }] }],
                    },
                    transport_socket: {
                        name: "envoy.transport_sockets.tls",
                        typed_config: {
                            "@type": `${TLS}.UpstreamTlsContext`,
                            sni: "gloo.gloo-system.svc",
                            common_tls_context: commonTlsContext(),
                        },
                    },
                },
                {
                    name: "sds_server",
                    type: "STATIC",
                    connect_timeout: "5s",
                    // map<string, Any>: SDS is gRPC, so HTTP/2
                    typed_extension_protocol_options: {
                        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
                            "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
                            explicit_http_config: { http2_protocol_options: {} },
                        },
                    },
                    load_assignment: {
                        cluster_name: "sds_server",
                        endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress("127.0.0.1", 8234) } }] }],
                    },
                },
            ],
            listeners: [
                {
                    name: "gateway",
                    address: socketAddress("0.0.0.0", 8443),
                    filter_chains: [
                        {
                            filters: [
                                {
                                    name: "envoy.filters.network.tcp_proxy",
                                    typed_config: {
                                        "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
                                        stat_prefix: "gateway",
                                        cluster: "gloo",
                                    },
                                },
                            ],
                            transport_socket: {
                                name: "envoy.transport_sockets.tls",
                                typed_config: {
                                    "@type": `${TLS}.DownstreamTlsContext`,
                                    require_client_certificate: true,
                                    common_tls_context: commonTlsContext(),
                                },
                            },
                        },
                    ],
                },
            ],
        },
    };
}
type Bootstrap = ReturnType<typeof bootstrap>;
const upstreamTls = (b: Bootstrap) => b.static_resources.clusters[0].transport_socket!.typed_config;
const UPSTREAM_TLS = "static_resources.clusters[0].transport_socket.typed_config";

test("the schema: every Envoy v3, xds and udpa file is in its package's directory, where lookups load it from; only files whose imports are not shipped are left out", () => {
    const { files, skipped } = envoyProtoFiles();
    assert.ok(files.length > 300, `${files.length} files`);
    const misplaced = files.filter((f) => f.pkg === undefined || path.posix.dirname(f.file) !== packageDir(f.pkg));
    assert.deepEqual(misplaced, []);
    for (const s of skipped) assert.ok(s.missing.every((m) => /^(opencensus|opentelemetry|io\/prometheus)\//.test(m)), `${s.file} skipped for ${s.missing}`);
    assert.ok(skipped.length > 0, "the unshipped imports are found");
});

test("a valid v3 mTLS bootstrap passes", () => {
    assert.deepEqual(validateBootstrap(bootstrap()), []);
});

test("accepts proto3 JSON alternatives Envoy accepts", () => {
    const b = bootstrap() as Record<string, any>;
    b.static_resources.clusters[0].connectTimeout = b.static_resources.clusters[0].connect_timeout; // lowerCamelCase json_name
    delete b.static_resources.clusters[0].connect_timeout;
    b.static_resources.clusters[0].per_connection_buffer_limit_bytes = 32768; // UInt32Value as a bare number
    b.static_resources.clusters[0].metadata = { filter_metadata: { gloo: { any: ["json", 1, null] } } }; // Struct
    b.stats_flush_interval = "5s";
    b.layered_runtime = { layers: [{ name: "static", static_layer: { "re2.max_program_size.error_level": 200 } }] };
    assert.deepEqual(validateBootstrap(b), []);
    assert.deepEqual(validateEnvoy("envoy.config.core.v3.HealthStatusSet", { statuses: [1, "HEALTHY"] }), []);
});

/** Each case breaks the valid bootstrap one way; the error must name the path and say why. */
const negativeCases: { name: string; breakIt: (b: Bootstrap & Record<string, any>) => void; path: string; says: RegExp }[] = [
    {
        name: "unknown field (typo)",
        breakIt: (b) => Object.assign(b.static_resources.clusters[0], { conect_timeout: "1s" }),
        path: "static_resources.clusters[0].conect_timeout",
        says: /unknown field.*did you mean "connect_timeout"/,
    },
    {
        name: "removed v2 @type URL",
        breakIt: (b) => (upstreamTls(b)["@type"] = "type.googleapis.com/envoy.api.v2.auth.UpstreamTlsContext"),
        path: `${UPSTREAM_TLS}["@type"]`,
        says: /unknown type/,
    },
    {
        name: "bad enum name",
        breakIt: (b) => ((upstreamTls(b).common_tls_context.tls_certificate_sds_secret_configs[0].sds_config.api_config_source.api_type as string) = "GRPCC"),
        path: `${UPSTREAM_TLS}.common_tls_context.tls_certificate_sds_secret_configs[0].sds_config.api_config_source.api_type`,
        says: /unknown value "GRPCC"/,
    },
    {
        name: "Duration as a number",
        breakIt: (b) => ((b.static_resources.clusters[0] as any).connect_timeout = 5),
        path: "static_resources.clusters[0].connect_timeout",
        says: /duration string/,
    },
    {
        name: "port above 65535",
        breakIt: (b) => (b.admin.address.socket_address.port_value = 70000),
        path: "admin.address.socket_address.port_value",
        says: /70000 must be <= 65535/,
    },
    {
        name: "two members of one oneof",
        breakIt: (b) => Object.assign(b.admin.address, { pipe: { path: "/tmp/admin.sock" } }),
        path: "admin.address.pipe",
        says: /oneof "address".*already set by "socket_address"/,
    },
    {
        name: "string where a message is expected",
        breakIt: (b) => ((b.admin as any).address = "127.0.0.1:8001"),
        path: "admin.address",
        says: /expected an object \(envoy\.config\.core\.v3\.Address\)/,
    },
    {
        name: "missing required field (cluster without name)",
        breakIt: (b) => delete (b.static_resources.clusters[0] as any).name,
        path: "static_resources.clusters[0].name",
        says: /required/,
    },
    {
        name: "bad TLS version enum",
        breakIt: (b) => (upstreamTls(b).common_tls_context.tls_params.tls_minimum_protocol_version = "TLSv1_9"),
        path: `${UPSTREAM_TLS}.common_tls_context.tls_params.tls_minimum_protocol_version`,
        says: /unknown value "TLSv1_9"/,
    },
    {
        name: "deprecated field",
        breakIt: (b) => Object.assign(b.static_resources.clusters[0], { max_requests_per_connection: 1 }),
        path: "static_resources.clusters[0].max_requests_per_connection",
        says: /deprecated/,
    },
    {
        name: "required oneof left unset",
        breakIt: (b) => delete (upstreamTls(b).common_tls_context.validation_context_sds_secret_config.sds_config as any).api_config_source,
        path: `${UPSTREAM_TLS}.common_tls_context.validation_context_sds_secret_config.sds_config`,
        says: /one of .*api_config_source.* is required/,
    },
    {
        name: "repeated field not a list",
        breakIt: (b) => ((b.static_resources as any).listeners = b.static_resources.listeners[0]),
        path: "static_resources.listeners",
        says: /expected a list/,
    },
    {
        name: "required oneof unset inside an Any (TcpProxy without cluster)",
        breakIt: (b) => delete (b.static_resources.listeners[0].filter_chains[0].filters[0].typed_config as any).cluster,
        path: "static_resources.listeners[0].filter_chains[0].filters[0].typed_config",
        says: /one of cluster, weighted_clusters is required/,
    },
    {
        name: "bool given as a string",
        breakIt: (b) => ((b.static_resources.listeners[0].filter_chains[0].transport_socket.typed_config as any).require_client_certificate = "true"),
        path: "static_resources.listeners[0].filter_chains[0].transport_socket.typed_config.require_client_certificate",
        says: /expected true or false/,
    },
];

for (const c of negativeCases) {
    test(`rejects: ${c.name}`, () => {
        const b = bootstrap();
        c.breakIt(b);
        const errors = validateBootstrap(b);
        assert.ok(
            errors.some((e) => e.startsWith(`${c.path}: `) && c.says.test(e)),
            `expected an error at ${c.path} matching ${c.says}, got:\n${errors.join("\n")}`,
        );
    });
}

test("rejects min_items, header-value and map-shape violations outside a bootstrap", () => {
    const errors = validateEnvoy("envoy.config.route.v3.RouteConfiguration", {
        virtual_hosts: [{ name: "vh", domains: [] }, { name: "vh2", domains: ["ok", "bad\nvalue"] }],
        typed_per_filter_config: ["not", "a", "map"],
    });
    assert.deepEqual(errors.sort(), [
        "typed_per_filter_config: expected an object (map<string, google.protobuf.Any>), got a list",
        "virtual_hosts[0].domains: needs at least 1 item(s), got 0 (validate.rules repeated)",
        "virtual_hosts[1].domains[1]: is not a valid HTTP_HEADER_VALUE (validate.rules string)",
    ]);
});
