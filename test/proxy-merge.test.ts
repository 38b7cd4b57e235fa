// The chart's merge of an extra proxy from gatewayProxy (sprig mergeOverwrite and the two exceptions), and the
// defaults and "rendered only when truthy" rules applied after it. Pure functions; expectations from the
// chart notes §1.2/§5.2 and the helm renders b/c/d.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeOverwrite, mergedProxyValues, proxyKeys } from "../components/proxies/merge";
import { resolveProxies, resolveProxy } from "../components/proxies/resolve";
import { argsSchema } from "../components/validation/schema";

describe("mergeOverwrite (sprig v3.3.0 / mergo, as probed with helm)", () => {
    it("explicit false, 0, empty string, empty list and null override; an empty map does not", () => {
        const dst = { b: true, i: 3, s: "x", l: [1, 2], m: { k: "v" }, n: "keep" };
        assert.deepEqual(mergeOverwrite(dst, { b: false, i: 0, s: "", l: [], m: {} }), { b: false, i: 0, s: "", l: [], m: { k: "v" }, n: "keep" });
        assert.deepEqual(mergeOverwrite(dst, { b: null, i: null, s: null, l: null, m: null }), { b: null, i: null, s: null, l: null, m: null, n: "keep" });
    });
    it("maps merge recursively, lists are replaced whole", () => {
        assert.deepEqual(mergeOverwrite({ a: { x: 1, y: { z: 1 } }, l: [1, 2, 3] }, { a: { y: { w: 2 } }, l: [9] }), { a: { x: 1, y: { z: 1, w: 2 } }, l: [9] });
    });
    it("a map over a scalar (or null) replaces it; undefined counts as absent", () => {
        assert.deepEqual(mergeOverwrite({ a: null, b: 1 }, { a: { x: 1 }, b: undefined }), { a: { x: 1 }, b: 1 });
    });
    it("changes neither input", () => {
        const dst = { a: { x: [1] } };
        const src = { a: { y: 2 } };
        const copy = structuredClone([dst, src]);
        const out = mergeOverwrite(dst, src) as any;
        out.a.x.push(2);
        assert.deepEqual([dst, src], copy);
    });
});

describe("mergedProxyValues: an extra proxy starts from gatewayProxy", () => {
    const proxies: Record<string, any> = {
        gatewayProxy: {
            kind: { deployment: { replicas: 3, priorityClassName: "gloo-data-plane" } },
            podTemplate: {
                nodeSelector: { pool: "default", zone: "a" },
                extraAnnotations: { "from-default": "1" },
                extraGatewayProxyLabels: { exposure: "public" },
                tolerations: [{ key: "edge", operator: "Exists" }],
                gracefulShutdown: { enabled: true, sleepTimeSeconds: 20 },
            },
            antiAffinity: true,
            service: { type: "NodePort", httpNodePort: 30080, extraAnnotations: { "example.com/lb": "public" }, externalTrafficPolicy: "Local" },
            podDisruptionBudget: { minAvailable: 1 },
            gatewaySettings: { useProxyProto: true },
        },
        internalGw: {
            podTemplate: { nodeSelector: { pool: "internal" }, extraAnnotations: { own: "2" }, extraGatewayProxyLabels: { own: "2" } },
            service: { type: "LoadBalancer", extraAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } },
            podDisruptionBudget: { maxUnavailable: 1, minAvailable: null },
        },
        cancels: { kind: { deployment: { replicas: null } }, antiAffinity: false, podTemplate: { tolerations: [], nodeSelector: {} }, gatewaySettings: { enabled: false } },
    };

    it("the default proxy is its own values, untouched", () => assert.deepEqual(mergedProxyValues("gatewayProxy", proxies), proxies.gatewayProxy));
    it("everything not set is inherited (b: replicas, priorityClassName, tolerations, gracefulShutdown, antiAffinity, service type/nodePort/policy, useProxyProto)", () => {
        const m = mergedProxyValues("internalGw", proxies) as any;
        assert.deepEqual(m.kind, { deployment: { replicas: 3, priorityClassName: "gloo-data-plane" } });
        assert.deepEqual(m.podTemplate.tolerations, [{ key: "edge", operator: "Exists" }]);
        assert.deepEqual(m.podTemplate.gracefulShutdown, { enabled: true, sleepTimeSeconds: 20 });
        assert.equal(m.antiAffinity, true);
        assert.equal(m.service.httpNodePort, 30080);
        assert.equal(m.service.externalTrafficPolicy, "Local");
        assert.equal(m.gatewaySettings.useProxyProto, true);
    });
    it("annotations and labels are a union; the Service's extraAnnotations are never inherited", () => {
        const m = mergedProxyValues("internalGw", proxies) as any;
        assert.deepEqual(m.podTemplate.extraAnnotations, { "from-default": "1", own: "2" });
        assert.deepEqual(m.podTemplate.extraGatewayProxyLabels, { exposure: "public", own: "2" });
        assert.deepEqual(m.service.extraAnnotations, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" });
        assert.equal((mergedProxyValues("cancels", proxies) as any).service.extraAnnotations, undefined);
    });
    it("a non-empty own nodeSelector replaces the inherited map (d: {pool: other}, zone dropped); an empty one inherits it", () => {
        assert.deepEqual((mergedProxyValues("internalGw", proxies) as any).podTemplate.nodeSelector, { pool: "internal" });
        assert.deepEqual((mergedProxyValues("cancels", proxies) as any).podTemplate.nodeSelector, { pool: "default", zone: "a" });
    });
    it("null, false and [] on the extra proxy cancel what it would inherit", () => {
        const m = mergedProxyValues("cancels", proxies) as any;
        assert.equal(m.kind.deployment.replicas, null);
        assert.equal(m.antiAffinity, false);
        assert.deepEqual(m.podTemplate.tolerations, []);
        assert.equal(m.gatewaySettings.enabled, false);
        assert.deepEqual((mergedProxyValues("internalGw", proxies) as any).podDisruptionBudget, { minAvailable: null, maxUnavailable: 1 });
    });
    it("a key not in the map gets gatewayProxy's values; gatewayProxy's own input is never changed", () => {
        const copy = structuredClone(proxies);
        assert.deepEqual(mergedProxyValues("other", proxies), { ...proxies.gatewayProxy, service: { type: "NodePort", httpNodePort: 30080, externalTrafficPolicy: "Local" } });
        mergedProxyValues("internalGw", proxies);
        assert.deepEqual(proxies, copy);
    });
    it("keys in the chart's order (sorted), gatewayProxy always one of them", () => {
        assert.deepEqual(proxyKeys(undefined), ["gatewayProxy"]);
        assert.deepEqual(proxyKeys({ zed: {}, alpha: {} }), ["alpha", "gatewayProxy", "zed"]);
    });
});

