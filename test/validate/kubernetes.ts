/**
 * Offline validation of the Kubernetes objects the program registers.
 *
 * `validateKubernetesObject(manifest)` returns a list of errors (empty = valid). Each error reads
 * `<kind>/<namespace>/<name>: <json.path>: <message>` (`-` stands for no namespace, `<unnamed>` for no name).
 *
 * Layers, cheapest first to explain:
 *  1. OpenAPI schema of Kubernetes 1.33 through `kubernetes-models` (types, enums, required fields, base64,
 *     quantities). An apiVersion/kind it does not know is an error, so nothing goes unchecked silently.
 *  2. Unknown fields (typos), recursively, through the `@kubernetes/client-node` model attribute maps
 *     (walked by `baseName`, the JSON name), plus a short list of fields that exist in client-node's newer
 *     schema but not in Kubernetes 1.33.
 *  3. Checks the API server does and the schema does not: names, namespaces, labels, ports, container and
 *     volume names, volume mounts, selectors, Secret/ConfigMap data, RBAC rules, webhooks, CRDs, cron.
 *  4. Gloo custom resources (every kind of the CRDs the program ships) against their structural schemas
 *     (./gloo-crd-schemas.ts): unknown properties, types, enums, bounds — what the API server would prune
 *     silently or refuse.
 *
 * Where they live, under ./kubernetes/: layer 1 schema.ts; layer 2 unknown-fields.ts and version-bridge.ts;
 * layer 3 metadata.ts, pod.ts, kind-checks.ts, custom-resource-definitions.ts, on the value formats of
 * formats.ts; layer 4 custom-resources.ts. The kinds are in kinds.ts.
 *
 * Everything heavy is loaded lazily on first use and cached.
 */
import { GLOO_CRD_SCHEMAS } from "./gloo-crd-schemas";
import { Ctx, getIn, isObj } from "./kubernetes/common";
import { validateGlooResource } from "./kubernetes/custom-resources";
import { KIND_CHECKS } from "./kubernetes/kind-checks";
import { KINDS, SUPPORTED_KINDS } from "./kubernetes/kinds";
import { checkMetadata, checkSelectorsAnywhere } from "./kubernetes/metadata";
import { checkPodSpec } from "./kubernetes/pod";
import { schemaErrors } from "./kubernetes/schema";
import { walkModel } from "./kubernetes/unknown-fields";

export { formatPath } from "./kubernetes/common";
export { podSpecOf, SUPPORTED_KINDS } from "./kubernetes/kinds";
export { clientModel } from "./kubernetes/unknown-fields";
export type { Attribute, ClientModel } from "./kubernetes/unknown-fields";

/**
 * Validates one manifest as it would be sent to the API server. Returns the errors; empty means valid.
 */
export function validateKubernetesObject(input: Record<string, unknown>): string[] {
  // What would go on the wire: `undefined` members vanish, Dates become strings.
  const obj = JSON.parse(JSON.stringify(input ?? null)) as unknown;
  if (!isObj(obj)) return [`<not an object>: $: a manifest must be a JSON object`];
  const meta = isObj(obj.metadata) ? obj.metadata : undefined;
  const apiVersion = obj.apiVersion;
  const kind = obj.kind;
  const key = `${String(apiVersion)}/${String(kind)}`;
  const info = KINDS[key];
  const gloo = GLOO_CRD_SCHEMAS[key];
  const name = typeof meta?.name === "string" && meta.name !== "" ? meta.name : "<unnamed>";
  const ns = typeof meta?.namespace === "string" && meta.namespace !== "" ? meta.namespace : "-";
  const ctx = new Ctx(`${typeof kind === "string" ? kind : "<no kind>"}/${ns}/${name}`);

  if (typeof apiVersion !== "string" || apiVersion === "") ctx.add(["apiVersion"], "required");
  if (typeof kind !== "string" || kind === "") ctx.add(["kind"], "required");
  if (!info && !gloo) {
    if (typeof apiVersion === "string" && typeof kind === "string") {
      ctx.add(["kind"], `unsupported apiVersion/kind "${apiVersion}" "${kind}": not validated (supported: ${SUPPORTED_KINDS.join(", ")})`);
    }
    return ctx.errors;
  }

  if (gloo) {
    validateGlooResource(ctx, obj, gloo);
    return dedupe(ctx.errors);
  }
  const k = info!;
  schemaErrors(ctx, obj, k.model());
  walkModel(ctx, obj, k.clientType, []);
  checkMetadata(ctx, obj, k.clusterScoped === true, k.nameRule ?? "subdomain", k.maxNameLength);
  if (kind !== "CustomResourceDefinition") checkSelectorsAnywhere(ctx, obj, []);
  if (k.podSpecPath) {
    const pod = getIn(obj, k.podSpecPath);
    if (isObj(pod)) checkPodSpec(ctx, pod, k.podSpecPath, kind as string);
  }
  const extra = KIND_CHECKS[kind as string];
  if (extra) extra(ctx, obj);
  return dedupe(ctx.errors);
}

function dedupe(errors: string[]): string[] {
  return [...new Set(errors)];
}
