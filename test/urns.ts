// URNs as the Pulumi engine computes them from what a program registered: stack, project, the chain of the
// parents' types (not their names), the type and the name. And the URNs a resource's aliases stand for: its own
// `{ name }` aliases, plus those it inherits when a parent is aliased and the child's name starts with the
// parent's name (Pulumi's rule for components whose children are named `<parent>-<role>`).
import { CONFIG_GROUP_TYPE, expandConfigGroup } from "../render/config-group";
import { Registered } from "../render/program";

const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

export interface UrnIndex {
    /** The resource's URN. */
    urn(r: Registered): string;
    /** Every URN the resource answers to: its own and its aliases'. */
    urns(r: Registered): string[];
}

export function urnIndex(resources: Registered[], stack: string, project: string): UrnIndex {
    const byKey = new Map(resources.map((r) => [key(r), r]));
    const parentOf = (r: Registered) => (r.options?.parent ? byKey.get(key(r.options.parent)) : undefined);
    const typeChain = (r: Registered): string => {
        const p = parentOf(r);
        // Resources under the stack itself carry only their own type.
        return p && p.type !== "pulumi:pulumi:Stack" ? `${typeChain(p)}$${r.type}` : r.type;
    };
    const names = (r: Registered): string[] => {
        const own = [r.name, ...(r.options?.aliases ?? [])];
        const p = parentOf(r);
        if (!p) return own;
        const inherited = names(p)
            .filter((alias) => alias !== p.name && r.name.startsWith(p.name))
            .map((alias) => alias + r.name.slice(p.name.length));
        return [...new Set([...own, ...inherited])];
    };
    const urnFor = (r: Registered, name: string) => `urn:pulumi:${stack}::${project}::${typeChain(r)}::${name}`;
    return { urn: (r) => urnFor(r, r.name), urns: (r) => names(r).map((n) => urnFor(r, n)) };
}

/**
 * The children the Kubernetes provider registers for a ConfigGroup (which mocks never see): type
 * `kubernetes:<apiVersion>:<kind>`, named `<resourcePrefix, default the group's name>:[<namespace>/]<name>`
 * (pulumi-kubernetes provider/pkg/provider/yaml/v2/yaml.go).
 */
export function configGroupChildren(resources: Registered[]): Registered[] {
    return resources
        .filter((r) => r.type === CONFIG_GROUP_TYPE)
        .flatMap((g) =>
            expandConfigGroup(g.name, g.inputs).map((o) => ({
                type: `kubernetes:${o.apiVersion}:${o.kind}`,
                name: `${g.inputs.resourcePrefix ?? g.name}:${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`,
                inputs: o,
                custom: true,
                id: "",
                outputs: {},
                secretInputs: [],
                provider: g.provider,
                options: { parent: { type: g.type, name: g.name }, dependsOn: [], hasProvider: true, hasProviders: false },
            })),
        );
}

/** URNs registered more than once (ConfigGroups' children included): the engine refuses the second of each. */
export function duplicateUrns(resources: Registered[], stack: string, project: string): string[] {
    const all = [...resources, ...configGroupChildren(resources)];
    const index = urnIndex(all, stack, project);
    const seen = new Map<string, number>();
    for (const r of all) seen.set(index.urn(r), (seen.get(index.urn(r)) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([u]) => u);
}
