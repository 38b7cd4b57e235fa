// RBAC of the official Gloo Edge chart (solo-io/gloo, install/helm/gloo/templates/) for our install shape:
// cluster-scoped (global.glooRbac.namespaced=false, no nameSuffix), gateway.enabled=true,
// discovery.enabled=false, kubeGateway.enabled=false, settings.create=true, validation on.
//
// Which RBAC templates render by default (kubeGateway off):
//  - 20-namespace-clusterrole-gateway.yaml + 23-namespace-clusterrolebinding-gateway.yaml
//      (if global.glooRbac.create && gateway.enabled): the roles in GLOO_CLUSTER_ROLES.
//  - 6.5-gateway-certgen-job-{service-account,secret-create-role,secret-create-rolebinding,
//      vwc-update-clusterrole,vwc-update-clusterrolebinding}.yaml (validation + certGenJob on): CERTGEN_RBAC.
//      These are Helm hooks (pre-install,pre-upgrade, weight 5) bound to SA `certgen`, not to `gloo`.
//  - 5-resource-{rollout,cleanup,migration}-job-{role,rolebinding,clusterrole,clusterrolebinding}.yaml:
//      RBAC of the kubectl hook Jobs (SAs gloo-resource-rollout/-cleanup/-migration); not modelled here
//      because we do not replicate those Jobs.
//  - NOT rendered: 21-*/24-* (ingress.enabled=false), 22-*/25-* (knative off), 44-rbac.yaml (kubeGateway off),
//      45-istio-rbac.yaml (istio off), 36-apiserver-role.yaml (enterprise UI, removed).
//
// Naming (templates/_helpers.tpl "gloo.rbacNameSuffix"): suffix = `-<glooRbac.nameSuffix>` if set, else
// `-<release namespace>` when not namespaced, else empty. So with our settings:
//   ClusterRole           <role>-<ns>              e.g. kube-resource-watcher-gloo-system
//   ClusterRoleBinding    <role>-binding-<ns>      e.g. kube-resource-watcher-binding-gloo-system
// (the template writes `name: <role>-binding{{ suffix }}`; roleRef.name is `<role>{{ suffix }}`).
// Every role and binding carries labels { app: gloo, gloo: rbac } and no annotations (not hooks).
// Subjects are ServiceAccounts in the release namespace.

import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import type * as k8sInput from "@pulumi/kubernetes/types/input";

export interface PolicyRuleSpec {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
    resourceNames?: string[];
}

export interface RoleSpec {
    /** Role name without the `-<ns>` suffix. */
    name: string;
    rules: PolicyRuleSpec[];
    /**
     * ServiceAccount names the chart binds with discovery disabled (our shape), in template order.
     * May be empty: the chart still renders the binding, with `subjects: []`.
     */
    subjects: string[];
    /** ServiceAccounts the chart adds only when discovery.enabled=true (appended after `subjects`). */
    subjectsIfDiscovery?: string[];
}

/** Labels on every role and binding of 20-/23-namespace-cluster*-gateway.yaml. */
export const RBAC_LABELS: Readonly<Record<string, string>> = { app: "gloo", gloo: "rbac" };

/**
 * The chart still lists a `gateway` ServiceAccount in several bindings although no `gateway` SA (and no
 * gateway Deployment) has been rendered since 1.12; binding a missing SA is harmless. Kept for fidelity.
 */
export const LEGACY_GATEWAY_SA = "gateway";

const READ = ["get", "list", "watch"];
/** What client-go's resource locks call: Get, then Create or Update of the lock object. */
const LEADER_ELECTION = ["get", "create", "update"];
const CRUD = ["get", "list", "watch", "create", "update", "patch", "delete"];

