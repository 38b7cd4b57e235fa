// The TLS building block: CA generation(s) and a leaf certificate made with @pulumi/tls, published as
// a `kubernetes.io/tls` Secret with ca.crt, tls.crt and tls.key.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { childOptions } from "./options";

export type KeyAlgorithm = "ECDSA" | "RSA";
export type LeafUse = "server_auth" | "client_auth";

export interface TlsSecretArgs {
    /** Namespace of the Secret. */
    namespace: pulumi.Input<string>;
    /** Name of the Secret. */
    secretName: string;
    /** Common name of the leaf certificate. */
    commonName: string;
    /** DNS subject alternative names of the leaf certificate. */
    dnsNames: string[];
    /** Extended key usages of the leaf. Defaults to `["server_auth"]`. */
    leafUses?: LeafUse[];
    /** Key algorithm of every key: ECDSA (P-256) or RSA (2048 bits). Defaults to `"ECDSA"`. */
    keyAlgorithm?: KeyAlgorithm;
    /** Validity of each CA certificate in hours. Defaults to 87600 (10 years). */
    caValidityHours?: number;
    /** Validity of the leaf certificate in hours. Defaults to 8760 (365 days). */
    leafValidityHours?: number;
    /**
     * The leaf is re-issued by `pulumi up --refresh` this many hours before it expires; must be shorter than its
     * validity. Defaults to a third of the validity, at most 720 (30 days).
     */
    earlyRenewalHours?: number;
    /**
     * CA generations whose certificates go into `ca.crt`, in order, and the one that signs the leaf.
     * Defaults to `{ trusted: [1], active: 1 }`.
     */
    ca?: { trusted: number[]; active: number };
    /** Labels of the Secret. Defaults to none. */
    labels?: Record<string, string>;
    /** Resource options for the Secret only (e.g. who owns its data). Defaults to none. */
    secretOptions?: pulumi.CustomResourceOptions;
}

/** ECDSA P-256 (the tls provider's own default curve, P-224, is refused by most TLS stacks) or RSA 2048. */
export function keyArgs(algorithm: KeyAlgorithm): tls.PrivateKeyArgs {
    return algorithm === "RSA" ? { algorithm: "RSA", rsaBits: 2048 } : { algorithm: "ECDSA", ecdsaCurve: "P256" };
}

/** A PEM bundle of several certificates; each PEM must end in a newline or the next one is lost. */
export function pemBundle(pems: string[]): string {
    return pems.map((p) => (p.endsWith("\n") ? p : `${p}\n`)).join("");
}

/**
 * The early-renewal window of a leaf valid `validityHours`: a third of it, at most 30 days. A window as long as
 * the validity would make every `pulumi up` re-issue the leaf, and no preview would ever be clean.
 */
export function renewalWindowHours(validityHours: number): number {
    return Math.min(720, Math.floor(validityHours / 3));
}

/** Checks a CA generation plan: `active` must be one of `trusted`, which must be distinct positive integers. */
export function caPlanProblems(plan: { trusted: number[]; active: number }): string[] {
    const problems: string[] = [];
    if (plan.trusted.length === 0) problems.push("trusted must list at least one CA generation");
    if (new Set(plan.trusted).size !== plan.trusted.length) problems.push(`trusted ${JSON.stringify(plan.trusted)} lists a generation twice`);
    if (plan.trusted.some((g) => !Number.isInteger(g) || g < 1)) problems.push(`trusted ${JSON.stringify(plan.trusted)} must hold positive integers`);
    if (!plan.trusted.includes(plan.active)) problems.push(`active ${plan.active} must be one of trusted ${JSON.stringify(plan.trusted)}`);
    return problems;
}

export class TlsSecret extends pulumi.ComponentResource {
    /** `ca.crt`: the trusted CA certificates (public). */
    readonly caBundlePem: pulumi.Output<string>;
    /** The leaf certificate (public). */
    readonly certPem: pulumi.Output<string>;
    /** When the leaf certificate expires (RFC 3339). */
    readonly leafNotAfter: pulumi.Output<string>;
    readonly secret: k8s.core.v1.Secret;

