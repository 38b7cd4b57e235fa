// The clusters: gloo's own (`k8s`, `crds`, `kubernetes` access) and the others proxy fleets run in (`clusters`).
import * as pulumi from "@pulumi/pulumi";

/** `crds`: Gloo's 15 CRDs. */
export interface CrdsArgs {
    /** Install them; `false` for a second stack on a cluster whose CRDs another stack owns. Defaults to `true`. */
    enabled?: boolean;
}

/** `k8s`: the cluster. */
export interface K8sArgs {
    /** The cluster's DNS domain. Defaults to `"cluster.local"`. */
    clusterName?: string;
}

/** `kubernetes`: how to reach gloo's cluster, for the provider this component makes when none is passed. */
export interface KubernetesAccessArgs {
    /** Path or contents of a kubeconfig; may come from another resource. Defaults to the ambient one. */
    kubeconfig?: pulumi.Input<string>;
    /** Defaults to the kubeconfig's current context. */
    context?: string;
    /** Render manifests into this directory instead of applying them. Defaults to unset (apply). */
    renderYamlTo?: string;
}

/**
 * A `k8s.Provider`, typed loosely on purpose: Pulumi's schema Analyzer would describe a provider class as a reference
 * to a resource of the Kubernetes package, which that package's schema does not have (its provider is no resource).
 * GlooInstall refuses anything but a Kubernetes provider, naming the key.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubernetesProviderArg = any;

/** How to reach another cluster: `kubernetes.*`'s fields and rules, or a provider of the caller's. */
export interface RemoteClusterArgs {
    /** Path or contents of a kubeconfig; may come from another resource. */
    kubeconfig?: pulumi.Input<string>;
    /** A context of the kubeconfig (the ambient one when `kubeconfig` is unset). */
    context?: string;
    /** Render this cluster's manifests into this directory instead of applying them (a directory of its own). */
    renderYamlTo?: string;
    /**
     * A `k8s.Provider` for this cluster (TypeScript library use), instead of the three keys above; give it
     * `enableSecretMutable: true` as the install's own providers have. Checked when the install is constructed.
     * Defaults to none.
     */
    provider?: KubernetesProviderArg;
}
