// Arguments of the Gloo install, shaped like the chart's values, and the one place defaults are applied.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ImageRef } from "./pod";
import { resolveGloo, resolveProxies } from "./proxies/resolve";
import { GatewayProxyValues, GlooDeploymentValues, GlooLogLevel, GlooPodDisruptionBudget, ResolvedGloo, ResolvedProxy, Resources } from "./proxies/types";
import { ResourceRequirements } from "./types/k8s";
import { KeyAlgorithm } from "./tls";
import { ValidArgs, argsSchema } from "./validation/schema";

/** Who makes the keys of `gloo-mtls-certs`. */
export const CertificateIssuer = {
    /** @pulumi/tls, in the Pulumi state. */
    Pulumi: "pulumi",
    /** The in-cluster certgen Job; Pulumi never holds the key. */
    Certgen: "certgen",
} as const;
/** Who makes the keys of `gloo-mtls-certs`. */
export type CertificateIssuer = (typeof CertificateIssuer)[keyof typeof CertificateIssuer];

/** An image pull policy. */
export const PullPolicy = {
    Always: "Always",
    IfNotPresent: "IfNotPresent",
    Never: "Never",
} as const;
/** An image pull policy. */
export type PullPolicy = (typeof PullPolicy)[keyof typeof PullPolicy];

/** The SDS server's log level. */
export const SdsLogLevel = {
    Debug: "debug",
    Info: "info",
    Warn: "warn",
    Error: "error",
} as const;
/** The SDS server's log level. */
export type SdsLogLevel = (typeof SdsLogLevel)[keyof typeof SdsLogLevel];

/** The Service type of `gloo.xdsExternal` (reachable from other clusters). */
export const XdsExternalServiceType = {
    LoadBalancer: "LoadBalancer",
    NodePort: "NodePort",
} as const;
/** The Service type of `gloo.xdsExternal` (reachable from other clusters). */
export type XdsExternalServiceType = (typeof XdsExternalServiceType)[keyof typeof XdsExternalServiceType];

/** A per-image override, as the chart's `*.image` blocks: each unset field falls back to `global.image`. */
export interface ImageOverride {
    /** Defaults to `global.image.registry`. */
    registry?: string;
    /** Defaults to the chart's repository for this image. */
    repository?: string;
    /** Defaults to `global.image.tag`. */
    tag?: string;
    /**
     * Pins the image: `sha256:` and 64 hex digits, rendered `registry/repository:tag@digest` as the chart does
     * (the runtime pulls by digest; the tag is informative). Never inherited from `global.image`. Defaults to none.
     */
    digest?: string;
    /** Defaults to `global.image.pullPolicy`. */
    pullPolicy?: PullPolicy;
}

/** `global.image`: where every image comes from. */
export interface GlobalImageArgs {
    /** Defaults to `"quay.io/solo-io"`. */
    registry?: string;
    /** Gloo release of every image. Defaults to `"1.22.1"`. */
    tag?: string;
    /** Defaults to `"IfNotPresent"`. */
    pullPolicy?: PullPolicy;
    /** A Secret every pod pulls its images with (`imagePullSecrets`; ServiceAccounts never). Defaults to none. */
    pullSecret?: string;
}

/** `global.glooMtls.envoy`: the TLS-terminating Envoy sidecar. */
export interface EnvoySidecarArgs {
    /** Defaults to `gloo-envoy-wrapper` on `global.image`. */
    image?: ImageOverride;
}

/** `global.glooMtls.sds`: the SDS sidecar. */
export interface SdsArgs {
    /** Defaults to `sds` on `global.image`. */
    image?: ImageOverride;
    /** Defaults to `"info"`. */
    logLevel?: SdsLogLevel;
}

/** A feature switched on or off. */
export interface EnabledArgs {
    /** Defaults to the feature's own default (see the key). */
    enabled?: boolean;
}

