// Test harness: runs the real index.ts under mocks and checks everything it registered — every
// Kubernetes object against the schema (no unknown fields), every pod against PSS restricted, every
// Envoy bootstrap against Envoy's v3 protos, every Kubernetes resource on the explicit provider with a
// component parent.
import assert from "node:assert/strict";
import * as YAML from "yaml";
import { Manifest, Registered, RunOptions, RunResult, manifests, runProgram } from "../render/program";
import { validateBootstrap } from "./validate/envoy";
import { podSpecOf, validateKubernetesObject } from "./validate/kubernetes";
import { checkRestricted } from "./validate/pss";

export interface Checked extends RunResult {
    objects: Manifest[];
    /** Envoy bootstraps found in ConfigMaps, by `<configmap>/<key>`. */
    envoy: Map<string, any>;
    find(kind: string, name: string): Manifest;
    maybe(kind: string, name: string): Manifest | undefined;
}

/** ConfigMaps whose single key is an Envoy bootstrap (gateway-proxy's and every sidecar's). */
const ENVOY_CONFIGMAP = /(-envoy-config|-sidecar-config)$/;

export function envoyConfigs(objects: Manifest[]): Map<string, any> {
    const out = new Map<string, any>();
    for (const m of objects.filter((o) => o.kind === "ConfigMap" && ENVOY_CONFIGMAP.test(o.metadata.name))) {
        const keys = Object.keys(m.data ?? {});
        assert.equal(keys.length, 1, `${m.metadata.name} holds one bootstrap`);
        out.set(`${m.metadata.name}/${keys[0]}`, YAML.parse(m.data[keys[0]]));
    }
    return out;
}

/** Every problem with what a run registered; empty when all checks pass. */
export function problems(result: RunResult, objects: Manifest[] = manifests(result.resources), envoy: Map<string, any> = envoyConfigs(objects)): string[] {
    const errs: string[] = [];
    for (const m of objects) {
        errs.push(...validateKubernetesObject(m));
        const pod = podSpecOf(m);
        if (pod) errs.push(...checkRestricted(pod.podSpec, `${m.kind}/${m.metadata.name}`, (m as any).spec?.template?.metadata?.annotations));
    }
    for (const [where, bootstrap] of envoy) {
        errs.push(...validateBootstrap(bootstrap).map((e) => `${where}: ${e}`));
        if (JSON.stringify(bootstrap).includes("envoy.api.v2")) errs.push(`${where}: references the removed envoy.api.v2 API`);
    }
    errs.push(...structureProblems(result.resources));
    return errs;
}

/** Every Kubernetes resource uses the one explicit provider and has a component parent. */
export function structureProblems(resources: Registered[]): string[] {
    const errs: string[] = [];
    const providers = resources.filter((r) => r.type === "pulumi:providers:kubernetes");
    if (providers.length !== 1) errs.push(`expected one kubernetes provider, found ${providers.length}`);
    for (const r of resources.filter((x) => x.custom && x.type.startsWith("kubernetes:"))) {
        if (!r.provider?.includes("pulumi:providers:kubernetes::")) errs.push(`${r.type} ${r.name}: not on the explicit provider (${r.provider})`);
        const parent = r.options?.parent;
        if (!parent || !parent.type.startsWith("gloo-mtls:")) errs.push(`${r.type} ${r.name}: parent ${parent?.type ?? "none"} is not one of our components`);
    }
    // Creation order: every namespaced object waits, through dependsOn, for the Namespace.
    const deps = new Map(resources.map((r) => [`${r.type}::${r.name}`, r.options?.dependsOn ?? []]));
    const reachesNamespace = (key: string, seen = new Set<string>()): boolean =>
        !seen.has(key) &&
        (seen.add(key), (deps.get(key) ?? []).some((d) => d.type === "kubernetes:core/v1:Namespace" || reachesNamespace(`${d.type}::${d.name}`, seen)));
    for (const r of resources.filter((x) => x.custom && x.type.startsWith("kubernetes:") && x.inputs.metadata?.namespace)) {
        if (!reachesNamespace(`${r.type}::${r.name}`)) errs.push(`${r.type} ${r.name}: may be created before its Namespace`);
    }
    for (const r of resources.filter((x) => !x.custom && x.type.startsWith("gloo-mtls:") && x.type !== "gloo-mtls:gloo:GlooInstall")) {
        if (!r.options?.parent?.type.startsWith("gloo-mtls:")) errs.push(`${r.type} ${r.name}: component without a component parent`);
    }
    return errs;
}

/** Runs the program and asserts every check passes; returns the result with lookup helpers. */
export async function runChecked(o: RunOptions = {}): Promise<Checked> {
    const result = await runProgram(o);
    const objects = manifests(result.resources);
    const envoy = envoyConfigs(objects);
    const errs = problems(result, objects, envoy);
    assert.deepEqual(errs, [], `checks failed for config ${JSON.stringify(o.config ?? {})}`);
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

const shared = new Map<string, Promise<Checked>>();
/**
 * One checked run per distinct options in this test file, shared by every test that asks for it: for tests
 * that only read the result (each program run costs ~0.3 s). Runs with a `state` are never shared.
 */
export function runCheckedOnce(o: Omit<RunOptions, "state"> = {}): Promise<Checked> {
    const key = JSON.stringify(o);
    if (!shared.has(key)) shared.set(key, runChecked(o));
    return shared.get(key)!;
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
