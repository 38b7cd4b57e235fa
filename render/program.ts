// Runs the real program (index.ts) under Pulumi mocks, without the CLI or a cluster, and records every
// registered resource with its inputs and options. Used by the offline renderer and by the tests.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_GROUP_TYPE, expandConfigGroup } from "./config-group";
import { MockOptions, MockState, RealCryptoMocks, RecordedResource, RenewalEvent, newMockState, unwrapSecrets } from "./mocks";

export const PROJECT = "gloo-mtls";
const INDEX = path.resolve(__dirname, "..", "index.ts");

/** Options as the program passed them, with the parent resolved to its type and name. */
export interface RecordedOptions {
    parent?: { type: string; name: string };
    dependsOn: { type: string; name: string }[];
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    replaceOnChanges?: string[];
    additionalSecretOutputs?: string[];
    retainOnDelete?: boolean;
    /** The names of `{ name }` aliases (the only kind the program uses). */
    aliases?: string[];
    protect?: boolean;
    hasProvider: boolean;
    hasProviders: boolean;
}

export interface Registered extends RecordedResource {
    options?: RecordedOptions;
    /** What the SDK sent the monitor: the URN the mock monitor answered (its own scheme) and the resource's aliases. */
    wire?: WireRegistration;
}

/** An alias as the SDK puts it in a RegisterResourceRequest (protobuf `Alias`, as `toObject()` gives it). */
export interface WireAlias {
    urn: string;
    spec?: { name: string; type: string; stack: string; project: string; parenturn: string; noparent: boolean };
}
export interface WireRegistration {
    /** The URN the mock monitor answered: its own scheme (the parent's last type only), not the engine's. */
    mockUrn: string;
    aliases: WireAlias[];
}

export interface RunResult {
    resources: Registered[];
    /** Stack outputs; secret ones keep their secretness in `secretOutputs`. */
    outputs: Record<string, unknown>;
    secretOutputs: Set<string>;
    warnings: string[];
    /** Reused certificates that were inside their early-renewal window. */
    renewals: RenewalEvent[];
}

export interface RunOptions {
    /** Stack config as a stack file holds it: `{ namespace: "x", global: {...} }` (keys without the project prefix). */
    config?: Record<string, unknown>;
    /** Keys (without prefix) whose values are Pulumi secrets. */
    secretKeys?: string[];
    stack?: string;
    preview?: boolean;
    /** Share between runs to get Pulumi-state-like behaviour: same resource and inputs, same outputs. */
    state?: MockState;
    /** The program: a module path, or a function run as the program's body. Defaults to index.ts. */
    program?: string | (() => unknown);
    /** What to do with a reused certificate inside its early-renewal window (see MockOptions). */
    renewal?: MockOptions["renewal"];
    /** Record what the SDK sends the monitor (Registered.wire, for the tests' URN checks). Defaults to true; the render needs none. */
    wire?: boolean;
}

/** Engine form of config: `project:key` → string (structured values as JSON). */
export function engineConfig(config: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) {
        const key = k.includes(":") ? k : `${PROJECT}:${k}`;
        out[key] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
}

let running: Promise<unknown> = Promise.resolve();

/** Entered when a run (or an `exclusive` section) starts and left when it ends; runs never overlap. */
export interface RunScope {
    enter(): void;
    leave(): void;
}
let runScope: RunScope | undefined;

/** Sets what is entered around every run: `npm test` pauses node:test's async tracking there (test/groups/runner-tracking.ts). */
export function setRunScope(scope: RunScope | undefined): void {
    runScope = scope;
}

/** Evaluates index.ts once under mocks. Runs are serialised: the SDK's state is process-global. */
export function runProgram(o: RunOptions = {}): Promise<RunResult> {
    return exclusive(() => runOnce(o));
}

/** Runs `fn` when no program run is under way, and none starts before it ends (for callers that set mocks themselves). */
export function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = running.then(async () => {
        const scope = runScope;
        scope?.enter();
        try {
            return await fn();
        } finally {
            scope?.leave();
        }
    });
    running = run.catch(() => undefined);
    return run;
}

