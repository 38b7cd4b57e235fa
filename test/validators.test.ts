/**
 * Proves the offline validators both pass good objects and reject bad ones, naming the path.
 * Run: node --require ./register-ts.cjs --test test/validators.test.ts
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { otherGlooResources } from "./gloo-fixtures";
import { GLOO_CRD_SCHEMAS } from "./validate/gloo-crd-schemas";
import { validateCronSchedule } from "../components/validation/schedule";
import { clientModel, podSpecOf, SUPPORTED_KINDS, validateKubernetesObject } from "./validate/kubernetes";
import { checkRestricted } from "../policy/pss";

type Obj = Record<string, any>;
const clone = <T>(v: T): T => structuredClone(v);

// ------------------------------------------------------------------------------------------------------
// Fixtures: one valid object of every supported kind
// ------------------------------------------------------------------------------------------------------

const NS = "gloo-system";

const restrictedContainerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 10101,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

function podSpec(): Obj {
  return {
    serviceAccountName: "gloo",
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" }, fsGroup: 10101 },
    volumes: [
      { name: "xds-tls", secret: { secretName: "gloo-xds-tls", defaultMode: 0o440 } },
      { name: "tmp", emptyDir: {} },
    ],
    initContainers: [
      {
        name: "wait",
        image: "busybox:1.36",
        command: ["sh", "-c", "true"],
        securityContext: clone(restrictedContainerSecurity),
      },
    ],
    containers: [
      {
        name: "gloo",
        image: "quay.io/solo-io/gloo:1.22.0",
        imagePullPolicy: "IfNotPresent",
        args: ["--dev=false"],
        env: [
          { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
          { name: "LOG_LEVEL", value: "info" },
        ],
        ports: [
          { name: "grpc-xds", containerPort: 9977, protocol: "TCP" },
          { name: "grpc-validation", containerPort: 9988 },
        ],
        readinessProbe: { tcpSocket: { port: "grpc-xds" }, initialDelaySeconds: 1, periodSeconds: 2, failureThreshold: 10 },
        livenessProbe: { httpGet: { path: "/healthz", port: 9091, scheme: "HTTP" }, periodSeconds: 10 },
        resources: { requests: { cpu: "500m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        volumeMounts: [
          { name: "xds-tls", mountPath: "/etc/gloo/xds-tls", readOnly: true },
          { name: "tmp", mountPath: "/tmp" },
        ],
        securityContext: clone(restrictedContainerSecurity),
      },
    ],
  };
}

function deployment(): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "gloo", namespace: NS, labels: { app: "gloo", "app.kubernetes.io/name": "gloo", gloo: "gloo" } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { gloo: "gloo" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { gloo: "gloo" }, annotations: { "prometheus.io/scrape": "true" } },
        spec: podSpec(),
      },
    },
  };
}

const CRD_SCHEMA = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      "x-kubernetes-preserve-unknown-fields": true,
      properties: {
        size: { type: "integer", minimum: 1 },
        port: { "x-kubernetes-int-or-string": true },
        tags: { type: "array", items: { type: "string" } },
        labels: { type: "object", additionalProperties: { type: "string" } },
      },
    },
    status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
  },
};

function crd(): Obj {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: clone(CRD_SCHEMA) }, subresources: { status: {} } }],
    },
  };
}

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const b64 = (s: string) => Buffer.from(s).toString("base64");

function settings(): Obj {
  return {
    apiVersion: "gloo.solo.io/v1",
    kind: "Settings",
    metadata: { name: "default", namespace: NS, labels: { app: "gloo" } },
    spec: {
      discoveryNamespace: NS,
      watchNamespaces: [NS, "default"],
      refreshRate: "60s",
      kubernetesArtifactSource: {},
      kubernetesConfigSource: {},
      kubernetesSecretSource: {},
      gloo: {
        xdsBindAddr: "0.0.0.0:9977",
        restXdsBindAddr: "0.0.0.0:9976",
        enableRestEds: false,
        disableKubernetesDestinations: false,
        disableProxyGarbageCollection: false,
        invalidConfigPolicy: { invalidRouteResponseBody: "Gloo Gateway has invalid configuration.", invalidRouteResponseCode: 404, replaceInvalidRoutes: false },
      },
      gateway: {
        readGatewaysFromAllNamespaces: false,
        validation: { proxyValidationServerAddr: "gloo:9988", alwaysAccept: true, allowWarnings: true, serverEnabled: true, validationServerGrpcMaxSizeBytes: 104857600 },
      },
      discovery: { fdsMode: "WHITELIST" },
    },
  };
}

function gateway(): Obj {
  return {
    apiVersion: "gateway.solo.io/v1",
    kind: "Gateway",
    metadata: { name: "gateway-proxy-ssl", namespace: NS },
    spec: {
      bindAddress: "::",
      bindPort: 8443,
      ssl: true,
      useProxyProto: false,
      proxyNames: ["gateway-proxy"],
      httpGateway: {},
      options: { perConnectionBufferLimitBytes: 32768 },
    },
  };
}

function upstream(): Obj {
  return {
    apiVersion: "gloo.solo.io/v1",
    kind: "Upstream",
    metadata: { name: "echo", namespace: NS },
    spec: {
      kube: { serviceName: "echo", serviceNamespace: "apps", servicePort: 8080, selector: { app: "echo" } },
      useHttp2: false,
      sslConfig: {
        secretRef: { name: "echo-upstream-tls", namespace: NS },
        sni: "echo.apps.svc.cluster.local",
        parameters: { minimumProtocolVersion: "TLSv1_2" },
        alpnProtocols: ["h2", "http/1.1"],
      },
    },
  };
}

const VALID: Obj[] = [
  deployment(),
  { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db", namespace: NS }, spec: { serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: podSpec() } } },
  { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent", namespace: NS }, spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: podSpec() } } },
  { apiVersion: "v1", kind: "Pod", metadata: { name: "debug", namespace: NS }, spec: podSpec() },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: NS, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
  { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "gloo", namespace: NS }, automountServiceAccountToken: true },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gloo-usage", namespace: NS }, data: { "envoy.yaml": "node: {}\n", "a_b-c.d": "x" } },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "gloo-xds-tls", namespace: NS }, type: "kubernetes.io/tls", data: { "tls.crt": b64(PEM), "tls.key": b64("key"), "ca.crt": b64(PEM) } },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "gloo-xds-tls-2", namespace: NS }, type: "kubernetes.io/tls", stringData: { "tls.crt": PEM, "tls.key": "key" } },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "opaque", namespace: NS }, type: "Opaque", data: { token: "c2VjcmV0\r\n" } },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "gloo", namespace: NS, labels: { app: "gloo" } },
    spec: { type: "ClusterIP", selector: { gloo: "gloo" }, ports: [{ name: "grpc-xds", port: 9977, targetPort: 9977, protocol: "TCP" }, { name: "grpc-validation", port: 9988, targetPort: "grpc-validation" }] },
  },
  {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "gloo-resource-rollout", namespace: NS },
    spec: { backoffLimit: 2, ttlSecondsAfterFinished: 300, template: { metadata: { labels: { job: "rollout" } }, spec: { ...podSpec(), restartPolicy: "OnFailure" } } },
  },
  {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "cert-rotation", namespace: NS },
    spec: {
      schedule: "0 3 * * mon-fri",
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: "Never" } } } },
    },
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "gloo-upstream-mutator-gloo-system" },
    rules: [
      { apiGroups: ["gloo.solo.io"], resources: ["upstreams"], verbs: ["get", "list", "watch", "create", "update", "delete"] },
      { nonResourceURLs: ["/metrics"], verbs: ["get"] },
    ],
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "system:gloo-upstream-mutator-binding" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "gloo-upstream-mutator-gloo-system" },
    subjects: [{ kind: "ServiceAccount", name: "discovery", namespace: NS }],
  },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "gloo-secrets", namespace: NS }, rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: ["gloo-xds-tls"], verbs: ["get"] }] },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "gloo-secrets", namespace: NS },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "gloo-secrets" },
    subjects: [{ kind: "ServiceAccount", name: "gloo" }, { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "ops" }],
  },
  {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "gloo-xds", namespace: NS },
    spec: {
      podSelector: { matchLabels: { gloo: "gloo" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "gloo", operator: "In", values: ["gateway-proxy"] }] } }], ports: [{ protocol: "TCP", port: 9977 }, { port: 8000, endPort: 8010 }] }],
    },
  },
  {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "gloo-gateway-validation-webhook-gloo-system" },
    webhooks: [
      {
        name: "gloo.gloo-system.svc",
        clientConfig: { service: { name: "gloo", namespace: NS, path: "/validation", port: 443 }, caBundle: b64(PEM) },
        rules: [{ operations: ["CREATE", "UPDATE"], apiGroups: ["gateway.solo.io"], apiVersions: ["*"], resources: ["*"] }],
        sideEffects: "None",
        admissionReviewVersions: ["v1", "v1beta1"],
        failurePolicy: "Ignore",
        timeoutSeconds: 10,
      },
    ],
  },
  crd(),
  { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "gloo", namespace: NS }, spec: { minAvailable: 1, selector: { matchLabels: { gloo: "gloo" } } } },
  {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "gateway-proxy", namespace: NS },
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "gateway-proxy" }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }] },
  },
  settings(),
  gateway(),
  upstream(),
  ...otherGlooResources(),
];

// ------------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------------

/** Asserts an error exists at exactly `path` (and matching `re`), and that it names the object. */
function assertRejected(obj: Obj, path: string, re?: RegExp): string {
  const errors = validateKubernetesObject(obj);
  const id = `${obj.kind}/${obj.metadata?.namespace ?? "-"}/${obj.metadata?.name ?? "<unnamed>"}`;
  const hit = errors.find((e) => e.startsWith(`${id}: ${path}: `) && (!re || re.test(e)));
  assert.ok(hit, `expected an error at ${path}${re ? ` matching ${re}` : ""}, got:\n${errors.join("\n") || "(no errors)"}`);
  return hit;
}

