// GlooInstall used from other Pulumi programs: the provider passed in, several instances in one program,
// arguments checked before anything is registered, values from other resources, and stacks made by version 0.1
// of the program keeping every resource across the upgrade.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { GlooInstall, GlooInstallArgs, providedKubernetesProvider } from "gloo-mtls";
import { PROJECT, ProgramFailed, Registered, runProgram } from "../render/program";
import { objectSet, problems, runChecked, runShared } from "./harness";
import { main as migrateMain, migrateState } from "../scripts/migrate-0.1";
import { duplicateUrns, upgrade } from "./urns";
import LEGACY_URNS from "./fixtures/v0.1-urns.json";

const EXAMPLE = path.resolve(__dirname, "..", "examples", "two-installs", "index.ts");
const k8sResources = (rs: Registered[]) => rs.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
const providerUrns = (rs: Registered[]) => rs.filter((r) => r.type === "pulumi:providers:kubernetes").map((p) => p.name);

describe("the provider passed in resource options", () => {
    it("is the one every Kubernetes resource uses, and the install makes none of its own", async () => {
        const r = await runChecked({
            program: () => {
                const mine = new KubernetesProvider("mine", { context: "elsewhere" });
                new GlooInstall("gw", {}, { provider: mine });
            },
        });
        assert.deepEqual(providerUrns(r.resources), ["mine"]);
        const resources = [...k8sResources(r.resources), ...r.resources.filter((x) => x.type === "kubernetes:yaml/v2:ConfigGroup")];
        assert.ok(resources.length > 25);
        for (const x of resources) assert.match(x.provider ?? "", /pulumi:providers:kubernetes::mine::/, `${x.type} ${x.name}`);
    });
    it("is found as `provider`, in `providers` as a list or as a map, and only when it is a Kubernetes provider", () => {
        // What the SDK's Provider.isInstance looks at, without registering anything.
        const mine = { __pulumiType: "pulumi:providers:kubernetes" } as unknown as KubernetesProvider;
        const other = { __pulumiType: "pulumi:providers:aws" } as unknown as pulumi.ProviderResource;
        assert.equal(providedKubernetesProvider({ provider: mine }), mine);
        assert.equal(providedKubernetesProvider({ providers: [other, mine] }), mine);
        assert.equal(providedKubernetesProvider({ providers: { aws: other, kubernetes: mine } }), mine);
        assert.equal(providedKubernetesProvider({ providers: [other] }), undefined);
        assert.equal(providedKubernetesProvider(undefined), undefined);
    });
    it("refuses kubernetes.* arguments next to it: they would configure a provider that is not used", async () => {
        const err = await failure(() => {
            new GlooInstall("gw", { kubernetes: { context: "other" } }, { provider: new KubernetesProvider("mine", {}) });
        });
        assert.match(err.message, /args\.kubernetes: got context; these configure the provider this component makes, but a Kubernetes provider was passed/);
    });
    it("without one, makes its own from kubernetes.*, which may come from another resource (an Output)", async () => {
        const kubeconfig = "apiVersion: v1\nkind: Config\n";
        const r = await runChecked({ program: () => void new GlooInstall("gw", { kubernetes: { kubeconfig: pulumi.secret(kubeconfig) } }) });
        const own = r.resources.filter((x) => x.type === "pulumi:providers:kubernetes");
        assert.deepEqual(own.map((p) => p.name).sort(), ["gw-k8s", "gw-k8s-crds"]);
        assert.equal(own[0].inputs.kubeconfig, kubeconfig);
        assert.equal(String(own[0].inputs.enableSecretMutable), "true");
    });
});

