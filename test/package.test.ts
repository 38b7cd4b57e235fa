// GlooInstall as a Pulumi package for every language: the schema Pulumi's own Analyzer builds from the TypeScript
// types (as the nodejs host does after `pulumi package add`), construction through the SDK's ComponentProvider
// under mocks (as the engine's Construct call does) against the TypeScript class, the YAML example's properties,
// the declarations a user's strict project compiles, the mocks Pulumi's testing guide documents; and upgrades from
// 0.2.0 that replace nothing.
// The Analyzer and the compiles run once per process, cached by content (test/package/run.ts).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import * as YAML from "yaml";
import { GLOO_INSTALL_TYPE, GlooInstall } from "../components/gloo";
import { argsSchema } from "../components/validation/schema";
import { PROJECT, Registered, RunResult, exclusive, runProgram } from "../render/program";
import { newMockState } from "../render/mocks";
import { asInstallArgs } from "../stacks";
import { parseStackConfig } from "../stacks/config";
import { engineConfig } from "../render/program";
import { packageChecks, tsFilesUnder } from "./package/run";
import { upgrade } from "./urns";
import { BASELINE_STACK, upgradeConfigs } from "./upgrade/configs";
import BASELINE from "./fixtures/v0.2-urns.json";

const ROOT = path.resolve(__dirname, "..");
const checks = packageChecks();
async function schemaOf() {
    const { schema, schemaError } = await checks;
    assert.equal(schemaError, undefined, "Pulumi's Analyzer refused the package");
    return JSON.parse(schema);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeInputs } = require("@pulumi/pulumi/provider/server");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb.js");

/** The SDK's ComponentProvider for the package, with the Analyzer's answer (what its getSchema would compute). */
async function componentProvider(): Promise<ComponentProvider> {
    const c = await checks;
    assert.equal(c.schemaError, undefined, "Pulumi's Analyzer refused the package");
    const name = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).name;
    // Required here, after packageChecks() has set up the Analyzer's shared parsing (test/package/source-cache.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ComponentProvider: Provider } = require("@pulumi/pulumi/provider/experimental/provider") as typeof import("@pulumi/pulumi/provider/experimental/provider");
    const provider = new Provider({ name, dirname: ROOT, components: [GlooInstall] });
    Object.assign(provider as unknown as Record<string, unknown>, { cachedSchema: c.schema, componentDefinitions: c.components });
    return provider;
}

/** Inputs as the provider host hands them to construct: serialized as the engine sends them, then deserialized. */
async function asEngineInputs(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    return deserializeInputs(Struct.fromJavaScript(await rpc.serializeProperties("construct", args, { keepOutputValues: true })), new Map());
}

describe("the schema Pulumi's Analyzer builds", () => {
    it("the package entry (package.json main) exports GlooInstall alone as a component", async () => {
        assert.deepEqual((await checks).exported, ["GlooInstall"]);
    });
    it("has the chart-shaped families of the stack config as GlooInstall's inputs, every type defined, every property documented", async () => {
        const schema = await schemaOf();
        const resource = schema.resources[GLOO_INSTALL_TYPE];
        assert.ok(resource, Object.keys(schema.resources).join());
        assert.deepEqual(Object.keys(resource.inputProperties).sort(), Object.keys(argsSchema.shape).sort());
        const undocumented: string[] = [];
        const unresolved: string[] = [];
        const visit = (where: string, props: Record<string, any>) => {
            for (const [k, p] of Object.entries(props)) {
                if (!p.description) undocumented.push(`${where}.${k}`);
                const refs = JSON.stringify(p).match(/"\$ref":"[^"]+"/g) ?? [];
                for (const r of refs) {
                    const ref = r.slice(8, -1);
                    if (ref.startsWith("#/types/") ? !schema.types[ref.slice(8)] : ref !== "pulumi.json#/Any") unresolved.push(`${where}.${k}: ${ref}`);
                }
            }
        };
        visit("GlooInstall", resource.inputProperties);
        visit("GlooInstall(out)", resource.properties);
        for (const [name, t] of Object.entries<any>(schema.types)) {
            if (t.enum) assert.ok(t.enum.length > 1, name);
            else visit(name, t.properties);
        }
        assert.deepEqual(unresolved, []);
        assert.deepEqual(undocumented.slice(0, 30), [], "JSDoc on every argument: it is each language's documentation");
        assert.deepEqual(schema.dependencies ?? [], [], "no reference into another package's schema");
    });
    it("an anonymous object type or a literal union would fail the build, naming the property", async () => {
        const { refused } = await checks;
        assert.match(refused.anonymous, /Unsupported type for component 'Anonymous' property 'AnonymousArgs\.global'/);
        assert.match(refused.literalUnion, /Union types are not supported for component 'LiteralUnion' property 'LiteralUnionArgs\.logLevel'/);
    });
});