    constructor(name: string, args: TlsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:tls:TlsSecret", name, {}, opts);
        const algorithm = args.keyAlgorithm ?? "ECDSA";
        const plan = args.ca ?? { trusted: [1], active: 1 };
        const leafHours = args.leafValidityHours ?? 8760;
        const renewHours = args.earlyRenewalHours ?? renewalWindowHours(leafHours);
        const problems = caPlanProblems(plan);
        if (renewHours >= leafHours) problems.push(`earlyRenewalHours ${renewHours} must be shorter than leafValidityHours ${leafHours}, or every update re-issues the leaf`);
        if (problems.length > 0) throw new pulumi.ResourceError(problems.join("; "), this);

        // One set of resources per generation under a stable name, so adding generation 2 never touches 1.
        const generations = new Map<number, { key: tls.PrivateKey; cert: tls.SelfSignedCert }>();
        for (const g of [...new Set([...plan.trusted, plan.active])].sort((a, b) => a - b)) {
            const key = new tls.PrivateKey(`${name}-ca-${g}`, keyArgs(algorithm), { parent: this });
            // A subject unique to this generation and stack, so clients never confuse two roots.
            const id = new random.RandomId(`${name}-ca-${g}`, { byteLength: 4, keepers: { generation: String(g) } }, { parent: this });
            const cert = new tls.SelfSignedCert(
                `${name}-ca-${g}`,
                {
                    privateKeyPem: key.privateKeyPem,
                    subject: { commonName: pulumi.interpolate`${args.commonName} CA ${g} ${id.hex}`, organization: "gloo-mtls" },
                    isCaCertificate: true,
                    allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
                    validityPeriodHours: args.caValidityHours ?? 87600,
                    setSubjectKeyId: true,
                },
                { parent: this },
            );
            generations.set(g, { key, cert });
        }
        const active = generations.get(plan.active)!;

        // A new leaf key with each active generation: a CA rotation also rotates the leaf key.
        const leafKey = new tls.PrivateKey(`${name}-leaf-${plan.active}`, keyArgs(algorithm), { parent: this });
        const csr = new tls.CertRequest(
            `${name}-leaf-${plan.active}`,
            { privateKeyPem: leafKey.privateKeyPem, subject: { commonName: args.commonName, organization: "gloo-mtls" }, dnsNames: args.dnsNames },
            { parent: this },
        );
        const leaf = new tls.LocallySignedCert(
            `${name}-leaf-${plan.active}`,
            {
                certRequestPem: csr.certRequestPem,
                caPrivateKeyPem: active.key.privateKeyPem,
                caCertPem: active.cert.certPem,
                allowedUses: ["digital_signature", "key_encipherment", ...(args.leafUses ?? ["server_auth"])],
                validityPeriodHours: leafHours,
                earlyRenewalHours: renewHours,
            },
            { parent: this },
        );

        this.caBundlePem = pulumi.all(plan.trusted.map((g) => generations.get(g)!.cert.certPem)).apply(pemBundle);
        this.certPem = leaf.certPem.apply((pem) => pemBundle([pem]));
        this.leafNotAfter = leaf.validityEndTime;
        this.secret = new k8s.core.v1.Secret(
            name,
            {
                metadata: { name: args.secretName, namespace: args.namespace, labels: args.labels },
                type: "kubernetes.io/tls",
                stringData: {
                    "ca.crt": this.caBundlePem,
                    "tls.crt": this.certPem,
                    // The provider marks this secret; mocks and renderers do not, so say it here too.
                    "tls.key": pulumi.secret(leafKey.privateKeyPem),
                },
            },
            { ...args.secretOptions, ...childOptions(this, opts) },
        );
        this.registerOutputs({ caBundlePem: this.caBundlePem, certPem: this.certPem, leafNotAfter: this.leafNotAfter });
    }
}
