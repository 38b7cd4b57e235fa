// The policy pack's policies on the real program's registrations (runProgram under mocks, adapted by
// policy-args.ts into what the CLI would hand them): every default stack passes every policy, and for each
// policy a realistic bad input fails it with its message.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { Registered, RunResult } from "../render/program";
import { RETAIN_ANNOTATION } from "../policy/gloo";
import { ALWAYS_SECRET_INPUTS, policies } from "../policy/policies";
import { holdsPrivateKey, privateKeyPaths } from "../policy/pem";
import { Finding, PolicyContext, PolicyReport, inheritedOption, runPolicies } from "./policy-args";
import { STACK_FILES, addResource, container, mtlsPrivateKey, object, recorded } from "./policy-fixtures";

const MTLS_OFF = { global: { glooMtls: { enabled: false } } };
const CRON = { gateway: { certGenJob: { cron: { enabled: true } } } };
const CERTGEN = { certificates: { issuer: "certgen" } };

const check = (run: RunResult, ctx: PolicyContext): Promise<PolicyReport> => runPolicies(policies, run, ctx);

/** Exactly one violation, of `policy`, and nothing else failed: returns its message. */
function onlyViolation(report: PolicyReport, policy: string): Finding {
    assert.deepEqual(report.cantRun, []);
    assert.deepEqual(
        report.violations.map((v) => v.policy),
        [policy],
        report.violations.map((v) => `${v.policy}: ${v.message}`).join("\n"),
    );
    return report.violations[0];
}

describe("policy pack: the default stacks pass every policy", () => {
    for (const stack of [undefined, ...STACK_FILES]) {
        it(`${stack ?? "default config"}: no violation, every policy ran or says why not`, async () => {
            const run = await recorded(stack);
            const report = await check(run, { stack: stack ?? "test" });
            assert.deepEqual(report.violations, []);
            assert.deepEqual(report.cantRun, []);
            const resources = run.resources.length;
            for (const p of ["no-private-key-in-configmap-or-plain-input", "pods-restricted", "gloo-crds-retained-on-delete"]) assert.equal(report.ran.get(p), resources, p);
            assert.equal(report.ran.get("gloo-xds-on-loopback-behind-sidecar"), 1, "mTLS is on, so the sidecar is there");
            assert.equal(report.ran.get("no-private-key-in-stack-outputs"), 1);
            // Production is decided by name here; the others say they are not production.
            if (stack === "prod") assert.equal(report.ran.get("gloo-mtls-in-prod"), 1);
            else assert.deepEqual(report.notApplicable.filter((n) => n.policy === "gloo-mtls-in-prod").map((n) => n.message), [`stack ${stack ?? "test"} is not a production stack`]);
            // Pulumi alone writes gloo-mtls-certs by default: no second writer to compare with.
            assert.ok(report.notApplicable.some((n) => n.policy === "gloo-mtls-certs-one-owner"));
        });
    }

    it("the certgen configurations pass too (CronJob beside a Pulumi Secret that ignores its data; certgen as the only issuer)", async () => {
        for (const patch of [CRON, CERTGEN]) {
            const report = await check(await recorded("prod", patch), { stack: "prod" });
            assert.deepEqual(report.violations, [], JSON.stringify(patch));
        }
        // With the CronJob on, the owner check did run: both writers exist.
        assert.equal((await check(await recorded("prod", CRON), { stack: "prod" })).ran.get("gloo-mtls-certs-one-owner"), 1);
    });
});

