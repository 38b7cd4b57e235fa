/**
 * Shared by the policy pack (policy/policies.ts) and the test harness (test/harness.ts): one copy.
 *
 * Pod Security Standards, **restricted** profile (Kubernetes 1.33 policy: every baseline control plus the
 * restricted ones), checked offline on a pod spec the way the PodSecurity admission controller would.
 *
 * `checkRestricted(podSpec, where)` returns errors (empty = compliant), each starting with `where` and
 * naming the field, e.g. `Deployment/gloo-system/gloo: spec.containers[0].securityContext.allowPrivilegeEscalation: ...`.
 * Paths are relative to the pod spec (`spec.` = the pod spec, also for a Deployment's template).
 *
 * Covered, for containers, initContainers and ephemeralContainers alike:
 *  baseline:   hostProcess, hostNetwork/hostPID/hostIPC, privileged, capabilities.add (baseline set),
 *              hostPath volumes, hostPort, AppArmor (field and annotations), SELinux type/user/role,
 *              procMount, seccomp not Unconfined, safe sysctls only
 *  restricted: volume types, allowPrivilegeEscalation=false, runAsNonRoot=true (pod or every container,
 *              none false), runAsUser != 0, seccomp RuntimeDefault/Localhost (pod or every container),
 *              capabilities drop ALL and add only NET_BIND_SERVICE
 * Pods with `spec.os.name: windows` are exempt from the privilege-escalation, seccomp and capabilities
 * controls, as in the admission controller.
 *
 * Beyond the standard, this project's own rule (same checker, so no container escapes either):
 *  readOnlyRootFilesystem=true on every container (a compromised process cannot rewrite its own binaries or
 *  config; writable paths are explicit emptyDir volumes). Not applied to Windows pods, which cannot set it.
 */

type Obj = Record<string, unknown>;

const RESTRICTED_VOLUME_TYPES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);

/** Baseline "safe" sysctls (policy v1.29; the later tcp_rmem/tcp_wmem additions are not accepted here). */
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);

const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

/**
 * Checks a pod spec against the restricted Pod Security Standard.
 * @param podSpec the pod spec (for a workload: its `spec.template.spec`)
 * @param where prefix of every message, e.g. `Deployment/gloo-system/gloo`
 * @param podAnnotations the pod's annotations (template metadata), for the legacy AppArmor annotations
 */
