// Rules that span keys of the production surface (gloo.deployment, gatewayProxies): the names each proxy's
// objects get, the values each proxy ends up with after the chart's merge from gatewayProxy, and settings
// that have no effect. Problems stop the program before anything is registered; warnings are reported and
// the install goes on. Each message names the key, the value, what is allowed and the fix.
import { NAMES, PORTS } from "../constants";
import { kebabCase } from "../proxies/kebab";
import { DEFAULT_PROXY_KEY, mergedProxyValues, proxyKeys } from "../proxies/merge";
import { ParsedProxy } from "../proxies/resolve";
import { isIp } from "./k8s-shapes";
import type { KeyStyle } from "./problems";
import type { ValidArgs } from "./schema";
import { glooProgramEnv, glooWorkloadRules, proxyWorkloadRules } from "./workloads";

export interface RuleResult {
    problems: string[];
    warnings: string[];
}

const show = (v: unknown) => JSON.stringify(v);
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The default --service-node-port-range of the API server. */
const NODE_PORT_RANGE = [30000, 32767] as const;

/** Objects of the install that are not per proxy, by kind: a proxy must not take their names. */
const FIXED_OBJECTS: Record<string, Record<string, string>> = {
    Deployment: { gloo: "the control plane", extauth: "the extauth server", "rate-limit": "the rate-limit server", redis: "rate-limit's Redis" },
    Service: { gloo: "the control plane", "gloo-xds-external": "gloo's external xDS address", extauth: "the extauth server", "rate-limit": "the rate-limit server", redis: "rate-limit's Redis" },
    NetworkPolicy: { "gloo-mtls-gloo": "gloo's policy", "gloo-mtls-extauth": "extauth's policy", "gloo-mtls-rate-limit": "rate-limit's policy", "gloo-mtls-redis": "Redis's policy" },
    ConfigMap: { [NAMES.sidecarConfigMap]: "gloo's sidecar bootstrap", "extauth-sidecar-config": "extauth's sidecar bootstrap", "rate-limit-sidecar-config": "rate-limit's sidecar bootstrap" },
};

/** Every object a proxy named `n` makes, by kind (the chart's names; NetworkPolicy is ours). */
export function proxyObjectNames(n: string): [kind: string, name: string][] {
    return [
        ["Deployment", n],
        ["Service", n],
        ["Service", `${n}-monitoring-service`],
        ["ConfigMap", `${n}-envoy-config`],
        ["Gateway", n],
        ["Gateway", `${n}-ssl`],
        ["PodDisruptionBudget", `${n}-pdb`],
        ["HorizontalPodAutoscaler", `${n}-hpa`],
        ["NetworkPolicy", `gloo-mtls-${n}`],
    ];
}

/** Labels the program sets on proxy pods (selectors depend on them). */
const PROXY_OWN_LABELS = ["gloo", "gateway-proxy-id", "gateway-proxy"];
const STATS_ANNOTATIONS = ["prometheus.io/path", "prometheus.io/port", "prometheus.io/scrape"];

function get(v: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), v);
}

/** Checks the names of every proxy's objects; returns the problems and the keys whose names are usable. */
function nameProblems(keys: string[], style: KeyStyle): string[] {
    const problems: string[] = [];
    const k = (key: string) => style.key(`gatewayProxies.${key}`);
    const owner = new Map<string, string>(); // "Kind/name" → key
    for (const key of keys) {
        const n = kebabCase(key);
        const fix = `fix: use another key; its objects are named by the key's kebabcase, e.g. publicGw → public-gw`;
        if (!DNS1035_LABEL.test(n) || n.length > 63) {
            problems.push(
                `${k(key)}: got key ${show(key)}, whose objects would be named ${show(n)} (its kebabcase, as the chart names them); ` +
                    `a Service name must be a DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter (${fix})`,
            );
            continue;
        }
        const tooLong = proxyObjectNames(n).find(([, name]) => name.length > 253 || !DNS1123_SUBDOMAIN.test(name));
        if (tooLong) {
            problems.push(`${k(key)}: got key ${show(key)}; its ${tooLong[0]} would be named ${show(tooLong[1])}, which is not a valid object name (${fix})`);
            continue;
        }
        // The pods' annotation checksum/<n>-envoy-config: the name part of an annotation key is at most 63 characters.
        const annotation = `${n}-envoy-config`;
        if (annotation.length > 63) {
            problems.push(
                `${k(key)}: got key ${show(key)}, whose objects would be named ${show(n)} (${n.length} characters); its pods' annotation checksum/${annotation} would have a name ` +
                    `of ${annotation.length} characters, more than the 63 the API server accepts, so at most ${63 - "-envoy-config".length} characters (${fix})`,
            );
            continue;
        }
        for (const [kind, name] of proxyObjectNames(n)) {
            const fixed = FIXED_OBJECTS[kind]?.[name];
            const defaultsName = key !== DEFAULT_PROXY_KEY && n === NAMES.gatewayProxy;
            const other = owner.get(`${kind}/${name}`);
            if (fixed || defaultsName || other) {
                const what = fixed ? `the install's ${kind} ${show(name)} (${fixed})` : defaultsName ? `the default proxy's objects (key gatewayProxy)` : `${kind} ${show(name)} of ${k(other!)}`;
                problems.push(`${k(key)}: got key ${show(key)}, whose objects would be named ${show(n)}; its ${kind} ${show(name)} would collide with ${what} (${fix})`);
                break;
            }
        }
        for (const [kind, name] of proxyObjectNames(n)) if (!owner.has(`${kind}/${name}`)) owner.set(`${kind}/${name}`, key);
    }
    return problems;
}

