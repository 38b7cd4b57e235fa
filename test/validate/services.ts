// Invariants of the install's Services and Gloo Upstreams: every Service reaches a pod of the install on a
// port a container declares, and every kube Upstream reaches a port of a Service of the install.
import { Registrations, Workload, longRunningContainers } from "./registrations";

type Obj = Record<string, any>;

/**
 * Services that select no pod of the install on purpose (ExternalName, or endpoints managed elsewhere), by
 * `namespace/name`, with the reason. Empty: every Service of the install selects its pods. Add an entry only
 * together with the documentation (docs/) of why.
 */
export const SERVICES_WITHOUT_PODS: Record<string, string> = {};

/** Whether the pod carries every label of the selector. */
export function selects(selector: Record<string, string>, podLabels: Record<string, string>): boolean {
    return Object.entries(selector).every(([k, v]) => podLabels[k] === v);
}

/** The container port a Service port's target resolves to in this pod, if any. */
function targetIn(w: Workload, target: number | string, protocol: string): Obj | undefined {
    for (const c of longRunningContainers(w.podSpec)) {
        const p = (c.ports ?? []).find(
            (cp: Obj) => (typeof target === "string" ? cp.name === target : cp.containerPort === target) && (cp.protocol ?? "TCP") === protocol,
        );
        if (p) return p;
    }
    return undefined;
}

/**
 * Every Service selects at least one pod template of the install in its namespace, and every one of its ports
 * targets a port that each selected pod declares: a named targetPort a containerPort of that name, a numeric
 * one (or none: then the port itself) a containerPort of that number, with the same protocol.
 */
export function serviceProblems(reg: Registrations): string[] {
    const errs: string[] = [];
    for (const svc of reg.objects.filter((o) => o.manifest.kind === "Service")) {
        const spec = svc.manifest.spec ?? {};
        const selector: Record<string, string> = spec.selector ?? {};
        const documented = SERVICES_WITHOUT_PODS[`${svc.namespace}/${svc.manifest.metadata.name}`];
        if (spec.type === "ExternalName" || Object.keys(selector).length === 0) {
            if (!documented) errs.push(`${svc.id}: has no selector (or is ExternalName) and is not a documented exception (SERVICES_WITHOUT_PODS)`);
            continue;
        }
        const selected = reg.workloads.filter((w) => w.namespace === svc.namespace && w.cluster === svc.cluster && selects(selector, w.podLabels));
        if (selected.length === 0) {
            errs.push(`${svc.id}: selector ${JSON.stringify(selector)} selects no pod of the install`);
            continue;
        }
        (spec.ports ?? []).forEach((p: Obj, i: number) => {
            const target: number | string = p.targetPort ?? p.port;
            const protocol = p.protocol ?? "TCP";
            for (const w of selected) {
                if (targetIn(w, target, protocol)) continue;
                const what = typeof target === "string" ? `no container port named ${JSON.stringify(target)}` : `no containerPort ${target}`;
                errs.push(`${svc.id}: spec.ports[${i}] (${p.name ?? p.port}) targets ${target}/${protocol}, but the pod of ${w.id} has ${what}`);
            }
        });
    }
    return errs;
}

/** Every Upstream with `spec.kube` names a Service of the install and one of its ports. */
export function upstreamProblems(reg: Registrations): string[] {
    const errs: string[] = [];
    for (const u of reg.objects.filter((o) => o.manifest.kind === "Upstream" && o.manifest.apiVersion === "gloo.solo.io/v1" && o.manifest.spec?.kube)) {
        const kube = u.manifest.spec.kube;
        const ns = kube.serviceNamespace ?? u.namespace;
        const svc = reg.find("Service", kube.serviceName, ns, u.cluster);
        if (!svc) {
            errs.push(`${u.id}: spec.kube names Service ${ns}/${kube.serviceName}, which the install does not register`);
            continue;
        }
        const ports: Obj[] = svc.manifest.spec?.ports ?? [];
        if (!ports.some((p) => p.port === kube.servicePort)) {
            errs.push(`${u.id}: spec.kube.servicePort ${kube.servicePort} is not a port of ${svc.id} (ports: ${ports.map((p) => p.port).join(", ")})`);
        }
    }
    return errs;
}
