// Layer 1: the OpenAPI schema of Kubernetes 1.33 through kubernetes-models (ajv-compiled): types, enums,
// required fields, base64, quantities; ajv's errors rewritten as one readable error per path.
import { Ctx, Obj, Path, Seg, getIn, isObj, show } from "./common";
import { BASE64_MSG, isBase64 } from "./formats";
import type { ModelCtor } from "./kinds";

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Runs the kubernetes-models validator and reports its errors. */
export function schemaErrors(ctx: Ctx, obj: Obj, ctor: ModelCtor, pathPrefix: Path = []): void {
  let errs: AjvError[] = [];
  try {
    new ctor(obj).validate();
    return;
  } catch (e) {
    const list = (e as { errors?: unknown }).errors;
    if (!Array.isArray(list)) {
      ctx.add(pathPrefix, `schema validation failed: ${(e as Error).message}`);
      return;
    }
    errs = list as AjvError[];
  }
  const byPath = new Map<string, AjvError[]>();
  for (const er of errs) {
    const g = byPath.get(er.instancePath);
    if (g) g.push(er);
    else byPath.set(er.instancePath, [er]);
  }
  for (const [pointer, group] of byPath) {
    const path = [...pathPrefix, ...pointerToPath(obj, pointer)];
    const value = getIn(obj, path.slice(pathPrefix.length));
    const alt = group.some((g) => g.keyword === "oneOf" || g.keyword === "anyOf");
    if (alt) {
      const options = group.filter((g) => g.keyword !== "oneOf" && g.keyword !== "anyOf").map(describeAjv);
      ctx.add(path, `must be ${[...new Set(options)].join(" or ")} (got ${show(value)})`);
      continue;
    }
    for (const g of group) {
      if (g.keyword === "required") {
        ctx.add([...path, String(g.params.missingProperty)], "required field is missing");
      } else if (g.keyword === "enum") {
        const allowed = (g.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
        ctx.add(path, `must be one of ${allowed} (got ${show(value)})`);
      } else if (g.keyword === "type") {
        ctx.add(path, `must be ${String(g.params.type)} (got ${show(value)})`);
      } else if (g.keyword === "format" && g.params.format === "byte") {
        // ajv refuses CR/LF; Go's decoder (the API server's) skips them
        if (typeof value !== "string" || !isBase64(value)) ctx.add(path, BASE64_MSG);
      } else {
        ctx.add(path, `${g.message ?? g.keyword} (got ${show(value)})`);
      }
    }
  }
}

function describeAjv(g: AjvError): string {
  if (g.keyword === "type") return String(g.params.type);
  if (g.keyword === "format") return `a string in format "${String(g.params.format)}"`;
  return g.message ?? g.keyword;
}

function pointerToPath(root: unknown, pointer: string): Seg[] {
  if (pointer === "") return [];
  const out: Seg[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = isObj(cur) ? cur[seg] : undefined;
    }
  }
  return out;
}
