// The chart keys of the Gateways (`gatewayProxies.<key>.gatewaySettings.*`), the Settings (`settings.*`) and the
// stats endpoints (`global.glooStats`) land where the official chart 1.22.1 puts them. Expected values are written
// by hand from `helm template gloo . -n gloo-system --set global.glooMtls.enabled=true -f <the group's values>`
// (with mTLS the chart renders its Gateways into the rollout Job's custom resources; their `spec` is compared).
// One program run per group; every run passes the harness's checks, the Gateways' against the Gloo CRD schemas.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as YAML from "yaml";
import { resolveValidated } from "../components/args";
import { settingsSpec } from "../components/control-plane";
import { proxyBootstrapYaml } from "../components/proxies/pod";
import { checkArgs } from "../components/validation/problems";
import { crdProblems, crdSchemaAt } from "../components/validation/gloo-crd-check";
import { CONFIG_KEYS } from "../stacks/config";
import { ABSENT, Group, describeGroups } from "./chart-rows";

const GP = "gatewayProxies.gatewayProxy";
const IG = "gatewayProxies.internalGw";
const EG = "gatewayProxies.edgeGw";
const ALS = { accessLog: [{ fileSink: { path: "/dev/stdout", stringFormat: "" } }] };
const HTTPS_GW = { options: { httpConnectionManagerSettings: { useRemoteAddress: true } } };
const SOCKET_OPTIONS = [{ level: 1, name: 9, intValue: 1, state: "STATE_PREBIND" }];
const ROUTES = "bootstrap.static_resources.listeners[name=prometheus_listener].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes";
const GLOO_C = "spec.template.spec.containers[name=gloo]";
const DATADOG = {
    "ad.datadoghq.com/gateway-proxy.check_names": '["envoy"]',
    "ad.datadoghq.com/gateway-proxy.init_configs": "[{}]",
    "ad.datadoghq.com/gateway-proxy.instances": '[{"stats_url": "http://%%host%%:8081/stats"}]',
    "ad.datadoghq.com/gateway-proxy.logs": '[{"source": "envoy", "service": "gloo","log_processing_rules":[{"type": "multi_line", "name": "log_start_with_date","pattern" : "^\\\\[[0-9]{4}-[0-9]{2}-[0-9]{2}"}]}]',
};
const STATS = { routePrefixRewrite: "/stats/prometheus?usedonly", enableStatsRoute: true, statsPrefixRewrite: "/stats?format=json", setDatadogAnnotations: true, serviceMonitorEnabled: true, podMonitorEnabled: true };
const POLICY = { replaceInvalidRoutes: true, invalidRouteResponseCode: 503 };
const POLICY_RENDERED = {
    replaceInvalidRoutes: true,
    invalidRouteResponseCode: 503,
    invalidRouteResponseBody: "Gloo Gateway has invalid configuration. Administrators should run `glooctl check` to find and fix config errors.",
};
const monitoring = (n: string) => ({
    metadata: { name: `${n}-monitoring-service`, namespace: "gloo-system", labels: { app: "gloo", gloo: "gateway-proxy", "gateway-proxy-id": n } },
    spec: { type: "ClusterIP", selector: { gloo: "gateway-proxy", "gateway-proxy-id": n }, ports: [{ name: "http-monitoring", port: 8081 }] },
});

