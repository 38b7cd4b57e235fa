// Proxy fleets in other clusters (docs/multicluster.md): what goes to which cluster on which
// provider, gloo's external xDS address, the fleets' own identities, the outputs, library use with providers of
// the caller's, every refusal with its message (nothing registered), and the harness's per-cluster checks, each
// shown able to fail. Handshakes: test/handshake-multicluster.test.ts; rotation: test/rotation.test.ts; the
// render's directories: test/render-clusters.test.ts.
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { before, describe, it } from "node:test";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { GlooInstall, GlooInstallArgs } from "gloo-mtls";
import { PROJECT, ProgramFailed, Registered, engineConfig, runProgram } from "../render/program";
import { ConfigError, checkStackConfig } from "../stacks/config";
import { resolveArgs } from "../components/args";
import { glooPolicy, networkPolicyArgs } from "../components/network-policy";
import { Checked, runChecked } from "./harness";
import { ADDRESS, BASE, FLEET_ID, MOVED, NS, stackRun } from "./multicluster-fixtures";
import { certificateSans, clientFromUpstreamTls, clusterTransportSocket, handshake, listenerTransportSocket, pemCertificates, secretMaterial, serverFromDownstreamTls } from "./tls-peers";
import { duplicateUrns } from "./urns";
import { PlacedObject, clusterProblems, placedObjects } from "./validate/clusters";

const inCluster = (r: Checked, cluster: string | undefined) => placedObjects(r.resources).filter((o) => o.cluster === cluster);
const set = (os: PlacedObject[]) => os.map((o) => `${o.manifest.kind} ${o.manifest.metadata.namespace ?? "-"}/${o.manifest.metadata.name}`).sort();
const one = (os: PlacedObject[], kind: string, name: string) => {
    const found = os.filter((o) => o.manifest.kind === kind && o.manifest.metadata.name === name);
    assert.equal(found.length, 1, `${kind} ${name}`);
    return found[0].manifest;
};

