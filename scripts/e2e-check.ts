// `npm run e2e-check -- <command> …`: the checks of the end-to-end job (.github/workflows/e2e.yml) on a real
// cluster, kept here so that `npm test` (test/e2e-check.test.ts) can run them against a fake Envoy admin.
//
//   proxy --admin URL --leaf FILE [--ca FILE] [--timeout SECONDS]
//       The gateway-proxy's Envoy admin (port-forwarded): gloo's xDS cluster (alt_stat_name xds_cluster) has
//       every host healthy and connected (/clusters?format=json), over TLS (/stats: ssl.handshake > 0), and
//       /certs shows the leaf of gloo-mtls-certs (FILE, PEM) as its certificate chain and, with --ca (the first
//       certificate of FILE: ca.crt holds one CA outside a staged rotation), that CA among the trusted ones. Retried until it holds or --timeout (default 120) has passed.
//   gloo --admin URL --leaf FILE [--ca FILE] [--timeout SECONDS]
//       gloo's envoy-sidecar admin (port-forwarded): /certs shows the same leaf (and CA), and its xDS listener on
//       9977 completed TLS handshakes (/stats: listener.<address>_9977.ssl.handshake > 0). Retried likewise.
//   crds [--expect FILE]
//       stdin is `kubectl get crd -o name`: every CRD of FILE (default crds/gloo-crds.json) is still there.
//
// Exit status: 0 the check holds; 1 it does not (each problem on its own line); 2 bad command line.
import * as fs from "node:fs";
import * as path from "node:path";
import { X509Certificate } from "node:crypto";

/** The observability name (alt_stat_name) of the proxies' xDS cluster, as in the chart's bootstrap. */
export const XDS_STAT_NAME = "xds_cluster";

type Obj = Record<string, any>;

/** `/clusters?format=json` (admin.v3.Clusters): problems of the cluster whose name or observability_name is `name`. */
export function clusterProblems(clusters: Obj, name: string = XDS_STAT_NAME): string[] {
    const all: Obj[] = Array.isArray(clusters?.cluster_statuses) ? clusters.cluster_statuses : [];
    const c = all.find((s) => s.observability_name === name || s.name === name);
    if (!c) return [`/clusters: no cluster named ${name} (clusters: ${all.map((s) => s.name).join(", ") || "none"})`];
    const hosts: Obj[] = Array.isArray(c.host_statuses) ? c.host_statuses : [];
    if (hosts.length === 0) return [`/clusters: ${c.name} has no host (gloo's Service did not resolve)`];
    return hosts.flatMap((h) => {
        const sa = h.address?.socket_address ?? {};
        const where = `/clusters: ${c.name} host ${sa.address}:${sa.port_value}`;
        const health: Obj = h.health_status ?? {};
        // Proto JSON leaves false flags out; eds_health_status is set for every host, HEALTHY unless EDS said otherwise.
        const failed = Object.entries(health).filter(([k, v]) => k !== "eds_health_status" && v === true).map(([k]) => k);
        const p: string[] = [];
        if (health.eds_health_status !== "HEALTHY") p.push(`${where}: eds_health_status ${health.eds_health_status ?? "missing"}, want HEALTHY`);
        if (failed.length > 0) p.push(`${where}: health flags ${failed.join(", ")}`);
        // uint64 stats are strings in proto JSON, left out when 0; the ADS stream holds a connection open while it is up.
        const active = Number((h.stats ?? []).find((s: Obj) => s.name === "cx_active")?.value ?? 0);
        if (!(active >= 1)) p.push(`${where}: cx_active ${active}, want at least 1 (no connection to gloo)`);
        return p;
    });
}

/**
 * `/stats` text of gloo's sidecar: the TLS handshakes of its listener on `port` (stats named by the listener's
 * address, `listener.<address>_<port>.ssl.…`, present only with a TLS transport socket).
 */
export function listenerTlsProblems(statsText: string, port: number): string[] {
    const re = new RegExp(`^listener\\.(.+)_${port}\\.ssl\\.handshake: (\\d+)$`);
    const found = statsText.split("\n").flatMap((l) => {
        const m = re.exec(l.trim());
        return m ? [m] : [];
    });
    if (found.length === 0) return [`/stats: no listener.<address>_${port}.ssl.handshake (gloo's sidecar has no TLS listener on ${port})`];
    const n = found.reduce((sum, m) => sum + Number(m[2]), 0);
    return n >= 1 ? [] : [`/stats: no TLS handshake on gloo's sidecar listener ${port} (no proxy connected over TLS)`];
}

