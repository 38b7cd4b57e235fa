// Invariants of installs with proxy fleets in other clusters, checked on every run by the harness
// (test/harness.ts problems): each remote cluster's objects go to that cluster's provider only, nothing of
// gloo's cluster goes to a remote provider, a remote cluster gets only what a proxy fleet runs on (never the
// Gateways, which gloo reads in its own cluster), and no object in a remote cluster holds gloo's private key.
// Each is shown able to fail in test/multicluster.test.ts.
import * as crypto from "node:crypto";
import { REMOTE_CLUSTER_TYPE, clusterOf } from "../../render/clusters";
import { CONFIG_GROUP_TYPE } from "../../render/config-group";
import { Manifest, Registered, manifests } from "../../render/program";

/** What a fleet runs on: every kind a remote cluster may receive. */
export const REMOTE_KINDS = ["Namespace", "ServiceAccount", "Secret", "ConfigMap", "Deployment", "DaemonSet", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy"];

export interface PlacedObject {
    manifest: Manifest;
    resource: Registered;
    /** The key of `clusters`, or undefined for gloo's own cluster. */
    cluster: string | undefined;
    provider: string;
}

/**
 * Every Kubernetes object of a run with the cluster it was registered for and the provider it goes through. A
 * ConfigGroup (Gloo's CRDs) stands for its objects as one entry of kind ConfigGroup, unless `expandGroups`:
 * where they go is the group's provider, and expanding 2.7 MB of CRDs on every checked run costs.
 */
export function placedObjects(resources: Registered[], o: { expandGroups?: boolean } = {}): PlacedObject[] {
    const cluster = clusterOf(resources);
    return resources.flatMap((r) => {
        const ms: Manifest[] = r.type === CONFIG_GROUP_TYPE && !o.expandGroups ? [{ apiVersion: "-", kind: "ConfigGroup", metadata: { name: r.name } }] : manifests([r]);
        return ms.map((manifest) => ({ manifest, resource: r, cluster: cluster(r), provider: r.provider ?? "" }));
    });
}

const id = (o: PlacedObject) => `${o.manifest.kind} ${o.manifest.metadata.namespace ?? "-"}/${o.manifest.metadata.name}`;
const where = (c: string | undefined) => (c === undefined ? "gloo's cluster" : `cluster ${c}`);

/** The PEM body (base64, no whitespace) of every private key in `text`. */
export function privateKeyBodies(text: string): string[] {
    return [...text.matchAll(/-----BEGIN ([A-Z ]*PRIVATE KEY)-----([A-Za-z0-9+/=\s]+?)-----END \1-----/g)].map((m) => m[2].replace(/\s+/g, ""));
}

/** Every string inside a value, and what each base64 one decodes to (a Secret's `data`). */
function strings(v: unknown, out: string[] = []): string[] {
    if (typeof v === "string") {
        out.push(v);
        if (/^[A-Za-z0-9+/=\s]{16,}$/.test(v)) out.push(Buffer.from(v, "base64").toString("latin1"));
    } else if (v && typeof v === "object") for (const x of Object.values(v)) strings(x, out);
    return out;
}

/** gloo's private key material (`tls.key` of gloo's cluster's gloo-mtls-certs), as PEM body and DER-derived fingerprints. */
function glooKeys(objects: PlacedObject[]): string[] {
    const secret = objects.find((o) => o.cluster === undefined && o.manifest.kind === "Secret" && o.manifest.metadata.name === "gloo-mtls-certs");
    const key = secret?.manifest.stringData?.["tls.key"] ?? (secret?.manifest.data?.["tls.key"] ? Buffer.from(secret.manifest.data["tls.key"], "base64").toString() : undefined);
    if (typeof key !== "string") return [];
    const bodies = privateKeyBodies(key);
    // The same key in another encoding (PKCS#8 instead of SEC1/PKCS#1) is still gloo's key.
    try {
        const k = crypto.createPrivateKey(key);
        bodies.push(k.export({ type: "pkcs8", format: "pem" }).toString().replace(/-----[A-Z ]+-----|\s+/g, ""));
    } catch {
        // not parseable: the PEM body is what there is to compare
    }
    return bodies;
}

export function clusterProblems(resources: Registered[]): string[] {
    const errs: string[] = [];
    const objects = placedObjects(resources);
    const remoteKeys = [...new Set(objects.flatMap((o) => (o.cluster === undefined ? [] : [o.cluster])))];
    const providersOf = (c: string | undefined) => new Set(objects.filter((o) => o.cluster === c).map((o) => o.provider));
    const glooProviders = providersOf(undefined);

    // Remote clusters are declared by their component; each holds at least its namespace.
    const declared = resources.filter((r) => r.type === REMOTE_CLUSTER_TYPE).map((r) => r.inputs.cluster as string);
    if (new Set(declared).size !== declared.length) errs.push(`a remote cluster is registered twice: ${declared.join(", ")}`);

    const owner = new Map<string, string | undefined>();
    for (const p of glooProviders) owner.set(p, undefined);
    for (const c of remoteKeys) {
        const ps = providersOf(c);
        if (ps.size !== 1) errs.push(`cluster ${c}: its objects go through ${ps.size} providers (${[...ps].join(", ")}), want its own one`);
        for (const p of ps) {
            if (owner.has(p)) errs.push(`cluster ${c}: provider ${p} is ${where(owner.get(p))}'s too: its objects would land there`);
            else owner.set(p, c);
        }
        for (const o of objects.filter((x) => x.cluster === c)) {
            if (!REMOTE_KINDS.includes(o.manifest.kind)) errs.push(`cluster ${c}: ${id(o)} does not belong in a remote cluster (only ${REMOTE_KINDS.join(", ")}: what a proxy fleet runs on)`);
        }
        if (!objects.some((o) => o.cluster === c && o.manifest.kind === "Namespace")) errs.push(`cluster ${c}: no Namespace`);
    }
    // A fleet's objects are in one cluster: no proxy of an install deployed in gloo's cluster and in a remote one, nor twice.
    const byKey = new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
    const installOf = (r: Registered | undefined): string => {
        for (let x = r, i = 0; x && i < 64; x = x.options?.parent ? byKey.get(`${x.options.parent.type}::${x.options.parent.name}`) : undefined, i++) {
            if (x.type === "gloo-mtls:index:GlooInstall") return x.name;
        }
        return "?";
    };
    const deployed = new Map<string, string | undefined>();
    for (const o of objects) {
        const f = o.manifest.kind === "Deployment" || o.manifest.kind === "DaemonSet" ? o.manifest.spec?.template?.metadata?.labels?.["gateway-proxy-id"] : undefined;
        if (f === undefined) continue;
        const key = `${installOf(o.resource)}/${f}`;
        if (deployed.has(key)) errs.push(`proxy ${f}: deployed in ${where(deployed.get(key))} and in ${where(o.cluster)}`);
        deployed.set(key, o.cluster);
    }
    // No remote object holds gloo's private key, in any field, encoding or Secret.
    const remote = objects.filter((x) => x.cluster !== undefined);
    const keys = remote.length > 0 ? glooKeys(objects) : [];
    for (const o of remote) {
        const found = strings(o.manifest).some((s) => {
            const flat = s.replace(/\s+/g, "");
            return keys.some((k) => flat.includes(k));
        });
        if (found) errs.push(`cluster ${o.cluster}: ${id(o)} holds gloo's private key`);
    }
    return errs;
}