export const GLOO_CLUSTER_ROLES: readonly RoleSpec[] = [
    {
        name: "kube-resource-watcher",
        rules: [
            {
                apiGroups: [""],
                resources: ["pods", "services", "secrets", "endpoints", "configmaps", "namespaces"],
                verbs: [...READ],
            },
        ],
        subjects: ["gloo"],
        subjectsIfDiscovery: ["discovery"],
    },
    {
        name: "kube-leader-election",
        rules: [
            // The chart grants "*". Gloo elects through controller-runtime's lease lock (client-go LeaseLock: get, create,
            // update); the ConfigMap verbs cover the configmapsleases lock older releases held during an upgrade.
            { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: [...LEADER_ELECTION] },
            { apiGroups: [""], resources: ["configmaps"], verbs: [...LEADER_ELECTION] },
        ],
        subjects: ["gloo"],
        subjectsIfDiscovery: ["discovery"],
    },
    {
        name: "gloo-upstream-mutator",
        rules: [{ apiGroups: ["gloo.solo.io"], resources: ["upstreams"], verbs: [...CRUD] }],
        // Only discovery writes Upstreams; with discovery off the binding is rendered with no subjects.
        subjects: [],
        subjectsIfDiscovery: ["discovery"],
    },
    {
        name: "gloo-resource-reader",
        rules: [
            // "patch" is for skv1 status updates; "update" on ratelimitconfigs(/status) for skv2 status.
            { apiGroups: ["gloo.solo.io"], resources: ["upstreams", "upstreamgroups", "proxies"], verbs: [...READ, "patch"] },
            { apiGroups: ["enterprise.gloo.solo.io"], resources: ["authconfigs"], verbs: [...READ, "patch"] },
            {
                apiGroups: ["ratelimit.solo.io"],
                resources: ["ratelimitconfigs", "ratelimitconfigs/status"],
                verbs: [...READ, "patch", "update"],
            },
            {
                apiGroups: ["graphql.gloo.solo.io"],
                resources: ["graphqlapis", "graphqlapis/status"],
                verbs: [...READ, "patch", "update"],
            },
        ],
        subjects: ["gloo"],
    },
    {
        name: "settings-user",
        rules: [{ apiGroups: ["gloo.solo.io"], resources: ["settings"], verbs: [...READ] }],
        subjects: ["gloo", LEGACY_GATEWAY_SA],
        subjectsIfDiscovery: ["discovery"],
    },
    {
        name: "gloo-resource-mutator",
        rules: [{ apiGroups: ["gloo.solo.io"], resources: ["proxies"], verbs: [...CRUD] }],
        subjects: [LEGACY_GATEWAY_SA, "gloo"],
    },
    {
        name: "gateway-resource-reader",
        rules: [
            {
                apiGroups: ["gateway.solo.io"],
                resources: [
                    "gateways",
                    "httpgateways",
                    "tcpgateways",
                    "virtualservices",
                    "routetables",
                    "virtualhostoptions",
                    "routeoptions",
                    "listeneroptions",
                ],
                // "patch" is needed for status updates.
                verbs: [...READ, "patch"],
            },
        ],
        // The template comments the gloo subject "used to support gloo/gateway running in same pod".
        subjects: [LEGACY_GATEWAY_SA, "gloo"],
    },
    {
        name: "gloo-graphqlapi-mutator",
        rules: [
            {
                apiGroups: ["graphql.gloo.solo.io"],
                resources: ["graphqlapis", "graphqlapis/status"],
                verbs: [...READ, "update", "patch", "create"],
            },
        ],
        subjects: [],
        subjectsIfDiscovery: ["discovery"],
    },
];

// ---------------------------------------------------------------------------------------------------------
// Validation-webhook certgen RBAC (templates/6.5-gateway-certgen-job-*.yaml). Rendered when
// (gateway.enabled && gateway.validation.enabled && gateway.certGenJob.enabled) || global.glooMtls.enabled,
// and global.glooRbac.create. All are Helm hooks: "helm.sh/hook": "pre-install,pre-upgrade",
// "helm.sh/hook-weight": "5"; labels { app: gloo, gloo: rbac, gloo.solo.io/component: certgen }.
// Names: Role and its RoleBinding are both `gloo-gateway-secret-create<suffix>` (a namespaced Role in the
// release namespace, still suffixed); ClusterRole and ClusterRoleBinding are both `gloo-gateway-vwc-update<suffix>`.
// Note: unlike 23-*.yaml, these bindings reuse the role name (no "-binding").

export interface CertgenRbacSpec {
    serviceAccount: string;
    /** Namespaced Role (release namespace) + RoleBinding of the same name. */
    secretRole: RoleSpec;
    /** ClusterRole + ClusterRoleBinding of the same name. */
    webhookClusterRole: RoleSpec;
    labels: Readonly<Record<string, string>>;
    hookAnnotations: Readonly<Record<string, string>>;
}

