// What an emulated provider resource is (a Handler: defaults, secret outputs, create, renewal), and the
// validators of the provider schemas that the handlers share.
import type { Drbg } from "./drbg";
import type { MemoEntry } from "./state";

export interface CreateContext {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** Deterministic randomness for this resource (hash of type, name and inputs). */
    rng: () => Drbg;
}

export interface Handler {
    /** Values the provider fills in when the input is absent. */
    defaults: Record<string, any>;
    /** Inputs whose change is an in-place update (no new outputs). */
    inPlace?: string[];
    /** Outputs the SDK declares as additionalSecretOutputs. */
    secretOutputs?: string[];
    /** A required input that is missing: skip generation, echo inputs. */
    missing: (inputs: Record<string, any>) => boolean;
    create: (ctx: CreateContext) => Promise<MemoEntry>;
    /** On a memo hit: must the resource be replaced anyway (certificate renewal)? */
    mustReplace?: (prior: MemoEntry, inputs: Record<string, any>, now: number) => boolean;
}

export function intInput(inputs: Record<string, any>, key: string, attr: string, dflt: number | undefined, min: number): number {
    const v = inputs[key] ?? dflt;
    if (v === undefined) throw new Error(`The argument "${attr}" is required, but no definition was found.`);
    if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`Attribute ${attr}: expected an integer, got ${JSON.stringify(v)}`);
    if (v < min) throw new Error(`Invalid Attribute Value: Attribute ${attr} value must be at least ${min}, got: ${v}`);
    return v;
}
export function exactlyOnePem(inputs: Record<string, any>, plain: string, attr: string): string {
    const a = inputs[plain];
    const wo = inputs[`${plain}Wo`];
    if (a != null && wo != null) throw new Error(`Invalid Attribute Combination: exactly one of ${attr} or ${attr}_wo must be set`);
    const pem = wo ?? a;
    if (typeof pem !== "string") throw new Error(`Invalid Attribute Combination: exactly one of ${attr} or ${attr}_wo must be set`);
    return pem;
}
