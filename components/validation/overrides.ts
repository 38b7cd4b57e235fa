// The chart's escape hatch `kubeResourceOverride`: a partial object merged over a rendered one (maps deep-merged,
// lists replaced whole, null removes a field). Its shape here: `metadata.labels`/`metadata.annotations` (checked
// like every other label and annotation) and a free-form `spec`. The object's kind, apiVersion, name and namespace
// are not the override's to change (other objects refer to them). What the override makes of the object is checked
// on the final object (components/overrides.ts) before anything is registered.
import { z } from "zod";
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

const metadata = z.strictObject({ labels: labelMap.nullable().optional(), annotations: annotationMap.nullable().optional() });

/** `…kubeResourceOverride` of an object with a spec (Deployment, DaemonSet, Service, PodDisruptionBudget, HPA). */
export const kubeResourceOverride = z.strictObject({ metadata: metadata.optional(), spec: jsonObject.optional() });
/** `configMap.kubeResourceOverride`: metadata only (the bootstrap is the program's, built and validated as Envoy config). */
export const configMapOverride = z.strictObject({ metadata: metadata.optional() });

export type KubeResourceOverride = z.output<typeof kubeResourceOverride>;
