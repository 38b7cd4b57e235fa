// The end-to-end job's checks (scripts/e2e-check.ts), run here against a fake Envoy admin: a node:http server on
// 127.0.0.1 answering /clusters?format=json, /stats and /certs in the shapes Envoy's admin gives them
// (admin.v3.Clusters and admin.v3.Certificates as proto JSON: snake_case, uint64 as strings, false flags and the
// COUNTER metric type left out). Each failure the job must catch is shown to fail the check.
import assert from "node:assert/strict";
import { X509Certificate, webcrypto } from "node:crypto";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import "reflect-metadata"; // @peculiar/x509 needs it (tsyringe)
import * as x509 from "@peculiar/x509";
import { crdProblems, expectedCrds, glooProblems, main, proxyProblems, serialKey, UsageError, waitFor } from "../scripts/e2e-check";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const XDS = "gloo.gloo-system.svc.cluster.local:9977";
const SANS = ["gloo", "gloo.gloo-system", "gloo.gloo-system.svc", "gloo.gloo-system.svc.cluster.local"];

interface Pki {
    ca: X509Certificate;
    leaf: X509Certificate;
    other: X509Certificate;
}

async function pki(): Promise<Pki> {
    const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    const keys = () => webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]) as Promise<webcrypto.CryptoKeyPair>;
    const [caKeys, leafKeys] = await Promise.all([keys(), keys()]);
    const notBefore = new Date(Date.now() - 60_000);
    const notAfter = new Date(Date.now() + 30 * 86_400_000);
    const ca = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: "0a11", name: "CN=gloo-mtls-ca", notBefore, notAfter, keys: caKeys, signingAlgorithm: alg, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)] });
    const issue = (serialNumber: string, sans: string[]) =>
        x509.X509CertificateGenerator.create({
            // A leading zero nibble: Envoy prints the serial in lower case, Node in upper case.
            serialNumber,
            subject: "CN=gloo.gloo-system.svc",
            issuer: ca.subject,
            notBefore,
            notAfter,
            signingKey: caKeys.privateKey,
            publicKey: leafKeys.publicKey,
            signingAlgorithm: alg,
            extensions: [new x509.SubjectAlternativeNameExtension(sans.map((value) => ({ type: "dns" as const, value })))],
        });
    const [leaf, other] = await Promise.all([issue("0b2c3d4e", SANS), issue("7f00ee01", SANS)]);
    return { ca: new X509Certificate(ca.toString("pem")), leaf: new X509Certificate(leaf.toString("pem")), other: new X509Certificate(other.toString("pem")) };
}

/** What the fake admin shows; each test edits a copy. */
interface AdminState {
    health: Record<string, unknown>;
    cxActive: string;
    /** Stats of the xDS cluster's TLS context, absent without a TLS transport socket. */
    ssl?: Record<string, number>;
    /** Stats of gloo's sidecar listener (as gloo's admin shows them), by the listener's stat name. */
    listener?: { name: string; ssl: Record<string, number> };
    /** Leaf shown by /certs for the xDS clusters' contexts (undefined: no TLS context at all). */
    leaf?: X509Certificate;
    ca?: X509Certificate;
    hosts: number;
}

const detail = (c: X509Certificate) => ({
    path: "<inline>",
    serial_number: c.serialNumber.toLowerCase(),
    subject_alt_names: (c.subjectAltName ?? "").split(", ").filter((s) => s.startsWith("DNS:")).map((s) => ({ dns: s.slice(4) })),
    days_until_expiration: String(Math.floor((Date.parse(c.validTo) - Date.now()) / 86_400_000)),
    valid_from: new Date(c.validFrom).toISOString().replace(/\.000Z$/, "Z"),
    expiration_time: new Date(c.validTo).toISOString().replace(/\.000Z$/, "Z"),
});

const thresholds = (priority?: string) => ({ ...(priority ? { priority } : {}), max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3 });

/** A SimpleMetric as proto JSON: a zero value and the COUNTER type (0) are left out. */
const metric = (name: string, value: string, gauge = false) => ({ ...(gauge ? { type: "GAUGE" } : {}), name, ...(value === "0" ? {} : { value }) });

