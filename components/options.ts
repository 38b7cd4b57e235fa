// Resource options shared by every component.
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
