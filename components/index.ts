// The library: what another Pulumi program imports from "gloo-mtls" (package.json `exports` and `types`). Its
// declarations carry no validation library's types (test/package.test.ts compiles them as a user's project would).
export { GlooInstall, checkInstall, installProblems, providedKubernetesProvider, troubleshootingCommands } from "./gloo";
export type { GatewayProxyOutputs } from "./gloo";
export { CertificateIssuer, PullPolicy, SdsLogLevel, XdsExternalServiceType } from "./args";
export type {
    CaPlanArgs,
    CertGenCronArgs,
    CertGenJobArgs,
    CertificatesArgs,
    CrdsArgs,
    EnabledArgs,
    EnterpriseArgs,
    EnterpriseImageArgs,
    EnvoySidecarArgs,
    ExtensionDeploymentArgs,
    ExtensionServerArgs,
    ExtensionsArgs,
    GatewayArgs,
    GlobalArgs,
    GlobalImageArgs,
    GlooStatsValues,
    GlooArgs,
    GlooInstallArgs,
    GlooMtlsArgs,
    ImageOverride,
    InvalidConfigPolicyValues,
    K8sArgs,
    KubernetesAccessArgs,
    KubernetesProviderArg,
    RedisArgs,
    RedisDeploymentArgs,
    RemoteClusterArgs,
    ResolvedArgs,
    SdsArgs,
    SettingsValues,
    XdsExternalArgs,
    XdsExternalServiceArgs,
} from "./args";
export { resolveArgs } from "./args";
export { EnvoyLogLevel, ExternalTrafficPolicy, GlooLogLevel, WorkloadKind } from "./proxies/types";
export type {
    ConfigMapOverride,
    GatewayProxyConfigMap,
    GatewayProxyDaemonSet,
    GatewayProxyDeployment,
    GatewayProxyKind,
    GatewayProxyPodTemplateValues,
    GatewayProxyServiceValues,
    GatewayProxyValues,
    GatewaySettingsValues,
    GlooDeploymentValues,
    GlooObject,
    GlooPodDisruptionBudget,
    GracefulShutdownValues,
    HorizontalPodAutoscalerValues,
    IntOrPercent,
    KubeResourceOverride,
    KubernetesFields,
    OverrideMetadata,
    PodDisruptionBudgetValues,
    ResolvedProxy,
} from "./proxies/types";
export * from "./types/k8s";
export * from "./types/autoscaling";
export { kebabCase } from "./proxies/kebab";
export { mergedProxyValues } from "./proxies/merge";
export { KeyAlgorithm, LeafSecret, TlsSecret } from "./tls";
export type { CaSet, LeafSecretArgs, TlsSecretArgs, LeafUse } from "./tls";
export { fleetIdentity } from "./identities";
export { ArgumentError, ARGUMENT_KEYS } from "./validation/keys";
export type { KeyStyle } from "./validation/keys";
export { NAMES, PORTS } from "./constants";
