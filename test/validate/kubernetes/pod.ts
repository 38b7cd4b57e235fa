// Pod specs as the API server checks them: volumes, restart policy by owner, container names, ports,
// probes and lifecycle handlers, volume mounts, requests against limits, env.
import { Ctx, Obj, Path, isObj, show } from "./common";
import { dns1123Label, ianaSvcName, intOrNamedPort, parseQuantity, portNumber } from "./formats";

const POD_OWNER_RESTART: { [kind: string]: readonly string[] } = {
  Deployment: ["Always"],
  StatefulSet: ["Always"],
  DaemonSet: ["Always"],
  Job: ["OnFailure", "Never"],
  CronJob: ["OnFailure", "Never"],
};

export function checkPodSpec(ctx: Ctx, pod: Obj, base: Path, ownerKind: string): void {
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
