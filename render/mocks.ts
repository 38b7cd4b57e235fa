// Pulumi mocks that behave like the real `tls` and `random` providers: real keys, CSRs and certificates
// (DER built here, signed with node:crypto, following what the Terraform tls provider and Go's crypto/x509
// emit), and deterministic values for `random` resources. Every other resource echoes its inputs.
//
// Shared `MockState` across program runs acts like Pulumi state: same resource with the same
// replace-triggering inputs → the same outputs; changed inputs → new outputs.
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

// ---------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------

/** Opaque memo of generated outputs, keyed by (type, name, canonical JSON of the unwrapped inputs). */
export interface MockState {
    readonly kind: "gloo-mtls/mock-state";
}

interface MemoEntry {
    id: string;
    /** Computed outputs only (plain values, no secret wrappers). */
    outputs: Record<string, any>;
}

interface StateImpl extends MockState {
    memo: Map<string, Promise<MemoEntry>>;
    /** A previous process's entries (a saved state): used on a memo miss and then moved into `memo`. */
    prior: Map<string, MemoEntry>;
}

export function newMockState(): MockState {
    const s: StateImpl = { kind: "gloo-mtls/mock-state", memo: new Map(), prior: new Map() };
    return s;
}

/** One generated resource as a saved state holds it (plain JSON). */
export interface MockStateEntry {
    key: string;
    id: string;
    outputs: Record<string, any>;
}

/**
 * The entries that runs with this state created or used, sorted by key: like Pulumi state after an `up`,
 * entries of a loaded state that no run asked for are not kept.
 */