describe("policy 1: mTLS on in production", () => {
    it("prod with mTLS off fails, naming every missing part and the fix", async () => {
        const v = onlyViolation(await check(await recorded("prod", MTLS_OFF), { stack: "prod" }), "gloo-mtls-in-prod");
        assert.equal(
            v.message,
            'Stack "prod" is a production stack (named prod), but Gloo in namespace gloo-system is not in mTLS mode: ' +
                "Deployment gloo has no envoy-sidecar and sds containers (it has gloo); no ConfigMap envoy-sidecar-config; " +
                'Settings gloo-system/default: spec.gloo.xdsBindAddr is "[::]:9977", not 127.0.0.1:9999 or [::1]:9999; ' +
                'Settings gloo-system/default: spec.gloo.restXdsBindAddr is "[::]:9976", not 127.0.0.1:9998 or [::1]:9998; ' +
                "no Secret gloo-mtls-certs and no certgen Job or CronJob that writes it. " +
                "Fix: pulumi config set --path 'global.glooMtls.enabled' true --stack prod (mTLS is the default: remove a false), then preview again.",
        );
        assert.match(v.urn!, /^urn:pulumi:prod::gloo-mtls::.*kubernetes:gloo\.solo\.io\/v1:Settings::/);
    });

    it("a stack tagged environment=prod is production whatever its name; the config changes what counts", async () => {
        const run = await recorded("prod", MTLS_OFF);
        const tagged = onlyViolation(await check(run, { stack: "edge", tags: { environment: "prod" } }), "gloo-mtls-in-prod");
        assert.match(tagged.message, /^Stack "edge" is a production stack \(tagged environment=prod\), but Gloo in namespace gloo-system is not in mTLS mode: /);
        assert.deepEqual((await check(run, { stack: "edge", tags: { environment: "staging" } })).violations, []);
        assert.deepEqual((await check(run, { stack: "dev" })).violations, [], "mTLS off is allowed outside production");
        const config = { "gloo-mtls-in-prod": { prodStacks: ["live"], prodTags: ["tier"] } };
        assert.deepEqual((await check(run, { stack: "prod", config })).violations, [], "prod is no production stack by this config");
        assert.match(onlyViolation(await check(run, { stack: "live", config }), "gloo-mtls-in-prod").message, /\(named live\)/);
        assert.match(onlyViolation(await check(run, { stack: "x", tags: { tier: "gold" }, config }), "gloo-mtls-in-prod").message, /\(tagged tier=gold\)/);
    });

    it("one missing part is enough: prod without the sidecar's ConfigMap fails with just that", async () => {
        const run = await recorded("prod");
        run.resources = run.resources.filter((r) => r !== object(run, "ConfigMap", "envoy-sidecar-config"));
        const v = onlyViolation(await check(run, { stack: "prod" }), "gloo-mtls-in-prod");
        assert.match(v.message, /is not in mTLS mode: no ConfigMap envoy-sidecar-config\. Fix: /);
    });

    /** Both views of a recorded resource: validateStack reads outputs, validateResource inputs. */
    const views = (r: Registered) => [r.inputs, r.outputs];

    // One defect at a time on prod's real run: each is enough on its own, and only the policies it concerns report.
    const singleDefects: { what: string; breaks: (run: RunResult) => void; policies: string[]; gap: RegExp }[] = [
        ...["envoy-sidecar", "sds"].map((gone) => ({
            what: `the gloo pod without its ${gone} container (the other sidecar kept)`,
            breaks: (run: RunResult) => {
                for (const v of views(object(run, "Deployment", "gloo"))) v.spec.template.spec.containers = v.spec.template.spec.containers.filter((c: { name: string }) => c.name !== gone);
            },
            policies: ["gloo-mtls-in-prod"],
            gap: new RegExp(`: Deployment gloo has no envoy-sidecar and sds containers \\(it has ${["envoy-sidecar", "sds", "gloo"].filter((c) => c !== gone).join(", ")}\\)\\. Fix: `),
        })),
        {
            what: "no gloo Deployment",
            breaks: (run) => void (run.resources = run.resources.filter((r) => r !== object(run, "Deployment", "gloo"))),
            policies: ["gloo-mtls-in-prod"],
            gap: /: no Deployment gloo\. Fix: /,
        },
        {
            what: "no Secret gloo-mtls-certs and no certgen",
            breaks: (run) => void (run.resources = run.resources.filter((r) => r !== object(run, "Secret", "gloo-mtls-certs"))),
            policies: ["gloo-mtls-in-prod"],
            gap: /: no Secret gloo-mtls-certs and no certgen Job or CronJob that writes it\. Fix: /,
        },
        {
            // The sidecar is still there, so the loopback policy reports this too.
            what: "Settings binding xDS off loopback",
            breaks: (run) => {
                for (const v of views(object(run, "Settings", "default"))) v.spec.gloo.xdsBindAddr = "0.0.0.0:9999";
            },
            policies: ["gloo-mtls-in-prod", "gloo-xds-on-loopback-behind-sidecar"],
            gap: /: Settings gloo-system\/default: spec\.gloo\.xdsBindAddr is "0\.0\.0\.0:9999", not 127\.0\.0\.1:9999 or \[::1\]:9999\. Fix: /,
        },
    ];
    for (const d of singleDefects) {
        it(`one defect is enough: prod with ${d.what} fails with just that gap`, async () => {
            const run = await recorded("prod");
            d.breaks(run);
            const report = await check(run, { stack: "prod" });
            assert.deepEqual(report.cantRun, []);
            assert.deepEqual(report.violations.map((v) => v.policy).sort(), d.policies);
            const v = report.violations.find((x) => x.policy === "gloo-mtls-in-prod")!;
            assert.match(v.message, /is not in mTLS mode: [^;]*\. Fix: /, "exactly one gap");
            assert.match(v.message, d.gap);
        });
    }
});

