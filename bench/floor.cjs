// The SDK floor for `npm run render`: node, @pulumi/pulumi and the three providers the program imports,
// Pulumi mocks, and as many trivial registrations as the program makes (argv[2]), in a stack, started
// the same way (`npm run bench:floor -- N`). Whatever render costs beyond this is our own work.
"use strict";
const pulumi = require("@pulumi/pulumi");
const k8s = require("@pulumi/kubernetes");
require("@pulumi/tls");
require("@pulumi/random");

const total = Number(process.argv[2] ?? 60);
pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "gloo-mtls", "floor", false);
pulumi.runtime
    .runInPulumiStack(async () => {
        const provider = new k8s.Provider("k8s", {});
        for (let i = 1; i < total; i++) {
            new k8s.core.v1.ConfigMap(`cm-${i}`, { metadata: { name: `cm-${i}`, namespace: "default" }, data: { key: `value-${i}` } }, { provider });
        }
        return {};
    })
    .then(() => pulumi.runtime.waitForRPCs?.())
    .then(
        () => process.exit(0),
        (err) => {
            console.error(err);
            process.exit(1);
        },
    );
