// Turns what runProgram recorded into the arguments @pulumi/policy 1.21 gives policies under the Pulumi CLI
// (3.248), and runs policies on them the way the pack's server does. Two layers: `engineView` is what the engine
// sends over gRPC (plain data; policy-pack.test.ts sends exactly this to the real pack), `resourceArgs` and
// `stackArgs` are what the SDK's server makes of it. What the engine sends, and from where:
//
//  validateResource (engine: Analyze, once per registered resource, before its step)
//    type, name    the registration's
//    urn           urn:pulumi:<stack>::<project>::<qualified type>::<name>; the qualified type is the parent's
//                  qualified type + "$" + type, with the root Stack left out (resource.NewURN)
//    props         the inputs after the provider's Check; secrets travel marked and the SDK unwraps them, unknowns
//                  travel as sentinels that the SDK's unknownCheckingProxy throws on. Check is modelled where it changes what a policy reads: the
//                  Kubernetes provider turns a Secret's stringData into base64 `data` (clients.normalizeSecret)
//    opts          protect (inherited from the parent when unset), ignoreChanges, deleteBeforeReplace (only when
//                  set), additionalSecretOutputs, aliases, customTimeouts (seconds), parent URN. Nothing else:
//                  retainOnDelete, dependsOn, replaceOnChanges... are not in the analyzer protocol
//    provider      the provider resource's type, inputs, URN and name
//    stackTags     the stack's tags (ConfigureStack)
//  validateStack (engine: AnalyzeStack, once, after the last step): every resource with its *outputs*,
//    the same opts, parent and dependencies as PolicyResource objects; the root Stack's props are the
//    stack outputs.
//
// Not modelled (our policies read none of it): the provider's Check on other kinds (a typed round trip),
// aliases and customTimeouts (the program sets none), property dependencies (the mocks do not see them;
// `dependencies` holds only explicit dependsOn).
import * as policySdk from "@pulumi/policy";
import type {
    Policies,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { PROJECT, Registered, RunResult } from "../render/program";
import { UnknownValueError } from "../policy/values";

/** Exported by @pulumi/policy at run time (the server wraps every props object with it); stripped from its typings. */
const unknownCheckingProxy = (policySdk as unknown as { unknownCheckingProxy<T>(v: T): T }).unknownCheckingProxy;

export const ROOT_STACK = "pulumi:pulumi:Stack";

export interface PolicyContext {
    /** The stack name in URNs. */
    stack: string;
    project?: string;
    tags?: Record<string, string>;
    /** Policy pack config as `--policy-pack-config` gives it: policy name → properties (and enforcementLevel). */
    config?: Record<string, Record<string, unknown>>;
}

interface Indexed {
    byKey: Map<string, Registered>;
    urn: Map<Registered, string>;
}

const keyOf = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

/** The parent the engine sees: the recorded one, else the root Stack (the SDK's default parent). */
function parentOf(r: Registered, ix: Indexed): Registered | undefined {
    if (r.type === ROOT_STACK) return undefined;
    const p = r.options?.parent;
    return p ? ix.byKey.get(keyOf(p)) : [...ix.byKey.values()].find((x) => x.type === ROOT_STACK);
}

function index(resources: Registered[], stack: string, project: string): Indexed {
    const byKey = new Map(resources.map((r) => [keyOf(r), r]));
    if (byKey.size !== resources.length) throw new Error("two recorded resources share a type and name: URNs would be ambiguous");
    const ix: Indexed = { byKey, urn: new Map() };
    const qualified = (r: Registered): string => {
        const parent = parentOf(r, ix);
        return parent && parent.type !== ROOT_STACK ? `${qualified(parent)}$${r.type}` : r.type;
    };
    for (const r of resources) ix.urn.set(r, `urn:pulumi:${stack}::${project}::${qualified(r)}::${r.name}`);
    return ix;
}

/** An option as the engine resolves it: the resource's own, else its parent's (protect, retainOnDelete, deletedWith). */
export function inheritedOption(
    resources: Registered[],
    r: Registered,
    key: "protect" | "retainOnDelete",
    byKey: Map<string, Registered> = new Map(resources.map((x) => [keyOf(x), x])),
): boolean | undefined {
    for (let cur: Registered | undefined = r; cur; cur = cur.options?.parent ? byKey.get(keyOf(cur.options.parent)) : undefined) {
        const v = cur.options?.[key];
        if (v !== undefined) return v;
    }
    return undefined;
}

/** The Kubernetes provider's Check where it changes what a policy reads (see the header). */
export function providerChecked(type: string, inputs: Record<string, any>): Record<string, any> {
    if (type !== "kubernetes:core/v1:Secret" || !inputs.stringData || Object.keys(inputs.stringData).length === 0) return inputs;
    if (JSON.stringify(inputs).includes(unknownValue)) return inputs;
    const { stringData, ...rest } = structuredClone(inputs);
    const data: Record<string, string> = { ...(rest.data ?? {}) };
    for (const [k, v] of Object.entries(stringData as Record<string, string>)) data[k] = Buffer.from(v).toString("base64");
    return { ...rest, data };
}

/** A resource as the engine describes it to an analyzer: plain data, as it goes over the wire. */
export interface EngineResource {
    type: string;
    name: string;
    urn: string;
    /** Analyze's properties: the inputs after Check. */
    inputs: Record<string, any>;
    /** AnalyzeStack's properties: the outputs (for the root Stack, the stack outputs). */
    outputs: Record<string, any>;
    /** Dotted paths of `inputs` that travel as secrets (the SDK unwraps them before a policy sees them). */
    secretInputs: string[];
    opts: PolicyResourceOptions;
    provider?: { type: string; urn: string; name: string; inputs: Record<string, any> };
    parent?: string;
    /** URNs of explicit dependsOn. */
    dependencies: string[];
}

/** Every recorded resource as the engine would send it, in registration order. */
export function engineView(run: Pick<RunResult, "resources" | "outputs">, ctx: PolicyContext): EngineResource[] {
    const all = run.resources;
    const ix = index(all, ctx.stack, ctx.project ?? PROJECT);
    return all.map((r) => {
        const o = r.options;
        const parent = parentOf(r, ix);
        const opts: PolicyResourceOptions = {
            protect: inheritedOption(all, r, "protect", ix.byKey) ?? false,
            ignoreChanges: [...(o?.ignoreChanges ?? [])],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [...(o?.additionalSecretOutputs ?? [])],
        };
        if (o?.deleteBeforeReplace !== undefined) opts.deleteBeforeReplace = o.deleteBeforeReplace;
        if (parent) opts.parent = ix.urn.get(parent);
        const inputs = providerChecked(r.type, r.inputs);
        // Check moves a secret stringData into data, still secret.
        const secretInputs = inputs === r.inputs ? r.secretInputs : r.secretInputs.map((p) => p.replace(/^stringData/, "data"));
        const e: EngineResource = {
            type: r.type,
            name: r.name,
            urn: ix.urn.get(r)!,
            inputs,
            outputs: r.type === ROOT_STACK ? run.outputs : r.outputs,
            secretInputs,
            opts,
            parent: parent && ix.urn.get(parent),
            dependencies: (o?.dependsOn ?? []).flatMap((d) => {
                const dep = ix.byKey.get(keyOf(d));
                return dep ? [ix.urn.get(dep)!] : [];
            }),
        };
        if (r.provider) {
            // The reference is `<provider URN>::<id>`, its URN made for the stack the program ran as: match it
            // without the stack part, so a run can be judged as another stack (ctx.stack).
            const recordedUrn = r.provider.slice(0, r.provider.lastIndexOf("::"));
            const tail = (u: string) => u.replace(/^urn:pulumi:[^:]*::/, "");
            const p = [...ix.urn].find(([, u]) => tail(u) === tail(recordedUrn));
            const urn = p ? p[1] : `urn:pulumi:${ctx.stack}::${tail(recordedUrn)}`;
            const parts = urn.split("::");
            e.provider = { type: (parts[2] ?? "").split("$").pop() ?? "", urn, name: parts[3] ?? "", inputs: p?.[0].inputs ?? {} };
        }
        return e;
    });
}

function isTypeOf(type: string, cls: unknown): boolean {
    const t = (cls as { __pulumiType?: string }).__pulumiType;
    if (typeof t === "string" && t.length > 0) return t === type;
    const isInstance = (cls as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

function getConfig(ctx: PolicyContext, policy: string) {
    return <T extends object>(): T => {
        const { enforcementLevel: _ignored, ...props } = ctx.config?.[policy] ?? {};
        return props as T;
    };
}

function providerArg(e: EngineResource): PolicyProviderResource | undefined {
    return e.provider && { type: e.provider.type, props: unknownCheckingProxy(e.provider.inputs), urn: e.provider.urn, name: e.provider.name };
}

/** What validateResource gets for every recorded resource, in registration order. */
export function resourceArgs(run: Pick<RunResult, "resources" | "outputs">, ctx: PolicyContext, policy = ""): ResourceValidationArgs[] {
    const stackTags = new Map(Object.entries(ctx.tags ?? {}));
    return engineView(run, ctx).map((e) => {
        const props = unknownCheckingProxy(e.inputs);
        const args: ResourceValidationArgs = {
            type: e.type,
            props,
            urn: e.urn,
            name: e.name,
            opts: e.opts,
            stackTags,
            isType: (cls) => isTypeOf(e.type, cls),
            asType: ((cls: unknown) => (isTypeOf(e.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
            getConfig: getConfig(ctx, policy),
            notApplicable,
        };
        const p = providerArg(e);
        if (p) args.provider = p;
        return args;
    });
}

/** What validateStack gets: every resource with its outputs, parent and dependencies as objects. */
export function stackArgs(run: Pick<RunResult, "resources" | "outputs">, ctx: PolicyContext, policy = ""): StackValidationArgs {
    const view = engineView(run, ctx);
    const byUrn = new Map<string, PolicyResource>();
    for (const e of view) {
        const props = unknownCheckingProxy(e.outputs);
        const res: PolicyResource = {
            type: e.type,
            props,
            urn: e.urn,
            name: e.name,
            opts: e.opts,
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(e.type, cls),
            asType: ((cls: unknown) => (isTypeOf(e.type, cls) ? props : undefined)) as PolicyResource["asType"],
        };
        const p = providerArg(e);
        if (p) res.provider = p;
        byUrn.set(e.urn, res);
    }
    for (const e of view) {
        const res = byUrn.get(e.urn)!;
        if (e.parent) res.parent = byUrn.get(e.parent);
        res.dependencies = e.dependencies.flatMap((u) => byUrn.get(u) ?? []);
    }
    return { resources: [...byUrn.values()], stackTags: new Map(Object.entries(ctx.tags ?? {})), getConfig: getConfig(ctx, policy), notApplicable };
}

export interface Finding {
    policy: string;
    message: string;
    urn?: string;
}

export interface PolicyReport {
    violations: Finding[];
    /** "can't run during preview": the SDK reports these as advisory. */
    cantRun: Finding[];
    notApplicable: Finding[];
    /** How many times each policy ran to completion (a resource policy once per resource). */
    ran: Map<string, number>;
}

const isResourcePolicy = (p: Policies[number]): p is ResourceValidationPolicy => "validateResource" in p && p.validateResource !== undefined;

/** Runs policies the way the pack's server does: per resource, then once for the stack. */
export async function runPolicies(policies: Policies, run: Pick<RunResult, "resources" | "outputs">, ctx: PolicyContext): Promise<PolicyReport> {
    const report: PolicyReport = { violations: [], cantRun: [], notApplicable: [], ran: new Map() };
    const attempt = async (policy: string, urn: string | undefined, call: () => unknown) => {
        try {
            await call();
            report.ran.set(policy, (report.ran.get(policy) ?? 0) + 1);
        } catch (e) {
            if (e instanceof NotApplicable) report.notApplicable.push({ policy, message: e.reason ?? "", urn });
            else if (e instanceof UnknownValueError) report.cantRun.push({ policy, message: e.message, urn });
            else throw e;
        }
    };
    for (const p of policies) {
        if (ctx.config?.[p.name]?.enforcementLevel === "disabled") continue;
        if (isResourcePolicy(p)) {
            const validations = ([] as unknown[]).concat(p.validateResource) as NonNullable<ResourceValidationPolicy["validateResource"]>[];
            for (const args of resourceArgs(run, ctx, p.name)) {
                // A resource validation's violation is always about the resource itself (the SDK ignores the urn argument).
                const reportViolation = (message: string) => report.violations.push({ policy: p.name, message, urn: args.urn });
                for (const v of validations) await attempt(p.name, args.urn, () => (v as (a: ResourceValidationArgs, r: typeof reportViolation) => unknown)(args, reportViolation));
            }
        } else {
            const sp = p as StackValidationPolicy;
            const reportViolation = (message: string, urn?: string) => report.violations.push({ policy: p.name, message, urn });
            await attempt(p.name, undefined, () => sp.validateStack(stackArgs(run, ctx, p.name), reportViolation));
        }
    }
    return report;
}
