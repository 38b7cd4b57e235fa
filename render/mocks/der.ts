// DER encoding and decoding: just what X.509 certificates and PKCS#10 requests need.

function derLength(n: number): Buffer {
    if (n < 0x80) return Buffer.from([n]);
    const bytes: number[] = [];
    for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
export function tlv(tag: number, ...parts: Buffer[]): Buffer {
    const content = Buffer.concat(parts);
    return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}
export const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
/** DER SET OF: elements sorted by their encoding. */
export const setOf = (items: Buffer[]) => tlv(0x31, ...[...items].sort(Buffer.compare));
export const derNull = () => Buffer.from([0x05, 0x00]);
export const derTrue = () => Buffer.from([0x01, 0x01, 0xff]);
export const octetString = (b: Buffer) => tlv(0x04, b);
export const bitString = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
export const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
/** INTEGER from an unsigned big-endian magnitude. */
export function derUnsigned(magnitude: Buffer): Buffer {
    let i = 0;
    while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
    let b = magnitude.subarray(i);
    if (b.length === 0) b = Buffer.from([0]);
    if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return tlv(0x02, b);
}
export const derSmallInt = (n: number) => derUnsigned(Buffer.from([n]));
export function derOid(oid: string): Buffer {
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
export function derTime(d: Date): Buffer {
    const y = d.getUTCFullYear();
    const p = (n: number) => String(n).padStart(2, "0");
    const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
    // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050 (and before 1950).
    if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(`${p(y % 100)}${rest}`, "latin1"));
    return tlv(0x18, Buffer.from(`${String(y).padStart(4, "0")}${rest}`, "latin1"));
}

export interface Tlv {
    tag: number;
    content: Buffer;
    raw: Buffer;
}
export function readTlv(buf: Buffer, off = 0): Tlv & { end: number } {
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
export function children(t: Tlv): Tlv[] {
    const out: Tlv[] = [];
    for (let off = 0; off < t.content.length; ) {
        const c = readTlv(t.content, off);
        out.push(c);
        off = c.end;
    }
    return out;
}
export function decodeOid(content: Buffer): string {
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
export function decodeString(t: Tlv): string | undefined {
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
