// protoc-gen-validate (PGV) rules, as read from the `(validate.rules)` field options of Envoy's protos: the
// checks Envoy runs on a config message after parsing it.
import * as protobuf from "protobufjs";
import { INT_RANGES, durationNanos, isObject, join, nameOf } from "./proto-json";

// PGV rule blobs as protobufjs parses them from `(validate.rules)` options: nested plain objects.
type Rules = Record<string, any>;

const rulesCache = new WeakMap<protobuf.Field, Rules | null>();
export function fieldRules(field: protobuf.Field): Rules | undefined {
    let rules = rulesCache.get(field);
    if (rules === undefined) {
        // parsedOptions keeps one entry per option statement; merge them all.
        const merge = (into: Rules, from: Rules): Rules => {
            for (const [k, v] of Object.entries(from)) {
                into[k] = isObject(v) && isObject(into[k]) ? merge({ ...into[k] }, v) : v;
            }
            return into;
        };
        rules = null;
        for (const option of field.parsedOptions ?? []) {
            if (option["(validate.rules)"]) rules = merge(rules ?? {}, option["(validate.rules)"]);
        }
        rulesCache.set(field, rules);
    }
    return rules ?? undefined;
}

const DEFAULT_SCALAR: Record<string, unknown> = { string: "", bytes: "", bool: false };

export function checkFieldRules(field: protobuf.Field, rules: Rules, v: unknown, at: string, errors: string[]): void {
    const t = field.resolvedType;
    const fail = (kind: string, msg: string) => errors.push(`${at}: ${msg} (validate.rules ${kind})`);
    if (v === undefined) {
        // PGV skips unset oneof members (and proto3 `optional` fields, which are synthetic oneofs).
        if (field.partOf) return;
        if (!field.repeated && !field.map && t instanceof protobuf.Type) {
            // An unset message field can only break a "required" rule.
            const kind = rules.message ?? rules.duration ?? rules.timestamp ?? rules.any;
            if (kind?.required) errors.push(`${at}: required field "${field.name}" is missing`);
            return;
        }
        // Anything else that is not given has its proto3 default value, and PGV checks that value.
        if (field.map) v = {};
        else if (field.repeated) v = [];
        else v = t instanceof protobuf.Enum ? 0 : (DEFAULT_SCALAR[field.type] ?? 0);
    }
    if (field instanceof protobuf.MapField) {
        const r = rules.map;
        if (!r || !isObject(v)) return;
        const entries = Object.entries(v);
        if (r.ignore_empty && entries.length === 0) return;
        if (r.min_pairs !== undefined && entries.length < Number(r.min_pairs)) fail("map", `needs at least ${r.min_pairs} entries`);
        if (r.max_pairs !== undefined && entries.length > Number(r.max_pairs)) fail("map", `allows at most ${r.max_pairs} entries`);
        for (const [key, item] of entries) {
            if (r.keys) checkValueRules(r.keys, key, join(at, key), field, errors);
            if (r.values) checkValueRules(r.values, item, join(at, key), field, errors);
        }
    } else if (field.repeated) {
        const r = rules.repeated;
        if (!r || !Array.isArray(v)) return;
        if (r.ignore_empty && v.length === 0) return;
        if (r.min_items !== undefined && v.length < Number(r.min_items)) fail("repeated", `needs at least ${r.min_items} item(s), got ${v.length}`);
        if (r.max_items !== undefined && v.length > Number(r.max_items)) fail("repeated", `allows at most ${r.max_items} items`);
        if (r.unique && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) fail("repeated", "items must be unique");
        if (r.items) v.forEach((item, i) => checkValueRules(r.items, item, `${at}[${i}]`, field, errors));
    } else {
        checkValueRules(rules, v, at, field, errors);
    }
}

const NUMERIC_KINDS = new Set([...Object.keys(INT_RANGES), "double", "float"]);

/** Applies one value's rules (`{uint32: {lte: 65535}}`, `{string: {min_len: 1}}`, ...). Type errors were reported by the walk. */
function checkValueRules(rules: Rules, v: unknown, at: string, field: protobuf.Field, errors: string[]): void {
    for (const [kind, r] of Object.entries(rules)) {
        const fail = (msg: string) => errors.push(`${at}: ${msg} (validate.rules ${kind})`);
        if (NUMERIC_KINDS.has(kind)) {
            const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
            if (n !== undefined) checkNumberRules(r, n, fail, String);
        } else if (kind === "string" && typeof v === "string") {
            checkStringRules(r, v, fail);
        } else if (kind === "bytes" && typeof v === "string") {
            const len = Buffer.from(v, "base64").length;
            if (r.min_len !== undefined && len < Number(r.min_len)) fail(`needs at least ${r.min_len} bytes`);
            if (r.max_len !== undefined && len > Number(r.max_len)) fail(`allows at most ${r.max_len} bytes`);
            if (r.len !== undefined && len !== Number(r.len)) fail(`must be exactly ${r.len} bytes`);
        } else if (kind === "bool" && typeof v === "boolean") {
            if (r.const !== undefined && v !== r.const) fail(`must be ${r.const}`);
        } else if (kind === "enum" && field.resolvedType instanceof protobuf.Enum) {
            const e = field.resolvedType;
            const n = typeof v === "number" ? v : typeof v === "string" ? e.values[v] : undefined;
            if (n === undefined) continue;
            if (r.defined_only && e.valuesById[n] === undefined) fail(`${n} is not a defined value of ${nameOf(e)}`);
            checkNumberRules({ const: r.const, in: r.in, not_in: r.not_in }, n, fail, (x) => e.valuesById[x] ?? String(x));
        } else if (kind === "duration") {
            const nanos = durationNanos(v);
            const toNanos = (d: Rules | undefined) =>
                d === undefined ? undefined : Number(BigInt(d.seconds ?? 0) * 1_000_000_000n + BigInt(d.nanos ?? 0));
            const bounds: Rules = {};
            for (const k of ["const", "lt", "lte", "gt", "gte"]) if (r[k] !== undefined) bounds[k] = toNanos(r[k]);
            for (const k of ["in", "not_in"]) if (r[k] !== undefined) bounds[k] = [r[k]].flat().map(toNanos);
            if (nanos !== undefined) checkNumberRules(bounds, Number(nanos), fail, (x) => `${x / 1e9}s`);
        } else if (kind === "any" && isObject(v) && typeof v["@type"] === "string") {
            const url = v["@type"];
            if (r.in !== undefined && ![r.in].flat().includes(url)) fail(`@type must be one of ${[r.in].flat().join(", ")}`);
            if (r.not_in !== undefined && [r.not_in].flat().includes(url)) fail(`@type ${url} is not allowed here`);
        }
        // "message" and "timestamp" rules only say "required", checked where a field is unset.
    }
}

