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
 * Everything heavy is loaded lazily on first use and cached.
 */
import { validateCronSchedule, validateTimeZone } from "../../components/validation/schedule";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { GLOO_CRD_SCHEMAS, GlooKindSchema, GlooSchema } from "./gloo-crd-schemas";

type Obj = Record<string, unknown>;
type Seg = string | number;
type Path = readonly Seg[];

// ---------------------------------------------------------------------------------------------------------
// Supported kinds
// ---------------------------------------------------------------------------------------------------------

interface ModelInstance {
  validate(): void;
}
type ModelCtor = new (data: unknown) => ModelInstance;

type NameRule = "subdomain" | "label" | "dns1035" | "rbac";

interface KindInfo {
  /** Loads the kubernetes-models class (lazily; `require` caches). */
  model: () => ModelCtor;
  /** The `@kubernetes/client-node` model type of the whole object. */
  clientType: string;
  clusterScoped?: boolean;
  nameRule?: NameRule;
  maxNameLength?: number;
  /** Where the pod spec lives, if the kind has one. */
  podSpecPath?: readonly string[];
}

const TEMPLATE_POD = ["spec", "template", "spec"] as const;

const KINDS: { [apiVersionKind: string]: KindInfo } = {
  "v1/ConfigMap": { model: () => require("kubernetes-models/v1/ConfigMap").ConfigMap, clientType: "V1ConfigMap" },
  "v1/Secret": { model: () => require("kubernetes-models/v1/Secret").Secret, clientType: "V1Secret" },
  // Service names are DNS-1035 labels (must start with a letter): ValidateServiceName.
  "v1/Service": { model: () => require("kubernetes-models/v1/Service").Service, clientType: "V1Service", nameRule: "dns1035" },
  "v1/ServiceAccount": { model: () => require("kubernetes-models/v1/ServiceAccount").ServiceAccount, clientType: "V1ServiceAccount" },
  "v1/Namespace": { model: () => require("kubernetes-models/v1/Namespace").Namespace, clientType: "V1Namespace", clusterScoped: true, nameRule: "label" },
  "v1/Pod": { model: () => require("kubernetes-models/v1/Pod").Pod, clientType: "V1Pod", podSpecPath: ["spec"] },
  "apps/v1/Deployment": { model: () => require("kubernetes-models/apps/v1/Deployment").Deployment, clientType: "V1Deployment", podSpecPath: TEMPLATE_POD },
  "apps/v1/StatefulSet": { model: () => require("kubernetes-models/apps/v1/StatefulSet").StatefulSet, clientType: "V1StatefulSet", podSpecPath: TEMPLATE_POD },
  "apps/v1/DaemonSet": { model: () => require("kubernetes-models/apps/v1/DaemonSet").DaemonSet, clientType: "V1DaemonSet", podSpecPath: TEMPLATE_POD },
  // A Job's name goes into the `batch.kubernetes.io/job-name` label of its pods: at most 63 characters.
  "batch/v1/Job": { model: () => require("kubernetes-models/batch/v1/Job").Job, clientType: "V1Job", maxNameLength: 63, podSpecPath: TEMPLATE_POD },
  // CronJob names get an 11-character suffix for their Jobs: at most 52 characters.
  "batch/v1/CronJob": {
    model: () => require("kubernetes-models/batch/v1/CronJob").CronJob,
    clientType: "V1CronJob",
    maxNameLength: 52,
    podSpecPath: ["spec", "jobTemplate", "spec", "template", "spec"],
  },
  "rbac.authorization.k8s.io/v1/ClusterRole": { model: () => require("kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole").ClusterRole, clientType: "V1ClusterRole", clusterScoped: true, nameRule: "rbac" },
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": { model: () => require("kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding").ClusterRoleBinding, clientType: "V1ClusterRoleBinding", clusterScoped: true, nameRule: "rbac" },
  "rbac.authorization.k8s.io/v1/Role": { model: () => require("kubernetes-models/rbac.authorization.k8s.io/v1/Role").Role, clientType: "V1Role", nameRule: "rbac" },
  "rbac.authorization.k8s.io/v1/RoleBinding": { model: () => require("kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding").RoleBinding, clientType: "V1RoleBinding", nameRule: "rbac" },
  "networking.k8s.io/v1/NetworkPolicy": { model: () => require("kubernetes-models/networking.k8s.io/v1/NetworkPolicy").NetworkPolicy, clientType: "V1NetworkPolicy" },
  "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": {
    model: () => require("kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration").ValidatingWebhookConfiguration,
    clientType: "V1ValidatingWebhookConfiguration",
    clusterScoped: true,
  },
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": {
    model: () => require("kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration").MutatingWebhookConfiguration,
    clientType: "V1MutatingWebhookConfiguration",
    clusterScoped: true,
  },
  "apiextensions.k8s.io/v1/CustomResourceDefinition": {
    model: () => require("kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition").CustomResourceDefinition,
    clientType: "V1CustomResourceDefinition",
    clusterScoped: true,
  },
  "policy/v1/PodDisruptionBudget": { model: () => require("kubernetes-models/policy/v1/PodDisruptionBudget").PodDisruptionBudget, clientType: "V1PodDisruptionBudget" },
  "autoscaling/v2/HorizontalPodAutoscaler": { model: () => require("kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler").HorizontalPodAutoscaler, clientType: "V2HorizontalPodAutoscaler" },
};

/** The `apiVersion/kind` pairs validateKubernetesObject understands (Kubernetes built-ins + Gloo CRs). */
export const SUPPORTED_KINDS: readonly string[] = [...Object.keys(KINDS), ...Object.keys(GLOO_CRD_SCHEMAS)];

/**
 * Where a workload keeps its pod spec, for callers that want to run other pod checks (e.g. checkRestricted).
 * Returns undefined for kinds without one.
 */
