// Invariant: every section of the stack configuration refuses unknown keys, so a typo anywhere (`global.glooMtls.sds.imgae`)
// is an error naming the key instead of a silently ignored setting. Generic over the zod schema: a section added
// later is checked without touching this file, and a schema kind the walker does not know is an error, not a skip.
import { z } from "zod";
import { crdFieldOf } from "../../components/validation/gloo-crd-check";
import { kubernetesFieldsOf } from "../../components/validation/overrides";
import { eventualInner, isOpaqueInstance } from "../../components/validation/schema";

/** One step into a config value: an object key, an array's first item, or a sample key of a record. */
export type Seg = { key: string } | { index: 0 } | { recordKey: string };

export interface SchemaNode {
    path: Seg[];
    /** An object schema that refuses unknown keys (`z.strictObject`), or a value that accepts anything (`any`). */
    kind: "object" | "any";
    strict: boolean;
    /** An object's keys. */
    keys?: string[];
}

/** The key injected into every object: no config section will ever have it. */
export const UNKNOWN_KEY = "notAConfigKey";

export function formatPath(path: Seg[]): string {
    return path.reduce<string>((acc, s) => ("index" in s ? `${acc}[0]` : `${acc ? `${acc}.` : ""}${"key" in s ? s.key : s.recordKey}`), "");
}

// Wrappers that keep the value's shape: walk into their inner schema at the same path.
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "nonoptional", "readonly", "success"]);
// Values without keys of their own.
const LEAVES = new Set(["string", "number", "int", "boolean", "bigint", "symbol", "null", "undefined", "void", "never", "nan", "date", "enum", "literal", "template_literal", "file", "transform"]);

/** A key the record's key schema accepts, to step into its values. */
function sampleRecordKey(keyType: z.ZodType): string {
    const def = (keyType as any).def;
    if (def.type === "enum") return String(Object.values(def.entries)[0]);
    if (def.type === "literal") return String(def.values[0]);
    return "example";
}

/**
 * Every object schema (and every accept-anything value) in a zod schema tree, with its path. Throws on a schema
 * kind it cannot walk (union, intersection, tuple, map, set, lazy, …): extend this walker when the config gains one.
 */
export function schemaNodes(schema: z.ZodType, path: Seg[] = []): SchemaNode[] {
    const def = (schema as any).def;
    const type: string = def.type;
    if (WRAPPERS.has(type)) return schemaNodes(def.innerType, path);
    if (type === "pipe") return [...schemaNodes(def.in, path), ...schemaNodes(def.out, path)];
    if (LEAVES.has(type)) return [];
    if (type === "any" || type === "unknown") return [{ path, kind: "any", strict: false }];
    if (type === "object") {
        // z.strictObject: catchall never. z.object strips unknown keys, z.looseObject keeps them.
        const strict = def.catchall?.def?.type === "never";
        return [{ path, kind: "object", strict, keys: Object.keys(def.shape) }, ...Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, s]) => schemaNodes(s, [...path, { key: k }]))];
    }
    if (type === "array") return schemaNodes(def.element, [...path, { index: 0 }]);
    // A Kubernetes object's spec (a kubeResourceOverride): its keys are the object type's fields, checked one by one
    // against the generated field table (components/validation/k8s-fields.ts) at every depth; the root stands for them.
    const fields = kubernetesFieldsOf(schema);
    if (fields) return [{ path, kind: "object", strict: true, keys: Object.keys(fields) }];
    if (type === "record") return schemaNodes(def.valueType, [...path, { recordKey: sampleRecordKey(def.keyType) }]);
    // A value of one of several shapes (e.g. a quantity as a string or a number): each option obeys the rule.
    if (type === "union") return (def.options as z.ZodType[]).flatMap((o) => schemaNodes(o, path));
    // An object of the library API (a provider): no config keys inside it (stack config cannot give one).
    if (type === "custom" && isOpaqueInstance(schema)) return [];
    // A Gloo object copied into a custom resource: strict by the CRD's schema at its field (its keys are Gloo's, not config's).
    if (type === "custom" && crdFieldOf(schema)) return [{ path, kind: "object", strict: true, keys: [] }];
    // An Input<T> argument (a value or an Output): its plain values obey the inner rule.
    const inner = type === "custom" ? eventualInner(schema) : undefined;
    if (inner) return schemaNodes(inner, path);
    throw new Error(`config schema: cannot walk a ${type} schema at ${formatPath(path) || "(root)"}; extend test/validate/config-schema.ts`);
}

/** A config value that reaches `path` and puts `leaf` there. */
export function valueAt(path: Seg[], leaf: unknown): unknown {
    return path.reduceRight<unknown>((inner, s) => ("index" in s ? [inner] : { ["key" in s ? s.key : s.recordKey]: inner }), leaf);
}

/**
 * Problems with how a config schema treats unknown keys: every object schema must be strict, and for every one the
 * parser (`parse`: a config value → its error messages) must refuse an injected unknown key with a message naming
 * the full key path, `<prefix><path>.<key>: unknown key`.
 */
export function unknownKeyProblems(schema: z.ZodType, parse: (config: Record<string, unknown>) => string[], prefix: string): string[] {
    const errs: string[] = [];
    for (const node of schemaNodes(schema)) {
        const where = formatPath(node.path) || "(root)";
        if (node.kind === "any") {
            errs.push(`${where}: accepts any value, so unknown keys inside it pass (give it a strict schema)`);
            continue;
        }
        if (!node.strict) errs.push(`${where}: not a strict object: unknown keys are not refused (use z.strictObject)`);
        const injected: Seg[] = [...node.path, { key: UNKNOWN_KEY }];
        const messages = parse(valueAt(injected, true) as Record<string, unknown>);
        const expected = `${prefix}${formatPath(injected)}: unknown key`;
        if (!messages.some((m) => m.includes(expected))) {
            errs.push(`${where}: an unknown key is not refused with "${expected}" (got: ${messages.length > 0 ? messages.join(" | ") : "accepted"})`);
        }
    }
    return errs;
}
