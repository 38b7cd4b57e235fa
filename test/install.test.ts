// The Gloo install as the program registers it: object sets, names, ports, bind addresses, the mTLS
// deltas, NetworkPolicies, outputs, config errors. Every run also passes the harness's schema, PSS,
// Envoy and provider/parent checks (runChecked).
import assert from "node:assert/strict";
import { describe, it, before } from "node:test";
import { resolveArgs } from "../components/args";
import { glooPodSpec, glooPodSpecFor } from "../components/control-plane";
import { gatewayProxyPodSpec } from "../components/gateway-proxy";
import { checksum, withMtlsSidecars } from "../components/pod";
import { Manifest, ProgramFailed, manifests, runProgram } from "../render/program";
import { readStackFile } from "../render/cli";
import { Checked, container, objectSet, problems, runChecked } from "./harness";

const MTLS_OFF = { global: { glooMtls: { enabled: false } } };

const CRDS = [
    "authconfigs.enterprise.gloo.solo.io",
    "gateways.gateway.solo.io",
    "httpgateways.gateway.solo.io",
    "httplisteneroptions.gateway.solo.io",
    "listeneroptions.gateway.solo.io",
    "proxies.gloo.solo.io",
    "ratelimitconfigs.ratelimit.solo.io",
    "routeoptions.gateway.solo.io",
    "routetables.gateway.solo.io",
    "settings.gloo.solo.io",
    "tcpgateways.gateway.solo.io",
    "upstreamgroups.gloo.solo.io",
    "upstreams.gloo.solo.io",
    "virtualhostoptions.gateway.solo.io",
    "virtualservices.gateway.solo.io",
].map((n) => `CustomResourceDefinition -/${n}`);

const ROLES = ["gateway-resource-reader", "gloo-resource-mutator", "gloo-resource-reader", "kube-leader-election", "kube-resource-watcher", "settings-user"];

function plaintextSet(ns: string, validation: boolean): string[] {
    return [
        `Namespace -/${ns}`,
        ...CRDS,
        ...ROLES.map((r) => `ClusterRole -/${r}-${ns}`),
        ...ROLES.map((r) => `ClusterRoleBinding -/${r}-binding-${ns}`),
        `ServiceAccount ${ns}/gloo`,
        `ServiceAccount ${ns}/gateway-proxy`,
        `Settings ${ns}/default`,
        `Deployment ${ns}/gloo`,
        `Service ${ns}/gloo`,
        `ConfigMap ${ns}/gateway-proxy-envoy-config`,
        `Deployment ${ns}/gateway-proxy`,
        `Service ${ns}/gateway-proxy`,
        `Gateway ${ns}/gateway-proxy`,
        `Gateway ${ns}/gateway-proxy-ssl`,
        ...(validation ? [`Secret ${ns}/gateway-validation-certs`, `ValidatingWebhookConfiguration -/gloo-gateway-validation-webhook-${ns}`] : []),
    ].sort();
}

function mtlsSet(ns: string, validation: boolean): string[] {
    return [
        ...plaintextSet(ns, validation),
        `Secret ${ns}/gloo-mtls-certs`,
        `ConfigMap ${ns}/envoy-sidecar-config`,
        `NetworkPolicy ${ns}/gloo-mtls-gloo`,
        `NetworkPolicy ${ns}/gloo-mtls-gateway-proxy`,
    ].sort();
}

const podOf = (m: Manifest) => m.spec.template.spec;

describe("object sets", () => {
    it("default config: the full mTLS install", async () => {
        const r = await runChecked({});
        assert.deepEqual(objectSet(r.objects), mtlsSet("gloo-system", true));
    });
    it("mTLS off: the plaintext install and nothing of mTLS mode", async () => {
        const r = await runChecked({ config: MTLS_OFF });
        assert.deepEqual(objectSet(r.objects), plaintextSet("gloo-system", true));
    });
    it("validation off: no webhook, no serving certificate", async () => {
        const r = await runChecked({ config: { ...MTLS_OFF, gateway: { validation: { enabled: false } } } });
        assert.deepEqual(objectSet(r.objects), plaintextSet("gloo-system", false));
        assert.ok(!r.find("Service", "gloo").spec.ports.some((p: any) => p.port === 443));
        assert.ok(!container(podOf(r.find("Deployment", "gloo")), "gloo").ports.some((p: any) => p.containerPort === 8443), "no webhook port declared");
        assert.ok(!podOf(r.find("Deployment", "gloo")).volumes.some((v: any) => v.name === "validation-certs"));
    });
    it("mTLS with networkPolicy off: no NetworkPolicy", async () => {
        const r = await runChecked({ config: { global: { glooMtls: { networkPolicy: { enabled: false } } } } });
        assert.deepEqual(r.objects.filter((o) => o.kind === "NetworkPolicy"), []);
    });
});

