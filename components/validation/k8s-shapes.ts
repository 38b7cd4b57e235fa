// Kubernetes core/v1 shapes that config passes through to objects (resources, tolerations, affinity,
// topology spread, env, labels, annotations), as strict zod schemas with the API server's own rules, so a
// typo or a bad quantity is refused with the key's name before anything is registered. Only the fields
// listed are supported; anything else is an unknown key.
import { z } from "zod";

// ---------------------------------------------------------------------------------------------------------
// Integers

/** The largest int32: Kubernetes stores replicas, ports, budgets, skews and HPA bounds as int32. */
export const INT32_MAX = 2147483647;
/** An int32 field of a Kubernetes object, at least `min`. */
export const int32 = (min: number, minMessage = `must be at least ${min}`) =>
    z.number().int().min(min, minMessage).max(INT32_MAX, `must be at most ${INT32_MAX} (Kubernetes stores it as a 32-bit integer)`);

// ---------------------------------------------------------------------------------------------------------
// Names, labels, annotations

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `k` is not a qualified name (`[prefix/]name`, as label and annotation keys), or undefined. */
export function qualifiedNameProblem(k: string): string | undefined {
    const parts = k.split("/");
    if (parts.length > 2) return "must be a qualified name: an optional DNS subdomain prefix and '/', then a name";
    const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `prefix ${JSON.stringify(prefix)} must be a DNS subdomain (lowercase, e.g. example.com)`;
    if (name.length === 0 || name.length > 63) return "name part must be 1 to 63 characters";
    if (!QUALIFIED_NAME_PART.test(name)) return "name part must consist of alphanumerics, '-', '_' or '.', starting and ending alphanumeric";
    return undefined;
}

export function labelValueProblem(v: string): string | undefined {
    if (v.length > 63) return "a label value must be at most 63 characters";
    if (!LABEL_VALUE.test(v)) return "a label value must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric";
    return undefined;
}

/** A record whose keys pass `keyProblem` (checked here so the message names the key, not zod's "Invalid key in record"). */
function recordWithKeys<V extends z.ZodType>(value: V, keyProblem: (k: string) => string | undefined) {
    return z.record(z.string(), value).superRefine((m, ctx) => {
        for (const k of Object.keys(m)) {
            const p = keyProblem(k);
            if (p) ctx.addIssue({ code: "custom", input: k, path: [k], message: `key ${JSON.stringify(k)}: ${p}` });
        }
    });
}

/** The chart `quote`s these values: numbers and booleans become strings, as it renders them. */
const quoted = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

