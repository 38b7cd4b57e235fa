// The 15 Gloo Edge CustomResourceDefinitions of the official chart (solo-io/gloo, install/helm/gloo/crds/),
// as pure data plus a builder that turns one entry into an apiextensions.k8s.io/v1 object.
//
// Facts (names, short names, categories, versions, scope, status subresource, labels) were read from the
// chart's CRD files; see the `sourceFile` of each entry. The schemas are deliberately NOT the generated
// solo-kit schemas (hundreds of KB each): we publish a structural, permissive schema that keeps every field
// of `spec` and `status` (x-kubernetes-preserve-unknown-fields), which is enough for Gloo to store, read
// and write its resources.
//
// Chart conventions reproduced here:
//  - All solo-kit CRDs carry the category "gloo-gateway"; the enterprise-only ones (AuthConfig,
//    RateLimitConfig) additionally carry "solo-io" (install/helm/gloo/crds/README.md). The chart lists
//    "solo-io" first for those two.
//  - Short names come in pairs: the historical one and a "g"-prefixed one (e.g. gw/ggw).
//  - Settings, VirtualHostOption, RouteOption, ListenerOption and HttpListenerOption have no `singular`
//    in the chart; the API server then defaults it to the lower-cased kind.
//  - Only Settings carries a label (`gloo: settings`); the others have no labels or annotations.
//    (Ours add one annotation to every CRD: RETAIN_ON_DELETE_ANNOTATION below.)
//  - Only RateLimitConfig (hand-written, v1alpha1) declares `subresources.status`; the solo-kit CRDs
//    keep `status` in the main resource.
//  - No CRD defines additionalPrinterColumns.
//  - All are Namespaced, with a single version that is served and stored.

import * as k8s from "@pulumi/kubernetes";

export type GlooCrdGroup = "gloo.solo.io" | "gateway.solo.io" | "enterprise.gloo.solo.io" | "ratelimit.solo.io";

export interface GlooCrdPrinterColumn {
    readonly name: string;
    readonly type: "string" | "integer" | "number" | "boolean" | "date";
    readonly jsonPath: string;
    readonly description?: string;
    readonly priority?: number;
}

export interface GlooCrd {
    readonly group: GlooCrdGroup;
    readonly kind: string;
    /** Always `<kind>List` in the chart. */
    readonly listKind: string;
    readonly plural: string;
    /** Absent where the chart omits it (the API server defaults it to the lower-cased kind). */
    readonly singular?: string;
    readonly shortNames?: readonly string[];
    readonly categories?: readonly string[];
    /** The only version; served and storage are both true for every Gloo CRD. */
    readonly version: string;
    readonly served: boolean;
    readonly storage: boolean;
    readonly scope: "Namespaced" | "Cluster";
    /** Whether the chart's CRD declares `subresources: { status: {} }`. */
    readonly statusSubresource: boolean;
    readonly additionalPrinterColumns?: readonly GlooCrdPrinterColumn[];
    /** metadata.labels of the CRD object in the chart, if any. */
    readonly labels?: Readonly<Record<string, string>>;
    /** The chart file this entry mirrors, relative to install/helm/gloo/crds/. */
    readonly sourceFile: string;
}

const GLOO_GATEWAY = "gloo-gateway";
const SOLO_IO = "solo-io";

function soloKit(
    group: GlooCrdGroup,
    kind: string,
    plural: string,
    singular: string | undefined,
    shortNames: readonly string[],
    sourceFile: string,
    extra: Partial<Pick<GlooCrd, "categories" | "labels">> = {},
): GlooCrd {
    return {
        group,
        kind,
        listKind: `${kind}List`,
        plural,
        ...(singular === undefined ? {} : { singular }),
        shortNames,
        categories: extra.categories ?? [GLOO_GATEWAY],
        version: "v1",
        served: true,
        storage: true,
        scope: "Namespaced",
        statusSubresource: false,
        ...(extra.labels === undefined ? {} : { labels: extra.labels }),
        sourceFile,
    };
}