function host(address: string, port: number, s: AdminState) {
    return {
        address: { socket_address: { address, port_value: port } },
        stats: [
            metric("cx_connect_fail", "0"),
            metric("cx_total", "1"),
            metric("rq_error", "0"),
            metric("rq_success", "0"),
            metric("rq_timeout", "0"),
            metric("rq_total", "1"),
            metric("cx_active", s.cxActive, true),
            metric("rq_active", "1", true),
        ],
        health_status: s.health,
        weight: 1,
        hostname: address,
        locality: {},
    };
}

function clustersJson(s: AdminState) {
    const cluster = (name: string, observability: string, hosts: unknown[], addedViaApi = false) => ({
        name,
        observability_name: observability,
        circuit_breakers: { thresholds: [thresholds(), thresholds("HIGH")] },
        ...(addedViaApi ? { added_via_api: true } : {}),
        host_statuses: hosts,
    });
    const ips = Array.from({ length: s.hosts }, (_, i) => `10.96.0.${10 + i}`);
    return {
        cluster_statuses: [
            cluster("admin_port_cluster", "admin_port_cluster", [host("127.0.0.1", 19000, { ...s, health: { eds_health_status: "HEALTHY" }, cxActive: "1" })]),
            cluster(XDS, "xds_cluster", ips.map((ip) => host(ip, 9977, s))),
            cluster("rest_xds_cluster", "rest_xds_cluster", ips.map((ip) => host(ip, 9976, { ...s, cxActive: "0" }))),
            cluster("gateway_proxy_sds", "gateway_proxy_sds", [host("127.0.0.1", 8234, { ...s, health: { eds_health_status: "HEALTHY" }, cxActive: "1" })]),
            cluster("default-kubernetes-443_gloo-system", "default-kubernetes-443_gloo-system", [], true),
        ],
    };
}

function statsText(s: AdminState, filter: string | null): string {
    const all: [string, number][] = [
        ["cluster.xds_cluster.upstream_cx_active", Number(s.cxActive)],
        ["cluster.xds_cluster.upstream_cx_total", 1],
        ...Object.entries(s.ssl ?? {}).map(([k, v]): [string, number] => [`cluster.xds_cluster.ssl.${k}`, v]),
        ...Object.entries(s.listener?.ssl ?? {}).map(([k, v]): [string, number] => [`listener.${s.listener!.name}.ssl.${k}`, v]),
        ["listener.0.0.0.0_8081.downstream_cx_total", 3],
        ["server.live", 1],
    ];
    const re = filter ? new RegExp(filter) : undefined;
    return all
        .filter(([k]) => !re || re.test(k))
        .sort()
        .map(([k, v]) => `${k}: ${v}\n`)
        .join("");
}

function certsJson(s: AdminState) {
    // One context per TLS cluster (xds and rest xds), as SDS delivers them: inline certificates.
    const ctx = s.leaf ? [{ ca_cert: s.ca ? [detail(s.ca)] : [], cert_chain: [detail(s.leaf)] }] : [];
    return { certificates: [...ctx, ...ctx] };
}