/** Pod labels (and node selectors): qualified keys, label values; numbers and booleans allowed and quoted. */
export const labelMap = recordWithKeys(
    quoted.superRefine((v, ctx) => {
        const p = labelValueProblem(v);
        if (p) ctx.addIssue({ code: "custom", input: v, message: p });
    }),
    qualifiedNameProblem,
);
/** apimachinery TotalAnnotationSizeLimitB: keys and values of one object's annotations together. */
export const TOTAL_ANNOTATION_SIZE = 256 * 1024;
/** The size ValidateAnnotationsSize counts: every key's and value's length in bytes. */
export function annotationsSize(m: Record<string, string> | undefined | null): number {
    return Object.entries(m ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/** Annotations: qualified keys, any value; numbers and booleans allowed and quoted; at most 256 KiB in all. */
export const annotationMap = recordWithKeys(quoted, qualifiedNameProblem).superRefine((m, ctx) => {
    const size = annotationsSize(m);
    if (size > TOTAL_ANNOTATION_SIZE) {
        ctx.addIssue({ code: "custom", input: `<${Object.keys(m).length} annotations>`, message: `total ${size} bytes (keys and values); the API server refuses more than ${TOTAL_ANNOTATION_SIZE} (256 KiB) on one object` });
    }
});

const labelKey = z.string().superRefine((k, ctx) => {
    const p = qualifiedNameProblem(k);
    if (p) ctx.addIssue({ code: "custom", input: k, message: p });
});
const labelValue = z.string().superRefine((v, ctx) => {
    const p = labelValueProblem(v);
    if (p) ctx.addIssue({ code: "custom", input: v, message: p });
});

// ---------------------------------------------------------------------------------------------------------
// Quantities and resources

// resource.ParseQuantity: a signed decimal, then a binary-SI or decimal-SI suffix or a decimal exponent.
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;
const SUFFIX: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a Kubernetes quantity as a number (for comparisons), or undefined when it is not one. */
export function quantityValue(q: string): number | undefined {
    const m = QUANTITY.exec(q);
    if (!m) return undefined;
    const num = Number(q.slice(0, q.length - (m[3]?.length ?? 0)));
    const s = m[3] ?? "";
    if (/^[eE][+-]?\d/.test(s)) return num * 10 ** Number(s.slice(1));
    if (s.endsWith("i")) return num * 1024 ** ("KMGTPE".indexOf(s[0]) + 1);
    return num * SUFFIX[s];
}

/** A quantity as YAML users write it (`cpu: 1`, `memory: 256Mi`); always a string afterwards. */
export const quantity = z.union([z.string(), z.number()]).transform((v, ctx) => {
    const s = String(v);
    const value = quantityValue(s);
    if (value === undefined) {
        ctx.addIssue({ code: "custom", input: v, message: "must be a Kubernetes quantity, e.g. 500m, 2, 256Mi, 1Gi" });
        return z.NEVER;
    }
    if (!Number.isFinite(value)) {
        ctx.addIssue({ code: "custom", input: v, message: "is too large to be a Kubernetes quantity" });
        return z.NEVER;
    }
    if (value < 0) {
        ctx.addIssue({ code: "custom", input: v, message: "must not be negative" });
        return z.NEVER;
    }
    return s;
});

/** Byte-counted resources: a fraction of a byte (`256m` is a quarter of a byte) is a typo for Mi, never meant. */
const BYTES = (name: string) => name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-");
/** Below these, a memory value is a missing suffix: no container starts under a limit of a few MiB. */
const MIN_MEMORY = { limits: 4 * 1024 * 1024, requests: 1024 * 1024 };

/**
 * Why `name` is not a resource a container may request (apimachinery validateContainerResourceName), or undefined:
 * a standard container resource (cpu, memory, ephemeral-storage, hugepages-<size>) or an extended resource
 * (`<domain>/<name>`, not in kubernetes.io, whose `requests.` form is a qualified name).
 */
export function containerResourceNameProblem(name: string): string | undefined {
    if (name === "cpu" || name === "memory" || name === "ephemeral-storage") return undefined;
    if (name.startsWith("hugepages-")) {
        const size = quantityValue(name.slice("hugepages-".length));
        return size !== undefined && size > 0 && Number.isInteger(size) ? undefined : "must name a page size, e.g. hugepages-2Mi or hugepages-1Gi";
    }
    const allowed = "must be cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource <domain>/<name>, e.g. nvidia.com/gpu";
    if (!name.includes("/")) return allowed;
    if (name.includes("kubernetes.io/")) return `a kubernetes.io resource is not one a container may request (${allowed})`;
    if (name.startsWith("requests.")) return `${allowed}, not a quota name`;
    const q = qualifiedNameProblem(`requests.${name}`);
    return q ? `${allowed}: ${q}` : undefined;
}

/** Extended resources and hugepages cannot be overcommitted: the API server wants the limit, equal to any request. */
export const isOvercommitForbidden = (name: string) => name.startsWith("hugepages-") || name.includes("/");

const resourceList = recordWithKeys(quantity, containerResourceNameProblem);

/**
 * core/v1 ResourceRequirements (limits, requests) with the API server's rules (ValidateResourceRequirements): a
 * request not above its limit; extended resources and hugepages with a limit, which any request must equal;
 * extended resources in whole units; hugepages only beside cpu or memory. Also refused: fractional bytes.
 */
export const resources = z
    .strictObject({ limits: resourceList.optional(), requests: resourceList.optional() })
    .superRefine((r, ctx) => {
        for (const [side, list] of [["limits", r.limits], ["requests", r.requests]] as const) {
            for (const [name, q] of Object.entries(list ?? {})) {
                const value = quantityValue(q)!;
                if (name.includes("/") && !Number.isInteger(value)) {
                    ctx.addIssue({ code: "custom", input: q, path: [side, name], message: "must be a whole number: an extended resource is counted in units" });
                } else if (BYTES(name) && !Number.isInteger(value)) {
                    ctx.addIssue({
                        code: "custom",
                        input: q,
                        path: [side, name],
                        message: `is ${value} bytes, a fraction of a byte (the suffix m means milli, not mega): write Mi or M, e.g. ${q.replace(/m$/, "Mi")}`,
                    });
                } else if (name.startsWith("hugepages-") && value % quantityValue(name.slice("hugepages-".length))! !== 0) {
                    ctx.addIssue({ code: "custom", input: q, path: [side, name], message: `must be a multiple of the page size ${name.slice("hugepages-".length)}` });
                } else if (name === "cpu" && /([KMGTPE]i|[kMGTPE])$/.test(q)) {
                    ctx.addIssue({ code: "custom", input: q, path: [side, name], message: `is ${value} cores: a byte unit on a CPU count is a typo (write cores, e.g. 2, or millicores, e.g. 500m); no node has that many, so the pod would never schedule` });
                } else if (name === "memory" && value > 0 && value < MIN_MEMORY[side]) {
                    ctx.addIssue({ code: "custom", input: q, path: [side, name], message: `is ${value} bytes: no container starts with that little memory (${/^[0-9.]+$/.test(q) ? `a number alone counts bytes: did you mean ${q}Mi?` : "write Mi or Gi"})` });
                }
            }
        }
        for (const [name, req] of Object.entries(r.requests ?? {})) {
            const lim = r.limits?.[name];
            if (lim === undefined && isOvercommitForbidden(name)) {
                ctx.addIssue({ code: "custom", input: req, path: ["requests", name], message: `needs limits.${name} too: the API server refuses a request of a resource that cannot be overcommitted without its limit (set limits.${name}: ${req})` });
            } else if (lim !== undefined && isOvercommitForbidden(name) && quantityValue(req) !== quantityValue(lim)) {
                ctx.addIssue({ code: "custom", input: req, path: ["requests", name], message: `must equal limits.${name} (${lim}): the API server refuses a request of a resource that cannot be overcommitted below its limit` });
            } else if (lim !== undefined && quantityValue(req)! > quantityValue(lim)!) {
                ctx.addIssue({ code: "custom", input: r, path: ["requests", name], message: `request ${req} is above the limit ${lim} (the API server refuses it)` });
            }
        }
        const all = [...Object.keys(r.limits ?? {}), ...Object.keys(r.requests ?? {})];
        if (all.some((n) => n.startsWith("hugepages-")) && !all.some((n) => n === "cpu" || n === "memory")) {
            ctx.addIssue({ code: "custom", input: r, message: "hugepages need a cpu or memory request or limit beside them (the API server refuses them alone)" });
        }
    });

// ---------------------------------------------------------------------------------------------------------
// Scheduling

/** core/v1 Toleration, with the API server's rules on operator/value/effect. */
export const toleration = z
    .strictObject({
        key: z.string().optional(),
        operator: z.enum(["Exists", "Equal"]).optional(),
        value: z.string().optional(),
        effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
        tolerationSeconds: z.number().int().optional(),
    })
    .superRefine((t, ctx) => {
        if (t.key) {
            const p = qualifiedNameProblem(t.key);
            if (p) ctx.addIssue({ code: "custom", input: t.key, path: ["key"], message: p });
        }
        if (t.value) {
            const p = labelValueProblem(t.value);
            if (p) ctx.addIssue({ code: "custom", input: t.value, path: ["value"], message: p });
        }
        if (!t.key && t.operator !== "Exists") ctx.addIssue({ code: "custom", input: t, path: ["operator"], message: 'must be "Exists" when key is empty (a toleration of every taint)' });
        if (t.operator === "Exists" && t.value) ctx.addIssue({ code: "custom", input: t.value, path: ["value"], message: 'must be empty when operator is "Exists"' });
        if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") ctx.addIssue({ code: "custom", input: t.tolerationSeconds, path: ["tolerationSeconds"], message: 'only applies with effect "NoExecute"' });
    });

/** `labelValues`: a label selector's values must be label values (ValidateLabelSelectorRequirement); a node selector's need not. */
const selectorRequirement = <const Ops extends [string, ...string[]]>(ops: Ops, labelValues = false) =>
    z
        .strictObject({ key: labelKey, operator: z.enum(ops), values: z.array(z.string()).optional() })
        .superRefine((r, ctx) => {
            if (r.operator === "In" || r.operator === "NotIn") {
                (r.values ?? []).forEach((v, i) => {
                    const p = labelValueProblem(v);
                    if (p && labelValues) ctx.addIssue({ code: "custom", input: v, path: ["values", i], message: p });
                });
            }
            const needs = r.operator === "In" || r.operator === "NotIn";
            const one = r.operator === "Gt" || r.operator === "Lt";
            const n = r.values?.length ?? 0;
            if (needs && n === 0) ctx.addIssue({ code: "custom", input: r, path: ["values"], message: `must not be empty for operator ${r.operator}` });
            if (one && n !== 1) ctx.addIssue({ code: "custom", input: r, path: ["values"], message: `must hold exactly one integer for operator ${r.operator}` });
            if (!needs && !one && n > 0) ctx.addIssue({ code: "custom", input: r, path: ["values"], message: `must be empty for operator ${r.operator}` });
        });

/** meta/v1 LabelSelector. */
export const labelSelector = z.strictObject({
    matchLabels: recordWithKeys(labelValue, qualifiedNameProblem).optional(),
    matchExpressions: z.array(selectorRequirement(["In", "NotIn", "Exists", "DoesNotExist"], true)).optional(),
});

const nodeSelectorTerm = z.strictObject({
    matchExpressions: z.array(selectorRequirement(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"])).optional(),
    matchFields: z.array(selectorRequirement(["In", "NotIn"])).optional(),
});
const weight = z.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100");

/** A topology key: a label key of the nodes (ValidateLabelName). */
const topologyKey = (example: string) =>
    z
        .string()
        .min(1, `must not be empty, e.g. ${example}`)
        .superRefine((k, ctx) => {
            const p = qualifiedNameProblem(k);
            if (p) ctx.addIssue({ code: "custom", input: k, message: `must be a node label key, e.g. ${example}: ${p}` });
        });
const namespaceName = z.string().max(63, "must be a namespace name (a DNS-1123 label, at most 63)").regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a namespace name (a DNS-1123 label)");

const podAffinityTerm = z.strictObject({
    labelSelector: labelSelector.optional(),
    namespaceSelector: labelSelector.optional(),
    namespaces: z.array(namespaceName).optional(),
    topologyKey: topologyKey("kubernetes.io/hostname"),
    matchLabelKeys: z.array(labelKey).optional(),
    mismatchLabelKeys: z.array(labelKey).optional(),
}).superRefine((t, ctx) => {
    if ((t.matchLabelKeys?.length || t.mismatchLabelKeys?.length) && t.labelSelector === undefined) {
        ctx.addIssue({ code: "custom", input: t, path: [t.matchLabelKeys?.length ? "matchLabelKeys" : "mismatchLabelKeys"], message: "must not be set without labelSelector (the API server refuses it)" });
    }
});
const podAffinity = z.strictObject({
    requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).optional(),
    preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight, podAffinityTerm })).optional(),
});

