/**
 * Offline validator for Envoy v3 configuration objects (bootstrap, clusters, listeners, typed
 * extension configs), so tests can prove that what we generate would be accepted by Envoy without
 * an Envoy binary.
 *
 * It reads the v3 .proto files that `@grpc/grpc-js-xds` ships (with protobufjs) and walks a plain
 * JSON value the way Envoy parses its YAML bootstrap: proto3 JSON with unknown fields rejected,
 * every `google.protobuf.Any` resolved and checked as its `@type`, plus the protoc-gen-validate
 * (PGV) rules Envoy runs after parsing, and deprecated fields reported as errors (we want only
 * the current API).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as protobuf from "protobufjs";

/** A schema loaded once per process; `skipped` lists proto files left out (missing imports). */
export interface EnvoySchema {
    root: protobuf.Root;
    loadMs: number;
    files: number;
    skipped: { file: string; missing: string[] }[];
}

const DEPS = path.join(path.dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
// Import roots, like protoc's -I flags.
const INCLUDE_DIRS = ["envoy-api", "xds", "protoc-gen-validate", "googleapis"].map((d) => path.join(DEPS, d));
// protobufjs has these google/protobuf files built in; descriptor.proto is a file in its package.
const BUNDLED = new Set(
    ["any", "duration", "empty", "field_mask", "struct", "timestamp", "wrappers"].map((n) => `google/protobuf/${n}.proto`),
);
const DESCRIPTOR = "google/protobuf/descriptor.proto";

let schema: EnvoySchema | undefined;

/** Loads (once) every Envoy v3 proto plus the xds/udpa protos, skipping files with unshipped imports. */
export function loadEnvoySchema(): EnvoySchema {
    if (schema) return schema;
    const start = performance.now();

    const locate = (rel: string): string | undefined => {
        if (rel === DESCRIPTOR) return require.resolve("protobufjs/google/protobuf/descriptor.proto");
        for (const dir of INCLUDE_DIRS) {
            const file = path.join(dir, rel);
            if (fs.existsSync(file)) return file;
        }
        return undefined;
    };

    // Transitively missing imports of a file. protobufjs would fail the whole load on the first
    // one (opencensus, opentelemetry, prometheus are not shipped), so such files are left out.
    const missingMemo = new Map<string, string[]>();
    const missingImports = (rel: string): string[] => {
        if (BUNDLED.has(rel)) return [];
        const known = missingMemo.get(rel);
        if (known) return known;
        missingMemo.set(rel, []); // placeholder breaks import cycles
        const file = locate(rel);
        let missing = [rel];
        if (file) {
            const source = fs.readFileSync(file, "utf8");
            const imports = [...source.matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm)].map((m) => m[1]);
            missing = [...new Set(imports.flatMap(missingImports))];
        }
        missingMemo.set(rel, missing);
        return missing;
    };

    // Only v3 Envoy files: the v2 API was removed from Envoy, so its types must not resolve.
    const listProtos = (base: string, sub: string, keep: (rel: string) => boolean): string[] =>
        (fs.readdirSync(path.join(base, sub), { recursive: true }) as string[])
            .map((f) => path.posix.join(sub, f.split(path.sep).join("/")))
            .filter((rel) => rel.endsWith(".proto") && keep(rel));
    const candidates = [
        ...listProtos(path.join(DEPS, "envoy-api"), "envoy", (rel) => rel.includes("/v3/")),
        // xds/udpa types such as xds.type.v3.TypedStruct may also appear as an Any.
        ...listProtos(path.join(DEPS, "xds"), "xds", () => true),
        ...listProtos(path.join(DEPS, "xds"), "udpa", () => true),
    ];
    const skipped: EnvoySchema["skipped"] = [];
    const files = candidates.filter((rel) => {
        const missing = missingImports(rel);
        if (missing.length) skipped.push({ file: rel, missing });
        return missing.length === 0;
    });

    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : (locate(target) ?? target));
    // keepCase: field names stay snake_case as in the .proto files (jsonName gives the camelCase).
    root.loadSync(files, { keepCase: true });
    schema = { root, loadMs: performance.now() - start, files: root.files.length, skipped };
    return schema;
}