describe("several installs in one program", () => {
    it("two installs on two clusters through two providers: each install's resources on its own provider", async () => {
        const r = await runChecked({
            program: () => {
                for (const c of ["east", "west"]) new GlooInstall(c, {}, { provider: new KubernetesProvider(`${c}-cluster`, { context: c }) });
            },
        });
        assert.deepEqual(duplicateUrns(r.resources, "test", PROJECT), []);
        for (const c of ["east", "west"]) {
            const mine = k8sResources(r.resources).filter((x) => x.name.startsWith(`${c}-`));
            assert.ok(mine.length > 25);
            for (const x of mine) assert.match(x.provider ?? "", new RegExp(`pulumi:providers:kubernetes::${c}-cluster::`), `${x.type} ${x.name}`);
        }
    });
    it("the same names twice would collide: the URN check can fail, ConfigGroup children included", async () => {
        const r = await runProgram({ program: () => void new GlooInstall("a", {}) });
        const twice = [...r.resources, ...r.resources.filter((x) => x.type === "kubernetes:core/v1:Namespace")];
        assert.equal(duplicateUrns(twice, "test", PROJECT).length, 1);
        // Two CRD groups with one resourcePrefix under the same parent type: 15 children twice.
        const group = r.resources.find((x) => x.type === "kubernetes:yaml/v2:ConfigGroup")!;
        assert.equal(duplicateUrns([...r.resources, { ...group, name: "other" }], "test", PROJECT).length, 15);
        assert.deepEqual(duplicateUrns([...r.resources, { ...group, name: "other", inputs: { ...group.inputs, resourcePrefix: "other" } }], "test", PROJECT), []);
    });
    it("two installs in two namespaces of one cluster (the example program, examples/two-installs): no URN twice, the CRDs from one of them, every check passes", async () => {
        const r = await runChecked({ program: EXAMPLE });
        assert.deepEqual(duplicateUrns(r.resources, "test", PROJECT), []);
        assert.deepEqual(r.objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name).sort(), ["gloo-edge", "gloo-internal"]);
        assert.equal(r.objects.filter((o) => o.kind === "CustomResourceDefinition").length, 15, "the CRDs once");
        assert.deepEqual(providerUrns(r.resources), ["cluster"], "the installs use the program's provider, CRDs included");
        const set = objectSet(r.objects);
        for (const ns of ["gloo-edge", "gloo-internal"]) assert.ok(set.includes(`Deployment ${ns}/gloo`) && set.includes(`Secret ${ns}/gloo-mtls-certs`));
        // Cluster-wide objects carry the namespace in their names, so the two installs never share one.
        const clusterWide = r.objects.filter((o) => !o.metadata.namespace && o.kind !== "CustomResourceDefinition" && o.kind !== "Namespace");
        assert.ok(clusterWide.length > 0);
        assert.equal(new Set(clusterWide.map((o) => `${o.kind}/${o.metadata.name}`)).size, clusterWide.length);
        assert.equal(r.outputs.edgeNamespace, "gloo-edge");
        const services = (ns: string) => r.objects.filter((o) => o.kind === "Service" && o.metadata.namespace === ns && o.metadata.name === "gateway-proxy").map((o) => o.spec.type);
        assert.deepEqual([services("gloo-edge"), services("gloo-internal")], [["LoadBalancer"], ["ClusterIP"]], "each install's own proxy settings");
    });
});

/** Runs `program` and returns what it threw, with what it had registered. */
async function failure(program: () => void): Promise<ProgramFailed> {
    return runProgram({ program }).then(
        () => assert.fail("the program was accepted"),
        (e: unknown) => e as ProgramFailed,
    );
}

