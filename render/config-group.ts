// Offline expansion of `kubernetes:yaml/v2:ConfigGroup`. The group is a remote component: the Kubernetes provider
// parses its manifests and registers the children, so under mocks it registers alone. This does the provider's part
// (pulumi-kubernetes provider/pkg/provider/yaml/v2: Parse, Normalize, expand) for the inputs the program uses,
// and refuses what it cannot reproduce offline instead of skipping it.
import * as YAML from "yaml";
import { deepFreeze } from "./freeze";
import { remember } from "../components/memo";

export const CONFIG_GROUP_TYPE = "kubernetes:yaml/v2:ConfigGroup";

type Obj = Record<string, any>;

/** Kinds the expansion knows to be cluster-scoped (the provider asks the API server; offline we cannot). */
const CLUSTER_SCOPED = new Set(["apiextensions.k8s.io/v1/CustomResourceDefinition", "v1/Namespace"]);

/** The objects a ConfigGroup with these inputs would register, in document order. */
export function expandConfigGroup(name: string, inputs: Obj): Obj[] {
    if (inputs.files !== undefined && (!Array.isArray(inputs.files) || inputs.files.length > 0)) {
        throw new Error(`ConfigGroup ${name}: "files" cannot be expanded offline; pass the manifests as "yaml" or "objs"`);
    }
    const docs = [...(typeof inputs.yaml === "string" ? parseManifests(name, inputs.yaml) : []), ...((inputs.objs as Obj[] | undefined) ?? [])];
    return expandLists(docs).map((o) => {
        const id = `ConfigGroup ${name}: ${o.apiVersion}/${o.kind} ${o.metadata?.name}`;
        if (!o.apiVersion || !o.kind) throw new Error(`ConfigGroup ${name}: an object has no apiVersion or kind`);
        if (!o.metadata?.name) throw new Error(`${id}: Kubernetes resources require a .metadata.name`);
        // The provider gives namespaced kinds its default namespace; offline the scope is unknown.
        if (!o.metadata.namespace && !CLUSTER_SCOPED.has(`${o.apiVersion}/${o.kind}`)) {
            throw new Error(`${id}: has no namespace and the offline expansion does not know whether the kind is namespaced`);
        }
        return o;
    });
}

/**
 * Texts parsed lately, with their objects (frozen: shared by every caller). A process that runs the program many
 * times (the tests: hundreds of runs) parsed the same 2.7 MB of CRDs twice a run; the last few texts are kept.
 */
const parsed = new Map<string, Obj[]>();

function parseManifests(name: string, text: string): Obj[] {
    return remember(parsed, text, 4, () => parseText(name, text).map(deepFreeze));
}

/** A YAML stream, or a JSON document (the provider's YAMLOrJSONDecoder reads both; JSON.parse is much faster). */
function parseText(name: string, text: string): Obj[] {
    if (text.trimStart().startsWith("{")) {
        try {
            return [JSON.parse(text)];
        } catch (e) {
            throw new Error(`ConfigGroup ${name}: yaml looks like JSON but is not one JSON document: ${(e as Error).message}`);
        }
    }
    return YAML.parseAllDocuments(text, { version: "1.1" }).map((d) => {
        if (d.errors.length > 0) throw new Error(`ConfigGroup ${name}: ${d.errors[0].message}`);
        return d.toJS() as Obj;
    });
}

/** Drops empty documents and replaces every list (as Unstructured.IsList: any object with an `items` array) by its items. */
function expandLists(docs: Obj[]): Obj[] {
    return docs.flatMap((d) => {
        if (d === null || typeof d !== "object" || Object.keys(d).length === 0) return [];
        if (Array.isArray(d.items)) return expandLists(d.items);
        return [d];
    });
}