const GROUPS: Record<string, Group> = {
    "Gateways with options, Settings, stats with every extra": {
        rows: [
            // gatewayProxy: IPv4, access logs and listener options on both, a custom HTTPS gateway.
            [
                `${GP}.gatewaySettings.accessLoggingService`,
                ALS,
                "Gateway/gateway-proxy",
                "spec",
                { bindAddress: "0.0.0.0", bindPort: 8080, httpGateway: {}, options: { perConnectionBufferLimitBytes: 32768, accessLoggingService: ALS }, useProxyProto: false, ssl: false, proxyNames: ["gateway-proxy"] },
            ],
            [`${GP}.gatewaySettings.ipv4Only`, true, "Gateway/gateway-proxy-ssl", "spec.bindAddress", "0.0.0.0"],
            [`${GP}.gatewaySettings.options`, { perConnectionBufferLimitBytes: 32768 }, "Gateway/gateway-proxy-ssl", "spec.options", { perConnectionBufferLimitBytes: 32768, accessLoggingService: ALS }],
            [
                `${GP}.gatewaySettings.customHttpsGateway`,
                HTTPS_GW,
                "Gateway/gateway-proxy-ssl",
                "spec",
                {
                    bindAddress: "0.0.0.0",
                    bindPort: 8443,
                    httpGateway: HTTPS_GW,
                    options: { perConnectionBufferLimitBytes: 32768, accessLoggingService: ALS },
                    useProxyProto: false,
                    ssl: true,
                    proxyNames: ["gateway-proxy"],
                },
            ],
            // internalGw: its own options merged over the inherited ones, its own HTTP gateway, no HTTPS Gateway.
            [
                `${IG}.gatewaySettings.options`,
                { perConnectionBufferLimitBytes: 65536, socketOptions: SOCKET_OPTIONS },
                "Gateway/internal-gw",
                "spec",
                {
                    bindAddress: "0.0.0.0",
                    bindPort: 8080,
                    httpGateway: { virtualServiceSelector: { exposure: "internal" } },
                    options: { perConnectionBufferLimitBytes: 65536, socketOptions: SOCKET_OPTIONS, accessLoggingService: ALS },
                    useProxyProto: true,
                    ssl: false,
                    proxyNames: ["internal-gw"],
                },
            ],
            [`${IG}.gatewaySettings.customHttpGateway`, { virtualServiceSelector: { exposure: "internal" } }, "Gateway/internal-gw", "spec.httpGateway", { virtualServiceSelector: { exposure: "internal" } }],
            [`${IG}.gatewaySettings.useProxyProto`, true, "Gateway/internal-gw", "spec.useProxyProto", true],
            [`${IG}.gatewaySettings.disableHttpsGateway`, true, "Gateway/internal-gw-ssl", "", ABSENT],
            // The Service leaves out the port of a switched-off Gateway.
            [`${IG}.gatewaySettings.disableHttpsGateway`, true, "Service/internal-gw", "spec.ports", [{ port: 80, targetPort: 8080, protocol: "TCP", name: "http" }]],
            // edgeGw: no HTTP Gateway, IPv6 again, the inherited access logs cancelled with null.
            [`${EG}.gatewaySettings.disableHttpGateway`, true, "Gateway/edge-gw", "", ABSENT],
            [`${EG}.gatewaySettings.disableHttpGateway`, true, "Service/edge-gw", "spec.ports", [{ port: 443, targetPort: 8443, protocol: "TCP", name: "https" }]],
            [`${EG}.gatewaySettings.ipv4Only`, false, "Gateway/edge-gw-ssl", "spec.bindAddress", "::"],
            [
                `${EG}.gatewaySettings.accessLoggingService`,
                null,
                "Gateway/edge-gw-ssl",
                "spec",
                { bindAddress: "::", bindPort: 8443, httpGateway: HTTPS_GW, options: { perConnectionBufferLimitBytes: 32768 }, useProxyProto: false, ssl: true, proxyNames: ["edge-gw"] },
            ],
            // settings.*
            ["settings.watchNamespaces", ["gloo-system", "apps"], "Settings/default", "spec.watchNamespaces", ["gloo-system", "apps"]],
            // settings.writeNamespace: below (with Gateways it is refused, so not in this run).
            ["settings.invalidConfigPolicy", POLICY, "Settings/default", "spec.gloo.invalidConfigPolicy", POLICY_RENDERED],
            ["settings.replaceInvalidRoutes", true, "Settings/default", "spec.gloo.invalidConfigPolicy.replaceInvalidRoutes", true],
            ["settings.disableKubernetesDestinations", true, "Settings/default", "spec.gloo.disableKubernetesDestinations", true],
            // global.glooStats: the proxies' stats listener, annotations and monitoring Services; gloo's port and Service port.
            ["global.glooStats", STATS, "ConfigMap/gateway-proxy-envoy-config", `${ROUTES}[1].route`, { prefix_rewrite: "/stats/prometheus?usedonly", cluster: "admin_port_cluster" }],
            ["global.glooStats", STATS, "ConfigMap/gateway-proxy-envoy-config", `${ROUTES}[2].match.prefix`, "/stats"],
            ["global.glooStats", STATS, "ConfigMap/edge-gw-envoy-config", `${ROUTES}[2].route`, { prefix_rewrite: "/stats?format=json", cluster: "admin_port_cluster" }],
            ["global.glooStats", STATS, "Deployment/internal-gw", "spec.template.metadata.annotations['ad.datadoghq.com/gateway-proxy.logs']", DATADOG["ad.datadoghq.com/gateway-proxy.logs"]],
            ...Object.entries(DATADOG).map(([k, v]) => ["global.glooStats", STATS, "Deployment/gateway-proxy", `spec.template.metadata.annotations['${k}']`, v] as Group["rows"][number]),
            ["global.glooStats", STATS, "Deployment/gateway-proxy", "spec.template.metadata.annotations['prometheus.io/port']", "8081"],
            ["global.glooStats", STATS, "Service/gateway-proxy-monitoring-service", "metadata", monitoring("gateway-proxy").metadata],
            ["global.glooStats", STATS, "Service/gateway-proxy-monitoring-service", "spec", monitoring("gateway-proxy").spec],
            ["global.glooStats", STATS, "Service/internal-gw-monitoring-service", "spec", monitoring("internal-gw").spec],
            ["global.glooStats", STATS, "Deployment/edge-gw", "spec.template.spec.containers[name=edge-gw].ports[name=http-monitoring]", { name: "http-monitoring", containerPort: 8081 }],
            ["global.glooStats", STATS, "Deployment/gloo", `${GLOO_C}.ports[name=http-monitoring]`, { name: "http-monitoring", containerPort: 9091 }],
            ["global.glooStats", STATS, "Service/gloo", "spec.ports[name=http-monitoring]", { name: "http-monitoring", port: 9091 }],
            ["global.glooStats", STATS, "Deployment/gloo", "spec.template.metadata.annotations['gloo.solo.io/oss-image-tag']", "1.22.1"],
        ],
    },
    "stats off, generated Gateways off on the default proxy": {
        rows: [
            [`${GP}.gatewaySettings.disableGeneratedGateways`, true, "Gateway/gateway-proxy", "", ABSENT],
            [`${GP}.gatewaySettings.disableGeneratedGateways`, true, "Gateway/gateway-proxy-ssl", "", ABSENT],
            // An extra proxy switches them back on; empty maps render as unset.
            ["gatewayProxies.publicGw.gatewaySettings.disableGeneratedGateways", false, "Gateway/public-gw", "spec", { bindAddress: "::", bindPort: 8080, httpGateway: {}, useProxyProto: false, ssl: false, proxyNames: ["public-gw"] }],
            ["gatewayProxies.publicGw.gatewaySettings.options", {}, "Gateway/public-gw-ssl", "spec.options", ABSENT],
            ["gatewayProxies.publicGw.gatewaySettings.customHttpGateway", {}, "Gateway/public-gw", "spec.httpGateway", {}],
            // enabled false: no Gateways, yet the Service keeps both ports (only disableHttp(s)Gateway removes one).
            ["gatewayProxies.offGw.gatewaySettings.enabled", false, "Gateway/off-gw", "", ABSENT],
            ["gatewayProxies.offGw.gatewaySettings.enabled", false, "Gateway/off-gw-ssl", "", ABSENT],
            [
                "gatewayProxies.offGw.gatewaySettings.enabled",
                false,
                "Service/off-gw",
                "spec.ports",
                [
                    { port: 80, targetPort: 8080, protocol: "TCP", name: "http" },
                    { port: 443, targetPort: 8443, protocol: "TCP", name: "https" },
                ],
            ],
            ["global.glooStats.enabled", false, "ConfigMap/gateway-proxy-envoy-config", "bootstrap.static_resources.listeners", ABSENT],
            ["global.glooStats.enabled", false, "Deployment/gateway-proxy", "spec.template.metadata.annotations['prometheus.io/scrape']", ABSENT],
            ["global.glooStats.enabled", false, "Deployment/gateway-proxy", "spec.template.spec.containers[name=gateway-proxy].readinessProbe", ABSENT],
            ["global.glooStats.enabled", false, "Deployment/gloo", "spec.template.metadata.annotations['prometheus.io/scrape']", ABSENT],
            ["global.glooStats.enabled", false, "Deployment/gloo", "spec.template.metadata.annotations['gloo.solo.io/oss-image-tag']", ABSENT],
            ["global.glooStats.enabled", false, "Deployment/gloo", `${GLOO_C}.env[name=START_STATS_SERVER]`, ABSENT],
            // The chart sets the Datadog annotations whatever `enabled` says.
            ["global.glooStats.setDatadogAnnotations", true, "Deployment/public-gw", "spec.template.metadata.annotations['ad.datadoghq.com/gateway-proxy.check_names']", '["envoy"]'],
            // Unset: the install's namespace, every namespace.
            ["settings.writeNamespace", undefined, "Settings/default", "spec.discoveryNamespace", "gloo-system"],
            ["settings.watchNamespaces", undefined, "Settings/default", "spec.watchNamespaces", ABSENT],
        ],
    },
};

