// The policy pack's entry point, run by the Pulumi CLI (`pulumi preview --policy-pack policy`).
// Constructing the PolicyPack starts its gRPC server and reads ./package.json (the CLI runs the pack with
// this directory as the working directory): nothing else may import this file.
import { policies } from "./policies";
import { policySdk } from "./sdk";

new policySdk.PolicyPack("gloo-mtls", {
    description: "Gloo Gateway in mTLS mode: mTLS in production, xDS on loopback behind the sidecar, no private keys in plain sight, PSS restricted, CRDs retained, one owner for gloo-mtls-certs.",
    enforcementLevel: "mandatory",
    policies,
});
