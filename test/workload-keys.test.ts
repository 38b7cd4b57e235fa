// The chart's workload keys (issue 20 part b) land where the official chart 1.22.1 puts them: rows of (key, value,
// object, field, expected) (./chart-rows.ts), the expectations written by hand from `helm template` of
// the chart with the same values (global.glooMtls.enabled=true). Two configurations, so two program runs; each passes
// the harness's schema, unknown-field, PSS and Envoy checks (runChecked).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ABSENT, Group, Row, checkRow, groupConfig } from "./chart-rows";
import { Checked, problems, runChecked } from "./harness";
import { BASE } from "./multicluster-fixtures";

const POD = "spec.template.spec";
const GP = "gatewayProxies.gatewayProxy";
const EDGE = "gatewayProxies.edgeDs";
const IG = "gatewayProxies.internalGw";
const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
const PROXY_ENV = [fieldEnv("POD_NAMESPACE", "metadata.namespace"), fieldEnv("POD_NAME", "metadata.name"), { name: "DISABLE_CORE_DUMPS", value: "false" }];
const wget = (path: string) => ({ exec: { command: ["wget", "-O", "/dev/null", `127.0.0.1:19000/${path}`] }, initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 });
const ARGS = ["--concurrency", 2, "--component-log-level upstream:debug"];
const ARGS_RENDERED = ["--disable-hot-restart", "--log-level debug", "--concurrency", "2", "--component-log-level upstream:debug"];
const GLOO_OVERRIDE = {
    metadata: { annotations: { "example.com/owner": "platform" } },
    spec: { revisionHistoryLimit: 3, template: { spec: { dnsConfig: { options: [{ name: "ndots", value: "2" }] } } } },
};
const PROXY_OVERRIDE = { metadata: { labels: { team: "edge" } }, spec: { template: { metadata: { annotations: { "example.com/x": "y" } } } } };
const SERVICE_OVERRIDE = { metadata: { annotations: { "example.com/svc": "s" } }, spec: { sessionAffinity: "ClientIP" } };
const READY = { httpGet: { path: "/ready", port: 8081 } };

