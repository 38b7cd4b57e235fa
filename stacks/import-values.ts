// From a chart values file to this program's stack config (`npm run import-values`): every key the config schema has
// is carried to the same path, a value equal to the chart's default is dropped, and any other key is a problem named
// with its reason, so a migration never loses a setting silently. Which keys are carried follows the config schema
// itself (a key added to it is imported without touching this file); the few keys this program takes differently
// are in SUPPORTED_DIFFERENTLY with the reason. Pure: values in, stack config or problems out.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { DEFAULT_PROXY_KEY } from "../components/proxies/merge";
import { KeyStyle, checkArgs } from "../components/validation/problems";
import { argsSchema } from "../components/validation/schema";
import { CHART_DEFAULTS } from "./chart-defaults";

export interface ImportOptions {
    /** The release namespace (`helm -n`): the stack's `namespace`. Defaults to `"gloo-system"`. */
    namespace?: string;
    /**
     * The config schema whose keys are carried. Defaults to the program's (and only then is the result checked with
     * the program's rules); tests pass an extended one to show that a new key needs no change here.
     */
    schema?: z.ZodType;
}

export interface ImportResult {
    /** The stack config by top-level key (without the `gloo-mtls:` prefix); undefined when there are problems. */
    config?: Record<string, unknown>;
    /** Keys that cannot be carried, each with its reason: nothing may be written while there is one. */
    problems: string[];
    /** What the conversion decided that a reader should know (defaults that differ, settings without effect). */
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
    ...["xdsPort", "restXdsPort", "validationPort", "proxyDebugPort"].map((k) => ({
        path: `gloo.deployment.${k}`,
        reason: "gloo's ports are fixed here: in mTLS mode the sidecar, the proxies' bootstraps, the Service and the NetworkPolicies all depend on them",
        accepts: is(CHART_DEFAULTS_AT(["gloo", "deployment", k])),
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

/** The chart default at a path of its values (undefined where it has none). */
function CHART_DEFAULTS_AT(path: readonly string[]): unknown {
    return path.reduce<unknown>((o, k) => (isMap(o) ? o[k] : undefined), CHART_DEFAULTS);
}

/**
 * Keys whose default here is not the chart's: a value equal to the chart's is carried (it is what the chart would
 * do), unless `dropChartDefault` says it has no effect there.
 */
const PROGRAM_DEFAULTS: { path: string; program: unknown; note: string; dropChartDefault?: (values: Plain) => boolean }[] = [
    {
        path: "global.glooMtls.enabled",
        program: true,
        note: "global.glooMtls.enabled is not set: the chart's default is false (plaintext xDS), this program's is true (mTLS); the stack installs mTLS (set it to false in the values file to keep plaintext)",
    },
    {
        path: "gateway.certGenJob.cron.schedule",
        program: "0 3 * * 0",
        note: "",
        // The chart's every-minute schedule matters only with the CronJob on.
        dropChartDefault: (values) => valueAt(values, ["gateway", "certGenJob", "cron", "enabled"]) !== true,
    },
];

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

function differentAt(path: string[]): Different | undefined {
    const generic = path[0] === "gatewayProxies" && path.length > 2 ? ["gatewayProxies", "<key>", ...path.slice(2)].join(".") : undefined;
    return SUPPORTED_DIFFERENTLY.find((d) => d.path === path.join(".") || d.path === generic);
}

/**
 * The chart's value at `path` when the file does not set it: its default; for an extra proxy, what it inherits from
 * gatewayProxy, which is the chart's default only where the file's gatewayProxy sets nothing on the way to the key
 * (`known` false otherwise: an extra proxy's own value then overrides a setting, it never restates a default).
 */
function defaultAt(values: Plain, path: string[]): { value: unknown; known: boolean } {
    if (path[0] === "gatewayProxies" && path.length > 2 && path[1] !== DEFAULT_PROXY_KEY) {
        const base = ["gatewayProxies", DEFAULT_PROXY_KEY, ...path.slice(2)];
        for (let n = 3; n <= base.length; n++) {
            const set = valueAt(values, base.slice(0, n));
            if (set !== undefined && (n === base.length || !isMap(set))) return { value: undefined, known: false };
        }
        return { value: CHART_DEFAULTS_AT(base), known: true };
    }
    return { value: CHART_DEFAULTS_AT(path), known: true };
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

/** Converts a chart values file (parsed) to stack config; see ImportResult. */
export function importValues(values: unknown, o: ImportOptions = {}): ImportResult {
    const problems: string[] = [];
    const notes: string[] = [];
    if (!isMap(values)) return { problems: [`the values file must be a map of chart keys (got ${show(values)})`], notes };
    const config: Plain = {};
    const put = (path: string[], v: unknown) => {
        let c = config;
        for (const k of path.slice(0, -1)) c = (c[k] ??= {}) as Plain;
        c[path[path.length - 1]] = structuredClone(v);
    };

    const walk = (v: unknown, path: string[], schema: z.ZodType | undefined) => {
        const key = path.join(".");
        const different = differentAt(path);
        if (different) {
            if (!different.accepts?.(v)) problems.push(`${key}: ${different.secret ? "set" : `got ${show(v)}`}; ${different.reason}`);
            return;
        }
        const programDefault = PROGRAM_DEFAULTS.find((d) => d.path === key);
        const chart = defaultAt(values, path);
        if (programDefault) {
            if (isDeepStrictEqual(v, programDefault.program)) return;
            const chartDefault = isDeepStrictEqual(v, chart.value);
            if (chartDefault && programDefault.dropChartDefault?.(values)) return;
            if (chartDefault) notes.push(`${key}: ${show(v)}, the chart's default, is carried: this program's default is ${show(programDefault.program)}`);
            put(path, v);
            return;
        }
        const node = schema ? nodeKind(schema) : undefined;
        // A section the config has: each key on its own (a proxy other than the default exists by its key alone).
        if (node && node.kind !== "value" && isMap(v)) {
            if (path[0] === "gatewayProxies" && path.length === 2 && path[1] !== DEFAULT_PROXY_KEY) put(path, {});
            for (const [k, item] of Object.entries(v)) walk(item, [...path, k], node.kind === "object" ? node.shape[k] : node.value);
            return;
        }
        // A restated default, an empty map (helm merges nothing from it) or null where the chart has nothing: no effect.
        const restated = chart.known && (isDeepStrictEqual(v, chart.value) || (v === null && chart.value === undefined));
        if (restated || (isMap(v) && Object.keys(v).length === 0)) return;
        // A section of the chart's the config does not have: each key is judged on its own (most restate defaults).
        if (!node && isMap(v) && isMap(chart.value)) {
            for (const [k, item] of Object.entries(v)) walk(item, [...path, k], undefined);
            return;
        }
        if (!node) {
            const was = chart.known && chart.value !== undefined ? ` (the chart's default: ${show(chart.value)})` : "";
            problems.push(`${key}: got ${show(v)}${was}; not supported by this program (no stack config key carries it; see docs/migrating.md)`);
            return;
        }
        put(path, v);
    };
    const schema = o.schema ?? argsSchema;
    const shape = nodeKind(schema) as { shape: Record<string, z.ZodType> };
    for (const [k, v] of Object.entries(values)) walk(v, [k], k === "namespace" ? undefined : shape.shape[k]);

    if (o.namespace !== undefined && o.namespace !== "gloo-system") config.namespace = o.namespace;
    const mtls = PROGRAM_DEFAULTS.find((d) => d.path === "global.glooMtls.enabled")!;
    if (valueAt(values, ["global", "glooMtls", "enabled"]) === undefined) notes.push(mtls.note);
    if (problems.length > 0) return { problems, notes };
    if (schema !== argsSchema) return { config, problems, notes };
    const checked = checkArgs(config, VALUES_KEYS);
    if (checked.problems.length > 0) return { problems: checked.problems, notes };
    notes.push(...checked.warnings);
    return { config, problems, notes };
}