function assertValid(obj: Obj): void {
  assert.deepEqual(validateKubernetesObject(obj), [], `${obj.kind}/${obj.metadata?.name} should be valid`);
}

// ------------------------------------------------------------------------------------------------------
// validateKubernetesObject
// ------------------------------------------------------------------------------------------------------

describe("validateKubernetesObject: valid objects pass", () => {
  for (const obj of VALID) {
    it(`${obj.apiVersion} ${obj.kind} ${obj.metadata.name}`, () => assertValid(obj));
  }

  it("covers every supported kind with a valid fixture", () => {
    const covered = new Set(VALID.map((o) => `${o.apiVersion}/${o.kind}`));
    const missing = SUPPORTED_KINDS.filter((k) => !covered.has(k) && k !== "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration");
    assert.deepEqual(missing, []);
  });

  it("drops undefined members like JSON serialization does", () => {
    const d = deployment();
    d.spec.paused = undefined;
    d.spec.template.spec.containers[0].workingDir = undefined;
    assertValid(d);
  });
});

describe("validateKubernetesObject: the brief's rejections", () => {
  it("rejects a typo'd field, suggesting the right one", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicyy = "Always";
    const e = assertRejected(d, "spec.template.spec.containers[0].imagePullPolicyy", /unknown field/);
    assert.match(e, /did you mean "imagePullPolicy"/);
    assert.match(e, /^Deployment\/gloo-system\/gloo: /);
  });

  it("rejects a wrong type (replicas \"two\")", () => {
    const d = deployment();
    d.spec.replicas = "two";
    assertRejected(d, "spec.replicas", /must be integer/);
  });

  it("rejects a bad enum (imagePullPolicy Sometimes)", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicy = "Sometimes";
    assertRejected(d, "spec.template.spec.containers[0].imagePullPolicy", /one of "Always", "IfNotPresent", "Never"/);
  });

  it("rejects port 70000", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].ports[0].containerPort = 70000;
    assertRejected(d, "spec.template.spec.containers[0].ports[0].containerPort", /between 1 and 65535/);
  });

  it("rejects a volumeMount to an undeclared volume", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].volumeMounts.push({ name: "certs", mountPath: "/certs" });
    assertRejected(d, "spec.template.spec.containers[0].volumeMounts[2].name", /undeclared volume "certs"/);
  });

  it("rejects a Deployment without a namespace", () => {
    const d = deployment();
    delete d.metadata.namespace;
    assertRejected(d, "metadata.namespace", /required/);
  });

  it("rejects a CRD with x_kubernetes_preserve_unknown_fields (underscores), accepts the dashed spelling", () => {
    const c = crd();
    const spec = c.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    delete spec["x-kubernetes-preserve-unknown-fields"];
    spec.x_kubernetes_preserve_unknown_fields = true;
    const e = assertRejected(c, "spec.versions[0].schema.openAPIV3Schema.properties.spec.x_kubernetes_preserve_unknown_fields", /unknown field/);
    assert.match(e, /did you mean "x-kubernetes-preserve-unknown-fields"/);
    assertValid(crd());
  });

  it("rejects a Settings with spec.gloo.xdsBindAdr (typo)", () => {
    const s = settings();
    s.spec.gloo.xdsBindAdr = s.spec.gloo.xdsBindAddr;
    delete s.spec.gloo.xdsBindAddr;
    const e = assertRejected(s, "spec.gloo.xdsBindAdr", /unknown field/);
    assert.match(e, /did you mean "xdsBindAddr"/);
  });

  it("rejects a Gateway with bindPort \"8080\" (wrong type)", () => {
    const g = gateway();
    g.spec.bindPort = "8080";
    assertRejected(g, "spec.bindPort", /must be an integer/);
  });
});

