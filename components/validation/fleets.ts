// Rules across keys on what a proxy fleet's objects do once deployed: values the API server accepts but that
// break the fleet (a budget that blocks every drain, an autoscaler that cannot compute utilization, a spread
// constraint that counts the wrong pods) and limits on names and sizes the program derives from config. Each
// message names the key, the value, why, and the fix; problems stop the program before anything is registered.
import { NAMES, PORTS, serviceFqdn } from "../constants";
import { kebabCase } from "../proxies/kebab";
import { DEFAULT_PROXY_KEY, mergedProxyValues, proxyKeys, workloadKindOf } from "../proxies/merge";
import { ParsedProxy } from "../proxies/resolve";
import { TOTAL_ANNOTATION_SIZE, annotationsSize } from "./k8s-shapes";
import type { KeyStyle } from "./problems";
import type { RuleResult } from "./proxies";
import type { ValidArgs } from "./schema";

const show = (v: unknown) => JSON.stringify(v);
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

/** Whether a meta/v1 LabelSelector selects a pod with `labels` (labels.Selector semantics; an empty selector selects all). */
export function selects(s: Selector, labels: Record<string, string>): boolean {
    for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== v) return false;
    for (const e of s.matchExpressions ?? []) {
        const has = e.key in labels;
        const inValues = has && (e.values ?? []).includes(labels[e.key]);
        const ok = { In: inValues, NotIn: !inValues, Exists: has, DoesNotExist: !has }[e.operator];
        if (!ok) return false;
    }
    return true;
}

/** The labels of proxy `key`'s pods (components/proxies/objects.ts): the selector's, `gateway-proxy: live` and the extra ones. */
function podLabels(key: string, v: ParsedProxy): Record<string, string> {
    return { ...(v.podTemplate?.extraGatewayProxyLabels ?? {}), gloo: NAMES.gatewayProxy, "gateway-proxy-id": kebabCase(key), "gateway-proxy": "live" };
}

/** The value of an int-or-percent bound for `replicas` pods, rounded up as the disruption controller does. */
function scaled(v: number | string, replicas: number): number {
    return typeof v === "number" ? v : Math.ceil((Number(v.slice(0, -1)) * replicas) / 100);
}

/** Names the program derives from `k8s.clusterName` and `namespace`: gloo's FQDN (SANs, SNI, Envoy's xDS address). */
function derivedNameProblems(c: ValidArgs, style: KeyStyle): string[] {
    const ns = c.namespace ?? "gloo-system";
    const domain = c.k8s?.clusterName ?? "cluster.local";
    const fqdn = serviceFqdn(NAMES.gloo, ns, domain);
    if (fqdn.length <= 253) return [];
    const key = c.k8s?.clusterName !== undefined ? "k8s.clusterName" : "namespace";
    return [
        `${style.key(key)}: got ${show(key === "namespace" ? ns : domain)}; gloo's name ${show(fqdn)} (on its certificate, dialled and sent as SNI by every proxy) would be ` +
            `${fqdn.length} characters, more than the 253 a DNS name may have (use a shorter ${key === "namespace" ? "namespace" : "cluster domain"})`,
    ];
}

/** The pod annotations the program adds to a proxy's pods, with their sizes (objects.ts). */
function programProxyAnnotationsSize(name: string): number {
    return annotationsSize({ [`checksum/${name}-envoy-config`]: "0".repeat(64), "prometheus.io/path": "/metrics", "prometheus.io/port": String(PORTS.proxyStats), "prometheus.io/scrape": "true" });
}
/** An upper bound on the pod annotations the program adds to gloo's pods (prometheus, oss-image-tag, checksum, default container). */
const GLOO_PROGRAM_ANNOTATIONS = 512;

function annotationProblems(c: ValidArgs, style: KeyStyle, out: RuleResult): void {
    const gloo = annotationsSize(c.gloo?.deployment?.extraGlooAnnotations);
    if (gloo > 0 && gloo + GLOO_PROGRAM_ANNOTATIONS > TOTAL_ANNOTATION_SIZE) {
        out.problems.push(`${style.key("gloo.deployment.extraGlooAnnotations")}: total ${gloo} bytes; with the program's own annotations the pod's exceed the ${TOTAL_ANNOTATION_SIZE} bytes (256 KiB) the API server accepts on one object`);
    }
}

