// The part of @pulumi/policy the pack uses, declared here instead of imported. The Pulumi CLI type-checks the pack with
// ts-node each time it starts it (`pulumi preview --policy-pack policy`, cached in TMPDIR): @pulumi/policy's
// declarations bring @pulumi/pulumi's and gRPC's, some 300 files, and on a fresh runner the pack took 4.4 s of CPU to
// start. npm test's type-check holds these to the SDK's own types (test/policy-sdk-types.ts).

/**
 * CommonJS's require (the pack runs as CommonJS under ts-node); declared here as @types/node would, whose 60 files the
 * pack's tsconfig.json leaves out too (`types: []`).
 */
declare const require: (id: string) => unknown;

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** Reports a violation, of the resource under validation or (from a stack policy) of the resource `urn`. */
export type ReportViolation = (message: string, urn?: string) => void;

export interface PolicyResourceOptions {
    ignoreChanges: string[];
}

/** A resource of the stack, as stack policies see it. */
export interface PolicyResource {
    type: string;
    props: Record<string, any>;
    urn: string;
    name: string;
    opts: PolicyResourceOptions;
}

interface ValidationArgs {
    stackTags: ReadonlyMap<string, string>;
    getConfig<T extends object>(): T;
    notApplicable(reason?: string): never;
}

export interface ResourceValidationArgs extends ValidationArgs, PolicyResource {}

export interface StackValidationArgs extends ValidationArgs {
    resources: PolicyResource[];
}

/** JSON, as a policy's config schema holds it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The JSON Schema keywords the pack's config schemas use. */
export interface ConfigPropertySchema {
    type?: "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";
    items?: ConfigPropertySchema;
    pattern?: string;
    default?: Json;
    description?: string;
}

interface Policy {
    name: string;
    description: string;
    enforcementLevel?: EnforcementLevel;
    configSchema?: { properties: Record<string, ConfigPropertySchema>; required?: string[] };
}

export interface ResourceValidationPolicy extends Policy {
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => Promise<void> | void;
}

export interface StackValidationPolicy extends Policy {
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => Promise<void> | void;
}

export interface PolicyPackArgs {
    description?: string;
    enforcementLevel?: EnforcementLevel;
    policies: (ResourceValidationPolicy | StackValidationPolicy)[];
}

/**
 * The SDK's module as the pack uses it. UnknownValueError (what its props proxy throws for an unknown value) is
 * exported at run time, but its published typings strip it (it is marked internal).
 */
export const policySdk = require("@pulumi/policy") as {
    PolicyPack: new (name: string, args: PolicyPackArgs) => unknown;
    UnknownValueError: new (...args: never[]) => Error;
};
