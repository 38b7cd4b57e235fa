// Pure pod-spec helpers: images, restricted security contexts, checksums and the mTLS sidecar
// augmentation. Tests call these directly.
import { createHash } from "node:crypto";
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import { GLOO_UID, NAMES, PORTS, SSL_DIR } from "./constants";

export type PodSpec = k8sInput.core.v1.PodSpec;
export type Container = k8sInput.core.v1.Container;
export type ContainerPort = k8sInput.core.v1.ContainerPort;
export type Probe = k8sInput.core.v1.Probe;
export type EnvVar = k8sInput.core.v1.EnvVar;

export interface ImageRef {
    registry: string;
    repository: string;
    tag: string;
    /** `sha256:…`: pins the image; rendered after the tag, as the chart's `gloo.image` helper does. */
    digest?: string;
    pullPolicy: "Always" | "IfNotPresent" | "Never";
}

/** `registry/repository:tag[@digest]`, exactly as the chart's `gloo.image` helper renders it. */
export function imageName(i: ImageRef): string {
    return `${i.registry}/${i.repository}:${i.tag}${i.digest ? `@${i.digest}` : ""}`;
}

/** Meets the Pod Security Standards "restricted" profile on its own, whatever the pod sets. */
export function restrictedSecurityContext(uid: number = GLOO_UID): k8sInput.core.v1.SecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

export function podSecurityContext(uid: number = GLOO_UID): k8sInput.core.v1.PodSecurityContext {
    return { runAsNonRoot: true, runAsUser: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } };
}

