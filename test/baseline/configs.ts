// The configurations whose rendered objects must not change when new keys are left unset (issue
// "Production surface", item 7), and the normalisation that makes two renders comparable: what is random
// per run (keys, certificates, CA bundles) and what is derived from compared text (checksums) is masked;
// CRDs are compared by name only (their schemas are large and fixed).
import { Manifest } from "../../render/program";

const LICENSE = "baseline-license-not-a-real-key";

/** Config sets as they stood before the production keys: name → stack config (+ secret keys). */
export const BASELINE_CONFIGS: Record<string, { config: Record<string, unknown>; secretKeys?: string[] }> = {
    default: { config: {} },
    "mtls-off": { config: { global: { glooMtls: { enabled: false } } } },
    "other-namespace": { config: { namespace: "edge-gw", k8s: { clusterName: "corp.example" }, gateway: { validation: { enabled: false } } } },
    certgen: { config: { certificates: { issuer: "certgen" }, gateway: { certGenJob: { cron: { enabled: true } } } } },
    "enterprise-mtls": {
        config: {
            global: { image: { registry: "registry.example.com/solo-io", pullPolicy: "Always" }, extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } },
            enterprise: { enabled: true, licenseKey: LICENSE },
        },
        secretKeys: ["enterprise"],
    },
    "enterprise-plaintext": {
        config: {
            global: { glooMtls: { enabled: false }, extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } },
            enterprise: { enabled: true, licenseKey: LICENSE },
        },
        secretKeys: ["enterprise"],
    },
};

const MASK = "<masked>";

function mask(v: unknown, key?: string): unknown {
    if (Array.isArray(v)) return v.map((x) => mask(x));
    if (v === null || typeof v !== "object") return key === "caBundle" ? MASK : v;
    return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, k.startsWith("checksum/") ? MASK : mask(x, k)]),
    );
}

/** Objects sorted by kind/namespace/name, with per-run values masked. */
export function normalise(objects: Manifest[]): Record<string, unknown>[] {
    return objects
        .map((m): Record<string, unknown> => {
            if (m.kind === "CustomResourceDefinition") return { kind: m.kind, metadata: { name: m.metadata.name } };
            if (m.kind === "Secret") {
                const hide = (o?: Record<string, unknown>) => o && Object.fromEntries(Object.keys(o).map((k) => [k, MASK]));
                return mask({ ...m, ...(m.data ? { data: hide(m.data) } : {}), ...(m.stringData ? { stringData: hide(m.stringData) } : {}) }) as Record<string, unknown>;
            }
            return mask(m) as Record<string, unknown>;
        })
        .sort((a: any, b: any) =>
            `${a.kind}/${a.metadata.namespace ?? ""}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.namespace ?? ""}/${b.metadata.name}`),
        );
}