describe("a TypeScript project made from Pulumi's template", () => {
    it("compiles against the package's declarations (strict, commonjs, node resolution, no esModuleInterop, no skipLibCheck): no error", async () => {
        const { diagnostics, declarations } = (await checks).consumer;
        assert.deepEqual(diagnostics, []);
        assert.ok(declarations.includes("dist/components/index.d.ts") && declarations.includes("dist/components/args.d.ts"), declarations.join());
    });
    it("the check can fail: declarations naming zod (the consumer has no zod) or a type their module does not export", async () => {
        const { diagnostics, declarations } = (await checks).leakyConsumer;
        assert.deepEqual(declarations, ["dist/index.d.ts"]);
        assert.deepEqual(
            diagnostics.map((d) => d.replace(/"[^"]*\/leaky\/hidden"/, '"<tmp>/leaky/hidden"')),
            [
                // the declaration emit's own error
                `Exported variable 'leaked' has or is using name 'Hidden' from external module "<tmp>/leaky/hidden" but cannot be named. (../leaky/index.ts)`,
                // the consumer's compile
                "Cannot find module 'zod' or its corresponding type declarations. (node_modules/leaky/dist/index.d.ts)",
                "Cannot find name 'Hidden'. (node_modules/leaky/dist/index.d.ts)",
            ],
        );
    });
});

/**
 * Each configuration run twice with one mock state (the same resource with the same inputs gets the same keys): as
 * the stack program runs it (index.ts: the TypeScript class), and constructed through the package's provider from the
 * same stack's values as plain inputs (the license key as the text it holds).
 */
const configs = upgradeConfigs();
const runs = new Map<string, Promise<{ viaClass: RunResult; viaProvider: RunResult }>>();
function runBoth(name: string) {
    if (!runs.has(name)) {
        runs.set(
            name,
            (async () => {
                const provider = await componentProvider();
                const { config, secretKeys } = configs[name];
                const args = asInstallArgs(parseStackConfig(engineConfig(config)));
                const state = newMockState();
                const viaClass = await runProgram({ config, secretKeys, stack: BASELINE_STACK, state });
                const viaProvider = await runProgram({
                    config,
                    secretKeys,
                    stack: BASELINE_STACK,
                    state,
                    program: async () => void (await provider.construct("gloo", GLOO_INSTALL_TYPE, await asEngineInputs(structuredClone(args) as Record<string, unknown>), {})),
                });
                return { viaClass, viaProvider };
            })(),
        );
    }
    return runs.get(name)!;
}

describe("an upgrade from 0.2.0 keeps every resource", () => {
    // test/fixtures/v0.2-urns.json: every URN 0.2.0 registered for these stacks (captured by test/upgrade/capture.ts).
    const full = (relative: string) => `urn:pulumi:${BASELINE_STACK}::${PROJECT}::${relative}`;
    for (const name of Object.keys(BASELINE)) {
        it(`${name}: every 0.2.0 URN is registered or aliased (as the engine matches them from the aliases the SDK sends), none claimed twice`, async () => {
            const { viaClass } = await runBoth(name);
            const u = upgrade(viaClass.resources, (BASELINE as Record<string, string[]>)[name].map(full), BASELINE_STACK, PROJECT);
            assert.deepEqual(u.missing, [], "would be deleted (and their successors created) on upgrade");
            assert.deepEqual(u.claimedTwice, []);
        });
    }
    it("the check can fail: a renamed child without an alias, or the component's type alias dropped", async () => {
        const { viaClass } = await runBoth("default");
        const olds = BASELINE.default.map(full);
        const renamed = viaClass.resources.map((x): Registered => (x.type === "kubernetes:core/v1:Namespace" ? { ...x, name: `${x.name}-x`, wire: { ...x.wire!, aliases: [] } } : x));
        const missing = upgrade(renamed, olds, BASELINE_STACK, PROJECT).missing;
        assert.equal(missing.length, 1);
        assert.match(missing[0], /kubernetes:core\/v1:Namespace::gloo-namespace$/);
        const component = viaClass.resources.find((x) => x.type === GLOO_INSTALL_TYPE)!;
        const bare = viaClass.resources.map((x) => (x === component ? { ...x, wire: { ...x.wire!, aliases: [] } } : x));
        assert.equal(upgrade(bare, olds, BASELINE_STACK, PROJECT).missing.length, olds.length, "every resource hangs on the component's type alias");
    });
});

/** Registrations comparable object for object: what the mock saw (secretness aside: the inputs differ there), the options, the aliases sent. */
const comparable = (rs: Registered[]) =>
    rs
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map(({ wire, secretInputs: _secret, ...r }) => ({ ...r, aliases: wire?.aliases.map((a) => ({ ...a.spec, parenturn: undefined })) }));

/** Where two values differ, as `path: a | b` lines (the first few). */
function differences(a: unknown, b: unknown, at = "", out: string[] = []): string[] {
    if (out.length >= 10) return out;
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) differences((a as any)[k], (b as any)[k], `${at}.${k}`, out);
    } else if (!Object.is(a, b)) out.push(`${at}: ${JSON.stringify(a)?.slice(0, 120)} | ${JSON.stringify(b)?.slice(0, 120)}`);
    return out;
}

