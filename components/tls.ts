// The TLS building blocks, made with @pulumi/tls: a set of CA generations (caGenerations) and leaves signed by
// its active generation (signedLeaf), each published as a `kubernetes.io/tls` Secret with ca.crt, tls.crt and
// tls.key. TlsSecret is a CA set with one leaf; LeafSecret is one more leaf of a CA set, in a Secret of its own
// (possibly in another cluster), so one CA set can sign several identities.
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { childOptions } from "./options";

/** The key algorithm of the mTLS certificates. */
export const KeyAlgorithm = {
    /** P-256. */
    ECDSA: "ECDSA",
    /** 2048 bits. */
    RSA: "RSA",
} as const;
/** The key algorithm of the mTLS certificates. */
export type KeyAlgorithm = (typeof KeyAlgorithm)[keyof typeof KeyAlgorithm];
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

/**
 * A PEM bundle of several certificates; each PEM must end in a newline or the next one is lost. A certificate the
 * tls provider has not made (absent under the mocks of Pulumi's testing guide, which return a resource's inputs as its
 * state) is left out rather than failing the user's test; the engine never runs this with an unknown value.
 */
export function pemBundle(pems: (string | undefined)[]): string {
    return pems
        .filter((p): p is string => typeof p === "string")
        .map((p) => (p.endsWith("\n") ? p : `${p}\n`))
        .join("");
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

/** A set of CA generations and the one that signs its leaves. */
export interface CaSet {
    /** `ca.crt`: the trusted generations' certificates (public). */
    bundlePem: pulumi.Output<string>;
    /** The generation that signs leaves: part of every leaf's resource names, so a rotation re-issues each leaf. */
    activeGeneration: number;
    activeKeyPem: pulumi.Output<string>;
    activeCertPem: pulumi.Output<string>;
}

export interface CaSetArgs {
    /** Start of each CA's subject common name. */
    commonName: string;
    keyAlgorithm: KeyAlgorithm;
    validityHours: number;
    plan: { trusted: number[]; active: number };
}

/**
 * The CA generations of `plan`, one set of resources per generation under a stable name (`<name>-ca-<g>`), so adding
 * generation 2 never touches generation 1.
 */
export function caGenerations(name: string, args: CaSetArgs, parent: pulumi.Resource): CaSet {
    const generations = new Map<number, { key: tls.PrivateKey; cert: tls.SelfSignedCert }>();
    for (const g of [...new Set([...args.plan.trusted, args.plan.active])].sort((a, b) => a - b)) {
        const key = new tls.PrivateKey(`${name}-ca-${g}`, keyArgs(args.keyAlgorithm), { parent });
        // A subject unique to this generation and stack, so clients never confuse two roots.
        const id = new random.RandomId(`${name}-ca-${g}`, { byteLength: 4, keepers: { generation: String(g) } }, { parent });
        const cert = new tls.SelfSignedCert(
            `${name}-ca-${g}`,
            {
                privateKeyPem: key.privateKeyPem,
                subject: { commonName: pulumi.interpolate`${args.commonName} CA ${g} ${id.hex}`, organization: "gloo-mtls" },
                isCaCertificate: true,
                allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
                validityPeriodHours: args.validityHours,
                setSubjectKeyId: true,
            },
            { parent },
        );
        generations.set(g, { key, cert });
    }
    const active = generations.get(args.plan.active)!;
    return {
        bundlePem: pulumi.all(args.plan.trusted.map((g) => generations.get(g)!.cert.certPem)).apply(pemBundle),
        activeGeneration: args.plan.active,
        activeKeyPem: active.key.privateKeyPem,
        activeCertPem: active.cert.certPem,
    };
}

export interface LeafArgs {
    commonName: string;
    /** DNS subject alternative names. Defaults to none. */
    dnsNames?: string[];
    /** URI subject alternative names. Defaults to none. */
    uris?: string[];
    uses: LeafUse[];
    keyAlgorithm: KeyAlgorithm;
    validityHours: number;
    earlyRenewalHours: number;
}

export interface Leaf {
    keyPem: pulumi.Output<string>;
    certPem: pulumi.Output<string>;
    notAfter: pulumi.Output<string>;
}

/**
 * A leaf signed by the CA set's active generation, named `<name>-leaf-<active>`: a new key with each active
 * generation, so a CA rotation also rotates the leaf key.
 */
export function signedLeaf(name: string, ca: CaSet, args: LeafArgs, parent: pulumi.Resource): Leaf {
    const id = `${name}-leaf-${ca.activeGeneration}`;
    const key = new tls.PrivateKey(id, keyArgs(args.keyAlgorithm), { parent });
    const csr = new tls.CertRequest(
        id,
        {
            privateKeyPem: key.privateKeyPem,
            subject: { commonName: args.commonName, organization: "gloo-mtls" },
            ...(args.dnsNames ? { dnsNames: args.dnsNames } : {}),
            ...(args.uris ? { uris: args.uris } : {}),
        },
        { parent },
    );
    const cert = new tls.LocallySignedCert(
        id,
        {
            certRequestPem: csr.certRequestPem,
            caPrivateKeyPem: ca.activeKeyPem,
            caCertPem: ca.activeCertPem,
            allowedUses: ["digital_signature", "key_encipherment", ...args.uses],
            validityPeriodHours: args.validityHours,
            earlyRenewalHours: args.earlyRenewalHours,
        },
        { parent },
    );
    return { keyPem: key.privateKeyPem, certPem: cert.certPem.apply((pem) => pemBundle([pem])), notAfter: cert.validityEndTime };
}

/** The Secret of a CA bundle and a leaf; the key is a Pulumi secret. */
function tlsSecretArgs(a: { namespace: pulumi.Input<string>; secretName: string; labels?: Record<string, string> }, bundle: pulumi.Input<string>, leaf: Leaf): corev1.SecretArgs {
    return {
        metadata: { name: a.secretName, namespace: a.namespace, labels: a.labels },
        type: "kubernetes.io/tls",
        stringData: {
            "ca.crt": bundle,
            "tls.crt": leaf.certPem,
            // The provider marks this secret; mocks and renderers do not, so say it here too.
            "tls.key": pulumi.secret(leaf.keyPem),
        },
    };
}

/** The leaf's validity against its renewal window. */
function renewalProblems(leafHours: number, renewHours: number): string[] {
    return renewHours >= leafHours ? [`earlyRenewalHours ${renewHours} must be shorter than leafValidityHours ${leafHours}, or every update re-issues the leaf`] : [];
}

export class TlsSecret extends pulumi.ComponentResource {
    /** `ca.crt`: the trusted CA certificates (public). */
    readonly caBundlePem: pulumi.Output<string>;
    /** The leaf certificate (public). */
    readonly certPem: pulumi.Output<string>;
    /** When the leaf certificate expires (RFC 3339). */
    readonly leafNotAfter: pulumi.Output<string>;
    readonly secret: corev1.Secret;
    /** The CA set, to sign more leaves with (LeafSecret). */
    readonly ca: CaSet;

    constructor(name: string, args: TlsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:tls:TlsSecret", name, {}, opts);
        const algorithm = args.keyAlgorithm ?? "ECDSA";
        const plan = args.ca ?? { trusted: [1], active: 1 };
        const leafHours = args.leafValidityHours ?? 8760;
        const renewHours = args.earlyRenewalHours ?? renewalWindowHours(leafHours);
        const problems = [...caPlanProblems(plan), ...renewalProblems(leafHours, renewHours)];
        if (problems.length > 0) throw new pulumi.ResourceError(problems.join("; "), this);

        this.ca = caGenerations(name, { commonName: args.commonName, keyAlgorithm: algorithm, validityHours: args.caValidityHours ?? 87600, plan }, this);
        const leaf = signedLeaf(
            name,
            this.ca,
            { commonName: args.commonName, dnsNames: args.dnsNames, uses: args.leafUses ?? ["server_auth"], keyAlgorithm: algorithm, validityHours: leafHours, earlyRenewalHours: renewHours },
            this,
        );
        this.caBundlePem = this.ca.bundlePem;
        this.certPem = leaf.certPem;
        this.leafNotAfter = leaf.notAfter;
        this.secret = new corev1.Secret(name, tlsSecretArgs(args, this.caBundlePem, leaf), { ...args.secretOptions, ...childOptions(this, opts) });
        this.registerOutputs({ caBundlePem: this.caBundlePem, certPem: this.certPem, leafNotAfter: this.leafNotAfter });
    }
}

export interface LeafSecretArgs {
    /** Namespace of the Secret. */
    namespace: pulumi.Input<string>;
    /** Name of the Secret. */
    secretName: string;
    /** The CA set that signs the leaf (a TlsSecret's `ca`); its bundle is the Secret's `ca.crt`. */
    ca: CaSet;
    /** Common name of the leaf certificate. */
    commonName: string;
    /** DNS subject alternative names. Defaults to none. */
    dnsNames?: string[];
    /** URI subject alternative names. Defaults to none. */
    uris?: string[];
    /** Extended key usages. Defaults to `["client_auth"]`. */
    leafUses?: LeafUse[];
    /** Defaults to `"ECDSA"`. */
    keyAlgorithm?: KeyAlgorithm;
    /** Defaults to 8760 (365 days). */
    leafValidityHours?: number;
    /** Defaults to a third of the validity, at most 720 (see renewalWindowHours). */
    earlyRenewalHours?: number;
    /** Labels of the Secret. Defaults to none. */
    labels?: Record<string, string>;
}

/** One more leaf of a CA set in a `kubernetes.io/tls` Secret of its own, on the component's provider. */
export class LeafSecret extends pulumi.ComponentResource {
    /** The leaf certificate (public). */
    readonly certPem: pulumi.Output<string>;
    /** When the leaf certificate expires (RFC 3339). */
    readonly leafNotAfter: pulumi.Output<string>;
    readonly secret: corev1.Secret;

    constructor(name: string, args: LeafSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:tls:LeafSecret", name, {}, opts);
        const leafHours = args.leafValidityHours ?? 8760;
        const renewHours = args.earlyRenewalHours ?? renewalWindowHours(leafHours);
        const problems = renewalProblems(leafHours, renewHours);
        if (problems.length > 0) throw new pulumi.ResourceError(problems.join("; "), this);
        const leaf = signedLeaf(
            name,
            args.ca,
            {
                commonName: args.commonName,
                dnsNames: args.dnsNames,
                uris: args.uris,
                uses: args.leafUses ?? ["client_auth"],
                keyAlgorithm: args.keyAlgorithm ?? "ECDSA",
                validityHours: leafHours,
                earlyRenewalHours: renewHours,
            },
            this,
        );
        this.certPem = leaf.certPem;
        this.leafNotAfter = leaf.notAfter;
        this.secret = new corev1.Secret(name, tlsSecretArgs(args, args.ca.bundlePem, leaf), childOptions(this, opts));
        this.registerOutputs({ certPem: this.certPem, leafNotAfter: this.leafNotAfter });
    }
}
