// Kubernetes shapes the arguments take (core/v1, meta/v1; autoscaling/v2 in ./autoscaling.ts), written out as named
// interfaces so that Pulumi's schema Analyzer can describe them for every language and the declarations carry no
// validation library's types. The rules (ranges, names, exclusive fields) are in ../validation/k8s-shapes.ts and
// ../validation/proxy-schema.ts; test/types-sync.ts holds the interfaces against the schema.
//
// Enumerations are written as Pulumi's generated SDKs write them: a constant object and a type of its values. The
// Analyzer makes a schema enum of it, and a TypeScript caller (and the stack config) still passes the plain string,
// e.g. `operator: "Exists"`, which a TypeScript `enum` would refuse.

/** core/v1 ResourceRequirements. Quantities are strings (`"500m"`, `"256Mi"`); stack config may also write numbers. */
export interface ResourceRequirements {
    /** Upper bounds, by resource name (cpu, memory, ephemeral-storage, hugepages-<size>, <domain>/<name>). Defaults to none. */
    limits?: Record<string, string>;
    /** Requests, by resource name; none may exceed its limit. Defaults to none. */
    requests?: Record<string, string>;
}

/** core/v1 Toleration operator. */
export const TolerationOperator = {
    Exists: "Exists",
    Equal: "Equal",
} as const;
/** core/v1 Toleration operator. */
export type TolerationOperator = (typeof TolerationOperator)[keyof typeof TolerationOperator];

/** core/v1 taint effect. */
export const TaintEffect = {
    NoSchedule: "NoSchedule",
    PreferNoSchedule: "PreferNoSchedule",
    NoExecute: "NoExecute",
} as const;
/** core/v1 taint effect. */
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** core/v1 Toleration. */
export interface Toleration {
    /** The taint key; empty with operator `Exists` tolerates every taint. Defaults to empty. */
    key?: string;
    /** Defaults to `"Equal"`. */
    operator?: TolerationOperator;
    /** Empty with operator `Exists`. Defaults to empty. */
    value?: string;
    /** Defaults to every effect. */
    effect?: TaintEffect;
    /** With effect `NoExecute` only: how long the pod stays bound after the taint appears. Defaults to forever. */
    tolerationSeconds?: number;
}

/** meta/v1 LabelSelectorRequirement operator. */
export const LabelSelectorOperator = {
    In: "In",
    NotIn: "NotIn",
    Exists: "Exists",
    DoesNotExist: "DoesNotExist",
} as const;
/** meta/v1 LabelSelectorRequirement operator. */
export type LabelSelectorOperator = (typeof LabelSelectorOperator)[keyof typeof LabelSelectorOperator];

/** meta/v1 LabelSelectorRequirement. */
export interface LabelSelectorRequirement {
    /** The label key. */
    key: string;
    /** How the key relates to `values`. */
    operator: LabelSelectorOperator;
    /** Non-empty for `In`/`NotIn`, empty otherwise. Defaults to none. */
    values?: string[];
}

/** meta/v1 LabelSelector. */
export interface LabelSelector {
    /** Defaults to none. */
    matchLabels?: Record<string, string>;
    /** Defaults to none. */
    matchExpressions?: LabelSelectorRequirement[];
}

/** core/v1 NodeSelectorRequirement operator (node labels). */
export const NodeSelectorOperator = {
    In: "In",
    NotIn: "NotIn",
    Exists: "Exists",
    DoesNotExist: "DoesNotExist",
    Gt: "Gt",
    Lt: "Lt",
} as const;
/** core/v1 NodeSelectorRequirement operator (node labels). */
export type NodeSelectorOperator = (typeof NodeSelectorOperator)[keyof typeof NodeSelectorOperator];

/** core/v1 NodeSelectorRequirement on a node label. */
export interface NodeSelectorRequirement {
    /** The node label key. */
    key: string;
    /** How the key relates to `values`. */
    operator: NodeSelectorOperator;
    /** Non-empty for `In`/`NotIn`, one integer for `Gt`/`Lt`, empty otherwise. Defaults to none. */
    values?: string[];
}

