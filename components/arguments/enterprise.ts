// Gloo Enterprise: `enterprise`, its extension servers (`global.extensions`) and the rate-limit server's `redis`.
import * as pulumi from "@pulumi/pulumi";
import type { ResourceRequirements } from "../types/k8s";
import type { ImageOverride } from "./images";

/** `global.extensions.<server>.deployment`. */
export interface ExtensionDeploymentArgs {
    /** The server's image (`extauth-ee` / `rate-limit-ee`). Defaults to `global.image` with `enterprise.image.tag`. */
    image?: ImageOverride;
    /** The server container's. Defaults to none. */
    resources?: ResourceRequirements;
}

/** `global.extensions.<server>`: one Gloo Enterprise extension server. */
export interface ExtensionServerArgs {
    /** Needs `enterprise.enabled`. Defaults to `false`. */
    enabled?: boolean;
    /** Defaults to none. */
    deployment?: ExtensionDeploymentArgs;
}

/** `global.extensions`: Gloo Enterprise's extension servers (the enterprise chart's paths). */
export interface ExtensionsArgs {
    /** The extauth server, its Upstream and the Settings that point gloo at it. Defaults to `{ enabled: false }`. */
    extAuth?: ExtensionServerArgs;
    /** The rate-limit server with its Redis, its Upstream and the Settings. Defaults to `{ enabled: false }`. */
    rateLimit?: ExtensionServerArgs;
}

/** `enterprise.image`. */
export interface EnterpriseImageArgs {
    /** Release of the enterprise images (gloo-ee, gloo-ee-envoy-wrapper, extauth-ee, rate-limit-ee). Defaults to `"1.22.1"`. */
    tag?: string;
}

/** `enterprise`: Gloo Gateway Enterprise. */
export interface EnterpriseArgs {
    /** Defaults to `false`. */
    enabled?: boolean;
    /** The Gloo Enterprise license key; required when enabled. Pass a Pulumi secret. Defaults to none. */
    licenseKey?: pulumi.Input<string>;
    /** Defaults to release `"1.22.1"`. */
    image?: EnterpriseImageArgs;
}

/** `redis.deployment`. */
export interface RedisDeploymentArgs {
    /**
     * Defaults to `docker.io/redis:7.2.4`; its registry follows `global.image.registry` when that is set
     * and `registry` here is not (the enterprise chart pins docker.io).
     */
    image?: ImageOverride;
    /** Defaults to none. */
    resources?: ResourceRequirements;
}

/** `redis`: Redis of the rate-limit server (the enterprise chart's top-level `redis` block). */
export interface RedisArgs {
    /** Defaults to `docker.io/redis:7.2.4`. */
    deployment?: RedisDeploymentArgs;
}
