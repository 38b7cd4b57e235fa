// Resource names and options shared by every component.
import * as pulumi from "@pulumi/pulumi";

/**
 * Options for a component's child: parented to it, and waiting for what the component waits for (the
 * namespace, the CRDs, the mTLS Secret) plus `extra`. Pulumi does not pass a component's dependsOn down
 * to its children, so every child needs it explicitly.
 */
export function childOptions(
    parent: pulumi.Resource,
    opts: pulumi.ComponentResourceOptions | undefined,
    ...extra: pulumi.Input<pulumi.Resource>[]
): { parent: pulumi.Resource; dependsOn: pulumi.Input<pulumi.Resource>[] } {
    const inherited = opts?.dependsOn;
    const base = inherited === undefined ? [] : Array.isArray(inherited) ? inherited : [inherited as pulumi.Input<pulumi.Resource>];
    return { parent, dependsOn: [...base, ...extra] };
}

/**
 * Pulumi names of one install's resources. URNs hold the parents' types but not their names, so every
 * resource of an install is named `<install>-<role>`: two installs in one program never collide.
 *
 * Version 0.1 of this program named them `<role>` under its only install, `gloo`. For that install each
 * resource also carries an alias to its old name, so a stack made by 0.1 keeps every resource (no
 * replacement, no delete) on its next `pulumi up`. Components whose children derive their names from the
 * component's own (TlsSecret, CertgenJobs) need the alias only on the component: Pulumi applies a parent's
 * alias to children named with the parent's name as prefix.
 */
export class Names {
    /** The name version 0.1's program gave its one install. */
    static readonly LEGACY_INSTALL = "gloo";

    constructor(
        readonly install: string,
        private readonly legacy: boolean = install === Names.LEGACY_INSTALL,
    ) {}

    /** The Pulumi name of the resource playing `role` in this install. */
    of(role: string): string {
        return `${this.install}-${role}`;
    }

    /** Options naming the 0.1 name of `role`, for the install that had one. */
    aliases(role: string): { aliases?: pulumi.Alias[] } {
        return this.legacy ? { aliases: [{ name: role }] } : {};
    }
}

/** Names and options of a component's children in one install: `family.name(role)`, `family.opts(role, ...after)`. */
export class Family {
    constructor(
        private readonly parent: pulumi.Resource,
        private readonly componentOpts: pulumi.ComponentResourceOptions | undefined,
        readonly names: Names,
    ) {}

    name(role: string): string {
        return this.names.of(role);
    }

    /** Parented, waiting for what the component waits for plus `after`, aliased to the role's 0.1 name. */
    opts(role: string, ...after: pulumi.Input<pulumi.Resource>[]): pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions {
        return { ...childOptions(this.parent, this.componentOpts, ...after), ...this.names.aliases(role) };
    }
}