describe("policy 2: xDS on loopback while envoy-sidecar fronts gloo", () => {
    const bind = (run: RunResult, field: string, value: unknown) => {
        object(run, "Settings", "default").inputs.spec.gloo[field] = value;
        object(run, "Settings", "default").outputs.spec.gloo[field] = value;
    };

    it("Settings with xdsBindAddr 0.0.0.0:9999 while the sidecar exists fails, with the fix", async () => {
        const run = await recorded(undefined);
        bind(run, "xdsBindAddr", "0.0.0.0:9999");
        const v = onlyViolation(await check(run, { stack: "dev" }), "gloo-xds-on-loopback-behind-sidecar");
        assert.equal(
            v.message,
            'Settings gloo-system/default: spec.gloo.xdsBindAddr is "0.0.0.0:9999", not 127.0.0.1:9999 or [::1]:9999. ' +
                "Deployment gloo-system/gloo runs envoy-sidecar in front of gloo: it terminates mTLS on 9977/9976 and forwards to gloo on " +
                "127.0.0.1:9999/9998, so gloo bound anywhere else serves xDS (including every proxy's configuration) to any pod without mTLS, " +
                "or is unreachable for the sidecar. Fix: spec.gloo.xdsBindAddr: 127.0.0.1:9999 and spec.gloo.restXdsBindAddr: 127.0.0.1:9998 " +
                "(or [::1]:9999/[::1]:9998), as the program sets them in mTLS mode.",
        );
        assert.match(v.urn!, /kubernetes:gloo\.solo\.io\/v1:Settings::/);
    });

    it("REST xDS counts too; [::1] passes; an unknown address cannot be judged in preview", async () => {
        const rest = await recorded(undefined);
        bind(rest, "restXdsBindAddr", "10.0.0.1:9998");
        assert.match(onlyViolation(await check(rest, { stack: "dev" }), "gloo-xds-on-loopback-behind-sidecar").message, /^Settings gloo-system\/default: spec\.gloo\.restXdsBindAddr is "10\.0\.0\.1:9998", not 127\.0\.0\.1:9998 or \[::1\]:9998\. /);
        const v6 = await recorded(undefined);
        bind(v6, "xdsBindAddr", "[::1]:9999");
        bind(v6, "restXdsBindAddr", "[::1]:9998");
        assert.deepEqual((await check(v6, { stack: "dev" })).violations, []);
        const unknown = await recorded(undefined);
        bind(unknown, "xdsBindAddr", unknownValue);
        const report = await check(unknown, { stack: "dev" });
        assert.deepEqual(report.violations, []);
        assert.deepEqual(report.cantRun.map((c) => [c.policy, c.message]), [["gloo-xds-on-loopback-behind-sidecar", "string value at .spec.gloo.xdsBindAddr can't be known during preview"]]);
    });

    it("no Settings at all beside the sidecar fails; without the sidecar (mTLS off) the policy does not apply", async () => {
        const run = await recorded(undefined);
        run.resources = run.resources.filter((r) => r !== object(run, "Settings", "default"));
        assert.match(onlyViolation(await check(run, { stack: "dev" }), "gloo-xds-on-loopback-behind-sidecar").message, /^Namespace gloo-system has no Settings, so gloo binds xDS on 0\.0\.0\.0:9977 /);
        const off = await check(await recorded("prod", MTLS_OFF), { stack: "dev" });
        assert.deepEqual(off.violations, []);
        assert.deepEqual(off.notApplicable.filter((n) => n.policy === "gloo-xds-on-loopback-behind-sidecar").map((n) => n.message), ["no pod has an envoy-sidecar container beside gloo"]);
    });
});

