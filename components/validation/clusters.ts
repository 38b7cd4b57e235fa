// Rules across keys for proxies in other clusters (`clusters.<key>`, `gatewayProxies.<name>.cluster`,
// `gloo.xdsExternal`): every remote fleet has a cluster of its own, reaches gloo over mutual TLS only, and gets a
// leaf of its own, which only the install's own issuer can make. Each message names the key, the value, why, and
// the fix; problems stop the program before anything is registered.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { glooServiceSans } from "../constants";
import { DEFAULT_PROXY_KEY, mergedProxyValues, proxyKeys } from "../proxies/merge";
import { ParsedProxy } from "../proxies/resolve";
import type { KeyStyle } from "./problems";
import type { RuleResult } from "./proxies";
import type { ValidArgs } from "./schema";

const show = (v: unknown) => JSON.stringify(v);
/** The default --service-node-port-range of the API server. */
const NODE_PORT_RANGE = [30000, 32767] as const;

type Access = { kubeconfig?: unknown; context?: string; renderYamlTo?: string };

/** A plain description of where an access points, or undefined when it cannot be known before deploy (an Output). */
function target(a: Access | undefined): string | undefined {
    if (a?.renderYamlTo) return undefined;
    if (a?.kubeconfig !== undefined && typeof a.kubeconfig !== "string") return undefined;
    if (pulumi.Output.isInstance(a?.kubeconfig)) return undefined;
    return JSON.stringify([a?.kubeconfig ?? null, a?.context ?? null]);
}

