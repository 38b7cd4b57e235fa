// Type-checked by npm test (tsc --noEmit), never run: the pack's own declarations of @pulumi/policy (policy/sdk.ts) are
// the SDK's types. A mismatch is a type error here.
import type * as sdk from "@pulumi/policy";
import { policies } from "../policy/policies";
import type { PolicyPackArgs, policySdk } from "../policy/sdk";

/** `A`, when it is assignable to `B` (a type error otherwise). */
type Assignable<A extends B, B> = A;

// The policies the pack hands PolicyPack are the SDK's: their fields by its types, and what the SDK passes their
// validate functions (its args, its report function) is what they are declared to take.
export const asSdkPolicies: sdk.Policies = policies;
// The pack constructs the SDK's PolicyPack, with arguments the SDK takes.
export type SdkPolicyPack = Assignable<typeof sdk.PolicyPack, typeof policySdk.PolicyPack>;
export type SdkPolicyPackArgs = Assignable<PolicyPackArgs, sdk.PolicyPackArgs>;
