// A gateway-proxy: ServiceAccount, bootstrap ConfigMap, Deployment, LoadBalancer Service and its two
// default Gateways. In mTLS mode its xDS clusters speak mutual TLS with certificates from an sds sidecar.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedArgs } from "./args";
import { NAMES, PORTS } from "./constants";
import { toYaml } from "./control-plane";
import { Family, Names } from "./options";
import { gatewayProxyBootstrap } from "./envoy/proxy";
import { PodSpec, checksum, fieldEnv, imageName, podSecurityContext, restrictedSecurityContext, withMtlsSidecars } from "./pod";

export const PROXY_LABELS = { app: "gloo", gloo: NAMES.gatewayProxy, "gateway-proxy-id": NAMES.gatewayProxy };
const SELECTOR = { gloo: NAMES.gatewayProxy, "gateway-proxy-id": NAMES.gatewayProxy };

export function gatewayProxyBootstrapYaml(r: ResolvedArgs): string {
    return toYaml(gatewayProxyBootstrap({ namespace: r.namespace, clusterName: r.clusterName, proxyName: NAMES.gatewayProxy, mtls: r.mtls.enabled }));
}

export function gatewayProxyPodSpec(r: ResolvedArgs): PodSpec {
    const base: PodSpec = {
        serviceAccountName: NAMES.gatewayProxy,
        securityContext: podSecurityContext(),
        containers: [
            {
                name: NAMES.gatewayProxy,
                image: imageName(r.images.proxy),
                imagePullPolicy: r.images.proxy.pullPolicy,
                args: ["--disable-hot-restart"],
                env: [fieldEnv("POD_NAMESPACE", "metadata.namespace"), fieldEnv("POD_NAME", "metadata.name"), { name: "DISABLE_CORE_DUMPS", value: "false" }],
                ports: [
                    { name: "http", containerPort: PORTS.proxyHttp, protocol: "TCP" },
                    { name: "https", containerPort: PORTS.proxyHttps, protocol: "TCP" },
                ],
                // The stats listener forwards /ready to Envoy's admin, which stays on loopback.
                readinessProbe: { httpGet: { path: "/ready", port: PORTS.proxyStats }, initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 },
                securityContext: restrictedSecurityContext(),
                volumeMounts: [{ name: "envoy-config", mountPath: "/etc/envoy" }],
            },
        ],
        volumes: [{ name: "envoy-config", configMap: { name: NAMES.gatewayProxyConfigMap } }],
    };
    if (!r.mtls.enabled) return base;
    return withMtlsSidecars(base, {
        envoyImage: r.images.envoy,
        sdsImage: r.images.sds,
        sdsLogLevel: r.mtls.sdsLogLevel,
        mountCertsInto: [NAMES.gatewayProxy],
        position: "last",
    });
}

/** The chart's default Gateways (it applies them from a kubectl Job; we own them directly). */
export function defaultGateways(): { name: string; spec: Record<string, unknown> }[] {
    return [
        { name: NAMES.gatewayProxy, port: PORTS.proxyHttp, ssl: false },
        { name: NAMES.gatewayProxySsl, port: PORTS.proxyHttps, ssl: true },
    ].map((g) => ({
        name: g.name,
        spec: { bindAddress: "::", bindPort: g.port, httpGateway: {}, useProxyProto: false, ssl: g.ssl, proxyNames: [NAMES.gatewayProxy] },
    }));
}

export interface GatewayProxyArgs {
    /** The install's arguments with defaults applied (see resolveArgs). */
    config: ResolvedArgs;
    /** The Pulumi names of the install's resources. */
    names: Names;
}

export class GatewayProxy extends pulumi.ComponentResource {
    readonly service: k8s.core.v1.Service;

    constructor(name: string, args: GatewayProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:gloo:GatewayProxy", name, {}, opts);
        const r = args.config;
        const ns = r.namespace;
        const f = new Family(this, opts, args.names);
        const bootstrap = gatewayProxyBootstrapYaml(r);

        const sa = new k8s.core.v1.ServiceAccount(
            f.name(NAMES.gatewayProxy),
            { metadata: { name: NAMES.gatewayProxy, namespace: ns, labels: { app: "gloo", gloo: NAMES.gatewayProxy } } },
            f.opts(NAMES.gatewayProxy),
        );
        const cm = new k8s.core.v1.ConfigMap(
            f.name(NAMES.gatewayProxyConfigMap),
            { metadata: { name: NAMES.gatewayProxyConfigMap, namespace: ns, labels: PROXY_LABELS }, data: { "envoy.yaml": bootstrap } },
            f.opts(NAMES.gatewayProxyConfigMap),
        );
        new k8s.apps.v1.Deployment(
            f.name(NAMES.gatewayProxy),
            {
                metadata: { name: NAMES.gatewayProxy, namespace: ns, labels: PROXY_LABELS },
                spec: {
                    replicas: 1,
                    selector: { matchLabels: SELECTOR },
                    template: {
                        metadata: {
                            labels: { ...SELECTOR, "gateway-proxy": "live" },
                            annotations: {
                                [`checksum/${NAMES.gatewayProxyConfigMap}`]: checksum(bootstrap),
                                "prometheus.io/path": "/metrics",
                                "prometheus.io/port": String(PORTS.proxyStats),
                                "prometheus.io/scrape": "true",
                            },
                        },
                        spec: gatewayProxyPodSpec(r),
                    },
                },
            },
            f.opts(NAMES.gatewayProxy, sa, cm),
        );
        this.service = new k8s.core.v1.Service(
            f.name(NAMES.gatewayProxy),
            {
                metadata: { name: NAMES.gatewayProxy, namespace: ns, labels: PROXY_LABELS },
                spec: {
                    type: "LoadBalancer",
                    selector: { "gateway-proxy-id": NAMES.gatewayProxy, "gateway-proxy": "live" },
                    ports: [
                        { name: "http", port: 80, targetPort: PORTS.proxyHttp, protocol: "TCP" },
                        { name: "https", port: 443, targetPort: PORTS.proxyHttps, protocol: "TCP" },
                    ],
                },
            },
            f.opts(NAMES.gatewayProxy),
        );
        for (const g of defaultGateways()) {
            new k8s.apiextensions.CustomResource(
                f.name(g.name),
                { apiVersion: "gateway.solo.io/v1", kind: "Gateway", metadata: { name: g.name, namespace: ns, labels: { app: "gloo" } }, spec: g.spec },
                f.opts(g.name),
            );
        }
        this.registerOutputs({});
    }
}
