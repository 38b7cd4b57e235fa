// Rules on the workload keys of the chart (issue 20): gloo's budget and log level, a proxy's kind (Deployment or
// DaemonSet), probes, env, Envoy's command line and the kubeResourceOverrides that have nothing to merge into.
// Each message names the key, the value, why and the fix. Problems stop the program; warnings are reported.
import { PORTS } from "../constants";
import { DEFAULT_PROXY_KEY, workloadKindOf } from "../proxies/merge";
import type { ParsedProxy } from "../proxies/resolve";
import type { KeyStyle } from "./problems";
import type { RuleResult } from "./proxies";
import type { ValidArgs } from "./schema";

const show = (v: unknown) => JSON.stringify(v);
type IntOrPercent = number | string;

function get(v: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), v);
}

/** Pods a budget's bound leaves to evict from `replicas` pods; a percentage rounds up as the disruption controller does. */
function bound(b: IntOrPercent, replicas: number): number {
    return typeof b === "number" ? b : Math.ceil((Number(b.slice(0, -1)) * replicas) / 100);
}

/**
 * A PodDisruptionBudget over `replicas` pods that allows no eviction at all: drains and node upgrades hang on it.
 * `key` is the budget's value path; `replicasKey` names where the replica count comes from.
 */
export function budgetProblems(
    budget: { minAvailable?: IntOrPercent | null; maxUnavailable?: IntOrPercent | null },
    replicas: number,
    key: string,
    replicasKey: string,
    style: KeyStyle,
): string[] {
    const out: string[] = [];
    const { minAvailable: min, maxUnavailable: max } = budget;
    if (min != null && max != null) {
        out.push(`${style.key(key)}: got minAvailable ${show(min)} and maxUnavailable ${show(max)}; a PodDisruptionBudget takes one of the two, the API server refuses both (fix: keep only one of them)`);
        return out;
    }
    if (min === 0 || max === 0) {
        const f = min === 0 ? "minAvailable" : "maxUnavailable";
        out.push(`${style.key(`${key}.${f}`)}: got 0; the chart renders it only when non-zero, so the budget would not have it (use 1 or more, or a percentage)`);
        return out;
    }
    if (min != null && bound(min, replicas) >= replicas) {
        out.push(
            `${style.key(`${key}.minAvailable`)}: got ${show(min)} with ${replicas} replica${replicas === 1 ? "" : "s"} (${style.key(replicasKey)}); it must stay below the replicas, ` +
                `or the budget allows no eviction and every node drain hangs (fix: ${typeof min === "number" ? style.set(replicasKey, String(min + 1)) : "more replicas"}, or ${style.set(`${key}.maxUnavailable`, "1")} instead)`,
        );
    }
    if (max != null && bound(max, replicas) === 0) {
        out.push(`${style.key(`${key}.maxUnavailable`)}: got ${show(max)}, which rounds to 0 of ${replicas} replicas; the budget would allow no eviction and every node drain hangs (use 1 or more)`);
    }
    return out;
}

/** `gloo.podDisruptionBudget`, `gloo.logLevel` against the rest of gloo's values. */
export function glooWorkloadRules(c: ValidArgs, style: KeyStyle, out: RuleResult): void {
    const pdb = c.gloo?.podDisruptionBudget;
    if (pdb && (pdb.minAvailable !== undefined || pdb.maxUnavailable !== undefined)) {
        out.problems.push(...budgetProblems(pdb, c.gloo?.deployment?.replicas ?? 1, "gloo.podDisruptionBudget", "gloo.deployment.replicas", style));
    }
}

/** Env names gloo's container gets from the program when `gloo.logLevel` is set. */
export function glooProgramEnv(c: ValidArgs): string[] {
    return c.gloo?.logLevel ? ["LOG_LEVEL"] : [];
}

/** Env the proxy container always has (the chart's own). */
const PROXY_ENV = ["POD_NAMESPACE", "POD_NAME", "DISABLE_CORE_DUMPS"];
/** Envoy flags the program passes already (the image's entry point adds `--config-yaml` with the bootstrap). */
const OWN_FLAGS: Record<string, string> = {
    "--disable-hot-restart": "the program passes it already, and Envoy refuses a flag given twice",
    "--config-yaml": "the image's entry point passes the program's bootstrap with it, and Envoy refuses a flag given twice",
    "-c": "the bootstrap (with its mutual-TLS xDS clusters) is the program's, passed by the image's entry point",
    "--config-path": "the bootstrap (with its mutual-TLS xDS clusters) is the program's, passed by the image's entry point",
    "--mode": "the proxy must serve; validate mode would exit",
};

