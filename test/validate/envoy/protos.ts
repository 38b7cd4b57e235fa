// Envoy's v3 API as protobufjs types: the .proto files @grpc/grpc-js-xds ships (files whose imports are not shipped
// are left out), loaded by package as messages are looked up, and exact lookup of a message by name.
import * as fs from "node:fs";
import * as path from "node:path";
import * as protobuf from "protobufjs";

const DEPS = path.join(path.dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
// Import roots, like protoc's -I flags.
const INCLUDE_DIRS = ["envoy-api", "xds", "protoc-gen-validate", "googleapis"].map((d) => path.join(DEPS, d));
// protobufjs has these google/protobuf files built in; descriptor.proto is a file in its package.
const BUNDLED = new Set(
    ["any", "duration", "empty", "field_mask", "struct", "timestamp", "wrappers"].map((n) => `google/protobuf/${n}.proto`),
);
const DESCRIPTOR = "google/protobuf/descriptor.proto";

const locate = (rel: string): string | undefined => {
    if (rel === DESCRIPTOR) return require.resolve("protobufjs/google/protobuf/descriptor.proto");
    for (const dir of INCLUDE_DIRS) {
        const file = path.join(dir, rel);
        if (fs.existsSync(file)) return file;
    }
    return undefined;
};

// Transitively missing imports of a file. protobufjs would fail the whole load on the first
// one (opencensus, opentelemetry, prometheus are not shipped), so such files are left out.
const missingMemo = new Map<string, string[]>();
function missingImports(rel: string): string[] {
    if (BUNDLED.has(rel)) return [];
    const known = missingMemo.get(rel);
    if (known) return known;
    missingMemo.set(rel, []); // placeholder breaks import cycles
    const file = locate(rel);
    let missing = [rel];
    if (file) {
        const source = fs.readFileSync(file, "utf8");
        const imports = [...source.matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm)].map((m) => m[1]);
        missing = [...new Set(imports.flatMap(missingImports))];
    }
    missingMemo.set(rel, missing);
    return missing;
}

// Where the files of a proto package live: envoy/* under envoy-api, xds/* and udpa/* under xds. Only v3 Envoy
// files: the v2 API was removed from Envoy, so its types must not resolve.
const ROOTS: { top: string; base: string; keep: (rel: string) => boolean }[] = [
    { top: "envoy", base: path.join(DEPS, "envoy-api"), keep: (rel) => rel.includes("/v3/") },
    // xds/udpa types such as xds.type.v3.TypedStruct may also appear as an Any.
    { top: "xds", base: path.join(DEPS, "xds"), keep: () => true },
    { top: "udpa", base: path.join(DEPS, "xds"), keep: () => true },
];

/** The .proto files under `sub` (a directory relative to a root above), recursively or not. */
function protosIn(sub: string, recursive: boolean): string[] {
    const root = ROOTS.find((r) => sub === r.top || sub.startsWith(`${r.top}/`));
    const dir = root && path.join(root.base, sub);
    if (!root || !fs.existsSync(dir!)) return [];
    return (fs.readdirSync(dir!, { recursive }) as string[])
        .map((f) => path.posix.join(sub, f.split(path.sep).join("/")))
        .filter((rel) => rel.endsWith(".proto") && root.keep(rel));
}

// One Root per process: the packages lookupMessage loads go into it.
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : (locate(target) ?? target));

/** Loads the files (with their imports) that have no missing imports. */
function load(files: string[]): void {
    const loadable = files.filter((rel) => missingImports(rel).length === 0);
    // keepCase: field names stay snake_case as in the .proto files (jsonName gives the camelCase).
    if (loadable.length) root.loadSync(loadable, { keepCase: true });
}

/**
 * Every file lookups may load, with the package it declares, and the files left out for imports that are not shipped:
 * what a test checks (without loading them all) of the layout lookupMessage relies on.
 */
export function envoyProtoFiles(): { files: { file: string; pkg: string | undefined }[]; skipped: { file: string; missing: string[] }[] } {
    const all = ROOTS.flatMap((r) => protosIn(r.top, true)).map((file) => ({ file, missing: missingImports(file) }));
    return {
        files: all.filter((f) => f.missing.length === 0).map(({ file }) => ({ file, pkg: /^package\s+([\w.]+)\s*;/m.exec(fs.readFileSync(locate(file)!, "utf8"))?.[1] })),
        skipped: all.filter((f) => f.missing.length > 0),
    };
}

/** The directory of a proto package (envoy.config.core.v3 → envoy/config/core/v3), as Envoy's API lays them out. */
export function packageDir(pkg: string): string {
    return pkg.split(".").join("/");
}

// Packages lookupMessage has loaded (or found to have no files).
const loadedPackages = new Set<string>();

/**
 * The message `name`. Only the packages looked up are loaded (with their imports), not the whole schema: a bootstrap
 * reaches a few dozen of Envoy's files, loading all of them took a second or more per test process. A name's package
 * is a prefix of it, and its files are that package's directory (a test checks this of every file of the schema).
 */
export function lookupMessage(name: string): protobuf.Type | undefined {
    const fullName = name.startsWith(".") ? name : `.${name}`;
    const parts = fullName.slice(1).split(".");
    let found = exact(fullName);
    // Longest package first: a nested message's parent is a prefix too, but no directory.
    for (let n = parts.length - 1; !found && n > 0; n--) {
        const pkg = parts.slice(0, n).join(".");
        if (loadedPackages.has(pkg)) continue;
        loadedPackages.add(pkg);
        const files = protosIn(packageDir(pkg), false);
        if (files.length === 0) continue;
        load(files);
        found = exact(fullName);
    }
    return found;
}

function exact(fullName: string): protobuf.Type | undefined {
    const found = root.lookup(fullName);
    // protobufjs lookups also search nested namespaces; insist on the exact name.
    return found instanceof protobuf.Type && found.fullName === fullName ? found : undefined;
}
