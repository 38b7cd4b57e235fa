// Gloo Edge's 15 CustomResourceDefinitions, exactly as the chart of release 1.22.1 ships them: the data is
// crds/*.yaml (Apache-2.0, Solo.io; see crds/README.md), installed from its compact JSON form crds/gloo-crds.json.
// The real schemas matter: with a permissive one the API server stores a misspelt field, gloo's strict parser then
// rejects the resource and stops config for every resource of that kind.
import * as fs from "node:fs";
import * as path from "node:path";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as yamlv2 from "@pulumi/kubernetes/yaml/v2";
import * as pulumi from "@pulumi/pulumi";

/**
 * The package's crds/gloo-crds.json, found from `fromDir` upwards: this module runs from components/ in the
 * repository and from dist/components/ in the built package.
 */
export function locateCrdsFile(fromDir: string): string {
    for (let dir = fromDir, i = 0; i < 4; i++, dir = path.dirname(dir)) {
        const candidate = path.join(dir, "crds", "gloo-crds.json");
        if (fs.existsSync(candidate)) return candidate;
    }
    throw new Error(`gloo-mtls: crds/gloo-crds.json not found above ${fromDir} (is the package's crds/ directory missing?)`);
}

/** The compact form, generated from crds/*.yaml by `npm run crds:generate`: one JSON `v1/List` of the 15 CRDs. */
export const GLOO_CRDS_FILE = locateCrdsFile(__dirname);

/** An OpenAPI v3 structural schema node, as CRDs use it (only the keywords the Gloo CRDs use are typed). */
export interface CrdSchema {
    type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
    properties?: { [name: string]: CrdSchema };
    items?: CrdSchema;
    additionalProperties?: CrdSchema | boolean;
    required?: string[];
    nullable?: boolean;
    enum?: unknown[];
    default?: unknown;
    format?: string;
    minimum?: number;
    maximum?: number;
    exclusiveMinimum?: boolean;
    exclusiveMaximum?: boolean;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    minItems?: number;
    maxItems?: number;
    minProperties?: number;
    maxProperties?: number;
    "x-kubernetes-preserve-unknown-fields"?: boolean;
    "x-kubernetes-int-or-string"?: boolean;
}

export interface CrdManifest {
    apiVersion: "apiextensions.k8s.io/v1";
    kind: "CustomResourceDefinition";
    metadata: { name: string; labels?: Record<string, string> };
    spec: {
        group: string;
        names: { kind: string; listKind: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
        scope: "Namespaced" | "Cluster";
        versions: {
            name: string;
            served: boolean;
            storage: boolean;
            schema: { openAPIV3Schema: CrdSchema };
            subresources?: { status?: Record<string, never> };
        }[];
    };
}

let compact: string | undefined;

/** The compact form as text (read once): what the ConfigGroup gets as its `yaml` input. */
export function glooCrdsJson(): string {
    return (compact ??= fs.readFileSync(GLOO_CRDS_FILE, "utf8"));
}

/** The 15 CRDs as objects (a fresh copy on every call). */
export function glooCrdManifests(): CrdManifest[] {
    return (JSON.parse(glooCrdsJson()) as { items: CrdManifest[] }).items;
}

/**
 * Installs Gloo's CRDs (a second install on the same cluster leaves them to the first: `crds.enabled: false`).
 * Returns what Gloo's custom resources must wait for.
 *
 * One provider-side ConfigGroup takes the compact JSON as one string: typed CustomResourceDefinition resources
 * would make the SDK serialize every schema node (about 3.4 s of CPU for these schemas, against about 0.2 s).
 *
 * How retainOnDelete reaches the CRDs, which the provider registers as the group's children: the engine passes the
 * group's options to the provider's Construct; pulumi-kubernetes (provider/pkg/provider/yaml/v2/configgroup.go)
 * registers the group with them but each child only with `Parent(group)`; the engine then copies retainOnDelete from
 * the parent's goal to every child that leaves it unset (inheritFromParent in pkg/resource/deploy/source_eval.go,
 * pulumi/pulumi#18956, CLI 3.158.0 and newer). An older CLI would delete the CRDs on destroy.
 */
export function glooCrds(name: string, opts: pulumi.ComponentResourceOptions & { provider: KubernetesProvider }): pulumi.Resource[] {
    const group = new yamlv2.ConfigGroup(
        name,
        // Children are named `<prefix>:<crd name>`: the install's name keeps two installs' CRDs (on two clusters) apart.
        { yaml: glooCrdsJson(), resourcePrefix: name },
        // Deleting a CRD deletes every resource of its kind in every namespace: destroy and replace must not.
        { ...opts, retainOnDelete: true },
    );
    return [group];
}
