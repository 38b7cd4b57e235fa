// Where and how the rendered objects are written: file names that stay the same from render to render, an
// order `kubectl apply -f` can follow, owner-only files for secret material, a directory per cluster (gloo's at
// the top, every other one in `clusters/<key>/`), and a marker listing what a render wrote so that the next
// render into the same directory removes exactly those files and nothing else.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import type { Manifest } from "./program";

/** Custom resource definitions go here: they must be established before the custom resources are applied. */
export const CRD_DIR = "00-crds";
/** The marker. No .yaml/.yml/.json extension: `kubectl apply -f DIR` ignores it. */
export const MARKER = ".gloo-mtls-render";
/** Every other cluster's objects go to `clusters/<key>/`: `kubectl apply -f DIR` (not recursive) applies gloo's only. */
export const CLUSTERS_DIR = "clusters";
/** Files `kubectl apply -f` must not pick up (kubectl reads only .json, .yaml and .yml). */
export const HELD_BACK = { redacted: ".yaml.redacted", placeholder: ".yaml.placeholder" } as const;

export interface OutFile {
    /** Path relative to the output directory, `/`-separated. */
    rel: string;
    /** The object as written (redacted unless --show-secrets). */
    manifest: Manifest;
    /** Owner-only (0600): the object holds secret material. */
    sensitive: boolean;
    /** Why kubectl must not apply it as it is, if so. */
    heldBack?: keyof typeof HELD_BACK;
    /** The key of `clusters` it goes to; undefined for gloo's own cluster. */
    cluster?: string;
}

// Apply order by kind, in two-digit prefixes so that `kubectl apply -f DIR` (which walks the directory in
// lexical order) follows it. Kinds not listed (custom resources among them) take OTHER.
const RANK: Record<string, number> = {
    Namespace: 10,
    ServiceAccount: 20,
    ClusterRole: 21,
    ClusterRoleBinding: 22,
    Role: 23,
    RoleBinding: 24,
    Secret: 30,
    ConfigMap: 31,
    // Before any pod starts: pods never run without their policy.
    NetworkPolicy: 40,
    Service: 41,
    Deployment: 60,
    DaemonSet: 60,
    StatefulSet: 60,
    Job: 60,
    CronJob: 60,
    // Last: a webhook whose server is not running yet must not see the objects applied before it.
    MutatingWebhookConfiguration: 80,
    ValidatingWebhookConfiguration: 80,
};
const OTHER = 50;

/** The file (without extension) of an object: the same object always gets the same name. */
export function baseName(m: Manifest, cluster?: string): string {
    const dir = cluster === undefined ? "" : `${CLUSTERS_DIR}/${cluster}/`;
    if (m.kind === "CustomResourceDefinition") return `${dir}${CRD_DIR}/${m.metadata.name}`;
    const rank = String(RANK[m.kind] ?? OTHER).padStart(2, "0");
    const ns = m.metadata.namespace ? `${m.metadata.namespace}-` : "";
    return `${dir}${rank}-${m.kind.toLowerCase()}-${ns}${m.metadata.name}`;
}

/**
 * Files for the objects, gloo's cluster first, then each other cluster's, each in apply order (CRDs first, then by
 * name). Throws if two objects would share a file.
 */
export function plan(objects: { manifest: Manifest; sensitive: boolean; heldBack?: OutFile["heldBack"]; cluster?: string }[]): OutFile[] {
    const seen = new Map<string, Manifest>();
    const files = objects.map((o) => {
        const base = baseName(o.manifest, o.cluster);
        const other = seen.get(base);
        if (other) throw new Error(`${other.apiVersion} ${other.kind} and ${o.manifest.apiVersion} ${o.manifest.kind} "${o.manifest.metadata.name}" would both be written to ${base}.yaml`);
        seen.set(base, o.manifest);
        return {
            rel: base + (o.heldBack ? HELD_BACK[o.heldBack] : ".yaml"),
            manifest: o.manifest,
            sensitive: o.sensitive,
            heldBack: o.heldBack,
            ...(o.cluster !== undefined ? { cluster: o.cluster } : {}),
        };
    });
    const order = (f: OutFile) => `${f.cluster === undefined ? 0 : 1}/${f.rel}`;
    return files.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * A manifest's file text. Manifests are trees (manifests() copies them): no search for shared nodes to alias (same
 * output, half the time). CRDs, whose generated schemas make 2.7 MB, are written as JSON: valid YAML for kubectl,
 * and ten times faster to write.
 */
export const yamlOf = (m: Manifest): string =>
    m.kind === "CustomResourceDefinition" ? `${JSON.stringify(m, null, 1)}\n` : YAML.stringify(m, { lineWidth: 0, aliasDuplicateObjects: false });

interface MarkerFile {
    writtenBy: string;
    files: string[];
}

