// The objects of one gateway proxy besides its pod (charts `7-…deployment`, `8-…service`, `8-…pod-disruption-budget`,
// `8-…horizontal-pod-autoscaler`, `_8-default-gateways.tpl`), as pure builders of their arguments.
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as autoscalingv2 from "@pulumi/kubernetes/autoscaling/v2";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import { ResolvedArgs } from "../args";
import { PORTS } from "../constants";
import { checksum, field } from "../pod";
import { applyOverride } from "./merge";
import { proxyBootstrapYaml, proxyConfigMapName, proxyLabels, proxyPodSpec, proxySelector } from "./pod";
import { ResolvedProxy } from "./types";

/**
 * `global.glooStats.setDatadogAnnotations`: Datadog's Envoy check on the stats listener. The chart names the
 * container `gateway-proxy` in these keys for every proxy, whatever its container's name; so does this.
 */
export const DATADOG_ANNOTATIONS: Record<string, string> = {
    "ad.datadoghq.com/gateway-proxy.check_names": '["envoy"]',
    "ad.datadoghq.com/gateway-proxy.init_configs": "[{}]",
    "ad.datadoghq.com/gateway-proxy.instances": '[{"stats_url": "http://%%host%%:8081/stats"}]',
    "ad.datadoghq.com/gateway-proxy.logs":
        '[{"source": "envoy", "service": "gloo","log_processing_rules":[{"type": "multi_line", "name": "log_start_with_date","pattern" : "^\\\\[[0-9]{4}-[0-9]{2}-[0-9]{2}"}]}]',
};

/** `global.glooStats.serviceMonitorEnabled`: Service `<name>-monitoring-service` on the stats port. */
export function proxyMonitoringServiceArgs(r: ResolvedArgs, p: ResolvedProxy): corev1.ServiceArgs | undefined {
    if (!r.stats.enabled || !r.stats.serviceMonitorEnabled) return undefined;
    return {
        metadata: { name: `${p.name}-monitoring-service`, namespace: r.namespace, labels: proxyLabels(p) },
        spec: { type: "ClusterIP", selector: proxySelector(p), ports: [{ name: "http-monitoring", port: PORTS.proxyStats }] },
    };
}

/** The proxy's pods: a Deployment (replicas when set) or, with `kind.deployment: null`, a DaemonSet (never replicas). */
export function proxyDeploymentArgs(r: ResolvedArgs, p: ResolvedProxy, bootstrapYaml: string): appsv1.DeploymentArgs & appsv1.DaemonSetArgs {
    return {
        metadata: { name: p.name, namespace: r.namespace, labels: proxyLabels(p) },
        spec: {
            ...field("replicas", p.replicas),
            selector: { matchLabels: proxySelector(p) },
            template: {
                metadata: {
                    labels: { ...proxySelector(p), "gateway-proxy": "live", ...p.extraLabels },
                    annotations: {
                        [`checksum/${proxyConfigMapName(p)}`]: checksum(bootstrapYaml),
                        ...p.extraAnnotations,
                        ...(r.stats.setDatadogAnnotations ? DATADOG_ANNOTATIONS : {}),
                        ...(r.stats.enabled ? { "prometheus.io/path": "/metrics", "prometheus.io/port": String(PORTS.proxyStats), "prometheus.io/scrape": "true" } : {}),
                    },
                },
                spec: proxyPodSpec(r, p),
            },
        },
    };
}

/** The Service: its type decides which of the type-specific fields the chart renders. */
export function proxyServiceArgs(r: ResolvedArgs, p: ResolvedProxy): corev1.ServiceArgs {
    const s = p.service;
    const nodePort = (n: number | undefined) => (s.type === "NodePort" ? field("nodePort", n) : {});
    return {
        metadata: { name: p.name, namespace: r.namespace, labels: proxyLabels(p), ...field("annotations", s.annotations) },
        spec: {
            type: s.type,
            ...field("externalTrafficPolicy", s.externalTrafficPolicy),
            selector: { "gateway-proxy-id": p.name, "gateway-proxy": "live" },
            // The chart leaves out the port of a Gateway switched off with disableHttpGateway / disableHttpsGateway.
            ports: [
                ...(p.gateways.httpPort ? [{ name: "http", port: s.httpPort, targetPort: p.httpPort, protocol: "TCP", ...nodePort(s.httpNodePort) }] : []),
                ...(p.gateways.httpsPort ? [{ name: "https", port: s.httpsPort, targetPort: p.httpsPort, protocol: "TCP", ...nodePort(s.httpsNodePort) }] : []),
            ],
            ...(s.type === "ClusterIP" ? field("clusterIP", s.clusterIP) : {}),
            ...(s.type === "LoadBalancer" ? { ...field("loadBalancerIP", s.loadBalancerIP), ...field("loadBalancerSourceRanges", s.loadBalancerSourceRanges) } : {}),
        },
    };
}