describe("the multicluster example: what goes where", { timeout: 60_000 }, () => {
    let r: Checked;
    before(async () => (r = await stackRun()));

    it("cluster eu gets exactly what fleet edge-eu runs on", () => {
        assert.deepEqual(set(inCluster(r, "eu")), [
            `ConfigMap ${NS}/edge-eu-envoy-config`,
            `Deployment ${NS}/edge-eu`,
            "Namespace -/gloo-system",
            `NetworkPolicy ${NS}/gloo-mtls-edge-eu`,
            `PodDisruptionBudget ${NS}/edge-eu-pdb`,
            `Secret ${NS}/edge-eu-mtls-certs`,
            `Service ${NS}/edge-eu`,
            `ServiceAccount ${NS}/gateway-proxy`,
        ]);
    });

    it("gloo's cluster keeps the fleet's Gateways (gloo reads them) and nothing else of it", () => {
        const gloo = inCluster(r, undefined);
        for (const [name, port, ssl] of [["edge-eu", 8080, false], ["edge-eu-ssl", 8443, true]] as const) {
            const g = one(gloo, "Gateway", name);
            assert.deepEqual([g.spec.proxyNames, g.spec.bindPort, g.spec.ssl], [["edge-eu"], port, ssl]);
        }
        const ofFleet = set(gloo).filter((o) => /edge-eu/.test(o));
        assert.deepEqual(ofFleet, [`Gateway ${NS}/edge-eu`, `Gateway ${NS}/edge-eu-ssl`]);
        // The default proxy stays in gloo's cluster, with its policy; no policy of the fleet's there.
        assert.ok(set(gloo).includes(`Deployment ${NS}/gateway-proxy`));
        assert.ok(set(gloo).includes(`Service ${NS}/gloo-xds-external`));
    });

    it("each cluster has one explicit provider of its own, with in-place Secret updates", () => {
        const providers = r.resources.filter((x) => x.type === "pulumi:providers:kubernetes");
        const eu = providers.find((p) => p.name === "gloo-k8s-eu")!;
        assert.equal(eu.inputs.context, "eu");
        assert.equal(String(eu.inputs.enableSecretMutable), "true");
        assert.equal(providers.find((p) => p.name === "gloo-k8s")!.inputs.context, "hub");
        for (const o of inCluster(r, "eu")) assert.match(o.provider, /pulumi:providers:kubernetes::gloo-k8s-eu::/, `${o.manifest.kind} ${o.manifest.metadata.name}`);
        for (const o of inCluster(r, undefined)) assert.doesNotMatch(o.provider, /gloo-k8s-eu/);
        assert.deepEqual(duplicateUrns(r.resources, "multicluster", PROJECT), []);
    });

    it("the remote namespace is gloo's (the node role matches) and is retained on delete, as gloo's is", () => {
        const ns = r.resources.find((x) => x.type === "kubernetes:core/v1:Namespace" && x.name === "gloo-eu-namespace")!;
        assert.equal(ns.inputs.metadata.name, NS);
        assert.equal(ns.options?.retainOnDelete, true);
        const boot = r.envoy.get("edge-eu-envoy-config/envoy.yaml");
        assert.ok(boot, "the harness checked the fleet's bootstrap against Envoy's v3 protos");
        assert.equal(boot.node.metadata.role, `${NS}~edge-eu`);
    });

    it("the fleet's pods mount its own Secret where the sds sidecar reads certificates", () => {
        const pod = one(inCluster(r, "eu"), "Deployment", "edge-eu").spec.template.spec;
        assert.deepEqual(pod.volumes.find((v: any) => v.secret).secret, { secretName: "edge-eu-mtls-certs", defaultMode: 420 });
        const sds = pod.containers.find((c: any) => c.name === "sds");
        assert.deepEqual(sds.volumeMounts, [{ name: "gloo-mtls-certs", mountPath: "/etc/envoy/ssl", readOnly: true }]);
        assert.equal(one(inCluster(r, "eu"), "Deployment", "edge-eu").spec.replicas, 2);
    });

    it("the fleet's bootstrap dials gloo's external address with that SNI and checks exactly that name", () => {
        const boot = r.envoy.get("edge-eu-envoy-config/envoy.yaml");
        const ads = boot.dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name;
        assert.equal(ads, `gloo.${NS}.svc.cluster.local:9977`, "the chart's cluster name, whatever it dials");
        for (const name of [ads, "rest_xds_cluster"]) {
            const c = clusterTransportSocket(boot, name);
            assert.deepEqual([c.host, c.port], [ADDRESS, 9977], name);
            assert.deepEqual(clientFromUpstreamTls(c.transportSocket), { servername: ADDRESS, verifyName: ADDRESS, minVersion: "TLSv1.2", maxVersion: "TLSv1.3" }, name);
        }
        // The in-cluster proxy is unchanged: gloo's Service name.
        const inner = clusterTransportSocket(r.envoy.get("gateway-proxy-envoy-config/envoy.yaml"), ads);
        assert.equal(inner.host, `gloo.${NS}.svc.cluster.local`);
    });

    it("gloo's sidecar accepts exactly gloo's own leaf and the fleet's identity", () => {
        const sidecar = r.envoy.get("envoy-sidecar-config/envoy-sidecar.yaml");
        for (const l of ["envoy_xds_mtls_listener", "envoy_rest_xds_mtls_listener"]) {
            assert.deepEqual(serverFromDownstreamTls(listenerTransportSocket(sidecar, l).transportSocket).clientSans, [
                { type: "DNS", value: `gloo.${NS}.svc` },
                { type: "URI", value: FLEET_ID },
            ]);
        }
    });

    it("certificates: gloo's carries the external name; the fleet's is client-only, names the fleet and its cluster, and no host", () => {
        const gloo = secretMaterial(one(inCluster(r, undefined), "Secret", "gloo-mtls-certs"));
        const fleet = secretMaterial(one(inCluster(r, "eu"), "Secret", "edge-eu-mtls-certs"));
        const glooLeaf = new crypto.X509Certificate(gloo.cert);
        assert.ok(certificateSans(glooLeaf).some((s) => s.type === "DNS" && s.value === ADDRESS));
        const leaf = new crypto.X509Certificate(fleet.cert);
        assert.deepEqual(certificateSans(leaf), [{ type: "URI", value: FLEET_ID }]);
        assert.deepEqual(leaf.keyUsage, ["1.3.6.1.5.5.7.3.2"], "clientAuth only");
        assert.equal(leaf.ca, false);
        assert.match(leaf.subject, /CN=gloo-mtls fleet edge-eu in eu/);
        assert.equal(fleet.ca, gloo.ca, "the same CA bundle in both clusters");
        assert.ok(leaf.checkIssued(pemCertificates(gloo.ca)[0]) && leaf.verify(pemCertificates(gloo.ca)[0].publicKey));
        assert.ok(leaf.checkPrivateKey(crypto.createPrivateKey(fleet.key)), "its key is its own");
        assert.notEqual(fleet.key, gloo.key);
        // The fleet's key is a Pulumi secret, like gloo's.
        const secret = r.resources.find((x) => x.type === "kubernetes:core/v1:Secret" && x.inputs.metadata?.name === "edge-eu-mtls-certs")!;
        assert.ok(secret.secretInputs.some((p) => p.startsWith("stringData")), `secret inputs: ${secret.secretInputs}`);
    });

    it("outputs: the fleet's cluster and Service; the external LB address (null until assigned); commands per cluster", () => {
        // No load balancer address under mocks (the cloud assigns it).
        assert.deepEqual(JSON.parse(JSON.stringify(r.outputs.gatewayProxies)), { gatewayProxy: { service: "gateway-proxy" }, edgeEu: { cluster: "eu", service: "edge-eu" } });
        assert.equal(r.outputs.xdsExternalAddress, null);
        assert.ok((r.outputs.troubleshooting as string[]).includes(`kubectl --context eu logs -n ${NS} deploy/edge-eu sds`));
        assert.ok(!(r.outputs.troubleshooting as string[]).includes(`kubectl logs -n ${NS} deploy/edge-eu sds`));
    });
});

