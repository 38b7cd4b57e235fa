// The table the render prints: one row per object (kind, namespace, name, notes), in file order.
import type { OutFile } from "./output";
import type { Manifest } from "./program";

export function table(files: OutFile[]): string {
    const rows = files.map((f) => [f.manifest.kind, f.manifest.metadata.namespace ?? "-", f.manifest.metadata.name, notes(f)]);
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length), 4));
    return [["KIND", "NAMESPACE", "NAME", "NOTES"], ...rows]
        .map((r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join("  ").trimEnd())
        .join("\n");
}

function notes(f: OutFile): string {
    const held = f.heldBack && { placeholder: "NOT APPLIED: holds an undecrypted stack secret", redacted: "redacted" }[f.heldBack];
    return [describe(f.manifest), held].filter(Boolean).join("; ");
}

/** A few words on what matters about an object at a glance (sidecars, images, TLS). */
export function describe(m: Manifest): string {
    const pod = m.kind === "Deployment" || m.kind === "Job" ? m.spec?.template?.spec : m.kind === "CronJob" ? m.spec?.jobTemplate?.spec?.template?.spec : undefined;
    if (pod) return `containers: ${(pod.containers as { name: string }[]).map((c) => c.name).join(", ")}`;
    if (m.kind === "Secret") {
        // How many CAs the bundle trusts: the rotation runbook's check (2 mid-rotation, else 1).
        const bundle = m.stringData?.["ca.crt"] ?? (m.data?.["ca.crt"] ? Buffer.from(m.data["ca.crt"], "base64").toString() : undefined);
        const cas = typeof bundle === "string" ? `; ca.crt: ${(bundle.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length} CA certificate(s)` : "";
        return `type ${m.type}; keys ${Object.keys(m.stringData ?? m.data ?? {}).join(", ")}${cas}`;
    }
    if (m.kind === "Service") return `ports ${(m.spec.ports as { port: number; targetPort?: number }[]).map((p) => (p.targetPort && p.targetPort !== p.port ? `${p.port}->${p.targetPort}` : p.port)).join(", ")}`;
    if (m.kind === "ConfigMap") return `keys ${Object.keys(m.data ?? {}).join(", ")}`;
    return "";
}
