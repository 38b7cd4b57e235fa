// The chart's `kubeResourceOverride` (`gloo.util.merge`): a partial object merged over the rendered one, maps
// deep-merged and lists replaced whole, `null` removing a field. The override comes after every config rule, so
// what it makes of each object is checked again here, on the final objects, before anything is registered: the
// object keeps its selectors and pod labels, every container and volume the program made (the mTLS sidecars,
// certificate and bootstrap mounts), every Service port, and its pods still meet Pod Security Standards
// restricted. Pure functions.
import { isDeepStrictEqual } from "node:util";
import { checkRestricted } from "../policy/pss";
import type { ResolvedArgs } from "./args";
import { glooDeploymentArgs } from "./control-plane";
import { overriddenProxyObjects, proxyObjects } from "./proxies/objects";
import { applyOverride } from "./proxies/merge";
import type { ResolvedOverride } from "./proxies/types";
import { kubernetesFieldProblems } from "./validation/overrides";
import { budgetProblems } from "./validation/workloads";
import type { KeyStyle } from "./validation/problems";

type Obj = Record<string, any>;

const show = (v: unknown) => JSON.stringify(v);
/** As the API server sees them: `undefined` fields absent, key order irrelevant (an override lists them in any order). */
const wire = (v: unknown) => JSON.parse(JSON.stringify(v ?? null)) as unknown;
const same = (a: unknown, b: unknown) => isDeepStrictEqual(wire(a), wire(b));

/** What `final` lost of `base` that other objects or the mTLS mode depend on; one phrase each. */
export function lostParts(kind: string, base: Obj, final: Obj): string[] {
    const out: string[] = [];
    if (!same(base.spec?.selector, final.spec?.selector)) out.push(`changes spec.selector (${show(base.spec?.selector)} → ${show(final.spec?.selector)}), which the program's other objects select by`);
    if (kind === "Service") {
        for (const p of (base.spec?.ports ?? []) as Obj[]) {
            const q = ((final.spec?.ports ?? []) as Obj[]).find((x) => x.name === p.name);
            if (!q || q.port !== p.port || q.targetPort !== p.targetPort) out.push(`loses port ${p.name} (${p.port} → ${p.targetPort}); lists are replaced whole: list every port`);
        }
    }
    if (kind === "Service") {
        const type = final.spec?.type ?? "ClusterIP";
        if (!["ClusterIP", "NodePort", "LoadBalancer"].includes(type)) out.push(`has type ${show(type)}; a gateway proxy's Service must be ClusterIP, NodePort or LoadBalancer (ExternalName selects no pods)`);
        if (type === "ClusterIP" && final.spec?.externalTrafficPolicy !== undefined) out.push(`has externalTrafficPolicy with type ClusterIP, which the API server refuses`);
    }
    if (kind === "HorizontalPodAutoscaler" && !same(base.spec?.scaleTargetRef, final.spec?.scaleTargetRef)) out.push(`changes spec.scaleTargetRef away from ${show(base.spec?.scaleTargetRef)}`);
    if (kind === "HorizontalPodAutoscaler" && final.spec?.minReplicas > final.spec?.maxReplicas) out.push(`has minReplicas ${final.spec.minReplicas} above maxReplicas ${final.spec.maxReplicas}`);
    if (kind === "PodDisruptionBudget" && final.spec?.minAvailable !== undefined && final.spec?.maxUnavailable !== undefined) out.push(`has both minAvailable and maxUnavailable, which the API server refuses`);
    const bt = base.spec?.template;
    if (!bt) return out;
    const ft = final.spec?.template ?? {};
    for (const [k, v] of Object.entries((bt.metadata?.labels ?? {}) as Obj)) {
        if (ft.metadata?.labels?.[k] !== v) out.push(`changes pod label ${k}: ${show(v)}, which selectors depend on`);
    }
    const bp: Obj = bt.spec ?? {};
    const fp: Obj = ft.spec ?? {};
    if (bp.serviceAccountName !== fp.serviceAccountName) out.push(`changes the pod's serviceAccountName from ${show(bp.serviceAccountName)} to ${show(fp.serviceAccountName)}, the ServiceAccount the program made (and bound its RBAC to)`);
    for (const c of (bp.containers ?? []) as Obj[]) {
        const d = ((fp.containers ?? []) as Obj[]).find((x) => x.name === c.name);
        if (!d) {
            out.push(`loses container ${c.name}; lists are replaced whole: list every container`);
            continue;
        }
        if (d.image !== c.image) out.push(`changes container ${c.name}'s image (set images with the image keys)`);
        for (const m of (c.volumeMounts ?? []) as Obj[]) {
            if (!((d.volumeMounts ?? []) as Obj[]).some((x) => same(x, m))) out.push(`loses container ${c.name}'s mount of ${m.name} at ${m.mountPath}`);
        }
        for (const p of (c.ports ?? []) as Obj[]) {
            if (!((d.ports ?? []) as Obj[]).some((x) => x.name === p.name && x.containerPort === p.containerPort)) out.push(`loses container ${c.name}'s port ${p.name} (${p.containerPort})`);
        }
    }
    for (const v of (bp.volumes ?? []) as Obj[]) {
        if (!((fp.volumes ?? []) as Obj[]).some((x) => same(x, v))) out.push(`loses or changes volume ${v.name}; lists are replaced whole: list every volume`);
    }
    const where = `${kind}/${base.metadata?.namespace}/${base.metadata?.name}`;
    for (const e of checkRestricted(fp, where, ft.metadata?.annotations)) out.push(`breaks Pod Security Standards restricted: ${e.slice(where.length + 2)}`);
    return out;
}

