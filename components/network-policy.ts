// NetworkPolicies of mTLS mode: other pods reach only the ports they need. The SDS server (8234) hands
// out the private key in plaintext and the Envoy admin ports expose /certs, so neither is ever listed.
// (Kubelet probes come from the node, which NetworkPolicy never blocks.)
import * as k8s from "@pulumi/kubernetes";
import { ResolvedArgs } from "./args";
import { NAMES, PORTS } from "./constants";

export interface PolicySpec {
    name: string;
    podSelector: Record<string, string>;
    ports: number[];
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
        { name: "gloo-mtls-gateway-proxy", podSelector: { gloo: NAMES.gatewayProxy }, ports: [PORTS.proxyHttp, PORTS.proxyHttps, PORTS.proxyStats] },
    ];
}

export function networkPolicyArgs(p: PolicySpec, namespace: string): k8s.networking.v1.NetworkPolicyArgs {
    return {
        metadata: { name: p.name, namespace, labels: { app: "gloo" } },
        spec: {
            podSelector: { matchLabels: p.podSelector },
            policyTypes: ["Ingress"],
            // No `from`: any source, but only these ports.
            ingress: [{ ports: p.ports.map((port) => ({ port, protocol: "TCP" })) }],
        },
    };
}
