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
}

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
    const doc = YAML.parseDocument(fs.readFileSync(full, "utf8"), { lineCounter: lines, prettyErrors: false });
    const at = (node: unknown) => {
        const range = (node as { range?: [number, number, number] } | undefined)?.range;
        return range ? lines.linePos(range[0]) : { line: 1, col: 1 };
    };
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const pos = lines.linePos(e.pos[0]);
        throw new Error(`${file}:${pos.line}:${pos.col}: not valid YAML: ${e.message}`);
    }
    const top = doc.contents;
    if (top !== null && !YAML.isMap(top)) {
        throw new Error(`${file}:${at(top).line}: a stack file is a mapping (config: …), not ${kindOf(doc.toJS())}`);
    }
    const configNode = YAML.isMap(top) ? top.get("config", true) : undefined;
    if (configNode !== undefined && configNode !== null && !YAML.isMap(configNode) && !(YAML.isScalar(configNode) && configNode.value === null)) {
        throw new Error(`${file}:${at(configNode).line}: "config:" must be a mapping of <namespace>:<key>: value entries, not ${kindOf((configNode as YAML.Node).toJSON())}`);
    }

    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    const undecrypted: Undecrypted[] = [];
    for (const pair of YAML.isMap(configNode) ? configNode.items : []) {
        const key = String(YAML.isScalar(pair.key) ? pair.key.value : pair.key);
        // The CLI's config.ParseKey refuses a key without a namespace.
        if (!key.includes(":")) throw new Error(`${file}:${at(pair.key).line}: config key "${key}" is not of the form <namespace>:<name>; did you mean ${PROJECT}:${key}?`);
        // Every namespace reaches the program, as the engine passes it: the program refuses keys that would do nothing.
        const value = YAML.isNode(pair.value) ? pair.value.toJS(doc) : pair.value;
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
    return { file, config, secretKeys, undecrypted };
}

/** Secrets the program requires in some configurations (components/validation/problems.ts), `<key>.<leaf>`. */
const REQUIRED_SECRETS: { path: string; requiredBy: (value: unknown) => boolean }[] = [
    { path: "enterprise.licenseKey", requiredBy: (v) => !!v && typeof v === "object" && (v as { enabled?: unknown }).enabled === true },
];

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
