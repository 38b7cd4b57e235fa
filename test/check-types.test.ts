// npm test's type-check: `tsc --noEmit` over everything tsconfig.json includes. It runs beside the tests so it
// overlaps the other test files instead of delaying them; neither `pulumi up` nor `npm run render`
// type-checks (register-ts.cjs only transpiles). Incremental: unchanged files are not re-checked
// (GLOO_TSBUILDINFO=<file> moves tsc's record of the last check; the bench uses a fresh one for cold runs).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(__dirname, "..");
const BUILD_INFO = process.env.GLOO_TSBUILDINFO || path.join(ROOT, "node_modules", ".cache", "gloo-mtls", "tsc.tsbuildinfo");

// Started when the file loads, not when its turn comes: the other test files of this process run meanwhile.
const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
const child = spawn(process.execPath, [tsc, "--noEmit", "--pretty", "false", "--incremental", "--tsBuildInfoFile", BUILD_INFO], { cwd: ROOT });
let out = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (out += d));
const status = new Promise<number | null>((resolve) => child.on("close", resolve));

test("tsc --noEmit: the whole project type-checks", async () => {
    assert.equal(await status, 0, `tsc reported:\n${out}`);
});