describe("validateKubernetesObject: schema and unknown fields", () => {
  it("rejects an unsupported apiVersion/kind instead of skipping it", () => {
    assertRejected({ apiVersion: "v1", kind: "Endpoints", metadata: { name: "x", namespace: NS } }, "kind", /unsupported/);
    assertRejected({ apiVersion: "apps/v1beta1", kind: "Deployment", metadata: { name: "x", namespace: NS } }, "kind", /unsupported/);
  });

  it("rejects a missing required field", () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].name;
    assertRejected(d, "spec.template.spec.containers[0].name", /required/);
  });

  it("reports an int-or-string once, readably", () => {
    const s = clone(VALID.find((o) => o.kind === "Service")!);
    s.spec.ports[0].targetPort = true;
    const e = assertRejected(s, "spec.ports[0].targetPort");
    assert.match(e, /must be (string or integer|integer or string)/);
  });

  it("rejects unknown fields in metadata, maps of objects and top level", () => {
    const d = deployment();
    d.metadata.label = { a: "b" };
    d.status2 = {};
    assertRejected(d, "metadata.label", /did you mean "labels"/);
    assertRejected(d, "status2", /unknown field/);
    const c = VALID.find((o) => o.kind === "ConfigMap")!;
    assertRejected({ ...clone(c), spec: {} }, "spec", /unknown field "spec" \(not in V1ConfigMap\)/);
  });

  it("walks CRD schemas that client-node types as `any` (items, additionalProperties)", () => {
    const c = crd();
    const p = c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties;
    p.tags.items.formatt = "x";
    p.labels.additionalProperties.typ = "string";
    assertRejected(c, "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.tags.items.formatt", /did you mean "format"/);
    assertRejected(c, "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.labels.additionalProperties.typ", /did you mean "type"/);
  });

  it("rejects fields that exist only in Kubernetes newer than 1.33", () => {
    const d = deployment();
    d.spec.template.spec.hostnameOverride = "x";
    assertRejected(d, "spec.template.spec.hostnameOverride", /newer than Kubernetes 1\.33/);
  });

  it("flags a Pulumi secret wrapper that was not unwrapped", () => {
    const s = clone(VALID.find((o) => o.metadata.name === "opaque")!);
    s.data.token = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "c2VjcmV0" };
    assertRejected(s, "data.token", /Pulumi secret/);
  });

  it("reads client-node models from source exactly as the modules define them", () => {
    for (const t of ["V1Deployment", "V1PodSpec", "V1Container", "V1JSONSchemaProps", "V1ObjectMeta", "V1ValidatingWebhook", "V1CustomResourceDefinitionSpec"]) {
      const mod = require(`@kubernetes/client-node/dist/gen/models/${t}.js`) as Record<string, any>;
      assert.deepEqual(clientModel(t)?.attributeTypeMap, mod[t]?.attributeTypeMap, t);
      assert.equal(mod[t]?.discriminator, undefined, `${t} has a discriminator`);
    }
    assert.equal(clientModel("NoSuchType"), undefined);
  });
});

