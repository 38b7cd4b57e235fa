// Loads a Pulumi program the way the Pulumi CLI's Node.js language host does, without the CLI or an
// engine: `node <runtime.options.nodeargs> …/cmd/run <flags> <entry point>` in the program directory,
// with PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT and
// PULUMI_NODEJS_TSCONFIG_PATH set from Pulumi.yaml's runtime options (pulumi-language-nodejs
// execRuntime/constructArguments). bench/driver.cjs stands in front of cmd/run to install mocks.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";

export const ROOT = path.resolve(__dirname, "..");
const DRIVER = path.join(__dirname, "driver.cjs");

/** Pulumi.yaml's `runtime.options` for nodejs, with the language host's defaults. */
export interface RuntimeOptions {
    /** Defaults to true: cmd/run then registers ts-node (type-checking unless told otherwise). */
    typescript: boolean;
    nodeargs: string;
    tsconfig?: string;
}

export interface Project {
    name: string;
    /** Pulumi.yaml `main`; without it the entry point is "." and cmd/run falls back to package.json. */
    main?: string;
    runtime: RuntimeOptions;
}

/** Reads Pulumi.yaml: `runtime` may be a string or `{name, options}`. */
export function readProject(root: string = ROOT): Project {
    const doc = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as {
        name: string;
        main?: string;
        runtime: string | { name: string; options?: Record<string, unknown> };
    };
    const options = typeof doc.runtime === "string" ? {} : (doc.runtime.options ?? {});
    return {
        name: doc.name,
        main: doc.main,
        runtime: {
            typescript: options.typescript === undefined ? true : options.typescript === true,
            nodeargs: typeof options.nodeargs === "string" ? options.nodeargs : "",
            tsconfig: typeof options.tsconfig === "string" ? options.tsconfig : undefined,
        },
    };
}

/** The language host splits nodeargs like a shell (shlex); quotes are all we need of that. */
export function splitArgs(s: string): string[] {
    return [...s.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

export interface Registration {
    type: string;
    name: string;
    custom: boolean;
    /** Kubernetes objects: `kind`, `metadata.name` and `metadata.namespace` as the program set them. */
    kind?: string;
    k8sName?: string;
    k8sNamespace?: string;
}

export interface LaunchOptions {
    root?: string;
    project?: Project;
    stack: string;
    /** Engine-form config: `project:key` → string (structured values as JSON). */
    config?: Record<string, string>;
    secretKeys?: string[];
    dryRun?: boolean;
    /** Extra environment, e.g. `TMPDIR` for a cold compiler cache. */
    env?: Record<string, string>;
    /** Extra node flags before the project's nodeargs, e.g. `--cpu-prof`. */
    nodeFlags?: string[];
}

export interface LaunchReport {
    status: number | null;
    stderr: string;
    registrations: Registration[];
    /** Milliseconds from process start to the last registration, and to exit (as seen by the child). */
    lastRegistrationMs: number;
    exitMs: number;
    /** Wall time from spawn to exit, as seen by the parent. */
    wallMs: number;
    /** User + system CPU of the process and of child processes still alive at exit (e.g. esbuild). */
    cpuMs: number;
    tsNodeLoaded: boolean;
    /** npm packages the process loaded (the first path segment after each node_modules/). */
    packages: string[];
    env: { PULUMI_NODEJS_TYPESCRIPT: string | null };
}

/** Where the language host would run the program: `main` a file → its directory and base name. */
export function entryPoint(root: string, main?: string): { pwd: string; entry: string } {
    if (!main) return { pwd: root, entry: "." };
    const full = path.resolve(root, main);
    if (fs.existsSync(full) && fs.statSync(full).isDirectory()) return { pwd: full, entry: "." };
    return { pwd: path.dirname(full), entry: path.basename(full) };
}

export async function launch(o: LaunchOptions): Promise<LaunchReport> {
    const root = o.root ?? ROOT;
    const project = o.project ?? readProject(root);
    const { pwd, entry } = entryPoint(root, project.main);
    const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gloo-launch-")), "report.json");

    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
        // The language host sets the PULUMI_* ones itself; ts-node settings and preloads of the caller's
        // own run would change what is measured.
        if (v !== undefined && !/^(PULUMI_NODEJS_|PULUMI_CONFIG|TS_NODE_|NODE_OPTIONS$)/.test(k)) env[k] = v;
    }
    // The language host passes config keys in the old `ns:config:name` form; the SDK accepts both.
    const config = Object.fromEntries(Object.entries(o.config ?? {}).map(([k, v]) => [k.replace(/^([^:]+):(?!config:)/, "$1:config:"), v]));
    env.PULUMI_CONFIG = JSON.stringify(config);
    env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(o.secretKeys ?? []);
    if (project.runtime.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (project.runtime.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = project.runtime.tsconfig;
    Object.assign(env, o.env ?? {}, { GLOO_LAUNCH_REPORT: reportFile });

    const args = [
        ...(o.nodeFlags ?? []),
        ...splitArgs(project.runtime.nodeargs),
        DRIVER,
        "--monitor",
        "127.0.0.1:1", // never dialled: the mock monitor answers
        "--project",
        project.name,
        "--root-directory",
        root,
        "--stack",
        o.stack,
        "--pwd",
        pwd,
        ...(o.dryRun ? ["--dry-run"] : []),
        entry,
    ];
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: pwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const status = await new Promise<number | null>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => resolve(code));
    });
    const wallMs = performance.now() - t0;
    let report: Omit<LaunchReport, "status" | "stderr" | "wallMs">;
    try {
        report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    } catch {
        throw new Error(`the program did not run to exit (status ${status}):\n${stderr}`);
    } finally {
        fs.rmSync(path.dirname(reportFile), { recursive: true, force: true });
    }
    return { ...report, status, stderr, wallMs };
}

/** A stack file's config in engine form, as `npm run render` reads it (secure values become placeholders). */
export async function stackConfig(stack: string, root: string = ROOT): Promise<{ config: Record<string, string>; secretKeys: string[] }> {
    const { readStackFile } = await import("../render/cli");
    const { engineConfig } = await import("../render/program");
    const { config, secretKeys } = readStackFile(stack, root);
    return { config: engineConfig(config), secretKeys };
}
