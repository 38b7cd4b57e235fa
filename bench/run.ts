// `npm run bench [-- --reps N] [--skip-test]`: load and render times against their floors, and `npm test`'s
// wall time, measured in one run (medians of N repetitions, interleaved so load drifts hit all alike).
// Targets: CLI load ≤ 1.5x the trivial program, render ≤ 1.5x the SDK floor, npm test < 30 s on 2 cores.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LaunchReport, Project, ROOT, launch, readProject, stackConfig } from "./launch";

const STACK = "prod"; // the largest example stack
const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1]) || 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms: number) => (ms / 1000).toFixed(2);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const freshTmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "gloo-bench-"));

function resolvable(m: string): boolean {
    try {
        require.resolve(m, { paths: [ROOT] });
        return true;
    } catch {
        return false;
    }
}

/** A command's wall time and the user+system CPU of it and every process it waited for (sh `times`). */
function timed(cmd: string, args: string[]): { wallMs: number; cpuMs: number } {
    const t0 = performance.now();
    const r = spawnSync("sh", ["-c", '"$@" >/dev/null 2>&1; s=$?; times >&2; exit $s', "sh", cmd, ...args], { cwd: ROOT, encoding: "utf8" });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status})`);
    const children = r.stderr.trim().split("\n").pop()!.match(/(\d+)m([\d.]+)s/g)!;
    const cpuMs = children.map((t) => t.match(/(\d+)m([\d.]+)s/)!).reduce((s, m) => s + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
    return { wallMs, cpuMs };
}

interface Variant {
    label: string;
    project: Project;
}

async function cliLoad(): Promise<{ rows: string[]; registrations: number }> {
    const ours = readProject();
    const { config, secretKeys } = await stackConfig(STACK);
    const probe = await launch({ stack: STACK, config, secretKeys });
    if (probe.status !== 0) throw new Error(`the program failed under the launcher:\n${probe.stderr}`);
    const count = probe.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").length;

    const variants: Variant[] = [
        { label: `Pulumi.yaml (${ours.runtime.nodeargs || "no nodeargs"})`, project: ours },
        { label: "language host default: ts-node, type-check", project: { ...ours, runtime: { typescript: true, nodeargs: "" } } },
        ...(resolvable("tsx") ? [{ label: "typescript: false, --import tsx", project: { ...ours, runtime: { typescript: false, nodeargs: "--import tsx" } } }] : []),
        { label: "trivial JS program (floor)", project: { name: ours.name, main: "bench/trivial.cjs", runtime: { typescript: false, nodeargs: "" } } },
    ];
    const warmTmp = new Map(variants.map((v) => [v, freshTmp()]));
    const run = async (v: Variant, tmp: string): Promise<LaunchReport> => {
        const r = await launch({ stack: STACK, project: v.project, config, secretKeys, env: { TMPDIR: tmp, TRIVIAL_REGISTRATIONS: String(count) } });
        if (r.status !== 0) throw new Error(`${v.label} failed:\n${r.stderr}`);
        return r;
    };
    for (const v of variants) await run(v, warmTmp.get(v)!); // fills each variant's compiler cache
    const samples = new Map(variants.map((v) => [v, { cold: [] as LaunchReport[], warm: [] as LaunchReport[] }]));
    for (let i = 0; i < reps; i++) {
        for (const v of variants) {
            const cold = freshTmp();
            samples.get(v)!.cold.push(await run(v, cold));
            fs.rmSync(cold, { recursive: true, force: true });
            samples.get(v)!.warm.push(await run(v, warmTmp.get(v)!));
        }
    }
    for (const t of warmTmp.values()) fs.rmSync(t, { recursive: true, force: true });

    const stat = (v: Variant, kind: "cold" | "warm", f: (r: LaunchReport) => number) => median(samples.get(v)![kind].map(f));
    const floor = variants[variants.length - 1];
    const rows = variants.map((v) => {
        const cells = (["cold", "warm"] as const).map((k) => {
            const wall = stat(v, k, (r) => r.lastRegistrationMs);
            const cpu = stat(v, k, (r) => r.cpuMs);
            return `${secs(wall)} s ${ratio(wall, stat(floor, k, (r) => r.lastRegistrationMs)).padStart(6)} | ${secs(cpu)} s ${ratio(cpu, stat(floor, k, (r) => r.cpuMs)).padStart(6)}`;
        });
        const n = samples.get(v)!.warm[0].registrations.length;
        return `${v.label.padEnd(46)} ${String(n).padStart(4)}  ${cells[0]}   ${cells[1]}`;
    });
    return { rows, registrations: count };
}

function render(registrations: number): string[] {
    const out = freshTmp();
    const r: { wallMs: number; cpuMs: number }[] = [];
    const f: { wallMs: number; cpuMs: number }[] = [];
    for (let i = 0; i < reps; i++) {
        r.push(timed("npm", ["run", "render", "--", STACK, "--out", out]));
        f.push(timed("npm", ["run", "bench:floor", "--", String(registrations)]));
    }
    fs.rmSync(out, { recursive: true, force: true });
    const [rc, fc, rw, fw] = [median(r.map((x) => x.cpuMs)), median(f.map((x) => x.cpuMs)), median(r.map((x) => x.wallMs)), median(f.map((x) => x.wallMs))];
    return [
        `npm run render -- ${STACK}`.padEnd(46) + `  CPU ${secs(rc)} s  wall ${secs(rw)} s`,
        `SDK floor (npm run bench:floor -- ${registrations})`.padEnd(46) + `  CPU ${secs(fc)} s  wall ${secs(fw)} s`,
        `render / floor`.padEnd(46) + `  CPU ${ratio(rc, fc)}      wall ${ratio(rw, fw)}   (target CPU <= 1.5x)`,
    ];
}

function npmTest(): string[] {
    const t = [...Array(reps)].map(() => timed("npm", ["test"]));
    return [`npm test`.padEnd(46) + `  wall ${secs(median(t.map((x) => x.wallMs)))} s  CPU ${secs(median(t.map((x) => x.cpuMs)))} s   (target wall < 30 s; ${os.availableParallelism()} cores)`];
}

async function main(): Promise<void> {
    console.log(`gloo-mtls bench: median of ${reps}, Node ${process.versions.node}, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(2)}\n`);
    const load = await cliLoad();
    console.log(`(a) CLI load, stack ${STACK}: time to the last registration and CPU, x the trivial program (target <= 1.5x)`);
    console.log(`${"".padEnd(46)} regs  ${"cold (fresh TMPDIR)".padEnd(32)}  warm`);
    for (const row of load.rows) console.log(row);
    console.log(`\n(b) render vs the SDK floor (both started by npm run)`);
    for (const row of render(load.registrations)) console.log(row);
    if (!argv.includes("--skip-test")) {
        console.log(`\n(c) test suite`);
        for (const row of npmTest()) console.log(row);
    }
    console.log(`\nload average now ${os.loadavg()[0].toFixed(2)} (other work on this machine inflates wall times, less so CPU)`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