/** A fake Envoy admin on 127.0.0.1 serving `state()`; pretty-printed like Envoy's. */
async function fakeAdmin(state: () => AdminState): Promise<{ url: string; close: () => Promise<void>; requests: string[] }> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const u = new URL(req.url!, "http://x");
        requests.push(u.pathname + u.search);
        const s = state();
        const json = (v: unknown) => (res.setHeader("content-type", "application/json"), res.end(JSON.stringify(v, null, 1)));
        if (u.pathname === "/clusters" && u.searchParams.get("format") === "json") json(clustersJson(s));
        else if (u.pathname === "/certs") json(certsJson(s));
        else if (u.pathname === "/stats") res.setHeader("content-type", "text/plain; charset=UTF-8").end(statsText(s, u.searchParams.get("filter")));
        else res.writeHead(404).end("invalid path. admin commands are:\n");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("end-to-end check of a running gateway-proxy (scripts/e2e-check.ts) against a fake Envoy admin", () => {
    let p: Pki;
    let admin: Awaited<ReturnType<typeof fakeAdmin>>;
    let state: AdminState;
    const good = (): AdminState => ({ health: { eds_health_status: "HEALTHY" }, cxActive: "1", ssl: { handshake: 1, connection_error: 0, fail_verify_error: 0 }, leaf: p.leaf, ca: p.ca, hosts: 1 });
    const check = (edit: (s: AdminState) => void = () => {}) => {
        state = good();
        edit(state);
        return proxyProblems(admin.url, p.leaf, p.ca);
    };

    before(async () => {
        p = await pki();
        admin = await fakeAdmin(() => state);
    });
    after(() => admin.close());

    it("holds for a healthy proxy connected to gloo over TLS with the leaf of gloo-mtls-certs, asking Envoy's real endpoints", async () => {
        assert.deepEqual(await check(), []);
        assert.deepEqual(admin.requests.slice(-3).sort(), ["/certs", "/clusters?format=json", "/stats?filter=%5Ecluster%5C.xds_cluster%5C.ssl%5C."]);
        assert.deepEqual(await check((s) => (s.hosts = 2)), [], "every host of a multi-address Service");
    });

    it("fails when gloo's xDS cluster is unhealthy or not connected", async () => {
        const at = `/clusters: ${XDS} host 10.96.0.10:9977`;
        assert.deepEqual(await check((s) => (s.health = { eds_health_status: "UNHEALTHY" })), [`${at}: eds_health_status UNHEALTHY, want HEALTHY`]);
        assert.deepEqual(await check((s) => (s.health = { eds_health_status: "HEALTHY", failed_outlier_check: true })), [`${at}: health flags failed_outlier_check`]);
        assert.deepEqual(await check((s) => (s.cxActive = "0")), [`${at}: cx_active 0, want at least 1 (no connection to gloo)`]);
        assert.deepEqual(await check((s) => (s.hosts = 0)), [`/clusters: ${XDS} has no host (gloo's Service did not resolve)`]);
    });

    it("fails when the xDS connection is not TLS", async () => {
        assert.deepEqual(await check((s) => ((s.ssl = undefined), (s.leaf = undefined))), [
            "/stats: no cluster.xds_cluster.ssl.handshake (the xDS cluster has no TLS transport socket)",
            `/certs: no certificate chain with the leaf of gloo-mtls-certs (serial ${serialKey(p.leaf.serialNumber)}); chains seen: none`,
        ]);
        assert.deepEqual(await check((s) => (s.ssl = { handshake: 0, connection_error: 4 })), [
            "/stats: cluster.xds_cluster.ssl.handshake is 0, want at least 1 (no TLS handshake with gloo)",
            "/stats: cluster.xds_cluster.ssl.connection_error: 4",
        ]);
    });

    it("fails when the proxy presents another certificate or trusts another CA", async () => {
        assert.deepEqual(await check((s) => (s.leaf = p.other)), [`/certs: no certificate chain with the leaf of gloo-mtls-certs (serial b2c3d4e); chains seen: 7f00ee01, 7f00ee01`]);
        assert.deepEqual(await check((s) => (s.ca = p.other)), ["/certs: the context presenting the leaf does not trust the CA of gloo-mtls-certs (serial a11)"]);
        assert.deepEqual(await proxyProblems(admin.url, p.leaf), (state = good(), []), "without --ca only the leaf is checked");
    });

    it("fails on an unreachable admin, and retries until the proxy is ready", async () => {
        const closed = await fakeAdmin(good);
        await closed.close();
        const [problem] = await proxyProblems(closed.url, p.leaf, p.ca);
        assert.match(problem, new RegExp(`^${closed.url}: fetch failed`));
        // Not ready at the first look (as right after the pods start), ready at the second.
        let looks = 0;
        const later = await fakeAdmin(() => ({ ...good(), cxActive: looks++ === 0 ? "0" : "1" }));
        try {
            assert.deepEqual(await waitFor(() => proxyProblems(later.url, p.leaf, p.ca), 60_000, 1), []);
            assert.ok(looks >= 2);
            assert.equal((await waitFor(() => proxyProblems(later.url, p.other, p.ca), 0, 1)).length, 1, "a zero timeout looks once");
        } finally {
            await later.close();
        }
    });
});

