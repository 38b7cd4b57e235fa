// Configurations shared by the tests of proxy fleets in other clusters (multicluster, handshake-multicluster,
// render-clusters, rotation).
import { readStackFile } from "../render/cli";
import { Checked, runChecked } from "./harness";

export const NS = "gloo-system";
export const ADDRESS = "xds.gloo.example.com";
/** The identity of the example stack's fleet edgeEu (objects edge-eu) in cluster eu. */
export const FLEET_ID = `spiffe://gloo-mtls/${NS}/eu/edge-eu`;

/** The example stack Pulumi.multicluster.yaml, run once per test process. */
export function stackRun(): Promise<Checked> {
    const { config, secretKeys } = readStackFile("multicluster");
    return runChecked({ config, secretKeys, stack: "multicluster" });
}

/** The smallest accepted config with a remote fleet. */
export const BASE = {
    clusters: { eu: { context: "eu" } },
    gloo: { xdsExternal: { address: ADDRESS, service: { loadBalancerSourceRanges: ["192.0.2.0/28"] } } },
    gatewayProxies: { edgeEu: { cluster: "eu" } },
};

/** The default proxy moved to eu, an in-cluster proxy beside it, a NodePort external Service, and the rate-limit server (gloo's identity on its forwarder). */
export const MOVED: Record<string, unknown> = {
    clusters: { eu: { context: "eu" } },
    gloo: { xdsExternal: { address: ADDRESS, port: 30977, service: { type: "NodePort", loadBalancerSourceRanges: ["0.0.0.0/0", "::/0"] } } },
    gatewayProxies: { gatewayProxy: { cluster: "eu" }, internalGw: {} },
    enterprise: { enabled: true, licenseKey: "test-license" },
    global: { extensions: { rateLimit: { enabled: true } } },
};
