// Pulumi mocks that behave like the real `tls` and `random` providers: real keys, CSRs and certificates
// (DER built here, signed with node:crypto, following what the Terraform tls provider and Go's crypto/x509
// emit), and deterministic values for `random` resources. Every other resource echoes its inputs.
//
// Shared `MockState` across program runs acts like Pulumi state: same resource with the same
// replace-triggering inputs → the same outputs; changed inputs → new outputs.
//
// This file holds the public API and the mock itself; the parts live in render/mocks/: state.ts (the memo and
// its saved form), values.ts (secret wrappers, unknowns, canonical JSON), tls-provider.ts and
// random-provider.ts (the resources), and what they build on: der.ts, pem-keys.ts, x509-names.ts, x509.ts,
// drbg.ts, provider.ts.
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { Drbg } from "./mocks/drbg";
import { CreateContext, Handler } from "./mocks/provider";
import { RANDOM_HANDLERS } from "./mocks/random-provider";
import { MemoEntry, MockState, StateImpl, asImpl, newMockState } from "./mocks/state";
import { TLS_HANDLERS } from "./mocks/tls-provider";
import { SECRET_SIG, SIG_KEY, canonicalJson, containsUnknown, isPlainObject, secret, secretPaths, unwrapSecrets, withoutWriteOnly } from "./mocks/values";
import { ipToString, parseIP } from "./mocks/x509-names";

export { mockStateEntries, mockStateFrom, newMockState } from "./mocks/state";
export type { MockState, MockStateEntry } from "./mocks/state";
export { canonicalJson, secretPaths, unwrapSecrets } from "./mocks/values";

// ---------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------

/** A certificate found inside its early-renewal window on reuse, and what was done with it. */
export interface RenewalEvent {
    type: string;
    name: string;
    validityEndTime: string;
    validityPeriodHours: number;
    earlyRenewalHours: number;
    /** `renewed`: re-issued (new serial and dates); `kept`: the old certificate is reused (`renewal: "expired"`). */
    action: "renewed" | "kept";
}

export interface MockOptions {
    /**
     * When a reused certificate is inside its early-renewal window: `"early"` re-issues it, as `pulumi up`
     * does (the default); `"expired"` keeps it until it has expired, for renders that stay byte-identical.
     */
    renewal?: "early" | "expired";
}

export interface RecordedResource {
    type: string;
    name: string;
    /** Inputs as the program sent them, secrets unwrapped. */
    inputs: Record<string, any>;
    provider?: string;
    custom: boolean;
    id: string;
    /** The state returned to the SDK (inputs echoed plus computed outputs), secrets unwrapped. */
    outputs: Record<string, any>;
    /** Dotted paths of the inputs that arrived as Pulumi secrets, e.g. `stringData.tls.key`. */
    secretInputs: string[];
}

export class RealCryptoMocks implements pulumi.runtime.Mocks {
    /** Every newResource call of this run, in order. */
    readonly resources: RecordedResource[] = [];
    /** Certificates found inside their early-renewal window in this run. */
    readonly renewals: RenewalEvent[] = [];
    private readonly state: StateImpl;
    /** Occurrences of a memo key in this run: two resources with equal type, name and inputs (different parents) differ. */
    private readonly seen = new Map<string, number>();
    private readonly renewal: "early" | "expired";