/** Rules on one proxy's merged values; `own` tells whether a path is the proxy's own or inherited. */
function proxyValueRules(c: ValidArgs, key: string, v: ParsedProxy, raw: Record<string, ParsedProxy | undefined>, style: KeyStyle, out: RuleResult): void {
    const p = (path: string) => style.key(`gatewayProxies.${key}.${path}`);
    const own = (path: string) => get(raw[key], path) !== undefined || key === DEFAULT_PROXY_KEY;
    const from = (path: string) => (own(path) ? "" : ` (inherited from ${style.key(`gatewayProxies.${DEFAULT_PROXY_KEY}.${path}`)})`);
    const n = kebabCase(key);

    // Values the chart drops because they are falsy: the user meant something else than what would happen.
    const dropped: [string, string][] = [
        ["kind.deployment.replicas", "the chart renders replicas only when non-zero, so Kubernetes would run 1 pod; to remove the proxy set disabled: true, to leave replicas to an autoscaler set it to null"],
        ["podTemplate.terminationGracePeriodSeconds", "the chart renders it only when non-zero, so Kubernetes would use 30 s; use 1 or more, or null for the default"],
        ["podDisruptionBudget.minAvailable", "the chart renders it only when non-zero, so the budget would not have it; use 1 or more, a percentage, or null"],
        ["podDisruptionBudget.maxUnavailable", "the chart renders it only when non-zero, so the budget would not have it (it cannot express 0, which would block every drain); use 1 or more, a percentage, or null"],
    ];
    for (const [path, why] of dropped) {
        if (get(v, path) === 0) out.problems.push(`${p(path)}: got 0${from(path)}; ${why}`);
    }

    const gw = v.gatewaySettings;
    if (gw?.disableHttpGateway === true && gw.disableHttpsGateway === true) {
        out.problems.push(
            `${p("gatewaySettings")}: got disableHttpGateway${from("gatewaySettings.disableHttpGateway")} and disableHttpsGateway${from("gatewaySettings.disableHttpsGateway")} both true; ` +
                `the chart then renders the Service without ports, which the API server refuses (fix: ${style.set(`gatewayProxies.${key}.gatewaySettings.enabled`, "false")} for a proxy without Gateways, and keep one of them false)`,
        );
    }
    // Gateway settings of Gateways that do not exist (a proxy's own keys only, and gatewayProxy's only while it is
    // alone: other proxies inherit them).
    const heirs = key === DEFAULT_PROXY_KEY && Object.keys(raw).some((k) => k !== DEFAULT_PROXY_KEY);
    const off = gw?.enabled === false || gw?.disableGeneratedGateways === true;
    const unused = (["ipv4Only", "useProxyProto", "options", "accessLoggingService", "customHttpGateway", "customHttpsGateway"] as const).filter(
        (f) => !heirs && get(raw[key], `gatewaySettings.${f}`) !== undefined && (off || (f === "customHttpGateway" && gw?.disableHttpGateway === true) || (f === "customHttpsGateway" && gw?.disableHttpsGateway === true)),
    );
    for (const f of unused) out.warnings.push(`${p(`gatewaySettings.${f}`)} is set but the Gateway${f.startsWith("custom") ? "" : "s"} it configures ${f.startsWith("custom") ? "is" : "are"} switched off: it has no effect (${style.remove(`gatewayProxies.${key}.gatewaySettings.${f}`)})`);
    // The chart writes accessLoggingService under options after the options' own keys: the same key twice in one map.
    if (gw?.accessLoggingService && Object.keys(gw.accessLoggingService).length > 0 && gw.options?.accessLoggingService !== undefined) {
        out.problems.push(
            `${p("gatewaySettings.accessLoggingService")}: set${from("gatewaySettings.accessLoggingService")} while ${p("gatewaySettings.options.accessLoggingService")} is set too${from("gatewaySettings.options")}; ` +
                `the chart would write the key twice into the Gateways' spec.options (fix: keep one of them)`,
        );
    }

    const pdb = v.podDisruptionBudget;
    if (pdb && pdb.minAvailable != null && pdb.maxUnavailable != null) {
        const inherited = ["minAvailable", "maxUnavailable"].filter((f) => !own(`podDisruptionBudget.${f}`));
        const fix = inherited.length > 0 ? style.set(`gatewayProxies.${key}.podDisruptionBudget.${inherited[0]}`, "null") : `keep only one of them`;
        out.problems.push(
            `${p("podDisruptionBudget")}: got minAvailable ${show(pdb.minAvailable)}${from("podDisruptionBudget.minAvailable")} and maxUnavailable ${show(pdb.maxUnavailable)}${from("podDisruptionBudget.maxUnavailable")}; ` +
                `a PodDisruptionBudget takes one of the two, the API server refuses both (fix: ${fix})`,
        );
    }

    const hpa = v.horizontalPodAutoscaler;
    // An override alone sets no autoscaler (./workloads warns that it has no effect).
    if (hpa && Object.keys(hpa).some((f) => f !== "kubeResourceOverride")) {
        if (hpa.maxReplicas === undefined) {
            out.problems.push(`${p("horizontalPodAutoscaler.maxReplicas")}: got nothing; required when the autoscaler is set (fix: ${style.set(`gatewayProxies.${key}.horizontalPodAutoscaler.maxReplicas`, "<n>")}, or set horizontalPodAutoscaler to null)`);
        } else if (hpa.minReplicas !== undefined && hpa.minReplicas > hpa.maxReplicas) {
            out.problems.push(`${p("horizontalPodAutoscaler.minReplicas")}: got ${hpa.minReplicas}${from("horizontalPodAutoscaler.minReplicas")}; must not exceed maxReplicas ${hpa.maxReplicas}${from("horizontalPodAutoscaler.maxReplicas")}`);
        }
    }

    if (v.antiAffinity === true && v.affinity?.podAntiAffinity !== undefined) {
        out.problems.push(
            `${p("affinity.podAntiAffinity")}: got ${show(v.affinity.podAntiAffinity)}${from("affinity.podAntiAffinity")} together with antiAffinity true${from("antiAffinity")}; ` +
                `the chart renders both as one duplicated podAntiAffinity key (fix: set antiAffinity to false, or drop affinity.podAntiAffinity)`,
        );
    }

    // Container ports: distinct, and clear of the ports the pod's other listeners use.
    const httpPort = v.podTemplate?.httpPort ?? 8080;
    const httpsPort = v.podTemplate?.httpsPort ?? 8443;
    const taken: Record<number, string> = { [PORTS.proxyStats]: "Envoy's stats/readiness listener", [PORTS.proxyAdmin]: "Envoy's admin interface", [PORTS.sds]: "the sds sidecar" };
    for (const [field, port] of [["httpPort", httpPort], ["httpsPort", httpsPort]] as const) {
        if (taken[port]) out.problems.push(`${p(`podTemplate.${field}`)}: got ${port}${from(`podTemplate.${field}`)}; ${port} is ${taken[port]} in the same pod (use another port, 1024 to 65535)`);
    }
    if (httpPort === httpsPort) out.problems.push(`${p("podTemplate.httpsPort")}: got ${httpsPort}${from("podTemplate.httpsPort")}, the same as podTemplate.httpPort; HTTP and HTTPS need ports of their own`);

    const svc = v.service ?? {};
    const type = svc.type ?? "LoadBalancer";
    if ((svc.httpPort ?? 80) === (svc.httpsPort ?? 443)) out.problems.push(`${p("service.httpsPort")}: got ${svc.httpsPort ?? 443}${from("service.httpsPort")}, the same as service.httpPort; a Service's ports must differ`);
    if (svc.externalTrafficPolicy != null && type === "ClusterIP") {
        out.problems.push(
            `${p("service.externalTrafficPolicy")}: got ${show(svc.externalTrafficPolicy)}${from("service.externalTrafficPolicy")} with service.type ClusterIP; ` +
                `the API server refuses it ("may only be set for externally-accessible services"): use type NodePort or LoadBalancer, or set it to null`,
        );
    }
    const noEffect = (field: string, onlyFor: string) => {
        const value = get(svc, field);
        if (value === undefined || value === null) return;
        out.warnings.push(
            `${p(`service.${field}`)}: got ${show(value)}${from(`service.${field}`)} with service.type ${type}; it has no effect: the chart renders it only for type ${onlyFor} ` +
                `(fix: ${own(`service.${field}`) ? style.remove(`gatewayProxies.${key}.service.${field}`) : style.set(`gatewayProxies.${key}.service.${field}`, "null")}, or use type ${onlyFor})`,
        );
    };
    if (type !== "NodePort") ["httpNodePort", "httpsNodePort"].forEach((f) => noEffect(f, "NodePort"));
    if (type !== "LoadBalancer") ["loadBalancerIP", "loadBalancerSourceRanges"].forEach((f) => noEffect(f, "LoadBalancer"));
    if (type !== "ClusterIP") noEffect("clusterIP", "ClusterIP");
    if (type === "NodePort") {
        for (const f of ["httpNodePort", "httpsNodePort"] as const) {
            const np = svc[f];
            if (np != null && (np < NODE_PORT_RANGE[0] || np > NODE_PORT_RANGE[1])) {
                out.warnings.push(
                    `${p(`service.${f}`)}: got ${np}${from(`service.${f}`)}; outside Kubernetes' default NodePort range ${NODE_PORT_RANGE.join("-")}: ` +
                        `the API server refuses it unless the cluster's --service-node-port-range includes it`,
                );
            }
        }
        if (svc.httpNodePort != null && svc.httpNodePort === svc.httpsNodePort) {
            out.problems.push(`${p("service.httpsNodePort")}: got ${svc.httpsNodePort}${from("service.httpsNodePort")}, the same as service.httpNodePort; each port needs its own node port`);
        }
    }

    const gs = v.podTemplate?.gracefulShutdown;
    if (gs?.enabled === true) {
        const sleep = gs.sleepTimeSeconds ?? 25;
        const grace = v.podTemplate?.terminationGracePeriodSeconds ?? 30;
        if (sleep >= grace) {
            out.warnings.push(
                `${p("podTemplate.gracefulShutdown.sleepTimeSeconds")}: got ${sleep}${from("podTemplate.gracefulShutdown.sleepTimeSeconds")}; not below the pod's terminationGracePeriodSeconds ${grace}, ` +
                    `so Kubernetes kills Envoy before the sleep ends (fix: ${style.set(`gatewayProxies.${key}.podTemplate.terminationGracePeriodSeconds`, String(sleep + 10))})`,
            );
        }
    }

    for (const l of Object.keys(v.podTemplate?.extraGatewayProxyLabels ?? {})) {
        if (PROXY_OWN_LABELS.includes(l)) {
            out.problems.push(`${p("podTemplate.extraGatewayProxyLabels")}: got label ${show(l)}${from("podTemplate.extraGatewayProxyLabels")}; the program sets ${PROXY_OWN_LABELS.join(", ")} itself (selectors depend on them): use another label`);
        }
    }
    for (const a of Object.keys(v.podTemplate?.extraAnnotations ?? {})) {
        if (STATS_ANNOTATIONS.includes(a) || a === `checksum/${n}-envoy-config`) {
            out.problems.push(`${p("podTemplate.extraAnnotations")}: got annotation ${show(a)}${from("podTemplate.extraAnnotations")}; the program sets it itself: use another annotation`);
        }
    }

    // xDS address: TLS checks the name it dials, and the name must be on gloo's certificate.
    const addr = v.xdsServiceAddress;
    const mtls = c.global?.glooMtls?.enabled ?? true;
    if (addr && mtls) {
        const ns = c.namespace ?? "gloo-system";
        const fixedSans = [NAMES.gloo, `${NAMES.gloo}.${ns}`, `${NAMES.gloo}.${ns}.svc`, `${NAMES.gloo}.${ns}.svc.${c.k8s?.clusterName ?? "cluster.local"}`];
        const certgen = c.certificates?.issuer === "certgen" ? `${style.key("certificates.issuer")} is "certgen"` : c.gateway?.certGenJob?.cron?.enabled ? `${style.key("gateway.certGenJob.cron.enabled")} is true` : undefined;
        if (isIp(addr)) {
            out.problems.push(
                `${p("xdsServiceAddress")}: got ${show(addr)}${from("xdsServiceAddress")}; in mTLS mode the proxy checks gloo's certificate against the name it dials, ` +
                    `and the certificate carries DNS names only (no IP SANs): use a DNS name`,
            );
        } else if (certgen && !fixedSans.includes(addr)) {
            out.problems.push(
                `${p("xdsServiceAddress")}: got ${show(addr)}${from("xdsServiceAddress")}; while ${certgen}, certgen writes gloo's certificate with its fixed names ` +
                    `${fixedSans.join(", ")} only, so the proxy would refuse gloo (use one of them, or issuer "pulumi" without the CronJob, which adds the address to the certificate)`,
            );
        }
    }
}

