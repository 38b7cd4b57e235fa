// The whole install: one explicit Kubernetes provider, the namespace, Gloo's CRDs, the control plane,
// the gateway-proxy and, in mTLS mode, the shared certificates and the NetworkPolicies.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GlooInstallArgs, ResolvedArgs, resolveArgs } from "./args";
import { NAMES, glooServiceSans } from "./constants";
import { ControlPlane } from "./control-plane";
import { enterpriseTroubleshootingCommands, licenseSecretArgs } from "./enterprise";
import { ExtAuth, RateLimit } from "./enterprise-servers";
import { GLOO_CRDS, crdArgs } from "./crds";
import { GatewayProxy } from "./gateway-proxy";
import { mtlsNetworkPolicies, networkPolicyArgs } from "./network-policy";
import { CertgenJobs, describeOwnership } from "./rotation";
import { TlsSecret } from "./tls";

/** The guide's troubleshooting commands for this install (facts: "Logging"). */
export function troubleshootingCommands(namespace: string, r?: Pick<ResolvedArgs, "extensions">): string[] {
    return [
        `kubectl logs -n ${namespace} deploy/gloo sds`,
        `kubectl logs -n ${namespace} deploy/gloo envoy-sidecar`,
        `kubectl logs -n ${namespace} deploy/gateway-proxy sds`,
        ...(r ? enterpriseTroubleshootingCommands(namespace, r) : []),
        `kubectl port-forward -n ${namespace} deploy/gloo 8001   # then: curl -s localhost:8001/certs`,
    ];
}

