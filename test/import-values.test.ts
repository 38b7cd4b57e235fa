// `npm run import-values`: a chart values file becomes Pulumi.<stack>.yaml. The conversion (stacks/import-values.ts)
// is tested as a pure function; the command through its main(); and a production values file (fixture, written
// for this test) round-trips: converted, read back as the render reads stack files, run, and compared field by field
// with what `helm template gloo <chart 1.22.1> -n gloo-system -f test/fixtures/production-values.yaml` renders
// (expected values written by hand from that render; one program run). The chart's own values (--chart-values) are
// a few keys written here by hand (CHART), not a copy of the chart's values.yaml.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import * as YAML from "yaml";
import { z } from "zod";
import { readStackFile } from "../render/stack-file";
import { main } from "../scripts/import-values";
import { resolveArgs } from "../components/args";
import { argsSchema } from "../components/validation/schema";
import { SUPPORTED_DIFFERENTLY, importValues, mergeValuesFiles } from "../stacks/import-values";
import { ABSENT, Row, checkRow } from "./chart-rows";
import { Checked, runChecked } from "./harness";

const FIXTURE = path.join(__dirname, "fixtures", "production-values.yaml");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "import-values-"));

/**
 * What `helm show values gloo/gloo --version 1.22.1` says at the keys these tests need (written by hand from it): keys
 * this program takes (at its own defaults, but global.glooMtls.enabled) and keys it does not take.
 */
const CHART = {
    discovery: { enabled: false, fdsMode: "WHITELIST" },
    settings: { create: true, linkerd: false, aws: {}, invalidConfigPolicy: { replaceInvalidRoutes: false, invalidRouteResponseCode: 404 }, watchNamespaces: [] },
    gloo: { deployment: { replicas: 1, xdsPort: 9977, image: { repository: "gloo", tag: "1.22.1" } } },
    gateway: { validation: { enabled: true, failurePolicy: "Ignore" }, certGenJob: { enabled: true, cron: { enabled: false, schedule: "* * * * *" } } },
    gatewayProxies: {
        gatewayProxy: {
            podTemplate: { httpPort: 8080, probes: false, runAsUser: 10101, image: { repository: "gloo-envoy-wrapper", tag: "1.22.1" } },
            gatewaySettings: { enabled: true, useProxyProto: false },
            tracing: null,
        },
    },
    global: { glooMtls: { enabled: false }, glooRbac: { create: true, namespaced: false }, glooStats: { enabled: true, routePrefixRewrite: "/stats/prometheus" } },
};
/** The keys of CHART this program does not take (nor takes differently), each as its problem starts. */
const NOT_TAKEN = [
    'discovery.fdsMode: got "WHITELIST"; not supported',
    "settings.linkerd: got false; not supported",
    'gateway.validation.failurePolicy: got "Ignore"; not supported',
    "gatewayProxies.gatewayProxy.podTemplate.runAsUser: got 10101; not supported",
    "gatewayProxies.gatewayProxy.tracing: got null; not supported",
];
const assertProblems = (problems: string[], expected: string[]) => {
    for (const e of expected) assert.ok(problems.some((p) => p.startsWith(e)), `expected a problem starting with ${e}\ngot:\n  ${problems.join("\n  ")}`);
    assert.equal(problems.length, expected.length, problems.join("\n"));
};

