// From a chart values file to this program's stack config (`npm run import-values`): every key the config schema has
// is carried to the same path, and any other key is a problem named with its reason, so a migration never loses a
// setting silently. Which keys are carried follows the config schema itself (a key added to it is imported without
// touching this file); the few keys this program takes differently are in SUPPORTED_DIFFERENTLY with the reason.
// Restated defaults are dropped: a carried value when it changes nothing this program's defaults (resolveArgs) would
// not do anyway; a key it does not take when it equals the chart's own default, which the user passes as a file
// (`helm show values`): this program holds no copy of the chart's values. Pure: values in, stack config or problems out.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { ResolvedArgs, resolveArgs } from "../components/args";
import { PORTS } from "../components/constants";
import { DEFAULT_PROXY_KEY } from "../components/proxies/merge";
import { KeyStyle, checkArgs } from "../components/validation/problems";
import { argsSchema } from "../components/validation/schema";

export interface ImportOptions {
    /** The release namespace (`helm -n`): the stack's `namespace`. Defaults to `"gloo-system"`. */
    namespace?: string;
    /**
     * The chart's own values (`helm show values gloo/gloo --version 1.22.1`, parsed): a value of a key this program
     * does not take that equals the value here (at the same path) is a restated default and dropped. Defaults to none:
     * every key this program does not take is then a problem.
     */
    chartValues?: unknown;
    /**
     * The config schema whose keys are carried. Defaults to the program's (and only then is the result checked with
     * the program's rules); tests pass an extended one to show that a new key needs no change here.
     */
    schema?: z.ZodType;
    /**
     * What the program builds from a stack config, its defaults applied: a carried value that does not change it is
     * dropped. Defaults to `resolveArgs` (everything GlooInstall builds comes from its result); tests pass one that
     * goes with an extended schema.
     */
    resolve?: (config: Record<string, unknown>) => unknown;
}

export interface ImportResult {
    /** The stack config by top-level key (without the `gloo-mtls:` prefix); undefined when there are problems. */
    config?: Record<string, unknown>;
    /** Keys that cannot be carried, each with its reason: nothing may be written while there is one. */
    problems: string[];
    /** What the conversion decided that a reader should know (defaults that differ, settings without effect, hints). */
    notes: string[];
}

type Plain = Record<string, unknown>;
const isMap = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v);

/** A chart key this program takes differently: values it `accepts` (the program's fixed behaviour) are dropped. */
export interface Different {
    /** The values path; `<key>` stands for any key of `gatewayProxies`. */
    path: string;
    reason: string;
    accepts?: (v: unknown) => boolean;
    /** Its value is a secret: never shown in a message. */
    secret?: boolean;
}

const is = (...ok: unknown[]) => (v: unknown) => ok.some((o) => isDeepStrictEqual(o, v));

/**
 * Chart keys this program takes differently or not at all, whatever the config schema says, with the reason. A value
 * an entry accepts is what the program does anyway; any other is a problem.
 */
