// CustomResourceDefinition objects: name from plural and group, one storage version, and the cheap rules of
// a structural schema.
import { Ctx, Obj, Path, isObj } from "./common";

export function checkCrd(ctx: Ctx, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  const names = isObj(spec.names) ? spec.names : {};
  const expected = `${String(names.plural)}.${String(spec.group)}`;
  const name = isObj(obj.metadata) ? obj.metadata.name : undefined;
  if (typeof name === "string" && name !== expected) ctx.add(["metadata", "name"], `must be spec.names.plural + "." + spec.group = "${expected}" (got "${name}")`);
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const storage = versions.filter((v) => isObj(v) && v.storage === true).length;
  if (versions.length > 0 && storage !== 1) ctx.add(["spec", "versions"], `exactly one version must have storage: true (has ${storage})`);
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (!isObj(v)) return;
    if (typeof v.name === "string") {
      if (seen.has(v.name)) ctx.add(["spec", "versions", i, "name"], `duplicate version "${v.name}"`);
      seen.add(v.name);
    }
    const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isObj(schema)) {
      ctx.add(["spec", "versions", i, "schema", "openAPIV3Schema"], "required in apiextensions.k8s.io/v1");
      return;
    }
    checkStructural(ctx, schema, ["spec", "versions", i, "schema", "openAPIV3Schema"], true);
  });
}

/** The structural-schema rules the API server enforces on CRD schemas (the cheap ones). */
function checkStructural(ctx: Ctx, s: Obj, path: Path, root: boolean): void {
  const pres = s["x-kubernetes-preserve-unknown-fields"];
  if (pres === false) ctx.add([...path, "x-kubernetes-preserve-unknown-fields"], "must be true or absent");
  if ((s.type === undefined || s.type === "") && s["x-kubernetes-int-or-string"] !== true && pres !== true) {
    ctx.add([...path, "type"], "required in a structural schema (unless x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields)");
  }
  if (isObj(s.properties) && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    ctx.add([...path, "additionalProperties"], "must not be used together with properties");
  }
  if (isObj(s.properties)) {
    for (const [k, v] of Object.entries(s.properties)) {
      if (!isObj(v)) continue;
      if (root && k === "metadata" && isObj(v.properties)) {
        for (const mk of Object.keys(v.properties)) {
          if (mk !== "name" && mk !== "generateName") ctx.add([...path, "properties", "metadata", "properties", mk], "root metadata may only restrict name and generateName");
        }
      }
      checkStructural(ctx, v, [...path, "properties", k], false);
    }
  }
  if (isObj(s.items)) checkStructural(ctx, s.items, [...path, "items"], false);
  if (isObj(s.additionalProperties)) checkStructural(ctx, s.additionalProperties, [...path, "additionalProperties"], false);
}
