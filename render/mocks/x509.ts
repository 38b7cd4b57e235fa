// Certificates and certificate requests: key usages and extensions, issuing a certificate (the tls provider's
// createCertificate + Go's x509.CreateCertificate), and parsing the CSRs and CA certificates handed back in.
import * as crypto from "node:crypto";
import { Tlv, bitString, children, decodeOid, derOid, derSmallInt, derTime, derTrue, derUnsigned, explicit, octetString, readTlv, seq, tlv } from "./der";
import { LoadedKey, pemDecode, pemEncode, signDer, signingParams, subjectKeyId } from "./pem-keys";
import { intInput } from "./provider";
import { Sans, sanValue, to4 } from "./x509-names";

const KEY_USAGES: Record<string, number> = {
    digital_signature: 1 << 0,
    content_commitment: 1 << 1,
    key_encipherment: 1 << 2,
    data_encipherment: 1 << 3,
    key_agreement: 1 << 4,
    cert_signing: 1 << 5,
    crl_signing: 1 << 6,
    encipher_only: 1 << 7,
    decipher_only: 1 << 8,
};
const EXT_KEY_USAGES: Record<string, string> = {
    any_extended: "2.5.29.37.0",
    server_auth: "1.3.6.1.5.5.7.3.1",
    client_auth: "1.3.6.1.5.5.7.3.2",
    code_signing: "1.3.6.1.5.5.7.3.3",
    email_protection: "1.3.6.1.5.5.7.3.4",
    ipsec_end_system: "1.3.6.1.5.5.7.3.5",
    ipsec_tunnel: "1.3.6.1.5.5.7.3.6",
    ipsec_user: "1.3.6.1.5.5.7.3.7",
    timestamping: "1.3.6.1.5.5.7.3.8",
    ocsp_signing: "1.3.6.1.5.5.7.3.9",
    microsoft_server_gated_crypto: "1.3.6.1.4.1.311.10.3.3",
    netscape_server_gated_crypto: "2.16.840.1.113730.4.1",
    microsoft_commercial_code_signing: "1.3.6.1.4.1.311.2.1.22",
    microsoft_kernel_code_signing: "1.3.6.1.4.1.311.61.1.1",
};
const SUPPORTED_USES = [...Object.keys(KEY_USAGES), ...Object.keys(EXT_KEY_USAGES)].sort();

export function extension(oid: string, critical: boolean, value: Buffer): Buffer {
    return seq(derOid(oid), critical ? derTrue() : Buffer.alloc(0), octetString(value));
}
function reverseBits(b: number): number {
    let r = 0;
    for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 1 << (7 - i);
    return r;
}
/** Go's marshalKeyUsage: critical BIT STRING, trailing zero bits dropped. */
function keyUsageExtension(ku: number): Buffer {
    const a = [reverseBits(ku & 0xff), reverseBits((ku >> 8) & 0xff)];
    const bytes = Buffer.from(a[1] === 0 ? [a[0]] : a);
    let bitLen = bytes.length * 8;
    outer: for (let i = bytes.length - 1; i >= 0; i--) {
        for (let bit = 0; bit < 8; bit++) {
            if ((bytes[i] >> bit) & 1) break outer;
            bitLen--;
        }
    }
    return extension("2.5.29.15", true, bitString(bytes, bytes.length * 8 - bitLen));
}

function allowedUses(inputs: Record<string, any>): string[] {
    const uses = inputs.allowedUses;
    if (!Array.isArray(uses)) throw new Error('The argument "allowed_uses" is required, but no definition was found.');
    uses.forEach((u, i) => {
        if (!SUPPORTED_USES.includes(u)) {
            throw new Error(
                `Invalid Attribute Value Match: Attribute allowed_uses[${i}] value must be one of: [${SUPPORTED_USES.map((s) => `"${s}"`).join(" ")}], got: ${JSON.stringify(u)}`,
            );
        }
    });
    return uses;
}

/** Go's time.MarshalText (RFC 3339 with trimmed fractional seconds), in UTC. */
function rfc3339(d: Date): string {
    return d.toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : "Z"));
}

interface Issued {
    id: string;
    certPem: string;
    validityStartTime: string;
    validityEndTime: string;
}

