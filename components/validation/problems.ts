// Turning argument problems into one-line messages: the key, the bad value, what is allowed and the fix. The same
// rules serve the component (keys named as argument paths) and the stack loader (keys named as config keys).
import { z } from "zod";
import { clusterRules } from "./clusters";
import { resolveProxies } from "../proxies/resolve";
import { proxyRules } from "./proxies";
import { certificateProblems } from "./certificates";
import { noEffectWarnings } from "./no-effect";
import { SECRET_PATHS, ValidArgs, argsSchema } from "./schema";
import { fleetRules } from "./fleets";

// How keys are named, and the error: in ./keys (the package's declarations carry them, and no zod).
import type { KeyStyle } from "./keys";
export { ARGUMENT_KEYS, ArgumentError } from "./keys";
export type { KeyStyle } from "./keys";

export function keyPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

/** The object schema at `path`, through optionals, refinements and records. */
export function objectAt(path: readonly PropertyKey[], root: z.ZodType = argsSchema): z.ZodObject | undefined {
    let s: z.ZodType = root;
    const unwrap = () => {
        for (let def = (s as any).def; def?.innerType ?? (def?.type === "pipe" ? def.in : undefined); def = (s as any).def) {
            s = def.innerType ?? def.in;
        }
    };
    for (const p of path) {
        unwrap();
        const def = (s as any).def;
        if (def?.type === "record") {
            s = def.valueType;
            continue;
        }
        const shape = (s as any).shape;
        if (!shape || !(String(p) in shape)) return undefined;
        s = shape[String(p)];
    }
    unwrap();
    return (s as any).shape ? (s as z.ZodObject) : undefined;
}

const HIDDEN = Symbol("secret");

function show(v: unknown): string {
    return v === HIDDEN ? "<secret>" : v === undefined ? "nothing" : JSON.stringify(v);
}