describe("constructed through the package's provider (as the engine's Construct call)", () => {
    for (const name of Object.keys(configs)) {
        it(`${name}: registers exactly what the TypeScript class registers for the same arguments`, async () => {
            const { viaClass, viaProvider } = await runBoth(name);
            assert.ok(viaClass.resources.length > 40);
            // Object for object, by URN-forming key (the order of asynchronous registrations is not part of the result).
            const byKey = (rs: Registered[]) => Object.fromEntries(comparable(rs).map((r) => [`${r.type}::${r.name}`, r]));
            assert.deepEqual(Object.keys(byKey(viaProvider.resources)).sort(), Object.keys(byKey(viaClass.resources)).sort());
            assert.deepEqual(differences(byKey(viaProvider.resources), byKey(viaClass.resources)), []);
        });
    }
    it("refuses bad inputs naming the key, before registering anything", async () => {
        const provider = await componentProvider();
        const inputs = await asEngineInputs({ namespace: "Bad_NS", certificates: { issuer: "vault" }, gatewayProxies: { gatewayProxy: { podTemplate: { httpPort: 80 } } } });
        const r = await runProgram({ program: async () => void (await provider.construct("gw", GLOO_INSTALL_TYPE, inputs, {})) }).then(
            () => assert.fail("accepted"),
            (e: { message: string; resources: Registered[] }) => e,
        );
        assert.match(r.message, /args\.namespace: got "Bad_NS"/);
        assert.match(r.message, /args\.certificates\.issuer: got "vault"/);
        assert.match(r.message, /args\.gatewayProxies\.gatewayProxy\.podTemplate\.httpPort: got 80/);
        assert.deepEqual(r.resources.filter((x) => x.type !== "pulumi:pulumi:Stack"), []);
    });
    it("uses the Kubernetes provider given in the resource options (YAML `providers:`), as the host hands it over, for every resource", async () => {
        const provider = await componentProvider();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { DependencyProviderResource } = require("@pulumi/pulumi/resource");
        const ref = "urn:pulumi:test::gloo-mtls::pulumi:providers:kubernetes::cluster::0a1b2c";
        const r = await runProgram({
            program: async () =>
                void (await provider.construct("gw", GLOO_INSTALL_TYPE, await asEngineInputs({ namespace: "gloo-edge" }), { providers: { kubernetes: new DependencyProviderResource(ref) } })),
        });
        assert.deepEqual(r.resources.filter((x) => x.type === "pulumi:providers:kubernetes"), [], "no provider of its own");
        const k8sResources = r.resources.filter((x) => x.type.startsWith("kubernetes:"));
        assert.ok(k8sResources.length > 25);
        for (const x of k8sResources) assert.equal(x.provider, ref, `${x.type} ${x.name}`);
    });
    it("refuses a block the engine hands over as one output (a secret inside it), naming the block", async () => {
        const provider = await componentProvider();
        const inputs = await asEngineInputs({ enterprise: { enabled: true, licenseKey: pulumi.secret("k") } });
        assert.ok(pulumi.Output.isInstance(inputs.enterprise), "what the provider host makes of it");
        const r = await runProgram({ program: async () => void (await provider.construct("gw", GLOO_INSTALL_TYPE, inputs, {})) }).then(
            () => assert.fail("accepted"),
            (e: { message: string; resources: Registered[] }) => e,
        );
        assert.match(r.message, /args\.enterprise: got an output for the whole block/);
        assert.deepEqual(r.resources.filter((x) => x.type !== "pulumi:pulumi:Stack"), []);
    });
});