describe("importValues: restated chart defaults", () => {
    it("with the chart's values (--chart-values), a file restating them converts to nothing but what differs here (mTLS, which it sets false)", () => {
        const r = importValues(structuredClone(CHART), { chartValues: CHART });
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.config, { global: { glooMtls: { enabled: false } } });
        assert.deepEqual(r.notes, ["global.glooMtls.enabled: false, the chart's default, is carried: this program's default is true"]);
    });

    it("without them, every key this program does not take is a problem, and a note says how to drop restated defaults", () => {
        const r = importValues(structuredClone(CHART));
        assert.equal(r.config, undefined);
        // Only the keys not taken: those taken differently pass at this program's fixed values (discovery.enabled, xdsPort, …).
        assertProblems(r.problems, NOT_TAKEN);
        assert.ok(
            r.notes.some((n) => n.includes("`helm show values gloo/gloo --version 1.22.1 > chart-values.yaml`") && n.includes("--chart-values chart-values.yaml drops")),
            r.notes.join("\n"),
        );
        // Nothing to hint at when every key is taken.
        assert.ok(!importValues({ settings: { create: false } }).notes.some((n) => n.includes("--chart-values")));
    });

    it("a value other than the chart's default is a problem even with the chart's values, naming that default; so is null over one", () => {
        const r = importValues({ settings: { linkerd: true }, gatewayProxies: { gatewayProxy: { podTemplate: { runAsUser: null, fsGroup: null } } } }, { chartValues: CHART });
        assertProblems(r.problems, [
            "settings.linkerd: got true (the chart's default: false); not supported",
            "gatewayProxies.gatewayProxy.podTemplate.runAsUser: got null (the chart's default: 10101); not supported",
        ]);
        assert.ok(!r.notes.some((n) => n.includes("--chart-values")));
    });

    it("an extra proxy restating the chart's gatewayProxy default drops it, unless the file's gatewayProxy sets that key", () => {
        const proxy = { podTemplate: { runAsUser: 10101 }, tracing: null };
        assert.deepEqual(importValues({ gatewayProxies: { internalGw: proxy } }, { chartValues: CHART }).config?.gatewayProxies, { internalGw: {} });
        const r = importValues({ gatewayProxies: { gatewayProxy: { podTemplate: { runAsUser: 1000 } }, internalGw: proxy } }, { chartValues: CHART });
        assertProblems(r.problems, [
            "gatewayProxies.gatewayProxy.podTemplate.runAsUser: got 1000 (the chart's default: 10101)",
            "gatewayProxies.internalGw.podTemplate.runAsUser: got 10101; not supported",
        ]);
    });

    it("the chart's values must be a map", () => {
        assert.match(importValues({}, { chartValues: ["x"] }).problems.join("\n"), /^the chart's values must be a map of chart keys/);
    });
});

describe("importValues: what is carried", () => {
    it("keys of the config schema land at the same path; values at this program's defaults, empty maps and null over nothing are dropped", () => {
        const r = importValues({
            settings: { create: true, watchNamespaces: ["apps"], invalidConfigPolicy: { invalidRouteResponseCode: 404, replaceInvalidRoutes: true }, aws: {} },
            global: { glooStats: { enabled: true, enableStatsRoute: true }, glooMtls: { enabled: true } },
            gatewayProxies: { gatewayProxy: { podTemplate: { httpPort: 8080, resources: null }, gatewaySettings: { ipv4Only: true, enabled: true } } },
        });
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.config, {
            settings: { watchNamespaces: ["apps"], invalidConfigPolicy: { replaceInvalidRoutes: true } },
            global: { glooStats: { enableStatsRoute: true } },
            gatewayProxies: { gatewayProxy: { gatewaySettings: { ipv4Only: true } } },
        });
        assert.deepEqual(r.notes, []);
    });

    it("an extra proxy exists by its key; it drops what it would inherit anyway, keeps what overrides the file's gatewayProxy and its nulls", () => {
        const r = importValues({
            global: { glooMtls: { enabled: true } },
            gatewayProxies: {
                gatewayProxy: { gatewaySettings: { useProxyProto: true }, podTemplate: { tolerations: [{ key: "edge", operator: "Exists" }] } },
                internalGw: {
                    podTemplate: { httpPort: 8080, image: { repository: "gloo-envoy-wrapper" }, tolerations: null },
                    gatewaySettings: { useProxyProto: false, enabled: true },
                    // Never inherited: null cancels nothing.
                    service: { extraAnnotations: null },
                },
                spare: {},
            },
        }, { chartValues: CHART });
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.config?.gatewayProxies, {
            gatewayProxy: { gatewaySettings: { useProxyProto: true }, podTemplate: { tolerations: [{ key: "edge", operator: "Exists" }] } },
            internalGw: { podTemplate: { tolerations: null }, gatewaySettings: { useProxyProto: false } },
            spare: {},
        });
    });

    it("the release namespace (helm -n) becomes the stack's namespace; the default is left out", () => {
        assert.deepEqual(importValues({ global: { glooMtls: { enabled: true } } }, { namespace: "edge" }).config, { namespace: "edge" });
        assert.deepEqual(importValues({ global: { glooMtls: { enabled: true } } }, { namespace: "gloo-system" }).config, {});
    });

    it("this program's default is judged where the value is: settings.writeNamespace equal to the release namespace is dropped", () => {
        const values = { settings: { writeNamespace: "edge" }, global: { glooMtls: { enabled: true } } };
        assert.deepEqual(importValues(values, { namespace: "edge" }).config, { namespace: "edge" });
        assert.deepEqual(importValues({ ...values, settings: { writeNamespace: "gloo-system" } }).config, {});
        // The chart's schedule is this program's only while the CronJob is off; with it on, the every-minute one is carried,
        // and then refused: it fires faster than one rotation takes.
        const cron = (enabled: boolean, schedule = "* * * * *") => importValues({ gateway: { certGenJob: { cron: { enabled, schedule } } }, global: { glooMtls: { enabled: true } } });
        assert.deepEqual(cron(false).config, {});
        assert.equal(cron(true).config, undefined);
        assert.ok(cron(true).problems.some((p) => /gateway\.certGenJob\.cron\.schedule: got "\* \* \* \* \*"; .*fires every 1m/.test(p)), cron(true).problems.join("\n"));
        assert.deepEqual(cron(true, "0 4 * * *").config, { gateway: { certGenJob: { cron: { enabled: true, schedule: "0 4 * * *" } } } });
    });

    it("follows the config schema: a key added to it is carried with no change to the importer", () => {
        const extended = argsSchema.extend({ newSection: z.strictObject({ newKey: z.number().optional(), other: z.number().optional() }).optional() });
        // Its default (1) comes from the resolution, as the program's do from resolveArgs.
        const resolve = ({ newSection, ...rest }: Record<string, any>) => ({ ...resolveArgs(rest), newKey: newSection?.newKey ?? 1, other: newSection?.other ?? 1 });
        const r = importValues({ newSection: { newKey: 3, other: 1 }, global: { glooMtls: { enabled: true } } }, { schema: extended, resolve });
        assert.deepEqual(r.config, { newSection: { newKey: 3 } });
        assert.match(importValues({ newSection: { newKey: 3 } }).problems.join("\n"), /^newSection: got \{"newKey":3\}; not supported by this program/);
    });
});

