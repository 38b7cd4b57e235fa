// Layer 2: unknown fields (typos), found by walking the object along the @kubernetes/client-node model
// attribute maps (by `baseName`, the JSON name), with a "did you mean" for near misses.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Ctx, Path, isObj } from "./common";
import { NEWER_THAN_133 } from "./version-bridge";

/** Pulumi marks secret values with this signature key when they are serialized. */
const PULUMI_SECRET_SIG = "4dabf18193072939515e22adb298388d";

export interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}
export interface ClientModel {
  attributeTypeMap?: Attribute[];
  discriminator?: string;
  mapping?: { [value: string]: string };
}

let modelsDir: string | undefined;
const modelCache = new Map<string, ClientModel | null>();

/**
 * One `@kubernetes/client-node` model class (its static `attributeTypeMap`, `discriminator`, `mapping`), by
 * type name, loaded lazily.
 *
 * The models are the generated files `@kubernetes/client-node/dist/gen/models/<Type>.js` that `all.js`
 * re-exports (the package root needs Node 22, so only these deep paths are used). They are ES modules,
 * loaded through require(esm) (Node >= 20.19) and slow to load all at once (all.js),
 * so the static maps are read straight from each file's source — a JSON array in every one of the 2.0.1
 * models — and only a model with anything unusual (a discriminator, a mapping, an unexpected shape) is
 * loaded as a module. The test suite checks the two ways agree.
 */
export function clientModel(typeName: string): ClientModel | undefined {
  let m = modelCache.get(typeName);
  if (m !== undefined) return m ?? undefined;
  m = null;
  if (/^[A-Za-z0-9]+$/.test(typeName)) {
    modelsDir ??= dirname(require.resolve("@kubernetes/client-node/dist/gen/models/all.js"));
    const file = join(modelsDir, `${typeName}.js`);
    if (existsSync(file)) {
      const src = readFileSync(file, "utf8");
      const attrs = /\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(src);
      const plain = src.includes(`${typeName}.discriminator = undefined;`) && src.includes(`${typeName}.mapping = undefined;`);
      if (attrs && plain) {
        m = { attributeTypeMap: JSON.parse(attrs[1]) as Attribute[] };
      } else {
        m = ((require(file) as { [name: string]: ClientModel })[typeName] ?? null) as ClientModel | null;
      }
    }
  }
  modelCache.set(typeName, m);
  return m ?? undefined;
}

const attrCache = new Map<string, Map<string, string> | null>();
function attributesOf(typeName: string): Map<string, string> | null {
  let m = attrCache.get(typeName);
  if (m !== undefined) return m;
  const model = clientModel(typeName);
  m = model?.attributeTypeMap ? new Map(model.attributeTypeMap.map((a) => [a.baseName, a.type])) : null;
  attrCache.set(typeName, m);
  return m;
}

const FREE_FORM = new Set(["any", "object", "string", "number", "boolean", "Date", "IntOrString"]);
const ARRAY_RE = /^Array<(.+)>$/;
const MAP_RE = /^\{ \[key: string\]: (.+); \}$/;

/** JSONSchemaProps members client-node types as `any` that are really schemas (or schema-or-something). */
const JSON_SCHEMA_MEMBERS: { [member: string]: "schemaOrArray" | "schemaOrBool" | "schemaOrStrings" } = {
  items: "schemaOrArray",
  additionalProperties: "schemaOrBool",
  additionalItems: "schemaOrBool",
  dependencies: "schemaOrStrings",
};

export function walkModel(ctx: Ctx, value: unknown, type: string, path: Path): void {
  if (value === null || value === undefined) return;
  if (isObj(value) && PULUMI_SECRET_SIG in value) {
    ctx.add(path, "a Pulumi secret wrapper object: unwrap it to its `value` before validating");
    return;
  }
  if (FREE_FORM.has(type)) return;
  let m = ARRAY_RE.exec(type);
  if (m) {
    if (Array.isArray(value)) value.forEach((v, i) => walkModel(ctx, v, m![1], [...path, i]));
    return;
  }
  m = MAP_RE.exec(type);
  if (m) {
    if (isObj(value)) for (const [k, v] of Object.entries(value)) walkModel(ctx, v, m[1], [...path, k]);
    return;
  }
  if (!isObj(value)) return; // wrong type: reported by the schema layer
  let typeName = type;
  const model = clientModel(typeName);
  if (model?.discriminator && typeof value[model.discriminator] === "string") {
    const d = value[model.discriminator] as string;
    typeName = model.mapping?.[d] ?? typeName;
  }
  const attrs = attributesOf(typeName);
  if (!attrs) return;
  const newer = NEWER_THAN_133[typeName];
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, k];
    const t = attrs.get(k);
    if (t === undefined) {
      ctx.add(p, `unknown field "${k}" (not in ${typeName})${suggest(k, [...attrs.keys()])}`);
      continue;
    }
    if (newer?.includes(k)) {
      ctx.add(p, `field "${k}" is newer than Kubernetes 1.33 (not in its ${typeName}); a 1.33 API server drops or rejects it`);
    }
    if (typeName === "V1JSONSchemaProps" && k in JSON_SCHEMA_MEMBERS) {
      const how = JSON_SCHEMA_MEMBERS[k];
      if (how === "schemaOrStrings") {
        if (isObj(v)) for (const [dk, dv] of Object.entries(v)) if (isObj(dv)) walkModel(ctx, dv, "V1JSONSchemaProps", [...p, dk]);
      } else if (Array.isArray(v) && how === "schemaOrArray") {
        v.forEach((item, i) => walkModel(ctx, item, "V1JSONSchemaProps", [...p, i]));
      } else if (isObj(v)) {
        walkModel(ctx, v, "V1JSONSchemaProps", p);
      }
      continue;
    }
    walkModel(ctx, v, t, p);
  }
}

/** " (did you mean \"x\"?)" for near misses: same letters ignoring case/-/_, or a small edit distance. */
export function suggest(key: string, candidates: string[]): string {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  const nk = norm(key);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (norm(c) === nk) {
      best = c;
      bestD = 0;
      break;
    }
    const d = editDistance(key.toLowerCase(), c.toLowerCase(), 2);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best !== undefined && bestD <= (key.length >= 5 ? 2 : 1)) {
    const extra = bestD === 0 && key !== best && key.includes("_") && best.includes("-") ? "; the API server drops the underscore spelling, which only the Pulumi provider renames for you" : "";
    return ` (did you mean "${best}"?${extra})`;
  }
  return "";
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment); gives up past limit. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}
