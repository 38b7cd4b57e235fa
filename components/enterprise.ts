// Gloo Enterprise's extauth and rate-limit servers (gloo-ee chart 21-extauth-deployment, 2-rate-limit-deployment,
// 1-redis-deployment, 23/4 upstreams, 30-license-secret; facts §1.14). Pure builders that tests call directly,
// and the thin components ExtAuth and RateLimit that register them. In mTLS mode each server pod gets the same
// envoy-sidecar + sds augmentation as the gloo pod (withMtlsSidecars), with its own bootstrap ConfigMap.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ResolvedArgs } from "./args";
import { EE_NAMES, EE_PORTS, NAMES, PORTS, serviceFqdn } from "./constants";
import { toArray, toYaml } from "./control-plane";
import { extauthSidecarBootstrap, rateLimitSidecarBootstrap } from "./envoy/forwarder";
import { Bootstrap } from "./envoy/types";
import { EnvVar, PodSpec, checksum, fieldEnv, imageName, podSecurityContext, restrictedSecurityContext, tcpProbe, withMtlsSidecars } from "./pod";

/** The uid/gid the official redis image runs as (chart: redis.deployment.runAsUser 999). */
export const REDIS_UID = 999;
const SIDECAR_CONFIG_KEY = "envoy-sidecar.yaml";
const STATS_ANNOTATIONS = { "prometheus.io/path": "/metrics", "prometheus.io/port": String(EE_PORTS.stats), "prometheus.io/scrape": "true" };

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
export function licenseSecretArgs(namespace: string, licenseKey: pulumi.Input<string>): k8s.core.v1.SecretArgs {
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
    return extauthSidecarBootstrap({ namespace: r.namespace, clusterName: r.clusterName });
}

export function rateLimitSidecarConfig(r: ResolvedArgs): Bootstrap {
    return rateLimitSidecarBootstrap({ namespace: r.namespace, clusterName: r.clusterName });
}

function mtlsOptions(r: ResolvedArgs) {
    return { envoyImage: r.images.envoy, sdsImage: r.images.sds, sdsLogLevel: r.mtls.sdsLogLevel, mainSdsEnabledEnv: false, position: "last" as const };
}

/** The extauth pod: plaintext server on 8083; in mTLS mode the sidecar owns 8083 and extauth moves to loopback 8084. */
export function extauthPodSpec(r: ResolvedArgs): PodSpec {
    const base: PodSpec = {
        serviceAccountName: EE_NAMES.extauth,
        // It gets its configuration over xDS and never calls the Kubernetes API.
        automountServiceAccountToken: false,
        securityContext: podSecurityContext(),
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
                securityContext: restrictedSecurityContext(),
            },
        ],
    };
    if (!r.mtls.enabled) return base;
    return withMtlsSidecars(base, {
        ...mtlsOptions(r),
        mainContainer: EE_NAMES.rateLimit,
        // Loopback-only forwarder: no ports, so no readiness probe it could not answer.
        envoySidecar: { configMap: EE_NAMES.rateLimitSidecarConfig, ports: [] },
    });
}

