// Arguments of the Gloo install, shaped like the chart's values: GlooInstallArgs here, the blocks it is made of in
// ./arguments/ by family, and the one place defaults are applied (./arguments/resolve.ts). The rest of the program and the
// library's index import all of them from this module.
import type { CertificatesArgs, GatewayArgs } from "./arguments/certificates";
import type { CrdsArgs, K8sArgs, KubernetesAccessArgs, RemoteClusterArgs } from "./arguments/clusters";
import type { EnterpriseArgs, RedisArgs } from "./arguments/enterprise";
import type { GlobalArgs } from "./arguments/global";
import type { GlooArgs, SettingsValues } from "./arguments/gloo-settings";
import type { GatewayProxyValues } from "./proxies/types";

// `global.image` and the per-image override (ImageOverride, GlobalImageArgs, PullPolicy).
export * from "./arguments/images";
// `global`: mTLS sidecars, stats, the extension servers' switches (GlobalArgs, GlooMtlsArgs, GlooStatsValues, ...).
export * from "./arguments/global";
// `enterprise`, `global.extensions.<server>`, `redis` (EnterpriseArgs, ExtensionsArgs, RedisArgs, ...).
export * from "./arguments/enterprise";
// `gloo` and `settings` (GlooArgs, XdsExternalArgs, SettingsValues, ...).
export * from "./arguments/gloo-settings";
// `certificates` and `gateway` (CertificatesArgs, CertificateIssuer, CertGenJobArgs, GatewayArgs, ...).
export * from "./arguments/certificates";
// `k8s`, `crds`, `kubernetes`, `clusters` (K8sArgs, CrdsArgs, KubernetesAccessArgs, RemoteClusterArgs, ...).
export * from "./arguments/clusters";
// Defaults applied once: resolveArgs and the resolved form (ResolvedArgs, ...).
export * from "./arguments/resolve";

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
