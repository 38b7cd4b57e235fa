// The install's invariants (test/validate/invariants.ts and friends), which the harness checks on every
// configuration the tests run: here each one is shown able to fail, on a deliberately broken copy of what a real
// run registered, and the config schema is walked section by section for unknown keys.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as YAML from "yaml";
import { z } from "zod";
import { Registered, RunResult, engineConfig, manifests } from "../render/program";
import { ARGUMENT_KEYS, checkArgs, describeIssue } from "../components/validation/problems";
import { CONFIG_KEYS, ConfigError, configSchema, parseStackConfig } from "../stacks/config";
import { problems, runShared } from "./harness";
import { UNKNOWN_KEY, formatPath, schemaNodes, unknownKeyProblems } from "./validate/config-schema";
import { podListeners } from "./validate/listeners";

const LICENSE = "test-license-not-a-real-key";
const ENTERPRISE = {
    config: {
        global: { extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } },
        enterprise: { enabled: true, licenseKey: LICENSE },
    },
    secretKeys: ["enterprise"],
};

/** The registered resource of a Kubernetes object, found by kind and metadata.name (never by Pulumi name). */
function object(resources: Registered[], kind: string, name: string): Registered {
    const r = resources.find((x) => {
        const [m] = manifests([x]);
        return m?.kind === kind && m.metadata.name === name;
    });
    assert.ok(r, `${kind} ${name} registered`);
    return r;
}

/** The problems of `good` after `breakIt` changed a copy of its registrations. */
function problemsAfter(good: RunResult, breakIt: (resources: Registered[]) => void): string[] {
    const resources = structuredClone(good.resources);
    breakIt(resources);
    return problems({ ...good, resources });
}

function reports(errs: string[], ...parts: (string | RegExp)[]): void {
    const hit = errs.some((e) => parts.every((p) => (typeof p === "string" ? e.includes(p) : p.test(e))));
    assert.ok(hit, `expected a problem with ${parts.join(" … ")} in:\n${errs.join("\n") || "(none)"}`);
}

const podOf = (r: Registered) => r.inputs.spec.template.spec;
const containerOf = (r: Registered, name: string) => podOf(r).containers.find((c: any) => c.name === name);

/** Edits one Envoy bootstrap ConfigMap in place. */
function editBootstrap(resources: Registered[], configMap: string, edit: (b: any) => void): void {
    const cm = object(resources, "ConfigMap", configMap);
    const [key] = Object.keys(cm.inputs.data);
    const b = YAML.parse(cm.inputs.data[key]);
    edit(b);
    cm.inputs.data[key] = YAML.stringify(b);
}
const cluster = (b: any, name: string) => b.static_resources.clusters.find((c: any) => c.name === name);
const endpoint = (c: any) => c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;

