// Where images come from: `global.image` and the per-image override every `*.image` key takes.

/** An image pull policy. */
export const PullPolicy = {
    Always: "Always",
    IfNotPresent: "IfNotPresent",
    Never: "Never",
} as const;
/** An image pull policy. */
export type PullPolicy = (typeof PullPolicy)[keyof typeof PullPolicy];

/** A per-image override, as the chart's `*.image` blocks: each unset field falls back to `global.image`. */
export interface ImageOverride {
    /** Defaults to `global.image.registry`. */
    registry?: string;
    /** Defaults to the chart's repository for this image. */
    repository?: string;
    /** Defaults to `global.image.tag`. */
    tag?: string;
    /**
     * Pins the image: `sha256:` and 64 hex digits, rendered `registry/repository:tag@digest` as the chart does
     * (the runtime pulls by digest; the tag is informative). Never inherited from `global.image`. Defaults to none.
     */
    digest?: string;
    /** Defaults to `global.image.pullPolicy`. */
    pullPolicy?: PullPolicy;
}

/** `global.image`: where every image comes from. */
export interface GlobalImageArgs {
    /** Defaults to `"quay.io/solo-io"`. */
    registry?: string;
    /** Gloo release of every image. Defaults to `"1.22.1"`. */
    tag?: string;
    /** Defaults to `"IfNotPresent"`. */
    pullPolicy?: PullPolicy;
    /** A Secret every pod pulls its images with (`imagePullSecrets`; ServiceAccounts never). Defaults to none. */
    pullSecret?: string;
}
