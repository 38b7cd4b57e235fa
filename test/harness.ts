// Test harness: runs the real index.ts under mocks and checks everything it registered — every
// Kubernetes object against the schema (no unknown fields), every pod against PSS restricted with a
// read-only root filesystem, every Envoy bootstrap against Envoy's v3 protos, every Kubernetes resource on
// the explicit provider with a component parent, the install's invariants (./validate/invariants.ts), and
// per cluster: each object on its own cluster's provider, no gloo key in another cluster (./validate/clusters.ts).
import assert from "node:assert/strict";
import { CONFIG_GROUP_TYPE } from "../render/config-group";
import { deepFreeze } from "../render/freeze";
import { remember } from "../components/memo";
import { Manifest, Registered, RunOptions, RunResult, manifests, runProgram } from "../render/program";
import { validateBootstrap } from "./validate/envoy";
import { clusterProblems } from "./validate/clusters";
import { invariantProblems } from "./validate/invariants";
import { bootstrapConfigMaps } from "./validate/listeners";
import { podSpecOf, validateKubernetesObject } from "./validate/kubernetes";
import { checkRestricted } from "../policy/pss";

export interface Checked extends RunResult {
    objects: Manifest[];
    /** Envoy bootstraps found in ConfigMaps, by `<configmap>/<key>`. */
    envoy: Map<string, any>;
    find(kind: string, name: string): Manifest;
    maybe(kind: string, name: string): Manifest | undefined;
}

export function envoyConfigs(objects: Manifest[]): Map<string, any> {
    const out = new Map<string, any>();
    for (const b of bootstrapConfigMaps(objects)) {
        assert.ok(b.bootstrap !== undefined, `${b.configMap} holds one bootstrap (keys: ${b.key})`);
        out.set(`${b.configMap}/${b.key}`, b.bootstrap);
    }
    return out;
}

/**
 * Most runs register many objects and bootstraps that another run registered too, equal to the byte (the same
 * Namespace, RBAC, gloo's sidecar bootstrap): each distinct content is validated once per process. The key is the
 * content itself, so a changed object (as in the self-tests) is validated anew. Bounded, oldest first out.
 * A frozen object cannot have changed since it was validated: it is found by identity, without serialising it again
 * (the CRDs: the same 2.7 MB in nearly every run, parsed once into frozen objects by render/config-group.ts).
 */
interface Validations {
    byContent: Map<string, string[]>;
    byObject: WeakMap<object, string[]>;
}
const objectValidations: Validations = { byContent: new Map(), byObject: new WeakMap() };
const bootstrapValidations: Validations = { byContent: new Map(), byObject: new WeakMap() };
const CONTENTS_KEPT = 4000;
function validatedOnce<T extends object>(memo: Validations, value: T, validate: (v: T) => string[]): string[] {
    let found = Object.isFrozen(value) ? memo.byObject.get(value) : undefined;
    if (!found) {
        found = remember(memo.byContent, JSON.stringify(value), CONTENTS_KEPT, () => validate(value));
        if (Object.isFrozen(value)) memo.byObject.set(value, found);
    }
    return [...found];
}

/** Every problem with what a run registered; empty when all checks pass. */
export function problems(result: RunResult, objects: Manifest[] = manifests(result.resources), envoy: Map<string, any> = envoyConfigs(objects)): string[] {
    const errs: string[] = [];
    for (const m of objects) {
        errs.push(...validatedOnce(objectValidations, m, validateKubernetesObject));
        const pod = podSpecOf(m);
        if (pod) errs.push(...checkRestricted(pod.podSpec, `${m.kind}/${m.metadata.name}`, pod.podMetadata.annotations as Record<string, unknown> | undefined));
    }
    for (const [where, bootstrap] of envoy) {
        errs.push(...validatedOnce(bootstrapValidations, bootstrap, validateBootstrap).map((e) => `${where}: ${e}`));
        if (JSON.stringify(bootstrap).includes("envoy.api.v2")) errs.push(`${where}: references the removed envoy.api.v2 API`);
    }
    errs.push(...structureProblems(result.resources));
    errs.push(...invariantProblems(result.resources));
    errs.push(...clusterProblems(result.resources));
    return errs;
}

/**
 * Every Kubernetes resource uses an explicit provider (never Pulumi's default one, which would deploy to the
 * ambient kubeconfig) and has a component parent; every namespaced object waits for its own Namespace.
 */