describe("arguments are checked before anything is registered", () => {
    const cases: [string, GlooInstallArgs, RegExp][] = [
        ["a bad namespace", { namespace: "Bad_NS" }, /args\.namespace: got "Bad_NS"; must be a DNS-1123 label/],
        ["a reserved namespace", { namespace: "kube-system" }, /args\.namespace: got "kube-system"; must be a namespace of its own/],
        ["an unknown key", { global: { image: { tagg: "x" } } } as GlooInstallArgs, /args\.global\.image\.tagg: unknown key \(allowed here: registry, tag, pullPolicy, pullSecret\)/],
        ["a key that needs another", { global: { extensions: { extAuth: { enabled: true } } } }, /args\.global\.extensions\.extAuth\.enabled: got true; the extauth server is Gloo Enterprise only and needs args\.enterprise\.enabled true/],
        ["a wrong type where an Input is allowed", { kubernetes: { kubeconfig: 42 as unknown as string } }, /args\.kubernetes\.kubeconfig: got 42; expected string/],
    ];
    for (const [what, args, message] of cases) {
        it(`${what}: the same rule and message as the stack config, named as an argument; nothing registered`, async () => {
            const err = await failure(() => void new GlooInstall("gw", args));
            assert.match(err.message, /GlooInstall "gw": invalid arguments/);
            assert.match(err.message, message);
            assert.deepEqual(err.resources.filter((x) => x.type !== "pulumi:pulumi:Stack"), [], "not even the component");
        });
    }
    it("a license key given as a plain string is accepted with a warning to pass a secret", async () => {
        const r = await runProgram({ program: () => void new GlooInstall("gw", { enterprise: { enabled: true, licenseKey: "plain-key-123" } }) });
        assert.ok(r.warnings.some((w) => /args\.enterprise\.licenseKey is a plain string: pass it as pulumi\.secret/.test(w)));
        assert.ok(!r.warnings.join().includes("plain-key-123"));
        const s = await runProgram({ program: () => void new GlooInstall("gw", { enterprise: { enabled: true, licenseKey: pulumi.secret("k") } }) });
        assert.deepEqual(s.warnings.filter((w) => /licenseKey/.test(w)), []);
    });
    it("the license key is never echoed", async () => {
        const err = await failure(() => void new GlooInstall("gw", { enterprise: { enabled: true, licenseKey: 7 as unknown as string } }));
        assert.match(err.message, /args\.enterprise\.licenseKey: got <secret>/);
        assert.ok(!err.message.includes("7;"));
    });
});

describe("stacks made by version 0.1 keep every resource", () => {
    // The configurations whose resources make up test/fixtures/v0.1-urns.json, recorded from version 0.1.
    const configs: Record<string, unknown>[] = [
        {},
        { global: { glooMtls: { enabled: false } } },
        { enterprise: { enabled: true, licenseKey: "k" }, global: { extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } } },
        { certificates: { issuer: "certgen" }, gateway: { certGenJob: { cron: { enabled: true } } } },
        { gateway: { certGenJob: { cron: { enabled: true } } } },
        { certificates: { ca: { trusted: [1, 2], active: 1 } } },
    ];
    it("every 0.1 URN is the URN or an alias of exactly one resource now: no replacement, no delete", async () => {
        const legacy = (LEGACY_URNS as string[]).map((u) => `urn:pulumi:dev::${PROJECT}::${u}`);
        // Decided as the engine decides (test/urns.ts upgrade()), from the aliases the SDK sends.
        const answered = new Map<string, Set<string>>();
        for (const config of configs) {
            const r = await runShared({ config, stack: "dev" });
            for (const [old, by] of upgrade(r.resources, legacy, "dev", PROJECT).claims) {
                if (!answered.has(old)) answered.set(old, new Set());
                for (const u of by) answered.get(old)!.add(u);
            }
        }
        // The one documented step (npm run migrate-0.1) removes from the state exactly what 0.2 no longer answers to.
        const { removed } = migrateState({ version: 3, deployment: { resources: legacy.map((urn) => ({ urn })) } });
        assert.equal(removed.length, 15, "the 15 typed CRDs of 0.1");
        const missing = legacy.filter((u) => !answered.has(u));
        assert.deepEqual(missing.sort(), removed.sort(), "0.1 resources the program no longer answers to would be deleted, unless migrated");
        const ambiguous = legacy.filter((u) => (answered.get(u)?.size ?? 0) > 1);
        assert.deepEqual(ambiguous, []);
    });
    it("an install of another name carries no aliases (two installs can never claim one old resource)", async () => {
        const r = await runProgram({ program: () => void new GlooInstall("edge", {}) });
        assert.deepEqual(r.resources.filter((x) => (x.options?.aliases ?? []).length > 0).map((x) => x.name), []);
    });
});