/** The gloo Deployment's own labels, annotations and env that config must not override. */
function glooRules(c: ValidArgs, style: KeyStyle, out: RuleResult): void {
    const d = c.gloo?.deployment;
    if (!d) return;
    const p = (path: string) => style.key(`gloo.deployment.${path}`);
    if (d.extraGlooLabels && "gloo" in d.extraGlooLabels) out.problems.push(`${p("extraGlooLabels")}: got label "gloo"; the program sets gloo: gloo itself (the selector depends on it): use another label`);
    const ownAnnotations = [...STATS_ANNOTATIONS, "gloo.solo.io/oss-image-tag", `checksum/${NAMES.sidecarConfigMap}`, "kubectl.kubernetes.io/default-container"];
    for (const a of Object.keys(d.extraGlooAnnotations ?? {})) {
        if (ownAnnotations.includes(a)) out.problems.push(`${p("extraGlooAnnotations")}: got annotation ${show(a)}; the program sets it itself: use another annotation`);
    }
    const programEnv = ["POD_NAMESPACE", "START_STATS_SERVER", "VALIDATION_MUST_START", "GLOO_MTLS_SDS_ENABLED", "GLOO_LICENSE_KEY", ...glooProgramEnv(c)];
    if (d.resources?.limits?.memory !== undefined) programEnv.push("GOMEMLIMIT");
    if (d.resources?.limits?.cpu !== undefined) programEnv.push("GOMAXPROCS");
    const seen = new Set<string>();
    (d.customEnv ?? []).forEach((e, i) => {
        const at = `${p(`customEnv[${i}].name`)}: got ${show(e.name)}`;
        const why = e.name.startsWith("GO") ? "from resources.limits, as the chart does" : e.name === "LOG_LEVEL" ? `from ${style.key("gloo.logLevel")}, as the chart does` : "gloo depends on it";
        if (programEnv.includes(e.name)) out.problems.push(`${at}; the program sets ${e.name} itself (${why}): use another name`);
        else if (seen.has(e.name)) out.problems.push(`${at}; listed twice (Kubernetes would keep only the last): keep one`);
        seen.add(e.name);
    });
}

