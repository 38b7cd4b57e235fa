// autoscaling/v2 shapes the gateway proxies' HorizontalPodAutoscaler takes, as named interfaces (see ./k8s.ts for why
// and for how enumerations are written). The rules are in ../validation/proxy-schema.ts.
import type { LabelSelector } from "./k8s";

/** autoscaling/v2 MetricTarget type. */
export const MetricTargetType = {
    Utilization: "Utilization",
    Value: "Value",
    AverageValue: "AverageValue",
} as const;
/** autoscaling/v2 MetricTarget type. */
export type MetricTargetType = (typeof MetricTargetType)[keyof typeof MetricTargetType];

/** autoscaling/v2 MetricTarget: the field its type names is required. */
export interface MetricTarget {
    /** Which target value below applies. */
    type: MetricTargetType;
    /** Percent, with type `Utilization`. Defaults to none. */
    averageUtilization?: number;
    /** A quantity, with type `AverageValue`. Defaults to none. */
    averageValue?: string;
    /** A quantity, with type `Value`. Defaults to none. */
    value?: string;
}

/** autoscaling/v2 MetricIdentifier. */
export interface MetricIdentifier {
    /** The metric's name. */
    name: string;
    /** Defaults to none. */
    selector?: LabelSelector;
}

/** autoscaling/v2 ResourceMetricSource. */
export interface ResourceMetricSource {
    /** e.g. `cpu`. */
    name: string;
    /** The target value. */
    target: MetricTarget;
}

/** autoscaling/v2 ContainerResourceMetricSource. */
export interface ContainerResourceMetricSource {
    /** The resource, e.g. `cpu`. */
    name: string;
    /** The container whose resource is measured. */
    container: string;
    /** The target value. */
    target: MetricTarget;
}

/** autoscaling/v2 PodsMetricSource. */
export interface PodsMetricSource {
    /** The metric. */
    metric: MetricIdentifier;
    /** The target value. */
    target: MetricTarget;
}

/** autoscaling/v2 CrossVersionObjectReference. */
export interface CrossVersionObjectReference {
    /** Defaults to none. */
    apiVersion?: string;
    /** The object's kind. */
    kind: string;
    /** The object's name. */
    name: string;
}

/** autoscaling/v2 ObjectMetricSource. */
export interface ObjectMetricSource {
    /** The object the metric describes. */
    describedObject: CrossVersionObjectReference;
    /** The metric. */
    metric: MetricIdentifier;
    /** The target value. */
    target: MetricTarget;
}

/** autoscaling/v2 ExternalMetricSource. */
export interface ExternalMetricSource {
    /** The metric. */
    metric: MetricIdentifier;
    /** The target value. */
    target: MetricTarget;
}

/** autoscaling/v2 MetricSourceType. */
export const MetricSourceType = {
    Resource: "Resource",
    ContainerResource: "ContainerResource",
    Pods: "Pods",
    Object: "Object",
    External: "External",
} as const;
/** autoscaling/v2 MetricSourceType. */
export type MetricSourceType = (typeof MetricSourceType)[keyof typeof MetricSourceType];

/** autoscaling/v2 MetricSpec: exactly the source its type names. */
export interface HpaMetric {
    /** Which source below the metric comes from. */
    type: MetricSourceType;
    /** Defaults to none. */
    resource?: ResourceMetricSource;
    /** Defaults to none. */
    containerResource?: ContainerResourceMetricSource;
    /** Defaults to none. */
    pods?: PodsMetricSource;
    /** Defaults to none. */
    object?: ObjectMetricSource;
    /** Defaults to none. */
    external?: ExternalMetricSource;
}

/** autoscaling/v2 HPAScalingPolicy type. */
export const HpaScalingPolicyType = {
    Pods: "Pods",
    Percent: "Percent",
} as const;
/** autoscaling/v2 HPAScalingPolicy type. */
export type HpaScalingPolicyType = (typeof HpaScalingPolicyType)[keyof typeof HpaScalingPolicyType];

/** autoscaling/v2 HPAScalingPolicy. */
export interface HpaScalingPolicy {
    /** Whether `value` counts pods or a percentage. */
    type: HpaScalingPolicyType;
    /** At least 1. */
    value: number;
    /** 1 to 1800. */
    periodSeconds: number;
}

/** autoscaling/v2 ScalingPolicySelect. */
export const ScalingPolicySelect = {
    Max: "Max",
    Min: "Min",
    Disabled: "Disabled",
} as const;
/** autoscaling/v2 ScalingPolicySelect. */
export type ScalingPolicySelect = (typeof ScalingPolicySelect)[keyof typeof ScalingPolicySelect];

/** autoscaling/v2 HPAScalingRules. */
export interface HpaScalingRules {
    /** 0 to 3600. Defaults to Kubernetes' (0 up, 300 down). */
    stabilizationWindowSeconds?: number;
    /** Defaults to `"Max"`. */
    selectPolicy?: ScalingPolicySelect;
    /** Defaults to Kubernetes' policies. */
    policies?: HpaScalingPolicy[];
}

/** autoscaling/v2 HorizontalPodAutoscalerBehavior. */
export interface HpaBehavior {
    /** Defaults to Kubernetes' behaviour. */
    scaleUp?: HpaScalingRules;
    /** Defaults to Kubernetes' behaviour. */
    scaleDown?: HpaScalingRules;
}
