// One valid custom resource of each Gloo kind the program does not create itself, shaped like the examples in
// Gloo's documentation. The validator tests hold them against the shipped schemas; the pruning tests misspell them.
type Obj = Record<string, any>;

const NS = "gloo-system";
const upstreamRef = { name: "default-petstore-8080", namespace: NS };

export function virtualService(): Obj {
    return {
        apiVersion: "gateway.solo.io/v1",
        kind: "VirtualService",
        metadata: { name: "petstore", namespace: NS },
        spec: {
            virtualHost: {
                domains: ["*"],
                routes: [
                    {
                        matchers: [{ prefix: "/petstore" }],
                        routeAction: { single: { upstream: upstreamRef } },
                        options: { prefixRewrite: "/api/pets", timeout: "10s", retries: { retryOn: "5xx", numRetries: 3, perTryTimeout: "5s" } },
                    },
                    { matchers: [{ prefix: "/api" }], delegateAction: { ref: { name: "api-routes", namespace: NS } } },
                ],
                optionsConfigRefs: { delegateOptions: [{ name: "cors", namespace: NS }] },
            },
        },
    };
}

export function routeOption(): Obj {
    return {
        apiVersion: "gateway.solo.io/v1",
        kind: "RouteOption",
        metadata: { name: "retries", namespace: NS },
        spec: {
            options: {
                retries: { retryOn: "connect-failure", numRetries: 2 },
                headerManipulation: { requestHeadersToAdd: [{ header: { key: "x-team", value: "pets" }, append: false }] },
            },
        },
    };
}

export function upstream(): Obj {
    return {
        apiVersion: "gloo.solo.io/v1",
        kind: "Upstream",
        metadata: { name: "default-petstore-8080", namespace: NS, labels: { team: "pets" } },
        spec: {
            kube: { serviceName: "petstore", serviceNamespace: "default", servicePort: 8080, selector: { app: "petstore" } },
            connectionConfig: { maxRequestsPerConnection: 100, connectTimeout: "2s" },
            healthChecks: [{ timeout: "1s", interval: "5s", healthyThreshold: 1, unhealthyThreshold: 3, httpHealthCheck: { path: "/healthz" } }],
        },
    };
}

/** Every kind except those the program creates (Settings, Gateway, Upstream). */
export function otherGlooResources(): Obj[] {
    return [
        virtualService(),
        routeOption(),
        {
            apiVersion: "gateway.solo.io/v1",
            kind: "RouteTable",
            metadata: { name: "api-routes", namespace: NS },
            spec: { routes: [{ matchers: [{ prefix: "/api/pets" }], routeAction: { single: { upstream: upstreamRef } } }] },
        },
        {
            apiVersion: "gateway.solo.io/v1",
            kind: "VirtualHostOption",
            metadata: { name: "cors", namespace: NS },
            spec: { options: { cors: { allowOrigin: ["https://pets.example"], allowMethods: ["GET", "POST"], maxAge: "1d" } } },
        },
        {
            apiVersion: "gateway.solo.io/v1",
            kind: "ListenerOption",
            metadata: { name: "buffer", namespace: NS },
            spec: { options: { perConnectionBufferLimitBytes: 32768 }, targetRefs: [{ group: "gateway.solo.io", kind: "Gateway", name: "gateway-proxy" }] },
        },
        {
            apiVersion: "gateway.solo.io/v1",
            kind: "HttpListenerOption",
            metadata: { name: "server-name", namespace: NS },
            spec: { options: { httpConnectionManagerSettings: { serverName: "pets", useRemoteAddress: true } } },
        },
        {
            apiVersion: "gateway.solo.io/v1",
            kind: "MatchableHttpGateway",
            metadata: { name: "internal", namespace: NS },
            spec: { matcher: { sourcePrefixRanges: [{ addressPrefix: "10.0.0.0", prefixLen: 8 }] }, httpGateway: { virtualServices: [{ name: "petstore", namespace: NS }] } },
        },
        {
            apiVersion: "gateway.solo.io/v1",
            kind: "MatchableTcpGateway",
            metadata: { name: "tcp", namespace: NS },
            spec: { tcpGateway: { tcpHosts: [{ name: "db", destination: { single: { upstream: upstreamRef } } }] } },
        },
        {
            apiVersion: "gloo.solo.io/v1",
            kind: "Proxy",
            metadata: { name: "gateway-proxy", namespace: NS },
            spec: { listeners: [{ name: "http", bindAddress: "::", bindPort: 8080, httpListener: { virtualHosts: [{ name: "petstore", domains: ["*"] }] } }] },
        },
        {
            apiVersion: "gloo.solo.io/v1",
            kind: "UpstreamGroup",
            metadata: { name: "canary", namespace: NS },
            spec: { destinations: [{ destination: { upstream: upstreamRef }, weight: 9 }, { destination: { upstream: { name: "petstore-v2", namespace: NS } }, weight: 1 }] },
        },
        {
            apiVersion: "enterprise.gloo.solo.io/v1",
            kind: "AuthConfig",
            metadata: { name: "basic", namespace: NS },
            spec: { configs: [{ basicAuth: { realm: "pets", apr: { users: { alice: { salt: "TYiryv0/", hashedPassword: "8BvzLUO9IfGPGGsPnAgSu1" } } } } }] },
        },
        {
            apiVersion: "ratelimit.solo.io/v1alpha1",
            kind: "RateLimitConfig",
            metadata: { name: "per-ip", namespace: NS },
            spec: { raw: { descriptors: [{ key: "remote_address", rateLimit: { requestsPerUnit: 10, unit: "MINUTE" } }] } },
        },
    ];
}
