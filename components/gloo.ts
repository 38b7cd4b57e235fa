// The whole install: one explicit Kubernetes provider, the namespace, Gloo's CRDs, the control plane,
// the gateway-proxy and, in mTLS mode, the shared certificates and the NetworkPolicies; and proxy fleets in
// other clusters, each cluster on its own provider (./remote.ts).
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import { Provider as KubernetesProvider, ProviderArgs as KubernetesProviderArgs } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { GlooInstallArgs, ResolvedArgs, resolveValidated } from "./args";
import { NAMES, glooServiceSans } from "./constants";
import { ControlPlane } from "./control-plane";
import { enterpriseTroubleshootingCommands, licenseSecretArgs } from "./enterprise";
import { ExtAuth, RateLimit } from "./enterprise-servers";
import { glooCrds } from "./crds";
import { GatewayProxy } from "./gateway-proxy";
import { mtlsNetworkPolicies, networkPolicyArgs } from "./network-policy";
import { Names, childOptions } from "./options";
import { CertgenJobs, describeOwnership } from "./rotation";
import { TlsSecret } from "./tls";
import { remoteFleets } from "./identities";
import { DEFAULT_PROXY_KEY } from "./proxies/merge";
import { loadBalancerAddress } from "./proxies/objects";
import { RemoteCluster } from "./remote";
import { ARGUMENT_KEYS, ArgumentError, checkArgs } from "./validation/problems";
import { ValidArgs } from "./validation/schema";
import { warningsReported } from "./validation/warnings";

// @pulumi/kubernetes's index, loaded at run time only, as when the components imported it: it registers the
// kubernetes provider package and every API group's resource module with the SDK, through which resource references
// from the engine deserialize (a provider handed to the component host, a ConfigGroup's resources). The components
// import API-group modules instead so that no TypeScript program reads the index's declarations (every API group):
// tsc does not resolve a require() call in a .ts file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@pulumi/kubernetes");

/** The guide's troubleshooting commands for this install (facts: "Logging"). */
export function troubleshootingCommands(namespace: string, r?: Pick<ResolvedArgs, "extensions"> & Partial<Pick<ResolvedArgs, "proxies" | "clusters">>): string[] {
    const enabled = r?.proxies ? r.proxies.filter((p) => !p.disabled) : undefined;
    // kubectl's short names: deploy/<name>, or ds/<name> for a proxy run as a DaemonSet.
    const workload = (p: { name: string; kind?: string }) => `${p.kind === "DaemonSet" ? "ds" : "deploy"}/${p.name}`;
    const proxies = enabled ? enabled.filter((p) => p.cluster === undefined).map(workload) : [`deploy/${NAMES.gatewayProxy}`];
    // A fleet in another cluster: its cluster's context when the stack names one.
    const remote = (enabled ?? [])
        .filter((p) => p.cluster !== undefined)
        .map((p) => {
            const context = r?.clusters?.find((c) => c.key === p.cluster)?.access.context;
            const cmd = `kubectl ${context ? `--context ${context} ` : ""}logs -n ${namespace} ${workload(p)} sds`;
            return context ? cmd : `${cmd}   # in cluster ${p.cluster}`;
        });
    return [
        `kubectl logs -n ${namespace} deploy/gloo sds`,
        `kubectl logs -n ${namespace} deploy/gloo envoy-sidecar`,
        ...proxies.map((p) => `kubectl logs -n ${namespace} ${p} sds`),
        ...remote,
        ...(r ? enterpriseTroubleshootingCommands(namespace, r) : []),
        `kubectl port-forward -n ${namespace} deploy/gloo 8001   # then: curl -s localhost:8001/certs`,
    ];
}

/**
 * A provider of the install's own for one cluster (`kubernetes.*`). Certificate changes update a mounted Secret in
 * place instead of delete-then-create (enableSecretMutable).
 */
export function clusterProvider(
    name: string,
    access: ResolvedArgs["kubernetes"],
    extra: Partial<KubernetesProviderArgs>,
    opts: pulumi.CustomResourceOptions,
): KubernetesProvider {
    return new KubernetesProvider(
        name,
        { kubeconfig: access.kubeconfig, context: access.context, renderYamlToDirectory: access.renderYamlTo, enableSecretMutable: true, ...extra },
        opts,
    );
}

