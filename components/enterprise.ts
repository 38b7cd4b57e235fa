// Gloo Enterprise's extauth and rate-limit servers (gloo-ee chart 21-extauth-deployment, 2-rate-limit-deployment,
// 1-redis-deployment, 23/4 upstreams, 30-license-secret; facts §1.14). Pure builders that tests call directly,
// registered by the thin components ExtAuth and RateLimit (./enterprise-servers). In mTLS mode each server pod gets the same
// envoy-sidecar + sds augmentation as the gloo pod (withMtlsSidecars), with its own bootstrap ConfigMap.
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedArgs } from "./args";
import { EE_NAMES, EE_PORTS, NAMES, PORTS, serviceFqdn } from "./constants";
import { extauthSidecarBootstrap, rateLimitSidecarBootstrap } from "./envoy/forwarder";
import { Bootstrap } from "./envoy/types";
import { EnvVar, PodSpec, field, fieldEnv, imageName, podSecurityContext, pullSecrets, restrictedSecurityContext, sdsAddress, sidecarResources, tcpProbe, withMtlsSidecars } from "./pod";

/** The uid/gid the official redis image runs as (chart: redis.deployment.runAsUser 999). */
export const REDIS_UID = 999;
export const STATS_ANNOTATIONS = { "prometheus.io/path": "/metrics", "prometheus.io/port": String(EE_PORTS.stats), "prometheus.io/scrape": "true" };

/** gloo's plaintext xDS address, as a server dials it without mTLS. */
export function glooXdsAddress(r: ResolvedArgs): string {
    return `${serviceFqdn(NAMES.gloo, r.namespace, r.clusterName)}:${PORTS.xds}`;
}

/** In mTLS mode the server dials its own sidecar's loopback forwarder instead. */
function glooAddressEnv(r: ResolvedArgs): EnvVar {
    return { name: "GLOO_ADDRESS", value: r.mtls.enabled ? `127.0.0.1:${EE_PORTS.glooForwarder}` : glooXdsAddress(r) };
}

/** The license as gloo-ee reads it: GLOO_LICENSE_KEY from Secret `license`, key `license-key`. */
export function licenseEnv(): EnvVar {
    return { name: "GLOO_LICENSE_KEY", valueFrom: { secretKeyRef: { name: EE_NAMES.licenseSecret, key: EE_NAMES.licenseSecretKey } } };
}

/** Secret `license` (chart 30-license-secret). The key stays a Pulumi secret all the way to the provider. */
export function licenseSecretArgs(namespace: string, licenseKey: pulumi.Input<string>): corev1.SecretArgs {
    return {
        metadata: { name: EE_NAMES.licenseSecret, namespace, labels: { app: "gloo", gloo: "license" } },
        type: "Opaque",
        stringData: { [EE_NAMES.licenseSecretKey]: pulumi.secret(licenseKey) },
    };
}

/** Settings `default` fields that point gloo at the enabled servers (Settings.spec.extauth / ratelimitServer). */
export function enterpriseSettings(r: ResolvedArgs): Record<string, unknown> {
    return {
        ...(r.extensions.extAuth
            ? { extauth: { extauthzServerRef: { name: EE_NAMES.extauth, namespace: r.namespace }, userIdHeader: "x-user-id", transportApiVersion: "V3" } }
            : {}),
        ...(r.extensions.rateLimit ? { ratelimitServer: { ratelimitServerRef: { name: EE_NAMES.rateLimit, namespace: r.namespace }, rateLimitBeforeAuth: false } } : {}),
    };
}

/** The extauth Upstream gateway-proxy uses; in mTLS mode it presents and checks the shared mTLS certificates. */
export function extauthUpstreamSpec(r: ResolvedArgs): Record<string, unknown> {
    return {
        useHttp2: true,
        healthChecks: [
            {
                timeout: "5s",
                interval: "10s",
                noTrafficInterval: "10s",
                unhealthyThreshold: 3,
                healthyThreshold: 3,
                grpcHealthCheck: { serviceName: EE_NAMES.extauthServiceName },
            },
        ],
        kube: { serviceName: EE_NAMES.extauth, serviceNamespace: r.namespace, servicePort: EE_PORTS.extauth, serviceSpec: { grpc: {} } },
        ...(r.mtls.enabled ? { sslConfig: { secretRef: { name: NAMES.mtlsSecret, namespace: r.namespace } } } : {}),
    };
}