describe("validateKubernetesObject: extra API-server checks", () => {
  it("names: subdomain, Service DNS-1035, Namespace label, length limits", () => {
    const d = deployment();
    d.metadata.name = "Gloo_Deploy";
    assertRejected(d, "metadata.name", /DNS-1123 subdomain/);
    const s = clone(VALID.find((o) => o.kind === "Service")!);
    s.metadata.name = "1gloo";
    assertRejected(s, "metadata.name", /DNS-1035/);
    assertRejected({ apiVersion: "v1", kind: "Namespace", metadata: { name: "a.b" } }, "metadata.name", /DNS-1123 label/);
    const cj = clone(VALID.find((o) => o.kind === "CronJob")!);
    cj.metadata.name = "x".repeat(53);
    assertRejected(cj, "metadata.name", /at most 52/);
    const noName = deployment();
    delete noName.metadata.name;
    assertRejected(noName, "metadata.name", /required/);
  });

  it("namespaces: cluster-scoped kinds must not have one", () => {
    const c = crd();
    c.metadata.namespace = NS;
    assertRejected(c, "metadata.namespace", /cluster-scoped/);
  });

  it("labels: keys and values", () => {
    const d = deployment();
    d.metadata.labels["bad key!"] = "x";
    d.metadata.labels.ok = "-bad-value";
    d.spec.template.metadata.labels.long = "x".repeat(64);
    assertRejected(d, 'metadata.labels["bad key!"]', /invalid label key/);
    assertRejected(d, "metadata.labels.ok", /invalid label value/);
    assertRejected(d, "spec.template.metadata.labels.long", /at most 63/);
  });

  it("selector must match the template labels", () => {
    const d = deployment();
    d.spec.selector.matchLabels = { gloo: "other" };
    assertRejected(d, "spec.selector", /does not match/);
  });

  it("container names, port names, probe ports, duplicate mount paths", () => {
    const d = deployment();
    const pod = d.spec.template.spec;
    pod.containers.push({ ...clone(pod.containers[0]), name: "gloo" });
    pod.containers[0].ports[0].name = "grpc-xds-and-more";
    pod.containers[0].readinessProbe.tcpSocket.port = "nope";
    pod.containers[0].volumeMounts[1].mountPath = "/etc/gloo/xds-tls";
    assertRejected(d, "spec.template.spec.containers[1].name", /duplicate container name/);
    assertRejected(d, "spec.template.spec.containers[0].ports[0].name", /at most 15/);
    assertRejected(d, "spec.template.spec.containers[0].readinessProbe.tcpSocket.port", /names no port/);
    assertRejected(d, "spec.template.spec.containers[0].volumeMounts[1].mountPath", /duplicate mountPath/);
  });

  it("requests above limits, Job restartPolicy", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources.requests.memory = "2Gi";
    assertRejected(d, "spec.template.spec.containers[0].resources.requests.memory", /less than or equal/);
    const j = clone(VALID.find((o) => o.kind === "Job")!);
    delete j.spec.template.spec.restartPolicy;
    assertRejected(j, "spec.template.spec.restartPolicy", /OnFailure or Never/);
  });

  it("Service ports", () => {
    const s = clone(VALID.find((o) => o.kind === "Service")!);
    s.spec.ports[0].port = 0;
    s.spec.ports[1].targetPort = "8080";
    delete s.spec.ports[1].name;
    assertRejected(s, "spec.ports[0].port", /between 1 and 65535/);
    assertRejected(s, "spec.ports[1].targetPort", /string of digits/);
    assertRejected(s, "spec.ports[1].name", /more than one port/);
  });

  it("Secrets: base64 and the keys a TLS Secret needs", () => {
    const s = clone(VALID.find((o) => o.metadata.name === "gloo-xds-tls")!);
    s.data["tls.crt"] = PEM;
    delete s.data["tls.key"];
    const e = assertRejected(s, 'data["tls.crt"]', /base64/);
    assert.equal(validateKubernetesObject(s).filter((x) => x.includes('data["tls.crt"]')).length, 1, "reported once");
    assertRejected(s, 'data["tls.key"]', /required for a Secret of type kubernetes.io\/tls/);
    assert.ok(e);
    assertRejected({ ...clone(s), data: { "tls.crt": "YQ" } }, 'data["tls.crt"]', /base64/); // unpadded
  });

  it("RBAC rules and bindings", () => {
    const r = clone(VALID.find((o) => o.kind === "Role")!);
    r.rules.push({ apiGroups: [""], resources: ["pods"], verbs: [] }, { nonResourceURLs: ["/healthz"], verbs: ["get"] });
    assertRejected(r, "rules[1].verbs", /required/);
    assertRejected(r, "rules[2].nonResourceURLs", /only allowed in a ClusterRole/);
    const b = clone(VALID.find((o) => o.kind === "ClusterRoleBinding")!);
    b.roleRef.kind = "Role";
    delete b.subjects[0].namespace;
    assertRejected(b, "roleRef.kind", /ClusterRole/);
    assertRejected(b, "subjects[0].namespace", /required/);
  });

  it("webhook names and client config", () => {
    const w = clone(VALID.find((o) => o.kind === "ValidatingWebhookConfiguration")!);
    w.webhooks[0].name = "gloo";
    w.webhooks[0].clientConfig.url = "https://example.com";
    assertRejected(w, "webhooks[0].name", /fully qualified/);
    assertRejected(w, "webhooks[0].clientConfig", /exactly one of url or service/);
  });

  it("CRD: name, storage version, structural type", () => {
    const c = crd();
    c.metadata.name = "widget.example.com";
    c.spec.versions[0].storage = false;
    delete c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.type;
    assertRejected(c, "metadata.name", /widgets\.example\.com/);
    assertRejected(c, "spec.versions", /storage: true/);
    assertRejected(c, "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.type", /structural/);
  });

  it("CronJob schedule syntax and time zone", () => {
    for (const ok of ["*/5 * * * *", "0 0 1 jan *", "@hourly", "@every 1h30m", "0 3 * * 0-6", "15 2 ? * SUN", "0 0 1-31/2 * *"]) {
      assert.equal(validateCronSchedule(ok), undefined, ok);
    }
    for (const bad of ["* * * *", "0 0 * * * *", "60 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 7", "@fortnightly", "CRON_TZ=UTC 0 0 * * *", "*/0 * * * *", "5-1 * * * *", "@every 1d"]) {
      assert.ok(validateCronSchedule(bad), `${bad} should be rejected`);
    }
    const cj = clone(VALID.find((o) => o.kind === "CronJob")!);
    cj.spec.schedule = "0 0 * * 7";
    cj.spec.timeZone = "Mars/Olympus";
    assertRejected(cj, "spec.schedule", /day of week/);
    assertRejected(cj, "spec.timeZone", /unknown time zone Mars\/Olympus/);
  });
});

