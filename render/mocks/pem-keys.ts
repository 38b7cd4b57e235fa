// Keys as the tls provider handles them: PEM blocks, loading a private key by its preamble, the curves,
// signing with Go's algorithm choices, the provider's key ids and state hashes, and the OpenSSH forms.
import * as crypto from "node:crypto";
import { remember } from "../../components/memo";
import { bitString, children, decodeOid, derNull, derOid, octetString, readTlv, seq } from "./der";

export function pemEncode(type: string, der: Buffer): string {
    const b64 = der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
    return `-----BEGIN ${type}-----\n${b64}\n-----END ${type}-----\n`;
}
/** First PEM block of the text, like Go's pem.Decode. */
export function pemDecode(text: string): { type: string; der: Buffer } | undefined {
    const m = /-----BEGIN ([^\r\n-]+(?:-[^\r\n-]+)*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
    if (!m) return undefined;
    const body = m[2].split(/\r?\n/).filter((l) => !/^[\w-]+:/.test(l)); // drop RFC 1421 headers
    return { type: m[1], der: Buffer.from(body.join("").replace(/\s+/g, ""), "base64") };
}

type KeyAlgorithm = "RSA" | "ECDSA" | "ED25519";
export interface LoadedKey {
    key: crypto.KeyObject;
    algorithm: KeyAlgorithm;
    /** SubjectPublicKeyInfo, DER. */
    spki: Buffer;
    /** OpenSSL curve name for ECDSA keys. */
    curve?: string;
}

export const CURVES: Record<string, { openssl: string; ssh?: string; hash: string; sigOid: string }> = {
    P224: { openssl: "secp224r1", hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
    P256: { openssl: "prime256v1", ssh: "nistp256", hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
    P384: { openssl: "secp384r1", ssh: "nistp384", hash: "sha384", sigOid: "1.2.840.10045.4.3.3" },
    P521: { openssl: "secp521r1", ssh: "nistp521", hash: "sha512", sigOid: "1.2.840.10045.4.3.4" },
};
const curveByOpenssl = (name: string | undefined) => Object.values(CURVES).find((c) => c.openssl === name);

export function describeKey(key: crypto.KeyObject): LoadedKey {
    const spki = crypto.createPublicKey(key).export({ type: "spki", format: "der" });
    switch (key.asymmetricKeyType) {
        case "rsa":
            return { key, algorithm: "RSA", spki };
        case "ec": {
            const curve = key.asymmetricKeyDetails?.namedCurve;
            if (!curveByOpenssl(curve)) throw new Error(`x509: unknown elliptic curve ${curve}`);
            return { key, algorithm: "ECDSA", spki, curve };
        }
        case "ed25519":
            return { key, algorithm: "ED25519", spki };
        default:
            throw new Error(`unsupported private key type: ${key.asymmetricKeyType}`);
    }
}

// The same few CA and leaf keys are loaded for every certificate they sign, in every run: parsed once each.
const loadedKeys = new Map<string, LoadedKey>();
const LOADED_KEYS_KEPT = 64;

/** Parses a private key PEM the way the provider does: by its preamble (PKCS#1, SEC 1 or PKCS#8). */
export function loadPrivateKeyPem(pem: string): LoadedKey {
    return remember(loadedKeys, pem, LOADED_KEYS_KEPT, () => Object.freeze(parsePrivateKeyPem(pem)));
}

function parsePrivateKeyPem(pem: string): LoadedKey {
    const block = pemDecode(pem);
    if (!block) throw new Error("Failed to parse private key PEM: failed to decode PEM block");
    const format = ({ "RSA PRIVATE KEY": "pkcs1", "EC PRIVATE KEY": "sec1", "PRIVATE KEY": "pkcs8" } as const)[block.type];
    if (!format) throw new Error(`Failed to parse private key PEM: unable to determine parser for PEM preamble: ${block.type}`);
    let key: crypto.KeyObject;
    try {
        key = crypto.createPrivateKey({ key: block.der, format: "der", type: format });
    } catch (e) {
        throw new Error(`Failed to parse private key PEM: failed to parse private key given PEM preamble '${block.type}': ${(e as Error).message}`);
    }
    return describeKey(key);
}

/** Go's signingParamsForKey: RSA → SHA256WithRSA; ECDSA hash by curve; Ed25519 pure. */
export function signingParams(k: LoadedKey): { algId: Buffer; hash: string | null } {
    if (k.algorithm === "RSA") return { algId: seq(derOid("1.2.840.113549.1.1.11"), derNull()), hash: "sha256" };
    if (k.algorithm === "ED25519") return { algId: seq(derOid("1.3.101.112")), hash: null };
    const c = curveByOpenssl(k.curve)!;
    return { algId: seq(derOid(c.sigOid)), hash: c.hash };
}

export function signDer(tbs: Buffer, signer: LoadedKey): Buffer {
    const { algId, hash } = signingParams(signer);
    const sig = crypto.sign(hash, tbs, signer.key);
    return seq(tbs, algId, bitString(sig));
}

function spkiParts(spki: Buffer): { algOid: string; bits: Buffer } {
    const [alg, bits] = children(readTlv(spki));
    return { algOid: decodeOid(children(alg)[0].content), bits: bits.content.subarray(1) };
}

/** The provider's generateSubjectKeyID: SHA-1 of the Go-marshalled public key. */
export function subjectKeyId(spki: Buffer): Buffer {
    const { algOid, bits } = spkiParts(spki);
    // RSA: asn1(rsa.PublicKey) = the BIT STRING contents; ECDSA: elliptic.Marshal = the point; Ed25519:
    // asn1.Marshal([]byte) = an OCTET STRING around the 32 bytes.
    const material = algOid === "1.3.101.112" ? octetString(bits) : bits;
    return crypto.createHash("sha1").update(material).digest();
}

/** Go's strings.TrimSpace on raw bytes (ASCII whitespace), as used by the provider's hashForState. */
function trimSpaceBytes(b: Buffer): Buffer {
    const ws = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);
    let s = 0;
    let e = b.length;
    while (s < e && ws.has(b[s])) s++;
    while (e > s && ws.has(b[e - 1])) e--;
    return b.subarray(s, e);
}
export const hashForState = (b: Buffer) => (b.length === 0 ? "" : crypto.createHash("sha1").update(trimSpaceBytes(b)).digest("hex"));

// OpenSSH wire format
function sshString(b: Buffer | string): Buffer {
    const buf = typeof b === "string" ? Buffer.from(b, "utf8") : b;
    const l = Buffer.alloc(4);
    l.writeUInt32BE(buf.length);
    return Buffer.concat([l, buf]);
}
function sshMpint(magnitude: Buffer): Buffer {
    let i = 0;
    while (i < magnitude.length && magnitude[i] === 0) i++;
    let b = magnitude.subarray(i);
    if (b.length > 0 && b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return sshString(b);
}
function u32(n: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
}

interface SshForms {
    publicKeyOpenssh: string;
    publicKeyFingerprintMd5: string;
    publicKeyFingerprintSha256: string;
    privateKeyOpenssh: string;
}

/** golang.org/x/crypto/ssh MarshalAuthorizedKey / MarshalPrivateKey; empty for P-224 (unsupported). */
export function sshForms(k: LoadedKey): SshForms {
    if (k.algorithm === "ECDSA" && !curveByOpenssl(k.curve)?.ssh) {
        return { publicKeyOpenssh: "", publicKeyFingerprintMd5: "", publicKeyFingerprintSha256: "", privateKeyOpenssh: "" };
    }
    const jwk = k.key.export({ format: "jwk" }) as Record<string, string>;
    const b = (s: string) => Buffer.from(s, "base64url");
    let keyType: string;
    let pub: Buffer;
    let priv: Buffer;
    if (k.algorithm === "RSA") {
        keyType = "ssh-rsa";
        pub = Buffer.concat([sshString(keyType), sshMpint(b(jwk.e)), sshMpint(b(jwk.n))]);
        priv = Buffer.concat([sshMpint(b(jwk.n)), sshMpint(b(jwk.e)), sshMpint(b(jwk.d)), sshMpint(b(jwk.qi)), sshMpint(b(jwk.p)), sshMpint(b(jwk.q))]);
    } else if (k.algorithm === "ED25519") {
        keyType = "ssh-ed25519";
        const pk = b(jwk.x);
        pub = Buffer.concat([sshString(keyType), sshString(pk)]);
        priv = Buffer.concat([sshString(pk), sshString(Buffer.concat([b(jwk.d), pk]))]);
    } else {
        const c = curveByOpenssl(k.curve)!;
        keyType = `ecdsa-sha2-${c.ssh}`;
        const point = Buffer.concat([Buffer.from([4]), b(jwk.x), b(jwk.y)]);
        pub = Buffer.concat([sshString(keyType), sshString(c.ssh!), sshString(point)]);
        priv = Buffer.concat([sshString(c.ssh!), sshString(point), sshMpint(b(jwk.d))]);
    }
    const check = crypto.randomBytes(4).readUInt32BE();
    let block = Buffer.concat([u32(check), u32(check), sshString(keyType), priv, sshString("")]);
    const pad: number[] = [];
    for (let i = 1; (block.length + pad.length) % 8 !== 0; i++) pad.push(i);
    block = Buffer.concat([block, Buffer.from(pad)]);
    const body = Buffer.concat([
        Buffer.from("openssh-key-v1\0", "latin1"),
        sshString("none"),
        sshString("none"),
        sshString(""),
        u32(1),
        sshString(pub),
        sshString(block),
    ]);
    const md5 = crypto.createHash("md5").update(pub).digest("hex").match(/../g)!.join(":");
    return {
        publicKeyOpenssh: `${keyType} ${pub.toString("base64")}\n`,
        publicKeyFingerprintMd5: md5,
        publicKeyFingerprintSha256: `SHA256:${crypto.createHash("sha256").update(pub).digest("base64").replace(/=+$/, "")}`,
        privateKeyOpenssh: pemEncode("OPENSSH PRIVATE KEY", body),
    };
}

export function generateKeyPair(type: "rsa" | "ec" | "ed25519", options: Record<string, unknown>): Promise<crypto.KeyObject> {
    return new Promise((resolve, reject) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        crypto.generateKeyPair(type as any, options as any, (err: Error | null, _pub: crypto.KeyObject, priv: crypto.KeyObject) =>
            err ? reject(err) : resolve(priv),
        ),
    );
}
