// From validated `gatewayProxies` / `gloo.deployment` values to what the builders render: the chart's merge,
// then the chart's defaults, then the chart's "rendered only when truthy" rules. Pure.
import { z } from "zod";
import { gatewayProxiesSchema, glooDeploymentSchema } from "../validation/proxy-schema";
import { kebabCase } from "./kebab";
import { DEFAULT_PROXY_KEY, mergedProxyValues, proxyKeys, workloadKindOf } from "./merge";
import { PORTS } from "../constants";
import { ResolvedGateways, ResolvedGloo, ResolvedOverride, ResolvedProxy, Resources } from "./types";

export type ParsedProxy = z.output<typeof gatewayProxiesSchema>[string];
export type ParsedProxies = z.output<typeof gatewayProxiesSchema>;

/** The chart's default for the gloo container when `gloo.deployment.resources` is unset or empty. */
export const GLOO_DEFAULT_RESOURCES: Resources = { requests: { cpu: "500m", memory: "256Mi" } };

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;
/** Go template truthiness for maps and lists: set and non-empty. */
const nonEmpty = <T extends object>(v: T | null | undefined): T | undefined =>
    present(v) && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0) ? v : undefined;

/** gloo's values besides `gloo.deployment` that shape its objects. */
export interface GlooExtras {
    podDisruptionBudget?: { minAvailable?: number | string; maxUnavailable?: number | string };
    logLevel?: string;
}

/** Go template truthiness of a PDB bound: 0 and "" are dropped, as the chart drops them. */
const bound = (v: number | string | null | undefined) => (v === 0 || v === "" || v === null ? undefined : v);

export function resolveGloo(d: z.output<typeof glooDeploymentSchema> | undefined, ossImageTag: string, extras: GlooExtras = {}): ResolvedGloo {
    const pdb = extras.podDisruptionBudget;
    const min = bound(pdb?.minAvailable);
    const max = bound(pdb?.maxUnavailable);
    return {
        ossImageTag,
        replicas: d?.replicas ?? 1,
        resources: nonEmpty(d?.resources) ?? GLOO_DEFAULT_RESOURCES,
        nodeSelector: nonEmpty(d?.nodeSelector),
        tolerations: nonEmpty(d?.tolerations),
        affinity: nonEmpty(d?.affinity),
        priorityClassName: d?.priorityClassName || undefined,
        extraLabels: d?.extraGlooLabels ?? {},
        extraAnnotations: d?.extraGlooAnnotations ?? {},
        customEnv: d?.customEnv ?? [],
        ...(min !== undefined || max !== undefined ? { pdb: { ...(min !== undefined ? { minAvailable: min } : {}), ...(max !== undefined ? { maxUnavailable: max } : {}) } } : {}),
        ...(extras.logLevel ? { logLevel: extras.logLevel } : {}),
        ...overrideAt(d?.kubeResourceOverride, "gloo.deployment.kubeResourceOverride", "override"),
    };
}

/** `{ [field]: override }` when the override has anything to merge (the chart renders an empty one as is). */
function overrideAt<F extends string>(value: unknown, key: string, field: F): { [P in F]?: ResolvedOverride } {
    const v = nonEmpty(value as Record<string, unknown> | null | undefined);
    return (v ? { [field]: { value: v, key } } : {}) as { [P in F]?: ResolvedOverride };
}

/** The chart's loopBackAddress: Envoy's admin listens there. */
const LOOPBACK = "127.0.0.1";
/** The chart's probes with `podTemplate.probes` (exec wget on Envoy's admin, which only loopback reaches). */
export const CHART_READINESS_PROBE = { exec: { command: ["wget", "-O", "/dev/null", `${LOOPBACK}:${PORTS.proxyAdmin}/ready`] }, initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 };
export const CHART_LIVENESS_PROBE = { exec: { command: ["wget", "-O", "/dev/null", `${LOOPBACK}:${PORTS.proxyAdmin}/server_info`] }, initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 };
/** Without `probes` (the chart then has none), with a stats listener: it forwards /ready to Envoy's admin, which stays on loopback. */
export const OWN_READINESS_PROBE = { httpGet: { path: "/ready", port: PORTS.proxyStats }, initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 };

