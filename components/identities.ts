// Who may talk to gloo's xDS: the identities the install makes, and nothing else signed by its CA.
//  - gloo's own leaf (gloo's sidecar serves it; every in-cluster proxy and the Enterprise servers present it) always
//    carries the DNS SAN gloo.<ns>.svc, whoever issues it (Pulumi or certgen);
//  - each remote fleet's leaf carries one URI SAN, spiffe://gloo-mtls/<ns>/<cluster>/<proxy>, and no DNS SAN and a
//    common name with spaces: a URI SAN never satisfies a DNS SAN matcher or a hostname check, so the leaf cannot
//    pass as gloo (or any server) even where only names are compared; it is also client-auth only.
import { NAMES } from "./constants";
import { PeerName, uriSan } from "./envoy/tls";
import type { ResolvedProxy } from "./proxies/types";

/** The trust domain of the fleets' SPIFFE IDs. */
export const FLEET_TRUST_DOMAIN = "gloo-mtls";

/** The identity (URI SAN) of proxy `proxy`'s fleet in cluster `cluster`. */
export function fleetIdentity(namespace: string, cluster: string, proxy: string): string {
    return `spiffe://${FLEET_TRUST_DOMAIN}/${namespace}/${cluster}/${proxy}`;
}

/** The fleet leaf's subject common name: not a host name (spaces), so no client's hostname check can match it. */
export function fleetCommonName(cluster: string, proxy: string): string {
    return `gloo-mtls fleet ${proxy} in ${cluster}`;
}

/** The name on gloo's leaf that identifies it as a client: on every issuer's leaf (certgen's too). */
export function glooClientName(namespace: string): string {
    return `${NAMES.gloo}.${namespace}.svc`;
}

/** Every enabled proxy in another cluster: it has a leaf of its own. */
export function remoteFleets(r: { proxies: ResolvedProxy[] }): (ResolvedProxy & { cluster: string })[] {
    return r.proxies.filter((p): p is ResolvedProxy & { cluster: string } => !p.disabled && p.cluster !== undefined);
}

/** The client identities gloo's sidecar accepts: gloo's leaf and each remote fleet's, exactly. */
export function glooClientNames(r: { namespace: string; proxies: ResolvedProxy[] }): PeerName[] {
    return [glooClientName(r.namespace), ...remoteFleets(r).map((p) => uriSan(fleetIdentity(r.namespace, p.cluster, p.name)))];
}
