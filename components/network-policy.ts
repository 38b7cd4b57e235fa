// NetworkPolicies of mTLS mode: other pods reach only the ports they need. The SDS server (8234) hands
// out the private key in plaintext and the Envoy admin ports expose /certs, so neither is ever listed.
// (Kubelet probes come from the node, which NetworkPolicy never blocks.)
import * as k8s from "@pulumi/kubernetes";
import { ResolvedArgs } from "./args";
import { EE_NAMES, EE_PORTS, NAMES, PORTS } from "./constants";

export interface PolicySpec {
    name: string;
    podSelector: Record<string, string>;
    ports: number[];
    /** Only pods with these labels (in the namespace) may connect. Defaults to any source. */
    from?: Record<string, string>;
}

/** The policy name of a proxy's pods: the default proxy's keeps its original name. */
export function proxyPolicyName(proxyName: string): string {
    return `gloo-mtls-${proxyName}`;
}

/** Which ports of which pods other pods may reach. */
export function mtlsNetworkPolicies(r: ResolvedArgs): PolicySpec[] {
    return [
        {
            name: "gloo-mtls-gloo",
            podSelector: { gloo: NAMES.gloo },
            ports: [
                PORTS.xds,
                PORTS.restXds,
                PORTS.validation,
                PORTS.proxyDebug,
                PORTS.wasmCache,
                9091, // gloo's stats server (prometheus.io/port)
                ...(r.validation ? [PORTS.validationWebhook] : []),
            ],
        },
        // One per proxy, each admitting exactly its own listener ports (policies add up, so a shared one would open
        // every proxy's ports on every proxy); SDS 8234 and admin 19000 stay closed.
        ...r.proxies
            .filter((p) => !p.disabled)
            .map((p) => ({ name: proxyPolicyName(p.name), podSelector: { "gateway-proxy-id": p.name }, ports: [p.httpPort, p.httpsPort, PORTS.proxyStats] })),
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

export function networkPolicyArgs(p: PolicySpec, namespace: string): k8s.networking.v1.NetworkPolicyArgs {
    return {
        metadata: { name: p.name, namespace, labels: { app: "gloo" } },
        spec: {
            podSelector: { matchLabels: p.podSelector },
            policyTypes: ["Ingress"],
            // Without `from`: any source, but only these ports.
            ingress: [{ ...(p.from ? { from: [{ podSelector: { matchLabels: p.from } }] } : {}), ports: p.ports.map((port) => ({ port, protocol: "TCP" })) }],
        },
    };
}
