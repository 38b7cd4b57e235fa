// What a certificate names: distinguished names (from the provider's `subject` input, or re-read from a CSR
// the way Go re-marshals them) and subject alternative names, with Go's net.ParseIP for IP SANs.
import { Tlv, children, decodeOid, decodeString, derOid, seq, setOf, tlv } from "./der";
import { isPlainObject } from "./values";

export interface NameFields {
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
export function encodeName(n: NameFields): Buffer {
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
export function nameFromSubjectInput(subject: unknown): { name: NameFields; empty: boolean } {
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
export function nameFromDer(der: Tlv): { name: NameFields; attributes: number } {
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

export interface Sans {
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
export function sanValue(s: Sans): Buffer | undefined {
    if (s.dns.length + s.emails.length + s.ips.length + s.uris.length === 0) return undefined;
    return seq(
        ...s.dns.map((d) => ia5(0x82, d, "SAN dNSName")),
        ...s.emails.map((e) => ia5(0x81, e, "SAN rfc822Name")),
        ...s.ips.map((ip) => tlv(0x87, ip)),
        ...s.uris.map((u) => ia5(0x86, u, "SAN URI")),
    );
}
export function sansFromInputs(inputs: Record<string, any>): Sans {
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
export function parseIP(s: string): Buffer | undefined {
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
export function to4(ip: Buffer): Buffer {
    const mapped = ip.length === 16 && ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
    return mapped ? Buffer.from(ip.subarray(12)) : ip;
}
export function ipToString(ip: Buffer): string {
    if (ip.length === 4) return [...ip].join(".");
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(ip.readUInt16BE(i).toString(16));
    return groups.join(":");
}
