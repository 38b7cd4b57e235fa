// Certificate and rotation settings that would cause an outage: validity periods, CA generations, certgen's wait
// and the CronJob's schedule against the rotation it runs. Each message names the key, why, and the fix.
import type { KeyStyle } from "./problems";
import { parseGoDuration, scheduleGaps } from "./schedule";
import type { ValidArgs } from "./schema";

/**
 * Kubelet refreshes a mounted Secret on its sync loop (`syncFrequency`, 1 minute by default) plus its cache's
 * TTL: a certgen wait shorter than that swaps the leaf before every pod trusts the new CA. The chart's 65s
 * default just covers it.
 */
export const MIN_ROTATION_SECONDS = 60;

/** Certificate settings that would cause an outage, each refused with the reason and the fix. */
export function certificateProblems(c: ValidArgs, style: KeyStyle): string[] {
    const problems: string[] = [];
    const k = style.key;
    const cert = c.certificates ?? {};
    const caDays = cert.caValidityDays ?? 3650;
    const leafDays = cert.leafValidityDays ?? 365;
    if (leafDays >= caDays) {
        const which = cert.leafValidityDays !== undefined ? "leafValidityDays" : "caValidityDays";
        problems.push(
            `${k(`certificates.${which}`)}: got ${which === "leafValidityDays" ? leafDays : caDays}; the leaf (${leafDays} days) must expire before its CA ` +
                `(${caDays} days): a leaf that outlives its CA stops validating the day the CA expires, whatever its own date ` +
                `(fix: ${style.set("certificates.leafValidityDays", String(Math.max(1, Math.floor(caDays / 2))))} or a longer certificates.caValidityDays)`,
        );
    }
    const ca = cert.ca;
    if (ca?.trusted !== undefined && ca.trusted.length > 1 && ca.active === undefined) {
        const [old] = [...ca.trusted].sort((a, b) => a - b);
        problems.push(
            `${k("certificates.ca.active")}: got nothing while ${k("certificates.ca.trusted")} is ${JSON.stringify(ca.trusted)}; required when more than one CA ` +
                `is trusted, because which CA signs the leaf decides the rotation phase: defaulting to the newest would swap the leaf before every pod trusts ` +
                `the new CA (fix: ${style.set("certificates.ca.active", String(old))} for step 1 of the rotation runbook)`,
        );
    }
    const rotation = c.gateway?.certGenJob?.rotationDuration;
    if (rotation !== undefined) {
        const seconds = goDurationSeconds(rotation);
        if (seconds !== undefined && seconds < MIN_ROTATION_SECONDS) {
            problems.push(
                `${k("gateway.certGenJob.rotationDuration")}: got ${JSON.stringify(rotation)}; must be at least ${MIN_ROTATION_SECONDS}s: kubelet ` +
                    `propagates a changed Secret to the pods only on its sync loop (syncFrequency, 1m by default), so a shorter wait swaps the leaf ` +
                    `before every pod trusts the new CA (fix: ${style.set("gateway.certGenJob.rotationDuration", "65s")}, the chart's default, or more)`,
            );
        }
    }
    problems.push(...rotationScheduleProblems(c, style));
    return problems;
}

/** certgen's default wait (the chart's `gateway.certGenJob.rotationDuration`). */
const DEFAULT_ROTATION = "65s";
/** Time for the Job's pod to be scheduled and pull its image before its rotation even starts. */
const JOB_START_SECONDS = 60;
const DEFAULT_SCHEDULE = "0 3 * * 0";
/** The validity of the leaf certgen issues (gloo's jobs/pkg/certgen: 365 days, not configurable). */
const CERTGEN_LEAF_DAYS = 365;

/** A span for people: `3m10s`, `7d`, `1d12h`. */
function duration(seconds: number): string {
    let rest = Math.round(seconds);
    const parts: string[] = [];
    for (const [n, u] of [[86400, "d"], [3600, "h"], [60, "m"], [1, "s"]] as const) {
        if (rest >= n) parts.push(`${Math.floor(rest / n)}${u}`);
        rest %= n;
    }
    return parts.join("") || "0s";
}

