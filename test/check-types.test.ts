// npm test's type-check: `tsc --noEmit` with TypeScript 7 (tsconfig.check.json: everything tsconfig.json includes).
// It runs beside the tests so it overlaps the other test files instead of delaying them; neither `pulumi up` nor
// `npm run render` type-checks (register-ts.cjs only transpiles). Incremental (its record in
// node_modules/.cache/gloo-mtls): an unchanged project is checked in under a second, an edited one from what changed.
// GLOO_TSC_FORCE=1 checks everything anew (the bench's cold runs).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as ts from "typescript";
import { tsFilesUnder } from "./package/run";

const ROOT = path.resolve(__dirname, "..");
const CONFIG = "tsconfig.check.json";

// Started when the file loads, not when its turn comes: the other test files of this process run meanwhile.
// TypeScript 7's tsc by path: typescript (5.9, for its API) has a `tsc` bin too.
const tsc = path.join(path.dirname(require.resolve("typescript-7/package.json", { paths: [ROOT] })), "bin", "tsc");
if (process.env.GLOO_TSC_FORCE === "1") fs.rmSync(parsedConfig(CONFIG).options.tsBuildInfoFile!, { force: true });
// --singleThreaded: the two test processes keep both cores busy meanwhile; tsc's parallel checkers then only add CPU
// (6.8 s instead of 3.1 s on a fresh clone, no sooner done). `npm run typecheck`, alone on the machine, keeps them.
const child = spawn(process.execPath, [tsc, "--noEmit", "-p", CONFIG, "--pretty", "false", "--singleThreaded"], { cwd: ROOT });
let out = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (out += d));
const status = new Promise<number | null>((resolve) => child.on("close", resolve));

test("tsc --noEmit: the whole project type-checks", async () => {
    assert.equal(await status, 0, `tsc reported:\n${out}`);
});

test("the type-check can fail: the same tsc and options refuse a file with a type error", async () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "node_modules", ".cache", "tsc-fails-"));
    try {
        fs.writeFileSync(path.join(dir, "bad.ts"), 'export const port: number = "8443";\n');
        const config = { extends: path.join(ROOT, CONFIG), compilerOptions: { incremental: false, tsBuildInfoFile: null }, include: [], files: ["bad.ts"] };
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config));
        const r = await new Promise<{ code: number | null; text: string }>((resolve) => {
            const c = spawn(process.execPath, [tsc, "--noEmit", "-p", dir, "--pretty", "false", "--singleThreaded"]);
            let text = "";
            c.stdout.on("data", (d) => (text += d));
            c.on("close", (code) => resolve({ code, text }));
        });
        assert.notEqual(r.code, 0);
        assert.match(r.text, /bad\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

/** A tsconfig of the repository, as TypeScript reads it (comments, `extends`, paths resolved). */
function parsedConfig(config: string): ts.ParsedCommandLine {
    return ts.getParsedCommandLineOfConfigFile(path.join(ROOT, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
}

/** The .ts files a tsconfig holds, relative to the repository. */
function configFiles(config: string): string[] {
    return parsedConfig(config).fileNames.map((f) => path.relative(ROOT, f)).sort();
}

test("tsconfig.check.json holds every .ts file of the project; tsconfig.json only the program and the package", () => {
    const all = tsFilesUnder(ROOT).map((f) => path.relative(ROOT, f));
    assert.ok(all.includes(path.join("test", "check-types.test.ts")) && all.includes("index.ts"));
    assert.deepEqual(configFiles(CONFIG), all.sort(), "files the type-check would miss, or holds that are not the project's");
    // Pulumi's schema Analyzer reads tsconfig.json at every start of the plugin: the tests, scripts and bench stay out.
    const pkg = configFiles("tsconfig.json");
    assert.ok(pkg.includes("index.ts") && pkg.some((f) => f.startsWith(`components${path.sep}`)));
    assert.deepEqual(pkg.filter((f) => !/^(index\.ts|components[\\/]|stacks[\\/])/.test(f)), []);
});
