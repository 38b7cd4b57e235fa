// The schema of one `gatewayProxies.<key>` entry and of `gloo.deployment`: the chart 1.22.1 value paths
// this program supports, each with the API server's syntax rules. `null` is accepted where the chart's users
// write it to cancel a value an extra proxy would inherit from `gatewayProxy` (or to drop a default).
// Rules that span keys (merge results, names, service type interplay) are in ./proxies.
import { z } from "zod";
import { glooField } from "./gloo-crd-check";
import { imageOverride } from "./image";
import { affinity, annotationMap, cidr, envVar, int32, ipAddress, labelMap, labelSelector, port, probe, quantity, resources, toleration, topologySpreadConstraints } from "./k8s-shapes";
import { configMapOverride, deploymentOverride, hpaOverride, pdbOverride, serviceOverride, workloadOverride } from "./overrides";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A value an extra proxy may set to null to drop what it would inherit. */
const cancelable = <T extends z.ZodType>(s: T) => s.nullable().optional();

const priorityClassName = z.string().max(253).regex(DNS1123_SUBDOMAIN, "must be a PriorityClass name (a DNS-1123 subdomain)");
const replicas = int32(0, "must be 0 or more");

// Ports Envoy binds inside the pod: restricted pods drop every capability, so nothing below 1024 (no NET_BIND_SERVICE).
const containerPort = z
    .number()
    .int()
    .min(1024, "must be 1024 to 65535: the proxy runs without capabilities (PSS restricted), so it cannot bind a privileged port")
    .max(65535, "must be 1024 to 65535");

/** An int or a percentage, as PodDisruptionBudget fields take them. */
export const intOrPercent = z.union([
    int32(0, "must be 0 or more"),
    z.string().regex(/^(100|[1-9]?\d)%$/, 'must be a whole number or a percentage 0% to 100%, e.g. 1 or "50%"'),
]);

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer"] as const;
const serviceType = z.string().superRefine((t, ctx) => {
    if ((SERVICE_TYPES as readonly string[]).includes(t)) return;
    const why =
        t === "ExternalName"
            ? "ExternalName makes a DNS alias to another host and selects no pods, so it cannot expose a gateway proxy"
            : "Kubernetes knows ClusterIP, NodePort, LoadBalancer and ExternalName";
    ctx.addIssue({ code: "custom", input: t, message: `${why} (allowed here: ${SERVICE_TYPES.join(", ")})` });
});

// autoscaling/v2 MetricSpec and HorizontalPodAutoscalerBehavior.
const metricTarget = z
    .strictObject({
        type: z.enum(["Utilization", "Value", "AverageValue"]),
        averageUtilization: int32(1).optional(),
        averageValue: quantity.optional(),
        value: quantity.optional(),
    })
    .superRefine((t, ctx) => {
        const need = { Utilization: "averageUtilization", AverageValue: "averageValue", Value: "value" }[t.type] as "averageUtilization" | "averageValue" | "value";
        if (t[need] === undefined) ctx.addIssue({ code: "custom", input: t, path: [need], message: `required with type ${t.type}` });
    });
const metricIdentifier = z.strictObject({ name: z.string().min(1), selector: labelSelector.optional() });
const METRIC_SOURCES = { Resource: "resource", ContainerResource: "containerResource", Pods: "pods", Object: "object", External: "external" } as const;
const metric = z
    .strictObject({
        type: z.enum(["Resource", "ContainerResource", "Pods", "Object", "External"]),
        resource: z.strictObject({ name: z.string().min(1), target: metricTarget }).optional(),
        containerResource: z.strictObject({ name: z.string().min(1), container: z.string().min(1), target: metricTarget }).optional(),
        pods: z.strictObject({ metric: metricIdentifier, target: metricTarget }).optional(),
        object: z
            .strictObject({
                describedObject: z.strictObject({ apiVersion: z.string().optional(), kind: z.string().min(1), name: z.string().min(1) }),
                metric: metricIdentifier,
                target: metricTarget,
            })
            .optional(),
        external: z.strictObject({ metric: metricIdentifier, target: metricTarget }).optional(),
    })
    .superRefine((m, ctx) => {
        const want = METRIC_SOURCES[m.type];
        const given = Object.values(METRIC_SOURCES).filter((k) => m[k] !== undefined);
        if (given.length !== 1 || given[0] !== want) {
            ctx.addIssue({ code: "custom", input: m, message: `type ${m.type} needs exactly the field ${want}` });
            return;
        }
        // validateMetricSpec: which target types each source takes.
        const target = m[want]!.target;
        const allowed = { Resource: ["Utilization", "AverageValue"], ContainerResource: ["Utilization", "AverageValue"], Pods: ["AverageValue"], Object: ["Value", "AverageValue"], External: ["Value", "AverageValue"] }[m.type];
        if (!allowed.includes(target.type)) {
            ctx.addIssue({ code: "custom", input: target.type, path: [want, "target", "type"], message: `a ${m.type} metric takes a target of type ${allowed.join(" or ")} (the API server refuses ${target.type})` });
        }
        const extra = (["averageUtilization", "averageValue", "value"] as const).filter((f) => target[f] !== undefined && f !== { Utilization: "averageUtilization", AverageValue: "averageValue", Value: "value" }[target.type]);
        for (const f of extra) ctx.addIssue({ code: "custom", input: target[f], path: [want, "target", f], message: `has no effect with target type ${target.type}` });
        if (m.type === "Resource" || m.type === "ContainerResource") {
            const name = (m.resource ?? m.containerResource)!.name;
            if (!["cpu", "memory", "ephemeral-storage"].includes(name) && !name.includes("/")) {
                ctx.addIssue({ code: "custom", input: name, path: [want, "name"], message: "must be a resource the pod's containers request, e.g. cpu or memory" });
            }
        }
    });
