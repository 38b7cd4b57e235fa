// The SAN check of every xDS client (gateway proxies and the enterprise forwarders) accepts gloo's certificate
// from every issuer, and nothing else: a certificate shaped exactly like certgen's (facts §1.5: DNS SANs gloo,
// gloo.<ns>, gloo.<ns>.svc, gloo.<ns>.svc.<the cluster domain certgen read in its pod>), here with a cluster
// domain other than k8s.clusterName, is accepted through gloo.<ns>.svc; a certificate of another Service (or
// of gloo in another namespace) from the same CA is refused. Real handshakes; client parameters read from the
// rendered bootstraps.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { RealCryptoMocks, unwrapSecrets } from "../render/mocks";
import { Checked, runChecked } from "./harness";
import { DerivedClient, clientFromUpstreamTls, clusterTransportSocket, handshake, listenerTransportSocket, serverFromDownstreamTls } from "./tls-peers";

interface Leaf {
    cert: string;
    key: string;
}

/** A CA and leaves from it, made as @pulumi/tls would (the mocks' real implementation), RSA 2048 like certgen. */
async function certgenLikeCa(): Promise<{ ca: string; leaf: (commonName: string, dnsNames: string[]) => Promise<Leaf> }> {
    const mocks = new RealCryptoMocks();
    const make = async (type: string, name: string, inputs: Record<string, unknown>) => unwrapSecrets((await mocks.newResource({ type, name, inputs, custom: true })).state);
    const caKey = await make("tls:index/privateKey:PrivateKey", "ca", { algorithm: "RSA", rsaBits: 2048 });
    const ca = await make("tls:index/selfSignedCert:SelfSignedCert", "ca", {
        privateKeyPem: caKey.privateKeyPem,
        subject: { commonName: "supergloo-webhook-cert-ca" },
        isCaCertificate: true,
        allowedUses: ["cert_signing", "digital_signature", "key_encipherment"],
        validityPeriodHours: 24,
        setSubjectKeyId: true,
    });
    // One key for every leaf: what the SAN check looks at is the certificate's names, and each RSA key costs
    // ~150 ms of CPU (the test runner's mocks keep one per name: "leaf" is mocks.test.ts's too).
    const key = await make("tls:index/privateKey:PrivateKey", "leaf", { algorithm: "RSA", rsaBits: 2048 });
    let n = 0;
    return {
        ca: ca.certPem,
        async leaf(commonName, dnsNames) {
            const csr = await make("tls:index/certRequest:CertRequest", `leaf-${n}`, { privateKeyPem: key.privateKeyPem, subject: { commonName, organization: "solo.io" }, dnsNames });
            const cert = await make("tls:index/locallySignedCert:LocallySignedCert", `leaf-${n}`, {
                certRequestPem: csr.certRequestPem,
                caPrivateKeyPem: caKey.privateKeyPem,
                caCertPem: ca.certPem,
                allowedUses: ["key_encipherment", "digital_signature", "server_auth", "client_auth"],
                validityPeriodHours: 24,
            });
            return { cert: cert.certPem, key: key.privateKeyPem };
        },
    };
}

const NS = "gloo-system";
const certgenSans = (ns: string, domain: string) => ["gloo", `gloo.${ns}`, `gloo.${ns}.svc`, `gloo.${ns}.svc.${domain}`];

describe("the xDS SAN check holds for every issuer", { timeout: 60_000 }, () => {
    let r: Checked;
    let ca: string;
    let certgen: Leaf;
    let otherDomain: Leaf;
    let otherService: Leaf;
    let otherNamespace: Leaf;
    const clients: [string, DerivedClient][] = [];

    before(async () => {
        r = await runChecked({
            config: { enterprise: { enabled: true, licenseKey: "test-license-not-real" }, global: { extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } } },
            secretKeys: ["enterprise"],
        });
        const issuer = await certgenLikeCa();
        ca = issuer.ca;
        // certgen's list exactly, with the domain it read in its own pod ("cluster.local" in k8s.clusterName here).
        certgen = await issuer.leaf(`gloo.${NS}.svc`, certgenSans(NS, "cluster.local"));
        otherDomain = await issuer.leaf(`gloo.${NS}.svc`, certgenSans(NS, "corp.internal"));
        otherService = await issuer.leaf(`evil.${NS}.svc`, ["evil", `evil.${NS}`, `evil.${NS}.svc`, `evil.${NS}.svc.cluster.local`]);
        otherNamespace = await issuer.leaf("gloo.other.svc", certgenSans("other", "cluster.local"));
        for (const cm of ["gateway-proxy-envoy-config/envoy.yaml", "extauth-sidecar-config/envoy-sidecar.yaml", "rate-limit-sidecar-config/envoy-sidecar.yaml"]) {
            const b = r.envoy.get(cm);
            clients.push([cm.split("/")[0], clientFromUpstreamTls(clusterTransportSocket(b, "gloo.gloo-system.svc.cluster.local:9977").transportSocket)]);
        }
    });

    function serve(leaf: Leaf) {
        const sidecar = listenerTransportSocket(r.envoy.get("envoy-sidecar-config/envoy-sidecar.yaml"), "envoy_xds_mtls_listener");
        return { key: leaf.key, cert: leaf.cert, ca, ...serverFromDownstreamTls(sidecar.transportSocket) };
    }
    // Every xDS client presents the same leaf as gloo (certgen issues one for both sides).
    const dial = (client: DerivedClient, server: Leaf, presented: Leaf = server) =>
        handshake({ server: serve(server), client: { ca, cert: presented.cert, key: presented.key, ...client } });

    it("every xDS client sends gloo's FQDN and accepts it or gloo.<ns>.svc, nothing else", () => {
        assert.equal(clients.length, 3);
        for (const [who, c] of clients) {
            assert.equal(c.servername, `gloo.${NS}.svc.cluster.local`, who);
            assert.deepEqual(c.verifyName, [`gloo.${NS}.svc.cluster.local`, `gloo.${NS}.svc`], who);
        }
    });

    it("accepts certgen's certificate for this cluster domain", async () => {
        for (const [who, c] of clients) {
            const res = await dial(c, certgen);
            assert.equal(res.error, undefined, who);
        }
    });

    it("accepts certgen's certificate written with another cluster domain (through gloo.<ns>.svc)", async () => {
        for (const [who, c] of clients) {
            const res = await dial(c, otherDomain);
            assert.equal(res.error, undefined, who);
            assert.ok(res.ok, who);
        }
    });

    it("refuses a certificate of another Service, and of gloo in another namespace, from the same CA", async () => {
        for (const [who, c] of clients) {
            for (const wrong of [otherService, otherNamespace]) {
                const res = await dial(c, wrong, certgen);
                assert.equal(res.ok, false, who);
                assert.match(res.clientError ?? "", /altnames/, who);
            }
        }
    });

    it("negative control: with only the FQDN matcher (one name), the other cluster domain would be refused", async () => {
        const [, c] = clients[0];
        const res = await dial({ ...c, verifyName: `gloo.${NS}.svc.cluster.local` }, otherDomain);
        assert.equal(res.ok, false);
        assert.match(res.clientError ?? "", /altnames/);
    });
});
