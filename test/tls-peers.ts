// Real TLS peers on 127.0.0.1 for tests: one server, one client connection, and a verdict on whether the
// handshake completed with both sides satisfied. Plus the mapping from the program's Envoy v3 TLS
// transport sockets (DownstreamTlsContext / UpstreamTlsContext) to node:tls options, and helpers to read
// certificate material out of the program's Secrets.
import * as crypto from "node:crypto";
import type { AddressInfo, Socket } from "node:net";
import * as tls from "node:tls";

// ---------------------------------------------------------------------------------------------------
// Certificate material
// ---------------------------------------------------------------------------------------------------

/** What a `kubernetes.io/tls` Secret of the program holds (`stringData`). */
export interface TlsMaterial {
    /** `ca.crt`: PEM bundle of trusted CAs. */
    ca: string;
    /** `tls.crt`: the leaf (PEM). */
    cert: string;
    /** `tls.key`: the leaf's private key (PEM). */
    key: string;
}

/** `ca.crt`, `tls.crt` and `tls.key` of a Secret manifest as the program registered it (stringData or base64 data). */
export function secretMaterial(secret: { metadata: { name?: string }; stringData?: Record<string, unknown>; data?: Record<string, unknown> }): TlsMaterial {
    const get = (k: string): string => {
        const s = secret.stringData?.[k];
        if (typeof s === "string" && s !== "") return s;
        const d = secret.data?.[k];
        if (typeof d === "string" && d !== "") return Buffer.from(d, "base64").toString("utf8");
        throw new Error(`Secret ${secret.metadata.name}: no ${k}`);
    };
    return { ca: get("ca.crt"), cert: get("tls.crt"), key: get("tls.key") };
}

/** Every certificate of a PEM bundle, in order. */
export function pemCertificates(bundle: string): crypto.X509Certificate[] {
    const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    return blocks.map((b) => new crypto.X509Certificate(b));
}

/** DNS names of a certificate's subjectAltName, in order. */
export function dnsSans(cert: crypto.X509Certificate): string[] {
    return (cert.subjectAltName ?? "")
        .split(/,\s*/)
        .filter((e) => e.startsWith("DNS:"))
        .map((e) => e.slice(4));
}

export const EKU = { serverAuth: "1.3.6.1.5.5.7.3.1", clientAuth: "1.3.6.1.5.5.7.3.2" } as const;

