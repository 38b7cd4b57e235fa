// Reading policy props safely. @pulumi/policy hands policies a proxy that throws UnknownValueError when a
// value is unknown (during preview, e.g. a certificate not created yet); the SDK turns such a throw into an
// advisory "can't run policy during preview" for the whole policy call. Scanning every value of every
// resource would trip on unrelated unknowns, so `materialize` copies props into plain data with each
// unknown replaced by an `Unknown` marker, and `known` rethrows the SDK's own error only where a decision
// really depends on the value.
import { policySdk } from "./sdk";

/** The SDK's error for reading an unknown value. */
export const UnknownValueError = policySdk.UnknownValueError;

export class Unknown {
    constructor(readonly error: Error) {}
}

/** A plain deep copy of policy props; every unknown value becomes an `Unknown`. */
export function materialize(v: unknown): unknown {
    if (v === null || typeof v !== "object") return v;
    const read = (k: string | number): unknown => {
        try {
            return materialize((v as Record<string | number, unknown>)[k]);
        } catch (e) {
            if (e instanceof UnknownValueError) return new Unknown(e);
            throw e;
        }
    };
    if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => read(i));
    // Assets, archives and other class instances carry no Kubernetes data: keep them as they are.
    // (The SDK's proxy reports its target's prototype.)
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    return Object.fromEntries(Object.keys(v).map((k) => [k, read(k)]));
}

/** The value, or the SDK's UnknownValueError when it is unknown (the SDK reports that as "can't run during preview"). */
export function known<T>(v: T | Unknown): T {
    if (v instanceof Unknown) throw v.error;
    return v;
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
    return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** `o.a.b.c` for a path: undefined when a step is missing or not an object, an `Unknown` when a step is unknown. */
export function getIn(o: unknown, ...path: (string | number)[]): unknown {
    let cur: unknown = o;
    for (const k of path) {
        if (cur instanceof Unknown) return cur;
        if (Array.isArray(cur) && typeof k === "number") cur = cur[k];
        else if (isObj(cur)) cur = cur[k as string];
        else return undefined;
    }
    return cur;
}

export function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}