const scalingRules = z.strictObject({
    stabilizationWindowSeconds: z.number().int().min(0).max(3600, "must be 0 to 3600").optional(),
    selectPolicy: z.enum(["Max", "Min", "Disabled"]).optional(),
    policies: z
        .array(z.strictObject({ type: z.enum(["Pods", "Percent"]), value: int32(1), periodSeconds: z.number().int().min(1).max(1800, "must be 1 to 1800") }))
        .optional(),
});

const hpaBehavior = z.strictObject({ scaleUp: scalingRules.optional(), scaleDown: scalingRules.optional() });

/** Envoy's `--log-level` values. */
export const ENVOY_LOG_LEVELS = ["trace", "debug", "info", "warning", "warn", "error", "critical", "off"] as const;
/** The levels gloo's LOG_LEVEL takes (zapcore.Level). */
export const GLOO_LOG_LEVELS = ["debug", "info", "warn", "error", "dpanic", "panic", "fatal"] as const;

/** An argument the chart `quote`s into Envoy's command line. */
const envoyArg = z.union([z.string().min(1, "must not be empty"), z.number(), z.boolean()]).transform((v) => String(v));

const hpa = z.strictObject({
    // The chart writes this value verbatim into the object; only v2 exists on supported Kubernetes versions.
    apiVersion: z
        .string()
        .refine((v) => v === "autoscaling/v2", "only autoscaling/v2 is supported (v2beta2 was removed in Kubernetes 1.26; v1 has no metrics or behavior); leave it unset or write autoscaling/v2")
        .optional(),
    minReplicas: int32(1).optional(),
    maxReplicas: int32(1).optional(),
    metrics: z.array(metric).optional(),
    behavior: hpaBehavior.optional(),
    kubeResourceOverride: cancelable(hpaOverride),
});

const host = z
    .string()
    .max(253, "must be at most 253 characters (a DNS name)")
    .refine((v) => DNS1123_SUBDOMAIN.test(v) || ipAddress.safeParse(v).success, "must be a DNS name (lowercase, e.g. xds-relay.gloo-system.svc.cluster.local) or an IP address")
    .refine((v) => ipAddress.safeParse(v).success || v.split(".").every((l) => l.length <= 63), "each label of a DNS name must be at most 63 characters (it is dialled and sent as SNI)");

/**
 * `gatewayProxies.<key>.gatewaySettings`: the proxy's two Gateways (chart `_8-default-gateways.tpl`). The Gloo
 * objects the chart copies verbatim into them are checked against the Gateway CRD's schema at their field.
 */
export const gatewaySettingsSchema = z.strictObject({
    enabled: z.boolean().optional(),
    disableGeneratedGateways: z.boolean().optional(),
    disableHttpGateway: z.boolean().optional(),
    disableHttpsGateway: z.boolean().optional(),
    ipv4Only: z.boolean().optional(),
    useProxyProto: z.boolean().optional(),
    options: cancelable(glooField("Gateway", ["options"])),
    accessLoggingService: cancelable(glooField("Gateway", ["options", "accessLoggingService"])),
    customHttpGateway: cancelable(glooField("Gateway", ["httpGateway"])),
    customHttpsGateway: cancelable(glooField("Gateway", ["httpGateway"])),
});