export const SUPPORTED_DIFFERENTLY: Different[] = [
    { path: "namespace", reason: "the chart's `namespace` block only says whether helm creates the namespace; this program always creates and owns it (give the release namespace with --namespace)", accepts: (v) => isMap(v) && Object.keys(v).every((k) => k === "create") },
    { path: "settings.create", reason: "this program always creates the Settings `default` (gloo's config); it cannot leave it to gloo", accepts: is(true) },
    { path: "settings.singleNamespace", reason: "use settings.watchNamespaces: [<the release namespace>] instead (the same Settings field)", accepts: is(false) },
    { path: "gateway.enabled", reason: "the Gloo Gateway controller and its proxies are what this program installs; it cannot be switched off", accepts: is(true) },
    { path: "gateway.certGenJob.enabled", reason: "this program makes the validation webhook's certificate itself (no certgen Job for it); `gateway.certGenJob.*` here configures the mTLS certgen Job", accepts: is(true) },
    { path: "discovery.enabled", reason: "this program runs no discovery Deployment (upstream discovery is off, as in the chart's default)", accepts: is(false) },
    { path: "kubeGateway.enabled", reason: "Gloo Gateway's Kubernetes Gateway API mode is not installed by this program (Edge API only)", accepts: is(false) },
    { path: "global.glooRbac.create", reason: "this program always creates gloo's RBAC (least privilege, cluster-scoped as the chart's default)", accepts: is(true) },
    { path: "global.glooRbac.namespaced", reason: "RBAC here is cluster-scoped, as the chart's default (gloo watches Services and Secrets across namespaces)", accepts: is(false) },
    ...Object.entries({ xdsPort: PORTS.xds, restXdsPort: PORTS.restXds, validationPort: PORTS.validation, proxyDebugPort: PORTS.proxyDebug }).map(([key, port]) => ({
        path: `gloo.deployment.${key}`,
        reason: "gloo's ports are fixed here: in mTLS mode the sidecar, the proxies' bootstraps, the Service and the NetworkPolicies all depend on them",
        accepts: is(port),
    })),
    { path: "gloo.deployment.ossImageTag", reason: "the annotation gloo.solo.io/oss-image-tag follows global.image.tag here", accepts: is("1.22.1") },
    { path: "enterprise.licenseKey", reason: "a secret, which this command never writes in plain text: pulumi config set --secret --path 'enterprise.licenseKey' <key>", secret: true },
    { path: "license_key", reason: "the enterprise chart's license key is enterprise.licenseKey here, a secret: pulumi config set --secret --path 'enterprise.licenseKey' <key> (this command never writes it in plain text)", secret: true },
    // The enterprise chart nests the open-source chart's values under `gloo:`.
    ...["gatewayProxies", "settings", "gateway", "global", "discovery", "k8s"].map((k) => ({
        path: `gloo.${k}`,
        reason: `the enterprise chart's layout (the open-source chart's values nested under gloo:); this command reads the open-source chart 1.22.1's, where this is the top-level key ${k}: move the block up a level`,
    })),
    { path: "gatewayProxies.<key>.namespace", reason: "every proxy lives in the install's namespace here; a proxy fleet elsewhere is gatewayProxies.<key>.cluster (another cluster)" },
    { path: "gatewayProxies.<key>.stats", reason: "stats are configured for all proxies at once here, with global.glooStats" },
];

/**
 * Keys whose default here is not the chart's (facts of the chart 1.22.1, written here): a value equal to the chart's
 * is carried (it is what the chart would do) with a note, unless `dropChartDefault` says it has no effect there.
 */
const DEFAULTS_THAT_DIFFER: { path: string; chart: unknown; program: (r: ResolvedArgs) => unknown; dropChartDefault?: (values: Plain) => boolean }[] = [
    { path: "global.glooMtls.enabled", chart: false, program: (r) => r.mtls.enabled },
    {
        path: "gateway.certGenJob.cron.schedule",
        chart: "* * * * *",
        program: (r) => r.certGen.cron.schedule,
        // The chart's every-minute schedule matters only with the CronJob on.
        dropChartDefault: (values) => valueAt(values, ["gateway", "certGenJob", "cron", "enabled"]) !== true,
    },
];
const MTLS_NOT_SET =
    "global.glooMtls.enabled is not set: the chart's default is false (plaintext xDS), this program's is true (mTLS); the stack installs mTLS (set it to false in the values file to keep plaintext)";
const CHART_VALUES_HINT =
    "if the values file came from `helm show values` (it restates every chart default), pass the chart's own values too: `helm show values gloo/gloo --version 1.22.1 > chart-values.yaml`, then --chart-values chart-values.yaml drops the keys that only restate them";

function valueAt(o: unknown, path: readonly string[]): unknown {
    return path.reduce<unknown>((x, k) => (isMap(x) ? x[k] : undefined), o);
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "nonoptional", "readonly"]);
/** What the schema takes at a node: keys of its own, any key (a record), or a whole value. */
function nodeKind(schema: z.ZodType): { kind: "object"; shape: Record<string, z.ZodType> } | { kind: "record"; value: z.ZodType } | { kind: "value" } {
    let s = schema as any;
    while (WRAPPERS.has(s.def.type) || s.def.type === "pipe") s = s.def.type === "pipe" ? s.def.in : s.def.innerType;
    if (s.def.type === "object") return { kind: "object", shape: s.def.shape };
    if (s.def.type === "record") return { kind: "record", value: s.def.valueType };
    return { kind: "value" };
}

