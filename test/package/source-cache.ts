// One process-wide cache of parsed (and, once a checker has used them, bound) TypeScript SourceFiles, shared by
// every program checks.ts creates: Pulumi's Analyzer makes three programs and checks.ts two more, all over the same
// @pulumi/pulumi, @pulumi/kubernetes and lib declarations; parsing and binding them anew each time was most of
// checks.ts's CPU. As the language service's DocumentRegistry does, a SourceFile is reused only for the same file
// name, unchanged on disk, and the same options that parsing and binding read.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const files = new Map<string, { version: string; file: ts.SourceFile }>();

/**
 * What parsing reads besides name and text: what `ts.createSourceFile` takes from its language-version-or-options
 * argument (languageVersion, impliedNodeFormat, jsDocParsingMode), and the options its setExternalModuleIndicator
 * closure reads (a new closure per file, so its identity says nothing): module detection, module, jsx.
 * Raw option values, not computed ones: two spellings of one setting only cost a second parse.
 */
function parseKey(languageVersionOrOptions: ts.ScriptTarget | ts.CreateSourceFileOptions, options: ts.CompilerOptions): string {
    const o = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    return JSON.stringify([target(o.languageVersion), o.impliedNodeFormat, o.jsDocParsingMode, options.moduleDetection, options.module, options.jsx]);
}

/**
 * TypeScript 5.9's parser and binder tell targets apart only as ES3/ES5 against ES2015 and later (the scanner's
 * identifier characters): the consumer's ES2020 shares the project's ES2022 parses (about 2 s of CPU). The file keeps
 * the first target in `languageVersion`, which the checker reads only for regular-expression literals' flags, and
 * the files shared here are declarations, which hold none.
 */
function target(v: ts.ScriptTarget): string | number {
    return v >= ts.ScriptTarget.ES2015 && v !== ts.ScriptTarget.JSON ? "es2015+" : v;
}

/**
 * What binding reads (the first checker to use a file binds it, every later one reuses that): alwaysStrict (or
 * strict) and the options of the binder's flow diagnostics; its target is languageVersion. None of them acts on a
 * declaration file (no strict mode from alwaysStrict there, no statements to flow through): lib's and the SDKs'
 * declarations are shared by programs whose own files differ in these.
 */
function bindKey(options: ts.CompilerOptions): string {
    return JSON.stringify([options.strict, options.alwaysStrict, options.noFallthroughCasesInSwitch, options.allowUnusedLabels, options.allowUnreachableCode]);
}

/**
 * `ts.createCompilerHost(options)` whose getSourceFile answers from the shared cache. A cached file is used while
 * its size and modification time are those it was read with (checks.ts writes its packages into fresh directories).
 */
export function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
    const host = ts.createCompilerHost(options);
    const binding = bindKey(options);
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
        const stat = fs.statSync(fileName, { throwIfNoEntry: false });
        const version = stat && `${stat.size}:${stat.mtimeMs}`;
        const parsing = `${path.resolve(fileName)}\0${parseKey(languageVersionOrOptions, options)}`;
        // Declaration files are kept under the parse key alone, every other file under both.
        const cached = files.get(parsing) ?? files.get(`${parsing}\0${binding}`);
        if (cached && version && cached.version === version && !shouldCreateNewSourceFile) return cached.file;
        const file = getSourceFile(fileName, languageVersionOrOptions, onError);
        if (file && version) files.set(file.isDeclarationFile ? parsing : `${parsing}\0${binding}`, { version, file });
        return file;
    };
    return host;
}

/** Forgets every cached file (the checks are done: their programs can be collected). */
export function dropSharedSources(): void {
    files.clear();
}

/**
 * Makes Pulumi's Analyzer create its programs with a caching host. It calls `ts.createProgram({ rootNames, options })`
 * on `require("../../typescript-shim")` (@pulumi/pulumi's module that re-exports `typescript`), read once when
 * provider/experimental/analyzer.js loads: so this replaces the shim's exports before that, with the same module
 * whose createProgram adds the host when none is given. Everything the Analyzer analyses stays as it was.
 * Object.create: the real module's exports are non-configurable getters, inherited unchanged.
 */
export function shareWithPulumiAnalyzer(): void {
    const analyzer = require.resolve("@pulumi/pulumi/provider/experimental/analyzer");
    if (require.cache[analyzer]) throw new Error("shareWithPulumiAnalyzer: the Analyzer is loaded already; call this before requiring the provider");
    const shim = require.resolve("@pulumi/pulumi/typescript-shim");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const real = require(shim) as typeof ts;
    // The cached SourceFiles are this TypeScript's: the shim must not have fallen back to its vendored 3.8.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (real !== require("typescript")) throw new Error("@pulumi/pulumi's typescript-shim does not load the project's typescript");
    const createProgram = (rootNamesOrOptions: readonly string[] | ts.CreateProgramOptions, options?: ts.CompilerOptions, host?: ts.CompilerHost, ...rest: unknown[]) => {
        if (!Array.isArray(rootNamesOrOptions)) {
            const o = rootNamesOrOptions as ts.CreateProgramOptions;
            return ts.createProgram({ ...o, host: o.host ?? cachingHost(o.options) });
        }
        return (ts.createProgram as (...a: unknown[]) => ts.Program)(rootNamesOrOptions, options, host ?? cachingHost(options!), ...rest);
    };
    require.cache[shim]!.exports = Object.create(real, { createProgram: { value: createProgram, enumerable: true } });
}
