// The rules every GlooInstall argument obeys, written once: the component checks its arguments with them and
// the stack loader checks stack config with them (the config is shaped like the arguments, the chart's value
// paths). Only syntax and ranges live here; rules that span keys are in ./problems.
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { validateCronSchedule, validatePositiveDuration, validateTimeZone } from "./schedule";
import { annotationMap, cidr, isIp, port, resources as resourcesSchema } from "./k8s-shapes";
import { imageOverride, imageRegistry, imageTag, pullPolicy } from "./image";
import { GLOO_LOG_LEVELS, gatewayProxiesSchema, glooDeploymentSchema, glooPdbSchema } from "./proxy-schema";
import { glooStatsSchema, settingsSchema } from "./settings-schema";

// Syntax rules as the API server and container runtimes apply them.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const dnsLabel = z
    .string()
    .max(63, "must be at most 63 characters (a DNS-1123 label)")
    .regex(DNS1123_LABEL, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit");
export const dnsSubdomain = z
    .string()
    .max(253, "must be at most 253 characters")
    .regex(DNS1123_SUBDOMAIN, "must be a DNS-1123 subdomain, e.g. cluster.local");
/** A DNS name that is resolved and sent as SNI: a subdomain whose labels are at most 63 characters (RFC 1035). */
const dnsName = dnsSubdomain.refine((v) => v.split(".").every((l) => l.length <= 63), "each label (between dots) must be at most 63 characters: a DNS name with a longer label resolves nowhere");

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
const caGeneration = z.number().int().min(1, "must be a CA generation number, 1 or more").max(1000000, "must be a CA generation number, at most 1000000");

const isEventual = (v: unknown): boolean => pulumi.Output.isInstance(v) || (!!v && typeof (v as { then?: unknown }).then === "function");

/**
 * A value that may come from another resource (an Output or a Promise, checked when it resolves) or be given
 * plainly (checked now by `inner`). Stack config is always plain.
 */
export function eventually<T extends z.ZodType>(inner: T) {
    const schema = z.custom<pulumi.Input<z.output<T>>>().superRefine((v, ctx) => {
        if (isEventual(v)) return;
        const r = inner.safeParse(v, { reportInput: true, jitless: true }); // jitless: see checkArgs
        if (r.success) return;
        for (const issue of r.error.issues) {
            const message = issue.code === "invalid_type" ? `expected ${issue.expected}` : issue.message;
            ctx.addIssue({ code: "custom", input: v, path: issue.path, message });
        }
    });
    EVENTUAL.set(schema, inner);
    return schema;
}

const EVENTUAL = new WeakMap<z.ZodType, z.ZodType>();
/** The rule a plain value given to an `eventually(…)` schema is checked by (for tools that walk the schema). */
export function eventualInner(schema: z.ZodType): z.ZodType | undefined {
    return EVENTUAL.get(schema);
}


/** The fields that say how to reach a cluster: the same wherever a cluster is configured (`kubernetes`, `clusters.<key>`). */
const accessFields = () => ({
    kubeconfig: eventually(z.string().min(1)).optional(),
    context: z.string().min(1).optional(),
    renderYamlTo: z.string().min(1).optional(),
});
const RENDER_ALONE = {
    message: "renderYamlTo cannot be combined with kubeconfig or context (the provider renders instead of connecting)",
};
const rendersAlone = (k: { renderYamlTo?: string; kubeconfig?: unknown; context?: string } | undefined) => !(k?.renderYamlTo && (k.kubeconfig || k.context));

/** How to reach gloo's cluster (`kubernetes.*`). */
const clusterAccess = () => z.strictObject(accessFields()).optional().refine(rendersAlone, RENDER_ALONE);

const OPAQUE = new WeakSet<z.ZodType>();
/** Whether `schema` takes an object instance of the library API (a provider), which has no keys of config. */
export function isOpaqueInstance(schema: z.ZodType): boolean {
    return OPAQUE.has(schema);
}
/** A Kubernetes provider object: library use only (stack config cannot hold one). */
const kubernetesProvider = (() => {
    const schema = z.custom<KubernetesProvider>((v) => KubernetesProvider.isInstance(v), {
        message: "must be a Kubernetes provider (a k8s.Provider object; library use only: stack config sets kubeconfig, context or renderYamlTo instead)",
    });
    OPAQUE.add(schema);
    return schema;
})();

/**
 * Another cluster (`clusters.<key>`), where gateway proxy fleets may run: `kubernetes.*`'s fields with its rules,
 * or (library use) a provider of the caller's. Rules across keys are in ./clusters.
 */
const remoteCluster = z.strictObject({ ...accessFields(), provider: kubernetesProvider.optional() }).refine(rendersAlone, RENDER_ALONE);

/** The name remote proxies dial for gloo's xDS: a DNS name (gloo's certificate has no IP SANs), fully qualified. */
const externalName = z
    .string()
    .max(253, "must be at most 253 characters")
    .superRefine((v, ctx) => {
        const why = isIp(v)
            ? "is an IP address: remote proxies check gloo's certificate against the name they dial, and the certificate carries DNS names only (no IP SANs); use a DNS name whose record points at the gloo-xds-external load balancer"
            : !DNS1123_SUBDOMAIN.test(v)
              ? "must be a DNS name (lowercase), e.g. xds.gloo.example.com"
              : v.split(".").some((l) => l.length > 63)
                ? "each label (between dots) must be at most 63 characters: remote proxies dial it and send it as SNI"
              : !v.includes(".")
                ? "must be a fully qualified DNS name, e.g. xds.gloo.example.com: a single label would resolve through the remote cluster's own search domains"
                : undefined;
        if (why) ctx.addIssue({ code: "custom", input: v, message: why });
    });

/** `gloo.xdsExternal`: gloo's xDS (the envoy-sidecar's mutual-TLS port only) reachable from other clusters. */
const xdsExternalSchema = z.strictObject({
    address: externalName,
    port: port.optional(),
    service: z
        .strictObject({
            type: z
                .string()
                .refine((t) => t === "LoadBalancer" || t === "NodePort", "must be LoadBalancer or NodePort: the Service is for clients in other clusters, which a ClusterIP does not reach")
                .optional(),
            extraAnnotations: annotationMap.optional(),
            loadBalancerSourceRanges: z.array(cidr).optional(),
        })
        .optional(),
});

/** How the render and its table name gloo's own cluster; no key of `clusters` may take it. */
export const GLOO_CLUSTER = "gloo";

/** Namespaces Kubernetes or other software owns: the install's Namespace is retained on delete and carries its labels. */
export const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];
const installNamespace = dnsLabel.refine((ns) => !RESERVED_NAMESPACES.includes(ns), {
    message: `must be a namespace of its own, not one of ${RESERVED_NAMESPACES.join(", ")} (the install owns, labels and retains its namespace)`,
});