export function structureProblems(resources: Registered[]): string[] {
    const errs: string[] = [];
    const providers = resources.filter((r) => r.type === "pulumi:providers:kubernetes");
    if (providers.length === 0) errs.push("no explicit kubernetes provider");
    for (const p of providers.filter((x) => x.name.startsWith("default"))) errs.push(`Pulumi's default kubernetes provider was used (${p.name})`);
    // A ConfigGroup is a component, but the provider registers its children on the group's provider.
    for (const r of resources.filter((x) => (x.custom && x.type.startsWith("kubernetes:")) || x.type === CONFIG_GROUP_TYPE)) {
        if (!r.provider?.includes("pulumi:providers:kubernetes::") || /::default_/.test(r.provider)) errs.push(`${r.type} ${r.name}: not on an explicit provider (${r.provider})`);
        const parent = r.options?.parent;
        if (!parent || !parent.type.startsWith("gloo-mtls:")) errs.push(`${r.type} ${r.name}: parent ${parent?.type ?? "none"} is not one of our components`);
    }
    // Creation order: every namespaced object waits, through dependsOn, for the Namespace it lives in (on its provider).
    const byKey = new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
    const reachesNamespace = (key: string, ns: string, provider: string | undefined, seen = new Set<string>()): boolean =>
        !seen.has(key) &&
        (seen.add(key),
        (byKey.get(key)?.options?.dependsOn ?? []).some((d) => {
            const dep = byKey.get(`${d.type}::${d.name}`);
            const isIt = d.type === "kubernetes:core/v1:Namespace" && dep?.inputs.metadata?.name === ns && dep?.provider === provider;
            return isIt || reachesNamespace(`${d.type}::${d.name}`, ns, provider, seen);
        }));
    for (const r of resources.filter((x) => x.custom && x.type.startsWith("kubernetes:") && x.inputs.metadata?.namespace)) {
        if (!reachesNamespace(`${r.type}::${r.name}`, r.inputs.metadata.namespace, r.provider)) errs.push(`${r.type} ${r.name}: may be created before its Namespace`);
    }
    for (const r of resources.filter((x) => !x.custom && x.type.startsWith("gloo-mtls:") && x.type !== "gloo-mtls:index:GlooInstall")) {
        if (!r.options?.parent?.type.startsWith("gloo-mtls:")) errs.push(`${r.type} ${r.name}: component without a component parent`);
    }
    return errs;
}

/** A checked run: the result with its manifests and bootstraps, every check passed. */
interface CheckedRun {
    result: RunResult;
    objects: Manifest[];
    envoy: Map<string, any>;
}

/**
 * The same options make the same program run (the mocks are deterministic for a fresh state), so a process
 * runs each distinct options once, omitted options counting as their defaults. Runs with a `state` or with a
 * program function are always run.
 */
function sharedKey(o: RunOptions): string | undefined {
    if (o.state !== undefined || typeof o.program === "function") return undefined;
    return JSON.stringify([o.config ?? {}, o.secretKeys ?? [], o.stack ?? "test", o.preview ?? false, o.program ?? null, o.renewal ?? null]);
}
const results = new Map<string, Promise<RunResult>>();
let started = 0;
function sharedRun(o: RunOptions): Promise<RunResult> {
    const key = sharedKey(o);
    if (key !== undefined && results.has(key)) return results.get(key)!;
    started++;
    const run = runProgram(o);
    if (key !== undefined) results.set(key, run);
    return run;
}
/** How many program runs this process's harness has started (shared runs count once). */
export const runsStarted = (): number => started;

/**
 * The program's run for these options, shared in this process (see sharedKey), frozen (../render/freeze.ts) rather
 * than copied for each caller: a copy of a run (the CRDs' schemas make it megabytes) cost more than many of the
 * tests that asked for it. A test that changes a run works on its own copy (`thaw`).
 */
export async function runShared(o: RunOptions = {}): Promise<RunResult> {
    const key = sharedKey(o);
    const result = await sharedRun(o);
    return key === undefined ? result : deepFreeze(result);
}

async function checkedRun(o: RunOptions): Promise<CheckedRun> {
    const result = await sharedRun(o);
    const objects = manifests(result.resources);
    const envoy = envoyConfigs(objects);
    const errs = problems(result, objects, envoy);
    assert.deepEqual(errs, [], `checks failed for config ${JSON.stringify(o.config ?? {})}`);
    return { result, objects, envoy };
}

/** Checked runs, shared like the runs (frozen: see deepFreeze). */
const runs = new Map<string, Promise<CheckedRun>>();

/** Runs the program and asserts every check passes; returns the result with lookup helpers. */
export async function runChecked(o: RunOptions = {}): Promise<Checked> {
    const key = sharedKey(o);
    let run: Promise<CheckedRun>;
    if (key === undefined) run = checkedRun(o);
    else {
        if (!runs.has(key)) runs.set(key, checkedRun(o));
        run = runs.get(key)!;
    }
    const { result, objects, envoy } = key === undefined ? await run : deepFreeze(await run);
    const maybe = (kind: string, name: string) => objects.find((m) => m.kind === kind && m.metadata.name === name);
    return {
        ...result,
        objects,
        envoy,
        maybe,
        find(kind, name) {
            const m = maybe(kind, name);
            assert.ok(m, `${kind} ${name} exists`);
            return m;
        },
    };
}

/** `Kind namespace/name` lines, sorted: an object set to compare exactly. */
export function objectSet(objects: Manifest[]): string[] {
    return objects.map((m) => `${m.kind} ${m.metadata.namespace ?? "-"}/${m.metadata.name}`).sort();
}

export function container(pod: any, name: string): any {
    const c = pod.containers.find((x: any) => x.name === name);
    assert.ok(c, `container ${name} exists`);
    return c;
}
