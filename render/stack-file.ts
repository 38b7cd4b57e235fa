// Reads Pulumi.<stack>.yaml the way the Pulumi CLI would hand it to the program, without the CLI: the
// project's keys, which of them are secret, and where an encrypted value had to be replaced by a placeholder.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { PROJECT } from "./program";

/** What the program receives in place of a `secure:` value: the render has no secrets provider to decrypt it. */
export const PLACEHOLDER = "<encrypted: set with pulumi config set --secret>";

/** A `secure:` value the render could not decrypt. */
export interface Undecrypted {
    /** The value's `--path` form without the project prefix, e.g. `enterprise.licenseKey`. */
    path: string;
    /** The top-level config key holding it, e.g. `gloo-mtls:enterprise`. */
    key: string;
    line: number;
    /**
     * `placeholder`: not a ciphertext at all (`v1:PLACEHOLDER…`), even `pulumi up` fails until it is set.
     * `unset`: a secret the program requires is not in the file (committed stack files hold none); the CLI refuses too.
     */
    kind: "ciphertext" | "placeholder" | "unset";
}

export interface StackFile {
    file: string;
    /** The project's keys (`gloo-mtls:x`) with their values; `secure:` values replaced by PLACEHOLDER. */
    config: Record<string, unknown>;
    /** Keys whose values are secret (a `secure:` anywhere below makes the whole key secret, as the engine does). */
    secretKeys: string[];
    undecrypted: Undecrypted[];
    /** What the file holds that the render reads as the CLI would, but the user may not have meant (e.g. no config at all). */
    warnings: string[];
}

