// gloo's xDS for proxies in other clusters (`gloo.xdsExternal`): a Service of its own that exposes only the gloo
// pod's envoy-sidecar TLS port (9977), never the plaintext loopback ports behind it (9999, 9998), SDS (8234), the
// sidecar's admin (8001) or REST xDS (9976). The sidecar requires a client certificate naming an identity the
// install made, so this address admits nothing but mutual TLS.
import * as corev1 from "@pulumi/kubernetes/core/v1";
import { ResolvedXdsExternal } from "./args";
import { NAMES, PORTS } from "./constants";

export const XDS_EXTERNAL_SERVICE = "gloo-xds-external";

export function xdsExternalServiceArgs(namespace: string, x: ResolvedXdsExternal): corev1.ServiceArgs {
    const lb = x.service.type === "LoadBalancer";
    return {
        metadata: {
            name: XDS_EXTERNAL_SERVICE,
            namespace,
            labels: { app: "gloo", gloo: NAMES.gloo },
            ...(Object.keys(x.service.annotations).length > 0 ? { annotations: x.service.annotations } : {}),
        },
        spec: {
            type: x.service.type,
            // Local: the load balancer keeps the client's address, so loadBalancerSourceRanges and gloo's NetworkPolicy
            // (ipBlock rules) see the remote cluster's egress address; with Cluster, nodes would SNAT it to their own.
            externalTrafficPolicy: "Local",
            selector: { gloo: NAMES.gloo },
            ports: [
                {
                    name: "grpc-xds-tls",
                    port: x.port,
                    targetPort: PORTS.xds,
                    protocol: "TCP",
                    // With NodePort, remote proxies dial the node port: it is the configured port, like the Service's.
                    ...(lb ? {} : { nodePort: x.port }),
                },
            ],
            ...(lb ? { loadBalancerSourceRanges: x.service.sourceRanges } : {}),
        },
    };
}