export const CERTGEN_RBAC: CertgenRbacSpec = {
    serviceAccount: "certgen",
    secretRole: {
        name: "gloo-gateway-secret-create",
        rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["create", "get", "update"] }],
        subjects: ["certgen"],
    },
    webhookClusterRole: {
        name: "gloo-gateway-vwc-update",
        rules: [
            {
                apiGroups: ["admissionregistration.k8s.io"],
                resources: ["validatingwebhookconfigurations"],
                verbs: ["get", "update"],
            },
        ],
        subjects: ["certgen"],
    },
    labels: { app: "gloo", gloo: "rbac", "gloo.solo.io/component": "certgen" },
    hookAnnotations: { "helm.sh/hook": "pre-install,pre-upgrade", "helm.sh/hook-weight": "5" },
};

// ---------------------------------------------------------------------------------------------------------
// Naming helpers.

export interface RbacNamingOptions {
    /** global.glooRbac.nameSuffix; when set it replaces the namespace suffix. */
    nameSuffix?: string;
    /** global.glooRbac.namespaced; when true (and no nameSuffix) there is no suffix at all. */
    namespaced?: boolean;
}

/** `_helpers.tpl` "gloo.rbacNameSuffix". */
export function rbacNameSuffix(ns: string, opts: RbacNamingOptions = {}): string {
    if (opts.nameSuffix !== undefined && opts.nameSuffix !== "") {
        return `-${opts.nameSuffix}`;
    }
    return opts.namespaced === true ? "" : `-${ns}`;
}

/** ClusterRole name: `<role>-<ns>` in our (cluster-scoped) shape. */
export function clusterRoleName(role: string, ns: string, opts: RbacNamingOptions = {}): string {
    return `${role}${rbacNameSuffix(ns, opts)}`;
}

/**
 * Binding name used by 23-namespace-clusterrolebinding-gateway.yaml: `<role>-binding<suffix>`,
 * i.e. `<role>-binding-<ns>` for a cluster-scoped install (e.g. `gloo-resource-reader-binding-gloo-system`).
 */
export function roleBindingName(role: string, ns: string, opts: RbacNamingOptions = {}): string {
    return `${role}-binding${rbacNameSuffix(ns, opts)}`;
}

/** Subjects of a role's binding for a given discovery setting, in template order. */
export function bindingSubjects(spec: RoleSpec, discoveryEnabled = false): string[] {
    return discoveryEnabled ? [...spec.subjects, ...(spec.subjectsIfDiscovery ?? [])] : [...spec.subjects];
}

// ---------------------------------------------------------------------------------------------------------
// Pure builders typed with the SDK's input types.

function sdkRules(spec: RoleSpec): k8sInput.rbac.v1.PolicyRule[] {
    return spec.rules.map((r) => {
        const rule: k8sInput.rbac.v1.PolicyRule = {
            apiGroups: [...r.apiGroups],
            resources: [...r.resources],
            verbs: [...r.verbs],
        };
        if (r.resourceNames !== undefined) {
            rule.resourceNames = [...r.resourceNames];
        }
        return rule;
    });
}

/** ClusterRole args for one of GLOO_CLUSTER_ROLES. */
export function clusterRoleArgs(spec: RoleSpec, ns: string, opts: RbacNamingOptions = {}): rbacv1.ClusterRoleArgs {
    return {
        metadata: { name: clusterRoleName(spec.name, ns, opts), labels: { ...RBAC_LABELS } },
        rules: sdkRules(spec),
    };
}

/** ClusterRoleBinding args for one of GLOO_CLUSTER_ROLES (subjects are SAs in `ns`). */
export function clusterRoleBindingArgs(
    spec: RoleSpec,
    ns: string,
    discoveryEnabled = false,
    opts: RbacNamingOptions = {},
): rbacv1.ClusterRoleBindingArgs {
    return {
        metadata: { name: roleBindingName(spec.name, ns, opts), labels: { ...RBAC_LABELS } },
        subjects: bindingSubjects(spec, discoveryEnabled).map((sa) => ({ kind: "ServiceAccount", name: sa, namespace: ns })),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRoleName(spec.name, ns, opts) },
    };
}