/** `global.glooMtls`: xDS over mutual TLS. */
export interface GlooMtlsArgs {
    /** xDS over mutual TLS between every Envoy and gloo. Defaults to `true`. */
    enabled?: boolean;
    /** The TLS-terminating Envoy sidecar's image. Defaults to `gloo-envoy-wrapper` on `global.image`. */
    envoy?: EnvoySidecarArgs;
    /** Defaults to `sds` on `global.image`, log level `"info"`. */
    sds?: SdsArgs;
    /** NetworkPolicies that keep the SDS and admin ports unreachable from other pods. Defaults to `{ enabled: true }`. */
    networkPolicy?: EnabledArgs;
    /** Resources of every `envoy-sidecar` container (gloo, extauth, rate-limit). Defaults to none. */
    envoySidecarResources?: ResourceRequirements;
    /** Resources of every `sds` container (gloo, every gateway proxy, extauth, rate-limit). Defaults to none. */
    sdsResources?: ResourceRequirements;
}

/** `global.extensions.<server>.deployment`. */
export interface ExtensionDeploymentArgs {
    /** The server's image (`extauth-ee` / `rate-limit-ee`). Defaults to `global.image` with `enterprise.image.tag`. */
    image?: ImageOverride;
    /** The server container's. Defaults to none. */
    resources?: ResourceRequirements;
}

/** `global.extensions.<server>`: one Gloo Enterprise extension server. */
export interface ExtensionServerArgs {
    /** Needs `enterprise.enabled`. Defaults to `false`. */
    enabled?: boolean;
    /** Defaults to none. */
    deployment?: ExtensionDeploymentArgs;
}

/** `global.extensions`: Gloo Enterprise's extension servers (the enterprise chart's paths). */
export interface ExtensionsArgs {
    /** The extauth server, its Upstream and the Settings that point gloo at it. Defaults to `{ enabled: false }`. */
    extAuth?: ExtensionServerArgs;
    /** The rate-limit server with its Redis, its Upstream and the Settings. Defaults to `{ enabled: false }`. */
    rateLimit?: ExtensionServerArgs;
}

/** `global`: settings every part of the install shares. */
export interface GlobalArgs {
    /** Defaults to `quay.io/solo-io`, release `1.22.1`, `IfNotPresent`. */
    image?: GlobalImageArgs;
    /** Defaults to `{ enabled: true }`. */
    glooMtls?: GlooMtlsArgs;
    /** The stats endpoints of gloo and every gateway proxy (Prometheus annotations, Envoy's stats listener). Defaults to `{ enabled: true }`. */
    glooStats?: GlooStatsValues;
    /** Gloo Enterprise's extension servers (the enterprise chart's paths); each needs `enterprise.enabled`. Defaults to none. */
    extensions?: ExtensionsArgs;
}

/** `enterprise.image`. */
export interface EnterpriseImageArgs {
    /** Release of the enterprise images (gloo-ee, gloo-ee-envoy-wrapper, extauth-ee, rate-limit-ee). Defaults to `"1.22.1"`. */
    tag?: string;
}

/** `enterprise`: Gloo Gateway Enterprise. */
export interface EnterpriseArgs {
    /** Defaults to `false`. */
    enabled?: boolean;
    /** The Gloo Enterprise license key; required when enabled. Pass a Pulumi secret. Defaults to none. */
    licenseKey?: pulumi.Input<string>;
    /** Defaults to release `"1.22.1"`. */
    image?: EnterpriseImageArgs;
}

/** `gloo`: the control plane. */
export interface GlooArgs {
    /** At the chart's `gloo.deployment` paths. Defaults to the chart's Deployment. */
    deployment?: GlooDeploymentValues;
    /** PodDisruptionBudget `gloo-pdb` (one of its two bounds). Defaults to none. */
    podDisruptionBudget?: GlooPodDisruptionBudget;
    /** gloo's `LOG_LEVEL`. Defaults to gloo's own `info` (no variable). */
    logLevel?: GlooLogLevel;
    /**
     * Not the chart's: gloo's xDS reachable from other clusters, over mutual TLS only (Service `gloo-xds-external`
     * on the envoy-sidecar's TLS port). Required by proxies placed in `clusters`. Defaults to none.
     */
    xdsExternal?: XdsExternalArgs;
}

