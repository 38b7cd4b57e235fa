// The gloo control plane: ServiceAccount, RBAC, Settings, Deployment and Service, the validation
// webhook and, in mTLS mode, the envoy-sidecar and sds sidecars with their bootstrap ConfigMap.
import * as admissionregistrationv1 from "@pulumi/kubernetes/admissionregistration/v1";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { ResolvedArgs } from "./args";
import { NAMES, PORTS, glooServiceSans } from "./constants";
import { enterpriseSettings, licenseEnv } from "./enterprise";
import { glooSidecarBootstrap } from "./envoy/sidecar";
import { ContainerPort, EnvVar, PodSpec, checksum, field, fieldEnv, imageName, podSecurityContext, goAnyAddress, pullSecrets, restrictedSecurityContext, sdsAddress, sidecarResources, tcpProbe, withMtlsSidecars } from "./pod";
import { GLOO_CLUSTER_ROLES, bindingSubjects, clusterRoleArgs, roleBindingName, clusterRoleName, RBAC_LABELS } from "./rbac";
import { Family, Names } from "./options";
import { TlsSecret } from "./tls";
import { glooClientNames } from "./identities";
import { xdsExternalServiceArgs } from "./xds-external";
import { applyOverride } from "./proxies/merge";
import { remember } from "./memo";

export const GLOO_LABELS = { app: "gloo", gloo: "gloo" };
/** Where gloo reads its webhook serving certificate by default (gwdefaults.ValidationWebhookTlsCertPath). */
const VALIDATION_CERTS_DIR = "/etc/gateway/validation-certs";

/**
 * Envoy bootstraps are typed objects; YAML is only their serialisation. Sub-objects the builders share (one TLS
 * context for two clusters) are written out in full, not as YAML anchors, so the ConfigMap reads as Envoy's docs.
 */
export function toYaml(obj: unknown): string {
    // Keyed by its JSON: bootstraps are JSON data (typed builders, validated numbers). A process that runs the program
    // again and again (npm test: some 150 runs) serialises each distinct bootstrap once; YAML's is the costly part.
    return remember(yamlOf, JSON.stringify(obj), 32, () => YAML.stringify(obj, { lineWidth: 0, aliasDuplicateObjects: false }));
}
const yamlOf = new Map<string, string>();

export function glooXdsPorts(): ContainerPort[] {
    return [
        { name: "grpc-xds", containerPort: PORTS.xds, protocol: "TCP" },
        { name: "rest-xds", containerPort: PORTS.restXds, protocol: "TCP" },
    ];
}

/** GOMEMLIMIT/GOMAXPROCS from the gloo container's limits, as the chart sets them (the Go runtime then respects them). */
export function goRuntimeEnv(limits: Record<string, string> | undefined): EnvVar[] {
    const fromLimit = (name: string, resource: string): EnvVar => ({ name, valueFrom: { resourceFieldRef: { divisor: "1", resource } } });
    return [...(limits?.memory !== undefined ? [fromLimit("GOMEMLIMIT", "limits.memory")] : []), ...(limits?.cpu !== undefined ? [fromLimit("GOMAXPROCS", "limits.cpu")] : [])];
}

