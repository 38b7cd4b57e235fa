// The program as the Pulumi CLI loads it: Pulumi.yaml's runtime options, the language host's command line and
// environment, the SDK's own entry point (bench/launch.ts). Speed is measured by `npm run bench`, not here.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { ROOT, entryPoint, launch, readProject, splitArgs, stackConfig } from "../bench/launch";
import { started } from "./started";

const project = readProject();

test("Pulumi.yaml names main, so a package.json exports map never replaces the stack program", () => {
    assert.equal(project.main, "index.ts");
    assert.deepEqual(entryPoint(ROOT, project.main), { pwd: ROOT, entry: "index.ts" });
    // Without main the language host passes "." and cmd/run falls back to package.json exports/main.
    assert.deepEqual(entryPoint(ROOT, undefined), { pwd: ROOT, entry: "." });
});

test("Pulumi.yaml turns the language host's ts-node off and loads .ts through register-ts.cjs", () => {
    assert.equal(project.runtime.typescript, false);
    const args = splitArgs(project.runtime.nodeargs);
    assert.deepEqual(args, ["--require", "./register-ts.cjs"]);
    assert.ok(fs.existsSync(path.join(ROOT, args[1])));
});

// Each launch is a process of its own, started when this file loads: they run beside the other tests.
// As after `npm ci`, whose prepare fills the transpile cache: a cold cache would load esbuild, which
// `npm ci --omit=dev` does not install (and an edited file would be compiled by the launch, not by prepare).
const precompiled = new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [path.join(ROOT, "register-ts.cjs"), "--precompile"], { cwd: ROOT }, (e) => (e ? reject(e) : resolve())),
);
const staging = started(precompiled.then(() => stackConfig("staging")).then(({ config, secretKeys }) => launch({ stack: "staging", config, secretKeys })));
// The trivial JS program keeps this cheap; transpile-only skips the type-check, not the loading.
const withTsNode = started(
    launch({
        stack: "staging",
        project: { name: project.name, main: "bench/trivial.cjs", runtime: { typescript: true, nodeargs: "" } },
        env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true", TRIVIAL_REGISTRATIONS: "3" },
    }),
);

describe("launched as the language host launches it", () => {
    test("loaded the language host's way, the real program runs for the staging stack without ts-node", async () => {
        const r = await staging;
        assert.equal(r.status, 0, r.stderr);
        const has = (kind: string, name: string) => r.registrations.some((x) => x.kind === kind && x.k8sName === name && x.k8sNamespace === "gloo-staging");
        // The stack's namespace shows the config arrived the language host's way (PULUMI_CONFIG, `ns:config:key`).
        assert.ok(r.registrations.some((x) => x.kind === "Namespace" && x.k8sName === "gloo-staging"), "Namespace gloo-staging");
        for (const [kind, name] of [["Deployment", "gloo"], ["Deployment", "gateway-proxy"], ["Secret", "gloo-mtls-certs"]]) {
            assert.ok(has(kind, name), `${kind} gloo-staging/${name} registered`);
        }
        assert.ok(r.registrations.some((x) => x.type === "pulumi:pulumi:Stack"), "ran inside the SDK's stack");
        assert.equal(r.env.PULUMI_NODEJS_TYPESCRIPT, null, "the language host was not asked for TypeScript");
        assert.equal(r.tsNodeLoaded, false, "ts-node (and its type-check) never loaded");
        // Everything it loads survives `npm ci --omit=dev` (typescript: the SDK falls back to its own copy).
        const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
        const devOnly = r.packages.filter((p) => lock.packages[`node_modules/${p}`]?.dev && p !== "typescript");
        assert.deepEqual(devOnly, [], "packages the program loads that npm ci --omit=dev does not install");
        assert.ok(r.packages.includes("@pulumi/kubernetes"), "the list of loaded packages is not empty by mistake");
    });

    test("the check for ts-node can fail: with the language host's default (typescript: true) it sees ts-node", async () => {
        const r = await withTsNode;
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.registrations.filter((x) => x.kind === "ConfigMap").length, 2);
        assert.equal(r.env.PULUMI_NODEJS_TYPESCRIPT, "true");
        assert.equal(r.tsNodeLoaded, true);
    });
});
