// Envoy's v3 API as protobufjs types: the .proto files @grpc/grpc-js-xds ships, loaded once per process
// (files whose imports are not shipped are left out, and listed), and exact lookup of a message by name.
import * as fs from "node:fs";
import * as path from "node:path";
import * as protobuf from "protobufjs";

/** A schema loaded once per process; `skipped` lists proto files left out (missing imports). */
export interface EnvoySchema {
    root: protobuf.Root;
    loadMs: number;
    files: number;
    skipped: { file: string; missing: string[] }[];
}

const DEPS = path.join(path.dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
// Import roots, like protoc's -I flags.
const INCLUDE_DIRS = ["envoy-api", "xds", "protoc-gen-validate", "googleapis"].map((d) => path.join(DEPS, d));
// protobufjs has these google/protobuf files built in; descriptor.proto is a file in its package.
const BUNDLED = new Set(
    ["any", "duration", "empty", "field_mask", "struct", "timestamp", "wrappers"].map((n) => `google/protobuf/${n}.proto`),
);
const DESCRIPTOR = "google/protobuf/descriptor.proto";

let schema: EnvoySchema | undefined;

/** Loads (once) every Envoy v3 proto plus the xds/udpa protos, skipping files with unshipped imports. */
export function loadEnvoySchema(): EnvoySchema {
    if (schema) return schema;
    const start = performance.now();

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
    const missingImports = (rel: string): string[] => {
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
    };

    // Only v3 Envoy files: the v2 API was removed from Envoy, so its types must not resolve.
    const listProtos = (base: string, sub: string, keep: (rel: string) => boolean): string[] =>
        (fs.readdirSync(path.join(base, sub), { recursive: true }) as string[])
            .map((f) => path.posix.join(sub, f.split(path.sep).join("/")))
            .filter((rel) => rel.endsWith(".proto") && keep(rel));
    const candidates = [
        ...listProtos(path.join(DEPS, "envoy-api"), "envoy", (rel) => rel.includes("/v3/")),
        // xds/udpa types such as xds.type.v3.TypedStruct may also appear as an Any.
        ...listProtos(path.join(DEPS, "xds"), "xds", () => true),
        ...listProtos(path.join(DEPS, "xds"), "udpa", () => true),
    ];
    const skipped: EnvoySchema["skipped"] = [];
    const files = candidates.filter((rel) => {
        const missing = missingImports(rel);
        if (missing.length) skipped.push({ file: rel, missing });
        return missing.length === 0;
    });

    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : (locate(target) ?? target));
    // keepCase: field names stay snake_case as in the .proto files (jsonName gives the camelCase).
    root.loadSync(files, { keepCase: true });
    schema = { root, loadMs: performance.now() - start, files: root.files.length, skipped };
    return schema;
}

export function lookupMessage(name: string): protobuf.Type | undefined {
    const fullName = name.startsWith(".") ? name : `.${name}`;
    const found = loadEnvoySchema().root.lookup(fullName);
    // protobufjs lookups also search nested namespaces; insist on the exact name.
    return found instanceof protobuf.Type && found.fullName === fullName ? found : undefined;
}
