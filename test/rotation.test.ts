// Certificate ownership and staged rotation (issue #5): config refusals, the certgen CronJob/Job and
// RBAC, who owns gloo-mtls-certs, and real mutual-TLS handshakes across every rotation phase, also between
// gloo and a proxy fleet in another cluster.
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { describe, it } from "node:test";
import { CaPlan, activeDeadlineSeconds, caPlanCommands, certgenRoleRules, describePhase, durationSeconds } from "../components/rotation";
import { newMockState } from "../render/mocks";
import { readStackFile } from "../render/cli";
import { ConfigError, parseStackConfig } from "../stacks/config";
import { engineConfig } from "../render/program";
import { Checked, runChecked } from "./harness";
import * as MC from "./multicluster-fixtures";
import { handshake as mtlsHandshake, listenerTransportSocket, secretMaterial, serverFromDownstreamTls } from "./tls-peers";

const NS = "gloo-system";
const parse = (config: Record<string, unknown>) => parseStackConfig(engineConfig(config));
/** The ConfigError's problem lines, or [] when the config is accepted. */
function refusals(config: Record<string, unknown>): string[] {
    try {
        parse(config);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.problems;
    }
}

describe("config: schedules and durations accepted exactly as Kubernetes and Go accept them", () => {
    // [value, accepted?] — outcomes of robfig/cron v3 ParseStandard + validateScheduleFormat, and Go's time.ParseDuration.
    const schedules: [string, boolean][] = [
        ["0 3 * * 0", true],
        ["*/5 * * * *", true],
        ["0 3 * * SUN", true],
        ["0 3 ? * mon-fri", true],
        ["@weekly", true],
        ["@every 1h30m", true],
        ["@every 0s", true], // Every() rounds up to 1s, never refuses (then too fast for a rotation: see below)
        ["0 3 * * 7", false], // day of week stops at 6
        ["0 0 3 * * 0", false], // no seconds field
        ["0 3 * *", false],
        ["60 * * * *", false],
        ["TZ=UTC 0 3 * * 0", false],
        ["CRON_TZ=Europe/Berlin 0 3 * * 0", false],
        ["@reboot", false],
        ["@Weekly", false], // descriptors are case-sensitive
        ["@every 1d", false], // Go has no day unit
        ["", false],
    ];
    const durations: [string, boolean][] = [
        ["65s", true],
        ["2m30s", true],
        ["1.5h", true],
        ["60s", true],
        ["1h0m0s", true],
        ["0s", false], // valid Go, but not positive
        ["0", false],
        ["-65s", false],
        ["65", false], // missing unit
        ["1d", false],
        ["65 s", false],
        ["", false],
    ];
    for (const [schedule, ok] of schedules) {
        it(`schedule ${JSON.stringify(schedule)} is ${ok ? "accepted" : "refused"}`, () => {
            const p = refusals({ gateway: { certGenJob: { cron: { enabled: true, schedule } } } });
            // Accepted by the API server; a schedule faster than a rotation is refused by the rotation rule instead.
            if (ok) assert.deepEqual(p.filter((x) => !/fires every 1s at the shortest, but one rotation takes about 3m10s/.test(x)), []);
            else {
                assert.equal(p.length, 1);
                assert.ok(p[0].startsWith(`gloo-mtls:gateway.certGenJob.cron.schedule: got ${JSON.stringify(schedule)}; `), p[0]);
                assert.match(p[0], /allowed: a schedule the Kubernetes API server accepts/);
            }
        });
    }
    for (const [rotationDuration, ok] of durations) {
        it(`rotationDuration ${JSON.stringify(rotationDuration)} is ${ok ? "accepted" : "refused"}`, () => {
            const p = refusals({ gateway: { certGenJob: { rotationDuration } } });
            if (ok) assert.deepEqual(p, []);
            else {
                assert.equal(p.length, 1);
                assert.ok(p[0].startsWith(`gloo-mtls:gateway.certGenJob.rotationDuration: got ${JSON.stringify(rotationDuration)}; `), p[0]);
                assert.match(p[0], /allowed: a positive Go duration/);
            }
        });
    }
    it("gives upstream's reason", () => {
        assert.match(refusals({ gateway: { certGenJob: { cron: { schedule: "0 3 * * 7" } } } })[0], /end of range \(7\) above maximum \(6\)/);
        assert.match(refusals({ gateway: { certGenJob: { rotationDuration: "0s" } } })[0], /must be positive/);
        assert.match(refusals({ gateway: { certGenJob: { rotationDuration: "1d" } } })[0], /unknown unit "d" in duration "1d"/);
    });
    it("timeZone: an IANA name, never Local", () => {
        assert.deepEqual(refusals({ gateway: { certGenJob: { cron: { timeZone: "Europe/Berlin" } } } }), []);
        assert.match(refusals({ gateway: { certGenJob: { cron: { timeZone: "Local" } } } })[0], /^gloo-mtls:gateway\.certGenJob\.cron\.timeZone: got "Local"; /);
        assert.match(refusals({ gateway: { certGenJob: { cron: { timeZone: "Mars/Olympus" } } } })[0], /unknown time zone Mars\/Olympus/);
    });
});