describe("importValues: what is refused, each key named with its reason, and then nothing is converted", () => {
    const r = importValues(
        {
            settings: { singleNamespace: true, aws: { enableServiceAccountCredentials: true }, create: false },
            gloo: { deployment: { xdsPort: 9000, ossImageTag: "1.22.1" } },
            kubeGateway: { enabled: true },
            gatewayProxies: {
                gatewayProxy: { podTemplate: { runAsUser: 1000 }, tracing: { provider: { name: "zipkin" } } },
                internalGw: { stats: { enabled: false }, namespace: "edge", gatewaySettings: { ipv4Only: "yes" } },
            },
            customKey: 1,
            license_key: "not-a-real-license",
        },
        { chartValues: CHART },
    );
    it("writes nothing", () => assert.equal(r.config, undefined));
    const expected = [
        'settings.singleNamespace: got true; use settings.watchNamespaces: [<the release namespace>] instead',
        "settings.aws.enableServiceAccountCredentials: got true; not supported by this program",
        "settings.create: got false; this program always creates the Settings `default`",
        "gloo.deployment.xdsPort: got 9000; gloo's ports are fixed here",
        "kubeGateway.enabled: got true; Gloo Gateway's Kubernetes Gateway API mode is not installed by this program",
        "gatewayProxies.gatewayProxy.podTemplate.runAsUser: got 1000 (the chart's default: 10101); not supported by this program",
        'gatewayProxies.gatewayProxy.tracing: got {"provider":{"name":"zipkin"}} (the chart\'s default: null); not supported by this program',
        'gatewayProxies.internalGw.stats: got {"enabled":false}; stats are configured for all proxies at once here, with global.glooStats',
        'gatewayProxies.internalGw.namespace: got "edge"; every proxy lives in the install\'s namespace here',
        "customKey: got 1; not supported by this program",
        "license_key: set; the enterprise chart's license key is enterprise.licenseKey here, a secret",
    ];
    it("names every unsupported key with its reason, and only those", () => assertProblems(r.problems, expected));
    it("a value that is this program's fixed behaviour passes (ossImageTag 1.22.1)", () => assert.ok(!r.problems.some((p) => p.startsWith("gloo.deployment.ossImageTag"))));
    it("a supported key with a bad value is refused by the program's own rules, named by its values path", () => {
        const bad = importValues({ gatewayProxies: { gatewayProxy: { gatewaySettings: { ipv4Only: "yes", options: { perConnectionBuffer: 1 } } } } });
        assert.equal(bad.config, undefined);
        assert.deepEqual(bad.problems.map((p) => p.split(";")[0].split(": unknown key")[0]), [
            'gatewayProxies.gatewayProxy.gatewaySettings.ipv4Only: got "yes"',
            "gatewayProxies.gatewayProxy.gatewaySettings.options.perConnectionBuffer",
        ]);
    });
    it("every entry of the table of keys taken differently has a reason, and names a chart key", () => {
        for (const d of SUPPORTED_DIFFERENTLY) assert.ok(d.reason.length > 20 && /^[a-zA-Z_]+(\.(<key>|[a-zA-Z0-9]+))*$/.test(d.path), d.path);
    });
    it("the enterprise chart's nesting (open-source values under gloo:) is named as such", () => {
        assert.match(importValues({ gloo: { gatewayProxies: { gatewayProxy: {} } } }).problems.join("\n"), /^gloo\.gatewayProxies: got .*; the enterprise chart's layout .* move the block up a level$/);
    });
    it("never shows a secret's value", () => assert.ok(!r.problems.join("\n").includes("not-a-real-license")));
});

describe("several values files merge as helm's -f does", () => {
    it("maps key by key, anything else replaced by the later file, null included", () => {
        const base = { gatewayProxies: { gatewayProxy: { podTemplate: { tolerations: [{ key: "a" }], httpPort: 9080 }, service: { type: "NodePort" } } } };
        const prod = { gatewayProxies: { gatewayProxy: { podTemplate: { tolerations: [{ key: "b" }], httpPort: null }, gatewaySettings: { ipv4Only: true } } } };
        assert.deepEqual(mergeValuesFiles([base, prod]), {
            gatewayProxies: { gatewayProxy: { podTemplate: { tolerations: [{ key: "b" }], httpPort: null }, service: { type: "NodePort" }, gatewaySettings: { ipv4Only: true } } },
        });
        assert.deepEqual(base.gatewayProxies.gatewayProxy.podTemplate.httpPort, 9080, "inputs unchanged");
        assert.deepEqual(mergeValuesFiles([]), {});
    });
});

describe("npm run import-values (main)", () => {
    it("writes Pulumi.<stack>.yaml that the render reads back to the same config", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "v.yaml"), "gatewayProxies:\n  gatewayProxy:\n    gatewaySettings:\n      ipv4Only: true\n");
        const out: string[] = [];
        assert.equal(main(["v.yaml", "--stack", "moved"], dir, dir, (s) => out.push(s), (s) => out.push(s)), 0);
        assert.deepEqual(readStackFile("moved", dir).config, {
            "pulumi:disable-default-providers": ["kubernetes"],
            "gloo-mtls:gatewayProxies": { gatewayProxy: { gatewaySettings: { ipv4Only: true } } },
        });
        assert.match(out.join("\n"), /note: global\.glooMtls\.enabled is not set/);
        // A second run would overwrite it: refused unless --force.
        assert.equal(main(["v.yaml", "--stack", "moved"], dir, dir, () => {}, () => {}), 2);
        assert.equal(main(["v.yaml", "--stack", "moved", "--force"], dir, dir, () => {}, () => {}), 0);
    });
    it("takes several values files, the later winning, and names them in the file's header", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "base.yaml"), "settings:\n  watchNamespaces: [a]\n  disableKubernetesDestinations: true\n");
        fs.writeFileSync(path.join(dir, "prod.yaml"), "settings:\n  watchNamespaces: [a, b]\n");
        assert.equal(main(["base.yaml", "prod.yaml", "--stack", "prod", "--namespace", "edge"], dir, dir, () => {}, () => {}), 0);
        const text = fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8");
        assert.match(text, /^# Converted from base\.yaml \+ prod\.yaml by /);
        assert.deepEqual(readStackFile("prod", dir).config["gloo-mtls:settings"], { watchNamespaces: ["a", "b"], disableKubernetesDestinations: true });
        assert.equal(readStackFile("prod", dir).config["gloo-mtls:namespace"], "edge");
    });
    it("with a key it cannot carry: exit 1, every problem printed, no file", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "v.yaml"), "settings:\n  singleNamespace: true\ncustomKey: 1\n");
        const err: string[] = [];
        assert.equal(main(["v.yaml", "--stack", "moved"], dir, dir, () => {}, (s) => err.push(s)), 1);
        assert.match(err.join("\n"), /nothing written; 2 key\(s\) cannot be carried:\n {2}- settings\.singleNamespace: .*\n {2}- customKey: /);
        assert.equal(fs.existsSync(path.join(dir, "Pulumi.moved.yaml")), false);
    });
    it("--chart-values: restated chart defaults refused without it (with the hint), dropped with it", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "shown.yaml"), YAML.stringify(CHART));
        fs.writeFileSync(path.join(dir, "chart-values.yaml"), YAML.stringify(CHART));
        const err: string[] = [];
        assert.equal(main(["shown.yaml", "--stack", "moved"], dir, dir, () => {}, (s) => err.push(s)), 1);
        assert.match(err.join("\n"), new RegExp(`nothing written; ${NOT_TAKEN.length} key\\(s\\) cannot be carried`));
        assert.match(err.join("\n"), /\nnote: if the values file came from `helm show values`.*--chart-values chart-values\.yaml drops/);
        assert.equal(fs.existsSync(path.join(dir, "Pulumi.moved.yaml")), false);
        assert.equal(main(["shown.yaml", "--stack", "moved", "--chart-values", "chart-values.yaml"], dir, dir, () => {}, (s) => assert.fail(s)), 0);
        assert.deepEqual(readStackFile("moved", dir).config["gloo-mtls:global"], { glooMtls: { enabled: false } });
        // Its value is not a values file to convert; without one it is a usage error.
        assert.equal(main(["shown.yaml", "--stack", "x", "--chart-values"], dir, dir, () => {}, () => {}), 2);
        assert.equal(main(["--stack", "x", "--chart-values", "chart-values.yaml"], dir, dir, () => {}, () => {}), 2);
        assert.equal(main(["shown.yaml", "--stack", "x", "--chart-values", "missing.yaml"], dir, dir, () => {}, () => {}), 2);
    });
    it("usage errors: no file, no stack", () => {
        assert.equal(main(["--stack", "x"], tmp(), undefined, () => {}, () => {}), 2);
        assert.equal(main(["v.yaml"], tmp(), undefined, () => {}, () => {}), 2);
    });
});