/**
 * The CronJob's schedule against the rotation it runs (`--force-rotation`: a new CA and leaf, with two waits of
 * rotationDuration): one that fires before a run can finish rotates back to back; one that never fires never
 * rotates; and a Pulumi-issued first leaf must outlive the wait for the first run. Only when the CronJob runs.
 */
export function rotationScheduleProblems(c: ValidArgs, style: KeyStyle): string[] {
    const k = style.key;
    const cron = c.gateway?.certGenJob?.cron;
    if (cron?.enabled !== true || c.global?.glooMtls?.enabled === false) return [];
    const schedule = cron.schedule ?? DEFAULT_SCHEDULE;
    const scheduleKey = cron.schedule !== undefined ? "gateway.certGenJob.cron.schedule" : "gateway.certGenJob.rotationDuration";
    const gaps = scheduleGaps(schedule);
    if (gaps === "never") {
        return [`${k("gateway.certGenJob.cron.schedule")}: got ${JSON.stringify(schedule)}; names no date that exists (e.g. February 30), so the CronJob never runs and the certificates are never rotated (fix: ${style.set("gateway.certGenJob.cron.schedule", `'${DEFAULT_SCHEDULE}'`)})`];
    }
    const problems: string[] = [];
    const rotation = c.gateway?.certGenJob?.rotationDuration ?? DEFAULT_ROTATION;
    const rotationSeconds = goDurationSeconds(rotation) ?? 65;
    const run = 2 * Math.ceil(rotationSeconds) + JOB_START_SECONDS;
    if (gaps.min < run) {
        const at = cron.schedule !== undefined ? k(scheduleKey) : k("gateway.certGenJob.rotationDuration");
        const got = cron.schedule !== undefined ? JSON.stringify(schedule) : JSON.stringify(rotation);
        problems.push(
            `${at}: got ${got}; the CronJob ${cron.schedule !== undefined ? "fires" : `(schedule ${JSON.stringify(schedule)}) fires`} every ${duration(gaps.min)} at the shortest, but one rotation takes about ${duration(run)} ` +
                `(2 × ${k("gateway.certGenJob.rotationDuration")} ${rotation}, plus the pod's start): each run would start while the last one still swaps the CA, so the CA is replaced back to back and pods never settle ` +
                `(fix: a schedule at least ${duration(run)} apart, e.g. ${style.set("gateway.certGenJob.cron.schedule", `'${DEFAULT_SCHEDULE}'`)}, or a shorter rotationDuration)`,
        );
    }
    // Every run writes a leaf certgen issues, valid 365 days (its jobs/pkg/certgen), replaced by the next run's only
    // after that run's first wait: the next run must come well before.
    if (gaps.max + run >= CERTGEN_LEAF_DAYS * 86400) {
        problems.push(
            `${k("gateway.certGenJob.cron.schedule")}: got ${JSON.stringify(schedule)}; every run writes a leaf that certgen issues for ${CERTGEN_LEAF_DAYS} days, ` +
                `but the next run may come up to ${duration(gaps.max)} later, so the leaf can expire before it is replaced and every proxy loses xDS ` +
                `(fix: a schedule that fires at least every few months, e.g. ${style.set("gateway.certGenJob.cron.schedule", `'${DEFAULT_SCHEDULE}'`)})`,
        );
    }
    const issuer = c.certificates?.issuer ?? "pulumi";
    const leafDays = c.certificates?.leafValidityDays ?? 365;
    if (issuer === "pulumi" && leafDays * 86400 <= gaps.max) {
        problems.push(
            `${k("certificates.leafValidityDays")}: got ${leafDays}; the leaf Pulumi issues lives ${leafDays} day${leafDays === 1 ? "" : "s"}, but the CronJob (${k("gateway.certGenJob.cron.schedule")} ${JSON.stringify(schedule)}) ` +
                `may first run up to ${duration(gaps.max)} after the deploy, so the leaf can expire before the first rotation replaces it ` +
                `(fix: ${style.set("certificates.leafValidityDays", String(Math.ceil((2 * gaps.max) / 86400)))} or a schedule that fires more often)`,
        );
    }
    return problems;
}

function goDurationSeconds(d: string): number | undefined {
    const parsed = parseGoDuration(d);
    return parsed.ok ? Number(parsed.nanoseconds) / 1e9 : undefined;
}
