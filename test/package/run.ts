// Runs ./checks.ts (Pulumi's schema Analyzer three times and the consumer's compiles: about 6 s of CPU fresh) and keeps
// its answer under a hash of everything its result depends on: the package's sources (index.ts, components/, stacks/:
// tsconfig.json's files, which are the Analyzer's program; policy/, which components/ imports from), ./checks.ts, the
// tsconfigs, package.json, package-lock.json (the installed SDK, TypeScript and types) and Node's major version.
// They run in the test process that asks (npm test's group of package.test.ts), not in a child: that process has
// the SDK, TypeScript and the package loaded already (about 2 s of CPU a child spent loading them again).
// GLOO_PACKAGE_CHECKS=fresh always runs them.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PackageChecks } from "./checks";

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "gloo-mtls");
const SKIP = new Set(["node_modules", "dist", "bin", "rendered", ".git"]);

/** The .ts files under `dir` (absolute paths), leaving out dependencies, build output and dot directories. */
export function tsFilesUnder(dir: string): string[] {
    const files: string[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            if (e.name.startsWith(".") || SKIP.has(e.name)) continue;
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith(".ts")) files.push(p);
        }
    };
    walk(dir);
    return files;
}

function inputsHash(): string {
    const files = [...["components", "stacks", "policy"].flatMap((dir) => tsFilesUnder(path.join(ROOT, dir))), ...tsFilesUnder(__dirname)];
    const h = crypto.createHash("sha256").update(process.versions.node.split(".")[0]);
    for (const f of [...files.sort(), ...["index.ts", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"].map((f) => path.join(ROOT, f))]) {
        h.update(path.relative(ROOT, f)).update("\0").update(fs.readFileSync(f)).update("\0");
    }
    return h.digest("hex").slice(0, 32);
}

let pending: Promise<PackageChecks> | undefined;
let cpuSeconds = 0;

/** Seconds of CPU the checks took in this process (0 when they came from the cache): npm test's group weights. */
export const packageChecksCpu = (): number => cpuSeconds;

/**
 * The checks' answer for the project as it is now; computed once per process (npm test asks before loading the
 * tests). The work starts after the current turn of the event loop: the caller's files load first, and the
 * processes they start run meanwhile.
 */
export function packageChecks(): Promise<PackageChecks> {
    return (pending ??= runChecks());
}

function runChecks(): Promise<PackageChecks> {
    const file = path.join(CACHE, `package-checks-${inputsHash()}.json`);
    if (process.env.GLOO_PACKAGE_CHECKS !== "fresh" && fs.existsSync(file)) return Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8")));
    // Loaded now, before any test file loads the SDK's provider: it makes the Analyzer share parsed files (./source-cache).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { packageChecksAnswer } = require("./checks") as typeof import("./checks");
    return new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => {
            const start = process.cpuUsage();
            return packageChecksAnswer().finally(() => {
                const used = process.cpuUsage(start);
                cpuSeconds = (used.user + used.system) / 1e6;
            });
        })
        .then((out) => {
            fs.mkdirSync(CACHE, { recursive: true });
            for (const old of fs.readdirSync(CACHE).filter((f) => f.startsWith("package-checks-"))) fs.rmSync(path.join(CACHE, old), { force: true });
            const tmp = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, JSON.stringify(out));
            fs.renameSync(tmp, file);
            return out;
        });
}