/** The gloo pod as the chart renders it in plaintext mode. */
export function glooPodSpec(r: ResolvedArgs): PodSpec {
    const g = r.gloo;
    return {
        serviceAccountName: NAMES.gloo,
        securityContext: podSecurityContext(),
        ...pullSecrets(r.pullSecret),
        ...field("nodeSelector", g.nodeSelector),
        ...field("tolerations", g.tolerations),
        ...field("affinity", g.affinity),
        ...field("priorityClassName", g.priorityClassName),
        containers: [
            {
                name: NAMES.gloo,
                image: imageName(r.images.gloo),
                imagePullPolicy: r.images.gloo.pullPolicy,
                env: [
                    // The chart's order: runtime limits, the user's env, then the program's own.
                    ...goRuntimeEnv(g.resources.limits),
                    ...(g.customEnv as EnvVar[]),
                    fieldEnv("POD_NAMESPACE", "metadata.namespace"),
                    ...(r.stats.enabled ? [{ name: "START_STATS_SERVER", value: "true" }] : []),
                    ...(r.validation ? [{ name: "VALIDATION_MUST_START", value: "true" }] : []),
                    ...(g.logLevel ? [{ name: "LOG_LEVEL", value: g.logLevel }] : []),
                    ...(r.enterprise.enabled ? [licenseEnv()] : []),
                ],
                ports: [
                    ...glooXdsPorts(),
                    { name: "grpc-validation", containerPort: PORTS.validation, protocol: "TCP" },
                    { name: "grpc-proxydebug", containerPort: PORTS.proxyDebug, protocol: "TCP" },
                    { name: "wasm-cache", containerPort: PORTS.wasmCache, protocol: "TCP" },
                    // As the chart writes it (no protocol: Kubernetes' TCP default); also when only Service gloo has the port, which targets it.
                    ...(r.stats.enabled && (r.stats.podMonitorEnabled || r.stats.serviceMonitorEnabled) ? [{ name: "http-monitoring", containerPort: PORTS.glooStats }] : []),
                    // gloo serves the validation webhook here; the chart leaves it undeclared, though Service gloo:443 targets it.
                    ...(r.validation ? [{ name: "https-webhook", containerPort: PORTS.validationWebhook, protocol: "TCP" }] : []),
                ],
                readinessProbe: tcpProbe(PORTS.xds),
                resources: g.resources,
                securityContext: restrictedSecurityContext(),
                volumeMounts: [
                    { name: "labels-volume", mountPath: "/etc/gloo", readOnly: true },
                    ...(r.validation ? [{ name: "validation-certs", mountPath: VALIDATION_CERTS_DIR, readOnly: true }] : []),
                ],
            },
        ],
        volumes: [
            { name: "labels-volume", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
            ...(r.validation ? [{ name: "validation-certs", secret: { secretName: NAMES.validationSecret, defaultMode: 420 } }] : []),
        ],
    };
}

/** The gloo pod in the mode the args ask for: in mTLS mode with its two sidecars in front. */
export function glooPodSpecFor(r: ResolvedArgs): PodSpec {
    const base = glooPodSpec(r);
    if (!r.mtls.enabled) return base;
    return withMtlsSidecars(base, {
        mainContainer: NAMES.gloo,
        // gloo itself still serves validation on the pod IP: readiness says gloo is up, not just its proxy.
        mainReadinessPort: PORTS.validation,
        envoyImage: r.images.envoy,
        sdsImage: r.images.sds,
        sdsLogLevel: r.mtls.sdsLogLevel,
        ...sdsAddress(r),
        envoySidecar: { configMap: NAMES.sidecarConfigMap, ports: glooXdsPorts() },
        position: "first",
        ...sidecarResources(r),
    });
}

/** gloo's sidecar bootstrap (ConfigMap `envoy-sidecar-config`), as YAML. */
export function glooSidecarYaml(r: ResolvedArgs): string {
    return toYaml(glooSidecarBootstrap(glooClientNames(r), r.ipV4Only));
}

/** gloo's pod annotations: stats, the release glooctl reads, and in mTLS mode the sidecar bootstrap's checksum. */
export function glooPodAnnotations(r: ResolvedArgs): Record<string, string> {
    return {
        // The chart sets these four only with stats on (global.glooStats.enabled), glooctl's release annotation among them.
        ...(r.stats.enabled
            ? { "prometheus.io/path": "/metrics", "prometheus.io/port": String(PORTS.glooStats), "prometheus.io/scrape": "true", "gloo.solo.io/oss-image-tag": r.gloo.ossImageTag }
            : {}),
        ...(r.mtls.enabled
            ? {
                  [`checksum/${NAMES.sidecarConfigMap}`]: checksum(glooSidecarYaml(r)),
                  // `kubectl logs deploy/gloo` keeps showing gloo, not the first sidecar.
                  "kubectl.kubernetes.io/default-container": NAMES.gloo,
              }
            : {}),
    };
}

/** Deployment `gloo` before `gloo.deployment.kubeResourceOverride`. */
export function glooDeploymentArgs(r: ResolvedArgs): appsv1.DeploymentArgs {
    return {
        metadata: { name: NAMES.gloo, namespace: r.namespace, labels: GLOO_LABELS },
        spec: {
            replicas: r.gloo.replicas,
            selector: { matchLabels: { gloo: "gloo" } },
            template: {
                metadata: { labels: { gloo: "gloo", ...r.gloo.extraLabels }, annotations: { ...glooPodAnnotations(r), ...r.gloo.extraAnnotations } },
                spec: glooPodSpecFor(r),
            },
        },
    };
}

/** PodDisruptionBudget `gloo-pdb` (chart `1-gloo-pod-disruption-budget.yaml`), when `gloo.podDisruptionBudget` has a bound. */
export function glooPdbArgs(r: ResolvedArgs): policyv1.PodDisruptionBudgetArgs | undefined {
    const b = r.gloo.pdb;
    if (!b) return undefined;
    return {
        metadata: { name: "gloo-pdb", namespace: r.namespace, labels: { app: "gloo" } },
        spec: { ...field("minAvailable", b.minAvailable), ...field("maxUnavailable", b.maxUnavailable), selector: { matchLabels: { gloo: "gloo" } } },
    };
}

export function glooServicePorts(r: ResolvedArgs): k8sInput.core.v1.ServicePort[] {
    return [
        ...glooXdsPorts().map((p) => ({ name: p.name, port: p.containerPort, protocol: "TCP" })),
        { name: "grpc-validation", port: PORTS.validation, protocol: "TCP" },
        { name: "grpc-proxydebug", port: PORTS.proxyDebug, protocol: "TCP" },
        { name: "wasm-cache", port: PORTS.wasmCache, protocol: "TCP" },
        ...(r.validation ? [{ name: "https", port: 443, targetPort: PORTS.validationWebhook, protocol: "TCP" }] : []),
        ...(r.stats.enabled && r.stats.serviceMonitorEnabled ? [{ name: "http-monitoring", port: PORTS.glooStats }] : []),
    ];
}

/** Settings `default`: gloo binds its xDS servers to localhost in mTLS mode, where the sidecar fronts them. */
export function settingsSpec(r: ResolvedArgs): Record<string, unknown> {
    const validationAddr = `${NAMES.gloo}:${PORTS.validation}`;
    return {
        discoveryNamespace: r.settings.discoveryNamespace,
        kubernetesArtifactSource: {},
        kubernetesConfigSource: {},
        kubernetesSecretSource: {},
        refreshRate: "60s",
        // As the chart: rendered only when true (Gloo then binds the Gateway API mode's listeners to 0.0.0.0).
        ...(r.ipV4Only ? { ipV4Only: true } : {}),
        gloo: {
            // Pod-wide binds are dual-stack unless settings.ipV4Only (goAnyAddress); the validation server too, since
            // gloo's readiness probe dials it on the pod IP.
            xdsBindAddr: r.mtls.enabled ? `127.0.0.1:${PORTS.mtlsLocalXds}` : goAnyAddress(r, PORTS.xds),
            restXdsBindAddr: r.mtls.enabled ? `127.0.0.1:${PORTS.mtlsLocalRestXds}` : goAnyAddress(r, PORTS.restXds),
            ...(r.ipV4Only ? {} : { validationBindAddr: goAnyAddress(r, PORTS.validation) }),
            proxyDebugBindAddr: goAnyAddress(r, PORTS.proxyDebug),
            enableRestEds: false,
            disableKubernetesDestinations: r.settings.disableKubernetesDestinations,
            disableProxyGarbageCollection: false,
            regexMaxProgramSize: 1024,
            invalidConfigPolicy: { ...r.settings.invalidConfigPolicy },
            istioOptions: { appendXForwardedHost: true, enableAutoMtls: false, enableIntegration: false },
        },
        gateway: {
            readGatewaysFromAllNamespaces: false,
            enableGatewayController: true,
            isolateVirtualHostsBySslConfig: false,
            validation: {
                proxyValidationServerAddr: validationAddr,
                alwaysAccept: true,
                allowWarnings: true,
                warnMissingTlsSecret: true,
                serverEnabled: r.validation,
                disableTransformationValidation: false,
                warnRouteShortCircuiting: false,
                validationServerGrpcMaxSizeBytes: 104857600,
                fullEnvoyValidation: false,
            },
        },
        discovery: { fdsMode: "WHITELIST" },
        ...enterpriseSettings(r),
        ...field("watchNamespaces", r.settings.watchNamespaces),
    };
}

/** The chart's two webhooks: Gloo resources, and deletions of Secrets/Namespaces they depend on. */
export function validationWebhooks(namespace: string, caBundle: pulumi.Input<string>): k8sInput.admissionregistration.v1.ValidatingWebhook[] {
    const clientConfig = { service: { name: NAMES.gloo, namespace, path: "/validation", port: 443 }, caBundle };
    const common = { clientConfig, sideEffects: "None", matchPolicy: "Exact", admissionReviewVersions: ["v1beta1"], failurePolicy: "Ignore" };
    const rule = (apiGroup: string, apiVersion: string, resource: string, operations: string[]) => ({
        operations,
        apiGroups: [apiGroup],
        apiVersions: [apiVersion],
        resources: [resource],
    });
    const cud = ["CREATE", "UPDATE", "DELETE"];
    return [
        {
            name: `gloo.${namespace}.svc`,
            ...common,
            rules: [
                rule("gateway.solo.io", "v1", "virtualservices", cud),
                rule("gateway.solo.io", "v1", "routetables", cud),
                rule("gateway.solo.io", "v1", "gateways", ["CREATE", "UPDATE"]),
                rule("gloo.solo.io", "v1", "upstreams", cud),
                rule("ratelimit.solo.io", "v1alpha1", "ratelimitconfigs", cud),
            ],
        },
        {
            name: `kube.${namespace}.svc`,
            ...common,
            rules: [rule("", "v1", "secrets", ["DELETE"]), rule("", "v1", "namespaces", ["UPDATE", "DELETE"])],
        },
    ];
}

/** The chart's roles that the gloo ServiceAccount is bound to (discovery off). */
export function glooRoles() {
    return GLOO_CLUSTER_ROLES.filter((role) => bindingSubjects(role).includes(NAMES.gloo));
}

export interface ControlPlaneArgs {
    /** The install's arguments with defaults applied (see resolveArgs). */
    config: ResolvedArgs;
    /** The Pulumi names of the install's resources. */
    names: Names;
}

export class ControlPlane extends pulumi.ComponentResource {
    readonly deployment: appsv1.Deployment;
    readonly service: corev1.Service;
    /** Service `gloo-xds-external`, with `gloo.xdsExternal`. */
    readonly externalService?: corev1.Service;

    constructor(name: string, args: ControlPlaneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:gloo:ControlPlane", name, {}, opts);
        const r = args.config;
        const ns = r.namespace;
        const f = new Family(this, opts, args.names);

        const sa = new corev1.ServiceAccount(f.name("gloo"), { metadata: { name: NAMES.gloo, namespace: ns, labels: GLOO_LABELS } }, f.opts("gloo"));
        const bindings = glooRoles().map((role) => {
            const cr = new rbacv1.ClusterRole(f.name(role.name), clusterRoleArgs(role, ns), f.opts(role.name));
            return new rbacv1.ClusterRoleBinding(
                f.name(role.name),
                {
                    metadata: { name: roleBindingName(role.name, ns), labels: { ...RBAC_LABELS } },
                    subjects: [{ kind: "ServiceAccount", name: NAMES.gloo, namespace: ns }],
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRoleName(role.name, ns) },
                },
                f.opts(role.name, cr, sa),
            );
        });

        const settings = new apiextensions.CustomResource(
            f.name("settings"),
            { apiVersion: "gloo.solo.io/v1", kind: "Settings", metadata: { name: NAMES.settings, namespace: ns, labels: { app: "gloo", gloo: "settings" } }, spec: settingsSpec(r) },
            f.opts("settings"),
        );

        const deps: pulumi.Input<pulumi.Resource>[] = [settings, ...bindings];
        if (r.mtls.enabled) {
            deps.push(
                new corev1.ConfigMap(
                    f.name(NAMES.sidecarConfigMap),
                    { metadata: { name: NAMES.sidecarConfigMap, namespace: ns, labels: GLOO_LABELS }, data: { [NAMES.sidecarConfigKey]: glooSidecarYaml(r) } },
                    f.opts(NAMES.sidecarConfigMap),
                ),
            );
        }
        if (r.validation) {
            const certs = new TlsSecret(
                f.name(NAMES.validationSecret),
                {
                    namespace: ns,
                    secretName: NAMES.validationSecret,
                    commonName: `${NAMES.gloo}.${ns}.svc`,
                    dnsNames: glooServiceSans(ns, r.clusterName),
                    keyAlgorithm: r.certificates.keyAlgorithm,
                    caValidityHours: r.certificates.caValidityHours,
                    leafValidityHours: r.certificates.leafValidityHours,
                    labels: { app: "gloo", gloo: "gateway" },
                },
                f.opts(NAMES.validationSecret),
            );
            deps.push(certs);
            new admissionregistrationv1.ValidatingWebhookConfiguration(
                f.name("validation-webhook"),
                {
                    metadata: { name: `gloo-gateway-validation-webhook-${ns}`, labels: { app: "gloo", gloo: "gateway" } },
                    webhooks: validationWebhooks(ns, certs.caBundlePem.apply((pem) => Buffer.from(pem).toString("base64"))),
                },
                f.opts("validation-webhook"),
            );
        }

        this.deployment = new appsv1.Deployment(f.name("gloo"), applyOverride(glooDeploymentArgs(r), r.gloo.override), f.opts("gloo", ...deps));
        const pdb = glooPdbArgs(r);
        if (pdb) new policyv1.PodDisruptionBudget(f.name("gloo-pdb"), pdb, f.opts("gloo-pdb"));
        this.service = new corev1.Service(
            f.name("gloo"),
            { metadata: { name: NAMES.gloo, namespace: ns, labels: GLOO_LABELS }, spec: { selector: { gloo: "gloo" }, ports: glooServicePorts(r) } },
            f.opts("gloo"),
        );
        if (r.xdsExternal) this.externalService = new corev1.Service(f.name("xds-external"), xdsExternalServiceArgs(ns, r.xdsExternal), f.opts("xds-external"));
        this.registerOutputs({});
    }
}