/** core/v1 Affinity. */
export const affinity = z.strictObject({
    nodeAffinity: z
        .strictObject({
            requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({ nodeSelectorTerms: z.array(nodeSelectorTerm).min(1, "must list at least one term") }).optional(),
            preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight, preference: nodeSelectorTerm })).optional(),
        })
        .optional(),
    podAffinity: podAffinity.optional(),
    podAntiAffinity: podAffinity.optional(),
});

/**
 * core/v1 TopologySpreadConstraint, with the API server's rules (validateTopologySpreadConstraints): matchLabelKeys
 * only beside a labelSelector and none of its keys; which pods it selects is checked per proxy (./workloads).
 */
export const topologySpreadConstraint = z
    .strictObject({
        maxSkew: int32(1),
        topologyKey: topologyKey("topology.kubernetes.io/zone"),
        whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]),
        labelSelector: labelSelector.optional(),
        minDomains: int32(1).optional(),
        nodeAffinityPolicy: z.enum(["Honor", "Ignore"]).optional(),
        nodeTaintsPolicy: z.enum(["Honor", "Ignore"]).optional(),
        matchLabelKeys: z.array(labelKey).optional(),
    })
    .superRefine((t, ctx) => {
        if (t.minDomains !== undefined && t.whenUnsatisfiable !== "DoNotSchedule") {
            ctx.addIssue({ code: "custom", input: t.minDomains, path: ["minDomains"], message: 'only applies with whenUnsatisfiable "DoNotSchedule"' });
        }
        if ((t.matchLabelKeys ?? []).length > 0 && t.labelSelector === undefined) {
            ctx.addIssue({ code: "custom", input: t.matchLabelKeys, path: ["matchLabelKeys"], message: "must not be set without labelSelector (the API server refuses it)" });
        }
        const selectorKeys = new Set([...Object.keys(t.labelSelector?.matchLabels ?? {}), ...(t.labelSelector?.matchExpressions ?? []).map((e) => e.key)]);
        (t.matchLabelKeys ?? []).forEach((k, i) => {
            if (selectorKeys.has(k)) ctx.addIssue({ code: "custom", input: k, path: ["matchLabelKeys", i], message: "is also a key of labelSelector (the API server refuses a key in both)" });
        });
    });

