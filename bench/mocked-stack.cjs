// What the SDK floors (floor.cjs, replay.cjs) share: node, @pulumi/pulumi and the three providers the program
// imports, Pulumi mocks that echo inputs, and a stack whose body registers resources on one Kubernetes provider.
"use strict";
const pulumi = require("@pulumi/pulumi");
const k8s = require("@pulumi/kubernetes");
require("@pulumi/tls");
require("@pulumi/random");
const { tuneTiering } = require("../render/tiering.cjs");

/** Runs `register(provider)` as a stack's body under mocks, then exits (1 on an error). */
function runMockedStack(register) {
    tuneTiering(); // as `npm run render` does before its work: the floors are started the same way
    pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "gloo-mtls", "floor", false);
    pulumi.runtime
        .runInPulumiStack(async () => {
            register(new k8s.Provider("k8s", {}));
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
}

module.exports = { pulumi, k8s, runMockedStack };