/** Validates `value` as the proto3 JSON of message `typeName`; returns errors (empty = valid). */
export function validateEnvoy(typeName: string, value: unknown): string[] {
    const type = lookupMessage(typeName);
    if (!type) throw new Error(`unknown Envoy message type ${typeName}`);
    const errors: string[] = [];
    walkMessage(type, value, "", errors);
    return errors;
}

/** Validates a whole Envoy bootstrap (the object Envoy reads from its YAML/JSON config file). */
export function validateBootstrap(value: unknown): string[] {
    return validateEnvoy("envoy.config.bootstrap.v3.Bootstrap", value);
}

// ---------------------------------------------------------------------------------------------
// Walking proto3 JSON

type Json = Record<string, unknown>;
// PGV rule blobs as protobufjs parses them from `(validate.rules)` options: nested plain objects.
type Rules = Record<string, any>;

function lookupMessage(name: string): protobuf.Type | undefined {
    const fullName = name.startsWith(".") ? name : `.${name}`;
    const found = loadEnvoySchema().root.lookup(fullName);
    // protobufjs lookups also search nested namespaces; insist on the exact name.
    return found instanceof protobuf.Type && found.fullName === fullName ? found : undefined;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const nameOf = (t: protobuf.ReflectionObject) => t.fullName.replace(/^\./, "");
const show = (at: string) => at || "(root)";
const join = (at: string, key: string) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (at ? `${at}.${key}` : key) : `${at}[${JSON.stringify(key)}]`;
function describe(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "an object";
    return `${typeof v} ${JSON.stringify(v)}`;
}

function walkMessage(type: protobuf.Type, value: unknown, at: string, errors: string[]): void {
    if (walkWellKnown(type, value, at, errors)) return;
    if (!isObject(value)) {
        errors.push(`${show(at)}: expected an object (${nameOf(type)}), got ${describe(value)}`);
        return;
    }
    const given = new Map<protobuf.Field, unknown>(); // fields set to a non-null value
    const keyOf = new Map<protobuf.Field, string>(); // JSON key each field was given as
    const oneofSetBy = new Map<string, string>();
    for (const [key, v] of Object.entries(value)) {
        const here = join(at, key);
        const field = fieldByJsonKey(type, key);
        if (!field) {
            errors.push(`${here}: unknown field "${key}" in ${nameOf(type)}${suggest(type, key)}`);
            continue;
        }
        const earlier = keyOf.get(field);
        if (earlier !== undefined) {
            errors.push(`${here}: field given twice, as "${earlier}" and "${key}"`);
            continue;
        }
        keyOf.set(field, key);
        // proto3 JSON: null means "not set", except where null is the value (google.protobuf.Value).
        if (v === null && !acceptsNull(field)) continue;
        given.set(field, v);
        const deprecation = deprecatedSince(field.options);
        if (deprecation) errors.push(`${here}: deprecated field ${nameOf(type)}.${field.name}${deprecation}`);
        const oneof = field.partOf;
        if (oneof) {
            const other = oneofSetBy.get(oneof.name);
            if (other) errors.push(`${here}: oneof "${oneof.name}" of ${nameOf(type)} is already set by "${other}"`);
            else oneofSetBy.set(oneof.name, key);
        }
        walkField(field, v, here, errors);
    }

    // PGV: Envoy validates every config message after parsing unless the message opts out.
    if (type.options?.["(validate.disabled)"] || type.options?.["(validate.ignored)"]) return;
    for (const field of type.fieldsArray) {
        const rules = fieldRules(field);
        if (rules) checkFieldRules(field, rules, given.get(field), join(at, keyOf.get(field) ?? field.name), errors);
    }
    for (const oneof of type.oneofsArray) {
        if (oneof.options?.["(validate.required)"] && !oneofSetBy.has(oneof.name)) {
            errors.push(`${show(at)}: one of ${oneof.oneof.join(", ")} is required (oneof "${oneof.name}" of ${nameOf(type)})`);
        }
    }
}

/** Field for a JSON key: proto name (snake_case, what Envoy docs use) or its lowerCamelCase json_name. */
const fieldIndex = new WeakMap<protobuf.Type, Map<string, protobuf.Field>>();
function fieldByJsonKey(type: protobuf.Type, key: string): protobuf.Field | undefined {
    let index = fieldIndex.get(type);
    if (!index) {
        index = new Map();
        for (const f of type.fieldsArray) index.set(f.name, f).set(f.jsonName, f);
        fieldIndex.set(type, index);
    }
    return index.get(key);
}

/** " (did you mean ...?)" for a near miss, so a typo's error points at the fix. */
function suggest(type: protobuf.Type, key: string): string {
    const norm = (s: string) => s.toLowerCase().replace(/_/g, "");
    const distance = (a: string, b: string): number => {
        let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
            const row = [i];
            for (let j = 1; j <= b.length; j++) {
                row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            }
            prev = row;
        }
        return prev[b.length];
    };
    const best = type.fieldsArray
        .map((f) => ({ name: f.name, d: distance(norm(key), norm(f.name)) }))
        .sort((x, y) => x.d - y.d)[0];
    return best && best.d <= 2 ? ` (did you mean "${best.name}"?)` : "";
}

