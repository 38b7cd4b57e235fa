// Which values of a rendered object are private, and hiding them. The rule is deny-by-default: inside a Secret's
// data/stringData and at every input the program marked secret, a value stays readable only when it is public
// PEM material (certificates, public keys, CRLs); private keys, passwords, license and signing keys are hidden.
// A private-key PEM is hidden wherever it appears, even outside a Secret.
import type { Manifest } from "./program";
import { PLACEHOLDER } from "./stack-file";

export const REDACTED = "<redacted: render with --show-secrets>";

const PUBLIC_PEM = new Set(["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CRL", "PUBLIC KEY"]);
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[A-Za-z0-9+/=\s]*?-----END \1-----/g;
const PRIVATE_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** True when the text is one or more public PEM blocks and nothing else (whitespace aside). */
export function isPublicPem(text: string): boolean {
    let blocks = 0;
    const rest = text.replace(PEM_BLOCK, (_m, type: string) => {
        blocks++;
        return PUBLIC_PEM.has(type) ? "" : "\u0000";
    });
    return blocks > 0 && rest.trim() === "";
}

export const holdsPrivateKey = (text: string): boolean => PRIVATE_PEM.test(text);

export interface Classified {
    /** Paths (`stringData.tls.key`, `spec…env[0].value`) of the private values. */
    private: string[];
    /** Paths of values that hold the placeholder of an undecryptable stack secret. */
    placeholders: string[];
    /** Holds secret material at all (a Secret, a secret-marked input or a private key): written owner-only. */
    sensitive: boolean;
}

/**
 * Classifies every value of an object. `secretInputs` are the paths the program sent as Pulumi secrets
 * (RecordedResource.secretInputs, with the SDK's `x_kubernetes_` key names).
 */
export function classify(m: Manifest, secretInputs: string[] = []): Classified {
    const out: Classified = { private: [], placeholders: [], sensitive: m.kind === "Secret" || secretInputs.length > 0 };
    // Most objects hold no secret: one search of their text instead of a walk of every leaf (CRDs are 2.7 MB).
    if (!out.sensitive) {
        const text = JSON.stringify(m);
        if (!holdsPrivateKey(text) && !text.includes(PLACEHOLDER)) return out;
    }
    const marked = new Set(secretInputs);
    if (m.kind === "Secret") for (const k of ["data", "stringData"]) marked.add(k);
    walk(m, "", false, (value, at, secret) => {
        const text = textOf(m, at, value);
        if (text.includes(PLACEHOLDER)) out.placeholders.push(at);
        if (holdsPrivateKey(text) || (secret && !isPublicPem(text))) out.private.push(at);
    }, marked);
    if (out.private.length > 0) out.sensitive = true;
    return out;
}

/** The object with the values at `paths` replaced by REDACTED. */
export function redact(m: Manifest, paths: string[]): Manifest {
    const hide = new Set(paths);
    return rebuild(m, "", (v, at) => (hide.has(at) ? REDACTED : v)) as Manifest;
}

/** A Secret's `data` values are base64: judge what they decode to. */
function textOf(m: Manifest, at: string, value: unknown): string {
    if (typeof value !== "string") return JSON.stringify(value) ?? "";
    if (m.kind === "Secret" && at.startsWith("data.")) return Buffer.from(value, "base64").toString("utf8");
    return value;
}

/** The path segment of an object key as the SDK named it (the provider form renames `x_kubernetes_*`). */
const sdkKey = (k: string) => (k.startsWith("x-kubernetes-") ? k.replace(/-/g, "_") : k);
const child = (at: string, k: string | number) => (typeof k === "number" ? `${at}[${k}]` : at ? `${at}.${sdkKey(k)}` : sdkKey(k));

/** Visits every leaf with its path (built exactly like mocks' secretPaths) and whether a marked path covers it. */
function walk(v: unknown, at: string, secret: boolean, visit: (v: unknown, at: string, secret: boolean) => void, marked: Set<string>): void {
    const s = secret || marked.has(at);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, child(at, i), s, visit, marked));
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, child(at, k), s, visit, marked);
    else visit(v, at, s);
}

function rebuild(v: unknown, at: string, leaf: (v: unknown, at: string) => unknown): unknown {
    if (Array.isArray(v)) return v.map((x, i) => rebuild(x, child(at, i), leaf));
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebuild(x, child(at, k), leaf)]));
    return leaf(v, at);
}
