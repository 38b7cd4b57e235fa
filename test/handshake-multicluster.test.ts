// Real mutual-TLS handshakes (node:tls) for a proxy fleet in another cluster, with the material of the Secrets the
// program put in each cluster and the addresses, SNI and SANs read from the rendered bootstraps: the fleet reaches
// gloo's sidecar through the external name; its leaf cannot serve as gloo; a leaf of the same CA with an identity
// the install did not make, or a leaf of another CA, is refused by gloo's sidecar; in-cluster proxies keep
// connecting with gloo's leaf (the Enterprise servers' forwarders: test/multicluster.test.ts).
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { before, describe, test } from "node:test";
import { readStackFile } from "../render/cli";
import { newMockState } from "../render/mocks";
import { Manifest, RunResult, manifests, runProgram } from "../render/program";
import { envoyConfigs } from "./harness";
import { ADDRESS, FLEET_ID, NS } from "./multicluster-fixtures";
import {
    ClientSide,
    DerivedClient,
    DerivedServer,
    ServerSide,
    TlsMaterial,
    clientFromUpstreamTls,
    clusterTransportSocket,
    dnsSans,
    handshake,
    listenerTransportSocket,
    secretMaterial,
    serverFromDownstreamTls,
} from "./tls-peers";
import { placedObjects } from "./validate/clusters";

const SIDECAR = "envoy-sidecar-config/envoy-sidecar.yaml";
const FLEET = "edge-eu-envoy-config/envoy.yaml";
const ADS = `gloo.${NS}.svc.cluster.local:9977`;

/** The Secret `name` of `cluster` (undefined: gloo's own). */
function secretIn(r: RunResult, name: string, cluster: string | undefined): TlsMaterial {
    const o = placedObjects(r.resources).find((x) => x.cluster === cluster && x.manifest.kind === "Secret" && x.manifest.metadata.name === name);
    assert.ok(o, `Secret ${name} in ${cluster ?? "gloo's cluster"}`);
    return secretMaterial(o.manifest as Manifest);
}
type Run = RunResult & { objects: Manifest[]; envoy: Map<string, any> };
const withEnvoy = (r: RunResult): Run => {
    const objects = manifests(r.resources);
    return { ...r, objects, envoy: envoyConfigs(objects) };
};
const serverSide = (m: TlsMaterial, d: DerivedServer): ServerSide => ({ key: m.key, cert: m.cert, ca: m.ca, ...d });
const clientSide = (trust: TlsMaterial, d: DerivedClient, who?: TlsMaterial): ClientSide => ({ ca: trust.ca, ...(who ? { cert: who.cert, key: who.key } : {}), ...d });

const { config: STACK, secretKeys } = readStackFile("multicluster");
/** Another installation's fleet under the same CA: the stack with its fleet renamed, on the same state. */
const OTHER = { ...STACK, "gloo-mtls:gatewayProxies": { gatewayProxy: {}, otherEu: { cluster: "eu" } } };

