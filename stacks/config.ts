// Stack configuration: the `gloo-mtls:*` keys of a stack, shaped like GlooInstallArgs (the chart's value paths),
// checked with the component's own rules (components/validation) and named as config keys in messages. The
// defaults live once, in code, in components/arguments/resolve.ts (the Pulumi CLI applies Pulumi.yaml defaults, mocks do
// not, so Pulumi.yaml has none).
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError, KeyStyle, checkArgs } from "../components/validation/problems";
import { ValidArgs, argsSchema } from "../components/validation/schema";

export const PROJECT = "gloo-mtls";

/** The validated stack configuration: only what the stack sets (defaults are the component's). */
export type StackConfig = ValidArgs;
/** The rules of stack config: the component's argument schema. */
export const configSchema = argsSchema;

/** A configuration problem; raised before any resource is registered. */
export class ConfigError extends ArgumentError {
    constructor(problems: string[]) {
        super(problems, "invalid stack configuration");
        this.name = "ConfigError";
    }
}

/** Keys named as `gloo-mtls:` config keys, fixed with `pulumi config`. */
export const CONFIG_KEYS: KeyStyle = {
    key: (path) => `${PROJECT}:${path}`,
    set: (path, value, o) => `pulumi config set${o?.secret ? " --secret" : ""} --path '${path}' ${value}`,
    remove: (path) => `pulumi config rm --path '${path}'`,
};

const TOP_LEVEL_KEYS = Object.keys(argsSchema.shape);

/**
 * Config of other namespaces that the engine passes along. `pulumi:` keys are the engine's own; the default
 * providers' keys (`kubernetes:context` …) have no effect here: every resource uses the program's explicit
 * provider, configured by `gloo-mtls:kubernetes.*`.
 */
function foreignKeyProblem(fullKey: string): string | undefined {
    const [ns, key] = [fullKey.slice(0, fullKey.indexOf(":")), fullKey.slice(fullKey.indexOf(":") + 1)];
    if (ns === "pulumi") return undefined;
    if (ns === "kubernetes") {
        const ours: Record<string, string> = { context: "context", kubeconfig: "kubeconfig", renderYamlToDirectory: "renderYamlTo" };
        const hint = ours[key]
            ? `use ${PROJECT}:kubernetes.${ours[key]} (pulumi config rm ${fullKey} && pulumi config set --path 'kubernetes.${ours[key]}' …)`
            : `remove it (pulumi config rm ${fullKey})`;
        return `${fullKey}: configures Pulumi's default Kubernetes provider, which this program never uses (every resource goes through its explicit provider, so the deploy would go to the ambient context); ${hint}`;
    }
    const close = TOP_LEVEL_KEYS.includes(key) ? ` (did you mean ${PROJECT}:${key}?)` : "";
    return `${fullKey}: belongs to project "${ns}", not to this program ("${PROJECT}")${close}; remove it (pulumi config rm ${fullKey})`;
}

/**
 * Parses the raw config (values as the engine passes them: strings, structured values as JSON strings) into a
 * validated StackConfig, or throws a ConfigError listing every problem.
 */
export function parseStackConfig(raw: Record<string, string>): StackConfig {
    return checkStackConfig(raw).config;
}

/** parseStackConfig, plus the warnings: settings that are accepted but have no effect. */
export function checkStackConfig(raw: Record<string, string>): { config: StackConfig; warnings: string[] } {
    const problems: string[] = [];
    const values: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(raw)) {
        if (!fullKey.startsWith(`${PROJECT}:`)) {
            const p = foreignKeyProblem(fullKey);
            if (p) problems.push(p);
            continue;
        }
        const key = fullKey.slice(PROJECT.length + 1);
        if (!TOP_LEVEL_KEYS.includes(key)) {
            const hint = key.includes(".") ? ` (set nested keys with --path, e.g. pulumi config set --path '${key}' …)` : "";
            problems.push(`${fullKey}: unknown key${hint} (allowed: ${TOP_LEVEL_KEYS.join(", ")})`);
            continue;
        }
        values[key] = decodeValue(value);
    }
    const checked = checkArgs(values, CONFIG_KEYS);
    problems.push(...checked.problems);
    if (problems.length > 0) throw new ConfigError(problems);
    return { config: checked.value!, warnings: checked.warnings };
}

// The engine passes structured values as JSON text and top-level scalars as plain text.
function decodeValue(value: string): unknown {
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
        try {
            return JSON.parse(t);
        } catch {
            return value;
        }
    }
    return value;
}

/** Reads this stack's configuration from the Pulumi engine; reports its warnings under the config keys. */
export function loadStackConfig(): StackConfig {
    const { config, warnings } = checkStackConfig(pulumi.runtime.allConfig());
    for (const w of warnings) void pulumi.log.warn(w);
    return config;
}
