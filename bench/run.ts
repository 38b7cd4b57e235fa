// `npm run bench [-- --reps N] [--only abc]`: load and render times against their floors, and `npm test`'s
// wall time, all measured in this run (medians of N repetitions, 3N for render, interleaved so that load from
// other work on the machine hits every variant alike). "cold": a fresh CI runner after `npm ci` (a fresh TMPDIR
// for ts-node and tsx, no tsc build info, REGISTER_TS_CACHE holding only what "prepare" wrote; a row each shows
// the program with no transpile cache at all); "warm": caches filled by a previous run.
// Targets: CLI load <= 1.5x the trivial program, render <= 1.5x the SDK floor, npm test < 30 s on 2 cores.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LaunchReport, Project, ROOT, launch, readProject, stackConfig } from "./launch";

const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1]) || 3;
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : "abc";
// (b)'s runs take about a second each, and its ratio is the one nearest its target, with about ±0.05 s of noise on
// each side: three times the repetitions, for a steadier median.
const renderReps = reps * 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "gloo-bench-"));
let tmpCount = 0;

/**
 * Environment for fresh (cold) or kept (warm) compiler caches; every cache lives in one directory. A fresh one is
 * what a CI runner has after `npm ci`: only what package.json's "prepare" wrote (register-ts.cjs --precompile),
 * or nothing at all when `prepared` is false (`npm ci --ignore-scripts`).
 */