export async function mockStateEntries(state: MockState): Promise<MockStateEntry[]> {
    const s = asImpl(state);
    const settled = await Promise.all(
        [...s.memo].map(async ([key, p]) => {
            const e = await p.catch(() => undefined);
            return e && { key, id: e.id, outputs: e.outputs };
        }),
    );
    return settled.filter((e): e is MockStateEntry => e !== undefined).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A state that answers from saved entries (see mockStateEntries); throws on entries of the wrong shape. */
export function mockStateFrom(entries: unknown): MockState {
    if (!Array.isArray(entries)) throw new Error("entries: expected a list");
    const s = newMockState() as StateImpl;
    entries.forEach((e, i) => {
        if (!isPlainObject(e) || typeof e.key !== "string" || typeof e.id !== "string" || !isPlainObject(e.outputs)) {
            throw new Error(`entries[${i}]: expected {key: string, id: string, outputs: object}`);
        }
        s.prior.set(e.key, { id: e.id, outputs: e.outputs });
    });
    return s;
}

function asImpl(state: MockState): StateImpl {
    const s = state as StateImpl;
    if (!(s.memo instanceof Map) || !(s.prior instanceof Map)) throw new Error("not a MockState from newMockState()");
    return s;
}

/** A certificate found inside its early-renewal window on reuse, and what was done with it. */
export interface RenewalEvent {
    type: string;
    name: string;
    validityEndTime: string;
    validityPeriodHours: number;
    earlyRenewalHours: number;
    /** `renewed`: re-issued (new serial and dates); `kept`: the old certificate is reused (`renewal: "expired"`). */
    action: "renewed" | "kept";
}

export interface MockOptions {
    /**
     * When a reused certificate is inside its early-renewal window: `"early"` re-issues it, as `pulumi up`
     * does (the default); `"expired"` keeps it until it has expired, for renders that stay byte-identical.
     */
    renewal?: "early" | "expired";
}

export interface RecordedResource {
    type: string;
    name: string;
    /** Inputs as the program sent them, secrets unwrapped. */
    inputs: Record<string, any>;
    provider?: string;
    custom: boolean;
    id: string;
    /** The state returned to the SDK (inputs echoed plus computed outputs), secrets unwrapped. */
    outputs: Record<string, any>;
    /** Dotted paths of the inputs that arrived as Pulumi secrets, e.g. `stringData.tls.key`. */
    secretInputs: string[];
}

/** Dotted paths at which `v` holds the SDK's secret wrapper. */
export function secretPaths(v: unknown, at = ""): string[] {
    if (Array.isArray(v)) return v.flatMap((x, i) => secretPaths(x, `${at}[${i}]`));
    if (!isPlainObject(v)) return [];
    if (v[SIG_KEY] === SECRET_SIG) return [at];
    return Object.entries(v).flatMap(([k, x]) => secretPaths(x, at ? `${at}.${k}` : k));
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isPlainObject(v: unknown): v is Record<string, any> {
    if (v === null || typeof v !== "object") return false;
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}

/** Removes the SDK's secret wrapper `{[sig]: secretSig, value}` recursively (arrays and plain objects). */
export function unwrapSecrets<T>(v: T): T {
    if (Array.isArray(v)) return v.map((x) => unwrapSecrets(x)) as unknown as T;
    if (isPlainObject(v)) {
        if (v[SIG_KEY] === SECRET_SIG) return unwrapSecrets(v.value);
        const out: Record<string, any> = {};
        for (const [k, x] of Object.entries(v)) out[k] = unwrapSecrets(x);
        return out as T;
    }
    return v;
}

function secret<T>(value: T): Record<string, any> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export class RealCryptoMocks implements pulumi.runtime.Mocks {
    /** Every newResource call of this run, in order. */
    readonly resources: RecordedResource[] = [];
    /** Certificates found inside their early-renewal window in this run. */
    readonly renewals: RenewalEvent[] = [];
    private readonly state: StateImpl;
    /** Occurrences of a memo key in this run: two resources with equal type, name and inputs (different parents) differ. */
    private readonly seen = new Map<string, number>();
    private readonly renewal: "early" | "expired";

    constructor(state?: MockState, options: MockOptions = {}) {
        this.state = asImpl(state ?? newMockState());
        this.renewal = options.renewal ?? "early";
    }

    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Record<string, any> }> {
        const raw: Record<string, any> = args.inputs ?? {};
        const inputs = unwrapSecrets(raw);
        const { id, state } = await this.resolve(args, raw, inputs);
        this.resources.push({
            type: args.type,
            name: args.name,
            inputs,
            provider: args.provider,
            custom: !!args.custom,
            id,
            outputs: unwrapSecrets(state),
            secretInputs: secretPaths(raw),
        });
        return { id, state };
    }

    call(_args: pulumi.runtime.MockCallArgs): Record<string, any> {
        return {};
    }

    private async resolve(
        args: pulumi.runtime.MockResourceArgs,
        raw: Record<string, any>,
        inputs: Record<string, any>,
    ): Promise<{ id: string; state: Record<string, any> }> {
        if (args.type.startsWith("pulumi:providers:")) return { id: args.id || `${args.name}_id`, state: raw };
        const handler = HANDLERS[args.type];
        if (!handler) {
            const metaName = isPlainObject(inputs.metadata) && typeof inputs.metadata.name === "string" ? inputs.metadata.name : undefined;
            return { id: args.id || `${metaName ?? args.name}_id`, state: raw };
        }

        const echo = { ...handler.defaults, ...withoutWriteOnly(raw) };
        const preview = pulumi.runtime.isDryRun();
        // Unknown inputs (preview) or a missing key/cert (an upstream output the mock could not make): the
        // provider would leave every computed output unknown.
        if (containsUnknown(inputs) || handler.missing(inputs)) {
            return { id: preview ? "" : `${args.name}_id`, state: echo };
        }

        // Write-only inputs are invisible to the provider's diff (only their `*WoVersion` is), and in-place
        // updates keep the computed outputs: neither is part of the key.
        const replaceInputs = withoutWriteOnly(inputs);
        for (const k of handler.inPlace ?? []) delete replaceInputs[k];
        const base = [args.type, args.name, canonicalJson(replaceInputs)].join("\u0000");
        const occurrence = this.seen.get(base) ?? 0;
        this.seen.set(base, occurrence + 1);
        const key = occurrence === 0 ? base : `${base}\u0000#${occurrence}`;

        const ctx: CreateContext = {
            type: args.type,
            name: args.name,
            inputs,
            rng: () => new Drbg(crypto.createHash("sha256").update(key).digest()),
        };
        let pending = this.state.memo.get(key);
        const saved = pending ? undefined : this.state.prior.get(key);
        if (saved) {
            pending = Promise.resolve(saved);
            if (!preview) this.state.memo.set(key, pending);
        }
        if (pending) {
            const prior = await pending;
            const now = Date.now();
            // Like `pulumi up`: a certificate inside its early-renewal window is replaced (unless asked to keep it
            // until it expires).
            if (handler.mustReplace?.(prior, inputs, now)) {
                const expired = !(now < Date.parse(prior.outputs.validityEndTime));
                const renew = this.renewal === "early" || expired;
                this.renewals.push({
                    type: args.type,
                    name: args.name,
                    validityEndTime: String(prior.outputs.validityEndTime),
                    validityPeriodHours: inputs.validityPeriodHours,
                    earlyRenewalHours: typeof inputs.earlyRenewalHours === "number" ? inputs.earlyRenewalHours : 0,
                    action: renew ? "renewed" : "kept",
                });
                if (renew) pending = undefined;
            }
        }
        if (!pending) {
            const created = handler.create(ctx);
            // A preview never writes state; an `up` does.
            if (!preview) {
                this.state.memo.set(key, created);
                created.catch(() => {
                    if (this.state.memo.get(key) === created) this.state.memo.delete(key);
                });
            }
            pending = created;
        }
        let entry: MemoEntry;
        try {
            entry = await pending;
        } catch (e) {
            throw new Error(`${args.type} "${args.name}": ${(e as Error).message}`);
        }
        const outputs: Record<string, any> = {};
        for (const [k, v] of Object.entries(entry.outputs)) outputs[k] = handler.secretOutputs?.includes(k) ? secret(v) : v;
        for (const k of handler.secretOutputs ?? []) {
            if (!(k in outputs) && k in echo && !(isPlainObject(echo[k]) && echo[k][SIG_KEY] === SECRET_SIG)) echo[k] = secret(echo[k]);
        }
        return { id: entry.id, state: { ...echo, ...outputs } };
    }
}

// ---------------------------------------------------------------------------------------------------
// Helpers: unknowns, canonical JSON, deterministic randomness
// ---------------------------------------------------------------------------------------------------

function containsUnknown(v: unknown): boolean {
    if (pulumi.isUnknown(v)) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (isPlainObject(v)) return Object.values(v).some(containsUnknown);
    return false;
}

function withoutWriteOnly(raw: Record<string, any>): Record<string, any> {
    // Write-only inputs (`*Wo`) are never stored in state by the provider.
    return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.endsWith("Wo")));
}

/** JSON with sorted keys; undefined members dropped; resources, unknowns and other class instances named. */
export function canonicalJson(v: unknown): string {
    const walk = (x: unknown): unknown => {
        if (x === undefined) return null;
        if (pulumi.isUnknown(x)) return { $unknown: true };
        if (Array.isArray(x)) return x.map(walk);
        if (isPlainObject(x)) {
            const out: Record<string, unknown> = {};
            for (const k of Object.keys(x).sort()) if (x[k] !== undefined) out[k] = walk(x[k]);
            return out;
        }
        if (x !== null && typeof x === "object") {
            const r = x as { __pulumiType?: string; __name?: string; constructor?: { name?: string } };
            if (pulumi.Resource.isInstance(x)) return { $resource: `${r.__pulumiType}::${r.__name}` };
            return { $class: r.constructor?.name ?? "object" };
        }
        return x;
    };
    return JSON.stringify(walk(v));
}

