// Every production key lands where the official chart 1.22.1 puts it, in the chart's shape: one row per
// (key, value, object, field, expected), the expectations written by hand from the chart's templates and
// `helm template` renders (notes: chart-1.22.1.md; render b is the "production" values). Rows are grouped into
// a few configurations so each group is one program run; every run passes the harness's schema, unknown-field,
// PSS and Envoy checks (runChecked).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as YAML from "yaml";
import { ABSENT, Row, at, setKey } from "./chart-rows";
import { Checked, runChecked } from "./harness";

// Values reused by several rows (chart render b).
const SIDECAR_RES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
const SDS_RES = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } };
const GLOO_TOLERATIONS = [{ key: "dedicated", operator: "Equal", value: "gloo", effect: "NoSchedule" }];
const GLOO_AFFINITY = {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }] }] } },
};
const PROXY_RES = { requests: { cpu: "500m", memory: "256Mi" }, limits: { cpu: 2, memory: "1Gi" } };
const PROXY_RES_RENDERED = { requests: { cpu: "500m", memory: "256Mi" }, limits: { cpu: "2", memory: "1Gi" } };
// matchLabelKeys: each proxy (internalGw inherits it) counts only its own fleet's pods.
const TSC = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { gloo: "gateway-proxy" } }, matchLabelKeys: ["gateway-proxy-id"] }];
const POD_AFFINITY = {
    podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app: "backend" } }, topologyKey: "kubernetes.io/hostname" } }] },
};
const ANTI_AFFINITY = {
    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { gloo: "gateway-proxy" } }, topologyKey: "kubernetes.io/hostname" } }],
};
const HPA = {
    apiVersion: "autoscaling/v2",
    minReplicas: 2,
    maxReplicas: 6,
    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
};
const CUSTOM_ENV = [{ name: "FOO", value: "bar" }, { name: "FROM_FIELD", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }];
const GP = "gatewayProxies.gatewayProxy";
const IG = "gatewayProxies.internalGw";
/** The pod spec of a Deployment or Job. */
const GLOO_POD = "spec.template.spec";
const GRACEFUL = ["/bin/sh", "-c", 'wget --post-data "" -O /dev/null 127.0.0.1:19000/healthcheck/fail; sleep 20'];