/** `/stats` text (`name: value` lines): the cluster's TLS handshakes, which exist only with a TLS transport socket. */
export function tlsProblems(statsText: string, statName: string = XDS_STAT_NAME): string[] {
    const key = `cluster.${statName}.ssl.handshake`;
    const line = statsText.split("\n").find((l) => l.startsWith(`${key}: `));
    if (!line) return [`/stats: no ${key} (the xDS cluster has no TLS transport socket)`];
    const n = Number(line.slice(key.length + 2).trim());
    const p = n >= 1 ? [] : [`/stats: ${key} is ${n}, want at least 1 (no TLS handshake with gloo)`];
    const errors = statsText.split("\n").find((l) => l.startsWith(`cluster.${statName}.ssl.connection_error: `));
    if (p.length > 0 && errors) p.push(`/stats: ${errors.trim()}`);
    return p;
}

/** The serial number as hex without leading zeros, lower case: Envoy and Node print it with different padding and case. */
export const serialKey = (serial: string) => serial.toLowerCase().replace(/^0+(?=.)/, "");

const dnsNames = (c: X509Certificate): string[] =>
    (c.subjectAltName ?? "")
        .split(", ")
        .filter((s) => s.startsWith("DNS:"))
        .map((s) => s.slice(4))
        .sort();

