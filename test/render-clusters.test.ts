// The offline render of a stack with a proxy fleet in another cluster (acceptance of "proxies in another
// cluster"): gloo's cluster and the remote cluster side by side, the remote side holding no private key but its
// own fleet's, a CLUSTER column, and the marker's rules (remove exactly what a render wrote, keep strangers'
// files) covering the cluster directories.
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, test } from "node:test";
import * as YAML from "yaml";
import { MARKER, plan, writeFiles } from "../render/output";
import { privateKeyBodies } from "./validate/clusters";
import { certificateSans } from "./tls-peers";
import { FLEET_ID } from "./multicluster-fixtures";
import { cli, tmp } from "./render-run";

const REPO = path.resolve(__dirname, "..");

/** Every file below `dir`, relative, `/`-separated (directories by their files). */
function files(dir: string, rel = ""): string[] {
    return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
        const r = rel ? `${rel}/${e.name}` : e.name;
        return e.isDirectory() ? files(dir, r) : [r];
    });
}
const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), "utf8");

describe("npm run render -- multicluster --show-secrets", { timeout: 60_000 }, () => {
    let root: string;
    let out: string;
    let first: { code: number; out: string; err: string };
    before(async () => {
        root = tmp("render-clusters-");
        fs.copyFileSync(path.join(REPO, "Pulumi.multicluster.yaml"), path.join(root, "Pulumi.multicluster.yaml"));
        out = path.join(root, "out");
        first = await cli(root, "multicluster", "--show-secrets", "--out", out);
    });

    test("writes gloo's cluster at the top and cluster eu beside it, with no CRDs", () => {
        assert.equal(first.code, 0, first.err);
        const all = files(out);
        const eu = all.filter((f) => f.startsWith("clusters/eu/")).map((f) => f.slice("clusters/eu/".length)).sort();
        assert.deepEqual(eu, [
            "10-namespace-gloo-system.yaml",
            "20-serviceaccount-gloo-system-gateway-proxy.yaml",
            "30-secret-gloo-system-edge-eu-mtls-certs.yaml",
            "31-configmap-gloo-system-edge-eu-envoy-config.yaml",
            "40-networkpolicy-gloo-system-gloo-mtls-edge-eu.yaml",
            "41-service-gloo-system-edge-eu.yaml",
            "50-poddisruptionbudget-gloo-system-edge-eu-pdb.yaml",
            "60-deployment-gloo-system-edge-eu.yaml",
        ]);
        assert.ok(all.includes("30-secret-gloo-system-gloo-mtls-certs.yaml"));
        assert.ok(all.includes("41-service-gloo-system-gloo-xds-external.yaml"));
        assert.ok(all.includes("50-gateway-gloo-system-edge-eu.yaml"), "the fleet's Gateways stay with gloo");
        assert.equal(all.filter((f) => f.startsWith("00-crds/")).length, 15);
        assert.ok(!all.some((f) => f.startsWith("clusters/") && /-edge-eu\.yaml$/.test(f) && /gateway/.test(f)));
        assert.ok(!all.some((f) => /^[^/]*edge-eu/.test(f) && !/^50-gateway-/.test(f)), "nothing else of the fleet at the top");
        assert.deepEqual(JSON.parse(read(out, MARKER)).files.sort(), all.filter((f) => f !== MARKER).sort());
    });

    test("the remote side holds no private key but its own fleet's", () => {
        const glooKey = YAML.parse(read(out, "30-secret-gloo-system-gloo-mtls-certs.yaml")).stringData["tls.key"];
        const [glooBody] = privateKeyBodies(glooKey);
        assert.ok(glooBody, "the render shows gloo's key with --show-secrets");
        const found: string[] = [];
        for (const f of files(out).filter((x) => x.startsWith("clusters/"))) {
            const text = read(out, f);
            assert.ok(!text.replace(/\s+/g, "").includes(glooBody), `${f} holds gloo's key`);
            if (privateKeyBodies(text).length > 0) found.push(f);
        }
        assert.deepEqual(found, ["clusters/eu/30-secret-gloo-system-edge-eu-mtls-certs.yaml"]);
        const s = YAML.parse(read(out, found[0])).stringData;
        assert.equal(privateKeyBodies(read(out, found[0])).length, 1);
        const leaf = new crypto.X509Certificate(s["tls.crt"]);
        assert.ok(leaf.checkPrivateKey(crypto.createPrivateKey(s["tls.key"])), "the key is the fleet leaf's own");
        assert.deepEqual(certificateSans(leaf), [{ type: "URI", value: FLEET_ID }]);
        // The check can fail: gloo's Secret file does hold gloo's key.
        assert.ok(read(out, "30-secret-gloo-system-gloo-mtls-certs.yaml").replace(/\s+/g, "").includes(glooBody));
    });

    test("the table says which cluster each object goes to", () => {
        const lines = first.out.split("\n");
        assert.match(lines[0], /^CLUSTER\s+KIND\s+NAMESPACE\s+NAME\s+NOTES$/);
        assert.ok(lines.some((l) => /^eu\s+Deployment\s+gloo-system\s+edge-eu\s+replicas 2/.test(l)));
        assert.ok(lines.some((l) => /^gloo\s+Gateway\s+gloo-system\s+edge-eu\s*$/.test(l)));
        assert.match(first.out, /55 objects for stack "multicluster" written to .*\(47 for gloo's cluster at the top, 8 for cluster eu in clusters\/eu\/\)/);
    });

    test("without the fleet, the next render removes cluster eu's files and keeps a stranger's file there", async () => {
        fs.writeFileSync(path.join(out, "clusters", "eu", "notes.txt"), "mine");
        const text = read(root, "Pulumi.multicluster.yaml");
        const doc = YAML.parse(text);
        for (const k of ["gloo-mtls:clusters", "gloo-mtls:gloo"]) delete doc.config[k];
        delete doc.config["gloo-mtls:gatewayProxies"].edgeEu;
        fs.writeFileSync(path.join(root, "Pulumi.multicluster.yaml"), YAML.stringify(doc));
        const again = await cli(root, "multicluster", "--out", out);
        assert.equal(again.code, 0, again.err);
        assert.deepEqual(files(path.join(out, "clusters")), ["eu/notes.txt"]);
        assert.match(again.err, /left in place in .*: clusters\/eu\/notes\.txt/);
        assert.doesNotMatch(again.out, /^CLUSTER/, "one cluster: no CLUSTER column");
        assert.ok(!JSON.parse(read(out, MARKER)).files.some((f: string) => f.startsWith("clusters/")));
    });
});

describe("writeFiles: cluster directories", () => {
    const manifest = (kind: string, name: string) => ({ apiVersion: "v1", kind, metadata: { name, namespace: "ns" } });
    test("a cluster no longer rendered leaves no directory behind; names outside clusters/<key>/ are never ours", () => {
        const dir = tmp("render-clusters-");
        const both = plan([
            { manifest: manifest("ConfigMap", "a"), sensitive: false },
            { manifest: manifest("ConfigMap", "b"), sensitive: false, cluster: "eu" },
        ]);
        assert.deepEqual(both.map((f) => f.rel), ["31-configmap-ns-a.yaml", "clusters/eu/31-configmap-ns-b.yaml"], "gloo's cluster first");
        writeFiles(dir, both);
        assert.deepEqual(files(dir).sort(), [MARKER, "31-configmap-ns-a.yaml", "clusters/eu/31-configmap-ns-b.yaml"]);
        const r = writeFiles(dir, plan([{ manifest: manifest("ConfigMap", "a"), sensitive: false }]));
        assert.deepEqual(r.removed, ["clusters/eu/31-configmap-ns-b.yaml"]);
        assert.deepEqual(r.foreign, []);
        assert.ok(!fs.existsSync(path.join(dir, "clusters")));
        // A marker naming a path outside the cluster layout is not trusted.
        fs.mkdirSync(path.join(dir, "clusters", "EU", "x"), { recursive: true });
        fs.writeFileSync(path.join(dir, "clusters", "EU", "x", "y.yaml"), "precious");
        const marker = JSON.parse(read(dir, MARKER));
        marker.files.push("clusters/EU/x/y.yaml", "clusters/../31-configmap-ns-a.yaml");
        fs.writeFileSync(path.join(dir, MARKER), JSON.stringify(marker));
        writeFiles(dir, plan([{ manifest: manifest("ConfigMap", "a"), sensitive: false }]));
        assert.equal(read(dir, "clusters/EU/x/y.yaml"), "precious");
    });
});
