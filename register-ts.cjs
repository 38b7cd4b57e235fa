// Loads the project's .ts files without type-checking: each file is transpiled with esbuild when it is
// required, in memory, with no cache (so a TS edit is never run stale and nothing is written to disk).
// Used by Pulumi.yaml (`nodeargs: --require ./register-ts.cjs`), `npm run render` and `npm test`.
// Type-checking is `tsc --noEmit` in `npm test`. Why not ts-node or tsx: see README "Real use".
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

// Options that change emitted code (target, useDefineForClassFields, decorators) come from the same
// tsconfig that tsc type-checks with.
const tsconfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH
    ? path.resolve(process.env.PULUMI_NODEJS_TSCONFIG_PATH)
    : path.join(__dirname, "tsconfig.json");
const maps = new Map();
let esbuild;
let tsconfigRaw;
let sourceMapsHooked = false;

function transpile(filename) {
    esbuild ??= require("esbuild");
    tsconfigRaw ??= { compilerOptions: JSON.parse(fs.readFileSync(tsconfigPath, "utf8")).compilerOptions ?? {} };
    const out = esbuild.transformSync(fs.readFileSync(filename, "utf8"), {
        loader: "ts",
        format: "cjs",
        platform: "node",
        target: `node${process.versions.node.split(".")[0]}`,
        tsconfigRaw,
        // As tsc emits for `module: commonjs`: import() becomes require(), so it resolves like the rest.
        supported: { "dynamic-import": false },
        sourcefile: filename,
        sourcemap: "both",
        sourcesContent: false,
    });
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

Module._extensions[".ts"] = function (module, filename) {
    const code = transpile(filename);
    if (!sourceMapsHooked) hookSourceMapSupport();
    module._compile(code, filename);
};
