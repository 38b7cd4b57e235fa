// With none of the production keys set, every configuration renders the objects it rendered before them
// (test/fixtures/baseline-renders.json, captured first with test/baseline/capture.ts), except for these
// deliberate changes, each applied to the baseline here and nowhere else:
//  1. gloo's pod annotation gloo.solo.io/oss-image-tag (the chart's; glooctl reads it);
//  2. every xDS client's SAN check also accepts gloo.<ns>.svc (certgen's FQDN may use another cluster domain);
//  3. the default proxy's NetworkPolicy selects its pods by gateway-proxy-id (one policy per proxy);
//  4. Redis's registry follows global.image.registry when that is set;
//  5. gloo's sidecar accepts only the client identities the install made: gloo.<ns>.svc (every issuer's leaf);
//  6. kube-leader-election names its verbs (get, create, update) instead of the chart's "*";
//  7. gateway proxy pods mount no ServiceAccount token;
//  8. rate-limit's loopback-only envoy-sidecar is probed through its admin /ready;
//  9. Envoy listeners other pods dial bind :: with ipv4_compat instead of 0.0.0.0 (settings.ipV4Only unset);
// 10. so do gloo's Go servers on the pod IP ([::]: Settings' bind addresses, validationBindAddr now explicit) and
//     every sds sidecar (SDS_SERVER_ADDRESS).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as YAML from "yaml";
import { toYaml } from "../components/control-plane";
import { adminReadinessProbe } from "../components/pod";
import { manifests } from "../render/program";
import { runShared } from "./harness";
import { BASELINE_CONFIGS, normalise } from "./baseline/configs";

type Obj = Record<string, any>;
const BASELINE: Record<string, Obj[]> = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "baseline-renders.json"), "utf8"));

/** The deliberate changes, applied to a baseline render of `config`. */
function expected(baseline: Obj[], config: Obj): Obj[] {
    const out = structuredClone(baseline);
    for (const m of out) {
        const name = `${m.kind}/${m.metadata.name}`;
        if (name === "Deployment/gloo") m.spec.template.metadata.annotations["gloo.solo.io/oss-image-tag"] = config.global?.image?.tag ?? "1.22.1";
        if (m.kind === "ClusterRole" && m.metadata.name.startsWith("kube-leader-election-")) for (const r of m.rules) r.verbs = ["get", "create", "update"];
        if (m.kind === "Deployment" && m.spec.template.metadata.labels?.gloo === "gateway-proxy") m.spec.template.spec.automountServiceAccountToken = false;
        if (m.kind === "Settings") {
            const g = m.spec.gloo;
            for (const k of ["xdsBindAddr", "restXdsBindAddr", "proxyDebugBindAddr"]) g[k] = g[k].replace(/^0\.0\.0\.0:/, "[::]:");
            g.validationBindAddr = "[::]:9988";
        }
        for (const c of m.spec?.template?.spec?.containers ?? []) {
            if (c.name === "sds") c.env.push({ name: "SDS_SERVER_ADDRESS", value: "[::]:8234" });
        }
        if (name === "Deployment/rate-limit") {
            const side = m.spec.template.spec.containers.find((c: Obj) => c.name === "envoy-sidecar");
            if (side) side.readinessProbe = adminReadinessProbe();
        }
        if (name === "NetworkPolicy/gloo-mtls-gateway-proxy") m.spec.podSelector = { matchLabels: { "gateway-proxy-id": "gateway-proxy" } };
        if (name === "Deployment/redis" && config.global?.image?.registry) {
            const c = m.spec.template.spec.containers[0];
            c.image = c.image.replace(/^docker\.io\//, `${config.global.image.registry}/`);
        }
        if (m.kind === "ConfigMap" && /(-envoy-config|-sidecar-config)$/.test(m.metadata.name)) {
            const key = Object.keys(m.data)[0];
            const boot = YAML.parse(m.data[key]);
            let changed = false;
            const walk = (v: any) => {
                if (!v || typeof v !== "object") return;
                const sans = v.match_typed_subject_alt_names;
                if (Array.isArray(sans) && sans.length === 1 && /^gloo\.[^.]+\.svc\..+/.test(sans[0].matcher.exact)) {
                    const ns = sans[0].matcher.exact.split(".")[1];
                    sans.push({ san_type: "DNS", matcher: { exact: `gloo.${ns}.svc` } });
                    changed = true;
                }
                Object.values(v).forEach(walk);
            };
            walk(boot);
            for (const l of boot.static_resources.listeners ?? []) {
                const sa = l.address.socket_address;
                if (sa.address === "0.0.0.0") {
                    l.address.socket_address = { address: "::", port_value: sa.port_value, ipv4_compat: true };
                    changed = true;
                }
            }
            if (m.metadata.name === "envoy-sidecar-config") {
                // gloo's sidecar: a client certificate must also name gloo.<ns>.svc.
                for (const l of boot.static_resources.listeners) {
                    const common = l.filter_chains[0].transport_socket.typed_config.common_tls_context;
                    common.combined_validation_context = {
                        default_validation_context: { match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: `gloo.${m.metadata.namespace}.svc` } }] },
                        validation_context_sds_secret_config: common.validation_context_sds_secret_config,
                    };
                    delete common.validation_context_sds_secret_config;
                }
                changed = true;
            }
            if (changed) m.data[key] = toYaml(boot);
        }
    }
    return out;
}

describe("defaults keep their objects (baseline renders from before the production keys)", { timeout: 120_000 }, () => {
    it("has a baseline for every configuration", () => assert.deepEqual(Object.keys(BASELINE).sort(), Object.keys(BASELINE_CONFIGS).sort()));
    for (const [name, c] of Object.entries(BASELINE_CONFIGS)) {
        it(`${name}: the same objects and fields, but for the deliberate changes`, async () => {
            const r = await runShared({ config: c.config, secretKeys: c.secretKeys });
            const now = normalise(manifests(r.resources));
            const want = expected(BASELINE[name], c.config);
            assert.deepEqual(
                now.map((m: Obj) => `${m.kind}/${m.metadata.name}`),
                want.map((m) => `${m.kind}/${m.metadata.name}`),
                "object set",
            );
            for (let i = 0; i < now.length; i++) assert.deepEqual(now[i], want[i], `${want[i].kind}/${want[i].metadata.name}`);
        });
    }
    it("can fail: an unlisted change to a default object is caught", async () => {
        const c = BASELINE_CONFIGS.default;
        const r = await runShared({ config: c.config });
        const now = normalise(manifests(r.resources)) as Obj[];
        now.find((m) => m.kind === "Deployment" && m.metadata.name === "gateway-proxy")!.spec.replicas = 2;
        assert.throws(() => assert.deepEqual(now, expected(BASELINE.default, c.config)));
    });
});