const GROUPS: Record<string, { base?: Record<string, unknown>; secretKeys?: string[]; rows: Row[] }> = {
    "production (render b)": {
        rows: [
            // gloo.deployment.*
            ["gloo.deployment.replicas", 2, "Deployment/gloo", "spec.replicas", 2],
            ["gloo.deployment.resources", { requests: { cpu: 1, memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } }, "Deployment/gloo", `${GLOO_POD}.containers[name=gloo].resources`, { requests: { cpu: "1", memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } }],
            ["gloo.deployment.resources", { requests: { cpu: 1, memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } }, "Deployment/gloo", `${GLOO_POD}.containers[name=gloo].env[0]`, { name: "GOMEMLIMIT", valueFrom: { resourceFieldRef: { divisor: "1", resource: "limits.memory" } } }],
            ["gloo.deployment.resources", { requests: { cpu: 1, memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } }, "Deployment/gloo", `${GLOO_POD}.containers[name=gloo].env[1]`, { name: "GOMAXPROCS", valueFrom: { resourceFieldRef: { divisor: "1", resource: "limits.cpu" } } }],
            ["gloo.deployment.nodeSelector", { "node-role.kubernetes.io/control": "true" }, "Deployment/gloo", `${GLOO_POD}.nodeSelector`, { "node-role.kubernetes.io/control": "true" }],
            ["gloo.deployment.tolerations", GLOO_TOLERATIONS, "Deployment/gloo", `${GLOO_POD}.tolerations`, GLOO_TOLERATIONS],
            ["gloo.deployment.affinity", GLOO_AFFINITY, "Deployment/gloo", `${GLOO_POD}.affinity`, GLOO_AFFINITY],
            ["gloo.deployment.priorityClassName", "gloo-control-plane", "Deployment/gloo", `${GLOO_POD}.priorityClassName`, "gloo-control-plane"],
            // Pod labels only (quoted), never the selector or the Deployment's own labels.
            ["gloo.deployment.extraGlooLabels", { team: "platform", tier: 1 }, "Deployment/gloo", "spec.template.metadata.labels", { gloo: "gloo", team: "platform", tier: "1" }],
            ["gloo.deployment.extraGlooLabels", { team: "platform", tier: 1 }, "Deployment/gloo", "spec.selector.matchLabels", { gloo: "gloo" }],
            ["gloo.deployment.extraGlooLabels", { team: "platform", tier: 1 }, "Deployment/gloo", "metadata.labels", { app: "gloo", gloo: "gloo" }],
            ["gloo.deployment.extraGlooAnnotations", { "example.com/owner": "platform", "example.com/port": 9999 }, "Deployment/gloo", "spec.template.metadata.annotations['example.com/owner']", "platform"],
            ["gloo.deployment.extraGlooAnnotations", { "example.com/owner": "platform", "example.com/port": 9999 }, "Deployment/gloo", "spec.template.metadata.annotations['example.com/port']", "9999"],
            ["global.image.tag", "1.22.1", "Deployment/gloo", "spec.template.metadata.annotations['gloo.solo.io/oss-image-tag']", "1.22.1"],
            // After GOMEMLIMIT/GOMAXPROCS, before the program's own (the chart's order); the gloo container only.
            ["gloo.deployment.customEnv", CUSTOM_ENV, "Deployment/gloo", `${GLOO_POD}.containers[name=gloo].env[2]`, CUSTOM_ENV[0]],
            ["gloo.deployment.customEnv", CUSTOM_ENV, "Deployment/gloo", `${GLOO_POD}.containers[name=gloo].env[3]`, CUSTOM_ENV[1]],
            ["gloo.deployment.customEnv", CUSTOM_ENV, "Deployment/gloo", `${GLOO_POD}.containers[name=gloo].env[4].name`, "POD_NAMESPACE"],
            ["gloo.deployment.customEnv", CUSTOM_ENV, "Deployment/gloo", `${GLOO_POD}.containers[name=envoy-sidecar].env`, [{ name: "ENVOY_SIDECAR", value: "true" }]],
            // Sidecar resources, on every pod that has the sidecar.
            ["global.glooMtls.envoySidecarResources", SIDECAR_RES, "Deployment/gloo", `${GLOO_POD}.containers[name=envoy-sidecar].resources`, SIDECAR_RES],
            ["global.glooMtls.sdsResources", SDS_RES, "Deployment/gloo", `${GLOO_POD}.containers[name=sds].resources`, SDS_RES],
            ["global.glooMtls.sdsResources", SDS_RES, "Deployment/gateway-proxy", `${GLOO_POD}.containers[name=sds].resources`, SDS_RES],
            ["global.glooMtls.sdsResources", SDS_RES, "Deployment/internal-gw", `${GLOO_POD}.containers[name=sds].resources`, SDS_RES],
            // Pull secret: one entry, on every pod.
            ["global.image.pullSecret", "regcred", "Deployment/gloo", `${GLOO_POD}.imagePullSecrets`, [{ name: "regcred" }]],
            ["global.image.pullSecret", "regcred", "Deployment/gateway-proxy", `${GLOO_POD}.imagePullSecrets`, [{ name: "regcred" }]],
            ["global.image.pullSecret", "regcred", "Deployment/internal-gw", `${GLOO_POD}.imagePullSecrets`, [{ name: "regcred" }]],
            ["global.image.pullSecret", "regcred", "ServiceAccount/gateway-proxy", "imagePullSecrets", ABSENT],
            // gatewayProxies.gatewayProxy
            [`${GP}.kind.deployment.replicas`, 3, "Deployment/gateway-proxy", "spec.replicas", 3],
            [`${GP}.kind.deployment.priorityClassName`, "gloo-data-plane", "Deployment/gateway-proxy", `${GLOO_POD}.priorityClassName`, "gloo-data-plane"],
            [`${GP}.podTemplate.resources`, PROXY_RES, "Deployment/gateway-proxy", `${GLOO_POD}.containers[name=gateway-proxy].resources`, PROXY_RES_RENDERED],
            [`${GP}.podTemplate.nodeSelector`, { pool: "edge" }, "Deployment/gateway-proxy", `${GLOO_POD}.nodeSelector`, { pool: "edge" }],
            [`${GP}.podTemplate.tolerations`, [{ key: "edge", operator: "Exists", effect: "NoSchedule" }], "Deployment/gateway-proxy", `${GLOO_POD}.tolerations`, [{ key: "edge", operator: "Exists", effect: "NoSchedule" }]],
            [`${GP}.podTemplate.extraAnnotations`, { "example.com/proxy": "public" }, "Deployment/gateway-proxy", "spec.template.metadata.annotations['example.com/proxy']", "public"],
            [`${GP}.podTemplate.extraGatewayProxyLabels`, { exposure: "public" }, "Deployment/gateway-proxy", "spec.template.metadata.labels", { gloo: "gateway-proxy", "gateway-proxy-id": "gateway-proxy", "gateway-proxy": "live", exposure: "public" }],
            [`${GP}.podTemplate.extraGatewayProxyLabels`, { exposure: "public" }, "Deployment/gateway-proxy", "spec.selector.matchLabels", { gloo: "gateway-proxy", "gateway-proxy-id": "gateway-proxy" }],
            [`${GP}.podTemplate.terminationGracePeriodSeconds`, 60, "Deployment/gateway-proxy", `${GLOO_POD}.terminationGracePeriodSeconds`, 60],
            [`${GP}.podTemplate.gracefulShutdown`, { enabled: true, sleepTimeSeconds: 20 }, "Deployment/gateway-proxy", `${GLOO_POD}.containers[name=gateway-proxy].lifecycle`, { preStop: { exec: { command: GRACEFUL } } }],
            [`${GP}.antiAffinity`, true, "Deployment/gateway-proxy", `${GLOO_POD}.affinity`, { podAntiAffinity: ANTI_AFFINITY }],
            [`${GP}.topologySpreadConstraints`, TSC, "Deployment/gateway-proxy", `${GLOO_POD}.topologySpreadConstraints`, TSC],
            [`${GP}.service.type`, "NodePort", "Service/gateway-proxy", "spec.type", "NodePort"],
            [`${GP}.service.httpNodePort`, 30080, "Service/gateway-proxy", "spec.ports[name=http]", { name: "http", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 30080 }],
            [`${GP}.service.httpsNodePort`, 30443, "Service/gateway-proxy", "spec.ports[name=https]", { name: "https", port: 443, targetPort: 8443, protocol: "TCP", nodePort: 30443 }],
            [`${GP}.service.extraAnnotations`, { "example.com/lb": "public" }, "Service/gateway-proxy", "metadata.annotations", { "example.com/lb": "public" }],
            [`${GP}.service.externalTrafficPolicy`, "Local", "Service/gateway-proxy", "spec.externalTrafficPolicy", "Local"],
            [`${GP}.podDisruptionBudget`, { minAvailable: 1 }, "PodDisruptionBudget/gateway-proxy-pdb", "spec", { minAvailable: 1, selector: { matchLabels: { "gateway-proxy-id": "gateway-proxy" } } }],
            [`${GP}.podDisruptionBudget`, { minAvailable: 1 }, "PodDisruptionBudget/gateway-proxy-pdb", "metadata.labels", { app: "gloo" }],
            [`${GP}.gatewaySettings.useProxyProto`, true, "Gateway/gateway-proxy", "spec.useProxyProto", true],
            [`${GP}.gatewaySettings.useProxyProto`, true, "Gateway/gateway-proxy-ssl", "spec.useProxyProto", true],
            // gatewayProxies.internalGw: own values, and gatewayProxy's inherited (chart render b).
            [`${IG}.podTemplate.httpPort`, 9080, "Deployment/internal-gw", `${GLOO_POD}.containers[name=internal-gw].ports[name=http].containerPort`, 9080],
            [`${IG}.podTemplate.httpsPort`, 9443, "Deployment/internal-gw", `${GLOO_POD}.containers[name=internal-gw].ports[name=https].containerPort`, 9443],
            [`${IG}.podTemplate.httpPort`, 9080, "Gateway/internal-gw", "spec", { bindAddress: "::", bindPort: 9080, httpGateway: {}, useProxyProto: true, ssl: false, proxyNames: ["internal-gw"] }],
            [`${IG}.podTemplate.httpsPort`, 9443, "Gateway/internal-gw-ssl", "spec", { bindAddress: "::", bindPort: 9443, httpGateway: {}, useProxyProto: true, ssl: true, proxyNames: ["internal-gw"] }],
            [`${IG}.podTemplate.nodeSelector`, { pool: "internal" }, "Deployment/internal-gw", `${GLOO_POD}.nodeSelector`, { pool: "internal" }],
            [`${IG}.podTemplate.extraAnnotations`, { "example.com/proxy": "internal" }, "Deployment/internal-gw", "spec.template.metadata.annotations['example.com/proxy']", "internal"],
            [`${IG}.affinity`, POD_AFFINITY, "Deployment/internal-gw", `${GLOO_POD}.affinity`, { podAntiAffinity: ANTI_AFFINITY, ...POD_AFFINITY }],
            [`${IG}.service.type`, "LoadBalancer", "Service/internal-gw", "spec.type", "LoadBalancer"],
            [`${IG}.service.httpPort`, 8080, "Service/internal-gw", "spec.ports[name=http]", { name: "http", port: 8080, targetPort: 9080, protocol: "TCP" }],
            [`${IG}.service.httpsPort`, 8443, "Service/internal-gw", "spec.ports[name=https]", { name: "https", port: 8443, targetPort: 9443, protocol: "TCP" }],
            [`${IG}.service.loadBalancerIP`, "10.0.0.50", "Service/internal-gw", "spec.loadBalancerIP", "10.0.0.50"],
            [`${IG}.service.loadBalancerSourceRanges`, ["10.0.0.0/8", "192.168.0.0/16"], "Service/internal-gw", "spec.loadBalancerSourceRanges", ["10.0.0.0/8", "192.168.0.0/16"]],
            [`${IG}.service.externalTrafficPolicy`, "Cluster", "Service/internal-gw", "spec.externalTrafficPolicy", "Cluster"],
            [`${IG}.service.extraAnnotations`, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" }, "Service/internal-gw", "metadata.annotations", { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" }],
            [`${IG}.horizontalPodAutoscaler`, HPA, "HorizontalPodAutoscaler/internal-gw-hpa", "apiVersion", "autoscaling/v2"],
            [
                `${IG}.horizontalPodAutoscaler`,
                HPA,
                "HorizontalPodAutoscaler/internal-gw-hpa",
                "spec",
                { minReplicas: 2, maxReplicas: 6, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "internal-gw" }, metrics: HPA.metrics, behavior: HPA.behavior },
            ],
            [`${IG}.horizontalPodAutoscaler`, HPA, "HorizontalPodAutoscaler/internal-gw-hpa", "metadata.labels", { app: "gloo", gloo: "gateway-proxy", "gateway-proxy-id": "internal-gw" }],
            [`${IG}.podDisruptionBudget`, { maxUnavailable: 1, minAvailable: null }, "PodDisruptionBudget/internal-gw-pdb", "spec", { maxUnavailable: 1, selector: { matchLabels: { "gateway-proxy-id": "internal-gw" } } }],
            [`${IG}.xdsServiceAddress`, "xds-relay.gloo-system.svc.cluster.local", "ConfigMap/internal-gw-envoy-config", "xds.address", "xds-relay.gloo-system.svc.cluster.local"],
            [`${IG}.xdsServicePort`, 9991, "ConfigMap/internal-gw-envoy-config", "xds.port", 9991],
            [`${IG}.xdsServicePort`, 9991, "ConfigMap/internal-gw-envoy-config", "rest.port", 9991],
            [`${IG}.xdsServicePort`, 9991, "ConfigMap/internal-gw-envoy-config", "xds.name", "gloo.gloo-system.svc.cluster.local:9977"],
            // Inherited by internalGw from gatewayProxy.
            [`${GP}.kind.deployment.replicas`, 3, "Deployment/internal-gw", "spec.replicas", 3],
            [`${GP}.kind.deployment.priorityClassName`, "gloo-data-plane", "Deployment/internal-gw", `${GLOO_POD}.priorityClassName`, "gloo-data-plane"],
            [`${GP}.podTemplate.resources`, PROXY_RES, "Deployment/internal-gw", `${GLOO_POD}.containers[name=internal-gw].resources`, PROXY_RES_RENDERED],
            [`${GP}.podTemplate.tolerations`, [{ key: "edge", operator: "Exists", effect: "NoSchedule" }], "Deployment/internal-gw", `${GLOO_POD}.tolerations`, [{ key: "edge", operator: "Exists", effect: "NoSchedule" }]],
            [`${GP}.podTemplate.extraGatewayProxyLabels`, { exposure: "public" }, "Deployment/internal-gw", "spec.template.metadata.labels.exposure", "public"],
            [`${GP}.podTemplate.terminationGracePeriodSeconds`, 60, "Deployment/internal-gw", `${GLOO_POD}.terminationGracePeriodSeconds`, 60],
            [`${GP}.podTemplate.gracefulShutdown`, { enabled: true, sleepTimeSeconds: 20 }, "Deployment/internal-gw", `${GLOO_POD}.containers[name=internal-gw].lifecycle.preStop.exec.command`, GRACEFUL],
            [`${GP}.topologySpreadConstraints`, TSC, "Deployment/internal-gw", `${GLOO_POD}.topologySpreadConstraints`, TSC],
            // The Service's annotations are the proxy's own; a nodePort is rendered for NodePort only.
            [`${GP}.service.httpNodePort`, 30080, "Service/internal-gw", "spec.ports[name=http].nodePort", ABSENT],
        ],
    },
    "ClusterIP, HPA on the default proxy with replicas null, a disabled proxy, Gateways off": {
        rows: [
            [`${GP}.service.type`, "ClusterIP", "Service/gateway-proxy", "spec.type", "ClusterIP"],
            [`${GP}.service.clusterIP`, "None", "Service/gateway-proxy", "spec.clusterIP", "None"],
            [`${GP}.kind.deployment.replicas`, null, "Deployment/gateway-proxy", "spec.replicas", ABSENT],
            [`${GP}.horizontalPodAutoscaler`, { minReplicas: 2, maxReplicas: 4 }, "HorizontalPodAutoscaler/gateway-proxy-hpa", "spec.scaleTargetRef.name", "gateway-proxy"],
            // The default metric is CPU utilization: every container of the pod needs a CPU request.
            [`${GP}.podTemplate.resources`, { requests: { cpu: "100m" } }, "Deployment/gateway-proxy", `${GLOO_POD}.containers[name=gateway-proxy].resources`, { requests: { cpu: "100m" } }],
            ["global.glooMtls.sdsResources", { requests: { cpu: "50m" } }, "Deployment/gateway-proxy", `${GLOO_POD}.containers[name=sds].resources`, { requests: { cpu: "50m" } }],
            [`${GP}.gatewaySettings.enabled`, false, "Gateway/gateway-proxy", "", ABSENT],
            [`${GP}.gatewaySettings.enabled`, false, "Gateway/gateway-proxy-ssl", "", ABSENT],
            ["gatewayProxies.spare.disabled", true, "Deployment/spare", "", ABSENT],
            ["gatewayProxies.spare.disabled", true, "Service/spare", "", ABSENT],
            ["gatewayProxies.spare.disabled", true, "ConfigMap/spare-envoy-config", "", ABSENT],
            ["gatewayProxies.spare.disabled", true, "NetworkPolicy/gloo-mtls-spare", "", ABSENT],
            ["gatewayProxies.spare.disabled", true, "PodDisruptionBudget/spare-pdb", "", ABSENT],
        ],
    },
    "certgen Job and CronJob": {
        base: { certificates: { issuer: "certgen" }, gateway: { certGenJob: { cron: { enabled: true } } } },
        rows: [
            ["global.image.pullSecret", "regcred", "Job/gloo-mtls-certgen", `${GLOO_POD}.imagePullSecrets`, [{ name: "regcred" }]],
            ["global.image.pullSecret", "regcred", "CronJob/gloo-mtls-certgen-cronjob", `spec.jobTemplate.${GLOO_POD}.imagePullSecrets`, [{ name: "regcred" }]],
            ["global.image.pullSecret", "regcred", "ServiceAccount/certgen", "imagePullSecrets", ABSENT],
            ["gateway.certGenJob.resources", { requests: { cpu: "20m", memory: "48Mi" } }, "Job/gloo-mtls-certgen", `${GLOO_POD}.containers[name=certgen].resources`, { requests: { cpu: "20m", memory: "48Mi" } }],
            ["gateway.certGenJob.resources", { requests: { cpu: "20m", memory: "48Mi" } }, "CronJob/gloo-mtls-certgen-cronjob", `spec.jobTemplate.${GLOO_POD}.containers[name=certgen].resources`, { requests: { cpu: "20m", memory: "48Mi" } }],
        ],
    },
    "enterprise servers and Redis, images from a mirror": {
        base: { enterprise: { enabled: true, licenseKey: "test-license-not-real" }, global: { extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } } },
        secretKeys: ["enterprise"],
        rows: [
            ["global.image.pullSecret", "regcred", "Deployment/extauth", `${GLOO_POD}.imagePullSecrets`, [{ name: "regcred" }]],
            ["global.image.pullSecret", "regcred", "Deployment/rate-limit", `${GLOO_POD}.imagePullSecrets`, [{ name: "regcred" }]],
            ["global.image.pullSecret", "regcred", "Deployment/redis", `${GLOO_POD}.imagePullSecrets`, [{ name: "regcred" }]],
            ["global.extensions.extAuth.deployment.resources", { requests: { cpu: "100m" } }, "Deployment/extauth", `${GLOO_POD}.containers[name=extauth].resources`, { requests: { cpu: "100m" } }],
            ["global.extensions.rateLimit.deployment.resources", { requests: { cpu: "200m" } }, "Deployment/rate-limit", `${GLOO_POD}.containers[name=rate-limit].resources`, { requests: { cpu: "200m" } }],
            ["redis.deployment.resources", { limits: { memory: "512Mi" } }, "Deployment/redis", `${GLOO_POD}.containers[name=redis].resources`, { limits: { memory: "512Mi" } }],
            ["global.glooMtls.envoySidecarResources", SIDECAR_RES, "Deployment/extauth", `${GLOO_POD}.containers[name=envoy-sidecar].resources`, SIDECAR_RES],
            ["global.glooMtls.envoySidecarResources", SIDECAR_RES, "Deployment/rate-limit", `${GLOO_POD}.containers[name=envoy-sidecar].resources`, SIDECAR_RES],
            ["global.glooMtls.sdsResources", SDS_RES, "Deployment/extauth", `${GLOO_POD}.containers[name=sds].resources`, SDS_RES],
            ["global.glooMtls.sdsResources", SDS_RES, "Deployment/rate-limit", `${GLOO_POD}.containers[name=sds].resources`, SDS_RES],
            // Redis follows the mirror unless its own registry is set (the enterprise chart pins docker.io: see docs/enterprise.md).
            ["global.image.registry", "mirror.local/solo-io", "Deployment/redis", `${GLOO_POD}.containers[name=redis].image`, "mirror.local/solo-io/redis:7.2.5"],
            ["redis.deployment.image.tag", "7.2.5", "Deployment/redis", `${GLOO_POD}.containers[name=redis].image`, "mirror.local/solo-io/redis:7.2.5"],
            ["redis.deployment.image.pullPolicy", "Always", "Deployment/redis", `${GLOO_POD}.containers[name=redis].imagePullPolicy`, "Always"],
        ],
    },
    "Redis with a registry of its own": {
        base: { enterprise: { enabled: true, licenseKey: "test-license-not-real" }, global: { image: { registry: "mirror.local/solo-io" }, extensions: { rateLimit: { enabled: true } } } },
        secretKeys: ["enterprise"],
        rows: [
            ["redis.deployment.image.registry", "docker.io", "Deployment/redis", `${GLOO_POD}.containers[name=redis].image`, "docker.io/redis:7.2.4"],
        ],
    },
};