/** The Kubernetes provider passed in resource options (`provider`, or `providers` as a list or map), if any. */
export function providedKubernetesProvider(opts: pulumi.ComponentResourceOptions | undefined): KubernetesProvider | undefined {
    const candidates = [opts?.provider, ...(Array.isArray(opts?.providers) ? opts.providers : Object.values(opts?.providers ?? {}))];
    return candidates.find((p): p is KubernetesProvider => KubernetesProvider.isInstance(p));
}

/**
 * Every problem with a GlooInstall's arguments and options, named as argument paths; [] when there is none.
 * The stack loader applies the same rules to stack config, naming config keys.
 */
export function installProblems(args: GlooInstallArgs, opts?: pulumi.ComponentResourceOptions): string[] {
    return checkInstall(args, opts).problems;
}

/** Problems and warnings of a GlooInstall's arguments and options, named as argument paths. */
export function checkInstall(args: GlooInstallArgs, opts?: pulumi.ComponentResourceOptions): { problems: string[]; warnings: string[] } {
    return checkValidated(args, opts);
}

/**
 * Through the package's provider (other languages), a block holding a secret or another resource's output arrives as
 * one Output of the whole block, whose keys cannot be checked before registering: refused, named, with what to do.
 */
function wrappedBlocks(args: GlooInstallArgs): string[] {
    return Object.entries(args as Record<string, unknown>)
        .filter(([, v]) => pulumi.Output.isInstance(v))
        .map(
            ([k]) =>
                `${ARGUMENT_KEYS.key(k)}: got an output for the whole block (a secret or another resource's output inside it makes it one when it reaches the package's provider); ` +
                "give this block plain values (docs/library.md, Limits)",
        );
}

/** checkInstall with the validated arguments (the component resolves them). */
function checkValidated(args: GlooInstallArgs, opts?: pulumi.ComponentResourceOptions): { problems: string[]; warnings: string[]; value?: ValidArgs } {
    const outputs = wrappedBlocks(args);
    if (outputs.length > 0) return { problems: outputs, warnings: [] };
    const { problems, warnings, value } = checkArgs(args, ARGUMENT_KEYS);
    const given = Object.entries(args.kubernetes ?? {}).filter(([, v]) => v !== undefined);
    const passed = providedKubernetesProvider(opts);
    if (passed && given.length > 0) {
        problems.push(
            `${ARGUMENT_KEYS.key("kubernetes")}: got ${given.map(([k]) => k).join(", ")}; these configure the provider this component makes, ` +
                `but a Kubernetes provider was passed in its resource options (configure that provider instead, or pass none)`,
        );
    }
    // One provider per cluster: a fleet's objects on gloo's provider (or another fleet cluster's) would collide there.
    const owners = new Map<KubernetesProvider, string>(passed ? [[passed, "the provider in the resource options (gloo's cluster)"]] : []);
    for (const [key, c] of Object.entries(args.clusters ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!c?.provider || !KubernetesProvider.isInstance(c.provider)) continue;
        const other = owners.get(c.provider);
        if (other) problems.push(`${ARGUMENT_KEYS.key(`clusters.${key}.provider`)}: got the same provider as ${other}; each cluster needs a provider of its own (a proxy in gloo's cluster needs no cluster key)`);
        else owners.set(c.provider, ARGUMENT_KEYS.key(`clusters.${key}.provider`));
    }
    return problems.length > 0 ? { problems, warnings } : { problems, warnings, value };
}

/** Names and load balancer address of one gateway proxy's Service. */
export interface GatewayProxyOutputs {
    /** The Service's name. */
    service: pulumi.Output<string>;
    /** The address a LoadBalancer Service got from the cloud (IP or host name); undefined until then and for other types. */
    loadBalancerAddress: pulumi.Output<string | undefined>;
    /** The key of `clusters` the proxy runs in; absent for gloo's own cluster. */
    cluster?: string;
}

/** The names gloo's serving certificate carries: the fixed four, every in-cluster proxy's own xdsServiceAddress, the external address. */
export function glooCertificateNames(r: ResolvedArgs): string[] {
    const extra = r.proxies.filter((p) => !p.disabled && p.cluster === undefined && p.xds.address).map((p) => p.xds.address!);
    return [...new Set([...glooServiceSans(r.namespace, r.clusterName), ...extra, ...(r.xdsExternal ? [r.xdsExternal.address] : [])])];
}

