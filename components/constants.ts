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
    /** gloo's stats server (START_STATS_SERVER; prometheus.io/port). */
    glooStats: 9091,
} as const;

/** Gloo Enterprise's extauth and rate-limit servers (gloo-ee chart values; facts §1.14). */
export const EE_PORTS = {
    /** extauth's gRPC port: its Service/Upstream port, served by the envoy-sidecar in mTLS mode. */
    extauth: 8083,
    /** extauth's own server port in mTLS mode, on loopback behind the sidecar (chart: SERVER_PORT=8084). */
    extauthLocal: 8084,
    /** The EE sidecars' loopback xDS forwarder: the server's GLOO_ADDRESS in mTLS mode. */
    glooForwarder: 9955,
    rateLimit: 18081,
    /** rate-limit's HTTP readiness/liveness server (READY_PORT_HTTP). */
    rateLimitReady: 18080,
    redis: 6379,
    /** The stats server START_STATS_SERVER opens (prometheus.io/port). */
    stats: 9091,
} as const;

export const EE_NAMES = {
    extauth: "extauth",
    /** The gRPC health-check service name extauth registers (chart `extAuth.serviceName`). */
    extauthServiceName: "ext-auth",
    extauthSidecarConfig: "extauth-sidecar-config",
    extauthSigningKey: "extauth-signing-key",
    rateLimit: "rate-limit",
    rateLimitSidecarConfig: "rate-limit-sidecar-config",
    redis: "redis",
    /** The license Secret and key the enterprise chart creates and gloo reads as GLOO_LICENSE_KEY. */
    licenseSecret: "license",
    licenseSecretKey: "license-key",
    /** The EE sidecars' SDS cluster (chart: gloo_client_sds, in both sidecar configs). */
    clientSdsCluster: "gloo_client_sds",
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

/**
 * The names a client accepts on gloo's certificate when it dials gloo's Service: the FQDN with this
 * install's cluster domain, or `gloo.<ns>.svc`. certgen writes the FQDN with the cluster domain it reads in
 * its pod, which may differ from `k8s.clusterName`; `gloo.<ns>.svc` is on every issuer's certificate, and
 * neither name matches another Service.
 */
export function glooPeerNames(namespace: string, clusterName: string): string[] {
    return [serviceFqdn(NAMES.gloo, namespace, clusterName), `${NAMES.gloo}.${namespace}.svc`];
}

/** The DNS SANs certgen puts on the gloo leaf, and that we put on ours (facts §1.5). */
export function glooServiceSans(namespace: string, clusterName: string): string[] {
    return [NAMES.gloo, `${NAMES.gloo}.${namespace}`, `${NAMES.gloo}.${namespace}.svc`, serviceFqdn(NAMES.gloo, namespace, clusterName)];
}