/**
 * The overrides the chart applies to a proxy's objects: each its own value (never gatewayProxy's), except the
 * Service's, which comes from the merged values whenever the proxy has a `service` block of its own.
 */
function proxyOverrides(key: string, v: ParsedProxy, own: ParsedProxy): ResolvedProxy["overrides"] {
    const at = (path: string) => `gatewayProxies.${key}.${path}`;
    const svcOwn = own.service?.kubeResourceOverride !== undefined;
    return {
        ...overrideAt(own.kubeResourceOverride, at("kubeResourceOverride"), "workload"),
        ...(nonEmpty(own.service) ? overrideAt(v.service?.kubeResourceOverride, svcOwn ? at("service.kubeResourceOverride") : `gatewayProxies.${DEFAULT_PROXY_KEY}.service.kubeResourceOverride`, "service") : {}),
        ...overrideAt(own.configMap?.kubeResourceOverride, at("configMap.kubeResourceOverride"), "configMap"),
        ...overrideAt(own.podDisruptionBudget?.kubeResourceOverride, at("podDisruptionBudget.kubeResourceOverride"), "pdb"),
        ...overrideAt(own.horizontalPodAutoscaler?.kubeResourceOverride, at("horizontalPodAutoscaler.kubeResourceOverride"), "hpa"),
    };
}

