/**
 * Proves the offline Kubernetes validator (test/validate/kubernetes.ts) both passes good objects and rejects
 * bad ones, naming the path: schema, unknown fields, and the checks the API server adds.
 * Run: node --require ./register-ts.cjs --test test/kubernetes-validator.test.ts
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { validateCronSchedule } from "../components/validation/schedule";
import { NS, PEM, VALID, assertRejected, assertValid, clone, crd, deployment, gateway, settings } from "./validator-fixtures";
import { clientModel, SUPPORTED_KINDS, validateKubernetesObject } from "./validate/kubernetes";

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
