// Typed stack configuration. Keys live in the project namespace `gloo-mtls:` and follow the official
// chart's value paths where the chart has the same setting, so a Helm override file maps 1:1.
// This module only validates; the defaults live once, in code, in components/args.ts (the Pulumi CLI
// applies Pulumi.yaml defaults, mocks do not, so Pulumi.yaml has none).
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { validateCronSchedule, validatePositiveDuration, validateTimeZone } from "./schedule";

export const PROJECT = "gloo-mtls";

/** A configuration problem; raised before any resource is registered. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: string[]) {
        super(`invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
        this.name = "ConfigError";
    }
}

// Syntax rules as the API server and container runtimes apply them.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// distribution/reference: tag = [\w][\w.-]{0,127}
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// host[:port] followed by lowercase path components, e.g. quay.io/solo-io or localhost:5000/mirror
const IMAGE_REGISTRY = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

const dnsLabel = z
    .string()
    .max(63, "must be at most 63 characters (a DNS-1123 label)")
    .regex(DNS1123_LABEL, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit");
const dnsSubdomain = z
    .string()
    .max(253, "must be at most 253 characters")
    .regex(DNS1123_SUBDOMAIN, "must be a DNS-1123 subdomain, e.g. cluster.local");
const imageTag = z.string().regex(IMAGE_TAG, "must be an image tag: letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'");
const imageRegistry = z.string().regex(IMAGE_REGISTRY, "must be a registry host with optional port and path, e.g. quay.io/solo-io");
const pullPolicy = z.enum(["Always", "IfNotPresent", "Never"]);

/** A string checked by one of the upstream-faithful validators; the reason is upstream's, the hint ours. */
const checked = (validate: (s: string) => string | undefined, allowed: string) =>
    z.string().superRefine((v, ctx) => {
        const reason = validate(v);
        if (reason !== undefined) ctx.addIssue({ code: "custom", input: v, message: `${reason} (allowed: ${allowed})` });
    });
const cronSchedule = checked(
    validateCronSchedule,
    'a schedule the Kubernetes API server accepts: 5 fields with day-of-week 0-6, e.g. "0 3 * * 0", or @hourly/@daily/@weekly/@monthly/@yearly/@every <duration>; no TZ= (use cron.timeZone)',
);
const goDuration = checked(validatePositiveDuration, 'a positive Go duration, e.g. "65s", "2m30s", "1h"');
const timeZone = checked(validateTimeZone, 'an IANA time zone name, e.g. "Etc/UTC", "Europe/Berlin"');
const caGeneration = z.number().int().min(1, "must be a CA generation number, 1 or more");

/** Per-image override, as the chart's `*.image` blocks: each unset field falls back to `global.image`. */
const imageOverride = () =>
    z
        .strictObject({
            registry: imageRegistry.optional(),
            repository: z.string().regex(IMAGE_REPOSITORY, "must be a lowercase repository path, e.g. gloo-envoy-wrapper").optional(),
            tag: imageTag.optional(),
            pullPolicy: pullPolicy.optional(),
        })
        .optional();