/**
 * What a GlooInstall keeps for TypeScript callers but is no output of the component: Pulumi's schema Analyzer takes
 * every property of the class for an output (and could describe neither), and skips accessors.
 */
const internals = new WeakMap<
    GlooInstall,
    { resolved: ResolvedArgs; provider: KubernetesProvider; gatewayProxies: Record<string, GatewayProxyOutputs>; xdsExternalAddress?: pulumi.Output<string | undefined> }
>();

/** GlooInstall's type token. */
export const GLOO_INSTALL_TYPE = "gloo-mtls:index:GlooInstall";
/** Its token up to release 0.2. */
export const LEGACY_GLOO_INSTALL_TYPE = "gloo-mtls:gloo:GlooInstall";

/**
 * Gloo Gateway (Edge API) in mTLS mode, shaped like the official Helm chart 1.22.1's values: the control plane, the
 * gateway proxies, the mTLS certificates and their rotation, Gloo's CRDs, and proxy fleets in other clusters.
 */
export class GlooInstall extends pulumi.ComponentResource {
    /** The install's namespace. */
    readonly namespace: pulumi.Output<string>;
    /** Whether xDS runs over mutual TLS (`global.glooMtls.enabled`). */
    readonly mtlsEnabled: boolean;
    /** The mTLS CA bundle (public), when mTLS is on. */
    readonly mtlsCaCertificate?: pulumi.Output<string>;
    /** When the mTLS leaf certificate expires, when mTLS is on. */
    readonly mtlsLeafNotAfter?: pulumi.Output<string>;
    /** The default proxy's Service name (absent when `gatewayProxies.gatewayProxy.disabled`). */
    readonly gatewayProxyService?: pulumi.Output<string>;
    // The next two are accessors: their values may stay undefined (no load balancer address yet), which Pulumi's
    // schema Analyzer cannot describe (it takes every class property for an output of the package and skips accessors).
    /** Every enabled proxy's Service and load balancer address, by `gatewayProxies` key (TypeScript only). */
    get gatewayProxies(): Record<string, GatewayProxyOutputs> {
        return internals.get(this)!.gatewayProxies;
    }
    /** The address gloo's external xDS load balancer got (the DNS record of `gloo.xdsExternal.address` points here; TypeScript only). */
    get xdsExternalAddress(): pulumi.Output<string | undefined> | undefined {
        return internals.get(this)!.xdsExternalAddress;
    }
    /** Who owns `gloo-mtls-certs` and where a staged rotation stands, when mTLS is on. */
    readonly certificatePhase?: string;
    /** The next rotation step in words, with its commands, when mTLS is on. */
    readonly certificateNextStep?: string;
    /** Every argument with its default applied. */
    get resolved(): ResolvedArgs {
        return internals.get(this)!.resolved;
    }
    /** The Kubernetes provider every resource of the install uses: the one passed in, or the install's own. */
    get provider(): KubernetesProvider {
        return internals.get(this)!.provider;
    }