/** The schema of GlooInstallArgs (and of the stack config, which has the same shape). */
export const argsSchema = z.strictObject({
    namespace: installNamespace.optional(),
    global: z
        .strictObject({
            image: z
                .strictObject({
                    registry: imageRegistry.optional(),
                    tag: imageTag.optional(),
                    pullPolicy: pullPolicy.optional(),
                    /** The Secret every pod pulls its images with (`imagePullSecrets`). */
                    pullSecret: dnsSubdomain.optional(),
                })
                .optional(),
            glooMtls: z
                .strictObject({
                    enabled: z.boolean().optional(),
                    envoy: z.strictObject({ image: imageOverride.optional() }).optional(),
                    sds: z
                        .strictObject({
                            image: imageOverride.optional(),
                            logLevel: z.enum(["debug", "info", "warn", "error"]).optional(),
                        })
                        .optional(),
                    networkPolicy: z.strictObject({ enabled: z.boolean().optional() }).optional(),
                    envoySidecarResources: resourcesSchema.optional(),
                    sdsResources: resourcesSchema.optional(),
                })
                .optional(),
            glooStats: glooStatsSchema.optional(),
            // The enterprise chart's paths for its two extension servers.
            extensions: z
                .strictObject({
                    extAuth: z.strictObject({ enabled: z.boolean().optional(), deployment: z.strictObject({ image: imageOverride.optional(), resources: resourcesSchema.optional() }).optional() }).optional(),
                    rateLimit: z.strictObject({ enabled: z.boolean().optional(), deployment: z.strictObject({ image: imageOverride.optional(), resources: resourcesSchema.optional() }).optional() }).optional(),
                })
                .optional(),
        })
        .optional(),
    enterprise: z
        .strictObject({
            enabled: z.boolean().optional(),
            /** A secret: never echoed in errors (see SECRET_PATHS). */
            licenseKey: eventually(z.string().min(1, "must not be empty")).optional(),
            image: z.strictObject({ tag: imageTag.optional() }).optional(),
        })
        .optional(),
    settings: settingsSchema.optional(),
    gloo: z
        .strictObject({
            deployment: glooDeploymentSchema.optional(),
            podDisruptionBudget: glooPdbSchema.optional(),
            logLevel: z.enum(GLOO_LOG_LEVELS).optional(),
            xdsExternal: xdsExternalSchema.optional(),
        })
        .optional(),
    gatewayProxies: gatewayProxiesSchema.optional(),
    // The enterprise chart's top-level Redis block (rate limiting).
    redis: z.strictObject({ deployment: z.strictObject({ image: imageOverride.optional(), resources: resourcesSchema.optional() }).optional() }).optional(),
    crds: z.strictObject({ enabled: z.boolean().optional() }).optional(),
    k8s: z.strictObject({ clusterName: dnsName.optional() }).optional(),
    gateway: z
        .strictObject({
            validation: z.strictObject({ enabled: z.boolean().optional() }).optional(),
            certGenJob: z
                .strictObject({
                    image: imageOverride.optional(),
                    rotationDuration: goDuration.optional(),
                    resources: resourcesSchema.optional(),
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
    kubernetes: clusterAccess(),
    clusters: z
        .record(z.string(), remoteCluster)
        .superRefine((m, ctx) => {
            for (const k of Object.keys(m)) {
                const why = !DNS1123_LABEL.test(k) || k.length > 63
                    ? "must be a DNS-1123 label (lowercase letters, digits and '-', at most 63): it names the cluster's render directory and its objects' Pulumi names"
                    : k === GLOO_CLUSTER
                      ? `"${GLOO_CLUSTER}" names gloo's own cluster (in the render and its table): use another key`
                      : undefined;
                if (why) ctx.addIssue({ code: "custom", input: k, path: [k], message: `key ${JSON.stringify(k)}: ${why}` });
            }
        })
        .optional(),
});

/** Validated arguments: only what was given (defaults are applied by resolveArgs). */
export type ValidArgs = z.output<typeof argsSchema>;

/** Paths holding secrets: messages say what is wrong with them, never their value. */
export const SECRET_PATHS = ["enterprise.licenseKey"];