export function podSpecOf(obj: Record<string, unknown>): { podSpec: Obj; path: string; podMetadata: Obj } | undefined {
  const info = KINDS[`${String(obj.apiVersion)}/${String(obj.kind)}`];
  if (!info?.podSpecPath) return undefined;
  const podSpec = getIn(obj, info.podSpecPath);
  // The pod's metadata sits beside its spec (a template's, or the Pod's own).
  const podMetadata = getIn(obj, [...info.podSpecPath.slice(0, -1), "metadata"]);
  return isObj(podSpec) ? { podSpec, path: formatPath(info.podSpecPath), podMetadata: isObj(podMetadata) ? podMetadata : {} } : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------------------

class Ctx {
  readonly errors: string[] = [];
  constructor(readonly id: string) {}
  add(path: Path, msg: string): void {
    this.errors.push(`${this.id}: ${formatPath(path)}: ${msg}`);
  }
}

/** Pulumi marks secret values with this signature key when they are serialized. */
const PULUMI_SECRET_SIG = "4dabf18193072939515e22adb298388d";

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

// ---------------------------------------------------------------------------------------------------------
// Layer 1: kubernetes-models (ajv-compiled OpenAPI schema)
// ---------------------------------------------------------------------------------------------------------

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Runs the kubernetes-models validator and reports its errors. */
function schemaErrors(ctx: Ctx, obj: Obj, ctor: ModelCtor, pathPrefix: Path = []): void {
  let errs: AjvError[] = [];
  try {
    new ctor(obj).validate();
    return;
  } catch (e) {
    const list = (e as { errors?: unknown }).errors;
    if (!Array.isArray(list)) {
      ctx.add(pathPrefix, `schema validation failed: ${(e as Error).message}`);
      return;
    }
    errs = list as AjvError[];
  }
  const byPath = new Map<string, AjvError[]>();
  for (const er of errs) {
    const g = byPath.get(er.instancePath);
    if (g) g.push(er);
    else byPath.set(er.instancePath, [er]);
  }
  for (const [pointer, group] of byPath) {
    const path = [...pathPrefix, ...pointerToPath(obj, pointer)];
    const value = getIn(obj, path.slice(pathPrefix.length));
    const alt = group.some((g) => g.keyword === "oneOf" || g.keyword === "anyOf");
    if (alt) {
      const options = group.filter((g) => g.keyword !== "oneOf" && g.keyword !== "anyOf").map(describeAjv);
      ctx.add(path, `must be ${[...new Set(options)].join(" or ")} (got ${show(value)})`);
      continue;
    }
    for (const g of group) {
      if (g.keyword === "required") {
        ctx.add([...path, String(g.params.missingProperty)], "required field is missing");
      } else if (g.keyword === "enum") {
        const allowed = (g.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
        ctx.add(path, `must be one of ${allowed} (got ${show(value)})`);
      } else if (g.keyword === "type") {
        ctx.add(path, `must be ${String(g.params.type)} (got ${show(value)})`);
      } else if (g.keyword === "format" && g.params.format === "byte") {
        // ajv refuses CR/LF; Go's decoder (the API server's) skips them
        if (typeof value !== "string" || !isBase64(value)) ctx.add(path, BASE64_MSG);
      } else {
        ctx.add(path, `${g.message ?? g.keyword} (got ${show(value)})`);
      }
    }
  }
}

function describeAjv(g: AjvError): string {
  if (g.keyword === "type") return String(g.params.type);
  if (g.keyword === "format") return `a string in format "${String(g.params.format)}"`;
  return g.message ?? g.keyword;
}

function pointerToPath(root: unknown, pointer: string): Seg[] {
  if (pointer === "") return [];
  const out: Seg[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = isObj(cur) ? cur[seg] : undefined;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Layer 2: unknown fields via @kubernetes/client-node model attribute maps
// ---------------------------------------------------------------------------------------------------------

export interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}
export interface ClientModel {
  attributeTypeMap?: Attribute[];
  discriminator?: string;
  mapping?: { [value: string]: string };
}

let modelsDir: string | undefined;
const modelCache = new Map<string, ClientModel | null>();

/**
 * One `@kubernetes/client-node` model class (its static `attributeTypeMap`, `discriminator`, `mapping`), by
 * type name, loaded lazily.
 *
 * The models are the generated files `@kubernetes/client-node/dist/gen/models/<Type>.js` that `all.js`
 * re-exports (the package root needs Node 22, so only these deep paths are used). They are ES modules,
 * loaded through require(esm) (Node >= 20.19) and slow to load all at once (all.js),
 * so the static maps are read straight from each file's source — a JSON array in every one of the 2.0.1
 * models — and only a model with anything unusual (a discriminator, a mapping, an unexpected shape) is
 * loaded as a module. The test suite checks the two ways agree.
 */
export function clientModel(typeName: string): ClientModel | undefined {
  let m = modelCache.get(typeName);
  if (m !== undefined) return m ?? undefined;
  m = null;
  if (/^[A-Za-z0-9]+$/.test(typeName)) {
    modelsDir ??= dirname(require.resolve("@kubernetes/client-node/dist/gen/models/all.js"));
    const file = join(modelsDir, `${typeName}.js`);
    if (existsSync(file)) {
      const src = readFileSync(file, "utf8");
      const attrs = /\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(src);
      const plain = src.includes(`${typeName}.discriminator = undefined;`) && src.includes(`${typeName}.mapping = undefined;`);
      if (attrs && plain) {
        m = { attributeTypeMap: JSON.parse(attrs[1]) as Attribute[] };
      } else {
        m = ((require(file) as { [name: string]: ClientModel })[typeName] ?? null) as ClientModel | null;
      }
    }
  }
  modelCache.set(typeName, m);
  return m ?? undefined;
}

const attrCache = new Map<string, Map<string, string> | null>();
function attributesOf(typeName: string): Map<string, string> | null {
  let m = attrCache.get(typeName);
  if (m !== undefined) return m;
  const model = clientModel(typeName);
  m = model?.attributeTypeMap ? new Map(model.attributeTypeMap.map((a) => [a.baseName, a.type])) : null;
  attrCache.set(typeName, m);
  return m;
}

/**
 * Fields client-node's (newer) schema has but Kubernetes 1.33 has not, for the types our kinds reach.
 * Computed once by walking client-node 2.0.1 (release-1.36) against kubernetes-models 4.5.0 (1.33).
 */
const NEWER_THAN_133: { [typeName: string]: readonly string[] } = {
  V1Container: ["restartPolicyRules"],
  V1EphemeralContainer: ["restartPolicyRules"],
  V1EnvVarSource: ["fileKeyRef"],
  V1PodSpec: ["hostnameOverride", "schedulingGroup"],
  V1VolumeProjection: ["podCertificate"],
  V1PodStatus: ["allocatedResources", "extendedResourceClaimStatus", "nodeAllocatableResourceClaimStatuses", "resources"],
  V1ResourceHealth: ["message"],
  V1VolumeMountStatus: ["volumeStatus"],
  V1CustomResourceDefinitionCondition: ["observedGeneration"],
  V1CustomResourceDefinitionStatus: ["observedGeneration"],
};

const FREE_FORM = new Set(["any", "object", "string", "number", "boolean", "Date", "IntOrString"]);
const ARRAY_RE = /^Array<(.+)>$/;
const MAP_RE = /^\{ \[key: string\]: (.+); \}$/;

/** JSONSchemaProps members client-node types as `any` that are really schemas (or schema-or-something). */
const JSON_SCHEMA_MEMBERS: { [member: string]: "schemaOrArray" | "schemaOrBool" | "schemaOrStrings" } = {
  items: "schemaOrArray",
  additionalProperties: "schemaOrBool",
  additionalItems: "schemaOrBool",
  dependencies: "schemaOrStrings",
};

function walkModel(ctx: Ctx, value: unknown, type: string, path: Path): void {
  if (value === null || value === undefined) return;
  if (isObj(value) && PULUMI_SECRET_SIG in value) {
    ctx.add(path, "a Pulumi secret wrapper object: unwrap it to its `value` before validating");
    return;
  }
  if (FREE_FORM.has(type)) return;
  let m = ARRAY_RE.exec(type);
  if (m) {
    if (Array.isArray(value)) value.forEach((v, i) => walkModel(ctx, v, m![1], [...path, i]));
    return;
  }
  m = MAP_RE.exec(type);
  if (m) {
    if (isObj(value)) for (const [k, v] of Object.entries(value)) walkModel(ctx, v, m[1], [...path, k]);
    return;
  }
  if (!isObj(value)) return; // wrong type: reported by the schema layer
  let typeName = type;
  const model = clientModel(typeName);
  if (model?.discriminator && typeof value[model.discriminator] === "string") {
    const d = value[model.discriminator] as string;
    typeName = model.mapping?.[d] ?? typeName;
  }
  const attrs = attributesOf(typeName);
  if (!attrs) return;
  const newer = NEWER_THAN_133[typeName];
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, k];
    const t = attrs.get(k);
    if (t === undefined) {
      ctx.add(p, `unknown field "${k}" (not in ${typeName})${suggest(k, [...attrs.keys()])}`);
      continue;
    }
    if (newer?.includes(k)) {
      ctx.add(p, `field "${k}" is newer than Kubernetes 1.33 (not in its ${typeName}); a 1.33 API server drops or rejects it`);
    }
    if (typeName === "V1JSONSchemaProps" && k in JSON_SCHEMA_MEMBERS) {
      const how = JSON_SCHEMA_MEMBERS[k];
      if (how === "schemaOrStrings") {
        if (isObj(v)) for (const [dk, dv] of Object.entries(v)) if (isObj(dv)) walkModel(ctx, dv, "V1JSONSchemaProps", [...p, dk]);
      } else if (Array.isArray(v) && how === "schemaOrArray") {
        v.forEach((item, i) => walkModel(ctx, item, "V1JSONSchemaProps", [...p, i]));
      } else if (isObj(v)) {
        walkModel(ctx, v, "V1JSONSchemaProps", p);
      }
      continue;
    }
    walkModel(ctx, v, t, p);
  }
}

/** " (did you mean \"x\"?)" for near misses: same letters ignoring case/-/_, or a small edit distance. */
function suggest(key: string, candidates: string[]): string {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  const nk = norm(key);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (norm(c) === nk) {
      best = c;
      bestD = 0;
      break;
    }
    const d = editDistance(key.toLowerCase(), c.toLowerCase(), 2);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best !== undefined && bestD <= (key.length >= 5 ? 2 : 1)) {
    const extra = bestD === 0 && key !== best && key.includes("_") && best.includes("-") ? "; the API server drops the underscore spelling, which only the Pulumi provider renames for you" : "";
    return ` (did you mean "${best}"?${extra})`;
  }
  return "";
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment); gives up past limit. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

