// What every part of the Kubernetes validator shares: the error collector (one per object) and JSON paths,
// walked and shown as `spec.template.spec.containers[0].name`.

export type Obj = Record<string, unknown>;
export type Seg = string | number;
export type Path = readonly Seg[];

export class Ctx {
  readonly errors: string[] = [];
  constructor(readonly id: string) {}
  add(path: Path, msg: string): void {
    this.errors.push(`${this.id}: ${formatPath(path)}: ${msg}`);
  }
}

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function getIn(v: unknown, path: Path): unknown {
  let cur = v;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isObj(cur)) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;
/** `spec.template.spec.containers[0].name`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: Path): string {
  if (path.length === 0) return "$";
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