/** Every problem and warning of remote clusters, their fleets and gloo's external xDS address. */
export function clusterRules(c: ValidArgs, style: KeyStyle): RuleResult {
    const out: RuleResult = { problems: [], warnings: [] };
    const k = style.key;
    const clusters = c.clusters ?? {};
    const keys = Object.keys(clusters).sort();
    const mtls = c.global?.glooMtls?.enabled ?? true;
    const certgen =
        c.certificates?.issuer === "certgen"
            ? `${k("certificates.issuer")} is "certgen"`
            : c.gateway?.certGenJob?.cron?.enabled === true
              ? `${k("gateway.certGenJob.cron.enabled")} is true`
              : undefined;
    const certgenWhy = `certgen writes one leaf, gloo's, with its four fixed names: it can neither issue a remote fleet's own leaf nor add gloo.xdsExternal.address to gloo's certificate (use ${k("certificates.issuer")} "pulumi" with the CronJob off)`;

    // Each cluster entry names one cluster, not gloo's and not another entry's.
    const seen = new Map<string, string>();
    const glooTarget = target(c.kubernetes);
    // Unset kubeconfig and context: the ambient current context, which a cluster entry cannot be compared with.
    if (glooTarget !== undefined && (c.kubernetes?.kubeconfig !== undefined || c.kubernetes?.context !== undefined)) seen.set(glooTarget, k("kubernetes"));
    const renderDirs = new Map<string, string>(c.kubernetes?.renderYamlTo ? [[path.posix.normalize(c.kubernetes.renderYamlTo), k("kubernetes.renderYamlTo")]] : []);
    for (const key of keys) {
        const e = clusters[key];
        const at = (f = "") => k(`clusters.${key}${f ? `.${f}` : ""}`);
        const given = (["kubeconfig", "context", "renderYamlTo"] as const).filter((f) => e[f] !== undefined);
        if (e.provider && given.length > 0) {
            out.problems.push(`${at()}: got provider and ${given.join(", ")}; ${given.join(", ")} configure a provider the install would make, but this cluster's provider is given (configure that provider instead, or pass none)`);
            continue;
        }
        if (!e.provider && given.length === 0) {
            out.problems.push(
                `${at()}: got no kubeconfig, context or renderYamlTo; without one its provider would use the ambient kubeconfig's current context, which is where gloo goes too ` +
                    `(fix: ${style.set(`clusters.${key}.context`, "<the other cluster's context>")})`,
            );
            continue;
        }
        const t = target(e);
        if (t !== undefined) {
            const other = seen.get(t);
            if (other) {
                out.problems.push(
                    `${at()}: got ${given.map((f) => `${f} ${show(e[f])}`).join(", ")}, the same as ${other}; both would reach one cluster, where the fleet's Namespace, ServiceAccount and objects would collide ` +
                        `with ${other === k("kubernetes") ? "gloo's" : "that cluster's"} (a proxy in gloo's own cluster needs no cluster key: leave gatewayProxies.<name>.cluster unset)`,
                );
            } else seen.set(t, at());
        }
        if (e.renderYamlTo) {
            const dir = path.posix.normalize(e.renderYamlTo);
            const other = renderDirs.get(dir);
            if (other) out.problems.push(`${at("renderYamlTo")}: got ${show(e.renderYamlTo)}, the directory of ${other} too; each cluster renders into a directory of its own (its manifests would mix with the other's)`);
            else renderDirs.set(dir, at("renderYamlTo"));
        }
    }

    // Fleets: where they run and what they need.
    const raw = (c.gatewayProxies ?? {}) as Record<string, ParsedProxy | undefined>;
    const remote: string[] = [];
    const used = new Set<string>();
    for (const name of proxyKeys(raw)) {
        const own = raw[name]?.cluster;
        if (!own) continue;
        const p = (f: string) => k(`gatewayProxies.${name}.${f}`);
        if (!keys.includes(own)) {
            out.problems.push(
                `${p("cluster")}: got ${show(own)}; must be a key of ${k("clusters")} (${keys.length > 0 ? `configured: ${keys.join(", ")}` : "none is configured"}), ` +
                    `or unset for gloo's own cluster (fix: ${style.set(`clusters.${own}.context`, "<its kubeconfig context>")}, or correct the key)`,
            );
            continue;
        }
        const v = mergedProxyValues(name, raw);
        if (v.disabled === true) continue;
        used.add(own);
        remote.push(name);
        if (!mtls) {
            out.problems.push(`${p("cluster")}: got ${show(own)} with ${k("global.glooMtls.enabled")} false; xDS (which carries secrets) would cross between clusters in plaintext, exactly what the mTLS guide warns against (fix: turn mTLS on)`);
            continue;
        }
        if (!c.gloo?.xdsExternal) {
            out.problems.push(
                `${p("cluster")}: got ${show(own)} but ${k("gloo.xdsExternal")} is not set; a proxy in another cluster reaches gloo only through gloo's external xDS address, over mutual TLS ` +
                    `(fix: ${style.set("gloo.xdsExternal.address", "<a DNS name, e.g. xds.gloo.example.com>")} and its loadBalancerSourceRanges)`,
            );
        }
        if (certgen) out.problems.push(`${p("cluster")}: got ${show(own)} while ${certgen}; ${certgenWhy}`);
        for (const f of ["xdsServiceAddress", "xdsServicePort"] as const) {
            if (v[f] == null) continue;
            const inherited = name !== DEFAULT_PROXY_KEY && raw[name]?.[f] === undefined;
            out.problems.push(
                `${p(f)}: got ${show(v[f])}${inherited ? ` (inherited from ${k(`gatewayProxies.${DEFAULT_PROXY_KEY}.${f}`)})` : ""} on a proxy in ${k(`clusters.${own}`)}; ` +
                    `a remote fleet dials ${k("gloo.xdsExternal")}'s address and port, the name on gloo's certificate (fix: ${inherited ? style.set(`gatewayProxies.${name}.${f}`, "null") : style.remove(`gatewayProxies.${name}.${f}`)})`,
            );
        }
        if (c.global?.extensions?.extAuth?.enabled === true) {
            out.problems.push(
                `${p("cluster")}: got ${show(own)} with ${k("global.extensions.extAuth.enabled")} true; the extauth Upstream's sslConfig.secretRef makes gloo send gloo-mtls-certs (gloo's own key) ` +
                    `inline over xDS to every proxy, remote fleets included (fix: keep extauth off, or this proxy in gloo's cluster)`,
            );
        }
    }
    for (const key of keys) {
        if (!used.has(key)) out.warnings.push(`${k(`clusters.${key}`)} is configured but no enabled gateway proxy runs there: nothing is created in it (${style.remove(`clusters.${key}`)}, or set gatewayProxies.<name>.cluster to ${show(key)})`);
    }

    // gloo's external xDS address: mutual TLS only, on gloo's certificate, reachable from the given sources only.
    const x = c.gloo?.xdsExternal;
    if (x) {
        const at = (f: string) => k(`gloo.xdsExternal.${f}`);
        const ns = c.namespace ?? "gloo-system";
        if (!mtls) out.problems.push(`${k("gloo.xdsExternal")}: set with ${k("global.glooMtls.enabled")} false; gloo's xDS would be exposed in plaintext (fix: turn mTLS on, or ${style.remove("gloo.xdsExternal")})`);
        if (certgen && remote.length === 0) out.problems.push(`${at("address")}: got ${show(x.address)} while ${certgen}; ${certgenWhy}`);
        if (glooServiceSans(ns, c.k8s?.clusterName ?? "cluster.local").includes(x.address)) {
            out.problems.push(`${at("address")}: got ${show(x.address)}, one of gloo's in-cluster names; another cluster resolves it in its own DNS, not to gloo (use a DNS name of your own that points at the gloo-xds-external load balancer)`);
        }
        const type = x.service?.type ?? "LoadBalancer";
        const ranges = x.service?.loadBalancerSourceRanges ?? [];
        if (ranges.length === 0) {
            out.problems.push(
                `${at("service.loadBalancerSourceRanges")}: got nothing; required: the CIDRs the remote clusters connect from (their nodes' or NAT gateways' egress addresses), ` +
                    `which the ${type === "LoadBalancer" ? "load balancer and the " : ""}NetworkPolicy admit to the external port (fix: ${style.set("gloo.xdsExternal.service.loadBalancerSourceRanges[0]", "<cidr>")}; 0.0.0.0/0 and ::/0 rely on mutual TLS alone)`,
            );
        }
        const port = x.port ?? 9977;
        if (type === "NodePort" && (port < NODE_PORT_RANGE[0] || port > NODE_PORT_RANGE[1])) {
            out.warnings.push(
                `${at("port")}: got ${port} with service.type NodePort; the port is also the node port remote proxies dial, outside Kubernetes' default NodePort range ${NODE_PORT_RANGE.join("-")}: ` +
                    `the API server refuses it unless the cluster's --service-node-port-range includes it`,
            );
        }
        if (type === "NodePort") {
            // A node port belongs to one Service of the cluster: gloo's cluster's proxies must not hold it.
            for (const name of proxyKeys(raw)) {
                const v = mergedProxyValues(name, raw);
                if (v.disabled === true || raw[name]?.cluster || (v.service?.type ?? "LoadBalancer") !== "NodePort") continue;
                for (const f of ["httpNodePort", "httpsNodePort"] as const) {
                    if (v.service?.[f] === port) out.problems.push(`${at("port")}: got ${port} with service.type NodePort; already the node port of ${k(`gatewayProxies.${name}.service.${f}`)} (a node port belongs to one Service): use another`);
                }
            }
        }
        if (type === "NodePort" && c.global?.glooMtls?.networkPolicy?.enabled === false && ranges.length > 0) {
            out.warnings.push(`${at("service.loadBalancerSourceRanges")}: got ${show(ranges)} with service.type NodePort and the NetworkPolicies off; it has no effect (a NodePort Service has no source ranges, only the NetworkPolicy applies them)`);
        }
        if (remote.length === 0 && mtls) {
            out.warnings.push(`${k("gloo.xdsExternal")} is set but no enabled gateway proxy runs in another cluster: gloo's xDS is exposed with nothing of this install dialling it (${style.remove("gloo.xdsExternal")}, or place a proxy with gatewayProxies.<name>.cluster)`);
        }
    }
    return out;
}
