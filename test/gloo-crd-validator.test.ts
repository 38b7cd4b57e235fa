/**
 * Proves the validator checks Gloo custom resources against the structural schemas of the shipped CRDs.
 * Run: node --require ./register-ts.cjs --test test/gloo-crd-validator.test.ts
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { GLOO_CRD_SCHEMAS } from "./validate/gloo-crd-schemas";
import { assertRejected, assertValid, gateway, settings, upstream } from "./validator-fixtures";

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
