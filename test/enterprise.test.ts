// Gloo Enterprise extauth and rate-limit servers (issue #4): config errors, the object set for
// enterprise on/off × mTLS on/off, pod specs, Settings/Upstream wiring, the sidecar bootstraps, the
// license's secrecy, and real mutual-TLS handshakes with the certificates the program generates.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { resolveArgs } from "../components/args";
import { licenseSecretArgs } from "../components/enterprise";
import { PodSpec, adminReadinessProbe, withMtlsSidecars } from "../components/pod";
import { readStackFile } from "../render/cli";
import { ConfigError, parseStackConfig } from "../stacks/config";
import { installArgs } from "../stacks/index";
import { Checked, container, objectSet, runChecked } from "./harness";
import { handshake } from "./tls-peers";

const LICENSE = "test-license-9c1f0a7e-not-a-real-key";
const FQDN = "gloo.gloo-system.svc.cluster.local";
const XDS_CLUSTER = `${FQDN}:9977`;

function stackConfig(o: { enterprise: boolean; mtls: boolean; extAuth?: boolean; rateLimit?: boolean }): Record<string, unknown> {
    return {
        global: {
            glooMtls: { enabled: o.mtls },
            ...(o.enterprise ? { extensions: { extAuth: { enabled: o.extAuth ?? true }, rateLimit: { enabled: o.rateLimit ?? true } } } : {}),
        },
        ...(o.enterprise ? { enterprise: { enabled: true, licenseKey: LICENSE } } : {}),
    };
}

function run(o: { enterprise: boolean; mtls: boolean; extAuth?: boolean; rateLimit?: boolean }): Promise<Checked> {
    return runChecked({ config: stackConfig(o), secretKeys: o.enterprise ? ["enterprise"] : [] });
}

