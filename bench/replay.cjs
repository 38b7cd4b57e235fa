// The SDK floor with the program's own registrations instead of trivial ones: node, @pulumi/pulumi and the three
// providers, the same mocks as bench/floor.cjs, then every resource the program registered for a stack (type, name,
// inputs as recorded by a run of the program, argv[2]) registered again as a plain CustomResource or
// ComponentResource. No component code, validation, YAML, key handling or file output: what is left is the SDK's
// own cost of carrying the program's real inputs. `npm run bench` prints it beside the trivial floor.
"use strict";
const fs = require("node:fs");
const { pulumi, runMockedStack } = require("./mocked-stack.cjs");

const registrations = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
runMockedStack((provider) => {
    for (const r of registrations) {
        if (r.type.startsWith("pulumi:providers:")) continue;
        if (!r.custom) new pulumi.ComponentResource(r.type, r.name).registerOutputs({});
        else new pulumi.CustomResource(r.type, r.name, r.inputs, r.type.startsWith("kubernetes:") ? { provider } : {});
    }
});