describe("npm run migrate-0.1: the one step a 0.1 stack takes before its first update", () => {
    const legacyState = () => {
        const urns = (LEGACY_URNS as string[]).map((u) => `urn:pulumi:dev::${PROJECT}::${u}`);
        const crd = urns.filter((u) => u.includes("$kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition::"));
        // As 0.1 recorded them: Settings and Gateways depended on the CRDs.
        const resources = urns.map((urn) => ({ urn, type: urn.split("::")[2].split("$").pop(), dependencies: urn.includes("Settings::") || urn.includes("Gateway::") ? [...crd] : [] }));
        return { version: 3, deployment: { manifest: {}, resources } };
    };
    it("removes exactly the 15 typed CRDs and every reference to them; the rest of the state is untouched", () => {
        const before = legacyState();
        const { state, removed } = migrateState(before);
        assert.equal(removed.length, 15);
        assert.equal(state.deployment.resources!.length, before.deployment.resources.length - 15);
        assert.ok(!JSON.stringify(state).includes("$kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition::"));
        assert.deepEqual(migrateState(state).removed, [], "a second run changes nothing");
    });
    it("runs export, edit and import through the Pulumi CLI, keeping a backup", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-"));
        const log = path.join(dir, "calls.log");
        const fake = path.join(dir, "pulumi");
        fs.writeFileSync(path.join(dir, "export.json"), JSON.stringify(legacyState()));
        // A stand-in for the CLI: serves the export, records the import.
        fs.writeFileSync(
            fake,
            `#!/usr/bin/env node\nconst fs = require("fs"); const a = process.argv.slice(2); fs.appendFileSync(${JSON.stringify(log)}, a.join(" ") + "\\n");\n` +
                `if (a[1] === "export") process.stdout.write(fs.readFileSync(${JSON.stringify(path.join(dir, "export.json"))}));\n` +
                `if (a[1] === "import") fs.copyFileSync(a[a.indexOf("--file") + 1], ${JSON.stringify(path.join(dir, "imported.json"))});\n`,
            { mode: 0o755 },
        );
        const cwd = process.cwd();
        process.env.PULUMI_BIN = fake;
        try {
            process.chdir(dir);
            const out: string[] = [];
            const log0 = console.log;
            console.log = (m: string) => void out.push(m);
            try {
                assert.equal(migrateMain(["--stack", "dev"]), 0);
            } finally {
                console.log = log0;
            }
            assert.deepEqual(fs.readFileSync(log, "utf8").trim().split("\n"), ["stack export --stack dev", `stack import --stack dev --file dev-0.2.state.json`]);
            const imported = JSON.parse(fs.readFileSync(path.join(dir, "imported.json"), "utf8"));
            assert.deepEqual(imported, migrateState(legacyState()).state);
            assert.equal(fs.statSync(path.join(dir, "dev-before-0.2.state.json")).mode & 0o777, 0o600, "the backup is private");
            assert.match(out.join("\n"), /15 CRD resources left to the cluster .* now run: pulumi up --stack dev/);
        } finally {
            process.chdir(cwd);
            delete process.env.PULUMI_BIN;
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("the harness sees library programs too", () => {
    it("a resource on Pulumi's default provider is reported", async () => {
        const r = await runProgram({
            program: () => {
                new GlooInstall("gw", {});
                new corev1.ConfigMap("stray", { metadata: { name: "stray", namespace: "gloo-system" } });
            },
        });
        assert.ok(problems(r).some((e) => /default kubernetes provider|not on an explicit provider/.test(e)));
    });
});