/** The top-level keys of a stack file (the CLI's workspace.ProjectStack). */
export const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/** Stack names as Pulumi allows them; they become parts of file names here. */
export const STACK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Reads `<root>/Pulumi.<stack>.yaml` (root: the repository). Throws an Error naming the file (and line) on anything it cannot use. */
export function readStackFile(stack: string, root: string = path.resolve(__dirname, "..")): StackFile {
    if (!STACK_NAME.test(stack)) throw new Error(`"${stack}" is not a stack name (letters, digits, "_", "." and "-")`);
    const full = path.join(root, `Pulumi.${stack}.yaml`);
    const file = shown(full);
    if (!fs.existsSync(full)) {
        const known = fs.readdirSync(root).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).map((f) => f.split(".")[1]);
        throw new Error(`no stack file ${file}; stacks there: ${known.join(", ") || "none"}`);
    }
    const lines = new YAML.LineCounter();
    // merge: YAML merge keys (`<<: *base`), which the CLI's YAML parser resolves too.
    const docs = YAML.parseAllDocuments(fs.readFileSync(full, "utf8"), { lineCounter: lines, prettyErrors: false, merge: true });
    const at = (node: unknown) => {
        const range = (node as { range?: [number, number, number] } | undefined)?.range;
        return range ? lines.linePos(range[0]) : { line: 1, col: 1 };
    };
    for (const d of Array.isArray(docs) ? docs : [docs]) {
        if (d.errors.length > 0) {
            const e = d.errors[0];
            const pos = lines.linePos(e.pos[0]);
            throw new Error(`${file}:${pos.line}:${pos.col}: not valid YAML: ${e.message}`);
        }
    }
    const all = Array.isArray(docs) ? docs : [];
    const empty = (d: YAML.Document.Parsed) => d.contents === null || (YAML.isScalar(d.contents) && d.contents.value === null);
    // The CLI reads the first document only: what follows it would be ignored without a word.
    const ignored = all.slice(1).find((d) => !empty(d));
    if (ignored) {
        throw new Error(
            `${file}:${at(ignored.contents).line}: a second YAML document (after "---"); the Pulumi CLI reads only the first ` +
                `${all[0] && !empty(all[0]) ? "" : "(here an empty one) "}and would ignore this one: keep one document`,
        );
    }
    const doc = all[0] ?? new YAML.Document(null);
    const top = empty(doc) ? null : doc.contents;
    if (top !== null && !YAML.isMap(top)) {
        throw new Error(`${file}:${at(top).line}: a stack file is a mapping (config: …), not ${kindOf(doc.toJS())}`);
    }
    for (const pair of YAML.isMap(top) ? top.items : []) {
        const key = String(YAML.isScalar(pair.key) ? pair.key.value : pair.key);
        if (STACK_FILE_KEYS.includes(key)) continue;
        const close = editDistance(key.toLowerCase(), "config") <= 2;
        // Other keys are ignored by the CLI (e.g. one that holds YAML anchors), unless they look like the config.
        const looksLikeConfig = YAML.isMap(pair.value) && pair.value.items.some((i) => YAML.isScalar(i.key) && /^[^:\s]+:[^:\s]+$/.test(String(i.key.value)));
        if (!close && !looksLikeConfig) continue;
        throw new Error(
            `${file}:${at(pair.key).line}: unknown top-level key "${key}"${close ? ' (did you mean "config:"?)' : ""}; a stack file holds ${STACK_FILE_KEYS.join(", ")}: ` +
                `the program's settings would not be read`,
        );
    }
    const rawConfig = YAML.isMap(top) ? top.get("config", true) : undefined;
    const configNode = YAML.isAlias(rawConfig) ? rawConfig.resolve(doc) : rawConfig;
    const fail = (node: unknown, why: string): never => {
        throw new Error(`${file}:${at(node).line}: ${why}`);
    };
    if (YAML.isAlias(rawConfig) && configNode === undefined) fail(rawConfig, `unknown anchor *${rawConfig.source} (the Pulumi CLI refuses it too)`);
    if (configNode !== undefined && configNode !== null && !YAML.isMap(configNode) && !(YAML.isScalar(configNode) && configNode.value === null)) {
        throw new Error(`${file}:${at(configNode).line}: "config:" must be a mapping of <namespace>:<key>: value entries, not ${kindOf((configNode as YAML.Node).toJSON())}`);
    }

    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    const undecrypted: Undecrypted[] = [];
    for (const pair of YAML.isMap(configNode) ? mergedPairs(configNode, doc, fail) : []) {
        const key = String(YAML.isScalar(pair.key) ? pair.key.value : pair.key);
        // The CLI's config.ParseKey refuses a key without a namespace.
        if (!key.includes(":")) throw new Error(`${file}:${at(pair.key).line}: config key "${key}" is not of the form <namespace>:<name>; did you mean ${PROJECT}:${key}?`);
        // Every namespace reaches the program, as the engine passes it: the program refuses keys that would do nothing.
        let value: unknown;
        try {
            value = topLevelValue(pair.value, doc);
        } catch (e) {
            // An unknown anchor or a bad merge inside the value: the CLI's YAML parser refuses it too.
            fail(pair.value, `${key}: ${(e as Error).message}`);
        }
        const bad = nonFinitePath(value);
        if (bad) {
            const node = bad.length > 0 ? doc.getIn(["config", key, ...bad], true) : pair.value;
            throw new Error(
                `${file}:${at(node).line}: ${dotted(key, bad)} is ${String(bad.length > 0 ? (doc.getIn(["config", key, ...bad]) as number) : value)}; a number must be finite ` +
                    `(the CLI passes structured values as JSON, which has no infinity or NaN, and fails on it)`,
            );
        }
        const secure = securePaths(value);
        if (secure.length === 0) {
            config[key] = value;
            continue;
        }
        // `pulumi config set --secret --path a.b` nests the ciphertext; the engine then treats the whole key as secret.
        config[key] = withPlaceholders(value);
        secretKeys.push(key);
        for (const p of secure) {
            const node = doc.getIn(["config", key, ...p, "secure"], true);
            const text = (doc.getIn(["config", key, ...p, "secure"]) ?? "") as unknown;
            undecrypted.push({
                path: dotted(key.slice(key.indexOf(":") + 1), p),
                key,
                line: at(node).line,
                kind: typeof text === "string" && /^v1:PLACEHOLDER/i.test(text) ? "placeholder" : "ciphertext",
            });
        }
    }
    // A secret the program requires but the file leaves to `pulumi config set --secret` (docs/ci.md): the render
    // stands the placeholder in, so that what needs it is shown, held back and reported like an undecrypted value.
    for (const r of REQUIRED_SECRETS) {
        const [top, leaf] = r.path.split(".");
        const key = `${PROJECT}:${top}`;
        const value = config[key];
        if (!r.requiredBy(value) || (value as Record<string, unknown>)[leaf] !== undefined) continue;
        config[key] = { ...(value as object), [leaf]: PLACEHOLDER };
        if (!secretKeys.includes(key)) secretKeys.push(key);
        const pair = YAML.isMap(configNode) ? configNode.items.find((i) => YAML.isScalar(i.key) && i.key.value === key) : undefined;
        undecrypted.push({ path: r.path, key, line: at(pair?.key).line, kind: "unset" });
    }
    const esc = YAML.isMap(top) && top.has("environment") ? [`${file} imports ESC environments (environment:); the render cannot open them, so config they provide is missing here (pulumi preview has it)`] : [];
    const warnings = Object.keys(config).length === 0 ? [`${file} holds no configuration (no "config:" entries): the program's defaults are rendered, as pulumi up would deploy them`, ...esc] : esc;
    return { file, config, secretKeys, undecrypted, warnings };
}