describe("a fleet in another cluster and gloo's sidecar", { timeout: 30_000 }, () => {
    const state = newMockState();
    let install: Run;
    let other: Run;
    let rogue: RunResult;
    let gloo: TlsMaterial;
    let fleet: TlsMaterial;
    let sidecar: DerivedServer;
    let fleetClient: DerivedClient & { host: string; port: number };
    before(async () => {
        // Unchecked runs (the stack passes the harness in test/multicluster.test.ts): only their material is read here.
        install = withEnvoy(await runProgram({ config: STACK, secretKeys, stack: "multicluster", state }));
        other = withEnvoy(await runProgram({ config: OTHER, secretKeys, stack: "multicluster", state }));
        rogue = await runProgram({ config: STACK, secretKeys, stack: "multicluster", state: newMockState() });
        gloo = secretIn(install, "gloo-mtls-certs", undefined);
        fleet = secretIn(install, "edge-eu-mtls-certs", "eu");
        sidecar = serverFromDownstreamTls(listenerTransportSocket(install.envoy.get(SIDECAR), "envoy_xds_mtls_listener").transportSocket);
        const c = clusterTransportSocket(install.envoy.get(FLEET), ADS);
        fleetClient = { ...clientFromUpstreamTls(c.transportSocket), host: c.host, port: c.port };
    });

    test("the fleet reaches gloo's sidecar through the external name: its Service, port and certificate line up", async () => {
        const svc = install.objects.find((m) => m.kind === "Service" && m.metadata.name === "gloo-xds-external")!;
        assert.equal(fleetClient.host, ADDRESS);
        assert.equal(fleetClient.port, svc.spec.ports[0].port, "the fleet dials the external Service's port");
        assert.equal(svc.spec.ports[0].targetPort, listenerTransportSocket(install.envoy.get(SIDECAR), "envoy_xds_mtls_listener").port, "which lands on the sidecar's TLS listener");
        assert.ok(dnsSans(new crypto.X509Certificate(gloo.cert)).includes(ADDRESS), "gloo's certificate carries the external name");
        const { host: _h, port: _p, ...client } = fleetClient;
        const r = await handshake({ server: serverSide(gloo, sidecar), client: clientSide(fleet, client, fleet) });
        assert.equal(r.error, undefined);
        assert.ok(r.ok);
        assert.match(r.peerSubject ?? "", /CN=gloo-mtls fleet edge-eu in eu/, "the sidecar sees the fleet's own identity, not gloo's");
        // The REST xDS pair too.
        const rest = clusterTransportSocket(install.envoy.get(FLEET), "rest_xds_cluster");
        const r2 = await handshake({ server: serverSide(gloo, sidecar), client: clientSide(fleet, clientFromUpstreamTls(rest.transportSocket), fleet) });
        assert.equal(r2.error, undefined);
    });

    test("in-cluster proxies keep connecting with gloo's leaf", async () => {
        const c = clusterTransportSocket(install.envoy.get("gateway-proxy-envoy-config/envoy.yaml"), ADS);
        const r = await handshake({ server: serverSide(gloo, sidecar), client: clientSide(gloo, clientFromUpstreamTls(c.transportSocket), gloo) });
        assert.equal(r.error, undefined);
    });

    test("a fleet's leaf offered as a server is refused by every proxy: client-only, and no name of gloo's", async () => {
        const asServer = serverSide(fleet, sidecar);
        const inner = clientFromUpstreamTls(clusterTransportSocket(install.envoy.get("gateway-proxy-envoy-config/envoy.yaml"), ADS).transportSocket);
        const { host: _h, port: _p, ...remote } = fleetClient;
        for (const [who, client] of [
            ["another fleet", clientSide(fleet, remote, fleet)],
            ["an in-cluster proxy", clientSide(gloo, inner, gloo)],
        ] as const) {
            const r = await handshake({ server: asServer, client });
            assert.equal(r.ok, false, who);
            assert.match(r.clientError ?? "", /unsuitable certificate purpose/, who);
        }
        // Without any name check the purpose (clientAuth only) still refuses it...
        const unnamed = await handshake({ server: asServer, client: clientSide(fleet, { ...remote, verifyName: false }, fleet) });
        assert.equal(unnamed.ok, false);
        assert.match(unnamed.clientError ?? "", /unsuitable certificate purpose/);
        // ...and without the purpose check, no name a proxy checks is on it (no DNS SAN; a common name with spaces).
        const leaf = new crypto.X509Certificate(fleet.cert);
        for (const name of [ADDRESS, `gloo.${NS}.svc`, `gloo.${NS}.svc.cluster.local`, "gloo"]) {
            assert.equal(leaf.checkHost(name), undefined, name);
            assert.equal(leaf.checkHost(name, { subject: "always" }), undefined, name);
        }
        // Negative control: gloo's leaf, offered the same way, is accepted by the fleet.
        assert.ok((await handshake({ server: serverSide(gloo, sidecar), client: clientSide(fleet, remote, fleet) })).ok);
    });

    test("a leaf of the same CA with an identity the install did not make is refused by gloo's sidecar", async () => {
        const impostor = secretIn(other, "other-eu-mtls-certs", "eu");
        assert.equal(impostor.ca, gloo.ca, "the same CA (the same state)");
        assert.equal(new crypto.X509Certificate(impostor.cert).issuer, new crypto.X509Certificate(fleet.cert).issuer);
        const { host: _h, port: _p, ...client } = fleetClient;
        const r = await handshake({ server: serverSide(gloo, sidecar), client: clientSide(fleet, client, impostor) });
        assert.equal(r.ok, false);
        assert.match(r.serverError ?? "", /client certificate refused: no SAN matches .*spiffe:\/\/gloo-mtls\/gloo-system\/eu\/other-eu/);
        // Negative control: without the SAN matchers (the chart's sidecar) the chain alone lets it in.
        const { clientSans: _s, ...chainOnly } = sidecar;
        assert.ok((await handshake({ server: serverSide(gloo, chainOnly), client: clientSide(fleet, client, impostor) })).ok);
        assert.deepEqual(sidecar.clientSans, [
            { type: "DNS", value: `gloo.${NS}.svc` },
            { type: "URI", value: FLEET_ID },
        ]);
    });

    test("a leaf of another CA is refused, and a fleet trusting another CA refuses gloo", async () => {
        const foreign = secretIn(rogue, "edge-eu-mtls-certs", "eu");
        assert.notEqual(foreign.ca, gloo.ca);
        const { host: _h, port: _p, ...client } = fleetClient;
        const r = await handshake({ server: serverSide(gloo, sidecar), client: clientSide(fleet, client, foreign) });
        assert.equal(r.ok, false);
        assert.match(r.serverError ?? "", /client certificate refused: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_SIGNATURE_FAILURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/);
        const r2 = await handshake({ server: serverSide(gloo, sidecar), client: clientSide(foreign, client, fleet) });
        assert.equal(r2.ok, false);
        assert.match(r2.clientError ?? "", /signature|unable to (get|verify)|self[- ]signed/i);
    });
});
