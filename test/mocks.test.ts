// Tests of render/mocks.ts: real keys and certificates for @pulumi/tls, deterministic @pulumi/random values,
// memoisation across program runs, and a real mutual-TLS handshake with what the mocks produced.
import "reflect-metadata";
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { describe, test } from "node:test";
import * as x509 from "@peculiar/x509";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { MockState, RealCryptoMocks, _internal, newMockState, unwrapSecrets } from "../render/mocks";
import { handshake } from "./tls-peers";

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

/** The value of an output (never call on an output that stays unknown: it would not settle). */
function value<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => (resolve(v), v)));
}

async function valuesOf<T extends Record<string, pulumi.Output<unknown>>>(outs: T): Promise<{ [K in keyof T]: T[K] extends pulumi.Output<infer V> ? V : never }> {
    const entries = await Promise.all(Object.entries(outs).map(async ([k, o]) => [k, await value(o)] as const));
    return Object.fromEntries(entries) as { [K in keyof T]: T[K] extends pulumi.Output<infer V> ? V : never };
}

/** Runs one tiny Pulumi program under fresh mocks sharing `state`; waits until every output and RPC settled. */
async function run<T extends Record<string, pulumi.Output<unknown>>>(state: MockState, build: () => T, preview = false) {
    const mocks = new RealCryptoMocks(state);
    await pulumi.runtime.setMocks(mocks, "proj", "stack", preview);
    const outs = build();
    const values = await valuesOf(outs);
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return { mocks, outs, values };
}

interface ChainArgs {
    algorithm?: "ECDSA" | "RSA";
    caCommonName?: string;
    dnsNames?: string[];
    leafUses?: string[];
    leafHours?: number;
    earlyRenewalHours?: number;
}

/** CA key + self-signed CA, leaf key + CSR + locally signed leaf: what the program does. */
function chain(a: ChainArgs = {}) {
    const keyArgs: tls.PrivateKeyArgs = a.algorithm === "RSA" ? { algorithm: "RSA", rsaBits: 2048 } : { algorithm: "ECDSA", ecdsaCurve: "P256" };
    const caKey = new tls.PrivateKey("ca", keyArgs);
    const ca = new tls.SelfSignedCert("ca", {
        privateKeyPem: caKey.privateKeyPem,
        subject: { commonName: a.caCommonName ?? "test CA", organization: "gloo-mtls" },
        isCaCertificate: true,
        allowedUses: ["cert_signing"],
        validityPeriodHours: 87600,
        setSubjectKeyId: true,
    });
    const leafKey = new tls.PrivateKey("leaf", keyArgs);
    const csr = new tls.CertRequest("leaf", {
        privateKeyPem: leafKey.privateKeyPem,
        subject: { commonName: "gateway-proxy", organization: "gloo-mtls" },
        dnsNames: a.dnsNames ?? ["gateway-proxy.gloo-system.svc", "gateway-proxy.gloo-system.svc.cluster.local"],
    });
    const leaf = new tls.LocallySignedCert("leaf", {
        certRequestPem: csr.certRequestPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        caCertPem: ca.certPem,
        allowedUses: a.leafUses ?? ["digital_signature", "key_encipherment", "server_auth", "client_auth"],
        validityPeriodHours: a.leafHours ?? 8760,
        earlyRenewalHours: a.earlyRenewalHours,
    });
    return {
        caKeyPem: caKey.privateKeyPem,
        caKeyPkcs8: caKey.privateKeyPemPkcs8,
        caPublicKeyPem: caKey.publicKeyPem,
        caPublicKeyOpenssh: caKey.publicKeyOpenssh,
        caCertPem: ca.certPem,
        caKeyAlgorithm: ca.keyAlgorithm,
        caStart: ca.validityStartTime,
        caEnd: ca.validityEndTime,
        leafKeyPem: leafKey.privateKeyPem,
        csrPem: csr.certRequestPem,
        leafCertPem: leaf.certPem,
        leafStart: leaf.validityStartTime,
        leafEnd: leaf.validityEndTime,
        caKeyAlgorithmOfLeaf: leaf.caKeyAlgorithm,
        ready: leaf.readyForRenewal,
    };
}

