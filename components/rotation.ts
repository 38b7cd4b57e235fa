// Who owns `gloo-mtls-certs` and how it rotates: the certgen Job and CronJob (facts §1.3-1.5, made safer
// per §7.3), their least-privilege RBAC, and the phases of a staged CA rotation done with Pulumi.
// Pure builders below; CertgenJobs at the end only registers what they return.
import * as batchv1 from "@pulumi/kubernetes/batch/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import { parseGoDuration } from "./validation/schedule";
import { CertificateIssuer } from "./args";
import { NAMES, PORTS } from "./constants";
import { ImageRef, PodSpec, fieldEnv, imageName, podSecurityContext, pullSecrets, restrictedSecurityContext } from "./pod";
import { childOptions } from "./options";
import { CERTGEN_RBAC, PolicyRuleSpec } from "./rbac";

export const CERTGEN = {
    serviceAccount: CERTGEN_RBAC.serviceAccount,
    /** Our Role and RoleBinding: narrower than the chart's `gloo-gateway-secret-create`, so named for what they serve. */
    role: "gloo-mtls-certgen",
    job: "gloo-mtls-certgen",
    cronJob: "gloo-mtls-certgen-cronjob",
    container: "certgen",
} as const;

// ---------------------------------------------------------------------------------------------------------
// Staged rotation phases (issuer "pulumi", no CronJob)

export interface CaPlan {
    trusted: number[];
    active: number;
}

export interface PhaseDescription {
    /** Where the rotation stands, e.g. "steady: CA 1". */
    phase: string;
    /** The next step in words, with the command that makes it. */
    next: string;
}

/** `pulumi config` commands (list items by index: `config set` has no JSON values). */
export function caPlanCommands(from: CaPlan, to: CaPlan): string[] {
    const set = (k: string, v: number) => `pulumi config set --path 'certificates.ca.${k}' ${v}`;
    const cmds: string[] = [];
    if (JSON.stringify(from.trusted) !== JSON.stringify(to.trusted)) {
        // A list shrinks only by removing it first; every item is then written, whatever the stack held.
        if (to.trusted.length < from.trusted.length) cmds.push(`pulumi config rm --path 'certificates.ca.trusted'`);
        to.trusted.forEach((g, i) => cmds.push(set(`trusted[${i}]`, g)));
    }
    // Always explicit: the default (highest trusted) would silently jump to the new CA in step 1.
    cmds.push(set("active", to.active));
    return [...cmds, "pulumi up"];
}
const step = (from: CaPlan, to: CaPlan) => caPlanCommands(from, to).join(" && ");

/**
 * How to tell that every pod has the new material: each Envoy's admin `/certs` lists the CA serials it
 * trusts (`ca_cert`) and the leaf it presents (`cert_chain`). Admin ports are loopback-bound, which
 * `kubectl port-forward` reaches.
 */
export function certsCheck(namespace: string, remote: RemoteCheck[] = []): string {
    // By label, not pod name: every gateway proxy (whatever its name) is gloo=gateway-proxy with admin on 19000.
    const local =
        `for sel in 'gloo=gloo ${PORTS.sidecarAdmin}' 'gloo=gateway-proxy ${PORTS.proxyAdmin}'; do set -- $sel; ` +
        `for p in $(kubectl -n ${namespace} get pods -l $1 -o name); do ` +
        `kubectl -n ${namespace} port-forward $p 18001:$2 >/dev/null & sleep 2; echo $p; curl -s localhost:18001/certs | grep -E 'serial_number|days_until'; kill $!; done; done`;
    // Fleets in other clusters hold the same CA bundle and a leaf of their own: their pods are checked too.
    const contexts = remote.flatMap((c) => (c.context ? [c.context] : []));
    const unnamed = remote.filter((c) => !c.context).map((c) => c.key);
    const remoteLoop =
        contexts.length > 0
            ? `; for ctx in ${contexts.join(" ")}; do for p in $(kubectl --context $ctx -n ${namespace} get pods -l gloo=gateway-proxy -o name); do ` +
              `kubectl --context $ctx -n ${namespace} port-forward $p 18001:${PORTS.proxyAdmin} >/dev/null & sleep 2; echo $ctx $p; curl -s localhost:18001/certs | grep -E 'serial_number|days_until'; kill $!; done; done`
            : "";
    return local + remoteLoop + (unnamed.length > 0 ? ` (and the gateway-proxy pods of cluster${unnamed.length > 1 ? "s" : ""} ${unnamed.join(", ")} the same way)` : "");
}

