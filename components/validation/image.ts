// Image reference parts as container runtimes parse them (distribution/reference), and the chart's per-image
// value block (`*.image`: registry, repository, tag, digest, pullPolicy).
import { z } from "zod";

// distribution/reference: tag = [\w][\w.-]{0,127}
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// host[:port] followed by lowercase path components, e.g. quay.io/solo-io or localhost:5000/mirror
const IMAGE_REGISTRY = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
/**
 * go-digest's registered algorithms with their encoded lengths (lowercase hex): what containerd and CRI-O verify
 * a pulled manifest against. distribution/reference's grammar would take any `alg:hex{32,}`, which no runtime can pull.
 */
const DIGEST = /^(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;

export const imageTag = z.string().regex(IMAGE_TAG, "must be an image tag: letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'");
export const imageRegistry = z.string().regex(IMAGE_REGISTRY, "must be a registry host with optional port and path, e.g. quay.io/solo-io");
export const imageRepository = z.string().regex(IMAGE_REPOSITORY, "must be a lowercase repository path, e.g. gloo-envoy-wrapper");
export const imageDigest = z
    .string()
    .regex(DIGEST, 'must be an image digest: "sha256:" and 64 lowercase hex digits (or sha384/sha512), e.g. the digest `crane digest` or `docker buildx imagetools inspect` prints');
export const pullPolicy = z.enum(["Always", "IfNotPresent", "Never"]);

/**
 * Per-image override, as the chart's `*.image` blocks: each unset field falls back to `global.image`, except the
 * digest, which belongs to one image (rendered `registry/repository:tag@digest`, as the chart's `gloo.image`).
 */
export const imageOverride = z.strictObject({
    registry: imageRegistry.optional(),
    repository: imageRepository.optional(),
    tag: imageTag.optional(),
    digest: imageDigest.optional(),
    pullPolicy: pullPolicy.optional(),
});