/** `redis.deployment`. */
export interface RedisDeploymentArgs {
    /**
     * Defaults to `docker.io/redis:7.2.4`; its registry follows `global.image.registry` when that is set
     * and `registry` here is not (the enterprise chart pins docker.io).
     */
    image?: ImageOverride;
    /** Defaults to none. */
    resources?: ResourceRequirements;
}

/** `redis`: Redis of the rate-limit server (the enterprise chart's top-level `redis` block). */
export interface RedisArgs {
    /** Defaults to `docker.io/redis:7.2.4`. */
    deployment?: RedisDeploymentArgs;
}

/** `crds`: Gloo's 15 CRDs. */
export interface CrdsArgs {
    /** Install them; `false` for a second stack on a cluster whose CRDs another stack owns. Defaults to `true`. */
    enabled?: boolean;
}

/** `k8s`: the cluster. */
export interface K8sArgs {
    /** The cluster's DNS domain. Defaults to `"cluster.local"`. */
    clusterName?: string;
}

/** `gateway.certGenJob.cron`: the rotation CronJob. */
export interface CertGenCronArgs {
    /** A CronJob that rotates `gloo-mtls-certs` on a schedule (it then owns the data). Defaults to `false`. */
    enabled?: boolean;
    /** Defaults to `"0 3 * * 0"` (Sundays 03:00), not the chart's every minute. */
    schedule?: string;
    /** IANA zone of the schedule (`spec.timeZone`). Defaults to the controller manager's zone. */
    timeZone?: string;
}

/** `gateway.certGenJob`: the certgen tool (image `certgen` on `global.image`), as the chart's. */
export interface CertGenJobArgs {
    /** The certgen image (Job and CronJob). Defaults to `certgen` on `global.image`. */
    image?: ImageOverride;
    /** Go duration certgen waits after each of its two Secret updates during a rotation. Defaults to `"65s"`. */
    rotationDuration?: string;
    /** The certgen container's resources (replaced, not merged). Defaults to `{ requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } }`. */
    resources?: ResourceRequirements;
    /** Defaults to `{ enabled: false }`. */
    cron?: CertGenCronArgs;
}

/** `gateway`. */
export interface GatewayArgs {
    /** The validating admission webhook served by gloo. Defaults to `{ enabled: true }`. */
    validation?: EnabledArgs;
    /** Defaults to the chart's certgen settings. */
    certGenJob?: CertGenJobArgs;
}

/** `certificates.ca`: CA generations for staged rotation. */
export interface CaPlanArgs {
    /** Generations whose CA certificates go into `ca.crt`. Defaults to `[1]`. */
    trusted?: number[];
    /** The generation that signs the leaf. Defaults to the highest of `trusted`. */
    active?: number;
}

/** `certificates`: the mTLS certificates. */
export interface CertificatesArgs {
    /**
     * Who makes the keys of `gloo-mtls-certs`: `"pulumi"` (@pulumi/tls, in state) or `"certgen"` (an
     * in-cluster Job; Pulumi never holds the key). Defaults to `"pulumi"`.
     */
    issuer?: CertificateIssuer;
    /** Defaults to `"ECDSA"` (P-256); `"RSA"` is 2048 bits. */
    keyAlgorithm?: KeyAlgorithm;
    /** Defaults to 3650. */
    caValidityDays?: number;
    /** Defaults to 365. */
    leafValidityDays?: number;
    /** CA generations for staged rotation (issuer `"pulumi"` without the CronJob only). Defaults to `{ trusted: [1] }`. */
    ca?: CaPlanArgs;
}

/** `kubernetes`: how to reach gloo's cluster, for the provider this component makes when none is passed. */
export interface KubernetesAccessArgs {
    /** Path or contents of a kubeconfig; may come from another resource. Defaults to the ambient one. */
    kubeconfig?: pulumi.Input<string>;
    /** Defaults to the kubeconfig's current context. */
    context?: string;
    /** Render manifests into this directory instead of applying them. Defaults to unset (apply). */
    renderYamlTo?: string;
}