/** A list of spread constraints: one per topologyKey and whenUnsatisfiable, as the API server requires. */
export const topologySpreadConstraints = z.array(topologySpreadConstraint).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
        const pair = `${t.topologyKey}/${t.whenUnsatisfiable}`;
        if (seen.has(pair)) ctx.addIssue({ code: "custom", input: t, path: [i], message: `a second constraint with topologyKey ${t.topologyKey} and whenUnsatisfiable ${t.whenUnsatisfiable} (the API server refuses duplicates)` });
        seen.add(pair);
    });
});

// ---------------------------------------------------------------------------------------------------------
// Env

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const keyRef = (of: string) =>
    z.strictObject({
        name: z.string().max(253, `must be a ${of} name (at most 253)`).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, `must be a ${of} name (a DNS-1123 subdomain)`),
        key: z.string().max(253, "must be at most 253 characters").regex(/^[-._a-zA-Z0-9]+$/, `must be a ${of} key: letters, digits, '-', '_' or '.'`),
        optional: z.boolean().optional(),
    });
/** What a downward-API env var may read (validateEnvVarValueFrom / validFieldPathExpressionsEnv). */
const FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];
const fieldPath = z.string().superRefine((f, ctx) => {
    const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(f);
    const p = m ? qualifiedNameProblem(m[2]) : FIELD_PATHS.includes(f) ? undefined : `must be one of ${FIELD_PATHS.join(", ")}, metadata.labels['<key>'] or metadata.annotations['<key>']`;
    if (p) ctx.addIssue({ code: "custom", input: f, message: p });
});
const RESOURCE_FIELDS = ["limits.cpu", "limits.memory", "limits.ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage"];

