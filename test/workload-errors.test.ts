// Bad workload settings (issue 20 part b) are refused before anything is registered, one line each naming the key,
// the value, why and the fix; settings the chart would drop are accepted with a warning. A kubeResourceOverride is
// checked on the final objects: what it breaks is named under the override's key. Pure checks, no program run.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { installProblems } from "../components/gloo";
import { applyOverride } from "../components/proxies/merge";
import { lostParts } from "../components/overrides";
import { FIELDS_FILE, fieldGraphText } from "../scripts/k8s-fields";
import { check, gp } from "./config-check";

const DS = { deployment: null, daemonSet: {} };
const POD_OVERRIDE = (spec: Record<string, unknown>) => ({ spec: { template: { spec } } });

const REFUSED: [what: string, config: Record<string, unknown>, message: RegExp][] = [
    // gloo
    ["gloo's budget as large as its replicas", { gloo: { podDisruptionBudget: { minAvailable: 1 } } }, /^gloo-mtls:gloo\.podDisruptionBudget\.minAvailable: got 1 with 1 replica \(gloo-mtls:gloo\.deployment\.replicas\); it must stay below the replicas, or the budget allows no eviction and every node drain hangs \(fix: pulumi config set --path 'gloo\.deployment\.replicas' 2, or pulumi config set --path 'gloo\.podDisruptionBudget\.maxUnavailable' 1 instead\)$/],
    ["gloo's budget as a percentage that rounds up to every pod", { gloo: { deployment: { replicas: 3 }, podDisruptionBudget: { minAvailable: "70%" } } }, /gloo\.podDisruptionBudget\.minAvailable: got "70%" with 3 replicas/],
    ["gloo's budget with both bounds", { gloo: { deployment: { replicas: 3 }, podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } } }, /^gloo-mtls:gloo\.podDisruptionBudget: got minAvailable 1 and maxUnavailable 1; .*refuses both/],
    ["gloo's budget of maxUnavailable 0", { gloo: { deployment: { replicas: 3 }, podDisruptionBudget: { maxUnavailable: 0 } } }, /gloo\.podDisruptionBudget\.maxUnavailable: got 0; the chart renders it only when non-zero/],
    ["gloo's budget of maxUnavailable 0%", { gloo: { deployment: { replicas: 3 }, podDisruptionBudget: { maxUnavailable: "0%" } } }, /gloo\.podDisruptionBudget\.maxUnavailable: got "0%", which rounds to 0 of 3 replicas/],
    ["an unknown gloo log level", { gloo: { logLevel: "verbose" } }, /^gloo-mtls:gloo\.logLevel: got "verbose"; allowed values are "debug", "info", "warn", "error", "dpanic", "panic", "fatal"$/],
    ["LOG_LEVEL in customEnv while gloo.logLevel sets it", { gloo: { logLevel: "debug", deployment: { customEnv: [{ name: "LOG_LEVEL", value: "info" }] } } }, /gloo\.deployment\.customEnv\[0\]\.name: got "LOG_LEVEL"; the program sets LOG_LEVEL itself \(from gloo-mtls:gloo\.logLevel, as the chart does\)/],
    // Kind
    ["daemonSet while kind.deployment is the default map", gp({ kind: { daemonSet: { hostPort: false } } }), /^gloo-mtls:gatewayProxies\.gatewayProxy\.kind\.daemonSet: got \{"hostPort":false\} while kind\.deployment is a map \(the chart's default \{ replicas: 1 \}\); the chart then renders a Deployment, and kind\.daemonSet does nothing \(fix: pulumi config set --path 'gatewayProxies\.gatewayProxy\.kind\.deployment' null for a DaemonSet/],
    ["an inherited daemonSet under an own deployment", { gatewayProxies: { gatewayProxy: { kind: { deployment: null, daemonSet: { hostNetwork: false } } }, deployGw: { kind: { deployment: { replicas: 2 } } } } }, /gatewayProxies\.deployGw\.kind\.daemonSet: got \{"hostNetwork":false\} \(inherited from gloo-mtls:gatewayProxies\.gatewayProxy\.kind\.daemonSet\).*pulumi config set --path 'gatewayProxies\.deployGw\.kind\.daemonSet' null for a Deployment/],
    ["host ports", gp({ kind: { deployment: null, daemonSet: { hostPort: true } } }), /^gloo-mtls:gatewayProxies\.gatewayProxy\.kind\.daemonSet\.hostPort: got true; host ports .* break Pod Security Standards restricted.*the sds sidecar would serve the proxy's private key on the node's addresses/],
    ["an autoscaler on a DaemonSet", gp({ kind: DS, horizontalPodAutoscaler: { maxReplicas: 3 } }), /gatewayProxy\.horizontalPodAutoscaler: got \{"maxReplicas":3\} on a DaemonSet; a DaemonSet runs one pod per node and cannot be scaled/],
    ["a budget inherited by a DaemonSet", { gatewayProxies: { gatewayProxy: { podDisruptionBudget: { minAvailable: 1 } }, edgeDs: { kind: DS } } }, /gatewayProxies\.edgeDs\.podDisruptionBudget: got \{"minAvailable":1\} \(inherited from .*\) on a DaemonSet.*\(fix: pulumi config set --path 'gatewayProxies\.edgeDs\.podDisruptionBudget' null\)/],
    ["an unknown workloadType", gp({ kind: { workloadType: "StatefulSet" } }), /gatewayProxy\.kind\.workloadType: got "StatefulSet"; allowed values are "Deployment", "DaemonSet"/],
    ["an autoscaler on a DaemonSet chosen by workloadType", gp({ kind: { workloadType: "DaemonSet" }, horizontalPodAutoscaler: { maxReplicas: 3 } }), /gatewayProxy\.horizontalPodAutoscaler: got \{"maxReplicas":3\} on a DaemonSet/],
    ["host ports on a DaemonSet chosen by workloadType", gp({ kind: { workloadType: "DaemonSet", daemonSet: { hostPort: true } } }), /kind\.daemonSet\.hostPort: got true; host ports/],
    ["a bad kind value", gp({ kind: { daemonSet: { hostPort: "yes" } } }), /gatewayProxy\.kind\.daemonSet\.hostPort: got "yes"; expected boolean/],
    ["an unknown key under daemonSet", gp({ kind: { deployment: null, daemonSet: { updateStrategy: {} } } }), /gatewayProxy\.kind\.daemonSet\.updateStrategy: unknown key \(allowed here: hostPort, hostNetwork\)/],
    // Probes
    ["a probe without a handler", gp({ podTemplate: { probes: true, customReadinessProbe: { periodSeconds: 5 } } }), /podTemplate\.customReadinessProbe: got \{"periodSeconds":5\}; must set exactly one of exec, httpGet, tcpSocket, grpc \(got none\)/],
    ["a probe of Envoy's admin port", gp({ podTemplate: { probes: true, customReadinessProbe: { httpGet: { path: "/ready", port: 19000 } } } }), /podTemplate\.customReadinessProbe: got .*; port 19000 is Envoy's admin, which listens on 127\.0\.0\.1 only/],
    ["a probe of a port name the container lacks", gp({ podTemplate: { probes: true, customReadinessProbe: { tcpSocket: { port: "stats" } } } }), /names its ports http and https only/],
    ["a liveness probe with successThreshold 2", gp({ podTemplate: { probes: true, livenessProbeEnabled: true, customLivenessProbe: { tcpSocket: { port: 8080 }, successThreshold: 2 } } }), /customLivenessProbe\.successThreshold: got 2; must be 1 for a liveness probe/],
    ["an unknown probe field", gp({ podTemplate: { probes: true, customReadinessProbe: { exec: { command: ["true"] }, periodSecond: 5 } } }), /customReadinessProbe\.periodSecond: unknown key/],
    // Env and command line
    ["a proxy env name the program sets", gp({ kind: { deployment: { customEnv: [{ name: "POD_NAME", value: "x" }] } } }), /gatewayProxy\.kind\.deployment\.customEnv\[0\]\.name: got "POD_NAME"; the program sets POD_NAME itself/],
    ["an unknown Envoy log level", gp({ envoyLogLevel: "verbose" }), /gatewayProxy\.envoyLogLevel: got "verbose"; allowed values are "trace", "debug", "info", "warning", "warn", "error", "critical", "off"/],
    ["--log-level twice", gp({ envoyLogLevel: "debug", extraEnvoyArgs: ["--log-level info"] }), /extraEnvoyArgs\[0\]: got "--log-level info" together with envoyLogLevel "debug"; Envoy refuses a flag given twice/],
    ["a flag the program passes", gp({ extraEnvoyArgs: ["--disable-hot-restart"] }), /extraEnvoyArgs\[0\]: got "--disable-hot-restart"; the program passes it already/],
    ["another bootstrap", gp({ extraEnvoyArgs: ["-c", "/etc/other.yaml"] }), /extraEnvoyArgs\[0\]: got "-c"; the bootstrap .* is the program's/],
    ["a flag given twice", gp({ extraEnvoyArgs: ["--concurrency 2", "--concurrency=4"] }), /extraEnvoyArgs\[1\]: got "--concurrency=4"; --concurrency is already extraEnvoyArgs\[0\]/],
    // kubeResourceOverride: its shape
    ["an override of the kind", gp({ kubeResourceOverride: { kind: "StatefulSet" } }), /gatewayProxy\.kubeResourceOverride\.kind: unknown key \(allowed here: metadata, spec\)/],
    ["an override of the name", gp({ kubeResourceOverride: { metadata: { name: "other" } } }), /kubeResourceOverride\.metadata\.name: unknown key \(allowed here: labels, annotations\)/],
    ["an override of the bootstrap", gp({ configMap: { kubeResourceOverride: { data: { "envoy.yaml": "{}" } } } }), /configMap\.kubeResourceOverride\.data: unknown key \(allowed here: metadata\)/],
    ["a bad label in an override", gp({ kubeResourceOverride: { metadata: { labels: { "bad key!": "x" } } } }), /kubeResourceOverride\.metadata\.labels\.bad key!: got "bad key!"; key "bad key!": name part must consist of alphanumerics/],
    // kubeResourceOverride: the final objects
    ["an override that drops the sds sidecar", gp({ kubeResourceOverride: POD_OVERRIDE({ containers: [{ name: "gateway-proxy", image: "quay.io/solo-io/gloo-envoy-wrapper:1.22.1" }] }) }), /^gloo-mtls:gatewayProxies\.gatewayProxy\.kubeResourceOverride: after the override, Deployment gateway-proxy loses container sds; lists are replaced whole: list every container$/],
    ["an override that replaces the volumes", gp({ kubeResourceOverride: POD_OVERRIDE({ volumes: [{ name: "envoy-config", configMap: { name: "gateway-proxy-envoy-config" } }] }) }), /kubeResourceOverride: after the override, Deployment gateway-proxy loses or changes volume gloo-mtls-certs/],
    ["an override onto the host network", gp({ kubeResourceOverride: POD_OVERRIDE({ hostNetwork: true }) }), /gatewayProxy\.kubeResourceOverride: after the override, Deployment gateway-proxy breaks Pod Security Standards restricted: spec\.hostNetwork/],
    ["gloo's override that changes the selector", { gloo: { deployment: { kubeResourceOverride: { spec: { selector: { matchLabels: { app: "x" } } } } } } }, /^gloo-mtls:gloo\.deployment\.kubeResourceOverride: after the override, Deployment gloo changes spec\.selector/],
    ["gloo's override that drops the envoy-sidecar", { gloo: { deployment: { kubeResourceOverride: POD_OVERRIDE({ containers: [] }) } } }, /gloo\.deployment\.kubeResourceOverride: after the override, Deployment gloo loses container envoy-sidecar/],
    ["gloo's override that lets the pod run as root", { gloo: { deployment: { kubeResourceOverride: POD_OVERRIDE({ securityContext: { runAsNonRoot: false } }) } } }, /Deployment gloo breaks Pod Security Standards restricted/],
    ["a Service override that drops a port", gp({ service: { kubeResourceOverride: { spec: { ports: [{ name: "http", port: 80, targetPort: 8080 }] } } } }), /service\.kubeResourceOverride: after the override, Service gateway-proxy loses port https \(443 → 8443\)/],
    [
        "an inherited Service override names where it comes from",
        { gatewayProxies: { gatewayProxy: { service: { kubeResourceOverride: { spec: { selector: { app: "x" } } } } }, internalGw: { service: { type: "ClusterIP" } } } },
        /^gloo-mtls:gatewayProxies\.gatewayProxy\.service\.kubeResourceOverride: after the override, Service internal-gw changes spec\.selector/,
    ],
    ["an HPA override that points elsewhere", gp({ horizontalPodAutoscaler: { maxReplicas: 3, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "AverageValue", averageValue: "500m" } } }], kubeResourceOverride: { spec: { scaleTargetRef: { name: "other" } } } } }), /horizontalPodAutoscaler\.kubeResourceOverride: after the override, HorizontalPodAutoscaler gateway-proxy-hpa changes spec\.scaleTargetRef/],
    ["a PDB override with both bounds", gp({ kind: { deployment: { replicas: 2 } }, podDisruptionBudget: { minAvailable: 1, kubeResourceOverride: { spec: { maxUnavailable: 1 } } } }), /podDisruptionBudget\.kubeResourceOverride: after the override, PodDisruptionBudget gateway-proxy-pdb has both minAvailable and maxUnavailable/],
    ["a typo deep in an override's spec", gp({ kubeResourceOverride: POD_OVERRIDE({ dnsConfig: { option: [] } }) }), /^gloo-mtls:gatewayProxies\.gatewayProxy\.kubeResourceOverride\.spec\.template\.spec\.dnsConfig\.option: unknown key \(allowed here: nameservers, options, searches\)$/],
    ["a value of the wrong kind in an override's spec", { gloo: { deployment: { kubeResourceOverride: { spec: { revisionHistoryLimit: "3" } } } } }, /^gloo-mtls:gloo\.deployment\.kubeResourceOverride\.spec\.revisionHistoryLimit: got .*; expected number$/],
    ["a Deployment's field in a DaemonSet's override", gp({ kind: DS, kubeResourceOverride: { spec: { strategy: { type: "Recreate" } } } }), /^gloo-mtls:gatewayProxies\.gatewayProxy\.kubeResourceOverride\.spec\.strategy: unknown key for a DaemonSet \(allowed here: minReadySeconds, revisionHistoryLimit, selector, template, updateStrategy\)$/],
    ["a Service field that does not exist", gp({ service: { kubeResourceOverride: { spec: { loadBalancerClas: "x" } } } }), /service\.kubeResourceOverride\.spec\.loadBalancerClas: unknown key \(allowed here: .*loadBalancerClass/],
    ["gloo's override that scales below its budget", { gloo: { deployment: { replicas: 2, kubeResourceOverride: { spec: { replicas: 1 } } }, podDisruptionBudget: { minAvailable: 1 } } }, /^gloo-mtls:gloo\.podDisruptionBudget\.minAvailable: got 1 with 1 replica \(gloo-mtls:gloo\.deployment\.kubeResourceOverride\.spec\.replicas\)/],
    ["a Service override to ExternalName", gp({ service: { kubeResourceOverride: { spec: { type: "ExternalName" } } } }), /Service gateway-proxy has type "ExternalName"/],
    ["a Service override with externalTrafficPolicy on a ClusterIP", gp({ service: { type: "ClusterIP", kubeResourceOverride: { spec: { externalTrafficPolicy: "Local" } } } }), /Service gateway-proxy has externalTrafficPolicy with type ClusterIP/],
    ["gloo's override of its ServiceAccount", { gloo: { deployment: { kubeResourceOverride: POD_OVERRIDE({ serviceAccountName: "other" }) } } }, /Deployment gloo changes the pod's serviceAccountName from "gloo" to "other"/],
    ["an override that removes a pod label", gp({ kubeResourceOverride: { spec: { template: { metadata: { labels: { "gateway-proxy": null } } } } } }), /Deployment gateway-proxy changes pod label gateway-proxy: "live", which selectors depend on/],
];

const WARNED: [what: string, config: Record<string, unknown>, message: RegExp][] = [
    ["liveness without probes", gp({ podTemplate: { livenessProbeEnabled: true } }), /gatewayProxy\.podTemplate\.livenessProbeEnabled: got true without podTemplate\.probes; it has no effect: the chart renders it only with podTemplate\.probes/],
    ["a custom liveness probe without livenessProbeEnabled", gp({ podTemplate: { probes: true, customLivenessProbe: { tcpSocket: { port: 8080 } } } }), /customLivenessProbe: got .* without podTemplate\.livenessProbeEnabled/],
    ["hostNetwork without hostPort", gp({ kind: { deployment: null, daemonSet: { hostNetwork: true } } }), /kind\.daemonSet\.hostNetwork: got true; it has no effect: the chart renders it only with hostPort/],
    ["anti-affinity on a DaemonSet", { gatewayProxies: { gatewayProxy: { antiAffinity: true }, edgeDs: { kind: DS } } }, /gatewayProxies\.edgeDs\.antiAffinity: got true \(inherited from .*\) on a DaemonSet; it has no effect: the chart renders it for a Deployment only/],
    ["a deployment block that workloadType DaemonSet drops", gp({ kind: { workloadType: "DaemonSet", deployment: { replicas: 3 } } }), /gatewayProxy\.kind\.deployment: got \{"replicas":3\} with kind\.workloadType DaemonSet; it has no effect: the chart drops it/],
    ["host ports that workloadType Deployment drops", gp({ kind: { workloadType: "Deployment", daemonSet: { hostPort: true } } }), /gatewayProxy\.kind\.daemonSet: got \{"hostPort":true\} with kind\.workloadType Deployment; it has no effect/],
    ["an override of a budget that is not rendered", gp({ podDisruptionBudget: { kubeResourceOverride: { metadata: { labels: { a: "b" } } } } }), /podDisruptionBudget\.kubeResourceOverride is set, but the proxy has no budget/],
    ["a probe of the stats port without stats", { global: { glooStats: { enabled: false } }, ...gp({ podTemplate: { probes: true, customReadinessProbe: { httpGet: { path: "/ready", port: 8081 } } } }) }, /nothing in the proxy container listens on port 8081 \(its listeners: 8080, 8443; no stats listener with global\.glooStats\.enabled false\)/],
    ["a probe of a port nothing listens on", gp({ podTemplate: { probes: true, customReadinessProbe: { tcpSocket: { port: 9000 } } } }), /nothing in the proxy container listens on port 9000/],
];

describe("workload settings refused with the key, the value, why and the fix", () => {
    for (const [what, config, message] of REFUSED) {
        it(what, () => {
            const { problems } = check(config);
            assert.ok(problems.some((p) => message.test(p)), `expected ${message} in:\n${problems.join("\n") || "(no problem)"}`);
        });
    }
});

describe("workload settings that have no effect: accepted, with a warning", () => {
    for (const [what, config, message] of WARNED) {
        it(what, () => {
            const { problems, warnings } = check(config);
            assert.deepEqual(problems, []);
            assert.ok(warnings.some((w) => message.test(w)), `expected ${message} in:\n${warnings.join("\n") || "(no warning)"}`);
        });
    }
    it("the chart's workload keys given properly raise nothing", () => {
        const ok = check({
            gloo: { deployment: { replicas: 2 }, podDisruptionBudget: { maxUnavailable: 1 }, logLevel: "warn" },
            gatewayProxies: {
                gatewayProxy: { kind: { deployment: null, daemonSet: { hostPort: false } }, podTemplate: { probes: true, livenessProbeEnabled: true }, envoyLogLevel: "info", extraEnvoyArgs: ["--concurrency", "2"] },
                internalGw: { kind: { deployment: { replicas: 2, customEnv: [{ name: "A", value: "b" }] }, daemonSet: null }, kubeResourceOverride: { metadata: { labels: { team: "x" } } } },
            },
        });
        assert.deepEqual(ok, { problems: [], warnings: [] });
    });
});

describe("kubeResourceOverride: the chart's merge and what the final objects must keep", () => {
    it("the field table is what the generator makes from the Kubernetes models (npm run k8s-fields:generate)", () => {
        assert.equal(fs.readFileSync(FIELDS_FILE, "utf8"), fieldGraphText());
    });
    it("maps merge, lists are replaced whole, null removes a field", () => {
        const base = { metadata: { labels: { a: "1" } }, spec: { list: [1, 2], keep: true, drop: "x", nested: { a: 1, b: 2 } } };
        const got = applyOverride(base, { value: { metadata: { labels: { b: "2" } }, spec: { list: [3], drop: null, nested: { b: 3 } } } });
        assert.deepEqual(got, { metadata: { labels: { a: "1", b: "2" } }, spec: { list: [3], keep: true, nested: { a: 1, b: 3 } } });
        assert.deepEqual(base.spec.list, [1, 2], "the base is not changed");
        assert.equal(applyOverride(base, undefined), base);
    });
    it("an object that keeps what it must has nothing lost", () => {
        const pod = { containers: [{ name: "a", image: "i", ports: [{ name: "p", containerPort: 1 }], volumeMounts: [{ name: "v", mountPath: "/v" }] }], volumes: [{ name: "v", emptyDir: {} }] };
        const base = { metadata: { name: "x", namespace: "n" }, spec: { selector: { matchLabels: { k: "v" } }, template: { metadata: { labels: { k: "v" } }, spec: pod } } };
        const restricted = { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };
        const ok = structuredClone(base) as any;
        ok.spec.template.spec.containers[0].securityContext = restricted;
        assert.deepEqual(lostParts("Deployment", ok, applyOverride(ok, { value: { spec: { template: { metadata: { labels: { extra: "y" } } } } } })), []);
    });
    it("an override that relists the program's volumes and mounts, its keys in another order, loses nothing", () => {
        const pod = { containers: [{ name: "a", image: "i", volumeMounts: [{ name: "v", mountPath: "/v", readOnly: true }] }], volumes: [{ name: "v", secret: { secretName: "s", defaultMode: 420 } }] };
        const base = { spec: { selector: { matchLabels: { k: "v", j: "w" } }, template: { metadata: { labels: { k: "v" } }, spec: pod } } };
        const relisted = { spec: { selector: { matchLabels: { j: "w", k: "v" } }, template: { spec: { volumes: [{ secret: { defaultMode: 420, secretName: "s" }, name: "v" }, { name: "x", emptyDir: {} }] } } } };
        const lost = lostParts("Deployment", base, applyOverride(base, { value: relisted })).filter((l) => !l.startsWith("breaks Pod Security"));
        assert.deepEqual(lost, []);
    });
    it("an Output in an override is refused: an override is plain data", () => {
        const problems = installProblems({ gatewayProxies: { gatewayProxy: { kubeResourceOverride: { spec: { minReadySeconds: pulumi.output(5) as unknown as number } } } } });
        assert.ok(problems.some((p) => /^args\.gatewayProxies\.gatewayProxy\.kubeResourceOverride\.spec\.minReadySeconds: got .*; must be plain data/.test(p)), problems.join("\n"));
    });
    it("the component's arguments are checked the same way, named as argument paths", () => {
        const problems = installProblems({ gatewayProxies: { gatewayProxy: { kubeResourceOverride: { spec: { template: { spec: { containers: [] } } } } } } });
        assert.ok(problems.some((p) => p.startsWith("args.gatewayProxies.gatewayProxy.kubeResourceOverride: after the override, Deployment gateway-proxy loses container gateway-proxy")), problems.join("\n"));
    });
});
