// Settings that are accepted but do nothing in the configuration they are in: warnings, each naming the key, why,
// and how to remove it. The install goes on.
import type { KeyStyle } from "./problems";
import type { ValidArgs } from "./schema";

/** The keys set below `prefix` in `v` (its own, one level down), or `prefix` itself when it holds none. */
function setKeys(prefix: string, v: object | undefined | null): string[] {
    const keys = Object.entries(v ?? {})
        .filter(([, x]) => x !== undefined)
        .map(([key]) => `${prefix}.${key}`);
    return keys.length > 0 ? keys : [prefix];
}

/** Settings that are accepted but do nothing in this configuration: each names the key, why and the fix. */
export function noEffectWarnings(c: ValidArgs, style: KeyStyle): string[] {
    const warnings: string[] = [];
    const k = style.key;
    const cron = c.gateway?.certGenJob?.cron;
    if (cron?.enabled !== true) {
        for (const key of ["schedule", "timeZone"] as const) {
            if (cron?.[key] !== undefined) {
                warnings.push(`${k(`gateway.certGenJob.cron.${key}`)} is set but ${k("gateway.certGenJob.cron.enabled")} is not true: no CronJob uses it (${style.remove(`gateway.certGenJob.cron.${key}`)}, or enable the CronJob)`);
            }
        }
    }
    const mtls = c.global?.glooMtls?.enabled !== false;
    const certgenRuns = mtls && (c.certificates?.issuer === "certgen" || cron?.enabled === true);
    const noCertgen = `no certgen Job or CronJob runs (${mtls ? "certificates.issuer pulumi, CronJob off" : `${k("global.glooMtls.enabled")} is false`})`;
    for (const key of ["rotationDuration", "resources", "image"] as const) {
        if (c.gateway?.certGenJob?.[key] !== undefined && !certgenRuns) {
            warnings.push(`${k(`gateway.certGenJob.${key}`)} is set but ${noCertgen}: it has no effect (${style.remove(`gateway.certGenJob.${key}`)})`);
        }
    }
    if (!mtls) {
        if (cron?.enabled === true) {
            for (const key of setKeys("gateway.certGenJob.cron", cron)) {
                warnings.push(`${k(key)} is set but ${k("global.glooMtls.enabled")} is false: there are no mTLS certificates to rotate and no CronJob is created (${style.remove("gateway.certGenJob.cron")})`);
            }
        }
        const certs = c.certificates;
        for (const key of [...(certs?.issuer !== undefined ? ["certificates.issuer"] : []), ...(certs?.ca !== undefined ? setKeys("certificates.ca", certs.ca) : [])]) {
            warnings.push(`${k(key)} is set but ${k("global.glooMtls.enabled")} is false: there is no gloo-mtls-certs Secret to issue (${style.remove(key)})`);
        }
    }
    // Pulumi's keys: the mTLS Secret's (issuer pulumi; with the CronJob, its first version) and the webhook's.
    const pulumiMtls = mtls && (c.certificates?.issuer ?? "pulumi") === "pulumi";
    const webhook = c.gateway?.validation?.enabled !== false;
    if (!pulumiMtls && !webhook) {
        for (const key of ["keyAlgorithm", "caValidityDays", "leafValidityDays"] as const) {
            if (c.certificates?.[key] === undefined) continue;
            const why = mtls ? `${k("certificates.issuer")} is "certgen" (certgen makes its own keys)` : `${k("global.glooMtls.enabled")} is false`;
            warnings.push(`${k(`certificates.${key}`)} is set but Pulumi issues no certificate: ${why} and ${k("gateway.validation.enabled")} is false (no webhook certificate); it has no effect (${style.remove(`certificates.${key}`)})`);
        }
    }
    const ext = c.global?.extensions;
    for (const [key, on] of [["extAuth", ext?.extAuth?.enabled], ["rateLimit", ext?.rateLimit?.enabled]] as const) {
        if (ext?.[key]?.deployment === undefined || on === true) continue;
        for (const set of setKeys(`global.extensions.${key}.deployment`, ext[key]!.deployment)) {
            warnings.push(`${k(set)} is set but ${k(`global.extensions.${key}.enabled`)} is not true: there is no such server (${style.remove(set)})`);
        }
    }
    if (c.redis !== undefined && ext?.rateLimit?.enabled !== true) {
        for (const set of c.redis.deployment !== undefined ? setKeys("redis.deployment", c.redis.deployment) : ["redis"]) {
            warnings.push(`${k(set)} is set but ${k("global.extensions.rateLimit.enabled")} is not true: Redis runs only for the rate-limit server (${style.remove(set)})`);
        }
    }
    if (c.gloo?.deployment?.replicas === 0) {
        warnings.push(`${k("gloo.deployment.replicas")} is 0: no control plane runs, so no proxy gets any configuration and the webhook refuses every change (${style.remove("gloo.deployment.replicas")} for 1)`);
    }
    if (c.enterprise?.licenseKey !== undefined && c.enterprise?.enabled !== true) {
        warnings.push(`${k("enterprise.licenseKey")} is set but ${k("enterprise.enabled")} is not true: no license Secret is created (${style.remove("enterprise.licenseKey")})`);
    }
    if (c.enterprise?.image?.tag !== undefined && c.enterprise?.enabled !== true) {
        warnings.push(`${k("enterprise.image.tag")} is set but ${k("enterprise.enabled")} is not true: the open-source images follow ${k("global.image.tag")} (${style.remove("enterprise.image.tag")})`);
    }
    const stats = c.global?.glooStats;
    if (stats?.enabled === false) {
        for (const key of ["routePrefixRewrite", "enableStatsRoute", "statsPrefixRewrite", "serviceMonitorEnabled", "podMonitorEnabled"] as const) {
            if (stats[key] !== undefined) warnings.push(`${k(`global.glooStats.${key}`)} is set but ${k("global.glooStats.enabled")} is false: there is no stats endpoint (${style.remove(`global.glooStats.${key}`)})`);
        }
        if (stats.setDatadogAnnotations === true) {
            warnings.push(`${k("global.glooStats.setDatadogAnnotations")} is true but ${k("global.glooStats.enabled")} is false: the annotations (rendered, as the chart does) point Datadog at a stats listener the proxies do not have`);
        }
    }
    if (!mtls) {
        for (const key of ["sds", "envoy", "networkPolicy", "envoySidecarResources", "sdsResources"] as const) {
            if (c.global?.glooMtls?.[key] !== undefined) warnings.push(`${k(`global.glooMtls.${key}`)} is set but ${k("global.glooMtls.enabled")} is false: mTLS mode's sidecars and policies do not exist (${style.remove(`global.glooMtls.${key}`)})`);
        }
    }
    return warnings;
}
