// Which cluster each registered resource goes to: gloo's own, or the key of `clusters` whose RemoteCluster
// component (components/remote.ts) it was registered under. The render writes each cluster's objects to a
// directory of its own.
import type { Registered } from "./program";

/** The type of the component under which every object of a remote cluster is registered. */
export const REMOTE_CLUSTER_TYPE = "gloo-mtls:remote:RemoteCluster";

/** `resource → cluster key`, undefined for gloo's own cluster. */
export function clusterOf(resources: Registered[]): (r: Registered) => string | undefined {
    const byKey = new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
    const memo = new Map<string, string | undefined>();
    const find = (r: Registered | undefined, depth = 0): string | undefined => {
        if (!r || depth > 64) return undefined;
        const key = `${r.type}::${r.name}`;
        if (memo.has(key)) return memo.get(key);
        const found =
            r.type === REMOTE_CLUSTER_TYPE && typeof r.inputs.cluster === "string"
                ? r.inputs.cluster
                : r.options?.parent
                  ? find(byKey.get(`${r.options.parent.type}::${r.options.parent.name}`), depth + 1)
                  : undefined;
        memo.set(key, found);
        return found;
    };
    return (r) => find(r);
}
