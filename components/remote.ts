// Gateway proxy fleets in another cluster (`clusters.<key>`, `gatewayProxies.<name>.cluster`): everything a fleet
// runs on, in that cluster and on that cluster's provider only. Per cluster: the namespace (gloo's name, so Gloo's
// `<namespace>~<proxy>` node role still matches) and ServiceAccount `gateway-proxy`. Per fleet: its own leaf in
// Secret `<name>-mtls-certs` (the CA bundle every cluster trusts, and a client-only leaf with the fleet's identity;
// never gloo's key), its bootstrap ConfigMap dialling gloo's external xDS address, Deployment, Service,
// PodDisruptionBudget and HorizontalPodAutoscaler when configured, and its NetworkPolicy. Its Gateways stay in
// gloo's cluster (GatewayProxy), where gloo reads them.
import * as autoscalingv2 from "@pulumi/kubernetes/autoscaling/v2";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedArgs, ResolvedCluster } from "./args";
import { NAMES } from "./constants";
import { fleetCommonName, fleetIdentity } from "./identities";
import { networkPolicyArgs, proxyPolicy } from "./network-policy";
import { Names, childOptions } from "./options";
import { registerProxyWorkload } from "./gateway-proxy";
import { loadBalancerAddress, overriddenProxyObjects, proxyMonitoringServiceArgs, proxyObjects } from "./proxies/objects";
import { proxyCertsSecret, proxyConfigMapName } from "./proxies/pod";
import { ResolvedProxy } from "./proxies/types";
import { CaSet, LeafSecret } from "./tls";

export interface RemoteClusterArgs {
    /** The install's arguments with defaults applied (see resolveArgs). */
    config: ResolvedArgs;
    names: Names;
    cluster: ResolvedCluster;
    /** The enabled proxies placed in this cluster (at least one). */
    fleets: ResolvedProxy[];
    /** The install's CA set: it signs each fleet's leaf, and its bundle is every fleet's `ca.crt`. */
    ca: CaSet;
    /** This cluster's provider: every object here goes to it, and to no other cluster. */
    provider: KubernetesProvider;
}

/** Service name and load balancer address of a fleet, and the cluster it runs in. */
export interface FleetOutputs {
    cluster: string;
    service: pulumi.Output<string>;
    loadBalancerAddress: pulumi.Output<string | undefined>;
}

export class RemoteCluster extends pulumi.ComponentResource {
    /** Per fleet (by `gatewayProxies` key). */
    readonly fleets: Record<string, FleetOutputs> = {};

    constructor(name: string, args: RemoteClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // The cluster key is this component's input: the offline render files every object below under it.
        super("gloo-mtls:remote:RemoteCluster", name, { cluster: args.cluster.key }, opts);
        const r = args.config;
        const key = args.cluster.key;
        const n = args.names;
        const provider = args.provider;
        const opt = (...after: pulumi.Input<pulumi.Resource>[]) => ({ ...childOptions(this, opts, ...after), provider });

        const ns = new corev1.Namespace(
            n.of(`${key}-namespace`),
            { metadata: { name: r.namespace, labels: { app: "gloo" } } },
            // Kept on destroy, like gloo's: other teams' objects may live in it; the install's own objects are still deleted.
            { ...opt(), retainOnDelete: true },
        );
        const sa = new corev1.ServiceAccount(
            n.of(`${key}-${NAMES.gatewayProxy}`),
            { metadata: { name: NAMES.gatewayProxy, namespace: r.namespace, labels: { app: "gloo", gloo: NAMES.gatewayProxy } } },
            opt(ns),
        );
        for (const p of args.fleets) {
            const fleet = new RemoteFleet(n.of(p.name), { ...args, proxy: p, serviceAccount: sa }, { ...childOptions(this, opts, ns), providers: [provider] });
            this.fleets[p.key] = { cluster: key, service: fleet.service.metadata.name, loadBalancerAddress: fleet.loadBalancerAddress };
        }
        this.registerOutputs({});
    }
}

interface RemoteFleetArgs extends RemoteClusterArgs {
    proxy: ResolvedProxy;
    serviceAccount: corev1.ServiceAccount;
}

/** One fleet's objects in its cluster. */
export class RemoteFleet extends pulumi.ComponentResource {
    readonly service: corev1.Service;
    readonly loadBalancerAddress: pulumi.Output<string | undefined>;

    constructor(name: string, args: RemoteFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:remote:RemoteFleet", name, {}, opts);
        const r = args.config;
        const p = args.proxy;
        const key = args.cluster.key;
        const n = args.names;
        const opt = (...after: pulumi.Input<pulumi.Resource>[]) => ({ ...childOptions(this, opts, ...after), provider: args.provider });
        const c = r.certificates;

        const secretName = proxyCertsSecret(p);
        const certs = new LeafSecret(
            n.of(secretName),
            {
                namespace: r.namespace,
                secretName,
                ca: args.ca,
                commonName: fleetCommonName(key, p.name),
                // The fleet's identity only: no DNS name, so the leaf never passes as gloo or any other server.
                uris: [fleetIdentity(r.namespace, key, p.name)],
                leafUses: ["client_auth"],
                keyAlgorithm: c.keyAlgorithm,
                leafValidityHours: c.leafValidityHours,
                labels: { app: "gloo", gloo: "gloo-mtls-certs", "gateway-proxy-id": p.name },
            },
            { ...childOptions(this, opts), providers: [args.provider] },
        );
        const o = overriddenProxyObjects(proxyObjects(r, p), p);
        const cm = new corev1.ConfigMap(n.of(proxyConfigMapName(p)), o.configMap, opt());
        const workload = registerProxyWorkload(n.of(p.name), p, o, opt(cm, certs, args.serviceAccount));
        this.service = new corev1.Service(n.of(p.name), o.service, opt());
        this.loadBalancerAddress = this.service.status.apply((s) => loadBalancerAddress(s as Parameters<typeof loadBalancerAddress>[0]));
        const monitoring = proxyMonitoringServiceArgs(r, p);
        if (monitoring) new corev1.Service(n.of(`${p.name}-monitoring-service`), monitoring, opt());
        if (o.pdb) new policyv1.PodDisruptionBudget(n.of(`${p.name}-pdb`), o.pdb, opt());
        if (o.hpa) new autoscalingv2.HorizontalPodAutoscaler(n.of(`${p.name}-hpa`), o.hpa, opt(workload));
        if (r.mtls.networkPolicy) {
            const policy = proxyPolicy(p, r.stats.enabled);
            new networkingv1.NetworkPolicy(n.of(policy.name), networkPolicyArgs(policy, r.namespace), opt());
        }
        this.registerOutputs({ service: this.service.metadata.name, loadBalancerAddress: this.loadBalancerAddress });
    }
}
