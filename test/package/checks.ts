// The package's slow checks (test/package/run.ts runs them once per npm test process that needs them, and caches
// their answer under a hash of everything they read): Pulumi's schema Analyzer over the package, as its nodejs host
// runs it; the same Analyzer over two small packages with the types it refuses (the check can fail, naming the
// property); and a consumer's compile of the package's declarations under the tsconfig of Pulumi's TypeScript template
// (and of a small package's that it must refuse). Every TypeScript program here shares one cache of parsed files
// (./source-cache), dropped when they are done.
// `node --require ./register-ts.cjs test/package/checks.ts` prints the answer as JSON, to look at or profile it alone.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import type * as Provider from "@pulumi/pulumi/provider/experimental/provider";
import { cachingHost, dropSharedSources, shareWithPulumiAnalyzer } from "./source-cache";

// Before the provider (and with it the Analyzer) loads: its programs share parsed files with the ones below.
shareWithPulumiAnalyzer();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ComponentProvider, getPulumiComponents }: typeof Provider = require("@pulumi/pulumi/provider/experimental/provider");

const ROOT = path.resolve(__dirname, "..", "..");

export interface PackageChecks {
    /** The schema, as `GetSchema` answers it. */
    schema: string;
    /** Why the Analyzer refused the package, when it did. */
    schemaError?: string;
    /** The Analyzer's component definitions (what `construct` reads the outputs by). */
    components: Record<string, unknown>;
    /** The class names the package entry exports as components. */
    exported: string[];
    /** The Analyzer's errors for the two refused packages. */
    refused: Record<string, string>;
    /** The consumer's compile: its diagnostics, formatted, and the package's declaration files it read. */
    consumer: ConsumerCompile;
    /** The same compile of a package whose declarations a consumer cannot compile. */
    leakyConsumer: ConsumerCompile;
}

export interface ConsumerCompile {
    diagnostics: string[];
    declarations: string[];
}

/** The source of package.json `main` (dist/components/package.js ← components/package.ts). */
export function mainSource(): string {
    const main: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).main;
    return path.join(ROOT, main.replace(/^dist\//, "").replace(/\.js$/, ".ts"));
}

async function analyze(dir: string, name: string, components: (new (...a: never[]) => unknown)[]) {
    const provider = new ComponentProvider({ name, dirname: dir, components: components as never });
    const schema = await provider.getSchema();
    return { schema, components: (provider as unknown as { componentDefinitions: Record<string, unknown> }).componentDefinitions };
}

/** A package of one component whose args have `fields`; the Analyzer's error, or "" when it accepted them. */
async function refusedBy(tmp: string, label: string, fields: string): Promise<string> {
    const dir = path.join(tmp, label);
    fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: label, main: "index.js" }));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "commonjs", target: "es2022", types: [] }, files: ["index.ts"] }));
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        `import * as pulumi from "@pulumi/pulumi";\nexport interface ${label}Args {\n    ${fields}\n}\n` +
            `export class ${label} extends pulumi.ComponentResource {\n    constructor(name: string, args: ${label}Args) {\n        super("${label}:index:${label}", name, {}, {});\n    }\n}\n`,
    );
    class Stand {}
    Object.defineProperty(Stand, "name", { value: label });
    try {
        await analyze(dir, label, [Stand]);
        return "";
    } catch (e) {
        return (e as Error).message;
    }
}

/** The package's build (tsconfig.build.json), its declarations compiled by a consumer with Pulumi's template tsconfig. */
export function consumerCompile(tmp: string): ConsumerCompile {
    const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    return compiledByConsumer(path.join(tmp, "consumer"), { name: packageJson.name, main: packageJson.main, types: packageJson.types }, buildConfig(), [
        // The provider's module, not @pulumi/kubernetes's index: only the consumer's own files and the package's
        // declarations are checked, and the index's ~500 declaration files cost about 1.5 s of CPU to parse and bind.
        'import * as k8s from "@pulumi/kubernetes/provider";',
        'import { CertificateIssuer, GlooInstall, GlooInstallArgs } from "gloo-mtls";',
        "",
        'const args: GlooInstallArgs = { certificates: { issuer: "pulumi" }, gatewayProxies: { gatewayProxy: { podTemplate: { resources: { requests: { cpu: "500m" } } } } } };',
        'const gloo = new GlooInstall("edge", args, { provider: new k8s.Provider("cluster", {}) });',
        "export const namespace = gloo.namespace;",
        "export const issuer: CertificateIssuer = CertificateIssuer.Certgen;",
    ]);
}

