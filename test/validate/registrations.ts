// What a run registered, seen the way the invariant checks need it: each Kubernetes object with the Pulumi
// resource that registered it, the pods of the workloads, and "does resource A wait for resource B".
import { Manifest, Registered, manifests } from "../../render/program";
import { podSpecOf } from "./kubernetes";

type Obj = Record<string, any>;

/** A Kubernetes object and the resource that registered it. */
export interface RegisteredObject {
    manifest: Manifest;
    /** `type::name`, the key of its resource in the dependency graph. */
    key: string;
    /** `Kind namespace/name`, for messages. */
    id: string;
    namespace: string | undefined;
    /** The provider (cluster) it goes to: objects of two clusters never refer to each other. */
    cluster: string;
}

/** A workload (Deployment, Job, CronJob, …) with the pod it runs. */
export interface Workload extends RegisteredObject {
    podSpec: Obj;
    podLabels: Record<string, string>;
    podAnnotations: Record<string, string>;
}

export const resourceKey = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

export interface Registrations {
    objects: RegisteredObject[];
    workloads: Workload[];
    /** The object of this kind, name and namespace in `cluster`, if the run registered one. */
    find(kind: string, name: string, namespace: string | undefined, cluster: string): RegisteredObject | undefined;
    /** Whether `from` is created only after `to` exists (see waitsFor). */
    waitsFor(from: string, to: string): boolean;
}

export function registrations(resources: Registered[]): Registrations {
    const objects: RegisteredObject[] = [];
    for (const r of resources) {
        const [manifest] = manifests([r]);
        if (!manifest) continue;
        const namespace = manifest.metadata?.namespace;
        objects.push({ manifest, key: resourceKey(r), id: `${manifest.kind} ${namespace ?? "-"}/${manifest.metadata?.name}`, namespace, cluster: r.provider ?? "" });
    }
    const workloads: Workload[] = [];
    for (const o of objects) {
        const pod = podSpecOf(o.manifest);
        const meta: Obj = pod?.podMetadata ?? {};
        if (pod) workloads.push({ ...o, podSpec: pod.podSpec, podLabels: meta.labels ?? {}, podAnnotations: meta.annotations ?? {} });
    }
    const closure = waitClosure(resources);
    return {
        objects,
        workloads,
        find: (kind, name, namespace, cluster) =>
            objects.find((o) => o.manifest.kind === kind && o.manifest.metadata?.name === name && o.namespace === namespace && o.cluster === cluster),
        waitsFor: (from, to) => closure(from).has(to),
    };
}

/**
 * Everything a resource waits for before it is created: its `dependsOn` (as render/program.ts recorded the
 * options), transitively through custom resources (one is created only after its own dependsOn). A dependency on
 * a component waits for the component's descendants, as the SDK expands it (runtime/dependsOn.js), not for the
 * component's own dependsOn: nothing waits for a component's registration. Nor does a child inherit its parent's
 * dependsOn (components/options.ts childOptions passes it down explicitly).
 */
export function waitClosure(resources: Registered[]): (key: string) => Set<string> {
    const deps = new Map<string, string[]>();
    const children = new Map<string, string[]>();
    const components = new Set<string>();
    for (const r of resources) {
        const key = resourceKey(r);
        deps.set(key, (r.options?.dependsOn ?? []).map(resourceKey));
        if (!r.custom) components.add(key);
        if (r.options?.parent) {
            const p = resourceKey(r.options.parent);
            children.set(p, [...(children.get(p) ?? []), key]);
        }
    }
    const memo = new Map<string, Set<string>>();
    return (start) => {
        const cached = memo.get(start);
        if (cached) return cached;
        const seen = new Set<string>();
        const queue = [...(deps.get(start) ?? [])];
        while (queue.length > 0) {
            const k = queue.pop()!;
            if (seen.has(k)) continue;
            seen.add(k);
            queue.push(...((components.has(k) ? children : deps).get(k) ?? []));
        }
        memo.set(start, seen);
        return seen;
    };
}

/** The containers of a pod that run for its lifetime: app containers and native sidecars (restartable init containers). */
export function longRunningContainers(pod: Obj): Obj[] {
    return [...(pod.containers ?? []), ...(pod.initContainers ?? []).filter((c: Obj) => c.restartPolicy === "Always")];
}

/** Every container of a pod, init and ephemeral ones included. */
export function allContainers(pod: Obj): Obj[] {
    return [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
}
