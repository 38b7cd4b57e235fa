// The gloo-mtls policies. Pure data and functions: nothing here starts the policy server (only index.ts
// constructs the PolicyPack), so tests import these and call validateResource/validateStack directly.
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "./sdk";
import {
    GLOO_DEPLOYMENT,
    Located,
    MTLS_SECRET,
    RETAIN_ANNOTATION,
    SIDECAR_CONFIGMAP,
    SIDECAR_CONTAINER,
    bindProblems,
    certgenWrites,
    glooNamespaces,
    isGlooCrd,
    isRetainMarked,
    pulumiOwnsData,
    sidecarFrontsGloo,
    stackObjects,
} from "./gloo";
import { CONFIG_GROUP, containersOf, describe, isKind, nameOf, namespaceOf, objectsOf, podSpecOf } from "./k8s";
import { privateKeyPaths } from "./pem";
import { checkRestricted } from "./pss";
import { DEFAULT_PROD_RULE, ProdRule, prodReason, stackOfUrn } from "./stack";
import { isObj, materialize } from "./values";

const STACK_TYPE = "pulumi:pulumi:Stack";

function stackName(resources: PolicyResource[], notApplicable: (reason: string) => never): string {
    return stackOfUrn(resources[0]?.urn ?? "") ?? notApplicable("the stack has no resources");
}

const urnOf = (l: Located | undefined) => l?.resource.urn;

// ---------------------------------------------------------------------------------------------------------
// 1. mTLS in production
// ---------------------------------------------------------------------------------------------------------

/** What is missing for mTLS mode in one namespace; empty when every part of it is there. */
export function mtlsGaps(objects: Located[], ns: string): string[] {
    const here = objects.filter(({ obj }) => namespaceOf(obj) === ns);
    const gaps: string[] = [];
    const gloo = here.find(({ obj }) => isKind(obj, "Deployment", GLOO_DEPLOYMENT));
    const pod = gloo && podSpecOf(gloo.obj);
    const names = pod ? containersOf(pod.podSpec).map((c) => c.name) : [];
    if (!gloo) gaps.push(`no Deployment ${GLOO_DEPLOYMENT}`);
    else if (!names.includes(SIDECAR_CONTAINER) || !names.includes("sds")) gaps.push(`Deployment ${GLOO_DEPLOYMENT} has no ${SIDECAR_CONTAINER} and sds containers (it has ${names.join(", ") || "none"})`);
    if (!here.some(({ obj }) => isKind(obj, "ConfigMap", SIDECAR_CONFIGMAP))) gaps.push(`no ConfigMap ${SIDECAR_CONFIGMAP}`);
    const settings = here.filter(({ obj }) => obj.kind === "Settings");
    if (settings.length === 0) gaps.push("no Settings, so gloo binds xDS on 0.0.0.0:9977");
    for (const s of settings) gaps.push(...bindProblems(s.obj).map((p) => `${describe(s.obj)}: ${p}`));
    const pulumiSecret = here.some(({ obj }) => isKind(obj, "Secret", MTLS_SECRET));
    const certgen = objects.some(({ obj }) => certgenWrites(obj).some((w) => w.secret === MTLS_SECRET && w.namespace === ns));
    if (!pulumiSecret && !certgen) gaps.push(`no Secret ${MTLS_SECRET} and no certgen Job or CronJob that writes it`);
    return gaps;
}

