// Arguments of the Gloo install, shaped like the chart's values, and the one place defaults are applied.
import * as pulumi from "@pulumi/pulumi";
import { ImageRef } from "./pod";
import { KeyAlgorithm } from "./tls";

export type CertificateIssuer = "pulumi" | "certgen";
export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export interface ImageOverride {
    /** Defaults to `global.image.registry`. */
    registry?: string;
    /** Defaults to the chart's repository for this image. */
    repository?: string;
    /** Defaults to `global.image.tag`. */
    tag?: string;
    /** Defaults to `global.image.pullPolicy`. */
    pullPolicy?: PullPolicy;
}

export interface GlooInstallArgs {
    /** Namespace of the whole install. Defaults to `"gloo-system"`. */
    namespace?: string;
    global?: {
        image?: {
            /** Defaults to `"quay.io/solo-io"`. */
            registry?: string;
            /** Gloo release of every image. Defaults to `"1.22.1"`. */
            tag?: string;
            /** Defaults to `"IfNotPresent"`. */
            pullPolicy?: PullPolicy;
        };
        glooMtls?: {
            /** xDS over mutual TLS between every Envoy and gloo. Defaults to `true`. */
            enabled?: boolean;
            /** The TLS-terminating Envoy sidecar's image. Defaults to `gloo-envoy-wrapper` on `global.image`. */
            envoy?: { image?: ImageOverride };
            sds?: {
                /** Defaults to `sds` on `global.image`. */
                image?: ImageOverride;
                /** Defaults to `"info"`. */
                logLevel?: "debug" | "info" | "warn" | "error";
            };
            /** NetworkPolicies that keep the SDS and admin ports unreachable from other pods. Defaults to `{ enabled: true }`. */
            networkPolicy?: { enabled?: boolean };
        };
        /** Gloo Enterprise's extension servers (the enterprise chart's paths); each needs `enterprise.enabled`. */
        extensions?: {
            /** The extauth server, its Upstream and the Settings that point gloo at it. Defaults to `{ enabled: false }`. */
            extAuth?: { enabled?: boolean };
            /** The rate-limit server with its Redis, its Upstream and the Settings. Defaults to `{ enabled: false }`. */
            rateLimit?: { enabled?: boolean };
        };
    };
    /** Gloo Gateway Enterprise: enterprise images and the license. Defaults to `{ enabled: false }`. */
    enterprise?: {
        /** Defaults to `false`. */
        enabled?: boolean;
        /** The Gloo Enterprise license key; required when enabled. Pass a Pulumi secret. Defaults to none. */
        licenseKey?: pulumi.Input<string>;
        image?: {
            /** Release of the enterprise images (gloo-ee, gloo-ee-envoy-wrapper, extauth-ee, rate-limit-ee). Defaults to `"1.22.1"`. */
            tag?: string;
        };
    };
    /** Gloo's 15 CRDs, cluster-wide and shared by every install on the cluster. Defaults to `{ enabled: true }`. */
    crds?: {
        /** Install them; `false` for a second stack on a cluster whose CRDs another stack owns. Defaults to `true`. */
        enabled?: boolean;
    };
    k8s?: {
        /** The cluster's DNS domain. Defaults to `"cluster.local"`. */
        clusterName?: string;
    };
    gateway?: {
        /** The validating admission webhook served by gloo. Defaults to `{ enabled: true }`. */
        validation?: { enabled?: boolean };
        /** The certgen tool (image `certgen` on `global.image`), as the chart's `gateway.certGenJob`. */
        certGenJob?: {
            /** Go duration certgen waits after each of its two Secret updates during a rotation. Defaults to `"65s"`. */
            rotationDuration?: string;
            cron?: {
                /** A CronJob that rotates `gloo-mtls-certs` on a schedule (it then owns the data). Defaults to `false`. */
                enabled?: boolean;
                /** Defaults to `"0 3 * * 0"` (Sundays 03:00), not the chart's every minute. */
                schedule?: string;
                /** IANA zone of the schedule (`spec.timeZone`). Defaults to the controller manager's zone. */
                timeZone?: string;
            };
        };
    };
    certificates?: {
        /**
         * Who makes the keys of `gloo-mtls-certs`: `"pulumi"` (@pulumi/tls, in state) or `"certgen"` (an
         * in-cluster Job; Pulumi never holds the key). Defaults to `"pulumi"`.
         */
        issuer?: CertificateIssuer;
        /** Defaults to `"ECDSA"` (P-256); `"RSA"` is 2048 bits. */
        keyAlgorithm?: KeyAlgorithm;
        /** Defaults to 3650. */
        caValidityDays?: number;
        /** Defaults to 365. */
        leafValidityDays?: number;
        /** CA generations for staged rotation (issuer `"pulumi"` without the CronJob only). */
        ca?: {
            /** Generations whose CA certificates go into `ca.crt`. Defaults to `[1]`. */
            trusted?: number[];
            /** The generation that signs the leaf. Defaults to the highest of `trusted`. */
            active?: number;
        };
    };
    /**
     * How to reach the cluster, for the provider this component makes when none is passed in its resource
     * options (`provider` or `providers`). Defaults to the ambient kubeconfig and its current context.
     */
    kubernetes?: {
        /** Path or contents of a kubeconfig; may come from another resource. Defaults to the ambient one. */
        kubeconfig?: pulumi.Input<string>;
        /** Defaults to the kubeconfig's current context. */
        context?: string;
        /** Render manifests into this directory instead of applying them. Defaults to unset (apply). */
        renderYamlTo?: string;
    };
}

