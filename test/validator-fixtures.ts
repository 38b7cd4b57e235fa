/**
 * Shared by the Kubernetes validator tests: one valid object of every supported kind (built fresh by each
 * function, so a test may mutate what it gets), and assertions on validateKubernetesObject's errors.
 */
import assert from "node:assert/strict";

import { otherGlooResources } from "./gloo-fixtures";
import { validateKubernetesObject } from "./validate/kubernetes";

export type Obj = Record<string, any>;
export const clone = <T>(v: T): T => structuredClone(v);

// ------------------------------------------------------------------------------------------------------
// Fixtures: one valid object of every supported kind
// ------------------------------------------------------------------------------------------------------

export const NS = "gloo-system";

const restrictedContainerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 10101,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

export function podSpec(): Obj {
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

export function deployment(): Obj {
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

export function crd(): Obj {
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

export const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const b64 = (s: string) => Buffer.from(s).toString("base64");

export function settings(): Obj {
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

export function gateway(): Obj {
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

export function upstream(): Obj {
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

export const VALID: Obj[] = [
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
export function assertRejected(obj: Obj, path: string, re?: RegExp): string {
  const errors = validateKubernetesObject(obj);
  const id = `${obj.kind}/${obj.metadata?.namespace ?? "-"}/${obj.metadata?.name ?? "<unnamed>"}`;
  const hit = errors.find((e) => e.startsWith(`${id}: ${path}: `) && (!re || re.test(e)));
  assert.ok(hit, `expected an error at ${path}${re ? ` matching ${re}` : ""}, got:\n${errors.join("\n") || "(no errors)"}`);
  return hit;
}

export function assertValid(obj: Obj): void {
  assert.deepEqual(validateKubernetesObject(obj), [], `${obj.kind}/${obj.metadata?.name} should be valid`);
}
