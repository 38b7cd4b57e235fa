// Running the render CLI in-process for tests: its exit code and what it printed, with stack files and state
// under a root of the test's own, and temporary directories removed after the file's tests.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after } from "node:test";
import { main } from "../render/cli";

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A new temporary directory, removed after the tests. */
export function tmp(prefix = "render-"): string {
    made.push(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    return made[made.length - 1];
}

/** main() with captured output, stack files and state under `root`. */
export async function cli(root: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(argv, { root, stdout: (t) => void (out += t + "\n"), stderr: (t) => void (err += t + "\n") });
    return { code, out, err };
}
