// Real TLS handshakes on 127.0.0.1 with the certificates the program put in its Secrets and the TLS
// parameters its Envoy bootstraps declare: the validation webhook as the API server reaches it, and the
// xDS mutual TLS between a gateway-proxy (client) and the gloo pod's envoy-sidecar (server).
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { before, describe, test } from "node:test";
import { Manifest, manifests, runProgram } from "../render/program";
import { newMockState } from "../render/mocks";
import { Checked, runChecked } from "./harness";
import {
    ClientSide,
    DerivedClient,
    DerivedServer,
    EKU,
    ServerSide,
    TlsMaterial,
    clientFromUpstreamTls,
    clusterTransportSocket,
    dnsSans,
    handshake,
    issuerIn,
    listenerTransportSocket,
    pemCertificates,
    secretMaterial,
    serverFromDownstreamTls,
} from "./tls-peers";

const SIDECAR = "envoy-sidecar-config/envoy-sidecar.yaml";
const PROXY = "gateway-proxy-envoy-config/envoy.yaml";
const VALIDATION_SECRET = "gateway-validation-certs";
const MTLS_SECRET = "gloo-mtls-certs";

const runs = new Map<string, Promise<Checked>>();
/** One checked program run per config, shared by the tests. */
function checked(config: Record<string, unknown>): Promise<Checked> {
    const key = JSON.stringify(config);
    if (!runs.has(key)) runs.set(key, runChecked({ config }));
    return runs.get(key)!;
}

/** A whole different install (fresh mock state: new CA keys, new leaves) for "another CA" material. */
let rogue: Manifest[];
function rogueSecret(name: string): TlsMaterial {
    const s = rogue.find((m) => m.kind === "Secret" && m.metadata.name === name);
    assert.ok(s, `rogue Secret ${name}`);
    return secretMaterial(s);
}

before(async () => {
    rogue = manifests((await runProgram({ state: newMockState() })).resources);
});

// ---------------------------------------------------------------------------------------------------
// 1. The validation webhook
// ---------------------------------------------------------------------------------------------------

