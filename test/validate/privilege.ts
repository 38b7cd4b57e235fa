// Invariants of least privilege and readiness, on every configuration the harness runs:
//  - no RBAC rule grants the verb "*" (the chart's kube-leader-election does; ours names the verbs);
//  - gateway proxy pods (local and remote fleets) mount no ServiceAccount token: Envoy and sds read files only;
//  - every envoy-sidecar and sds container has a readiness probe (a pod is not Ready before its TLS path is).
import { Registrations } from "./registrations";

type Obj = Record<string, any>;
const RBAC_KINDS = ["Role", "ClusterRole"];

export function privilegeProblems(reg: Registrations): string[] {
    const problems: string[] = [];
    for (const o of reg.objects) {
        if (!RBAC_KINDS.includes(o.manifest.kind)) continue;
        ((o.manifest as Obj).rules ?? []).forEach((r: Obj, i: number) => {
            if ((r.verbs ?? []).includes("*")) problems.push(`${o.id}: rules[${i}] grants every verb ("*") on ${JSON.stringify(r.resources)}: name the verbs`);
        });
    }
    for (const w of reg.workloads) {
        if (w.podLabels.gloo === "gateway-proxy" && w.podSpec.automountServiceAccountToken !== false) {
            problems.push(`${w.id}: a gateway proxy pod mounts a ServiceAccount token it never uses (automountServiceAccountToken must be false)`);
        }
        for (const c of (w.podSpec.containers ?? []) as Obj[]) {
            if ((c.name === "envoy-sidecar" || c.name === "sds") && !c.readinessProbe) problems.push(`${w.id}: container ${c.name} has no readiness probe`);
        }
    }
    return problems;
}