function caches(dir = path.join(tmpRoot, `cold-${tmpCount++}`), prepared = true): Record<string, string> {
    const fresh = !fs.existsSync(dir);
    fs.mkdirSync(dir, { recursive: true });
    const env = { TMPDIR: dir, REGISTER_TS_CACHE: path.join(dir, "register-ts") };
    if (fresh && prepared) {
        const r = spawnSync(process.execPath, [path.join(ROOT, "register-ts.cjs"), "--precompile"], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
        if (r.status !== 0) throw new Error(`register-ts.cjs --precompile failed:\n${r.stderr}`);
    }
    return env;
}
const bare = () => caches(undefined, false);

function resolvable(m: string): boolean {
    try {
        require.resolve(m, { paths: [ROOT] });
        return true;
    } catch {
        return false;
    }
}

interface Timing {
    wallMs: number;
    cpuMs: number;
}

/** A command's wall time and the user+system CPU of it and of every process it waited for (sh `times`). */
function timed(cmd: string[], env: Record<string, string>): Timing {
    const t0 = performance.now();
    const r = spawnSync("sh", ["-c", '"$@" >/dev/null 2>&1; s=$?; times >&2; exit $s', "sh", ...cmd], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed (${r.status})`);
    const children = r.stderr.trim().split("\n").pop()!.match(/(\d+)m([\d.]+)s/g)!;
    const cpuMs = children.map((t) => t.match(/(\d+)m([\d.]+)s/)!).reduce((s, m) => s + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
    return { wallMs, cpuMs };
}

const cell = (xs: Timing[], floor: Timing[]) => {
    const [w, c, fw, fc] = [median(xs.map((x) => x.wallMs)), median(xs.map((x) => x.cpuMs)), median(floor.map((x) => x.wallMs)), median(floor.map((x) => x.cpuMs))];
    return `${secs(w).padStart(7)} ${ratio(w, fw).padStart(6)} ${secs(c).padStart(9)} ${ratio(c, fc).padStart(6)}`;
};
const header = (what: string) => {
    const h = `${"wall".padStart(7)} ${"".padStart(6)} ${"CPU".padStart(9)} ${"".padStart(6)}`;
    return `${"".padEnd(48)} ${"cold".padEnd(31)}   warm\n${what.padEnd(48)} ${h}   ${h}`;
};

interface Variant {
    label: string;
    project: Project;
}

/** (a) The program as the Pulumi CLI loads it, against a trivial JS program loaded the same way. */
async function cliLoad(stack: string): Promise<{ rows: string[]; registrations: number }> {
    const ours = readProject();
    const { config, secretKeys } = await stackConfig(stack);
    const probe = await launch({ stack, config, secretKeys, env: caches() });
    if (probe.status !== 0) throw new Error(`the program failed under the launcher:\n${probe.stderr}`);
    const count = probe.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").length;

    const variants: Variant[] = [
        { label: `Pulumi.yaml (${ours.runtime.nodeargs || "no nodeargs"})`, project: ours },
        { label: "language host default (ts-node, type-check)", project: { ...ours, runtime: { typescript: true, nodeargs: "" } } },
        ...(resolvable("tsx") ? [{ label: "typescript: false, --import tsx", project: { ...ours, runtime: { typescript: false, nodeargs: "--import tsx" } } }] : []),
        { label: "trivial JS program (the floor)", project: { name: ours.name, main: "bench/trivial.cjs", runtime: { typescript: false, nodeargs: "" } } },
    ];
    const warm = new Map(variants.map((v) => [v, caches(path.join(tmpRoot, `warm-${variants.indexOf(v)}`))]));
    const run = async (v: Variant, env: Record<string, string>): Promise<Timing> => {
        const r: LaunchReport = await launch({ stack, project: v.project, config, secretKeys, env: { ...env, TRIVIAL_REGISTRATIONS: String(count) } });
        if (r.status !== 0) throw new Error(`${v.label} failed:\n${r.stderr}`);
        return { wallMs: r.lastRegistrationMs, cpuMs: r.cpuMs };
    };
    for (const v of variants) await run(v, warm.get(v)!); // fills the warm caches
    const samples = new Map(variants.map((v) => [v, { cold: [] as Timing[], warm: [] as Timing[] }]));
    const unprepared: Timing[] = [];
    for (let i = 0; i < reps; i++) {
        for (const v of variants) {
            samples.get(v)!.cold.push(await run(v, caches()));
            samples.get(v)!.warm.push(await run(v, warm.get(v)!));
        }
        unprepared.push(await run(variants[0], bare()));
    }
    const floor = samples.get(variants[variants.length - 1])!;
    const rows = variants.map((v) => `${v.label.padEnd(48)} ${cell(samples.get(v)!.cold, floor.cold)}   ${cell(samples.get(v)!.warm, floor.warm)}`);
    rows.splice(1, 0, `${"  the same, no transpile cache (--ignore-scripts)".padEnd(48)} ${cell(unprepared, floor.cold)}`);
    return { rows, registrations: count };
}

/** The stack's registrations with their inputs, as bench/replay.cjs reads them. */
async function recorded(stack: string): Promise<string> {
    const { runProgram } = await import("../render/program");
    const { config, secretKeys } = await stackConfig(stack);
    const r = await runProgram({ config, secretKeys, stack });
    const file = path.join(tmpRoot, `registrations-${stack}.json`);
    fs.writeFileSync(file, JSON.stringify(r.resources.map(({ type, name, custom, inputs }) => ({ type, name, custom, inputs }))));
    return file;
}

/**
 * (b) `npm run render` against the SDK floor, both started by npm run; and the floor with the program's own
 * registrations replayed, which shows how much of the difference is the SDK carrying the program's real inputs.
 */
async function render(stack: string, registrations: number): Promise<string[]> {
    const out = path.join(tmpRoot, "rendered");
    const warm = caches(path.join(tmpRoot, "warm-render"));
    const renderCmd = ["npm", "run", "render", "--", stack, "--out", out];
    const floorCmd = ["npm", "run", "bench:floor", "--", String(registrations)];
    const replayCmd = ["npm", "run", "bench:replay", "--", await recorded(stack)];
    timed(renderCmd, warm);
    const s = { cold: [] as Timing[], warm: [] as Timing[], floor: [] as Timing[], unprepared: [] as Timing[], replay: [] as Timing[] };
    for (let i = 0; i < renderReps; i++) {
        s.cold.push(timed(renderCmd, caches()));
        s.warm.push(timed(renderCmd, warm));
        s.floor.push(timed(floorCmd, {}));
        s.unprepared.push(timed(renderCmd, bare()));
        s.replay.push(timed(replayCmd, {}));
    }
    return [
        `${`npm run render -- ${stack}`.padEnd(48)} ${cell(s.cold, s.floor)}   ${cell(s.warm, s.floor)}`,
        `${"  the same, no transpile cache (--ignore-scripts)".padEnd(48)} ${cell(s.unprepared, s.floor)}`,
        `${`SDK floor: npm run bench:floor -- ${registrations}`.padEnd(48)} ${cell(s.floor, s.floor)}`,
        `${"  with the program's registrations (bench:replay)".padEnd(48)} ${cell(s.replay, s.floor)}`,
    ];
}

/** (c) The whole test suite. */
function npmTest(): string[] {
    const warm = caches(path.join(tmpRoot, "warm-test"));
    timed(["npm", "test"], warm);
    const s = { cold: [] as Timing[], warm: [] as Timing[] };
    for (let i = 0; i < reps; i++) {
        // As on a fresh clone: the type-check and the package checks without their records.
        s.cold.push(timed(["npm", "test"], { ...caches(), GLOO_TSC_FORCE: "1", GLOO_PACKAGE_CHECKS: "fresh" }));
        s.warm.push(timed(["npm", "test"], warm));
    }
    const c = (xs: Timing[]) => `${secs(median(xs.map((x) => x.wallMs))).padStart(7)} ${"".padStart(6)} ${secs(median(xs.map((x) => x.cpuMs))).padStart(9)} ${"".padStart(6)}`;
    return [header(""), `${"npm test".padEnd(48)} ${c(s.cold)}   ${c(s.warm)}`];
}

async function main(): Promise<void> {
    console.log(`gloo-mtls bench: median of ${reps}; Node ${process.versions.node}; ${os.availableParallelism()} cores; load average ${os.loadavg()[0].toFixed(2)}`);
    // The floors register as many resources as the program does for the stack.
    const count = async (stack: string) => {
        const { config, secretKeys } = await stackConfig(stack);
        return (await launch({ stack, config, secretKeys, env: caches() })).registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").length;
    };
    if (only.includes("a")) {
        console.log(`\n(a) CLI load: time to the last registration, CPU; x the trivial program (target <= 1.5x)`);
        const prod = await cliLoad("prod");
        console.log(header(`stack prod (${prod.registrations} registrations)`));
        for (const row of prod.rows) console.log(row);
    }
    if (only.includes("b")) {
        console.log(`\n(b) render, CPU and wall, median of ${renderReps}; x the SDK floor started the same way (target: CPU <= 1.5x)`);
        console.log(header(""));
        // prod registers more and larger resources than dev (enterprise servers, a second proxy): its ratio is higher.
        for (const stack of ["prod", "dev"]) for (const row of await render(stack, await count(stack))) console.log(row);
    }
    if (only.includes("c")) {
        console.log(`\n(c) npm test (target: wall < 30 s on 2 cores)`);
        for (const row of npmTest()) console.log(row);
    }
    console.log(`\nload average now ${os.loadavg()[0].toFixed(2)}: other work on the machine inflates wall times more than CPU times`);
}

main()
    .catch((err) => {
        console.error(err);
        process.exitCode = 1;
    })
    .finally(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
