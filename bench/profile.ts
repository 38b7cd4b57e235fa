// `node --require ./register-ts.cjs bench/profile.ts <file.cpuprofile> [rows]`: where a `node --cpu-prof` run
// spent its time, by package (self time) and by the innermost function of ours on the stack (our code plus
// whatever it called). E.g. profile a render:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --require ./register-ts.cjs render/cli.ts prod --out /tmp/r
// Sampled times include time spent blocked (e.g. waiting on a compiler process) and are inflated by the
// profiler itself; compare shares, not absolute numbers.
import * as fs from "node:fs";
import * as path from "node:path";

interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
}

const ROOT = path.resolve(__dirname, "..");
const [file, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg) || 20;
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const ours = (url: string) => url.includes(ROOT) && !url.includes("node_modules");
function packageOf(f: Node["callFrame"]): string {
    if (!f.url) return f.functionName.startsWith("(") ? f.functionName : "(native)";
    if (f.url.startsWith("node:")) return `node:${f.url.slice(5).split("/")[0]}`;
    const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f.url);
    return m ? m[1] : f.url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "");
}

const byPackage = new Map<string, number>();
const byOurFunction = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const leaf = byId.get(id)!.callFrame;
    byPackage.set(packageOf(leaf), (byPackage.get(packageOf(leaf)) ?? 0) + dt);
    let at: number | undefined = id;
    let key = "(none of ours on the stack)";
    while (at !== undefined) {
        const f = byId.get(at)!.callFrame;
        if (ours(f.url)) {
            key = `${f.url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "")}:${f.lineNumber + 1} ${f.functionName || "(anonymous)"}`;
            break;
        }
        at = parent.get(at);
    }
    byOurFunction.set(key, (byOurFunction.get(key) ?? 0) + dt);
});

const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${(total / 1000).toFixed(0)} ms sampled`);
show("self time by package", byPackage);
show("by the innermost function of ours on the stack", byOurFunction);