/** core/v1 NodeSelectorRequirement operator on a node field (only `In` and `NotIn`). */
export const NodeFieldSelectorOperator = {
    In: "In",
    NotIn: "NotIn",
} as const;
/** core/v1 NodeSelectorRequirement operator on a node field (only `In` and `NotIn`). */
export type NodeFieldSelectorOperator = (typeof NodeFieldSelectorOperator)[keyof typeof NodeFieldSelectorOperator];

/** core/v1 NodeSelectorRequirement on a node field (`matchFields`). */
export interface NodeFieldSelectorRequirement {
    /** The node field, e.g. `metadata.name`. */
    key: string;
    /** How the field relates to `values`. */
    operator: NodeFieldSelectorOperator;
    /** Non-empty. Defaults to none. */
    values?: string[];
}

/** core/v1 NodeSelectorTerm. */
export interface NodeSelectorTerm {
    /** Defaults to none. */
    matchExpressions?: NodeSelectorRequirement[];
    /** Defaults to none. */
    matchFields?: NodeFieldSelectorRequirement[];
}

/** core/v1 NodeSelector. */
export interface NodeSelector {
    /** At least one. */
    nodeSelectorTerms: NodeSelectorTerm[];
}

/** core/v1 PreferredSchedulingTerm. */
export interface PreferredSchedulingTerm {
    /** 1 to 100. */
    weight: number;
    /** The nodes this weight prefers. */
    preference: NodeSelectorTerm;
}

