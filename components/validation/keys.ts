// How messages name a key, and the error that lists every problem: what the library's declarations need of the
// validation (./problems re-exports them), free of the validation library's types.
import * as pulumi from "@pulumi/pulumi";

/** How messages name a key and how to set it: as stack config or as component arguments. */
export interface KeyStyle {
    /** The key as the user wrote it, e.g. `gloo-mtls:global.image.tag` or `args.global.image.tag`. */
    key(path: string): string;
    /** How to set `path` to `value`, e.g. `pulumi config set --path 'a.b' 1`. */
    set(path: string, value: string, o?: { secret?: boolean }): string;
    /** How to remove `path`. */
    remove(path: string): string;
}

/** Keys named as the component's argument paths. */
export const ARGUMENT_KEYS: KeyStyle = {
    key: (path) => (path ? `args.${path}` : "args"),
    set: (path, value) => `set args.${path} to ${value}`,
    remove: (path) => `leave args.${path} unset`,
};

/** Problems with a component's arguments or a stack's config; raised before any resource is registered. */
export class ArgumentError extends pulumi.RunError {
    constructor(
        readonly problems: string[],
        heading = "invalid arguments",
    ) {
        super(`${heading}:\n  - ${problems.join("\n  - ")}`);
        this.name = "ArgumentError";
    }
}