/** Values paths named as they are written in the values file. */
export const VALUES_KEYS: KeyStyle = {
    key: (path) => path,
    set: (path, value) => `set ${path}: ${value}`,
    remove: (path) => `remove ${path}`,
};

/** The path as written and, under a proxy, as SUPPORTED_DIFFERENTLY names it (`<key>` for the proxy's key). */
const spellings = (path: string[]) => [path.join("."), ...(path[0] === "gatewayProxies" && path.length > 1 ? [["gatewayProxies", "<key>", ...path.slice(2)].join(".")] : [])];

function differentAt(path: string[]): Different | undefined {
    const names = spellings(path);
    return SUPPORTED_DIFFERENTLY.find((d) => names.includes(d.path));
}

/** Whether a key taken differently lies inside the section at `path` (then the section is judged key by key). */
const differentWithin = (path: string[]) => spellings(path).some((name) => SUPPORTED_DIFFERENTLY.some((d) => d.path.startsWith(`${name}.`)));

/**
 * The chart's value at `path` when the file does not set it, from the chart's values the user passed: its default;
 * for an extra proxy, what it inherits from gatewayProxy, which is the chart's default only where the file's
 * gatewayProxy sets nothing on the way to the key (`known` false otherwise: an extra proxy's own value then overrides
 * a setting, it never restates a default). Without the chart's values nothing is known.
 */
function chartDefaultAt(values: Plain, chart: Plain | undefined, path: string[]): { value: unknown; known: boolean } {
    if (!chart) return { value: undefined, known: false };
    if (path[0] === "gatewayProxies" && path.length > 2 && path[1] !== DEFAULT_PROXY_KEY) {
        const base = ["gatewayProxies", DEFAULT_PROXY_KEY, ...path.slice(2)];
        for (let n = 3; n <= base.length; n++) {
            const set = valueAt(values, base.slice(0, n));
            if (set !== undefined && (n === base.length || !isMap(set))) return { value: undefined, known: false };
        }
        return { value: valueAt(chart, base), known: true };
    }
    return { value: valueAt(chart, path), known: true };
}

/** As JSON compares: a property set to undefined is no property. */
const plain = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/**
 * Drops each carried value (at `leaves`) that changes nothing `resolve` makes of the config, i.e. equals this
 * program's default where it is (an extra proxy's inherited value included). Each removal is kept only if the whole
 * config still resolves as the original did, so the result builds exactly what the full config builds. Maps left
 * empty go too, except an extra proxy's own (it exists by its key).
 */
function dropProgramDefaults(config: Plain, leaves: string[][], resolve: (c: Plain) => unknown): Plain {
    const resolved = (c: Plain) => {
        try {
            return { ok: true, value: plain(resolve(c)) };
        } catch {
            return { ok: false, value: undefined };
        }
    };
    const original = resolved(config);
    if (!original.ok) return config;
    let current = config;
    for (const leaf of leaves) {
        const candidate = structuredClone(current);
        for (let n = leaf.length; n > 0; n--) {
            const parent = valueAt(candidate, leaf.slice(0, n - 1)) as Plain | undefined;
            if (!isMap(parent)) break;
            delete parent[leaf[n - 1]];
            const extraProxy = n - 1 === 2 && leaf[0] === "gatewayProxies" && leaf[1] !== DEFAULT_PROXY_KEY;
            if (n === 1 || extraProxy || Object.keys(parent).length > 0) break;
        }
        const r = resolved(candidate);
        if (r.ok && isDeepStrictEqual(r.value, original.value)) current = candidate;
    }
    return current;
}

/**
 * Several values files as helm takes them (`-f a.yaml -f b.yaml`): maps merge key by key, anything else in a later
 * file replaces the earlier value (a `null` too, which then removes the chart's default as in a single file).
 */
export function mergeValuesFiles(files: unknown[]): unknown {
    const merge = (a: unknown, b: unknown): unknown => {
        if (!isMap(a) || !isMap(b)) return structuredClone(b);
        const out: Plain = structuredClone(a);
        for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : structuredClone(v);
        return out;
    };
    return files.reduce<unknown>((acc, f) => (acc === undefined ? structuredClone(f) : merge(acc, f)), undefined) ?? {};
}

const MAX_SHOWN = 120;
/** A value in a message: long blocks (a whole section of the chart's) shortened. */
const shown = (v: unknown) => {
    const text = show(v);
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
};

