// Images pinned by digest at the chart's value paths, rendered as `helm template` renders the official chart
// 1.22.1 (its `gloo.image` helper: `registry/repository:tag@digest`). The expected strings were read off
// `helm template` with the same values (global.image.registry mirror.example.com/solo, the digests below); the
// test does not run helm.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GlooInstallArgs, resolveArgs } from "../components/args";
import { glooPodSpecFor as glooPodSpec } from "../components/control-plane";
import { extauthPodSpec, rateLimitPodSpec, redisPodSpec } from "../components/enterprise";
import { proxyPodSpec } from "../components/proxies/pod";
import { certgenPodSpec } from "../components/rotation";
import { ARGUMENT_KEYS, checkArgs } from "../components/validation/problems";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;
const C = `sha512:${"c".repeat(128)}`;

type Obj = Record<string, any>;
const images = (pod: Obj) => Object.fromEntries((pod.containers as Obj[]).map((c) => [c.name, c.image]));

describe("image digests", () => {
    const args: GlooInstallArgs = {
        global: { image: { registry: "mirror.example.com/solo" }, glooMtls: { sds: { image: { digest: A } } } },
        gloo: { deployment: { image: { tag: "1.22.2", digest: B } } },
        gatewayProxies: { gatewayProxy: { podTemplate: { image: { digest: A } } }, publicGw: { podTemplate: { image: { tag: "1.22.3" } } } },
    };
    it("render as helm template renders the chart (tag, then @digest; an extra proxy inherits gatewayProxy's block)", () => {
        assert.equal(checkArgs(args, ARGUMENT_KEYS).problems.length, 0);
        const r = resolveArgs(args);
        assert.deepEqual(images(glooPodSpec(r)), {
            "envoy-sidecar": "mirror.example.com/solo/gloo-envoy-wrapper:1.22.1",
            sds: `mirror.example.com/solo/sds:1.22.1@${A}`,
            gloo: `mirror.example.com/solo/gloo:1.22.2@${B}`,
        });
        const [dflt, pub] = ["gatewayProxy", "publicGw"].map((k) => images(proxyPodSpec(r, r.proxies.find((p) => p.key === k)!)));
        assert.deepEqual(dflt, { "gateway-proxy": `mirror.example.com/solo/gloo-envoy-wrapper:1.22.1@${A}`, sds: `mirror.example.com/solo/sds:1.22.1@${A}` });
        assert.deepEqual(pub, { "public-gw": `mirror.example.com/solo/gloo-envoy-wrapper:1.22.3@${A}`, sds: `mirror.example.com/solo/sds:1.22.1@${A}` });
    });
    it("every other image block takes one; none is inherited from global.image", () => {
        const r = resolveArgs({
            global: {
                glooMtls: { envoy: { image: { digest: A } } },
                extensions: { extAuth: { enabled: true, deployment: { image: { digest: B } } }, rateLimit: { enabled: true, deployment: { image: { digest: C } } } },
            },
            enterprise: { enabled: true, licenseKey: "k" },
            redis: { deployment: { image: { digest: A } } },
            gateway: { certGenJob: { image: { digest: B } } },
        });
        assert.equal(images(extauthPodSpec(r)).extauth, `quay.io/solo-io/extauth-ee:1.22.1@${B}`);
        assert.equal(images(extauthPodSpec(r))["envoy-sidecar"], `quay.io/solo-io/gloo-ee-envoy-wrapper:1.22.1@${A}`);
        assert.equal(images(rateLimitPodSpec(r))["rate-limit"], `quay.io/solo-io/rate-limit-ee:1.22.1@${C}`);
        assert.equal(images(redisPodSpec(r)).redis, `docker.io/redis:7.2.4@${A}`);
        assert.equal(images(certgenPodSpec({ image: r.certGen.image } as any)).certgen, `quay.io/solo-io/certgen:1.22.1@${B}`);
        // Images without a digest of their own stay tag-only.
        assert.equal(images(glooPodSpec(r))["gloo"], "quay.io/solo-io/gloo-ee:1.22.1");
        assert.equal(images(glooPodSpec(r)).sds, "quay.io/solo-io/sds:1.22.1");
    });
    it("refuses what no runtime can pull by, naming the key", () => {
        const bad = (digest: string) => checkArgs({ gloo: { deployment: { image: { digest } } } }, ARGUMENT_KEYS).problems;
        for (const d of [`sha256:${"a".repeat(63)}`, `sha256:${"A".repeat(64)}`, `md5:${"a".repeat(32)}`, "a".repeat(64), `sha256:${"a".repeat(64)} `, `@${A}`]) {
            assert.match(bad(d).join("\n"), /^args\.gloo\.deployment\.image\.digest: got .*must be an image digest/, d);
        }
        assert.match(checkArgs({ global: { image: { digest: A } } }, ARGUMENT_KEYS).problems.join(), /args\.global\.image\.digest: unknown key \(allowed here: registry, tag, pullPolicy, pullSecret\)/);
        assert.match(checkArgs({ gatewayProxies: { gatewayProxy: { podTemplate: { image: { tag: `1.22.1@${A}` } } } } }, ARGUMENT_KEYS).problems.join(), /podTemplate\.image\.tag: got .*must be an image tag/);
    });
});