describeGroups("chart keys", GROUPS);

describe("chart keys: bad values are refused naming the key", () => {
    const problems = (config: Record<string, unknown>) => checkArgs(config, CONFIG_KEYS).problems;
    const cases: [config: Record<string, unknown>, message: string][] = [
        [{ gatewayProxies: { gatewayProxy: { gatewaySettings: { ipv4Only: "yes" } } } }, "gloo-mtls:gatewayProxies.gatewayProxy.gatewaySettings.ipv4Only: got \"yes\"; expected boolean"],
        [{ gatewayProxies: { gatewayProxy: { gatewaySettings: { options: { perConnectionBuffer: 1 } } } } }, "gloo-mtls:gatewayProxies.gatewayProxy.gatewaySettings.options.perConnectionBuffer: unknown key (allowed here: accessLoggingService,"],
        [{ gatewayProxies: { internalGw: { gatewaySettings: { accessLoggingService: { accessLog: [{ fileSink: { path: 7 } }] } } } } }, "gloo-mtls:gatewayProxies.internalGw.gatewaySettings.accessLoggingService.accessLog[0].fileSink.path: got 7; expected a string"],
        [{ gatewayProxies: { gatewayProxy: { gatewaySettings: { customHttpGateway: { virtualServiceSelector: { tier: 1 } } } } } }, "gloo-mtls:gatewayProxies.gatewayProxy.gatewaySettings.customHttpGateway.virtualServiceSelector.tier: got 1; expected a string"],
        [{ gatewayProxies: { gatewayProxy: { gatewaySettings: { customHttpsGateway: [] } } } }, "gloo-mtls:gatewayProxies.gatewayProxy.gatewaySettings.customHttpsGateway: got []; expected an object"],
        [
            { gatewayProxies: { gatewayProxy: { gatewaySettings: { options: { accessLoggingService: ALS } } }, internalGw: { gatewaySettings: { accessLoggingService: ALS } } } },
            "gloo-mtls:gatewayProxies.internalGw.gatewaySettings.accessLoggingService: set while gloo-mtls:gatewayProxies.internalGw.gatewaySettings.options.accessLoggingService is set too (inherited from gloo-mtls:gatewayProxies.gatewayProxy.gatewaySettings.options)",
        ],
        [
            { gatewayProxies: { gatewayProxy: { gatewaySettings: { disableHttpGateway: true } }, spare: { gatewaySettings: { disableHttpsGateway: true } } } },
            "gloo-mtls:gatewayProxies.spare.gatewaySettings: got disableHttpGateway (inherited from gloo-mtls:gatewayProxies.gatewayProxy.gatewaySettings.disableHttpGateway) and disableHttpsGateway both true; the chart then renders the Service without ports",
        ],
        [{ settings: { writeNamespace: "Gloo" } }, "gloo-mtls:settings.writeNamespace: got \"Gloo\"; must be a namespace name"],
        [{ settings: { watchNamespaces: ["apps", "apps"] } }, "gloo-mtls:settings.watchNamespaces: got [\"apps\",\"apps\"]; must not list a namespace twice"],
        [{ settings: { invalidConfigPolicy: { invalidRouteResponseCode: 99 } } }, "gloo-mtls:settings.invalidConfigPolicy.invalidRouteResponseCode: got 99; must be an HTTP status 200 to 599"],
        [{ settings: { invalidConfigPolicy: { responseCode: 500 } } }, "gloo-mtls:settings.invalidConfigPolicy.responseCode: unknown key"],
        [{ settings: { replaceInvalidRoutes: true } }, "gloo-mtls:settings.replaceInvalidRoutes: got true; has no effect while gloo-mtls:settings.invalidConfigPolicy.replaceInvalidRoutes is not true"],
        [{ settings: { singleNamespace: true } }, "gloo-mtls:settings.singleNamespace: unknown key"],
        [{ global: { glooStats: { routePrefixRewrite: "metrics" } } }, "gloo-mtls:global.glooStats.routePrefixRewrite: got \"metrics\"; must be an HTTP path starting with \"/\""],
        [{ global: { glooStats: { enabled: "false" } } }, "gloo-mtls:global.glooStats.enabled: got \"false\"; expected boolean"],
    ];
    for (const [config, message] of cases) {
        it(message.slice(0, 110), () => {
            const got = problems(config);
            assert.ok(got.some((p) => p.startsWith(message)), `expected a problem starting with:\n  ${message}\ngot:\n  ${got.join("\n  ")}`);
        });
    }
    it("settings of Gateways that are switched off are a warning (the proxy's own, not what others inherit)", () => {
        const warnings = (config: Record<string, unknown>) => checkArgs(config, CONFIG_KEYS).warnings;
        assert.deepEqual(warnings({ gatewayProxies: { gatewayProxy: { gatewaySettings: { enabled: false, ipv4Only: true } } } }), [
            "gloo-mtls:gatewayProxies.gatewayProxy.gatewaySettings.ipv4Only is set but the Gateways it configures are switched off: it has no effect (pulumi config rm --path 'gatewayProxies.gatewayProxy.gatewaySettings.ipv4Only')",
        ]);
        assert.deepEqual(warnings({ gatewayProxies: { gatewayProxy: { gatewaySettings: { enabled: false, ipv4Only: true } }, other: { gatewaySettings: { enabled: true } } } }), []);
        assert.match(warnings({ gatewayProxies: { edge: { gatewaySettings: { disableHttpsGateway: true, customHttpsGateway: { virtualServices: [] } } } } }).join("\n"), /edge\.gatewaySettings\.customHttpsGateway is set but the Gateway it configures is switched off/);
    });
    it("settings.replaceInvalidRoutes with the policy's own key true is accepted (the chart renders true)", () => {
        assert.deepEqual(problems({ settings: { replaceInvalidRoutes: true, invalidConfigPolicy: { replaceInvalidRoutes: true } } }), []);
    });
});

