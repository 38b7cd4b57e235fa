// The production keys of GlooInstallArgs, shaped and named as the chart 1.22.1 values (gloo.deployment.*,
// gatewayProxies.<key>.*), and their resolved form (defaults applied, merge done) that the builders use.
// Every nested shape is a named interface (Pulumi's schema Analyzer describes them for every language); enumerations
// are constant objects with a type of their values (see ../types/k8s.ts). Stack config may also write `null` (YAML
// `~`) where the chart's users do (to cancel an inherited value, to drop a default, `kind.deployment: ~` for a
// DaemonSet); Pulumi's schema has no null, so these types leave it out (`kind.workloadType` chooses the kind).
import type { ImageOverride } from "../arguments/images";
import type { HpaBehavior, HpaMetric } from "../types/autoscaling";
import type { Affinity, EnvVar, Probe, ResourceRequirements, Toleration, TopologySpreadConstraint } from "../types/k8s";

export type { Affinity, EnvVar, HpaBehavior, HpaMetric, Probe, ResourceRequirements, Toleration, TopologySpreadConstraint };

/** Envoy's `--log-level`. */
export const EnvoyLogLevel = {
    Trace: "trace",
    Debug: "debug",
    Info: "info",
    Warning: "warning",
    Warn: "warn",
    Error: "error",
    Critical: "critical",
    Off: "off",
} as const;
/** Envoy's `--log-level`. */
export type EnvoyLogLevel = (typeof EnvoyLogLevel)[keyof typeof EnvoyLogLevel];

/** gloo's `LOG_LEVEL` (zap levels). */
export const GlooLogLevel = {
    Debug: "debug",
    Info: "info",
    Warn: "warn",
    Error: "error",
    Dpanic: "dpanic",
    Panic: "panic",
    Fatal: "fatal",
} as const;
/** gloo's `LOG_LEVEL` (zap levels). */
export type GlooLogLevel = (typeof GlooLogLevel)[keyof typeof GlooLogLevel];

/** What the proxy's pods run as. */
export const WorkloadKind = {
    Deployment: "Deployment",
    DaemonSet: "DaemonSet",
} as const;
/** What the proxy's pods run as: the chart's `kind.deployment`, or a DaemonSet. */
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];

/**
 * Any fields of a Kubernetes object (JSON-shaped), in Kubernetes' shape: Pulumi's schema says a map of Any for it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubernetesFields = Record<string, any>;

/** Labels and annotations an override adds to (or, from stack config with `null`, removes from) an object's metadata. */
export interface OverrideMetadata {
    /** Label values. Defaults to none. */
    labels?: Record<string, string>;
    /** Annotation values. Defaults to none. */
    annotations?: Record<string, string>;
}

/**
 * The chart's `kubeResourceOverride`: merged over the object the program renders, as the chart merges it (maps
 * deep-merged, lists replaced whole, `null` removes a field). The object's kind, name, namespace, selectors and
 * the mTLS containers and volumes must survive it (checked before anything is registered). Defaults to none.
 */
export interface KubeResourceOverride {
    /** Defaults to none. */
    metadata?: OverrideMetadata;
    /** Any fields of the object's spec, in Kubernetes' shape. Defaults to none. */
    spec?: KubernetesFields;
}

/** `configMap.kubeResourceOverride`: the bootstrap's own data is the program's. */
export interface ConfigMapOverride {
    /** Defaults to none. */
    metadata?: OverrideMetadata;
}

/** `gloo.deployment`: the control plane's Deployment (chart `1-gloo-deployment.yaml`). */
export interface GlooDeploymentValues {
    /** The gloo container's image (`gloo`, or `gloo-ee` with enterprise). Defaults to `global.image` (enterprise: its tag). */
    image?: ImageOverride;
    /** `spec.replicas`. Defaults to 1. */
    replicas?: number;
    /**
     * The gloo container's resources; replaces the default (no merge). Limits also set GOMEMLIMIT/GOMAXPROCS
     * from them, as the chart does. Defaults to `{ requests: { cpu: "500m", memory: "256Mi" } }`.
     */
    resources?: ResourceRequirements;
    /** Label values (stack config may write numbers and booleans: they are quoted). Defaults to none. */
    nodeSelector?: Record<string, string>;
    /** Defaults to none. */
    tolerations?: Toleration[];
    /** Defaults to none. */
    affinity?: Affinity;
    /** Defaults to none. */
    priorityClassName?: string;
    /** Pod labels (not the selector, not the Deployment's own). Defaults to none. */
    extraGlooLabels?: Record<string, string>;
    /** Pod annotations, after the program's own. Defaults to none. */
    extraGlooAnnotations?: Record<string, string>;
    /** Env of the gloo container only, before the program's own variables. Defaults to none. */
    customEnv?: EnvVar[];
    /** Merged over Deployment `gloo` as the chart merges it. Defaults to none. */
    kubeResourceOverride?: KubeResourceOverride;
}