/**
 * The same for a small package built with the package's options whose public declarations name zod (a dependency the
 * consumer does not have) and a type its module does not export (declaration emit cannot name it): the check can fail.
 */
function leakyConsumerCompile(tmp: string): ConsumerCompile {
    const src = path.join(tmp, "leaky");
    fs.mkdirSync(path.join(src, "node_modules"), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules", "zod"), path.join(src, "node_modules", "zod"));
    fs.writeFileSync(path.join(src, "hidden.ts"), 'interface Hidden {\n    a: string;\n}\nexport function hidden(): Hidden {\n    return { a: "" };\n}\n');
    fs.writeFileSync(path.join(src, "index.ts"), 'import { z } from "zod";\nimport { hidden } from "./hidden";\nexport interface LeakyArgs {\n    name?: z.ZodString;\n}\nexport const leaked = hidden();\n');
    const b = buildConfig();
    const leaky = { ...b, fileNames: ["index.ts", "hidden.ts"].map((f) => path.join(src, f)), options: { ...b.options, rootDir: src } };
    return compiledByConsumer(path.join(tmp, "leaky-consumer"), { name: "leaky", main: "dist/index.js", types: "dist/index.d.ts" }, leaky, [
        'import { LeakyArgs, leaked } from "leaky";',
        "",
        "export const args: LeakyArgs = {};",
        "export const value = leaked;",
    ]);
}

/** tsconfig.build.json: the options `npm run build` emits the package with. */
function buildConfig(): ts.ParsedCommandLine {
    return ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.build.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
}

/**
 * Emits the declarations a consumer reaches from `entry` (the source of the package's `types`), file by file,
 * following each emitted file's imports; returns the emit's own errors. Only these are read by a consumer, and
 * the others cost seconds (the zod schemas' inferred types); `npm ci`'s build (prepare) still emits them all.
 */
function emitReached(emit: ts.Program, entry: string): ts.Diagnostic[] {
    // Declaration emit's own errors only: the type-check of the sources is npm test's tsc (test/check-types.test.ts).
    // forceDtsEmit (a parameter TypeScript keeps out of its public .d.ts): with emitOnlyDtsFiles, the emit resolver
    // skips the full type-check that emit() otherwise does first (TS 5.9 emitResolverSkipsTypeChecking).
    const emitDts = emit.emit as (t: ts.SourceFile, w: ts.WriteFileCallback, c: undefined, emitOnlyDtsFiles: boolean, x: undefined, forceDtsEmit: boolean) => ts.EmitResult;
    const problems: ts.Diagnostic[] = [];
    const todo = [entry];
    const done = new Set<string>();
    for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
        const source = emit.getSourceFile(file);
        if (done.has(file) || !source) continue;
        done.add(file);
        let declarations = "";
        const write: ts.WriteFileCallback = (name, text) => {
            fs.mkdirSync(path.dirname(name), { recursive: true });
            fs.writeFileSync(name, text);
            if (name.endsWith(".d.ts")) declarations = text;
        };
        problems.push(...emitDts.call(emit, source, write, undefined, true, undefined, true).diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error));
        // import/export ... from and import("...") types: the ways our declarations reach one another (one missed
        // would be missing in the consumer's compile, an error there).
        for (const ref of ts.preProcessFile(declarations, true, true).importedFiles.map((r) => r.fileName).filter((f) => f.startsWith("."))) {
            const resolved = ts.resolveModuleName(ref, file, emit.getCompilerOptions(), ts.sys).resolvedModule;
            if (resolved && !resolved.isExternalLibraryImport) todo.push(resolved.resolvedFileName);
        }
    }
    return problems;
}