function checkNumberRules(r: Rules, n: number, fail: (msg: string) => void, fmt: (x: number) => string): void {
    if (r.ignore_empty && n === 0) return;
    if (r.const !== undefined && n !== Number(r.const)) fail(`must equal ${fmt(Number(r.const))}`);
    const above = r.gt !== undefined ? n > Number(r.gt) : r.gte !== undefined ? n >= Number(r.gte) : true;
    const below = r.lt !== undefined ? n < Number(r.lt) : r.lte !== undefined ? n <= Number(r.lte) : true;
    const lo = r.gt ?? r.gte;
    const hi = r.lt ?? r.lte;
    // PGV: a lower bound above the upper bound means "outside the range".
    const ok = lo !== undefined && hi !== undefined && Number(lo) > Number(hi) ? above || below : above && below;
    if (!ok) {
        const parts = [
            r.gt !== undefined && `> ${fmt(Number(r.gt))}`,
            r.gte !== undefined && `>= ${fmt(Number(r.gte))}`,
            r.lt !== undefined && `< ${fmt(Number(r.lt))}`,
            r.lte !== undefined && `<= ${fmt(Number(r.lte))}`,
        ].filter(Boolean);
        fail(`${fmt(n)} must be ${parts.join(" and ")}`);
    }
    const list = (x: unknown) => [x].flat().map(Number);
    if (r.in !== undefined && !list(r.in).includes(n)) fail(`must be one of ${list(r.in).map(fmt).join(", ")}`);
    if (r.not_in !== undefined && list(r.not_in).includes(n)) fail(`must not be ${fmt(n)}`);
}

// PGV's well_known_regex patterns (strict is the default).
const HEADER_REGEX: Record<string, RegExp> = {
    HTTP_HEADER_NAME: /^:?[0-9a-zA-Z!#$%&'*+-.^_|~`]+$/,
    HTTP_HEADER_VALUE: /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/,
};
const LOOSE_HEADER_REGEX = /^[^\u0000\u000A\u000D]*$/;

function checkStringRules(r: Rules, s: string, fail: (msg: string) => void): void {
    if (r.ignore_empty && s === "") return;
    const chars = [...s].length; // PGV counts code points for *_len and UTF-8 bytes for *_bytes
    const bytes = Buffer.byteLength(s);
    if (r.min_len !== undefined && chars < Number(r.min_len)) {
        fail(s === "" ? "is required (must be a non-empty string)" : `must be at least ${r.min_len} characters`);
    }
    if (r.min_bytes !== undefined && bytes < Number(r.min_bytes)) {
        fail(s === "" ? "is required (must be a non-empty string)" : `must be at least ${r.min_bytes} bytes`);
    }
    if (r.max_len !== undefined && chars > Number(r.max_len)) fail(`must be at most ${r.max_len} characters`);
    if (r.max_bytes !== undefined && bytes > Number(r.max_bytes)) fail(`must be at most ${r.max_bytes} bytes`);
    if (r.len !== undefined && chars !== Number(r.len)) fail(`must be exactly ${r.len} characters`);
    if (r.len_bytes !== undefined && bytes !== Number(r.len_bytes)) fail(`must be exactly ${r.len_bytes} bytes`);
    if (r.const !== undefined && s !== r.const) fail(`must be "${r.const}"`);
    if (r.prefix !== undefined && !s.startsWith(r.prefix)) fail(`must start with "${r.prefix}"`);
    if (r.suffix !== undefined && !s.endsWith(r.suffix)) fail(`must end with "${r.suffix}"`);
    if (r.contains !== undefined && !s.includes(r.contains)) fail(`must contain "${r.contains}"`);
    if (r.not_contains !== undefined && s.includes(r.not_contains)) fail(`must not contain "${r.not_contains}"`);
    if (r.in !== undefined && ![r.in].flat().includes(s)) fail(`must be one of ${[r.in].flat().join(", ")}`);
    if (r.not_in !== undefined && [r.not_in].flat().includes(s)) fail(`must not be "${s}"`);
    // RE2 patterns in Envoy's protos are plain enough for JavaScript's RegExp.
    if (r.pattern !== undefined && !new RegExp(r.pattern, "u").test(s)) fail(`must match /${r.pattern}/`);
    if (r.well_known_regex !== undefined) {
        const regex = r.strict === false ? LOOSE_HEADER_REGEX : HEADER_REGEX[r.well_known_regex];
        if (regex && !regex.test(s)) fail(`is not a valid ${r.well_known_regex}`);
    }
}
