// Loads the project's .ts files without type-checking: each file is transpiled with esbuild when it is
// required. Used by Pulumi.yaml (`nodeargs: --require ./register-ts.cjs`), `npm run render` and `npm test`;
// type-checking is npm test's `tsc --noEmit` (TypeScript 7, tsconfig.check.json). Not ts-node: it type-checks
// (docs/deploying.md, "Type-checking, and why Pulumi.yaml turns it off"). Not tsx: it adds ~0.5 s to every run
// even of a program without TypeScript, its hooks see every file the SDK loads (docs/development.md, "Speed").
//
// Transpiled files are kept in node_modules/.cache/register-ts, one entry per source file, keyed by a hash
// of everything the output depends on (the source, tsconfig.json, esbuild's version, this file), so an
// edit is never run stale; a warm run does not start esbuild at all. REGISTER_TS_CACHE=<dir> moves the
// cache (the bench uses fresh ones for cold runs), REGISTER_TS_CACHE=off disables it. `npm ci` fills it ahead
// (see --precompile at the end).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

// Options that change emitted code (target, useDefineForClassFields, decorators) come from the same
// tsconfig that tsc type-checks with.
const tsconfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH
    ? path.resolve(process.env.PULUMI_NODEJS_TSCONFIG_PATH)
    : path.join(__dirname, "tsconfig.json");
const cacheSetting = process.env.REGISTER_TS_CACHE;
const cacheDir = cacheSetting === "off" ? undefined : path.resolve(cacheSetting || path.join(__dirname, "node_modules", ".cache", "register-ts"));
const maps = new Map();
let esbuild;
let config; // { tsconfigRaw, salt }
let sourceMapsHooked = false;

function loadConfig() {
    const tsconfigText = fs.readFileSync(tsconfigPath, "utf8");
    const esbuildVersion = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
    const salt = crypto.createHash("sha256").update(fs.readFileSync(__filename)).update(tsconfigText).update(esbuildVersion).update(process.versions.node.split(".")[0]).digest();
    return { tsconfigRaw: { compilerOptions: JSON.parse(tsconfigText).compilerOptions ?? {} }, salt };
}

function compile(filename, source) {
    esbuild ??= require("esbuild");
    return esbuild.transformSync(source, {
        loader: "ts",
        format: "cjs",
        platform: "node",
        target: `node${process.versions.node.split(".")[0]}`,
        tsconfigRaw: config.tsconfigRaw,
        // As tsc emits for `module: commonjs`: import() becomes require(), so it resolves like the rest.
        supported: { "dynamic-import": false },
        sourcefile: filename,
        // Not inline: a data URL as large as the code is scanned on every load; it is added back only for
        // --enable-source-maps (see Module._extensions[".ts"]).
        sourcemap: "external",
        sourcesContent: false,
    });
}

function transpile(filename) {
    config ??= loadConfig();
    const source = fs.readFileSync(filename, "utf8");
    const key = crypto.createHash("sha256").update(config.salt).update(filename).update(source).digest("hex");
    const entry = cacheDir && path.join(cacheDir, `${crypto.createHash("sha256").update(filename).digest("hex").slice(0, 32)}.json`);
    let out;
    try {
        const cached = entry && JSON.parse(fs.readFileSync(entry, "utf8"));
        if (cached && cached.key === key) out = cached;
    } catch {
        // no entry yet, or unreadable: compile
    }
    if (!out) {
        const { code, map } = compile(filename, source);
        out = { key, code, map };
        if (entry) {
            try {
                fs.mkdirSync(cacheDir, { recursive: true });
                const tmp = `${entry}.${process.pid}.tmp`; // parallel test processes: whole files only
                fs.writeFileSync(tmp, JSON.stringify(out));
                fs.renameSync(tmp, entry);
            } catch {
                // a read-only node_modules only costs the next run a compile
            }
        }
    }
    maps.set(filename, out.map);
    return out.code;
}

// The Pulumi language host's entry point installs source-map-support, which maps stack traces only
// through maps it can find on disk: hand it ours, so `pulumi up` errors point at .ts lines.
function hookSourceMapSupport() {
    sourceMapsHooked = true;
    const loaded = Object.keys(require.cache).find((k) => k.endsWith(`${path.sep}source-map-support${path.sep}source-map-support.js`));
    if (!loaded) return;
    require.cache[loaded].exports.install({
        retrieveSourceMap: (source) => (maps.has(source) ? { url: source, map: maps.get(source) } : null),
    });
}

// tsconfig `paths` with exact keys (no wildcards), as tsc resolves them: in this repository "gloo-mtls" is the
// library's source (examples/ and the tests import it by its package name).
const compilerOptions = JSON.parse(fs.readFileSync(tsconfigPath, "utf8")).compilerOptions ?? {};
const baseDir = path.resolve(path.dirname(tsconfigPath), compilerOptions.baseUrl ?? ".");
const aliases = new Map(Object.entries(compilerOptions.paths ?? {}).filter(([k]) => !k.includes("*")).map(([k, [target]]) => [k, path.resolve(baseDir, target)]));
if (aliases.size > 0) {
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
        return resolve.call(this, aliases.get(request) ?? request, ...rest);
    };
}

Module._extensions[".ts"] = function (module, filename) {
    const code = transpile(filename);
    if (!sourceMapsHooked) hookSourceMapSupport();
    // Node's own source-map support (--enable-source-maps) reads the map from the code's comment.
    const inline = process.sourceMapsEnabled ? `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(maps.get(filename)).toString("base64")}` : "";
    module._compile(code + inline, filename);
};

// `node register-ts.cjs --precompile` (package.json "prepare", which `npm ci` and `npm install` run): fills the
// cache for every .ts file of the project, so that the first `pulumi preview` or render on a fresh CI runner
// loads like a warm one. Best effort: a file that does not compile is named and left to fail where it is
// loaded; an install never fails here.
if (require.main === module && process.argv.includes("--precompile")) precompile();

function precompile() {
    if (!cacheDir) return;
    const root = fs.realpathSync(path.dirname(tsconfigPath));
    const skip = new Set(["node_modules", "dist", "bin", "rendered"]);
    const files = [];
    const walk = (dir) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            if (e.name.startsWith(".") || skip.has(e.name)) continue;
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) files.push(p);
        }
    };
    let failed = 0;
    try {
        walk(root);
        for (const f of files) {
            try {
                transpile(f);
            } catch (e) {
                failed++;
                console.warn(`register-ts: ${path.relative(root, f)} not precompiled: ${String(e.message).split("\n")[0]}`);
            }
        }
    } catch (e) {
        console.warn(`register-ts: precompile stopped: ${e.message}`);
    }
    console.log(`register-ts: ${files.length - failed} of ${files.length} .ts files transpiled into ${cacheDir}`);
}
