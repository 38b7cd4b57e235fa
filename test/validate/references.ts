// Invariant: every Secret and ConfigMap a pod uses exists and is created before the pod. A pod whose Secret is
// missing does not start (ContainerCreating, CreateContainerConfigError) and, under `pulumi up`, makes the
// Deployment time out; ordering through dependsOn makes the first `pulumi up` correct, not only the second.
import { Registrations, Workload, allContainers } from "./registrations";

type Obj = Record<string, any>;

/**
 * Secrets that the cluster creates, not Pulumi, each with the one Job that creates it; the pod must wait for
 * that Job instead (the provider waits for a Job to complete). Narrow on purpose: the Job must be registered in
 * the pod's namespace and pass the Secret's name to certgen (`--secret-name=`), so the exception applies only
 * when the creator really is there.
 */
export const IN_CLUSTER_SECRETS: { secret: string; job: string; why: string }[] = [
    {
        secret: "gloo-mtls-certs",
        job: "gloo-mtls-certgen",
        why: "certificates.issuer certgen: the certgen Job creates it in the cluster (docs/configuration.md; components/rotation.ts)",
    },
];

/** One use of a Secret or ConfigMap by a pod. */
export interface ObjectRef {
    kind: "Secret" | "ConfigMap";
    name: string;
    /** Keys the pod reads from it; empty when it takes the whole object. */
    keys: string[];
    /** Where in the pod spec, for messages. */
    where: string;
}

/** Every Secret and ConfigMap a pod spec refers to: volumes (projected too), env valueFrom, envFrom. */
export function podReferences(pod: Obj): ObjectRef[] {
    const refs: ObjectRef[] = [];
    const items = (x: Obj) => (x.items ?? []).map((i: Obj) => i.key as string);
    (pod.volumes ?? []).forEach((v: Obj, i: number) => {
        const at = `spec.volumes[${i}]`;
        if (v.secret) refs.push({ kind: "Secret", name: v.secret.secretName, keys: items(v.secret), where: `${at}.secret` });
        if (v.configMap) refs.push({ kind: "ConfigMap", name: v.configMap.name, keys: items(v.configMap), where: `${at}.configMap` });
        (v.projected?.sources ?? []).forEach((s: Obj, j: number) => {
            if (s.secret) refs.push({ kind: "Secret", name: s.secret.name, keys: items(s.secret), where: `${at}.projected.sources[${j}].secret` });
            if (s.configMap) refs.push({ kind: "ConfigMap", name: s.configMap.name, keys: items(s.configMap), where: `${at}.projected.sources[${j}].configMap` });
        });
    });
    for (const c of allContainers(pod)) {
        const at = `container ${c.name}`;
        for (const e of c.env ?? []) {
            const s = e.valueFrom?.secretKeyRef;
            const m = e.valueFrom?.configMapKeyRef;
            if (s) refs.push({ kind: "Secret", name: s.name, keys: [s.key], where: `${at} env ${e.name}` });
            if (m) refs.push({ kind: "ConfigMap", name: m.name, keys: [m.key], where: `${at} env ${e.name}` });
        }
        for (const f of c.envFrom ?? []) {
            if (f.secretRef) refs.push({ kind: "Secret", name: f.secretRef.name, keys: [], where: `${at} envFrom` });
            if (f.configMapRef) refs.push({ kind: "ConfigMap", name: f.configMapRef.name, keys: [], where: `${at} envFrom` });
        }
    }
    return refs;
}

function keysOf(manifest: Obj): Set<string> {
    return new Set([...Object.keys(manifest.data ?? {}), ...Object.keys(manifest.stringData ?? {}), ...Object.keys(manifest.binaryData ?? {})]);
}

/** The documented in-cluster creator of a Secret the pod uses, if this install has it. */
function inClusterCreator(reg: Registrations, w: Workload, secret: string) {
    const entry = IN_CLUSTER_SECRETS.find((x) => x.secret === secret);
    if (!entry) return undefined;
    const job = reg.workloads.find((j) => j.manifest.kind === "Job" && j.manifest.metadata.name === entry.job && j.namespace === w.namespace && j.cluster === w.cluster);
    const createsIt = job && allContainers(job.podSpec).some((c) => (c.args ?? []).includes(`--secret-name=${secret}`));
    return createsIt ? job : undefined;
}

export function referenceProblems(reg: Registrations): string[] {
    const errs: string[] = [];
    for (const w of reg.workloads) {
        for (const ref of podReferences(w.podSpec)) {
            const uses = `${w.id}: ${ref.where} uses ${ref.kind} ${ref.name}`;
            const obj = reg.find(ref.kind, ref.name, w.namespace, w.cluster);
            if (obj) {
                if (!reg.waitsFor(w.key, obj.key)) errs.push(`${uses}, but is not created after it (no dependsOn path to ${obj.key})`);
                const keys = keysOf(obj.manifest);
                for (const k of ref.keys) if (!keys.has(k)) errs.push(`${uses}, key ${JSON.stringify(k)}, which ${obj.id} does not have (keys: ${[...keys].join(", ")})`);
                continue;
            }
            const job = ref.kind === "Secret" ? inClusterCreator(reg, w, ref.name) : undefined;
            if (!job) {
                errs.push(`${uses}, which the install does not register${ref.kind === "Secret" ? " and no documented in-cluster creator makes (IN_CLUSTER_SECRETS)" : ""}`);
            } else if (!reg.waitsFor(w.key, job.key)) {
                errs.push(`${uses}, created in-cluster by ${job.id}, but is not created after that Job (no dependsOn path to ${job.key})`);
            }
        }
    }
    return errs;
}