/** A cluster of proxy fleets to check, with its kubeconfig context when the config names one. */
export interface RemoteCheck {
    key: string;
    context?: string;
}

/** The phase of a staged rotation from the CA plan alone (generations only grow: higher is newer). */
export function describePhase(plan: CaPlan, namespace: string, remote: RemoteCheck[] = []): PhaseDescription {
    const trusted = [...plan.trusted].sort((a, b) => a - b);
    const check = `check with: ${certsCheck(namespace, remote)}`;
    const every = remote.length > 0 ? ` in every cluster (${["gloo's", ...remote.map((c) => c.key)].join(", ")})` : "";
    if (trusted.length === 1) {
        const g = trusted[0];
        return {
            phase: `steady: CA ${g} trusted and signing the leaf`,
            next: `to rotate the CA, step 1 of 3: trust CA ${g + 1} beside CA ${g}, leaf still from CA ${g}: ${step(plan, { trusted: [g, g + 1], active: g })}`,
        };
    }
    if (trusted.length === 2) {
        const [old, neu] = trusted;
        if (plan.active === old) {
            return {
                phase: `phase 1 of 3: CA ${neu} trusted beside CA ${old}, leaf still from CA ${old}`,
                next:
                    `wait until every gloo and gateway-proxy pod${every} trusts both CAs (two ca_cert serials in /certs; kubelet takes up to ~2 min), ` +
                    `then step 2 of 3: sign the leaf with CA ${neu}: ${step(plan, { trusted: plan.trusted, active: neu })}; ${check}`,
            };
        }
        return {
            phase: `phase 2 of 3: leaf from CA ${neu}, CA ${old} still trusted`,
            next:
                `wait until every pod${every} presents the new leaf (cert_chain serial changed in /certs), ` +
                `then step 3 of 3: drop CA ${old}: ${step(plan, { trusted: [neu], active: neu })}; ${check}`,
        };
    }
    return {
        phase: `custom: CAs ${trusted.join(", ")} trusted, leaf from CA ${plan.active}`,
        next: `reduce certificates.ca.trusted to at most two generations (old and new) to follow the staged runbook (docs/certificates.md, "Rotation runbook")`,
    };
}

/** Phase and next step for any owner of `gloo-mtls-certs`. */
export function describeOwnership(o: { issuer: CertificateIssuer; cron: boolean; plan: CaPlan; namespace: string; remote?: RemoteCheck[] }): PhaseDescription {
    const show = `kubectl -n ${o.namespace} get secret ${NAMES.mtlsSecret} -o jsonpath='{.data.ca\\.crt}' | base64 -d`;
    const rotateNow = `kubectl -n ${o.namespace} create job ${CERTGEN.job}-manual-$(date +%s) --from=cronjob/${CERTGEN.cronJob}`;
    if (o.cron) {
        const who = o.issuer === "pulumi" ? "created once by Pulumi, then" : "created by the certgen Job, then";
        return {
            phase: `${NAMES.mtlsSecret} ${who} rotated in-cluster by CronJob ${CERTGEN.cronJob} (add CA, wait, swap leaf, wait, drop CA)`,
            next: `nothing to do; to rotate now: ${rotateNow}; to see the current CA bundle: ${show}`,
        };
    }
    if (o.issuer === "certgen") {
        return {
            phase: `${NAMES.mtlsSecret} created in-cluster by Job ${CERTGEN.job}; Pulumi holds no key material`,
            next: `to rotate on a schedule: pulumi config set --path 'gateway.certGenJob.cron.enabled' true && pulumi up; to see the CA bundle: ${show}`,
        };
    }
    return describePhase(o.plan, o.namespace, o.remote);
}