// The fixture's render by the chart (helm template … -f production-values.yaml), the fields this program carries.
const ALS = {
    accessLog: [
        {
            fileSink: {
                path: "/dev/stdout",
                jsonFormat: {
                    start_time: "%START_TIME%",
                    method: "%REQ(:METHOD)%",
                    path: "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%",
                    status: "%RESPONSE_CODE%",
                    duration_ms: "%DURATION%",
                    upstream: "%UPSTREAM_CLUSTER%",
                },
            },
        },
    ],
};
const OPTIONS = { perConnectionBufferLimitBytes: 65536, accessLoggingService: ALS };
const POD = "spec.template.spec";
const proxyC = (n: string) => `${POD}.containers[name=${n}]`;
const NLB = {
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
    "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol": "*",
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
};
const PROXY_RES = { limits: { memory: "1Gi" }, requests: { cpu: "500m", memory: "256Mi" } };
const PRESTOP = { preStop: { exec: { command: ["/bin/sh", "-c", 'wget --post-data "" -O /dev/null 127.0.0.1:19000/healthcheck/fail; sleep 25'] } } };
const ROUTES = "bootstrap.static_resources.listeners[name=prometheus_listener].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes";
const FIXTURE_ROWS: [object: string, path: string, expected: unknown][] = [
    ["Gateway/gateway-proxy", "spec", { bindAddress: "::", bindPort: 8080, httpGateway: {}, options: OPTIONS, useProxyProto: true, ssl: false, proxyNames: ["gateway-proxy"] }],
    [
        "Gateway/gateway-proxy-ssl",
        "spec",
        { bindAddress: "::", bindPort: 8443, httpGateway: { options: { httpConnectionManagerSettings: { useRemoteAddress: true, xffNumTrustedHops: 0 } } }, options: OPTIONS, useProxyProto: true, ssl: true, proxyNames: ["gateway-proxy"] },
    ],
    ["Gateway/internal-gw", "spec", { bindAddress: "::", bindPort: 8080, httpGateway: { virtualServiceSelector: { exposure: "internal" } }, options: OPTIONS, useProxyProto: false, ssl: false, proxyNames: ["internal-gw"] }],
    ["Gateway/internal-gw-ssl", "", ABSENT],
    ["Settings/default", "spec.watchNamespaces", ["gloo-system", "shop", "payments"]],
    ["Settings/default", "spec.discoveryNamespace", "gloo-system"],
    ["Settings/default", "spec.gloo.disableKubernetesDestinations", true],
    [
        "Settings/default",
        "spec.gloo.invalidConfigPolicy",
        { invalidRouteResponseBody: "Gloo Gateway has invalid configuration. Administrators should run `glooctl check` to find and fix config errors.", invalidRouteResponseCode: 503, replaceInvalidRoutes: true },
    ],
    ["Deployment/gloo", "spec.replicas", 3],
    ["Deployment/gloo", `${POD}.priorityClassName`, "platform-critical"],
    ["Deployment/gloo", `${proxyC("gloo")}.image`, "registry.example.com/solo-io/gloo:1.22.1"],
    ["Deployment/gloo", `${proxyC("gloo")}.resources`, { limits: { cpu: "2", memory: "1Gi" }, requests: { cpu: "500m", memory: "512Mi" } }],
    ["Deployment/gloo", `${proxyC("sds")}.image`, "registry.example.com/solo-io/sds:1.22.1"],
    ["Deployment/gloo", `${proxyC("sds")}.resources`, { limits: { memory: "128Mi" }, requests: { cpu: "50m", memory: "64Mi" } }],
    ["Deployment/gloo", "spec.template.metadata.annotations['gloo.solo.io/oss-image-tag']", "1.22.1"],
    ["Deployment/gateway-proxy", "spec.replicas", 3],
    ["Deployment/gateway-proxy", `${proxyC("gateway-proxy")}.image`, "registry.example.com/solo-io/gloo-envoy-wrapper:1.22.1"],
    ["Deployment/gateway-proxy", `${proxyC("gateway-proxy")}.imagePullPolicy`, "Always"],
    ["Deployment/gateway-proxy", `${proxyC("gateway-proxy")}.resources`, PROXY_RES],
    ["Deployment/gateway-proxy", `${proxyC("gateway-proxy")}.lifecycle`, PRESTOP],
    ["Deployment/gateway-proxy", `${POD}.terminationGracePeriodSeconds`, 45],
    ["Deployment/gateway-proxy", `${POD}.imagePullSecrets`, [{ name: "registry-example-com" }]],
    ["Deployment/gateway-proxy", "spec.template.metadata.annotations['ad.datadoghq.com/gateway-proxy.check_names']", '["envoy"]'],
    ["Deployment/gateway-proxy", "spec.template.metadata.annotations['prometheus.io/port']", "8081"],
    ["ConfigMap/gateway-proxy-envoy-config", "bootstrap.node.metadata.role", "gloo-system~gateway-proxy"],
    ["ConfigMap/gateway-proxy-envoy-config", `${ROUTES}[1].route`, { prefix_rewrite: "/stats/prometheus?usedonly", cluster: "admin_port_cluster" }],
    ["Service/gateway-proxy", "metadata.annotations", NLB],
    [
        "Service/gateway-proxy",
        "spec",
        {
            externalTrafficPolicy: "Local",
            ports: [
                { port: 80, targetPort: 8080, protocol: "TCP", name: "http" },
                { port: 443, targetPort: 8443, protocol: "TCP", name: "https" },
            ],
            selector: { "gateway-proxy-id": "gateway-proxy", "gateway-proxy": "live" },
            type: "LoadBalancer",
        },
    ],
    ["PodDisruptionBudget/gateway-proxy-pdb", "spec", { minAvailable: 2, selector: { matchLabels: { "gateway-proxy-id": "gateway-proxy" } } }],
    ["Deployment/internal-gw", "spec.replicas", 2],
    ["Deployment/internal-gw", `${proxyC("internal-gw")}.resources`, PROXY_RES],
    ["Deployment/internal-gw", `${proxyC("internal-gw")}.lifecycle`, PRESTOP],
    ["Deployment/internal-gw", `${POD}.terminationGracePeriodSeconds`, 45],
    ["ConfigMap/internal-gw-envoy-config", "bootstrap.node.metadata.role", "gloo-system~internal-gw"],
    ["Service/internal-gw", "metadata.annotations", ABSENT],
    ["Service/internal-gw", "spec", { ports: [{ port: 80, targetPort: 8080, protocol: "TCP", name: "http" }], selector: { "gateway-proxy-id": "internal-gw", "gateway-proxy": "live" }, type: "ClusterIP" }],
    ["PodDisruptionBudget/internal-gw-pdb", "spec", { minAvailable: 1, selector: { matchLabels: { "gateway-proxy-id": "internal-gw" } } }],
];

