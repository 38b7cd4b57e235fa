// npm test's type-check: `tsc --noEmit` over everything tsconfig.json includes. It runs beside the tests so it
// overlaps the other test files instead of delaying them; neither `pulumi up` nor `npm run render`
// type-checks (register-ts.cjs only transpiles). In build mode (`--build`, tsconfig.json's record in
// node_modules/.cache/gloo-mtls): an unchanged project is up to date in a second, a changed file is checked with what
// depends on it. GLOO_TSC_FORCE=1 checks everything anew (the bench's cold runs).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { tieringFlags } from "../render/tiering.cjs";

const ROOT = path.resolve(__dirname, "..");

// Started when the file loads, not when its turn comes: the other test files of this process run meanwhile.
const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
const force = process.env.GLOO_TSC_FORCE === "1" ? ["--force"] : [];
// A larger young generation, as npm test's own processes have (tsc allocates as much: about a tenth less CPU), and
// V8's tiering budget eightfold (render/tiering.cjs: about a quarter less).
const node = ["--max-semi-space-size=64", ...tieringFlags(process.versions.node, 8)];
const child = spawn(process.execPath, [...node, tsc, "--build", "--noEmit", "--pretty", "false", ...force], { cwd: ROOT });
let out = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (out += d));
const status = new Promise<number | null>((resolve) => child.on("close", resolve));

test("tsc --noEmit: the whole project type-checks", async () => {
    assert.equal(await status, 0, `tsc reported:\n${out}`);
});