function acceptsNull(field: protobuf.Field): boolean {
    const t = field.resolvedType;
    return !field.repeated && !field.map && !!t && [".google.protobuf.Value", ".google.protobuf.NullValue"].includes(t.fullName);
}

/** " (since 3.0)" when options mark a field or enum value deprecated, else "". */
function deprecatedSince(options: Record<string, any> | undefined): string {
    if (!options) return "";
    const since =
        options["(envoy.annotations.deprecated_at_minor_version)"] ??
        options["(envoy.annotations.deprecated_at_minor_version_enum)"];
    if (since) return ` (deprecated since ${since})`;
    return options.deprecated === true ? " (deprecated)" : "";
}

function walkField(field: protobuf.Field, v: unknown, at: string, errors: string[]): void {
    if (field instanceof protobuf.MapField) {
        if (!isObject(v)) {
            errors.push(`${at}: expected an object (map<${field.keyType}, ${field.type}>), got ${describe(v)}`);
            return;
        }
        for (const [key, item] of Object.entries(v)) {
            checkMapKey(field.keyType, key, join(at, key), errors);
            walkValue(field, item, join(at, key), errors);
        }
    } else if (field.repeated) {
        if (!Array.isArray(v)) {
            errors.push(`${at}: expected a list (repeated ${field.type}), got ${describe(v)}`);
            return;
        }
        v.forEach((item, i) => walkValue(field, item, `${at}[${i}]`, errors));
    } else {
        walkValue(field, v, at, errors);
    }
}

/** One value of a field (an element, for repeated and map fields). */
function walkValue(field: protobuf.Field, v: unknown, at: string, errors: string[]): void {
    const t = field.resolvedType;
    if (t instanceof protobuf.Type) walkMessage(t, v, at, errors);
    else if (t instanceof protobuf.Enum) walkEnum(t, v, at, errors);
    else checkScalar(field.type, v, at, errors);
}

