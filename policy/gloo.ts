// What the policies know about a Gloo install in mTLS mode (facts: the official chart 1.22 and gloo's code).
import type { PolicyResource, PolicyResourceOptions } from "./sdk";
import { K8sObject, commandLine, containersOf, flagValue, isKind, namespaceOf, objectsOf, podSpecOf } from "./k8s";
import { getIn, isObj, known, materialize, str } from "./values";

export const MTLS_SECRET = "gloo-mtls-certs";
/** The sidecar's bootstrap; glooctl detects mTLS mode by this name. */
export const SIDECAR_CONFIGMAP = "envoy-sidecar-config";
export const SIDECAR_CONTAINER = "envoy-sidecar";
export const GLOO_CONTAINER = "gloo";
export const GLOO_DEPLOYMENT = "gloo";

/**
 * CrossGuard cannot read the `retainOnDelete` resource option (it is not in the analyzer protocol), so the
 * program marks every object it registers with `retainOnDelete: true` with this annotation, and a test
 * checks that the two always agree.
 */
export const RETAIN_ANNOTATION = "gloo-mtls/retain-on-delete";

/** Where gloo listens for xDS in mTLS mode (behind the sidecar) and what it binds without the setting. */
export const BIND_ADDRS = {
    xdsBindAddr: { port: 9999, unsetMeans: "0.0.0.0:9977" },
    restXdsBindAddr: { port: 9998, unsetMeans: "0.0.0.0:9976" },
} as const;
const LOOPBACK_HOSTS = ["127.0.0.1", "[::1]"];

/** A Kubernetes object with the stack resource that carries it. */
export interface Located {
    obj: K8sObject;
    resource: PolicyResource;
}

/** Every Kubernetes object in a stack validation (ConfigGroup documents included), unknowns materialized. */
export function stackObjects(resources: PolicyResource[]): Located[] {
    return resources.flatMap((resource) => objectsOf(resource.type, materialize(resource.props)).map((obj) => ({ obj, resource })));
}

/** Namespaces in which the stack installs Gloo (a Settings or a `gloo` Deployment). */
export function glooNamespaces(objects: Located[]): string[] {
    const ns = objects.filter(({ obj }) => obj.kind === "Settings" || isKind(obj, "Deployment", GLOO_DEPLOYMENT)).map(({ obj }) => namespaceOf(obj));
    return [...new Set(ns)].sort();
}

/** What is wrong with a Settings' xDS bind addresses for gloo behind the mTLS sidecar; empty when both are loopback. */
export function bindProblems(settings: K8sObject): string[] {
    return (Object.keys(BIND_ADDRS) as (keyof typeof BIND_ADDRS)[]).flatMap((field) => {
        const { port, unsetMeans } = BIND_ADDRS[field];
        const value = known(getIn(settings, "spec", "gloo", field));
        const allowed = LOOPBACK_HOSTS.map((h) => `${h}:${port}`);
        if (value === undefined || value === "") return [`spec.gloo.${field} is unset, so gloo binds ${unsetMeans}`];
        if (typeof value !== "string" || !allowed.includes(value)) return [`spec.gloo.${field} is ${JSON.stringify(value)}, not ${allowed.join(" or ")}`];
        return [];
    });
}

/** A pod whose `envoy-sidecar` fronts gloo: both containers in one pod (the sidecar forwards to gloo over loopback). */
export function sidecarFrontsGloo(o: K8sObject): boolean {
    const pod = podSpecOf(o);
    const names = pod ? containersOf(pod.podSpec).map((c) => c.name) : [];
    return names.includes(SIDECAR_CONTAINER) && names.includes(GLOO_CONTAINER);
}

/** The Secrets (namespace, name) a certgen Job or CronJob writes: its certgen containers' `--secret-name`. */
export function certgenWrites(o: K8sObject): { namespace: string; secret: string }[] {
    if (o.kind !== "Job" && o.kind !== "CronJob") return [];
    const pod = podSpecOf(o);
    if (!pod) return [];
    return containersOf(pod.podSpec).flatMap(({ container, name }) => {
        const image = str(container.image) ?? "";
        if (name !== "certgen" && !/\/certgen(:|@|$)/.test(image)) return [];
        const argv = commandLine(container);
        const secret = flagValue(argv, "--secret-name");
        // certgen writes into --secret-namespace, which defaults to the pod's namespace.
        return secret ? [{ namespace: flagValue(argv, "--secret-namespace") ?? namespaceOf(o), secret }] : [];
    });
}

/** Whether Pulumi owns a Secret's data: unless both `data` and `stringData` are in ignoreChanges, `pulumi up` writes them. */
export function pulumiOwnsData(opts: PolicyResourceOptions | undefined): boolean {
    const ignored = opts?.ignoreChanges ?? [];
    const covers = (field: string) => ignored.includes(field) || ignored.includes("*");
    return !(covers("data") && covers("stringData"));
}

/** A CustomResourceDefinition of one of Gloo's API groups (`*.solo.io`). */
export function isGlooCrd(o: K8sObject): boolean {
    const group = str(getIn(o, "spec", "group"));
    return o.kind === "CustomResourceDefinition" && group !== undefined && (group === "solo.io" || group.endsWith(".solo.io"));
}

export function isRetainMarked(o: K8sObject): boolean {
    const annotations = getIn(o, "metadata", "annotations");
    return isObj(annotations) && annotations[RETAIN_ANNOTATION] === "true";
}
