// The version bridge: kubernetes-models checks Kubernetes 1.33, while the unknown-field walk reads the
// @kubernetes/client-node models, whose schema is newer. Fields only the newer schema has are refused here;
// recompute the table when either package changes version.

/**
 * Fields client-node's (newer) schema has but Kubernetes 1.33 has not, for the types our kinds reach.
 * Computed once by walking client-node 2.0.1 (release-1.36) against kubernetes-models 4.5.0 (1.33).
 */
export const NEWER_THAN_133: { [typeName: string]: readonly string[] } = {
  V1Container: ["restartPolicyRules"],
  V1EphemeralContainer: ["restartPolicyRules"],
  V1EnvVarSource: ["fileKeyRef"],
  V1PodSpec: ["hostnameOverride", "schedulingGroup"],
  V1VolumeProjection: ["podCertificate"],
  V1PodStatus: ["allocatedResources", "extendedResourceClaimStatus", "nodeAllocatableResourceClaimStatuses", "resources"],
  V1ResourceHealth: ["message"],
  V1VolumeMountStatus: ["volumeStatus"],
  V1CustomResourceDefinitionCondition: ["observedGeneration"],
  V1CustomResourceDefinitionStatus: ["observedGeneration"],
};
