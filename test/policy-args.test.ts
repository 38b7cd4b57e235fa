// The adapter from recorded registrations to policy arguments (policy-args.ts) against what the SDK itself
// computed under the mocks and against the engine's rules. (policy-pack.test.ts runs the same arguments
// through the real policy server over gRPC.)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { UnknownValueError } from "../policy/values";
import { ROOT_STACK, engineView, inheritedOption, resourceArgs, stackArgs } from "./policy-args";
import { object, recorded } from "./policy-fixtures";

describe("policy arguments from recorded registrations", () => {
    it("URNs follow the engine's rule: the provider's is the one the SDK put in every Kubernetes resource's provider reference", async () => {
        const run = await recorded("prod");
        const view = engineView(run, { stack: "prod" });
        const refs = new Set(run.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.provider!.slice(0, r.provider!.lastIndexOf("::"))));
        // The install's provider, and the CRDs' (whose ConfigGroup adopts CRDs that outlived an earlier install).
        assert.deepEqual([...refs].sort(), [
            "urn:pulumi:prod::gloo-mtls::gloo-mtls:index:GlooInstall$pulumi:providers:kubernetes::gloo-k8s",
            "urn:pulumi:prod::gloo-mtls::gloo-mtls:index:GlooInstall$pulumi:providers:kubernetes::gloo-k8s-crds",
        ]);
        for (const ref of refs) assert.ok(view.some((e) => e.urn === ref && e.type === "pulumi:providers:kubernetes"));
        assert.equal(view[0].urn, "urn:pulumi:prod::gloo-mtls::pulumi:pulumi:Stack::gloo-mtls-prod");
        assert.equal(new Set(view.map((e) => e.urn)).size, view.length, "URNs are unique");
        // Grandchildren carry their whole parent chain, without the root Stack.
        const settings = view.find((e) => e.type === "kubernetes:gloo.solo.io/v1:Settings")!;
        assert.equal(settings.urn, "urn:pulumi:prod::gloo-mtls::gloo-mtls:index:GlooInstall$gloo-mtls:gloo:ControlPlane$kubernetes:gloo.solo.io/v1:Settings::gloo-settings");
    });

    it("every resource but the root Stack has a parent URN that exists; top-level ones have the root Stack", async () => {
        const view = engineView(await recorded(undefined), { stack: "dev" });
        const urns = new Set(view.map((e) => e.urn));
        for (const e of view) {
            if (e.type === ROOT_STACK) assert.equal(e.opts.parent, undefined);
            else assert.ok(urns.has(e.opts.parent!), `${e.urn} -> ${e.opts.parent}`);
            assert.equal(e.opts.parent, e.parent);
        }
        assert.equal(view.find((e) => e.type === "gloo-mtls:index:GlooInstall")!.opts.parent, "urn:pulumi:dev::gloo-mtls::pulumi:pulumi:Stack::gloo-mtls-test");
    });

    it("options: ignoreChanges and deleteBeforeReplace as registered, protect inherited, nothing the protocol lacks", async () => {
        const run = await recorded("prod", { gateway: { certGenJob: { cron: { enabled: true } } } });
        const secret = resourceArgs(run, { stack: "prod" }).find((a) => a.type === "kubernetes:core/v1:Secret" && a.name === "gloo-gloo-mtls-certs")!;
        assert.deepEqual(secret.opts.ignoreChanges, ["data", "stringData", "metadata"]);
        assert.equal("deleteBeforeReplace" in secret.opts, false);
        assert.deepEqual(Object.keys(secret.opts).sort(), ["additionalSecretOutputs", "aliases", "customTimeouts", "ignoreChanges", "parent", "protect"]);
        assert.equal(secret.opts.protect, false);
        const crds = run.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigGroup")!;
        assert.equal(inheritedOption(run.resources, crds, "retainOnDelete"), true);
        run.resources.find((r) => r.type === "gloo-mtls:index:GlooInstall")!.options!.protect = true;
        assert.ok(resourceArgs(run, { stack: "prod" }).every((a) => a.type === ROOT_STACK || a.opts.protect), "children inherit protect");
    });

    it("props: a Secret's stringData arrives as base64 data (the provider's Check), still secret; unknowns throw the SDK's error", async () => {
        const run = await recorded(undefined);
        const plain = object(run, "Secret", "gloo-mtls-certs").inputs.stringData;
        const view = engineView(run, { stack: "dev" });
        const secret = view.find((e) => e.type === "kubernetes:core/v1:Secret" && e.name === "gloo-gloo-mtls-certs")!;
        assert.equal(secret.inputs.stringData, undefined);
        assert.deepEqual(Object.keys(secret.inputs.data).sort(), ["ca.crt", "tls.crt", "tls.key"]);
        assert.equal(Buffer.from(secret.inputs.data["tls.key"], "base64").toString(), plain["tls.key"]);
        assert.deepEqual(secret.secretInputs, ["data"]);

        object(run, "Settings", "default").inputs.spec.gloo.xdsBindAddr = unknownValue;
        const settings = resourceArgs(run, { stack: "dev" }).find((a) => a.type === "kubernetes:gloo.solo.io/v1:Settings")!;
        assert.throws(() => settings.props.spec.gloo.xdsBindAddr, (e: unknown) => e instanceof UnknownValueError);
        assert.equal(settings.props.spec.gloo.restXdsBindAddr, "127.0.0.1:9998");
    });

    it("validateStack: outputs as props (the stack outputs on the root Stack), parents and dependsOn as objects, the provider's inputs", async () => {
        const run = await recorded(undefined);
        const args = stackArgs(run, { stack: "dev", tags: { team: "edge" } });
        const root = args.resources.find((r) => r.type === ROOT_STACK)!;
        assert.deepEqual(Object.keys(root.props).sort(), Object.keys(run.outputs).sort());
        assert.equal(root.props.namespace, "gloo-system");
        const gloo = args.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.props.metadata.name === "gloo")!;
        assert.equal(gloo.parent!.type, "gloo-mtls:gloo:ControlPlane");
        assert.ok(gloo.dependencies.some((d) => d.type === "kubernetes:core/v1:Namespace"));
        assert.ok(gloo.dependencies.some((d) => d.type === "gloo-mtls:tls:TlsSecret" && d.name === "gloo-gloo-mtls-certs"), gloo.dependencies.map((d) => d.urn).join());
        // (The SDK sends a provider's non-string inputs as JSON text.)
        assert.equal(gloo.provider!.props.enableSecretMutable, "true");
        assert.equal(args.stackTags.get("team"), "edge");
    });
});