// ---------------------------------------------------------------------------------------------------------
// Layer 3: checks the API server does and the OpenAPI schema does not
// ---------------------------------------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function dns1123Label(v: string): string | undefined {
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!DNS1123_LABEL.test(v)) return "must be a DNS-1123 label (lowercase alphanumerics and '-', starting and ending alphanumeric)";
  return undefined;
}
function dns1123Subdomain(v: string): string | undefined {
  if (v.length > 253) return `must be at most 253 characters (has ${v.length})`;
  if (!DNS1123_SUBDOMAIN.test(v)) return "must be a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', starting and ending alphanumeric)";
  return undefined;
}
function dns1035Label(v: string): string | undefined {
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!DNS1035_LABEL.test(v)) return "must be a DNS-1035 label (lowercase alphanumerics and '-', starting with a letter, ending alphanumeric)";
  return undefined;
}
/** IANA_SVC_NAME: what a named port may be called. */
function ianaSvcName(v: string): string | undefined {
  if (v.length > 15) return `must be at most 15 characters (has ${v.length})`;
  if (!/^[-a-z0-9]+$/.test(v)) return "must contain only lowercase alphanumerics and '-' (IANA_SVC_NAME)";
  if (!/[a-z]/.test(v)) return "must contain at least one letter (IANA_SVC_NAME)";
  if (v.includes("--")) return "must not contain consecutive hyphens (IANA_SVC_NAME)";
  if (v.startsWith("-") || v.endsWith("-")) return "must not begin or end with a hyphen (IANA_SVC_NAME)";
  return undefined;
}
/** A label/annotation key: optional DNS-subdomain prefix, '/', name of at most 63 characters. */
function qualifiedName(v: string): string | undefined {
  const parts = v.split("/");
  let name = v;
  if (parts.length > 2) return "must be a qualified name: [prefix/]name";
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix === "") return "prefix part must be non-empty";
    const pe = dns1123Subdomain(prefix);
    if (pe) return `prefix part ${pe}`;
  }
  if (name === "") return "name part must be non-empty";
  if (name.length > 63) return `name part must be at most 63 characters (has ${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) return "name part must consist of alphanumerics, '-', '_' or '.', starting and ending alphanumeric";
  return undefined;
}
function labelValue(v: unknown): string | undefined {
  if (typeof v !== "string") return `must be a string (got ${show(v)})`;
  if (v.length > 63) return `must be at most 63 characters (has ${v.length})`;
  if (!LABEL_VALUE.test(v)) return "must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric";
  return undefined;
}
function configKey(v: string): string | undefined {
  if (v.length > 253) return `must be at most 253 characters (has ${v.length})`;
  if (!CONFIG_KEY.test(v)) return "must consist of alphanumerics, '-', '_' or '.'";
  if (v === "." || v === "..") return `must not be '${v}'`;
  return undefined;
}
const BASE64_MSG = "must be valid base64 (standard alphabet, padded; use stringData for plain text)";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Go's base64.StdEncoding (what the API server decodes `[]byte` fields with): padded, CR/LF ignored. */
function isBase64(v: string): boolean {
  return BASE64.test(v.replace(/[\r\n]/g, ""));
}

function checkMetadata(ctx: Ctx, obj: Obj, clusterScoped: boolean, nameRule: NameRule, maxNameLength?: number): void {
  const meta = obj.metadata;
  if (!isObj(meta)) {
    ctx.add(["metadata"], "required (with at least metadata.name)");
    return;
  }
  const name = meta.name;
  if (typeof name !== "string" || name === "") {
    ctx.add(["metadata", "name"], "required (auto-naming happens only in the provider; set an explicit name)");
  } else {
    let e: string | undefined;
    if (nameRule === "label") e = dns1123Label(name);
    else if (nameRule === "dns1035") e = dns1035Label(name);
    else if (nameRule === "rbac") e = name === "." || name === ".." ? `must not be '${name}'` : /[/%]/.test(name) ? "must not contain '/' or '%'" : undefined;
    else e = dns1123Subdomain(name);
    if (!e && maxNameLength !== undefined && name.length > maxNameLength) e = `must be at most ${maxNameLength} characters for a ${String(obj.kind)} (has ${name.length})`;
    if (e) ctx.add(["metadata", "name"], `"${name}" ${e}`);
  }
  const ns = meta.namespace;
  if (clusterScoped) {
    if (ns !== undefined) ctx.add(["metadata", "namespace"], `must not be set: ${String(obj.kind)} is cluster-scoped`);
  } else if (typeof ns !== "string" || ns === "") {
    ctx.add(["metadata", "namespace"], `required: ${String(obj.kind)} is namespaced (set it explicitly rather than relying on the provider's default namespace)`);
  } else {
    const e = dns1123Label(ns);
    if (e) ctx.add(["metadata", "namespace"], `"${ns}" ${e}`);
  }
  checkLabelsAndAnnotations(ctx, meta, ["metadata"]);
}