export function checkRestricted(podSpec: any, where: string, podAnnotations?: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const add = (path: string, msg: string) => errors.push(`${where}: ${path}: ${msg}`);
  if (!isObj(podSpec)) {
    add("spec", "no pod spec to check");
    return errors;
  }
  const pod: Obj = podSpec;
  const psc = isObj(pod.securityContext) ? pod.securityContext : {};
  const windows = isObj(pod.os) && pod.os.name === "windows";

  // --- pod-level baseline
  for (const f of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (pod[f] === true) add(`spec.${f}`, "must not be true (host namespaces are forbidden)");
  }
  checkWindowsHostProcess(psc, "spec.securityContext", add);
  checkSeLinux(psc, "spec.securityContext", add);
  checkAppArmor(psc, "spec.securityContext", add);
  const podSeccomp = seccompType(psc);
  if (podSeccomp === "Unconfined") add("spec.securityContext.seccompProfile.type", "must not be Unconfined");
  const sysctls = Array.isArray(psc.sysctls) ? psc.sysctls : [];
  sysctls.forEach((s, i) => {
    const name = isObj(s) ? s.name : undefined;
    if (typeof name !== "string" || !SAFE_SYSCTLS.has(name)) add(`spec.securityContext.sysctls[${i}].name`, `sysctl ${JSON.stringify(name)} is not in the safe set`);
  });
  if (psc.runAsUser === 0) add("spec.securityContext.runAsUser", "must not be 0 (root)");
  if (psc.runAsNonRoot === false) add("spec.securityContext.runAsNonRoot", "must not be false");
  for (const [k, v] of Object.entries(podAnnotations ?? {})) {
    if (k.startsWith("container.apparmor.security.beta.kubernetes.io/") && typeof v === "string" && v !== "runtime/default" && !v.startsWith("localhost/")) {
      add(`metadata.annotations["${k}"]`, `AppArmor profile "${v}" is not allowed (runtime/default or localhost/*)`);
    }
  }

  // --- volumes (baseline: no hostPath; restricted: only the listed types)
  const volumes = Array.isArray(pod.volumes) ? pod.volumes : [];
  volumes.forEach((v, i) => {
    if (!isObj(v)) return;
    for (const k of Object.keys(v)) {
      if (k === "name") continue;
      if (k === "hostPath") add(`spec.volumes[${i}].hostPath`, "hostPath volumes are forbidden");
      else if (!RESTRICTED_VOLUME_TYPES.has(k)) add(`spec.volumes[${i}].${k}`, `volume type ${k} is not allowed (only ${[...RESTRICTED_VOLUME_TYPES].join(", ")})`);
    }
  });

  // --- containers
  const podNonRoot = psc.runAsNonRoot === true;
  let containersSeen = 0;
  for (const list of CONTAINER_LISTS) {
    const cs = Array.isArray(pod[list]) ? (pod[list] as unknown[]) : [];
    cs.forEach((c, i) => {
      if (!isObj(c)) return;
      containersSeen++;
      const base = `spec.${list}[${i}]`;
      const sc = isObj(c.securityContext) ? c.securityContext : {};
      const scp = `${base}.securityContext`;

      if (sc.privileged === true) add(`${scp}.privileged`, "must not be true");
      checkWindowsHostProcess(sc, scp, add);
      checkSeLinux(sc, scp, add);
      checkAppArmor(sc, scp, add);
      if (sc.procMount !== undefined && sc.procMount !== "Default") add(`${scp}.procMount`, `must be Default (got ${JSON.stringify(sc.procMount)})`);

      const ports = Array.isArray(c.ports) ? c.ports : [];
      ports.forEach((p, j) => {
        if (isObj(p) && p.hostPort !== undefined && p.hostPort !== 0) add(`${base}.ports[${j}].hostPort`, "host ports are forbidden");
      });

      // runAsNonRoot / runAsUser
      if (sc.runAsNonRoot === false) add(`${scp}.runAsNonRoot`, "must not be false");
      else if (sc.runAsNonRoot !== true && !podNonRoot) {
        add(`${scp}.runAsNonRoot`, "must be true (here or in spec.securityContext)");
      }
      if (sc.runAsUser === 0) add(`${scp}.runAsUser`, "must not be 0 (root)");

      // seccomp
      const cSeccomp = seccompType(sc);
      if (cSeccomp === "Unconfined") add(`${scp}.seccompProfile.type`, "must not be Unconfined");
      else if (!windows && cSeccomp === undefined && podSeccomp !== "RuntimeDefault" && podSeccomp !== "Localhost") {
        add(`${scp}.seccompProfile.type`, "must be RuntimeDefault or Localhost (here or in spec.securityContext)");
      } else if (cSeccomp !== undefined && cSeccomp !== "RuntimeDefault" && cSeccomp !== "Localhost") {
        add(`${scp}.seccompProfile.type`, `must be RuntimeDefault or Localhost (got ${JSON.stringify(cSeccomp)})`);
      }

      if (windows) return;
      // project rule, beyond PSS
      if (sc.readOnlyRootFilesystem !== true) {
        add(`${scp}.readOnlyRootFilesystem`, `must be true (got ${sc.readOnlyRootFilesystem === undefined ? "unset, which defaults to false" : JSON.stringify(sc.readOnlyRootFilesystem)}); write to an emptyDir volume instead`);
      }
      // privilege escalation
      if (sc.allowPrivilegeEscalation !== false) {
        add(`${scp}.allowPrivilegeEscalation`, `must be false (got ${sc.allowPrivilegeEscalation === undefined ? "unset, which defaults to true" : JSON.stringify(sc.allowPrivilegeEscalation)})`);
      }
      // capabilities
      const caps = isObj(sc.capabilities) ? sc.capabilities : {};
      const drop = Array.isArray(caps.drop) ? caps.drop : [];
      if (!drop.includes("ALL")) add(`${scp}.capabilities.drop`, "must include ALL");
      const addCaps = Array.isArray(caps.add) ? caps.add : [];
      addCaps.forEach((cap, j) => {
        if (cap !== "NET_BIND_SERVICE") add(`${scp}.capabilities.add[${j}]`, `capability ${JSON.stringify(cap)} is not allowed (only NET_BIND_SERVICE)`);
      });
    });
  }
  if (containersSeen === 0) add("spec.containers", "no containers to check");
  if (!windows && podSeccomp !== undefined && podSeccomp !== "RuntimeDefault" && podSeccomp !== "Localhost" && podSeccomp !== "Unconfined") {
    add("spec.securityContext.seccompProfile.type", `must be RuntimeDefault or Localhost (got ${JSON.stringify(podSeccomp)})`);
  }
  return errors;
}

function seccompType(sc: Obj): unknown {
  return isObj(sc.seccompProfile) ? sc.seccompProfile.type : undefined;
}

function checkWindowsHostProcess(sc: Obj, path: string, add: (p: string, m: string) => void): void {
  if (isObj(sc.windowsOptions) && sc.windowsOptions.hostProcess === true) add(`${path}.windowsOptions.hostProcess`, "must not be true");
}

function checkSeLinux(sc: Obj, path: string, add: (p: string, m: string) => void): void {
  const o = sc.seLinuxOptions;
  if (!isObj(o)) return;
  if (o.type !== undefined && !SELINUX_TYPES.has(String(o.type))) add(`${path}.seLinuxOptions.type`, `SELinux type ${JSON.stringify(o.type)} is not allowed`);
  if (o.user !== undefined && o.user !== "") add(`${path}.seLinuxOptions.user`, "must not be set");
  if (o.role !== undefined && o.role !== "") add(`${path}.seLinuxOptions.role`, "must not be set");
}

function checkAppArmor(sc: Obj, path: string, add: (p: string, m: string) => void): void {
  const p = sc.appArmorProfile;
  if (isObj(p) && p.type !== undefined && p.type !== "RuntimeDefault" && p.type !== "Localhost") {
    add(`${path}.appArmorProfile.type`, `must be RuntimeDefault or Localhost (got ${JSON.stringify(p.type)})`);
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
