// An extra gateway proxy (`gatewayProxies.internalGw`): its full object set and names, what it inherits from
// gatewayProxy, its Gateways, its bootstrap (Envoy v3, checked by the harness), its NetworkPolicy, the autoscaler
// without a replica fight, the stack outputs, and real mutual-TLS handshakes from the material its pod mounts to
// gloo's sidecar, with the addresses, SNI and SANs read from the rendered bootstraps.
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { before, describe, it } from "node:test";
import { Manifest } from "../render/program";
import { Checked, container, objectSet, runChecked } from "./harness";
import { clientFromUpstreamTls, clusterTransportSocket, dnsSans, handshake, listenerTransportSocket, secretMaterial, serverFromDownstreamTls } from "./tls-peers";

const NS = "gloo-system";
const RELAY = "xds-relay.gloo-system.svc.cluster.local";
const CONFIG = {
    // The autoscaler's default metric is CPU utilization: every container of internalGw's pods requests CPU.
    global: { image: { pullSecret: "regcred" }, glooMtls: { sdsResources: { requests: { cpu: "10m" } } } },
    gatewayProxies: {
        gatewayProxy: {
            kind: { deployment: { replicas: 3 } },
            podTemplate: { extraGatewayProxyLabels: { exposure: "public" }, nodeSelector: { pool: "edge" } },
            antiAffinity: true,
            service: { extraAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } },
            podDisruptionBudget: { minAvailable: 2 },
        },
        internalGw: {
            podTemplate: { httpPort: 9080, httpsPort: 9443, resources: { requests: { cpu: "100m" } } },
            service: { type: "ClusterIP" },
            podDisruptionBudget: { minAvailable: null, maxUnavailable: 1 },
            horizontalPodAutoscaler: { minReplicas: 2, maxReplicas: 6 },
        },
        relayGw: { xdsServiceAddress: RELAY, xdsServicePort: 9977, podDisruptionBudget: null },
    },
};

const podOf = (m: Manifest) => m.spec.template.spec;

