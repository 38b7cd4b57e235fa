// Proto3 JSON's forms of plain values (integers by width, floats, bytes, bools, map keys, durations), and how
// every part of the Envoy validator names a path and a value in its errors.
import * as protobuf from "protobufjs";

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
export const nameOf = (t: protobuf.ReflectionObject) => t.fullName.replace(/^\./, "");
export const show = (at: string) => at || "(root)";
export const join = (at: string, key: string) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (at ? `${at}.${key}` : key) : `${at}[${JSON.stringify(key)}]`;
export function describe(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "an object";
    return `${typeof v} ${JSON.stringify(v)}`;
}

export const INT_RANGES: Record<string, [bigint, bigint]> = {
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

export function checkScalar(type: string, v: unknown, at: string, errors: string[]): void {
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
export function checkMapKey(keyType: string, key: string, at: string, errors: string[]): void {
    if (keyType === "bool" && key !== "true" && key !== "false") errors.push(`${at}: map key must be "true" or "false"`);
    else if (INT_RANGES[keyType] && !/^-?\d+$/.test(key)) errors.push(`${at}: map key must be an integer`);
}

// Seconds with up to 9 fractional digits and an "s": "5s", "0.25s", "-1.5s" (not "5", "1m", "5 s").
const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

export function durationNanos(v: unknown): bigint | undefined {
    const m = typeof v === "string" ? DURATION.exec(v) : null;
    if (!m) return undefined;
    const nanos = BigInt(m[2]) * 1_000_000_000n + BigInt((m[3] ?? "").padEnd(9, "0"));
    return m[1] ? -nanos : nanos;
}
