// settings.ipV4Only: every Envoy listener other pods dial binds `::` with ipv4_compat (one dual-stack socket) by
// default, 0.0.0.0 when set; loopback listeners stay on 127.0.0.1. The semantics relied on are shown on a real
// socket: bound to `::` with IPV6_V6ONLY off, as Envoy's ipv4_compat does, it accepts both families.
import assert from "node:assert/strict";
import * as net from "node:net";
import { describe, it } from "node:test";
import { resolveArgs } from "../components/args";
import { glooPodSpecFor, settingsSpec } from "../components/control-plane";
import { extauthPodSpec, rateLimitPodSpec } from "../components/enterprise";
import { proxyPodSpec } from "../components/proxies/pod";
import { extauthSidecarBootstrap, rateLimitSidecarBootstrap } from "../components/envoy/forwarder";
import { gatewayProxyBootstrap } from "../components/envoy/proxy";
import { glooSidecarBootstrap } from "../components/envoy/sidecar";
import { Bootstrap } from "../components/envoy/types";
import { checkArgs, ARGUMENT_KEYS } from "../components/validation/problems";
import { runChecked } from "./harness";
import { validateBootstrap } from "./validate/envoy";

const o = { namespace: "gloo-system", clusterName: "cluster.local" };
const bootstraps = (ipV4Only: boolean): [string, Bootstrap][] => [
    ["gloo sidecar", glooSidecarBootstrap([], ipV4Only)],
    ["extauth sidecar", extauthSidecarBootstrap({ ...o, ipV4Only })],
    ["rate-limit sidecar", rateLimitSidecarBootstrap({ ...o, ipV4Only })],
    ["gateway proxy", gatewayProxyBootstrap({ ...o, proxyName: "gateway-proxy", mtls: true, ipV4Only })],
];
const addresses = (b: Bootstrap) => [...(b.static_resources.listeners ?? []).map((l) => l.address.socket_address), b.admin!.address.socket_address];
const loopback = (a: { address: string }) => a.address === "127.0.0.1";

