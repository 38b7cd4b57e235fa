// Invariant: every Envoy cluster that points into its own pod (127.0.0.1, localhost, ::1) points at a port
// something in that pod listens on. A sidecar forwarding to a wrong loopback port starts fine, passes every
// schema check and then refuses every connection; this catches it offline.
import * as YAML from "yaml";
import { remember } from "../../components/memo";
import { deepFreeze, thaw } from "../../render/freeze";
import { Manifest } from "../../render/program";
import { Registrations, Workload, longRunningContainers } from "./registrations";
import { selects } from "./services";

type Obj = Record<string, any>;

/** ConfigMaps whose single key is an Envoy bootstrap (gateway-proxy's and every sidecar's). */
export const ENVOY_CONFIGMAP = /(-envoy-config|-sidecar-config)$/;

export interface BootstrapConfigMap {
    namespace: string | undefined;
    /** The provider (cluster) of the ConfigMap, when known. */
    cluster?: string;
    configMap: string;
    key: string;
    /** The parsed bootstrap, or undefined when the ConfigMap does not hold exactly one key. */
    bootstrap: Obj | undefined;
}

/**
 * The same bootstrap texts come back in run after run, and twice per checked run (its bootstraps, its invariants):
 * parsed once each (the yaml parser took several seconds of npm test), kept frozen; every caller gets a copy of its own.
 */
const parsedBootstraps = new Map<string, Obj>();
function parseBootstrap(text: string): Obj {
    return thaw(remember(parsedBootstraps, text, 1000, () => deepFreeze(YAML.parse(text) as Obj)));
}

export function bootstrapConfigMaps(objects: Manifest[], clusters?: string[]): BootstrapConfigMap[] {
    return objects
        .map((m, i) => ({ m, cluster: clusters?.[i] }))
        .filter(({ m }) => m.kind === "ConfigMap" && ENVOY_CONFIGMAP.test(m.metadata.name))
        .map(({ m, cluster }) => {
            const keys = Object.keys(m.data ?? {});
            return {
                namespace: m.metadata.namespace,
                cluster,
                configMap: m.metadata.name,
                key: keys.join(","),
                bootstrap: keys.length === 1 ? parseBootstrap(m.data[keys[0]]) : undefined,
            };
        });
}

type Family = "v4" | "v6";
const BOTH: Family[] = ["v4", "v6"];

/** Something a container listens on, and which loopback address families reach it. */
export interface Listening {
    container: string;
    port: number;
    /** Loopback families that reach it: a listener on 0.0.0.0 is reached at 127.0.0.1, not at ::1. */
    families: Family[];
    why: string;
}

/** Loopback families that reach a listener bound to `host`; `goWildcard`: Go binds "::" and "" dual-stack, Envoy "::" IPv6 only. */
function familiesOf(host: string, o: { goWildcard?: boolean; ipv4Compat?: boolean } = {}): Family[] {
    const h = host.replace(/^\[|\]$/g, "");
    if (h === "") return BOTH;
    if (h === "0.0.0.0" || h.startsWith("127.") || h === "localhost") return ["v4"];
    if (h === "::") return o.goWildcard || o.ipv4Compat ? BOTH : ["v6"];
    if (h === "::1") return ["v6"];
    return []; // a specific (pod) address: not reachable over loopback
}

/** `host:port` as Go and Envoy write it (`127.0.0.1:9999`, `[::1]:9999`, `:9999`). */
function splitHostPort(addr: string): { host: string; port: number } | undefined {
    const m = /^(.*):(\d+)$/.exec(addr);
    return m ? { host: m[1], port: Number(m[2]) } : undefined;
}

function env(c: Obj, name: string): string | undefined {
    return (c.env ?? []).find((e: Obj) => e.name === name)?.value;
}

/** The image's repository without registry, tag or digest: `quay.io/solo-io/gloo-ee:1.22.1` → `gloo-ee`. */
function program(c: Obj): string {
    return String(c.image ?? "").split("@")[0].split("/").pop()!.split(":")[0];
}

/** A Go server bound to an address from config (Settings, env): `host:port`, Go's dual-stack rules. */
function goBind(container: string, addr: string, why: string): Listening[] {
    const hp = splitHostPort(addr);
    return hp ? [{ container, port: hp.port, families: familiesOf(hp.host, { goWildcard: true }), why }] : [];
}

function envoyBootstrapListeners(container: string, bootstrap: Obj, configMap: string): Listening[] {
    const out: Listening[] = [];
    const add = (sa: Obj | undefined, why: string) => {
        if (sa?.port_value !== undefined) out.push({ container, port: sa.port_value, families: familiesOf(String(sa.address ?? ""), { ipv4Compat: sa.ipv4_compat === true }), why });
    };
    for (const l of bootstrap.static_resources?.listeners ?? []) add(l.address?.socket_address, `listener ${l.name} in ${configMap}`);
    add(bootstrap.admin?.address?.socket_address, `admin in ${configMap}`);
    return out;
}

