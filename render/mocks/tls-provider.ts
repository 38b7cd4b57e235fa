// The `tls` provider's resources (PrivateKey, SelfSignedCert, CertRequest, LocallySignedCert): its schema's
// defaults, secret outputs and errors, real keys and certificates, and renewal inside the early-renewal window.
import * as crypto from "node:crypto";
import { derOid, derSmallInt, seq, setOf, tlv } from "./der";
import { CURVES, describeKey, generateKeyPair, hashForState, loadPrivateKeyPem, pemEncode, signDer, sshForms } from "./pem-keys";
import { Handler, exactlyOnePem, intInput } from "./provider";
import type { MemoEntry } from "./state";
import { decodeTypedPem, extension, issueCertificate, parseCert, parseCsr } from "./x509";
import { encodeName, nameFromDer, nameFromSubjectInput, sanValue, sansFromInputs } from "./x509-names";

const CERT_DEFAULTS = { earlyRenewalHours: 0, isCaCertificate: false, setSubjectKeyId: false, maxPathLength: -1, readyForRenewal: false };

/** The provider's modifyPlanIfCertificateReadyForRenewal: now >= validity end - early renewal hours. */
function readyForRenewal(prior: MemoEntry, inputs: Record<string, any>, now: number): boolean {
    const end = Date.parse(prior.outputs.validityEndTime);
    const early = typeof inputs.earlyRenewalHours === "number" ? inputs.earlyRenewalHours : 0;
    return Number.isFinite(end) && now >= end - early * 3600_000;
}

const noPem = (inputs: Record<string, any>, ...keys: string[]) => keys.every((k) => typeof inputs[k] !== "string");

/**
 * RSA keys by resource name and size, when GLOO_MTLS_TEST_REUSE_RSA=1: the test runner (test/groups) evaluates the
 * prod stack's RSA configuration dozens of times per process, and a 2048-bit key costs ~100 ms of CPU each. A
 * name then keeps its key across runs, as it would in one stack's state; names still never share a key.
 */
const rsaKeys = new Map<string, Promise<crypto.KeyObject>>();
function rsaKey(name: string, bits: number): Promise<crypto.KeyObject> {
    const generate = () => generateKeyPair("rsa", { modulusLength: bits, publicExponent: 0x10001 });
    if (process.env.GLOO_MTLS_TEST_REUSE_RSA !== "1") return generate();
    const id = `${name}/${bits}`;
    if (!rsaKeys.has(id)) rsaKeys.set(id, generate());
    return rsaKeys.get(id)!;
}

const privateKey: Handler = {
    defaults: { rsaBits: 2048, ecdsaCurve: "P224" },
    secretOutputs: ["privateKeyOpenssh", "privateKeyPem", "privateKeyPemPkcs8"],
    missing: (i) => typeof i.algorithm !== "string",
    async create({ name, inputs }) {
        const algorithm = inputs.algorithm;
        let key: crypto.KeyObject;
        if (algorithm === "RSA") {
            const bits = intInput(inputs, "rsaBits", "rsa_bits", 2048, 0);
            // Go 1.24+ crypto/rsa refuses keys below 1024 bits.
            if (bits < 1024) throw new Error(`Unable to generate Key from configuration: crypto/rsa: ${bits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)`);
            key = await rsaKey(name, bits);
        } else if (algorithm === "ECDSA") {
            const curveName = inputs.ecdsaCurve ?? "P224";
            const curve = CURVES[curveName];
            if (!curve) {
                throw new Error(`Invalid Attribute Value Match: Attribute ecdsa_curve value must be one of: ["P224" "P256" "P384" "P521"], got: ${JSON.stringify(curveName)}`);
            }
            key = await generateKeyPair("ec", { namedCurve: curve.openssl });
        } else if (algorithm === "ED25519") {
            key = await generateKeyPair("ed25519", {});
        } else {
            throw new Error(`Invalid Attribute Value Match: Attribute algorithm value must be one of: ["RSA" "ECDSA" "ED25519"], got: ${JSON.stringify(algorithm)}`);
        }
        const k = describeKey(key);
        const traditional =
            k.algorithm === "RSA"
                ? pemEncode("RSA PRIVATE KEY", key.export({ type: "pkcs1", format: "der" }))
                : k.algorithm === "ECDSA"
                  ? pemEncode("EC PRIVATE KEY", key.export({ type: "sec1", format: "der" }))
                  : pemEncode("PRIVATE KEY", key.export({ type: "pkcs8", format: "der" }));
        return {
            id: hashForState(k.spki),
            outputs: {
                privateKeyPem: traditional,
                privateKeyPemPkcs8: pemEncode("PRIVATE KEY", key.export({ type: "pkcs8", format: "der" })),
                publicKeyPem: pemEncode("PUBLIC KEY", k.spki),
                ...sshForms(k),
            },
        };
    },
};