describe("validateKubernetesObject: Gloo custom resources", () => {
  it("has the shipped schema of every Gloo kind", () => {
    assert.deepEqual(Object.keys(GLOO_CRD_SCHEMAS).sort(), [
      "enterprise.gloo.solo.io/v1/AuthConfig",
      "gateway.solo.io/v1/Gateway",
      "gateway.solo.io/v1/HttpListenerOption",
      "gateway.solo.io/v1/ListenerOption",
      "gateway.solo.io/v1/MatchableHttpGateway",
      "gateway.solo.io/v1/MatchableTcpGateway",
      "gateway.solo.io/v1/RouteOption",
      "gateway.solo.io/v1/RouteTable",
      "gateway.solo.io/v1/VirtualHostOption",
      "gateway.solo.io/v1/VirtualService",
      "gloo.solo.io/v1/Proxy",
      "gloo.solo.io/v1/Settings",
      "gloo.solo.io/v1/Upstream",
      "gloo.solo.io/v1/UpstreamGroup",
      "ratelimit.solo.io/v1alpha1/RateLimitConfig",
    ]);
    assert.ok(GLOO_CRD_SCHEMAS["gloo.solo.io/v1/Upstream"].schema.properties?.spec.properties?.sslConfig, "real, not permissive");
  });

  it("rejects unknown fields at any depth, including where the CRD declares none", () => {
    const u = upstream();
    u.spec.sslConfig.secretRef.nmae = "x";
    u.spec.kube.serviceSpec = { grpc: { unknownThing: 1 } };
    u.spec.useHttp2 = "yes";
    assertRejected(u, "spec.sslConfig.secretRef.nmae", /did you mean "name"/);
    assertRejected(u, "spec.kube.serviceSpec.grpc.unknownThing", /unknown field/);
    assertRejected(u, "spec.useHttp2", /must be a boolean/);
    const s = settings();
    s.spec.discovery.fdsOptions = { anything: true };
    assertRejected(s, "spec.discovery.fdsOptions.anything", /declares no fields/);
    s.sepc = {};
    assertRejected(s, "sepc", /did you mean "spec"/);
  });

  it("respects x-kubernetes-preserve-unknown-fields and nullable", () => {
    const g = gateway();
    g.spec.httpGateway = { options: { extensions: { configs: { myPlugin: { free: { form: [1, 2] } } } } } };
    g.spec.useProxyProto = null;
    assertValid(g);
    g.spec.bindAddress = null;
    assertRejected(g, "spec.bindAddress", /null/);
  });

  it("checks integer bounds and int-or-string enums' type", () => {
    const s = settings();
    s.spec.gloo.invalidConfigPolicy.invalidRouteResponseCode = 5e9;
    s.spec.discovery.fdsMode = true;
    assertRejected(s, "spec.gloo.invalidConfigPolicy.invalidRouteResponseCode", /<= 4294967295/);
    assertRejected(s, "spec.discovery.fdsMode", /integer or a string/);
  });

  it("still checks the custom resource's metadata", () => {
    const s = settings();
    delete s.metadata.namespace;
    s.metadata.labels = { ok: 5 };
    s.metadata.annotationz = {};
    assertRejected(s, "metadata.namespace", /required/);
    assertRejected(s, "metadata.labels.ok", /must be string/);
    assertRejected(s, "metadata.annotationz", /did you mean "annotations"/);
  });
});

