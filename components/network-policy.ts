// NetworkPolicies of mTLS mode: other pods reach only the ports they need. The SDS server (8234) hands
// out the private key in plaintext and the Envoy admin ports expose /certs, so neither is ever listed.
// (Kubelet probes come from the node, which NetworkPolicy never blocks.)
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import { ResolvedArgs } from "./args";
import { ResolvedProxy } from "./proxies/types";
import { EE_NAMES, EE_PORTS, NAMES, PORTS } from "./constants";

export interface PolicySpec {
    name: string;
    podSelector: Record<string, string>;
    ports: number[];
    /** Only pods with these labels (in the namespace) may connect. Defaults to any source. */
    from?: Record<string, string>;
    /**
     * Ports that only pods (of any namespace) and these CIDRs may reach, instead of any source. Defaults to none.
     * (gloo's external xDS port: its LoadBalancer keeps the client's address, externalTrafficPolicy Local.)
     */
    restricted?: { ports: number[]; cidrs: string[] };
}

/** The policy name of a proxy's pods: the default proxy's keeps its original name. */
export function proxyPolicyName(proxyName: string): string {
    return `gloo-mtls-${proxyName}`;
}

/** A proxy's policy: exactly its own listener ports, and stats when the listener exists; SDS 8234 and admin 19000 stay closed. */
export function proxyPolicy(p: ResolvedProxy, stats: boolean): PolicySpec {
    return { name: proxyPolicyName(p.name), podSelector: { "gateway-proxy-id": p.name }, ports: [p.httpPort, p.httpsPort, ...(stats ? [PORTS.proxyStats] : [])] };
}

/** gloo's policy. With an external xDS address, its port (the sidecar's 9977) admits pods and the given ranges only. */
export function glooPolicy(r: ResolvedArgs): PolicySpec {
    const ports = [
        PORTS.xds,
        PORTS.restXds,
        PORTS.validation,
        PORTS.proxyDebug,
        PORTS.wasmCache,
        ...(r.stats.enabled ? [PORTS.glooStats] : []), // started by START_STATS_SERVER only with stats on
        ...(r.validation ? [PORTS.validationWebhook] : []),
    ];
    const base = { name: "gloo-mtls-gloo", podSelector: { gloo: NAMES.gloo } };
    if (!r.xdsExternal) return { ...base, ports };
    return { ...base, ports: ports.filter((p) => p !== PORTS.xds), restricted: { ports: [PORTS.xds], cidrs: r.xdsExternal.service.sourceRanges } };
}

/** Which ports of which pods in gloo's cluster other pods may reach (a remote fleet's policy is in its cluster). */
export function mtlsNetworkPolicies(r: ResolvedArgs): PolicySpec[] {
    return [
        glooPolicy(r),
        // One per proxy, each admitting exactly its own listener ports (policies add up, so a shared one would open
        // every proxy's ports on every proxy).
        ...r.proxies.filter((p) => !p.disabled && p.cluster === undefined).map((p) => proxyPolicy(p, r.stats.enabled)),
        // extauth's own server (8084) binds the pod IP too: only the sidecar's mutual-TLS 8083 is listed.
        ...(r.extensions.extAuth ? [{ name: "gloo-mtls-extauth", podSelector: { gloo: EE_NAMES.extauth }, ports: [EE_PORTS.extauth, EE_PORTS.stats] }] : []),
        ...(r.extensions.rateLimit
            ? [
                  { name: "gloo-mtls-rate-limit", podSelector: { gloo: EE_NAMES.rateLimit }, ports: [EE_PORTS.rateLimit, EE_PORTS.stats] },
                  { name: "gloo-mtls-redis", podSelector: { gloo: EE_NAMES.redis }, ports: [EE_PORTS.redis], from: { gloo: EE_NAMES.rateLimit } },
              ]
            : []),
    ];
}

export function networkPolicyArgs(p: PolicySpec, namespace: string): networkingv1.NetworkPolicyArgs {
    return {
        metadata: { name: p.name, namespace, labels: { app: "gloo" } },
        spec: {
            podSelector: { matchLabels: p.podSelector },
            policyTypes: ["Ingress"],
            ingress: [
                // Without `from`: any source, but only these ports.
                { ...(p.from ? { from: [{ podSelector: { matchLabels: p.from } }] } : {}), ports: p.ports.map((port) => ({ port, protocol: "TCP" })) },
                // Every pod of the cluster (as before), or one of the CIDRs: a client outside the cluster only from those.
                ...(p.restricted
                    ? [{ from: [{ namespaceSelector: {} }, ...p.restricted.cidrs.map((cidr) => ({ ipBlock: { cidr } }))], ports: p.restricted.ports.map((port) => ({ port, protocol: "TCP" })) }]
                    : []),
            ],
        },
    };
}
