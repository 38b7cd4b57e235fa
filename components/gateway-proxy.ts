// One gateway proxy (`gatewayProxies.<key>`): bootstrap ConfigMap, Deployment (or DaemonSet), Service, its two Gateways and,
// when configured, a PodDisruptionBudget and a HorizontalPodAutoscaler. The default proxy also owns the
// ServiceAccount all proxies in gloo's cluster share. Of a proxy in another cluster only the Gateways are here
// (./remote.ts has the rest). In mTLS mode the xDS clusters speak mutual TLS with certificates from an sds
// sidecar. Pure builders are in ./proxies; this component registers what they return.
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as autoscalingv2 from "@pulumi/kubernetes/autoscaling/v2";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedArgs } from "./args";
import { NAMES } from "./constants";
import { Family, Names } from "./options";
import { PodSpec } from "./pod";
import { ProxyObjects, loadBalancerAddress, overriddenProxyObjects, proxyGateways, proxyMonitoringServiceArgs, proxyObjects } from "./proxies/objects";
import { proxyConfigMapName, proxyPodSpec } from "./proxies/pod";
import { ResolvedProxy } from "./proxies/types";

/**
 * Registers a proxy's pods: a Deployment, or a DaemonSet with `kind.deployment: null` (the same Pulumi name; a change
 * of kind replaces the object, as it must: Kubernetes cannot turn one into the other).
 */
export function registerProxyWorkload(name: string, p: ResolvedProxy, o: ProxyObjects, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    if (p.kind === "DaemonSet") return new appsv1.DaemonSet(name, o.workload, opts);
    return new appsv1.Deployment(name, o.workload, {
        ...opts,
        // The autoscaler owns the replica count after the first create: a later `pulumi up` must not reset it.
        ...(p.hpa ? { ignoreChanges: ["spec.replicas"] } : {}),
    });
}

/** The default proxy (`gatewayProxy`) of resolved arguments. */
export function defaultProxy(r: ResolvedArgs): ResolvedProxy {
    return r.proxies.find((p) => p.isDefault)!;
}

/** A proxy's pod spec (the default proxy's unless given). */
export function gatewayProxyPodSpec(r: ResolvedArgs, p: ResolvedProxy = defaultProxy(r)): PodSpec {
    return proxyPodSpec(r, p);
}

export interface GatewayProxyArgs {
    /** The install's arguments with defaults applied (see resolveArgs). */
    config: ResolvedArgs;
    /** The Pulumi names of the install's resources. */
    names: Names;
    /** Which proxy. Defaults to the default proxy. */
    proxy?: ResolvedProxy;
    /** The shared ServiceAccount, for proxies other than the default (which makes it). */
    serviceAccount?: corev1.ServiceAccount;
}

export class GatewayProxy extends pulumi.ComponentResource {
    /** Its Service; none when the proxy is disabled. */
    readonly service?: corev1.Service;
    /** The address the cloud assigned to a LoadBalancer Service, once it has; undefined before and for other types. */
    readonly loadBalancerAddress?: pulumi.Output<string | undefined>;
    /** The shared `gateway-proxy` ServiceAccount (made by the default proxy). */
    readonly serviceAccount?: corev1.ServiceAccount;

    constructor(name: string, args: GatewayProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:gloo:GatewayProxy", name, {}, opts);
        const r = args.config;
        const p = args.proxy ?? defaultProxy(r);
        const ns = r.namespace;
        const f = new Family(this, opts, args.names);

        // One ServiceAccount for every proxy, as in the chart; it exists even when the default proxy is disabled.
        this.serviceAccount = args.serviceAccount;
        if (p.isDefault) {
            this.serviceAccount = new corev1.ServiceAccount(
                f.name(NAMES.gatewayProxy),
                { metadata: { name: NAMES.gatewayProxy, namespace: ns, labels: { app: "gloo", gloo: NAMES.gatewayProxy } } },
                f.opts(NAMES.gatewayProxy),
            );
        }
        if (p.disabled) {
            this.registerOutputs({});
            return;
        }
        // A fleet in another cluster: only its Gateways are here, where gloo reads them (its objects: RemoteFleet).
        if (p.cluster !== undefined) {
            this.gateways(f, p, ns);
            this.registerOutputs({});
            return;
        }
        const o = overriddenProxyObjects(proxyObjects(r, p), p);
        const cmName = proxyConfigMapName(p);
        const cm = new corev1.ConfigMap(f.name(cmName), o.configMap, f.opts(cmName));
        const workload = registerProxyWorkload(f.name(p.name), p, o, f.opts(p.name, cm, ...(this.serviceAccount ? [this.serviceAccount] : [])));
        this.service = new corev1.Service(f.name(p.name), o.service, f.opts(p.name));
        this.loadBalancerAddress = this.service.status.apply((s) => loadBalancerAddress(s as Parameters<typeof loadBalancerAddress>[0]));
        this.gateways(f, p, ns);
        const monitoring = proxyMonitoringServiceArgs(r, p);
        if (monitoring) new corev1.Service(f.name(`${p.name}-monitoring-service`), monitoring, f.opts(`${p.name}-monitoring-service`));
        if (o.pdb) new policyv1.PodDisruptionBudget(f.name(`${p.name}-pdb`), o.pdb, f.opts(`${p.name}-pdb`));
        if (o.hpa) new autoscalingv2.HorizontalPodAutoscaler(f.name(`${p.name}-hpa`), o.hpa, f.opts(`${p.name}-hpa`, workload));
        this.registerOutputs({ service: this.service.metadata.name, loadBalancerAddress: this.loadBalancerAddress });
    }

    private gateways(f: Family, p: ResolvedProxy, ns: string): void {
        for (const g of proxyGateways(p)) {
            new apiextensions.CustomResource(
                f.name(g.name),
                { apiVersion: "gateway.solo.io/v1", kind: "Gateway", metadata: { name: g.name, namespace: ns, labels: { app: "gloo" } }, spec: g.spec },
                f.opts(g.name),
            );
        }
    }
}