export const configSchema = z.strictObject({
    namespace: dnsLabel.optional(),
    global: z
        .strictObject({
            image: z
                .strictObject({
                    registry: imageRegistry.optional(),
                    tag: imageTag.optional(),
                    pullPolicy: pullPolicy.optional(),
                })
                .optional(),
            glooMtls: z
                .strictObject({
                    enabled: z.boolean().optional(),
                    envoy: z.strictObject({ image: imageOverride() }).optional(),
                    sds: z
                        .strictObject({
                            image: imageOverride(),
                            logLevel: z.enum(["debug", "info", "warn", "error"]).optional(),
                        })
                        .optional(),
                    networkPolicy: z.strictObject({ enabled: z.boolean().optional() }).optional(),
                })
                .optional(),
            // The enterprise chart's paths for its two extension servers.
            extensions: z
                .strictObject({
                    extAuth: z.strictObject({ enabled: z.boolean().optional() }).optional(),
                    rateLimit: z.strictObject({ enabled: z.boolean().optional() }).optional(),
                })
                .optional(),
        })
        .optional(),
    enterprise: z
        .strictObject({
            enabled: z.boolean().optional(),
            /** A Pulumi secret: never echoed in errors (see SECRET_PATHS). */
            licenseKey: z.string().min(1, "must not be empty").optional(),
            image: z.strictObject({ tag: imageTag.optional() }).optional(),
        })
        .optional(),
    crds: z.strictObject({ enabled: z.boolean().optional() }).optional(),
    k8s: z.strictObject({ clusterName: dnsSubdomain.optional() }).optional(),
    gateway: z
        .strictObject({
            validation: z.strictObject({ enabled: z.boolean().optional() }).optional(),
            certGenJob: z
                .strictObject({
                    rotationDuration: goDuration.optional(),
                    cron: z
                        .strictObject({
                            enabled: z.boolean().optional(),
                            schedule: cronSchedule.optional(),
                            timeZone: timeZone.optional(),
                        })
                        .optional(),
                })
                .optional(),
        })
        .optional(),
    certificates: z
        .strictObject({
            issuer: z.enum(["pulumi", "certgen"]).optional(),
            keyAlgorithm: z.enum(["ECDSA", "RSA"]).optional(),
            caValidityDays: z.number().int().min(1).max(36500).optional(),
            leafValidityDays: z.number().int().min(1).max(3650).optional(),
            ca: z
                .strictObject({
                    trusted: z
                        .array(caGeneration)
                        .min(1, "must list at least one CA generation")
                        .refine((t) => new Set(t).size === t.length, "must not list a CA generation twice")
                        .optional(),
                    active: caGeneration.optional(),
                })
                .optional(),
        })
        .optional(),
    kubernetes: z
        .strictObject({
            kubeconfig: z.string().min(1).optional(),
            context: z.string().min(1).optional(),
            renderYamlTo: z.string().min(1).optional(),
        })
        .optional()
        .refine((k) => !(k?.renderYamlTo && (k.kubeconfig || k.context)), {
            message: "renderYamlTo cannot be combined with kubeconfig or context (the provider renders instead of connecting)",
        }),
});

/** The validated stack configuration: only what the stack sets (defaults are the component's). */
export type StackConfig = z.output<typeof configSchema>;

const TOP_LEVEL_KEYS = Object.keys(configSchema.shape);

function keyPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

/** The object schema at `path`, through defaults, prefaults, optionals and refinements. */
function objectAt(path: readonly PropertyKey[]): z.ZodObject | undefined {
    let s: z.ZodType = configSchema;
    for (const p of [...path, undefined]) {
        for (let def = (s as any).def; def?.innerType ?? (def?.type === "pipe" ? def.in : undefined); def = (s as any).def) {
            s = def.innerType ?? def.in;
        }
        if (p === undefined) break;
        const shape = (s as any).shape;
        if (!shape || !(String(p) in shape)) return undefined;
        s = shape[String(p)];
    }
    return (s as any).shape ? (s as z.ZodObject) : undefined;
}

/** Config paths holding secrets: errors say what is wrong with them, never their value. */
const SECRET_PATHS = ["enterprise.licenseKey"];

function show(v: unknown): string {
    return v === undefined ? "nothing" : JSON.stringify(v);
}

/** One line per problem: the full key, the bad value and what is allowed. */
export function describeIssue(issue: z.core.$ZodIssue): string {
    const where = `${PROJECT}:${keyPath(issue.path)}`;
    if (issue.code === "unrecognized_keys") {
        const allowed = Object.keys(objectAt(issue.path)?.shape ?? {});
        return issue.keys
            .map((k) => `${where ? `${where}.` : `${PROJECT}:`}${k}: unknown key (allowed here: ${allowed.join(", ")})`)
            .join("\n  - ");
    }
    const path = keyPath(issue.path);
    // The path itself, inside it, or an object around it (whose input would contain it).
    const secret = SECRET_PATHS.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`) || (path !== "" && p.startsWith(`${path}.`)));
    const input = secret ? "<secret>" : (issue as { input?: unknown }).input;
    if (issue.code === "invalid_value") {
        return `${where}: got ${show(input)}; allowed values are ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    if (issue.code === "invalid_type") {
        return `${where}: got ${show(input)}; expected ${issue.expected}`;
    }
    return `${where}: got ${show(input)}; ${issue.message}`;
}