function checkLabelsAndAnnotations(ctx: Ctx, meta: Obj, path: Path): void {
  if (isObj(meta.labels)) checkLabelMap(ctx, meta.labels, [...path, "labels"]);
  if (isObj(meta.annotations)) {
    let size = 0;
    for (const [k, v] of Object.entries(meta.annotations)) {
      const e = qualifiedName(k);
      if (e) ctx.add([...path, "annotations", k], `invalid annotation key: ${e}`);
      size += k.length + (typeof v === "string" ? Buffer.byteLength(v) : 0);
    }
    if (size > 256 * 1024) ctx.add([...path, "annotations"], `total size ${size} bytes exceeds 262144`);
  }
}

function checkLabelMap(ctx: Ctx, labels: Obj, path: Path): void {
  for (const [k, v] of Object.entries(labels)) {
    const ke = qualifiedName(k);
    if (ke) ctx.add([...path, k], `invalid label key: ${ke}`);
    const ve = labelValue(v);
    if (ve) ctx.add([...path, k], `invalid label value ${show(v)}: ${ve}`);
  }
}

/** Label selectors (`matchLabels`, `matchExpressions`) wherever they appear, and pod template metadata. */
function checkSelectorsAnywhere(ctx: Ctx, v: unknown, path: Path): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkSelectorsAnywhere(ctx, x, [...path, i]));
    return;
  }
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const p = [...path, k];
    if (k === "matchLabels" && isObj(x)) {
      checkLabelMap(ctx, x, p);
    } else if (k === "matchExpressions" && Array.isArray(x)) {
      x.forEach((req, i) => {
        if (!isObj(req)) return;
        if (typeof req.key === "string") {
          const e = qualifiedName(req.key);
          if (e) ctx.add([...p, i, "key"], `invalid label key: ${e}`);
        }
        const op = req.operator;
        const values = Array.isArray(req.values) ? req.values : [];
        if ((op === "In" || op === "NotIn") && values.length === 0) ctx.add([...p, i, "values"], `must be non-empty for operator ${op}`);
        if ((op === "Exists" || op === "DoesNotExist") && values.length > 0) ctx.add([...p, i, "values"], `must be empty for operator ${op}`);
      });
    } else if (k === "metadata" && path.length === 0) {
      continue; // the object's own metadata: checkMetadata does it
    } else if (k === "metadata" && isObj(x)) {
      // embedded ObjectMeta: pod templates, job templates, volume claim templates
      checkLabelsAndAnnotations(ctx, x, p);
    } else {
      checkSelectorsAnywhere(ctx, x, p);
    }
  }
}

function selectorMatches(sel: Obj, labels: Obj): boolean {
  if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  if (Array.isArray(sel.matchExpressions)) {
    for (const r of sel.matchExpressions) {
      if (!isObj(r) || typeof r.key !== "string") continue;
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const vals = Array.isArray(r.values) ? r.values : [];
      const ok =
        r.operator === "In" ? has && vals.includes(labels[r.key])
        : r.operator === "NotIn" ? !has || !vals.includes(labels[r.key])
        : r.operator === "Exists" ? has
        : r.operator === "DoesNotExist" ? !has
        : true;
      if (!ok) return false;
    }
  }
  return true;
}

function selectorIsEmpty(sel: Obj): boolean {
  const ml = isObj(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
  const me = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
  return ml + me === 0;
}

// --- ports --------------------------------------------------------------------------------------------------

function portNumber(ctx: Ctx, v: unknown, path: Path, what: string): void {
  if (typeof v === "number" && Number.isInteger(v) && (v < 1 || v > 65535)) ctx.add(path, `${what} ${v} must be between 1 and 65535`);
}

/** An int-or-string port: a number in range, or an IANA_SVC_NAME (optionally one of `names`). */
function intOrNamedPort(ctx: Ctx, v: unknown, path: Path, what: string, names?: Set<string>): void {
  if (typeof v === "number") portNumber(ctx, v, path, what);
  else if (typeof v === "string") {
    if (/^\d+$/.test(v)) {
      ctx.add(path, `${what} "${v}" is a string of digits: use the number ${v} (a named port must contain a letter)`);
      return;
    }
    const e = ianaSvcName(v);
    if (e) ctx.add(path, `${what} name "${v}" ${e}`);
    else if (names && !names.has(v)) ctx.add(path, `${what} "${v}" names no port of this container (declared: ${[...names].join(", ") || "none"})`);
  }
}

// --- pod spec -----------------------------------------------------------------------------------------------

const POD_OWNER_RESTART: { [kind: string]: readonly string[] } = {
  Deployment: ["Always"],
  StatefulSet: ["Always"],
  DaemonSet: ["Always"],
  Job: ["OnFailure", "Never"],
  CronJob: ["OnFailure", "Never"],
};

function checkPodSpec(ctx: Ctx, pod: Obj, base: Path, ownerKind: string): void {
  const volumes = Array.isArray(pod.volumes) ? pod.volumes : [];
  const volumeNames = new Set<string>();
  volumes.forEach((v, i) => {
    if (!isObj(v) || typeof v.name !== "string") return;
    const p = [...base, "volumes", i, "name"];
    const e = dns1123Label(v.name);
    if (e) ctx.add(p, `volume name "${v.name}" ${e}`);
    if (volumeNames.has(v.name)) ctx.add(p, `duplicate volume name "${v.name}"`);
    volumeNames.add(v.name);
    const sources = Object.keys(v).filter((k) => k !== "name");
    if (sources.length !== 1) ctx.add([...base, "volumes", i], `must specify exactly one volume source (has ${sources.length ? sources.join(", ") : "none"})`);
    if (isObj(v.secret) && !v.secret.secretName) ctx.add([...base, "volumes", i, "secret", "secretName"], "required");
    if (isObj(v.configMap) && !v.configMap.name) ctx.add([...base, "volumes", i, "configMap", "name"], "required");
  });

  const allowedRestart = POD_OWNER_RESTART[ownerKind];
  if (allowedRestart) {
    const rp = pod.restartPolicy ?? "Always";
    if (typeof rp === "string" && !allowedRestart.includes(rp)) {
      ctx.add([...base, "restartPolicy"], `must be ${allowedRestart.join(" or ")} for a ${ownerKind}${pod.restartPolicy === undefined ? " (the default is Always)" : ` (got "${rp}")`}`);
    }
  }

  const containerNames = new Set<string>();
  for (const listName of ["initContainers", "containers", "ephemeralContainers"] as const) {
    const list = pod[listName];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!isObj(c)) return;
      const cp = [...base, listName, i];
      if (typeof c.name === "string") {
        const e = dns1123Label(c.name);
        if (e) ctx.add([...cp, "name"], `container name "${c.name}" ${e}`);
        if (containerNames.has(c.name)) ctx.add([...cp, "name"], `duplicate container name "${c.name}" in the pod`);
        containerNames.add(c.name);
      }
      checkContainer(ctx, c, cp, volumeNames, listName);
    });
  }
  if (Array.isArray(pod.containers) && pod.containers.length === 0) ctx.add([...base, "containers"], "must have at least one container");
}