/** The declarations `build` emits, as node_modules/<name> of a consumer in `dir` whose index.ts is `index`, compiled by it. */
function compiledByConsumer(dir: string, packageJson: { name: string; main: string; types: string }, build: ts.ParsedCommandLine, index: string[]): ConsumerCompile {
    const pkg = path.join(dir, "node_modules", packageJson.name);
    fs.mkdirSync(pkg, { recursive: true });
    // The consumer's own dependencies; a validation library the declarations imported would be missing here.
    for (const d of ["@pulumi", "@types"]) fs.symlinkSync(path.join(ROOT, "node_modules", d), path.join(dir, "node_modules", d));
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(packageJson));
    const emitOptions = { ...build.options, outDir: path.join(pkg, "dist"), emitDeclarationOnly: true, declaration: true, noEmit: false, incremental: false, sourceMap: false, declarationMap: false };
    const emit = ts.createProgram(build.fileNames, emitOptions, cachingHost(emitOptions));
    const entry = path.join(build.options.rootDir!, path.relative("dist", packageJson.types).replace(/\.d\.ts$/, ".ts"));
    const problems = emitReached(emit, entry);
    fs.writeFileSync(path.join(dir, "index.ts"), [...index, ""].join("\n"));
    // Pulumi's TypeScript template (pulumi/templates typescript/tsconfig.json).
    const template: ts.CompilerOptions = {
        strict: true,
        outDir: "bin",
        target: ts.ScriptTarget.ES2020,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        sourceMap: true,
        experimentalDecorators: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
        noEmit: true,
    };
    const consumer = ts.createProgram([path.join(dir, "index.ts")], template, cachingHost(template));
    // No skipLibCheck: every declaration file of the package is checked, with the consumer's program. The only other
    // packages the consumer has are Pulumi's SDKs and @types (linked in above, the same in every Pulumi project;
    // checking them all costs about 10 s): anything else the declarations imported would not resolve, an error here.
    const own = consumer.getSourceFiles().filter((f) => path.resolve(f.fileName).startsWith(dir + path.sep));
    const all = [
        ...problems,
        ...consumer.getOptionsDiagnostics(),
        ...consumer.getGlobalDiagnostics(),
        ...own.flatMap((f) => [...consumer.getSyntacticDiagnostics(f), ...consumer.getSemanticDiagnostics(f)]),
    ];
    const read = own.filter((f) => f.fileName.endsWith(".d.ts")).map((f) => path.relative(pkg, f.fileName));
    return {
        declarations: read,
        diagnostics: all.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n") + (d.file ? ` (${path.relative(dir, d.file.fileName)})` : "")),
    };
}

/** The checks' answer, as plain data (what the cache holds). Loading this module first makes the Analyzer share parsed files. */
export async function packageChecksAnswer(): Promise<PackageChecks> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gloo-package-"));
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const classes = getPulumiComponents(require(mainSource()));
        // The Analyzer's refusal is an answer too: the test reports it, naming the property.
        const { schema, components, schemaError } = await analyze(ROOT, JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).name, classes).then(
            (r) => ({ ...r, schemaError: undefined }),
            (e: Error) => ({ schema: "", components: {}, schemaError: e.message }),
        );
        const refused = {
            anonymous: await refusedBy(tmp, "Anonymous", "global?: { image?: { tag?: string } };"),
            literalUnion: await refusedBy(tmp, "LiteralUnion", 'logLevel?: "debug" | "info";'),
        };
        const out: PackageChecks = { schema, components, schemaError, exported: classes.map((c) => c.name), refused, consumer: consumerCompile(tmp), leakyConsumer: leakyConsumerCompile(tmp) };
        // Plain data: nothing of the Analyzer's programs stays reachable from the answer.
        return JSON.parse(JSON.stringify(out));
    } finally {
        dropSharedSources();
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

if (require.main === module) packageChecksAnswer().then((out) => process.stdout.write(JSON.stringify(out)), (e) => (console.error(e), process.exit(1)));