/** One proxy after the merge: chart defaults for whatever is still unset, falsy values dropped. */
export function resolveProxy(key: string, v: ParsedProxy, own: ParsedProxy = v): ResolvedProxy {
    const pt = v.podTemplate ?? {};
    const daemon = workloadKindOf(v.kind) === "DaemonSet";
    // workloadType drops the other kind's block (a null deployment becomes an empty one: no replicas rendered).
    const ds = v.kind?.workloadType === "Deployment" ? undefined : v.kind?.daemonSet;
    const dep = v.kind?.workloadType === "Deployment" && v.kind.deployment === null ? {} : v.kind?.deployment;
    const probes = pt.probes === true;
    const svc = v.service ?? {};
    const pdb = nonEmpty(v.podDisruptionBudget);
    const hpa = nonEmpty(v.horizontalPodAutoscaler);
    return {
        key,
        name: kebabCase(key),
        isDefault: key === DEFAULT_PROXY_KEY,
        disabled: v.disabled === true,
        ...(pt.image && Object.keys(pt.image).length > 0 ? { image: pt.image } : {}),
        replicas: daemon ? undefined : dep === undefined ? 1 : dep?.replicas || undefined,
        priorityClassName: (!daemon && dep?.priorityClassName) || undefined,
        resources: nonEmpty(pt.resources),
        nodeSelector: nonEmpty(pt.nodeSelector),
        tolerations: nonEmpty(pt.tolerations),
        extraAnnotations: pt.extraAnnotations ?? {},
        extraLabels: pt.extraGatewayProxyLabels ?? {},
        httpPort: pt.httpPort ?? 8080,
        httpsPort: pt.httpsPort ?? 8443,
        terminationGracePeriodSeconds: pt.terminationGracePeriodSeconds || undefined,
        gracefulShutdown: { enabled: pt.gracefulShutdown?.enabled ?? false, sleepTimeSeconds: pt.gracefulShutdown?.sleepTimeSeconds ?? 25 },
        // The chart renders placement rules for a Deployment only.
        affinity: daemon ? undefined : nonEmpty(v.affinity),
        antiAffinity: !daemon && v.antiAffinity === true,
        topologySpreadConstraints: daemon ? undefined : nonEmpty(v.topologySpreadConstraints),
        service: {
            type: (svc.type ?? "LoadBalancer") as ResolvedProxy["service"]["type"],
            httpPort: svc.httpPort ?? 80,
            httpsPort: svc.httpsPort ?? 443,
            annotations: svc.extraAnnotations ?? {},
            loadBalancerIP: svc.loadBalancerIP || undefined,
            loadBalancerSourceRanges: nonEmpty(svc.loadBalancerSourceRanges),
            externalTrafficPolicy: svc.externalTrafficPolicy ?? undefined,
            clusterIP: svc.clusterIP || undefined,
            httpNodePort: svc.httpNodePort ?? undefined,
            httpsNodePort: svc.httpsNodePort ?? undefined,
        },
        // A budget with neither bound has no effect: it is not rendered.
        pdb: !daemon && pdb && (present(pdb.minAvailable) || present(pdb.maxUnavailable)) ? { minAvailable: pdb.minAvailable ?? undefined, maxUnavailable: pdb.maxUnavailable ?? undefined } : undefined,
        hpa: !daemon && hpa && present(hpa.maxReplicas) ? { minReplicas: hpa.minReplicas, maxReplicas: hpa.maxReplicas, metrics: hpa.metrics, behavior: hpa.behavior } : undefined,
        gateways: resolveGateways(v.gatewaySettings),
        xds: { address: v.xdsServiceAddress ?? undefined, port: v.xdsServicePort ?? undefined },
        ...(v.cluster ? { cluster: v.cluster } : {}),
        kind: daemon ? "DaemonSet" : "Deployment",
        // hostNetwork defaults to true with hostPort (the chart: `ne "false" (hostNetwork | toString)`).
        ...(daemon ? { daemonSet: { hostPort: ds?.hostPort === true, hostNetwork: ds?.hostPort === true && ds?.hostNetwork !== false } } : {}),
        customEnv: daemon ? [] : (dep?.customEnv ?? []),
        ...(probes ? { readinessProbe: nonEmpty(pt.customReadinessProbe) ?? CHART_READINESS_PROBE } : {}),
        ...(probes && pt.livenessProbeEnabled === true ? { livenessProbe: nonEmpty(pt.customLivenessProbe) ?? CHART_LIVENESS_PROBE } : {}),
        envoyArgs: ["--disable-hot-restart", ...(v.envoyLogLevel ? [`--log-level ${v.envoyLogLevel}`] : []), ...(v.extraEnvoyArgs ?? [])],
        overrides: proxyOverrides(key, v, own),
    };
}

/**
 * The chart's rules (`_8-default-gateways.tpl`): both Gateways unless switched off; `options` and
 * `accessLoggingService` (Go-truthy, i.e. non-empty) make `spec.options`, a custom gateway replaces `httpGateway: {}`.
 */
export function resolveGateways(g: ParsedProxy["gatewaySettings"]): ResolvedGateways {
    const on = (g?.enabled ?? true) && g?.disableGeneratedGateways !== true;
    const options = nonEmpty(g?.options);
    const als = nonEmpty(g?.accessLoggingService);
    return {
        http: on && g?.disableHttpGateway !== true,
        https: on && g?.disableHttpsGateway !== true,
        httpPort: g?.disableHttpGateway !== true,
        httpsPort: g?.disableHttpsGateway !== true,
        bindAddress: g?.ipv4Only === true ? "0.0.0.0" : "::",
        useProxyProto: g?.useProxyProto ?? false,
        ...(options || als ? { options: { ...options, ...(als ? { accessLoggingService: als } : {}) } } : {}),
        httpGateway: nonEmpty(g?.customHttpGateway) ?? {},
        httpsGateway: nonEmpty(g?.customHttpsGateway) ?? {},
    };
}

/** Every proxy in the chart's order (sorted keys), gatewayProxy always among them. */
export function resolveProxies(proxies: ParsedProxies | undefined): ResolvedProxy[] {
    const all = proxies ?? {};
    return proxyKeys(all).map((key) => resolveProxy(key, mergedProxyValues(key, all), all[key] ?? {}));
}