    /**
     * @param name Prefix of every resource's Pulumi name, so several installs can live in one program.
     * @param args Shaped like the official chart's values (see GlooInstallArgs); checked before anything is registered.
     * @param opts A Kubernetes provider passed as `provider` or in `providers` is used for every resource; without
     *   one, the install makes its own from `args.kubernetes`.
     */
    constructor(name: string, args: GlooInstallArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super(): a bad argument registers nothing, not even this component.
        const { problems, warnings, value } = checkValidated(args, opts);
        if (problems.length > 0) throw new ArgumentError(problems, `GlooInstall "${name}": invalid arguments`);
        // The package's token (`<package>:index:<Class>`, what the component provider constructs); releases up to 0.2
        // registered `gloo-mtls:gloo:GlooInstall`: the alias keeps the component and, through it, every child.
        super(GLOO_INSTALL_TYPE, name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: LEGACY_GLOO_INSTALL_TYPE }] });
        // The stack loader reports its config's warnings under the config keys; otherwise they are ours to report.
        if (!warningsReported(args)) for (const w of warnings) void pulumi.log.warn(w, this);
        if (typeof args.enterprise?.licenseKey === "string") {
            pulumi.log.warn(`${ARGUMENT_KEYS.key("enterprise.licenseKey")} is a plain string: pass it as pulumi.secret(…) so it is encrypted in the state`, this);
        }
        const r = resolveValidated(args, value!);
        const n = new Names(name);
        // Children wait for what the install waits for: Pulumi does not pass a component's dependsOn down.
        const own = (role: string, ...after: pulumi.Input<pulumi.Resource>[]) => ({ ...childOptions(this, opts, ...after), ...n.aliases(role) });

        const provider = providedKubernetesProvider(opts) ?? clusterProvider(n.of("k8s"), r.kubernetes, {}, own("k8s"));
        // Until the end of the constructor (accessors read it): the resolved arguments and the provider.
        internals.set(this, { resolved: r, provider, gatewayProxies: {} });
        const child = (role: string, ...after: pulumi.Input<pulumi.Resource>[]) => ({ ...own(role, ...after), provider });
        const ns = new corev1.Namespace(
            n.of("namespace"),
            { metadata: { name: r.namespace, labels: { app: "gloo" } } },
            // Kept on destroy: other teams' objects may live in it; the install's own objects are still deleted.
            { ...child("namespace"), retainOnDelete: true },
        );
        // Cluster-wide: only the install that owns them creates them (docs/deploying.md, "Two stacks on one cluster").
        const crds = r.crds
            ? glooCrds(n.of("crds"), {
                  ...childOptions(this, opts),
                  // CRDs outlive every install (retained on delete), so the next install on the cluster adopts them.
                  provider: providedKubernetesProvider(opts) ?? clusterProvider(n.of("k8s-crds"), r.kubernetes, { upsertExistingObjects: true }, childOptions(this, opts)),
              })
            : [];
        const sub = (role: string, dependsOn: pulumi.Input<pulumi.Resource>[]) => ({ ...own(role, ...dependsOn), providers: [provider] });

        const deps: pulumi.Resource[] = [ns, ...crds];
        let mtls: TlsSecret | undefined;
        if (r.mtls.enabled) {
            // One owner for gloo-mtls-certs (docs/certificates.md, "One owner for the Secret"):
            //  - issuer pulumi, no CronJob: Pulumi; changes are in-place updates (enableSecretMutable above);
            //  - issuer pulumi + CronJob: Pulumi creates it once, the CronJob rotates it;
            //  - issuer certgen: the certgen Job creates it in the cluster; no tls resource exists for it.
            const c = r.certificates;
            const cron = r.certGen.cron.enabled;
            if (c.issuer === "pulumi") {
                mtls = new TlsSecret(
                    n.of(NAMES.mtlsSecret),
                    {
                        namespace: r.namespace,
                        secretName: NAMES.mtlsSecret,
                        commonName: `${NAMES.gloo}.${r.namespace}.svc`,
                        // Every proxy that dials gloo at an address of its own checks that name on this certificate.
                        dnsNames: glooCertificateNames(r),
                        // One leaf for both sides: gloo's sidecar serves it, every proxy presents it.
                        leafUses: ["server_auth", "client_auth"],
                        keyAlgorithm: c.keyAlgorithm,
                        caValidityHours: c.caValidityHours,
                        leafValidityHours: c.leafValidityHours,
                        ca: c.ca,
                        labels: { app: "gloo", gloo: "gloo-mtls-certs" },
                        // The CronJob rewrites data and drops labels on every rotation: a later `pulumi up` must not revert it.
                        secretOptions: cron ? { ignoreChanges: ["data", "stringData", "metadata"] } : undefined,
                    },
                    sub(NAMES.mtlsSecret, [ns, ...crds]),
                );
                deps.push(mtls);
            }
            if (c.issuer === "certgen" || cron) {
                const certgen = new CertgenJobs(
                    n.of("certgen"),
                    {
                        namespace: r.namespace,
                        image: r.certGen.image,
                        rotationDuration: r.certGen.rotationDuration,
                        resources: r.certGen.resources,
                        pullSecret: r.pullSecret,
                        createSecret: c.issuer === "certgen",
                        cron: cron ? { schedule: r.certGen.cron.schedule, timeZone: r.certGen.cron.timeZone } : undefined,
                        cronDependsOn: mtls ? [mtls.secret] : [],
                    },
                    sub("certgen", [ns]),
                );
                // Pods mount the Secret the Job creates: the provider waits for the Job to complete first.
                if (certgen.job) deps.push(certgen.job);
            }
            const fleetClusters = r.clusters.filter((k) => remoteFleets(r).some((p) => p.cluster === k.key)).map((k) => ({ key: k.key, context: k.access.context }));
            const d = describeOwnership({ issuer: c.issuer, cron, plan: c.ca, namespace: r.namespace, remote: fleetClusters });
            this.certificatePhase = d.phase;
            this.certificateNextStep = d.next;
            if (r.mtls.networkPolicy) {
                for (const p of mtlsNetworkPolicies(r)) new networkingv1.NetworkPolicy(n.of(p.name), networkPolicyArgs(p, r.namespace), child(p.name, ns));
            }
        }
        if (r.enterprise.enabled) {
            // gloo-ee reads the license from this Secret (GLOO_LICENSE_KEY): it exists before the pods.
            deps.push(new corev1.Secret(n.of("license"), licenseSecretArgs(r.namespace, r.enterprise.licenseKey!), child("license", ns)));
        }
        // Pods mount the mTLS Secret: they are created only after it exists.
        const parts = { config: r, names: n };
        const controlPlane = new ControlPlane(n.of("control-plane"), parts, sub("control-plane", deps));
        const proxies: Record<string, GatewayProxyOutputs> = {};
        let serviceAccount: corev1.ServiceAccount | undefined;
        let defaultService: pulumi.Output<string> | undefined;
        // The default proxy first: it makes the ServiceAccount the others use.
        for (const p of [...r.proxies].sort((a, b) => Number(b.isDefault) - Number(a.isDefault))) {
            const proxy = new GatewayProxy(n.of(p.name), { ...parts, proxy: p, serviceAccount }, sub(p.name, deps));
            serviceAccount ??= proxy.serviceAccount;
            if (!proxy.service) continue;
            proxies[p.key] = { service: proxy.service.metadata.name, loadBalancerAddress: proxy.loadBalancerAddress! };
            if (p.isDefault) defaultService = proxy.service.metadata.name;
        }
        // Fleets in other clusters, each cluster on its own provider (docs/multicluster.md).
        for (const c of r.clusters) {
            const fleets = remoteFleets(r).filter((p) => p.cluster === c.key);
            if (fleets.length === 0) continue;
            // Checked with the arguments: a remote fleet needs the leaf-issuing CA set (issuer pulumi, no CronJob).
            if (!mtls) throw new pulumi.ResourceError(`cluster ${c.key}: remote fleets need certificates issued by Pulumi`, this);
            const remoteProvider = c.provider ?? clusterProvider(n.of(`k8s-${c.key}`), c.access, {}, childOptions(this, opts));
            const remote = new RemoteCluster(n.of(`cluster-${c.key}`), { ...parts, cluster: c, fleets, ca: mtls.ca, provider: remoteProvider }, childOptions(this, opts));
            for (const [key, f] of Object.entries(remote.fleets)) {
                proxies[key] = f;
                if (key === DEFAULT_PROXY_KEY) defaultService = f.service;
            }
        }
        if (r.extensions.extAuth) new ExtAuth(n.of("extauth"), parts, sub("extauth", deps));
        if (r.extensions.rateLimit) new RateLimit(n.of("rate-limit"), parts, sub("rate-limit", deps));

        this.namespace = ns.metadata.name;
        this.mtlsEnabled = r.mtls.enabled;
        // Pulumi's view of the certificates is current only while Pulumi alone owns them.
        const pulumiOwned = r.certificates.issuer === "pulumi" && !r.certGen.cron.enabled;
        this.mtlsCaCertificate = pulumiOwned ? mtls?.caBundlePem : undefined;
        this.mtlsLeafNotAfter = pulumiOwned ? mtls?.leafNotAfter : undefined;
        this.gatewayProxyService = defaultService;
        const external = controlPlane.externalService;
        const xdsExternalAddress = external?.status.apply((s) => loadBalancerAddress(s as Parameters<typeof loadBalancerAddress>[0]));
        internals.set(this, { resolved: r, provider, gatewayProxies: proxies, xdsExternalAddress });
        this.registerOutputs({
            xdsExternalAddress,
            gatewayProxies: proxies,
            namespace: this.namespace,
            mtlsCaCertificate: this.mtlsCaCertificate,
            mtlsLeafNotAfter: this.mtlsLeafNotAfter,
            gatewayProxyService: this.gatewayProxyService,
        });
    }
}
