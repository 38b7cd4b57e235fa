// The SDK floor for `npm run render`: node, @pulumi/pulumi and the three providers the program imports,
// Pulumi mocks, and as many trivial registrations as the program makes (argv[2]), in a stack, started
// the same way (`npm run bench:floor -- N`, with the render's V8 tiering). Whatever render costs beyond this is
// our own work.
"use strict";
const { k8s, runMockedStack } = require("./mocked-stack.cjs");

const total = Number(process.argv[2] ?? 60);
runMockedStack((provider) => {
    for (let i = 1; i < total; i++) {
        new k8s.core.v1.ConfigMap(`cm-${i}`, { metadata: { name: `cm-${i}`, namespace: "default" }, data: { key: `value-${i}` } }, { provider });
    }
});