export const GLOO_CRDS: readonly GlooCrd[] = [
    // gloo.solo.io
    soloKit("gloo.solo.io", "Settings", "settings", undefined, ["st", "gst"], "gloo.solo.io_v1_Settings.yaml", {
        labels: { gloo: "settings" },
    }),
    soloKit("gloo.solo.io", "Upstream", "upstreams", "upstream", ["us", "gus"], "gloo.solo.io_v1_Upstream.yaml"),
    soloKit("gloo.solo.io", "UpstreamGroup", "upstreamgroups", "upstreamgroup", ["ug", "gug"], "gloo.solo.io_v1_UpstreamGroup.yaml"),
    soloKit("gloo.solo.io", "Proxy", "proxies", "proxy", ["px", "gpx"], "gloo.solo.io_v1_Proxy.yaml"),
    // gateway.solo.io
    soloKit("gateway.solo.io", "Gateway", "gateways", "gateway", ["gw", "ggw"], "gateway.solo.io_v1_Gateway.yaml"),
    soloKit("gateway.solo.io", "VirtualService", "virtualservices", "virtualservice", ["vs", "gvs"], "gateway.solo.io_v1_VirtualService.yaml"),
    soloKit("gateway.solo.io", "RouteTable", "routetables", "routetable", ["rt", "grt"], "gateway.solo.io_v1_RouteTable.yaml"),
    soloKit("gateway.solo.io", "VirtualHostOption", "virtualhostoptions", undefined, ["vho", "vhopts", "gvho"], "gateway.solo.io_v1_VirtualHostOption.yaml"),
    soloKit("gateway.solo.io", "RouteOption", "routeoptions", undefined, ["rto", "rtopts", "grto"], "gateway.solo.io_v1_RouteOption.yaml"),
    soloKit("gateway.solo.io", "ListenerOption", "listeneroptions", undefined, ["lisopts", "glisopts"], "gateway.solo.io_v1_ListenerOption.yaml"),
    soloKit("gateway.solo.io", "HttpListenerOption", "httplisteneroptions", undefined, ["hlisopts", "ghlisopts"], "gateway.solo.io_v1_HttpListenerOption.yaml"),
    soloKit("gateway.solo.io", "MatchableHttpGateway", "httpgateways", "httpgateway", ["hgw", "ghgw"], "gateway.solo.io_v1_MatchableHttpGateway.yaml"),
    soloKit("gateway.solo.io", "MatchableTcpGateway", "tcpgateways", "tcpgateway", ["tgw", "gtgw"], "gateway.solo.io_v1_MatchableTcpGateway.yaml"),
    // enterprise.gloo.solo.io (solo-kit generated, enterprise-only)
    soloKit("enterprise.gloo.solo.io", "AuthConfig", "authconfigs", "authconfig", ["ac", "gac"], "enterprise.gloo.solo.io_v1_AuthConfig.yaml", {
        categories: [SOLO_IO, GLOO_GATEWAY],
    }),
    // ratelimit.solo.io (hand-written skv2-style CRD: v1alpha1 with a status subresource)
    {
        group: "ratelimit.solo.io",
        kind: "RateLimitConfig",
        listKind: "RateLimitConfigList",
        plural: "ratelimitconfigs",
        singular: "ratelimitconfig",
        shortNames: ["rlc", "grlc"],
        categories: [SOLO_IO, GLOO_GATEWAY],
        version: "v1alpha1",
        served: true,
        storage: true,
        scope: "Namespaced",
        statusSubresource: true,
        sourceFile: "ratelimit_config.yaml",
    },
];

/** The CRD object name: `<plural>.<group>`. */
export function crdName(crd: GlooCrd): string {
    return `${crd.plural}.${crd.group}`;
}

/** `<group>/<version>` of the custom resources a CRD defines, e.g. `gateway.solo.io/v1`. */
export function crdApiVersion(crd: GlooCrd): string {
    return `${crd.group}/${crd.version}`;
}

/** Looks a CRD up by kind; throws on an unknown kind so typos fail loudly. */
export function glooCrdByKind(kind: string): GlooCrd {
    const found = GLOO_CRDS.find((c) => c.kind === kind);
    if (found === undefined) {
        throw new Error(`unknown Gloo CRD kind: ${kind}`);
    }
    return found;
}

// ---------------------------------------------------------------------------------------------------------
// Manifest builder. The types below are plain (no pulumi.Input) so tests and offline renderers can read them;
// crdArgs() proves at compile time that they fit the SDK's CustomResourceDefinitionArgs.

/** A permissive structural schema node: an object that keeps unknown fields. */
export interface PreserveUnknownObjectSchema {
    type: "object";
    /** SDK spelling; the provider sends it as `x-kubernetes-preserve-unknown-fields`. */
    x_kubernetes_preserve_unknown_fields: true;
}