/** Redis for rate-limit counters: password required, nothing persisted (counters are short-lived). */
export function redisPodSpec(r: ResolvedArgs): PodSpec {
    return {
        automountServiceAccountToken: false,
        securityContext: { ...podSecurityContext(REDIS_UID), runAsGroup: REDIS_UID },
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

// --- components ----------------------------------------------------------------------------------------

export interface EnterpriseServerArgs {
    /** The install's arguments with defaults applied (see resolveArgs). */
    config: ResolvedArgs;
}

function labels(name: string) {
    return { app: "gloo", gloo: name };
}

/** A random secret value (signing key, Redis password) in a Secret of the install's namespace. */
function randomSecret(parent: pulumi.Resource, name: string, key: string, ns: string, opts: pulumi.CustomResourceOptions): k8s.core.v1.Secret {
    const value = new random.RandomPassword(name, { length: 32, special: false }, { parent });
    return new k8s.core.v1.Secret(name, { metadata: { name, namespace: ns, labels: labels(name) }, type: "Opaque", stringData: { [key]: value.result } }, opts);
}

/** Registers a server's ServiceAccount, sidecar ConfigMap (mTLS), Deployment, Service and Upstream. */
function registerServer(
    parent: pulumi.ComponentResource,
    opts: pulumi.ComponentResourceOptions | undefined,
    s: { name: string; r: ResolvedArgs; podSpec: PodSpec; sidecarConfigMap: string; bootstrap: Bootstrap; servicePort: number; upstream: Record<string, unknown>; deps: pulumi.Resource[] },
): k8s.core.v1.Service {
    const ns = s.r.namespace;
    const child: pulumi.CustomResourceOptions = { parent, dependsOn: opts?.dependsOn };
    const deps: pulumi.Resource[] = [...s.deps, new k8s.core.v1.ServiceAccount(s.name, { metadata: { name: s.name, namespace: ns, labels: labels(s.name) } }, child)];
    const annotations: Record<string, string> = { ...STATS_ANNOTATIONS };
    if (s.r.mtls.enabled) {
        const yaml = toYaml(s.bootstrap);
        deps.push(
            new k8s.core.v1.ConfigMap(
                s.sidecarConfigMap,
                { metadata: { name: s.sidecarConfigMap, namespace: ns, labels: labels(s.name) }, data: { [SIDECAR_CONFIG_KEY]: yaml } },
                child,
            ),
        );
        annotations[`checksum/${s.sidecarConfigMap}`] = checksum(yaml);
        // `kubectl logs deploy/<server>` keeps showing the server, not a sidecar.
        annotations["kubectl.kubernetes.io/default-container"] = s.name;
    }
    new k8s.apps.v1.Deployment(
        s.name,
        {
            metadata: { name: s.name, namespace: ns, labels: labels(s.name) },
            spec: {
                replicas: 1,
                selector: { matchLabels: { gloo: s.name } },
                template: { metadata: { labels: { gloo: s.name }, annotations }, spec: s.podSpec },
            },
        },
        { ...child, dependsOn: [...toArray(opts?.dependsOn), ...deps] },
    );
    const service = new k8s.core.v1.Service(
        s.name,
        {
            metadata: { name: s.name, namespace: ns, labels: labels(s.name) },
            spec: { selector: { gloo: s.name }, ports: [{ name: "grpc", port: s.servicePort, protocol: "TCP" }] },
        },
        child,
    );
    new k8s.apiextensions.CustomResource(
        s.name,
        { apiVersion: "gloo.solo.io/v1", kind: "Upstream", metadata: { name: s.name, namespace: ns, labels: labels(s.name) }, spec: s.upstream },
        child,
    );
    return service;
}

/** The extauth server (Deployment, Service, Upstream, signing key) and, in mTLS mode, its sidecars' ConfigMap. */
export class ExtAuth extends pulumi.ComponentResource {
    readonly service: k8s.core.v1.Service;

    constructor(name: string, args: EnterpriseServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:enterprise:ExtAuth", name, {}, opts);
        const r = args.config;
        const child: pulumi.CustomResourceOptions = { parent: this, dependsOn: opts?.dependsOn };
        const signingKey = randomSecret(this, EE_NAMES.extauthSigningKey, "signing-key", r.namespace, child);
        this.service = registerServer(this, opts, {
            name: EE_NAMES.extauth,
            r,
            podSpec: extauthPodSpec(r),
            sidecarConfigMap: EE_NAMES.extauthSidecarConfig,
            bootstrap: extauthSidecarConfig(r),
            servicePort: EE_PORTS.extauth,
            upstream: extauthUpstreamSpec(r),
            deps: [signingKey],
        });
        this.registerOutputs({});
    }
}

/** The rate-limit server (Deployment, Service, Upstream) with its Redis and, in mTLS mode, its sidecars' ConfigMap. */
export class RateLimit extends pulumi.ComponentResource {
    readonly service: k8s.core.v1.Service;

    constructor(name: string, args: EnterpriseServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:enterprise:RateLimit", name, {}, opts);
        const r = args.config;
        const ns = r.namespace;
        const child: pulumi.CustomResourceOptions = { parent: this, dependsOn: opts?.dependsOn };
        const password = randomSecret(this, EE_NAMES.redis, "redis-password", ns, child);
        const redis = new k8s.apps.v1.Deployment(
            EE_NAMES.redis,
            {
                metadata: { name: EE_NAMES.redis, namespace: ns, labels: labels(EE_NAMES.redis) },
                spec: { replicas: 1, selector: { matchLabels: { gloo: EE_NAMES.redis } }, template: { metadata: { labels: { gloo: EE_NAMES.redis } }, spec: redisPodSpec(r) } },
            },
            { ...child, dependsOn: [...toArray(opts?.dependsOn), password] },
        );
        new k8s.core.v1.Service(
            EE_NAMES.redis,
            {
                metadata: { name: EE_NAMES.redis, namespace: ns, labels: labels(EE_NAMES.redis) },
                spec: { selector: { gloo: EE_NAMES.redis }, ports: [{ name: "redis", port: EE_PORTS.redis, protocol: "TCP" }] },
            },
            child,
        );
        this.service = registerServer(this, opts, {
            name: EE_NAMES.rateLimit,
            r,
            podSpec: rateLimitPodSpec(r),
            sidecarConfigMap: EE_NAMES.rateLimitSidecarConfig,
            bootstrap: rateLimitSidecarConfig(r),
            servicePort: EE_PORTS.rateLimit,
            upstream: rateLimitUpstreamSpec(r),
            deps: [password, redis],
        });
        this.registerOutputs({});
    }
}
