// The example stacks as environments use them: prod is the production example (HA, budgets, resources on
// every container, a cloud load balancer, a pull secret on every pod), dev runs on kind without a load
// balancer. Every run passes the harness's checks; no example stack draws a config warning.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { readStackFile } from "../render/cli";
import { Manifest } from "../render/program";
import { Checked, runChecked } from "./harness";

/** Read-only: one checked run per stack file in this process (shared with other files that ask the same). */
async function stack(name: string): Promise<Checked> {
    const { config, secretKeys } = readStackFile(name);
    return runChecked({ config, secretKeys, stack: name });
}
const pods = (r: Checked): [string, any][] => r.objects.filter((o) => o.kind === "Deployment").map((d: Manifest) => [d.metadata.name, d.spec.template.spec]);

describe("prod: the production example", { timeout: 60_000 }, () => {
    let r: Checked;
    before(async () => (r = await stack("prod")));

    it("several replicas of gloo and of both proxies", () => {
        assert.equal(r.find("Deployment", "gloo").spec.replicas, 2);
        assert.equal(r.find("Deployment", "gateway-proxy").spec.replicas, 3);
        assert.equal(r.find("Deployment", "internal-gw").spec.replicas, 2);
    });
    it("a PodDisruptionBudget per proxy and gloo's", () => {
        for (const n of ["gateway-proxy", "internal-gw"]) assert.deepEqual(r.find("PodDisruptionBudget", `${n}-pdb`).spec, { maxUnavailable: 1, selector: { matchLabels: { "gateway-proxy-id": n } } });
        assert.deepEqual(r.find("PodDisruptionBudget", "gloo-pdb").spec, { maxUnavailable: 1, selector: { matchLabels: { gloo: "gloo" } } });
    });
    it("resources and the pull secret on every container of every pod", () => {
        assert.equal(pods(r).length, 6);
        for (const [name, pod] of pods(r)) {
            assert.deepEqual(pod.imagePullSecrets, [{ name: "registry-example-com" }], name);
            for (const c of pod.containers) {
                assert.ok(c.resources?.requests?.cpu && c.resources?.requests?.memory, `${name}/${c.name} requests`);
                assert.ok(c.resources?.limits?.memory, `${name}/${c.name} memory limit`);
            }
        }
    });
    it("spread over nodes and zones, drained gracefully", () => {
        for (const n of ["gateway-proxy", "internal-gw"]) {
            const pod = r.find("Deployment", n).spec.template.spec;
            assert.ok(pod.affinity.podAntiAffinity, n);
            assert.equal(pod.topologySpreadConstraints[0].labelSelector.matchLabels["gateway-proxy-id"], n);
            assert.match(pod.containers[0].lifecycle.preStop.exec.command[2], /healthcheck\/fail; sleep 25$/);
            assert.equal(pod.terminationGracePeriodSeconds, 45);
        }
        assert.ok(r.find("Deployment", "gloo").spec.template.spec.affinity.podAntiAffinity);
    });
    it("public and internal AWS Network Load Balancers, with source ranges and the client's address kept", () => {
        const pub = r.find("Service", "gateway-proxy");
        const internal = r.find("Service", "internal-gw");
        for (const s of [pub, internal]) {
            assert.equal(s.spec.type, "LoadBalancer");
            assert.equal(s.spec.externalTrafficPolicy, "Local");
            assert.equal(s.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-type"], "external");
        }
        assert.equal(pub.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"], "internet-facing");
        assert.equal(internal.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"], "internal");
        assert.deepEqual(pub.spec.loadBalancerSourceRanges, ["203.0.113.0/24", "198.51.100.0/24"]);
        assert.deepEqual(internal.spec.loadBalancerSourceRanges, ["10.0.0.0/8"]);
    });
    it("Redis from the mirror; outputs name both proxies", () => {
        assert.equal(r.find("Deployment", "redis").spec.template.spec.containers[0].image, "registry.example.com/solo-io/redis:7.2.4");
        assert.deepEqual(Object.keys(r.outputs.gatewayProxies as object).sort(), ["gatewayProxy", "internalGw"]);
    });
});

describe("dev: a kind cluster without a load balancer", { timeout: 60_000 }, () => {
    it("a NodePort proxy on the ports the kind cluster maps to localhost; no LoadBalancer Service at all", async () => {
        const r = await stack("dev");
        const svc = r.find("Service", "gateway-proxy");
        assert.equal(svc.spec.type, "NodePort");
        assert.deepEqual(svc.spec.ports.map((p: any) => [p.name, p.nodePort]), [["http", 30080], ["https", 30443]]);
        assert.equal(r.objects.filter((o) => o.kind === "Service" && o.spec.type === "LoadBalancer").length, 0);
        assert.equal((r.outputs.gatewayProxies as any).gatewayProxy.service, "gateway-proxy");
    });
});

describe("no example stack draws a warning", { timeout: 120_000 }, () => {
    for (const name of ["dev", "staging", "prod", "multicluster"]) {
        it(name, async () => {
            const r = await stack(name);
            assert.deepEqual(r.warnings.filter((w) => /gloo-mtls:|args\./.test(w)), []);
        });
    }
});