function checkContainer(ctx: Ctx, c: Obj, cp: Path, volumeNames: Set<string>, listName: string): void {
  // ports
  const portNames = new Set<string>();
  const ports = Array.isArray(c.ports) ? c.ports : [];
  ports.forEach((p, j) => {
    if (!isObj(p)) return;
    const pp = [...cp, "ports", j];
    portNumber(ctx, p.containerPort, [...pp, "containerPort"], "containerPort");
    if (p.hostPort !== undefined && p.hostPort !== 0) portNumber(ctx, p.hostPort, [...pp, "hostPort"], "hostPort");
    if (typeof p.name === "string") {
      const e = ianaSvcName(p.name);
      if (e) ctx.add([...pp, "name"], `port name "${p.name}" ${e}`);
      if (portNames.has(p.name)) ctx.add([...pp, "name"], `duplicate port name "${p.name}"`);
      portNames.add(p.name);
    }
  });

  // probes and lifecycle handlers
  const isSidecar = listName === "initContainers" && c.restartPolicy === "Always";
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
    const pr = c[probe];
    if (!isObj(pr)) continue;
    if (listName === "initContainers" && !isSidecar) ctx.add([...cp, probe], "must not be set on an init container (unless restartPolicy: Always)");
    if (listName === "ephemeralContainers") ctx.add([...cp, probe], "must not be set on an ephemeral container");
    checkHandler(ctx, pr, [...cp, probe], portNames);
    const handlers = ["exec", "httpGet", "tcpSocket", "grpc"].filter((h) => pr[h] !== undefined);
    if (handlers.length !== 1) ctx.add([...cp, probe], `must specify exactly one handler (has ${handlers.join(", ") || "none"})`);
    if (probe !== "readinessProbe" && pr.successThreshold !== undefined && pr.successThreshold !== 1) {
      ctx.add([...cp, probe, "successThreshold"], "must be 1 for liveness and startup probes");
    }
  }
  if (isObj(c.lifecycle)) {
    for (const hook of ["postStart", "preStop"] as const) {
      const h = c.lifecycle[hook];
      if (isObj(h)) checkHandler(ctx, h, [...cp, "lifecycle", hook], portNames);
    }
  }

  // volume mounts
  const mountPaths = new Set<string>();
  const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
  mounts.forEach((m, j) => {
    if (!isObj(m)) return;
    const mp = [...cp, "volumeMounts", j];
    if (typeof m.name === "string" && !volumeNames.has(m.name)) {
      ctx.add([...mp, "name"], `volumeMount refers to undeclared volume "${m.name}" (declared: ${[...volumeNames].join(", ") || "none"})`);
    }
    if (typeof m.mountPath === "string") {
      if (mountPaths.has(m.mountPath)) ctx.add([...mp, "mountPath"], `duplicate mountPath "${m.mountPath}" in this container`);
      mountPaths.add(m.mountPath);
      if (m.mountPath.includes(":")) ctx.add([...mp, "mountPath"], "must not contain ':'");
    }
    if (typeof m.subPath === "string" && (m.subPath.startsWith("/") || m.subPath.split("/").includes(".."))) {
      ctx.add([...mp, "subPath"], "must be a relative path without '..'");
    }
  });
  const devices = Array.isArray(c.volumeDevices) ? c.volumeDevices : [];
  devices.forEach((d, j) => {
    if (isObj(d) && typeof d.name === "string" && !volumeNames.has(d.name)) ctx.add([...cp, "volumeDevices", j, "name"], `refers to undeclared volume "${d.name}"`);
  });

  // resources: requests must not exceed limits
  if (isObj(c.resources) && isObj(c.resources.requests) && isObj(c.resources.limits)) {
    for (const [res, req] of Object.entries(c.resources.requests)) {
      const lim = c.resources.limits[res];
      if (lim === undefined) continue;
      const rq = parseQuantity(req);
      const lm = parseQuantity(lim);
      if (rq !== undefined && lm !== undefined && rq > lm) {
        ctx.add([...cp, "resources", "requests", res], `request ${show(req)} must be less than or equal to the limit ${show(lim)}`);
      }
    }
  }

  // env var names must be unique enough to be meaningful; an empty name is refused
  const env = Array.isArray(c.env) ? c.env : [];
  env.forEach((e, j) => {
    if (isObj(e) && typeof e.name === "string" && (e.name === "" || e.name.includes("="))) ctx.add([...cp, "env", j, "name"], "must be non-empty and must not contain '='");
    if (isObj(e) && e.value !== undefined && e.valueFrom !== undefined) ctx.add([...cp, "env", j], "must not set both value and valueFrom");
  });
}

function checkHandler(ctx: Ctx, h: Obj, path: Path, portNames: Set<string>): void {
  if (isObj(h.httpGet)) intOrNamedPort(ctx, h.httpGet.port, [...path, "httpGet", "port"], "port", portNames);
  if (isObj(h.tcpSocket)) intOrNamedPort(ctx, h.tcpSocket.port, [...path, "tcpSocket", "port"], "port", portNames);
  if (isObj(h.grpc)) portNumber(ctx, h.grpc.port, [...path, "grpc", "port"], "port");
}

