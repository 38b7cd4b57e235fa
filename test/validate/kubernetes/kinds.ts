// The Kubernetes kinds the validator knows: for each, its kubernetes-models class, its client-node model,
// its scope and naming rule, and where its pod spec lives (podSpecOf).
import { GLOO_CRD_SCHEMAS } from "../gloo-crd-schemas";
import { Obj, formatPath, getIn, isObj } from "./common";

interface ModelInstance {
  validate(): void;
}
export type ModelCtor = new (data: unknown) => ModelInstance;

export type NameRule = "subdomain" | "label" | "dns1035" | "rbac";

interface KindInfo {
  /** Loads the kubernetes-models class (lazily; `require` caches). */
  model: () => ModelCtor;
  /** The `@kubernetes/client-node` model type of the whole object. */
  clientType: string;
  clusterScoped?: boolean;
  nameRule?: NameRule;
  maxNameLength?: number;
  /** Where the pod spec lives, if the kind has one. */
  podSpecPath?: readonly string[];
}

const TEMPLATE_POD = ["spec", "template", "spec"] as const;

export const KINDS: { [apiVersionKind: string]: KindInfo } = {
  "v1/ConfigMap": { model: () => require("kubernetes-models/v1/ConfigMap").ConfigMap, clientType: "V1ConfigMap" },
  "v1/Secret": { model: () => require("kubernetes-models/v1/Secret").Secret, clientType: "V1Secret" },
  // Service names are DNS-1035 labels (must start with a letter): ValidateServiceName.
  "v1/Service": { model: () => require("kubernetes-models/v1/Service").Service, clientType: "V1Service", nameRule: "dns1035" },
  "v1/ServiceAccount": { model: () => require("kubernetes-models/v1/ServiceAccount").ServiceAccount, clientType: "V1ServiceAccount" },
  "v1/Namespace": { model: () => require("kubernetes-models/v1/Namespace").Namespace, clientType: "V1Namespace", clusterScoped: true, nameRule: "label" },
  "v1/Pod": { model: () => require("kubernetes-models/v1/Pod").Pod, clientType: "V1Pod", podSpecPath: ["spec"] },
  "apps/v1/Deployment": { model: () => require("kubernetes-models/apps/v1/Deployment").Deployment, clientType: "V1Deployment", podSpecPath: TEMPLATE_POD },
  "apps/v1/StatefulSet": { model: () => require("kubernetes-models/apps/v1/StatefulSet").StatefulSet, clientType: "V1StatefulSet", podSpecPath: TEMPLATE_POD },
  "apps/v1/DaemonSet": { model: () => require("kubernetes-models/apps/v1/DaemonSet").DaemonSet, clientType: "V1DaemonSet", podSpecPath: TEMPLATE_POD },
  // A Job's name goes into the `batch.kubernetes.io/job-name` label of its pods: at most 63 characters.
  "batch/v1/Job": { model: () => require("kubernetes-models/batch/v1/Job").Job, clientType: "V1Job", maxNameLength: 63, podSpecPath: TEMPLATE_POD },
  // CronJob names get an 11-character suffix for their Jobs: at most 52 characters.
  "batch/v1/CronJob": {
    model: () => require("kubernetes-models/batch/v1/CronJob").CronJob,
    clientType: "V1CronJob",
    maxNameLength: 52,
    podSpecPath: ["spec", "jobTemplate", "spec", "template", "spec"],
  },
  "rbac.authorization.k8s.io/v1/ClusterRole": { model: () => require("kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole").ClusterRole, clientType: "V1ClusterRole", clusterScoped: true, nameRule: "rbac" },
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": { model: () => require("kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding").ClusterRoleBinding, clientType: "V1ClusterRoleBinding", clusterScoped: true, nameRule: "rbac" },
  "rbac.authorization.k8s.io/v1/Role": { model: () => require("kubernetes-models/rbac.authorization.k8s.io/v1/Role").Role, clientType: "V1Role", nameRule: "rbac" },
  "rbac.authorization.k8s.io/v1/RoleBinding": { model: () => require("kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding").RoleBinding, clientType: "V1RoleBinding", nameRule: "rbac" },
  "networking.k8s.io/v1/NetworkPolicy": { model: () => require("kubernetes-models/networking.k8s.io/v1/NetworkPolicy").NetworkPolicy, clientType: "V1NetworkPolicy" },
  "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": {
    model: () => require("kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration").ValidatingWebhookConfiguration,
    clientType: "V1ValidatingWebhookConfiguration",
    clusterScoped: true,
  },
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": {
    model: () => require("kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration").MutatingWebhookConfiguration,
    clientType: "V1MutatingWebhookConfiguration",
    clusterScoped: true,
  },
  "apiextensions.k8s.io/v1/CustomResourceDefinition": {
    model: () => require("kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition").CustomResourceDefinition,
    clientType: "V1CustomResourceDefinition",
    clusterScoped: true,
  },
  "policy/v1/PodDisruptionBudget": { model: () => require("kubernetes-models/policy/v1/PodDisruptionBudget").PodDisruptionBudget, clientType: "V1PodDisruptionBudget" },
  "autoscaling/v2/HorizontalPodAutoscaler": { model: () => require("kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler").HorizontalPodAutoscaler, clientType: "V2HorizontalPodAutoscaler" },
};

/** The `apiVersion/kind` pairs validateKubernetesObject understands (Kubernetes built-ins + Gloo CRs). */
export const SUPPORTED_KINDS: readonly string[] = [...Object.keys(KINDS), ...Object.keys(GLOO_CRD_SCHEMAS)];

/**
 * Where a workload keeps its pod spec, for callers that want to run other pod checks (e.g. checkRestricted).
 * Returns undefined for kinds without one.
 */
export function podSpecOf(obj: Record<string, unknown>): { podSpec: Obj; path: string; podMetadata: Obj } | undefined {
  const info = KINDS[`${String(obj.apiVersion)}/${String(obj.kind)}`];
  if (!info?.podSpecPath) return undefined;
  const podSpec = getIn(obj, info.podSpecPath);
  // The pod's metadata sits beside its spec (a template's, or the Pod's own).
  const podMetadata = getIn(obj, [...info.podSpecPath.slice(0, -1), "metadata"]);
  return isObj(podSpec) ? { podSpec, path: formatPath(info.podSpecPath), podMetadata: isObj(podMetadata) ? podMetadata : {} } : undefined;
}