/** One `gatewayProxies.<key>`: the keys of chart 1.22.1 this program supports. */
export const proxySchema = z.strictObject({
    disabled: cancelable(z.boolean()),
    kind: z
        .strictObject({
            // null removes the Deployment the chart defaults to: the proxy then runs as a DaemonSet (with daemonSet set).
            deployment: cancelable(z.strictObject({ replicas: cancelable(replicas), priorityClassName: cancelable(priorityClassName), customEnv: cancelable(z.array(envVar)) })),
            daemonSet: cancelable(z.strictObject({ hostPort: cancelable(z.boolean()), hostNetwork: cancelable(z.boolean()) })),
            // The chart's explicit choice, over deployment/daemonSet (gloo.gatewayProxyKindOverride).
            workloadType: cancelable(z.enum(["Deployment", "DaemonSet"])),
        })
        .optional(),
    podTemplate: z
        .strictObject({
            resources: cancelable(resources),
            nodeSelector: cancelable(labelMap),
            tolerations: cancelable(z.array(toleration)),
            extraAnnotations: cancelable(annotationMap),
            extraGatewayProxyLabels: cancelable(labelMap),
            httpPort: containerPort.optional(),
            httpsPort: containerPort.optional(),
            // int64 in the API; a grace period past int32 (68 years) is a typo all the same.
            terminationGracePeriodSeconds: cancelable(int32(0, "must be 0 or more")),
            gracefulShutdown: z.strictObject({ enabled: z.boolean().optional(), sleepTimeSeconds: int32(0, "must be 0 or more").optional() }).optional(),
            probes: cancelable(z.boolean()),
            livenessProbeEnabled: cancelable(z.boolean()),
            customReadinessProbe: cancelable(probe),
            customLivenessProbe: cancelable(probe),
            image: imageOverride.optional(),
        })
        .optional(),
    affinity: cancelable(affinity),
    antiAffinity: cancelable(z.boolean()),
    topologySpreadConstraints: cancelable(topologySpreadConstraints),
    service: z
        .strictObject({
            type: serviceType.optional(),
            httpPort: port.optional(),
            httpsPort: port.optional(),
            extraAnnotations: cancelable(annotationMap),
            loadBalancerIP: cancelable(ipAddress),
            loadBalancerSourceRanges: cancelable(z.array(cidr)),
            externalTrafficPolicy: cancelable(z.enum(["Cluster", "Local"])),
            clusterIP: cancelable(z.string().refine((v) => v === "None" || ipAddress.safeParse(v).success, 'must be "None" (headless) or an IP address')),
            httpNodePort: cancelable(port),
            httpsNodePort: cancelable(port),
            kubeResourceOverride: cancelable(serviceOverride),
        })
        .optional(),
    configMap: z.strictObject({ kubeResourceOverride: cancelable(configMapOverride) }).optional(),
    podDisruptionBudget: cancelable(
        z.strictObject({ minAvailable: cancelable(intOrPercent), maxUnavailable: cancelable(intOrPercent), kubeResourceOverride: cancelable(pdbOverride) }),
    ),
    horizontalPodAutoscaler: cancelable(hpa),
    gatewaySettings: gatewaySettingsSchema.optional(),
    envoyLogLevel: cancelable(z.enum(ENVOY_LOG_LEVELS)),
    extraEnvoyArgs: cancelable(z.array(envoyArg)),
    kubeResourceOverride: cancelable(workloadOverride),
    xdsServiceAddress: cancelable(host),
    xdsServicePort: cancelable(port),
    // Ours, not the chart's: a key of `clusters` (checked across keys); never inherited from gatewayProxy.
    cluster: cancelable(z.string()),
});

/** `gatewayProxies`: the chart's map; `gatewayProxy` is the default proxy and the base of every other one. */
export const gatewayProxiesSchema = z.record(z.string(), proxySchema);

/** `gloo.deployment`: the control plane's Deployment. */
export const glooDeploymentSchema = z.strictObject({
    image: imageOverride.optional(),
    replicas: replicas.optional(),
    resources: resources.optional(),
    nodeSelector: labelMap.optional(),
    tolerations: z.array(toleration).optional(),
    affinity: affinity.optional(),
    priorityClassName: priorityClassName.optional(),
    extraGlooLabels: labelMap.optional(),
    extraGlooAnnotations: annotationMap.optional(),
    customEnv: z.array(envVar).optional(),
    kubeResourceOverride: deploymentOverride.optional(),
});

/** `gloo.podDisruptionBudget`: PodDisruptionBudget `gloo-pdb` (chart `1-gloo-pod-disruption-budget.yaml`). */
export const glooPdbSchema = z.strictObject({ minAvailable: intOrPercent.optional(), maxUnavailable: intOrPercent.optional() });