const QUANTITY_RE = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const QUANTITY_SUFFIX: { [s: string]: number } = {
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
function parseQuantity(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  const m = QUANTITY_RE.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const s = m[2];
  if (!s) return n;
  if (s[0] === "e" || s[0] === "E") return n * 10 ** Number(s.slice(1));
  return n * QUANTITY_SUFFIX[s];
}

// --- per-kind checks ----------------------------------------------------------------------------------------

type KindCheck = (ctx: Ctx, obj: Obj) => void;

const KIND_CHECKS: { [kind: string]: KindCheck } = {
  Deployment: checkWorkloadSelector,
  StatefulSet: checkWorkloadSelector,
  DaemonSet: checkWorkloadSelector,
  Job: (ctx, obj) => {
    const spec = isObj(obj.spec) ? obj.spec : {};
    if (isObj(spec.selector) && spec.manualSelector === true) checkWorkloadSelector(ctx, obj);
  },
  CronJob: checkCronJob,
  Service: checkService,
  Secret: checkSecret,
  ConfigMap: checkConfigMap,
  ClusterRole: (ctx, obj) => checkRules(ctx, obj, true),
  Role: (ctx, obj) => checkRules(ctx, obj, false),
  ClusterRoleBinding: (ctx, obj) => checkBinding(ctx, obj, true),
  RoleBinding: (ctx, obj) => checkBinding(ctx, obj, false),
  NetworkPolicy: checkNetworkPolicy,
  PodDisruptionBudget: (ctx, obj) => {
    const spec = isObj(obj.spec) ? obj.spec : {};
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) ctx.add(["spec"], "minAvailable and maxUnavailable cannot both be set");
  },
  ValidatingWebhookConfiguration: checkWebhooks,
  MutatingWebhookConfiguration: checkWebhooks,
  CustomResourceDefinition: checkCrd,
};

function checkWorkloadSelector(ctx: Ctx, obj: Obj): void {
  const spec = obj.spec;
  if (!isObj(spec) || !isObj(spec.selector)) return;
  if (selectorIsEmpty(spec.selector)) {
    ctx.add(["spec", "selector"], `an empty selector is invalid for a ${String(obj.kind)}`);
    return;
  }
  const tpl = spec.template;
  const labels = isObj(tpl) && isObj(tpl.metadata) && isObj(tpl.metadata.labels) ? tpl.metadata.labels : {};
  if (!selectorMatches(spec.selector, labels)) {
    ctx.add(["spec", "selector"], `does not match spec.template.metadata.labels ${JSON.stringify(labels)} (the API server refuses this)`);
  }
}

function checkService(ctx: Ctx, obj: Obj): void {
  const spec = obj.spec;
  if (!isObj(spec)) return;
  if (isObj(spec.selector)) checkLabelMap(ctx, spec.selector, ["spec", "selector"]);
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const names = new Set<string>();
  const portProto = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObj(p)) return;
    const pp = ["spec", "ports", i];
    portNumber(ctx, p.port, [...pp, "port"], "port");
    if (p.nodePort !== undefined) portNumber(ctx, p.nodePort, [...pp, "nodePort"], "nodePort");
    if (p.targetPort !== undefined && p.targetPort !== 0) intOrNamedPort(ctx, p.targetPort, [...pp, "targetPort"], "targetPort");
    if (ports.length > 1 && (typeof p.name !== "string" || p.name === "")) ctx.add([...pp, "name"], "required when a Service has more than one port");
    if (typeof p.name === "string" && p.name !== "") {
      const e = dns1123Label(p.name);
      if (e) ctx.add([...pp, "name"], `port name "${p.name}" ${e}`);
      if (names.has(p.name)) ctx.add([...pp, "name"], `duplicate port name "${p.name}"`);
      names.add(p.name);
    }
    const key = `${String(p.port)}/${String(p.protocol ?? "TCP")}`;
    if (portProto.has(key)) ctx.add([...pp, "port"], `duplicate port ${key}`);
    portProto.add(key);
  });
  if (spec.type === "ExternalName" && !spec.externalName) ctx.add(["spec", "externalName"], "required for type ExternalName");
  if (spec.type !== "ExternalName" && ports.length === 0 && spec.clusterIP !== "None") ctx.add(["spec", "ports"], "required (at least one port) unless headless or ExternalName");
}

function checkDataKeys(ctx: Ctx, data: Obj, path: Path): void {
  for (const k of Object.keys(data)) {
    const e = configKey(k);
    if (e) ctx.add([...path, k], `invalid key: ${e}`);
  }
}

function checkSecret(ctx: Ctx, obj: Obj): void {
  const data = isObj(obj.data) ? obj.data : {};
  const stringData = isObj(obj.stringData) ? obj.stringData : {};
  checkDataKeys(ctx, data, ["data"]);
  checkDataKeys(ctx, stringData, ["stringData"]);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== "string") continue;
    if (!isBase64(v)) ctx.add(["data", k], BASE64_MSG);
    size += Math.floor((v.replace(/[\r\n=]/g, "").length * 3) / 4);
  }
  for (const v of Object.values(stringData)) if (typeof v === "string") size += Buffer.byteLength(v);
  if (size > 1024 * 1024) ctx.add(["data"], `total size ${size} bytes exceeds 1 MiB`);
  const has = (k: string) => data[k] !== undefined || stringData[k] !== undefined;
  const type = obj.type;
  const need = (keys: string[]) => {
    for (const k of keys) if (!has(k)) ctx.add(["data", k], `required for a Secret of type ${String(type)} (in data or stringData)`);
  };
  if (type === "kubernetes.io/tls") need(["tls.crt", "tls.key"]);
  else if (type === "kubernetes.io/dockerconfigjson") need([".dockerconfigjson"]);
  else if (type === "kubernetes.io/dockercfg") need([".dockercfg"]);
  else if (type === "kubernetes.io/ssh-auth") need(["ssh-privatekey"]);
  else if (type === "kubernetes.io/basic-auth" && !has("username") && !has("password")) ctx.add(["data"], "a basic-auth Secret needs username or password");
  else if (type === "kubernetes.io/service-account-token") {
    const ann = isObj(obj.metadata) && isObj(obj.metadata.annotations) ? obj.metadata.annotations : {};
    if (!ann["kubernetes.io/service-account.name"]) ctx.add(["metadata", "annotations", "kubernetes.io/service-account.name"], "required for a service-account-token Secret");
  }
}

function checkConfigMap(ctx: Ctx, obj: Obj): void {
  const data = isObj(obj.data) ? obj.data : {};
  const bin = isObj(obj.binaryData) ? obj.binaryData : {};
  checkDataKeys(ctx, data, ["data"]);
  checkDataKeys(ctx, bin, ["binaryData"]);
  let size = 0;
  for (const [k, v] of Object.entries(data)) if (typeof v === "string") size += k.length + Buffer.byteLength(v);
  for (const [k, v] of Object.entries(bin)) {
    if (data[k] !== undefined) ctx.add(["binaryData", k], "duplicate of a key in data");
    if (typeof v === "string") size += k.length + Math.floor((v.length * 3) / 4);
  }
  if (size > 1024 * 1024) ctx.add(["data"], `total size ${size} bytes exceeds 1 MiB`);
}

