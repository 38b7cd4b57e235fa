// The table the render prints: one row per object (kind, namespace, name, notes), in file order; with other
// clusters, a first column says which cluster each object goes to.
import { GLOO_CLUSTER } from "../components/validation/schema";
import type { OutFile } from "./output";
import type { Manifest } from "./program";

export function table(files: OutFile[]): string {
    const clusters = files.some((f) => f.cluster !== undefined);
    const rows = files.map((f) => [...(clusters ? [f.cluster ?? GLOO_CLUSTER] : []), f.manifest.kind, f.manifest.metadata.namespace ?? "-", f.manifest.metadata.name, notes(f)]);
    const head = [...(clusters ? ["CLUSTER"] : []), "KIND", "NAMESPACE", "NAME", "NOTES"];
    const last = head.length - 1;
    const widths = head.map((h, c) => Math.max(...rows.map((r) => r[c].length), h.length));
    return [head, ...rows]
        .map((r) => r.map((c, i) => (i < last ? c.padEnd(widths[i]) : c)).join("  ").trimEnd())
        .join("\n");
}

function notes(f: OutFile): string {
    const held = f.heldBack && { placeholder: "NOT APPLIED: holds an undecrypted stack secret", redacted: "redacted" }[f.heldBack];
    return [describe(f.manifest), held].filter(Boolean).join("; ");
}

/** `req 500m/256Mi lim -/1Gi`: a container's cpu/memory requests and limits. */
function resourcesText(r: { requests?: Record<string, string>; limits?: Record<string, string> } | undefined): string {
    if (!r || (!r.requests && !r.limits)) return "";
    const pair = (l?: Record<string, string>) => `${l?.cpu ?? "-"}/${l?.memory ?? "-"}`;
    return ` (req ${pair(r.requests)}${r.limits ? ` lim ${pair(r.limits)}` : ""})`;
}

/** A few words on what matters about an object at a glance (replicas, sidecars, resources, pull secret, budgets, TLS). */
export function describe(m: Manifest): string {
    const pod = m.kind === "Deployment" || m.kind === "DaemonSet" || m.kind === "Job" ? m.spec?.template?.spec : m.kind === "CronJob" ? m.spec?.jobTemplate?.spec?.template?.spec : undefined;
    if (pod) {
        const replicas = m.kind === "Deployment" ? `replicas ${m.spec.replicas ?? "(unset)"}; ` : "";
        const pull = pod.imagePullSecrets ? `pull secret ${(pod.imagePullSecrets as { name: string }[]).map((p) => p.name).join(", ")}; ` : "";
        return `${replicas}${pull}containers: ${(pod.containers as { name: string; resources?: any }[]).map((c) => `${c.name}${resourcesText(c.resources)}`).join(", ")}`;
    }
    if (m.kind === "PodDisruptionBudget") return `${m.spec.minAvailable !== undefined ? `minAvailable ${m.spec.minAvailable}` : `maxUnavailable ${m.spec.maxUnavailable}`} of ${JSON.stringify(m.spec.selector.matchLabels)}`;
    if (m.kind === "HorizontalPodAutoscaler") return `${m.spec.minReplicas ?? 1}..${m.spec.maxReplicas} replicas of ${m.spec.scaleTargetRef.kind} ${m.spec.scaleTargetRef.name}`;
    if (m.kind === "Secret") {
        // How many CAs the bundle trusts: the rotation runbook's check (2 mid-rotation, else 1).
        const bundle = m.stringData?.["ca.crt"] ?? (m.data?.["ca.crt"] ? Buffer.from(m.data["ca.crt"], "base64").toString() : undefined);
        const cas = typeof bundle === "string" ? `; ca.crt: ${(bundle.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length} CA certificate(s)` : "";
        return `type ${m.type}; keys ${Object.keys(m.stringData ?? m.data ?? {}).join(", ")}${cas}`;
    }
    if (m.kind === "Service") {
        const ports = (m.spec.ports as { port: number; targetPort?: number; nodePort?: number }[]).map((p) => `${p.port}${p.targetPort && p.targetPort !== p.port ? `->${p.targetPort}` : ""}${p.nodePort ? ` (node ${p.nodePort})` : ""}`);
        const type = m.spec.type && m.spec.type !== "ClusterIP" ? `${m.spec.type}; ` : "";
        const annotations = m.metadata.annotations ? `; ${Object.keys(m.metadata.annotations).length} annotation(s)` : "";
        return `${type}ports ${ports.join(", ")}${m.spec.externalTrafficPolicy ? `; externalTrafficPolicy ${m.spec.externalTrafficPolicy}` : ""}${annotations}`;
    }
    if (m.kind === "ConfigMap") return `keys ${Object.keys(m.data ?? {}).join(", ")}`;
    return "";
}