describe("config: certificate settings that would cause an outage are refused with the reason and the fix", () => {
    it("two trusted CA generations need an explicit active one (the default would be the abrupt swap)", () => {
        const p = refusals({ certificates: { ca: { trusted: [1, 2] } } });
        assert.equal(p.length, 1);
        assert.match(p[0], /^gloo-mtls:certificates\.ca\.active: got nothing while gloo-mtls:certificates\.ca\.trusted is \[1,2\]; required when more than one CA is trusted/);
        assert.match(p[0], /fix: pulumi config set --path 'certificates\.ca\.active' 1/);
        assert.deepEqual(refusals({ certificates: { ca: { trusted: [2] } } }), [], "one trusted generation needs no active");
    });
    it("a leaf that outlives its CA", () => {
        const p = refusals({ certificates: { caValidityDays: 365, leafValidityDays: 365 } });
        assert.equal(p.length, 1);
        assert.match(p[0], /^gloo-mtls:certificates\.leafValidityDays: got 365; the leaf \(365 days\) must expire before its CA \(365 days\)/);
        assert.match(p[0], /fix: pulumi config set --path 'certificates\.leafValidityDays' 182/);
        // Blamed on the CA when only the CA's validity was set.
        assert.match(refusals({ certificates: { caValidityDays: 300 } })[0], /^gloo-mtls:certificates\.caValidityDays: got 300; the leaf \(365 days\)/);
        assert.deepEqual(refusals({ certificates: { caValidityDays: 366, leafValidityDays: 365 } }), []);
    });
    it("a certgen wait shorter than kubelet's Secret propagation (60s); the chart's 65s stays valid", () => {
        for (const d of ["300ms", "59s", "59.9s"]) {
            const p = refusals({ gateway: { certGenJob: { rotationDuration: d } } });
            assert.equal(p.length, 1, d);
            assert.match(p[0], new RegExp(`^gloo-mtls:gateway\\.certGenJob\\.rotationDuration: got "${d.replace(".", "\\.")}"; must be at least 60s: kubelet propagates`));
        }
        for (const d of ["60s", "65s", "1m", "2m30s"]) assert.deepEqual(refusals({ gateway: { certGenJob: { rotationDuration: d } } }), [], d);
    });
});

