// Names and ports that Gloo, glooctl and the chart's users depend on (gloo-mtls-facts §1, §4, §7.1).
// They must match the official chart 1.22.x exactly.

export const PORTS = {
    /** gloo's gRPC xDS service port (the envoy-sidecar's TLS listener in mTLS mode). */
    xds: 9977,
    restXds: 9976,
    validation: 9988,
    proxyDebug: 9966,
    wasmCache: 9979,
    /** gloo's xDS bind port on localhost in mTLS mode; glooctl port-forwards here (GlooMtlsModeXdsPort). */
    mtlsLocalXds: 9999,
    mtlsLocalRestXds: 9998,
    /** The SDS sidecar's gRPC port: it serves the private key, so it must never be reachable from other pods. */
    sds: 8234,
    /** Admin interface of the gloo pod's envoy-sidecar (the guide's port-forward target). */
    sidecarAdmin: 8001,
    /** Webhook server inside gloo; Service port 443 targets it. */
    validationWebhook: 8443,
    proxyHttp: 8080,
    proxyHttps: 8443,
    proxyAdmin: 19000,
    proxyStats: 8081,
} as const;

export const NAMES = {
    gloo: "gloo",
    gatewayProxy: "gateway-proxy",
    gatewayProxySsl: "gateway-proxy-ssl",
    gatewayProxyConfigMap: "gateway-proxy-envoy-config",
    settings: "default",
    mtlsSecret: "gloo-mtls-certs",
    /** glooctl detects mTLS mode by this ConfigMap's presence. */
    sidecarConfigMap: "envoy-sidecar-config",
    sidecarConfigKey: "envoy-sidecar.yaml",
    validationSecret: "gateway-validation-certs",
    envoySidecarContainer: "envoy-sidecar",
    sdsContainer: "sds",
    /** SDS resource names the sds server publishes. */
    sdsServerCert: "server_cert",
    sdsValidationContext: "validation_context",
    glooSdsCluster: "gloo_sds",
    proxySdsCluster: "gateway_proxy_sds",
} as const;

export const SSL_DIR = "/etc/envoy/ssl";
/** The uid the Gloo images run as. */
export const GLOO_UID = 10101;

/** Cluster-local DNS name of a Service. */
export function serviceFqdn(service: string, namespace: string, clusterName: string): string {
    return `${service}.${namespace}.svc.${clusterName}`;
}

/** The DNS SANs certgen puts on the gloo leaf, and that we put on ours (facts §1.5). */
export function glooServiceSans(namespace: string, clusterName: string): string[] {
    return [NAMES.gloo, `${NAMES.gloo}.${namespace}`, `${NAMES.gloo}.${namespace}.svc`, serviceFqdn(NAMES.gloo, namespace, clusterName)];
}
