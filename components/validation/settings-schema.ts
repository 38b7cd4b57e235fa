// The chart 1.22.1 keys of the Settings `default` (`settings.*`, template 18-settings.yaml) and of the stats
// endpoints (`global.glooStats`) this program supports, with the rules gloo and Envoy apply to them.
import { z } from "zod";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const namespace = z
    .string()
    .max(63, "must be at most 63 characters (a namespace name)")
    .regex(DNS1123_LABEL, "must be a namespace name: lowercase letters, digits and '-', starting and ending with a letter or digit");

/** `settings.invalidConfigPolicy`: what gloo serves in place of a route it cannot translate. */
export const invalidConfigPolicySchema = z.strictObject({
    replaceInvalidRoutes: z.boolean().optional(),
    // Envoy's DirectResponseAction status: [200, 600).
    invalidRouteResponseCode: z.number().int().min(200, "must be an HTTP status 200 to 599 (Envoy's direct response range)").max(599, "must be an HTTP status 200 to 599 (Envoy's direct response range)").optional(),
    invalidRouteResponseBody: z.string().optional(),
});

/** `settings`: the keys of chart 1.22.1 this program supports. */
export const settingsSchema = z.strictObject({
    watchNamespaces: z
        .array(namespace)
        .refine((l) => new Set(l).size === l.length, "must not list a namespace twice")
        .optional(),
    writeNamespace: namespace.optional(),
    invalidConfigPolicy: invalidConfigPolicySchema.optional(),
    replaceInvalidRoutes: z.boolean().optional(),
    disableKubernetesDestinations: z.boolean().optional(),
    ipV4Only: z.boolean().optional(),
});

/** An HTTP path Envoy rewrites the matched prefix to. */
const rewritePath = z.string().regex(/^\/[^\s]*$/, 'must be an HTTP path starting with "/", without spaces, e.g. /stats/prometheus');

/** `global.glooStats`: the stats endpoints of gloo and every gateway proxy. */
export const glooStatsSchema = z.strictObject({
    enabled: z.boolean().optional(),
    routePrefixRewrite: rewritePath.optional(),
    setDatadogAnnotations: z.boolean().optional(),
    enableStatsRoute: z.boolean().optional(),
    statsPrefixRewrite: rewritePath.optional(),
    serviceMonitorEnabled: z.boolean().optional(),
    podMonitorEnabled: z.boolean().optional(),
});