async function runOnce(o: RunOptions): Promise<RunResult> {
    const config = engineConfig(o.config ?? {});
    pulumi.runtime.setAllConfig(
        config,
        (o.secretKeys ?? []).map((k) => (k.includes(":") ? k : `${PROJECT}:${k}`)),
    );
    const mocks = new RealCryptoMocks(o.state ?? newMockState(), { renewal: o.renewal });
    await pulumi.runtime.setMocks(mocks, PROJECT, o.stack ?? "test", o.preview ?? false);
    const wire = observeMonitor(o.wire !== false);

    const names = new Map<pulumi.Resource, { type: string; name: string }>();
    const options = new Map<string, RecordedOptions>();
    const ref = (r: unknown) => names.get(r as pulumi.Resource) ?? { type: "?", name: "?" };
    const warnings: string[] = [];
    const warn = console.warn;
    // The SDK captures and formats a stack for every promise it makes (runtime/debuggable.js), only for the leak
    // report the CLI prints at exit: under mocks that was 40% of a run. GLOO_MTLS_STACKS=1 keeps them, to debug.
    const stackTraceLimit = Error.stackTraceLimit;
    // Likewise every resource's source position (Resource.callsites captures and parses a whole stack for it): the
    // mock monitor drops it; about a tenth of a run.
    const resourceClass = pulumi.Resource as unknown as { callsites?: () => unknown[] };
    const callsites = resourceClass.callsites;
    if (process.env.GLOO_MTLS_STACKS !== "1") {
        Error.stackTraceLimit = 0;
        if (typeof callsites === "function") resourceClass.callsites = noCallsites;
    }
    let exported: Record<string, unknown> = {};
    let thrown: { err: unknown } | undefined;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
    try {
        const outputs = (await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((args) => {
                names.set(args.resource, { type: args.type, name: args.name });
                const opts = args.opts as pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
                const deps = opts.dependsOn ? ([] as unknown[]).concat(opts.dependsOn) : [];
                options.set(`${args.type}::${args.name}`, {
                    parent: opts.parent ? ref(opts.parent) : undefined,
                    dependsOn: deps.map(ref),
                    ignoreChanges: opts.ignoreChanges,
                    deleteBeforeReplace: opts.deleteBeforeReplace,
                    replaceOnChanges: opts.replaceOnChanges,
                    additionalSecretOutputs: opts.additionalSecretOutputs,
                    retainOnDelete: opts.retainOnDelete,
                    aliases: opts.aliases?.map((a) => (a as { name?: string }).name!).filter((x) => x !== undefined),
                    protect: opts.protect,
                    hasProvider: opts.provider !== undefined,
                    hasProviders: opts.providers !== undefined,
                });
                return undefined;
            });
            const program = o.program ?? INDEX;
            try {
                if (typeof program === "function") exported = ((await program()) ?? {}) as Record<string, unknown>;
                else {
                    delete require.cache[require.resolve(program)];
                    exported = require(program);
                }
            } catch (err) {
                // Kept out of the SDK: a rejected stack leaves unhandled rejections behind.
                thrown = { err };
            }
            return exported;
        })) as Record<string, unknown>;
        // Let the SDK finish this run's RPCs before the next run replaces the mock monitor.
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        if (thrown) throw thrown.err;
        const secretOutputs = new Set<string>();
        const plain: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(outputs ?? {})) {
            if (await holdsSecret(exported[k])) secretOutputs.add(k);
            plain[k] = unwrapSecrets(v);
        }
        return {
            resources: mocks.resources.map((r) => ({ ...r, options: options.get(`${r.type}::${r.name}`), wire: wire.get(`${r.type}::${r.name}`) })),
            outputs: plain,
            secretOutputs,
            warnings,
            renewals: mocks.renewals,
        };
    } catch (err) {
        throw new ProgramFailed(err, mocks.resources);
    } finally {
        console.warn = warn;
        Error.stackTraceLimit = stackTraceLimit;
        if (resourceClass.callsites === noCallsites) resourceClass.callsites = callsites;
    }
}

const noCallsites = (): unknown[] => [];

/**
 * Wraps the mock monitor's registerResource. With `record`, keeps what the SDK sends it for each registration: the
 * aliases exactly as they go on the wire to the engine, which computes the URNs they stand for (test/urns.ts does it
 * the engine's way). Always, gives each response a cheap toString: the SDK puts the response in a debug message,
 * and a protobuf message's own toString serialises the resource's whole state for it (the CRDs' ConfigGroup is
 * 2.7 MB), about a tenth of a run's CPU; the message is dropped under mocks anyway.
 */
function observeMonitor(record: boolean): Map<string, WireRegistration> {
    const wire = new Map<string, WireRegistration>();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const monitor = (require("@pulumi/pulumi/runtime/settings") as { getMonitor(): any }).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) =>
        register(req, (err: unknown, resp: any) => {
            if (!err) {
                if (record) wire.set(`${req.getType()}::${req.getName()}`, { mockUrn: resp.getUrn(), aliases: req.getAliasesList().map((a: any) => a.toObject()) });
                resp.toString = responseLabel;
            }
            callback(err, resp);
        });
    return wire;
}

function responseLabel(this: { getUrn(): string }): string {
    return `RegisterResourceResponse(${this.getUrn()})`;
}

/** The program threw; `resources` is what it had registered by then. */
export class ProgramFailed extends Error {
    constructor(
        readonly cause: unknown,
        readonly resources: RecordedResource[],
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "ProgramFailed";
    }
}

/** Whether an exported value is, or contains, a secret Output. */
async function holdsSecret(v: unknown): Promise<boolean> {
    if (pulumi.Output.isInstance(v)) return pulumi.isSecret(v);
    if (v === null || typeof v !== "object") return false;
    for (const x of Object.values(v as object)) if (await holdsSecret(x)) return true;
    return false;
}

export type Manifest = Record<string, any> & { apiVersion: string; kind: string; metadata: Record<string, any> };

/**
 * Kubernetes objects as the provider would send them (SDK `x_kubernetes_*` keys renamed), including the objects of
 * each ConfigGroup, which the provider itself registers (and mocks therefore never see).
 */
export function manifests(resources: Registered[]): Manifest[] {
    return resources.flatMap((r) => {
        if (r.type === CONFIG_GROUP_TYPE) return expandConfigGroup(r.name, r.inputs) as Manifest[];
        if (r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers")) return [providerForm(r.inputs) as Manifest];
        return [];
    });
}

function providerForm(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(providerForm);
    if (v === null || typeof v !== "object") return v;
    return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k.startsWith("x_kubernetes_") ? k.replace(/_/g, "-") : k, providerForm(x)]),
    );
}
