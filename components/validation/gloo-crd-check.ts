// Values the chart copies verbatim into a Gloo custom resource (a Gateway's `options`, `httpGateway` …) are checked
// against that field's schema in the CRDs this program installs: an unknown key or a wrong type is refused naming
// its full path here, not stored by the API server and then rejected by gloo's strict parser (which stops config
// for every resource of the kind). Only the keywords the Gloo CRDs use are checked.
import { z } from "zod";
import { CrdSchema, glooCrdManifests } from "../crds";

/** One problem inside a checked value: the path below the value, and the message. */
export interface CrdProblem {
    path: (string | number)[];
    message: string;
    /** An unknown key (its message reads like the config's own unknown keys). */
    unknownKey?: boolean;
    input?: unknown;
}

let specs: Map<string, CrdSchema> | undefined;
/** The `spec` schema of a Gloo kind (read once, on first use: the CRD file is large). */
function specSchema(kind: string): CrdSchema {
    specs ??= new Map(glooCrdManifests().map((c) => [c.spec.names.kind, c.spec.versions.find((v) => v.storage)!.schema.openAPIV3Schema]));
    const s = specs.get(kind)?.properties?.spec;
    if (!s) throw new Error(`gloo-mtls: no CRD of kind ${kind}`);
    return s;
}

/** The schema at `path` (property names) below a kind's `spec`. */
export function crdSchemaAt(kind: string, path: readonly string[]): CrdSchema {
    let s = specSchema(kind);
    for (const p of path) {
        const next = s.properties?.[p];
        if (!next) throw new Error(`gloo-mtls: ${kind} spec has no field ${path.join(".")}`);
        s = next;
    }
    return s;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function typeProblem(v: unknown, s: CrdSchema): string | undefined {
    if (s["x-kubernetes-int-or-string"]) return (typeof v === "number" && Number.isInteger(v)) || typeof v === "string" ? undefined : "expected an integer or a string";
    switch (s.type) {
        case "object":
            return isMap(v) ? undefined : "expected an object";
        case "array":
            return Array.isArray(v) ? undefined : "expected a list";
        case "string":
            return typeof v === "string" ? undefined : "expected a string";
        case "boolean":
            return typeof v === "boolean" ? undefined : "expected true or false";
        case "integer":
            return typeof v === "number" && Number.isInteger(v) ? undefined : "expected an integer";
        case "number":
            return typeof v === "number" ? undefined : "expected a number";
        default:
            return undefined;
    }
}

/** Every problem of `v` against the structural schema `s` (empty when the API server and gloo accept it). */
export function crdProblems(v: unknown, s: CrdSchema, path: (string | number)[] = []): CrdProblem[] {
    if (v === null) return s.nullable ? [] : [{ path, input: v, message: `got null; ${typeProblem(undefined, s) ?? "expected a value"} (leave the key out instead)` }];
    const wrong = typeProblem(v, s);
    if (wrong) return [{ path, input: v, message: `got ${JSON.stringify(v)}; ${wrong}` }];
    if (s.enum && !s.enum.includes(v)) return [{ path, input: v, message: `got ${JSON.stringify(v)}; allowed values are ${s.enum.map((e) => JSON.stringify(e)).join(", ")}` }];
    if (typeof v === "number" && ((s.minimum !== undefined && v < s.minimum) || (s.maximum !== undefined && v > s.maximum))) {
        return [{ path, input: v, message: `got ${v}; must be ${s.minimum ?? "-∞"} to ${s.maximum ?? "∞"}` }];
    }
    if (Array.isArray(v)) return s.items ? v.flatMap((item, i) => crdProblems(item, s.items!, [...path, i])) : [];
    if (!isMap(v)) return [];
    const out: CrdProblem[] = [];
    for (const [k, item] of Object.entries(v)) {
        const prop = s.properties?.[k] ?? (isMap(s.additionalProperties) ? s.additionalProperties : undefined);
        if (prop) out.push(...crdProblems(item, prop, [...path, k]));
        else if (!s["x-kubernetes-preserve-unknown-fields"] && s.additionalProperties !== true) {
            out.push({ path: [...path, k], unknownKey: true, message: `unknown key (allowed here: ${Object.keys(s.properties ?? {}).join(", ")})` });
        }
    }
    for (const r of s.required ?? []) if (!(r in v)) out.push({ path: [...path, r], message: "got nothing; required" });
    return out;
}

/** Where a checked schema's values go: a kind and the field path below its `spec`. */
export interface CrdField {
    kind: string;
    path: readonly string[];
}
const CHECKED = new WeakMap<z.ZodType, CrdField>();
/** The CRD field a schema made by `glooField` checks values against (for tools that walk the config schema). */
export function crdFieldOf(schema: z.ZodType): CrdField | undefined {
    return CHECKED.get(schema);
}

/** A plain object copied into `spec.<path>` of a Gloo `kind`: checked against the installed CRD's schema. */
export function glooField(kind: string, path: readonly string[]) {
    const schema = z.custom<Record<string, unknown>>().superRefine((v, ctx) => {
        for (const p of crdProblems(v, crdSchemaAt(kind, path))) {
            ctx.addIssue({ code: "custom", input: p.input, path: p.path, message: p.message, params: { bare: true } });
        }
    });
    CHECKED.set(schema, { kind, path });
    return schema;
}