describe("the leaf's renewal window follows its validity", () => {
    it("the dev stack's 30-day leaf is not re-issued by the next update: a clean preview is possible", async () => {
        const { config, secretKeys } = readStackFile("dev");
        const state = newMockState();
        const leaf = async () => {
            const r = await runChecked({ config, secretKeys, stack: "dev", state });
            const cert = r.resources.find((x) => x.type === "tls:index/locallySignedCert:LocallySignedCert" && x.name.startsWith("gloo-gloo-mtls-certs"))!;
            return { pem: cert.outputs.certPem, renewHours: cert.inputs.earlyRenewalHours, validHours: cert.inputs.validityPeriodHours };
        };
        const first = await leaf();
        assert.equal(first.validHours, 30 * 24);
        assert.equal(first.renewHours, 10 * 24, "a third of the validity");
        assert.equal((await leaf()).pem, first.pem, "the second update keeps the leaf");
    });
});

describe("config: CA generations and conflicting owners", () => {
    it("active must be one of trusted, named by its full key", () => {
        assert.deepEqual(refusals({ certificates: { ca: { trusted: [1, 2], active: 3 } } }), [
            "gloo-mtls:certificates.ca.active: got 3; must be one of gloo-mtls:certificates.ca.trusted [1,2]",
        ]);
        assert.deepEqual(refusals({ certificates: { ca: { active: 2 } } }), ["gloo-mtls:certificates.ca.active: got 2; must be one of gloo-mtls:certificates.ca.trusted [1]"]);
    });
    it("trusted: distinct positive generations, at least one", () => {
        assert.match(refusals({ certificates: { ca: { trusted: [1, 1] } } })[0], /^gloo-mtls:certificates\.ca\.trusted: got \[1,1\]; must not list a CA generation twice/);
        assert.match(refusals({ certificates: { ca: { trusted: [] } } })[0], /^gloo-mtls:certificates\.ca\.trusted: got \[\]; /);
        assert.match(refusals({ certificates: { ca: { trusted: [0] } } })[0], /^gloo-mtls:certificates\.ca\.trusted\[0\]: got 0; /);
    });
    it("certificates.ca with the CronJob or issuer certgen is two owners of one Secret", () => {
        const withCron = refusals({ certificates: { ca: { trusted: [1, 2], active: 1 } }, gateway: { certGenJob: { cron: { enabled: true } } } });
        assert.equal(withCron.length, 1);
        assert.match(withCron[0], /^gloo-mtls:certificates\.ca: got \{"trusted":\[1,2\],"active":1\}; not allowed while gloo-mtls:gateway\.certGenJob\.cron\.enabled is true.*two owners/);
        const withCertgen = refusals({ certificates: { issuer: "certgen", ca: { trusted: [1] } } });
        assert.equal(withCertgen.length, 1);
        assert.match(withCertgen[0], /^gloo-mtls:certificates\.ca: got \{"trusted":\[1\]\}; not allowed while gloo-mtls:certificates\.issuer is "certgen".*two owners/);
        // Without certificates.ca both owners are fine, and so is a disabled CronJob beside a CA plan.
        assert.deepEqual(refusals({ certificates: { issuer: "certgen" }, gateway: { certGenJob: { cron: { enabled: true } } } }), []);
        assert.deepEqual(refusals({ certificates: { ca: { trusted: [1, 2], active: 1 } }, gateway: { certGenJob: { cron: { enabled: false } } } }), []);
        assert.match(refusals({ certificates: { issuer: "vault" } })[0], /^gloo-mtls:certificates\.issuer: got "vault"; allowed values are "pulumi", "certgen"/);
    });
});

/** The CA plan the step's `pulumi config` commands leave, applied to `from`'s config as the CLI would. */
function applied(from: CaPlan, next: string): CaPlan | undefined {
    const cmds = [...next.matchAll(/pulumi config (set|rm) --path '(certificates\.ca\.[^']+)'(?: (\d+))?/g)];
    if (cmds.length === 0) return undefined;
    const plan = { trusted: [...from.trusted], active: from.active };
    for (const [, verb, path, value] of cmds) {
        const item = /^certificates\.ca\.trusted\[(\d+)\]$/.exec(path);
        if (verb === "rm" && path === "certificates.ca.trusted") plan.trusted = [];
        else if (verb === "set" && item) plan.trusted[Number(item[1])] = Number(value);
        else if (verb === "set" && path === "certificates.ca.active") plan.active = Number(value);
        else assert.fail(`unexpected command in the next step: ${verb} ${path}`);
    }
    return { trusted: [...plan.trusted].sort((x, y) => x - y), active: plan.active };
}