    constructor(state?: MockState, options: MockOptions = {}) {
        this.state = asImpl(state ?? newMockState());
        this.renewal = options.renewal ?? "early";
    }

    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Record<string, any> }> {
        const raw: Record<string, any> = args.inputs ?? {};
        const inputs = unwrapSecrets(raw);
        const { id, state } = await this.resolve(args, raw, inputs);
        this.resources.push({
            type: args.type,
            name: args.name,
            inputs,
            provider: args.provider,
            custom: !!args.custom,
            id,
            outputs: unwrapSecrets(state),
            secretInputs: secretPaths(raw),
        });
        return { id, state };
    }

    call(_args: pulumi.runtime.MockCallArgs): Record<string, any> {
        return {};
    }

    private async resolve(
        args: pulumi.runtime.MockResourceArgs,
        raw: Record<string, any>,
        inputs: Record<string, any>,
    ): Promise<{ id: string; state: Record<string, any> }> {
        if (args.type.startsWith("pulumi:providers:")) return { id: args.id || `${args.name}_id`, state: raw };
        const handler = HANDLERS[args.type];
        if (!handler) {
            const metaName = isPlainObject(inputs.metadata) && typeof inputs.metadata.name === "string" ? inputs.metadata.name : undefined;
            return { id: args.id || `${metaName ?? args.name}_id`, state: raw };
        }

        const echo = { ...handler.defaults, ...withoutWriteOnly(raw) };
        const preview = pulumi.runtime.isDryRun();
        // Unknown inputs (preview) or a missing key/cert (an upstream output the mock could not make): the
        // provider would leave every computed output unknown.
        if (containsUnknown(inputs) || handler.missing(inputs)) {
            return { id: preview ? "" : `${args.name}_id`, state: echo };
        }

        // Write-only inputs are invisible to the provider's diff (only their `*WoVersion` is), and in-place
        // updates keep the computed outputs: neither is part of the key.
        const replaceInputs = withoutWriteOnly(inputs);
        for (const k of handler.inPlace ?? []) delete replaceInputs[k];
        const base = [args.type, args.name, canonicalJson(replaceInputs)].join("\u0000");
        const occurrence = this.seen.get(base) ?? 0;
        this.seen.set(base, occurrence + 1);
        const key = occurrence === 0 ? base : `${base}\u0000#${occurrence}`;

        const ctx: CreateContext = {
            type: args.type,
            name: args.name,
            inputs,
            rng: () => new Drbg(crypto.createHash("sha256").update(key).digest()),
        };
        let pending = this.state.memo.get(key);
        const saved = pending ? undefined : this.state.prior.get(key);
        if (saved) {
            pending = Promise.resolve(saved);
            if (!preview) this.state.memo.set(key, pending);
        }
        if (pending) {
            const prior = await pending;
            const now = Date.now();
            // Like `pulumi up`: a certificate inside its early-renewal window is replaced (unless asked to keep it
            // until it expires).
            if (handler.mustReplace?.(prior, inputs, now)) {
                const expired = !(now < Date.parse(prior.outputs.validityEndTime));
                const renew = this.renewal === "early" || expired;
                this.renewals.push({
                    type: args.type,
                    name: args.name,
                    validityEndTime: String(prior.outputs.validityEndTime),
                    validityPeriodHours: inputs.validityPeriodHours,
                    earlyRenewalHours: typeof inputs.earlyRenewalHours === "number" ? inputs.earlyRenewalHours : 0,
                    action: renew ? "renewed" : "kept",
                });
                if (renew) pending = undefined;
            }
        }
        if (!pending) {
            const created = handler.create(ctx);
            // A preview never writes state; an `up` does.
            if (!preview) {
                this.state.memo.set(key, created);
                created.catch(() => {
                    if (this.state.memo.get(key) === created) this.state.memo.delete(key);
                });
            }
            pending = created;
        }
        let entry: MemoEntry;
        try {
            entry = await pending;
        } catch (e) {
            throw new Error(`${args.type} "${args.name}": ${(e as Error).message}`);
        }
        const outputs: Record<string, any> = {};
        for (const [k, v] of Object.entries(entry.outputs)) outputs[k] = handler.secretOutputs?.includes(k) ? secret(v) : v;
        for (const k of handler.secretOutputs ?? []) {
            if (!(k in outputs) && k in echo && !(isPlainObject(echo[k]) && echo[k][SIG_KEY] === SECRET_SIG)) echo[k] = secret(echo[k]);
        }
        return { id: entry.id, state: { ...echo, ...outputs } };
    }
}

const HANDLERS: Record<string, Handler> = { ...TLS_HANDLERS, ...RANDOM_HANDLERS };

/** Internals exposed for unit tests: Go-compatible IP parsing (x509 byte form) and its text form. */
export const _internal = { parseIP, ipToString };
