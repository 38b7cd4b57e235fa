// Starts the policy pack the way the Pulumi CLI 3.248 does (pulumi-language-nodejs RunPlugin for an analyzer:
// `node <@pulumi/pulumi/cmd/run-policy-pack, resolved from the pack> <engine address> <pack dir>`, working
// directory the pack, which registers ts-node with the pack's tsconfig.json), then talks to it over gRPC as
// the engine would: GetAnalyzerInfo, ConfigureStack, Analyze per resource, AnalyzeStack.
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { EngineResource } from "./policy-args";

// The proto and gRPC modules @pulumi/pulumi itself uses (message classes are checked by identity).
const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (m: string) => require(require.resolve(m, { paths: [sdkDir] }));
const grpc = fromSdk("@grpc/grpc-js");
const apb = require("@pulumi/pulumi/proto/analyzer_pb");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = fromSdk("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromSdk("google-protobuf/google/protobuf/empty_pb");
const { specialSigKey, specialSecretSig } = require("@pulumi/pulumi/runtime/rpc");

export const PACK_DIR = path.resolve(__dirname, "..", "policy");

export interface Diagnostic {
    policy: string;
    message: string;
    urn: string;
    enforcementLevel: number;
}

export interface PolicyHost {
    info(): Promise<{ name: string; version: string; policies: { name: string; enforcementLevel: number; hasConfigSchema: boolean }[] }>;
    configureStack(stack: string, tags: Record<string, string>, dryRun: boolean): Promise<void>;
    analyze(e: EngineResource): Promise<Diagnostic[]>;
    analyzeStack(resources: EngineResource[]): Promise<Diagnostic[]>;
    close(): void;
    stderr(): string;
}

/** Starts the pack in `dir` as the CLI would; resolves once it printed its port. */
export async function startPolicyPack(dir = PACK_DIR): Promise<PolicyHost> {
    const runPath = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    // A clean Node: no loader of the test runner (tsx) may leak in through NODE_OPTIONS.
    const env = { ...process.env, NODE_OPTIONS: "" };
    const child: ChildProcess = spawn(process.execPath, [runPath, "127.0.0.1:0", dir], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    const port = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
            out += d;
            const m = /^(\d+)\s*$/m.exec(out);
            if (m) resolve(m[1]);
        });
        child.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before serving:\n${out}\n${err}`)));
    });
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = <T>(method: string, req: unknown) =>
        new Promise<T>((resolve, reject) => client[method](req, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))));
    const diagnostics = (resp: any): Diagnostic[] =>
        resp.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), message: d.getMessage(), urn: d.getUrn(), enforcementLevel: d.getEnforcementlevel() }));

    return {
        async info() {
            const r: any = await call("getAnalyzerInfo", new Empty());
            return {
                name: r.getName(),
                version: r.getVersion(),
                policies: r.getPoliciesList().map((p: any) => ({ name: p.getName(), enforcementLevel: p.getEnforcementlevel(), hasConfigSchema: p.hasConfigschema() })),
            };
        },
        async configureStack(stack, tags, dryRun) {
            const req = new apb.AnalyzerStackConfigureRequest();
            req.setStack(stack);
            req.setProject("gloo-mtls");
            req.setDryRun(dryRun);
            for (const [k, v] of Object.entries(tags)) req.getTagsMap().set(k, v);
            await call("configureStack", req);
        },
        async analyze(e) {
            const req = new apb.AnalyzeRequest();
            req.setUrn(e.urn);
            req.setType(e.type);
            req.setName(e.name);
            req.setProperties(struct(withSecrets(e.inputs, e.secretInputs)));
            req.setOptions(options(e));
            if (e.provider) req.setProvider(provider(e));
            return diagnostics(await call("analyze", req));
        },
        async analyzeStack(resources) {
            const req = new apb.AnalyzeStackRequest();
            req.setResourcesList(
                resources.map((e) => {
                    const r = new apb.AnalyzerResource();
                    r.setUrn(e.urn);
                    r.setType(e.type);
                    r.setName(e.name);
                    r.setProperties(struct(e.outputs));
                    r.setOptions(options(e));
                    if (e.provider) r.setProvider(provider(e));
                    if (e.parent) r.setParent(e.parent);
                    r.setDependenciesList(e.dependencies);
                    return r;
                }),
            );
            return diagnostics(await call("analyzeStack", req));
        },
        close() {
            client.close();
            child.kill();
        },
        stderr: () => err,
    };
}

/** Plain data as a protobuf Struct, the way the engine marshals properties. */
function struct(v: Record<string, unknown>): unknown {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(v)));
}

/** The inputs with the values at `paths` wrapped as Pulumi secrets, as they travel to the analyzer. */
function withSecrets(inputs: Record<string, unknown>, paths: string[]): Record<string, unknown> {
    const out = structuredClone(inputs);
    for (const p of paths) {
        const keys = p.match(/[^.[\]]+/g) ?? [];
        let cur: any = out;
        for (const k of keys.slice(0, -1)) cur = cur?.[k];
        const last = keys[keys.length - 1];
        if (cur && last !== undefined && last in cur) cur[last] = { [specialSigKey]: specialSecretSig, value: cur[last] };
    }
    return out;
}

function options(e: EngineResource): unknown {
    const o = new apb.AnalyzerResourceOptions();
    o.setProtect(e.opts.protect);
    o.setIgnorechangesList(e.opts.ignoreChanges);
    if (e.opts.deleteBeforeReplace !== undefined) {
        o.setDeletebeforereplace(e.opts.deleteBeforeReplace);
        o.setDeletebeforereplacedefined(true);
    }
    o.setAdditionalsecretoutputsList(e.opts.additionalSecretOutputs);
    o.setAliasesList(e.opts.aliases);
    const t = new apb.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(e.opts.customTimeouts.createSeconds);
    t.setUpdate(e.opts.customTimeouts.updateSeconds);
    t.setDelete(e.opts.customTimeouts.deleteSeconds);
    o.setCustomtimeouts(t);
    if (e.opts.parent) o.setParent(e.opts.parent);
    return o;
}

function provider(e: EngineResource): unknown {
    const p = new apb.AnalyzerProviderResource();
    p.setType(e.provider!.type);
    p.setUrn(e.provider!.urn);
    p.setName(e.provider!.name);
    p.setProperties(struct(e.provider!.inputs));
    return p;
}
