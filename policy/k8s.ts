// The Kubernetes objects a Pulumi resource carries, and the parts of them the policies read.
import * as YAML from "yaml";
import { Obj, getIn, isObj, str } from "./values";

export interface K8sObject extends Obj {
    kind: string;
    apiVersion?: string;
    metadata?: Obj;
}

export const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";

/**
 * The objects of a resource, from its materialized props: itself for a Kubernetes resource, every document
 * of its `yaml` and `objs` for a ConfigGroup (`files` cannot be read here: under the CLI the group's children
 * are validated one by one anyway). Patches are partial objects and are left out.
 */
export function objectsOf(type: string, props: unknown): K8sObject[] {
    if (type === CONFIG_GROUP) return configGroupObjects(props);
    if (!type.startsWith("kubernetes:") || type.endsWith("Patch") || type.startsWith("kubernetes:yaml") || type.startsWith("kubernetes:helm")) return [];
    return isK8sObject(props) ? [props] : [];
}

/** Parsed manifests by text: every policy reads the same ConfigGroup (the CRDs: 760 KB). Policies only read them. */
const parsed = new Map<string, unknown[]>();

/** The documents of a manifest text; JSON (which the CRD group uses) without the YAML parser's cost. */
function documents(text: string): unknown[] {
    let docs = parsed.get(text);
    if (docs) return docs;
    try {
        docs = [JSON.parse(text)];
    } catch {
        // A document that does not parse is the provider's error to report, not a policy's.
        docs = YAML.parseAllDocuments(text).flatMap((doc) => (doc.errors.length === 0 ? [doc.toJS()] : []));
    }
    if (parsed.size > 16) parsed.clear();
    parsed.set(text, docs);
    return docs;
}

function configGroupObjects(props: unknown): K8sObject[] {
    const out: unknown[] = [];
    const yaml = getIn(props, "yaml");
    for (const text of Array.isArray(yaml) ? yaml : [yaml]) if (typeof text === "string") out.push(...documents(text));
    const objs = getIn(props, "objs");
    out.push(...(Array.isArray(objs) ? objs.flat(Infinity) : [objs]));
    return out.flatMap(expandList).filter(isK8sObject);
}

/** `kind: List` (and `*List`) documents hold their objects in `items`. */
function expandList(o: unknown): unknown[] {
    if (isObj(o) && typeof o.kind === "string" && o.kind.endsWith("List") && Array.isArray(o.items)) return o.items.flatMap(expandList);
    return [o];
}

function isK8sObject(o: unknown): o is K8sObject {
    return isObj(o) && typeof o.kind === "string";
}

export function nameOf(o: K8sObject): string | undefined {
    return str(getIn(o, "metadata", "name"));
}

/** Namespaced objects without one land in the provider's default namespace. */
export function namespaceOf(o: K8sObject): string {
    return str(getIn(o, "metadata", "namespace")) ?? "default";
}

export function describe(o: K8sObject): string {
    const ns = str(getIn(o, "metadata", "namespace"));
    return `${o.kind} ${ns ? `${ns}/` : ""}${nameOf(o) ?? "<unnamed>"}`;
}

export function isKind(o: K8sObject, kind: string, name?: string): boolean {
    return o.kind === kind && (name === undefined || nameOf(o) === name);
}

const TEMPLATE: readonly string[] = ["spec", "template", "spec"];
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
    Pod: ["spec"],
    PodTemplate: ["template", "spec"],
    Deployment: TEMPLATE,
    StatefulSet: TEMPLATE,
    DaemonSet: TEMPLATE,
    ReplicaSet: TEMPLATE,
    ReplicationController: TEMPLATE,
    Job: TEMPLATE,
    CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export interface PodSpecAt {
    podSpec: Obj;
    /** Dotted path of the pod spec in the object, e.g. `spec.template.spec`. */
    path: string;
    /** The pod's annotations (its template's for workloads). */
    annotations?: Obj;
}

/** The pod spec of a workload or pod, where the kind has one. */
export function podSpecOf(o: K8sObject): PodSpecAt | undefined {
    const path = POD_SPEC_PATHS[o.kind];
    if (!path) return undefined;
    const podSpec = getIn(o, ...path);
    if (!isObj(podSpec)) return undefined;
    const metaPath = [...path.slice(0, -1), "metadata", "annotations"];
    const annotations = o.kind === "Pod" ? getIn(o, "metadata", "annotations") : getIn(o, ...metaPath);
    return { podSpec, path: path.join("."), annotations: isObj(annotations) ? annotations : undefined };
}

export interface ContainerAt {
    container: Obj;
    name: string | undefined;
    /** e.g. `containers[2]`. */
    path: string;
}

export function containersOf(podSpec: Obj): ContainerAt[] {
    return (["initContainers", "containers", "ephemeralContainers"] as const).flatMap((list) => {
        const cs = podSpec[list];
        return Array.isArray(cs) ? cs.flatMap((c, i) => (isObj(c) ? [{ container: c, name: str(c.name), path: `${list}[${i}]` }] : [])) : [];
    });
}

/** The container's command line (command then args); unknown or non-string entries are left out. */
export function commandLine(c: Obj): string[] {
    return [c.command, c.args].flatMap((l) => (Array.isArray(l) ? l.filter((x): x is string => typeof x === "string") : []));
}

/** The value of `--flag=v` or `--flag v` on a command line. */
export function flagValue(argv: string[], flag: string): string | undefined {
    for (let i = 0; i < argv.length; i++) {
        if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
        if (argv[i] === flag && i + 1 < argv.length) return argv[i + 1];
    }
    return undefined;
}