/** The bootstrap endpoints a row names as `xds.*` / `rest.*` on a ConfigMap. */
function bootstrapField(obj: any, path: string): unknown {
    const b = YAML.parse(obj.data["envoy.yaml"]);
    const xds = b.static_resources.clusters.find((c: any) => c.alt_stat_name === "xds_cluster");
    const rest = b.static_resources.clusters.find((c: any) => c.name === "rest_xds_cluster");
    const sa = (c: any) => c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;
    const v = { xds: { name: xds.name, address: sa(xds).address, port: sa(xds).port_value }, rest: { address: sa(rest).address, port: sa(rest).port_value } };
    return at(v, path);
}

for (const [group, g] of Object.entries(GROUPS)) {
    describe(`production keys: ${group}`, { timeout: 60_000 }, () => {
        let r: Checked;
        const config: Record<string, any> = structuredClone(g.base ?? {});
        for (const [key, value] of g.rows) setKey(config, key, value);
        before(async () => (r = await runChecked({ config, secretKeys: g.secretKeys })));

        for (const [key, value, object, path, expected] of g.rows) {
            it(`${key} = ${JSON.stringify(value)} → ${object} ${path || "(exists?)"}`, () => {
                const [kind, name] = object.split("/");
                const obj = r.maybe(kind, name);
                if (path === "") return assert.equal(obj, expected === ABSENT ? undefined : obj, `${object} should ${expected === ABSENT ? "not " : ""}exist`);
                assert.ok(obj, `${object} exists`);
                const got = /^(xds|rest)\./.test(path) ? bootstrapField(obj, path) : atQuoted(obj, path);
                if (expected === ABSENT) assert.equal(got, undefined);
                else assert.deepEqual(got, expected);
            });
        }
    });
}