/** The arguments of a GlooInstall, shaped like the official chart's values (and the stack config). */
export interface GlooInstallArgs {
    /** Namespace of the whole install. Defaults to `"gloo-system"`. */
    namespace?: string;
    /** Images, mTLS and the enterprise extension servers. Defaults to the chart's. */
    global?: GlobalArgs;
    /** Gloo Gateway Enterprise: enterprise images and the license. Defaults to `{ enabled: false }`. */
    enterprise?: EnterpriseArgs;
    /** The Settings `default` that configures gloo (chart `settings.*`). Defaults to the chart's. */
    settings?: SettingsValues;
    /** The control plane, at the chart's `gloo.deployment` paths. Defaults to the chart's. */
    gloo?: GlooArgs;
    /**
     * The gateway proxies, as the chart's map: `gatewayProxy` (objects `gateway-proxy`) and any other key, whose
     * objects are named by its kebabcase and which starts from `gatewayProxy`'s values. Defaults to
     * `{ gatewayProxy: {} }` with the chart's defaults (one replica, LoadBalancer 80/443 → 8080/8443).
     */
    gatewayProxies?: Record<string, GatewayProxyValues>;
    /** Redis of the rate-limit server (the enterprise chart's top-level `redis` block). Defaults to `docker.io/redis:7.2.4`. */
    redis?: RedisArgs;
    /** Gloo's 15 CRDs, cluster-wide and shared by every install on the cluster. Defaults to `{ enabled: true }`. */
    crds?: CrdsArgs;
    /** Defaults to `{ clusterName: "cluster.local" }`. */
    k8s?: K8sArgs;
    /** The validation webhook and certgen. Defaults to the chart's. */
    gateway?: GatewayArgs;
    /** Defaults to issuer `"pulumi"`, ECDSA, CA 3650 days, leaf 365 days. */
    certificates?: CertificatesArgs;
    /**
     * How to reach the cluster, for the provider this component makes when none is passed in its resource
     * options (`provider` or `providers`). Defaults to the ambient kubeconfig and its current context.
     */
    kubernetes?: KubernetesAccessArgs;
    /**
     * Not the chart's: other clusters, by key (a DNS-1123 label), where gateway proxy fleets run
     * (`gatewayProxies.<name>.cluster`). Defaults to none.
     */
    clusters?: Record<string, RemoteClusterArgs>;
}

/** `settings`: fields of the Settings `default` (chart template `18-settings.yaml`). */
export interface SettingsValues {
    /** Namespaces gloo watches (Settings `watchNamespaces`). Defaults to every namespace. */
    watchNamespaces?: string[];
    /** Where gloo writes its Proxy objects (Settings `discoveryNamespace`, and each proxy's xDS role). Defaults to the install's namespace. */
    writeNamespace?: string;
    /** What gloo serves in place of a route it cannot translate (Settings `gloo.invalidConfigPolicy`). Defaults to the chart's. */
    invalidConfigPolicy?: InvalidConfigPolicyValues;
    /**
     * The chart's older spelling of `invalidConfigPolicy.replaceInvalidRoutes`; the chart writes it before the policy's
     * own key, which wins, so `true` needs `invalidConfigPolicy.replaceInvalidRoutes: true` as well. Defaults to `false`.
     */
    replaceInvalidRoutes?: boolean;
    /** No in-memory Upstreams for Kubernetes Services (Settings `gloo.disableKubernetesDestinations`). Defaults to `false`. */
    disableKubernetesDestinations?: boolean;
    /**
     * Nodes without IPv6: every listener other pods dial (the envoy-sidecars' TLS listeners, the proxies' stats
     * listener, gloo's pod-IP servers, the sds sidecars) binds 0.0.0.0, and Settings gets `ipV4Only: true` as the
     * chart renders it. Unset, they bind `::` (Envoy with `ipv4_compat`), serving IPv4-only, dual-stack and IPv6-only
     * clusters alike. Defaults to `false`.
     */
    ipV4Only?: boolean;
}