/** Every cross-key problem and warning of the production keys. */
export function proxyRules(c: ValidArgs, style: KeyStyle): RuleResult {
    const out: RuleResult = { problems: [], warnings: [] };
    glooRules(c, style, out);
    glooWorkloadRules(c, style, out);
    const raw = (c.gatewayProxies ?? {}) as Record<string, ParsedProxy | undefined>;
    const keys = proxyKeys(raw);
    out.problems.push(...nameProblems(keys, style));
    const nodePorts = new Map<string, string>();
    for (const key of keys) {
        const v = mergedProxyValues(key, raw);
        if (v.disabled === true) continue;
        proxyValueRules(c, key, v, raw, style, out);
        proxyWorkloadRules(c, key, v, raw, style, out);
        if ((v.service?.type ?? "LoadBalancer") !== "NodePort") continue;
        for (const f of ["httpNodePort", "httpsNodePort"] as const) {
            const np = v.service?.[f];
            if (np == null) continue;
            // Node ports are per cluster: proxies in two clusters may use the same one.
            const slot = `${raw[key]?.cluster ?? ""}/${np}`;
            const other = nodePorts.get(slot);
            if (other) out.problems.push(`${style.key(`gatewayProxies.${key}.service.${f}`)}: got ${np}; already the node port of ${other} (a node port belongs to one Service): use another`);
            else nodePorts.set(slot, style.key(`gatewayProxies.${key}.service.${f}`));
        }
    }
    return out;
}