/** `at` with `['dotted.key']` segments for annotation and label names. */
function atQuoted(obj: unknown, path: string): unknown {
    const m = /^(.*?)\['([^']+)'\](.*)$/.exec(path);
    if (!m) return at(obj, path);
    const head = at(obj, m[1]) as Record<string, unknown> | undefined;
    const v = head?.[m[2]];
    return m[3] ? at(v, m[3].replace(/^\./, "")) : v;
}

describe("the table covers every production key", () => {
    it("each key of the issue appears in at least one row", () => {
        const keys = new Set(Object.values(GROUPS).flatMap((g) => g.rows.map((row) => row[0])));
        const covered = (k: string) => [...keys].some((x) => x === k || x.startsWith(`${k}.`) || k.startsWith(`${x}.`));
        const ISSUE_KEYS = [
            ...["replicas", "resources", "nodeSelector", "tolerations", "affinity", "priorityClassName", "extraGlooLabels", "extraGlooAnnotations", "customEnv"].map((k) => `gloo.deployment.${k}`),
            "global.glooMtls.envoySidecarResources",
            "global.glooMtls.sdsResources",
            "global.image.pullSecret",
            ...[
                "disabled",
                "kind.deployment.replicas",
                "kind.deployment.priorityClassName",
                ...["resources", "nodeSelector", "tolerations", "extraAnnotations", "extraGatewayProxyLabels", "httpPort", "httpsPort", "terminationGracePeriodSeconds", "gracefulShutdown"].map((k) => `podTemplate.${k}`),
                "affinity",
                "antiAffinity",
                "topologySpreadConstraints",
                ...["type", "httpPort", "httpsPort", "extraAnnotations", "loadBalancerIP", "loadBalancerSourceRanges", "externalTrafficPolicy", "clusterIP", "httpNodePort", "httpsNodePort"].map((k) => `service.${k}`),
                "podDisruptionBudget",
                "horizontalPodAutoscaler",
                "gatewaySettings.enabled",
                "gatewaySettings.useProxyProto",
                "xdsServiceAddress",
                "xdsServicePort",
            ].map((k) => `gatewayProxies.*.${k}`),
            "global.extensions.extAuth.deployment.resources",
            "global.extensions.rateLimit.deployment.resources",
            "redis.deployment.resources",
            "redis.deployment.image",
            "gateway.certGenJob.resources",
        ];
        const missing = ISSUE_KEYS.filter((k) => (k.includes("*") ? ![GP, IG, "gatewayProxies.spare"].some((p) => covered(k.replace("gatewayProxies.*", p))) : !covered(k)));
        assert.deepEqual(missing, []);
    });
});
