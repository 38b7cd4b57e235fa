// Runs ./checks.ts in a child process (Pulumi's schema Analyzer three times and the consumer's compiles: about 8 s
// of CPU fresh) and keeps its answer under a hash of everything its result depends on: the package's sources
// (index.ts, components/, stacks/: tsconfig.json's files, which are the Analyzer's program; policy/, which components/
// imports from), ./checks.ts, the tsconfigs, package.json, package-lock.json (the installed SDK, TypeScript and types)
// and Node's major version.
// GLOO_PACKAGE_CHECKS=fresh always runs it.
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { tieringFlags } from "../../render/tiering.cjs";
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

/** The checks' answer for the project as it is now; started once per process (npm test starts it before loading tests). */
export function packageChecks(): Promise<PackageChecks> {
    return (pending ??= runChecks());
}

function runChecks(): Promise<PackageChecks> {
    const file = path.join(CACHE, `package-checks-${inputsHash()}.json`);
    if (process.env.GLOO_PACKAGE_CHECKS !== "fresh" && fs.existsSync(file)) return Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8")));
    return new Promise((resolve, reject) => {
        // V8's tiering budget eightfold (render/tiering.cjs): TypeScript's parser and checker, about a seventh less CPU.
        const node = tieringFlags(process.versions.node, 8);
        const child = spawn(process.execPath, [...node, "--require", path.join(ROOT, "register-ts.cjs"), path.join(__dirname, "checks.ts")], { cwd: ROOT });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("close", (status) => {
            if (status !== 0) return reject(new Error(`test/package/checks.ts failed:\n${err}`));
            fs.mkdirSync(CACHE, { recursive: true });
            for (const old of fs.readdirSync(CACHE).filter((f) => f.startsWith("package-checks-"))) fs.rmSync(path.join(CACHE, old), { force: true });
            const tmp = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, out);
            fs.renameSync(tmp, file);
            resolve(JSON.parse(out));
        });
    });
}