const GROUPS: Record<string, Row[]> = {
    "a Deployment with the chart's probes and every override, a DaemonSet beside it (helm render g1b)": [
        // gloo
        ["gloo.podDisruptionBudget", { minAvailable: 1 }, "PodDisruptionBudget/gloo-pdb", "spec", { minAvailable: 1, selector: { matchLabels: { gloo: "gloo" } } }],
        ["gloo.podDisruptionBudget", { minAvailable: 1 }, "PodDisruptionBudget/gloo-pdb", "metadata.labels", { app: "gloo" }],
        ["gloo.deployment.replicas", 2, "Deployment/gloo", "spec.replicas", 2],
        [
            "gloo.logLevel",
            "debug",
            "Deployment/gloo",
            `${POD}.containers[name=gloo].env`,
            [
                { name: "FOO", value: "bar" },
                fieldEnv("POD_NAMESPACE", "metadata.namespace"),
                { name: "START_STATS_SERVER", value: "true" },
                { name: "VALIDATION_MUST_START", value: "true" },
                { name: "LOG_LEVEL", value: "debug" },
                { name: "GLOO_MTLS_SDS_ENABLED", value: "true" },
            ],
        ],
        ["gloo.deployment.customEnv", [{ name: "FOO", value: "bar" }], "Deployment/gloo", `${POD}.containers[name=sds].env[name=FOO]`, ABSENT],
        ["gloo.deployment.kubeResourceOverride", GLOO_OVERRIDE, "Deployment/gloo", "metadata.annotations", { "example.com/owner": "platform" }],
        ["gloo.deployment.kubeResourceOverride", GLOO_OVERRIDE, "Deployment/gloo", "spec.revisionHistoryLimit", 3],
        ["gloo.deployment.kubeResourceOverride", GLOO_OVERRIDE, "Deployment/gloo", `${POD}.dnsConfig`, { options: [{ name: "ndots", value: "2" }] }],
        // Maps merge: what the override does not name stays.
        ["gloo.deployment.kubeResourceOverride", GLOO_OVERRIDE, "Deployment/gloo", `${POD}.containers[name=sds].name`, "sds"],
        ["gloo.deployment.kubeResourceOverride", GLOO_OVERRIDE, "Deployment/gloo", "metadata.labels", { app: "gloo", gloo: "gloo" }],
        // gatewayProxy: a Deployment
        [`${GP}.kind.deployment.replicas`, 3, "Deployment/gateway-proxy", "spec.replicas", 3],
        [`${GP}.envoyLogLevel`, "debug", "Deployment/gateway-proxy", `${POD}.containers[name=gateway-proxy].args`, ARGS_RENDERED],
        [`${GP}.extraEnvoyArgs`, ARGS, "Deployment/gateway-proxy", `${POD}.containers[name=gateway-proxy].args`, ARGS_RENDERED],
        [`${GP}.kind.deployment.customEnv`, [{ name: "ENVOY_FOO", value: "1" }], "Deployment/gateway-proxy", `${POD}.containers[name=gateway-proxy].env`, [{ name: "ENVOY_FOO", value: "1" }, ...PROXY_ENV]],
        [`${GP}.podTemplate.probes`, true, "Deployment/gateway-proxy", `${POD}.containers[name=gateway-proxy].readinessProbe`, wget("ready")],
        [`${GP}.podTemplate.livenessProbeEnabled`, true, "Deployment/gateway-proxy", `${POD}.containers[name=gateway-proxy].livenessProbe`, wget("server_info")],
        [`${GP}.kubeResourceOverride`, PROXY_OVERRIDE, "Deployment/gateway-proxy", "metadata.labels", { app: "gloo", gloo: "gateway-proxy", "gateway-proxy-id": "gateway-proxy", team: "edge" }],
        [`${GP}.kubeResourceOverride`, PROXY_OVERRIDE, "Deployment/gateway-proxy", "spec.template.metadata.annotations['example.com/x']", "y"],
        [`${GP}.kubeResourceOverride`, PROXY_OVERRIDE, "Deployment/gateway-proxy", "spec.template.metadata.annotations['prometheus.io/port']", "8081"],
        [`${GP}.service.kubeResourceOverride`, SERVICE_OVERRIDE, "Service/gateway-proxy", "metadata.annotations", { "example.com/svc": "s" }],
        [`${GP}.service.kubeResourceOverride`, SERVICE_OVERRIDE, "Service/gateway-proxy", "spec.sessionAffinity", "ClientIP"],
        [`${GP}.service.kubeResourceOverride`, SERVICE_OVERRIDE, "Service/gateway-proxy", "spec.type", "LoadBalancer"],
        [`${GP}.configMap.kubeResourceOverride`, { metadata: { annotations: { "example.com/cm": "z" } } }, "ConfigMap/gateway-proxy-envoy-config", "metadata.annotations", { "example.com/cm": "z" }],
        [
            `${GP}.podDisruptionBudget`,
            { minAvailable: 1, kubeResourceOverride: { spec: { unhealthyPodEvictionPolicy: "AlwaysAllow" } } },
            "PodDisruptionBudget/gateway-proxy-pdb",
            "spec",
            { minAvailable: 1, selector: { matchLabels: { "gateway-proxy-id": "gateway-proxy" } }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
        ],
        [
            `${GP}.horizontalPodAutoscaler`,
            { apiVersion: "autoscaling/v2", minReplicas: 2, maxReplicas: 5, kubeResourceOverride: { metadata: { annotations: { "example.com/hpa": "h" } } } },
            "HorizontalPodAutoscaler/gateway-proxy-hpa",
            "metadata.annotations",
            { "example.com/hpa": "h" },
        ],
        // The autoscaler's default metric is CPU utilization: every container of the pod requests CPU.
        [`${GP}.podTemplate.resources`, { requests: { cpu: "100m" } }, "Deployment/gateway-proxy", `${POD}.containers[name=gateway-proxy].resources`, { requests: { cpu: "100m" } }],
        ["global.glooMtls.sdsResources", { requests: { cpu: "50m" } }, "Deployment/gateway-proxy", `${POD}.containers[name=sds].resources`, { requests: { cpu: "50m" } }],
        // edgeDs: kind.deployment null turns it into a DaemonSet; gatewayProxy's probes, log level and arguments are inherited.
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "DaemonSet/edge-ds", "spec.selector", { matchLabels: { gloo: "gateway-proxy", "gateway-proxy-id": "edge-ds" } }],
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "DaemonSet/edge-ds", "spec.replicas", ABSENT],
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "Deployment/edge-ds", "", ABSENT],
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "DaemonSet/edge-ds", `${POD}.hostNetwork`, ABSENT],
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "DaemonSet/edge-ds", `${POD}.containers[name=edge-ds].args`, ARGS_RENDERED],
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "DaemonSet/edge-ds", `${POD}.containers[name=edge-ds].env`, PROXY_ENV],
        // The mTLS parts follow the pod whatever runs it.
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "DaemonSet/edge-ds", `${POD}.containers[name=sds].volumeMounts`, [{ name: "gloo-mtls-certs", mountPath: "/etc/envoy/ssl", readOnly: true }]],
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "DaemonSet/edge-ds", `${POD}.volumes[name=gloo-mtls-certs]`, { name: "gloo-mtls-certs", secret: { secretName: "gloo-mtls-certs", defaultMode: 420 } }],
        [`${EDGE}.kind`, { deployment: null, daemonSet: {} }, "NetworkPolicy/gloo-mtls-edge-ds", "spec.podSelector", { matchLabels: { "gateway-proxy-id": "edge-ds" } }],
        [`${EDGE}.podTemplate.customReadinessProbe`, READY, "DaemonSet/edge-ds", `${POD}.containers[name=edge-ds].readinessProbe`, READY],
        [`${EDGE}.podTemplate.livenessProbeEnabled`, false, "DaemonSet/edge-ds", `${POD}.containers[name=edge-ds].livenessProbe`, ABSENT],
        // A proxy with a service block of its own takes gatewayProxy's Service override (the chart merges it in).
        [`${EDGE}.service.type`, "NodePort", "Service/edge-ds", "spec.sessionAffinity", "ClientIP"],
        // gatewayProxy's other overrides are never inherited.
        [`${EDGE}.service.type`, "NodePort", "ConfigMap/edge-ds-envoy-config", "metadata.annotations", ABSENT],
        [`${EDGE}.service.type`, "NodePort", "DaemonSet/edge-ds", "metadata.labels.team", ABSENT],
        [`${EDGE}.podDisruptionBudget`, null, "PodDisruptionBudget/edge-ds-pdb", "", ABSENT],
        [`${EDGE}.horizontalPodAutoscaler`, null, "HorizontalPodAutoscaler/edge-ds-hpa", "", ABSENT],
        // internalGw: a Deployment inheriting everything but the overrides (it has no service block of its own).
        [`${IG}.podTemplate.httpPort`, 9080, "Deployment/internal-gw", `${POD}.containers[name=internal-gw].env`, [{ name: "ENVOY_FOO", value: "1" }, ...PROXY_ENV]],
        [`${IG}.podTemplate.httpPort`, 9080, "Deployment/internal-gw", `${POD}.containers[name=internal-gw].args`, ARGS_RENDERED],
        [`${IG}.podTemplate.httpPort`, 9080, "Deployment/internal-gw", `${POD}.containers[name=internal-gw].readinessProbe`, wget("ready")],
        [`${IG}.podTemplate.httpPort`, 9080, "Deployment/internal-gw", `${POD}.containers[name=internal-gw].livenessProbe`, wget("server_info")],
        [`${IG}.podTemplate.httpPort`, 9080, "Deployment/internal-gw", "metadata.labels", { app: "gloo", gloo: "gateway-proxy", "gateway-proxy-id": "internal-gw" }],
        [`${IG}.podTemplate.httpPort`, 9080, "Deployment/internal-gw", "spec.template.metadata.annotations['example.com/x']", ABSENT],
        [`${IG}.podTemplate.httpPort`, 9080, "Service/internal-gw", "spec.sessionAffinity", ABSENT],
        [`${IG}.podTemplate.httpPort`, 9080, "Service/internal-gw", "metadata.annotations", ABSENT],
        [`${IG}.podTemplate.httpPort`, 9080, "ConfigMap/internal-gw-envoy-config", "metadata.annotations", ABSENT],
        [`${IG}.podTemplate.httpPort`, 9080, "PodDisruptionBudget/internal-gw-pdb", "spec", { minAvailable: 1, selector: { matchLabels: { "gateway-proxy-id": "internal-gw" } } }],
        [`${IG}.podTemplate.httpPort`, 9080, "HorizontalPodAutoscaler/internal-gw-hpa", "metadata.annotations", ABSENT],
        [`${IG}.podTemplate.httpsPort`, 9443, "HorizontalPodAutoscaler/internal-gw-hpa", "spec.scaleTargetRef", { apiVersion: "apps/v1", kind: "Deployment", name: "internal-gw" }],
    ],
    "gatewayProxy a DaemonSet, an extra proxy a Deployment again (helm render g2b), and a fleet in another cluster": [
        [`${GP}.kind`, { deployment: null, daemonSet: {} }, "DaemonSet/gateway-proxy", "spec.replicas", ABSENT],
        [`${GP}.kind`, { deployment: null, daemonSet: {} }, "Deployment/gateway-proxy", "", ABSENT],
        [`${GP}.podTemplate.nodeSelector`, { pool: "edge" }, "DaemonSet/gateway-proxy", `${POD}.nodeSelector`, { pool: "edge" }],
        [`${GP}.podTemplate.nodeSelector`, { pool: "edge" }, "DaemonSet/gateway-proxy", `${POD}.containers[name=gateway-proxy].readinessProbe`, { ...READY, initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 }],
        ["gatewayProxies.deployGw.kind", { deployment: { replicas: 2, customEnv: [{ name: "ONLY_DEPLOY", value: "yes" }] }, daemonSet: null }, "Deployment/deploy-gw", "spec.replicas", 2],
        ["gatewayProxies.deployGw.kind", { deployment: { replicas: 2, customEnv: [{ name: "ONLY_DEPLOY", value: "yes" }] }, daemonSet: null }, "Deployment/deploy-gw", `${POD}.containers[name=deploy-gw].env`, [{ name: "ONLY_DEPLOY", value: "yes" }, ...PROXY_ENV]],
        ["gatewayProxies.deployGw.kind", { deployment: { replicas: 2, customEnv: [{ name: "ONLY_DEPLOY", value: "yes" }] }, daemonSet: null }, "Deployment/deploy-gw", `${POD}.nodeSelector`, { pool: "edge" }],
        ["gatewayProxies.deployGw.podDisruptionBudget", { maxUnavailable: 1 }, "PodDisruptionBudget/deploy-gw-pdb", "spec", { maxUnavailable: 1, selector: { matchLabels: { "gateway-proxy-id": "deploy-gw" } } }],
        ["gatewayProxies.deployGw.podDisruptionBudget", { maxUnavailable: 1 }, "PodDisruptionBudget/gateway-proxy-pdb", "", ABSENT],
        // kind.workloadType wins over the inherited null deployment, which becomes an empty one: no replicas rendered.
        ["gatewayProxies.typedGw.kind.workloadType", "Deployment", "Deployment/typed-gw", "spec.replicas", ABSENT],
        ["gatewayProxies.typedGw.kind.workloadType", "Deployment", "Deployment/typed-gw", `${POD}.nodeSelector`, { pool: "edge" }],
        ["gatewayProxies.typedGw.kind.workloadType", "Deployment", "DaemonSet/typed-gw", "", ABSENT],
        // Ours, not the chart's (it has no other clusters): a fleet in another cluster inherits the DaemonSet all the same.
        ["gatewayProxies.edgeEu.cluster", "eu", "DaemonSet/edge-eu", `${POD}.volumes[name=gloo-mtls-certs].secret`, { secretName: "edge-eu-mtls-certs", defaultMode: 420 }],
        ["gatewayProxies.edgeEu.cluster", "eu", "DaemonSet/edge-eu", `${POD}.nodeSelector`, { pool: "edge" }],
        ["gatewayProxies.edgeEu.cluster", "eu", "Deployment/edge-eu", "", ABSENT],
    ],
};

