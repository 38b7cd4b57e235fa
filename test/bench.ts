// A benchmark, not a test: how long a render and the whole suite take (targets: < 3 s, < 60 s).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import * as os from "node:os";
import * as path from "node:path";

function time(label: string, cmd: string, args: string[], target: number): void {
    const t0 = performance.now();
    execFileSync(cmd, args, { stdio: "ignore", cwd: path.resolve(__dirname, "..") });
    const s = (performance.now() - t0) / 1000;
    console.log(`${label.padEnd(32)} ${s.toFixed(2)} s  (target < ${target} s)${s > target ? "  OVER" : ""}`);
}

// A new directory: the render refuses a non-empty one it did not write.
const out = fs.mkdtempSync(path.join(os.tmpdir(), "gloo-mtls-bench-"));
for (let i = 0; i < 3; i++) time(`npm run render -- dev (run ${i + 1})`, "npm", ["run", "render", "--", "dev", "--out", out], 3);
time("npm test", "npm", ["test"], 60);