/**
 * Parses the raw `gloo-mtls:*` config (values as the engine passes them: strings, structured values as
 * JSON strings) into a validated StackConfig, or throws a ConfigError listing every problem.
 */
export function parseStackConfig(raw: Record<string, string>): StackConfig {
    const problems: string[] = [];
    const values: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(raw)) {
        if (!fullKey.startsWith(`${PROJECT}:`)) continue;
        const key = fullKey.slice(PROJECT.length + 1);
        if (!TOP_LEVEL_KEYS.includes(key)) {
            const hint = key.includes(".") ? ` (set nested keys with --path, e.g. pulumi config set --path '${key}' …)` : "";
            problems.push(`${fullKey}: unknown key${hint} (allowed: ${TOP_LEVEL_KEYS.join(", ")})`);
            continue;
        }
        values[key] = decodeValue(value);
    }
    const result = configSchema.safeParse(values, { reportInput: true });
    if (!result.success) problems.push(...result.error.issues.map(describeIssue));
    else problems.push(...crossFieldProblems(result.data));
    if (problems.length > 0) throw new ConfigError(problems);
    return result.data!;
}

/**
 * Rules that span keys, in describeIssue's one-line style: the key, what it holds, what it needs and the fix.
 * Run on the parsed config, before any resource exists.
 */
export function crossFieldProblems(c: StackConfig): string[] {
    const problems: string[] = [];
    const ca = c.certificates?.ca;
    if (ca?.active !== undefined) {
        const trusted = ca.trusted ?? [1];
        if (!trusted.includes(ca.active)) {
            problems.push(`${PROJECT}:certificates.ca.active: got ${ca.active}; must be one of certificates.ca.trusted ${JSON.stringify(trusted)}`);
        }
    }
    if (ca !== undefined) {
        const owners: string[] = [];
        if (c.certificates?.issuer === "certgen") owners.push('certificates.issuer is "certgen" (the in-cluster certgen Job makes the keys)');
        if (c.gateway?.certGenJob?.cron?.enabled === true) owners.push("gateway.certGenJob.cron.enabled is true (the CronJob rotates the Secret)");
        for (const owner of owners) {
            problems.push(
                `${PROJECT}:certificates.ca: got ${JSON.stringify(ca)}; not allowed while ${owner}: gloo-mtls-certs would have two owners ` +
                    `(remove certificates.ca, or use issuer "pulumi" with the CronJob disabled to rotate with Pulumi)`,
            );
        }
    }
    const enterprise = c.enterprise?.enabled === true;
    if (enterprise && c.enterprise?.licenseKey === undefined) {
        problems.push(
            `${PROJECT}:enterprise.licenseKey: got nothing; required when ${PROJECT}:enterprise.enabled is true ` +
                `(fix: pulumi config set --secret --path 'enterprise.licenseKey' <your Gloo Enterprise license key>)`,
        );
    }
    const extensions = [
        ["extAuth", "the extauth server", c.global?.extensions?.extAuth?.enabled],
        ["rateLimit", "the rate-limit server", c.global?.extensions?.rateLimit?.enabled],
    ] as const;
    for (const [key, what, on] of extensions) {
        if (on === true && !enterprise) {
            problems.push(
                `${PROJECT}:global.extensions.${key}.enabled: got true; ${what} is Gloo Enterprise only and needs ` +
                    `${PROJECT}:enterprise.enabled true (fix: pulumi config set --path 'enterprise.enabled' true, plus the license key)`,
            );
        }
    }
    return problems;
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

/** Reads this stack's configuration from the Pulumi engine. */
export function loadStackConfig(): StackConfig {
    return parseStackConfig(pulumi.runtime.allConfig());
}