/** sha256 of a config's text, for a pod annotation that rolls the pods when the config changes. */
export function checksum(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

export function tcpProbe(port: number): Probe {
    return { tcpSocket: { port }, initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 };
}

/**
 * A loopback-only envoy-sidecar's readiness: Envoy's admin `/ready` (200 once its listeners are up), asked from
 * inside the container, since kubelet dials the pod IP and the admin listens on 127.0.0.1. The envoy wrapper
 * image has `wget` (the chart's preStop hook uses it too).
 */
export function adminReadinessProbe(): Probe {
    return {
        exec: { command: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${PORTS.sidecarAdmin}/ready`] },
        initialDelaySeconds: 3,
        periodSeconds: 10,
        failureThreshold: 3,
    };
}

/** The mTLS sidecars' resources (chart `global.glooMtls.envoySidecarResources` / `sdsResources`), for withMtlsSidecars. */
export function sidecarResources(r: { mtls: { envoySidecarResources?: k8sInput.core.v1.ResourceRequirements; sdsResources?: k8sInput.core.v1.ResourceRequirements } }) {
    return { envoyResources: r.mtls.envoySidecarResources, sdsResources: r.mtls.sdsResources };
}

/**
 * Where a Go server of the install binds a port every address of the pod serves (kubelet's probes dial the pod IP):
 * `[::]:port`, one dual-stack socket (Go listens with IPV6_V6ONLY off), or `0.0.0.0:port` with `settings.ipV4Only`.
 */
export function goAnyAddress(r: { ipV4Only: boolean }, port: number): string {
    return r.ipV4Only ? `0.0.0.0:${port}` : `[::]:${port}`;
}

/** The sds sidecar's SDS_SERVER_ADDRESS: its readiness probe dials the pod IP, of either family (goAnyAddress). */
export function sdsAddress(r: { ipV4Only: boolean }): { sdsServerAddress?: string } {
    return r.ipV4Only ? {} : { sdsServerAddress: goAnyAddress(r, PORTS.sds) };
}

/** `imagePullSecrets` of a pod (chart `global.image.pullSecret`: at most one), spread into its spec. */
export function pullSecrets(secret: string | undefined): { imagePullSecrets?: { name: string }[] } {
    return secret ? { imagePullSecrets: [{ name: secret }] } : {};
}

/** A field only when it has a value (Go template truthiness: set and, for maps and lists, non-empty). */
export function field<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    const empty = value === undefined || value === null || value === "" || (typeof value === "object" && Object.keys(value as object).length === 0);
    return (empty ? {} : { [key]: value }) as { [P in K]?: V };
}

export function fieldEnv(name: string, fieldPath: string): EnvVar {
    return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** The mTLS certificate volume: whole-volume mount (never subPath) so kubelet propagates rotations. */
export const MTLS_CERTS_VOLUME: k8sInput.core.v1.Volume = {
    name: NAMES.mtlsSecret,
    secret: { secretName: NAMES.mtlsSecret, defaultMode: 420 },
};
const certsMount = { name: NAMES.mtlsSecret, mountPath: SSL_DIR, readOnly: true };

export interface MtlsSidecarOptions {
    /**
     * The container whose xDS traffic the envoy-sidecar now carries: it gains GLOO_MTLS_SDS_ENABLED=true
     * and loses the moved ports. Omit for pods whose own Envoy speaks TLS (gateway-proxy).
     */
    mainContainer?: string;
    /** A readiness port for the main container once its probed ports have moved. Defaults to none. */
    mainReadinessPort?: number;
    /** Env vars of the main container that mTLS mode sets differently; each replaces the one of the same name. Defaults to none. */
    mainEnv?: EnvVar[];
    /**
     * Whether the main container gains GLOO_MTLS_SDS_ENABLED=true (gloo reads it; the EE servers do not).
     * Defaults to `true`.
     */
    mainSdsEnabledEnv?: boolean;
    envoyImage: ImageRef;
    sdsImage: ImageRef;
    /** SDS server log level (LOG_LEVEL). */
    sdsLogLevel: string;
    /** Where the sds server listens (SDS_SERVER_ADDRESS). Defaults to sds's own `0.0.0.0:8234`. */
    sdsServerAddress?: string;
    /**
     * The TLS-terminating/originating Envoy sidecar. It takes over `ports` from the main container
     * (with the probes that targeted them) and reads its bootstrap from `configMap`.
     * Omit for pods whose own Envoy does the TLS (gateway-proxy). With no `ports` (a loopback-only
     * sidecar) and no `readinessPort`, kubelet cannot reach it: it is probed from inside (adminReadinessProbe).
     */
    envoySidecar?: { configMap: string; ports: ContainerPort[]; readinessPort?: number };
    /** Other containers that need the certificates mounted. Defaults to none. */
    mountCertsInto?: string[];
    /** Sidecars first (as the chart does for gloo) or after the existing containers. */
    position: "first" | "last";
    /** The envoy-sidecar's resources (chart `global.glooMtls.envoySidecarResources`). Defaults to none. */
    envoyResources?: k8sInput.core.v1.ResourceRequirements;
    /** The sds container's resources (chart `global.glooMtls.sdsResources`). Defaults to none. */
    sdsResources?: k8sInput.core.v1.ResourceRequirements;
    /**
     * The Secret mounted as the certificates (at the same path, so the sds sidecar reads it unchanged). Defaults to
     * `gloo-mtls-certs`; a remote fleet mounts its own.
     */
    certsSecret?: string;
}

function probePort(p: Probe | undefined): unknown {
    const probe = p as { tcpSocket?: { port?: unknown }; httpGet?: { port?: unknown }; grpc?: { port?: unknown } } | undefined;
    return probe?.tcpSocket?.port ?? probe?.httpGet?.port ?? probe?.grpc?.port;
}

/**
 * Adds the envoy-sidecar (optional) and sds containers of mTLS mode to a pod spec. Pure: returns a
 * new spec and leaves the input untouched.
 */
export function withMtlsSidecars(spec: PodSpec, o: MtlsSidecarOptions): PodSpec {
    const containers = spec.containers as Container[];
    for (const name of [o.mainContainer, ...(o.mountCertsInto ?? [])]) {
        if (name !== undefined && !containers.some((c) => c.name === name)) throw new Error(`withMtlsSidecars: no container named ${name}`);
    }
    const moved = new Set((o.envoySidecar?.ports ?? []).map((p) => p.containerPort as number));
    const movedNames = new Set((o.envoySidecar?.ports ?? []).map((p) => p.name as string | undefined).filter(Boolean));
    const isMoved = (p: Probe | undefined) => {
        const port = probePort(p);
        return (typeof port === "number" && moved.has(port)) || (typeof port === "string" && movedNames.has(port));
    };

    const existing = containers.map((c): Container => {
        const mounts = o.mountCertsInto?.includes(c.name as string) ? [...((c.volumeMounts as object[]) ?? []), certsMount] : c.volumeMounts;
        if (c.name !== o.mainContainer) return { ...c, volumeMounts: mounts as Container["volumeMounts"] };
        const ports = ((c.ports as ContainerPort[]) ?? []).filter((p) => !moved.has(p.containerPort as number));
        const { readinessProbe, livenessProbe, startupProbe, ...rest } = c;
        const replaced = new Set((o.mainEnv ?? []).map((e) => e.name as string));
        const env = [
            ...((c.env as EnvVar[]) ?? []).map((e) => (o.mainEnv ?? []).find((x) => x.name === e.name) ?? e),
            ...(o.mainEnv ?? []).filter((e) => !((c.env as EnvVar[]) ?? []).some((x) => x.name === e.name)),
            ...((o.mainSdsEnabledEnv ?? true) && !replaced.has("GLOO_MTLS_SDS_ENABLED") ? [{ name: "GLOO_MTLS_SDS_ENABLED", value: "true" }] : []),
        ];
        return {
            ...rest,
            env,
            ports: ports.length > 0 ? ports : undefined,
            ...(isMoved(readinessProbe as Probe)
                ? o.mainReadinessPort !== undefined
                    ? { readinessProbe: tcpProbe(o.mainReadinessPort) }
                    : {}
                : { readinessProbe }),
            ...(isMoved(livenessProbe as Probe) ? {} : { livenessProbe }),
            ...(isMoved(startupProbe as Probe) ? {} : { startupProbe }),
            volumeMounts: mounts as Container["volumeMounts"],
        };
    });

    const sidecars: Container[] = [];
    const certsVolume = o.certsSecret ? { ...MTLS_CERTS_VOLUME, secret: { ...MTLS_CERTS_VOLUME.secret, secretName: o.certsSecret } } : MTLS_CERTS_VOLUME;
    const volumes = [...((spec.volumes as object[]) ?? []), certsVolume] as k8sInput.core.v1.Volume[];
    if (o.envoySidecar) {
        const s = o.envoySidecar;
        const readinessPort = s.readinessPort ?? (s.ports[0]?.containerPort as number | undefined);
        sidecars.push({
            name: NAMES.envoySidecarContainer,
            image: imageName(o.envoyImage),
            imagePullPolicy: o.envoyImage.pullPolicy,
            env: [{ name: "ENVOY_SIDECAR", value: "true" }],
            ...(s.ports.length > 0 ? { ports: s.ports } : {}),
            readinessProbe: readinessPort !== undefined ? tcpProbe(readinessPort) : adminReadinessProbe(),
            securityContext: restrictedSecurityContext(),
            volumeMounts: [{ name: s.configMap, mountPath: "/etc/envoy" }, certsMount],
            ...(o.envoyResources ? { resources: o.envoyResources } : {}),
        });
        volumes.push({ name: s.configMap, configMap: { name: s.configMap } });
    }
    sidecars.push({
        name: NAMES.sdsContainer,
        image: imageName(o.sdsImage),
        imagePullPolicy: o.sdsImage.pullPolicy,
        env: [
            fieldEnv("POD_NAME", "metadata.name"),
            fieldEnv("POD_NAMESPACE", "metadata.namespace"),
            { name: "GLOO_MTLS_SDS_ENABLED", value: "true" },
            { name: "LOG_LEVEL", value: o.sdsLogLevel },
            ...(o.sdsServerAddress ? [{ name: "SDS_SERVER_ADDRESS", value: o.sdsServerAddress }] : []),
        ],
        ports: [{ name: "sds", containerPort: PORTS.sds, protocol: "TCP" }],
        // Ready once it serves: the chart probed gloo's validation port here, which says nothing about SDS.
        readinessProbe: tcpProbe(PORTS.sds),
        securityContext: restrictedSecurityContext(),
        volumeMounts: [certsMount],
        ...(o.sdsResources ? { resources: o.sdsResources } : {}),
    });

    return {
        ...spec,
        containers: o.position === "first" ? [...sidecars, ...existing] : [...existing, ...sidecars],
        volumes,
    };
}