describe("settings.writeNamespace: the Settings' discoveryNamespace and every proxy's xDS role (chart: role <writeNamespace>~<proxy>)", () => {
    const config = { settings: { writeNamespace: "gloo-proxies" }, gatewayProxies: { gatewayProxy: { gatewaySettings: { enabled: false } }, internalGw: {} } };
    it("lands where the chart puts it", () => {
        const checked = checkArgs(config, CONFIG_KEYS);
        assert.deepEqual(checked.problems, []);
        const r = resolveValidated(config, checked.value!);
        assert.equal(settingsSpec(r).discoveryNamespace, "gloo-proxies");
        assert.deepEqual(
            r.proxies.map((p) => YAML.parse(proxyBootstrapYaml(r, p)).node.metadata.role),
            ["gloo-proxies~gateway-proxy", "gloo-proxies~internal-gw"],
        );
    });
    it("is refused while a proxy has Gateways, which gloo reads from that namespace only", () => {
        const problems = checkArgs({ settings: { writeNamespace: "gloo-proxies" }, gatewayProxies: { internalGw: { gatewaySettings: { disableHttpGateway: true } } } }, CONFIG_KEYS).problems;
        assert.deepEqual(problems, [
            'gloo-mtls:settings.writeNamespace: got "gloo-proxies"; gloo reads Gateways only from the namespace it writes to, so the Gateways of gloo-mtls:gatewayProxies.gatewayProxy, gloo-mtls:gatewayProxies.internalGw (in "gloo-system") would be ignored and those proxies get no listeners (fix: pulumi config rm --path \'settings.writeNamespace\', or set gatewaySettings.enabled to false on every proxy and create your Gateways in "gloo-proxies")',
        ]);
        assert.deepEqual(checkArgs({ namespace: "gloo-proxies", settings: { writeNamespace: "gloo-proxies" } }, CONFIG_KEYS).problems, []);
    });
});