function walkEnum(e: protobuf.Enum, v: unknown, at: string, errors: string[]): void {
    if (e.fullName === ".google.protobuf.NullValue" && (v === null || v === "NULL_VALUE")) return;
    let name: string | undefined;
    if (typeof v === "string") {
        if (!Object.prototype.hasOwnProperty.call(e.values, v)) {
            errors.push(`${at}: unknown value "${v}" for enum ${nameOf(e)} (expected one of ${Object.keys(e.values).join(", ")})`);
            return;
        }
        name = v;
    } else if (typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
        name = e.valuesById[v]; // open enum: an undefined number parses; PGV defined_only may reject it
    } else {
        errors.push(`${at}: expected an enum name of ${nameOf(e)}, got ${describe(v)}`);
        return;
    }
    const deprecation = name === undefined ? "" : deprecatedSince(e.valuesOptions?.[name]);
    if (deprecation) errors.push(`${at}: deprecated enum value ${nameOf(e)}.${name}${deprecation}`);
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
    int32: [-(2n ** 31n), 2n ** 31n - 1n],
    sint32: [-(2n ** 31n), 2n ** 31n - 1n],
    sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
    uint32: [0n, 2n ** 32n - 1n],
    fixed32: [0n, 2n ** 32n - 1n],
    int64: [-(2n ** 63n), 2n ** 63n - 1n],
    sint64: [-(2n ** 63n), 2n ** 63n - 1n],
    sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
    uint64: [0n, 2n ** 64n - 1n],
    fixed64: [0n, 2n ** 64n - 1n],
};
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function checkScalar(type: string, v: unknown, at: string, errors: string[]): void {
    const fail = (expected: string) => errors.push(`${at}: expected ${expected} (${type}), got ${describe(v)}`);
    switch (type) {
        case "string":
            if (typeof v !== "string") fail("a string");
            return;
        case "bool":
            if (typeof v !== "boolean") fail("true or false");
            return;
        case "bytes":
            if (typeof v !== "string" || !BASE64.test(v)) fail("a base64 string");
            return;
        case "double":
        case "float":
            if (!(typeof v === "number" && Number.isFinite(v)) && !["NaN", "Infinity", "-Infinity"].includes(v as string)) {
                fail("a number");
            } else if (type === "float" && typeof v === "number" && Math.abs(v) > 3.4028234663852886e38) {
                fail("a number within float range");
            }
            return;
    }
    const range = INT_RANGES[type];
    if (!range) throw new Error(`unhandled scalar type ${type}`);
    // proto3 JSON writes 64-bit integers as strings (JS numbers lose precision); both parse.
    const is64 = type.endsWith("64");
    let n: bigint | undefined;
    if (typeof v === "number" && Number.isInteger(v)) n = BigInt(v);
    else if (is64 && typeof v === "string" && /^-?\d+$/.test(v)) n = BigInt(v);
    if (n === undefined) fail(is64 ? "an integer (number or decimal string)" : "an integer");
    else if (n < range[0] || n > range[1]) errors.push(`${at}: ${n} is out of range for ${type}`);
}

/** Map keys are always JSON strings; they must spell a value of the key type. */
function checkMapKey(keyType: string, key: string, at: string, errors: string[]): void {
    if (keyType === "bool" && key !== "true" && key !== "false") errors.push(`${at}: map key must be "true" or "false"`);
    else if (INT_RANGES[keyType] && !/^-?\d+$/.test(key)) errors.push(`${at}: map key must be an integer`);
}

// Well-known types have their own JSON forms in proto3 JSON.
const WRAPPERS: Record<string, string> = {
    ".google.protobuf.DoubleValue": "double",
    ".google.protobuf.FloatValue": "float",
    ".google.protobuf.Int64Value": "int64",
    ".google.protobuf.UInt64Value": "uint64",
    ".google.protobuf.Int32Value": "int32",
    ".google.protobuf.UInt32Value": "uint32",
    ".google.protobuf.BoolValue": "bool",
    ".google.protobuf.StringValue": "string",
    ".google.protobuf.BytesValue": "bytes",
};
const SPECIAL_JSON = new Set([
    ...Object.keys(WRAPPERS),
    ".google.protobuf.Any",
    ".google.protobuf.Duration",
    ".google.protobuf.Timestamp",
    ".google.protobuf.FieldMask",
    ".google.protobuf.Struct",
    ".google.protobuf.Value",
    ".google.protobuf.ListValue",
]);
// Seconds with up to 9 fractional digits and an "s": "5s", "0.25s", "-1.5s" (not "5", "1m", "5 s").
const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_DURATION_SECONDS = 315576000000n; // protobuf's limit, about 10000 years

