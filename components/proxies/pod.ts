// The pod of one gateway proxy (chart `7-gateway-proxy-deployment.yaml`) and its Envoy bootstrap: Envoy with
// the proxy's ports, resources, placement and graceful shutdown, and in mTLS mode the sds sidecar.
import { ResolvedArgs } from "../args";
import { NAMES, PORTS } from "../constants";
import { toYaml } from "../control-plane";
import { gatewayProxyBootstrap } from "../envoy/proxy";
import { EnvVar, ImageRef, PodSpec, Probe, sdsAddress, field, fieldEnv, imageName, podSecurityContext, pullSecrets, restrictedSecurityContext, withMtlsSidecars } from "../pod";
import { OWN_READINESS_PROBE } from "./resolve";
import { Affinity, ResolvedProxy } from "./types";

/** The labels every gateway-proxy object carries (the chart's). */
export function proxyLabels(p: ResolvedProxy): Record<string, string> {
    return { app: "gloo", gloo: NAMES.gatewayProxy, "gateway-proxy-id": p.name };
}

/** The Deployment's selector; pods also carry `gateway-proxy: live`, which the Service selects. */
export function proxySelector(p: ResolvedProxy): Record<string, string> {
    return { gloo: NAMES.gatewayProxy, "gateway-proxy-id": p.name };
}

export function proxyConfigMapName(p: ResolvedProxy): string {
    return `${p.name}-envoy-config`;
}

/** The Secret a proxy's pod mounts its certificates from: gloo-mtls-certs, or in another cluster its fleet's own. */
export function proxyCertsSecret(p: ResolvedProxy): string {
    return p.cluster === undefined ? NAMES.mtlsSecret : `${p.name}-mtls-certs`;
}

/** Where a proxy dials xDS: its own override, or from another cluster gloo's external address (configured with it). */
export function proxyXds(r: ResolvedArgs, p: ResolvedProxy): { address?: string; port?: number } {
    if (p.cluster === undefined) return p.xds;
    if (!r.xdsExternal) throw new Error(`gateway proxy ${p.key} runs in cluster ${p.cluster} but gloo.xdsExternal is not set`);
    return { address: r.xdsExternal.address, port: r.xdsExternal.port };
}

export function proxyBootstrapYaml(r: ResolvedArgs, p: ResolvedProxy): string {
    const xds = proxyXds(r, p);
    return toYaml(
        gatewayProxyBootstrap({
            namespace: r.namespace,
            clusterName: r.clusterName,
            proxyName: p.name,
            mtls: r.mtls.enabled,
            xdsAddress: xds.address,
            xdsPort: xds.port,
            writeNamespace: r.settings.discoveryNamespace,
            stats: r.stats,
            ipV4Only: r.ipV4Only,
        }),
    );
}

/** The chart's antiAffinity: prefer nodes without any gateway-proxy pod (all proxies repel each other). */
export const PROXY_ANTI_AFFINITY = {
    preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { gloo: NAMES.gatewayProxy } }, topologyKey: "kubernetes.io/hostname" } },
    ],
};

function affinityOf(p: ResolvedProxy): Affinity | undefined {
    if (!p.antiAffinity) return p.affinity;
    // antiAffinity together with affinity.podAntiAffinity is refused by the config rules.
    return { podAntiAffinity: PROXY_ANTI_AFFINITY, ...p.affinity };
}

/** The chart's preStop hook: fail Envoy's health check so load balancers drain it, then wait. */
export function gracefulShutdownCommand(sleepTimeSeconds: number): string[] {
    return ["/bin/sh", "-c", `wget --post-data "" -O /dev/null 127.0.0.1:${PORTS.proxyAdmin}/healthcheck/fail; sleep ${sleepTimeSeconds}`];
}

/** The proxy's image: `podTemplate.image` over the install's proxy image (a digest only from the proxy's own block). */
export function proxyImage(r: ResolvedArgs, p: ResolvedProxy): ImageRef {
    const o = p.image ?? {};
    return {
        registry: o.registry ?? r.images.proxy.registry,
        repository: o.repository ?? r.images.proxy.repository,
        tag: o.tag ?? r.images.proxy.tag,
        ...(o.digest ? { digest: o.digest } : {}),
        pullPolicy: o.pullPolicy ?? r.images.proxy.pullPolicy,
    };
}

export function proxyPodSpec(r: ResolvedArgs, p: ResolvedProxy): PodSpec {
    const image = proxyImage(r, p);
    const base: PodSpec = {
        serviceAccountName: NAMES.gatewayProxy,
        // Envoy gets its config over xDS and sds reads mounted files: neither calls the Kubernetes API.
        automountServiceAccountToken: false,
        securityContext: podSecurityContext(),
        ...field("affinity", affinityOf(p)),
        ...field("topologySpreadConstraints", p.topologySpreadConstraints),
        ...pullSecrets(r.pullSecret),
        ...field("priorityClassName", p.priorityClassName),
        ...field("nodeSelector", p.nodeSelector),
        ...field("tolerations", p.tolerations),
        ...field("terminationGracePeriodSeconds", p.terminationGracePeriodSeconds),
        containers: [
            {
                name: p.name,
                image: imageName(image),
                imagePullPolicy: image.pullPolicy,
                args: p.envoyArgs,
                // The chart's order: the user's env (kind.deployment.customEnv), then its own.
                env: [...(p.customEnv as EnvVar[]), fieldEnv("POD_NAMESPACE", "metadata.namespace"), fieldEnv("POD_NAME", "metadata.name"), { name: "DISABLE_CORE_DUMPS", value: "false" }],
                ...(p.gracefulShutdown.enabled ? { lifecycle: { preStop: { exec: { command: gracefulShutdownCommand(p.gracefulShutdown.sleepTimeSeconds) } } } } : {}),
                ports: [
                    { name: "http", containerPort: p.httpPort, protocol: "TCP" },
                    { name: "https", containerPort: p.httpsPort, protocol: "TCP" },
                    // The chart's for podMonitorEnabled (as it writes it, Kubernetes' TCP default); here also for serviceMonitorEnabled,
                    // whose Service <name>-monitoring-service targets it.
                    ...(r.stats.enabled && (r.stats.podMonitorEnabled || r.stats.serviceMonitorEnabled) ? [{ name: "http-monitoring", containerPort: PORTS.proxyStats }] : []),
                ],
                // Without podTemplate.probes the chart has none; here the stats listener's /ready (it forwards to Envoy's admin,
                // which stays on loopback), when there is a stats listener (global.glooStats.enabled).
                ...(p.readinessProbe ? { readinessProbe: p.readinessProbe as Probe } : r.stats.enabled ? { readinessProbe: OWN_READINESS_PROBE } : {}),
                ...(p.livenessProbe ? { livenessProbe: p.livenessProbe as Probe } : {}),
                ...field("resources", p.resources),
                securityContext: restrictedSecurityContext(),
                volumeMounts: [{ name: "envoy-config", mountPath: "/etc/envoy" }],
            },
        ],
        volumes: [{ name: "envoy-config", configMap: { name: proxyConfigMapName(p) } }],
    };
    if (!r.mtls.enabled) return base;
    return withMtlsSidecars(base, {
        envoyImage: r.images.envoy,
        sdsImage: r.images.sds,
        sdsLogLevel: r.mtls.sdsLogLevel,
        ...sdsAddress(r),
        mountCertsInto: [p.name],
        position: "last",
        sdsResources: r.mtls.sdsResources,
        ...(p.cluster !== undefined ? { certsSecret: proxyCertsSecret(p) } : {}),
    });
}
