// kebabCase against the 42 vectors the real helm binary (v4.1.4: sprig 3.3.0, xstrings 1.5.0) printed for
// `{{ key | kebabcase }}` (the chart names every proxy object this way). Copied here as data so the test
// needs neither helm nor the notes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { kebabCase } from "../components/proxies/kebab";

const HELM_VECTORS: [key: string, name: string][] = [
    ["gatewayProxy", "gateway-proxy"],
    ["internalGw", "internal-gw"],
    ["internalGW", "internal-gw"],
    ["gwV2", "gw-v2"],
    ["gw2", "gw2"],
    ["gw10", "gw10"],
    ["gwV2Proxy", "gw-v2-proxy"],
    ["myHTTPProxy", "my-http-proxy"],
    ["HTTPProxy", "http-proxy"],
    ["httpProxy", "http-proxy"],
    ["publicGw2", "public-gw2"],
    ["publicGW2", "public-gw2"],
    ["proxy_one", "proxy-one"],
    ["proxy-two", "proxy-two"],
    ["proxy__three", "proxy--three"],
    ["Proxy", "proxy"],
    ["GW", "gw"],
    ["gatewayProxy1", "gateway-proxy1"],
    ["gatewayProxy12x", "gateway-proxy-12x"],
    ["a1B2c3", "a1-b-2c3"],
    ["ipv6Gw", "ipv6-gw"],
    ["gw10x", "gw-10x"],
    ["k8sGw", "k-8s-gw"],
    ["http2xx", "http-2xx"],
    ["HTTP20xOK", "http-20x-ok"],
    ["my.proxy", "my.proxy"],
    ["gwHTTPS", "gw-https"],
    ["httpsGw", "https-gw"],
    ["internal gw", "internal-gw"],
    ["edgeProxyEU", "edge-proxy-eu"],
    ["euWest1", "eu-west1"],
    ["euWest1a", "eu-west-1a"],
    ["proxyA", "proxy-a"],
    ["proxyAB", "proxy-ab"],
    ["proxyABc", "proxy-a-bc"],
    ["aB", "a-b"],
    ["x", "x"],
    ["gateway-proxy", "gateway-proxy"],
    ["gateway_proxy", "gateway-proxy"],
    ["GatewayProxy", "gateway-proxy"],
    ["mTLSGw", "m-tls-gw"],
    ["ingressV1Beta1", "ingress-v1-beta1"],
];

describe("kebabCase is the chart's kebabcase", () => {
    it("has all 42 vectors", () => assert.equal(HELM_VECTORS.length, 42));
    for (const [key, name] of HELM_VECTORS) {
        it(`${JSON.stringify(key)} → ${JSON.stringify(name)}`, () => assert.equal(kebabCase(key), name));
    }
    it("maps two keys to one name where the chart does (the collision the config rules refuse)", () => {
        assert.equal(kebabCase("internalGw"), kebabCase("internalGW"));
        assert.equal(kebabCase("gateway_proxy"), "gateway-proxy");
    });
    it("empty key, empty name", () => assert.equal(kebabCase(""), ""));
});
