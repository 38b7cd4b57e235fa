// The mTLS certificates: `certificates` (who issues, algorithms, CA generations) and `gateway` (certgen, rotation CronJob).
import type { ResourceRequirements } from "../types/k8s";
import type { KeyAlgorithm } from "../tls";
import type { EnabledArgs } from "./global";
import type { ImageOverride } from "./images";

/** Who makes the keys of `gloo-mtls-certs`. */
export const CertificateIssuer = {
    /** @pulumi/tls, in the Pulumi state. */
    Pulumi: "pulumi",
    /** The in-cluster certgen Job; Pulumi never holds the key. */
    Certgen: "certgen",
} as const;
/** Who makes the keys of `gloo-mtls-certs`. */
export type CertificateIssuer = (typeof CertificateIssuer)[keyof typeof CertificateIssuer];

/** `gateway.certGenJob.cron`: the rotation CronJob. */
export interface CertGenCronArgs {
    /** A CronJob that rotates `gloo-mtls-certs` on a schedule (it then owns the data). Defaults to `false`. */
    enabled?: boolean;
    /** Defaults to `"0 3 * * 0"` (Sundays 03:00), not the chart's every minute. */
    schedule?: string;
    /** IANA zone of the schedule (`spec.timeZone`). Defaults to the controller manager's zone. */
    timeZone?: string;
}

/** `gateway.certGenJob`: the certgen tool (image `certgen` on `global.image`), as the chart's. */
export interface CertGenJobArgs {
    /** The certgen image (Job and CronJob). Defaults to `certgen` on `global.image`. */
    image?: ImageOverride;
    /** Go duration certgen waits after each of its two Secret updates during a rotation. Defaults to `"65s"`. */
    rotationDuration?: string;
    /** The certgen container's resources (replaced, not merged). Defaults to `{ requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } }`. */
    resources?: ResourceRequirements;
    /** Defaults to `{ enabled: false }`. */
    cron?: CertGenCronArgs;
}

/** `gateway`. */
export interface GatewayArgs {
    /** The validating admission webhook served by gloo. Defaults to `{ enabled: true }`. */
    validation?: EnabledArgs;
    /** Defaults to the chart's certgen settings. */
    certGenJob?: CertGenJobArgs;
}

/** `certificates.ca`: CA generations for staged rotation. */
export interface CaPlanArgs {
    /** Generations whose CA certificates go into `ca.crt`. Defaults to `[1]`. */
    trusted?: number[];
    /** The generation that signs the leaf. Defaults to the highest of `trusted`. */
    active?: number;
}

/** `certificates`: the mTLS certificates. */
export interface CertificatesArgs {
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
    /** CA generations for staged rotation (issuer `"pulumi"` without the CronJob only). Defaults to `{ trusted: [1] }`. */
    ca?: CaPlanArgs;
}