/** `gloo.podDisruptionBudget`: PodDisruptionBudget `gloo-pdb` selecting gloo's pods; one of the two bounds. */
export interface GlooPodDisruptionBudget {
    /** Below `gloo.deployment.replicas`, or drains never finish. Defaults to unset. */
    minAvailable?: IntOrPercent;
    /** Above 0. Defaults to unset. */
    maxUnavailable?: IntOrPercent;
}

/** `gatewayProxies.<key>.configMap`: the bootstrap ConfigMap's metadata (its data is the program's). */
export interface GatewayProxyConfigMap {
    /** Merged over the ConfigMap (metadata only); never inherited. Defaults to none. */
    kubeResourceOverride?: ConfigMapOverride;
}

/** `gatewayProxies.<key>.kind.deployment`: the proxy runs as a Deployment (stack config's `null` turns it into a DaemonSet). */
export interface GatewayProxyDeployment {
    /** `spec.replicas` (kept on the first create even with an HPA); stack config's `null` leaves it to Kubernetes. Defaults to 1. */
    replicas?: number;
    /** Defaults to none. */
    priorityClassName?: string;
    /** Env of the proxy container, before the program's own variables. Defaults to none. */
    customEnv?: EnvVar[];
}

/** `gatewayProxies.<key>.kind.daemonSet`: one proxy pod per node, when `kind.deployment` is `null`. */
export interface GatewayProxyDaemonSet {
    /** Envoy's ports as host ports (and host networking): refused, see the configuration docs. Defaults to `false`. */
    hostPort?: boolean;
    /** With `hostPort`: the node's network namespace. Defaults to `true` when `hostPort` is set. */
    hostNetwork?: boolean;
}

/** `gatewayProxies.<key>.kind`: Deployment (the chart's default) or DaemonSet. */
export interface GatewayProxyKind {
    /** Defaults to `{ replicas: 1 }`; stack config's `null` (with `daemonSet`) makes the proxy a DaemonSet (or set `workloadType`). */
    deployment?: GatewayProxyDeployment;
    /** Defaults to none. */
    daemonSet?: GatewayProxyDaemonSet;
    /** The chart's explicit choice: wins over `deployment`/`daemonSet` and drops the other one. Defaults to inferred from them. */
    workloadType?: WorkloadKind;
}

/**
 * A Gloo API object (JSON-shaped), copied verbatim into a Gateway's spec as the chart copies it; checked against
 * the Gateway CRD's schema at that field.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GlooObject = Record<string, any>;

/** `gatewayProxies.<key>.gatewaySettings`: which Gateways the proxy gets and what they carry (`_8-default-gateways.tpl`). */
export interface GatewaySettingsValues {
    /** Both Gateways. Defaults to `true`. */
    enabled?: boolean;
    /** Neither Gateway (the chart's switch that keeps `enabled`'s other effects). Defaults to `false`. */
    disableGeneratedGateways?: boolean;
    /** No HTTP Gateway `<name>`. Defaults to `false`. */
    disableHttpGateway?: boolean;
    /** No HTTPS Gateway `<name>-ssl`. Defaults to `false`. */
    disableHttpsGateway?: boolean;
    /** `bindAddress: "0.0.0.0"` instead of `"::"` (for nodes without IPv6). Defaults to `false`. */
    ipv4Only?: boolean;
    /** Expect the PROXY protocol on both listeners. Defaults to `false`. */
    useProxyProto?: boolean;
    /** Both Gateways' `spec.options` (Gloo ListenerOptions). Defaults to none. */
    options?: GlooObject;
    /** Both Gateways' `spec.options.accessLoggingService` (Gloo AccessLoggingService). Defaults to none. */
    accessLoggingService?: GlooObject;
    /** The HTTP Gateway's `spec.httpGateway` (Gloo HttpGateway) instead of `{}`. Defaults to none. */
    customHttpGateway?: GlooObject;
    /** The HTTPS Gateway's `spec.httpGateway` instead of `{}`. Defaults to none. */
    customHttpsGateway?: GlooObject;
}

