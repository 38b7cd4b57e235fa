// The value formats the API server checks and the OpenAPI schema does not: DNS names, label and annotation
// keys, label values, data keys, base64, port numbers and names, quantities.
import { Ctx, Path, show } from "./common";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export function dns1123Label(v: string): string | undefined {
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!DNS1123_LABEL.test(v)) return "must be a DNS-1123 label (lowercase alphanumerics and '-', starting and ending alphanumeric)";
  return undefined;
}
export function dns1123Subdomain(v: string): string | undefined {
  if (v.length > 253) return `must be at most 253 characters (has ${v.length})`;
  if (!DNS1123_SUBDOMAIN.test(v)) return "must be a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', starting and ending alphanumeric)";
  return undefined;
}
export function dns1035Label(v: string): string | undefined {
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!DNS1035_LABEL.test(v)) return "must be a DNS-1035 label (lowercase alphanumerics and '-', starting with a letter, ending alphanumeric)";
  return undefined;
}
/** IANA_SVC_NAME: what a named port may be called. */
export function ianaSvcName(v: string): string | undefined {
  if (v.length > 15) return `must be at most 15 characters (has ${v.length})`;
  if (!/^[-a-z0-9]+$/.test(v)) return "must contain only lowercase alphanumerics and '-' (IANA_SVC_NAME)";
  if (!/[a-z]/.test(v)) return "must contain at least one letter (IANA_SVC_NAME)";
  if (v.includes("--")) return "must not contain consecutive hyphens (IANA_SVC_NAME)";
  if (v.startsWith("-") || v.endsWith("-")) return "must not begin or end with a hyphen (IANA_SVC_NAME)";
  return undefined;
}
/** A label/annotation key: optional DNS-subdomain prefix, '/', name of at most 63 characters. */
export function qualifiedName(v: string): string | undefined {
  const parts = v.split("/");
  let name = v;
  if (parts.length > 2) return "must be a qualified name: [prefix/]name";
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix === "") return "prefix part must be non-empty";
    const pe = dns1123Subdomain(prefix);
    if (pe) return `prefix part ${pe}`;
  }
  if (name === "") return "name part must be non-empty";
  if (name.length > 63) return `name part must be at most 63 characters (has ${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) return "name part must consist of alphanumerics, '-', '_' or '.', starting and ending alphanumeric";
  return undefined;
}
export function labelValue(v: unknown): string | undefined {
  if (typeof v !== "string") return `must be a string (got ${show(v)})`;
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!LABEL_VALUE.test(v)) return "must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric";
  return undefined;
}
export function configKey(v: string): string | undefined {
  if (v.length > 253) return `must be at most 253 characters (has ${v.length})`;
  if (!CONFIG_KEY.test(v)) return "must consist of alphanumerics, '-', '_' or '.'";
  if (v === "." || v === "..") return `must not be '${v}'`;
  return undefined;
}
export const BASE64_MSG = "must be valid base64 (standard alphabet, padded; use stringData for plain text)";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Go's base64.StdEncoding (what the API server decodes `[]byte` fields with): padded, CR/LF ignored. */
export function isBase64(v: string): boolean {
  return BASE64.test(v.replace(/[\r\n]/g, ""));
}

export function portNumber(ctx: Ctx, v: unknown, path: Path, what: string): void {
  if (typeof v === "number" && Number.isInteger(v) && (v < 1 || v > 65535)) ctx.add(path, `${what} ${v} must be between 1 and 65535`);
}

/** An int-or-string port: a number in range, or an IANA_SVC_NAME (optionally one of `names`). */
export function intOrNamedPort(ctx: Ctx, v: unknown, path: Path, what: string, names?: Set<string>): void {
  if (typeof v === "number") portNumber(ctx, v, path, what);
  else if (typeof v === "string") {
    if (/^\d+$/.test(v)) {
      ctx.add(path, `${what} "${v}" is a string of digits: use the number ${v} (a named port must contain a letter)`);
      return;
    }
    const e = ianaSvcName(v);
    if (e) ctx.add(path, `${what} name "${v}" ${e}`);
    else if (names && !names.has(v)) ctx.add(path, `${what} "${v}" names no port of this container (declared: ${[...names].join(", ") || "none"})`);
  }
}

const QUANTITY_RE = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const QUANTITY_SUFFIX: { [s: string]: number } = {
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  const m = QUANTITY_RE.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const s = m[2];
  if (!s) return n;
  if (s[0] === "e" || s[0] === "E") return n * 10 ** Number(s.slice(1));
  return n * QUANTITY_SUFFIX[s];
}