/** core/v1 EnvVar: a value, or exactly one source in valueFrom. */
export const envVar = z
    .strictObject({
        name: z.string().regex(ENV_NAME, "must be an environment variable name: letters, digits, '_', '-', '.', not starting with a digit"),
        value: z.string().optional(),
        valueFrom: z
            .strictObject({
                fieldRef: z.strictObject({ fieldPath, apiVersion: z.string().refine((v) => v === "v1", "must be v1 (the only version of the downward API)").optional() }).optional(),
                resourceFieldRef: z
                    .strictObject({
                        resource: z.string().refine((r) => RESOURCE_FIELDS.includes(r) || /^(limits|requests)\.hugepages-/.test(r), `must be one of ${RESOURCE_FIELDS.join(", ")} or limits/requests.hugepages-<size>`),
                        containerName: z.string().optional(),
                        divisor: quantity.optional(),
                    })
                    .optional(),
                configMapKeyRef: keyRef("ConfigMap").optional(),
                secretKeyRef: keyRef("Secret").optional(),
            })
            .optional()
            .refine((v) => v === undefined || Object.values(v).filter((x) => x !== undefined).length === 1, {
                message: "must name exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef",
            }),
    })
    .refine((e) => !(e.valueFrom && e.value), { message: "value and valueFrom are exclusive" });