/**
 * What the containers of a pod listen on, container by container. One place for what "listens" means:
 *  - every container: its declared containerPorts. Kubernetes does not enforce them, but this install declares what
 *    each container serves; the bind address is not stated, so either loopback family is taken to reach them.
 *  - an Envoy (a container that mounts an Envoy bootstrap ConfigMap): the bootstrap's static listeners and its admin
 *    address. Listeners that arrive over xDS (gateway-proxy's 8080/8443) are not known here; they are declared ports.
 *  - gloo (image gloo, gloo-ee), from Settings `default` in its namespace, with gloo's defaults
 *    (projects/gloo/pkg/syncer/setup/setup_syncer.go): xdsBindAddr 0.0.0.0:9977, restXdsBindAddr 0.0.0.0:9976,
 *    validationBindAddr 0.0.0.0:9988, proxyDebugBindAddr 0.0.0.0:9966; the validation webhook on :8443
 *    (gwdefaults.ValidationWebhookBindPort) when spec.gateway.validation is set, its serverEnabled is not false and
 *    enableGatewayController is not false.
 *  - sds (image sds): SDS_SERVER_ADDRESS, default 0.0.0.0:8234 (projects/sds/pkg/run/run_main.go).
 *  - extauth (image extauth, extauth-ee): its gRPC server on :SERVER_PORT, default 8083 (loopback 8084 behind the
 *    mTLS sidecar).
 *  - rate-limit (image rate-limit, rate-limit-ee): its HTTP readiness server on :READY_PORT_HTTP when set.
 *  - any container with START_STATS_SERVER=true (the solo-io Go servers read it through go-utils): the stats and
 *    log-level server on :9091.
 * Nothing else counts: an unknown image listens only on what it declares.
 */
export function podListeners(pod: Obj, ctx: { settings?: Obj; bootstrapsOf(container: Obj): { configMap: string; bootstrap: Obj }[] }): Listening[] {
    const out: Listening[] = [];
    for (const c of longRunningContainers(pod)) {
        const name = String(c.name);
        for (const p of c.ports ?? []) out.push({ container: name, port: p.containerPort, families: BOTH, why: `containerPort ${p.name ?? ""}`.trim() });
        for (const b of ctx.bootstrapsOf(c)) out.push(...envoyBootstrapListeners(name, b.bootstrap, b.configMap));
        const prog = program(c);
        if (prog === "gloo" || prog === "gloo-ee") {
            const g = ctx.settings?.spec?.gloo ?? {};
            out.push(...goBind(name, g.xdsBindAddr || "0.0.0.0:9977", "Settings xdsBindAddr"));
            out.push(...goBind(name, g.restXdsBindAddr || "0.0.0.0:9976", "Settings restXdsBindAddr"));
            out.push(...goBind(name, g.validationBindAddr || "0.0.0.0:9988", "Settings validationBindAddr"));
            out.push(...goBind(name, g.proxyDebugBindAddr || "0.0.0.0:9966", "Settings proxyDebugBindAddr"));
            const gw = ctx.settings?.spec?.gateway;
            if (gw?.validation && gw.validation.serverEnabled !== false && gw.enableGatewayController !== false) out.push(...goBind(name, ":8443", "validation webhook"));
        }
        if (prog === "sds") out.push(...goBind(name, env(c, "SDS_SERVER_ADDRESS") ?? "0.0.0.0:8234", "SDS_SERVER_ADDRESS"));
        if (prog === "extauth" || prog === "extauth-ee") out.push(...goBind(name, `:${env(c, "SERVER_PORT") ?? "8083"}`, "SERVER_PORT"));
        if ((prog === "rate-limit" || prog === "rate-limit-ee") && env(c, "READY_PORT_HTTP")) out.push(...goBind(name, `:${env(c, "READY_PORT_HTTP")}`, "READY_PORT_HTTP"));
        if (env(c, "START_STATS_SERVER") === "true") out.push(...goBind(name, ":9091", "START_STATS_SERVER"));
    }
    return out;
}

/** The loopback family a cluster endpoint address dials, or undefined when it leaves the pod. */
function loopbackFamily(address: string): Family | "either" | undefined {
    if (address.startsWith("127.")) return "v4";
    if (address === "::1") return "v6";
    if (address === "localhost") return "either"; // resolved by DNS: either family may come first
    return undefined;
}

/** Config maps mounted by a volume of the pod, by volume name. */
function configMapVolumes(pod: Obj): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const v of pod.volumes ?? []) {
        const names = [v.configMap?.name, ...(v.projected?.sources ?? []).map((s: Obj) => s.configMap?.name)].filter(Boolean);
        if (names.length > 0) out.set(v.name, names);
    }
    return out;
}

