// The thin components of Gloo Enterprise's extauth and rate-limit servers: they register what the pure
// builders in ./enterprise describe (kept apart so the control plane can use those builders without a cycle).
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ResolvedArgs } from "./args";
import { EE_NAMES, EE_PORTS } from "./constants";
import { toYaml } from "./control-plane";
import { Family, Names } from "./options";
import {
    STATS_ANNOTATIONS,
    extauthPodSpec,
    extauthSidecarConfig,
    extauthUpstreamSpec,
    rateLimitPodSpec,
    rateLimitSidecarConfig,
    rateLimitUpstreamSpec,
    redisPodSpec,
} from "./enterprise";
import { Bootstrap } from "./envoy/types";
import { PodSpec, checksum } from "./pod";

const SIDECAR_CONFIG_KEY = "envoy-sidecar.yaml";

export interface EnterpriseServerArgs {
    /** The install's arguments with defaults applied (see resolveArgs). */
    config: ResolvedArgs;
    /** The Pulumi names of the install's resources. */
    names: Names;
}

function labels(name: string) {
    return { app: "gloo", gloo: name };
}

/** A random secret value (signing key, Redis password) in a Secret of the install's namespace. */
function randomSecret(f: Family, name: string, key: string, ns: string): corev1.Secret {
    const value = new random.RandomPassword(f.name(name), { length: 32, special: false }, f.opts(name));
    return new corev1.Secret(f.name(name), { metadata: { name, namespace: ns, labels: labels(name) }, type: "Opaque", stringData: { [key]: value.result } }, f.opts(name));
}

/** Registers a server's ServiceAccount, sidecar ConfigMap (mTLS), Deployment, Service and Upstream. */
function registerServer(
    f: Family,
    s: { name: string; r: ResolvedArgs; podSpec: PodSpec; sidecarConfigMap: string; bootstrap: Bootstrap; servicePort: number; upstream: Record<string, unknown>; deps: pulumi.Resource[] },
): corev1.Service {
    const ns = s.r.namespace;
    const deps: pulumi.Resource[] = [...s.deps, new corev1.ServiceAccount(f.name(s.name), { metadata: { name: s.name, namespace: ns, labels: labels(s.name) } }, f.opts(s.name))];
    const annotations: Record<string, string> = { ...STATS_ANNOTATIONS };
    if (s.r.mtls.enabled) {
        const yaml = toYaml(s.bootstrap);
        deps.push(
            new corev1.ConfigMap(
                f.name(s.sidecarConfigMap),
                { metadata: { name: s.sidecarConfigMap, namespace: ns, labels: labels(s.name) }, data: { [SIDECAR_CONFIG_KEY]: yaml } },
                f.opts(s.sidecarConfigMap),
            ),
        );
        annotations[`checksum/${s.sidecarConfigMap}`] = checksum(yaml);
        // `kubectl logs deploy/<server>` keeps showing the server, not a sidecar.
        annotations["kubectl.kubernetes.io/default-container"] = s.name;
    }
    new appsv1.Deployment(
        f.name(s.name),
        {
            metadata: { name: s.name, namespace: ns, labels: labels(s.name) },
            spec: {
                replicas: 1,
                selector: { matchLabels: { gloo: s.name } },
                template: { metadata: { labels: { gloo: s.name }, annotations }, spec: s.podSpec },
            },
        },
        f.opts(s.name, ...deps),
    );
    const service = new corev1.Service(
        f.name(s.name),
        {
            metadata: { name: s.name, namespace: ns, labels: labels(s.name) },
            spec: { selector: { gloo: s.name }, ports: [{ name: "grpc", port: s.servicePort, protocol: "TCP" }] },
        },
        f.opts(s.name),
    );
    new apiextensions.CustomResource(
        f.name(s.name),
        { apiVersion: "gloo.solo.io/v1", kind: "Upstream", metadata: { name: s.name, namespace: ns, labels: labels(s.name) }, spec: s.upstream },
        f.opts(s.name),
    );
    return service;
}

/** The extauth server (Deployment, Service, Upstream, signing key) and, in mTLS mode, its sidecars' ConfigMap. */
export class ExtAuth extends pulumi.ComponentResource {
    readonly service: corev1.Service;

    constructor(name: string, args: EnterpriseServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:enterprise:ExtAuth", name, {}, opts);
        const r = args.config;
        const f = new Family(this, opts, args.names);
        const signingKey = randomSecret(f, EE_NAMES.extauthSigningKey, "signing-key", r.namespace);
        this.service = registerServer(f, {
            name: EE_NAMES.extauth,
            r,
            podSpec: extauthPodSpec(r),
            sidecarConfigMap: EE_NAMES.extauthSidecarConfig,
            bootstrap: extauthSidecarConfig(r),
            servicePort: EE_PORTS.extauth,
            upstream: extauthUpstreamSpec(r),
            deps: [signingKey],
        });
        this.registerOutputs({});
    }
}

/** The rate-limit server (Deployment, Service, Upstream) with its Redis and, in mTLS mode, its sidecars' ConfigMap. */
export class RateLimit extends pulumi.ComponentResource {
    readonly service: corev1.Service;

    constructor(name: string, args: EnterpriseServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:enterprise:RateLimit", name, {}, opts);
        const r = args.config;
        const ns = r.namespace;
        const f = new Family(this, opts, args.names);
        const password = randomSecret(f, EE_NAMES.redis, "redis-password", ns);
        const redis = new appsv1.Deployment(
            f.name(EE_NAMES.redis),
            {
                metadata: { name: EE_NAMES.redis, namespace: ns, labels: labels(EE_NAMES.redis) },
                spec: { replicas: 1, selector: { matchLabels: { gloo: EE_NAMES.redis } }, template: { metadata: { labels: { gloo: EE_NAMES.redis } }, spec: redisPodSpec(r) } },
            },
            f.opts(EE_NAMES.redis, password),
        );
        new corev1.Service(
            f.name(EE_NAMES.redis),
            {
                metadata: { name: EE_NAMES.redis, namespace: ns, labels: labels(EE_NAMES.redis) },
                spec: { selector: { gloo: EE_NAMES.redis }, ports: [{ name: "redis", port: EE_PORTS.redis, protocol: "TCP" }] },
            },
            f.opts(EE_NAMES.redis),
        );
        this.service = registerServer(f, {
            name: EE_NAMES.rateLimit,
            r,
            podSpec: rateLimitPodSpec(r),
            sidecarConfigMap: EE_NAMES.rateLimitSidecarConfig,
            bootstrap: rateLimitSidecarConfig(r),
            servicePort: EE_PORTS.rateLimit,
            upstream: rateLimitUpstreamSpec(r),
            deps: [password, redis],
        });
        this.registerOutputs({});
    }
}
