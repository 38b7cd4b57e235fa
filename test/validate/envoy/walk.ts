// The proto3 JSON walker: reads a plain value the way Envoy parses its YAML/JSON config, field by field, with
// unknown fields, wrong types, bad enums, doubly set oneofs and deprecated fields reported, every Any resolved
// by its @type, and each message's protoc-gen-validate rules applied after its fields.
import * as protobuf from "protobufjs";
import { checkMapKey, checkScalar, describe, durationNanos, isObject, join, nameOf, show } from "./proto-json";
import { lookupMessage } from "./protos";
import { checkFieldRules, fieldRules } from "./rules";

export function walkMessage(type: protobuf.Type, value: unknown, at: string, errors: string[]): void {
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
