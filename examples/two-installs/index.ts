// Gloo in mTLS mode twice in one cluster, from another Pulumi program: an edge gateway for the internet and an
// internal one for east-west traffic, each in its own namespace. The cluster-wide CRDs come from the edge
// install only; the internal one leaves them to it (crds.enabled: false).
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { GlooInstall } from "gloo-mtls";

const config = new pulumi.Config();
// One provider for both installs: every resource of each goes through it.
const cluster = new KubernetesProvider("cluster", {
    context: config.get("context"),
    // Certificate rotations then update the mounted Secret in place (the install's own provider does the same).
    enableSecretMutable: true,
});

const edge = new GlooInstall("edge", { namespace: "gloo-edge" }, { provider: cluster });
const internal = new GlooInstall(
    "internal",
    {
        namespace: "gloo-internal",
        crds: { enabled: false },
        // East-west traffic only: the proxy's Service stays inside the cluster.
        gatewayProxies: { gatewayProxy: { service: { type: "ClusterIP" } } },
    },
    // The CRDs belong to the edge install: create them first.
    { provider: cluster, dependsOn: [edge] },
);

export const edgeNamespace = edge.namespace;
export const internalNamespace = internal.namespace;
export const edgeCaCertificate = edge.mtlsCaCertificate;