/** A deterministic byte stream: SHA-256(seed || counter). */
class Drbg {
    private counter = 0;
    private pool = Buffer.alloc(0);
    constructor(private readonly seed: Buffer) {}
    bytes(n: number): Buffer {
        while (this.pool.length < n) {
            const c = Buffer.alloc(4);
            c.writeUInt32BE(this.counter++);
            this.pool = Buffer.concat([this.pool, crypto.createHash("sha256").update(this.seed).update(c).digest()]);
        }
        const out = Buffer.from(this.pool.subarray(0, n));
        this.pool = this.pool.subarray(n);
        return out;
    }
    /** Uniform integer in [0, n). */
    below(n: number): number {
        if (!(n > 0)) throw new Error("invalid argument to Intn");
        return Number(this.belowBig(BigInt(n)));
    }
    belowBig(n: bigint): bigint {
        if (n <= 0n) throw new Error("invalid argument to Int");
        const limit = (1n << 64n) - ((1n << 64n) % n);
        for (;;) {
            const x = this.bytes(8).readBigUInt64BE();
            if (x < limit) return x % n;
        }
    }
    /** A random permutation of 0..n-1 (Fisher-Yates). */
    perm(n: number): number[] {
        const p = [...Array(n).keys()];
        for (let i = n - 1; i > 0; i--) {
            const j = this.below(i + 1);
            [p[i], p[j]] = [p[j], p[i]];
        }
        return p;
    }
}

// ---------------------------------------------------------------------------------------------------
// DER encoding and decoding (just what X.509 certificates and PKCS#10 requests need)
// ---------------------------------------------------------------------------------------------------

function derLength(n: number): Buffer {
    if (n < 0x80) return Buffer.from([n]);
    const bytes: number[] = [];
    for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, ...parts: Buffer[]): Buffer {
    const content = Buffer.concat(parts);
    return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
/** DER SET OF: elements sorted by their encoding. */
const setOf = (items: Buffer[]) => tlv(0x31, ...[...items].sort(Buffer.compare));
const derNull = () => Buffer.from([0x05, 0x00]);
const derTrue = () => Buffer.from([0x01, 0x01, 0xff]);
const octetString = (b: Buffer) => tlv(0x04, b);
const bitString = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
/** INTEGER from an unsigned big-endian magnitude. */
function derUnsigned(magnitude: Buffer): Buffer {
    let i = 0;
    while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
    let b = magnitude.subarray(i);
    if (b.length === 0) b = Buffer.from([0]);
    if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return tlv(0x02, b);
}
const derSmallInt = (n: number) => derUnsigned(Buffer.from([n]));
function derOid(oid: string): Buffer {
    const arcs = oid.split(".").map((x) => BigInt(x));
    const out: number[] = [];
    const push = (v: bigint) => {
        const bytes: number[] = [Number(v & 0x7fn)];
        for (v >>= 7n; v > 0n; v >>= 7n) bytes.unshift(Number(v & 0x7fn) | 0x80);
        out.push(...bytes);
    };
    push(arcs[0] * 40n + arcs[1]);
    for (const a of arcs.slice(2)) push(a);
    return tlv(0x06, Buffer.from(out));
}
function derTime(d: Date): Buffer {
    const y = d.getUTCFullYear();
    const p = (n: number) => String(n).padStart(2, "0");
    const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
    // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050 (and before 1950).
    if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(`${p(y % 100)}${rest}`, "latin1"));
    return tlv(0x18, Buffer.from(`${String(y).padStart(4, "0")}${rest}`, "latin1"));
}

interface Tlv {
    tag: number;
    content: Buffer;
    raw: Buffer;
}
function readTlv(buf: Buffer, off = 0): Tlv & { end: number } {
    if (off + 2 > buf.length) throw new Error("asn1: truncated element");
    const tag = buf[off];
    let len = buf[off + 1];
    let hdr = 2;
    if (len & 0x80) {
        const n = len & 0x7f;
        if (n === 0 || n > 4) throw new Error("asn1: unsupported length");
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + buf[off + 2 + i];
        hdr += n;
    }
    const end = off + hdr + len;
    if (end > buf.length) throw new Error("asn1: truncated element");
    return { tag, content: buf.subarray(off + hdr, end), raw: buf.subarray(off, end), end };
}
function children(t: Tlv): Tlv[] {
    const out: Tlv[] = [];
    for (let off = 0; off < t.content.length; ) {
        const c = readTlv(t.content, off);
        out.push(c);
        off = c.end;
    }
    return out;
}
function decodeOid(content: Buffer): string {
    const arcs: bigint[] = [];
    let v = 0n;
    for (const b of content) {
        v = (v << 7n) | BigInt(b & 0x7f);
        if (!(b & 0x80)) {
            arcs.push(v);
            v = 0n;
        }
    }
    const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
    return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join(".");
}
function decodeString(t: Tlv): string | undefined {
    switch (t.tag) {
        case 0x0c: // UTF8String
            return t.content.toString("utf8");
        case 0x12: // NumericString
        case 0x13: // PrintableString
        case 0x16: // IA5String
            return t.content.toString("latin1");
        case 0x14: // T61String
            return t.content.toString("latin1");
        case 0x1e: {
            // BMPString
            let s = "";
            for (let i = 0; i + 1 < t.content.length; i += 2) s += String.fromCharCode(t.content.readUInt16BE(i));
            return s;
        }
        default:
            return undefined;
    }
}

// ---------------------------------------------------------------------------------------------------
// PEM and keys
// ---------------------------------------------------------------------------------------------------