function checkRules(ctx: Ctx, obj: Obj, cluster: boolean): void {
  const rules = Array.isArray(obj.rules) ? obj.rules : [];
  rules.forEach((r, i) => {
    if (!isObj(r)) return;
    const p = ["rules", i];
    const len = (k: string) => (Array.isArray(r[k]) ? (r[k] as unknown[]).length : 0);
    if (len("verbs") === 0) ctx.add([...p, "verbs"], "required (at least one verb)");
    if (len("nonResourceURLs") > 0) {
      if (!cluster) ctx.add([...p, "nonResourceURLs"], "only allowed in a ClusterRole");
      if (len("apiGroups") > 0 || len("resources") > 0) ctx.add(p, "a rule cannot apply to both resources and nonResourceURLs");
    } else {
      if (len("apiGroups") === 0) ctx.add([...p, "apiGroups"], "required (at least one API group; \"\" is the core group)");
      if (len("resources") === 0) ctx.add([...p, "resources"], "required (at least one resource)");
    }
  });
}

function checkBinding(ctx: Ctx, obj: Obj, cluster: boolean): void {
  const ref = obj.roleRef;
  if (isObj(ref)) {
    if (ref.apiGroup !== "rbac.authorization.k8s.io") ctx.add(["roleRef", "apiGroup"], `must be "rbac.authorization.k8s.io" (got ${show(ref.apiGroup)})`);
    const kinds = cluster ? ["ClusterRole"] : ["Role", "ClusterRole"];
    if (!kinds.includes(String(ref.kind))) ctx.add(["roleRef", "kind"], `must be ${kinds.join(" or ")} (got ${show(ref.kind)})`);
  }
  const subjects = Array.isArray(obj.subjects) ? obj.subjects : [];
  subjects.forEach((s, i) => {
    if (!isObj(s)) return;
    const p = ["subjects", i];
    if (s.kind === "ServiceAccount") {
      if (s.apiGroup !== undefined && s.apiGroup !== "") ctx.add([...p, "apiGroup"], `must be "" for a ServiceAccount subject (got ${show(s.apiGroup)})`);
      if (cluster && !s.namespace) ctx.add([...p, "namespace"], "required for a ServiceAccount subject of a ClusterRoleBinding");
      if (typeof s.name === "string") {
        const e = dns1123Subdomain(s.name);
        if (e) ctx.add([...p, "name"], `"${s.name}" ${e}`);
      }
    } else if (s.kind === "User" || s.kind === "Group") {
      if (s.apiGroup !== "rbac.authorization.k8s.io") ctx.add([...p, "apiGroup"], `must be "rbac.authorization.k8s.io" for a ${s.kind} subject`);
    } else {
      ctx.add([...p, "kind"], `must be ServiceAccount, User or Group (got ${show(s.kind)})`);
    }
  });
}

function checkNetworkPolicy(ctx: Ctx, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  for (const dir of ["ingress", "egress"] as const) {
    const rules = Array.isArray(spec[dir]) ? (spec[dir] as unknown[]) : [];
    rules.forEach((r, i) => {
      if (!isObj(r) || !Array.isArray(r.ports)) return;
      r.ports.forEach((p, j) => {
        if (!isObj(p)) return;
        const pp = ["spec", dir, i, "ports", j];
        intOrNamedPort(ctx, p.port, [...pp, "port"], "port");
        if (p.endPort !== undefined) {
          portNumber(ctx, p.endPort, [...pp, "endPort"], "endPort");
          if (typeof p.port !== "number") ctx.add([...pp, "endPort"], "requires a numeric port");
          else if (typeof p.endPort === "number" && p.endPort < p.port) ctx.add([...pp, "endPort"], "must be greater than or equal to port");
        }
      });
    });
  }
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  for (const t of types) if (t !== "Ingress" && t !== "Egress") ctx.add(["spec", "policyTypes"], `invalid policy type ${show(t)}`);
}

function checkWebhooks(ctx: Ctx, obj: Obj): void {
  const hooks = Array.isArray(obj.webhooks) ? obj.webhooks : [];
  const names = new Set<string>();
  hooks.forEach((h, i) => {
    if (!isObj(h)) return;
    const p = ["webhooks", i];
    if (typeof h.name === "string") {
      const e = dns1123Subdomain(h.name) ?? (h.name.split(".").length < 3 ? "must be fully qualified (at least three dot-separated segments)" : undefined);
      if (e) ctx.add([...p, "name"], `"${h.name}" ${e}`);
      if (names.has(h.name)) ctx.add([...p, "name"], `duplicate webhook name "${h.name}"`);
      names.add(h.name);
    }
    const cc = h.clientConfig;
    if (isObj(cc)) {
      const n = (cc.url !== undefined ? 1 : 0) + (cc.service !== undefined ? 1 : 0);
      if (n !== 1) ctx.add([...p, "clientConfig"], "exactly one of url or service is required");
      if (isObj(cc.service)) {
        if (cc.service.port !== undefined) portNumber(ctx, cc.service.port, [...p, "clientConfig", "service", "port"], "port");
        if (typeof cc.service.path === "string" && !cc.service.path.startsWith("/")) ctx.add([...p, "clientConfig", "service", "path"], "must start with '/'");
      }
      if (typeof cc.url === "string" && !/^https:\/\//.test(cc.url)) ctx.add([...p, "clientConfig", "url"], "must be an https:// URL");
    }
    if (typeof h.timeoutSeconds === "number" && (h.timeoutSeconds < 1 || h.timeoutSeconds > 30)) ctx.add([...p, "timeoutSeconds"], "must be between 1 and 30");
    const arv = Array.isArray(h.admissionReviewVersions) ? h.admissionReviewVersions : [];
    if (h.admissionReviewVersions !== undefined && !arv.some((v) => v === "v1" || v === "v1beta1")) ctx.add([...p, "admissionReviewVersions"], "must include v1 or v1beta1");
  });
}

// --- CustomResourceDefinition ---------------------------------------------------------------------------------

function checkCrd(ctx: Ctx, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  const names = isObj(spec.names) ? spec.names : {};
  const expected = `${String(names.plural)}.${String(spec.group)}`;
  const name = isObj(obj.metadata) ? obj.metadata.name : undefined;
  if (typeof name === "string" && name !== expected) ctx.add(["metadata", "name"], `must be spec.names.plural + "." + spec.group = "${expected}" (got "${name}")`);
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const storage = versions.filter((v) => isObj(v) && v.storage === true).length;
  if (versions.length > 0 && storage !== 1) ctx.add(["spec", "versions"], `exactly one version must have storage: true (has ${storage})`);
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (!isObj(v)) return;
    if (typeof v.name === "string") {
      if (seen.has(v.name)) ctx.add(["spec", "versions", i, "name"], `duplicate version "${v.name}"`);
      seen.add(v.name);
    }
    const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isObj(schema)) {
      ctx.add(["spec", "versions", i, "schema", "openAPIV3Schema"], "required in apiextensions.k8s.io/v1");
      return;
    }
    checkStructural(ctx, schema, ["spec", "versions", i, "schema", "openAPIV3Schema"], true);
  });
}

