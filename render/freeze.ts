// Deep freezing, for values shared by every caller (parsed manifests, the tests' shared program runs): a caller
// that changes one gets a TypeError instead of changing it for everyone; it changes its own `structuredClone`.

/** Freezes `v` and everything it holds, Maps' and Sets' entries included; returns it. */
export function deepFreeze<T>(v: T): T {
    if (v === null || typeof v !== "object" || Object.isFrozen(v)) return v;
    // Object.freeze does not stop a Map's or a Set's own methods.
    if (v instanceof Map || v instanceof Set) {
        for (const m of ["set", "add", "delete", "clear"]) {
            const refuse = () => {
                throw new TypeError(`a shared value is frozen: ${m} on a copy (structuredClone)`);
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