describe("rotation: pure helpers", () => {
    it("describes each phase of the three-step runbook", () => {
        assert.match(describePhase({ trusted: [1], active: 1 }, NS).phase, /^steady: CA 1/);
        assert.match(describePhase({ trusted: [1, 2], active: 1 }, NS).phase, /^phase 1 of 3: CA 2 trusted beside CA 1, leaf still from CA 1/);
        assert.match(describePhase({ trusted: [1, 2], active: 2 }, NS).phase, /^phase 2 of 3: leaf from CA 2, CA 1 still trusted/);
        assert.match(describePhase({ trusted: [2], active: 2 }, NS).phase, /^steady: CA 2/);
        assert.match(describePhase({ trusted: [1, 2], active: 1 }, NS).next, /curl -s localhost:18001\/certs/);
        // With fleets in other clusters, their pods are checked too: by context, or named when only a provider reaches them.
        const across = describePhase({ trusted: [1, 2], active: 1 }, NS, [{ key: "eu", context: "eu-ctx" }, { key: "us" }]).next;
        assert.match(across, /every gloo and gateway-proxy pod in every cluster \(gloo's, eu, us\) trusts both CAs/);
        assert.match(across, /for ctx in eu-ctx; do for p in \$\(kubectl --context \$ctx -n gloo-system get pods -l gloo=gateway-proxy -o name\)/);
        assert.match(across, /\(and the gateway-proxy pods of cluster us the same way\)/);
        assert.doesNotMatch(describePhase({ trusted: [1, 2], active: 1 }, NS).next, /--context|every cluster/);
        assert.match(describePhase({ trusted: [1, 2, 3], active: 2 }, NS).phase, /^custom/);
    });
    it("gives config commands that take each phase to the next", () => {
        assert.deepEqual(caPlanCommands({ trusted: [1], active: 1 }, { trusted: [1, 2], active: 1 }), [
            "pulumi config set --path 'certificates.ca.trusted[0]' 1",
            "pulumi config set --path 'certificates.ca.trusted[1]' 2",
            "pulumi config set --path 'certificates.ca.active' 1",
            "pulumi up",
        ]);
        assert.deepEqual(caPlanCommands({ trusted: [1, 2], active: 1 }, { trusted: [1, 2], active: 2 }), ["pulumi config set --path 'certificates.ca.active' 2", "pulumi up"]);
        assert.deepEqual(caPlanCommands({ trusted: [1, 2], active: 2 }, { trusted: [2], active: 2 }), [
            "pulumi config rm --path 'certificates.ca.trusted'",
            "pulumi config set --path 'certificates.ca.trusted[0]' 2",
            "pulumi config set --path 'certificates.ca.active' 2",
            "pulumi up",
        ]);
    });
    it("the next step is always the adjacent phase: trust the new CA first, then sign with it, then drop the old one, for every generation", () => {
        // The runbook in order: steady on g, CA g+1 trusted beside it, leaf from g+1, steady on g+1.
        const runbook = (g: number): CaPlan[] => [
            { trusted: [g], active: g },
            { trusted: [g, g + 1], active: g },
            { trusted: [g, g + 1], active: g + 1 },
        ];
        for (let g = 1; g <= 5; g++) {
            for (const [i, from] of runbook(g).entries()) {
                const expected = i < 2 ? runbook(g)[i + 1] : runbook(g + 1)[0];
                for (const listed of [from, { ...from, trusted: [...from.trusted].reverse() }]) {
                    assert.deepEqual(applied(listed, describePhase(listed, NS).next), expected, `from ${JSON.stringify(listed)}`);
                }
            }
        }
        // Followed from steady CA 1, the steps walk every phase of two rotations, never skipping one.
        const walk: CaPlan[] = [{ trusted: [1], active: 1 }];
        for (let k = 0; k < 6; k++) walk.push(applied(walk[k], describePhase(walk[k], NS).next)!);
        assert.deepEqual(walk.map((p) => describePhase(p, NS).phase.split(":")[0]), ["steady", "phase 1 of 3", "phase 2 of 3", "steady", "phase 1 of 3", "phase 2 of 3", "steady"]);
        assert.deepEqual(walk[6], { trusted: [3], active: 3 });
        // Off the runbook (three generations) it suggests no config to jump to.
        assert.equal(applied({ trusted: [1, 2, 3], active: 2 }, describePhase({ trusted: [1, 2, 3], active: 2 }, NS).next), undefined);
    });
    it("deadline is well above two rotation waits", () => {
        assert.equal(durationSeconds("65s"), 65);
        assert.equal(durationSeconds("1.5s"), 2);
        for (const d of ["65s", "5m", "1h"]) assert.ok(activeDeadlineSeconds(d) >= 2 * durationSeconds(d) + 300, d);
    });
    it("grants get/update on the one Secret, and create (which RBAC cannot limit by name) so certgen can recover a deleted or expired Secret", () => {
        assert.deepEqual(certgenRoleRules(), [
            { apiGroups: [""], resources: ["secrets"], resourceNames: ["gloo-mtls-certs"], verbs: ["get", "update"] },
            { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
        ]);
    });
});

// ---------------------------------------------------------------------------------------------------------

const certgenPod = (spec: any) => spec.template.spec;
const tlsResources = (r: Checked) => r.resources.filter((x) => x.type.startsWith("tls:") && x.name.startsWith("gloo-gloo-mtls-certs"));
const secretRes = (r: Checked) => r.resources.find((x) => x.type === "kubernetes:core/v1:Secret" && x.inputs.metadata?.name === "gloo-mtls-certs");

describe("certgen CronJob, Job and RBAC", { timeout: 60_000 }, () => {
    it("CronJob: the chart's container, safer job controls, restricted pod", async () => {
        const r = await runChecked({ config: { gateway: { certGenJob: { rotationDuration: "2m", cron: { enabled: true, timeZone: "Europe/Berlin" } } } } });
        const cj = r.find("CronJob", "gloo-mtls-certgen-cronjob");
        assert.equal(cj.metadata.namespace, NS);
        const s = cj.spec;
        assert.equal(s.schedule, "0 3 * * 0", "weekly by default, not every minute");
        assert.equal(s.timeZone, "Europe/Berlin");
        assert.equal(s.concurrencyPolicy, "Forbid");
        assert.ok(s.startingDeadlineSeconds > 0);
        assert.ok(s.successfulJobsHistoryLimit >= 1 && s.failedJobsHistoryLimit >= 1);
        const job = s.jobTemplate.spec;
        assert.ok(job.activeDeadlineSeconds >= 2 * 120 + 300, "well above 2 x rotationDuration");
        assert.ok(job.backoffLimit <= 3);
        assert.ok(job.ttlSecondsAfterFinished > 0);
        const pod = certgenPod(job);
        assert.equal(pod.serviceAccountName, "certgen");
        assert.equal(pod.restartPolicy, "OnFailure");
        assert.notEqual(pod.automountServiceAccountToken, false, "certgen calls the API server");
        assert.equal(pod.containers.length, 1);
        const c = pod.containers[0];
        assert.equal(c.image, "quay.io/solo-io/certgen:1.22.1");
        assert.deepEqual(c.args, ["--secret-name=gloo-mtls-certs", "--svc-name=gloo", "--rotation-duration=2m", "--force-rotation=true"]);
        assert.deepEqual(c.env, [{ name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } }]);
        assert.equal(c.securityContext.runAsNonRoot, true);

        // RBAC: get/update on this one Secret, and create: a run that finds the Secret deleted or expired recreates it.
        assert.equal(r.find("ServiceAccount", "certgen").metadata.namespace, NS);
        const role = r.find("Role", "gloo-mtls-certgen");
        assert.deepEqual(role.rules, certgenRoleRules());
        assert.ok(role.rules.some((x: any) => x.verbs.includes("create") && x.resourceNames === undefined), "the CronJob can recover");
        const binding = r.find("RoleBinding", "gloo-mtls-certgen");
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "certgen", namespace: NS }]);
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "gloo-mtls-certgen" });
        assert.equal(r.objects.filter((o) => /ClusterRole/.test(o.kind) && /certgen|vwc/.test(o.metadata.name)).length, 0, "no cluster-wide rights");
        assert.equal(r.maybe("Job", "gloo-mtls-certgen"), undefined, "Pulumi made the Secret: no creating Job");

        // Ownership: Pulumi creates the Secret once, then ignores what the CronJob writes.
        const secret = secretRes(r)!;
        assert.deepEqual(secret.options?.ignoreChanges, ["data", "stringData", "metadata"]);
        const cjRes = r.resources.find((x) => x.type === "kubernetes:batch/v1:CronJob")!;
        assert.ok(cjRes.options?.dependsOn.some((d) => d.type === "kubernetes:core/v1:Secret"), "the CronJob starts after the Secret exists");
        assert.match(String(r.outputs.certificatePhase), /rotated in-cluster by CronJob/);
        assert.equal(r.outputs.mtlsCaCertificate, undefined, "Pulumi's copy of the CA would go stale after the first rotation");
    });

    it("issuer certgen: a Job creates the Secret, pods wait for it, no tls resources", async () => {
        const r = await runChecked({ config: { certificates: { issuer: "certgen" } } });
        assert.equal(r.maybe("Secret", "gloo-mtls-certs"), undefined);
        assert.deepEqual(tlsResources(r), []);
        assert.equal(r.maybe("CronJob", "gloo-mtls-certgen-cronjob"), undefined);
        const job = r.find("Job", "gloo-mtls-certgen");
        assert.equal(job.spec.ttlSecondsAfterFinished, undefined, "a TTL would delete a Pulumi-managed Job behind its back");
        assert.ok(job.spec.activeDeadlineSeconds > 130);
        assert.deepEqual(certgenPod(job.spec).containers[0].args, ["--secret-name=gloo-mtls-certs", "--svc-name=gloo", "--rotation-duration=65s", "--force-rotation=true"]);
        assert.deepEqual(r.find("Role", "gloo-mtls-certgen").rules, certgenRoleRules());
        const jobRes = r.resources.find((x) => x.type === "kubernetes:batch/v1:Job")!;
        assert.deepEqual(jobRes.options?.replaceOnChanges, ["spec"], "a changed Job runs again");
        assert.equal(jobRes.options?.deleteBeforeReplace, true);
        const podOwners = r.resources.filter((x) => x.type === "gloo-mtls:gloo:ControlPlane" || x.type === "gloo-mtls:gloo:GatewayProxy");
        assert.equal(podOwners.length, 2);
        for (const c of podOwners) {
            assert.ok(c.options?.dependsOn.some((d) => d.type === "kubernetes:batch/v1:Job"), `${c.type} waits for the Job`);
        }
        assert.match(String(r.outputs.certificatePhase), /created in-cluster by Job gloo-mtls-certgen/);
    });

    it("issuer pulumi without the CronJob: Pulumi alone owns the Secret, no certgen at all", async () => {
        const r = await runChecked({});
        const secret = secretRes(r)!;
        assert.equal(secret.options?.ignoreChanges, undefined);
        assert.equal(secret.options?.deleteBeforeReplace, undefined);
        assert.equal(r.objects.filter((o) => /certgen/.test(o.metadata.name)).length, 0);
        const provider = r.resources.find((x) => x.type === "pulumi:providers:kubernetes")!;
        assert.equal(String(provider.inputs.enableSecretMutable), "true", "data changes are in-place updates, never delete-then-create");
        assert.equal(r.outputs.certificatePhase, "steady: CA 1 trusted and signing the leaf");
        assert.match(String(r.outputs.certificateNextStep), /step 1 of 3/);
    });
});