/** The certificate of `bundle` that issued and signed `leaf`, if any. */
export function issuerIn(leaf: crypto.X509Certificate, bundle: string): crypto.X509Certificate | undefined {
    return pemCertificates(bundle).find((ca) => ca.ca && leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
}

// ---------------------------------------------------------------------------------------------------
// One handshake
// ---------------------------------------------------------------------------------------------------

export type TlsVersion = "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";

export interface ServerSide {
    key: string;
    cert: string;
    /** CAs trusted for client certificates. */
    ca?: string;
    /** Ask the client for a certificate. */
    requestCert: boolean;
    /** Refuse a client without a certificate chaining to `ca` (node does this during the handshake). */
    rejectUnauthorized: boolean;
    /**
     * Envoy semantics without `require_client_certificate` but with a validation context: a client
     * certificate is optional, but one that is presented must verify. Applied after the handshake.
     */
    verifyPresentedCert?: boolean;
    minVersion?: TlsVersion;
    maxVersion?: TlsVersion;
    ciphers?: string;
    /**
     * Envoy's SAN matchers on a server: a client certificate must carry one of these SANs exactly (any one will
     * do), else the handshake fails. Unset: no SAN check.
     */
    clientSans?: PeerSan[];
}

/** One exact SAN, as an Envoy `match_typed_subject_alt_names` entry with an `exact` matcher. */
export interface PeerSan {
    type: "DNS" | "URI";
    value: string;
}

/** The SANs of a certificate as node writes them (`DNS:a, URI:b`), typed. */
export function certificateSans(cert: { subjectAltName?: string; subjectaltname?: string }): PeerSan[] {
    return (cert.subjectAltName ?? cert.subjectaltname ?? "")
        .split(/,\s*/)
        .flatMap((e): PeerSan[] => (e.startsWith("DNS:") ? [{ type: "DNS", value: e.slice(4) }] : e.startsWith("URI:") ? [{ type: "URI", value: e.slice(4) }] : []));
}

export interface ClientSide {
    /** CAs trusted for the server certificate. The client always rejects an unverified server. */
    ca: string;
    /** Client certificate and key; omit both to connect without a certificate. */
    cert?: string;
    key?: string;
    /** SNI sent; also the name checked when `verifyName` is unset (node's default). */
    servername?: string;
    /**
     * The DNS SAN the server certificate must carry, independent of SNI (Envoy's SAN matcher): checked with
     * `tls.checkServerIdentity` and, as Envoy's `exact` matcher has no wildcards, by exact membership.
     * A list: any one of them will do (Envoy accepts when any of its matchers matches).
     * `false`: no name check at all (Envoy without a SAN matcher); the chain is still verified.
     * Unset: node's default, the SNI name (how the API server checks a webhook).
     */
    verifyName?: string | string[] | false;
    minVersion?: TlsVersion;
    maxVersion?: TlsVersion;
    ciphers?: string;
}

export interface HandshakeResult {
    /** Handshake completed, the server accepted the client and the client verified the server, and data flowed. */
    ok: boolean;
    /** Why not, when not ok: the client's and the server's errors joined. */
    error?: string;
    clientError?: string;
    serverError?: string;
    /** Subject of the client certificate as the server saw it (X509Certificate.subject form). */
    peerSubject?: string;
    /** Subject of the server certificate as the client saw it. */
    serverSubject?: string;
    /** Negotiated protocol, as the client saw it. */
    protocol?: string;
}

const REPLY = "ok";

/** Node's hostname check for `name`, then exact DNS SAN membership (Envoy's `exact` matcher has no wildcards). */
function checkExactSan(name: string, cert: tls.PeerCertificate): Error | undefined {
    const err = tls.checkServerIdentity(name, cert);
    if (err) return err;
    const sans = (cert.subjectaltname ?? "").split(/,\s*/);
    return sans.includes(`DNS:${name}`) ? undefined : new Error(`no exact DNS SAN ${name} in ${cert.subjectaltname}`);
}

/** checkExactSan for any one of `names`; the errors of all when none matches. */
function checkAnySan(names: string[], cert: tls.PeerCertificate): Error | undefined {
    const errors = names.map((n) => checkExactSan(n, cert));
    if (errors.some((e) => e === undefined)) return undefined;
    return new Error(errors.map((e) => e!.message).join("; "));
}

/** Resolves when every socket in `sockets` has closed (they remove themselves), or after `ms`. */
async function settled(sockets: Set<Socket>, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

/**
 * Starts a TLS server on an ephemeral 127.0.0.1 port, connects one client, and closes everything.
 * Success needs the server's `secureConnection` with the client accepted (authorized when required) and the
 * client's `secureConnect` with the server authorized, and then the server's reply reaching the client: with
 * TLS 1.3 the server refuses a client certificate only after the client has seen `secureConnect`.
 */
export async function handshake(spec: { server: ServerSide; client: ClientSide; timeoutMs?: number }): Promise<HandshakeResult> {
    const { server: s, client: c } = spec;
    const timeoutMs = spec.timeoutMs ?? 3000;
    const sockets = new Set<Socket>();
    let serverError: string | undefined;
    let peerSubject: string | undefined;
    let serverAccepted = false;

    const srv = tls.createServer({
        key: s.key,
        cert: s.cert,
        ca: s.ca,
        requestCert: s.requestCert,
        rejectUnauthorized: s.rejectUnauthorized,
        minVersion: s.minVersion,
        maxVersion: s.maxVersion,
        ciphers: s.ciphers,
    });
    srv.on("connection", (raw: Socket) => {
        sockets.add(raw);
        raw.on("close", () => sockets.delete(raw));
        raw.on("error", () => undefined);
    });
    srv.on("tlsClientError", (e: Error, sock: tls.TLSSocket) => {
        // With rejectUnauthorized, node drops a client whose certificate fails verification without an error of its
        // own ("socket hang up"); the reason is left on the socket.
        serverError ??= sock.authorizationError ? `client certificate refused: ${sock.authorizationError}` : e.message.trim();
    });
    srv.on("secureConnection", (sock: tls.TLSSocket) => {
        sock.on("error", (e: Error) => (serverError ??= e.message.trim()));
        const peer = sock.getPeerX509Certificate();
        peerSubject = peer?.subject;
        const refuse = (why: string) => {
            serverError ??= why;
            sock.destroy();
        };
        if (s.rejectUnauthorized && s.requestCert && !sock.authorized) return refuse(`client not authorized: ${sock.authorizationError}`);
        if (s.verifyPresentedCert && peer && !sock.authorized) return refuse(`client certificate refused: ${sock.authorizationError}`);
        if (s.clientSans && peer) {
            const has = certificateSans(peer);
            const match = s.clientSans.some((want) => has.some((h) => h.type === want.type && h.value === want.value));
            if (!match) return refuse(`client certificate refused: no SAN matches (has ${JSON.stringify(has)}, accepts ${JSON.stringify(s.clientSans)})`);
        }
        serverAccepted = true;
        sock.end(REPLY);
    });
    await new Promise<void>((resolve, reject) => {
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => (srv.off("error", reject), resolve()));
    });
    const { port } = srv.address() as AddressInfo;

    let clientError: string | undefined;
    let clientAuthorized = false;
    let serverSubject: string | undefined;
    let protocol: string | undefined;
    let data = "";
    try {
        await new Promise<void>((resolve) => {
            const verifyName = c.verifyName;
            const sock = tls.connect({
                host: "127.0.0.1",
                port,
                ca: c.ca,
                cert: c.cert,
                key: c.key,
                servername: c.servername,
                minVersion: c.minVersion,
                maxVersion: c.maxVersion,
                ciphers: c.ciphers,
                rejectUnauthorized: true,
                ...(verifyName === false
                    ? { checkServerIdentity: () => undefined }
                    : verifyName !== undefined
                      ? { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => checkAnySan([verifyName].flat(), cert) }
                      : {}),
            });
            const timer = setTimeout(() => {
                clientError ??= `timeout after ${timeoutMs}ms`;
                sock.destroy();
            }, timeoutMs);
            sock.setEncoding("utf8");
            sock.on("secureConnect", () => {
                clientAuthorized = sock.authorized;
                if (!sock.authorized) clientError ??= `server not authorized: ${sock.authorizationError}`;
                serverSubject = sock.getPeerX509Certificate()?.subject;
                protocol = sock.getProtocol() ?? undefined;
            });
            sock.on("data", (d: string) => (data += d));
            sock.on("error", (e: Error) => (clientError ??= e.message.trim()));
            sock.on("close", () => {
                clearTimeout(timer);
                resolve();
            });
        });
        // Let the server side finish (its tlsClientError may come after the client saw the connection drop).
        await settled(sockets, 500);
    } finally {
        for (const raw of sockets) raw.destroy();
        await new Promise<void>((resolve) => srv.close(() => resolve()));
    }

    const ok = serverAccepted && clientAuthorized && data === REPLY && clientError === undefined;
    const errors = [clientError && `client: ${clientError}`, serverError && `server: ${serverError}`].filter(Boolean);
    return {
        ok,
        ...(ok ? {} : { error: errors.length > 0 ? errors.join("; ") : `incomplete (reply ${JSON.stringify(data)})` }),
        clientError,
        serverError,
        peerSubject,
        serverSubject,
        protocol,
    };
}

// ---------------------------------------------------------------------------------------------------
// Envoy v3 TLS transport sockets → node:tls options
// ---------------------------------------------------------------------------------------------------

const ENVOY_TLS_VERSION: Record<string, TlsVersion | undefined> = {
    TLS_AUTO: undefined,
    TLSv1_0: "TLSv1",
    TLSv1_1: "TLSv1.1",
    TLSv1_2: "TLSv1.2",
    TLSv1_3: "TLSv1.3",
};

function envoyVersion(v: unknown, fallback: TlsVersion): TlsVersion {
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(v in ENVOY_TLS_VERSION)) throw new Error(`unknown Envoy TLS protocol version ${JSON.stringify(v)}`);
    return ENVOY_TLS_VERSION[v] ?? fallback;
}