/** Secrets the program requires in some configurations (components/validation/problems.ts), `<key>.<leaf>`. */
const REQUIRED_SECRETS: { path: string; requiredBy: (value: unknown) => boolean }[] = [
    { path: "enterprise.licenseKey", requiredBy: (v) => !!v && typeof v === "object" && (v as { enabled?: unknown }).enabled === true },
];

/**
 * A config value as the CLI hands it over: a top-level scalar as its text (the CLI reads it into a string: `0x1F`
 * stays `0x1F`, `.inf` stays `.inf`), an empty value as "", anything structured as its JSON value.
 */
function topLevelValue(node: unknown, doc: YAML.Document): unknown {
    if (!YAML.isNode(node)) return node ?? "";
    if (YAML.isScalar(node)) {
        if (node.value === null || node.value === undefined) return "";
        if (typeof node.value === "string") return node.value;
        return (node as { source?: string }).source ?? String(node.value);
    }
    return node.toJS(doc);
}

/** The path of the first non-finite number inside a structured value (empty: the value itself), or undefined. */
function nonFinitePath(v: unknown, at: (string | number)[] = []): (string | number)[] | undefined {
    if (typeof v === "number") return Number.isFinite(v) ? undefined : at;
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
            const p = nonFinitePath(v[i], [...at, i]);
            if (p) return p;
        }
    } else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
            const p = nonFinitePath(x, [...at, k]);
            if (p) return p;
        }
    }
    return undefined;
}

const isMergeKey = (k: unknown) => YAML.isScalar(k) && (typeof k.value === "symbol" || k.value === "<<");

/**
 * The pairs of a mapping with its merge keys (`<<: *base`, `<<: [*a, *b]`) resolved as YAML 1.1 does: the
 * mapping's own keys win, then the merged mappings in order.
 */
function mergedPairs(map: YAML.YAMLMap, doc: YAML.Document, fail: (node: unknown, why: string) => never): YAML.Pair[] {
    const own = map.items.filter((p) => !isMergeKey(p.key));
    const seen = new Set(own.map((p) => String(YAML.isScalar(p.key) ? p.key.value : p.key)));
    const out = [...own];
    for (const p of map.items.filter((i) => isMergeKey(i.key))) {
        const sources = YAML.isSeq(p.value) ? p.value.items : [p.value];
        for (const s of sources) {
            const m = YAML.isAlias(s) ? s.resolve(doc) : s;
            if (YAML.isAlias(s) && m === undefined) fail(s, `unknown anchor *${s.source} in a merge key (the Pulumi CLI refuses it too)`);
            if (!YAML.isMap(m)) fail(s, "a merge key (<<) takes a mapping or a list of mappings (the Pulumi CLI refuses anything else)");
            for (const q of mergedPairs(m as YAML.YAMLMap, doc, fail)) {
                const k = String(YAML.isScalar(q.key) ? q.key.value : q.key);
                if (!seen.has(k)) {
                    seen.add(k);
                    out.push(q);
                }
            }
        }
    }
    return out;
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        row = next;
    }
    return row[b.length];
}

/** A path as a message shows it: relative to the working directory when inside it. */
export function shown(p: string): string {
    const rel = path.relative(process.cwd(), p);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

const isSecure = (v: unknown): boolean => !!v && typeof v === "object" && !Array.isArray(v) && "secure" in (v as object);

/** Paths (keys and indexes) below `v` at which a `{secure: …}` sits. */
function securePaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (isSecure(v)) return [at];
    if (Array.isArray(v)) return v.flatMap((x, i) => securePaths(x, [...at, i]));
    if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => securePaths(x, [...at, k]));
    return [];
}

/** The value with every `{secure: …}` (at any depth) replaced by the placeholder string. */
function withPlaceholders(v: unknown): unknown {
    if (isSecure(v)) return PLACEHOLDER;
    if (Array.isArray(v)) return v.map(withPlaceholders);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, withPlaceholders(x)]));
    return v;
}

/** `pulumi config --path` form: `a.b[0].c`. */
function dotted(first: string, rest: (string | number)[]): string {
    return rest.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : `${s}.${p}`), first);
}

function kindOf(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (v === null || v === undefined) return "empty";
    return typeof v === "object" ? "a mapping" : `a ${typeof v} (${JSON.stringify(v)})`;
}