/** The rate-limit Upstream: plaintext gRPC, as in the chart (its sidecar only carries xDS). */
export function rateLimitUpstreamSpec(r: ResolvedArgs): Record<string, unknown> {
    return {
        useHttp2: true,
        healthChecks: [{ timeout: "5s", interval: "1m", unhealthyThreshold: 5, healthyThreshold: 5, grpcHealthCheck: { serviceName: "ratelimit" } }],
        kube: { serviceName: EE_NAMES.rateLimit, serviceNamespace: r.namespace, servicePort: EE_PORTS.rateLimit, serviceSpec: { grpc: {} } },
    };
}

export function extauthSidecarConfig(r: ResolvedArgs): Bootstrap {
    return extauthSidecarBootstrap({ namespace: r.namespace, clusterName: r.clusterName, ipV4Only: r.ipV4Only });
}

export function rateLimitSidecarConfig(r: ResolvedArgs): Bootstrap {
    return rateLimitSidecarBootstrap({ namespace: r.namespace, clusterName: r.clusterName, ipV4Only: r.ipV4Only });
}

function mtlsOptions(r: ResolvedArgs) {
    return { envoyImage: r.images.envoy, sdsImage: r.images.sds, sdsLogLevel: r.mtls.sdsLogLevel, ...sdsAddress(r), mainSdsEnabledEnv: false, position: "last" as const, ...sidecarResources(r) };
}

/** The extauth pod: plaintext server on 8083; in mTLS mode the sidecar owns 8083 and extauth moves to loopback 8084. */
export function extauthPodSpec(r: ResolvedArgs): PodSpec {
    const base: PodSpec = {
        serviceAccountName: EE_NAMES.extauth,
        // It gets its configuration over xDS and never calls the Kubernetes API.
        automountServiceAccountToken: false,
        securityContext: podSecurityContext(),
        ...pullSecrets(r.pullSecret),
        containers: [
            {
                name: EE_NAMES.extauth,
                image: imageName(r.images.extauth),
                imagePullPolicy: r.images.extauth.pullPolicy,
                env: [
                    fieldEnv("POD_NAMESPACE", "metadata.namespace"),
                    { name: "SERVICE_NAME", value: EE_NAMES.extauthServiceName },
                    glooAddressEnv(r),
                    { name: "SIGNING_KEY", valueFrom: { secretKeyRef: { name: EE_NAMES.extauthSigningKey, key: "signing-key" } } },
                    { name: "SERVER_PORT", value: String(EE_PORTS.extauth) },
                    { name: "USER_ID_HEADER", value: "x-user-id" },
                    { name: "START_STATS_SERVER", value: "true" },
                ],
                ports: [{ name: "grpc", containerPort: EE_PORTS.extauth, protocol: "TCP" }],
                // Probes the server itself on whatever SERVER_PORT is (loopback 8084 in mTLS mode, which kubelet cannot reach).
                readinessProbe: {
                    exec: { command: ["/bin/sh", "-c", "nc -z 127.0.0.1 \"$SERVER_PORT\""] },
                    initialDelaySeconds: 1,
                    periodSeconds: 10,
                    failureThreshold: 3,
                },
                ...field("resources", r.serverResources.extAuth),
                securityContext: restrictedSecurityContext(),
            },
        ],
    };
    if (!r.mtls.enabled) return base;
    return withMtlsSidecars(base, {
        ...mtlsOptions(r),
        mainContainer: EE_NAMES.extauth,
        // The sidecar takes 8083 (mutual TLS) and forwards to extauth on loopback 8084.
        mainEnv: [{ name: "SERVER_PORT", value: String(EE_PORTS.extauthLocal) }],
        envoySidecar: { configMap: EE_NAMES.extauthSidecarConfig, ports: [{ name: "grpc", containerPort: EE_PORTS.extauth, protocol: "TCP" }] },
    });
}