const selfSignedCert: Handler = {
    defaults: { ...CERT_DEFAULTS, setAuthorityKeyId: false },
    inPlace: ["earlyRenewalHours", "maxPathLength"],
    secretOutputs: ["privateKeyPem"],
    missing: (i) => noPem(i, "privateKeyPem", "privateKeyPemWo"),
    mustReplace: readyForRenewal,
    async create({ inputs }) {
        const signer = loadPrivateKeyPem(exactlyOnePem(inputs, "privateKeyPem", "private_key_pem"));
        const { name, empty } = nameFromSubjectInput(inputs.subject);
        const issued = issueCertificate({
            inputs,
            subject: encodeName(name),
            subjectEmpty: empty,
            sans: sansFromInputs(inputs),
            spki: signer.spki,
            signer,
            supportsAuthorityKeyId: true,
        });
        const { id, ...outputs } = issued;
        return { id, outputs: { ...outputs, keyAlgorithm: signer.algorithm, readyForRenewal: false } };
    },
};

const certRequest: Handler = {
    defaults: {},
    secretOutputs: ["privateKeyPem"],
    missing: (i) => noPem(i, "privateKeyPem", "privateKeyPemWo"),
    async create({ inputs }) {
        const signer = loadPrivateKeyPem(exactlyOnePem(inputs, "privateKeyPem", "private_key_pem"));
        const { name } = nameFromSubjectInput(inputs.subject);
        const san = sanValue(sansFromInputs(inputs));
        // Go's CreateCertificateRequest: the SAN extension (non-critical) in an extensionRequest attribute.
        const attributes = san ? [seq(derOid("1.2.840.113549.1.9.14"), setOf([seq(extension("2.5.29.17", false, san))]))] : [];
        const info = seq(derSmallInt(0), encodeName(name), signer.spki, tlv(0xa0, ...attributes));
        const der = signDer(info, signer);
        return { id: hashForState(der), outputs: { certRequestPem: pemEncode("CERTIFICATE REQUEST", der), keyAlgorithm: signer.algorithm } };
    },
};

const locallySignedCert: Handler = {
    defaults: { ...CERT_DEFAULTS },
    inPlace: ["earlyRenewalHours", "maxPathLength"],
    secretOutputs: ["caPrivateKeyPem"],
    missing: (i) => noPem(i, "certRequestPem") || noPem(i, "caCertPem") || noPem(i, "caPrivateKeyPem", "caPrivateKeyPemWo"),
    mustReplace: readyForRenewal,
    async create({ inputs }) {
        const csr = parseCsr(decodeTypedPem(inputs.certRequestPem, "CERTIFICATE REQUEST"));
        const signer = loadPrivateKeyPem(exactlyOnePem(inputs, "caPrivateKeyPem", "ca_private_key_pem"));
        const ca = parseCert(decodeTypedPem(inputs.caCertPem, "CERTIFICATE"));
        if (!ca.isCA) {
            console.warn(
                "Potentially Invalid Certificate Authority: Certificate provided as Authority does not appear to be a valid Certificate Authority. The resulting certificate might fail certificate validation.",
            );
        }
        // Subject and SANs come from the CSR (emails are dropped; the subject is re-marshalled by Go).
        const { name, attributes } = nameFromDer(csr.subject);
        const issued = issueCertificate({
            inputs,
            subject: encodeName(name),
            subjectEmpty: attributes === 0,
            sans: { dns: csr.sans.dns, emails: [], ips: csr.sans.ips, uris: csr.sans.uris },
            spki: csr.spki,
            parent: ca,
            signer,
            supportsAuthorityKeyId: false,
        });
        const { id, ...outputs } = issued;
        return { id, outputs: { ...outputs, caKeyAlgorithm: signer.algorithm, readyForRenewal: false } };
    },
};

export const TLS_HANDLERS: Record<string, Handler> = {
    "tls:index/privateKey:PrivateKey": privateKey,
    "tls:index/selfSignedCert:SelfSignedCert": selfSignedCert,
    "tls:index/certRequest:CertRequest": certRequest,
    "tls:index/locallySignedCert:LocallySignedCert": locallySignedCert,
};