function ext<T extends x509.Extension>(cert: x509.X509Certificate, type: new (raw: Buffer) => T): T | null {
    // The typings name the DOM's BufferSource, which this project's lib settings do not include.
    return cert.getExtension(type as never) as T | null;
}

function algName(alg: unknown): string {
    return (alg as { name: string }).name;
}

function hashName(alg: unknown): string {
    return (alg as { hash: { name: string } }).hash.name;
}


describe("tls resources under RealCryptoMocks", { timeout: 60_000 }, () => {
    test("ECDSA P-256 chain: CA, CSR and leaf as the tls provider makes them", async () => {
        const hours = 72;
        const dnsNames = ["gateway-proxy.gloo-system.svc", "gw.example.test"];
        const { values: v, outs } = await run(newMockState(), () => chain({ dnsNames, leafHours: hours }));

        // Private keys: SEC 1 and PKCS#8 PEMs ending in a newline, SPKI public key, OpenSSH form; secret.
        assert.match(v.caKeyPem, /^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+\n-----END EC PRIVATE KEY-----\n$/);
        assert.match(v.caKeyPkcs8, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
        assert.match(v.caPublicKeyOpenssh, /^ecdsa-sha2-nistp256 [A-Za-z0-9+/=]+\n$/);
        const caKey = crypto.createPrivateKey(v.caKeyPem);
        assert.equal(caKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
        assert.ok(crypto.createPublicKey(v.caPublicKeyPem).equals(crypto.createPublicKey(caKey)));
        assert.equal(await pulumi.isSecret(outs.caKeyPem), true, "privateKeyPem is an additionalSecretOutput");
        assert.equal(await pulumi.isSecret(outs.caCertPem), false);

        // CA: self-signed, CA:TRUE (critical), key usage only from allowedUses, no EKU, SKI.
        const ca = new crypto.X509Certificate(v.caCertPem);
        assert.ok(v.caCertPem.endsWith("-----END CERTIFICATE-----\n"));
        assert.equal(ca.ca, true);
        assert.ok(ca.checkIssued(ca) && ca.verify(ca.publicKey));
        assert.equal(ca.keyUsage, undefined, "no extended key usage on the CA: none asked");
        assert.equal(v.caKeyAlgorithm, "ECDSA");
        const pca = new x509.X509Certificate(v.caCertPem);
        const bc = ext(pca, x509.BasicConstraintsExtension)!;
        assert.equal(bc.ca, true);
        assert.equal(bc.critical, true);
        assert.equal(bc.pathLength, undefined);
        assert.equal(ext(pca, x509.KeyUsagesExtension)!.usages, x509.KeyUsageFlags.keyCertSign);
        const caSki = ext(pca, x509.SubjectKeyIdentifierExtension)!.keyId;
        assert.equal(algName(pca.signatureAlgorithm), "ECDSA");
        assert.equal(hashName(pca.signatureAlgorithm), "SHA-256");

        // CSR: a real, verifiable PKCS#10 request with a SAN extension request.
        const csr = new x509.Pkcs10CertificateRequest(v.csrPem);
        assert.ok(await csr.verify());
        assert.equal(csr.subject, "O=gloo-mtls, CN=gateway-proxy");
        // (Pkcs10CertificateRequest.getExtension finds extensions by OID only.)
        const csrSan = csr.getExtension("2.5.29.17") as x509.SubjectAlternativeNameExtension;
        assert.deepEqual(csrSan.names.items.map((n) => n.value), dnsNames);

        // Leaf: signed by the CA key, issuer = CA subject, subject and SANs from the CSR, EKU as asked.
        const leaf = new crypto.X509Certificate(v.leafCertPem);
        assert.equal(leaf.ca, false);
        assert.ok(leaf.verify(ca.publicKey), "leaf signature verifies with the CA public key");
        assert.ok(leaf.checkIssued(ca));
        assert.equal(leaf.issuer, ca.subject);
        assert.equal(leaf.subject, "O=gloo-mtls\nCN=gateway-proxy");
        assert.equal(leaf.subjectAltName, dnsNames.map((d) => `DNS:${d}`).join(", "));
        assert.deepEqual(leaf.keyUsage, [SERVER_AUTH, CLIENT_AUTH]);
        assert.ok(crypto.createPublicKey(v.leafKeyPem).equals(leaf.publicKey), "leaf carries the CSR's public key");
        const pleaf = new x509.X509Certificate(v.leafCertPem);
        assert.equal(ext(pleaf, x509.KeyUsagesExtension)!.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
        assert.equal(ext(pleaf, x509.BasicConstraintsExtension)!.ca, false);
        assert.equal(ext(pleaf, x509.SubjectKeyIdentifierExtension), null, "setSubjectKeyId not set");
        assert.equal(ext(pleaf, x509.AuthorityKeyIdentifierExtension)!.keyId, caSki, "authority key id from the CA");
        assert.equal(v.caKeyAlgorithmOfLeaf, "ECDSA");
        assert.equal(v.ready, false);

        // Validity: notBefore = now, notAfter = now + validityPeriodHours; RFC 3339 outputs agree.
        const from = Date.parse(leaf.validFrom);
        assert.equal(Date.parse(leaf.validTo) - from, hours * 3600_000);
        assert.ok(Math.abs(from - Date.now()) < 60_000);
        assert.equal(Date.parse(v.leafEnd) - Date.parse(v.leafStart), hours * 3600_000);
        assert.match(v.leafStart, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        assert.equal(Math.floor(Date.parse(v.leafStart) / 1000) * 1000, from);
    });

    test("RSA 2048 chain: PKCS#1 key, SHA256WithRSA signatures", async () => {
        const { values: v } = await run(newMockState(), () => chain({ algorithm: "RSA" }));
        assert.match(v.caKeyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
        assert.match(v.caPublicKeyOpenssh, /^ssh-rsa /);
        assert.equal(crypto.createPrivateKey(v.caKeyPem).asymmetricKeyDetails?.modulusLength, 2048);
        const ca = new crypto.X509Certificate(v.caCertPem);
        const leaf = new crypto.X509Certificate(v.leafCertPem);
        assert.ok(leaf.verify(ca.publicKey));
        const p = new x509.X509Certificate(v.leafCertPem);
        assert.equal(algName(p.signatureAlgorithm), "RSASSA-PKCS1-v1_5");
        assert.equal(hashName(p.signatureAlgorithm), "SHA-256");
        assert.equal(v.caKeyAlgorithm, "RSA");
    });

    test("other key types: P-224, P-384, P-521 and Ed25519 sign with the matching algorithm", async () => {
        const mocks = new RealCryptoMocks();
        const cases: [Record<string, unknown>, string, string][] = [
            [{ algorithm: "ECDSA" }, "secp224r1", "1.2.840.10045.4.3.2"], // the provider's default curve
            [{ algorithm: "ECDSA", ecdsaCurve: "P384" }, "secp384r1", "1.2.840.10045.4.3.3"],
            [{ algorithm: "ECDSA", ecdsaCurve: "P521" }, "secp521r1", "1.2.840.10045.4.3.4"],
            [{ algorithm: "ED25519" }, "", "1.3.101.112"],
        ];
        for (const [inputs, curve, sigOid] of cases) {
            const name = `k-${JSON.stringify(inputs)}`;
            const key = (await mocks.newResource({ type: "tls:index/privateKey:PrivateKey", name, inputs, custom: true })).state;
            const pem = unwrapSecrets(key.privateKeyPem) as string;
            const k = crypto.createPrivateKey(pem);
            if (curve) {
                assert.match(pem, /^-----BEGIN EC PRIVATE KEY-----/);
                assert.equal(k.asymmetricKeyDetails?.namedCurve, curve);
            } else {
                assert.match(pem, /^-----BEGIN PRIVATE KEY-----/);
                assert.equal(k.asymmetricKeyType, "ed25519");
            }
            if (curve === "secp224r1") {
                assert.equal(key.ecdsaCurve, "P224");
                assert.equal(key.publicKeyOpenssh, "", "ssh does not support P-224");
            } else {
                assert.match(key.publicKeyOpenssh, /^(ecdsa-sha2-nistp\d+|ssh-ed25519) /);
                assert.match(key.publicKeyFingerprintSha256, /^SHA256:[A-Za-z0-9+/]{43}$/);
            }
            const cert = await mocks.newResource({
                type: "tls:index/selfSignedCert:SelfSignedCert",
                name,
                inputs: { privateKeyPem: key.privateKeyPem, subject: { commonName: "x" }, allowedUses: ["digital_signature"], validityPeriodHours: 1 },
                custom: true,
            });
            const c = new crypto.X509Certificate(cert.state.certPem);
            assert.ok(c.verify(crypto.createPublicKey(k)));
            assert.equal(c.ca, false);
            assert.equal(sigAlgOid(cert.state.certPem), sigOid);
        }
    });

    test("key usage and basic constraints come only from the inputs", async () => {
        const mocks = new RealCryptoMocks();
        const key = (await mocks.newResource({ type: "tls:index/privateKey:PrivateKey", name: "k", inputs: { algorithm: "ECDSA", ecdsaCurve: "P256" }, custom: true })).state;
        const make = async (name: string, inputs: Record<string, unknown>) =>
            new x509.X509Certificate(
                (
                    await mocks.newResource({
                        type: "tls:index/selfSignedCert:SelfSignedCert",
                        name,
                        inputs: { privateKeyPem: key.privateKeyPem, subject: { commonName: name }, validityPeriodHours: 1, ...inputs },
                        custom: true,
                    })
                ).state.certPem,
            );
        const bare = await make("bare", { allowedUses: [] });
        assert.equal(ext(bare, x509.KeyUsagesExtension), null);
        assert.equal(ext(bare, x509.ExtendedKeyUsageExtension), null);
        assert.equal(ext(bare, x509.BasicConstraintsExtension)!.ca, false);
        assert.equal(ext(bare, x509.SubjectAlternativeNameExtension), null);

        const caNoUses = await make("ca", { allowedUses: [], isCaCertificate: true, maxPathLength: 1 });
        assert.equal(ext(caNoUses, x509.KeyUsagesExtension), null, "a CA without cert_signing gets no key usage");
        assert.equal(ext(caNoUses, x509.BasicConstraintsExtension)!.pathLength, 1);
        assert.ok(ext(caNoUses, x509.SubjectKeyIdentifierExtension), "a CA always gets a subject key id");

        const sans = await make("sans", { allowedUses: ["server_auth"], dnsNames: ["a.test"], ipAddresses: ["10.0.0.1", "::1"], uris: ["spiffe://td/ns/x"], setSubjectKeyId: true, setAuthorityKeyId: true });
        assert.deepEqual([...ext(sans, x509.ExtendedKeyUsageExtension)!.usages], [SERVER_AUTH]);
        assert.deepEqual(ext(sans, x509.SubjectAlternativeNameExtension)!.names.items.map((n) => `${n.type}:${n.value}`), ["dns:a.test", "ip:10.0.0.1", "ip:::1", "url:spiffe://td/ns/x"]);
        assert.equal(ext(sans, x509.AuthorityKeyIdentifierExtension)!.keyId, ext(sans, x509.SubjectKeyIdentifierExtension)!.keyId);
    });

    test("provider validation errors are reproduced", async () => {
        const mocks = new RealCryptoMocks();
        const key = (await mocks.newResource({ type: "tls:index/privateKey:PrivateKey", name: "k", inputs: { algorithm: "ECDSA", ecdsaCurve: "P256" }, custom: true })).state;
        const other = (await mocks.newResource({ type: "tls:index/privateKey:PrivateKey", name: "o", inputs: { algorithm: "ECDSA", ecdsaCurve: "P256" }, custom: true })).state;
        const self = (name: string, inputs: Record<string, unknown>) =>
            mocks.newResource({ type: "tls:index/selfSignedCert:SelfSignedCert", name, inputs: { privateKeyPem: key.privateKeyPem, validityPeriodHours: 1, ...inputs }, custom: true });
        // The docs show camelCase usages, the provider accepts only snake_case.
        await assert.rejects(self("camel", { allowedUses: ["serverAuth"] }), /allowed_uses\[0\] value must be one of/);
        await assert.rejects(self("ca-no-subject", { allowedUses: ["cert_signing"], isCaCertificate: true }), /at least one Distinguished Name/);
        await assert.rejects(self("leaf-pathlen", { allowedUses: [], maxPathLength: 2 }), /only CAs are allowed to specify MaxPathLen/);
        await assert.rejects(self("aki", { allowedUses: [], setAuthorityKeyId: true }), /Could not determine Authority Key Identifier/);
        await assert.rejects(self("bad-ip", { allowedUses: [], ipAddresses: ["10.0.0.01"] }), /Invalid IP address/);
        await assert.rejects(
            mocks.newResource({ type: "tls:index/privateKey:PrivateKey", name: "bad", inputs: { algorithm: "ECDSA", ecdsaCurve: "P-256" }, custom: true }),
            /ecdsa_curve value must be one of/,
        );

        const ca = (await self("ca", { allowedUses: ["cert_signing"], isCaCertificate: true, subject: { commonName: "ca" } })).state;
        const csr = (await mocks.newResource({ type: "tls:index/certRequest:CertRequest", name: "csr", inputs: { privateKeyPem: key.privateKeyPem, dnsNames: ["x"] }, custom: true })).state;
        const sign = (name: string, inputs: Record<string, unknown>) =>
            mocks.newResource({
                type: "tls:index/locallySignedCert:LocallySignedCert",
                name,
                inputs: { certRequestPem: csr.certRequestPem, caCertPem: ca.certPem, caPrivateKeyPem: key.privateKeyPem, allowedUses: [], validityPeriodHours: 1, ...inputs },
                custom: true,
            });
        await assert.rejects(sign("mismatch", { caPrivateKeyPem: other.privateKeyPem }), /doesn't match parent's PublicKey/);
        await assert.rejects(sign("wrong-pem", { certRequestPem: ca.certPem }), /expected "CERTIFICATE REQUEST", got "CERTIFICATE"/);
        // An empty CSR subject is allowed for a leaf; the SAN then becomes critical (as Go does).
        const ok = new x509.X509Certificate((await sign("ok", {})).state.certPem);
        assert.equal(ok.subject, "");
        assert.equal(ext(ok, x509.SubjectAlternativeNameExtension)!.critical, true);
    });

    test("preview with unknown inputs echoes them; non-tls resources echo their inputs", async () => {
        await pulumi.runtime.setMocks(new RealCryptoMocks(), "proj", "stack", true);
        try {
            const mocks = new RealCryptoMocks();
            const r = await mocks.newResource({
                type: "tls:index/selfSignedCert:SelfSignedCert",
                name: "ca",
                inputs: { privateKeyPem: pulumi.unknown, allowedUses: ["cert_signing"], validityPeriodHours: 1 },
                custom: true,
            });
            assert.equal(r.id, "");
            assert.equal(r.state.certPem, undefined);
            assert.equal(r.state.isCaCertificate, false, "provider defaults are filled in");
        } finally {
            await pulumi.runtime.setMocks(new RealCryptoMocks(), "proj", "stack", false);
        }
        const mocks = new RealCryptoMocks();
        const wrapped = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cret" };
        const secretRes = await mocks.newResource({ type: "kubernetes:core/v1:Secret", name: "s", inputs: { metadata: { name: "tls" }, stringData: wrapped }, custom: true });
        assert.equal(secretRes.id, "tls_id");
        assert.deepEqual(secretRes.state.stringData, wrapped, "state keeps the secret wrapper for the SDK");
        assert.deepEqual(mocks.resources[0].inputs, { metadata: { name: "tls" }, stringData: "s3cret" }, "recorded unwrapped");
        const prov = await mocks.newResource({ type: "pulumi:providers:kubernetes", name: "k8s", inputs: { namespace: "x" }, custom: true });
        assert.deepEqual(prov, { id: "k8s_id", state: { namespace: "x" } });
        assert.deepEqual(mocks.call({ token: "tls:index/getPublicKey:getPublicKey", inputs: {} }), {});
    });
});

function sigAlgOid(pem: string): string {
    // Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signature }: read signatureAlgorithm's OID.
    const der = new crypto.X509Certificate(pem).raw;
    const read = (buf: Buffer, off: number) => {
        let len = buf[off + 1];
        let hdr = 2;
        if (len & 0x80) {
            const n = len & 0x7f;
            len = 0;
            for (let i = 0; i < n; i++) len = len * 256 + buf[off + 2 + i];
            hdr += n;
        }
        return { start: off + hdr, end: off + hdr + len };
    };
    const top = read(der, 0);
    const tbs = read(der, top.start);
    const alg = read(der, tbs.end);
    const oid = read(der, alg.start);
    const bytes = der.subarray(oid.start, oid.end);
    const arcs: number[] = [];
    let v = 0;
    for (const b of bytes) {
        v = v * 128 + (b & 0x7f);
        if (!(b & 0x80)) (arcs.push(v), (v = 0));
    }
    return [Math.floor(arcs[0] / 40), arcs[0] % 40, ...arcs.slice(1)].join(".");
}

describe("mutual TLS with the mocks' certificates", { timeout: 60_000 }, () => {
    test("handshake succeeds with the leaf and its CA, fails with a certificate from another CA", async () => {
        const dnsNames = ["gateway-proxy.gloo-system.svc", "gateway-proxy.gloo-system.svc.cluster.local"];
        const good = (await run(newMockState(), () => chain({ dnsNames }))).values;
        const bad = (await run(newMockState(), () => chain({ dnsNames, caCommonName: "rogue CA" }))).values;

        const server = { key: good.leafKeyPem, cert: good.leafCertPem, ca: good.caCertPem, requestCert: true, rejectUnauthorized: true };
        const goodClient = { key: good.leafKeyPem, cert: good.leafCertPem, ca: good.caCertPem };
        const badClient = { key: bad.leafKeyPem, cert: bad.leafCertPem, ca: good.caCertPem };
        const ok = await handshake({ server, client: { ...goodClient, servername: dnsNames[1] } });
        assert.equal(ok.error, undefined);
        assert.ok(ok.ok);
        assert.match(ok.peerSubject ?? "", /^CN=gateway-proxy$/m);
        assert.equal(ok.serverError, undefined);

        // The server refuses a client certificate from another CA.
        const rogueClient = await handshake({ server, client: { ...badClient, servername: dnsNames[0] } });
        assert.equal(rogueClient.ok, false);
        assert.ok(rogueClient.serverError, "server reports the rejected client certificate");
        // Why: asked without rejecting during the handshake, the server says the client certificate does not chain to its CA.
        const why = await handshake({ server: { ...server, rejectUnauthorized: false, verifyPresentedCert: true }, client: { ...badClient, servername: dnsNames[0] } });
        assert.match(why.serverError ?? "", /UNABLE_TO_VERIFY_LEAF_SIGNATURE/);

        // The client refuses a server certificate from another CA, and a name not in the SANs.
        const rogueServer = await handshake({ server: { key: bad.leafKeyPem, cert: bad.leafCertPem, ca: good.caCertPem, requestCert: true, rejectUnauthorized: true }, client: { ...goodClient, servername: dnsNames[0] } });
        assert.match(rogueServer.clientError ?? "", /self[- ]signed|unable to (get|verify)|certificate/i);
        const wrongName = await handshake({ server, client: { ...goodClient, servername: "other.example" } });
        assert.match(wrongName.error ?? "", /altnames|Hostname/i);
    });
});

describe("random resources", { timeout: 60_000 }, () => {
    const program = (keeper: string) => () => {
        const id = new random.RandomId("id", { byteLength: 8, prefix: "p-", keepers: { generation: keeper } });
        const str = new random.RandomString("str", { length: 24, special: false });
        const spec = new random.RandomString("spec", { length: 12, minSpecial: 3, overrideSpecial: "_%@" });
        const pet = new random.RandomPet("pet", {});
        const uuid = new random.RandomUuid("uuid", {});
        const pw = new random.RandomPassword("pw", { length: 16 });
        const int = new random.RandomInteger("int", { min: 10, max: 20 });
        return {
            hex: id.hex,
            b64Url: id.b64Url,
            b64Std: id.b64Std,
            dec: id.dec,
            idId: id.id,
            str: str.result,
            spec: spec.result,
            pet: pet.id,
            uuid: uuid.result,
            pw: pw.result,
            int: int.result,
        };
    };

    test("values are deterministic, well-formed, and keepers change them", async () => {
        const a = await run(newMockState(), program("1"));
        const b = await run(newMockState(), program("1"));
        const c = await run(newMockState(), program("2"));
        assert.deepEqual(a.values, b.values, "same program, same values, even with fresh state");
        assert.notEqual(c.values.hex, a.values.hex, "a keeper change gives a new id");
        assert.equal(c.values.str, a.values.str, "other resources are unaffected");

        const v = a.values;
        assert.match(v.hex, /^p-[0-9a-f]{16}$/);
        const bytes = Buffer.from(v.idId, "base64url");
        assert.equal(bytes.length, 8);
        assert.equal(v.hex, `p-${bytes.toString("hex")}`);
        assert.equal(v.b64Url, `p-${v.idId}`);
        assert.equal(v.b64Std, `p-${bytes.toString("base64")}`);
        assert.equal(v.dec, `p-${BigInt(`0x${bytes.toString("hex")}`)}`);
        assert.match(v.str, /^[A-Za-z0-9]{24}$/);
        assert.equal(v.spec.length, 12);
        assert.ok([...v.spec].filter((ch) => "_%@".includes(ch)).length >= 3);
        assert.match(v.pet, /^[a-z]+-[a-z]+$/);
        assert.match(v.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.ok(v.int >= 10 && v.int <= 20 && Number.isInteger(v.int));
        assert.equal(v.pw.length, 16);
        assert.equal(await pulumi.isSecret(a.outs.pw), true, "RandomPassword.result is secret");
        assert.equal(await pulumi.isSecret(a.outs.hex), false);
    });
});

describe("MockState: Pulumi-state-like memoisation across runs", { timeout: 60_000 }, () => {
    test("same inputs → same outputs; replacing input changes → new outputs; in-place changes keep them", async () => {
        const state = newMockState();
        const first = (await run(state, () => chain())).values;
        const again = (await run(state, () => chain())).values;
        assert.deepEqual(again, first, "a second run with the same inputs returns the stored keys and certificates");

        const moreNames = (await run(state, () => chain({ dnsNames: ["gateway-proxy.gloo-system.svc", "extra.test"] }))).values;
        assert.equal(moreNames.caCertPem, first.caCertPem, "the CA is untouched");
        assert.equal(moreNames.leafKeyPem, first.leafKeyPem, "the leaf key is untouched");
        assert.notEqual(moreNames.csrPem, first.csrPem);
        assert.notEqual(moreNames.leafCertPem, first.leafCertPem, "new CSR → new leaf");
        assert.match(new crypto.X509Certificate(moreNames.leafCertPem).subjectAltName ?? "", /DNS:extra\.test/);

        const earlier = (await run(state, () => chain({ earlyRenewalHours: 24 }))).values;
        assert.equal(earlier.leafCertPem, first.leafCertPem, "earlyRenewalHours is an in-place update: same certificate");

        const newCa = (await run(state, () => chain({ caCommonName: "test CA 2" }))).values;
        assert.equal(newCa.caKeyPem, first.caKeyPem);
        assert.notEqual(newCa.caCertPem, first.caCertPem);
        assert.notEqual(newCa.leafCertPem, first.leafCertPem, "a new CA certificate re-issues the leaf");
        assert.ok(new crypto.X509Certificate(newCa.leafCertPem).verify(new crypto.X509Certificate(newCa.caCertPem).publicKey));

        const fresh = (await run(newMockState(), () => chain())).values;
        assert.notEqual(fresh.caKeyPem, first.caKeyPem, "a new state is a new stack: new keys");
    });

    test("a certificate inside its early-renewal window is re-issued on the next run", async () => {
        const state = newMockState();
        const one = (await run(state, () => chain({ leafHours: 1, earlyRenewalHours: 2 }))).values;
        const two = (await run(state, () => chain({ leafHours: 1, earlyRenewalHours: 2 }))).values;
        assert.equal(two.caCertPem, one.caCertPem);
        assert.notEqual(two.leafCertPem, one.leafCertPem);
        assert.equal(two.ready, false);
    });

    test("a preview never writes state; a real run does; resources are recorded in order", async () => {
        const state = newMockState();
        const preview = await run(state, () => chain(), true);
        const up = await run(state, () => chain());
        assert.notEqual(up.values.caKeyPem, preview.values.caKeyPem);
        const previewAgain = await run(state, () => chain(), true);
        assert.equal(previewAgain.values.caKeyPem, up.values.caKeyPem, "a preview sees the stored state");
        // Recorded in the order the SDK registered them (a resource waits for its inputs).
        const order = up.mocks.resources.map((r) => `${r.type.split(":").pop()}/${r.name}`);
        assert.deepEqual([...order].sort(), ["CertRequest/leaf", "LocallySignedCert/leaf", "PrivateKey/ca", "PrivateKey/leaf", "SelfSignedCert/ca"]);
        assert.ok(order.indexOf("PrivateKey/ca") < order.indexOf("SelfSignedCert/ca"));
        assert.ok(order.indexOf("CertRequest/leaf") < order.indexOf("LocallySignedCert/leaf"));
    });

    test("secrets reach a Kubernetes Secret and stay secret; recorded inputs are unwrapped", async () => {
        const { mocks, values, outs } = await run(newMockState(), () => {
            const key = new tls.PrivateKey("k", { algorithm: "ECDSA", ecdsaCurve: "P256" });
            const s = new corev1.Secret("s", { metadata: { name: "tls", namespace: "ns" }, stringData: { "tls.key": key.privateKeyPem } });
            return { data: s.stringData, key: key.privateKeyPem };
        });
        assert.equal(await pulumi.isSecret(outs.data), true);
        const rec = mocks.resources.find((r) => r.type === "kubernetes:core/v1:Secret")!;
        assert.equal(rec.id, "tls_id");
        assert.equal(rec.inputs.stringData["tls.key"], values.key);
        assert.match(rec.inputs.stringData["tls.key"], /^-----BEGIN EC PRIVATE KEY-----/);
        const keyRec = mocks.resources.find((r) => r.type === "tls:index/privateKey:PrivateKey")!;
        assert.equal(keyRec.outputs.privateKeyPem, values.key, "recorded outputs are unwrapped");
    });
});

describe("helpers", () => {
    test("unwrapSecrets removes nested wrappers and leaves other values alone", () => {
        const w = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
        assert.deepEqual(unwrapSecrets({ a: w({ b: w([1, w("x")]) }), c: [w(2)], d: null, e: "s" }), { a: { b: [1, "x"] }, c: [2], d: null, e: "s" });
        assert.equal(unwrapSecrets(w("v")), "v");
    });

    test("IP parsing follows Go's net.ParseIP", () => {
        const { parseIP, ipToString } = _internal;
        assert.equal(ipToString(parseIP("192.168.0.1")!), "192.168.0.1");
        assert.equal(parseIP("::ffff:10.1.2.3")!.length, 4, "IPv4-mapped addresses are written as 4 bytes");
        assert.equal(ipToString(parseIP("2001:db8::1")!), "2001:db8:0:0:0:0:0:1");
        for (const bad of ["10.0.0.01", "256.1.1.1", "1.2.3", "fe80::1%eth0", "1:2:3:4:5:6:7::8", "x"]) assert.equal(parseIP(bad), undefined, bad);
    });
});
