// What the Pulumi SDK hands a mock, made comparable: its secret wrappers, unknowns and write-only inputs,
// and a canonical JSON of inputs (the memo key of a generated resource).
import * as pulumi from "@pulumi/pulumi";

/** Dotted paths at which `v` holds the SDK's secret wrapper. */
export function secretPaths(v: unknown, at = ""): string[] {
    if (Array.isArray(v)) return v.flatMap((x, i) => secretPaths(x, `${at}[${i}]`));
    if (!isPlainObject(v)) return [];
    if (v[SIG_KEY] === SECRET_SIG) return [at];
    return Object.entries(v).flatMap(([k, x]) => secretPaths(x, at ? `${at}.${k}` : k));
}

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isPlainObject(v: unknown): v is Record<string, any> {
    if (v === null || typeof v !== "object") return false;
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}

/** Removes the SDK's secret wrapper `{[sig]: secretSig, value}` recursively (arrays and plain objects). */
export function unwrapSecrets<T>(v: T): T {
    if (Array.isArray(v)) return v.map((x) => unwrapSecrets(x)) as unknown as T;
    if (isPlainObject(v)) {
        if (v[SIG_KEY] === SECRET_SIG) return unwrapSecrets(v.value);
        const out: Record<string, any> = {};
        for (const [k, x] of Object.entries(v)) out[k] = unwrapSecrets(x);
        return out as T;
    }
    return v;
}

export function secret<T>(value: T): Record<string, any> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export function containsUnknown(v: unknown): boolean {
    if (pulumi.isUnknown(v)) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (isPlainObject(v)) return Object.values(v).some(containsUnknown);
    return false;
}

export function withoutWriteOnly(raw: Record<string, any>): Record<string, any> {
    // Write-only inputs (`*Wo`) are never stored in state by the provider.
    return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.endsWith("Wo")));
}

/** JSON with sorted keys; undefined members dropped; resources, unknowns and other class instances named. */
export function canonicalJson(v: unknown): string {
    const walk = (x: unknown): unknown => {
        if (x === undefined) return null;
        if (pulumi.isUnknown(x)) return { $unknown: true };
        if (Array.isArray(x)) return x.map(walk);
        if (isPlainObject(x)) {
            const out: Record<string, unknown> = {};
            for (const k of Object.keys(x).sort()) if (x[k] !== undefined) out[k] = walk(x[k]);
            return out;
        }
        if (x !== null && typeof x === "object") {
            const r = x as { __pulumiType?: string; __name?: string; constructor?: { name?: string } };
            if (pulumi.Resource.isInstance(x)) return { $resource: `${r.__pulumiType}::${r.__name}` };
            return { $class: r.constructor?.name ?? "object" };
        }
        return x;
    };
    return JSON.stringify(walk(v));
}