for (const config of [{}, { namespace: "edge-gw" }] as const) {
    const ns = (config as { namespace?: string }).namespace ?? "gloo-system";
    describe(`validation webhook, config ${JSON.stringify(config)}`, { timeout: 15_000 }, () => {
        let certs: TlsMaterial;
        let caBundles: string[];
        let server: ServerSide;
        before(async () => {
            const r = await checked(config);
            certs = secretMaterial(r.find("Secret", VALIDATION_SECRET));
            const vwc = r.find("ValidatingWebhookConfiguration", `gloo-gateway-validation-webhook-${ns}`);
            caBundles = vwc.webhooks.map((w: any) => Buffer.from(w.clientConfig.caBundle, "base64").toString("utf8"));
            // gloo serves the webhook with the Secret's leaf; the API server presents no client certificate.
            server = { key: certs.key, cert: certs.cert, requestCert: false, rejectUnauthorized: false };
        });

        test("both webhooks trust exactly the Secret's ca.crt and target service gloo/<ns>:443/validation", async () => {
            const vwc = (await checked(config)).find("ValidatingWebhookConfiguration", `gloo-gateway-validation-webhook-${ns}`);
            assert.equal(vwc.webhooks.length, 2);
            for (const w of vwc.webhooks) {
                assert.deepEqual(w.clientConfig.service, { name: "gloo", namespace: ns, path: "/validation", port: 443 }, w.name);
                assert.equal(w.clientConfig.url, undefined, w.name);
            }
            for (const b of caBundles) assert.equal(b, certs.ca);
            // The Service routes 443 to gloo's webhook port.
            const svc = (await checked(config)).find("Service", "gloo");
            assert.ok(svc.spec.ports.some((p: any) => p.port === 443 && p.name === "https"), "Service gloo exposes 443");
            const leaf = new crypto.X509Certificate(certs.cert);
            assert.ok(issuerIn(leaf, certs.ca), "the webhook leaf chains to ca.crt");
            assert.ok(dnsSans(leaf).includes(`gloo.${ns}.svc`));
        });

        test(`a client trusting only caBundle reaches gloo.${ns}.svc`, async () => {
            for (const ca of caBundles) {
                const r = await handshake({ server, client: { ca, servername: `gloo.${ns}.svc` } });
                assert.equal(r.error, undefined);
                assert.ok(r.ok);
                assert.match(r.serverSubject ?? "", new RegExp(`CN=gloo\\.${ns}\\.svc`));
            }
        });

        test("the wrong service name fails the hostname check", async () => {
            const r = await handshake({ server, client: { ca: caBundles[0], servername: "gloo.other.svc" } });
            assert.equal(r.ok, false);
            assert.match(r.clientError ?? "", /Hostname\/IP does not match certificate's altnames/);
        });

        test("a client trusting another CA fails", async () => {
            // Same subject, different key (the rogue install's validation CA): the signature check must fail.
            const sameName = await handshake({ server, client: { ca: rogueSecret(VALIDATION_SECRET).ca, servername: `gloo.${ns}.svc` } });
            assert.equal(sameName.ok, false);
            assert.match(sameName.clientError ?? "", /signature|unable to (get|verify)|self[- ]signed/i);
            // A different CA of the same install (the mTLS one).
            const mtlsCa = secretMaterial((await checked(config)).find("Secret", MTLS_SECRET)).ca;
            assert.notEqual(mtlsCa, certs.ca);
            const other = await handshake({ server, client: { ca: mtlsCa, servername: `gloo.${ns}.svc` } });
            assert.equal(other.ok, false);
            assert.match(other.clientError ?? "", /unable to (get|verify)|self[- ]signed|signature/i);
        });
    });
}

// ---------------------------------------------------------------------------------------------------
// 2. xDS mutual TLS: gateway-proxy (client) → gloo envoy-sidecar (server)
// ---------------------------------------------------------------------------------------------------

interface Derived {
    server: DerivedServer;
    client: DerivedClient;
    /** Where the proxy's xDS cluster dials. */
    host: string;
    port: number;
    listenerPort: number;
}

/** The xDS pair: the sidecar's `listener` and the proxy's cluster `cluster` (default: the ADS cluster). */
function derive(r: Checked, listener: string, cluster?: string): Derived {
    const sidecar = r.envoy.get(SIDECAR);
    const proxy = r.envoy.get(PROXY);
    assert.ok(sidecar && proxy, "both bootstraps exist");
    const adsCluster: string = proxy.dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name;
    const l = listenerTransportSocket(sidecar, listener);
    const c = clusterTransportSocket(proxy, cluster ?? adsCluster);
    return { server: serverFromDownstreamTls(l.transportSocket), client: clientFromUpstreamTls(c.transportSocket), host: c.host, port: c.port, listenerPort: l.port };
}

function sidecarServer(m: TlsMaterial, d: DerivedServer): ServerSide {
    return { key: m.key, cert: m.cert, ca: m.ca, ...d };
}

/** The gateway-proxy presenting `who`'s leaf (if any) and trusting `trust`'s ca.crt. */
function proxyClient(trust: TlsMaterial, d: DerivedClient, who?: TlsMaterial): ClientSide {
    return { ca: trust.ca, ...(who ? { cert: who.cert, key: who.key } : {}), ...d };
}

const MTLS_CASES = [
    { config: {}, ns: "gloo-system", clusterName: "cluster.local" },
    { config: { namespace: "edge-gw", k8s: { clusterName: "corp.example" } }, ns: "edge-gw", clusterName: "corp.example" },
];

for (const { config, ns, clusterName } of MTLS_CASES) {
    const fqdn = `gloo.${ns}.svc.${clusterName}`;
    describe(`xDS mTLS, config ${JSON.stringify(config)}`, { timeout: 15_000 }, () => {
        let certs: TlsMaterial;
        let d: Derived;
        let server: ServerSide;
        before(async () => {
            const r = await checked(config);
            certs = secretMaterial(r.find("Secret", MTLS_SECRET));
            d = derive(r, "envoy_xds_mtls_listener");
            server = sidecarServer(certs, d.server);
        });

        test("the bootstraps ask for what the handshake below models", () => {
            // gloo's own leaf is the only client identity of a one-cluster install.
            assert.deepEqual(d.server, {
                requestCert: true,
                rejectUnauthorized: true,
                verifyPresentedCert: true,
                minVersion: "TLSv1.2",
                maxVersion: "TLSv1.3",
                clientSans: [{ type: "DNS", value: `gloo.${ns}.svc` }],
            });
            // Either of gloo's two names will do: the FQDN (this cluster domain) or gloo.<ns>.svc (every issuer's).
            assert.deepEqual(d.client, { servername: fqdn, verifyName: [fqdn, `gloo.${ns}.svc`], minVersion: "TLSv1.2", maxVersion: "TLSv1.3" });
            // The proxy dials the name it checks, on the port the sidecar terminates.
            assert.equal(d.host, fqdn);
            assert.equal(d.port, d.listenerPort);
        });

        test("the Secret's certificates: SANs, EKUs, CA, chain", () => {
            const leaf = new crypto.X509Certificate(certs.cert);
            assert.deepEqual(dnsSans(leaf), ["gloo", `gloo.${ns}`, `gloo.${ns}.svc`, fqdn]);
            assert.equal((leaf.subjectAltName ?? "").split(/,\s*/).length, 4, "no SANs besides the four DNS names");
            const ekus = leaf.keyUsage ?? [];
            assert.ok(ekus.includes(EKU.serverAuth), `serverAuth in ${ekus}`);
            assert.ok(ekus.includes(EKU.clientAuth), `clientAuth in ${ekus}`);
            assert.equal(leaf.ca, false);
            const cas = pemCertificates(certs.ca);
            assert.equal(cas.length, 1);
            assert.equal(cas[0].ca, true);
            assert.ok(leaf.checkIssued(cas[0]), "ca.crt issued the leaf");
            assert.ok(leaf.verify(cas[0].publicKey), "ca.crt signed the leaf");
            assert.ok(issuerIn(leaf, certs.ca));
            // The key in the Secret is the leaf's.
            assert.ok(leaf.checkPrivateKey(crypto.createPrivateKey(certs.key)));
            // The SNI and SAN the proxy uses are on the leaf.
            assert.ok(Array.isArray(d.client.verifyName));
            for (const name of d.client.verifyName as string[]) assert.ok(dnsSans(leaf).includes(name), name);
        });

        test("(a) proxy → sidecar succeeds, the sidecar sees the proxy's certificate", async () => {
            const r = await handshake({ server, client: proxyClient(certs, d.client, certs) });
            assert.equal(r.error, undefined);
            assert.ok(r.ok);
            assert.equal(r.protocol, "TLSv1.3", "both sides allow TLS 1.3 (the bootstrap sets the upstream maximum)");
            assert.equal(r.peerSubject, new crypto.X509Certificate(certs.cert).subject);
            assert.match(r.peerSubject ?? "", new RegExp(`CN=gloo\\.${ns}\\.svc`));
            // The REST xDS pair is configured the same and handshakes too.
            const rest = derive(await checked(config), "envoy_rest_xds_mtls_listener", "rest_xds_cluster");
            assert.deepEqual(rest.server, d.server);
            assert.deepEqual(rest.client, d.client);
            assert.equal(rest.port, rest.listenerPort);
            const r2 = await handshake({ server: sidecarServer(certs, rest.server), client: proxyClient(certs, rest.client, certs) });
            assert.equal(r2.error, undefined);
        });

        test("(b) a client certificate from another CA is refused", async () => {
            // The rogue install's CA has the same subject (mock random ids are deterministic) but another key
            // (and key id): OpenSSL finds no issuer for the lone leaf.
            const other = rogueSecret(MTLS_SECRET);
            for (const maxVersion of ["TLSv1.2", "TLSv1.3"] as const) {
                const r = await handshake({ server, client: { ...proxyClient(certs, d.client, other), maxVersion } });
                assert.equal(r.ok, false, maxVersion);
                assert.match(r.serverError ?? "", /client certificate refused: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_SIGNATURE_FAILURE)/, maxVersion);
            }
            // The same install's webhook certificate (another CA, another subject) is no xDS client certificate either.
            const webhook = secretMaterial((await checked(config)).find("Secret", VALIDATION_SECRET));
            const r = await handshake({ server, client: proxyClient(certs, d.client, webhook) });
            assert.equal(r.ok, false);
            assert.match(r.serverError ?? "", /client certificate refused: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/);
        });

        test("(c) a client without a certificate is refused", async () => {
            for (const maxVersion of ["TLSv1.2", "TLSv1.3"] as const) {
                const r = await handshake({ server, client: { ...proxyClient(certs, d.client), maxVersion } });
                assert.equal(r.ok, false, maxVersion);
                assert.match(r.serverError ?? "", /peer did not return a certificate/, maxVersion);
                assert.equal(r.peerSubject, undefined);
            }
        });

        test("(d) a server not named as the client expects is refused by the SAN check", async () => {
            const wrong = `gloo.other.svc.${clusterName}`;
            const r = await handshake({ server, client: proxyClient(certs, { ...d.client, servername: wrong, verifyName: wrong }, certs) });
            assert.equal(r.ok, false);
            assert.match(r.clientError ?? "", /Hostname\/IP does not match certificate's altnames/);
            // The SAN check is independent of SNI: the right SNI with the wrong expected SAN still fails.
            const r2 = await handshake({ server, client: proxyClient(certs, { ...d.client, verifyName: "gloo.other.svc.cluster.local" }, certs) });
            assert.equal(r2.ok, false);
            assert.match(r2.clientError ?? "", /altnames/);
        });

        test("(e) a TLS 1.1 client is refused", async () => {
            const r = await handshake({ server, client: { ...proxyClient(certs, d.client, certs), minVersion: "TLSv1", maxVersion: "TLSv1.1" } });
            assert.equal(r.ok, false);
            assert.match(r.serverError ?? "", /unsupported protocol/);
        });

        test("a proxy trusting another CA refuses the sidecar", async () => {
            const r = await handshake({ server, client: proxyClient(rogueSecret(MTLS_SECRET), d.client, certs) });
            assert.equal(r.ok, false);
            assert.match(r.clientError ?? "", /signature|unable to (get|verify)|self[- ]signed/i);
        });
    });
}

// ---------------------------------------------------------------------------------------------------
// 3. Negative controls: the refusals above come from the bootstrap, not from the test rig
// ---------------------------------------------------------------------------------------------------

describe("negative controls", { timeout: 15_000 }, () => {
    test("without require_client_certificate, a client with no certificate would get in", async () => {
        const r = await checked({});
        const certs = secretMaterial(r.find("Secret", MTLS_SECRET));
        const d = derive(r, "envoy_xds_mtls_listener");
        const noCert = proxyClient(certs, d.client);

        // As derived: refused.
        assert.equal((await handshake({ server: sidecarServer(certs, d.server), client: noCert })).ok, false);
        // Flip what require_client_certificate turned into: the same client now succeeds.
        const lax = await handshake({ server: sidecarServer(certs, { ...d.server, requestCert: false, rejectUnauthorized: false }), client: noCert });
        assert.equal(lax.error, undefined);
        assert.ok(lax.ok);
        assert.equal(lax.peerSubject, undefined);

        // The chart's own shape (validation context, no require_client_certificate), derived from an edited
        // copy of the bootstrap: a missing certificate passes, a bad one is still refused.
        const sidecar = structuredClone(r.envoy.get(SIDECAR));
        const listener = sidecar.static_resources.listeners.find((l: any) => l.name === "envoy_xds_mtls_listener");
        delete listener.filter_chains[0].transport_socket.typed_config.require_client_certificate;
        const chart = serverFromDownstreamTls(listenerTransportSocket(sidecar, "envoy_xds_mtls_listener").transportSocket);
        assert.deepEqual(chart, { ...d.server, rejectUnauthorized: false });
        assert.ok((await handshake({ server: sidecarServer(certs, chart), client: noCert })).ok, "chart shape admits a client without a certificate");
        const rogueClient = await handshake({ server: sidecarServer(certs, chart), client: proxyClient(certs, d.client, rogueSecret(MTLS_SECRET)) });
        assert.equal(rogueClient.ok, false, "chart shape still refuses a certificate from another CA");
    });

    test("without the SAN matcher (the chart's shape), a client expecting another name would accept the sidecar", async () => {
        const r = await checked({});
        const certs = secretMaterial(r.find("Secret", MTLS_SECRET));
        const d = derive(r, "envoy_xds_mtls_listener");
        const proxy = structuredClone(r.envoy.get(PROXY));
        const cluster = proxy.static_resources.clusters.find((c: any) => c.name === proxy.dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name);
        const typed = cluster.transport_socket.typed_config;
        typed.common_tls_context.validation_context_sds_secret_config = typed.common_tls_context.combined_validation_context.validation_context_sds_secret_config;
        delete typed.common_tls_context.combined_validation_context;
        const chart = clientFromUpstreamTls(cluster.transport_socket);
        assert.equal(chart.verifyName, false);
        // Aimed at gloo.other: with no SAN matcher nothing notices, so case (d) depends on the bootstrap's matcher.
        const res = await handshake({ server: sidecarServer(certs, d.server), client: proxyClient(certs, { ...chart, servername: "gloo.other.svc.cluster.local" }, certs) });
        assert.equal(res.error, undefined);
        assert.ok(res.ok);
    });

    test("a server allowing TLS 1.1 would let the TLS 1.1 client in, so (e) depends on tls_minimum_protocol_version", async () => {
        const r = await checked({});
        const certs = secretMaterial(r.find("Secret", MTLS_SECRET));
        const d = derive(r, "envoy_xds_mtls_listener");
        // OpenSSL 3 forbids TLS < 1.2 at security level 1: lower it on both sides to isolate the version floor.
        const ciphers = "DEFAULT@SECLEVEL=0";
        const client = { ...proxyClient(certs, d.client, certs), minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers } as const;
        const refused = await handshake({ server: { ...sidecarServer(certs, d.server), ciphers }, client });
        assert.equal(refused.ok, false);
        assert.match(refused.serverError ?? "", /unsupported protocol/);
        const lax = await handshake({ server: { ...sidecarServer(certs, { ...d.server, minVersion: "TLSv1" }), ciphers }, client });
        assert.equal(lax.error, undefined);
        assert.equal(lax.protocol, "TLSv1.1");
    });
});