describe("Gloo objects are checked against the CRD field they land in", () => {
    const listener = crdSchemaAt("Gateway", ["options"]);
    it("accepts what the Gateway CRD accepts, including fields it preserves unknown", () => {
        assert.deepEqual(crdProblems({ perConnectionBufferLimitBytes: 1, accessLoggingService: { accessLog: [{ fileSink: { path: "/dev/stdout", jsonFormat: { any: "thing" } } }] } }, listener), []);
    });
    it("reports each problem at its path: unknown key, wrong type, null where the schema is not nullable; null where it is passes", () => {
        const got = crdProblems({ nope: 1, perConnectionBufferLimitBytes: "1", socketOptions: [{ description: 5 }], connectionBalanceConfig: null, tcpStats: null }, listener).map(
            (p) => `${p.path.join(".")}: ${p.message.split(";")[0].split(" (")[0]}`,
        );
        assert.deepEqual(got, ["nope: unknown key", 'perConnectionBufferLimitBytes: got "1"', "socketOptions.0.description: got 5", "connectionBalanceConfig: got null"]);
    });
    it("an enum is held to its values", () => {
        assert.deepEqual(crdProblems("B", { type: "string", enum: ["A"] }).map((p) => p.message), ['got "B"; allowed values are "A"']);
    });
});