export const mtlsInProd: StackValidationPolicy = {
    name: "gloo-mtls-in-prod",
    description: "A production stack (by name or tag, see the config) runs Gloo in mTLS mode.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            prodStacks: { type: "array", items: { type: "string" }, default: DEFAULT_PROD_RULE.prodStacks, description: "Stack names that are production." },
            prodTags: {
                type: "array",
                items: { type: "string", pattern: "^[^=]+(=.*)?$" },
                default: DEFAULT_PROD_RULE.prodTags,
                description: "Stack tags `key=value` (or `key` for any value) that mark a production stack.",
            },
        },
    },
    validateStack: (args, report) => {
        const stack = stackName(args.resources, (r) => args.notApplicable(r));
        const why = prodReason(stack, args.stackTags, args.getConfig<Partial<ProdRule>>());
        if (!why) args.notApplicable(`stack ${stack} is not a production stack`);
        const objects = stackObjects(args.resources);
        const namespaces = glooNamespaces(objects);
        if (namespaces.length === 0) args.notApplicable("no Gloo install in this stack");
        for (const ns of namespaces) {
            const gaps = mtlsGaps(objects, ns);
            if (gaps.length === 0) continue;
            const at = objects.find(({ obj }) => obj.kind === "Settings" && namespaceOf(obj) === ns);
            report(
                `Stack "${stack}" is a production stack (${why}), but Gloo in namespace ${ns} is not in mTLS mode: ${gaps.join("; ")}. ` +
                    `Fix: pulumi config set --path 'global.glooMtls.enabled' true --stack ${stack} (mTLS is the default: remove a false), then preview again.`,
                urnOf(at),
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// 2. xDS behind the sidecar bound to loopback
// ---------------------------------------------------------------------------------------------------------

export const xdsOnLoopback: StackValidationPolicy = {
    name: "gloo-xds-on-loopback-behind-sidecar",
    description: "Where an envoy-sidecar fronts gloo, Settings bind xDS and REST xDS to loopback (127.0.0.1:9999/9998 or [::1]).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const objects = stackObjects(args.resources);
        const fronted = objects.filter(({ obj }) => sidecarFrontsGloo(obj));
        if (fronted.length === 0) args.notApplicable(`no pod has an ${SIDECAR_CONTAINER} container beside gloo`);
        for (const ns of [...new Set(fronted.map(({ obj }) => namespaceOf(obj)))].sort()) {
            const pods = fronted.filter(({ obj }) => namespaceOf(obj) === ns).map(({ obj }) => describe(obj)).join(", ");
            const why =
                `${pods} runs ${SIDECAR_CONTAINER} in front of gloo: it terminates mTLS on 9977/9976 and forwards to gloo on 127.0.0.1:9999/9998, ` +
                `so gloo bound anywhere else serves xDS (including every proxy's configuration) to any pod without mTLS, or is unreachable for the sidecar.`;
            const fix = "Fix: spec.gloo.xdsBindAddr: 127.0.0.1:9999 and spec.gloo.restXdsBindAddr: 127.0.0.1:9998 (or [::1]:9999/[::1]:9998), as the program sets them in mTLS mode.";
            const settings = objects.filter(({ obj }) => obj.kind === "Settings" && namespaceOf(obj) === ns);
            if (settings.length === 0) report(`Namespace ${ns} has no Settings, so gloo binds xDS on 0.0.0.0:9977 and REST xDS on 0.0.0.0:9976. ${why} ${fix}`, fronted[0].resource.urn);
            for (const s of settings) {
                const problems = bindProblems(s.obj);
                if (problems.length > 0) report(`${describe(s.obj)}: ${problems.join("; ")}. ${why} ${fix}`, s.resource.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// 3. No PEM private key in a ConfigMap, a plain input or a stack output
// ---------------------------------------------------------------------------------------------------------

/**
 * Inputs the SDKs always send as Pulumi secrets (their constructors wrap them in `pulumi.secret`). CrossGuard
 * cannot see whether any other input is secret (@pulumi/policy unwraps secrets before a policy runs), so a
 * private key anywhere else counts as plain.
 */
export const ALWAYS_SECRET_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:core/v1:Secret": ["data", "stringData"],
    "kubernetes:core/v1:SecretPatch": ["data", "stringData"],
    "tls:index/certRequest:CertRequest": ["privateKeyPem", "privateKeyPemWo"],
    "tls:index/selfSignedCert:SelfSignedCert": ["privateKeyPem", "privateKeyPemWo"],
    "tls:index/locallySignedCert:LocallySignedCert": ["caPrivateKeyPem", "caPrivateKeyPemWo"],
};

const under = (path: string, top: string) => path === top || path.startsWith(`${top}.`) || path.startsWith(`${top}[`);

export const noPrivateKeyInPlainInputs: ResourceValidationPolicy = {
    name: "no-private-key-in-configmap-or-plain-input",
    description: "No PEM private key in a ConfigMap or in any input that is not always a Pulumi secret.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const props = materialize(args.props);
        const paths = privateKeyPaths(props);
        if (paths.length === 0) return;
        if (isObj(props) && props.kind === "ConfigMap" && args.type.startsWith("kubernetes:")) {
            report(
                `${describe(objectsOf(args.type, props)[0] ?? { kind: "ConfigMap" })} holds a PEM private key in ${paths.join(", ")}. ` +
                    "ConfigMaps are readable by anyone allowed to read configuration, are not encrypted at rest and show up in logs and diffs. " +
                    "Fix: put the key in a Secret (stringData) and mount that Secret instead.",
            );
            return;
        }
        const allowed = ALWAYS_SECRET_INPUTS[args.type] ?? [];
        const plain = paths.filter((p) => !allowed.some((a) => under(p, a)));
        if (plain.length === 0) return;
        report(
            `${args.type} "${args.name}": input ${plain.join(", ")} holds a PEM private key, and it is not an input the SDK always marks secret, ` +
                "so it may sit in plain text in the Pulumi state and in every diff (CrossGuard cannot see secretness: it accepts a key only where " +
                "the SDK always makes it a secret). Fix: keep private keys only in a Kubernetes Secret's data/stringData or in @pulumi/tls " +
                "resources, and pass key material as pulumi.secret(...) to those only.",
        );
    },
};

export const noPrivateKeyInOutputs: StackValidationPolicy = {
    name: "no-private-key-in-stack-outputs",
    description: "No stack output holds a PEM private key (secret or not).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const root = args.resources.find((r) => r.type === STACK_TYPE) ?? args.notApplicable("no stack resource");
        for (const path of privateKeyPaths(materialize(root.props))) {
            report(
                `Stack output ${path} holds a PEM private key. Outputs are read by anyone with access to the stack (pulumi stack output ` +
                    "--show-secrets), end up in CI logs and in other stacks through StackReference, even as secrets. " +
                    "Fix: stop exporting it; export the certificate or its expiry instead, and read the key from its Kubernetes Secret where it is needed.",
                root.urn,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// 4. Pod Security Standards "restricted", plus a read-only root filesystem
// ---------------------------------------------------------------------------------------------------------

export const podsRestricted: ResourceValidationPolicy = {
    name: "pods-restricted",
    description: "Every container meets the Pod Security Standards restricted profile and has a read-only root filesystem.",
    enforcementLevel: "mandatory",
    // Reads the SDK's proxy directly: a field it needs that is unknown in preview makes the SDK report "can't run".
    validateResource: (args, report) => {
        for (const obj of objectsOf(args.type, args.props)) {
            const pod = podSpecOf(obj);
            if (!pod) continue;
            const where = describe(obj);
            const containers = containersOf(pod.podSpec);
            const named = (path: string) => {
                const c = containers.find((x) => path.startsWith(`${x.path}.`) || path === x.path);
                return c?.name ? ` (container ${c.name})` : "";
            };
            for (const e of checkRestricted(pod.podSpec, where, pod.annotations)) {
                // checkRestricted's paths are relative to the pod spec ("spec." = the pod spec).
                const rest = e.slice(where.length + 2);
                const path = rest.startsWith("spec.") ? `${pod.path}.${rest.slice(5)}` : rest;
                const why = rest.includes(".readOnlyRootFilesystem:")
                    ? "PSS restricted does not require it; this project does: no container may write to its image. " +
                      "Fix: readOnlyRootFilesystem: true (restrictedSecurityContext() sets it) and an emptyDir volume wherever the process must write."
                    : 'Pod Security Standards "restricted" forbids this. ' +
                      "Fix: give every container components/pod.ts restrictedSecurityContext() (runAsNonRoot, allowPrivilegeEscalation false, " +
                      "capabilities drop ALL, seccomp RuntimeDefault) and keep pod-level fields within the profile.";
                report(`${where}: ${path}${named(rest.slice(5))}. ${why}`);
            }
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// 5. Gloo's CRDs retained on delete
// ---------------------------------------------------------------------------------------------------------

export const crdsRetained: ResourceValidationPolicy = {
    name: "gloo-crds-retained-on-delete",
    description: `Every resource carrying Gloo CRDs (a CustomResourceDefinition or a ConfigGroup) is retained on delete, declared by annotation ${RETAIN_ANNOTATION}.`,
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const crds = objectsOf(args.type, materialize(args.props)).filter(isGlooCrd);
        const unmarked = crds.filter((o) => !isRetainMarked(o)).map((o) => nameOf(o) ?? "<unnamed>");
        if (unmarked.length === 0) return;
        const carrier = args.type === CONFIG_GROUP ? `ConfigGroup "${args.name}" carries Gloo CRDs ${unmarked.join(", ")}` : `Gloo CRD ${unmarked[0]}`;
        report(
            `${carrier} without annotation ${RETAIN_ANNOTATION}: "true", so nothing says it is retained on delete. Deleting a CRD deletes every ` +
                "object of its kind in the cluster (the Settings, Gateways, VirtualServices and Upstreams of every Gloo install), and pulumi " +
                "destroy, a rename or a move into a ConfigGroup deletes it. Fix: register the resource that carries the CRDs with retainOnDelete: " +
                `true and annotate every CRD ${RETAIN_ANNOTATION}: "true" (CrossGuard cannot read retainOnDelete; the annotation declares it, ` +
                "and the tests check that the two agree).",
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// 6. One owner of gloo-mtls-certs
// ---------------------------------------------------------------------------------------------------------

export const mtlsSecretOneOwner: StackValidationPolicy = {
    name: "gloo-mtls-certs-one-owner",
    description: `Secret ${MTLS_SECRET} is written either by Pulumi or by certgen, never by both.`,
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const objects = stackObjects(args.resources);
        const writers = objects.flatMap((l) => certgenWrites(l.obj).filter((w) => w.secret === MTLS_SECRET).map((w) => ({ ...w, l })));
        const secrets = objects.filter(({ obj }) => isKind(obj, "Secret", MTLS_SECRET));
        if (secrets.length === 0 || writers.length === 0) args.notApplicable(`Secret ${MTLS_SECRET} has at most one possible writer`);
        for (const s of secrets) {
            const ns = namespaceOf(s.obj);
            const others = writers.filter((w) => w.namespace === ns).map((w) => describe(w.l.obj));
            if (others.length === 0 || !pulumiOwnsData(s.resource.opts)) continue;
            report(
                `Secret ${ns}/${MTLS_SECRET} has two owners: Pulumi writes its data (ignoreChanges does not cover data and stringData) and ` +
                    `${others.join(", ")} rewrites it (--secret-name=${MTLS_SECRET}). The next pulumi up reverts every certificate certgen ` +
                    "rotated, and pods that already trust only the new CA fail their mTLS handshakes. Fix: one owner: either Pulumi " +
                    "(certificates.issuer pulumi, gateway.certGenJob.cron.enabled false) or certgen (certificates.issuer certgen, or keep " +
                    'the CronJob and give the Secret ignoreChanges ["data", "stringData", "metadata"], as the program does).',
                s.resource.urn,
            );
        }
    },
};

/** Every policy of the pack, in the order of docs/policy.md. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    mtlsInProd,
    xdsOnLoopback,
    noPrivateKeyInPlainInputs,
    noPrivateKeyInOutputs,
    podsRestricted,
    crdsRetained,
    mtlsSecretOneOwner,
];