/** `/certs` (admin.v3.Certificates): problems unless a TLS context presents `leaf` (and trusts `ca` when given). */
export function certProblems(certs: Obj, leaf: X509Certificate, ca?: X509Certificate): string[] {
    const all: Obj[] = Array.isArray(certs?.certificates) ? certs.certificates : [];
    const serial = serialKey(leaf.serialNumber);
    const presenting = all.filter((c) => (c.cert_chain ?? []).some((d: Obj) => serialKey(String(d.serial_number ?? "")) === serial));
    if (presenting.length === 0) {
        const seen = all.flatMap((c) => (c.cert_chain ?? []).map((d: Obj) => d.serial_number));
        return [`/certs: no certificate chain with the leaf of gloo-mtls-certs (serial ${serial}); chains seen: ${seen.join(", ") || "none"}`];
    }
    const p: string[] = [];
    const want = dnsNames(leaf);
    for (const c of presenting) {
        const d = c.cert_chain.find((x: Obj) => serialKey(String(x.serial_number)) === serial);
        const got = (d.subject_alt_names ?? []).flatMap((s: Obj) => (s.dns ? [s.dns] : [])).sort();
        if (JSON.stringify(got) !== JSON.stringify(want)) p.push(`/certs: the leaf's DNS SANs are ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
        if (Number(d.days_until_expiration) <= 0) p.push(`/certs: the leaf expires in ${d.days_until_expiration} days`);
    }
    if (ca) {
        const caSerial = serialKey(ca.serialNumber);
        if (!presenting.some((c) => (c.ca_cert ?? []).some((d: Obj) => serialKey(String(d.serial_number ?? "")) === caSerial))) {
            p.push(`/certs: the context presenting the leaf does not trust the CA of gloo-mtls-certs (serial ${caSerial})`);
        }
    }
    return p;
}

/** Every CRD of `expected` is listed in `kubectlNames` (`kubectl get crd -o name`: customresourcedefinition.apiextensions.k8s.io/<name>). */
export function crdProblems(expected: string[], kubectlNames: string): string[] {
    const present = new Set(kubectlNames.split("\n").map((l) => l.trim().replace(/^customresourcedefinition(\.apiextensions\.k8s\.io)?\//, "")));
    const missing = expected.filter((n) => !present.has(n));
    return missing.length === 0 ? [] : [`CRDs deleted: ${missing.join(", ")} (they must survive pulumi destroy: retainOnDelete)`];
}

/** The CRD names of the package's compact CRD file. */
export function expectedCrds(file: string): string[] {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { items: { metadata: { name: string } }[] }).items.map((c) => c.metadata.name);
}

async function get(admin: string, p: string): Promise<string> {
    const res = await fetch(new URL(p, admin), { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
    return res.text();
}

/** One pass of the proxy check against an Envoy admin at `admin`. */
export async function proxyProblems(admin: string, leaf: X509Certificate, ca?: X509Certificate): Promise<string[]> {
    try {
        const [clusters, stats, certs] = await Promise.all([get(admin, "/clusters?format=json"), get(admin, `/stats?filter=${encodeURIComponent(`^cluster\\.${XDS_STAT_NAME}\\.ssl\\.`)}`), get(admin, "/certs")]);
        return [...clusterProblems(JSON.parse(clusters)), ...tlsProblems(stats), ...certProblems(JSON.parse(certs), leaf, ca)];
    } catch (e) {
        return [`${admin}: ${(e as Error).message}`];
    }
}

/** One pass of the check of gloo's sidecar admin: it serves the leaf, and proxies completed TLS handshakes with it on `port`. */
export async function glooProblems(admin: string, leaf: X509Certificate, ca?: X509Certificate, port = 9977): Promise<string[]> {
    try {
        const [stats, certs] = await Promise.all([get(admin, `/stats?filter=${encodeURIComponent(`^listener\\..*_${port}\\.ssl\\.`)}`), get(admin, "/certs")]);
        return [...listenerTlsProblems(stats, port), ...certProblems(JSON.parse(certs), leaf, ca)];
    } catch (e) {
        return [`${admin}: ${(e as Error).message}`];
    }
}

/** `look`, repeated every `intervalMs` until it finds no problem or `timeoutMs` has passed: the last problems. */
export async function waitFor(look: () => Promise<string[]>, timeoutMs: number, intervalMs = 5_000): Promise<string[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
        const p = await look();
        if (p.length === 0 || Date.now() + intervalMs > end) return p;
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

export class UsageError extends Error {}

/** Options of `name value` pairs; throws UsageError on anything else. */
function options(argv: string[], allowed: string[]): Record<string, string> {
    const o: Record<string, string> = {};
    for (let i = 0; i < argv.length; i += 2) {
        const [k, v] = [argv[i], argv[i + 1]];
        if (!allowed.includes(k) || v === undefined) throw new UsageError(`unexpected ${JSON.stringify(k)}; options: ${allowed.join(" ")} (each with a value)`);
        o[k] = v;
    }
    return o;
}

/** The command line run: the problems (empty: it holds). */
export async function main(argv: string[], stdin: () => string): Promise<string[]> {
    const [cmd, ...rest] = argv;
    if (cmd === "proxy" || cmd === "gloo") {
        const o = options(rest, ["--admin", "--leaf", "--ca", "--timeout"]);
        if (!o["--admin"] || !o["--leaf"]) throw new UsageError(`${cmd} needs --admin URL and --leaf FILE`);
        const timeout = Number(o["--timeout"] ?? 120);
        if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError(`--timeout ${o["--timeout"]}: want seconds`);
        const cert = (f: string) => {
            try {
                return new X509Certificate(fs.readFileSync(f));
            } catch (e) {
                throw new Error(`${f}: not a PEM certificate (${(e as Error).message})`);
            }
        };
        const [leaf, ca] = [cert(o["--leaf"]), o["--ca"] ? cert(o["--ca"]) : undefined];
        return waitFor(() => (cmd === "proxy" ? proxyProblems(o["--admin"], leaf, ca) : glooProblems(o["--admin"], leaf, ca)), timeout * 1000);
    }
    if (cmd === "crds") {
        const o = options(rest, ["--expect"]);
        return crdProblems(expectedCrds(o["--expect"] ?? path.resolve(__dirname, "..", "crds", "gloo-crds.json")), stdin());
    }
    throw new UsageError(`unknown command ${JSON.stringify(cmd ?? "")}: want proxy, gloo or crds`);
}

if (require.main === module) {
    main(process.argv.slice(2), () => fs.readFileSync(0, "utf8")).then(
        (p) => {
            for (const line of p) console.error(line);
            if (p.length === 0) console.log("ok");
            process.exitCode = p.length === 0 ? 0 : 1;
        },
        (e) => {
            console.error(e instanceof UsageError ? `usage: ${e.message}` : `error: ${(e as Error).message}`);
            process.exitCode = e instanceof UsageError ? 2 : 1;
        },
    );
}