describe("plaintext install (glooMtls.enabled: false)", () => {
    let r: Checked;
    before(async () => (r = await runChecked({ config: MTLS_OFF })));

    it("Settings binds xDS on all interfaces", () => {
        const s = r.find("Settings", "default");
        assert.equal(s.apiVersion, "gloo.solo.io/v1");
        // Dual-stack (settings.ipV4Only unset): Go listens on [::] with IPV6_V6ONLY off.
        assert.equal(s.spec.gloo.xdsBindAddr, "[::]:9977");
        assert.equal(s.spec.gloo.restXdsBindAddr, "[::]:9976");
        assert.equal(s.spec.discoveryNamespace, "gloo-system");
    });
    it("gloo Deployment and Service carry the chart's ports", () => {
        const gloo = container(podOf(r.find("Deployment", "gloo")), "gloo");
        assert.deepEqual(
            gloo.ports.map((p: any) => `${p.name}:${p.containerPort}`),
            ["grpc-xds:9977", "rest-xds:9976", "grpc-validation:9988", "grpc-proxydebug:9966", "wasm-cache:9979", "https-webhook:8443"],
        );
        assert.equal(gloo.image, "quay.io/solo-io/gloo:1.22.1");
        assert.deepEqual(
            r.find("Service", "gloo").spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort ?? p.port}`),
            ["grpc-xds:9977->9977", "rest-xds:9976->9976", "grpc-validation:9988->9988", "grpc-proxydebug:9966->9966", "wasm-cache:9979->9979", "https:443->8443"],
        );
    });
    it("no sidecar, no SDS, no mTLS volume, no TLS in the bootstrap", () => {
        const pods = ["gloo", "gateway-proxy"].map((d) => podOf(r.find("Deployment", d)));
        assert.deepEqual(pods.map((p) => p.containers.map((c: any) => c.name)), [["gloo"], ["gateway-proxy"]]);
        for (const p of pods) assert.ok(!p.volumes.some((v: any) => v.name === "gloo-mtls-certs"));
        const boot = r.envoy.get("gateway-proxy-envoy-config/envoy.yaml");
        assert.ok(!JSON.stringify(boot).includes("transport_socket"));
        assert.ok(!boot.static_resources.clusters.some((c: any) => c.name === "gateway_proxy_sds"));
        assert.ok(!JSON.stringify(r.objects).includes("GLOO_MTLS_SDS_ENABLED"));
        assert.deepEqual(r.outputs.troubleshooting, undefined);
        assert.equal(r.outputs.mtlsCaCertificate, undefined);
    });
    it("gateway-proxy: LoadBalancer 80->8080 and 443->8443, v3 bootstrap pointing at gloo:9977", () => {
        const svc = r.find("Service", "gateway-proxy");
        assert.equal(svc.spec.type, "LoadBalancer");
        assert.deepEqual(svc.spec.ports.map((p: any) => `${p.port}->${p.targetPort}`), ["80->8080", "443->8443"]);
        const boot = r.envoy.get("gateway-proxy-envoy-config/envoy.yaml");
        const xds = boot.static_resources.clusters[0];
        assert.equal(xds.name, "gloo.gloo-system.svc.cluster.local:9977");
        assert.equal(xds.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address, "gloo.gloo-system.svc.cluster.local");
        assert.equal(boot.dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name, xds.name);
        assert.equal(boot.dynamic_resources.ads_config.transport_api_version, "V3");
        assert.equal(boot.node.metadata.role, "gloo-system~gateway-proxy");
    });
    it("pods roll when the bootstrap changes", () => {
        const cm = r.find("ConfigMap", "gateway-proxy-envoy-config");
        const ann = r.find("Deployment", "gateway-proxy").spec.template.metadata.annotations;
        assert.equal(ann["checksum/gateway-proxy-envoy-config"], checksum(cm.data["envoy.yaml"]));
    });
    it("default Gateways on 8080 and 8443 (ssl)", () => {
        assert.deepEqual(
            ["gateway-proxy", "gateway-proxy-ssl"].map((n) => r.find("Gateway", n).spec).map((s) => [s.bindPort, s.ssl, s.proxyNames]),
            [[8080, false, ["gateway-proxy"]], [8443, true, ["gateway-proxy"]]],
        );
    });
    it("webhook: two webhooks on service gloo:443/validation with the serving CA", () => {
        const vwc = r.find("ValidatingWebhookConfiguration", "gloo-gateway-validation-webhook-gloo-system");
        const ca = r.find("Secret", "gateway-validation-certs").stringData["ca.crt"];
        for (const w of vwc.webhooks) {
            assert.deepEqual(w.clientConfig.service, { name: "gloo", namespace: "gloo-system", path: "/validation", port: 443 });
            assert.equal(Buffer.from(w.clientConfig.caBundle, "base64").toString(), ca);
        }
        assert.deepEqual(vwc.webhooks.map((w: any) => w.name), ["gloo.gloo-system.svc", "kube.gloo-system.svc"]);
    });
});

describe("mTLS mode (default)", () => {
    let r: Checked;
    before(async () => (r = await runChecked({})));

    it("Settings binds gloo's xDS servers to localhost", () => {
        const s = r.find("Settings", "default").spec.gloo;
        assert.equal(s.xdsBindAddr, "127.0.0.1:9999");
        assert.equal(s.restXdsBindAddr, "127.0.0.1:9998");
    });
    it("gloo pod: envoy-sidecar, sds, gloo with the chart's images, env, ports and mounts", () => {
        const pod = podOf(r.find("Deployment", "gloo"));
        assert.deepEqual(pod.containers.map((c: any) => c.name), ["envoy-sidecar", "sds", "gloo"]);
        const [envoy, sds, gloo] = pod.containers;
        assert.equal(envoy.image, "quay.io/solo-io/gloo-envoy-wrapper:1.22.1");
        assert.deepEqual(envoy.env, [{ name: "ENVOY_SIDECAR", value: "true" }]);
        assert.deepEqual(envoy.ports.map((p: any) => `${p.name}:${p.containerPort}`), ["grpc-xds:9977", "rest-xds:9976"]);
        assert.deepEqual(envoy.readinessProbe.tcpSocket, { port: 9977 });
        assert.deepEqual(envoy.volumeMounts, [
            { name: "envoy-sidecar-config", mountPath: "/etc/envoy" },
            { name: "gloo-mtls-certs", mountPath: "/etc/envoy/ssl", readOnly: true },
        ]);
        assert.equal(sds.image, "quay.io/solo-io/sds:1.22.1");
        assert.ok(sds.env.some((e: any) => e.name === "GLOO_MTLS_SDS_ENABLED" && e.value === "true"));
        assert.ok(sds.env.some((e: any) => e.name === "LOG_LEVEL" && e.value === "info"));
        assert.ok(sds.readinessProbe);
        assert.deepEqual(sds.volumeMounts, [{ name: "gloo-mtls-certs", mountPath: "/etc/envoy/ssl", readOnly: true }]);
        assert.deepEqual(gloo.ports.map((p: any) => p.containerPort), [9988, 9966, 9979, 8443]);
        assert.ok(gloo.env.some((e: any) => e.name === "GLOO_MTLS_SDS_ENABLED" && e.value === "true"));
        assert.notDeepEqual(gloo.readinessProbe?.tcpSocket, { port: 9977 });
        assert.deepEqual(
            pod.volumes.find((v: any) => v.name === "gloo-mtls-certs"),
            { name: "gloo-mtls-certs", secret: { secretName: "gloo-mtls-certs", defaultMode: 420 } },
        );
        // Whole-volume mounts only: kubelet never refreshes subPath mounts on rotation.
        assert.ok(!JSON.stringify(pod).includes("subPath"));
    });
    it("gloo pod rolls when the sidecar bootstrap changes", () => {
        const cm = r.find("ConfigMap", "envoy-sidecar-config");
        const ann = r.find("Deployment", "gloo").spec.template.metadata.annotations;
        assert.equal(ann["checksum/envoy-sidecar-config"], checksum(cm.data["envoy-sidecar.yaml"]));
    });
    it("envoy-sidecar bootstrap: 9977->9999 and 9976->9998 with client certificates required", () => {
        const boot = r.envoy.get("envoy-sidecar-config/envoy-sidecar.yaml");
        const byName = Object.fromEntries(boot.static_resources.clusters.map((c: any) => [c.name, c]));
        const target = (c: any) => c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;
        const listeners = boot.static_resources.listeners.map((l: any) => {
            const chain = l.filter_chains[0];
            const ctx = chain.transport_socket.typed_config;
            assert.equal(ctx.require_client_certificate, true);
            assert.equal(ctx.common_tls_context.tls_params.tls_minimum_protocol_version, "TLSv1_2");
            const to = target(byName[chain.filters[0].typed_config.cluster]);
            return `${l.address.socket_address.address}:${l.address.socket_address.port_value}->${to.address}:${to.port_value}`;
        });
        assert.deepEqual(listeners, [":::9977->127.0.0.1:9999", ":::9976->127.0.0.1:9998"]);
        // Dual-stack: `::` takes IPv4 peers too (settings.ipV4Only unset).
        for (const l of boot.static_resources.listeners) assert.equal(l.address.socket_address.ipv4_compat, true);
        assert.deepEqual(target(byName.gloo_sds), { address: "127.0.0.1", port_value: 8234 });
        assert.deepEqual(boot.admin.address.socket_address, { address: "127.0.0.1", port_value: 8001 });
    });
    it("gateway-proxy: both xDS clusters over mTLS with SNI and SAN check; sds sidecar", () => {
        const boot = r.envoy.get("gateway-proxy-envoy-config/envoy.yaml");
        const fqdn = "gloo.gloo-system.svc.cluster.local";
        for (const name of [`${fqdn}:9977`, "rest_xds_cluster"]) {
            const c = boot.static_resources.clusters.find((x: any) => x.name === name);
            const ctx = c.transport_socket.typed_config;
            assert.equal(ctx["@type"], "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext");
            assert.equal(ctx.sni, fqdn);
            const v = ctx.common_tls_context.combined_validation_context;
            assert.deepEqual(v.default_validation_context.match_typed_subject_alt_names, [
                { san_type: "DNS", matcher: { exact: fqdn } },
                { san_type: "DNS", matcher: { exact: "gloo.gloo-system.svc" } },
            ]);
        }
        const sdsCluster = boot.static_resources.clusters.find((x: any) => x.name === "gateway_proxy_sds");
        assert.equal(sdsCluster.connect_timeout, "0.25s");
        const pod = podOf(r.find("Deployment", "gateway-proxy"));
        assert.deepEqual(pod.containers.map((c: any) => c.name), ["gateway-proxy", "sds"]);
        const sds = container(pod, "sds");
        assert.deepEqual(sds.env.map((e: any) => e.name), ["POD_NAME", "POD_NAMESPACE", "GLOO_MTLS_SDS_ENABLED", "LOG_LEVEL", "SDS_SERVER_ADDRESS"]);
        // kubelet's readiness probe dials the pod IP, of either family.
        assert.equal(sds.env.find((e: any) => e.name === "SDS_SERVER_ADDRESS").value, "[::]:8234");
        assert.deepEqual(sds.ports, [{ name: "sds", containerPort: 8234, protocol: "TCP" }]);
        assert.ok(container(pod, "gateway-proxy").volumeMounts.some((m: any) => m.mountPath === "/etc/envoy/ssl" && m.readOnly));
    });
    it("every TLS context takes server_cert and validation_context from SDS; no v2 API anywhere", () => {
        const contexts: any[] = [];
        const walk = (v: any) => {
            if (v && typeof v === "object") {
                if (v.common_tls_context) contexts.push(v.common_tls_context);
                Object.values(v).forEach(walk);
            }
        };
        r.envoy.forEach(walk);
        assert.equal(contexts.length, 4);
        for (const c of contexts) {
            assert.deepEqual(c.tls_certificate_sds_secret_configs.map((s: any) => s.name), ["server_cert"]);
            const v = c.validation_context_sds_secret_config ?? c.combined_validation_context.validation_context_sds_secret_config;
            assert.equal(v.name, "validation_context");
        }
        assert.ok(!JSON.stringify(r.objects).includes("envoy.api.v2"));
    });
    it("the mTLS Secret: kubernetes.io/tls, leaf for server and client, private key only as a secret", () => {
        const secret = r.resources.find((x) => x.type === "kubernetes:core/v1:Secret" && x.inputs.metadata.name === "gloo-mtls-certs")!;
        assert.equal(secret.inputs.type, "kubernetes.io/tls");
        assert.deepEqual(Object.keys(secret.inputs.stringData).sort(), ["ca.crt", "tls.crt", "tls.key"]);
        assert.ok(secret.secretInputs.some((p) => p === "stringData" || p === "stringData.tls.key"), `secret inputs: ${secret.secretInputs}`);
        const leaf = r.resources.find((x) => x.type === "tls:index/locallySignedCert:LocallySignedCert" && x.name.startsWith("gloo-gloo-mtls-certs"))!;
        assert.ok(leaf.inputs.allowedUses.includes("server_auth") && leaf.inputs.allowedUses.includes("client_auth"));
        const csr = r.resources.find((x) => x.type === "tls:index/certRequest:CertRequest" && x.name.startsWith("gloo-gloo-mtls-certs"))!;
        assert.deepEqual(csr.inputs.dnsNames, ["gloo", "gloo.gloo-system", "gloo.gloo-system.svc", "gloo.gloo-system.svc.cluster.local"]);
        const key = r.resources.find((x) => x.type === "tls:index/privateKey:PrivateKey" && x.name.startsWith("gloo-gloo-mtls-certs"))!;
        assert.deepEqual([key.inputs.algorithm, key.inputs.ecdsaCurve], ["ECDSA", "P256"]);
    });
    it("outputs: troubleshooting commands and the public CA, never a private key", () => {
        assert.deepEqual(r.outputs.troubleshooting, [
            "kubectl logs -n gloo-system deploy/gloo sds",
            "kubectl logs -n gloo-system deploy/gloo envoy-sidecar",
            "kubectl logs -n gloo-system deploy/gateway-proxy sds",
            "kubectl port-forward -n gloo-system deploy/gloo 8001   # then: curl -s localhost:8001/certs",
        ]);
        assert.match(String(r.outputs.mtlsCaCertificate), /^-----BEGIN CERTIFICATE-----/);
        assert.match(String(r.outputs.mtlsLeafNotAfter), /^\d{4}-\d\d-\d\dT/);
        assert.ok(!JSON.stringify(r.outputs).includes("PRIVATE KEY"));
    });
    it("NetworkPolicies never open the SDS (8234) or admin (8001, 19000) ports", () => {
        const policies = r.objects.filter((o) => o.kind === "NetworkPolicy");
        assert.deepEqual(policies.map((p) => JSON.stringify(p.spec.podSelector.matchLabels)).sort(), ['{"gateway-proxy-id":"gateway-proxy"}', '{"gloo":"gloo"}']);
        for (const p of policies) {
            const ports = p.spec.ingress.flatMap((i: any) => i.ports.map((x: any) => x.port));
            for (const closed of [8234, 8001, 19000]) assert.ok(!ports.includes(closed), `${p.metadata.name} opens ${closed}`);
            assert.ok(p.spec.policyTypes.includes("Ingress"));
        }
        const glooPorts = policies.find((p) => p.metadata.name === "gloo-mtls-gloo")!.spec.ingress[0].ports.map((x: any) => x.port);
        for (const open of [9977, 9976, 9988, 8443]) assert.ok(glooPorts.includes(open), `gloo ${open} reachable`);
        // Stats are on by default: gloo's stats server and the proxy's stats/readiness listener are reachable.
        assert.ok(glooPorts.includes(9091), "gloo's stats port 9091 reachable");
        const proxyPorts = policies.find((p) => p.metadata.name === "gloo-mtls-gateway-proxy")!.spec.ingress[0].ports.map((x: any) => x.port);
        assert.deepEqual(proxyPorts, [8080, 8443, 8081]);
    });
    it("with stats off, no NetworkPolicy admits a stats port (nothing listens there)", async () => {
        const off = await runChecked({ config: { global: { glooStats: { enabled: false } } } });
        const ports = off.objects.filter((o) => o.kind === "NetworkPolicy").flatMap((p) => p.spec.ingress.flatMap((i: any) => i.ports.map((x: any) => x.port)));
        assert.ok(ports.length > 0);
        for (const stats of [8081, 9091]) assert.ok(!ports.includes(stats), `${stats} admitted with stats off`);
    });
    it("the install's Namespace is retained on delete (other teams' objects may live in it)", () => {
        // Mocks never see resource options: runProgram records them from a stack transformation.
        const namespaces = r.resources.filter((x) => x.type === "kubernetes:core/v1:Namespace");
        assert.deepEqual(namespaces.map((x) => [x.inputs.metadata.name, x.options?.retainOnDelete]), [["gloo-system", true]]);
    });
});

describe("another namespace and cluster domain change every name, SAN and address", () => {
    let r: Checked;
    before(async () => (r = await runChecked({ config: { namespace: "edge-gw", k8s: { clusterName: "corp.example" } } })));
    it("object set", () => assert.deepEqual(objectSet(r.objects), mtlsSet("edge-gw", true)));
    it("nothing mentions gloo-system or cluster.local", () => {
        const text = JSON.stringify(r.objects) + JSON.stringify(r.outputs) + JSON.stringify(r.resources.map((x) => x.inputs));
        assert.ok(!text.includes("gloo-system"), "gloo-system appears");
        assert.ok(!text.includes("cluster.local"), "cluster.local appears");
    });
    it("SANs, SNI and xDS address follow", () => {
        const csr = r.resources.find((x) => x.type === "tls:index/certRequest:CertRequest" && x.name.startsWith("gloo-gloo-mtls-certs"))!;
        assert.deepEqual(csr.inputs.dnsNames, ["gloo", "gloo.edge-gw", "gloo.edge-gw.svc", "gloo.edge-gw.svc.corp.example"]);
        const boot = r.envoy.get("gateway-proxy-envoy-config/envoy.yaml");
        assert.equal(boot.static_resources.clusters[0].transport_socket.typed_config.sni, "gloo.edge-gw.svc.corp.example");
        assert.equal(boot.node.metadata.role, "edge-gw~gateway-proxy");
        assert.equal(r.outputs.troubleshooting && (r.outputs.troubleshooting as string[])[0], "kubectl logs -n edge-gw deploy/gloo sds");
    });
});

describe("pod-spec augmentation (pure)", () => {
    const on = resolveArgs({});
    const off = resolveArgs({ global: { glooMtls: { enabled: false } } });
    it("mTLS off: the pod specs are exactly the plaintext ones", () => {
        assert.deepEqual(glooPodSpecFor(off), glooPodSpec(off));
        assert.deepEqual((gatewayProxyPodSpec(off).containers as { name: string }[]).map((c) => c.name), ["gateway-proxy"]);
    });
    it("does not touch its input", () => {
        const base = glooPodSpec(on);
        const copy = structuredClone(base);
        withMtlsSidecars(base, { mainContainer: "gloo", envoyImage: on.images.envoy, sdsImage: on.images.sds, sdsLogLevel: "info", envoySidecar: { configMap: "x", ports: [{ containerPort: 9977 }] }, position: "first" });
        assert.deepEqual(base, copy);
    });
    it("moves ports and the probes on them to the sidecar", () => {
        const spec = glooPodSpecFor(on);
        const gloo = (spec.containers as any[]).find((c) => c.name === "gloo");
        assert.ok(!gloo.ports.some((p: any) => [9977, 9976].includes(p.containerPort)));
        assert.deepEqual(gloo.readinessProbe.tcpSocket, { port: 9988 });
        assert.deepEqual((spec.containers as any[])[0].readinessProbe.tcpSocket, { port: 9977 });
    });
    it("image overrides follow the chart's paths", () => {
        const r = resolveArgs({ global: { image: { registry: "mirror.local/solo", tag: "1.22.0" }, glooMtls: { sds: { image: { tag: "1.22.0-patch1" } } } } });
        const names = (glooPodSpecFor(r).containers as any[]).map((c) => c.image);
        assert.deepEqual(names, ["mirror.local/solo/gloo-envoy-wrapper:1.22.0", "mirror.local/solo/sds:1.22.0-patch1", "mirror.local/solo/gloo:1.22.0"]);
    });
    it("refuses to augment a pod without the named container", () => {
        assert.throws(() => withMtlsSidecars(glooPodSpec(on), { mainContainer: "nope", envoyImage: on.images.envoy, sdsImage: on.images.sds, sdsLogLevel: "info", position: "first" }), /no container named nope/);
    });
});

describe("the provider", () => {
    it("is explicit, mutable-secret, and takes kubeconfig/context or renderYamlTo from config", async () => {
        const a = await runChecked({ config: { kubernetes: { context: "kind-dev", kubeconfig: "/tmp/kc" } } });
        // Two providers for the one cluster: the install's, and the CRDs' (which adopts CRDs that outlived an earlier install).
        const providers = a.resources.filter((x) => x.type === "pulumi:providers:kubernetes");
        assert.deepEqual(providers.map((p) => p.name).sort(), ["gloo-k8s", "gloo-k8s-crds"]);
        for (const p of providers) {
            assert.equal(p.inputs.context, "kind-dev");
            assert.equal(p.inputs.kubeconfig, "/tmp/kc");
            assert.equal(String(p.inputs.enableSecretMutable), "true");
        }
        const b = await runChecked({ config: { kubernetes: { renderYamlTo: "out/manifests" } } });
        for (const p of b.resources.filter((x) => x.type === "pulumi:providers:kubernetes")) assert.equal(p.inputs.renderYamlToDirectory, "out/manifests");
    });
});

describe("config errors: named key, bad value, allowed values; nothing registered", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
        ["wrong type", { global: { glooMtls: { enabled: "yes" } } }, /gloo-mtls:global\.glooMtls\.enabled: got "yes"; expected boolean/],
        ["unknown nested key", { global: { image: { tagg: "1.22.1" } } }, /gloo-mtls:global\.image\.tagg: unknown key \(allowed here: registry, tag, pullPolicy, pullSecret\)/],
        ["unknown top-level key", { "global.glooMtls.enabled": "true" }, /gloo-mtls:global\.glooMtls\.enabled: unknown key \(set nested keys with --path/],
        ["bad namespace", { namespace: "Gloo_System" }, /gloo-mtls:namespace: got "Gloo_System"; must be a DNS-1123 label/],
        ["namespace too long", { namespace: "a".repeat(64) }, /gloo-mtls:namespace: .*at most 63/],
        ["bad image tag", { global: { image: { tag: "1.22.1 latest" } } }, /gloo-mtls:global\.image\.tag: got "1\.22\.1 latest"; must be an image tag/],
        ["bad pull policy", { global: { image: { pullPolicy: "Sometimes" } } }, /gloo-mtls:global\.image\.pullPolicy: got "Sometimes"; allowed values are "Always", "IfNotPresent", "Never"/],
        ["bad cluster domain", { k8s: { clusterName: "Cluster_Local" } }, /gloo-mtls:k8s\.clusterName: got "Cluster_Local"/],
        ["bad log level", { global: { glooMtls: { sds: { logLevel: "trace" } } } }, /gloo-mtls:global\.glooMtls\.sds\.logLevel: got "trace"; allowed values are "debug", "info", "warn", "error"/],
        ["bad key algorithm", { certificates: { keyAlgorithm: "DSA" } }, /gloo-mtls:certificates\.keyAlgorithm: got "DSA"/],
        ["render with a context", { kubernetes: { renderYamlTo: "out", context: "prod" } }, /gloo-mtls:kubernetes: .*renderYamlTo cannot be combined/],
        ["non-object section", { global: "true" }, /gloo-mtls:global: got "true"; expected object/],
        ...["default", "kube-system", "kube-public", "kube-node-lease"].map(
            (ns): [string, Record<string, unknown>, RegExp] => [`reserved namespace ${ns}`, { namespace: ns }, new RegExp(`gloo-mtls:namespace: got "${ns}"; must be a namespace of its own`)],
        ),
        ["an image name over 255 characters", { global: { image: { registry: `registry.example.com/${"a".repeat(240)}` } } }, /gloo-mtls:global\.image\.registry: got ".*"; makes image names of up to 283 characters \(registry\/repository\), more than the 255/],
        ["a long sds repository", { global: { glooMtls: { sds: { image: { repository: "s".repeat(250) } } } } }, /gloo-mtls:global\.glooMtls\.sds\.image\.repository: got "s+"; makes image names of up to 266 characters/],
        ["the default provider's context key", { "kubernetes:context": "prod" }, /kubernetes:context: configures Pulumi's default Kubernetes provider, which this program never uses .*use gloo-mtls:kubernetes\.context/],
        ["the default provider's kubeconfig key", { "kubernetes:kubeconfig": "/tmp/kc" }, /kubernetes:kubeconfig: .*use gloo-mtls:kubernetes\.kubeconfig/],
        ["a key of another project", { "glooMtls:namespace": "edge" }, /glooMtls:namespace: belongs to project "glooMtls", not to this program \("gloo-mtls"\) \(did you mean gloo-mtls:namespace\?\)/],
    ];
    for (const [what, config, message] of cases) {
        it(what, async () => {
            const err = await runProgram({ config }).then(
                () => assert.fail("the program accepted a bad config"),
                (e: unknown) => e as ProgramFailed,
            );
            assert.match(err.message, message);
            assert.deepEqual(err.resources.filter((x) => x.type.startsWith("kubernetes:") || x.type.startsWith("tls:")), []);
        });
    }
    it("every problem at once", async () => {
        const err = (await runProgram({ config: { namespace: "X", global: { image: { tag: "" } } } }).catch((e) => e)) as ProgramFailed;
        assert.match(err.message, /gloo-mtls:namespace[\s\S]*gloo-mtls:global\.image\.tag/);
    });
});

describe("the harness can fail", () => {
    it("reports an unknown field, a v2 Envoy type and a resource off the explicit provider", async () => {
        const good = await runChecked({});
        assert.deepEqual(problems(good), []);
        const bad = structuredClone(good.resources);
        const dep = bad.find((x) => x.type === "kubernetes:apps/v1:Deployment")!;
        dep.inputs.spec.template.spec.containers[0].imagePullPolicyy = "Always";
        const cm = bad.find((x) => x.type === "kubernetes:core/v1:ConfigMap" && x.inputs.metadata.name === "gateway-proxy-envoy-config")!;
        cm.inputs.data["envoy.yaml"] = cm.inputs.data["envoy.yaml"].replace(
            "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
            "envoy.api.v2.auth.UpstreamTlsContext",
        );
        bad.find((x) => x.type === "kubernetes:core/v1:Service")!.provider = undefined;
        const errs = problems({ ...good, resources: bad });
        assert.ok(errs.some((e) => e.includes("imagePullPolicyy")), "unknown field caught");
        assert.ok(errs.some((e) => e.includes("envoy.api.v2")), "v2 type caught");
        assert.ok(errs.some((e) => e.includes("not on an explicit provider")), "provider caught");
    });
});

describe("the example stacks", () => {
    for (const stack of ["dev", "staging", "prod", "multicluster"]) {
        it(`${stack} evaluates and passes every check`, async () => {
            const { config, secretKeys } = readStackFile(stack);
            // Shared with the other files in this process that check the stack files (example-stacks).
            const r = await runChecked({ config, secretKeys, stack });
            assert.ok(manifests(r.resources).length > 40);
        });
    }
});