describe("gloo's external xDS address", { timeout: 60_000 }, () => {
    it("a Service on the sidecar's TLS port only, keeping the client's address; the policy admits it from pods and the ranges only", async () => {
        const r = await stackRun();
        const svc = r.find("Service", "gloo-xds-external");
        assert.deepEqual(svc.spec.ports, [{ name: "grpc-xds-tls", port: 9977, targetPort: 9977, protocol: "TCP" }]);
        assert.deepEqual([svc.spec.type, svc.spec.externalTrafficPolicy, svc.spec.loadBalancerSourceRanges], ["LoadBalancer", "Local", ["192.0.2.0/28"]]);
        assert.deepEqual(svc.spec.selector, { gloo: "gloo" });
        // 9977 is the envoy-sidecar's TLS listener, never gloo's own plaintext port.
        const pod = r.find("Deployment", "gloo").spec.template.spec;
        const owner = pod.containers.find((c: any) => (c.ports ?? []).some((p: any) => p.containerPort === 9977));
        assert.equal(owner.name, "envoy-sidecar");
        assert.equal(listenerTransportSocket(r.envoy.get("envoy-sidecar-config/envoy-sidecar.yaml"), "envoy_xds_mtls_listener").port, 9977);

        const policy = r.find("NetworkPolicy", "gloo-mtls-gloo").spec.ingress;
        // Every other port as without an external address.
        const plain = (networkPolicyArgs(glooPolicy(resolveArgs({})), NS).spec as any).ingress;
        assert.equal(plain.length, 1);
        assert.deepEqual(policy[0].ports, plain[0].ports.filter((p: any) => p.port !== 9977));
        assert.equal(policy[0].ports.length, 6);
        assert.deepEqual(policy[1], { from: [{ namespaceSelector: {} }, { ipBlock: { cidr: "192.0.2.0/28" } }], ports: [{ port: 9977, protocol: "TCP" }] });
        assert.equal(policy.length, 2);
    });

    it("the default proxy moved, NodePort: cluster is not inherited, gloo's cluster keeps the ServiceAccount, the node port is the dialled port", async () => {
        const r = await runChecked({ config: MOVED });
        const placed = placedObjects(r.resources);
        const where = (kind: string, name: string) => placed.filter((o) => o.manifest.kind === kind && o.manifest.metadata.name === name).map((o) => o.cluster ?? "gloo");
        assert.deepEqual(where("Deployment", "gateway-proxy"), ["eu"]);
        assert.deepEqual(where("Deployment", "internal-gw"), ["gloo"], "internalGw does not inherit gatewayProxy.cluster");
        assert.deepEqual(where("ServiceAccount", "gateway-proxy").sort(), ["eu", "gloo"], "gloo's cluster keeps the ServiceAccount its proxies run as");
        assert.deepEqual(where("Gateway", "gateway-proxy"), ["gloo"]);
        const svc = r.find("Service", "gloo-xds-external");
        assert.deepEqual(svc.spec.ports, [{ name: "grpc-xds-tls", port: 30977, targetPort: 9977, protocol: "TCP", nodePort: 30977 }]);
        assert.equal(svc.spec.loadBalancerSourceRanges, undefined);
        assert.equal(r.outputs.gatewayProxyService, "gateway-proxy");
        assert.deepEqual(JSON.parse(JSON.stringify((r.outputs.gatewayProxies as any).gatewayProxy)), { cluster: "eu", service: "gateway-proxy" });
        const boot = r.envoy.get("gateway-proxy-envoy-config/envoy.yaml");
        assert.deepEqual(clusterTransportSocket(boot, `gloo.${NS}.svc.cluster.local:9977`).port, 30977);
    });

    it("the Enterprise servers' forwarders keep gloo's identity beside a remote fleet: rate-limit's sidecar → gloo's sidecar", async () => {
        const r = await runChecked({ config: MOVED });
        const gloo = secretMaterial(one(inCluster(r, undefined), "Secret", "gloo-mtls-certs"));
        const server = serverFromDownstreamTls(listenerTransportSocket(r.envoy.get("envoy-sidecar-config/envoy-sidecar.yaml"), "envoy_xds_mtls_listener").transportSocket);
        assert.deepEqual(server.clientSans, [
            { type: "DNS", value: `gloo.${NS}.svc` },
            { type: "URI", value: `spiffe://gloo-mtls/${NS}/eu/gateway-proxy` },
        ]);
        const c = clusterTransportSocket(r.envoy.get("rate-limit-sidecar-config/envoy-sidecar.yaml"), `gloo.${NS}.svc.cluster.local:9977`);
        const res = await handshake({ server: { key: gloo.key, cert: gloo.cert, ca: gloo.ca, ...server }, client: { ca: gloo.ca, cert: gloo.cert, key: gloo.key, ...clientFromUpstreamTls(c.transportSocket) } });
        assert.equal(res.error, undefined);
    });
});