/** Handles the well-known types; returns false for ordinary messages. */
function walkWellKnown(type: protobuf.Type, v: unknown, at: string, errors: string[]): boolean {
    const fail = (expected: string) => errors.push(`${show(at)}: expected ${expected} (${nameOf(type)}), got ${describe(v)}`);
    switch (type.fullName) {
        case ".google.protobuf.Any":
            walkAny(v, at, errors);
            return true;
        case ".google.protobuf.Duration": {
            const nanos = durationNanos(v);
            if (nanos === undefined) fail('a duration string like "5s" or "0.25s"');
            else if (nanos > MAX_DURATION_SECONDS * 1_000_000_000n || -nanos > MAX_DURATION_SECONDS * 1_000_000_000n) {
                fail("a duration within ±315576000000s");
            }
            return true;
        }
        case ".google.protobuf.Timestamp":
            if (typeof v !== "string" || !TIMESTAMP.test(v)) fail('an RFC 3339 timestamp like "2024-01-01T00:00:00Z"');
            return true;
        case ".google.protobuf.FieldMask":
            if (typeof v !== "string") fail("a comma-separated string of field paths");
            return true;
        case ".google.protobuf.Struct":
            if (!isObject(v)) fail("an object");
            return true;
        case ".google.protobuf.Value":
            return true; // any JSON value
        case ".google.protobuf.ListValue":
            if (!Array.isArray(v)) fail("a list");
            return true;
    }
    const scalar = WRAPPERS[type.fullName];
    if (scalar) checkScalar(scalar, v, show(at), errors); // wrappers are the bare scalar
    return scalar !== undefined;
}

function durationNanos(v: unknown): bigint | undefined {
    const m = typeof v === "string" ? DURATION.exec(v) : null;
    if (!m) return undefined;
    const nanos = BigInt(m[2]) * 1_000_000_000n + BigInt((m[3] ?? "").padEnd(9, "0"));
    return m[1] ? -nanos : nanos;
}

/** Any: `{"@type": "type.googleapis.com/<message>", ...that message's fields}`. */
function walkAny(v: unknown, at: string, errors: string[]): void {
    if (!isObject(v)) {
        errors.push(`${show(at)}: expected an object with "@type" (google.protobuf.Any), got ${describe(v)}`);
        return;
    }
    const { "@type": url, ...rest } = v;
    const urlAt = join(at, "@type");
    if (typeof url !== "string") {
        errors.push(`${urlAt}: google.protobuf.Any needs a "@type" string`);
        return;
    }
    const m = /^type\.googleapis\.com\/([A-Za-z_][\w.]*)$/.exec(url);
    if (!m) {
        errors.push(`${urlAt}: "${url}" is not of the form type.googleapis.com/<full.message.Name>`);
        return;
    }
    const type = lookupMessage(m[1]);
    if (!type) {
        errors.push(`${urlAt}: unknown type "${url}" (not an Envoy v3 message; the v2 API is removed from Envoy)`);
        return;
    }
    if (SPECIAL_JSON.has(type.fullName)) {
        // A well-known type inside an Any carries its JSON form under "value".
        const extra = Object.keys(rest).filter((k) => k !== "value");
        if (extra.length) errors.push(`${show(at)}: unexpected fields ${extra.join(", ")} beside "value" in an Any of ${nameOf(type)}`);
        if (!("value" in rest)) errors.push(`${show(at)}: an Any of ${nameOf(type)} needs "value"`);
        else walkMessage(type, rest.value, join(at, "value"), errors);
        return;
    }
    walkMessage(type, rest, at, errors);
}

// ---------------------------------------------------------------------------------------------
// protoc-gen-validate rules, as read from `(validate.rules)` field options

const rulesCache = new WeakMap<protobuf.Field, Rules | null>();
function fieldRules(field: protobuf.Field): Rules | undefined {
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

function checkFieldRules(field: protobuf.Field, rules: Rules, v: unknown, at: string, errors: string[]): void {
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