/** The Gateways `<name>` (HTTP) and `<name>-ssl` (HTTPS) bound to this proxy through `proxyNames`, as the chart's. */
export function proxyGateways(p: ResolvedProxy): { name: string; spec: Record<string, unknown> }[] {
    const g = p.gateways;
    return [
        { name: p.name, port: p.httpPort, ssl: false, on: g.http, httpGateway: g.httpGateway },
        { name: `${p.name}-ssl`, port: p.httpsPort, ssl: true, on: g.https, httpGateway: g.httpsGateway },
    ]
        .filter((x) => x.on)
        .map((x) => ({
            name: x.name,
            spec: {
                bindAddress: g.bindAddress,
                bindPort: x.port,
                httpGateway: structuredClone(x.httpGateway),
                ...(g.options ? { options: structuredClone(g.options) } : {}),
                useProxyProto: g.useProxyProto,
                ssl: x.ssl,
                proxyNames: [p.name],
            },
        }));
}

export function proxyPdbArgs(r: ResolvedArgs, p: ResolvedProxy): policyv1.PodDisruptionBudgetArgs | undefined {
    if (!p.pdb) return undefined;
    return {
        metadata: { name: `${p.name}-pdb`, namespace: r.namespace, labels: { app: "gloo" } },
        spec: {
            ...field("minAvailable", p.pdb.minAvailable),
            ...field("maxUnavailable", p.pdb.maxUnavailable),
            selector: { matchLabels: { "gateway-proxy-id": p.name } },
        },
    };
}

export function proxyHpaArgs(r: ResolvedArgs, p: ResolvedProxy): autoscalingv2.HorizontalPodAutoscalerArgs | undefined {
    if (!p.hpa) return undefined;
    return {
        metadata: { name: `${p.name}-hpa`, namespace: r.namespace, labels: proxyLabels(p) },
        spec: {
            ...field("minReplicas", p.hpa.minReplicas),
            maxReplicas: p.hpa.maxReplicas,
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: p.name },
            ...field("metrics", p.hpa.metrics as k8sInput.autoscaling.v2.MetricSpec[] | undefined),
            ...field("behavior", p.hpa.behavior as k8sInput.autoscaling.v2.HorizontalPodAutoscalerBehavior | undefined),
        },
    };
}

export function proxyConfigMapArgs(r: ResolvedArgs, p: ResolvedProxy, bootstrapYaml: string): corev1.ConfigMapArgs {
    return { metadata: { name: proxyConfigMapName(p), namespace: r.namespace, labels: proxyLabels(p) }, data: { "envoy.yaml": bootstrapYaml } };
}

/** Every object of one proxy (besides its Gateways) as the program renders it, before any kubeResourceOverride. */
export interface ProxyObjects {
    bootstrap: string;
    configMap: corev1.ConfigMapArgs;
    workload: appsv1.DeploymentArgs & appsv1.DaemonSetArgs;
    service: corev1.ServiceArgs;
    pdb?: policyv1.PodDisruptionBudgetArgs;
    hpa?: autoscalingv2.HorizontalPodAutoscalerArgs;
}

export function proxyObjects(r: ResolvedArgs, p: ResolvedProxy): ProxyObjects {
    const bootstrap = proxyBootstrapYaml(r, p);
    return {
        bootstrap,
        configMap: proxyConfigMapArgs(r, p, bootstrap),
        workload: proxyDeploymentArgs(r, p, bootstrap),
        service: proxyServiceArgs(r, p),
        pdb: proxyPdbArgs(r, p),
        hpa: proxyHpaArgs(r, p),
    };
}

/** The objects with the proxy's kubeResourceOverrides merged over them, as the chart merges them. */
export function overriddenProxyObjects(o: ProxyObjects, p: ResolvedProxy): ProxyObjects {
    const v = p.overrides;
    return {
        bootstrap: o.bootstrap,
        configMap: applyOverride(o.configMap, v.configMap),
        workload: applyOverride(o.workload, v.workload),
        service: applyOverride(o.service, v.service),
        pdb: o.pdb && applyOverride(o.pdb, v.pdb),
        hpa: o.hpa && applyOverride(o.hpa, v.hpa),
    };
}

/** The address a cloud load balancer got: its IP, or its host name (e.g. AWS). Undefined until assigned. */
export function loadBalancerAddress(status: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined): string | undefined {
    const ingress = status?.loadBalancer?.ingress?.[0];
    return ingress?.ip ?? ingress?.hostname;
}