// ---------------------------------------------------------------------------------------------------------
// Networking

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Whether `s` is an IPv4 address (no leading zeros) or an IPv6 address. */
export function isIp(s: string): boolean {
    return IPV4.test(s) || isIpv6(s);
}

function isIpv6(s: string): boolean {
    if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(":")) return false;
    let body = s;
    const lastColon = s.lastIndexOf(":");
    // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups.
    if (s.slice(lastColon + 1).includes(".")) {
        if (!IPV4.test(s.slice(lastColon + 1))) return false;
        body = s.slice(0, lastColon + 1) + "0:0";
    }
    const halves = body.split("::");
    if (halves.length > 2) return false;
    const groups = (h: string) => (h === "" ? [] : h.split(":"));
    const parts = halves.flatMap(groups);
    if (!parts.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
    return halves.length === 2 ? parts.length < 8 : parts.length === 8;
}

/** A CIDR as net.ParseCIDR accepts it: an IPv4 or IPv6 address and a prefix length in range. */
export function cidrProblem(s: string): string | undefined {
    const i = s.indexOf("/");
    if (i < 0) return "must be a CIDR: an address and a prefix length, e.g. 10.0.0.0/8 or 2001:db8::/32";
    const [addr, len] = [s.slice(0, i), s.slice(i + 1)];
    const v4 = IPV4.test(addr);
    if (!v4 && !isIpv6(addr)) return `${JSON.stringify(addr)} is not an IPv4 or IPv6 address`;
    if (!/^(0|[1-9]\d*)$/.test(len) || Number(len) > (v4 ? 32 : 128)) return `prefix length must be 0 to ${v4 ? 32 : 128}`;
    return undefined;
}

export const cidr = z.string().superRefine((s, ctx) => {
    const p = cidrProblem(s);
    if (p) ctx.addIssue({ code: "custom", input: s, message: p });
});
export const ipAddress = z.string().refine(isIp, "must be an IPv4 or IPv6 address");

export const port = z.number().int().min(1, "must be a port, 1 to 65535").max(65535, "must be a port, 1 to 65535");

// ---------------------------------------------------------------------------------------------------------
// Probes

const intOrName = z.union([port, z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a port number or a container port's name").max(15, "a port name is at most 15 characters")]);
const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"] as const;

/** core/v1 Probe: exactly one handler, the API server's ranges. */
export const probe = z
    .strictObject({
        exec: z.strictObject({ command: z.array(z.string()).min(1, "must list the command and its arguments") }).optional(),
        httpGet: z
            .strictObject({
                path: z.string().optional(),
                port: intOrName,
                host: z.string().optional(),
                scheme: z.enum(["HTTP", "HTTPS"]).optional(),
                httpHeaders: z.array(z.strictObject({ name: z.string().min(1), value: z.string() })).optional(),
            })
            .optional(),
        tcpSocket: z.strictObject({ port: intOrName, host: z.string().optional() }).optional(),
        grpc: z.strictObject({ port, service: z.string().optional() }).optional(),
        initialDelaySeconds: z.number().int().min(0, "must be 0 or more").optional(),
        timeoutSeconds: z.number().int().min(1, "must be at least 1").optional(),
        periodSeconds: z.number().int().min(1, "must be at least 1").optional(),
        successThreshold: z.number().int().min(1, "must be at least 1").optional(),
        failureThreshold: z.number().int().min(1, "must be at least 1").optional(),
        terminationGracePeriodSeconds: z.number().int().min(1, "must be at least 1").optional(),
    })
    .superRefine((p, ctx) => {
        const given = PROBE_HANDLERS.filter((h) => p[h] !== undefined);
        if (given.length !== 1) ctx.addIssue({ code: "custom", input: p, message: `must set exactly one of ${PROBE_HANDLERS.join(", ")} (got ${given.length === 0 ? "none" : given.join(", ")})` });
    });