describe("settings.ipV4Only", () => {
    it("unset: every non-loopback listener binds :: with ipv4_compat; loopback ones stay on 127.0.0.1", () => {
        let open = 0;
        for (const [what, b] of bootstraps(false)) {
            for (const a of addresses(b)) {
                if (loopback(a)) continue;
                open++;
                assert.deepEqual({ address: a.address, ipv4_compat: a.ipv4_compat }, { address: "::", ipv4_compat: true }, `${what} :${a.port_value}`);
            }
            assert.ok(loopback(b.admin!.address.socket_address), `${what}: admin stays on loopback`);
        }
        assert.equal(open, 4, "gloo's 9977 and 9976, extauth's 8083, the proxy's 8081");
    });
    it("true: the same listeners bind 0.0.0.0, and Settings says ipV4Only as the chart renders it", () => {
        for (const [what, b] of bootstraps(true)) {
            for (const a of addresses(b)) assert.ok(a.address === "0.0.0.0" || loopback(a), `${what}: ${JSON.stringify(a)}`);
            for (const a of addresses(b)) assert.equal(a.ipv4_compat, undefined);
        }
        assert.equal(settingsSpec(resolveArgs({ settings: { ipV4Only: true } })).ipV4Only, true);
        // The chart renders the field only when true.
        assert.equal("ipV4Only" in settingsSpec(resolveArgs({})), false);
        assert.equal("ipV4Only" in settingsSpec(resolveArgs({ settings: { ipV4Only: false } })), false);
    });
    it("gloo's Go servers and every sds sidecar follow it: [::] by default, 0.0.0.0 when set", () => {
        for (const [ipV4Only, any] of [[false, "[::]"], [true, "0.0.0.0"]] as const) {
            for (const mtls of [true, false]) {
                const r = resolveArgs({ settings: { ipV4Only }, global: { glooMtls: { enabled: mtls } } });
                const g = settingsSpec(r).gloo as Record<string, string>;
                assert.equal(g.proxyDebugBindAddr, `${any}:9966`);
                assert.equal(g.validationBindAddr, ipV4Only ? undefined : "[::]:9988", "unset: gloo's own default, 0.0.0.0:9988");
                // In mTLS mode xDS stays on loopback, behind the envoy-sidecar.
                assert.equal(g.xdsBindAddr, mtls ? "127.0.0.1:9999" : `${any}:9977`);
            }
            const r = resolveArgs({ settings: { ipV4Only }, enterprise: { enabled: true, licenseKey: "k" }, global: { extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } } });
            const pods = [glooPodSpecFor(r), proxyPodSpec(r, r.proxies[0]), extauthPodSpec(r), rateLimitPodSpec(r)];
            for (const pod of pods) {
                const sds = (pod.containers as any[]).find((c) => c.name === "sds");
                assert.equal(sds.env.find((e: any) => e.name === "SDS_SERVER_ADDRESS")?.value, ipV4Only ? undefined : "[::]:8234", "unset: sds's own default, 0.0.0.0:8234");
            }
        }
    });
    it("both forms are valid v3 bootstraps (Envoy's protos)", () => {
        for (const ipV4Only of [false, true]) for (const [what, b] of bootstraps(ipV4Only)) assert.deepEqual(validateBootstrap(JSON.parse(JSON.stringify(b))), [], `${what} ipV4Only=${ipV4Only}`);
        // The check is real: a misspelt field is refused.
        const [, broken] = bootstraps(false)[0];
        (broken.static_resources.listeners![0].address.socket_address as any).ipv4_compatible = true;
        assert.notDeepEqual(validateBootstrap(JSON.parse(JSON.stringify(broken))), []);
    });
    it("true, through the whole program: every object passes the harness (CRD schemas, Envoy protos, listener invariants)", { timeout: 60_000 }, async () => {
        const r = await runChecked({ config: { settings: { ipV4Only: true }, gatewayProxies: { gatewayProxy: { gatewaySettings: { ipv4Only: true } } } } });
        assert.equal(r.find("Settings", "default").spec.ipV4Only, true);
        assert.equal(r.find("Gateway", "gateway-proxy").spec.bindAddress, "0.0.0.0");
        const binds = [...r.envoy.values()].flatMap((b) => (b.static_resources?.listeners ?? []).map((l: any) => l.address.socket_address.address));
        assert.deepEqual([...new Set(binds)], ["0.0.0.0"], "no listener on :: (the loopback forwarders are enterprise only)");
        assert.equal(r.warnings.filter((w) => w.includes("ipv4Only")).length, 0);
    });
    it("is a boolean", () => {
        assert.deepEqual(checkArgs({ settings: { ipV4Only: "yes" } }, ARGUMENT_KEYS).problems, ["args.settings.ipV4Only: got \"yes\"; expected boolean"]);
    });
});

/** Connects to 127.0.0.1 or ::1 at `port`; resolves with the address family the server saw. */
function connect(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const s = net.connect({ host, port }, () => {
            s.end();
            resolve();
        });
        s.on("error", reject);
    });
}

describe("a dual-stack socket (what ipv4_compat asks of the kernel)", () => {
    it("bound to :: with IPV6_V6ONLY off, it accepts IPv4 and IPv6 peers; v6-only refuses IPv4", async () => {
        const serve = (ipv6Only: boolean) =>
            new Promise<{ server: net.Server; port: number; peers: string[] }>((resolve, reject) => {
                const peers: string[] = [];
                const server = net.createServer((c) => {
                    peers.push(c.remoteAddress!);
                    c.end();
                });
                server.on("error", reject);
                server.listen({ host: "::", port: 0, ipv6Only }, () => resolve({ server, port: (server.address() as net.AddressInfo).port, peers }));
            });
        const dual = await serve(false);
        try {
            await connect("127.0.0.1", dual.port);
            await connect("::1", dual.port);
            // An IPv4 peer arrives v4-mapped on the one socket.
            assert.deepEqual(dual.peers.sort(), ["::1", "::ffff:127.0.0.1"]);
        } finally {
            dual.server.close();
        }
        const v6only = await serve(true);
        try {
            await connect("::1", v6only.port);
            await assert.rejects(connect("127.0.0.1", v6only.port), /ECONNREFUSED/);
        } finally {
            v6only.server.close();
        }
    });
});