/** A pod template of the install with what its containers listen on and the bootstrap ConfigMaps they mount. */
export interface PodListening {
    workload: Workload;
    listening: Listening[];
    mounted: Set<string>;
}

/** What each pod template of the install listens on (podListeners, with the bootstraps its containers mount). */
export function workloadListeners(reg: Registrations, bootstraps: BootstrapConfigMap[]): PodListening[] {
    return reg.workloads.map((w) => {
        const volumes = configMapVolumes(w.podSpec);
        const bootstrapsOf = (c: Obj) =>
            (c.volumeMounts ?? [])
                .flatMap((m: Obj) => volumes.get(m.name) ?? [])
                .map((cm: string) => bootstraps.find((b) => b.configMap === cm && b.namespace === w.namespace && b.cluster === w.cluster))
                .filter((b: BootstrapConfigMap | undefined): b is BootstrapConfigMap => b?.bootstrap !== undefined)
                .map((b: BootstrapConfigMap) => ({ configMap: b.configMap, bootstrap: b.bootstrap! }));
        const mounted = new Set<string>(longRunningContainers(w.podSpec).flatMap((c) => bootstrapsOf(c).map((b: { configMap: string }) => b.configMap)));
        // gloo's own cluster: a remote proxy's pod has no Settings beside it.
        const settings = reg.find("Settings", "default", w.namespace, w.cluster)?.manifest;
        return { workload: w, listening: podListeners(w.podSpec, { settings, bootstrapsOf }), mounted };
    });
}

/**
 * Every port a NetworkPolicy of the install admits is one that each pod it selects listens on: an admitted port with
 * nothing behind it is a rule nobody reviews until something starts listening there.
 */
export function networkPolicyProblems(reg: Registrations, pods: PodListening[]): string[] {
    const errs: string[] = [];
    for (const np of reg.objects.filter((o) => o.manifest.kind === "NetworkPolicy")) {
        const selector: Record<string, string> = np.manifest.spec?.podSelector?.matchLabels ?? {};
        const selected = pods.filter((p) => p.workload.namespace === np.namespace && p.workload.cluster === np.cluster && selects(selector, p.workload.podLabels));
        if (selected.length === 0) errs.push(`${np.id}: podSelector ${JSON.stringify(selector)} selects no pod of the install`);
        const ports: unknown[] = (np.manifest.spec?.ingress ?? []).flatMap((rule: Obj) => (rule.ports ?? []).map((x: Obj) => x.port));
        for (const port of ports) {
            for (const p of selected.filter((x) => !x.listening.some((l) => l.port === port))) {
                errs.push(`${np.id}: admits port ${port}, but nothing in the pod of ${p.workload.id} listens on it`);
            }
        }
    }
    return errs;
}

/**
 * Maps each bootstrap ConfigMap to the pods whose containers mount it (a bootstrap no pod mounts is itself a
 * problem), then checks every static cluster endpoint on loopback against podListeners.
 */
export function loopbackClusterProblems(bootstraps: BootstrapConfigMap[], pods: PodListening[]): string[] {
    const errs: string[] = [];
    const mountedBy = new Map<BootstrapConfigMap, Workload[]>(bootstraps.map((b) => [b, []]));
    for (const { workload: w, listening, mounted } of pods) {
        if (mounted.size === 0) continue;
        for (const b of bootstraps.filter((x) => mounted.has(x.configMap) && x.namespace === w.namespace && x.cluster === w.cluster)) {
            mountedBy.get(b)!.push(w);
            for (const cluster of b.bootstrap!.static_resources?.clusters ?? []) {
                for (const e of (cluster.load_assignment?.endpoints ?? []).flatMap((x: Obj) => x.lb_endpoints ?? [])) {
                    const sa = e.endpoint?.address?.socket_address;
                    const family = sa ? loopbackFamily(String(sa.address)) : undefined;
                    if (!family) continue;
                    const hit = listening.some((l) => l.port === sa.port_value && (family === "either" ? l.families.length > 0 : l.families.includes(family)));
                    if (!hit) {
                        const ports = [...new Set(listening.map((l) => `${l.container}:${l.port}`))].join(", ");
                        errs.push(`${w.id}: ${b.configMap} cluster ${cluster.name} -> ${sa.address}:${sa.port_value}, but nothing in the pod listens there (listening: ${ports})`);
                    }
                }
            }
        }
    }
    for (const [b, pods] of mountedBy) {
        if (b.bootstrap === undefined) continue; // reported by the harness's envoy check (one bootstrap per ConfigMap)
        if (pods.length === 0) errs.push(`ConfigMap ${b.namespace ?? "-"}/${b.configMap}: an Envoy bootstrap that no container of the install mounts`);
    }
    return errs;
}
