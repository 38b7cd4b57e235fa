// register-ts.cjs, the loader Pulumi.yaml, npm run render and npm test use: its transpile cache never
// serves an edited file stale, a warm run does not start esbuild, and under the SDK's source-map-support
// stack traces point at .ts lines, as they do under node --enable-source-maps.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";

const ROOT = path.resolve(__dirname, "..");
const HOOK = path.join(ROOT, "register-ts.cjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "register-ts-test-"));
const cache = path.join(dir, "cache");
const program = path.join(dir, "program.ts");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `program` in a fresh node (with `nodeArgs`) with the hook; returns what it printed. */
function run(preload: string[] = [], nodeArgs: string[] = []): { stdout: string; stderr: string; status: number | null } {
    return spawnSync(process.execPath, [...nodeArgs, "--require", HOOK, ...preload.flatMap((p) => ["--require", p]), program], {
        env: { ...process.env, REGISTER_TS_CACHE: cache },
        encoding: "utf8",
    });
}

const source = (value: number) => `
interface Answer { value: number }
const answer: Answer = { value: ${value} };
const esbuildLoaded = Object.keys(require.cache).some((k) => k.includes(\`\${require("node:path").sep}esbuild\${require("node:path").sep}\`));
console.log(JSON.stringify({ value: answer.value, esbuildLoaded }));
`;

test("the cache: a warm run skips esbuild, an edited file is compiled again, never served stale", () => {
    fs.writeFileSync(program, source(1));
    assert.deepEqual(JSON.parse(run().stdout), { value: 1, esbuildLoaded: true }, "cold: compiled");
    assert.equal(fs.readdirSync(cache).length, 1, "one entry per source file");
    assert.deepEqual(JSON.parse(run().stdout), { value: 1, esbuildLoaded: false }, "warm: from the cache");
    fs.writeFileSync(program, source(2));
    assert.deepEqual(JSON.parse(run().stdout), { value: 2, esbuildLoaded: true }, "edited: compiled again");
    assert.equal(fs.readdirSync(cache).length, 1, "the entry is replaced, not added to");
});

// Type-only lines come first, so the emitted JavaScript has the throw on another line than the source's 7.
const BOOM = ["interface A {", "    a: number;", "}", "type B = A;", "", "function boom(): never {", '    throw new Error("boom");', "}", "boom();", ""].join("\n");
/** The stack frame of boom() at a line (and column) of `program`. */
const boomAt = (at: string) => new RegExp(`at boom \\(${program.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:${at}`);

test("with the SDK's source-map-support (as under the Pulumi CLI), stack traces give .ts lines", () => {
    fs.writeFileSync(program, BOOM);
    const sms = require.resolve("source-map-support/register", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }))] });
    for (const warm of [false, true]) {
        const r = run([sms]);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, boomAt("7:11\\)"), `${warm ? "warm" : "cold"}:\n${r.stderr}`);
    }
});

test("with node's own --enable-source-maps, stack traces give .ts lines (the map is inlined only then)", () => {
    fs.writeFileSync(program, BOOM);
    for (const warm of [false, true]) {
        const r = run([], ["--enable-source-maps"]);
        assert.match(r.stderr, boomAt("7:"), `${warm ? "warm" : "cold"}:\n${r.stderr}`);
    }
    // Without the flag (and without source-map-support) the trace is the emitted JavaScript's: no map was inlined.
    assert.doesNotMatch(run().stderr, boomAt("7:"));
});

test("--precompile, npm ci's prepare step: afterwards the project loads without esbuild; a file that does not compile is named and the install goes on", () => {
    const project = path.join(dir, "project");
    const files: Record<string, string> = {
        "tsconfig.json": JSON.stringify({ compilerOptions: { target: "es2022" } }),
        "main.ts": `import { v } from "./lib/value";\n${source(0).replace("answer.value", "v")}`,
        "lib/value.ts": "export const v: number = 42;\n",
        "broken.ts": "const = ;\n",
        "types.d.ts": "declare const t: number;\n",
        "node_modules/dep/index.ts": "export const dep = 1;\n",
    };
    for (const [f, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(project, f)), { recursive: true });
        fs.writeFileSync(path.join(project, f), text);
    }
    const env = { ...process.env, REGISTER_TS_CACHE: path.join(dir, "precompiled"), PULUMI_NODEJS_TSCONFIG_PATH: path.join(project, "tsconfig.json") };
    const pre = spawnSync(process.execPath, [HOOK, "--precompile"], { env, encoding: "utf8" });
    assert.equal(pre.status, 0, pre.stderr);
    assert.match(pre.stderr, /broken\.ts not precompiled/);
    assert.match(pre.stdout, /2 of 3 \.ts files transpiled/, "main.ts and lib/value.ts; not the .d.ts, nothing under node_modules");
    assert.equal(fs.readdirSync(env.REGISTER_TS_CACHE).length, 2);
    const r = spawnSync(process.execPath, ["--require", HOOK, path.join(project, "main.ts")], { env, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { value: 42, esbuildLoaded: false }, "the first run is a warm one");
});

test("npm ci and npm install run --precompile (package.json prepare), then the package build", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(pkg.scripts.prepare, "node register-ts.cjs --precompile && node node_modules/typescript/bin/tsc -p tsconfig.build.json");
    // typescript and typescript-7 both have a `tsc` bin and npm links either one: every script names its own by path.
    for (const [name, script] of Object.entries<string>(pkg.scripts)) assert.doesNotMatch(script, /(^|&&\s*)tsc\b/, `scripts.${name} runs a bare tsc`);
});