/** `settings.invalidConfigPolicy`. */
export interface InvalidConfigPolicyValues {
    /** Serve the response below for routes gloo cannot translate, instead of rejecting the whole config. Defaults to `false`. */
    replaceInvalidRoutes?: boolean;
    /** Its HTTP status (200 to 599). Defaults to 404. */
    invalidRouteResponseCode?: number;
    /** Its body. Defaults to the chart's ("Gloo Gateway has invalid configuration. …"). */
    invalidRouteResponseBody?: string;
}

/** `global.glooStats`: the stats endpoints (chart templates 1-gloo-deployment, 7-…deployment, 9-…configmap). */
export interface GlooStatsValues {
    /** Prometheus annotations on gloo and the proxies, gloo's stats server, the proxies' stats listener (port 8081). Defaults to `true`. */
    enabled?: boolean;
    /** Where a proxy's `/metrics` goes on Envoy's admin. Defaults to `"/stats/prometheus"`. */
    routePrefixRewrite?: string;
    /** Datadog autodiscovery annotations on the proxies' pods. Defaults to `false`. */
    setDatadogAnnotations?: boolean;
    /** A `/stats` route on the proxies' stats listener too. Defaults to `false`. */
    enableStatsRoute?: boolean;
    /** Where that route goes on Envoy's admin. Defaults to `"/stats"`. */
    statsPrefixRewrite?: string;
    /** A port `http-monitoring` (9091) on Service gloo and a Service `<proxy>-monitoring-service` per proxy. Defaults to `false`. */
    serviceMonitorEnabled?: boolean;
    /** A container port `http-monitoring` (9091) on gloo. Defaults to `false`. */
    podMonitorEnabled?: boolean;
}

/**
 * A `k8s.Provider`, typed loosely on purpose: Pulumi's schema Analyzer would describe a provider class as a reference
 * to a resource of the Kubernetes package, which that package's schema does not have (its provider is no resource).
 * GlooInstall refuses anything but a Kubernetes provider, naming the key.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubernetesProviderArg = any;

/** How to reach another cluster: `kubernetes.*`'s fields and rules, or a provider of the caller's. */
export interface RemoteClusterArgs {
    /** Path or contents of a kubeconfig; may come from another resource. */
    kubeconfig?: pulumi.Input<string>;
    /** A context of the kubeconfig (the ambient one when `kubeconfig` is unset). */
    context?: string;
    /** Render this cluster's manifests into this directory instead of applying them (a directory of its own). */
    renderYamlTo?: string;
    /**
     * A `k8s.Provider` for this cluster (TypeScript library use), instead of the three keys above; give it
     * `enableSecretMutable: true` as the install's own providers have. Checked when the install is constructed.
     * Defaults to none.
     */
    provider?: KubernetesProviderArg;
}

/** `gloo.xdsExternal.service`. */
export interface XdsExternalServiceArgs {
    /** `LoadBalancer` or `NodePort`. Defaults to `"LoadBalancer"`. */
    type?: XdsExternalServiceType;
    /** Annotations of the Service, e.g. a cloud load balancer's. Defaults to none. */
    extraAnnotations?: Record<string, string>;
    /**
     * CIDRs of the remote clusters' egress: the load balancer's source ranges (LoadBalancer) and the NetworkPolicy's
     * admitted sources for the external port. Required (`0.0.0.0/0` and `::/0` to rely on mutual TLS alone).
     */
    loadBalancerSourceRanges?: string[];
}

/** `gloo.xdsExternal`. */
export interface XdsExternalArgs {
    /** The DNS name remote proxies dial (never an IP); it goes onto gloo's certificate. Required. */
    address: string;
    /** The port they dial (the Service's port, and with NodePort its node port too). Defaults to 9977. */
    port?: number;
    /** Defaults to a LoadBalancer; its source ranges are required. */
    service?: XdsExternalServiceArgs;
}

