// The reference program for load times: plain JavaScript, one Kubernetes provider and ConfigMaps, so
// that it registers $TRIVIAL_REGISTRATIONS resources in all (the count of the program it is compared with).
"use strict";
const k8s = require("@pulumi/kubernetes");

const total = Number(process.env.TRIVIAL_REGISTRATIONS ?? 60);
const provider = new k8s.Provider("k8s", {});
for (let i = 1; i < total; i++) {
    new k8s.core.v1.ConfigMap(`cm-${i}`, { metadata: { name: `cm-${i}`, namespace: "default" }, data: { key: `value-${i}` } }, { provider });
}