/**
 * An int or a percentage such as `"50%"` (Kubernetes' IntOrString; Pulumi's schema says Any for it, as the
 * Kubernetes provider's does).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type IntOrPercent = any;

/** `gatewayProxies.<key>.podTemplate.gracefulShutdown`. */
export interface GracefulShutdownValues {
    /** A preStop hook that fails Envoy's health check, then sleeps. Defaults to `false`. */
    enabled?: boolean;
    /** Defaults to 25. */
    sleepTimeSeconds?: number;
}

/** `gatewayProxies.<key>.podTemplate`. */
export interface GatewayProxyPodTemplateValues {
    /** The proxy container's image (`gloo-envoy-wrapper`, or `gloo-ee-envoy-wrapper`). Defaults to `global.image` (enterprise: its tag). */
    image?: ImageOverride;
    /** The proxy container's resources. Defaults to none. */
    resources?: ResourceRequirements;
    /** Label values. A non-empty own map replaces gatewayProxy's. Defaults to none. */
    nodeSelector?: Record<string, string>;
    /** Defaults to none. */
    tolerations?: Toleration[];
    /** Pod annotations. Defaults to none. */
    extraAnnotations?: Record<string, string>;
    /** Pod labels (not the selector). Defaults to none. */
    extraGatewayProxyLabels?: Record<string, string>;
    /** Envoy's HTTP port: container port, Service targetPort, Gateway bindPort. Defaults to 8080. */
    httpPort?: number;
    /** Envoy's HTTPS port. Defaults to 8443. */
    httpsPort?: number;
    /** Defaults to Kubernetes' 30 s. */
    terminationGracePeriodSeconds?: number;
    /** A preStop hook that fails Envoy's health check, then sleeps. Defaults to `{ enabled: false, sleepTimeSeconds: 25 }`. */
    gracefulShutdown?: GracefulShutdownValues;
    /**
     * The chart's probes on the proxy container: readiness `wget 127.0.0.1:19000/ready` (or customReadinessProbe).
     * Unset or `false`: the program's own readiness probe (HTTP /ready on the stats port 8081) while stats are on. Defaults to `false`.
     */
    probes?: boolean;
    /** With `probes`: liveness `wget 127.0.0.1:19000/server_info` (or customLivenessProbe). Defaults to `false`. */
    livenessProbeEnabled?: boolean;
    /** With `probes`: this readiness probe instead of the chart's. Defaults to none. */
    customReadinessProbe?: Probe;
    /** With `probes` and `livenessProbeEnabled`: this liveness probe instead of the chart's. Defaults to none. */
    customLivenessProbe?: Probe;
}

/** `gatewayProxies.<key>.service.externalTrafficPolicy`. */
export const ExternalTrafficPolicy = {
    Cluster: "Cluster",
    Local: "Local",
} as const;
/** `gatewayProxies.<key>.service.externalTrafficPolicy`. */
export type ExternalTrafficPolicy = (typeof ExternalTrafficPolicy)[keyof typeof ExternalTrafficPolicy];

/** `gatewayProxies.<key>.service`. */
export interface GatewayProxyServiceValues {
    /** `ClusterIP`, `NodePort` or `LoadBalancer`. Defaults to `"LoadBalancer"`. */
    type?: string;
    /** Defaults to 80. */
    httpPort?: number;
    /** Defaults to 443. */
    httpsPort?: number;
    /** Service annotations (e.g. a cloud load balancer's); never inherited from gatewayProxy. Defaults to none. */
    extraAnnotations?: Record<string, string>;
    /** LoadBalancer only. Defaults to none. */
    loadBalancerIP?: string;
    /** LoadBalancer only: CIDRs allowed to connect. Defaults to none. */
    loadBalancerSourceRanges?: string[];
    /** NodePort and LoadBalancer. Defaults to Kubernetes' `Cluster`. */
    externalTrafficPolicy?: ExternalTrafficPolicy;
    /** ClusterIP only: `None` or an address. Defaults to one the cluster assigns. */
    clusterIP?: string;
    /** NodePort only. Defaults to one the cluster assigns. */
    httpNodePort?: number;
    /** NodePort only. Defaults to one the cluster assigns. */
    httpsNodePort?: number;
    /** Merged over the Service as the chart merges it; inherited only by a proxy with a `service` block of its own. Defaults to none. */
    kubeResourceOverride?: KubeResourceOverride;
}

