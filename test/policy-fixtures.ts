// Recorded runs of the real program for the policy tests, and small helpers to hand-modify a copy of one.
import assert from "node:assert/strict";
import { readStackFile } from "../render/cli";
import { remember } from "../components/memo";
import { deepFreeze, thaw } from "../render/freeze";
import { PROJECT, Registered, RunResult } from "../render/program";
import { runShared } from "./harness";

export const STACK_FILES = ["dev", "staging", "prod", "multicluster"] as const;

/** Deep merge of plain objects (b wins). */
function merge(a: unknown, b: unknown): unknown {
    if (!isPlain(a) || !isPlain(b)) return b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
    return out;
}
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const stackFiles = new Map<string, ReturnType<typeof readStackFile>>();
/** Each stack file read once per process: most policy tests call recorded(). */
const stackFile = (stack: string) => remember(stackFiles, stack, STACK_FILES.length, () => deepFreeze(readStackFile(stack)));

/**
 * The program's run for a stack file (or the default config, `undefined`), with `patch` (unprefixed keys,
 * as in a stack file) merged over its config. Shared (../harness runShared); the policy tests break their run to
 * show each policy can fail, so every caller gets a deep copy of its own.
 */
export function recorded(stack: (typeof STACK_FILES)[number] | undefined, patch: Record<string, unknown> = {}): Promise<RunResult> {
    const file = stack ? stackFile(stack) : { config: {}, secretKeys: [] };
    const config: Record<string, unknown> = { ...file.config };
    for (const [k, v] of Object.entries(patch)) config[`${PROJECT}:${k}`] = merge(config[`${PROJECT}:${k}`], v);
    return runShared({ config, secretKeys: file.secretKeys, stack: stack ?? "test" }).then(thaw);
}

/** The recorded resource of a Kubernetes object, by kind and metadata.name. */
export function object(run: RunResult, kind: string, name: string): Registered {
    const r = run.resources.find((x) => x.type.startsWith("kubernetes:") && x.inputs.kind === kind && x.inputs.metadata?.name === name);
    assert.ok(r, `${kind} ${name} is recorded`);
    return r;
}

export function container(workload: Registered, name: string): Record<string, any> {
    const spec = workload.inputs.kind === "CronJob" ? workload.inputs.spec.jobTemplate.spec.template.spec : workload.inputs.spec.template.spec;
    const c = [...(spec.initContainers ?? []), ...spec.containers].find((x: { name: string }) => x.name === name);
    assert.ok(c, `container ${name} in ${workload.inputs.kind} ${workload.inputs.metadata.name}`);
    return c;
}

/** A resource registered as the program would, with the same provider and parent as `like`. */
export function addResource(run: RunResult, like: Registered, r: Pick<Registered, "type" | "name" | "inputs"> & Partial<Registered>): Registered {
    const added: Registered = {
        custom: true,
        id: `${r.name}_id`,
        outputs: r.inputs,
        secretInputs: [],
        provider: like.provider,
        ...r,
        options: { ...like.options!, dependsOn: [], ...r.options },
    };
    run.resources.push(added);
    return added;
}

/** The private key of the mTLS Secret, as the program made it. */
export function mtlsPrivateKey(run: RunResult): string {
    const key = object(run, "Secret", "gloo-mtls-certs").inputs.stringData["tls.key"];
    assert.match(key, /-----BEGIN (EC |RSA )?PRIVATE KEY-----/);
    return key;
}