// ---------------------------------------------------------------------------------------------------------

/** The problems and warnings of a stack config (engine form). */
function checked(config: Record<string, unknown>): { problems: string[]; warnings: string[] } {
    try {
        return { problems: [], warnings: checkStackConfig(engineConfig(config)).warnings };
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return { problems: e.problems, warnings: [] };
    }
}
const withBase = (extra: Record<string, any>) => {
    const out: Record<string, any> = structuredClone(BASE);
    for (const [k, v] of Object.entries(extra)) {
        if (v === undefined) delete out[k];
        else out[k] = typeof v === "object" && !Array.isArray(v) && out[k] ? { ...out[k], ...v } : v;
    }
    return out;
};

describe("refusals, each naming the key, the value, why and the fix", () => {
    it("the base config is accepted without warnings", () => assert.deepEqual(checked(BASE), { problems: [], warnings: [] }));
    const cases: [string, Record<string, unknown>, RegExp][] = [
        ["an unknown cluster", withBase({ gatewayProxies: { edgeEu: { cluster: "us" } } }), /^gloo-mtls:gatewayProxies\.edgeEu\.cluster: got "us"; must be a key of gloo-mtls:clusters \(configured: eu\), or unset for gloo's own cluster/],
        ["a cluster key that is no DNS label", withBase({ clusters: { EU: { context: "eu" } } }), /^gloo-mtls:clusters\.EU: got "EU"; key "EU": must be a DNS-1123 label/],
        ["the key gloo", withBase({ clusters: { gloo: { context: "eu" } } }), /^gloo-mtls:clusters\.gloo: got "gloo"; key "gloo": "gloo" names gloo's own cluster/],
        ["a cluster naming no cluster", withBase({ clusters: { eu: {} } }), /^gloo-mtls:clusters\.eu: got no kubeconfig, context or renderYamlTo; .*gloo goes too \(fix: pulumi config set --path 'clusters\.eu\.context'/],
        ["gloo's own context", withBase({ kubernetes: { context: "eu" } }), /^gloo-mtls:clusters\.eu: got context "eu", the same as gloo-mtls:kubernetes; both would reach one cluster/],
        ["two keys, one cluster", withBase({ clusters: { eu: { context: "eu" }, eu2: { context: "eu" } } }), /^gloo-mtls:clusters\.eu2: got context "eu", the same as gloo-mtls:clusters\.eu;/],
        ["one render directory for two clusters", withBase({ kubernetes: { renderYamlTo: "out" }, clusters: { eu: { renderYamlTo: "./out" } } }), /^gloo-mtls:clusters\.eu\.renderYamlTo: got "\.\/out", the directory of gloo-mtls:kubernetes\.renderYamlTo too/],
        ["renderYamlTo with a context", withBase({ clusters: { eu: { context: "eu", renderYamlTo: "x" } } }), /^gloo-mtls:clusters\.eu: got .*renderYamlTo cannot be combined with kubeconfig or context/],
        ["a provider in stack config", withBase({ clusters: { eu: { provider: { context: "eu" } } } }), /^gloo-mtls:clusters\.eu\.provider: got .*must be a Kubernetes provider \(a k8s\.Provider object; library use only/],
        ["mTLS off", withBase({ global: { glooMtls: { enabled: false } } }), /gloo-mtls:gatewayProxies\.edgeEu\.cluster: got "eu" with gloo-mtls:global\.glooMtls\.enabled false; xDS \(which carries secrets\) would cross between clusters in plaintext/],
        ["no external address", withBase({ gloo: undefined }), /^gloo-mtls:gatewayProxies\.edgeEu\.cluster: got "eu" but gloo-mtls:gloo\.xdsExternal is not set;.*fix: pulumi config set --path 'gloo\.xdsExternal\.address'/],
        ["issuer certgen", withBase({ certificates: { issuer: "certgen" } }), /^gloo-mtls:gatewayProxies\.edgeEu\.cluster: got "eu" while gloo-mtls:certificates\.issuer is "certgen"; certgen writes one leaf, gloo's.*can neither issue a remote fleet's own leaf nor add gloo\.xdsExternal\.address/],
        ["the certgen CronJob", withBase({ gateway: { certGenJob: { cron: { enabled: true } } } }), /^gloo-mtls:gatewayProxies\.edgeEu\.cluster: got "eu" while gloo-mtls:gateway\.certGenJob\.cron\.enabled is true; certgen/],
        ["its own xdsServiceAddress", withBase({ gatewayProxies: { edgeEu: { cluster: "eu", xdsServiceAddress: "relay.example.com" } } }), /^gloo-mtls:gatewayProxies\.edgeEu\.xdsServiceAddress: got "relay\.example\.com" on a proxy in gloo-mtls:clusters\.eu; .*fix: pulumi config rm --path 'gatewayProxies\.edgeEu\.xdsServiceAddress'/],
        ["an inherited xdsServicePort", withBase({ gatewayProxies: { gatewayProxy: { xdsServicePort: 9000 }, edgeEu: { cluster: "eu" } } }), /^gloo-mtls:gatewayProxies\.edgeEu\.xdsServicePort: got 9000 \(inherited from gloo-mtls:gatewayProxies\.gatewayProxy\.xdsServicePort\).*fix: pulumi config set --path 'gatewayProxies\.edgeEu\.xdsServicePort' null/],
        ["extauth, whose Upstream would send gloo's key", withBase({ enterprise: { enabled: true, licenseKey: "k" }, global: { extensions: { extAuth: { enabled: true } } } }), /^gloo-mtls:gatewayProxies\.edgeEu\.cluster: got "eu" with gloo-mtls:global\.extensions\.extAuth\.enabled true; the extauth Upstream's sslConfig\.secretRef makes gloo send gloo-mtls-certs \(gloo's own key\)/],
        ["an IP address", withBase({ gloo: { xdsExternal: { address: "203.0.113.7", service: { loadBalancerSourceRanges: ["0.0.0.0/0"] } } } }), /^gloo-mtls:gloo\.xdsExternal\.address: got "203\.0\.113\.7"; is an IP address: .*no IP SANs/],
        ["a single label", withBase({ gloo: { xdsExternal: { address: "gloo", service: { loadBalancerSourceRanges: ["0.0.0.0/0"] } } } }), /^gloo-mtls:gloo\.xdsExternal\.address: got "gloo"; must be a fully qualified DNS name/],
        ["gloo's in-cluster name", withBase({ gloo: { xdsExternal: { address: `gloo.${NS}.svc`, service: { loadBalancerSourceRanges: ["0.0.0.0/0"] } } } }), /^gloo-mtls:gloo\.xdsExternal\.address: got "gloo\.gloo-system\.svc", one of gloo's in-cluster names/],
        ["no source ranges", withBase({ gloo: { xdsExternal: { address: ADDRESS } } }), /^gloo-mtls:gloo\.xdsExternal\.service\.loadBalancerSourceRanges: got nothing; required: .*0\.0\.0\.0\/0 and ::\/0 rely on mutual TLS alone/],
        ["a ClusterIP", withBase({ gloo: { xdsExternal: { address: ADDRESS, service: { type: "ClusterIP", loadBalancerSourceRanges: ["0.0.0.0/0"] } } } }), /^gloo-mtls:gloo\.xdsExternal\.service\.type: got "ClusterIP"; must be LoadBalancer or NodePort/],
        ["an external address with mTLS off", { global: { glooMtls: { enabled: false } }, gloo: BASE.gloo }, /^gloo-mtls:gloo\.xdsExternal: set with gloo-mtls:global\.glooMtls\.enabled false; gloo's xDS would be exposed in plaintext/],
        ["a node port gloo's cluster already uses", withBase({ gloo: { xdsExternal: { address: ADDRESS, port: 30080, service: { type: "NodePort", loadBalancerSourceRanges: ["0.0.0.0/0"] } } }, gatewayProxies: { gatewayProxy: { service: { type: "NodePort", httpNodePort: 30080 } }, edgeEu: { cluster: "eu" } } }), /^gloo-mtls:gloo\.xdsExternal\.port: got 30080 with service\.type NodePort; already the node port of gloo-mtls:gatewayProxies\.gatewayProxy\.service\.httpNodePort/],
        ["an external address under certgen", { certificates: { issuer: "certgen" }, gloo: BASE.gloo }, /^gloo-mtls:gloo\.xdsExternal\.address: got "xds\.gloo\.example\.com" while gloo-mtls:certificates\.issuer is "certgen"; certgen/],
    ];
    for (const [what, config, message] of cases) {
        it(what, () => {
            const { problems } = checked(config);
            assert.ok(problems.some((p) => message.test(p)), `expected ${message}, got:\n  ${problems.join("\n  ")}`);
        });
    }
    it("warnings: a cluster nothing runs in, an external address nothing dials, a node port outside the default range", () => {
        const idle = checked({ ...BASE, gatewayProxies: { edgeEu: { cluster: "eu", disabled: true } } });
        assert.deepEqual(idle.problems, []);
        assert.equal(idle.warnings.length, 2);
        assert.match(idle.warnings[0], /^gloo-mtls:clusters\.eu is configured but no enabled gateway proxy runs there: nothing is created in it/);
        assert.match(idle.warnings[1], /^gloo-mtls:gloo\.xdsExternal is set but no enabled gateway proxy runs in another cluster: gloo's xDS is exposed with nothing of this install dialling it/);
        const w = checked(withBase({ gloo: { xdsExternal: { address: ADDRESS, port: 9977, service: { type: "NodePort", loadBalancerSourceRanges: ["0.0.0.0/0"] } } } })).warnings;
        assert.equal(w.length, 1);
        assert.match(w[0], /^gloo-mtls:gloo\.xdsExternal\.port: got 9977 with service\.type NodePort; the port is also the node port remote proxies dial/);
    });
    it("node ports are per cluster: a fleet in eu may use the node port a proxy of gloo's cluster uses", () => {
        const nodePort = (n: number) => ({ service: { type: "NodePort", httpNodePort: n, httpsNodePort: n + 1 } });
        assert.deepEqual(checked(withBase({ gatewayProxies: { gatewayProxy: nodePort(30080), edgeEu: { cluster: "eu", ...nodePort(30080) } } })).problems, []);
        assert.match(checked(withBase({ gatewayProxies: { gatewayProxy: nodePort(30080), otherGw: nodePort(30080), edgeEu: { cluster: "eu" } } })).problems[0], /otherGw\.service\.httpNodePort: got 30080; already the node port of/);
    });
    it("through GlooInstall: the same rule as an argument path, and nothing is registered", async () => {
        const err = await runProgram({ program: () => void new GlooInstall("gw", { ...(BASE as GlooInstallArgs), gatewayProxies: { edgeEu: { cluster: "us" } } }) }).then(
            () => assert.fail("accepted"),
            (e: unknown) => e as ProgramFailed,
        );
        assert.match(err.message, /args\.gatewayProxies\.edgeEu\.cluster: got "us"; must be a key of args\.clusters/);
        assert.deepEqual(err.resources.filter((x) => x.type !== "pulumi:pulumi:Stack"), []);
    });
});

describe("renderYamlTo per cluster", { timeout: 60_000 }, () => {
    it("each cluster's provider renders into its own directory", async () => {
        const r = await runProgram({ config: { ...BASE, kubernetes: { renderYamlTo: "out/hub" }, clusters: { eu: { renderYamlTo: "out/eu" } } } });
        const dir = (name: string) => r.resources.find((x) => x.type === "pulumi:providers:kubernetes" && x.name === name)!.inputs.renderYamlToDirectory;
        assert.deepEqual([dir("gloo-k8s"), dir("gloo-k8s-eu")], ["out/hub", "out/eu"]);
    });
});

describe("library use: a provider of the caller's per cluster", { timeout: 60_000 }, () => {
    const args = (provider: KubernetesProvider): GlooInstallArgs => ({ ...(BASE as GlooInstallArgs), clusters: { eu: { provider } } });
    it("every object of the fleet goes to the given provider; the install makes none for that cluster", async () => {
        const r = await runChecked({
            program: () => {
                const hub = new KubernetesProvider("hub", { context: "hub", enableSecretMutable: true });
                new GlooInstall("gw", args(new KubernetesProvider("eu-cluster", { context: "eu", enableSecretMutable: true })), { provider: hub });
            },
        });
        assert.deepEqual(r.resources.filter((x) => x.type === "pulumi:providers:kubernetes").map((p) => p.name).sort(), ["eu-cluster", "hub"]);
        const eu = inCluster(r, "eu");
        assert.equal(eu.length, 7);
        for (const o of eu) assert.match(o.provider, /pulumi:providers:kubernetes::eu-cluster::/);
    });
    for (const [what, program, message] of [
        ["a provider and a context", () => new GlooInstall("gw", { ...(BASE as GlooInstallArgs), clusters: { eu: { provider: new KubernetesProvider("p", {}), context: "eu" } } }), /args\.clusters\.eu: got provider and context; context configure a provider the install would make, but this cluster's provider is given/],
        ["gloo's provider for a fleet", () => {
            const p = new KubernetesProvider("p", {});
            new GlooInstall("gw", args(p), { provider: p });
        }, /args\.clusters\.eu\.provider: got the same provider as the provider in the resource options \(gloo's cluster\)/],
        ["one provider for two clusters", () => {
            const p = new KubernetesProvider("p", {});
            new GlooInstall("gw", { ...(BASE as GlooInstallArgs), clusters: { eu: { provider: p }, us: { provider: p } } });
        }, /args\.clusters\.us\.provider: got the same provider as args\.clusters\.eu\.provider; each cluster needs a provider of its own/],
    ] as const) {
        it(`refuses ${what}, registering nothing of the install`, async () => {
            const err = await runProgram({ program: program as () => void }).then(
                () => assert.fail("accepted"),
                (e: unknown) => e as ProgramFailed,
            );
            assert.match(err.message, message);
            assert.deepEqual(err.resources.filter((x) => x.type.startsWith("gloo-mtls:") || x.type.startsWith("kubernetes:")), []);
        });
    }
});

describe("the harness's per-cluster checks can fail", { timeout: 60_000 }, () => {
    let resources: Registered[];
    before(async () => (resources = (await stackRun()).resources));
    const copy = () => structuredClone(resources);
    const find = (rs: Registered[], kind: string, name: string, remote: boolean) =>
        rs.find((x) => x.inputs?.kind === kind && x.inputs.metadata?.name === name && /gloo-k8s-eu/.test(x.provider ?? "") === remote)!;

    it("passes as rendered", () => assert.deepEqual(clusterProblems(resources), []));
    it("a fleet object on gloo's provider", () => {
        const rs = copy();
        const cm = find(rs, "ConfigMap", "edge-eu-envoy-config", true);
        cm.provider = find(rs, "Deployment", "gloo", false).provider;
        assert.ok(clusterProblems(rs).some((e) => /^cluster eu: its objects go through 2 providers/.test(e)), clusterProblems(rs).join("\n"));
    });
    it("gloo's private key in a remote object, in any encoding", () => {
        const key = find(resources, "Secret", "gloo-mtls-certs", false).inputs.stringData["tls.key"] as string;
        const pkcs8 = crypto.createPrivateKey(key).export({ type: "pkcs8", format: "pem" }).toString();
        for (const [how, put] of [
            ["in a ConfigMap", (o: Registered) => (o.inputs.data = { "leak.pem": key })],
            ["as base64 data, re-encoded as PKCS#8", (o: Registered) => (o.inputs.data = { "leak.pem": Buffer.from(pkcs8).toString("base64") })],
        ] as const) {
            const rs = copy();
            put(find(rs, "ConfigMap", "edge-eu-envoy-config", true));
            assert.deepEqual(clusterProblems(rs), [`cluster eu: ConfigMap ${NS}/edge-eu-envoy-config holds gloo's private key`], how);
        }
        // The fleet's own key is no finding.
        const rs = copy();
        find(rs, "ConfigMap", "edge-eu-envoy-config", true).inputs.data = { "own.pem": find(rs, "Secret", "edge-eu-mtls-certs", true).inputs.stringData["tls.key"] };
        assert.deepEqual(clusterProblems(rs), []);
    });
    it("a Gateway in the remote cluster, or a fleet deployed twice", () => {
        const rs = copy();
        const gw = find(rs, "Gateway", "edge-eu", false);
        const remoteCm = find(rs, "ConfigMap", "edge-eu-envoy-config", true);
        rs.push({ ...structuredClone(gw), name: "stray", provider: remoteCm.provider, options: { ...gw.options!, parent: remoteCm.options!.parent } });
        const dep = find(rs, "Deployment", "edge-eu", true);
        rs.push({ ...structuredClone(dep), name: "twice", provider: find(rs, "Deployment", "gloo", false).provider, options: { ...dep.options!, parent: find(rs, "Deployment", "gloo", false).options!.parent } });
        const errs = clusterProblems(rs);
        assert.ok(errs.includes(`cluster eu: Gateway ${NS}/edge-eu does not belong in a remote cluster (only Namespace, ServiceAccount, Secret, ConfigMap, Deployment, DaemonSet, Service, PodDisruptionBudget, HorizontalPodAutoscaler, NetworkPolicy: what a proxy fleet runs on)`), errs.join("\n"));
        assert.ok(errs.includes("proxy edge-eu: deployed in cluster eu and in gloo's cluster"), errs.join("\n"));
    });
});