/** Config errors as the engine would pass the values (`gloo-mtls:key` → JSON text). */
function configErrors(config: Record<string, unknown>): string {
    const raw = Object.fromEntries(Object.entries(config).map(([k, v]) => [`gloo-mtls:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
    try {
        parseStackConfig(raw);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `a ConfigError, got ${e}`);
        return e.message;
    }
    assert.fail("expected a ConfigError");
}

function env(c: any, name: string): any {
    return (c.env ?? []).find((e: any) => e.name === name);
}

function podSpec(r: Checked, name: string): any {
    return r.find("Deployment", name).spec.template.spec;
}

describe("enterprise config", () => {
    test("enterprise.enabled without a license key names the key and the command that fixes it", () => {
        const msg = configErrors({ enterprise: { enabled: true } });
        assert.match(msg, /gloo-mtls:enterprise\.licenseKey: got nothing; required when gloo-mtls:enterprise\.enabled is true/);
        assert.match(msg, /pulumi config set --secret --path 'enterprise\.licenseKey'/);
    });

    test("each extension needs enterprise.enabled", () => {
        for (const ext of ["extAuth", "rateLimit"]) {
            const msg = configErrors({ global: { extensions: { [ext]: { enabled: true } } } });
            assert.match(msg, new RegExp(`gloo-mtls:global\\.extensions\\.${ext}\\.enabled: got true; .* needs gloo-mtls:enterprise\\.enabled true`));
            // Explicitly off is fine, and so is enterprise on with its key.
            assert.doesNotThrow(() => parseStackConfig({ "gloo-mtls:global": JSON.stringify({ extensions: { [ext]: { enabled: false } } }) }));
            assert.doesNotThrow(() =>
                parseStackConfig({
                    "gloo-mtls:global": JSON.stringify({ extensions: { [ext]: { enabled: true } } }),
                    "gloo-mtls:enterprise": JSON.stringify({ enabled: true, licenseKey: LICENSE }),
                }),
            );
        }
        // Both problems at once, one line each.
        const both = configErrors({ global: { extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } } });
        assert.equal(both.split("\n").length, 3);
    });

    test("a bad license key value is described, never echoed", () => {
        const msg = configErrors({ enterprise: { enabled: true, licenseKey: 987654321 } });
        assert.match(msg, /gloo-mtls:enterprise\.licenseKey: got <secret>; expected string/);
        assert.doesNotMatch(msg, /987654321/);
        const whole = configErrors({ enterprise: `"${LICENSE}"` });
        assert.match(whole, /gloo-mtls:enterprise: got <secret>/);
        assert.ok(!whole.includes(LICENSE));
    });

    test("unknown enterprise keys and bad tags are refused", () => {
        assert.match(configErrors({ enterprise: { enabled: true, licenseKey: LICENSE, licence: "x" } }), /gloo-mtls:enterprise\.licence: unknown key \(allowed here: enabled, licenseKey, image\)/);
        assert.match(configErrors({ enterprise: { enabled: true, licenseKey: LICENSE, image: { tag: "-bad" } } }), /gloo-mtls:enterprise\.image\.tag: got "-bad"/);
    });

    test("defaults: enterprise and both extensions off; the key becomes a Pulumi secret", async () => {
        const r = resolveArgs({});
        assert.deepEqual(r.enterprise, { enabled: false, licenseKey: undefined });
        assert.deepEqual(r.extensions, { extAuth: false, rateLimit: false });
        const args = installArgs(parseStackConfig({ "gloo-mtls:enterprise": JSON.stringify({ enabled: true, licenseKey: LICENSE }) }));
        assert.ok(await pulumi.isSecret(pulumi.output(args.enterprise!.licenseKey!)));
        const secretArgs = licenseSecretArgs("ns", LICENSE);
        assert.ok(await pulumi.isSecret(pulumi.output((secretArgs.stringData as any)["license-key"])));
    });
});

test("offline render: a nested `secure:` license key becomes a placeholder and its whole key is secret", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
    try {
        fs.writeFileSync(
            path.join(dir, "Pulumi.ee.yaml"),
            "config:\n  gloo-mtls:enterprise:\n    enabled: true\n    licenseKey:\n      secure: AAABAxyz==\n  gloo-mtls:namespace: edge\n",
        );
        const { config, secretKeys } = readStackFile("ee", dir);
        assert.deepEqual(config["gloo-mtls:enterprise"], { enabled: true, licenseKey: "<encrypted: set with pulumi config set --secret>" });
        assert.deepEqual(secretKeys, ["gloo-mtls:enterprise"]);
        assert.equal(config["gloo-mtls:namespace"], "edge");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("withMtlsSidecars: the new options are opt-in; the gloo pod keeps its behaviour", () => {
    const img = { registry: "r", repository: "x", tag: "1", pullPolicy: "IfNotPresent" as const };
    const base: PodSpec = { containers: [{ name: "main", env: [{ name: "A", value: "1" }], ports: [{ name: "p", containerPort: 80 }] }] };
    const frozen = JSON.stringify(base);
    const common = { envoyImage: img, sdsImage: img, sdsLogLevel: "info", position: "last" as const, mainContainer: "main" };
    const dflt = withMtlsSidecars(base, { ...common, envoySidecar: { configMap: "c", ports: [{ name: "p", containerPort: 80 }] } });
    assert.deepEqual((dflt.containers as any[])[0].env, [{ name: "A", value: "1" }, { name: "GLOO_MTLS_SDS_ENABLED", value: "true" }]);
    assert.deepEqual((dflt.containers as any[])[1].readinessProbe.tcpSocket, { port: 80 });
    const ee = withMtlsSidecars(base, {
        ...common,
        mainSdsEnabledEnv: false,
        mainEnv: [{ name: "A", value: "2" }, { name: "B", value: "3" }],
        envoySidecar: { configMap: "c", ports: [] },
    });
    assert.deepEqual((ee.containers as any[])[0].env, [{ name: "A", value: "2" }, { name: "B", value: "3" }]);
    assert.deepEqual((ee.containers as any[])[0].ports, [{ name: "p", containerPort: 80 }], "nothing moved");
    assert.deepEqual((ee.containers as any[])[1].readinessProbe, adminReadinessProbe(), "no port kubelet could dial: probed from inside");
    assert.equal("ports" in (ee.containers as any[])[1], false);
    assert.equal(JSON.stringify(base), frozen, "pure: the input is untouched");
});

describe("enterprise install", { timeout: 60_000 }, () => {
    const runs: Record<string, Checked> = {};
    before(async () => {
        for (const enterprise of [false, true]) for (const mtls of [false, true]) runs[`${enterprise}/${mtls}`] = await run({ enterprise, mtls });
    });

    const extras = (mtls: boolean) => {
        const base = new Set(objectSet(runs[`false/${mtls}`].objects));
        return objectSet(runs[`true/${mtls}`].objects).filter((o) => !base.has(o));
    };
    const COMMON = [
        "Deployment gloo-system/extauth",
        "Deployment gloo-system/rate-limit",
        "Deployment gloo-system/redis",
        "Secret gloo-system/extauth-signing-key",
        "Secret gloo-system/license",
        "Secret gloo-system/redis",
        "Service gloo-system/extauth",
        "Service gloo-system/rate-limit",
        "Service gloo-system/redis",
        "ServiceAccount gloo-system/extauth",
        "ServiceAccount gloo-system/rate-limit",
        "Upstream gloo-system/extauth",
        "Upstream gloo-system/rate-limit",
    ];

    test("object set: what enterprise adds, with and without mTLS (and nothing removed)", () => {
        for (const mtls of [false, true]) {
            const ee = new Set(objectSet(runs[`true/${mtls}`].objects));
            assert.deepEqual(objectSet(runs[`false/${mtls}`].objects).filter((o) => !ee.has(o)), [], "enterprise removes nothing");
        }
        assert.deepEqual(extras(false), COMMON);
        assert.deepEqual(
            extras(true),
            [
                ...COMMON,
                "ConfigMap gloo-system/extauth-sidecar-config",
                "ConfigMap gloo-system/rate-limit-sidecar-config",
                "NetworkPolicy gloo-system/gloo-mtls-extauth",
                "NetworkPolicy gloo-system/gloo-mtls-rate-limit",
                "NetworkPolicy gloo-system/gloo-mtls-redis",
            ].sort(),
        );
        // Resource structure: the servers live in their own components, under the install.
        const r = runs["true/true"];
        for (const [type, name] of [["gloo-mtls:enterprise:ExtAuth", "gloo-extauth"], ["gloo-mtls:enterprise:RateLimit", "gloo-rate-limit"]]) {
            const c = r.resources.find((x) => x.type === type);
            assert.equal(c?.name, name);
            assert.equal(c?.options?.parent?.type, "gloo-mtls:index:GlooInstall");
        }
        const extauthDeploy = r.resources.find((x) => x.type === "kubernetes:apps/v1:Deployment" && x.inputs.metadata?.name === "extauth");
        assert.equal(extauthDeploy?.options?.parent?.type, "gloo-mtls:enterprise:ExtAuth");
        assert.ok(extauthDeploy?.options?.dependsOn.some((d) => d.name === "gloo-gloo-mtls-certs"), "extauth waits for the mTLS Secret");
    });

    test("enterprise on, extensions off: only the license is added", async () => {
        const r = await runChecked({ config: { enterprise: { enabled: true, licenseKey: LICENSE } }, secretKeys: ["enterprise"] });
        const base = new Set(objectSet(runs["false/true"].objects));
        assert.deepEqual(objectSet(r.objects).filter((o) => !base.has(o)), ["Secret gloo-system/license"]);
        const settings = r.find("Settings", "default").spec;
        assert.equal(settings.extauth, undefined);
        assert.equal(settings.ratelimitServer, undefined);
    });

    test("a license key kept in plain text in the stack file is warned about; kept as a secret, it is not", async () => {
        const config = { enterprise: { enabled: true, licenseKey: LICENSE } };
        const plain = await runChecked({ config });
        assert.ok(plain.warnings.some((w) => /gloo-mtls:enterprise\.licenseKey is stored in plain text.*pulumi config set --secret --path 'enterprise\.licenseKey'/.test(w)), plain.warnings.join("\n"));
        const secret = await runChecked({ config, secretKeys: ["enterprise"] });
        assert.deepEqual(secret.warnings.filter((w) => /licenseKey/.test(w)), []);
        for (const r of [plain, secret]) assert.ok(!r.warnings.join("\n").includes(LICENSE), "the key itself is never logged");
    });

    test("the gloo pod is unchanged by enterprise apart from image and license", () => {
        const strip = (p: any) =>
            JSON.stringify(p.containers.map((c: any) => ({ ...c, image: undefined, env: (c.env ?? []).filter((e: any) => e.name !== "GLOO_LICENSE_KEY") })));
        assert.equal(strip(podSpec(runs["true/true"], "gloo")), strip(podSpec(runs["false/true"], "gloo")));
        assert.deepEqual(env(container(podSpec(runs["true/true"], "gloo"), "gloo"), "GLOO_MTLS_SDS_ENABLED"), { name: "GLOO_MTLS_SDS_ENABLED", value: "true" });
    });

    test("enterprise images and the license reach gloo as the enterprise chart does", async () => {
        const oss = runs["false/true"];
        const ee = runs["true/true"];
        assert.equal(container(podSpec(oss, "gloo"), "gloo").image, "quay.io/solo-io/gloo:1.22.1");
        assert.equal(env(container(podSpec(oss, "gloo"), "gloo"), "GLOO_LICENSE_KEY"), undefined);
        assert.equal(oss.maybe("Secret", "license"), undefined);

        const gloo = container(podSpec(ee, "gloo"), "gloo");
        assert.equal(gloo.image, "quay.io/solo-io/gloo-ee:1.22.1");
        assert.deepEqual(env(gloo, "GLOO_LICENSE_KEY"), { name: "GLOO_LICENSE_KEY", valueFrom: { secretKeyRef: { name: "license", key: "license-key" } } });
        assert.equal(container(podSpec(ee, "gateway-proxy"), "gateway-proxy").image, "quay.io/solo-io/gloo-ee-envoy-wrapper:1.22.1");
        assert.equal(container(podSpec(ee, "gloo"), "envoy-sidecar").image, "quay.io/solo-io/gloo-ee-envoy-wrapper:1.22.1");
        assert.equal(container(podSpec(ee, "extauth"), "extauth").image, "quay.io/solo-io/extauth-ee:1.22.1");
        assert.equal(container(podSpec(ee, "rate-limit"), "rate-limit").image, "quay.io/solo-io/rate-limit-ee:1.22.1");
        const license = ee.find("Secret", "license");
        assert.deepEqual(license.stringData, { "license-key": LICENSE });
        assert.deepEqual(license.metadata.labels, { app: "gloo", gloo: "license" });

        const tagged = resolveArgs({ enterprise: { enabled: true, licenseKey: "k", image: { tag: "1.19.9" } }, global: { glooMtls: { envoy: { image: { tag: "9.9.9" } } } } });
        assert.equal(tagged.images.gloo.tag, "1.19.9");
        assert.equal(tagged.images.extauth.tag, "1.19.9");
        assert.equal(tagged.images.envoy.tag, "9.9.9", "a per-image override still wins");
    });

    test("the license key appears only in the license Secret: not in outputs, other objects or logs", () => {
        const r = runs["true/true"];
        for (const res of r.resources) {
            if (res.type === "kubernetes:core/v1:Secret" && res.inputs.metadata?.name === "license") continue;
            assert.ok(!JSON.stringify(res.inputs).includes(LICENSE), `${res.type} ${res.name} does not hold the key`);
        }
        assert.ok(!JSON.stringify(r.outputs).includes(LICENSE));
        assert.ok(!r.warnings.join("\n").includes(LICENSE));
    });

    test("Settings point gloo at both servers; the extauth Upstream uses the mTLS certificates only in mTLS mode", () => {
        for (const mtls of [false, true]) {
            const r = runs[`true/${mtls}`];
            const s = r.find("Settings", "default").spec;
            assert.deepEqual(s.extauth.extauthzServerRef, { name: "extauth", namespace: "gloo-system" });
            assert.deepEqual(s.ratelimitServer.ratelimitServerRef, { name: "rate-limit", namespace: "gloo-system" });
            const up = r.find("Upstream", "extauth").spec;
            assert.deepEqual(up.kube, { serviceName: "extauth", serviceNamespace: "gloo-system", servicePort: 8083, serviceSpec: { grpc: {} } });
            assert.equal(up.useHttp2, true);
            if (mtls) assert.deepEqual(up.sslConfig, { secretRef: { name: "gloo-mtls-certs", namespace: "gloo-system" } });
            else assert.equal(up.sslConfig, undefined);
            const rl = r.find("Upstream", "rate-limit").spec;
            assert.equal(rl.kube.servicePort, 18081);
            assert.equal(rl.sslConfig, undefined);
            const oss = runs[`false/${mtls}`].find("Settings", "default").spec;
            assert.equal(oss.extauth, undefined);
            assert.equal(oss.ratelimitServer, undefined);
        }
    });

    test("mTLS: extauth gets the shared sidecars; its server moves to loopback 8084 and dials the 9955 forwarder", () => {
        const pod = podSpec(runs["true/true"], "extauth");
        assert.deepEqual(pod.containers.map((c: any) => c.name), ["extauth", "envoy-sidecar", "sds"]);
        const ea = container(pod, "extauth");
        assert.equal(env(ea, "GLOO_ADDRESS").value, "127.0.0.1:9955");
        assert.equal(env(ea, "SERVER_PORT").value, "8084");
        assert.equal(ea.env.filter((e: any) => e.name === "SERVER_PORT").length, 1, "replaced, not duplicated");
        assert.equal(env(ea, "GLOO_MTLS_SDS_ENABLED"), undefined);
        assert.equal(ea.ports, undefined, "8083 belongs to the sidecar now");
        assert.deepEqual(ea.readinessProbe.exec.command, ["/bin/sh", "-c", 'nc -z 127.0.0.1 "$SERVER_PORT"']);
        const side = container(pod, "envoy-sidecar");
        assert.deepEqual(side.ports, [{ name: "grpc", containerPort: 8083, protocol: "TCP" }]);
        assert.deepEqual(side.readinessProbe.tcpSocket, { port: 8083 });
        assert.deepEqual(side.volumeMounts, [
            { name: "extauth-sidecar-config", mountPath: "/etc/envoy" },
            { name: "gloo-mtls-certs", mountPath: "/etc/envoy/ssl", readOnly: true },
        ]);
        assert.deepEqual(container(pod, "sds").readinessProbe.tcpSocket, { port: 8234 });
        assert.deepEqual(pod.volumes.map((v: any) => v.name), ["gloo-mtls-certs", "extauth-sidecar-config"]);
        const annotations = runs["true/true"].find("Deployment", "extauth").spec.template.metadata.annotations;
        assert.match(annotations["checksum/extauth-sidecar-config"], /^[0-9a-f]{64}$/);
        assert.equal(annotations["kubectl.kubernetes.io/default-container"], "extauth");
    });

    test("mTLS: rate-limit's loopback-only sidecar has no ports and is probed through its loopback admin", () => {
        const pod = podSpec(runs["true/true"], "rate-limit");
        assert.deepEqual(pod.containers.map((c: any) => c.name), ["rate-limit", "envoy-sidecar", "sds"]);
        const rl = container(pod, "rate-limit");
        assert.equal(env(rl, "GLOO_ADDRESS").value, "127.0.0.1:9955");
        assert.deepEqual(rl.readinessProbe.httpGet, { path: "/ready", port: 18080 });
        const side = container(pod, "envoy-sidecar");
        assert.equal(side.ports, undefined);
        // kubelet cannot dial loopback: the probe runs inside the container against the admin the bootstrap binds.
        assert.deepEqual(side.readinessProbe.exec.command, ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8001/ready"]);
        assert.equal(side.readinessProbe.tcpSocket, undefined);
        assert.deepEqual(container(pod, "sds").readinessProbe.tcpSocket, { port: 8234 });
    });

    test("without mTLS: plaintext to gloo's xDS FQDN, server on 8083, no sidecars", () => {
        const r = runs["true/false"];
        const ea = podSpec(r, "extauth");
        assert.deepEqual(ea.containers.map((c: any) => c.name), ["extauth"]);
        assert.equal(env(ea.containers[0], "GLOO_ADDRESS").value, XDS_CLUSTER);
        assert.equal(env(ea.containers[0], "SERVER_PORT").value, "8083");
        assert.equal(ea.volumes, undefined);
        const rl = podSpec(r, "rate-limit");
        assert.deepEqual(rl.containers.map((c: any) => c.name), ["rate-limit"]);
        assert.equal(env(rl.containers[0], "GLOO_ADDRESS").value, XDS_CLUSTER);
        assert.equal(r.envoy.size, 1, "only the gateway-proxy bootstrap");
    });

    test("every enterprise container is restricted; Redis runs as its own uid with a password", () => {
        for (const name of ["extauth", "rate-limit", "redis"]) {
            for (const c of podSpec(runs["true/true"], name).containers) {
                assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${name}/${c.name}`);
                assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
                assert.equal(c.securityContext.allowPrivilegeEscalation, false);
            }
            assert.equal(podSpec(runs["true/true"], name).automountServiceAccountToken, false);
        }
        const redis = podSpec(runs["true/true"], "redis");
        assert.equal(redis.containers[0].securityContext.runAsUser, 999);
        assert.deepEqual(redis.containers[0].args.slice(0, 2), ["--requirepass", "$(REDIS_PASSWORD)"]);
        const pw = runs["true/true"].find("Secret", "redis").stringData["redis-password"];
        assert.match(pw, /^[A-Za-z0-9]{32}$/);
        assert.ok(!JSON.stringify(podSpec(runs["true/true"], "redis")).includes(pw));
        assert.deepEqual(env(container(podSpec(runs["true/true"], "rate-limit"), "rate-limit"), "REDIS_PASSWORD").valueFrom, {
            secretKeyRef: { name: "redis", key: "redis-password" },
        });
    });

    test("NetworkPolicies: SDS (8234), Envoy admin (8001) and extauth's own 8084 are never reachable; Redis only from rate-limit", () => {
        const r = runs["true/true"];
        const ports = (name: string) => r.find("NetworkPolicy", name).spec.ingress[0].ports.map((p: any) => p.port);
        assert.deepEqual(ports("gloo-mtls-extauth"), [8083, 9091]);
        assert.deepEqual(ports("gloo-mtls-rate-limit"), [18081, 9091]);
        assert.deepEqual(ports("gloo-mtls-redis"), [6379]);
        assert.deepEqual(r.find("NetworkPolicy", "gloo-mtls-redis").spec.ingress[0].from, [{ podSelector: { matchLabels: { gloo: "rate-limit" } } }]);
        assert.equal(r.find("NetworkPolicy", "gloo-mtls-extauth").spec.ingress[0].from, undefined);
        for (const p of r.objects.filter((o) => o.kind === "NetworkPolicy")) {
            for (const port of [8234, 8001, 8084]) assert.ok(!p.spec.ingress[0].ports.some((x: any) => x.port === port), `${p.metadata.name} ${port}`);
        }
    });

    test("operations output: the guide's log lines for the enabled servers", async () => {
        const lines = runs["true/true"].outputs.troubleshooting as string[];
        for (const l of ["deploy/extauth sds", "deploy/extauth envoy-sidecar", "deploy/rate-limit sds", "deploy/rate-limit envoy-sidecar"]) {
            assert.ok(lines.includes(`kubectl logs -n gloo-system ${l}`), l);
        }
        assert.ok(!(runs["false/true"].outputs.troubleshooting as string[]).some((l) => l.includes("extauth") || l.includes("rate-limit")));
        const only = await runChecked({ config: stackConfig({ enterprise: true, mtls: true, rateLimit: false }), secretKeys: ["enterprise"] });
        const onlyLines = only.outputs.troubleshooting as string[];
        assert.ok(onlyLines.some((l) => l.includes("deploy/extauth")));
        assert.ok(!onlyLines.some((l) => l.includes("rate-limit")));
        assert.equal(only.maybe("Deployment", "redis"), undefined);
        assert.equal(only.find("Settings", "default").spec.ratelimitServer, undefined);
    });

    test("sidecar bootstraps: the forwarder, the mutual-TLS cluster and the 8083 listener", () => {
        const r = runs["true/true"];
        const ea = r.envoy.get("extauth-sidecar-config/envoy-sidecar.yaml");
        const rl = r.envoy.get("rate-limit-sidecar-config/envoy-sidecar.yaml");
        for (const b of [ea, rl]) {
            const fwd = b.static_resources.listeners.find((l: any) => l.name === "gloo_xds_mtls_listener");
            assert.deepEqual(fwd.address.socket_address, { address: "127.0.0.1", port_value: 9955 });
            assert.equal(fwd.filter_chains[0].filters[0].typed_config.cluster, XDS_CLUSTER);
            assert.equal(fwd.filter_chains[0].transport_socket, undefined, "the server speaks plaintext to loopback");
            const xds = b.static_resources.clusters.find((c: any) => c.name === XDS_CLUSTER);
            assert.equal(xds.type, "STRICT_DNS");
            assert.deepEqual(xds.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address, { address: FQDN, port_value: 9977 });
            const tls = xds.transport_socket.typed_config;
            assert.equal(tls.sni, FQDN);
            // gloo's FQDN or gloo.<ns>.svc: what every issuer's certificate carries (certgen's FQDN may use another cluster domain).
            assert.deepEqual(tls.common_tls_context.combined_validation_context.default_validation_context.match_typed_subject_alt_names, [
                { san_type: "DNS", matcher: { exact: FQDN } },
                { san_type: "DNS", matcher: { exact: "gloo.gloo-system.svc" } },
            ]);
            assert.equal(tls.common_tls_context.tls_certificate_sds_secret_configs[0].name, "server_cert");
            assert.equal(tls.common_tls_context.combined_validation_context.validation_context_sds_secret_config.name, "validation_context");
            const sds = b.static_resources.clusters.find((c: any) => c.name === "gloo_client_sds");
            assert.deepEqual(sds.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address, { address: "127.0.0.1", port_value: 8234 });
            assert.equal(b.admin.address.socket_address.address, "127.0.0.1");
        }
        assert.deepEqual(rl.static_resources.listeners.map((l: any) => l.name), ["gloo_xds_mtls_listener"]);
        const l8083 = ea.static_resources.listeners.find((l: any) => l.name === "envoy_extauth_mtls_listener");
        assert.deepEqual(l8083.address.socket_address, { address: "::", port_value: 8083, ipv4_compat: true });
        assert.equal(l8083.filter_chains[0].transport_socket.typed_config.require_client_certificate, true);
        assert.equal(l8083.filter_chains[0].filters[0].typed_config.cluster, "extauth_cluster");
        const local = ea.static_resources.clusters.find((c: any) => c.name === "extauth_cluster");
        assert.deepEqual(local.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address, { address: "127.0.0.1", port_value: 8084 });
    });

    test("namespace and cluster domain are never hard-coded (upstream issue #4967)", async () => {
        const r = await runChecked({
            config: { ...stackConfig({ enterprise: true, mtls: true }), namespace: "edge", k8s: { clusterName: "corp.example" } },
            secretKeys: ["enterprise"],
        });
        const b = r.envoy.get("rate-limit-sidecar-config/envoy-sidecar.yaml");
        assert.equal(b.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.cluster, "gloo.edge.svc.corp.example:9977");
        assert.ok(!JSON.stringify([...r.envoy.values()]).includes("gloo-system"));
        assert.ok(!JSON.stringify([...r.envoy.values()]).includes("cluster.local"));
    });

    describe("mutual-TLS handshakes with the generated certificates", () => {
        let certs: { ca: string; cert: string; key: string };
        let foreign: { ca: string; cert: string; key: string };
        before(() => {
            certs = {
                ca: runs["true/true"].find("Secret", "gloo-mtls-certs").stringData["ca.crt"],
                cert: runs["true/true"].find("Secret", "gloo-mtls-certs").stringData["tls.crt"],
                key: runs["true/true"].find("Secret", "gloo-mtls-certs").stringData["tls.key"],
            };
            foreign = foreignCa();
        });

        test("extauth's 8083 side requires a client certificate: accepts gateway-proxy's material, refuses a foreign CA and none", async () => {
            const l8083 = runs["true/true"].envoy.get("extauth-sidecar-config/envoy-sidecar.yaml").static_resources.listeners.find((l: any) => l.name === "envoy_extauth_mtls_listener");
            const requireClient = l8083.filter_chains[0].transport_socket.typed_config.require_client_certificate;
            assert.equal(requireClient, true);
            // gateway-proxy's side is the extauth Upstream's sslConfig.secretRef → the same Secret.
            assert.equal(runs["true/true"].find("Upstream", "extauth").spec.sslConfig.secretRef.name, "gloo-mtls-certs");
            const server = { ...certs, requestCert: requireClient, rejectUnauthorized: requireClient, minVersion: "TLSv1.2" as const };
            // Gloo's sslConfig without sni/verifySubjectAltName checks the chain only, not the name.
            const ok = await handshake({ server, client: { ...certs, verifyName: false } });
            assert.ok(ok.ok, ok.error);
            assert.match(ok.peerSubject ?? "", /^CN=gloo\.gloo-system\.svc$/m);
            const bad = await handshake({ server, client: { ...foreign, ca: certs.ca, verifyName: false } });
            assert.equal(bad.ok, false);
            assert.ok(bad.serverError || bad.error, "a foreign client certificate is refused");
            const none = await handshake({ server, client: { ca: certs.ca, verifyName: false } });
            assert.equal(none.ok, false, "no client certificate, no connection");
        });

        test("the 9955 forwarders present a client certificate that the gloo sidecar accepts, and check gloo's name", async () => {
            const gloo = runs["true/true"].envoy.get("envoy-sidecar-config/envoy-sidecar.yaml");
            const glooListener = gloo.static_resources.listeners.find((l: any) => l.address.socket_address.port_value === 9977);
            assert.equal(glooListener.filter_chains[0].transport_socket.typed_config.require_client_certificate, true);
            const server = { ...certs, requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" as const };
            for (const cm of ["extauth-sidecar-config", "rate-limit-sidecar-config"]) {
                const xds = runs["true/true"].envoy.get(`${cm}/envoy-sidecar.yaml`).static_resources.clusters.find((c: any) => c.name === XDS_CLUSTER);
                const sni = xds.transport_socket.typed_config.sni;
                const ok = await handshake({ server, client: { ...certs, servername: sni } });
                assert.ok(ok.ok, `${cm}: ${ok.error}`);
                assert.match(ok.peerSubject ?? "", /^CN=gloo\.gloo-system\.svc$/m, cm);
                // A server with a foreign CA's certificate is refused by the forwarder's trust bundle.
                const impostor = await handshake({ server: { ...foreign, ca: certs.ca, requestCert: true, rejectUnauthorized: true }, client: { ...certs, servername: sni } });
                assert.equal(impostor.ok, false, cm);
            }
        });
    });
});

/** A CA that is not ours and a client/server leaf it signed, with the same names as gloo's (openssl CLI). */
function foreignCa(): { ca: string; cert: string; key: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "foreign-ca-"));
    try {
        const f = (n: string) => path.join(dir, n);
        const ossl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
        ossl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f("ca.key"), "-out", f("ca.crt"), "-subj", "/CN=foreign-ca", "-days", "1");
        ossl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f("leaf.key"), "-out", f("leaf.csr"), "-subj", "/CN=gloo.gloo-system.svc");
        fs.writeFileSync(f("ext"), `subjectAltName=DNS:gloo.gloo-system.svc,DNS:${FQDN}\nextendedKeyUsage=serverAuth,clientAuth\n`);
        ossl("x509", "-req", "-in", f("leaf.csr"), "-CA", f("ca.crt"), "-CAkey", f("ca.key"), "-CAcreateserial", "-out", f("leaf.crt"), "-days", "1", "-extfile", f("ext"));
        return { ca: fs.readFileSync(f("ca.crt"), "utf8"), cert: fs.readFileSync(f("leaf.crt"), "utf8"), key: fs.readFileSync(f("leaf.key"), "utf8") };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

