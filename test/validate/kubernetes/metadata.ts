// Object metadata as the API server checks it (name by kind, namespace by scope, labels, annotations), and
// label selectors wherever they appear.
import { Ctx, Obj, Path, isObj, show } from "./common";
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from "./formats";
import type { NameRule } from "./kinds";

export function checkMetadata(ctx: Ctx, obj: Obj, clusterScoped: boolean, nameRule: NameRule, maxNameLength?: number): void {
  const meta = obj.metadata;
  if (!isObj(meta)) {
    ctx.add(["metadata"], "required (with at least metadata.name)");
    return;
  }
  const name = meta.name;
  if (typeof name !== "string" || name === "") {
    ctx.add(["metadata", "name"], "required (auto-naming happens only in the provider; set an explicit name)");
  } else {
    let e: string | undefined;
    if (nameRule === "label") e = dns1123Label(name);
    else if (nameRule === "dns1035") e = dns1035Label(name);
    else if (nameRule === "rbac") e = name === "." || name === ".." ? `must not be '${name}'` : /[/%]/.test(name) ? "must not contain '/' or '%'" : undefined;
    else e = dns1123Subdomain(name);
    if (!e && maxNameLength !== undefined && name.length > maxNameLength) e = `must be at most ${maxNameLength} characters for a ${String(obj.kind)} (has ${name.length})`;
    if (e) ctx.add(["metadata", "name"], `"${name}" ${e}`);
  }
  const ns = meta.namespace;
  if (clusterScoped) {
    if (ns !== undefined) ctx.add(["metadata", "namespace"], `must not be set: ${String(obj.kind)} is cluster-scoped`);
  } else if (typeof ns !== "string" || ns === "") {
    ctx.add(["metadata", "namespace"], `required: ${String(obj.kind)} is namespaced (set it explicitly rather than relying on the provider's default namespace)`);
  } else {
    const e = dns1123Label(ns);
    if (e) ctx.add(["metadata", "namespace"], `"${ns}" ${e}`);
  }
  checkLabelsAndAnnotations(ctx, meta, ["metadata"]);
}

function checkLabelsAndAnnotations(ctx: Ctx, meta: Obj, path: Path): void {
  if (isObj(meta.labels)) checkLabelMap(ctx, meta.labels, [...path, "labels"]);
  if (isObj(meta.annotations)) {
    let size = 0;
    for (const [k, v] of Object.entries(meta.annotations)) {
      const e = qualifiedName(k);
      if (e) ctx.add([...path, "annotations", k], `invalid annotation key: ${e}`);
      size += k.length + (typeof v === "string" ? Buffer.byteLength(v) : 0);
    }
    if (size > 256 * 1024) ctx.add([...path, "annotations"], `total size ${size} bytes exceeds 262144`);
  }
}

export function checkLabelMap(ctx: Ctx, labels: Obj, path: Path): void {
  for (const [k, v] of Object.entries(labels)) {
    const ke = qualifiedName(k);
    if (ke) ctx.add([...path, k], `invalid label key: ${ke}`);
    const ve = labelValue(v);
    if (ve) ctx.add([...path, k], `invalid label value ${show(v)}: ${ve}`);
  }
}

/** Label selectors (`matchLabels`, `matchExpressions`) wherever they appear, and pod template metadata. */
export function checkSelectorsAnywhere(ctx: Ctx, v: unknown, path: Path): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkSelectorsAnywhere(ctx, x, [...path, i]));
    return;
  }
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const p = [...path, k];
    if (k === "matchLabels" && isObj(x)) {
      checkLabelMap(ctx, x, p);
    } else if (k === "matchExpressions" && Array.isArray(x)) {
      x.forEach((req, i) => {
        if (!isObj(req)) return;
        if (typeof req.key === "string") {
          const e = qualifiedName(req.key);
          if (e) ctx.add([...p, i, "key"], `invalid label key: ${e}`);
        }
        const op = req.operator;
        const values = Array.isArray(req.values) ? req.values : [];
        if ((op === "In" || op === "NotIn") && values.length === 0) ctx.add([...p, i, "values"], `must be non-empty for operator ${op}`);
        if ((op === "Exists" || op === "DoesNotExist") && values.length > 0) ctx.add([...p, i, "values"], `must be empty for operator ${op}`);
      });
    } else if (k === "metadata" && path.length === 0) {
      continue; // the object's own metadata: checkMetadata does it
    } else if (k === "metadata" && isObj(x)) {
      // embedded ObjectMeta: pod templates, job templates, volume claim templates
      checkLabelsAndAnnotations(ctx, x, p);
    } else {
      checkSelectorsAnywhere(ctx, x, p);
    }
  }
}

export function selectorMatches(sel: Obj, labels: Obj): boolean {
  if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  if (Array.isArray(sel.matchExpressions)) {
    for (const r of sel.matchExpressions) {
      if (!isObj(r) || typeof r.key !== "string") continue;
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const vals = Array.isArray(r.values) ? r.values : [];
      const ok =
        r.operator === "In" ? has && vals.includes(labels[r.key])
        : r.operator === "NotIn" ? !has || !vals.includes(labels[r.key])
        : r.operator === "Exists" ? has
        : r.operator === "DoesNotExist" ? !has
        : true;
      if (!ok) return false;
    }
  }
  return true;
}

export function selectorIsEmpty(sel: Obj): boolean {
  const ml = isObj(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
  const me = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
  return ml + me === 0;
}