function isSecretPath(path: string): boolean {
    // The path itself, inside it, or an object around it (whose input would contain it).
    return SECRET_PATHS.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`) || path === "" || p.startsWith(`${path}.`));
}

/** One line per problem: the full key, the bad value and what is allowed. */
export function describeIssue(issue: z.core.$ZodIssue, style: KeyStyle): string[] {
    const path = keyPath(issue.path);
    if (issue.code === "unrecognized_keys") {
        const allowed = Object.keys(objectAt(issue.path)?.shape ?? {});
        return issue.keys.map((k) => `${style.key(path ? `${path}.${k}` : k)}: unknown key (allowed here: ${allowed.join(", ")})`);
    }
    // A key of a Kubernetes object's spec (a kubeResourceOverride), checked against the object's fields.
    const params = (issue as { params?: { unknownKey?: boolean; allowed?: string[] } }).params;
    if (issue.code === "custom" && params?.unknownKey) return [`${style.key(path)}: unknown key (allowed here: ${(params.allowed ?? []).join(", ")})`];
    const where = style.key(path);
    // Messages that say what they got themselves (values checked against a Gloo CRD's schema).
    if (issue.code === "custom" && issue.params?.bare) return [`${where}: ${issue.message}`];
    const input = isSecretPath(path) ? HIDDEN : (issue as { input?: unknown }).input;
    if (issue.code === "invalid_value") return [`${where}: got ${show(input)}; allowed values are ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`];
    if (issue.code === "invalid_type") return [`${where}: got ${show(input)}; expected ${issue.expected}`];
    return [`${where}: got ${show(input)}; ${issue.message}`];
}

/**
 * Rules that span keys, in describeIssue's one-line style: the key, what it holds, what it needs and the fix.
 * Run on parsed arguments, before any resource exists.
 */
export function crossFieldProblems(c: ValidArgs, style: KeyStyle): string[] {
    const problems: string[] = [];
    const k = style.key;
    const ca = c.certificates?.ca;
    if (ca?.active !== undefined) {
        const trusted = ca.trusted ?? [1];
        if (!trusted.includes(ca.active)) {
            problems.push(`${k("certificates.ca.active")}: got ${ca.active}; must be one of ${k("certificates.ca.trusted")} ${JSON.stringify(trusted)}`);
        }
    }
    if (ca !== undefined) {
        const owners: string[] = [];
        if (c.certificates?.issuer === "certgen") owners.push(`${k("certificates.issuer")} is "certgen" (the in-cluster certgen Job makes the keys)`);
        if (c.gateway?.certGenJob?.cron?.enabled === true) owners.push(`${k("gateway.certGenJob.cron.enabled")} is true (the CronJob rotates the Secret)`);
        for (const owner of owners) {
            problems.push(
                `${k("certificates.ca")}: got ${JSON.stringify(ca)}; not allowed while ${owner}: gloo-mtls-certs would have two owners ` +
                    `(${style.remove("certificates.ca")}, or use issuer "pulumi" with the CronJob disabled to rotate with Pulumi)`,
            );
        }
    }
    problems.push(...writeNamespaceProblems(c, style));
    const legacyReplace = c.settings?.replaceInvalidRoutes;
    if (legacyReplace === true && c.settings?.invalidConfigPolicy?.replaceInvalidRoutes !== true) {
        problems.push(
            `${k("settings.replaceInvalidRoutes")}: got true; has no effect while ${k("settings.invalidConfigPolicy.replaceInvalidRoutes")} is not true: the chart ` +
                `writes both into the Settings' gloo.invalidConfigPolicy, the policy's own key (default false) last, and the last one wins ` +
                `(fix: ${style.set("settings.invalidConfigPolicy.replaceInvalidRoutes", "true")} and ${style.remove("settings.replaceInvalidRoutes")})`,
        );
    }
    problems.push(...certificateProblems(c, style), ...imageNameProblems(c, style));
    const enterprise = c.enterprise?.enabled === true;
    if (enterprise && c.enterprise?.licenseKey === undefined) {
        problems.push(
            `${k("enterprise.licenseKey")}: got nothing; required when ${k("enterprise.enabled")} is true ` +
                `(fix: ${style.set("enterprise.licenseKey", "<your Gloo Enterprise license key>", { secret: true })})`,
        );
    }
    const extensions = [
        ["extAuth", "the extauth server", c.global?.extensions?.extAuth?.enabled],
        ["rateLimit", "the rate-limit server", c.global?.extensions?.rateLimit?.enabled],
    ] as const;
    for (const [key, what, on] of extensions) {
        if (on === true && !enterprise) {
            problems.push(
                `${k(`global.extensions.${key}.enabled`)}: got true; ${what} is Gloo Enterprise only and needs ` +
                    `${k("enterprise.enabled")} true (fix: ${style.set("enterprise.enabled", "true")}, plus the license key)`,
            );
        }
    }
    return problems;
}

/**
 * gloo reads Gateways only from the namespace it writes to (Settings `gateway.readGatewaysFromAllNamespaces` is
 * false here, as in the chart: gateway/pkg/translator GetPredicate): another `settings.writeNamespace` leaves the
 * proxies' Gateways, which live in the install's namespace, unread and the proxies without listeners. The chart
 * renders that; here it is refused while any proxy has a Gateway.
 */
export function writeNamespaceProblems(c: ValidArgs, style: KeyStyle): string[] {
    const ns = c.namespace ?? "gloo-system";
    const write = c.settings?.writeNamespace;
    if (write === undefined || write === ns) return [];
    const withGateways = resolveProxies(c.gatewayProxies)
        .filter((p) => !p.disabled && (p.gateways.http || p.gateways.https))
        .map((p) => p.key);
    if (withGateways.length === 0) return [];
    return [
        `${style.key("settings.writeNamespace")}: got ${JSON.stringify(write)}; gloo reads Gateways only from the namespace it writes to, so the Gateways of ` +
            `${withGateways.map((k) => style.key(`gatewayProxies.${k}`)).join(", ")} (in ${JSON.stringify(ns)}) would be ignored and those proxies get no listeners ` +
            `(fix: ${style.remove("settings.writeNamespace")}, or set gatewaySettings.enabled to false on every proxy and create your Gateways in ${JSON.stringify(write)})`,
    ];
}

/** distribution/reference NameTotalLengthMax: registry and repository of an image reference together. */
export const MAX_IMAGE_NAME = 255;
const DEFAULT_REGISTRY = "quay.io/solo-io";
/** The longest repository an image of the install may get from its registry setting (gloo-ee-envoy-wrapper). */
const LONGEST_REPOSITORY = "gloo-ee-envoy-wrapper".length;

/** Image names longer than container runtimes and registries accept (the API server itself would store them). */
export function imageNameProblems(c: ValidArgs, style: KeyStyle): string[] {
    const problems: string[] = [];
    /** `key` holds `value`, which makes images named `registry/repository`. */
    const check = (key: string, value: string, registry: string, repositoryLength: number) => {
        const length = registry.length + 1 + repositoryLength;
        if (length <= MAX_IMAGE_NAME) return;
        problems.push(
            `${style.key(key)}: got ${JSON.stringify(value)}; makes image names of up to ${length} characters (registry/repository), ` +
                `more than the ${MAX_IMAGE_NAME} container runtimes and registries accept (use a shorter registry or repository path)`,
        );
    };
    const global = c.global?.image?.registry;
    if (global !== undefined) check("global.image.registry", global, global, LONGEST_REPOSITORY);
    const blocks: [string, { registry?: string; repository?: string } | undefined][] = [
        ["global.glooMtls.envoy.image", c.global?.glooMtls?.envoy?.image],
        ["global.glooMtls.sds.image", c.global?.glooMtls?.sds?.image],
        ["redis.deployment.image", c.redis?.deployment?.image],
        ["gloo.deployment.image", c.gloo?.deployment?.image],
        ["gateway.certGenJob.image", c.gateway?.certGenJob?.image],
        ["global.extensions.extAuth.deployment.image", c.global?.extensions?.extAuth?.deployment?.image],
        ["global.extensions.rateLimit.deployment.image", c.global?.extensions?.rateLimit?.deployment?.image],
        ...Object.entries(c.gatewayProxies ?? {}).map(([k, p]) => [`gatewayProxies.${k}.podTemplate.image`, p?.podTemplate?.image] as [string, { registry?: string; repository?: string } | undefined]),
    ];
    for (const [key, o] of blocks) {
        const registry = o?.registry ?? global ?? DEFAULT_REGISTRY;
        if (o?.registry !== undefined) check(`${key}.registry`, o.registry, registry, o.repository?.length ?? LONGEST_REPOSITORY);
        else if (o?.repository !== undefined) check(`${key}.repository`, o.repository, registry, o.repository.length);
    }
    return problems;
}

/** Whether any kubeResourceOverride is given (the final-object check builds every object, so it runs only then). */
function hasOverride(c: ValidArgs): boolean {
    if (c.gloo?.deployment?.kubeResourceOverride) return true;
    return Object.values(c.gatewayProxies ?? {}).some(
        (p) => p?.kubeResourceOverride || p?.service?.kubeResourceOverride || p?.configMap?.kubeResourceOverride || p?.podDisruptionBudget?.kubeResourceOverride || p?.horizontalPodAutoscaler?.kubeResourceOverride,
    );
}

function finalObjectProblems(c: ValidArgs, style: KeyStyle): string[] {
    // Loaded on use: the builders import the components, which import this module.
    const { resolveValidated } = require("../arguments/resolve") as typeof import("../arguments/resolve");
    const { overrideProblems } = require("../overrides") as typeof import("../overrides");
    return overrideProblems(resolveValidated(c as Parameters<typeof resolveValidated>[0], c), style);
}

/**
 * Every problem with `input` as GlooInstallArgs, named in `style`; the parsed value when there is none.
 * Warnings name settings that are accepted but have no effect; the caller reports them.
 */
export function checkArgs(input: unknown, style: KeyStyle): { problems: string[]; warnings: string[]; value?: ValidArgs } {
    // jitless: a program validates once, and zod's generated fast path costs more to build (~8 ms) than it saves.
    const result = argsSchema.safeParse(input, { reportInput: true, jitless: true });
    if (!result.success) return { problems: result.error.issues.flatMap((i) => describeIssue(i, style)), warnings: [] };
    const production = proxyRules(result.data, style);
    const remote = clusterRules(result.data, style);
    const fleets = fleetRules(result.data, style);
    const problems = [...crossFieldProblems(result.data, style), ...production.problems, ...remote.problems, ...fleets.problems];
    // What a kubeResourceOverride makes of the objects, checked on the final objects (only once the values are sound).
    if (problems.length === 0 && hasOverride(result.data)) problems.push(...finalObjectProblems(result.data, style));
    const warnings = [...production.warnings, ...remote.warnings, ...fleets.warnings, ...noEffectWarnings(result.data, style)];
    return problems.length > 0 ? { problems, warnings } : { problems, warnings, value: result.data };
}