/** Every argument with its default applied. */
export interface ResolvedArgs {
    namespace: string;
    clusterName: string;
    /** `settings.ipV4Only`: listeners other pods dial bind 0.0.0.0 instead of `::`. */
    ipV4Only: boolean;
    crds: boolean;
    images: { gloo: ImageRef; envoy: ImageRef; sds: ImageRef; proxy: ImageRef; extauth: ImageRef; rateLimit: ImageRef; redis: ImageRef };
    mtls: { enabled: boolean; sdsLogLevel: string; networkPolicy: boolean; envoySidecarResources?: Resources; sdsResources?: Resources };
    /** `imagePullSecrets` of every pod, when set. */
    pullSecret?: string;
    gloo: ResolvedGloo;
    settings: ResolvedSettings;
    stats: ResolvedStats;
    /** Every gateway proxy in the chart's order (sorted keys), the default among them. */
    proxies: ResolvedProxy[];
    /** Resources of the enterprise servers' own containers and Redis. */
    serverResources: { extAuth?: Resources; rateLimit?: Resources; redis?: Resources };
    enterprise: { enabled: boolean; licenseKey?: pulumi.Input<string> };
    extensions: { extAuth: boolean; rateLimit: boolean };
    validation: boolean;
    certificates: {
        issuer: CertificateIssuer;
        keyAlgorithm: KeyAlgorithm;
        caValidityHours: number;
        leafValidityHours: number;
        ca: { trusted: number[]; active: number };
    };
    certGen: { image: ImageRef; rotationDuration: string; resources: Resources; cron: { enabled: boolean; schedule: string; timeZone?: string } };
    kubernetes: { kubeconfig?: pulumi.Input<string>; context?: string; renderYamlTo?: string };
    /** Every key of `clusters`, in sorted order. */
    clusters: ResolvedCluster[];
    /** `gloo.xdsExternal`, when set. */
    xdsExternal?: ResolvedXdsExternal;
}

export interface ResolvedSettings {
    watchNamespaces?: string[];
    /** Settings `discoveryNamespace`: where gloo writes Proxies (the proxies' xDS role names it). */
    discoveryNamespace: string;
    invalidConfigPolicy: { replaceInvalidRoutes: boolean; invalidRouteResponseCode: number; invalidRouteResponseBody: string };
    disableKubernetesDestinations: boolean;
}

export interface ResolvedStats {
    enabled: boolean;
    routePrefixRewrite: string;
    setDatadogAnnotations: boolean;
    enableStatsRoute: boolean;
    statsPrefixRewrite: string;
    serviceMonitorEnabled: boolean;
    podMonitorEnabled: boolean;
}

/** The chart's `settings.invalidConfigPolicy`. */
export const INVALID_CONFIG_POLICY_DEFAULTS = {
    replaceInvalidRoutes: false,
    invalidRouteResponseCode: 404,
    invalidRouteResponseBody: "Gloo Gateway has invalid configuration. Administrators should run `glooctl check` to find and fix config errors.",
};

export interface ResolvedCluster {
    key: string;
    access: { kubeconfig?: pulumi.Input<string>; context?: string; renderYamlTo?: string };
    provider?: k8s.Provider;
}

export interface ResolvedXdsExternal {
    address: string;
    port: number;
    service: { type: "LoadBalancer" | "NodePort"; annotations: Record<string, string>; sourceRanges: string[] };
}

/** certgen's own default (the chart sets none): enough for a short Go job, bounded so it cannot grow. */
export const CERTGEN_DEFAULT_RESOURCES: Resources = { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } };

const nonEmpty = (r: Resources | undefined) => (r && Object.keys(r).length > 0 ? r : undefined);

export function resolveArgs(a: GlooInstallArgs): ResolvedArgs {
    // The production keys in their validated form (quantities and quoted values as strings); throws on bad args.
    return resolveValidated(a, argsSchema.parse(a, { jitless: true })); // jitless: see checkArgs
}

