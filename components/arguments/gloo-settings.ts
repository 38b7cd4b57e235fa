// The control plane: `gloo` (its Deployment, PDB, log level, `xdsExternal` for other clusters) and `settings`.
import type { GlooDeploymentValues, GlooLogLevel, GlooPodDisruptionBudget } from "../proxies/types";

/** The Service type of `gloo.xdsExternal` (reachable from other clusters). */
export const XdsExternalServiceType = {
    LoadBalancer: "LoadBalancer",
    NodePort: "NodePort",
} as const;
/** The Service type of `gloo.xdsExternal` (reachable from other clusters). */
export type XdsExternalServiceType = (typeof XdsExternalServiceType)[keyof typeof XdsExternalServiceType];

/** `gloo`: the control plane. */
export interface GlooArgs {
    /** At the chart's `gloo.deployment` paths. Defaults to the chart's Deployment. */
    deployment?: GlooDeploymentValues;
    /** PodDisruptionBudget `gloo-pdb` (one of its two bounds). Defaults to none. */
    podDisruptionBudget?: GlooPodDisruptionBudget;
    /** gloo's `LOG_LEVEL`. Defaults to gloo's own `info` (no variable). */
    logLevel?: GlooLogLevel;
    /**
     * Not the chart's: gloo's xDS reachable from other clusters, over mutual TLS only (Service `gloo-xds-external`
     * on the envoy-sidecar's TLS port). Required by proxies placed in `clusters`. Defaults to none.
     */
    xdsExternal?: XdsExternalArgs;
}

/** `gloo.xdsExternal.service`. */
export interface XdsExternalServiceArgs {
    /** `LoadBalancer` or `NodePort`. Defaults to `"LoadBalancer"`. */
    type?: XdsExternalServiceType;
    /** Annotations of the Service, e.g. a cloud load balancer's. Defaults to none. */
    extraAnnotations?: Record<string, string>;
    /**
     * CIDRs of the remote clusters' egress: the load balancer's source ranges (LoadBalancer) and the NetworkPolicy's
     * admitted sources for the external port. Required (`0.0.0.0/0` and `::/0` to rely on mutual TLS alone).
     */
    loadBalancerSourceRanges?: string[];
}

/** `gloo.xdsExternal`. */
export interface XdsExternalArgs {
    /** The DNS name remote proxies dial (never an IP); it goes onto gloo's certificate. Required. */
    address: string;
    /** The port they dial (the Service's port, and with NodePort its node port too). Defaults to 9977. */
    port?: number;
    /** Defaults to a LoadBalancer; its source ranges are required. */
    service?: XdsExternalServiceArgs;
}

/** `settings`: fields of the Settings `default` (chart template `18-settings.yaml`). */
export interface SettingsValues {
    /** Namespaces gloo watches (Settings `watchNamespaces`). Defaults to every namespace. */
    watchNamespaces?: string[];
    /** Where gloo writes its Proxy objects (Settings `discoveryNamespace`, and each proxy's xDS role). Defaults to the install's namespace. */
    writeNamespace?: string;
    /** What gloo serves in place of a route it cannot translate (Settings `gloo.invalidConfigPolicy`). Defaults to the chart's. */
    invalidConfigPolicy?: InvalidConfigPolicyValues;
    /**
     * The chart's older spelling of `invalidConfigPolicy.replaceInvalidRoutes`; the chart writes it before the policy's
     * own key, which wins, so `true` needs `invalidConfigPolicy.replaceInvalidRoutes: true` as well. Defaults to `false`.
     */
    replaceInvalidRoutes?: boolean;
    /** No in-memory Upstreams for Kubernetes Services (Settings `gloo.disableKubernetesDestinations`). Defaults to `false`. */
    disableKubernetesDestinations?: boolean;
    /**
     * Nodes without IPv6: every listener other pods dial (the envoy-sidecars' TLS listeners, the proxies' stats
     * listener, gloo's pod-IP servers, the sds sidecars) binds 0.0.0.0, and Settings gets `ipV4Only: true` as the
     * chart renders it. Unset, they bind `::` (Envoy with `ipv4_compat`), serving IPv4-only, dual-stack and IPv6-only
     * clusters alike. Defaults to `false`.
     */
    ipV4Only?: boolean;
}

/** `settings.invalidConfigPolicy`. */
export interface InvalidConfigPolicyValues {
    /** Serve the response below for routes gloo cannot translate, instead of rejecting the whole config. Defaults to `false`. */
    replaceInvalidRoutes?: boolean;
    /** Its HTTP status (200 to 599). Defaults to 404. */
    invalidRouteResponseCode?: number;
    /** Its body. Defaults to the chart's ("Gloo Gateway has invalid configuration. …"). */
    invalidRouteResponseBody?: string;
}