/** Rules on one proxy's merged workload values; `own` tells whether a path is the proxy's own or inherited. */
export function proxyWorkloadRules(c: ValidArgs, key: string, v: ParsedProxy, raw: Record<string, ParsedProxy | undefined>, style: KeyStyle, out: RuleResult): void {
    const p = (path: string) => style.key(`gatewayProxies.${key}.${path}`);
    const own = (path: string) => get(raw[key], path) !== undefined || key === DEFAULT_PROXY_KEY;
    const from = (path: string) => (own(path) ? "" : ` (inherited from ${style.key(`gatewayProxies.${DEFAULT_PROXY_KEY}.${path}`)})`);
    const fix = (path: string, what: string) => (own(path) ? style.remove(`gatewayProxies.${key}.${path}`) : style.set(`gatewayProxies.${key}.${path}`, "null")) + what;
    const daemon = workloadKindOf(v.kind) === "DaemonSet";
    const wt = v.kind?.workloadType ?? undefined;
    // workloadType drops the other kind's block, as the chart does.
    const ds = wt === "Deployment" ? undefined : v.kind?.daemonSet;
    const dropped = wt === "Deployment" ? "daemonSet" : wt === "DaemonSet" ? "deployment" : undefined;
    const droppedValue = dropped ? get(v.kind, dropped) : undefined;
    if (dropped && droppedValue != null && Object.keys(droppedValue as object).length > 0) {
        out.warnings.push(
            `${p(`kind.${dropped}`)}: got ${show(droppedValue)}${from(`kind.${dropped}`)} with kind.workloadType ${wt}${from("kind.workloadType")}; it has no effect: the chart drops it (fix: ${fix(`kind.${dropped}`, "")})`,
        );
    }

    // Kind: without workloadType, a DaemonSet exactly when kind.deployment is null.
    if (wt === undefined && !daemon && ds && Object.keys(ds).length > 0) {
        out.problems.push(
            `${p("kind.daemonSet")}: got ${show(ds)}${from("kind.daemonSet")} while kind.deployment is a map${v.kind?.deployment === undefined ? " (the chart's default { replicas: 1 })" : ""}; ` +
                `the chart then renders a Deployment${ds.hostPort === true ? " (which its hostPort would still put on the host network)" : ", and kind.daemonSet does nothing"} ` +
                `(fix: ${style.set(`gatewayProxies.${key}.kind.deployment`, "null")} for a DaemonSet, or ${fix("kind.daemonSet", " for a Deployment")})`,
        );
    }
    if (ds?.hostPort === true) {
        out.problems.push(
            `${p("kind.daemonSet.hostPort")}: got true${from("kind.daemonSet.hostPort")}; host ports (and the host network the chart turns on with them) break Pod Security Standards restricted, ` +
                `which every pod of this program meets, and on the host network the sds sidecar would serve the proxy's private key on the node's addresses, where no NetworkPolicy applies ` +
                `(fix: ${fix("kind.daemonSet.hostPort", "")}, and reach the DaemonSet's pods through its Service: type NodePort or LoadBalancer with service.externalTrafficPolicy Local keeps traffic on the node)`,
        );
    } else if (ds?.hostNetwork != null) {
        out.warnings.push(`${p("kind.daemonSet.hostNetwork")}: got ${ds.hostNetwork}${from("kind.daemonSet.hostNetwork")}; it has no effect: the chart renders it only with hostPort (fix: ${fix("kind.daemonSet.hostNetwork", "")})`);
    }
    if (daemon) {
        const hpa = v.horizontalPodAutoscaler;
        if (hpa && Object.keys(hpa).some((k) => k !== "kubeResourceOverride")) {
            out.problems.push(`${p("horizontalPodAutoscaler")}: got ${show(hpa)}${from("horizontalPodAutoscaler")} on a DaemonSet; a DaemonSet runs one pod per node and cannot be scaled (fix: ${fix("horizontalPodAutoscaler", "")})`);
        }
        const pdb = v.podDisruptionBudget;
        if (pdb && (pdb.minAvailable != null || pdb.maxUnavailable != null)) {
            out.problems.push(
                `${p("podDisruptionBudget")}: got ${show({ minAvailable: pdb.minAvailable, maxUnavailable: pdb.maxUnavailable })}${from("podDisruptionBudget")} on a DaemonSet; ` +
                    `the chart renders no budget for a DaemonSet (node drains evict its pods only with --ignore-daemonsets, and it replaces none of them elsewhere) (fix: ${fix("podDisruptionBudget", "")})`,
            );
        }
        for (const f of ["affinity", "antiAffinity", "topologySpreadConstraints"]) {
            const value = get(v, f);
            if (value == null || value === false) continue;
            out.warnings.push(`${p(f)}: got ${show(value)}${from(f)} on a DaemonSet; it has no effect: the chart renders it for a Deployment only, a DaemonSet runs on every node its nodeSelector and tolerations admit (fix: ${fix(f, "")})`);
        }
    }

    // Probes: the chart renders them only with podTemplate.probes.
    const pt = v.podTemplate ?? {};
    const probes = pt.probes === true;
    const unused = (f: string, needs: string) => {
        if (get(pt, f) == null || get(pt, f) === false || (typeof get(pt, f) === "object" && Object.keys(get(pt, f) as object).length === 0)) return;
        out.warnings.push(`${p(`podTemplate.${f}`)}: got ${show(get(pt, f))}${from(`podTemplate.${f}`)} without ${needs}; it has no effect: the chart renders it only with ${needs} (fix: set ${needs} to true, or ${fix(`podTemplate.${f}`, "")})`);
    };
    if (!probes) for (const f of ["livenessProbeEnabled", "customReadinessProbe", "customLivenessProbe"]) unused(f, "podTemplate.probes");
    else if (pt.livenessProbeEnabled !== true) unused("customLivenessProbe", "podTemplate.livenessProbeEnabled");
    const stats = c.global?.glooStats?.enabled !== false;
    const httpPort = pt.httpPort ?? 8080;
    const httpsPort = pt.httpsPort ?? 8443;
    for (const [f, pr] of [["customReadinessProbe", pt.customReadinessProbe], ["customLivenessProbe", pt.customLivenessProbe]] as const) {
        if (!pr || !probes) continue;
        const port = pr.httpGet?.port ?? pr.tcpSocket?.port ?? pr.grpc?.port;
        const at = `${p(`podTemplate.${f}`)}: got ${show(pr)}${from(`podTemplate.${f}`)}`;
        if (port === PORTS.proxyAdmin) {
            out.problems.push(`${at}; port ${PORTS.proxyAdmin} is Envoy's admin, which listens on 127.0.0.1 only: kubelet probes the pod's address and would always fail (use an exec probe on 127.0.0.1:${PORTS.proxyAdmin}, as the chart's, or HTTP /ready on ${PORTS.proxyStats})`);
        } else if (typeof port === "string" && port !== "http" && port !== "https") {
            out.problems.push(`${at}; the proxy container names its ports http and https only, so kubelet cannot resolve ${show(port)} (use one of them or a number)`);
        } else if (typeof port === "number" && ![httpPort, httpsPort, ...(stats ? [PORTS.proxyStats] : [])].includes(port)) {
            const listeners = `${httpPort}, ${httpsPort}${stats ? `, stats ${PORTS.proxyStats}` : "; no stats listener with global.glooStats.enabled false"}`;
            out.warnings.push(`${at}; nothing in the proxy container listens on port ${port} (its listeners: ${listeners}), so the probe would fail unless a Gateway binds it`);
        }
        if (f === "customLivenessProbe" && pr.successThreshold !== undefined && pr.successThreshold !== 1) {
            out.problems.push(`${p("podTemplate.customLivenessProbe.successThreshold")}: got ${pr.successThreshold}${from("podTemplate.customLivenessProbe")}; must be 1 for a liveness probe (the API server refuses any other)`);
        }
    }

    // Env of the proxy container (a Deployment's only, as the chart renders it).
    const env = daemon ? [] : (v.kind?.deployment?.customEnv ?? []);
    const seen = new Set<string>();
    env.forEach((e, i) => {
        const at = `${p(`kind.deployment.customEnv[${i}].name`)}: got ${show(e.name)}${from("kind.deployment.customEnv")}`;
        if (PROXY_ENV.includes(e.name)) out.problems.push(`${at}; the program sets ${e.name} itself (the chart's own variable): use another name`);
        else if (seen.has(e.name)) out.problems.push(`${at}; listed twice (Kubernetes would keep only the last): keep one`);
        seen.add(e.name);
    });

    // Envoy's command line.
    const flags = new Map<string, number>();
    (v.extraEnvoyArgs ?? []).forEach((a, i) => {
        const flag = a.split(/[ =]/)[0];
        const at = `${p(`extraEnvoyArgs[${i}]`)}: got ${show(a)}${from("extraEnvoyArgs")}`;
        if (OWN_FLAGS[flag]) out.problems.push(`${at}; ${OWN_FLAGS[flag]}: remove it`);
        else if ((flag === "--log-level" || flag === "-l") && v.envoyLogLevel) out.problems.push(`${at} together with envoyLogLevel ${show(v.envoyLogLevel)}${from("envoyLogLevel")}; Envoy refuses a flag given twice (fix: keep one)`);
        else if (flag.startsWith("-") && flags.has(flag)) out.problems.push(`${at}; ${flag} is already extraEnvoyArgs[${flags.get(flag)}] and Envoy refuses a flag given twice (keep one)`);
        if (flag.startsWith("-") && !flags.has(flag)) flags.set(flag, i);
    });

    // Overrides with nothing to merge into (the chart renders nothing, so the override has no effect).
    const o = raw[key] ?? {};
    const hpaSet = v.horizontalPodAutoscaler && v.horizontalPodAutoscaler.maxReplicas != null;
    const pdbSet = v.podDisruptionBudget && (v.podDisruptionBudget.minAvailable != null || v.podDisruptionBudget.maxUnavailable != null);
    for (const [path, rendered, what] of [
        ["podDisruptionBudget.kubeResourceOverride", !daemon && pdbSet, "no budget (neither bound is set, or the proxy is a DaemonSet)"],
        ["horizontalPodAutoscaler.kubeResourceOverride", !daemon && hpaSet, "no autoscaler (maxReplicas is unset, or the proxy is a DaemonSet)"],
    ] as const) {
        if (get(o, path) != null && !rendered) out.warnings.push(`${p(path)} is set, but the proxy has ${what}: it has no effect (fix: ${style.remove(`gatewayProxies.${key}.${path}`)})`);
    }
}
