// Every argument with its default applied: the one place defaults are applied (resolveArgs), and the resolved form
// the builders take (ResolvedArgs).
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { GlooInstallArgs } from "../args";
import { ImageRef } from "../pod";
import { resolveGloo, resolveProxies } from "../proxies/resolve";
import { ResolvedGloo, ResolvedProxy, Resources } from "../proxies/types";
import { KeyAlgorithm } from "../tls";
import { ValidArgs, argsSchema } from "../validation/schema";
import type { CertificateIssuer } from "./certificates";
import type { ImageOverride } from "./images";

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
    provider?: KubernetesProvider;
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