export function issueCertificate(p: {
    inputs: Record<string, any>;
    subject: Buffer;
    subjectEmpty: boolean;
    sans: Sans;
    spki: Buffer;
    /** The issuing CA; undefined for a self-signed certificate. */
    parent?: { subject: Buffer; spki: Buffer; subjectKeyId?: Buffer };
    signer: LoadedKey;
    supportsAuthorityKeyId: boolean;
}): Issued {
    const { inputs } = p;
    const hours = intInput(inputs, "validityPeriodHours", "validity_period_hours", undefined, 0);
    intInput(inputs, "earlyRenewalHours", "early_renewal_hours", 0, 0);
    const maxPathLength = intInput(inputs, "maxPathLength", "max_path_length", -1, -1);
    const uses = allowedUses(inputs);

    const notBefore = new Date();
    const notAfter = new Date(notBefore.getTime() + hours * 3600_000);
    const serial = crypto.randomBytes(16);

    let ku = 0;
    const eku: string[] = [];
    for (const u of uses) {
        if (u in KEY_USAGES) ku |= KEY_USAGES[u];
        if (u in EXT_KEY_USAGES) eku.push(EXT_KEY_USAGES[u]);
    }

    const isCA = inputs.isCaCertificate === true;
    let skid: Buffer | undefined;
    if (isCA) {
        if (p.subjectEmpty) {
            throw new Error("Invalid Certificate Subject: Must contain at least one Distinguished Name when creating Certificate Authority (CA)");
        }
        skid = subjectKeyId(p.spki);
    }
    // Go: only CAs may carry a path length; 0 without MaxPathLenZero means "no limit".
    if (!isCA && maxPathLength > 0) throw new Error("Failed to create certificate: x509: only CAs are allowed to specify MaxPathLen");
    if (inputs.setSubjectKeyId === true) skid = subjectKeyId(p.spki);

    let aki: Buffer | undefined;
    if (p.supportsAuthorityKeyId && inputs.setAuthorityKeyId === true) {
        // Self-signed: the parent is the template itself.
        if (!skid) throw new Error("Invalid Certificate Authority: Could not determine Authority Key Identifier");
        aki = skid;
    }
    const issuer = p.parent?.subject ?? p.subject;
    if (p.parent) {
        if (!crypto.createPublicKey({ key: p.parent.spki, format: "der", type: "spki" }).equals(crypto.createPublicKey(p.signer.key))) {
            throw new Error("Failed to create certificate: x509: provided PrivateKey doesn't match parent's PublicKey");
        }
        if (!issuer.equals(p.subject) && p.parent.subjectKeyId && p.parent.subjectKeyId.length > 0) aki = p.parent.subjectKeyId;
    }

    // Extensions in Go's order: KeyUsage, ExtKeyUsage, BasicConstraints, SKI, AKI, SAN.
    const exts: Buffer[] = [];
    if (ku !== 0) exts.push(keyUsageExtension(ku));
    if (eku.length > 0) exts.push(extension("2.5.29.37", false, seq(...eku.map(derOid))));
    exts.push(extension("2.5.29.19", true, seq(isCA ? derTrue() : Buffer.alloc(0), isCA && maxPathLength > 0 ? derSmallInt(maxPathLength) : Buffer.alloc(0))));
    if (skid) exts.push(extension("2.5.29.14", false, octetString(skid)));
    if (aki) exts.push(extension("2.5.29.35", false, seq(tlv(0x80, aki))));
    const san = sanValue(p.sans);
    if (san) exts.push(extension("2.5.29.17", p.subject.equals(seq()), san));

    const tbs = seq(
        explicit(0, derSmallInt(2)),
        derUnsigned(serial),
        signingParams(p.signer).algId,
        issuer,
        seq(derTime(notBefore), derTime(notAfter)),
        p.subject,
        p.spki,
        explicit(3, seq(...exts)),
    );
    const der = signDer(tbs, p.signer);
    return {
        id: BigInt(`0x${serial.toString("hex")}`).toString(10),
        certPem: pemEncode("CERTIFICATE", der),
        validityStartTime: rfc3339(notBefore),
        validityEndTime: rfc3339(notAfter),
    };
}

export function decodeTypedPem(pem: string, type: string): Buffer {
    const block = pemDecode(pem);
    if (!block) throw new Error(`failed to decode PEM of expected type "${type}" from bytes`);
    if (block.type !== type) throw new Error(`invalid PEM type - expected "${type}", got "${block.type}"`);
    return block.der;
}

interface ParsedCsr {
    subject: Tlv;
    spki: Buffer;
    sans: Sans;
}
export function parseCsr(der: Buffer): ParsedCsr {
    const [info] = children(readTlv(der));
    const [, subject, spki, attrs] = children(info);
    const sans: Sans = { dns: [], emails: [], ips: [], uris: [] };
    if (attrs && attrs.tag === 0xa0) {
        for (const attr of children(attrs)) {
            const [oid, values] = children(attr);
            if (decodeOid(oid.content) !== "1.2.840.113549.1.9.14") continue;
            for (const exts of children(values)) {
                for (const ext of children(exts)) {
                    const parts = children(ext);
                    if (decodeOid(parts[0].content) !== "2.5.29.17") continue;
                    const value = readTlv(parts[parts.length - 1].content);
                    for (const gn of children(value)) {
                        if (gn.tag === 0x82) sans.dns.push(gn.content.toString("latin1"));
                        else if (gn.tag === 0x81) sans.emails.push(gn.content.toString("latin1"));
                        else if (gn.tag === 0x86) sans.uris.push(gn.content.toString("latin1"));
                        else if (gn.tag === 0x87) {
                            if (gn.content.length !== 4 && gn.content.length !== 16) throw new Error(`x509: cannot parse IP address of length ${gn.content.length}`);
                            sans.ips.push(to4(Buffer.from(gn.content)));
                        }
                    }
                }
            }
        }
    }
    return { subject, spki: Buffer.from(spki.raw), sans };
}

interface ParsedCert {
    subject: Buffer;
    spki: Buffer;
    subjectKeyId?: Buffer;
    isCA: boolean;
}
export function parseCert(der: Buffer): ParsedCert {
    const [tbs] = children(readTlv(der));
    const kids = children(tbs);
    const fields = kids[0].tag === 0xa0 ? kids.slice(1) : kids;
    const [, , , , subject, spki, ...rest] = fields;
    let subjectKeyId: Buffer | undefined;
    let isCA = false;
    const extsWrapper = rest.find((t) => t.tag === 0xa3);
    if (extsWrapper) {
        for (const ext of children(children(extsWrapper)[0])) {
            const parts = children(ext);
            const oid = decodeOid(parts[0].content);
            const value = parts[parts.length - 1].content;
            if (oid === "2.5.29.14") subjectKeyId = Buffer.from(readTlv(value).content);
            if (oid === "2.5.29.19") {
                const bc = children(readTlv(value));
                isCA = bc.length > 0 && bc[0].tag === 0x01 && bc[0].content[0] !== 0;
            }
        }
    }
    return { subject: Buffer.from(subject.raw), spki: Buffer.from(spki.raw), subjectKeyId, isCA };
}
