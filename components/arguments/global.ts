// `global`: what every part of the install shares (mTLS sidecars, stats, the enterprise extension servers' switches).
import type { ResourceRequirements } from "../types/k8s";
import type { ExtensionsArgs } from "./enterprise";
import type { GlobalImageArgs, ImageOverride } from "./images";

/** The SDS server's log level. */
export const SdsLogLevel = {
    Debug: "debug",
    Info: "info",
    Warn: "warn",
    Error: "error",
} as const;
/** The SDS server's log level. */
export type SdsLogLevel = (typeof SdsLogLevel)[keyof typeof SdsLogLevel];

/** `global.glooMtls.envoy`: the TLS-terminating Envoy sidecar. */
export interface EnvoySidecarArgs {
    /** Defaults to `gloo-envoy-wrapper` on `global.image`. */
    image?: ImageOverride;
}

/** `global.glooMtls.sds`: the SDS sidecar. */
export interface SdsArgs {
    /** Defaults to `sds` on `global.image`. */
    image?: ImageOverride;
    /** Defaults to `"info"`. */
    logLevel?: SdsLogLevel;
}

/** A feature switched on or off. */
export interface EnabledArgs {
    /** Defaults to the feature's own default (see the key). */
    enabled?: boolean;
}

/** `global.glooMtls`: xDS over mutual TLS. */
export interface GlooMtlsArgs {
    /** xDS over mutual TLS between every Envoy and gloo. Defaults to `true`. */
    enabled?: boolean;
    /** The TLS-terminating Envoy sidecar's image. Defaults to `gloo-envoy-wrapper` on `global.image`. */
    envoy?: EnvoySidecarArgs;
    /** Defaults to `sds` on `global.image`, log level `"info"`. */
    sds?: SdsArgs;
    /** NetworkPolicies that keep the SDS and admin ports unreachable from other pods. Defaults to `{ enabled: true }`. */
    networkPolicy?: EnabledArgs;
    /** Resources of every `envoy-sidecar` container (gloo, extauth, rate-limit). Defaults to none. */
    envoySidecarResources?: ResourceRequirements;
    /** Resources of every `sds` container (gloo, every gateway proxy, extauth, rate-limit). Defaults to none. */
    sdsResources?: ResourceRequirements;
}

/** `global`: settings every part of the install shares. */
export interface GlobalArgs {
    /** Defaults to `quay.io/solo-io`, release `1.22.1`, `IfNotPresent`. */
    image?: GlobalImageArgs;
    /** Defaults to `{ enabled: true }`. */
    glooMtls?: GlooMtlsArgs;
    /** The stats endpoints of gloo and every gateway proxy (Prometheus annotations, Envoy's stats listener). Defaults to `{ enabled: true }`. */
    glooStats?: GlooStatsValues;
    /** Gloo Enterprise's extension servers (the enterprise chart's paths); each needs `enterprise.enabled`. Defaults to none. */
    extensions?: ExtensionsArgs;
}

/** `global.glooStats`: the stats endpoints (chart templates 1-gloo-deployment, 7-…deployment, 9-…configmap). */
export interface GlooStatsValues {
    /** Prometheus annotations on gloo and the proxies, gloo's stats server, the proxies' stats listener (port 8081). Defaults to `true`. */
    enabled?: boolean;
    /** Where a proxy's `/metrics` goes on Envoy's admin. Defaults to `"/stats/prometheus"`. */
    routePrefixRewrite?: string;
    /** Datadog autodiscovery annotations on the proxies' pods. Defaults to `false`. */
    setDatadogAnnotations?: boolean;
    /** A `/stats` route on the proxies' stats listener too. Defaults to `false`. */
    enableStatsRoute?: boolean;
    /** Where that route goes on Envoy's admin. Defaults to `"/stats"`. */
    statsPrefixRewrite?: string;
    /** A port `http-monitoring` (9091) on Service gloo and a Service `<proxy>-monitoring-service` per proxy. Defaults to `false`. */
    serviceMonitorEnabled?: boolean;
    /** A container port `http-monitoring` (9091) on gloo. Defaults to `false`. */
    podMonitorEnabled?: boolean;
}
