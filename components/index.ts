// The library: what another Pulumi program imports from "gloo-mtls".
export { GlooInstall, checkInstall, installProblems, providedKubernetesProvider, troubleshootingCommands } from "./gloo";
export type { GatewayProxyOutputs } from "./gloo";
export type { GlooInstallArgs, GlooStatsValues, ImageOverride, InvalidConfigPolicyValues, RemoteClusterArgs, ResolvedArgs, SettingsValues, XdsExternalArgs } from "./args";
export { resolveArgs } from "./args";
export type {
    ConfigMapOverride,
    EnvoyLogLevel,
    GatewayProxyConfigMap,
    GatewayProxyDaemonSet,
    GatewayProxyDeployment,
    GatewayProxyKind,
    GatewayProxyValues,
    GatewaySettingsValues,
    GlooDeploymentValues,
    GlooLogLevel,
    GlooObject,
    GlooPodDisruptionBudget,
    KubeResourceOverride,
    OverrideMetadata,
    Probe,
    ResolvedProxy,
    WorkloadKind,
} from "./proxies/types";
export { kebabCase } from "./proxies/kebab";
export { mergedProxyValues } from "./proxies/merge";
export { LeafSecret, TlsSecret } from "./tls";
export type { CaSet, LeafSecretArgs, TlsSecretArgs, KeyAlgorithm, LeafUse } from "./tls";
export { fleetIdentity } from "./identities";
export { ArgumentError, ARGUMENT_KEYS, checkArgs } from "./validation/problems";
export type { KeyStyle } from "./validation/problems";
export { argsSchema } from "./validation/schema";
export { NAMES, PORTS } from "./constants";
