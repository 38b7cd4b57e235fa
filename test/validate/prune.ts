/**
 * What the API server stores of a custom resource: its structural pruning, re-implemented from the rules of
 * k8s.io/apiextensions-apiserver (pkg/apiserver/schema/pruning). A field the schema does not declare is dropped,
 * silently, unless a node on its way sets `x-kubernetes-preserve-unknown-fields`; `additionalProperties` maps keep
 * their keys (their values pruned by the value schema); `apiVersion`, `kind` and `metadata` of the object (and of an
 * `x-kubernetes-embedded-resource`) are left alone (the server handles metadata itself).
 */
import { CrdSchema } from "../../components/crds";

type Schema = CrdSchema & { "x-kubernetes-embedded-resource"?: boolean };
type Path = (string | number)[];

export interface PruneResult {
  /** The object as it would be stored (a copy; the input is not changed). */
  kept: unknown;
  /** Dotted paths of the dropped fields, e.g. `spec.virtualHost.routes[0].options.timout`. */
  pruned: string[];
}

const TYPE_META = new Set(["apiVersion", "kind", "metadata"]);

/** Prunes a whole custom resource against its version's `openAPIV3Schema`. */
export function pruneCustomResource(obj: Record<string, unknown>, schema: Schema): PruneResult {
  const pruned: string[] = [];
  // The root is always treated as an embedded resource.
  const kept = prune(obj, { ...schema, "x-kubernetes-embedded-resource": true }, [], pruned);
  return { kept, pruned };
}

/** `undefined` schema: nothing is declared, so an object loses every field (as with `additionalProperties: true`). */
function prune(v: unknown, s: Schema | undefined, at: Path, pruned: string[]): unknown {
  if (Array.isArray(v)) {
    // Items of a preserving array are pruned only where their schema declares something.
    return v.map((x, i) => (s?.["x-kubernetes-preserve-unknown-fields"] ? preserve(x, s.items, [...at, i], pruned) : prune(x, s?.items, [...at, i], pruned)));
  }
  if (v === null || typeof v !== "object") return v;
  if (s?.["x-kubernetes-preserve-unknown-fields"]) return preserve(v, s, at, pruned);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (s?.["x-kubernetes-embedded-resource"] && TYPE_META.has(k)) out[k] = x;
    else if (s?.properties?.[k]) out[k] = prune(x, s.properties[k], [...at, k], pruned);
    else if (s?.additionalProperties !== undefined && s.additionalProperties !== false) out[k] = prune(x, valueSchema(s), [...at, k], pruned);
    else pruned.push(dotted([...at, k]));
  }
  return out;
}

/** Under x-kubernetes-preserve-unknown-fields: unknown fields stay; declared ones are still pruned inside. */
function preserve(v: unknown, s: Schema | undefined, at: Path, pruned: string[]): unknown {
  if (s === undefined || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x, i) => preserve(x, s.items, [...at, i], pruned));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (s["x-kubernetes-embedded-resource"] && TYPE_META.has(k)) out[k] = x;
    else if (s.properties?.[k]) out[k] = prune(x, s.properties[k], [...at, k], pruned);
    else if (s.additionalProperties !== undefined && s.additionalProperties !== false) out[k] = prune(x, valueSchema(s), [...at, k], pruned);
    else out[k] = x;
  }
  return out;
}

function valueSchema(s: Schema): Schema | undefined {
  return typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
}

function dotted(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
