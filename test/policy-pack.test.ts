// The pack itself, started the way `pulumi preview --policy-pack policy` starts it (policy-host.ts), answering
// the engine's gRPC calls: it loads (package.json version, TypeScript through ts-node, dependencies from the
// repository's node_modules), lists every policy, and reports over the wire exactly what the tests' adapter
// (policy-args.ts) reports, so the policy tests' arguments are the ones the CLI gives.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as ts from "typescript";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { RETAIN_ANNOTATION } from "../policy/gloo";
import { policies } from "../policy/policies";
import { RunResult } from "../render/program";
import { PolicyContext, engineView, runPolicies } from "./policy-args";
import { recorded, container, mtlsPrivateKey, object } from "./policy-fixtures";
import { Diagnostic, PolicyHost, PACK_DIR, startPolicyPack } from "./policy-host";
import { started } from "./started";

const { EnforcementLevel } = require("@pulumi/pulumi/proto/analyzer_pb");

/** Everything the engine would send for one preview: ConfigureStack, Analyze for each resource, AnalyzeStack. */
async function overTheWire(host: PolicyHost, run: RunResult, ctx: PolicyContext): Promise<Diagnostic[]> {
    await host.configureStack(ctx.stack, ctx.tags ?? {}, true);
    const view = engineView(run, ctx);
    const out: Diagnostic[] = [];
    for (const e of view) out.push(...(await host.analyze(e)).map((d) => ({ ...d, urn: d.urn || e.urn })));
    out.push(...(await host.analyzeStack(view)));
    return out;
}

/** The adapter's violations as the server words them: the policy's description, a newline, the message. */
async function expected(run: RunResult, ctx: PolicyContext): Promise<string[]> {
    const report = await runPolicies(policies, run, ctx);
    const description = new Map(policies.map((p) => [p.name, p.description]));
    return report.violations.map((v) => JSON.stringify([v.policy, `${description.get(v.policy)}\n${v.message}`, v.urn ?? ""])).sort();
}
const actual = (ds: Diagnostic[]) => ds.map((d) => JSON.stringify([d.policy, d.message, d.urn])).sort();

// Started when this file loads (ts-node compiles the pack: seconds), so it loads beside the other tests.
const starting = started(startPolicyPack()); // a failure is reported by before(), which awaits it
after(() => starting.then((h) => h.close(), () => undefined)); // also when a name filter skips the describe

describe("the policy pack, started as the Pulumi CLI starts it", () => {
    let host: PolicyHost;
    before(async () => {
        host = await starting;
    });

    it("loads from policy/ and lists every policy, mandatory, with the version of policy/package.json", async () => {
        const info = await host.info();
        assert.equal(info.name, "gloo-mtls");
        assert.equal(info.version, "0.1.0");
        assert.deepEqual(
            info.policies.map((p) => [p.name, p.enforcementLevel, p.hasConfigSchema]),
            policies.map((p) => [p.name, EnforcementLevel.MANDATORY, p.name === "gloo-mtls-in-prod"]),
        );
    });

    it("reports over gRPC exactly what the adapter reports, for a run that breaks every policy", async () => {
        const run = await recorded("prod", { gateway: { certGenJob: { cron: { enabled: true } } } });
        run.resources = run.resources.filter((r) => r !== object(run, "ConfigMap", "envoy-sidecar-config"));
        object(run, "Settings", "default").outputs.spec.gloo.xdsBindAddr = "0.0.0.0:9999";
        object(run, "ConfigMap", "gateway-proxy-envoy-config").inputs.data["tls.key"] = mtlsPrivateKey(run);
        run.outputs.leaked = mtlsPrivateKey(run);
        delete container(object(run, "Deployment", "gloo"), "gloo").securityContext.readOnlyRootFilesystem;
        const crds = run.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigGroup")!;
        const list = JSON.parse(crds.inputs.yaml);
        delete list.items[0].metadata.annotations[RETAIN_ANNOTATION];
        crds.inputs.yaml = JSON.stringify(list);
        delete object(run, "Secret", "gloo-mtls-certs").options!.ignoreChanges;
        const ctx = { stack: "prod" };
        const want = await expected(run, ctx);
        assert.deepEqual(new Set(want.map((w) => JSON.parse(w)[0])), new Set(policies.map((p) => p.name)), "every policy is broken once");
        assert.deepEqual(actual(await overTheWire(host, run, ctx)), want, host.stderr());
    });

    it("stack tags reach the policies through ConfigureStack; unknowns in preview make a policy advisory, not failed", async () => {
        const off = await recorded("prod", { global: { glooMtls: { enabled: false } } });
        const tagged = { stack: "edge", tags: { environment: "prod" } };
        const ds = await overTheWire(host, off, tagged);
        assert.deepEqual(actual(ds), await expected(off, tagged));
        assert.match(ds[0].message, /Stack "edge" is a production stack \(tagged environment=prod\)/);

        const unknown = await recorded(undefined);
        object(unknown, "Settings", "default").outputs.spec.gloo.xdsBindAddr = unknownValue;
        const report = await runPolicies(policies, unknown, { stack: "dev" });
        assert.deepEqual(report.violations, []);
        const [d, ...rest] = await overTheWire(host, unknown, { stack: "dev" });
        assert.deepEqual(rest, []);
        assert.equal(d.enforcementLevel, EnforcementLevel.ADVISORY);
        assert.equal(d.message, `can't run policy 'gloo-xds-on-loopback-behind-sidecar' from policy pack 'gloo-mtls@v0.1.0' during preview: ${report.cantRun[0].message}`);
    });
});

it("the CLI's ts-node type-checks only the pack, yaml and lib: no SDK or Node declarations (docs/policy.md)", () => {
    const options = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "tsconfig.json"), "utf8")).compilerOptions;
    assert.deepEqual(options.types, [], "@types/node stays out");
    const imports = fs
        .readdirSync(PACK_DIR)
        .filter((f) => f.endsWith(".ts"))
        .flatMap((f) => ts.preProcessFile(fs.readFileSync(path.join(PACK_DIR, f), "utf8"), true, false).importedFiles.map((i) => `${f}: ${i.fileName}`));
    assert.ok(imports.some((i) => i.endsWith(": yaml")), "the check reads the pack's imports");
    // Types included: @pulumi/policy's declarations bring @pulumi/pulumi's, gRPC's and Node's. policy/sdk.ts declares
    // what the pack uses (test/policy-sdk-types.ts holds it to the SDK's) and requires the module at run time.
    assert.deepEqual(imports.filter((i) => /: @pulumi\//.test(i)), []);
});
