// Per-kind checks the API server does and the OpenAPI schema does not: workload selectors, Services,
// Secrets and ConfigMaps, RBAC, NetworkPolicies, webhooks, CRDs, CronJob schedules.
import { validateCronSchedule, validateTimeZone } from "../../../components/validation/schedule";
import { Ctx, Obj, Path, isObj, show } from "./common";
import { checkCrd } from "./custom-resource-definitions";
import { BASE64_MSG, configKey, dns1123Label, dns1123Subdomain, intOrNamedPort, isBase64, portNumber } from "./formats";
import { checkLabelMap, selectorIsEmpty, selectorMatches } from "./metadata";

type KindCheck = (ctx: Ctx, obj: Obj) => void;

export const KIND_CHECKS: { [kind: string]: KindCheck } = {
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
