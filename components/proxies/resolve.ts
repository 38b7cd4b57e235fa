// From validated `gatewayProxies` / `gloo.deployment` values to what the builders render: the chart's merge,
// then the chart's defaults, then the chart's "rendered only when truthy" rules. Pure.
import { z } from "zod";
import { gatewayProxiesSchema, glooDeploymentSchema } from "../validation/proxy-schema";
import { kebabCase } from "./kebab";
import { DEFAULT_PROXY_KEY, mergedProxyValues, proxyKeys } from "./merge";
import { ResolvedGateways, ResolvedGloo, ResolvedProxy, Resources } from "./types";

export type ParsedProxy = z.output<typeof gatewayProxiesSchema>[string];
export type ParsedProxies = z.output<typeof gatewayProxiesSchema>;

/** The chart's default for the gloo container when `gloo.deployment.resources` is unset or empty. */
export const GLOO_DEFAULT_RESOURCES: Resources = { requests: { cpu: "500m", memory: "256Mi" } };

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;
/** Go template truthiness for maps and lists: set and non-empty. */
const nonEmpty = <T extends object>(v: T | null | undefined): T | undefined =>
    present(v) && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0) ? v : undefined;

export function resolveGloo(d: z.output<typeof glooDeploymentSchema> | undefined, ossImageTag: string): ResolvedGloo {
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
    };
}

/** One proxy after the merge: chart defaults for whatever is still unset, falsy values dropped. */
export function resolveProxy(key: string, v: ParsedProxy): ResolvedProxy {
    const pt = v.podTemplate ?? {};
    const svc = v.service ?? {};
    const pdb = nonEmpty(v.podDisruptionBudget);
    const hpa = nonEmpty(v.horizontalPodAutoscaler);
    return {
        key,
        name: kebabCase(key),
        isDefault: key === DEFAULT_PROXY_KEY,
        disabled: v.disabled === true,
        replicas: v.kind?.deployment?.replicas === undefined ? 1 : v.kind.deployment.replicas || undefined,
        priorityClassName: v.kind?.deployment?.priorityClassName || undefined,
        resources: nonEmpty(pt.resources),
        nodeSelector: nonEmpty(pt.nodeSelector),
        tolerations: nonEmpty(pt.tolerations),
        extraAnnotations: pt.extraAnnotations ?? {},
        extraLabels: pt.extraGatewayProxyLabels ?? {},
        httpPort: pt.httpPort ?? 8080,
        httpsPort: pt.httpsPort ?? 8443,
        terminationGracePeriodSeconds: pt.terminationGracePeriodSeconds || undefined,
        gracefulShutdown: { enabled: pt.gracefulShutdown?.enabled ?? false, sleepTimeSeconds: pt.gracefulShutdown?.sleepTimeSeconds ?? 25 },
        affinity: nonEmpty(v.affinity),
        antiAffinity: v.antiAffinity === true,
        topologySpreadConstraints: nonEmpty(v.topologySpreadConstraints),
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
        pdb: pdb && (present(pdb.minAvailable) || present(pdb.maxUnavailable)) ? { minAvailable: pdb.minAvailable ?? undefined, maxUnavailable: pdb.maxUnavailable ?? undefined } : undefined,
        hpa: hpa && present(hpa.maxReplicas) ? { minReplicas: hpa.minReplicas, maxReplicas: hpa.maxReplicas, metrics: hpa.metrics, behavior: hpa.behavior } : undefined,
        gateways: resolveGateways(v.gatewaySettings),
        xds: { address: v.xdsServiceAddress ?? undefined, port: v.xdsServicePort ?? undefined },
        ...(v.cluster ? { cluster: v.cluster } : {}),
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
    return proxyKeys(all).map((key) => resolveProxy(key, mergedProxyValues(key, all)));
}