describe("resolveProxy: the chart's defaults after the merge, falsy values dropped", () => {
    const resolve = (proxies: Record<string, unknown>) => resolveProxies(argsSchema.parse({ gatewayProxies: proxies }).gatewayProxies);
    it("defaults: one replica, 8080/8443, LoadBalancer 80/443, Gateways on, no PDB/HPA/affinity", () => {
        const [p] = resolve({});
        assert.deepEqual(
            { ...p },
            {
                key: "gatewayProxy",
                name: "gateway-proxy",
                isDefault: true,
                disabled: false,
                replicas: 1,
                priorityClassName: undefined,
                resources: undefined,
                nodeSelector: undefined,
                tolerations: undefined,
                extraAnnotations: {},
                extraLabels: {},
                httpPort: 8080,
                httpsPort: 8443,
                terminationGracePeriodSeconds: undefined,
                gracefulShutdown: { enabled: false, sleepTimeSeconds: 25 },
                affinity: undefined,
                antiAffinity: false,
                topologySpreadConstraints: undefined,
                service: {
                    type: "LoadBalancer",
                    httpPort: 80,
                    httpsPort: 443,
                    annotations: {},
                    loadBalancerIP: undefined,
                    loadBalancerSourceRanges: undefined,
                    externalTrafficPolicy: undefined,
                    clusterIP: undefined,
                    httpNodePort: undefined,
                    httpsNodePort: undefined,
                },
                pdb: undefined,
                hpa: undefined,
                gateways: { http: true, https: true, httpPort: true, httpsPort: true, bindAddress: "::", useProxyProto: false, httpGateway: {}, httpsGateway: {} },
                xds: { address: undefined, port: undefined },
                kind: "Deployment",
                customEnv: [],
                envoyArgs: ["--disable-hot-restart"],
                overrides: {},
            },
        );
    });
    it("null replicas leaves spec.replicas to Kubernetes (or an HPA); quoted values become strings", () => {
        const [p] = resolve({ gatewayProxy: { kind: { deployment: { replicas: null } }, podTemplate: { extraGatewayProxyLabels: { tier: 1, edge: true } } } });
        assert.equal(p.replicas, undefined);
        assert.deepEqual(p.extraLabels, { tier: "1", edge: "true" });
    });
    it("empty maps and lists count as unset; a PDB with neither bound is not rendered", () => {
        const [p] = resolve({ gatewayProxy: { podTemplate: { resources: {}, tolerations: [] }, topologySpreadConstraints: [], podDisruptionBudget: { minAvailable: null } } });
        assert.equal(p.resources, undefined);
        assert.equal(p.tolerations, undefined);
        assert.equal(p.topologySpreadConstraints, undefined);
        assert.equal(p.pdb, undefined);
    });
    it("the resolved proxy of an extra key carries its kebab name and the merged values", () => {
        const p = resolveProxy("internalGw", argsSchema.parse({ gatewayProxies: { x: { podTemplate: { httpPort: 9080 } } } }).gatewayProxies!.x!);
        assert.equal(p.name, "internal-gw");
        assert.equal(p.isDefault, false);
        assert.equal(p.httpPort, 9080);
    });
});
