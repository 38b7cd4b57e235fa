// `npm run import-values -- <values.yaml>… --stack <name> [--namespace <ns>] [--chart-values <file>] [--force]`: writes
// Pulumi.<name>.yaml from chart values files (several merge as helm's -f does); --chart-values is the chart's own
// values (`helm show values`), against which restated defaults are recognised. stacks/import-values.ts decides; this
// only reads, prints and writes. With any key it cannot carry it writes nothing and names each key with the reason.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { PROJECT } from "../stacks/config";
import { ImportResult, importValues, mergeValuesFiles } from "../stacks/import-values";

const USAGE =
    "usage: npm run import-values -- <values.yaml> [<more values.yaml>…, merged in order as helm's -f] --stack <name> [--namespace <release namespace, default gloo-system>] [--chart-values <the output of helm show values gloo/gloo --version 1.22.1>] [--force]";
const OPTIONS = ["--stack", "--namespace", "--chart-values"];

/** The stack file's text: the converted keys under `config`, each as `gloo-mtls:<key>`, after the project's provider guard. */
export function stackFileText(config: Record<string, unknown>, source: string, notes: string[]): string {
    // As every stack file of the project: a resource without the program's explicit provider fails instead of using the ambient kubeconfig.
    const keys = { "pulumi:disable-default-providers": ["kubernetes"], ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])) };
    const body = YAML.stringify({ config: keys }, { lineWidth: 0 });
    const header = [`Converted from ${source} by \`npm run import-values\` (chart 1.22.1 values → stack config).`, ...notes.map((n) => `Note: ${n}`)];
    return `${header.map((l) => `# ${l}`).join("\n")}\n${body}`;
}

/**
 * Writes the stack file into `cwd` (the project: npm runs scripts there) and reads the values file relative to
 * `inputCwd` (where the user typed the command: npm's INIT_CWD). Returns the exit code (0 written, 1 problems, 2 usage).
 */
export function main(
    argv: string[],
    cwd = process.cwd(),
    inputCwd = process.env.INIT_CWD ?? cwd,
    out: (s: string) => void = console.log,
    err: (s: string) => void = console.error,
): number {
    const opt = (name: string) => {
        const i = argv.indexOf(name);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const stack = opt("--stack");
    const namespace = opt("--namespace");
    const chartFile = opt("--chart-values");
    const given = OPTIONS.filter((o) => argv.includes(o)).map(opt);
    const files = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && OPTIONS.includes(argv[i - 1])));
    if (files.length === 0 || !stack || !/^[A-Za-z0-9_.-]+$/.test(stack) || given.some((v) => !v || v.startsWith("-"))) {
        err(USAGE);
        return 2;
    }
    const target = path.join(cwd, `Pulumi.${stack}.yaml`);
    if (fs.existsSync(target) && !argv.includes("--force")) {
        err(`${target} exists; nothing written (--force replaces it)`);
        return 2;
    }
    const parsed: unknown[] = [];
    for (const f of chartFile ? [...files, chartFile] : files) {
        try {
            parsed.push(YAML.parse(fs.readFileSync(path.resolve(inputCwd, f), "utf8")) ?? {});
        } catch (e) {
            err(`${f}: ${(e as Error).message}`);
            return 2;
        }
    }
    const chartValues = chartFile ? parsed.pop() : undefined;
    const source = files.map((f) => path.basename(f)).join(" + ");
    const r: ImportResult = importValues(mergeValuesFiles(parsed), { namespace, chartValues });
    if (!r.config) {
        err(`${source}: nothing written; ${r.problems.length} key(s) cannot be carried:\n  - ${r.problems.join("\n  - ")}`);
        for (const n of r.notes) err(`note: ${n}`);
        return 1;
    }
    fs.writeFileSync(target, stackFileText(r.config, source, r.notes));
    out(`wrote ${target}: ${Object.keys(r.config).length} top-level key(s)`);
    for (const n of r.notes) out(`note: ${n}`);
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
