// How the chart 1.22.1 builds each extra gateway proxy from `gatewayProxies.gatewayProxy` (the chart's
// notes §1.2, §5.2): sprig `mergeOverwrite` of the proxy's own values over gatewayProxy's, except that the
// Service's `extraAnnotations` are never inherited and a non-empty own `podTemplate.nodeSelector` replaces
// the inherited one. Our own key `cluster` is not inherited either. Pure functions over plain values.

type Plain = Record<string, unknown>;

const isMap = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v);

function clone<T>(v: T): T {
    return v === undefined ? v : structuredClone(v);
}

/**
 * sprig `mergeOverwrite(dst, src)` (mergo with override) on plain values: maps merge key by key; every key
 * present in `src` wins, even when it holds `false`, `0`, `""`, `[]` or `null`; an empty map `{}` changes
 * nothing (it has no keys); lists are replaced whole. Keys whose value is `undefined` count as absent (a
 * TypeScript caller's way of not setting them). Returns a new value; neither input is changed.
 */
export function mergeOverwrite(dst: unknown, src: unknown): unknown {
    if (!isMap(src) || !isMap(dst)) return src === undefined ? clone(dst) : clone(src);
    const out: Plain = clone(dst);
    for (const [k, v] of Object.entries(src)) {
        if (v === undefined) continue;
        out[k] = isMap(v) && isMap(out[k]) ? mergeOverwrite(out[k], v) : clone(v);
    }
    return out;
}

// The chart's `gloo.util.merge` of a kubeResourceOverride over a rendered object.

/** Removes every `null` (a field the override set to null is not rendered: Kubernetes reads it as unset). */
function withoutNulls(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(withoutNulls);
    if (!isMap(v)) return v;
    const out: Plain = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
    return out;
}

/** `base` with `o` merged over it as the chart merges it; `base` itself when there is no override. */
export function applyOverride<T>(base: T, o: { value: unknown } | undefined): T {
    if (!o) return base;
    return withoutNulls(mergeOverwrite(base, o.value)) as T;
}

/**
 * What a proxy's pods run as, by the chart's rules (`gloo.gatewayProxyKindOverride` and the templates' `kindIs "map"
 * kind.deployment`): `kind.workloadType` when set; otherwise a DaemonSet exactly when `kind.deployment` is null.
 */
export function workloadKindOf(kind: { workloadType?: string | null; deployment?: unknown } | undefined): "Deployment" | "DaemonSet" {
    if (kind?.workloadType === "Deployment" || kind?.workloadType === "DaemonSet") return kind.workloadType;
    return kind?.deployment === null ? "DaemonSet" : "Deployment";
}

/** The key of the default proxy: its values are also the base of every other proxy. */
export const DEFAULT_PROXY_KEY = "gatewayProxy";

/**
 * The values the chart renders proxy `key` from: gatewayProxy's own for the default, otherwise gatewayProxy's
 * merged with the proxy's (chart defaults are applied afterwards, to whatever is still unset).
 */
export function mergedProxyValues<T extends Plain>(key: string, proxies: Record<string, T | undefined>): T {
    const base = (proxies[DEFAULT_PROXY_KEY] ?? {}) as Plain;
    if (key === DEFAULT_PROXY_KEY) return clone(base) as T;
    const own = (proxies[key] ?? {}) as Plain;
    // The Service template merges from a copy of gatewayProxy without service.extraAnnotations. `cluster` (ours) is
    // not inherited either: moving the default proxy to another cluster must not move every other proxy with it.
    const baseOwn = withoutKey(base, "cluster");
    const inheritable = isMap(baseOwn.service) ? { ...baseOwn, service: withoutKey(baseOwn.service, "extraAnnotations") } : baseOwn;
    const merged = mergeOverwrite(inheritable, own) as Plain;
    // A non-empty own nodeSelector replaces the inherited map instead of adding to it.
    const ownSelector = isMap(own.podTemplate) ? own.podTemplate.nodeSelector : undefined;
    if (isMap(ownSelector) && Object.keys(ownSelector).length > 0) {
        merged.podTemplate = { ...(merged.podTemplate as Plain), nodeSelector: clone(ownSelector) };
    }
    return merged as T;
}

function withoutKey(m: Plain, key: string): Plain {
    const { [key]: _dropped, ...rest } = m;
    return rest;
}

/** The proxy keys in the chart's order (Go templates range over maps in sorted key order); gatewayProxy is always one. */
export function proxyKeys(proxies: Record<string, unknown> | undefined): string[] {
    return [...new Set([DEFAULT_PROXY_KEY, ...Object.keys(proxies ?? {})])].sort();
}