// ---------------------------------------------------------------------------------------------------------
// certgen RBAC, Job and CronJob

/**
 * What certgen does to Secrets (facts §1.5): GET the Secret, UPDATE it (rotation, or after an
 * AlreadyExists), and CREATE it when it is missing — which also happens to a CronJob run when the Secret was
 * deleted or its certificate expired ("fresh"), so every certgen needs it to recover. Get and update are
 * limited to the one Secret.
 */
export function certgenRoleRules(): PolicyRuleSpec[] {
    return [
        { apiGroups: [""], resources: ["secrets"], resourceNames: [NAMES.mtlsSecret], verbs: ["get", "update"] },
        // Not limited by name: Kubernetes authorizes a create before the object (and its name) exists.
        { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
    ];
}

/** Whole seconds of a Go duration (already validated), rounded up. */
export function durationSeconds(goDuration: string): number {
    const d = parseGoDuration(goDuration);
    if (!d.ok) throw new Error(d.reason);
    return Number((d.nanoseconds + 999_999_999n) / 1_000_000_000n);
}

/**
 * A run sleeps 2 × rotationDuration (facts §1.5); the deadline adds 10 minutes for image pulls and API
 * retries so a healthy run is never killed between the leaf swap and the CA drop.
 */
export function activeDeadlineSeconds(rotationDuration: string): number {
    return 2 * durationSeconds(rotationDuration) + 600;
}

export interface CertgenOptions {
    image: ImageRef;
    rotationDuration: string;
    /** The certgen container's resources. Defaults to `{ requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } }`. */
    resources?: k8sInput.core.v1.ResourceRequirements;
    /** `imagePullSecrets` of the pod. Defaults to none. */
    pullSecret?: string;
}

/** The certgen pod, as the chart's but PSS restricted; the ServiceAccount token stays (certgen calls the API). */
export function certgenPodSpec(o: CertgenOptions): PodSpec {
    return {
        serviceAccountName: CERTGEN.serviceAccount,
        automountServiceAccountToken: true,
        restartPolicy: "OnFailure",
        securityContext: podSecurityContext(),
        ...pullSecrets(o.pullSecret),
        containers: [
            {
                name: CERTGEN.container,
                image: imageName(o.image),
                imagePullPolicy: o.image.pullPolicy,
                args: [
                    `--secret-name=${NAMES.mtlsSecret}`,
                    `--svc-name=${NAMES.gloo}`,
                    `--rotation-duration=${o.rotationDuration}`,
                    // Rotate even a valid certificate: without it a scheduled run does nothing until 90 days before expiry.
                    "--force-rotation=true",
                ],
                env: [fieldEnv("POD_NAMESPACE", "metadata.namespace")],
                securityContext: restrictedSecurityContext(),
                resources: o.resources ?? { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
            },
        ],
    };
}

const POD_LABELS = { gloo: "gloo-mtls-certs", "sidecar.istio.io/inject": "false" };

export function certgenJobSpec(o: CertgenOptions): k8sInput.batch.v1.JobSpec {
    return {
        backoffLimit: 2,
        activeDeadlineSeconds: activeDeadlineSeconds(o.rotationDuration),
        // No ttlSecondsAfterFinished: the cluster would delete a Pulumi-managed Job behind Pulumi's back and
        // the next `pulumi up --refresh` would run it again.
        template: { metadata: { labels: POD_LABELS }, spec: certgenPodSpec(o) },
    };
}

export function certgenCronJobSpec(o: CertgenOptions & { schedule: string; timeZone?: string }): k8sInput.batch.v1.CronJobSpec {
    return {
        schedule: o.schedule,
        ...(o.timeZone !== undefined ? { timeZone: o.timeZone } : {}),
        // Two runs writing the Secret unconditionally would interleave their stages (facts §1.4).
        concurrencyPolicy: "Forbid",
        // A missed run is skipped rather than started late in a burst.
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
            metadata: { labels: { app: "gloo", gloo: CERTGEN.cronJob } },
            spec: {
                backoffLimit: 2,
                activeDeadlineSeconds: activeDeadlineSeconds(o.rotationDuration),
                // Keep a finished run a day for its logs; the CronJob owns these Jobs, not Pulumi.
                ttlSecondsAfterFinished: 86400,
                template: { metadata: { labels: POD_LABELS }, spec: certgenPodSpec(o) },
            },
        },
    };
}

export interface CertgenJobsArgs extends CertgenOptions {
    namespace: string;
    /** Run the one-off Job that creates `gloo-mtls-certs` (issuer "certgen"). */
    createSecret: boolean;
    /** The rotation CronJob, when enabled. */
    cron?: { schedule: string; timeZone?: string };
    /** What the CronJob must also wait for: the Secret Pulumi creates. */
    cronDependsOn?: pulumi.Resource[];
}

/** certgen's ServiceAccount and Role, the Job that creates `gloo-mtls-certs` and/or the CronJob that rotates it. */
export class CertgenJobs extends pulumi.ComponentResource {
    /** The Job creating the Secret (issuer "certgen"); pods depend on it, the provider waits for it to complete. */
    readonly job?: batchv1.Job;
    readonly cronJob?: batchv1.CronJob;

    constructor(name: string, args: CertgenJobsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:rotation:CertgenJobs", name, {}, opts);
        const child = childOptions(this, opts);
        const labels = { ...CERTGEN_RBAC.labels };
        const meta = (n: string) => ({ name: n, namespace: args.namespace, labels });
        const sa = new corev1.ServiceAccount(`${name}-sa`, { metadata: meta(CERTGEN.serviceAccount) }, child);
        const role = new rbacv1.Role(`${name}-role`, { metadata: meta(CERTGEN.role), rules: certgenRoleRules() }, child);
        const binding = new rbacv1.RoleBinding(
            `${name}-rolebinding`,
            {
                metadata: meta(CERTGEN.role),
                subjects: [{ kind: "ServiceAccount", name: CERTGEN.serviceAccount, namespace: args.namespace }],
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: CERTGEN.role },
            },
            childOptions(this, opts, role),
        );
        const rbac = [sa, role, binding];
        const o = { image: args.image, rotationDuration: args.rotationDuration, resources: args.resources, pullSecret: args.pullSecret };
        if (args.createSecret) {
            this.job = new batchv1.Job(
                `${name}-job`,
                { metadata: { name: CERTGEN.job, namespace: args.namespace, labels: { app: "gloo", gloo: CERTGEN.job } }, spec: certgenJobSpec(o) },
                {
                    ...childOptions(this, opts, ...rbac),
                    // A Job's pod template is immutable and a finished Job never runs again: any spec change
                    // (image, rotationDuration) replaces it, deleting the old one first since the name is fixed.
                    replaceOnChanges: ["spec"],
                    deleteBeforeReplace: true,
                },
            );
        }
        if (args.cron) {
            this.cronJob = new batchv1.CronJob(
                `${name}-cronjob`,
                { metadata: { name: CERTGEN.cronJob, namespace: args.namespace, labels: { app: "gloo", gloo: CERTGEN.cronJob } }, spec: certgenCronJobSpec({ ...o, ...args.cron }) },
                childOptions(this, opts, ...rbac, ...(this.job ? [this.job] : []), ...(args.cronDependsOn ?? [])),
            );
        }
        this.registerOutputs({});
    }
}
