// Deep freezing, for values shared by every caller (parsed manifests, the tests' shared program runs): a caller
// that changes one gets a TypeError instead of changing it for everyone; it changes its own copy (`thaw`).

/** Freezes `v` and everything it holds, Maps' and Sets' entries included; returns it. */
export function deepFreeze<T>(v: T): T {
    if (v === null || typeof v !== "object" || Object.isFrozen(v)) return v;
    // Object.freeze does not stop a Map's or a Set's own methods.
    if (v instanceof Map || v instanceof Set) {
        for (const m of ["set", "add", "delete", "clear"]) {
            const refuse = () => {
                throw new TypeError(`a shared value is frozen: ${m} on a copy (thaw)`);
            };
            Object.defineProperty(v, m, { value: refuse });
        }
    }
    Object.freeze(v);
    if (v instanceof Map) for (const [k, x] of v) (deepFreeze(k), deepFreeze(x));
    else if (v instanceof Set) for (const x of v) deepFreeze(x);
    else for (const x of Object.values(v)) deepFreeze(x);
    return v;
}

/**
 * A deep copy of `v` that its caller may change: arrays, plain objects, Maps and Sets are copied, anything else is
 * shared (strings are immutable; structuredClone would copy every byte of a run's CRD text). Other class instances
 * are refused, as they could hold shared state that a copy would not separate.
 */
export function thaw<T>(v: T): T {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(thaw) as T;
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [thaw(k), thaw(x)])) as T;
    if (v instanceof Set) return new Set([...v].map(thaw)) as T;
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`thaw: cannot copy a ${proto?.constructor?.name ?? "class"} instance`);
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    for (const [k, x] of Object.entries(v)) out[k] = thaw(x);
    return out as T;
}