/** What a previous render left in `dir`: undefined when `dir` is missing or empty; throws when it must not be touched. */
export function previousRender(dir: string): { files: string[] } | undefined {
    let st: fs.Stats;
    try {
        st = fs.statSync(dir);
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
    }
    if (!st.isDirectory()) throw new Error(`--out ${dir} is not a directory`);
    const entries = fs.readdirSync(dir);
    if (entries.length === 0) return undefined;
    if (!entries.includes(MARKER)) {
        throw new Error(
            `refusing to write into ${dir}: it is not empty and has no ${MARKER} file, so it is not a directory a render wrote ` +
                `(a render removes the files it wrote before, and only those). Pick an empty or new directory with --out, ` +
                `or move the directory away yourself.`,
        );
    }
    let marker: MarkerFile;
    try {
        marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), "utf8"));
        if (!Array.isArray(marker.files) || !marker.files.every((f) => typeof f === "string")) throw new Error("no list of files");
    } catch (e) {
        throw new Error(`refusing to write into ${dir}: its ${MARKER} is unreadable (${(e as Error).message}), so what a render wrote there is unknown`);
    }
    // Only names a render can have written, inside the directory: a hand-edited marker cannot point elsewhere.
    return { files: marker.files.filter((f) => isOurName(f)) };
}

const isOurName = (f: string) => /^(clusters\/[a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?(00-crds\/)?[^/\\.][^/\\]*\.yaml(\.redacted|\.placeholder)?$/.test(f) && !f.includes("..");

export interface WriteResult {
    written: string[];
    /** Files of the previous render that this render no longer writes. */
    removed: string[];
    /** Files in the directory that no render wrote: left in place. */
    foreign: string[];
}

/**
 * Writes the files into `dir` (created if missing). A previous render's files are removed first, anything
 * else is left alone; a file name this render needs that a stranger's file holds is refused before any change.
 */
export function writeFiles(dir: string, files: OutFile[]): WriteResult {
    const previous = previousRender(dir)?.files ?? [];
    const ours = new Set(previous.filter((f) => isRegularFile(path.join(dir, f))));
    const foreign = (fs.existsSync(dir) ? listFiles(dir) : []).filter((f) => f !== MARKER && !ours.has(f));
    const clash = files.filter((f) => foreign.includes(f.rel));
    if (clash.length > 0) throw new Error(`refusing to overwrite ${clash.map((f) => path.join(dir, f.rel)).join(", ")}: not written by a render`);

    fs.mkdirSync(path.join(dir, CRD_DIR), { recursive: true });
    // The marker lists both sets while files change, so an interrupted render leaves nothing unaccounted for.
    writeMarker(dir, [...new Set([...ours, ...files.map((f) => f.rel)])].sort());
    for (const f of ours) fs.rmSync(path.join(dir, f));
    removeEmptyClusterDirs(dir);
    for (const d of new Set(files.map((f) => path.posix.dirname(f.rel)))) fs.mkdirSync(path.join(dir, d), { recursive: true });
    for (const f of files) {
        const p = path.join(dir, f.rel);
        const mode = f.sensitive ? 0o600 : 0o644;
        // "wx": never follows or overwrites something that appeared meanwhile.
        fs.writeFileSync(p, yamlOf(f.manifest), { mode, flag: "wx" });
        fs.chmodSync(p, mode); // the umask may have narrowed 0644; 0600 is never widened by it
    }
    writeMarker(dir, files.map((f) => f.rel));
    const now = new Set(files.map((f) => f.rel));
    return { written: files.map((f) => f.rel), removed: [...ours].filter((f) => !now.has(f)).sort(), foreign: foreign.sort() };
}

/** A cluster that is no longer rendered leaves no empty directory behind (a non-empty one holds a stranger's files: kept). */
function removeEmptyClusterDirs(dir: string): void {
    const root = path.join(dir, CLUSTERS_DIR);
    if (!fs.existsSync(root) || !fs.lstatSync(root).isDirectory()) return;
    const removeIfEmpty = (d: string) => {
        if (fs.readdirSync(d).length === 0) fs.rmdirSync(d);
    };
    for (const e of fs.readdirSync(root, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        const crds = path.join(root, e.name, CRD_DIR);
        if (fs.existsSync(crds) && fs.lstatSync(crds).isDirectory()) removeIfEmpty(crds);
        removeIfEmpty(path.join(root, e.name));
    }
    removeIfEmpty(root);
}

function writeMarker(dir: string, files: string[]): void {
    const body: MarkerFile = { writtenBy: "gloo-mtls offline render (npm run render); the next render removes these files", files };
    const tmp = path.join(dir, `${MARKER}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(body, null, 1) + "\n", { mode: 0o644 });
    fs.renameSync(tmp, path.join(dir, MARKER));
}

const isRegularFile = (p: string) => {
    try {
        return fs.lstatSync(p).isFile();
    } catch {
        return false;
    }
};

/** Every entry below `dir`, `/`-separated, directories by their contents (an empty directory by its own name). */
function listFiles(dir: string, prefix = ""): string[] {
    return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
        const rel = prefix ? `${prefix}/${e.name}` : e.name;
        if (!e.isDirectory()) return [rel];
        const inner = listFiles(dir, rel);
        return inner.length > 0 || rel === CRD_DIR ? inner : [`${rel}/`];
    });
}