/** `gatewayProxies.<key>.podDisruptionBudget`: one of the two bounds. */
export interface PodDisruptionBudgetValues {
    /** An int or a percentage. Defaults to none. */
    minAvailable?: IntOrPercent;
    /** An int or a percentage. Defaults to none. */
    maxUnavailable?: IntOrPercent;
    /** Merged over the budget; never inherited. Defaults to none. */
    kubeResourceOverride?: KubeResourceOverride;
}

/** `gatewayProxies.<key>.horizontalPodAutoscaler` (autoscaling/v2). */
export interface HorizontalPodAutoscalerValues {
    /** Only `autoscaling/v2`. Defaults to it. */
    apiVersion?: string;
    /** Defaults to Kubernetes' 1. */
    minReplicas?: number;
    /** Required when the autoscaler is set. */
    maxReplicas?: number;
    /** autoscaling/v2 MetricSpec list. Defaults to Kubernetes' 80% average CPU. */
    metrics?: HpaMetric[];
    /** autoscaling/v2 HorizontalPodAutoscalerBehavior. Defaults to Kubernetes' behaviour. */
    behavior?: HpaBehavior;
    /** Merged over the autoscaler; never inherited. Defaults to none. */
    kubeResourceOverride?: KubeResourceOverride;
}

/**
 * `gatewayProxies.<key>`. Every other key starts from `gatewayProxy`'s values (see mergedProxyValues). The defaults
 * below are the chart's, applied after that merge.
 */