describe("the YAML example (examples/yaml)", () => {
    const program = YAML.parse(fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8"));
    const gloo = program.resources.gloo;
    it("uses the package, and every property it sets is an input of the schema, of the schema's type", async () => {
        const schema = await schemaOf();
        assert.ok(program.packages["gloo-mtls"]);
        assert.equal(gloo.type, GLOO_INSTALL_TYPE);
        const problems: string[] = [];
        const check = (where: string, v: unknown, p: any) => {
            const t = p.$ref?.startsWith("#/types/") ? schema.types[p.$ref.slice(8)] : p;
            if (p.$ref === "pulumi.json#/Any") return;
            if (t.enum) return void (t.enum.some((e: any) => e.value === v) || problems.push(`${where}: ${JSON.stringify(v)} is not one of the enum`));
            if (t.type === "object" && t.additionalProperties) {
                for (const [k, x] of Object.entries(v as object)) check(`${where}.${k}`, x, t.additionalProperties);
            } else if (t.type === "object") {
                for (const [k, x] of Object.entries(v as object)) (t.properties[k] ? check(`${where}.${k}`, x, t.properties[k]) : problems.push(`${where}.${k}: no such input`));
            } else if (t.type === "array") (v as unknown[]).forEach((x, i) => check(`${where}[${i}]`, x, t.items));
            else if (t.type === "integer" || t.type === "number" ? typeof v !== "number" : typeof v !== t.type) problems.push(`${where}: ${JSON.stringify(v)} is not a ${t.type}`);
        };
        check("gloo", gloo.properties, { properties: schema.resources[GLOO_INSTALL_TYPE].inputProperties, type: "object" });
        assert.deepEqual(problems, []);
        for (const o of Object.values<string>(program.outputs)) assert.ok(schema.resources[GLOO_INSTALL_TYPE].properties[o.match(/\$\{gloo\.(\w+)\}/)![1]], o);
    });
    it("constructs through the provider, every check passing", async () => {
        const provider = await componentProvider();
        const r = await runProgram({ program: async () => void (await provider.construct("gloo", GLOO_INSTALL_TYPE, await asEngineInputs(gloo.properties), {})) });
        const deployment = r.resources.find((x) => x.type === "kubernetes:apps/v1:Deployment" && x.name === "gloo-gateway-proxy")!;
        assert.equal(deployment.inputs.metadata.namespace, "gloo-edge");
        assert.equal(deployment.inputs.spec.replicas, 2);
    });
});

describe("the mocks Pulumi's testing guide documents", () => {
    for (const preview of [false, true]) {
        it(`run GlooInstall without an error (${preview ? "preview" : "update"}: every resource's outputs are its inputs, the tls provider's computed ones absent)`, async () => {
            const errors: unknown[] = [];
            const onError = (e: unknown) => void errors.push(e);
            process.on("unhandledRejection", onError);
            try {
                const namespace = await exclusive(async () => {
                    pulumi.runtime.setAllConfig({});
                    await pulumi.runtime.setMocks(
                        {
                            newResource: (args: pulumi.runtime.MockResourceArgs) => ({ id: args.name + "_id", state: args.inputs }),
                            call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
                        },
                        PROJECT,
                        "test",
                        preview,
                    );
                    const gloo = new GlooInstall("gw", { gatewayProxies: { gatewayProxy: {}, internal: { service: { type: "ClusterIP" } } } });
                    // Every registration and its serialization done (a failing apply surfaces here or as a rejection).
                    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
                    return (gloo.namespace as unknown as { promise(): Promise<string | undefined> }).promise();
                });
                assert.deepEqual(errors, []);
                assert.equal(namespace, "gloo-system");
            } finally {
                process.off("unhandledRejection", onError);
            }
        });
    }
});

describe("what npm pack ships", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    it("every runtime dependency is imported by the shipped code (components/), and nothing it imports is missing from them", () => {
        const imported = new Set<string>();
        for (const f of tsFilesUnder(path.join(ROOT, "components"))) {
            for (const m of fs.readFileSync(f, "utf8").matchAll(/(?:from|require\()\s*"([^".][^"]*)"/g)) {
                if (!m[1].startsWith("node:")) imported.add(m[1].startsWith("@") ? m[1].split("/").slice(0, 2).join("/") : m[1].split("/")[0]);
            }
        }
        const declared = Object.keys(pkg.dependencies);
        assert.deepEqual(declared.filter((d) => !imported.has(d)), [], "runtime dependencies nothing shipped loads");
        assert.deepEqual([...imported].filter((d) => !declared.includes(d) && !(d in pkg.peerDependencies) && d !== pkg.name).sort(), []);
    });
    it("no component imports @pulumi/kubernetes's index, only API-group modules (e.g. @pulumi/kubernetes/core/v1)", () => {
        // Why: the index's declarations are every API group's (~500 more files), read by every TypeScript program over components/: tsc, the Analyzer, a consumer's compile.
        const importsIndex = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)"@pulumi\/kubernetes"/m;
        assert.ok(importsIndex.test('import * as k8s from "@pulumi/kubernetes";') && !importsIndex.test('import * as corev1 from "@pulumi/kubernetes/core/v1";'));
        const sources = tsFilesUnder(path.join(ROOT, "components"));
        assert.deepEqual(sources.filter((f) => importsIndex.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(ROOT, f)), []);
    });
    it("ships the build, the CRDs and the README; main is the package entry, built by prepare; pack output is ignored by git", () => {
        assert.deepEqual(pkg.files, ["dist/", "crds/", "README.md"]);
        assert.equal(pkg.main, "dist/components/package.js");
        assert.match(pkg.scripts.prepare, /tsc -p tsconfig\.build\.json/);
        assert.ok(fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8").split("\n").includes("*.tgz"));
        assert.deepEqual(YAML.parse(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8")), { runtime: "nodejs" });
    });
});