/** The rate-limit pod, backed by the in-namespace Redis; in mTLS mode only its xDS goes through the sidecar. */
export function rateLimitPodSpec(r: ResolvedArgs): PodSpec {
    const base: PodSpec = {
        serviceAccountName: EE_NAMES.rateLimit,
        // It gets its configuration over xDS and never calls the Kubernetes API.
        automountServiceAccountToken: false,
        securityContext: podSecurityContext(),
        ...pullSecrets(r.pullSecret),
        containers: [
            {
                name: EE_NAMES.rateLimit,
                image: imageName(r.images.rateLimit),
                imagePullPolicy: r.images.rateLimit.pullPolicy,
                env: [
                    fieldEnv("POD_NAMESPACE", "metadata.namespace"),
                    glooAddressEnv(r),
                    { name: "START_STATS_SERVER", value: "true" },
                    { name: "REDIS_URL", value: `${EE_NAMES.redis}:${EE_PORTS.redis}` },
                    { name: "REDIS_SOCKET_TYPE", value: "tcp" },
                    { name: "REDIS_CLUSTERED_MODE", value: "false" },
                    { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: EE_NAMES.redis, key: "redis-password" } } },
                    { name: "READY_PORT_HTTP", value: String(EE_PORTS.rateLimitReady) },
                    { name: "READY_PATH_HTTP", value: "/ready" },
                    { name: "ALIVE_PATH_HTTP", value: "/alive" },
                ],
                ports: [{ name: "grpc", containerPort: EE_PORTS.rateLimit, protocol: "TCP" }],
                readinessProbe: { httpGet: { path: "/ready", port: EE_PORTS.rateLimitReady }, initialDelaySeconds: 2, periodSeconds: 5, failureThreshold: 2 },
                ...field("resources", r.serverResources.rateLimit),
                securityContext: restrictedSecurityContext(),
            },
        ],
    };
    if (!r.mtls.enabled) return base;
    return withMtlsSidecars(base, {
        ...mtlsOptions(r),
        mainContainer: EE_NAMES.rateLimit,
        // Loopback-only forwarder: no ports; probed through its admin from inside the container.
        envoySidecar: { configMap: EE_NAMES.rateLimitSidecarConfig, ports: [] },
    });
}

/** Redis for rate-limit counters: password required, nothing persisted (counters are short-lived). */
export function redisPodSpec(r: ResolvedArgs): PodSpec {
    return {
        automountServiceAccountToken: false,
        securityContext: { ...podSecurityContext(REDIS_UID), runAsGroup: REDIS_UID },
        ...pullSecrets(r.pullSecret),
        containers: [
            {
                name: EE_NAMES.redis,
                image: imageName(r.images.redis),
                imagePullPolicy: r.images.redis.pullPolicy,
                // Kubernetes expands $(REDIS_PASSWORD) from the env below; the password never appears in the spec.
                args: ["--requirepass", "$(REDIS_PASSWORD)", "--save", "", "--appendonly", "no"],
                env: [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: EE_NAMES.redis, key: "redis-password" } } }],
                ports: [{ name: "redis", containerPort: EE_PORTS.redis, protocol: "TCP" }],
                readinessProbe: tcpProbe(EE_PORTS.redis),
                ...field("resources", r.serverResources.redis),
                securityContext: { ...restrictedSecurityContext(REDIS_UID), runAsGroup: REDIS_UID },
                volumeMounts: [{ name: "data", mountPath: "/data" }],
            },
        ],
        // The image's working directory; the root filesystem is read-only.
        volumes: [{ name: "data", emptyDir: {} }],
    };
}

/** The guide's log commands for the enabled servers (mTLS mode only: without it they have no sidecars). */
export function enterpriseTroubleshootingCommands(namespace: string, r: Pick<ResolvedArgs, "extensions">): string[] {
    const lines: string[] = [];
    if (r.extensions.extAuth) lines.push(`kubectl logs -n ${namespace} deploy/extauth sds`, `kubectl logs -n ${namespace} deploy/extauth envoy-sidecar`);
    if (r.extensions.rateLimit) lines.push(`kubectl logs -n ${namespace} deploy/rate-limit sds`, `kubectl logs -n ${namespace} deploy/rate-limit envoy-sidecar`);
    return lines;
}