/** Every argument with its default applied. */
export interface ResolvedArgs {
    namespace: string;
    clusterName: string;
    crds: boolean;
    images: { gloo: ImageRef; envoy: ImageRef; sds: ImageRef; proxy: ImageRef; extauth: ImageRef; rateLimit: ImageRef; redis: ImageRef };
    mtls: { enabled: boolean; sdsLogLevel: string; networkPolicy: boolean };
    enterprise: { enabled: boolean; licenseKey?: pulumi.Input<string> };
    extensions: { extAuth: boolean; rateLimit: boolean };
    validation: boolean;
    certificates: {
        issuer: CertificateIssuer;
        keyAlgorithm: KeyAlgorithm;
        caValidityHours: number;
        leafValidityHours: number;
        ca: { trusted: number[]; active: number };
    };
    certGen: { image: ImageRef; rotationDuration: string; cron: { enabled: boolean; schedule: string; timeZone?: string } };
    kubernetes: { kubeconfig?: pulumi.Input<string>; context?: string; renderYamlTo?: string };
}

export function resolveArgs(a: GlooInstallArgs): ResolvedArgs {
    const g = a.global?.image ?? {};
    const base = { registry: g.registry ?? "quay.io/solo-io", tag: g.tag ?? "1.22.1", pullPolicy: g.pullPolicy ?? "IfNotPresent" };
    const image = (repository: string, o: ImageOverride = {}): ImageRef => ({
        registry: o.registry ?? base.registry,
        repository: o.repository ?? repository,
        tag: o.tag ?? base.tag,
        pullPolicy: o.pullPolicy ?? base.pullPolicy,
    });
    const m = a.global?.glooMtls ?? {};
    const c = a.certificates ?? {};
    const trusted = c.ca?.trusted ?? [1];
    const cron = a.gateway?.certGenJob?.cron ?? {};
    const ee = a.enterprise?.enabled ?? false;
    // Enterprise images carry the enterprise release; a per-image override still wins. The default follows the
    // open-source default's 1.22 line (no public source pins an EE tag): pin the release you are licensed for.
    const eeTag = a.enterprise?.image?.tag ?? "1.22.1";
    const eeImage = (repository: string, o: ImageOverride = {}): ImageRef => image(repository, { ...o, tag: o.tag ?? eeTag });
    const ext = a.global?.extensions ?? {};
    return {
        namespace: a.namespace ?? "gloo-system",
        clusterName: a.k8s?.clusterName ?? "cluster.local",
        crds: a.crds?.enabled ?? true,
        images: {
            gloo: ee ? eeImage("gloo-ee") : image("gloo"),
            proxy: ee ? eeImage("gloo-ee-envoy-wrapper") : image("gloo-envoy-wrapper"),
            envoy: ee ? eeImage("gloo-ee-envoy-wrapper", m.envoy?.image) : image("gloo-envoy-wrapper", m.envoy?.image),
            sds: image("sds", m.sds?.image),
            extauth: eeImage("extauth-ee"),
            rateLimit: eeImage("rate-limit-ee"),
            // Not a Solo image: its own registry and release.
            redis: { registry: "docker.io", repository: "redis", tag: "7.2.4", pullPolicy: base.pullPolicy },
        },
        enterprise: { enabled: ee, licenseKey: a.enterprise?.licenseKey },
        extensions: { extAuth: ext.extAuth?.enabled ?? false, rateLimit: ext.rateLimit?.enabled ?? false },
        mtls: { enabled: m.enabled ?? true, sdsLogLevel: m.sds?.logLevel ?? "info", networkPolicy: m.networkPolicy?.enabled ?? true },
        validation: a.gateway?.validation?.enabled ?? true,
        certificates: {
            issuer: c.issuer ?? "pulumi",
            keyAlgorithm: c.keyAlgorithm ?? "ECDSA",
            caValidityHours: (c.caValidityDays ?? 3650) * 24,
            leafValidityHours: (c.leafValidityDays ?? 365) * 24,
            ca: { trusted, active: c.ca?.active ?? Math.max(...trusted) },
        },
        certGen: {
            image: image("certgen"),
            rotationDuration: a.gateway?.certGenJob?.rotationDuration ?? "65s",
            cron: { enabled: cron.enabled ?? false, schedule: cron.schedule ?? "0 3 * * 0", timeZone: cron.timeZone },
        },
        kubernetes: { ...a.kubernetes },
    };
}