export interface GlooCrdOpenApiSchema {
    type: "object";
    properties: {
        spec: PreserveUnknownObjectSchema;
        status: PreserveUnknownObjectSchema;
    };
}

export interface GlooCrdVersionManifest {
    name: string;
    served: boolean;
    storage: boolean;
    schema: { openAPIV3Schema: GlooCrdOpenApiSchema };
    subresources?: { status: Record<string, never> };
    additionalPrinterColumns?: Array<{
        name: string;
        type: string;
        jsonPath: string;
        description?: string;
        priority?: number;
    }>;
}

/**
 * Says the object is registered with `retainOnDelete: true`. CrossGuard cannot read that option, so the
 * policy pack (policy/gloo.ts RETAIN_ANNOTATION) checks this annotation, and test/policy.test.ts checks
 * that every resource carrying it really has the option.
 */
export const RETAIN_ON_DELETE_ANNOTATION = "gloo-mtls/retain-on-delete";

export interface GlooCrdManifest {
    apiVersion: "apiextensions.k8s.io/v1";
    kind: "CustomResourceDefinition";
    metadata: {
        name: string;
        labels?: Record<string, string>;
        annotations: Record<string, string>;
    };
    spec: {
        group: string;
        names: {
            kind: string;
            listKind: string;
            plural: string;
            singular?: string;
            shortNames?: string[];
            categories?: string[];
        };
        scope: "Namespaced" | "Cluster";
        versions: GlooCrdVersionManifest[];
    };
}

function permissiveObject(): PreserveUnknownObjectSchema {
    return { type: "object", x_kubernetes_preserve_unknown_fields: true };
}

/**
 * Builds the apiextensions.k8s.io/v1 CustomResourceDefinition for one Gloo CRD, with a structural but
 * permissive schema (spec and status are objects that preserve unknown fields). Pure: returns a fresh object.
 */
export function crdManifest(crd: GlooCrd): GlooCrdManifest {
    const version: GlooCrdVersionManifest = {
        name: crd.version,
        served: crd.served,
        storage: crd.storage,
        schema: {
            openAPIV3Schema: {
                type: "object",
                properties: {
                    spec: permissiveObject(),
                    status: permissiveObject(),
                },
            },
        },
    };
    if (crd.statusSubresource) {
        version.subresources = { status: {} };
    }
    if (crd.additionalPrinterColumns !== undefined && crd.additionalPrinterColumns.length > 0) {
        version.additionalPrinterColumns = crd.additionalPrinterColumns.map((c) => ({ ...c }));
    }

    const names: GlooCrdManifest["spec"]["names"] = {
        kind: crd.kind,
        listKind: crd.listKind,
        plural: crd.plural,
    };
    if (crd.singular !== undefined) {
        names.singular = crd.singular;
    }
    if (crd.shortNames !== undefined && crd.shortNames.length > 0) {
        names.shortNames = [...crd.shortNames];
    }
    if (crd.categories !== undefined && crd.categories.length > 0) {
        names.categories = [...crd.categories];
    }

    const metadata: GlooCrdManifest["metadata"] = { name: crdName(crd), annotations: { [RETAIN_ON_DELETE_ANNOTATION]: "true" } };
    if (crd.labels !== undefined) {
        metadata.labels = { ...crd.labels };
    }

    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata,
        spec: {
            group: crd.group,
            names,
            scope: crd.scope,
            versions: [version],
        },
    };
}

/**
 * The same object typed as the SDK's resource args, ready for
 * `new k8s.apiextensions.v1.CustomResourceDefinition(name, crdArgs(crd), opts)`.
 * (Assigning the plain manifest here is what type-checks it against the SDK.)
 */
export function crdArgs(crd: GlooCrd): k8s.apiextensions.v1.CustomResourceDefinitionArgs {
    const m = crdManifest(crd);
    const args: k8s.apiextensions.v1.CustomResourceDefinitionArgs = {
        apiVersion: m.apiVersion,
        kind: m.kind,
        metadata: m.metadata,
        spec: m.spec,
    };
    return args;
}

/** All 15 manifests, in GLOO_CRDS order. */
export function allCrdManifests(): GlooCrdManifest[] {
    return GLOO_CRDS.map(crdManifest);
}
