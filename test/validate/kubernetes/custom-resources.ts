// Layer 4: Gloo custom resources against the structural schemas of their CRDs (../gloo-crd-schemas.ts), as
// the API server applies them: unknown properties, types, enums, bounds, nullability; no CEL.
import { createRequire } from "node:module";
import type { GlooKindSchema, GlooSchema } from "../gloo-crd-schemas";
import { Ctx, Obj, Path, isObj, show } from "./common";
import { isBase64 } from "./formats";
import type { ModelCtor } from "./kinds";
import { checkMetadata } from "./metadata";
import { schemaErrors } from "./schema";
import { suggest, walkModel } from "./unknown-fields";

let objectMetaCtor: ModelCtor | undefined;
function loadObjectMeta(): ModelCtor {
  if (!objectMetaCtor) {
    // A dependency of kubernetes-models: resolve it from there, hoisted or not.
    const req = createRequire(require.resolve("kubernetes-models/package.json"));
    objectMetaCtor = (req("@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta") as { ObjectMeta: ModelCtor }).ObjectMeta;
  }
  return objectMetaCtor;
}

export function validateGlooResource(ctx: Ctx, obj: Obj, k: GlooKindSchema): void {
  if (isObj(obj.metadata)) {
    schemaErrors(ctx, obj.metadata, loadObjectMeta(), ["metadata"]);
    walkModel(ctx, obj.metadata, "V1ObjectMeta", ["metadata"]);
  }
  checkMetadata(ctx, obj, k.scope === "Cluster", "subdomain");
  const rest: Obj = {};
  for (const [key, v] of Object.entries(obj)) if (key !== "apiVersion" && key !== "kind" && key !== "metadata") rest[key] = v;
  checkCrValue(ctx, rest, k.schema, []);
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Validates a custom-resource value the way the API server would (structural schema; no CEL). */
function checkCrValue(ctx: Ctx, v: unknown, s: GlooSchema, path: Path): void {
  if (v === null) {
    if (!s.nullable) ctx.add(path, "null is not allowed here (the API server prunes it)");
    return;
  }
  const t = jsonType(v);
  if (s["x-kubernetes-int-or-string"]) {
    if (t !== "integer" && t !== "string") {
      ctx.add(path, `must be an integer or a string (got ${show(v)})`);
      return;
    }
  } else if (s.type) {
    const ok = s.type === t || (s.type === "number" && t === "integer");
    if (!ok) {
      ctx.add(path, `must be ${s.type === "integer" || s.type === "array" || s.type === "object" ? "an" : "a"} ${s.type} (got ${t} ${show(v)})`);
      return;
    }
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    ctx.add(path, `must be one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")} (got ${show(v)})`);
  }
  if (typeof v === "number") {
    let min = s.minimum;
    let max = s.maximum;
    if (s.format === "int32") {
      min = Math.max(min ?? -(2 ** 31), -(2 ** 31));
      max = Math.min(max ?? 2 ** 31 - 1, 2 ** 31 - 1);
    }
    if (min !== undefined && (s.exclusiveMinimum ? v <= min : v < min)) ctx.add(path, `must be ${s.exclusiveMinimum ? ">" : ">="} ${min} (got ${v})`);
    if (max !== undefined && (s.exclusiveMaximum ? v >= max : v > max)) ctx.add(path, `must be ${s.exclusiveMaximum ? "<" : "<="} ${max} (got ${v})`);
  }
  if (typeof v === "string") {
    if (s.minLength !== undefined && v.length < s.minLength) ctx.add(path, `must be at least ${s.minLength} characters`);
    if (s.maxLength !== undefined && v.length > s.maxLength) ctx.add(path, `must be at most ${s.maxLength} characters`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(v)) ctx.add(path, `must match /${s.pattern}/`);
    if (s.format === "byte" && !isBase64(v)) ctx.add(path, "must be valid base64 (format byte)");
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) ctx.add(path, `must have at least ${s.minItems} items`);
    if (s.maxItems !== undefined && v.length > s.maxItems) ctx.add(path, `must have at most ${s.maxItems} items`);
    if (s.items) v.forEach((item, i) => checkCrValue(ctx, item, s.items!, [...path, i]));
    return;
  }
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) ctx.add(path, `must have at most ${s.maxProperties} properties (has ${keys.length}${s.maxProperties === 1 ? ": a oneof, set only one" : ""})`);
    if (s.minProperties !== undefined && keys.length < s.minProperties) ctx.add(path, `must have at least ${s.minProperties} properties`);
    for (const r of s.required ?? []) if (!(r in v)) ctx.add([...path, r], "required field is missing");
    const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
    for (const key of keys) {
      const child = v[key];
      const p = [...path, key];
      const ps = s.properties?.[key];
      if (ps) checkCrValue(ctx, child, ps, p);
      else if (isObj(s.additionalProperties)) checkCrValue(ctx, child, s.additionalProperties, p);
      else if (s.additionalProperties === true || preserve) continue;
      else {
        const known = Object.keys(s.properties ?? {});
        const where = known.length ? suggest(key, known) : " (the CRD declares no fields here)";
        ctx.add(p, `unknown field "${key}"${where}; the API server would silently prune it`);
      }
    }
  }
}
