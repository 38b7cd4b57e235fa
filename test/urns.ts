// URNs as the Pulumi engine computes them from what a program registered: stack, project, the chain of the
// parents' types (not their names), the type and the name. And the URNs a resource's aliases stand for: its own
// `{ name }` aliases, plus those it inherits when a parent is aliased and the child's name starts with the
// parent's name (Pulumi's rule for components whose children are named `<parent>-<role>`).
import { CONFIG_GROUP_TYPE, expandConfigGroup } from "../render/config-group";
import { Registered, WireAlias } from "../render/program";

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

// ---------------------------------------------------------------------------------------------------------
// Upgrades: which old URN each resource of a new program takes over, the way the engine decides it
// (pkg/resource/deploy/step_generator.go: generateAliases, collapseAliasToUrn, inheritedChildAlias; the lookup
// tries the resource's own URN first, then its aliases in order; a parent's matched old URN is what children
// inherit). The aliases are the ones the SDK sent on the wire (Registered.wire), not the program's options.

const typeOf = (urn: string) => urn.split("::")[2];
const nameOf = (urn: string) => urn.split("::").slice(3).join("::");
const lastType = (urn: string) => typeOf(urn).split("$").pop()!;

export interface UpgradeResult {
    /** New URN → the old URN it took over through an alias. */
    aliased: Map<string, string>;
    /** Old URNs no resource answers to (the engine would delete them). */
    missing: string[];
    /** Old URNs two resources claim (the engine refuses the update). */
    claimedTwice: string[];
    /** Old URN → the new URNs that answer to it. */
    claims: Map<string, string[]>;
}

/** How a program's registrations meet a state holding `olds` (full URNs). */
export function upgrade(resources: Registered[], olds: string[], stack: string, project: string): UpgradeResult {
    const all = [...resources, ...configGroupChildren(resources)].filter((r) => r.type !== "pulumi:pulumi:Stack");
    const index = urnIndex(all, stack, project);
    const byKey = new Map(all.map((r) => [key(r), r]));
    // The mock monitor answers URNs of its own scheme (parent's last type only): map them to the engine's.
    const fromMock = new Map(all.filter((r) => r.wire).map((r) => [r.wire!.mockUrn, index.urn(r)]));
    const oldSet = new Set(olds);
    const aliased = new Map<string, string>();
    const claims = new Map<string, string[]>();
    const create = (name: string, type: string, parent: string) =>
        `urn:pulumi:${stack}::${project}::${parent ? `${typeOf(parent)}$` : ""}${type}::${name}`;
    for (const r of all) {
        const urn = index.urn(r);
        const p = r.options?.parent ? byKey.get(key(r.options.parent)) : undefined;
        const goalParent = p && p.type !== "pulumi:pulumi:Stack" ? index.urn(p) : "";
        const collapse = (a: WireAlias): string => {
            if (a.urn) return a.urn;
            const s = a.spec!;
            let parent = goalParent;
            if (s.parenturn) {
                const given = fromMock.get(s.parenturn) ?? (s.parenturn.includes("::pulumi:pulumi:Stack::") ? "" : s.parenturn);
                parent = given && aliased.has(given) ? aliased.get(given)! : given;
            }
            if (s.noparent) parent = "";
            return create(s.name || r.name, s.type || r.type, parent);
        };
        const aliases: string[] = (r.wire?.aliases ?? []).map(collapse);
        const inherited = (childType: string, childName: string, parentAlias: string) =>
            create(childName.startsWith(p!.name) ? nameOf(parentAlias) + childName.slice(p!.name.length) : childName, childType, parentAlias);
        if (goalParent && aliased.has(goalParent)) {
            const parentAlias = aliased.get(goalParent)!;
            aliases.push(inherited(r.type, r.name, parentAlias));
            for (const a of r.wire?.aliases ?? []) {
                const c = collapse(a);
                aliases.push(inherited(lastType(c), nameOf(c), parentAlias));
            }
        }
        const found = [urn, ...aliases].find((u) => oldSet.has(u));
        if (found === undefined) continue;
        if (found !== urn) aliased.set(urn, found);
        claims.set(found, [...(claims.get(found) ?? []), urn]);
    }
    return {
        aliased,
        missing: olds.filter((u) => !claims.has(u)),
        claimedTwice: [...claims].filter(([, by]) => by.length > 1).map(([u]) => u),
        claims,
    };
}