describe("an extra proxy: objects, names, inheritance", { timeout: 60_000 }, () => {
    let r: Checked;
    before(async () => (r = await runChecked({ config: CONFIG })));

    it("has its full object set, named by the kebabcase of its key", () => {
        const own = (n: string) => objectSet(r.objects).filter((o) => o.endsWith(`/${n}`) || o.includes(`/${n}-`) || o.endsWith(`/gloo-mtls-${n}`));
        assert.deepEqual(own("internal-gw"), [
            `ConfigMap ${NS}/internal-gw-envoy-config`,
            `Deployment ${NS}/internal-gw`,
            `Gateway ${NS}/internal-gw`,
            `Gateway ${NS}/internal-gw-ssl`,
            `HorizontalPodAutoscaler ${NS}/internal-gw-hpa`,
            `NetworkPolicy ${NS}/gloo-mtls-internal-gw`,
            `PodDisruptionBudget ${NS}/internal-gw-pdb`,
            `Service ${NS}/internal-gw`,
        ]);
        // No ServiceAccount of its own: every proxy runs as gateway-proxy, as in the chart.
        assert.equal(r.objects.filter((o) => o.kind === "ServiceAccount" && /gw/.test(o.metadata.name)).length, 0);
        assert.equal(podOf(r.find("Deployment", "internal-gw")).serviceAccountName, "gateway-proxy");
        // The relay proxy cancelled the inherited budget with null.
        assert.equal(r.maybe("PodDisruptionBudget", "relay-gw-pdb"), undefined);
    });

    it("labels, selectors and container name carry its name", () => {
        const d = r.find("Deployment", "internal-gw");
        assert.deepEqual(d.metadata.labels, { app: "gloo", gloo: "gateway-proxy", "gateway-proxy-id": "internal-gw" });
        assert.deepEqual(d.spec.selector.matchLabels, { gloo: "gateway-proxy", "gateway-proxy-id": "internal-gw" });
        assert.deepEqual(podOf(d).containers.map((c: any) => c.name), ["internal-gw", "sds"]);
        assert.deepEqual(r.find("Service", "internal-gw").spec.selector, { "gateway-proxy-id": "internal-gw", "gateway-proxy": "live" });
        assert.deepEqual(podOf(d).volumes.find((v: any) => v.name === "envoy-config").configMap, { name: "internal-gw-envoy-config" });
        assert.equal(r.find("ConfigMap", "internal-gw-envoy-config").metadata.labels["gateway-proxy-id"], "internal-gw");
    });

    it("inherits gatewayProxy's values, except the Service's annotations; its own values win", () => {
        const d = r.find("Deployment", "internal-gw");
        assert.equal(d.spec.replicas, 3);
        assert.equal(d.spec.template.metadata.labels.exposure, "public");
        assert.deepEqual(podOf(d).nodeSelector, { pool: "edge" });
        assert.ok(podOf(d).affinity.podAntiAffinity, "antiAffinity inherited");
        assert.deepEqual(podOf(d).imagePullSecrets, [{ name: "regcred" }]);
        const svc = r.find("Service", "internal-gw");
        assert.equal(svc.metadata.annotations, undefined, "service.extraAnnotations are not inherited");
        assert.deepEqual(r.find("Service", "gateway-proxy").metadata.annotations, { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" });
        assert.equal(svc.spec.type, "ClusterIP");
        assert.deepEqual(svc.spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort}`), ["http:80->9080", "https:443->9443"]);
        assert.deepEqual(container(podOf(d), "internal-gw").ports.map((p: any) => p.containerPort), [9080, 9443]);
        assert.deepEqual(r.find("PodDisruptionBudget", "internal-gw-pdb").spec, { maxUnavailable: 1, selector: { matchLabels: { "gateway-proxy-id": "internal-gw" } } });
        assert.equal(r.find("PodDisruptionBudget", "gateway-proxy-pdb").spec.minAvailable, 2);
    });

    it("its Gateways bind its ports and are bound to it through proxyNames", () => {
        for (const [name, port, ssl] of [["internal-gw", 9080, false], ["internal-gw-ssl", 9443, true]] as const) {
            const g = r.find("Gateway", name);
            assert.equal(g.apiVersion, "gateway.solo.io/v1");
            assert.deepEqual(g.spec, { bindAddress: "::", bindPort: port, httpGateway: {}, useProxyProto: false, ssl, proxyNames: ["internal-gw"] });
        }
        // The default proxy's Gateways still name only it.
        assert.deepEqual(r.find("Gateway", "gateway-proxy").spec.proxyNames, ["gateway-proxy"]);
    });

    it("its bootstrap: role <ns>~<name>, the chart's xDS cluster name, gloo's address, and the pod rolls with it", async () => {
        const b = r.envoy.get("internal-gw-envoy-config/envoy.yaml");
        assert.equal(b.node.metadata.role, `${NS}~internal-gw`);
        const xds = clusterTransportSocket(b, b.dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name);
        assert.equal(b.dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name, "gloo.gloo-system.svc.cluster.local:9977");
        assert.deepEqual([xds.host, xds.port], ["gloo.gloo-system.svc.cluster.local", 9977]);
        const { checksum } = await import("../components/pod");
        assert.equal(r.find("Deployment", "internal-gw").spec.template.metadata.annotations["checksum/internal-gw-envoy-config"], checksum(r.find("ConfigMap", "internal-gw-envoy-config").data["envoy.yaml"]));
        // The relay proxy dials its xdsServiceAddress/Port for both xDS clusters; the cluster name stays the chart's.
        const rb = r.envoy.get("relay-gw-envoy-config/envoy.yaml");
        const rx = clusterTransportSocket(rb, "gloo.gloo-system.svc.cluster.local:9977");
        const rr = clusterTransportSocket(rb, "rest_xds_cluster");
        assert.deepEqual([rx.host, rx.port, rr.host, rr.port], [RELAY, 9977, RELAY, 9977]);
        assert.deepEqual(clientFromUpstreamTls(rx.transportSocket), { servername: RELAY, verifyName: RELAY, minVersion: "TLSv1.2", maxVersion: "TLSv1.3" });
    });

    it("gloo's certificate carries the relay address; the other proxies' names are not added", () => {
        const csr = r.resources.find((x) => x.type === "tls:index/certRequest:CertRequest" && x.name.startsWith("gloo-gloo-mtls-certs"))!;
        assert.deepEqual(csr.inputs.dnsNames, ["gloo", "gloo.gloo-system", "gloo.gloo-system.svc", "gloo.gloo-system.svc.cluster.local", RELAY]);
    });

    it("its NetworkPolicy admits exactly its own HTTP/HTTPS ports and 8081, on its pods only; SDS and admin stay closed", () => {
        const np = (n: string) => r.find("NetworkPolicy", n).spec;
        assert.deepEqual(np("gloo-mtls-internal-gw").podSelector, { matchLabels: { "gateway-proxy-id": "internal-gw" } });
        assert.deepEqual(np("gloo-mtls-internal-gw").ingress, [{ ports: [9080, 9443, 8081].map((port) => ({ port, protocol: "TCP" })) }]);
        assert.deepEqual(np("gloo-mtls-gateway-proxy").podSelector, { matchLabels: { "gateway-proxy-id": "gateway-proxy" } });
        assert.deepEqual(np("gloo-mtls-gateway-proxy").ingress[0].ports.map((p: any) => p.port), [8080, 8443, 8081]);
        for (const p of r.objects.filter((o) => o.kind === "NetworkPolicy")) {
            const ports = p.spec.ingress.flatMap((i: any) => i.ports.map((x: any) => x.port));
            for (const closed of [8234, 8001, 19000]) assert.ok(!ports.includes(closed), `${p.metadata.name} opens ${closed}`);
        }
    });

    it("with an autoscaler, the Deployment ignores spec.replicas after the create; without, it does not", () => {
        const opts = (name: string) => r.resources.find((x) => x.type === "kubernetes:apps/v1:Deployment" && x.inputs.metadata.name === name)!.options!;
        assert.deepEqual(opts("internal-gw").ignoreChanges, ["spec.replicas"]);
        assert.equal(opts("gateway-proxy").ignoreChanges, undefined);
        assert.equal(opts("relay-gw").ignoreChanges, undefined);
        // The first create still carries the chart's replicas.
        assert.equal(r.find("Deployment", "internal-gw").spec.replicas, 3);
        assert.deepEqual(r.find("HorizontalPodAutoscaler", "internal-gw-hpa").spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "internal-gw" });
    });

    it("outputs: each proxy's Service name and load balancer address (none under mocks), plus gatewayProxyService", () => {
        assert.deepEqual(r.outputs.gatewayProxies, {
            gatewayProxy: { service: "gateway-proxy", loadBalancerAddress: undefined },
            internalGw: { service: "internal-gw", loadBalancerAddress: undefined },
            relayGw: { service: "relay-gw", loadBalancerAddress: undefined },
        });
        assert.equal(r.outputs.gatewayProxyService, "gateway-proxy");
        const logs = (r.outputs.troubleshooting as string[]).filter((l) => l.endsWith(" sds") && !l.includes("deploy/gloo"));
        assert.deepEqual(logs, ["gateway-proxy", "internal-gw", "relay-gw"].map((n) => `kubectl logs -n gloo-system deploy/${n} sds`));
    });
});

describe("load balancer address", () => {
    it("is the ingress IP, else its host name, else undefined", async () => {
        const { loadBalancerAddress } = await import("../components/proxies/objects");
        assert.equal(loadBalancerAddress({ loadBalancer: { ingress: [{ ip: "203.0.113.7" }] } }), "203.0.113.7");
        assert.equal(loadBalancerAddress({ loadBalancer: { ingress: [{ hostname: "a1.elb.amazonaws.com" }] } }), "a1.elb.amazonaws.com");
        assert.equal(loadBalancerAddress({ loadBalancer: {} }), undefined);
        assert.equal(loadBalancerAddress(undefined), undefined);
    });
});

describe("a disabled default proxy", { timeout: 60_000 }, () => {
    it("keeps the shared ServiceAccount for the others, and makes nothing else", async () => {
        const r = await runChecked({ config: { gatewayProxies: { gatewayProxy: { disabled: true, podDisruptionBudget: { minAvailable: 1 } }, publicGw: { disabled: false, kind: { deployment: { replicas: 2 } } } } } });
        assert.ok(r.find("ServiceAccount", "gateway-proxy"));
        assert.deepEqual(objectSet(r.objects).filter((o) => /gateway-proxy/.test(o)), [`ServiceAccount ${NS}/gateway-proxy`]);
        // publicGw inherits the budget, and runs.
        assert.ok(r.find("Deployment", "public-gw"));
        assert.ok(r.find("PodDisruptionBudget", "public-gw-pdb"));
        assert.deepEqual(r.outputs.gatewayProxies, { publicGw: { service: "public-gw", loadBalancerAddress: undefined } });
        assert.equal(r.outputs.gatewayProxyService, undefined);
    });
});

describe("xDS mutual TLS of an extra proxy, with the material its pod mounts", { timeout: 60_000 }, () => {
    let r: Checked;
    before(async () => (r = await runChecked({ config: CONFIG })));

    /** The Secret an extra proxy's pod mounts at /etc/envoy/ssl, read through the pod's own volume. */
    function mounted(deployment: string) {
        const pod = podOf(r.find("Deployment", deployment));
        const mount = container(pod, "sds").volumeMounts.find((m: any) => m.mountPath === "/etc/envoy/ssl");
        const volume = pod.volumes.find((v: any) => v.name === mount.name);
        return secretMaterial(r.find("Secret", volume.secret.secretName));
    }

    for (const [proxy, note] of [["internal-gw", "gloo's own address"], ["relay-gw", "its xdsServiceAddress"]] as const) {
        it(`${proxy} (dialling ${note}) handshakes with gloo's sidecar`, async () => {
            const certs = mounted(proxy);
            const boot = r.envoy.get(`${proxy}-envoy-config/envoy.yaml`);
            const cluster = clusterTransportSocket(boot, boot.dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name);
            const sidecar = listenerTransportSocket(r.envoy.get("envoy-sidecar-config/envoy-sidecar.yaml"), "envoy_xds_mtls_listener");
            const client = clientFromUpstreamTls(cluster.transportSocket);
            assert.equal(client.servername, cluster.host, "SNI is the address it dials");
            assert.equal(cluster.port, sidecar.port);
            const res = await handshake({
                server: { key: certs.key, cert: certs.cert, ca: certs.ca, ...serverFromDownstreamTls(sidecar.transportSocket) },
                client: { ca: certs.ca, cert: certs.cert, key: certs.key, ...client },
            });
            assert.equal(res.error, undefined);
            assert.ok(res.ok);
            for (const n of [client.verifyName].flat()) assert.ok(dnsSans(new crypto.X509Certificate(certs.cert)).includes(n as string), `${n} on gloo's certificate`);
        });
    }

    it("the same handshake fails when gloo's certificate lacks the relay address (the SAN check is real)", async () => {
        const certs = mounted("relay-gw");
        const boot = r.envoy.get("relay-gw-envoy-config/envoy.yaml");
        const cluster = clusterTransportSocket(boot, "gloo.gloo-system.svc.cluster.local:9977");
        const client = clientFromUpstreamTls(cluster.transportSocket);
        const res = await handshake({
            server: { key: certs.key, cert: certs.cert, ca: certs.ca, requestCert: true, rejectUnauthorized: true },
            client: { ca: certs.ca, cert: certs.cert, key: certs.key, ...client, verifyName: "xds-relay.other.svc.cluster.local" },
        });
        assert.equal(res.ok, false);
        assert.match(res.clientError ?? "", /altnames/);
    });
});