/** The structural-schema rules the API server enforces on CRD schemas (the cheap ones). */
function checkStructural(ctx: Ctx, s: Obj, path: Path, root: boolean): void {
  const pres = s["x-kubernetes-preserve-unknown-fields"];
  if (pres === false) ctx.add([...path, "x-kubernetes-preserve-unknown-fields"], "must be true or absent");
  if ((s.type === undefined || s.type === "") && s["x-kubernetes-int-or-string"] !== true && pres !== true) {
    ctx.add([...path, "type"], "required in a structural schema (unless x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields)");
  }
  if (isObj(s.properties) && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    ctx.add([...path, "additionalProperties"], "must not be used together with properties");
  }
  if (isObj(s.properties)) {
    for (const [k, v] of Object.entries(s.properties)) {
      if (!isObj(v)) continue;
      if (root && k === "metadata" && isObj(v.properties)) {
        for (const mk of Object.keys(v.properties)) {
          if (mk !== "name" && mk !== "generateName") ctx.add([...path, "properties", "metadata", "properties", mk], "root metadata may only restrict name and generateName");
        }
      }
      checkStructural(ctx, v, [...path, "properties", k], false);
    }
  }
  if (isObj(s.items)) checkStructural(ctx, s.items, [...path, "items"], false);
  if (isObj(s.additionalProperties)) checkStructural(ctx, s.additionalProperties, [...path, "additionalProperties"], false);
}

// --- CronJob --------------------------------------------------------------------------------------------------

function checkCronJob(ctx: Ctx, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  // The same rules the stack config applies (stacks/schedule.ts, checked against Go and robfig/cron).
  if (typeof spec.schedule === "string") {
    const e = validateCronSchedule(spec.schedule);
    if (e) ctx.add(["spec", "schedule"], `"${spec.schedule}" ${e}`);
  }
  if (typeof spec.timeZone === "string") {
    const e = validateTimeZone(spec.timeZone);
    if (e) ctx.add(["spec", "timeZone"], `"${spec.timeZone}" ${e}`);
  }
}


// ---------------------------------------------------------------------------------------------------------
// Layer 4: Gloo custom resources against their CRD structural schemas
// ---------------------------------------------------------------------------------------------------------

let objectMetaCtor: ModelCtor | undefined;
function loadObjectMeta(): ModelCtor {
  if (!objectMetaCtor) {
    // A dependency of kubernetes-models: resolve it from there, hoisted or not.
    const req = createRequire(require.resolve("kubernetes-models/package.json"));
    objectMetaCtor = (req("@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta") as { ObjectMeta: ModelCtor }).ObjectMeta;
  }
  return objectMetaCtor;
}

function validateGlooResource(ctx: Ctx, obj: Obj, k: GlooKindSchema): void {
  if (isObj(obj.metadata)) {
    schemaErrors(ctx, obj.metadata, loadObjectMeta(), ["metadata"]);
    walkModel(ctx, obj.metadata, "V1ObjectMeta", ["metadata"]);
  }
  checkMetadata(ctx, obj, k.scope === "Cluster", "subdomain");
  const rest: Obj = {};
  for (const [key, v] of Object.entries(obj)) if (key !== "apiVersion" && key !== "kind" && key !== "metadata") rest[key] = v;
  checkCrValue(ctx, rest, k.schema, []);
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Validates a custom-resource value the way the API server would (structural schema; no CEL). */
function checkCrValue(ctx: Ctx, v: unknown, s: GlooSchema, path: Path): void {
  if (v === null) {
    if (!s.nullable) ctx.add(path, "null is not allowed here (the API server prunes it)");
    return;
  }
  const t = jsonType(v);
  if (s["x-kubernetes-int-or-string"]) {
    if (t !== "integer" && t !== "string") {
      ctx.add(path, `must be an integer or a string (got ${show(v)})`);
      return;
    }
  } else if (s.type) {
    const ok = s.type === t || (s.type === "number" && t === "integer");
    if (!ok) {
      ctx.add(path, `must be ${s.type === "integer" || s.type === "array" || s.type === "object" ? "an" : "a"} ${s.type} (got ${t} ${show(v)})`);
      return;
    }
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    ctx.add(path, `must be one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")} (got ${show(v)})`);
  }
  if (typeof v === "number") {
    let min = s.minimum;
    let max = s.maximum;
    if (s.format === "int32") {
      min = Math.max(min ?? -(2 ** 31), -(2 ** 31));
      max = Math.min(max ?? 2 ** 31 - 1, 2 ** 31 - 1);
    }
    if (min !== undefined && (s.exclusiveMinimum ? v <= min : v < min)) ctx.add(path, `must be ${s.exclusiveMinimum ? ">" : ">="} ${min} (got ${v})`);
    if (max !== undefined && (s.exclusiveMaximum ? v >= max : v > max)) ctx.add(path, `must be ${s.exclusiveMaximum ? "<" : "<="} ${max} (got ${v})`);
  }
  if (typeof v === "string") {
    if (s.minLength !== undefined && v.length < s.minLength) ctx.add(path, `must be at least ${s.minLength} characters`);
    if (s.maxLength !== undefined && v.length > s.maxLength) ctx.add(path, `must be at most ${s.maxLength} characters`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(v)) ctx.add(path, `must match /${s.pattern}/`);
    if (s.format === "byte" && !isBase64(v)) ctx.add(path, "must be valid base64 (format byte)");
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) ctx.add(path, `must have at least ${s.minItems} items`);
    if (s.maxItems !== undefined && v.length > s.maxItems) ctx.add(path, `must have at most ${s.maxItems} items`);
    if (s.items) v.forEach((item, i) => checkCrValue(ctx, item, s.items!, [...path, i]));
    return;
  }
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) ctx.add(path, `must have at most ${s.maxProperties} properties (has ${keys.length}${s.maxProperties === 1 ? ": a oneof, set only one" : ""})`);
    if (s.minProperties !== undefined && keys.length < s.minProperties) ctx.add(path, `must have at least ${s.minProperties} properties`);
    for (const r of s.required ?? []) if (!(r in v)) ctx.add([...path, r], "required field is missing");
    const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
    for (const key of keys) {
      const child = v[key];
      const p = [...path, key];
      const ps = s.properties?.[key];
      if (ps) checkCrValue(ctx, child, ps, p);
      else if (isObj(s.additionalProperties)) checkCrValue(ctx, child, s.additionalProperties, p);
      else if (s.additionalProperties === true || preserve) continue;
      else {
        const known = Object.keys(s.properties ?? {});
        const where = known.length ? suggest(key, known) : " (the CRD declares no fields here)";
        ctx.add(p, `unknown field "${key}"${where}; the API server would silently prune it`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function getIn(v: unknown, path: Path): unknown {
  let cur = v;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isObj(cur)) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;
/** `spec.template.spec.containers[0].name`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: Path): string {
  if (path.length === 0) return "$";
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
