// register-ts.cjs, the loader Pulumi.yaml, npm run render and npm test use: its transpile cache never
// serves an edited file stale, a warm run does not start esbuild, and under the SDK's source-map-support
// stack traces point at .ts lines, as they do under node --enable-source-maps.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { started } from "./started";

const ROOT = path.resolve(__dirname, "..");
const HOOK = path.join(ROOT, "register-ts.cjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "register-ts-test-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Ran {
    stdout: string;
    stderr: string;
    status: number | null;
}

/** Runs node with `args` (and `env`); what it printed and its exit status. */
function node(args: string[], env: Record<string, string | undefined>): Promise<Ran> {
    return new Promise((resolve) => {
        execFile(process.execPath, args, { env: { ...process.env, ...env }, encoding: "utf8" }, (e, stdout, stderr) =>
            resolve({ stdout, stderr, status: e ? (typeof e.code === "number" ? e.code : 1) : 0 }),
        );
    });
}

/** A program file of its own and a cache of its own: the cases below run side by side. */
function workspace(name: string) {
    const program = path.join(dir, `${name}.ts`);
    const cache = path.join(dir, `${name}-cache`);
    return {
        program,
        write: (text: string) => fs.writeFileSync(program, text),
        /** Runs `program` in a fresh node (with `nodeArgs`) with the hook. */
        run: (preload: string[] = [], nodeArgs: string[] = []) => node([...nodeArgs, "--require", HOOK, ...preload.flatMap((p) => ["--require", p]), program], { REGISTER_TS_CACHE: cache }),
        entries: () => fs.readdirSync(cache).length,
    };
}

// Each case is a chain of processes, started when this file loads: they run beside the other tests.

const source = (value: number) => `
interface Answer { value: number }
const answer: Answer = { value: ${value} };
const esbuildLoaded = Object.keys(require.cache).some((k) => k.includes(\`\${require("node:path").sep}esbuild\${require("node:path").sep}\`));
console.log(JSON.stringify({ value: answer.value, esbuildLoaded }));
`;

const cacheCase = workspace("cache");
const cacheRuns = started(
    (async () => {
        cacheCase.write(source(1));
        const cold = await cacheCase.run();
        const coldEntries = cacheCase.entries();
        const warm = await cacheCase.run();
        cacheCase.write(source(2));
        const edited = await cacheCase.run();
        return { cold, coldEntries, warm, edited, editedEntries: cacheCase.entries() };
    })(),
);

test("the cache: a warm run skips esbuild, an edited file is compiled again, never served stale", async () => {
    const r = await cacheRuns;
    assert.deepEqual(JSON.parse(r.cold.stdout), { value: 1, esbuildLoaded: true }, "cold: compiled");
    assert.equal(r.coldEntries, 1, "one entry per source file");
    assert.deepEqual(JSON.parse(r.warm.stdout), { value: 1, esbuildLoaded: false }, "warm: from the cache");
    assert.deepEqual(JSON.parse(r.edited.stdout), { value: 2, esbuildLoaded: true }, "edited: compiled again");
    assert.equal(r.editedEntries, 1, "the entry is replaced, not added to");
});

// Type-only lines come first, so the emitted JavaScript has the throw on another line than the source's 7.
const BOOM = ["interface A {", "    a: number;", "}", "type B = A;", "", "function boom(): never {", '    throw new Error("boom");', "}", "boom();", ""].join("\n");
/** The stack frame of boom() at a line (and column) of `program`. */
const boomAt = (program: string, at: string) => new RegExp(`at boom \\(${program.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:${at}`);

/** Cold, then warm; then, if given, `last` (all with the same program). */
async function coldWarm(w: ReturnType<typeof workspace>, preload: string[], nodeArgs: string[], last?: () => Promise<Ran>): Promise<Ran[]> {
    w.write(BOOM);
    const runs = [await w.run(preload, nodeArgs), await w.run(preload, nodeArgs)];
    return last ? [...runs, await last()] : runs;
}

const sdkSupport = workspace("sms");
const sms = require.resolve("source-map-support/register", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }))] });
const sdkSupportRuns = started(coldWarm(sdkSupport, [sms], []));

test("with the SDK's source-map-support (as under the Pulumi CLI), stack traces give .ts lines", async () => {
    for (const [i, r] of (await sdkSupportRuns).entries()) {
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, boomAt(sdkSupport.program, "7:11\\)"), `${i ? "warm" : "cold"}:\n${r.stderr}`);
    }
});

const nodeMaps = workspace("node-maps");
const nodeMapsRuns = started(coldWarm(nodeMaps, [], ["--enable-source-maps"], () => nodeMaps.run()));

test("with node's own --enable-source-maps, stack traces give .ts lines (the map is inlined only then)", async () => {
    const [cold, warm, plain] = await nodeMapsRuns;
    for (const [i, r] of [cold, warm].entries()) assert.match(r.stderr, boomAt(nodeMaps.program, "7:"), `${i ? "warm" : "cold"}:\n${r.stderr}`);
    // Without the flag (and without source-map-support) the trace is the emitted JavaScript's: no map was inlined.
    assert.doesNotMatch(plain.stderr, boomAt(nodeMaps.program, "7:"));
});

const project = path.join(dir, "project");
const precompiledCache = path.join(dir, "precompiled");
const precompileRuns = started(
    (async () => {
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
        const env = { REGISTER_TS_CACHE: precompiledCache, PULUMI_NODEJS_TSCONFIG_PATH: path.join(project, "tsconfig.json") };
        const pre = await node([HOOK, "--precompile"], env);
        const entries = pre.status === 0 ? fs.readdirSync(precompiledCache).length : 0;
        return { pre, entries, run: await node(["--require", HOOK, path.join(project, "main.ts")], env) };
    })(),
);

test("--precompile, npm ci's prepare step: afterwards the project loads without esbuild; a file that does not compile is named and the install goes on", async () => {
    const { pre, entries, run: r } = await precompileRuns;
    assert.equal(pre.status, 0, pre.stderr);
    assert.match(pre.stderr, /broken\.ts not precompiled/);
    assert.match(pre.stdout, /2 of 3 \.ts files transpiled/, "main.ts and lib/value.ts; not the .d.ts, nothing under node_modules");
    assert.equal(entries, 2);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { value: 42, esbuildLoaded: false }, "the first run is a warm one");
});

test("npm ci and npm install run --precompile (package.json prepare), then the package build", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(pkg.scripts.prepare, "node register-ts.cjs --precompile && node node_modules/typescript/bin/tsc -p tsconfig.build.json");
    // typescript and typescript-7 both have a `tsc` bin and npm links either one: every script names its own by path.
    for (const [name, script] of Object.entries<string>(pkg.scripts)) assert.doesNotMatch(script, /(^|&&\s*)tsc\b/, `scripts.${name} runs a bare tsc`);
});
