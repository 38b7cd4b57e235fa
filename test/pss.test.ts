/**
 * Proves checkRestricted (policy/pss.ts) passes restricted pod specs and names every Pod Security Standards
 * violation by its path.
 * Run: node --require ./register-ts.cjs --test test/pss.test.ts
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { checkRestricted } from "../policy/pss";
import { VALID, podSpec } from "./validator-fixtures";
import { podSpecOf } from "./validate/kubernetes";

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