/** One problem per part the override broke, naming the override's key. */
function describe(style: KeyStyle, o: ResolvedOverride, kind: string, name: string, lost: string[]): string[] {
    return lost.map((l) => `${style.key(o.key)}: after the override, ${kind} ${name} ${l}`);
}

/** Every problem the overrides of an install make, checked on the final objects; [] without overrides. */
export function overrideProblems(r: ResolvedArgs, style: KeyStyle): string[] {
    const errs: string[] = [];
    if (r.gloo.override) {
        const base = glooDeploymentArgs(r) as Obj;
        const final = applyOverride(base, r.gloo.override);
        errs.push(...describe(style, r.gloo.override, "Deployment", "gloo", lostParts("Deployment", base, final)));
        // gloo's budget against the replicas the override leaves.
        const replicas = final.spec?.replicas;
        if (r.gloo.pdb && typeof replicas === "number" && replicas !== base.spec.replicas) {
            const found = budgetProblems(r.gloo.pdb, replicas, "gloo.podDisruptionBudget", `${r.gloo.override.key}.spec.replicas`, style);
            errs.push(...found);
        }
    }
    for (const p of r.proxies) {
        if (p.disabled || Object.keys(p.overrides).length === 0) continue;
        // The workload's override was checked against a Deployment's or a DaemonSet's fields; now the kind is known.
        const w = p.overrides.workload;
        for (const f of w ? kubernetesFieldProblems(w.value.spec, p.kind === "DaemonSet" ? "V1DaemonSetSpec" : "V1DeploymentSpec", ["spec"]) : []) {
            if (f.kind === "unknown") errs.push(`${style.key(`${w!.key}.${f.path.join(".")}`)}: unknown key for a ${p.kind} (allowed here: ${f.allowed!.join(", ")})`);
        }
        const base = proxyObjects(r, p);
        const final = overriddenProxyObjects(base, p);
        const pairs: [keyof typeof p.overrides, string, string, unknown, unknown][] = [
            ["workload", p.kind, p.name, base.workload, final.workload],
            ["service", "Service", p.name, base.service, final.service],
            ["configMap", "ConfigMap", `${p.name}-envoy-config`, base.configMap, final.configMap],
            ["pdb", "PodDisruptionBudget", `${p.name}-pdb`, base.pdb, final.pdb],
            ["hpa", "HorizontalPodAutoscaler", `${p.name}-hpa`, base.hpa, final.hpa],
        ];
        for (const [which, kind, name, b, f] of pairs) {
            const o = p.overrides[which];
            if (o && b) errs.push(...describe(style, o, kind, name, lostParts(kind, b as Obj, f as Obj)));
        }
    }
    return errs;
}