function tlsTypedConfig(socket: any, type: "DownstreamTlsContext" | "UpstreamTlsContext"): any {
    if (socket?.name !== "envoy.transport_sockets.tls") throw new Error(`not a TLS transport socket: ${JSON.stringify(socket?.name)}`);
    const cfg = socket.typed_config;
    const want = `type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.${type}`;
    if (cfg?.["@type"] !== want) throw new Error(`transport socket is ${cfg?.["@type"]}, expected ${want}`);
    return cfg;
}

/** Exact DNS SANs required of the peer by a CommonTlsContext's validation context. */
function exactDnsSans(common: any): string[] {
    const vc = common?.combined_validation_context?.default_validation_context ?? common?.validation_context;
    return (vc?.match_typed_subject_alt_names ?? [])
        .filter((m: any) => {
            if (m.san_type !== "DNS") throw new Error(`a client's SAN matcher of type ${JSON.stringify(m.san_type)} is not modelled`);
            return true;
        })
        .map((m: any) => {
            if (typeof m.matcher?.exact !== "string") throw new Error(`SAN matcher ${JSON.stringify(m.matcher)} is not exact; not modelled`);
            return m.matcher.exact as string;
        });
}

function hasValidationContext(common: any): boolean {
    return Boolean(common?.validation_context || common?.validation_context_sds_secret_config || common?.combined_validation_context);
}

/** Exact DNS and URI SANs required of the peer by a CommonTlsContext's validation context. */
function exactTypedSans(common: any): PeerSan[] {
    const vc = common?.combined_validation_context?.default_validation_context ?? common?.validation_context;
    return (vc?.match_typed_subject_alt_names ?? []).map((m: any) => {
        if (m.san_type !== "DNS" && m.san_type !== "URI") throw new Error(`SAN type ${JSON.stringify(m.san_type)} not modelled`);
        if (typeof m.matcher?.exact !== "string") throw new Error(`SAN matcher ${JSON.stringify(m.matcher)} is not exact; not modelled`);
        return { type: m.san_type, value: m.matcher.exact };
    });
}