function pemEncode(type: string, der: Buffer): string {
    const b64 = der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
    return `-----BEGIN ${type}-----\n${b64}\n-----END ${type}-----\n`;
}
/** First PEM block of the text, like Go's pem.Decode. */
function pemDecode(text: string): { type: string; der: Buffer } | undefined {
    const m = /-----BEGIN ([^\r\n-]+(?:-[^\r\n-]+)*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
    if (!m) return undefined;
    const body = m[2].split(/\r?\n/).filter((l) => !/^[\w-]+:/.test(l)); // drop RFC 1421 headers
    return { type: m[1], der: Buffer.from(body.join("").replace(/\s+/g, ""), "base64") };
}

type KeyAlgorithm = "RSA" | "ECDSA" | "ED25519";
interface LoadedKey {
    key: crypto.KeyObject;
    algorithm: KeyAlgorithm;
    /** SubjectPublicKeyInfo, DER. */
    spki: Buffer;
    /** OpenSSL curve name for ECDSA keys. */
    curve?: string;
}

const CURVES: Record<string, { openssl: string; ssh?: string; hash: string; sigOid: string }> = {
    P224: { openssl: "secp224r1", hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
    P256: { openssl: "prime256v1", ssh: "nistp256", hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
    P384: { openssl: "secp384r1", ssh: "nistp384", hash: "sha384", sigOid: "1.2.840.10045.4.3.3" },
    P521: { openssl: "secp521r1", ssh: "nistp521", hash: "sha512", sigOid: "1.2.840.10045.4.3.4" },
};
const curveByOpenssl = (name: string | undefined) => Object.values(CURVES).find((c) => c.openssl === name);

function describeKey(key: crypto.KeyObject): LoadedKey {
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

/** Parses a private key PEM the way the provider does: by its preamble (PKCS#1, SEC 1 or PKCS#8). */
function loadPrivateKeyPem(pem: string): LoadedKey {
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
function signingParams(k: LoadedKey): { algId: Buffer; hash: string | null } {
    if (k.algorithm === "RSA") return { algId: seq(derOid("1.2.840.113549.1.1.11"), derNull()), hash: "sha256" };
    if (k.algorithm === "ED25519") return { algId: seq(derOid("1.3.101.112")), hash: null };
    const c = curveByOpenssl(k.curve)!;
    return { algId: seq(derOid(c.sigOid)), hash: c.hash };
}

function signDer(tbs: Buffer, signer: LoadedKey): Buffer {
    const { algId, hash } = signingParams(signer);
    const sig = crypto.sign(hash, tbs, signer.key);
    return seq(tbs, algId, bitString(sig));
}

function spkiParts(spki: Buffer): { algOid: string; bits: Buffer } {
    const [alg, bits] = children(readTlv(spki));
    return { algOid: decodeOid(children(alg)[0].content), bits: bits.content.subarray(1) };
}

/** The provider's generateSubjectKeyID: SHA-1 of the Go-marshalled public key. */
function subjectKeyId(spki: Buffer): Buffer {
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
const hashForState = (b: Buffer) => (b.length === 0 ? "" : crypto.createHash("sha1").update(trimSpaceBytes(b)).digest("hex"));

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
function sshForms(k: LoadedKey): SshForms {
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

function generateKeyPair(type: "rsa" | "ec" | "ed25519", options: Record<string, unknown>): Promise<crypto.KeyObject> {
    return new Promise((resolve, reject) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        crypto.generateKeyPair(type as any, options as any, (err: Error | null, _pub: crypto.KeyObject, priv: crypto.KeyObject) =>
            err ? reject(err) : resolve(priv),
        ),
    );
}

// ---------------------------------------------------------------------------------------------------
// Names, IPs, extensions
// ---------------------------------------------------------------------------------------------------

interface NameFields {
    country: string[];
    province: string[];
    locality: string[];
    streetAddress: string[];
    postalCode: string[];
    organization: string[];
    organizationalUnit: string[];
    commonName: string;
    serialNumber: string;
    emailAddress?: string;
}
const emptyName = (): NameFields => ({
    country: [],
    province: [],
    locality: [],
    streetAddress: [],
    postalCode: [],
    organization: [],
    organizationalUnit: [],
    commonName: "",
    serialNumber: "",
});

/** Go's asn1 choice for a plain string: PrintableString when possible (no '*' or '&'), else UTF8String. */
function goString(s: string): Buffer {
    const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
    return printable ? tlv(0x13, Buffer.from(s, "latin1")) : tlv(0x0c, Buffer.from(s, "utf8"));
}

/** pkix.Name.ToRDNSequence: C, ST, L, STREET, PostalCode, O, OU, CN, SERIALNUMBER, then extra names. */
function encodeName(n: NameFields): Buffer {
    const rdns: Buffer[] = [];
    const add = (values: string[], oid: string) => {
        if (values.length > 0) rdns.push(setOf(values.map((v) => seq(derOid(oid), goString(v)))));
    };
    add(n.country, "2.5.4.6");
    add(n.province, "2.5.4.8");
    add(n.locality, "2.5.4.7");
    add(n.streetAddress, "2.5.4.9");
    add(n.postalCode, "2.5.4.17");
    add(n.organization, "2.5.4.10");
    add(n.organizationalUnit, "2.5.4.11");
    if (n.commonName) add([n.commonName], "2.5.4.3");
    if (n.serialNumber) add([n.serialNumber], "2.5.4.5");
    if (n.emailAddress !== undefined) rdns.push(setOf([seq(derOid("1.2.840.113549.1.9.1"), tlv(0x16, Buffer.from(n.emailAddress, "latin1")))]));
    return seq(...rdns);
}

/** The provider's createSubjectDistinguishedNames (null fields skipped, empty strings kept). */
function nameFromSubjectInput(subject: unknown): { name: NameFields; empty: boolean } {
    const n = emptyName();
    if (!isPlainObject(subject)) return { name: n, empty: true };
    let empty = true;
    const str = (k: string): string | undefined => {
        const v = subject[k];
        if (v === undefined || v === null) return undefined;
        empty = false;
        return String(v);
    };
    const one = (k: string, into: string[]) => {
        const v = str(k);
        if (v !== undefined) into.push(v);
    };
    const cn = str("commonName");
    if (cn !== undefined) n.commonName = cn;
    one("organization", n.organization);
    one("organizationalUnit", n.organizationalUnit);
    if (Array.isArray(subject.streetAddresses)) {
        empty = false;
        n.streetAddress.push(...subject.streetAddresses.map(String));
    }
    one("locality", n.locality);
    one("province", n.province);
    one("country", n.country);
    one("postalCode", n.postalCode);
    const sn = str("serialNumber");
    if (sn !== undefined) n.serialNumber = sn;
    const email = str("emailAddress");
    if (email !== undefined) n.emailAddress = email;
    return { name: n, empty };
}

/** pkix.Name.FillFromRDNSequence: only the known 2.5.4.x string attributes survive a re-marshal. */
function nameFromDer(der: Tlv): { name: NameFields; attributes: number } {
    const n = emptyName();
    let attributes = 0;
    for (const rdn of children(der)) {
        for (const atv of children(rdn)) {
            attributes++;
            const [type, value] = children(atv);
            const s = decodeString(value);
            if (s === undefined) continue;
            switch (decodeOid(type.content)) {
                case "2.5.4.3": n.commonName = s; break;
                case "2.5.4.5": n.serialNumber = s; break;
                case "2.5.4.6": n.country.push(s); break;
                case "2.5.4.7": n.locality.push(s); break;
                case "2.5.4.8": n.province.push(s); break;
                case "2.5.4.9": n.streetAddress.push(s); break;
                case "2.5.4.10": n.organization.push(s); break;
                case "2.5.4.11": n.organizationalUnit.push(s); break;
                case "2.5.4.17": n.postalCode.push(s); break;
            }
        }
    }
    return { name: n, attributes };
}

function parseIPv4(s: string): number[] | undefined {
    const parts = s.split(".");
    if (parts.length !== 4) return undefined;
    const out: number[] = [];
    for (const p of parts) {
        // Go's net.ParseIP: decimal, no leading zeros, 0-255.
        if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
        out.push(Number(p));
    }
    return out;
}
/** Go's net.ParseIP, returned in the form x509 marshals it (To4 when possible: 4 bytes, else 16). */
function parseIP(s: string): Buffer | undefined {
    const v4 = parseIPv4(s);
    if (v4) return Buffer.from(v4);
    if (!s.includes(":") || s.includes("%")) return undefined;
    let text = s;
    const groupsTail: number[] = [];
    const lastColon = text.lastIndexOf(":");
    if (text.slice(lastColon + 1).includes(".")) {
        const tail = parseIPv4(text.slice(lastColon + 1));
        if (!tail) return undefined;
        groupsTail.push((tail[0] << 8) | tail[1], (tail[2] << 8) | tail[3]);
        text = text.slice(0, lastColon + 1) + "x";
    }
    const halves = text.split("::");
    if (halves.length > 2) return undefined;
    const parse = (h: string): number[] | undefined => {
        if (h === "") return [];
        const out: number[] = [];
        for (const g of h.split(":")) {
            if (g === "x") out.push(...groupsTail);
            else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
            else return undefined;
        }
        return out;
    };
    const head = parse(halves[0]);
    const tailPart = halves.length === 2 ? parse(halves[1]) : [];
    if (!head || !tailPart) return undefined;
    let groups: number[];
    if (halves.length === 2) {
        const missing = 8 - head.length - tailPart.length;
        if (missing < 1) return undefined; // "::" must stand for at least one group
        groups = [...head, ...Array(missing).fill(0), ...tailPart];
    } else {
        if (head.length !== 8) return undefined;
        groups = head;
    }
    const bytes = Buffer.alloc(16);
    groups.forEach((g, i) => bytes.writeUInt16BE(g, i * 2));
    return to4(bytes);
}
function to4(ip: Buffer): Buffer {
    const mapped = ip.length === 16 && ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
    return mapped ? Buffer.from(ip.subarray(12)) : ip;
}
function ipToString(ip: Buffer): string {
    if (ip.length === 4) return [...ip].join(".");
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(ip.readUInt16BE(i).toString(16));
    return groups.join(":");
}

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

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
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

interface Sans {
    dns: string[];
    emails: string[];
    ips: Buffer[];
    uris: string[];
}
function ia5(tag: number, s: string, what: string): Buffer {
    if (/[^\x00-\x7f]/.test(s)) throw new Error(`x509: "${s}" cannot be encoded as an IA5String (${what})`);
    return tlv(tag, Buffer.from(s, "latin1"));
}
/** Go's marshalSANs order: DNS names, emails, IPs, URIs. */
function sanValue(s: Sans): Buffer | undefined {
    if (s.dns.length + s.emails.length + s.ips.length + s.uris.length === 0) return undefined;
    return seq(
        ...s.dns.map((d) => ia5(0x82, d, "SAN dNSName")),
        ...s.emails.map((e) => ia5(0x81, e, "SAN rfc822Name")),
        ...s.ips.map((ip) => tlv(0x87, ip)),
        ...s.uris.map((u) => ia5(0x86, u, "SAN URI")),
    );
}
function sansFromInputs(inputs: Record<string, any>): Sans {
    const list = (k: string): string[] => (Array.isArray(inputs[k]) ? inputs[k].map(String) : []);
    return {
        dns: list("dnsNames"),
        emails: [],
        ips: list("ipAddresses").map((s) => {
            const ip = parseIP(s);
            if (!ip) throw new Error(`Invalid IP address: Failed to parse "${s}"`);
            return ip;
        }),
        uris: list("uris"),
    };
}

// ---------------------------------------------------------------------------------------------------
// Input validation like the provider schema's validators
// ---------------------------------------------------------------------------------------------------

function intInput(inputs: Record<string, any>, key: string, attr: string, dflt: number | undefined, min: number): number {
    const v = inputs[key] ?? dflt;
    if (v === undefined) throw new Error(`The argument "${attr}" is required, but no definition was found.`);
    if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`Attribute ${attr}: expected an integer, got ${JSON.stringify(v)}`);
    if (v < min) throw new Error(`Invalid Attribute Value: Attribute ${attr} value must be at least ${min}, got: ${v}`);
    return v;
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
function exactlyOnePem(inputs: Record<string, any>, plain: string, attr: string): string {
    const a = inputs[plain];
    const wo = inputs[`${plain}Wo`];
    if (a != null && wo != null) throw new Error(`Invalid Attribute Combination: exactly one of ${attr} or ${attr}_wo must be set`);
    const pem = wo ?? a;
    if (typeof pem !== "string") throw new Error(`Invalid Attribute Combination: exactly one of ${attr} or ${attr}_wo must be set`);
    return pem;
}

// ---------------------------------------------------------------------------------------------------
// Certificates (the provider's createCertificate + Go's x509.CreateCertificate)
// ---------------------------------------------------------------------------------------------------

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

function issueCertificate(p: {
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

function decodeTypedPem(pem: string, type: string): Buffer {
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
function parseCsr(der: Buffer): ParsedCsr {
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
function parseCert(der: Buffer): ParsedCert {
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

// ---------------------------------------------------------------------------------------------------
// Resource handlers
// ---------------------------------------------------------------------------------------------------

interface CreateContext {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** Deterministic randomness for this resource (hash of type, name and inputs). */
    rng: () => Drbg;
}

interface Handler {
    /** Values the provider fills in when the input is absent. */
    defaults: Record<string, any>;
    /** Inputs whose change is an in-place update (no new outputs). */
    inPlace?: string[];
    /** Outputs the SDK declares as additionalSecretOutputs. */
    secretOutputs?: string[];
    /** A required input that is missing: skip generation, echo inputs. */
    missing: (inputs: Record<string, any>) => boolean;
    create: (ctx: CreateContext) => Promise<MemoEntry>;
    /** On a memo hit: must the resource be replaced anyway (certificate renewal)? */
    mustReplace?: (prior: MemoEntry, inputs: Record<string, any>, now: number) => boolean;
}

const CERT_DEFAULTS = { earlyRenewalHours: 0, isCaCertificate: false, setSubjectKeyId: false, maxPathLength: -1, readyForRenewal: false };

/** The provider's modifyPlanIfCertificateReadyForRenewal: now >= validity end - early renewal hours. */
function readyForRenewal(prior: MemoEntry, inputs: Record<string, any>, now: number): boolean {
    const end = Date.parse(prior.outputs.validityEndTime);
    const early = typeof inputs.earlyRenewalHours === "number" ? inputs.earlyRenewalHours : 0;
    return Number.isFinite(end) && now >= end - early * 3600_000;
}

const noPem = (inputs: Record<string, any>, ...keys: string[]) => keys.every((k) => typeof inputs[k] !== "string");

const privateKey: Handler = {
    defaults: { rsaBits: 2048, ecdsaCurve: "P224" },
    secretOutputs: ["privateKeyOpenssh", "privateKeyPem", "privateKeyPemPkcs8"],
    missing: (i) => typeof i.algorithm !== "string",
    async create({ inputs }) {
        const algorithm = inputs.algorithm;
        let key: crypto.KeyObject;
        if (algorithm === "RSA") {
            const bits = intInput(inputs, "rsaBits", "rsa_bits", 2048, 0);
            // Go 1.24+ crypto/rsa refuses keys below 1024 bits.
            if (bits < 1024) throw new Error(`Unable to generate Key from configuration: crypto/rsa: ${bits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)`);
            key = await generateKeyPair("rsa", { modulusLength: bits, publicExponent: 0x10001 });
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

// --- random -------------------------------------------------------------------------------------------

const randomId: Handler = {
    defaults: {},
    missing: () => false,
    async create({ inputs, rng }) {
        const n = intInput(inputs, "byteLength", "byte_length", undefined, 1);
        const bytes = rng().bytes(n);
        const prefix = typeof inputs.prefix === "string" ? inputs.prefix : "";
        const id = bytes.toString("base64url");
        return {
            id,
            outputs: {
                b64Url: prefix + id,
                b64Std: prefix + bytes.toString("base64"),
                hex: prefix + bytes.toString("hex"),
                dec: prefix + BigInt(`0x${bytes.toString("hex")}`).toString(10),
            },
        };
    },
};

const STRING_DEFAULTS = { special: true, upper: true, lower: true, numeric: true, number: true, minLower: 0, minUpper: 0, minNumeric: 0, minSpecial: 0 };

/** terraform-provider-random's CreateString. */
function randomStringValue(inputs: Record<string, any>, rng: Drbg): string {
    const length = intInput(inputs, "length", "length", undefined, 1);
    const flag = (k: string) => (inputs[k] === undefined ? true : inputs[k] === true);
    const { numeric } = numericFlags(inputs);
    const mins = {
        numeric: intInput(inputs, "minNumeric", "min_numeric", 0, 0),
        lower: intInput(inputs, "minLower", "min_lower", 0, 0),
        upper: intInput(inputs, "minUpper", "min_upper", 0, 0),
        special: intInput(inputs, "minSpecial", "min_special", 0, 0),
    };
    const total = mins.numeric + mins.lower + mins.upper + mins.special;
    if (length < total) throw new Error(`length (${length}) must be >= min_upper + min_lower + min_numeric + min_special (${total})`);
    const numChars = "0123456789";
    const lowerChars = "abcdefghijklmnopqrstuvwxyz";
    const upperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const specialChars = typeof inputs.overrideSpecial === "string" && inputs.overrideSpecial !== "" ? inputs.overrideSpecial : "!@#$%&*()-_=+[]{}<>:?";
    let chars = "";
    if (flag("upper")) chars += upperChars;
    if (flag("lower")) chars += lowerChars;
    if (numeric) chars += numChars;
    if (flag("special")) chars += specialChars;
    const pick = (set: string, n: number) => {
        let out = "";
        for (let i = 0; i < n; i++) out += set[rng.below(set.length)];
        return out;
    };
    // Minimums are honoured even for a disabled class, as the provider does.
    let result = pick(numChars, mins.numeric) + pick(lowerChars, mins.lower) + pick(upperChars, mins.upper) + pick(specialChars, mins.special);
    if (length - result.length > 0 && chars.length === 0) throw new Error("error generating random bytes: no characters to choose from");
    result += pick(chars, length - result.length);
    const order = rng.bytes(result.length);
    return [...result]
        .map((c, i) => ({ c, o: order[i] }))
        .sort((a, b) => a.o - b.o)
        .map((x) => x.c)
        .join("");
}

/** The provider keeps the deprecated `number` and `numeric` in step. */
function numericFlags(inputs: Record<string, any>): { number: boolean; numeric: boolean } {
    const numeric = inputs.numeric !== undefined ? inputs.numeric === true : inputs.number !== false;
    return { number: numeric, numeric };
}

const randomString: Handler = {
    defaults: STRING_DEFAULTS,
    missing: () => false,
    async create({ inputs, rng }) {
        const result = randomStringValue(inputs, rng());
        return { id: result, outputs: { result, ...numericFlags(inputs) } };
    },
};

const randomPassword: Handler = {
    defaults: STRING_DEFAULTS,
    secretOutputs: ["bcryptHash", "result"],
    missing: () => false,
    async create({ inputs, rng }) {
        // bcryptHash is not computed (no bcrypt in node:crypto).
        return { id: "none", outputs: { result: randomStringValue(inputs, rng()), ...numericFlags(inputs) } };
    },
};

function uuidFrom(bytes: Buffer, version: number): string {
    const b = Buffer.from(bytes.subarray(0, 16));
    b[6] = (b[6] & 0x0f) | (version << 4);
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const uuidHandler = (version: number): Handler => ({
    defaults: {},
    missing: () => false,
    async create({ rng }) {
        const result = uuidFrom(rng().bytes(16), version);
        return { id: result, outputs: { result } };
    },
});

const ADVERBS = ["abnormally", "absolutely", "actually", "adequately", "amazingly", "briefly", "calmly", "carefully", "certainly", "closely", "correctly", "deeply", "easily", "evenly", "fairly", "finally", "firmly", "freely", "gently", "gladly", "happily", "highly", "honestly", "ideally", "jointly", "kindly", "largely", "lively", "loudly", "mainly", "merely", "mostly", "namely", "nicely", "openly", "partly", "mildly", "quickly", "quietly", "rapidly", "really", "simply", "slowly", "smoothly", "solely", "surely", "truly", "vastly", "wholly", "widely"];
const ADJECTIVES = ["able", "amazed", "amused", "apt", "awake", "bold", "brave", "bright", "busy", "calm", "capital", "charming", "clean", "clever", "cool", "cosmic", "crisp", "daring", "dear", "eager", "enabled", "epic", "exotic", "fair", "fancy", "fast", "firm", "fit", "fluent", "fond", "free", "fresh", "full", "game", "genuine", "giving", "glad", "golden", "good", "grand", "great", "happy", "hardy", "helpful", "holy", "honest", "humble", "ideal", "immune", "keen", "kind", "large", "lasting", "legal", "liberal", "live", "logical", "loved", "loyal", "lucky", "magical", "main", "master", "merry", "mighty", "modern", "moved", "native", "neat", "next", "nice", "noble", "normal", "open", "optimal", "patient", "perfect", "pleased", "polite", "popular", "precious", "present", "proper", "proud", "quick", "quiet", "rapid", "ready", "real", "relaxed", "renewed", "rich", "right", "robust", "sacred", "safe", "secure", "select", "sharp", "shining", "simple", "smart", "smooth", "solid", "special", "stable", "steady", "still", "strong", "super", "sure", "sweet", "swift", "tender", "thankful", "tidy", "tight", "topical", "true", "trusty", "up", "usable", "valid", "vast", "verified", "vital", "warm", "welcome", "well", "wise", "witty", "worthy"];
const NAMES = ["aardvark", "ant", "baboon", "badger", "bass", "bat", "bear", "beetle", "bird", "bison", "boa", "bobcat", "buck", "bull", "calf", "camel", "cardinal", "cat", "cattle", "chamois", "cheetah", "chicken", "chimp", "cicada", "clam", "cobra", "cod", "colt", "condor", "cougar", "cow", "coyote", "crab", "crane", "cricket", "crow", "deer", "dingo", "dodo", "doe", "dog", "dolphin", "donkey", "dory", "dove", "dragon", "duck", "eagle", "eel", "elf", "elk", "emu", "falcon", "ferret", "finch", "fish", "flamingo", "fly", "foal", "fowl", "fox", "frog", "gar", "gazelle", "gecko", "gibbon", "giraffe", "gnat", "gnu", "goat", "goose", "gopher", "gorilla", "grouse", "grub", "gull", "haddock", "hamster", "hare", "hawk", "hen", "heron", "herring", "hog", "hornet", "horse", "hound", "husky", "hyena", "ibex", "iguana", "impala", "insect", "jackal", "jaguar", "jay", "kid", "kingfish", "kit", "kite", "kiwi", "koala", "lamb", "lark", "leech", "lemming", "lemur", "leopard", "liger", "lion", "lizard", "llama", "lobster", "locust", "loon", "louse", "lynx", "macaque", "macaw", "mako", "mallard", "mammal", "mammoth", "manatee", "mantis", "marlin", "marmot", "marten", "mastodon", "mayfly", "mink", "mite", "mole", "mollusk", "monkey", "moose", "moray", "moth", "mouse", "mule", "mustang", "mutt", "newt", "ocelot", "octopus", "opossum", "orca", "oriole", "oryx", "osprey", "owl", "ox", "oyster", "panda", "panther", "parakeet", "parrot", "peacock", "pegasus", "pelican", "penguin", "perch", "pheasant", "pig", "pigeon", "pika", "polliwog", "pony", "poodle", "porpoise", "possum", "prawn", "primate", "puma", "pup", "python", "quagga", "quail", "rabbit", "raccoon", "ram", "raptor", "rat", "raven", "ray", "redbird", "redfish", "reindeer", "reptile", "rhino", "robin", "rodent", "rooster", "sailfish", "salmon", "seal", "shark", "sheep", "shiner", "shrew", "shrimp", "skink", "skunk", "sloth", "slug", "snail", "snake", "snapper", "snipe", "sole", "sparrow", "spider", "squid", "squirrel", "stag", "starling", "stork", "sturgeon", "swan", "swift", "tadpole", "tahr", "tapir", "tarpon", "termite", "tetra", "thrush", "tick", "tiger", "toad", "tomcat", "tortoise", "toucan", "trout", "tuna", "turkey", "turtle", "unicorn", "urchin", "vervet", "viper", "vulture", "wahoo", "walleye", "walrus", "warthog", "wasp", "weasel", "whale", "whippet", "wildcat", "wolf", "wombat", "worm", "wren", "yak", "zebra"];

const randomPet: Handler = {
    defaults: { length: 2, separator: "-" },
    missing: () => false,
    async create({ inputs, rng }) {
        const length = intInput(inputs, "length", "length", 2, 1);
        const separator = typeof inputs.separator === "string" ? inputs.separator : "-";
        const r = rng();
        const pick = (words: string[]) => words[r.below(words.length)];
        // dustinkirkland/golang-petname: adverbs..., adjective, name.
        const words = length === 1 ? [pick(NAMES)] : [...Array.from({ length: length - 2 }, () => pick(ADVERBS)), pick(ADJECTIVES), pick(NAMES)];
        let pet = words.join(separator).toLowerCase();
        if (typeof inputs.prefix === "string" && inputs.prefix !== "") pet = `${inputs.prefix}${separator}${pet}`;
        return { id: pet, outputs: {} };
    },
};

const randomInteger: Handler = {
    defaults: {},
    missing: () => false,
    async create({ inputs, rng }) {
        const min = intInput(inputs, "min", "min", undefined, Number.MIN_SAFE_INTEGER);
        const max = intInput(inputs, "max", "max", undefined, Number.MIN_SAFE_INTEGER);
        if (max < min) throw new Error("Invalid minimum and maximum values: minimum value needs to be smaller than or equal to maximum value");
        const result = Number(rng().belowBig(BigInt(max) - BigInt(min) + 1n) + BigInt(min));
        return { id: String(result), outputs: { result } };
    },
};

const randomShuffle: Handler = {
    defaults: {},
    missing: () => false,
    async create({ inputs, rng }) {
        const list: unknown[] = Array.isArray(inputs.inputs) ? inputs.inputs : [];
        const count = typeof inputs.resultCount === "number" && inputs.resultCount > 0 ? inputs.resultCount : list.length;
        const r = rng();
        const results: unknown[] = [];
        while (list.length > 0 && results.length < count) {
            for (const i of r.perm(list.length)) {
                results.push(list[i]);
                if (results.length >= count) break;
            }
        }
        return { id: "-", outputs: { results } };
    },
};

const randomBytes: Handler = {
    defaults: {},
    secretOutputs: ["base64", "hex"],
    missing: () => false,
    async create({ inputs, rng }) {
        const bytes = rng().bytes(intInput(inputs, "length", "length", undefined, 1));
        return { id: "none", outputs: { base64: bytes.toString("base64"), hex: bytes.toString("hex") } };
    },
};

const HANDLERS: Record<string, Handler> = {
    "tls:index/privateKey:PrivateKey": privateKey,
    "tls:index/selfSignedCert:SelfSignedCert": selfSignedCert,
    "tls:index/certRequest:CertRequest": certRequest,
    "tls:index/locallySignedCert:LocallySignedCert": locallySignedCert,
    "random:index/randomId:RandomId": randomId,
    "random:index/randomString:RandomString": randomString,
    "random:index/randomPassword:RandomPassword": randomPassword,
    "random:index/randomPet:RandomPet": randomPet,
    "random:index/randomUuid:RandomUuid": uuidHandler(4),
    "random:index/randomUuid4:RandomUuid4": uuidHandler(4),
    "random:index/randomUuid7:RandomUuid7": uuidHandler(7),
    "random:index/randomInteger:RandomInteger": randomInteger,
    "random:index/randomShuffle:RandomShuffle": randomShuffle,
    "random:index/randomBytes:RandomBytes": randomBytes,
};

/** Internals exposed for unit tests: Go-compatible IP parsing (x509 byte form) and its text form. */
export const _internal = { parseIP, ipToString };
