// Invariant: in mTLS mode every gateway proxy's pods, whatever runs them (Deployment or DaemonSet, in any cluster,
// after any kubeResourceOverride), keep what mutual-TLS xDS depends on: the sds sidecar with the certificate
// Secret mounted at /etc/envoy/ssl, and the Envoy container with its own bootstrap ConfigMap at /etc/envoy.
import { NAMES, SSL_DIR } from "../../components/constants";
import { Registrations, Workload } from "./registrations";

type Obj = Record<string, any>;

/** The Secret a proxy's certificates come from: gloo's, or its fleet's own in another cluster. */
const CERT_SECRETS = (name: string) => [NAMES.mtlsSecret, `${name}-mtls-certs`];

function mountOf(pod: Obj, container: Obj | undefined, mountPath: string): Obj | undefined {
    const m = (container?.volumeMounts ?? []).find((x: Obj) => x.mountPath === mountPath);
    return m && (pod.volumes ?? []).find((v: Obj) => v.name === m.name);
}

export function proxyPodProblems(reg: Registrations): string[] {
    // mTLS mode: gloo's pod has its envoy-sidecar (a run without mTLS has no sds anywhere).
    const mtls = reg.workloads.some((w) => w.manifest.metadata?.name === NAMES.gloo && (w.podSpec.containers ?? []).some((c: Obj) => c.name === NAMES.envoySidecarContainer));
    const errs: string[] = [];
    for (const w of reg.workloads.filter((x: Workload) => x.podLabels.gloo === NAMES.gatewayProxy)) {
        const name = w.podLabels["gateway-proxy-id"];
        const envoy = (w.podSpec.containers ?? []).find((c: Obj) => c.name === name);
        const config = mountOf(w.podSpec, envoy, "/etc/envoy");
        if (config?.configMap?.name !== `${name}-envoy-config`) errs.push(`${w.id}: container ${name} does not mount ConfigMap ${name}-envoy-config at /etc/envoy`);
        if (!mtls) continue;
        const sds = (w.podSpec.containers ?? []).find((c: Obj) => c.name === NAMES.sdsContainer);
        if (!sds) {
            errs.push(`${w.id}: no ${NAMES.sdsContainer} container in mTLS mode (Envoy gets its xDS certificates from it)`);
            continue;
        }
        const certs = mountOf(w.podSpec, sds, SSL_DIR);
        if (!certs?.secret || !CERT_SECRETS(name).includes(certs.secret.secretName)) {
            errs.push(`${w.id}: container ${NAMES.sdsContainer} does not mount the certificate Secret (${CERT_SECRETS(name).join(" or ")}) at ${SSL_DIR}`);
        }
    }
    return errs;
}