describe("policy 3: no PEM private key in a ConfigMap, a plain input or a stack output", () => {
    it("a ConfigMap holding a private key fails, as PEM text and as base64 binaryData", async () => {
        const run = await recorded(undefined);
        const cm = object(run, "ConfigMap", "envoy-sidecar-config");
        cm.inputs.data["tls.key"] = mtlsPrivateKey(run);
        cm.inputs.binaryData = { "key.der.pem": Buffer.from(mtlsPrivateKey(run)).toString("base64") };
        const v = onlyViolation(await check(run, { stack: "dev" }), "no-private-key-in-configmap-or-plain-input");
        assert.equal(
            v.message,
            "ConfigMap gloo-system/envoy-sidecar-config holds a PEM private key in data.tls.key, binaryData.key.der.pem. " +
                "ConfigMaps are readable by anyone allowed to read configuration, are not encrypted at rest and show up in logs and diffs. " +
                "Fix: put the key in a Secret (stringData) and mount that Secret instead.",
        );
        assert.match(v.urn!, /kubernetes:core\/v1:ConfigMap::/);
    });

    it("a private key is found as PEM and as base64 of PEM (also wrapped in lines); other text and broken base64 are not keys", async () => {
        const pem = mtlsPrivateKey(await recorded(undefined));
        const b64 = Buffer.from(pem).toString("base64");
        assert.ok(holdsPrivateKey(pem));
        assert.ok(holdsPrivateKey(b64));
        assert.ok(holdsPrivateKey(b64.replace(/.{76}/g, "$&\r\n")), "MIME-wrapped");
        const cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assert.ok(!holdsPrivateKey(cert));
        assert.ok(!holdsPrivateKey(Buffer.from(cert).toString("base64")));
        assert.ok(!holdsPrivateKey(`${b64.slice(0, 41)}=${b64.slice(41)}`), "not base64: no key, and no throw");
    });

    it("a key in any other plain input fails (here an env var of gloo); a Secret's and the tls resources' keys pass", async () => {
        const run = await recorded(undefined);
        container(object(run, "Deployment", "gloo"), "gloo").env.push({ name: "TLS_KEY", value: mtlsPrivateKey(run) });
        const v = onlyViolation(await check(run, { stack: "dev" }), "no-private-key-in-configmap-or-plain-input");
        assert.match(v.message, /^kubernetes:apps\/v1:Deployment "gloo-gloo": input spec\.template\.spec\.containers\[2\]\.env\[\d+\]\.value holds a PEM private key, and it is not an input the SDK always marks secret, /);
        assert.match(v.message, /Fix: keep private keys only in a Kubernetes Secret's data\/stringData or in @pulumi\/tls resources/);
    });

    it("a stack output holding a private key fails, even when it is a secret", async () => {
        const run = await recorded(undefined);
        run.outputs.debugKey = { pem: mtlsPrivateKey(run) };
        run.secretOutputs.add("debugKey");
        const v = onlyViolation(await check(run, { stack: "dev" }), "no-private-key-in-stack-outputs");
        assert.match(v.message, /^Stack output debugKey\.pem holds a PEM private key\. .* Fix: stop exporting it; /);
        assert.equal(v.urn, "urn:pulumi:dev::gloo-mtls::pulumi:pulumi:Stack::gloo-mtls-test");
    });

    it("Secret data unknown in preview is no key and no reason to skip the check", async () => {
        const run = await recorded(undefined);
        object(run, "Secret", "gloo-mtls-certs").inputs.stringData["tls.key"] = unknownValue;
        object(run, "ConfigMap", "envoy-sidecar-config").inputs.data.extra = unknownValue;
        const report = await check(run, { stack: "dev" });
        assert.deepEqual([report.violations, report.cantRun], [[], []]);
    });

    it("the accepted places are exactly where the program's keys arrive as Pulumi secrets", async () => {
        let seen = 0;
        for (const stack of [undefined, ...STACK_FILES]) {
            for (const r of (await recorded(stack)).resources) {
                for (const path of privateKeyPaths(r.inputs)) {
                    seen++;
                    const top = (ALWAYS_SECRET_INPUTS[r.type] ?? []).find((a) => path === a || path.startsWith(`${a}.`));
                    assert.ok(top, `${r.type} ${r.name}: ${path} is accepted`);
                    assert.ok(r.secretInputs.includes(top), `${r.type} ${r.name}: ${top} arrived as a secret (${r.secretInputs})`);
                }
            }
        }
        assert.ok(seen >= 4 * 8, `keys found: ${seen}`);
    });
});

describe("policy 4: every container PSS restricted, with a read-only root filesystem", () => {
    it("a container without readOnlyRootFilesystem fails (the project's rule: PSS restricted itself does not ask for it)", async () => {
        const run = await recorded(undefined);
        delete container(object(run, "Deployment", "gloo"), "sds").securityContext.readOnlyRootFilesystem;
        const v = onlyViolation(await check(run, { stack: "dev" }), "pods-restricted");
        assert.match(
            v.message,
            /^Deployment gloo-system\/gloo: spec\.template\.spec\.containers\[1\]\.securityContext\.readOnlyRootFilesystem: must be true \(got unset, which defaults to false\); write to an emptyDir volume instead \(container sds\)\. PSS restricted does not require it; this project does: .* Fix: readOnlyRootFilesystem: true /,
        );
    });

    it("a container that may escalate privileges fails PSS restricted, in a CronJob's pod too", async () => {
        const run = await recorded("prod", CRON);
        delete container(object(run, "CronJob", "gloo-mtls-certgen-cronjob"), "certgen").securityContext.allowPrivilegeEscalation;
        const v = onlyViolation(await check(run, { stack: "prod" }), "pods-restricted");
        assert.equal(
            v.message,
            "CronJob gloo-system/gloo-mtls-certgen-cronjob: spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: " +
                'must be false (got unset, which defaults to true) (container certgen). Pod Security Standards "restricted" forbids this. ' +
                "Fix: give every container components/pod.ts restrictedSecurityContext() (runAsNonRoot, allowPrivilegeEscalation false, " +
                "capabilities drop ALL, seccomp RuntimeDefault) and keep pod-level fields within the profile.",
        );
    });
});

describe("policy 5: Gloo's CRDs retained on delete", () => {
    const group = (run: RunResult) => run.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigGroup")!;
    /** The program's CRD ConfigGroup with the retain declaration taken off the first `n` CRDs. */
    const stripped = (run: RunResult, n: number) => {
        const list = JSON.parse(group(run).inputs.yaml) as { items: { metadata: { annotations: Record<string, string> } }[] };
        for (const m of list.items.slice(0, n)) delete m.metadata.annotations[RETAIN_ANNOTATION];
        group(run).inputs.yaml = JSON.stringify(list);
    };

    it("a CRD of the ConfigGroup without the retain declaration fails, naming the undeclared ones", async () => {
        const run = await recorded(undefined);
        stripped(run, 2);
        const v = onlyViolation(await check(run, { stack: "dev" }), "gloo-crds-retained-on-delete");
        assert.match(v.message, /^ConfigGroup "gloo-crds" carries Gloo CRDs authconfigs\.enterprise\.gloo\.solo\.io, gateways\.gateway\.solo\.io without annotation /);
        assert.match(v.message, /Fix: register the resource that carries the CRDs with retainOnDelete: true and annotate every CRD/);
        assert.match(v.urn!, /kubernetes:yaml\/v2:ConfigGroup::gloo-crds$/);
    });

    it("a typed CRD resource without the declaration fails as well", async () => {
        const run = await recorded(undefined);
        const crd = JSON.parse(group(run).inputs.yaml).items.find((c: { metadata: { name: string } }) => c.metadata.name === "virtualservices.gateway.solo.io");
        delete crd.metadata.annotations[RETAIN_ANNOTATION];
        run.resources = run.resources.filter((r) => r.type !== "kubernetes:yaml/v2:ConfigGroup");
        addResource(run, object(run, "Namespace", "gloo-system"), {
            type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
            name: "virtualservices.gateway.solo.io",
            inputs: crd,
        });
        const v = onlyViolation(await check(run, { stack: "dev" }), "gloo-crds-retained-on-delete");
        assert.match(v.message, /^Gloo CRD virtualservices\.gateway\.solo\.io without annotation gloo-mtls\/retain-on-delete: "true", so nothing says it is retained on delete\. /);
    });

    /** Resources whose CRDs claim retention the engine would not give them (or the reverse). */
    function declarationMismatches(run: RunResult): string[] {
        return run.resources.flatMap((r) => {
            const docs = typeof r.inputs.yaml === "string" ? (JSON.parse(r.inputs.yaml).items as Record<string, any>[]) : [r.inputs];
            const crds = docs.filter((d) => d?.kind === "CustomResourceDefinition");
            if (crds.length === 0) return [];
            const declared = crds.every((d) => d.metadata?.annotations?.[RETAIN_ANNOTATION] === "true");
            const retained = inheritedOption(run.resources, r, "retainOnDelete") === true;
            return declared === retained ? [] : [`${r.type} ${r.name}: annotation ${declared}, retainOnDelete ${retained}`];
        });
    }

    it("the declaration never lies: every resource carrying Gloo CRDs has retainOnDelete exactly when it is annotated", async () => {
        for (const stack of [undefined, ...STACK_FILES]) assert.deepEqual(declarationMismatches(await recorded(stack)), [], stack);
        const run = await recorded(undefined);
        assert.equal(group(run).options?.retainOnDelete, true);
        group(run).options!.retainOnDelete = undefined;
        assert.deepEqual(declarationMismatches(run), ["kubernetes:yaml/v2:ConfigGroup gloo-crds: annotation true, retainOnDelete false"]);
    });
});

describe("policy 6: one owner of gloo-mtls-certs", () => {
    it("a certgen CronJob plus a Secret whose data Pulumi owns fails, naming both and the fix", async () => {
        const run = await recorded("prod", CRON);
        delete object(run, "Secret", "gloo-mtls-certs").options!.ignoreChanges;
        const v = onlyViolation(await check(run, { stack: "prod" }), "gloo-mtls-certs-one-owner");
        assert.equal(
            v.message,
            "Secret gloo-system/gloo-mtls-certs has two owners: Pulumi writes its data (ignoreChanges does not cover data and stringData) and " +
                "CronJob gloo-system/gloo-mtls-certgen-cronjob rewrites it (--secret-name=gloo-mtls-certs). The next pulumi up reverts every " +
                "certificate certgen rotated, and pods that already trust only the new CA fail their mTLS handshakes. Fix: one owner: either " +
                "Pulumi (certificates.issuer pulumi, gateway.certGenJob.cron.enabled false) or certgen (certificates.issuer certgen, or keep the " +
                'CronJob and give the Secret ignoreChanges ["data", "stringData", "metadata"], as the program does).',
        );
        assert.match(v.urn!, /kubernetes:core\/v1:Secret::gloo-gloo-mtls-certs$/);
    });

    it("ignoring only stringData is not enough; a certgen Job with a Pulumi-owned Secret fails too", async () => {
        const partial = await recorded("prod", CRON);
        object(partial, "Secret", "gloo-mtls-certs").options!.ignoreChanges = ["stringData"];
        onlyViolation(await check(partial, { stack: "prod" }), "gloo-mtls-certs-one-owner");
        // The other half alone is not enough either: Pulumi still writes stringData.
        const dataOnly = await recorded("prod", CRON);
        object(dataOnly, "Secret", "gloo-mtls-certs").options!.ignoreChanges = ["data", "metadata"];
        onlyViolation(await check(dataOnly, { stack: "prod" }), "gloo-mtls-certs-one-owner");
        const run = await recorded("prod", CERTGEN);
        const job = object(run, "Job", "gloo-mtls-certgen");
        addResource(run, job, { type: "kubernetes:core/v1:Secret", name: "gloo-mtls-certs", inputs: { apiVersion: "v1", kind: "Secret", metadata: { name: "gloo-mtls-certs", namespace: "gloo-system" }, type: "kubernetes.io/tls", stringData: { "tls.crt": "" } } });
        assert.match(onlyViolation(await check(run, { stack: "prod" }), "gloo-mtls-certs-one-owner").message, /and Job gloo-system\/gloo-mtls-certgen rewrites it/);
    });

    it("a certgen that writes gloo-mtls-certs of another namespace (--secret-namespace) is no second owner of this one", async () => {
        const run = await recorded("prod", CRON);
        delete object(run, "Secret", "gloo-mtls-certs").options!.ignoreChanges;
        const cron = object(run, "CronJob", "gloo-mtls-certgen-cronjob");
        for (const v of [cron.inputs, cron.outputs]) {
            const c = v.spec.jobTemplate.spec.template.spec.containers.find((x: { name: string }) => x.name === "certgen");
            c.args = [...c.args, "--secret-namespace=other-gloo"];
        }
        const report = await check(run, { stack: "prod" });
        assert.deepEqual([report.violations, report.cantRun], [[], []]);
        assert.equal(report.ran.get("gloo-mtls-certs-one-owner"), 1, "both writers exist, in different namespaces");
    });
});