/** Every rule of this file, over every enabled proxy after the chart's merge. */
export function fleetRules(c: ValidArgs, style: KeyStyle): RuleResult {
    const out: RuleResult = { problems: [], warnings: [] };
    out.problems.push(...derivedNameProblems(c, style));
    annotationProblems(c, style, out);
    const raw = (c.gatewayProxies ?? {}) as Record<string, ParsedProxy | undefined>;
    const keys = proxyKeys(raw);
    const merged = new Map(keys.map((k) => [k, mergedProxyValues(k, raw)] as const));
    const enabled = keys.filter((k) => merged.get(k)!.disabled !== true);
    const mtls = c.global?.glooMtls?.enabled ?? true;
    for (const key of enabled) {
        const v = merged.get(key)!;
        // A DaemonSet has no replicas, budget, autoscaler or spread constraints (./workloads refuses or warns about them).
        const daemon = workloadKindOf(v.kind) === "DaemonSet";
        const p = (path: string) => style.key(`gatewayProxies.${key}.${path}`);
        const own = (path: string) => key === DEFAULT_PROXY_KEY || path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), raw[key]) !== undefined;
        const from = (path: string) => (own(path) ? "" : ` (inherited from ${style.key(`gatewayProxies.${DEFAULT_PROXY_KEY}.${path}`)})`);
        const fixOf = (path: string, value: string) => (own(path) ? style.set(`gatewayProxies.${key}.${path}`, value) : `${style.set(`gatewayProxies.${key}.${path}`, value)} to override the inherited value`);

        // Pod template annotations after the merge, with the program's own.
        const annotations = annotationsSize(v.podTemplate?.extraAnnotations) + programProxyAnnotationsSize(kebabCase(key));
        if (annotationsSize(v.podTemplate?.extraAnnotations) > 0 && annotations > TOTAL_ANNOTATION_SIZE) {
            out.problems.push(`${p("podTemplate.extraAnnotations")}: total ${annotations} bytes with the program's own${from("podTemplate.extraAnnotations")}; the API server accepts at most ${TOTAL_ANNOTATION_SIZE} bytes (256 KiB) of annotations on one object`);
        }

        // settings.ipV4Only is for nodes without IPv6, where an Envoy listener on :: cannot bind: the chart leaves the
        // Gateways' bindAddress to each proxy's gatewaySettings.ipv4Only.
        const gs = v.gatewaySettings;
        const gateways = (gs?.enabled ?? true) && gs?.disableGeneratedGateways !== true && !(gs?.disableHttpGateway === true && gs?.disableHttpsGateway === true);
        if (c.settings?.ipV4Only === true && gateways && gs?.ipv4Only !== true) {
            out.warnings.push(
                `${p("gatewaySettings.ipv4Only")}: got ${show(gs?.ipv4Only ?? false)}${from("gatewaySettings.ipv4Only")} while ${style.key("settings.ipV4Only")} is true; this proxy's Gateways bind "::", ` +
                    `which fails on nodes without IPv6 (fix: ${style.set(`gatewayProxies.${key}.gatewaySettings.ipv4Only`, "true")})`,
            );
        }

        // A digest pins the image: an own tag beside an inherited digest names an image that is not the one pulled.
        const image = v.podTemplate?.image;
        if (image?.digest !== undefined && !own("podTemplate.image.digest") && own("podTemplate.image.tag")) {
            out.warnings.push(
                `${p("podTemplate.image.tag")}: got ${show(image.tag)} beside a digest${from("podTemplate.image.digest")}; the runtime pulls by the digest, so the tag has no effect ` +
                    `(fix: ${style.set(`gatewayProxies.${key}.podTemplate.image.digest`, "<the digest of that tag>")})`,
            );
        }

        // The fewest pods the fleet runs: what a disruption budget is measured against.
        const hpa = v.horizontalPodAutoscaler;
        const autoscaled = hpa != null && hpa.maxReplicas !== undefined;
        const replicas = autoscaled ? (hpa.minReplicas ?? 1) : (v.kind?.deployment?.replicas ?? 1);
        const replicasFrom = autoscaled
            ? `${p("horizontalPodAutoscaler.minReplicas")} ${replicas}${hpa.minReplicas === undefined ? " (Kubernetes' default)" : ""}`
            : v.kind?.deployment?.replicas != null
              ? `${p("kind.deployment.replicas")} ${replicas}${from("kind.deployment.replicas")}`
              : "1 replica (the default)";
        const pdb = v.podDisruptionBudget;
        if (!daemon && pdb?.minAvailable != null && replicas > 0 && scaled(pdb.minAvailable, replicas) >= replicas) {
            out.problems.push(
                `${p("podDisruptionBudget.minAvailable")}: got ${show(pdb.minAvailable)}${from("podDisruptionBudget.minAvailable")} with ${replicasFrom}; a budget that keeps every pod ` +
                    `available allows no eviction, so every node drain (upgrades, autoscaler scale-down) hangs on this proxy (fix: a minAvailable below ${replicas}, e.g. ` +
                    `${fixOf("podDisruptionBudget.minAvailable", replicas > 1 ? String(replicas - 1) : "null")}${replicas > 1 ? "" : ", and more replicas"})`,
            );
        }
        if (!daemon && pdb?.maxUnavailable != null && pdb.minAvailable == null && typeof pdb.maxUnavailable === "string" && scaled(pdb.maxUnavailable, Math.max(replicas, 1)) === 0) {
            out.problems.push(`${p("podDisruptionBudget.maxUnavailable")}: got ${show(pdb.maxUnavailable)}${from("podDisruptionBudget.maxUnavailable")}; allows no eviction, so every node drain hangs (fix: ${fixOf("podDisruptionBudget.maxUnavailable", "1")})`);
        }

        // Utilization targets: the HPA divides usage by the request of every container of the pod.
        if (autoscaled && !daemon) {
            type Metric = NonNullable<typeof hpa.metrics>[number];
            const metrics: Metric[] = hpa.metrics?.length ? hpa.metrics : [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
            const containers: [string, string, Record<string, string> | undefined][] = [
                [kebabCase(key), `gatewayProxies.${key}.podTemplate.resources`, { ...(v.podTemplate?.resources?.limits ?? {}), ...(v.podTemplate?.resources?.requests ?? {}) }],
                ...(mtls ? [[NAMES.sdsContainer, "global.glooMtls.sdsResources", { ...(c.global?.glooMtls?.sdsResources?.limits ?? {}), ...(c.global?.glooMtls?.sdsResources?.requests ?? {}) }] as [string, string, Record<string, string>]] : []),
            ];
            metrics.forEach((m, i) => {
                const src = m.type === "Resource" ? m.resource : m.type === "ContainerResource" ? m.containerResource : undefined;
                if (!src || src.target.type !== "Utilization") return;
                const where = hpa.metrics?.length ? p(`horizontalPodAutoscaler.metrics[${i}]`) : `${p("horizontalPodAutoscaler")} (no metrics: Kubernetes' default, 80% CPU utilization)`;
                const container = m.type === "ContainerResource" ? m.containerResource!.container : undefined;
                if (container !== undefined && !containers.some(([n]) => n === container)) {
                    out.problems.push(`${where}: container ${show(container)} is not in this proxy's pods (containers: ${containers.map(([n]) => n).join(", ")}); the autoscaler would never scale`);
                    return;
                }
                // A limit without a request defaults the request to it.
                const missing = containers.filter(([n, , r]) => (container === undefined || n === container) && r?.[src.name] === undefined);
                for (const [n, key2] of missing) {
                    out.problems.push(
                        `${where}: scales on ${src.name} utilization, but container ${n} has no ${src.name} request; the autoscaler cannot compute utilization and never scales ` +
                            `(fix: ${style.set(`${key2}.requests.${src.name}`, src.name === "cpu" ? "100m" : "128Mi")})`,
                    );
                }
            });
        }

        // Spread constraints count the pods their selector matches, in this proxy's namespace.
        const mine = podLabels(key, v);
        // matchLabelKeys add the pod's own values of those labels to the selector (AND), per pod.
        const effective = (t: { labelSelector?: Selector; matchLabelKeys?: string[] }, labels: Record<string, string>): Selector => ({
            ...t.labelSelector,
            matchLabels: { ...t.labelSelector?.matchLabels, ...Object.fromEntries((t.matchLabelKeys ?? []).filter((k) => k in labels).map((k) => [k, labels[k]])) },
        });
        (daemon ? [] : (v.topologySpreadConstraints ?? [])).forEach((t, i) => {
            const at = p(`topologySpreadConstraints[${i}]`);
            const inherited = from("topologySpreadConstraints");
            if (!t.labelSelector) {
                out.problems.push(`${at}${inherited}: has no labelSelector, so it counts no pods and spreads nothing (fix: labelSelector.matchLabels {"gateway-proxy-id": ${show(kebabCase(key))}})`);
                return;
            }
            if (!selects(t.labelSelector, mine)) {
                out.problems.push(
                    `${at}.labelSelector: got ${show(t.labelSelector)}${inherited}; selects none of this proxy's pods (labels ${show(mine)}), so the constraint spreads them by counting other pods ` +
                        `(fix: select gateway-proxy-id ${show(kebabCase(key))}${inherited ? `; set gatewayProxies.${key}.topologySpreadConstraints of its own` : ""})`,
                );
                return;
            }
            const others = enabled.filter((o) => o !== key && (raw[o]?.cluster ?? "") === (raw[key]?.cluster ?? "") && selects(effective(t, mine), podLabels(o, merged.get(o)!)));
            if (others.length > 0) {
                const msg =
                    `${at}.labelSelector: got ${show(t.labelSelector)}${inherited}; also selects the pods of ${others.map((o) => style.key(`gatewayProxies.${o}`)).join(", ")}, so this proxy is spread by counting their pods too ` +
                    `(fix: add "gateway-proxy-id": ${show(kebabCase(key))} to matchLabels, or matchLabelKeys ["gateway-proxy-id"], which also suits an inherited constraint)`;
                if (inherited) out.problems.push(msg);
                else out.warnings.push(msg);
            }
        });
    }
    return out;
}