export interface GatewayProxyValues {
    /** No Deployment, Service, ConfigMap, PDB, HPA or Gateways for this proxy. Defaults to `false`. */
    disabled?: boolean;
    /** Deployment or DaemonSet. Defaults to a Deployment of one replica. */
    kind?: GatewayProxyKind;
    /** Defaults to the chart's pod. */
    podTemplate?: GatewayProxyPodTemplateValues;
    /** Pod affinity, beside the anti-affinity below. Defaults to none. */
    affinity?: Affinity;
    /** Prefer spreading gateway-proxy pods over nodes (all proxies repel each other, as in the chart). Defaults to `false`. */
    antiAffinity?: boolean;
    /** Defaults to none. */
    topologySpreadConstraints?: TopologySpreadConstraint[];
    /** Defaults to the chart's LoadBalancer 80/443. */
    service?: GatewayProxyServiceValues;
    /** The bootstrap ConfigMap `<name>-envoy-config`. Defaults to no override. */
    configMap?: GatewayProxyConfigMap;
    /** PodDisruptionBudget `<name>-pdb`: one of the two. Defaults to none. */
    podDisruptionBudget?: PodDisruptionBudgetValues;
    /** HorizontalPodAutoscaler `<name>-hpa` (autoscaling/v2). Defaults to none. */
    horizontalPodAutoscaler?: HorizontalPodAutoscalerValues;
    /** Envoy's `--log-level`, one argument `--log-level <level>` as the chart writes it. Defaults to Envoy's `info`. */
    envoyLogLevel?: EnvoyLogLevel;
    /** More arguments of Envoy's command line, after the program's (stack config may write numbers and booleans: quoted). Defaults to none. */
    extraEnvoyArgs?: string[];
    /** Merged over the proxy's Deployment or DaemonSet as the chart merges it; never inherited. Defaults to none. */
    kubeResourceOverride?: KubeResourceOverride;
    /** The proxy's Gateways `<name>` (HTTP) and `<name>-ssl` (HTTPS). Defaults to both, on `::`, with no options. */
    gatewaySettings?: GatewaySettingsValues;
    /** The address the proxy dials for xDS (both gRPC and REST). Defaults to `gloo.<ns>.svc.<clusterName>`. */
    xdsServiceAddress?: string;
    /** The port it dials for both. Defaults to 9977 (REST: 9976). */
    xdsServicePort?: number;
    /**
     * Not the chart's: a key of `clusters`, the other cluster this proxy fleet runs in (with an identity of its own,
     * dialling `gloo.xdsExternal`). Never inherited from `gatewayProxy`. Defaults to gloo's own cluster.
     */
    cluster?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Resolved (defaults applied once, in resolveArgs)

/** Plain Kubernetes values as they go into objects (quantities and quoted values as strings). */
export interface Resources {
    limits?: Record<string, string>;
    requests?: Record<string, string>;
}

export interface ResolvedGloo {
    /** The open-source release (`global.image.tag`): annotation `gloo.solo.io/oss-image-tag`, which glooctl reads. */
    ossImageTag: string;
    replicas: number;
    resources: Resources;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
    affinity?: Affinity;
    priorityClassName?: string;
    extraLabels: Record<string, string>;
    extraAnnotations: Record<string, string>;
    customEnv: EnvVar[];
    /** `gloo-pdb`, when a bound is set. */
    pdb?: { minAvailable?: number | string; maxUnavailable?: number | string };
    /** gloo's LOG_LEVEL, when set. */
    logLevel?: string;
    /** `gloo.deployment.kubeResourceOverride`, when set. */
    override?: ResolvedOverride;
}

/** A `kubeResourceOverride` and the key it was given at (for messages). */
export interface ResolvedOverride {
    value: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
    /** Its value path, e.g. `gatewayProxies.gatewayProxy.service.kubeResourceOverride`. */
    key: string;
}


export interface ResolvedProxy {
    /** The `gatewayProxies` key. */
    key: string;
    /** kebabcase of the key: the name of its Deployment, Service, container, Gateway and the base of the others. */
    name: string;
    isDefault: boolean;
    disabled: boolean;
    /** `podTemplate.image`, over the install's proxy image. */
    image?: ImageOverride;
    /** Rendered only when truthy (the chart's rule). */
    replicas?: number;
    priorityClassName?: string;
    resources?: Resources;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
    extraAnnotations: Record<string, string>;
    extraLabels: Record<string, string>;
    httpPort: number;
    httpsPort: number;
    terminationGracePeriodSeconds?: number;
    gracefulShutdown: { enabled: boolean; sleepTimeSeconds: number };
    affinity?: Affinity;
    antiAffinity: boolean;
    topologySpreadConstraints?: TopologySpreadConstraint[];
    service: {
        type: "ClusterIP" | "NodePort" | "LoadBalancer";
        httpPort: number;
        httpsPort: number;
        annotations: Record<string, string>;
        loadBalancerIP?: string;
        loadBalancerSourceRanges?: string[];
        externalTrafficPolicy?: "Cluster" | "Local";
        clusterIP?: string;
        httpNodePort?: number;
        httpsNodePort?: number;
    };
    pdb?: { minAvailable?: number | string; maxUnavailable?: number | string };
    hpa?: { minReplicas?: number; maxReplicas: number; metrics?: Record<string, unknown>[]; behavior?: Record<string, unknown> };
    /** The Gateways as the chart renders them from `gatewaySettings`. */
    gateways: ResolvedGateways;
    xds: { address?: string; port?: number };
    /** The key of `clusters` it runs in; undefined: gloo's own cluster. */
    cluster?: string;
    kind: WorkloadKind;
    /** DaemonSet only: host ports and host networking (refused by the config rules, kept to say why). */
    daemonSet?: { hostPort: boolean; hostNetwork: boolean };
    /** Deployment only: env of the proxy container before the program's own. */
    customEnv: EnvVar[];
    /** With `probes`: the chart's readiness probe or the custom one (otherwise the pod builder's own, with stats on). */
    readinessProbe?: Record<string, unknown>;
    /** With `probes` and `livenessProbeEnabled`. */
    livenessProbe?: Record<string, unknown>;
    /** Envoy's command line after the image's entry point. */
    envoyArgs: string[];
    /** The `kubeResourceOverride`s that apply to this proxy's objects, each as the chart picks it (own or inherited). */
    overrides: { workload?: ResolvedOverride; service?: ResolvedOverride; configMap?: ResolvedOverride; pdb?: ResolvedOverride; hpa?: ResolvedOverride };
}

export interface ResolvedGateways {
    /** The HTTP Gateway `<name>` exists. */
    http: boolean;
    /** The HTTPS Gateway `<name>-ssl` exists. */
    https: boolean;
    /** The Service has its `http` port (not switched off with `disableHttpGateway`). */
    httpPort: boolean;
    /** The Service has its `https` port (not switched off with `disableHttpsGateway`). */
    httpsPort: boolean;
    bindAddress: "::" | "0.0.0.0";
    useProxyProto: boolean;
    /** `spec.options` of both, when set (the chart's `options` with `accessLoggingService` added). */
    options?: Record<string, unknown>;
    httpGateway: Record<string, unknown>;
    httpsGateway: Record<string, unknown>;
}