describe("the rows cover every key of this part of the issue", () => {
    it("each key appears in a row (or, settings.writeNamespace, in its own test above)", () => {
        const keys = Object.values(GROUPS).flatMap((g) => g.rows.map((row) => row[0]));
        const covered = (k: string) => keys.some((x) => x === k || x.startsWith(`${k}.`) || k.startsWith(`${x}.`));
        const ISSUE_KEYS = [
            ...["accessLoggingService", "options", "customHttpGateway", "customHttpsGateway", "ipv4Only", "useProxyProto", "enabled", "disableHttpGateway", "disableHttpsGateway", "disableGeneratedGateways"].map(
                (k) => `gatewaySettings.${k}`,
            ),
            ...["watchNamespaces", "invalidConfigPolicy", "replaceInvalidRoutes", "disableKubernetesDestinations"].map((k) => `settings.${k}`),
            ...["enabled", "routePrefixRewrite", "setDatadogAnnotations", "enableStatsRoute", "statsPrefixRewrite", "serviceMonitorEnabled", "podMonitorEnabled"].map((k) => `global.glooStats.${k}`),
        ];
        const missing = ISSUE_KEYS.filter((k) =>
            k.startsWith("gatewaySettings.") ? ![GP, IG, EG, "gatewayProxies.publicGw", "gatewayProxies.offGw"].some((p) => covered(`${p}.${k}`)) : !covered(k),
        );
        assert.deepEqual(missing, []);
    });
});
