// Finding PEM private keys in plain data: as PEM text, or as a value that is base64 of PEM text
// (Secret `data`, ConfigMap `binaryData`, a caBundle-style field).

/** Any PEM private key block: PKCS#8, PKCS#1 (RSA), SEC1 (EC), encrypted, OpenSSH, PGP. */
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/;
/** base64 of "-----BEGIN" at the start of the encoded data. */
const BASE64_PEM_START = "LS0tLS1CRUdJTi";
const BASE64 = /^[A-Za-z0-9+/=\r\n]+$/;

/** Node's (and the web's) base64 decoder, to a Latin-1 string; declared here as @types/node would (see ./sdk.ts). */
declare function atob(data: string): string;

/** The Latin-1 text `t` is base64 of; undefined when it is not valid base64. */
function fromBase64(t: string): string | undefined {
    try {
        return atob(t);
    } catch {
        return undefined;
    }
}

/** Whether a string is, or contains, a PEM private key (also when the whole value is base64 of PEM). */
export function holdsPrivateKey(s: string): boolean {
    if (PRIVATE_KEY.test(s)) return true;
    const t = s.trim();
    return t.startsWith(BASE64_PEM_START) && BASE64.test(t) && PRIVATE_KEY.test(fromBase64(t) ?? "");
}

/** Dotted paths (`data.tls.key`, `spec.containers[0].env[1].value`) of every string under `v` that holds a private key. */
export function privateKeyPaths(v: unknown, at = ""): string[] {
    if (typeof v === "string") return holdsPrivateKey(v) ? [at] : [];
    if (Array.isArray(v)) return v.flatMap((x, i) => privateKeyPaths(x, `${at}[${i}]`));
    if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
        return Object.entries(v).flatMap(([k, x]) => privateKeyPaths(x, at ? `${at}.${k}` : k));
    }
    return [];
}