/** core/v1 NodeAffinity. */
export interface NodeAffinity {
    /** Defaults to none. */
    requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
    /** Defaults to none. */
    preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

/** core/v1 PodAffinityTerm. */
export interface PodAffinityTerm {
    /** Defaults to none. */
    labelSelector?: LabelSelector;
    /** Defaults to the pod's own namespace. */
    namespaceSelector?: LabelSelector;
    /** Defaults to the pod's own namespace. */
    namespaces?: string[];
    /** e.g. `kubernetes.io/hostname`. */
    topologyKey: string;
    /** Defaults to none. */
    matchLabelKeys?: string[];
    /** Defaults to none. */
    mismatchLabelKeys?: string[];
}

/** core/v1 WeightedPodAffinityTerm. */
export interface WeightedPodAffinityTerm {
    /** 1 to 100. */
    weight: number;
    /** The pods this weight prefers (or avoids). */
    podAffinityTerm: PodAffinityTerm;
}

/** core/v1 PodAffinity and PodAntiAffinity. */
export interface PodAffinity {
    /** Defaults to none. */
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
    /** Defaults to none. */
    preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** core/v1 Affinity. */
export interface Affinity {
    /** Defaults to none. */
    nodeAffinity?: NodeAffinity;
    /** Defaults to none. */
    podAffinity?: PodAffinity;
    /** Defaults to none. */
    podAntiAffinity?: PodAffinity;
}

/** core/v1 TopologySpreadConstraint whenUnsatisfiable. */
export const UnsatisfiableConstraintAction = {
    DoNotSchedule: "DoNotSchedule",
    ScheduleAnyway: "ScheduleAnyway",
} as const;
/** core/v1 TopologySpreadConstraint whenUnsatisfiable. */
export type UnsatisfiableConstraintAction = (typeof UnsatisfiableConstraintAction)[keyof typeof UnsatisfiableConstraintAction];

/** core/v1 NodeInclusionPolicy. */
export const NodeInclusionPolicy = {
    Honor: "Honor",
    Ignore: "Ignore",
} as const;
/** core/v1 NodeInclusionPolicy. */
export type NodeInclusionPolicy = (typeof NodeInclusionPolicy)[keyof typeof NodeInclusionPolicy];

/** core/v1 TopologySpreadConstraint. */
export interface TopologySpreadConstraint {
    /** At least 1. */
    maxSkew: number;
    /** e.g. `topology.kubernetes.io/zone`. */
    topologyKey: string;
    /** What the scheduler does when the skew cannot be met. */
    whenUnsatisfiable: UnsatisfiableConstraintAction;
    /** Defaults to none. */
    labelSelector?: LabelSelector;
    /** With `DoNotSchedule` only. Defaults to Kubernetes' 1. */
    minDomains?: number;
    /** Defaults to Kubernetes' `Honor`. */
    nodeAffinityPolicy?: NodeInclusionPolicy;
    /** Defaults to Kubernetes' `Ignore`. */
    nodeTaintsPolicy?: NodeInclusionPolicy;
    /** Defaults to none. */
    matchLabelKeys?: string[];
}

/** core/v1 ObjectFieldSelector. */
export interface ObjectFieldSelector {
    /** e.g. `metadata.name`. */
    fieldPath: string;
    /** Defaults to `v1`. */
    apiVersion?: string;
}

/** core/v1 ResourceFieldSelector. */
export interface ResourceFieldSelector {
    /** e.g. `limits.memory`. */
    resource: string;
    /** Defaults to the container itself. */
    containerName?: string;
    /** A quantity. Defaults to `"1"`. */
    divisor?: string;
}

/** core/v1 ConfigMapKeySelector and SecretKeySelector. */
export interface KeySelector {
    /** The ConfigMap's or Secret's name. */
    name: string;
    /** The key within it. */
    key: string;
    /** Defaults to `false`. */
    optional?: boolean;
}

/** core/v1 EnvVarSource: exactly one of its fields. */
export interface EnvVarSource {
    /** Defaults to none. */
    fieldRef?: ObjectFieldSelector;
    /** Defaults to none. */
    resourceFieldRef?: ResourceFieldSelector;
    /** Defaults to none. */
    configMapKeyRef?: KeySelector;
    /** Defaults to none. */
    secretKeyRef?: KeySelector;
}

/** core/v1 EnvVar: `value` or `valueFrom`. */
export interface EnvVar {
    /** The variable's name. */
    name: string;
    /** Defaults to empty. */
    value?: string;
    /** Defaults to none. */
    valueFrom?: EnvVarSource;
}
/** Kubernetes' IntOrString: a number or a string (Pulumi's schema says Any for it, as the Kubernetes provider's does). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type IntOrString = any;

/** core/v1 ExecAction. */
export interface ExecAction {
    /** The command and its arguments (no shell). */
    command: string[];
}

/** core/v1 HTTPHeader. */
export interface HttpHeader {
    /** The header's name. */
    name: string;
    /** Its value. */
    value: string;
}

/** core/v1 URIScheme. */
export const UriScheme = {
    HTTP: "HTTP",
    HTTPS: "HTTPS",
} as const;
/** core/v1 URIScheme. */
export type UriScheme = (typeof UriScheme)[keyof typeof UriScheme];

/** core/v1 HTTPGetAction. */
export interface HttpGetAction {
    /** Defaults to `/`. */
    path?: string;
    /** A port number or a container port's name. */
    port: IntOrString;
    /** Defaults to the pod's IP. */
    host?: string;
    /** Defaults to `"HTTP"`. */
    scheme?: UriScheme;
    /** Defaults to none. */
    httpHeaders?: HttpHeader[];
}

/** core/v1 TCPSocketAction. */
export interface TcpSocketAction {
    /** A port number or a container port's name. */
    port: IntOrString;
    /** Defaults to the pod's IP. */
    host?: string;
}

/** core/v1 GRPCAction. */
export interface GrpcAction {
    /** The port number. */
    port: number;
    /** Defaults to the default service. */
    service?: string;
}

/** core/v1 Probe: exactly one of exec, httpGet, tcpSocket, grpc, with its timings. */
export interface Probe {
    /** Defaults to none. */
    exec?: ExecAction;
    /** Defaults to none. */
    httpGet?: HttpGetAction;
    /** Defaults to none. */
    tcpSocket?: TcpSocketAction;
    /** Defaults to none. */
    grpc?: GrpcAction;
    /** Defaults to Kubernetes' 0. */
    initialDelaySeconds?: number;
    /** Defaults to Kubernetes' 1. */
    timeoutSeconds?: number;
    /** Defaults to Kubernetes' 10. */
    periodSeconds?: number;
    /** Defaults to Kubernetes' 1. */
    successThreshold?: number;
    /** Defaults to Kubernetes' 3. */
    failureThreshold?: number;
    /** Defaults to the pod's. */
    terminationGracePeriodSeconds?: number;
}