describe("end-to-end check of gloo's envoy-sidecar (the server side) against a fake Envoy admin", () => {
    let p: Pki;
    let admin: Awaited<ReturnType<typeof fakeAdmin>>;
    let state: AdminState;
    const good = (): AdminState => ({ health: {}, cxActive: "0", listener: { name: "0.0.0.0_9977", ssl: { handshake: 2, no_certificate: 0 } }, leaf: p.leaf, ca: p.ca, hosts: 1 });
    const check = (edit: (s: AdminState) => void = () => {}) => {
        state = good();
        edit(state);
        return glooProblems(admin.url, p.leaf, p.ca);
    };
    before(async () => {
        p = await pki();
        admin = await fakeAdmin(() => state);
    });
    after(() => admin.close());

    it("holds when it serves the leaf and proxies completed TLS handshakes on 9977, whatever address it binds", async () => {
        assert.deepEqual(await check(), []);
        assert.deepEqual(admin.requests.slice(-2).sort(), ["/certs", "/stats?filter=%5Elistener%5C..*_9977%5C.ssl%5C."]);
        assert.deepEqual(await check((s) => (s.listener!.name = "[__]_9977")), [], "an IPv6 wildcard listener");
    });
    it("fails without a TLS listener, without a handshake, or with another leaf", async () => {
        assert.deepEqual(await check((s) => (s.listener = undefined)), ["/stats: no listener.<address>_9977.ssl.handshake (gloo's sidecar has no TLS listener on 9977)"]);
        assert.deepEqual(await check((s) => (s.listener!.ssl.handshake = 0)), ["/stats: no TLS handshake on gloo's sidecar listener 9977 (no proxy connected over TLS)"]);
        assert.deepEqual(await check((s) => (s.listener!.name = "0.0.0.0_9976")), ["/stats: no listener.<address>_9977.ssl.handshake (gloo's sidecar has no TLS listener on 9977)"]);
        assert.equal((await check((s) => (s.leaf = p.other))).length, 1);
    });
});

describe("end-to-end check that Gloo's CRDs survive pulumi destroy", () => {
    const expected = expectedCrds(path.resolve(__dirname, "..", "crds", "gloo-crds.json"));
    const listed = (names: string[]) => names.map((n) => `customresourcedefinition.apiextensions.k8s.io/${n}\n`).join("");

    it("expects all 15 CRDs of the package", () => {
        assert.equal(expected.length, 15);
        assert.ok(expected.includes("virtualservices.gateway.solo.io") && expected.includes("upstreams.gloo.solo.io"));
    });
    it("holds when they are all listed among others, fails naming each one deleted", () => {
        assert.deepEqual(crdProblems(expected, listed(["addons.k3s.cattle.io", ...expected])), []);
        assert.deepEqual(crdProblems(expected, listed(expected.filter((n) => n !== "upstreams.gloo.solo.io"))), ["CRDs deleted: upstreams.gloo.solo.io (they must survive pulumi destroy: retainOnDelete)"]);
        assert.equal(crdProblems(expected, "").length, 1);
    });
    it("command line: crds reads kubectl's list from stdin; bad commands are usage errors", async () => {
        assert.deepEqual(await main(["crds"], () => listed(expected)), []);
        assert.equal((await main(["crds"], () => listed(expected.slice(1)))).length, 1);
        await assert.rejects(main(["proxy", "--admin", "http://127.0.0.1:1"], () => ""), UsageError);
        await assert.rejects(main(["proxy", "--admin", "x", "--leaf", "y", "--timeout", "-1"], () => ""), UsageError);
        await assert.rejects(main(["deploy"], () => ""), UsageError);
        await assert.rejects(main(["proxy", "--admin", "http://127.0.0.1:1", "--leaf", __filename], () => ""), /e2e-check\.test\.ts: not a PEM certificate/);
    });
});