/** Config a group's rows add to. */
const BASES: Record<string, Record<string, unknown>> = { [Object.keys(GROUPS)[1]]: { clusters: BASE.clusters, gloo: BASE.gloo } };

/** What a group's run must also show, beyond its rows. */
const ALSO: Record<string, [what: string, check: (r: Checked) => void][]> = {
    [Object.keys(GROUPS)[1]]: [
        [
            "the troubleshooting commands name each proxy's kind (kubectl's ds/ and deploy/)",
            (r) => {
                const logs = (r.outputs.troubleshooting as string[]).filter((l) => l.endsWith(" sds") && !l.includes("deploy/gloo"));
                assert.deepEqual(logs, [
                    "kubectl logs -n gloo-system deploy/deploy-gw sds",
                    "kubectl logs -n gloo-system ds/gateway-proxy sds",
                    "kubectl logs -n gloo-system deploy/typed-gw sds",
                    // A fleet in another cluster: in its cluster's context.
                    "kubectl --context eu logs -n gloo-system ds/edge-eu sds",
                ]);
            },
        ],
        [
            "the harness's proxy-pod invariant holds for a DaemonSet and can fail on one",
            (r) => {
                const broken = (edit: (pod: any) => void) => {
                    const resources = structuredClone(r.resources);
                    const ds = resources.find((x) => x.type === "kubernetes:apps/v1:DaemonSet" && x.inputs.metadata.name === "gateway-proxy")!;
                    edit(ds.inputs.spec.template.spec);
                    return problems({ ...r, resources });
                };
                assert.deepEqual(problems(r), []);
                const noSds = broken((pod) => (pod.containers = pod.containers.filter((c: any) => c.name !== "sds")));
                assert.ok(noSds.includes("DaemonSet gloo-system/gateway-proxy: no sds container in mTLS mode (Envoy gets its xDS certificates from it)"), noSds.join("\n"));
                const otherSecret = broken((pod) => (pod.volumes.find((v: any) => v.name === "gloo-mtls-certs").secret.secretName = "other"));
                assert.ok(otherSecret.some((e) => e.startsWith("DaemonSet gloo-system/gateway-proxy: container sds does not mount the certificate Secret")), otherSecret.join("\n"));
                const noConfig = broken((pod) => (pod.containers[0].volumeMounts = []));
                assert.ok(noConfig.includes("DaemonSet gloo-system/gateway-proxy: container gateway-proxy does not mount ConfigMap gateway-proxy-envoy-config at /etc/envoy"), noConfig.join("\n"));
            },
        ],
    ],
};

for (const [group, rows] of Object.entries(GROUPS)) {
    describe(`workload keys: ${group}`, { timeout: 60_000 }, () => {
        let r: Checked;
        const g: Group = { base: BASES[group], rows };
        before(async () => (r = await runChecked({ config: groupConfig(g) })));
        for (const [what, check] of ALSO[group] ?? []) it(what, () => check(r));

        for (const row of rows) it(`${row[0]} = ${JSON.stringify(row[1])} → ${row[2]} ${row[3] || "(exists?)"}`, () => checkRow(r, row));
    });
}
