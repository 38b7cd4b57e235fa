// A benchmark, not a test: how long a render and the whole suite take (targets: < 3 s, < 60 s), and the
// in-process costs the tests do not assert (tests check behaviour only; elapsed time is measured here).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import * as os from "node:os";
import * as path from "node:path";
import { manifests, runProgram } from "../render/program";
import { loadEnvoySchema } from "./validate/envoy";
import { validateKubernetesObject } from "./validate/kubernetes";

function report(label: string, value: number, unit: "s" | "ms", target: number): void {
    console.log(`${label.padEnd(40)} ${value.toFixed(unit === "s" ? 2 : 3)} ${unit}  (target < ${target} ${unit})${value > target ? "  OVER" : ""}`);
}

function time(label: string, cmd: string, args: string[], target: number): void {
    const t0 = performance.now();
    execFileSync(cmd, args, { stdio: "ignore", cwd: path.resolve(__dirname, "..") });
    report(label, (performance.now() - t0) / 1000, "s", target);
}

async function inProcess(): Promise<void> {
    let t0 = performance.now();
    loadEnvoySchema();
    report("Envoy v3 schema load", performance.now() - t0, "ms", 2000);

    const objects = manifests((await runProgram({})).resources);
    for (const o of objects) validateKubernetesObject(o); // warm
    const rounds = 20;
    t0 = performance.now();
    for (let i = 0; i < rounds; i++) for (const o of objects) validateKubernetesObject(o);
    report("validateKubernetesObject, per object", (performance.now() - t0) / (rounds * objects.length), "ms", 2);

    t0 = performance.now();
    await runProgram({ config: { certificates: { keyAlgorithm: "RSA" } } });
    report("program run with RSA keys (real crypto)", (performance.now() - t0) / 1000, "s", 10);
}

async function main(): Promise<void> {
    await inProcess();
    // A new directory: the render refuses a non-empty one it did not write.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "gloo-mtls-bench-"));
    for (let i = 0; i < 3; i++) time(`npm run render -- dev (run ${i + 1})`, "npm", ["run", "render", "--", "dev", "--out", out], 3);
    time("npm test", "npm", ["test"], 60);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
