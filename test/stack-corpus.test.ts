// A corpus of small stack configurations, each one mistake a user makes (or a valid neighbour of it), through the
// pure validation the program runs first (checkStackConfig: the same rules GlooInstall applies to its arguments).
// Every mistake class must be refused naming its key, or warned where Kubernetes accepts it but it does nothing;
// every valid neighbour must pass without a word; nothing may throw anything but a ConfigError. Cheap: no program
// run. The limits are Kubernetes' own (apimachinery validation, resource.Quantity, the API types' int32 fields).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { engineConfig } from "../render/program";
import { readStackFile } from "../render/stack-file";
import { ConfigError, checkStackConfig } from "../stacks/config";

type Config = Record<string, unknown>;
interface Outcome {
    problems: string[];
    warnings: string[];
}

function check(config: Config): Outcome {
    try {
        return { problems: [], warnings: checkStackConfig(engineConfig(config)).warnings };
    } catch (e) {
        assert.ok(e instanceof ConfigError, `not a ConfigError: ${String(e)}`);
        return { problems: e.problems, warnings: [] };
    }
}

const gp = (v: Config, key = "gatewayProxy"): Config => ({ gatewayProxies: { [key]: v } });
const res = (requests: Config, limits?: Config) => ({ requests, ...(limits ? { limits } : {}) });
const cron = (c: Config, more: Config = {}): Config => ({ ...more, gateway: { certGenJob: { ...((more.gateway as any)?.certGenJob ?? {}), cron: { enabled: true, ...c } } } });
const INT32 = 2147483647;
const name = (n: number) => "a".repeat(n);
const CPU_REQUESTS = { podTemplate: { resources: res({ cpu: "200m" }) } };
const SDS_CPU = { global: { glooMtls: { sdsResources: res({ cpu: "50m" }) } } };
const SPREAD = (labelSelector: Config | undefined, more: Config = {}) => [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", ...(labelSelector ? { labelSelector } : {}), ...more }];
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

/** [what, config, the key the message must start with (config key without the project), what else it must say]. */
type Case = [what: string, config: Config, key: string, says: RegExp];

const REFUSED: Case[] = [
    // Values the API server rejects: int32 fields.
    ["replicas beyond int32", gp({ kind: { deployment: { replicas: INT32 + 1 } } }), "gatewayProxies.gatewayProxy.kind.deployment.replicas", /at most 2147483647/],
    ["gloo replicas beyond int32", { gloo: { deployment: { replicas: 2 ** 32 } } }, "gloo.deployment.replicas", /at most 2147483647/],
    ["maxReplicas beyond int32", gp({ horizontalPodAutoscaler: { maxReplicas: INT32 + 1 } }), "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.maxReplicas", /at most 2147483647/],
    ["minReplicas beyond int32", gp({ horizontalPodAutoscaler: { minReplicas: 1e10, maxReplicas: 3 } }), "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.minReplicas", /at most 2147483647/],
    ["terminationGracePeriodSeconds beyond int32", gp({ podTemplate: { terminationGracePeriodSeconds: 3e9 } }), "gatewayProxies.gatewayProxy.podTemplate.terminationGracePeriodSeconds", /at most 2147483647/],
    ["a budget beyond int32", gp({ kind: { deployment: { replicas: 3 } }, podDisruptionBudget: { maxUnavailable: INT32 + 1 } }), "gatewayProxies.gatewayProxy.podDisruptionBudget.maxUnavailable", /2147483647|whole number/],
    ["maxSkew beyond int32", gp({ topologySpreadConstraints: SPREAD({ matchLabels: { "gateway-proxy-id": "gateway-proxy" } }, { maxSkew: INT32 + 1 }) }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[0].maxSkew", /at most 2147483647/],
    ["averageUtilization beyond int32", gp({ horizontalPodAutoscaler: { maxReplicas: 3, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: INT32 + 1 } } }] } }), "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.metrics[0].resource.target.averageUtilization", /at most 2147483647/],
    ["a fractional replica count", gp({ kind: { deployment: { replicas: 1.5 } } }), "gatewayProxies.gatewayProxy.kind.deployment.replicas", /integer|int/],
    // Extended resources and hugepages.
    ["an extended resource requested without a limit", gp({ podTemplate: { resources: res({ "nvidia.com/gpu": 1 }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests.nvidia.com/gpu", /needs limits\.nvidia\.com\/gpu/],
    ["an extended resource requested below its limit", gp({ podTemplate: { resources: res({ "nvidia.com/gpu": 1 }, { "nvidia.com/gpu": 2 }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests.nvidia.com/gpu", /must equal limits/],
    ["half an extended resource", { gloo: { deployment: { resources: res({}, { "example.com/dongle": "500m" }) } } }, "gloo.deployment.resources.limits.example.com/dongle", /whole number/],
    ["a kubernetes.io resource", { gloo: { deployment: { resources: res({ "kubernetes.io/foo": 1 }) } } }, "gloo.deployment.resources.requests", /kubernetes\.io resource/],
    ["a quota name as a resource", { gloo: { deployment: { resources: res({ "requests.cpu": 1 }) } } }, "gloo.deployment.resources.requests", /must be cpu, memory/],
    ["hugepages without cpu or memory", gp({ podTemplate: { resources: res({ "hugepages-2Mi": "4Mi" }, { "hugepages-2Mi": "4Mi" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources", /need a cpu or memory/],
    ["hugepages not a multiple of the page", gp({ podTemplate: { resources: res({ memory: "64Mi" }, { "hugepages-2Mi": "3Mi", memory: "64Mi" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.limits.hugepages-2Mi", /multiple of the page size/],
    ["a page size that is no quantity", gp({ podTemplate: { resources: res({ "hugepages-big": "2Mi" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests", /page size/],
    // Quantities.
    ["memory 256m (a quarter of a byte)", gp({ podTemplate: { resources: res({ memory: "256m" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests.memory", /fraction of a byte.*256Mi/],
    ["memory 0.5", { global: { glooMtls: { sdsResources: res({}, { memory: 0.5 }) } } }, "global.glooMtls.sdsResources.limits.memory", /fraction of a byte/],
    ["a memory limit without a suffix", { gloo: { deployment: { resources: res({}, { memory: 512 }) } } }, "gloo.deployment.resources.limits.memory", /512 bytes.*512Mi/],
    ["cpu in mebibytes", gp({ podTemplate: { resources: res({ cpu: "256Mi" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests.cpu", /byte unit on a CPU count/],
    ["cpu in kilo", { gloo: { deployment: { resources: res({ cpu: "1k" }) } } }, "gloo.deployment.resources.requests.cpu", /never schedule/],
    ["ephemeral-storage in millibytes", gp({ podTemplate: { resources: res({ "ephemeral-storage": "100m" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests.ephemeral-storage", /fraction of a byte/],
    ["a quantity with a unit typo", gp({ podTemplate: { resources: res({ memory: "256MB" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests.memory", /Kubernetes quantity/],
    ["a quantity in lowercase binary", gp({ podTemplate: { resources: res({ memory: "256mi" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests.memory", /Kubernetes quantity/],
    ["an infinite quantity", gp({ podTemplate: { resources: res({ cpu: "1e400" }) } }), "gatewayProxies.gatewayProxy.podTemplate.resources.requests.cpu", /too large/],
    ["a negative quantity", { redis: { deployment: { resources: res({ cpu: "-1" }) } }, enterprise: { enabled: true, licenseKey: "k" }, global: { extensions: { rateLimit: { enabled: true } } } }, "redis.deployment.resources.requests.cpu", /negative/],
    ["a request above its limit", { gateway: { certGenJob: { resources: res({ memory: "1Gi" }, { memory: "64Mi" }) } } }, "gateway.certGenJob.resources.requests.memory", /above the limit/],
    // Annotations.
    ["annotations over 256 KiB", gp({ podTemplate: { extraAnnotations: { "example.com/blob": "x".repeat(256 * 1024) } } }), "gatewayProxies.gatewayProxy.podTemplate.extraAnnotations", /256 KiB/],
    ["Service annotations over 256 KiB", gp({ service: { extraAnnotations: { a: "x".repeat(200 * 1024), b: "y".repeat(100 * 1024) } } }), "gatewayProxies.gatewayProxy.service.extraAnnotations", /256 KiB/],
    ["gloo annotations over 256 KiB with the program's", { gloo: { deployment: { extraGlooAnnotations: { a: "x".repeat(256 * 1024 - 100) } } } }, "gloo.deployment.extraGlooAnnotations", /256 KiB/],
    ["inherited and own annotations together over 256 KiB", { gatewayProxies: { gatewayProxy: { podTemplate: { extraAnnotations: { a: "x".repeat(150 * 1024) } } }, publicGw: { podTemplate: { extraAnnotations: { b: "y".repeat(150 * 1024) } } } } }, "gatewayProxies.publicGw.podTemplate.extraAnnotations", /256 KiB/],
    ["an annotation key over 63", gp({ podTemplate: { extraAnnotations: { [name(64)]: "x" } } }), "gatewayProxies.gatewayProxy.podTemplate.extraAnnotations", /1 to 63/],
    // DNS names, the derived ones included.
    ["a cluster domain label over 63", { k8s: { clusterName: `${name(64)}.local` } }, "k8s.clusterName", /63/],
    ["a cluster domain over 253", { k8s: { clusterName: Array(5).fill(name(60)).join(".") } }, "k8s.clusterName", /253/],
    ["gloo's FQDN over 253 from clusterName", { k8s: { clusterName: Array(4).fill(name(60)).join(".") } }, "k8s.clusterName", /gloo's name .* more than the 253/],
    ["gloo's FQDN over 253 from namespace and clusterName", { namespace: name(63), k8s: { clusterName: [name(60), name(60), name(60)].join(".") } }, "k8s.clusterName", /more than the 253/],
    ["a namespace over 63", { namespace: name(64) }, "namespace", /63/],
    ["xdsExternal.address with a label over 63", { gloo: { xdsExternal: { address: `${name(64)}.example.com`, service: { loadBalancerSourceRanges: ["10.0.0.0/8"] } } } }, "gloo.xdsExternal.address", /63 characters/],
    ["xdsExternal.address over 253", { gloo: { xdsExternal: { address: Array(5).fill(name(60)).join("."), service: { loadBalancerSourceRanges: ["10.0.0.0/8"] } } } }, "gloo.xdsExternal.address", /253/],
    ["xdsServiceAddress with a label over 63", gp({ xdsServiceAddress: `${name(64)}.example.com` }), "gatewayProxies.gatewayProxy.xdsServiceAddress", /63 characters/],
    ["a proxy name over 63", gp({}, name(64)), `gatewayProxies.${name(64)}`, /at most 63/],
    ["a proxy name whose checksum annotation is over 63", gp({}, `p${name(50)}`), `gatewayProxies.p${name(50)}`, /annotation checksum\/.* at most 50/],
    ["a camelCase proxy name whose kebabcase is over 63", gp({}, `a${"Bc".repeat(25)}`), `gatewayProxies.a${"Bc".repeat(25)}`, /kebabcase|63|50/],
    ["a pull secret name over 253", { global: { image: { pullSecret: `a.${name(252)}` } } }, "global.image.pullSecret", /253/],
    ["a priorityClassName over 253", { gloo: { deployment: { priorityClassName: name(254) } } }, "gloo.deployment.priorityClassName", /./],
    ["a clusters key over 63", { clusters: { [name(64)]: { context: "x" } } }, `clusters`, /DNS-1123 label/],
    ["an env secretKeyRef name that is no Secret name", { gloo: { deployment: { customEnv: [{ name: "X", valueFrom: { secretKeyRef: { name: "My_Secret", key: "k" } } }] } } }, "gloo.deployment.customEnv[0].valueFrom.secretKeyRef.name", /Secret name/],
    ["an env fieldRef the downward API lacks", { gloo: { deployment: { customEnv: [{ name: "X", valueFrom: { fieldRef: { fieldPath: "spec.hostname" } } }] } } }, "gloo.deployment.customEnv[0].valueFrom.fieldRef.fieldPath", /must be one of/],
    // Selectors, tolerations, topology.
    ["a toleration value that is no label value", gp({ podTemplate: { tolerations: [{ key: "k", operator: "Equal", value: "a b", effect: "NoSchedule" }] } }), "gatewayProxies.gatewayProxy.podTemplate.tolerations[0].value", /label value/],
    ["a selector value that is no label value", gp({ topologySpreadConstraints: SPREAD({ matchExpressions: [{ key: "gateway-proxy-id", operator: "In", values: ["gateway proxy"] }] }) }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values[0]", /label value/],
    ["a topologyKey that is no label key", gp({ topologySpreadConstraints: SPREAD({ matchLabels: { "gateway-proxy-id": "gateway-proxy" } }, { topologyKey: "zone name" }) }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[0].topologyKey", /node label key/],
    ["matchLabelKeys without labelSelector", gp({ topologySpreadConstraints: SPREAD(undefined, { matchLabelKeys: ["pod-template-hash"] }) }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[0].matchLabelKeys", /without labelSelector/],
    ["a matchLabelKey also in the selector", gp({ topologySpreadConstraints: SPREAD({ matchLabels: { "gateway-proxy-id": "gateway-proxy" } }, { matchLabelKeys: ["gateway-proxy-id"] }) }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[0].matchLabelKeys[0]", /in both|also a key/],
    ["pod affinity matchLabelKeys without labelSelector", gp({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", matchLabelKeys: ["pod-template-hash"] }] } } }), "gatewayProxies.gatewayProxy.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys", /without labelSelector/],
    ["two constraints on one topology key", gp({ topologySpreadConstraints: [...SPREAD({ matchLabels: { "gateway-proxy-id": "gateway-proxy" } }), ...SPREAD({ matchLabels: { "gateway-proxy-id": "gateway-proxy" } }, { maxSkew: 2 })] }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[1]", /duplicates/],
    ["a spread constraint without selector (counts no pods)", gp({ topologySpreadConstraints: SPREAD(undefined) }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[0]", /no labelSelector/],
    ["a spread constraint that selects no pod of the proxy", gp({ topologySpreadConstraints: SPREAD({ matchLabels: { app: "gateway-proxy" } }) }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[0].labelSelector", /selects none of this proxy's pods/],
    ["a spread constraint that excludes the proxy by expression", gp({ topologySpreadConstraints: SPREAD({ matchExpressions: [{ key: "gateway-proxy", operator: "DoesNotExist" }] }) }), "gatewayProxies.gatewayProxy.topologySpreadConstraints[0].labelSelector", /selects none/],
    ["an extra proxy inheriting a selector of the default's pods", { gatewayProxies: { gatewayProxy: { topologySpreadConstraints: SPREAD({ matchLabels: { "gateway-proxy-id": "gateway-proxy" } }) }, publicGw: {} } }, "gatewayProxies.publicGw.topologySpreadConstraints[0].labelSelector", /inherited from .*selects none of this proxy's pods/],
    ["an extra proxy inheriting a selector of every proxy's pods", { gatewayProxies: { gatewayProxy: { topologySpreadConstraints: SPREAD({ matchLabels: { gloo: "gateway-proxy" } }) }, publicGw: {} } }, "gatewayProxies.publicGw.topologySpreadConstraints[0].labelSelector", /inherited from .*also selects the pods of gloo-mtls:gatewayProxies\.gatewayProxy/],
    // Values that deploy but break: budgets and autoscalers.
    ["minAvailable equal to replicas", gp({ kind: { deployment: { replicas: 2 } }, podDisruptionBudget: { minAvailable: 2 } }), "gatewayProxies.gatewayProxy.podDisruptionBudget.minAvailable", /allows no eviction/],
    ["minAvailable above replicas", gp({ podDisruptionBudget: { minAvailable: 3 } }), "gatewayProxies.gatewayProxy.podDisruptionBudget.minAvailable", /allows no eviction/],
    ["minAvailable 1 with the default single replica", gp({ podDisruptionBudget: { minAvailable: 1 } }), "gatewayProxies.gatewayProxy.podDisruptionBudget.minAvailable", /1 replica/],
    ["minAvailable 100%", gp({ kind: { deployment: { replicas: 5 } }, podDisruptionBudget: { minAvailable: "100%" } }), "gatewayProxies.gatewayProxy.podDisruptionBudget.minAvailable", /allows no eviction/],
    ["minAvailable 50% of one pod rounds up to it", gp({ podDisruptionBudget: { minAvailable: "50%" } }), "gatewayProxies.gatewayProxy.podDisruptionBudget.minAvailable", /allows no eviction/],
    ["minAvailable against the autoscaler's minimum", gp({ ...CPU_REQUESTS, kind: { deployment: { replicas: 5 } }, horizontalPodAutoscaler: { minReplicas: 2, maxReplicas: 6 }, podDisruptionBudget: { minAvailable: 2 } }, ), "gatewayProxies.gatewayProxy.podDisruptionBudget.minAvailable", /minReplicas 2/],
    ["an inherited minAvailable on a one-replica extra proxy", { gatewayProxies: { gatewayProxy: { kind: { deployment: { replicas: 3 } }, podDisruptionBudget: { minAvailable: 2 } }, publicGw: { kind: { deployment: { replicas: 2 } } } } }, "gatewayProxies.publicGw.podDisruptionBudget.minAvailable", /inherited from/],
    ["maxUnavailable 0%", gp({ kind: { deployment: { replicas: 3 } }, podDisruptionBudget: { maxUnavailable: "0%" } }), "gatewayProxies.gatewayProxy.podDisruptionBudget.maxUnavailable", /allows no eviction/],
    ["an HPA on CPU without a CPU request on the proxy", { ...SDS_CPU, ...gp({ horizontalPodAutoscaler: { maxReplicas: 4, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] } }) }, "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.metrics[0]", /container gateway-proxy has no cpu request/],
    ["an HPA on CPU without a CPU request on sds", gp({ ...CPU_REQUESTS, horizontalPodAutoscaler: { maxReplicas: 4, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] } }), "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.metrics[0]", /container sds has no cpu request.*global\.glooMtls\.sdsResources\.requests\.cpu/],
    ["an HPA with default metrics and no requests", gp({ horizontalPodAutoscaler: { maxReplicas: 4 } }), "gatewayProxies.gatewayProxy.horizontalPodAutoscaler", /80% CPU utilization/],
    ["an HPA on memory without memory requests", { ...SDS_CPU, ...gp({ ...CPU_REQUESTS, horizontalPodAutoscaler: { maxReplicas: 4, metrics: [{ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 70 } } }] } }) }, "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.metrics[0]", /no memory request/],
    ["an HPA on a container the pod lacks", gp({ horizontalPodAutoscaler: { maxReplicas: 4, metrics: [{ type: "ContainerResource", containerResource: { name: "cpu", container: "envoy", target: { type: "Utilization", averageUtilization: 70 } } }] } }), "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.metrics[0]", /container "envoy" is not in this proxy's pods/],
    ["an HPA inherited by a proxy without requests", { ...SDS_CPU, gatewayProxies: { gatewayProxy: { ...CPU_REQUESTS, horizontalPodAutoscaler: { maxReplicas: 4 } }, publicGw: { podTemplate: { resources: null } } } }, "gatewayProxies.publicGw.horizontalPodAutoscaler", /container public-gw has no cpu request/],
    ["a Pods metric with a Utilization target", gp({ horizontalPodAutoscaler: { maxReplicas: 4, metrics: [{ type: "Pods", pods: { metric: { name: "rps" }, target: { type: "Utilization", averageUtilization: 50 } } }] } }), "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.metrics[0].pods.target.type", /AverageValue/],
    ["a Resource metric with a Value target", gp({ horizontalPodAutoscaler: { maxReplicas: 4, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Value", value: "1" } } }] } }), "gatewayProxies.gatewayProxy.horizontalPodAutoscaler.metrics[0].resource.target.type", /Utilization or AverageValue/],
    // Rotation settings that harm.
    ["a CronJob every minute", cron({ schedule: "* * * * *" }), "gateway.certGenJob.cron.schedule", /fires every 1m at the shortest, but one rotation takes about 3m10s/],
    ["a CronJob @every 30s", cron({ schedule: "@every 30s" }), "gateway.certGenJob.cron.schedule", /fires every 30s/],
    ["a CronJob every 2 minutes", cron({ schedule: "*/2 * * * *" }), "gateway.certGenJob.cron.schedule", /fires every 2m/],
    ["rotationDuration 10h with @hourly", cron({ schedule: "@hourly" }, { gateway: { certGenJob: { rotationDuration: "10h" } } }), "gateway.certGenJob.cron.schedule", /fires every 1h .* 20h1m/],
    ["rotationDuration longer than the default weekly schedule", cron({}, { gateway: { certGenJob: { rotationDuration: "100h" } } }), "gateway.certGenJob.rotationDuration", /schedule "0 3 \* \* 0"\) fires every 7d/],
    ["two runs an hour apart on some days", cron({ schedule: "0 2,3 * * *" }, { gateway: { certGenJob: { rotationDuration: "40m" } } }), "gateway.certGenJob.cron.schedule", /fires every 1h at the shortest/],
    ["a schedule on February 30", cron({ schedule: "0 0 30 2 *" }), "gateway.certGenJob.cron.schedule", /never runs/],
    ["a schedule on April 31", cron({ schedule: "0 0 31 4 *" }), "gateway.certGenJob.cron.schedule", /never runs/],
    ["a first leaf that expires before the weekly run", cron({}, { certificates: { leafValidityDays: 3 } }), "certificates.leafValidityDays", /expire before the first rotation/],
    ["a first leaf that expires before the monthly run", cron({ schedule: "@monthly" }, { certificates: { leafValidityDays: 30 } }), "certificates.leafValidityDays", /31d/],
    ["a first leaf that expires on the day of the yearly run", cron({ schedule: "@yearly" }, { certificates: { leafValidityDays: 365 } }), "certificates.leafValidityDays", /366d/],
    ["a CronJob on February 29: certgen's leaf dies long before the next run", cron({ schedule: "0 0 29 2 *" }, { certificates: { issuer: "certgen" } }), "gateway.certGenJob.cron.schedule", /issues for 365 days, but the next run may come up to 1461d later/],
    ["a yearly CronJob: certgen's 365-day leaf against a 366-day gap", cron({ schedule: "0 3 1 1 *" }), "gateway.certGenJob.cron.schedule", /issues for 365 days, but the next run may come up to 366d later/],
    ["rotationDuration under a minute", { certificates: { issuer: "certgen" }, gateway: { certGenJob: { rotationDuration: "30s" } } }, "gateway.certGenJob.rotationDuration", /at least 60s/],
    // Images.
    ["a digest that is not sha256", { gloo: { deployment: { image: { digest: "sha256:abc" } } } }, "gloo.deployment.image.digest", /image digest/],
    ["a digest in the tag", gp({ podTemplate: { image: { tag: `1.22.1@${DIGEST}` } } }), "gatewayProxies.gatewayProxy.podTemplate.image.tag", /image tag/],
    ["a digest on global.image", { global: { image: { digest: DIGEST } } }, "global.image.digest", /unknown key/],
    ["settings.ipV4Only as a string", { settings: { ipV4Only: "true" } }, "settings.ipV4Only", /expected boolean/],
    ["an unknown settings key", { settings: { ipv4Only: true } }, "settings.ipv4Only", /unknown key/],
];

const WARNED: Case[] = [
    ["certificate settings with mTLS and the webhook off", { global: { glooMtls: { enabled: false } }, gateway: { validation: { enabled: false } }, certificates: { leafValidityDays: 30 } }, "certificates.leafValidityDays", /Pulumi issues no certificate/],
    ["keyAlgorithm when certgen issues and the webhook is off", { certificates: { issuer: "certgen", keyAlgorithm: "RSA" }, gateway: { validation: { enabled: false } } }, "certificates.keyAlgorithm", /certgen makes its own keys/],
    ["leafValidityDays when certgen issues and the webhook is off", { certificates: { issuer: "certgen", leafValidityDays: 90 }, gateway: { validation: { enabled: false } } }, "certificates.leafValidityDays", /no effect/],
    ["the issuer with mTLS off", { global: { glooMtls: { enabled: false } }, certificates: { issuer: "certgen" } }, "certificates.issuer", /mtls|glooMtls\.enabled is false/i],
    ["CA generations with mTLS off", { global: { glooMtls: { enabled: false } }, certificates: { ca: { trusted: [1] } } }, "certificates.ca.trusted", /glooMtls\.enabled is false/],
    ["the CronJob's schedule with mTLS off", { global: { glooMtls: { enabled: false } }, gateway: { certGenJob: { cron: { enabled: true, schedule: "0 4 * * *" } } } }, "gateway.certGenJob.cron.schedule", /no CronJob is created/],
    ["the CronJob with mTLS off", { global: { glooMtls: { enabled: false } }, gateway: { certGenJob: { cron: { enabled: true } } } }, "gateway.certGenJob.cron.enabled", /no CronJob is created/],
    ["certgen resources with no certgen", { gateway: { certGenJob: { resources: res({ cpu: "10m" }) } } }, "gateway.certGenJob.resources", /no certgen Job or CronJob runs/],
    ["the certgen image with no certgen", { gateway: { certGenJob: { image: { digest: DIGEST } } } }, "gateway.certGenJob.image", /no certgen/],
    ["rotationDuration with mTLS off", { global: { glooMtls: { enabled: false } }, certificates: { issuer: "certgen" }, gateway: { certGenJob: { rotationDuration: "2m" } } }, "gateway.certGenJob.rotationDuration", /no effect/],
    ["sidecar resources with mTLS off", { global: { glooMtls: { enabled: false, sdsResources: res({ cpu: "10m" }) } } }, "global.glooMtls.sdsResources", /mTLS mode's sidecars/],
    ["extauth resources without extauth", { global: { extensions: { extAuth: { deployment: { resources: res({ cpu: "10m" }) } } } } }, "global.extensions.extAuth.deployment.resources", /no such server/],
    ["redis without rate limiting", { redis: { deployment: { image: { tag: "7.2.5" } } } }, "redis.deployment.image", /rate-limit/],
    ["an own tag beside an inherited digest", { gatewayProxies: { gatewayProxy: { podTemplate: { image: { digest: DIGEST } } }, publicGw: { podTemplate: { image: { tag: "1.22.3" } } } } }, "gatewayProxies.publicGw.podTemplate.image.tag", /pulls by the digest/],
    ["settings.ipV4Only with Gateways on ::", { settings: { ipV4Only: true } }, "gatewayProxies.gatewayProxy.gatewaySettings.ipv4Only", /bind "::"/],
    ["gloo with no replica", { gloo: { deployment: { replicas: 0 } } }, "gloo.deployment.replicas", /no control plane runs/],
    ["a license without enterprise", { enterprise: { licenseKey: "k" } }, "enterprise.licenseKey", /no license Secret/],
    ["an own selector that also counts another proxy's pods", { gatewayProxies: { gatewayProxy: { topologySpreadConstraints: SPREAD({ matchLabels: { gloo: "gateway-proxy" } }) }, publicGw: { topologySpreadConstraints: null } } }, "gatewayProxies.gatewayProxy.topologySpreadConstraints[0].labelSelector", /also selects the pods of/],
];

const VALID: [string, Config][] = [
    ["the defaults", {}],
    ["int32 at its bound", gp({ kind: { deployment: { replicas: 3 } }, podTemplate: { terminationGracePeriodSeconds: INT32 } })],
    ["an extended resource with equal request and limit", gp({ podTemplate: { resources: res({ "nvidia.com/gpu": 1, cpu: "1" }, { "nvidia.com/gpu": "1" }) } })],
    ["an extended resource by limit alone", gp({ podTemplate: { resources: res({}, { "example.com/dongle": 2 }) } })],
    ["hugepages with memory", gp({ podTemplate: { resources: res({ memory: "64Mi", "hugepages-2Mi": "4Mi" }, { memory: "64Mi", "hugepages-2Mi": "4Mi" }) } })],
    ["quantities in every legal form", gp({ podTemplate: { resources: res({ cpu: "0.5", memory: "268435456", "ephemeral-storage": "1G" }, { cpu: "1500m", memory: "1e9" }) } })],
    ["memory as a decimal of whole bytes", gp({ podTemplate: { resources: res({ memory: "1.5Gi" }) } })],
    ["annotations up to 200 KiB", gp({ podTemplate: { extraAnnotations: { "example.com/blob": "x".repeat(200 * 1024) } } })],
    ["a long but legal cluster domain", { k8s: { clusterName: `${name(63)}.${name(63)}.local` } }],
    ["a 50-character proxy name", gp({}, `p${name(49)}`)],
    ["minAvailable below replicas", gp({ kind: { deployment: { replicas: 3 } }, podDisruptionBudget: { minAvailable: 2 } })],
    ["minAvailable 50% of three", gp({ kind: { deployment: { replicas: 3 } }, podDisruptionBudget: { minAvailable: "50%" } })],
    ["maxUnavailable 1 with one replica", gp({ podDisruptionBudget: { maxUnavailable: 1 } })],
    ["maxUnavailable 10% rounds up to one pod", gp({ podDisruptionBudget: { maxUnavailable: "10%" } })],
    ["an HPA with CPU requests on every container", { ...SDS_CPU, ...gp({ ...CPU_REQUESTS, kind: { deployment: { replicas: null } }, horizontalPodAutoscaler: { minReplicas: 2, maxReplicas: 6 }, podDisruptionBudget: { minAvailable: 1 } }) }],
    ["an HPA whose requests come from limits", { global: { glooMtls: { sdsResources: res({}, { cpu: "100m" }) } }, ...gp({ podTemplate: { resources: res({}, { cpu: "1" }) }, horizontalPodAutoscaler: { maxReplicas: 3 } }) }],
    ["an HPA on one container's CPU", gp({ ...CPU_REQUESTS, horizontalPodAutoscaler: { maxReplicas: 4, metrics: [{ type: "ContainerResource", containerResource: { name: "cpu", container: "gateway-proxy", target: { type: "Utilization", averageUtilization: 60 } } }] } })],
    ["an HPA on an average value needs no requests", gp({ horizontalPodAutoscaler: { maxReplicas: 4, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "AverageValue", averageValue: "500m" } } }] } })],
    ["an HPA without mTLS needs no sds request", { global: { glooMtls: { enabled: false } }, ...gp({ ...CPU_REQUESTS, horizontalPodAutoscaler: { maxReplicas: 3 } }) }],
    ["a spread constraint on the proxy's own pods", gp({ topologySpreadConstraints: SPREAD({ matchLabels: { "gateway-proxy-id": "gateway-proxy" } }) })],
    ["an inherited spread constraint with matchLabelKeys", { gatewayProxies: { gatewayProxy: { topologySpreadConstraints: SPREAD({ matchLabels: { gloo: "gateway-proxy" } }, { matchLabelKeys: ["gateway-proxy-id"] }) }, publicGw: {} } }],
    ["an extra proxy with a spread constraint of its own", { gatewayProxies: { gatewayProxy: { topologySpreadConstraints: SPREAD({ matchLabels: { "gateway-proxy-id": "gateway-proxy" } }) }, publicGw: { topologySpreadConstraints: SPREAD({ matchLabels: { "gateway-proxy-id": "public-gw" } }) } } }],
    ["a spread constraint on an extra label", gp({ podTemplate: { extraGatewayProxyLabels: { tier: "edge" } }, topologySpreadConstraints: SPREAD({ matchExpressions: [{ key: "tier", operator: "In", values: ["edge"] }] }) })],
    ["a weekly CronJob", cron({})],
    ["a daily CronJob in a time zone", cron({ schedule: "30 2 * * *", timeZone: "Europe/Berlin" })],
    ["a CronJob every 5 minutes", cron({ schedule: "*/5 * * * *" })],
    ["a CronJob twice a year", cron({ schedule: "0 3 1 1,7 *" })],
    ["@every 12h with rotationDuration 2m", cron({ schedule: "@every 12h" }, { gateway: { certGenJob: { rotationDuration: "2m" } } })],
    ["a monthly CronJob with a 90-day leaf", cron({ schedule: "@monthly" }, { certificates: { leafValidityDays: 90 } })],
    ["certgen with the webhook on keeps keyAlgorithm", { certificates: { issuer: "certgen", keyAlgorithm: "RSA" } }],
    ["mTLS off with the webhook on keeps the validity", { global: { glooMtls: { enabled: false } }, certificates: { leafValidityDays: 90 } }],
    ["digests on every image block", {
        global: { glooMtls: { envoy: { image: { digest: DIGEST } }, sds: { image: { digest: DIGEST } } } },
        gloo: { deployment: { image: { digest: DIGEST } } },
        gateway: { certGenJob: { image: { digest: DIGEST }, cron: { enabled: true } } },
        ...gp({ podTemplate: { image: { tag: "1.22.1", digest: DIGEST } } }),
    }],
    ["settings.ipV4Only with IPv4 Gateways", { settings: { ipV4Only: true }, ...gp({ gatewaySettings: { ipv4Only: true } }) }],
    ["env from the downward API", { gloo: { deployment: { customEnv: [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }, { name: "ZONE", valueFrom: { fieldRef: { fieldPath: "metadata.labels['topology.kubernetes.io/zone']" } } }] } } }],
];

describe("stack corpus: refused, naming the key", () => {
    for (const [what, config, key, says] of REFUSED) {
        it(what, () => {
            const { problems } = check(config);
            const full = `gloo-mtls:${key}`;
            assert.ok(problems.some((p) => p.startsWith(full) && says.test(p)), `no problem starts with ${full} and matches ${says}:\n${problems.join("\n") || "(accepted)"}`);
        });
    }
});

describe("stack corpus: accepted with a warning naming the key", () => {
    for (const [what, config, key, says] of WARNED) {
        it(what, () => {
            const { problems, warnings } = check(config);
            assert.deepEqual(problems, []);
            const full = `gloo-mtls:${key}`;
            assert.ok(warnings.some((w) => w.startsWith(full) && says.test(w)), `no warning starts with ${full} and matches ${says}:\n${warnings.join("\n") || "(none)"}`);
        });
    }
});

describe("stack corpus: valid neighbours pass without a word", () => {
    for (const [what, config] of VALID) {
        it(what, () => assert.deepEqual(check(config), { problems: [], warnings: [] }));
    }
});

describe("stack corpus: the stack file as the Pulumi CLI reads it", () => {
    const read = (text: string) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "corpus-"));
        fs.writeFileSync(path.join(root, "Pulumi.s.yaml"), text);
        return readStackFile("s", root);
    };
    it("YAML merge keys are resolved", () => {
        const s = read("x-base: &base\n  replicas: 2\nconfig:\n  gloo-mtls:gloo:\n    deployment:\n      <<: *base\n      priorityClassName: high\n");
        assert.deepEqual(s.config["gloo-mtls:gloo"], { deployment: { replicas: 2, priorityClassName: "high" } });
    });
    it("merge keys in the config mapping itself", () => {
        const s = read("config: &c\n  <<: {gloo-mtls:namespace: edge}\n  gloo-mtls:crds: {enabled: false}\n");
        assert.deepEqual(s.config, { "gloo-mtls:namespace": "edge", "gloo-mtls:crds": { enabled: false } });
        assert.deepEqual(check(s.config), { problems: [], warnings: [] });
    });
    it("an unknown anchor or a merge of something else than a mapping is refused with the line, as the CLI refuses it", () => {
        assert.throws(() => read("config: *missing\n"), /Pulumi\.s\.yaml:1: unknown anchor \*missing/);
        assert.throws(() => read("config:\n  <<: *missing\n"), /Pulumi\.s\.yaml:2: unknown anchor \*missing in a merge key/);
        assert.throws(() => read("config:\n  <<: [1, 2]\n  gloo-mtls:namespace: a\n"), /Pulumi\.s\.yaml:2: a merge key \(<<\) takes a mapping/);
        assert.throws(() => read("config:\n  gloo-mtls:gloo:\n    deployment: *missing\n"), /Pulumi\.s\.yaml:3: gloo-mtls:gloo: Unresolved alias/);
        assert.throws(() => read("config:\n  gloo-mtls:gloo:\n    <<: 5\n"), /Pulumi\.s\.yaml:3: gloo-mtls:gloo: Merge sources must be maps/);
    });
    it("an empty value is what the CLI passes (an empty string), refused naming the key", () => {
        const s = read("config:\n  gloo-mtls:namespace:\n  gloo-mtls:gloo:\n");
        assert.deepEqual(s.config, { "gloo-mtls:namespace": "", "gloo-mtls:gloo": "" });
        const { problems } = check(s.config);
        assert.ok(problems.some((p) => p.startsWith('gloo-mtls:namespace: got ""')), problems.join("\n"));
        assert.ok(problems.some((p) => p.startsWith("gloo-mtls:gloo: got")), problems.join("\n"));
    });
    it(".inf, -.inf and .nan inside a structured value are refused with the line", () => {
        for (const v of [".inf", "-.Inf", ".nan"]) {
            assert.throws(() => read(`config:\n  gloo-mtls:gloo:\n    deployment:\n      replicas: ${v}\n`), new RegExp(`Pulumi\\.s\\.yaml:4: gloo-mtls:gloo\\.deployment\\.replicas is .*must be finite`));
        }
    });
    it("a top-level scalar keeps its text: .inf and 0x1F are not numbers to the CLI", () => {
        const s = read("config:\n  gloo-mtls:namespace: .inf\n");
        assert.equal(s.config["gloo-mtls:namespace"], ".inf");
        assert.ok(check(s.config).problems[0].startsWith('gloo-mtls:namespace: got ".inf"'));
        assert.equal(read("config:\n  gloo-mtls:namespace: 0x1F\n").config["gloo-mtls:namespace"], "0x1F");
    });
    it("a file that is only --- has no config (the defaults); a trailing --- is fine", () => {
        for (const text of ["---\n", "", "config:\n", "encryptionsalt: v1:abc\n"]) {
            const s = read(text);
            assert.deepEqual(s.config, {});
            // Legal (pulumi up deploys the defaults), so a warning, not a refusal: the user may have meant more.
            assert.match(s.warnings.join(), /holds no configuration .* the program's defaults are rendered/);
        }
        assert.deepEqual(read("config:\n  gloo-mtls:namespace: edge\n").warnings, []);
        assert.deepEqual(read("config:\n  gloo-mtls:namespace: edge\n---\n").config, { "gloo-mtls:namespace": "edge" });
    });
    it("a second document with content is refused: the CLI reads the first only", () => {
        assert.throws(() => read("config:\n  gloo-mtls:namespace: a\n---\nconfig:\n  gloo-mtls:namespace: b\n"), /Pulumi\.s\.yaml:4: a second YAML document/);
        assert.throws(() => read("---\n---\nconfig:\n  gloo-mtls:namespace: b\n"), /reads only the first \(here an empty one\)/);
    });
    it("a misspelled top-level config: is refused, not silently ignored", () => {
        for (const key of ["confg", "Config", "configs", "cofnig"]) {
            assert.throws(() => read(`${key}:\n  gloo-mtls:namespace: edge\n`), /Pulumi\.s\.yaml:1: unknown top-level key .*did you mean "config:"/, key);
        }
        assert.throws(() => read("settings:\n  gloo-mtls:namespace: edge\n"), /unknown top-level key "settings"; a stack file holds config, secretsprovider/);
        // A key the CLI ignores, holding anchors only, is ignored here too.
        assert.deepEqual(read("x-anchors:\n  ns: &ns edge\nconfig:\n  gloo-mtls:namespace: *ns\n").config, { "gloo-mtls:namespace": "edge" });
        assert.deepEqual(read("encryptionsalt: v1:abc\nconfig:\n  gloo-mtls:namespace: edge\n").config, { "gloo-mtls:namespace": "edge" });
        assert.match(read("environment:\n  - prod-env\nconfig:\n  gloo-mtls:namespace: edge\n").warnings.join(), /imports ESC environments/);
    });
});