/** Converts a chart values file (parsed) to stack config; see ImportResult. */
export function importValues(values: unknown, o: ImportOptions = {}): ImportResult {
    const problems: string[] = [];
    const notes: string[] = [];
    if (!isMap(values)) return { problems: [`the values file must be a map of chart keys (got ${shown(values)})`], notes };
    if (o.chartValues !== undefined && !isMap(o.chartValues)) return { problems: [`the chart's values must be a map of chart keys (got ${shown(o.chartValues)})`], notes };
    const chart = o.chartValues;
    const config: Plain = {};
    const leaves: string[][] = [];
    const put = (path: string[], v: unknown) => {
        let c = config;
        for (const k of path.slice(0, -1)) c = (c[k] ??= {}) as Plain;
        c[path[path.length - 1]] = structuredClone(v);
    };
    let unsupported = 0;

    const walk = (v: unknown, path: string[], schema: z.ZodType | undefined) => {
        const key = path.join(".");
        const different = differentAt(path);
        if (different) {
            if (!different.accepts?.(v)) problems.push(`${key}: ${different.secret ? "set" : `got ${shown(v)}`}; ${different.reason}`);
            return;
        }
        const differs = DEFAULTS_THAT_DIFFER.find((d) => d.path === key);
        if (differs && isDeepStrictEqual(v, differs.chart)) {
            if (differs.dropChartDefault?.(values)) return;
            notes.push(`${key}: ${show(v)}, the chart's default, is carried: this program's default is ${show(differs.program(resolveArgs({})))}`);
        }
        const node = schema ? nodeKind(schema) : undefined;
        // A section the config has: each key on its own (a proxy other than the default exists by its key alone).
        if (node && node.kind !== "value" && isMap(v)) {
            if (path[0] === "gatewayProxies" && path.length === 2 && path[1] !== DEFAULT_PROXY_KEY) put(path, {});
            for (const [k, item] of Object.entries(v)) walk(item, [...path, k], node.kind === "object" ? node.shape[k] : node.value);
            return;
        }
        // An empty map: helm merges nothing from it.
        if (isMap(v) && Object.keys(v).length === 0) return;
        // A key the config has: carried, and dropped at the end if it changes nothing this program does.
        if (node) {
            put(path, v);
            leaves.push(path);
            return;
        }
        // A key it does not have: a restated chart default (or null where the chart has nothing) has no effect.
        const dflt = chartDefaultAt(values, chart, path);
        if (dflt.known && (isDeepStrictEqual(v, dflt.value) || (v === null && dflt.value === undefined))) return;
        // A section of the chart's, or one holding a key taken differently: each key is judged on its own.
        if (isMap(v) && (isMap(dflt.value) || differentWithin(path))) {
            for (const [k, item] of Object.entries(v)) walk(item, [...path, k], undefined);
            return;
        }
        const was = dflt.known && dflt.value !== undefined ? ` (the chart's default: ${shown(dflt.value)})` : "";
        problems.push(`${key}: got ${shown(v)}${was}; not supported by this program (no stack config key carries it; see docs/migrating.md)`);
        unsupported++;
    };
    const schema = o.schema ?? argsSchema;
    const shape = nodeKind(schema) as { shape: Record<string, z.ZodType> };
    for (const [k, v] of Object.entries(values)) walk(v, [k], k === "namespace" ? undefined : shape.shape[k]);

    if (o.namespace !== undefined && o.namespace !== "gloo-system") config.namespace = o.namespace;
    if (valueAt(values, ["global", "glooMtls", "enabled"]) === undefined) notes.push(MTLS_NOT_SET);
    if (unsupported > 0 && !chart) notes.push(CHART_VALUES_HINT);
    if (problems.length > 0) return { problems, notes };
    const program = schema === argsSchema;
    if (program) {
        const checked = checkArgs(config, VALUES_KEYS);
        if (checked.problems.length > 0) return { problems: checked.problems, notes };
    }
    const kept = dropProgramDefaults(config, leaves, (o.resolve ?? resolveArgs) as (c: Plain) => unknown);
    // The warnings the stack will print: of what is written.
    if (program) notes.push(...checkArgs(kept, VALUES_KEYS).warnings);
    return { config: kept, problems, notes };
}