// ------------------------------------------------------------------------------------------------------
// checkRestricted
// ------------------------------------------------------------------------------------------------------

describe("checkRestricted", () => {
  const where = "Deployment/gloo-system/gloo";
  const has = (errors: string[], path: string, re?: RegExp) =>
    assert.ok(errors.some((e) => e.startsWith(`${where}: ${path}: `) && (!re || re.test(e))), `expected ${path}${re ? ` ${re}` : ""} in:\n${errors.join("\n") || "(none)"}`);

  it("passes a fully restricted pod spec (and the workloads' pod specs found by podSpecOf)", () => {
    assert.deepEqual(checkRestricted(podSpec(), where), []);
    for (const o of VALID) {
      const p = podSpecOf(o);
      if (p) assert.deepEqual(checkRestricted(p.podSpec, `${o.kind}/${o.metadata.name}`), [], `${o.kind} ${p.path}`);
    }
  });

  it("accepts pod-level runAsNonRoot and seccomp with bare containers' settings", () => {
    const p = podSpec();
    for (const c of [...p.containers, ...p.initContainers]) {
      delete c.securityContext.runAsNonRoot;
      delete c.securityContext.seccompProfile;
    }
    assert.deepEqual(checkRestricted(p, where), []);
  });

  it("rejects a container missing drop ALL", () => {
    const p = podSpec();
    p.containers[0].securityContext.capabilities = { drop: ["NET_RAW"] };
    has(checkRestricted(p, where), "spec.containers[0].securityContext.capabilities.drop", /ALL/);
  });

  it("rejects a privileged container", () => {
    const p = podSpec();
    p.containers[0].securityContext.privileged = true;
    has(checkRestricted(p, where), "spec.containers[0].securityContext.privileged");
  });

  it("rejects a pod without seccomp at pod or container level", () => {
    const p = podSpec();
    delete p.securityContext.seccompProfile;
    delete p.initContainers[0].securityContext.seccompProfile;
    has(checkRestricted(p, where), "spec.initContainers[0].securityContext.seccompProfile.type", /RuntimeDefault or Localhost/);
  });

  it("rejects Unconfined seccomp even when the pod sets RuntimeDefault", () => {
    const p = podSpec();
    p.containers[0].securityContext.seccompProfile = { type: "Unconfined" };
    has(checkRestricted(p, where), "spec.containers[0].securityContext.seccompProfile.type", /Unconfined/);
  });

  it("rejects the other restricted and baseline violations", () => {
    const p = podSpec();
    p.hostNetwork = true;
    p.volumes.push({ name: "host", hostPath: { path: "/var/run" } }, { name: "nfs", nfs: { server: "x", path: "/" } });
    p.initContainers[0].securityContext.allowPrivilegeEscalation = true;
    delete p.containers[0].securityContext.allowPrivilegeEscalation;
    p.containers[0].securityContext.capabilities.add = ["NET_BIND_SERVICE", "SYS_ADMIN"];
    p.containers[0].securityContext.runAsUser = 0;
    p.containers[0].ports[0].hostPort = 9977;
    p.containers[0].securityContext.seLinuxOptions = { type: "spc_t" };
    p.containers[0].securityContext.procMount = "Unmasked";
    p.securityContext.sysctls = [{ name: "net.core.somaxconn", value: "1024" }];
    p.securityContext.appArmorProfile = { type: "Unconfined" };
    const errors = checkRestricted(p, where);
    has(errors, "spec.hostNetwork");
    has(errors, "spec.volumes[2].hostPath", /forbidden/);
    has(errors, "spec.volumes[3].nfs", /not allowed/);
    has(errors, "spec.initContainers[0].securityContext.allowPrivilegeEscalation", /false/);
    has(errors, "spec.containers[0].securityContext.allowPrivilegeEscalation", /defaults to true/);
    has(errors, "spec.containers[0].securityContext.capabilities.add[1]", /SYS_ADMIN/);
    has(errors, "spec.containers[0].securityContext.runAsUser", /root/);
    has(errors, "spec.containers[0].ports[0].hostPort");
    has(errors, "spec.containers[0].securityContext.seLinuxOptions.type");
    has(errors, "spec.containers[0].securityContext.procMount");
    has(errors, "spec.securityContext.sysctls[0].name");
    has(errors, "spec.securityContext.appArmorProfile.type");
    assert.ok(!errors.some((e) => e.includes("capabilities.add[0]")), "NET_BIND_SERVICE is allowed");
  });

  it("rejects a container without a read-only root filesystem (the project's rule beyond PSS)", () => {
    const p = podSpec();
    delete p.initContainers[0].securityContext.readOnlyRootFilesystem;
    p.containers[0].securityContext.readOnlyRootFilesystem = false;
    const errors = checkRestricted(p, where);
    has(errors, "spec.initContainers[0].securityContext.readOnlyRootFilesystem", /unset, which defaults to false/);
    has(errors, "spec.containers[0].securityContext.readOnlyRootFilesystem", /must be true \(got false\)/);
    p.os = { name: "windows" };
    assert.ok(!checkRestricted(p, where).some((e) => e.includes("readOnlyRootFilesystem")), "not for Windows pods");
  });

  it("rejects runAsNonRoot missing everywhere, or false on a container", () => {
    const p = podSpec();
    delete p.securityContext.runAsNonRoot;
    delete p.initContainers[0].securityContext.runAsNonRoot;
    p.containers[0].securityContext.runAsNonRoot = false;
    const errors = checkRestricted(p, where);
    has(errors, "spec.initContainers[0].securityContext.runAsNonRoot", /must be true/);
    has(errors, "spec.containers[0].securityContext.runAsNonRoot", /must not be false/);
  });
});