// ---------------------------------------------------------------------------------------------------------
// Zero-downtime matrix: pods mid-rollout hold the material of two adjacent phases at once. The install has a proxy
// fleet in another cluster (MC.BASE): its Secret holds the same CA bundle and a leaf of its own, re-issued from the
// active CA with gloo's, so the matrix covers gloo's cluster and the fleet's.

interface Material {
    ca: string;
    cert: string;
    key: string;
}

function splitPem(bundle: string): string[] {
    return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
}

/** A real mutual-TLS handshake: gloo's sidecar (server) with `server`'s material, a proxy (client) with `client`'s. */
async function handshake(server: Material, client: Material): Promise<boolean> {
    const r = await mtlsHandshake({
        server: { ...server, requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" },
        client: { ...client, servername: `gloo.${NS}.svc.cluster.local`, minVersion: "TLSv1.2" },
    });
    return r.ok;
}

describe("staged rotation: four pulumi ups with the same state, zero downtime between adjacent phases", { timeout: 60_000 }, () => {
    const phases = [
        { trusted: [1], active: 1 },
        { trusted: [1, 2], active: 1 },
        { trusted: [1, 2], active: 2 },
        { trusted: [2], active: 2 },
    ];
    const state = newMockState();
    const material: Material[] = [];
    const runs: Checked[] = [];
    /** Per phase: the fleet's material (cluster eu) and what gloo's sidecar asks of a client. */
    const fleet: Material[] = [];
    const sidecar: ReturnType<typeof serverFromDownstreamTls>[] = [];

    /** The fleet (client, its phase's material) → gloo's sidecar (server, its phase's material and SAN matchers), through the external name. */
    async function across(server: number, client: number): Promise<boolean> {
        const r = await mtlsHandshake({
            server: { ...material[server], ...sidecar[server] },
            client: { ...fleet[client], servername: MC.ADDRESS, verifyName: MC.ADDRESS, minVersion: "TLSv1.2" },
        });
        return r.ok;
    }

    it("runs the runbook: the bundle grows to two CAs and shrinks back to one, CA 1 never changes", async () => {
        for (const ca of phases) {
            const r = await runChecked({ config: { ...MC.BASE, certificates: { ca } }, state });
            const d = r.find("Secret", "gloo-mtls-certs").stringData;
            material.push({ ca: d["ca.crt"], cert: d["tls.crt"], key: d["tls.key"] });
            fleet.push(secretMaterial(r.find("Secret", "edge-eu-mtls-certs")));
            sidecar.push(serverFromDownstreamTls(listenerTransportSocket(r.envoy.get("envoy-sidecar-config/envoy-sidecar.yaml"), "envoy_xds_mtls_listener").transportSocket));
            runs.push(r);
        }
        assert.deepEqual(material.map((m) => splitPem(m.ca).length), [1, 2, 2, 1]);
        for (const m of material) assert.ok(m.ca.endsWith("\n") && m.cert.endsWith("\n"));
        const [ca1] = splitPem(material[0].ca);
        assert.equal(splitPem(material[1].ca)[0], ca1, "adding CA 2 leaves CA 1 untouched");
        assert.equal(splitPem(material[2].ca)[0], ca1);
        assert.equal(splitPem(material[1].ca)[1], splitPem(material[3].ca)[0], "CA 2 is the same CA from phase 1 to the end");
        assert.equal(material[1].cert, material[0].cert, "phase 1 keeps the leaf");
        assert.notEqual(material[2].cert, material[1].cert, "phase 2 swaps the leaf");
        assert.equal(material[3].cert, material[2].cert, "phase 3 keeps the leaf");

        // Each CA has its own subject; the leaf's issuer is the active CA.
        const subjects = splitPem(material[2].ca).map((p) => new crypto.X509Certificate(p).subject);
        assert.notEqual(subjects[0], subjects[1]);
        assert.equal(new crypto.X509Certificate(material[0].cert).issuer, subjects[0]);
        assert.equal(new crypto.X509Certificate(material[2].cert).issuer, subjects[1]);
        assert.match(new crypto.X509Certificate(material[2].cert).subjectAltName ?? "", new RegExp(`DNS:gloo\\.${NS}\\.svc\\.cluster\\.local`));

        // Only the CA-2 resources are new in phase 1: the CA-1 key, id and cert keep their outputs.
        const ca1Key = (r: Checked) => r.resources.find((x) => x.type === "tls:index/privateKey:PrivateKey" && x.name === "gloo-gloo-mtls-certs-ca-1")!.outputs.privateKeyPem;
        assert.equal(ca1Key(runs[1]), ca1Key(runs[0]));
        assert.deepEqual(runs.map((r) => String(r.outputs.certificatePhase).split(":")[0]), ["steady", "phase 1 of 3", "phase 2 of 3", "steady"]);
    });

    it("each run's certificateNextStep output takes its phase to the next phase of the runbook", () => {
        assert.equal(runs.length, phases.length, "the runbook test ran first");
        for (const [k, r] of runs.slice(0, -1).entries()) assert.deepEqual(applied(phases[k], String(r.outputs.certificateNextStep)), phases[k + 1], `phase ${k}`);
    });

    it("the other cluster: the same ca.crt in every phase, the fleet's leaf changes exactly when the active CA does", () => {
        assert.equal(fleet.length, phases.length, "the runbook test ran first");
        for (let i = 0; i < phases.length; i++) {
            assert.equal(fleet[i].ca, material[i].ca, `phase ${i}: one bundle in both clusters`);
            assert.equal(new crypto.X509Certificate(fleet[i].cert).issuer, new crypto.X509Certificate(material[i].cert).issuer, `phase ${i}: both leaves from the active CA`);
        }
        assert.equal(fleet[1].cert, fleet[0].cert, "phase 1 keeps the fleet's leaf");
        assert.notEqual(fleet[2].cert, fleet[1].cert, "phase 2 re-issues it from CA 2");
        assert.notEqual(fleet[2].key, fleet[1].key, "with a new key");
        assert.equal(fleet[3].cert, fleet[2].cert, "phase 3 keeps it");
    });

    for (let i = 0; i + 1 < phases.length; i++) {
        it(`phases ${i} and ${i + 1}: handshakes succeed in both directions, in gloo's cluster and across clusters`, async () => {
            assert.equal(material.length, phases.length, "the runbook test ran first");
            const [a, b] = [material[i], material[i + 1]];
            for (const [s, c] of [[a, b], [b, a], [a, a], [b, b]]) assert.equal(await handshake(s, c), true);
            for (const [s, c] of [[i, i + 1], [i + 1, i], [i, i], [i + 1, i + 1]]) assert.equal(await across(s, c), true, `gloo ${s}, fleet ${c}`);
        });
    }

    it("an abrupt swap (phase 0 straight to phase 3) fails, across clusters too: the check can fail", async () => {
        const [first, last] = [material[0], material[3]];
        assert.equal(await handshake(first, last), false);
        assert.equal(await handshake(last, first), false);
        assert.equal(await across(0, 3), false);
        assert.equal(await across(3, 0), false);
    });
});