describe("a production values file converts and renders as the chart renders it", { timeout: 60_000 }, () => {
    let r: Checked;
    let written: string;
    before(async () => {
        const dir = tmp();
        // The fixture restates chart defaults of keys this program does not take (the proxy's image block).
        fs.writeFileSync(path.join(dir, "chart-values.yaml"), YAML.stringify(CHART));
        assert.equal(main([FIXTURE, "--stack", "fixture", "--chart-values", "chart-values.yaml"], dir, dir, () => {}, (s) => assert.fail(s)), 0);
        written = fs.readFileSync(path.join(dir, "Pulumi.fixture.yaml"), "utf8");
        r = await runChecked({ config: readStackFile("fixture", dir).config });
    });
    it("the stack file holds only what differs from the defaults (the restated ones are gone)", () => {
        const config = YAML.parse(written).config;
        assert.deepEqual(Object.keys(config), ["pulumi:disable-default-providers", "gloo-mtls:settings", "gloo-mtls:global", "gloo-mtls:gloo", "gloo-mtls:gatewayProxies"]);
        assert.equal(config["gloo-mtls:gloo"].deployment.xdsPort, undefined);
        assert.equal(config["gloo-mtls:global"].glooMtls.enabled, undefined);
        assert.equal(config["gloo-mtls:gatewayProxies"].gatewayProxy.podTemplate.image, undefined);
        assert.equal(config["gloo-mtls:settings"].create, undefined);
        assert.equal(config["gloo-mtls:settings"].writeNamespace, undefined);
        assert.equal(config["gloo-mtls:gatewayProxies"].gatewayProxy.podTemplate.httpPort, undefined);
    });
    it("each value it holds changes what the program builds; all of them together build what the whole file does", () => {
        const config = Object.fromEntries(Object.entries(YAML.parse(written).config as Record<string, unknown>).filter(([k]) => k.startsWith("gloo-mtls:")).map(([k, v]) => [k.slice(10), v]));
        const built = (c: unknown) => JSON.parse(JSON.stringify(resolveArgs(c as any)));
        const all = built(config);
        const leaves = (v: unknown, p: string[]): string[][] =>
            v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0 ? Object.entries(v).flatMap(([k, x]) => leaves(x, [...p, k])) : [p];
        for (const leaf of leaves(config, [])) {
            const without = structuredClone(config);
            delete leaf.slice(0, -1).reduce<any>((o, k) => o[k], without)[leaf[leaf.length - 1]];
            assert.notDeepEqual(built(without), all, `${leaf.join(".")} changes nothing`);
        }
        // Resolved as itself, every carried value changes the config: nothing is dropped.
        const carried = importValues(YAML.parse(fs.readFileSync(FIXTURE, "utf8")), { chartValues: CHART, resolve: (c) => c });
        assert.deepEqual(built(carried.config), all, "the restated defaults dropped build the same as the file with them");
    });
    for (const [object, field, expected] of FIXTURE_ROWS) {
        it(`${object} ${field || "(exists?)"}`, () => checkRow(r, ["", undefined, object, field, expected] as Row));
    }
});
