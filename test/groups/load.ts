// `npm test` runs the test files in two processes (one per core of the 2-core machines the project is held to)
// instead of one each: every process loads the SDK, the providers and the validators once (about 1.5 s of CPU),
// which across some thirty files cost more than the tests themselves. Each file still runs alone:
// `node --require ./register-ts.cjs --test test/<file>.test.ts`.
// npm test also gives V8 a larger young generation (`--max-semi-space-size=64`, inherited by the test
// processes): a program run allocates hundreds of MB of short-lived objects, and with the default size the
// scavenger took about 15% of each process's CPU.
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram, setRunScope } from "../../render/program";
import { packageChecks, packageChecksCpu } from "../package/run";
import { tuneTiering } from "../../render/tiering.cjs";
import { captureRunnerHook, pauseRunnerTracking } from "./runner-tracking";

const TEST_DIR = path.resolve(__dirname, "..");

/**
 * Seconds of CPU each file's tests took in its group process (`GLOO_TEST_WEIGHTS=<file> npm test`, mean of two cold
 * runs, 2026-12-06; after a warm-up run, package.test.ts's with the package checks); they only balance the groups,
 * never decide whether a file runs. A file not listed counts as 0.2 s. The processes the tests start (tsc, the policy
 * pack, the launches) are not counted: they load both cores alike.
 */
const WEIGHTS: Record<string, number> = {
    "package.test.ts": 7.7,
    "install.test.ts": 3.5,
    "crds.test.ts": 2.4,
    "production-errors.test.ts": 1.6,
    "render-cli.test.ts": 1.6,
    "policy.test.ts": 1.4,
    "policy-pack.test.ts": 1.3,
    "mocks.test.ts": 1.2,
    "library.test.ts": 1.2,
    "workflow.test.ts": 1.1,
    "rotation.test.ts": 1.0,
    "enterprise.test.ts": 0.7,
    "handshake.test.ts": 0.7,
    "production-keys.test.ts": 0.6,
    "invariants.test.ts": 0.6,
    "multicluster.test.ts": 0.5,
    "e2e-check.test.ts": 0.5,
    "baseline.test.ts": 0.4,
    "import-values.test.ts": 0.4,
    "handshake-multicluster.test.ts": 0.4,
    "workload-keys.test.ts": 0.4,
    "gateway-settings-keys.test.ts": 0.3,
    "handshake-issuers.test.ts": 0.3,
    "render-clusters.test.ts": 0.3,
};

/** Every test file, by name. */
export function testFiles(): string[] {
    return fs
        .readdirSync(TEST_DIR)
        .filter((f) => f.endsWith(".test.ts"))
        .sort();
}

/**
 * Files whose tests await work started when the file loads (the package checks; processes: the language-host
 * launches, the policy pack, tsc, the loader's runs): they run last in their group, so that their process works on
 * the other files meanwhile instead of waiting (package.test.ts first waited some ten seconds for the package checks
 * on a fresh clone).
 */
export const AWAITS_STARTED = new Set(["package.test.ts", "cli-load.test.ts", "policy-pack.test.ts", "check-types.test.ts", "register-ts.test.ts"]);

/**
 * Files that share work when they share a process. The same stacks: the policy tests evaluate the runs install.test.ts
 * checks (every stack file, and a few variants), example-stacks.test.ts reads the stack files' runs; in one process
 * those runs are made, and checked, once (some 3 s of CPU less, prod's RSA keys included). The same RSA keys: the
 * mocks keep one per resource name in a process, and both files name theirs "ca" and "leaf" (2048-bit, ~150 ms each).
 */
export const TOGETHER: string[][] = [
    ["install.test.ts", "example-stacks.test.ts", "policy.test.ts", "policy-pack.test.ts", "policy-args.test.ts"],
    ["mocks.test.ts", "handshake-issuers.test.ts"],
];

/**
 * The files of group `k` of `n`: heaviest first (the files of a TOGETHER set as one), each to the lightest group so
 * far; every file in exactly one group. In a group, those that await work started at load come last.
 */
export function groupFiles(k: number, n: number): string[] {
    const load = new Array<number>(n).fill(0);
    const groups: string[][] = Array.from({ length: n }, () => []);
    const weight = (f: string) => WEIGHTS[f] ?? 0.2;
    const files = testFiles();
    const units = [...TOGETHER.map((t) => t.filter((f) => files.includes(f))), ...files.filter((f) => !TOGETHER.some((t) => t.includes(f))).map((f) => [f])];
    const total = (u: string[]) => u.reduce((a, f) => a + weight(f), 0);
    for (const u of units.sort((a, b) => total(b) - total(a) || (a[0] < b[0] ? -1 : 1))) {
        const g = load.indexOf(Math.min(...load));
        groups[g].push(...u);
        load[g] += total(u);
    }
    return [...groups[k].filter((f) => !AWAITS_STARTED.has(f)), ...groups[k].filter((f) => AWAITS_STARTED.has(f))];
}

/** Loads group `k` of `n` into this process: their tests register with this file's test runner. */
export function loadGroup(k: number, n: number): void {
    // The mocks reuse an RSA key per resource name within the process (render/mocks/tls-provider.ts).
    process.env.GLOO_MTLS_TEST_REUSE_RSA = "1";
    captureRunnerHook(); // before any test file loads node:test
    // The render's V8 tiering (render/tiering.cjs): most test code runs a few times. About 8% less CPU (4 interleaved pairs).
    tuneTiering();
    setRunScope(pauseRunnerTracking);
    const weighing = process.env.GLOO_TEST_WEIGHTS;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { test } = require("node:test") as typeof import("node:test"); // not imported: loaded after captureRunnerHook
    const files = groupFiles(k, n);
    // The package checks (about 6 s of CPU on a fresh clone, in this process) are set up before any file loads the
    // SDK's provider, and run once the files have loaded and started their processes. package.test.ts, which awaits
    // them, runs last (AWAITS_STARTED).
    const checks = files.includes("package.test.ts") ? packageChecks().then(packageChecksCpu, () => 0) : undefined; // its test reports a failure
    let last = process.cpuUsage();
    if (weighing)
        test("(weights) start", async () => {
            // The checks' CPU counts as package.test.ts's, not as that of the file they happened to run beside.
            const cpu = await checks;
            if (cpu !== undefined) fs.appendFileSync(weighing, `${JSON.stringify({ file: "package.test.ts", group: k, cpu })}\n`);
            // Every group warms up (V8 compiles, the SDK loads its lazy modules) in its first program run: done here,
            // so that it is not charged to whichever file comes first.
            await runProgram();
            last = process.cpuUsage();
        });
    for (const f of files) {
        require(path.join(TEST_DIR, f));
        // GLOO_TEST_WEIGHTS=<file>: after each file's tests (they run in order), the CPU they took, to refresh WEIGHTS.
        if (weighing)
            test(`(weights) ${f}`, () => {
                const used = process.cpuUsage(last);
                last = process.cpuUsage();
                fs.appendFileSync(weighing, `${JSON.stringify({ file: f, group: k, cpu: (used.user + used.system) / 1e6 })}\n`);
            });
    }
}
