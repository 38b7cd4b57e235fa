// The chart's escape hatch `kubeResourceOverride`: a partial object merged over a rendered one (maps deep-merged,
// lists replaced whole, null removes a field). Its shape here: `metadata.labels`/`metadata.annotations` (checked
// like every other label and annotation) and a free-form `spec`. The object's kind, apiVersion, name and namespace
// are not the override's to change (other objects refer to them). The spec's keys are checked against the object's
// Kubernetes type (./k8s-fields.ts, generated), so a typo is refused naming its path; what the override makes of
// the object is checked on the final object (components/overrides.ts) before anything is registered.
import { z } from "zod";
import { K8S_FIELDS } from "./k8s-fields";
import { annotationMap, labelMap } from "./k8s-shapes";

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Why `v` is not plain JSON data (an Output, a class instance, a function, a non-finite number), or undefined. */
function jsonProblem(v: unknown, path: (string | number)[] = []): { path: (string | number)[]; message: string } | undefined {
    if (v === null || typeof v === "string" || typeof v === "boolean") return undefined;
    if (typeof v === "number") return Number.isFinite(v) ? undefined : { path, message: "must be a finite number" };
    if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) {
            const p = jsonProblem(x, [...path, i]);
            if (p) return p;
        }
        return undefined;
    }
    if (isPlain(v)) {
        for (const [k, x] of Object.entries(v)) {
            if (x === undefined) continue;
            const p = jsonProblem(x, [...path, k]);
            if (p) return p;
        }
        return undefined;
    }
    return { path, message: "must be plain data (strings, numbers, booleans, null, lists and maps): an override is merged into the object as the chart merges YAML" };
}

/** Plain JSON data, kept as given. */
const jsonObject = z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
    const p = jsonProblem(v);
    if (p) ctx.addIssue({ code: "custom", input: v, path: p.path, message: p.message });
});

const ARRAY_RE = /^Array<(.+)>$/;
const MAP_RE = /^\{ \[key: string\]: (.+); \}$/;
const SCALARS: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === "string",
    Date: (v) => typeof v === "string",
    number: (v) => typeof v === "number",
    boolean: (v) => typeof v === "boolean",
    IntOrString: (v) => typeof v === "number" || typeof v === "string",
    any: () => true,
    object: () => true,
};

export interface FieldProblem {
    path: (string | number)[];
    /** `unknown`: a key the type does not have (`allowed` lists its fields); `type`: a value of the wrong kind. */
    kind: "unknown" | "type";
    allowed?: string[];
    expected?: string;
}

/**
 * Walks `value` along the Kubernetes type `type` (client-node's names, ./k8s-fields.ts): every key must be a
 * field of its type and every scalar of its kind. `null` is always allowed (it removes the field in a merge).
 * `type` may be several types joined by `|`: a key of any of them is known (an override whose object is a
 * Deployment or a DaemonSet, decided later).
 */
export function kubernetesFieldProblems(value: unknown, type: string, path: (string | number)[] = []): FieldProblem[] {
    if (value === null || value === undefined) return [];
    const scalar = SCALARS[type];
    if (scalar) return scalar(value) ? [] : [{ path, kind: "type", expected: type === "IntOrString" ? "a number or a string" : type === "Date" ? "string" : type }];
    const arr = ARRAY_RE.exec(type);
    if (arr) return Array.isArray(value) ? value.flatMap((v, i) => kubernetesFieldProblems(v, arr[1], [...path, i])) : [{ path, kind: "type", expected: "a list" }];
    const map = MAP_RE.exec(type);
    if (map) return isPlain(value) ? Object.entries(value).flatMap(([k, v]) => kubernetesFieldProblems(v, map[1], [...path, k])) : [{ path, kind: "type", expected: "a map" }];
    const types = type.split("|");
    if (!isPlain(value)) return [{ path, kind: "type", expected: "a map" }];
    const out: FieldProblem[] = [];
    for (const [k, v] of Object.entries(value)) {
        const t = types.map((x) => K8S_FIELDS[x]?.[k]).find((x) => x !== undefined);
        if (t === undefined) out.push({ path: [...path, k], kind: "unknown", allowed: [...new Set(types.flatMap((x) => Object.keys(K8S_FIELDS[x] ?? {})))] });
        else out.push(...kubernetesFieldProblems(v, t, [...path, k]));
    }
    return out;
}

const FIELD_ROOTS = new WeakMap<z.ZodType, string>();
/** The Kubernetes type a config value is checked against field by field (for tools that walk the schema). */
export function kubernetesFieldsOf(schema: z.ZodType): Record<string, string> | undefined {
    const root = FIELD_ROOTS.get(schema);
    return root === undefined ? undefined : Object.assign({}, ...root.split("|").map((t) => K8S_FIELDS[t]));
}

/** A `spec` in Kubernetes' shape for `root` (`A|B`: either), refused key by key as the API server's schema would. */
function kubernetesSpec(root: string) {
    const schema = jsonObject.superRefine((v, ctx) => {
        for (const p of kubernetesFieldProblems(v, root)) {
            if (p.kind === "unknown") ctx.addIssue({ code: "custom", input: v, path: p.path, message: "unknown key", params: { unknownKey: true, allowed: p.allowed } });
            else ctx.addIssue({ code: "custom", input: v, path: p.path, message: `expected ${p.expected}` });
        }
    });
    FIELD_ROOTS.set(schema, root);
    return schema;
}

const metadata = z.strictObject({ labels: labelMap.nullable().optional(), annotations: annotationMap.nullable().optional() });

const override = (root: string) => z.strictObject({ metadata: metadata.optional(), spec: kubernetesSpec(root).optional() });
/** `…kubeResourceOverride` of a proxy's pods: a Deployment's or a DaemonSet's fields (which one is known after the merge). */
export const workloadOverride = override("V1DeploymentSpec|V1DaemonSetSpec");
export const deploymentOverride = override("V1DeploymentSpec");
export const serviceOverride = override("V1ServiceSpec");
export const pdbOverride = override("V1PodDisruptionBudgetSpec");
export const hpaOverride = override("V2HorizontalPodAutoscalerSpec");
/** `configMap.kubeResourceOverride`: metadata only (the bootstrap is the program's, built and validated as Envoy config). */
export const configMapOverride = z.strictObject({ metadata: metadata.optional() });

export type KubeResourceOverride = z.output<typeof deploymentOverride>;