export class GlooInstall extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly mtlsEnabled: boolean;
    /** The mTLS CA bundle (public), when mTLS is on. */
    readonly mtlsCaCertificate?: pulumi.Output<string>;
    /** When the mTLS leaf certificate expires, when mTLS is on. */
    readonly mtlsLeafNotAfter?: pulumi.Output<string>;
    readonly gatewayProxyService: pulumi.Output<string>;
    /** Who owns `gloo-mtls-certs` and where a staged rotation stands, when mTLS is on. */
    readonly certificatePhase?: string;
    /** The next rotation step in words, with its commands, when mTLS is on. */
    readonly certificateNextStep?: string;
    readonly resolved: ResolvedArgs;

    constructor(name: string, args: GlooInstallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gloo-mtls:gloo:GlooInstall", name, {}, opts);
        const r = (this.resolved = resolveArgs(args));
        if (r.enterprise.enabled && r.enterprise.licenseKey === undefined) {
            throw new pulumi.ResourceError("enterprise.licenseKey is required when enterprise.enabled is true (pulumi config set --secret --path 'enterprise.licenseKey' <key>)", this);
        }
        if ((r.extensions.extAuth || r.extensions.rateLimit) && !r.enterprise.enabled) {
            throw new pulumi.ResourceError("global.extensions.extAuth/rateLimit need enterprise.enabled: they are Gloo Enterprise servers", this);
        }

        const provider = new k8s.Provider(
            "k8s",
            {
                kubeconfig: r.kubernetes.kubeconfig,
                context: r.kubernetes.context,
                renderYamlToDirectory: r.kubernetes.renderYamlTo,
                // Certificate changes update the mounted Secret in place instead of delete-then-create.
                enableSecretMutable: true,
            },
            { parent: this },
        );
        const child = { parent: this, provider };
        const ns = new k8s.core.v1.Namespace("namespace", { metadata: { name: r.namespace, labels: { app: "gloo" } } }, child);
        // Deleting a CRD deletes every object of its kind cluster-wide: destroy and renames leave the CRDs in place.
        const crds = GLOO_CRDS.map((crd) => new k8s.apiextensions.v1.CustomResourceDefinition(`${crd.plural}.${crd.group}`, crdArgs(crd), { ...child, retainOnDelete: true }));
        const inNamespace = { parent: this, providers: [provider], dependsOn: [ns, ...crds] };

        const deps: pulumi.Resource[] = [ns, ...crds];
        let mtls: TlsSecret | undefined;
        if (r.mtls.enabled) {
            // One owner for gloo-mtls-certs (docs/rotation.md):
            //  - issuer pulumi, no CronJob: Pulumi; changes are in-place updates (enableSecretMutable above);
            //  - issuer pulumi + CronJob: Pulumi creates it once, the CronJob rotates it;
            //  - issuer certgen: the certgen Job creates it in the cluster; no tls resource exists for it.
            const c = r.certificates;
            const cron = r.certGen.cron.enabled;
            if (c.issuer === "pulumi") {
                mtls = new TlsSecret(
                    NAMES.mtlsSecret,
                    {
                        namespace: r.namespace,
                        secretName: NAMES.mtlsSecret,
                        commonName: `${NAMES.gloo}.${r.namespace}.svc`,
                        dnsNames: glooServiceSans(r.namespace, r.clusterName),
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
                    inNamespace,
                );
                deps.push(mtls);
            }
            if (c.issuer === "certgen" || cron) {
                const certgen = new CertgenJobs(
                    "certgen",
                    {
                        namespace: r.namespace,
                        image: r.certGen.image,
                        rotationDuration: r.certGen.rotationDuration,
                        createSecret: c.issuer === "certgen",
                        cron: cron ? { schedule: r.certGen.cron.schedule, timeZone: r.certGen.cron.timeZone } : undefined,
                        cronDependsOn: mtls ? [mtls.secret] : [],
                    },
                    { parent: this, providers: [provider], dependsOn: [ns] },
                );
                // Pods mount the Secret the Job creates: the provider waits for the Job to complete first.
                if (certgen.job) deps.push(certgen.job);
            }
            const d = describeOwnership({ issuer: c.issuer, cron, plan: c.ca, namespace: r.namespace });
            this.certificatePhase = d.phase;
            this.certificateNextStep = d.next;
            if (r.mtls.networkPolicy) {
                for (const p of mtlsNetworkPolicies(r)) new k8s.networking.v1.NetworkPolicy(p.name, networkPolicyArgs(p, r.namespace), { ...child, dependsOn: [ns] });
            }
        }
        if (r.enterprise.enabled) {
            // gloo-ee reads the license from this Secret (GLOO_LICENSE_KEY): it exists before the pods.
            deps.push(new k8s.core.v1.Secret("license", licenseSecretArgs(r.namespace, r.enterprise.licenseKey!), { ...child, dependsOn: [ns] }));
        }
        // Pods mount the mTLS Secret: they are created only after it exists.
        const podOpts = { parent: this, providers: [provider], dependsOn: deps };
        new ControlPlane("control-plane", { config: r }, podOpts);
        const proxy = new GatewayProxy("gateway-proxy", { config: r }, podOpts);
        if (r.extensions.extAuth) new ExtAuth("extauth", { config: r }, podOpts);
        if (r.extensions.rateLimit) new RateLimit("rate-limit", { config: r }, podOpts);

        this.namespace = ns.metadata.name;
        this.mtlsEnabled = r.mtls.enabled;
        // Pulumi's view of the certificates is current only while Pulumi alone owns them.
        const pulumiOwned = r.certificates.issuer === "pulumi" && !r.certGen.cron.enabled;
        this.mtlsCaCertificate = pulumiOwned ? mtls?.caBundlePem : undefined;
        this.mtlsLeafNotAfter = pulumiOwned ? mtls?.leafNotAfter : undefined;
        this.gatewayProxyService = proxy.service.metadata.name;
        this.registerOutputs({
            namespace: this.namespace,
            mtlsCaCertificate: this.mtlsCaCertificate,
            mtlsLeafNotAfter: this.mtlsLeafNotAfter,
            gatewayProxyService: this.gatewayProxyService,
        });
    }
}