describe("invariants can fail", { timeout: 60_000 }, () => {
    let mtls: RunResult;
    let enterprise: RunResult;
    let certgen: RunResult;
    before(async () => {
        mtls = await runShared({});
        enterprise = await runShared(ENTERPRISE);
        certgen = await runShared({ config: { certificates: { issuer: "certgen" } } });
        for (const r of [mtls, enterprise, certgen]) assert.deepEqual(problems(r), [], "the unbroken runs pass");
    });

    describe("Services reach pods on declared ports", () => {
        it("a selector that matches no pod", () => {
            const errs = problemsAfter(enterprise, (rs) => (object(rs, "Service", "extauth").inputs.spec.selector = { gloo: "extauth-typo" }));
            reports(errs, "Service gloo-system/extauth", "selects no pod of the install");
        });
        it("a numeric targetPort no container declares, and one on the wrong protocol", () => {
            const errs = problemsAfter(mtls, (rs) => {
                const ports = object(rs, "Service", "gateway-proxy").inputs.spec.ports;
                ports[1].targetPort = 8444;
                ports[0].protocol = "UDP";
            });
            reports(errs, "Service gloo-system/gateway-proxy", "spec.ports[1]", "targets 8444/TCP", "Deployment gloo-system/gateway-proxy has no containerPort 8444");
            reports(errs, "spec.ports[0]", "targets 8080/UDP");
        });
        it("a named targetPort resolves by container port name", () => {
            const named = (name: string) => problemsAfter(mtls, (rs) => (object(rs, "Service", "gateway-proxy").inputs.spec.ports[1].targetPort = name));
            assert.deepEqual(named("https"), []);
            reports(named("htps"), "spec.ports[1]", 'no container port named "htps"');
        });
        it("a port without targetPort needs a containerPort of the same number (the gloo webhook port)", () => {
            const errs = problemsAfter(mtls, (rs) => {
                const gloo = containerOf(object(rs, "Deployment", "gloo"), "gloo");
                gloo.ports = gloo.ports.filter((p: any) => p.containerPort !== 8443);
            });
            reports(errs, "Service gloo-system/gloo", "(https) targets 8443/TCP", "no containerPort 8443");
        });
        it("a Service without selector is an error unless documented", () => {
            const errs = problemsAfter(mtls, (rs) => delete object(rs, "Service", "gloo").inputs.spec.selector);
            reports(errs, "Service gloo-system/gloo", "not a documented exception");
        });
    });

    describe("NetworkPolicies admit only what their pods listen on", () => {
        it("a port nothing in the selected pods listens on, and a selector that matches no pod", () => {
            const errs = problemsAfter(mtls, (rs) => {
                object(rs, "NetworkPolicy", "gloo-mtls-gateway-proxy").inputs.spec.ingress[0].ports.push({ port: 12345, protocol: "TCP" });
                object(rs, "NetworkPolicy", "gloo-mtls-gloo").inputs.spec.podSelector.matchLabels = { gloo: "gloo-typo" };
            });
            reports(errs, "NetworkPolicy gloo-system/gloo-mtls-gateway-proxy: admits port 12345", "Deployment gloo-system/gateway-proxy");
            reports(errs, "NetworkPolicy gloo-system/gloo-mtls-gloo: podSelector", "selects no pod of the install");
        });
    });

    describe("least privilege and readiness", () => {
        it('an RBAC rule granting "*"', () => {
            const errs = problemsAfter(mtls, (rs) => (object(rs, "ClusterRole", "kube-leader-election-gloo-system").inputs.rules[0].verbs = ["*"]));
            reports(errs, "ClusterRole -/kube-leader-election-gloo-system", 'rules[0] grants every verb ("*")');
        });
        it("a proxy pod that mounts a token, and a sidecar without readiness probe", () => {
            const errs = problemsAfter(enterprise, (rs) => {
                delete podOf(object(rs, "Deployment", "gateway-proxy")).automountServiceAccountToken;
                delete containerOf(object(rs, "Deployment", "rate-limit"), "envoy-sidecar").readinessProbe;
                delete containerOf(object(rs, "Deployment", "gateway-proxy"), "sds").readinessProbe;
            });
            reports(errs, "Deployment gloo-system/gateway-proxy", "mounts a ServiceAccount token");
            reports(errs, "Deployment gloo-system/rate-limit", "container envoy-sidecar has no readiness probe");
            reports(errs, "Deployment gloo-system/gateway-proxy", "container sds has no readiness probe");
        });
    });

    describe("Upstreams reach a Service port", () => {
        it("a servicePort the Service does not have", () => {
            const errs = problemsAfter(enterprise, (rs) => (object(rs, "Upstream", "extauth").inputs.spec.kube.servicePort = 8084));
            reports(errs, "Upstream gloo-system/extauth", "servicePort 8084 is not a port of Service gloo-system/extauth");
        });
        it("a Service the install does not register", () => {
            const errs = problemsAfter(enterprise, (rs) => (object(rs, "Upstream", "rate-limit").inputs.spec.kube.serviceName = "ratelimit"));
            reports(errs, "Upstream gloo-system/rate-limit", "names Service gloo-system/ratelimit, which the install does not register");
        });
    });

    describe("pods wait for the Secrets and ConfigMaps they use", () => {
        const onlyNamespace = (r: Registered) => (r.options!.dependsOn = r.options!.dependsOn.filter((d) => d.type === "kubernetes:core/v1:Namespace"));
        it("a pod created before its Secret and ConfigMap", () => {
            const errs = problemsAfter(mtls, (rs) => onlyNamespace(object(rs, "Deployment", "gateway-proxy")));
            reports(errs, "Deployment gloo-system/gateway-proxy", "uses Secret gloo-mtls-certs, but is not created after it");
            reports(errs, "Deployment gloo-system/gateway-proxy", "uses ConfigMap gateway-proxy-envoy-config, but is not created after it");
        });
        it("a dependsOn on a component waits for its children, transitively", () => {
            const errs = problemsAfter(mtls, (rs) => {
                const d = object(rs, "Deployment", "gateway-proxy");
                const sa = object(rs, "ServiceAccount", "gateway-proxy");
                const cm = object(rs, "ConfigMap", "gateway-proxy-envoy-config");
                // The Secret only through its TlsSecret component; the ConfigMap only through the ServiceAccount.
                d.options!.dependsOn = [
                    ...d.options!.dependsOn.filter((x) => x.type === "kubernetes:core/v1:Namespace" || x.type === "gloo-mtls:tls:TlsSecret"),
                    { type: sa.type, name: sa.name },
                ];
                sa.options!.dependsOn = [...sa.options!.dependsOn, { type: cm.type, name: cm.name }];
            });
            assert.deepEqual(errs, []);
        });
        it("a component's own dependsOn is not waited for: only its children are", () => {
            const errs = problemsAfter(mtls, (rs) => {
                const d = object(rs, "Deployment", "gateway-proxy");
                const secret = rs.find((x) => x.type === "gloo-mtls:tls:TlsSecret" && x.name.includes("gloo-mtls-certs"))!;
                const cm = object(rs, "ConfigMap", "gateway-proxy-envoy-config");
                const empty = { type: "gloo-mtls:test:Empty", name: "empty" };
                // A childless component that itself waits for the Secret and the ConfigMap.
                rs.push({
                    ...empty,
                    custom: false,
                    inputs: {},
                    id: "",
                    outputs: {},
                    secretInputs: [],
                    options: { parent: d.options!.parent, dependsOn: [{ type: secret.type, name: secret.name }, { type: cm.type, name: cm.name }], hasProvider: false, hasProviders: false },
                });
                d.options!.dependsOn = [...d.options!.dependsOn.filter((x) => x.type === "kubernetes:core/v1:Namespace"), empty];
            });
            reports(errs, "Deployment gloo-system/gateway-proxy", "uses Secret gloo-mtls-certs, but is not created after it");
            reports(errs, "Deployment gloo-system/gateway-proxy", "uses ConfigMap gateway-proxy-envoy-config, but is not created after it");
        });
        it("a Secret the install does not register, and a key the Secret does not have", () => {
            const errs = problemsAfter(enterprise, (rs) => {
                rs.splice(rs.indexOf(object(rs, "Secret", "license")), 1);
                const env = containerOf(object(rs, "Deployment", "rate-limit"), "rate-limit").env.find((e: any) => e.name === "REDIS_PASSWORD");
                env.valueFrom.secretKeyRef.key = "password";
            });
            reports(errs, "Deployment gloo-system/gloo", "env GLOO_LICENSE_KEY uses Secret license, which the install does not register");
            reports(errs, "Deployment gloo-system/rate-limit", 'uses Secret redis, key "password", which Secret gloo-system/redis does not have');
        });
        it("certgen's Secret: the pods wait for the Job instead, and only that Job counts", () => {
            assert.ok(!certgen.resources.some((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata.name === "gloo-mtls-certs"), "no Secret registered");
            // gloo waits for the Job directly and through Settings: cut both.
            const noJobWait = problemsAfter(certgen, (rs) => onlyNamespace(object(rs, "Deployment", "gloo")));
            reports(noJobWait, "Deployment gloo-system/gloo", "uses Secret gloo-mtls-certs, created in-cluster by Job gloo-system/gloo-mtls-certgen, but is not created after that Job");
            const notTheCreator = problemsAfter(certgen, (rs) => {
                const c = podOf(object(rs, "Job", "gloo-mtls-certgen")).containers[0];
                c.args = c.args.map((a: string) => a.replace("--secret-name=gloo-mtls-certs", "--secret-name=other"));
            });
            reports(notTheCreator, "Deployment gloo-system/gloo", "uses Secret gloo-mtls-certs, which the install does not register and no documented in-cluster creator makes");
            const anotherSecret = problemsAfter(mtls, (rs) => (podOf(object(rs, "Deployment", "gloo")).volumes.find((v: any) => v.secret?.secretName === "gloo-mtls-certs").secret.secretName = "made-by-hand"));
            reports(anotherSecret, "uses Secret made-by-hand, which the install does not register");
        });
    });

    describe("every container has a read-only root filesystem", () => {
        it("a container without it", () => {
            const errs = problemsAfter(mtls, (rs) => (containerOf(object(rs, "Deployment", "gloo"), "sds").securityContext.readOnlyRootFilesystem = false));
            reports(errs, "Deployment/gloo", "spec.containers[1].securityContext.readOnlyRootFilesystem", "must be true (got false)");
        });
    });

    describe("Envoy clusters on loopback reach a listener in the same pod", () => {
        it("a sidecar cluster to 127.0.0.1:9998 where nothing in the pod listens", () => {
            const errs = problemsAfter(enterprise, (rs) => editBootstrap(rs, "extauth-sidecar-config", (b) => (endpoint(cluster(b, "extauth_cluster")).port_value = 9998)));
            reports(errs, "Deployment gloo-system/extauth", "extauth-sidecar-config cluster extauth_cluster -> 127.0.0.1:9998, but nothing in the pod listens there");
        });
        it("gloo's listeners come from Settings: moving xdsBindAddr breaks the sidecar's cluster to 9999", () => {
            const errs = problemsAfter(mtls, (rs) => (object(rs, "Settings", "default").inputs.spec.gloo.xdsBindAddr = "127.0.0.1:9990"));
            reports(errs, "Deployment gloo-system/gloo", "cluster gloo_xds_cluster -> 127.0.0.1:9999");
        });
        it("address families: an IPv4-only listener is not reached at ::1", () => {
            const errs = problemsAfter(mtls, (rs) => editBootstrap(rs, "gateway-proxy-envoy-config", (b) => (endpoint(cluster(b, "admin_port_cluster")).address = "::1")));
            reports(errs, "Deployment gloo-system/gateway-proxy", "cluster admin_port_cluster -> ::1:19000");
        });
        it("a bootstrap ConfigMap that no container mounts", () => {
            const errs = problemsAfter(enterprise, (rs) => {
                const pod = podOf(object(rs, "Deployment", "rate-limit"));
                for (const c of pod.containers) c.volumeMounts = (c.volumeMounts ?? []).filter((m: any) => m.name !== "rate-limit-sidecar-config");
            });
            reports(errs, "ConfigMap gloo-system/rate-limit-sidecar-config: an Envoy bootstrap that no container of the install mounts");
        });
        it("what each container listens on, for the enterprise extauth pod", () => {
            const d = object(enterprise.resources, "Deployment", "extauth");
            const cm = YAML.parse(object(enterprise.resources, "ConfigMap", "extauth-sidecar-config").inputs.data["envoy-sidecar.yaml"]);
            const listening = podListeners(podOf(d), { bootstrapsOf: (c) => (c.name === "envoy-sidecar" ? [{ configMap: "extauth-sidecar-config", bootstrap: cm }] : []) });
            const show = listening.map((l) => `${l.container}:${l.port}/${l.families.join("+")} ${l.why}`).sort();
            assert.deepEqual(show, [
                "envoy-sidecar:8001/v4 admin in extauth-sidecar-config",
                "envoy-sidecar:8083/v4+v6 containerPort grpc",
                "envoy-sidecar:8083/v4+v6 listener envoy_extauth_mtls_listener in extauth-sidecar-config",
                "envoy-sidecar:9955/v4 listener gloo_xds_mtls_listener in extauth-sidecar-config",
                "extauth:8084/v4+v6 SERVER_PORT",
                "extauth:9091/v4+v6 START_STATS_SERVER",
                "sds:8234/v4+v6 SDS_SERVER_ADDRESS",
                "sds:8234/v4+v6 containerPort sds",
            ]);
        });
    });
});

// ------------------------------------------------------------------------------------------------------
// Config sections refuse unknown keys
// ------------------------------------------------------------------------------------------------------

/** The stack loader's messages for a config value, as the engine would pass it. */
function stackConfigProblems(config: Record<string, unknown>): string[] {
    try {
        parseStackConfig(engineConfig(config));
        return [];
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
}

/** A parser for any schema with the stack loader's messages. */
const parserFor = (schema: z.ZodType) => (config: Record<string, unknown>) => {
    const r = schema.safeParse(config);
    return r.success ? [] : r.error.issues.flatMap((i) => describeIssue(i, CONFIG_KEYS));
};

describe("every config section refuses unknown keys", () => {
    it("the stack config: every object schema is strict and names the full path of an unknown key", () => {
        assert.deepEqual(unknownKeyProblems(configSchema, stackConfigProblems, "gloo-mtls:"), []);
        const paths = schemaNodes(configSchema).map((n) => formatPath(n.path));
        for (const deep of ["", "global.glooMtls.sds.image", "global.extensions.rateLimit", "gateway.certGenJob.cron", "certificates.ca", "kubernetes"]) {
            assert.ok(paths.includes(deep), `walked ${deep || "(root)"}`);
        }
        assert.ok(stackConfigProblems({ gateway: { certGenJob: { cron: { [UNKNOWN_KEY]: 1 } } } }).some((m) => m.startsWith(`gloo-mtls:gateway.certGenJob.cron.${UNKNOWN_KEY}: unknown key`)));
    });
    it("the component's arguments: the same sections refuse unknown keys, named as argument paths", () => {
        assert.deepEqual(unknownKeyProblems(configSchema, (args) => checkArgs(args, ARGUMENT_KEYS).problems, "args."), []);
    });
    it("a section added without strictObject fails", () => {
        const schema = configSchema.extend({ newSection: z.object({ enabled: z.boolean().optional() }).optional() });
        const errs = unknownKeyProblems(schema, parserFor(schema), "gloo-mtls:");
        assert.deepEqual(errs, [
            "newSection: not a strict object: unknown keys are not refused (use z.strictObject)",
            `newSection: an unknown key is not refused with "gloo-mtls:newSection.${UNKNOWN_KEY}: unknown key" (got: accepted)`,
        ]);
    });
    it("records: their value objects must be strict", () => {
        const loose = z.strictObject({ proxies: z.record(z.string(), z.looseObject({ port: z.number().optional() })).optional() });
        const errs = unknownKeyProblems(loose, parserFor(loose), "gloo-mtls:");
        reports(errs, "proxies.example: not a strict object");
        const strict = z.strictObject({ proxies: z.record(z.enum(["edge", "internal"]), z.strictObject({ port: z.number().optional() })).optional() });
        assert.deepEqual(unknownKeyProblems(strict, parserFor(strict), "gloo-mtls:"), []);
        assert.deepEqual(formatPath(schemaNodes(strict)[1].path), "proxies.edge");
    });
    it("a value that accepts anything, an unwalkable schema, and a message without the full path fail", () => {
        const open = z.strictObject({ extra: z.unknown() });
        reports(unknownKeyProblems(open, parserFor(open), "gloo-mtls:"), "extra: accepts any value");
        assert.throws(() => schemaNodes(z.strictObject({ a: z.intersection(z.strictObject({ x: z.string() }), z.strictObject({ y: z.string() })) })), /cannot walk a intersection schema at a/);
        // A union is walked option by option: a loose object inside one is found.
        const loose = unknownKeyProblems(z.strictObject({ a: z.union([z.object({ x: z.string() }), z.string()]) }), () => [], "gloo-mtls:");
        assert.ok(loose.some((e) => e.startsWith("a: not a strict object")), loose.join("\n"));
        const vague = () => [`gloo-mtls:${UNKNOWN_KEY}: unknown key`];
        reports(unknownKeyProblems(configSchema, vague, "gloo-mtls:"), `global.image: an unknown key is not refused with "gloo-mtls:global.image.${UNKNOWN_KEY}: unknown key"`);
    });
});