/**
 * resolveArgs for arguments just validated (GlooInstall passes checkArgs' result: the same parse, not done twice).
 * @internal
 */
export function resolveValidated(a: GlooInstallArgs, v: ValidArgs): ResolvedArgs {
    const g = a.global?.image ?? {};
    const base = { registry: g.registry ?? "quay.io/solo-io", tag: g.tag ?? "1.22.1", pullPolicy: g.pullPolicy ?? "IfNotPresent" };
    const image = (repository: string, o: ImageOverride = {}): ImageRef => ({
        registry: o.registry ?? base.registry,
        repository: o.repository ?? repository,
        tag: o.tag ?? base.tag,
        ...(o.digest ? { digest: o.digest } : {}),
        pullPolicy: o.pullPolicy ?? base.pullPolicy,
    });
    const m = a.global?.glooMtls ?? {};
    const c = a.certificates ?? {};
    const trusted = c.ca?.trusted ?? [1];
    const cron = a.gateway?.certGenJob?.cron ?? {};
    const ee = a.enterprise?.enabled ?? false;
    // Enterprise images carry the enterprise release; a per-image override still wins. The default follows the
    // open-source default's 1.22 line (no public source pins an EE tag): pin the release you are licensed for.
    const eeTag = a.enterprise?.image?.tag ?? "1.22.1";
    const eeImage = (repository: string, o: ImageOverride = {}): ImageRef => image(repository, { ...o, tag: o.tag ?? eeTag });
    const ext = a.global?.extensions ?? {};
    return {
        namespace: a.namespace ?? "gloo-system",
        clusterName: a.k8s?.clusterName ?? "cluster.local",
        ipV4Only: a.settings?.ipV4Only ?? false,
        crds: a.crds?.enabled ?? true,
        images: {
            gloo: ee ? eeImage("gloo-ee", a.gloo?.deployment?.image) : image("gloo", a.gloo?.deployment?.image),
            proxy: ee ? eeImage("gloo-ee-envoy-wrapper") : image("gloo-envoy-wrapper"),
            envoy: ee ? eeImage("gloo-ee-envoy-wrapper", m.envoy?.image) : image("gloo-envoy-wrapper", m.envoy?.image),
            sds: image("sds", m.sds?.image),
            extauth: eeImage("extauth-ee", ext.extAuth?.deployment?.image),
            rateLimit: eeImage("rate-limit-ee", ext.rateLimit?.deployment?.image),
            // Not a Solo image: its own repository and release; a mirror set in global.image.registry serves it too.
            redis: {
                registry: a.redis?.deployment?.image?.registry ?? g.registry ?? "docker.io",
                repository: a.redis?.deployment?.image?.repository ?? "redis",
                tag: a.redis?.deployment?.image?.tag ?? "7.2.4",
                ...(a.redis?.deployment?.image?.digest ? { digest: a.redis.deployment.image.digest } : {}),
                pullPolicy: a.redis?.deployment?.image?.pullPolicy ?? base.pullPolicy,
            },
        },
        enterprise: { enabled: ee, licenseKey: a.enterprise?.licenseKey },
        extensions: { extAuth: ext.extAuth?.enabled ?? false, rateLimit: ext.rateLimit?.enabled ?? false },
        mtls: {
            enabled: m.enabled ?? true,
            sdsLogLevel: m.sds?.logLevel ?? "info",
            networkPolicy: m.networkPolicy?.enabled ?? true,
            envoySidecarResources: nonEmpty(v.global?.glooMtls?.envoySidecarResources),
            sdsResources: nonEmpty(v.global?.glooMtls?.sdsResources),
        },
        pullSecret: g.pullSecret,
        gloo: resolveGloo(v.gloo?.deployment, base.tag, { podDisruptionBudget: v.gloo?.podDisruptionBudget, logLevel: v.gloo?.logLevel }),
        // Each proxy's image resolved here, over the install's proxy image: a block restating the defaults resolves alike.
        proxies: resolveProxies(v.gatewayProxies).map((p) => ({ ...p, image: overImage(ee ? eeImage("gloo-ee-envoy-wrapper") : image("gloo-envoy-wrapper"), p.image) })),
        settings: {
            ...(v.settings?.watchNamespaces?.length ? { watchNamespaces: v.settings.watchNamespaces } : {}),
            discoveryNamespace: v.settings?.writeNamespace || (a.namespace ?? "gloo-system"),
            invalidConfigPolicy: { ...INVALID_CONFIG_POLICY_DEFAULTS, ...v.settings?.invalidConfigPolicy },
            disableKubernetesDestinations: v.settings?.disableKubernetesDestinations ?? false,
        },
        stats: {
            enabled: v.global?.glooStats?.enabled ?? true,
            routePrefixRewrite: v.global?.glooStats?.routePrefixRewrite ?? "/stats/prometheus",
            setDatadogAnnotations: v.global?.glooStats?.setDatadogAnnotations ?? false,
            enableStatsRoute: v.global?.glooStats?.enableStatsRoute ?? false,
            statsPrefixRewrite: v.global?.glooStats?.statsPrefixRewrite ?? "/stats",
            serviceMonitorEnabled: v.global?.glooStats?.serviceMonitorEnabled ?? false,
            podMonitorEnabled: v.global?.glooStats?.podMonitorEnabled ?? false,
        },
        serverResources: {
            extAuth: nonEmpty(v.global?.extensions?.extAuth?.deployment?.resources),
            rateLimit: nonEmpty(v.global?.extensions?.rateLimit?.deployment?.resources),
            redis: nonEmpty(v.redis?.deployment?.resources),
        },
        validation: a.gateway?.validation?.enabled ?? true,
        certificates: {
            issuer: c.issuer ?? "pulumi",
            keyAlgorithm: c.keyAlgorithm ?? "ECDSA",
            caValidityHours: (c.caValidityDays ?? 3650) * 24,
            leafValidityHours: (c.leafValidityDays ?? 365) * 24,
            ca: { trusted, active: c.ca?.active ?? Math.max(...trusted) },
        },
        certGen: {
            image: image("certgen", a.gateway?.certGenJob?.image),
            rotationDuration: a.gateway?.certGenJob?.rotationDuration ?? "65s",
            resources: nonEmpty(v.gateway?.certGenJob?.resources) ?? CERTGEN_DEFAULT_RESOURCES,
            cron: { enabled: cron.enabled ?? false, schedule: cron.schedule ?? "0 3 * * 0", timeZone: cron.timeZone },
        },
        kubernetes: { ...a.kubernetes },
        clusters: Object.keys(a.clusters ?? {})
            .sort()
            .map((key) => {
                const { provider, ...access } = a.clusters![key];
                return { key, access, ...(provider ? { provider } : {}) };
            }),
        xdsExternal: resolveXdsExternal(v.gloo?.xdsExternal),
    };
}

/** `o` over `base`, field by field; a digest only from `o` (it names one image). */
function overImage(base: ImageRef, o: ImageOverride = {}): ImageRef {
    return {
        registry: o.registry ?? base.registry,
        repository: o.repository ?? base.repository,
        tag: o.tag ?? base.tag,
        ...(o.digest ? { digest: o.digest } : {}),
        pullPolicy: o.pullPolicy ?? base.pullPolicy,
    };
}

/** The port gloo's xDS is exposed on by default: the sidecar's own. */
export const XDS_EXTERNAL_DEFAULT_PORT = 9977;

function resolveXdsExternal(x: NonNullable<NonNullable<ValidArgs["gloo"]>["xdsExternal"]> | undefined): ResolvedXdsExternal | undefined {
    if (!x) return undefined;
    return {
        address: x.address,
        port: x.port ?? XDS_EXTERNAL_DEFAULT_PORT,
        service: {
            type: (x.service?.type ?? "LoadBalancer") as ResolvedXdsExternal["service"]["type"],
            annotations: x.service?.extraAnnotations ?? {},
            sourceRanges: x.service?.loadBalancerSourceRanges ?? [],
        },
    };
}