/** What a DownstreamTlsContext asks of a node TLS server (certificates come from SDS, so not here). */
export interface DerivedServer {
    requestCert: boolean;
    rejectUnauthorized: boolean;
    verifyPresentedCert: boolean;
    minVersion: TlsVersion;
    maxVersion: TlsVersion;
    /** The client certificate's SANs the server accepts, when it checks them. */
    clientSans?: PeerSan[];
}

/**
 * Server options from an Envoy DownstreamTlsContext transport socket. `require_client_certificate` →
 * requestCert + rejectUnauthorized; without it, a validation context still verifies a presented
 * certificate (verifyPresentedCert); exact SAN matchers → clientSans. Envoy defaults for servers: TLS 1.2
 * minimum (since 1.22), 1.3 maximum.
 */
export function serverFromDownstreamTls(transportSocket: unknown): DerivedServer {
    const cfg = tlsTypedConfig(transportSocket, "DownstreamTlsContext");
    const common = cfg.common_tls_context ?? {};
    const require = cfg.require_client_certificate === true;
    const validates = hasValidationContext(common);
    if (require && !validates) throw new Error("require_client_certificate without a validation context: Envoy refuses this config");
    const sans = exactTypedSans(common);
    return {
        requestCert: require || validates,
        rejectUnauthorized: require,
        verifyPresentedCert: validates,
        minVersion: envoyVersion(common.tls_params?.tls_minimum_protocol_version, "TLSv1.2"),
        maxVersion: envoyVersion(common.tls_params?.tls_maximum_protocol_version, "TLSv1.3"),
        ...(sans.length > 0 ? { clientSans: sans } : {}),
    };
}

/** What an UpstreamTlsContext asks of a node TLS client. */
export interface DerivedClient {
    /** `sni`, if set. */
    servername?: string;
    /**
     * The exact DNS SAN required of the server (a list when several matchers accept any one of theirs), or
     * `false`: none, any certificate of a trusted CA passes.
     */
    verifyName: string | string[] | false;
    minVersion: TlsVersion;
    maxVersion: TlsVersion;
}

/**
 * Client options from an Envoy UpstreamTlsContext transport socket: `sni` → servername, the exact DNS SAN
 * matcher → verifyName. Envoy defaults for clients: TLS 1.2 minimum and maximum.
 */
export function clientFromUpstreamTls(transportSocket: unknown): DerivedClient {
    const cfg = tlsTypedConfig(transportSocket, "UpstreamTlsContext");
    const common = cfg.common_tls_context ?? {};
    if (!hasValidationContext(common)) throw new Error("UpstreamTlsContext without a validation context accepts any server");
    const sans = exactDnsSans(common);
    return {
        ...(typeof cfg.sni === "string" && cfg.sni !== "" ? { servername: cfg.sni } : {}),
        verifyName: sans.length === 0 ? false : sans.length === 1 ? sans[0] : sans,
        minVersion: envoyVersion(common.tls_params?.tls_minimum_protocol_version, "TLSv1.2"),
        maxVersion: envoyVersion(common.tls_params?.tls_maximum_protocol_version, "TLSv1.2"),
    };
}

/** The transport socket of the (single-filter-chain) listener `name` of a bootstrap. */
export function listenerTransportSocket(bootstrap: any, name: string): { port: number; transportSocket: unknown } {
    const l = (bootstrap?.static_resources?.listeners ?? []).find((x: any) => x.name === name);
    if (!l) throw new Error(`no listener ${name}`);
    const chains = l.filter_chains ?? [];
    if (chains.length !== 1) throw new Error(`listener ${name} has ${chains.length} filter chains, expected 1`);
    return { port: l.address?.socket_address?.port_value, transportSocket: chains[0].transport_socket };
}

/** The transport socket and single endpoint of the static cluster `name` of a bootstrap. */
export function clusterTransportSocket(bootstrap: any, name: string): { host: string; port: number; transportSocket: unknown } {
    const cl = (bootstrap?.static_resources?.clusters ?? []).find((x: any) => x.name === name);
    if (!cl) throw new Error(`no cluster ${name}`);
    const eps = (cl.load_assignment?.endpoints ?? []).flatMap((e: any) => e.lb_endpoints ?? []);
    if (eps.length !== 1) throw new Error(`cluster ${name} has ${eps.length} endpoints, expected 1`);
    const sa = eps[0].endpoint.address.socket_address;
    return { host: sa.address, port: sa.port_value, transportSocket: cl.transport_socket };
}
