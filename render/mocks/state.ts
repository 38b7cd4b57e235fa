// The mocks' stand-in for Pulumi state: a memo of generated outputs shared by program runs, and its saved
// form (entries a render writes to disk and loads again).
import { isPlainObject } from "./values";

/** Opaque memo of generated outputs, keyed by (type, name, canonical JSON of the unwrapped inputs). */
export interface MockState {
    readonly kind: "gloo-mtls/mock-state";
}

export interface MemoEntry {
    id: string;
    /** Computed outputs only (plain values, no secret wrappers). */
    outputs: Record<string, any>;
}

export interface StateImpl extends MockState {
    memo: Map<string, Promise<MemoEntry>>;
    /** A previous process's entries (a saved state): used on a memo miss and then moved into `memo`. */
    prior: Map<string, MemoEntry>;
}

export function newMockState(): MockState {
    const s: StateImpl = { kind: "gloo-mtls/mock-state", memo: new Map(), prior: new Map() };
    return s;
}

/** One generated resource as a saved state holds it (plain JSON). */
export interface MockStateEntry {
    key: string;
    id: string;
    outputs: Record<string, any>;
}

/**
 * The entries that runs with this state created or used, sorted by key: like Pulumi state after an `up`,
 * entries of a loaded state that no run asked for are not kept.
 */
export async function mockStateEntries(state: MockState): Promise<MockStateEntry[]> {
    const s = asImpl(state);
    const settled = await Promise.all(
        [...s.memo].map(async ([key, p]) => {
            const e = await p.catch(() => undefined);
            return e && { key, id: e.id, outputs: e.outputs };
        }),
    );
    return settled.filter((e): e is MockStateEntry => e !== undefined).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A state that answers from saved entries (see mockStateEntries); throws on entries of the wrong shape. */
export function mockStateFrom(entries: unknown): MockState {
    if (!Array.isArray(entries)) throw new Error("entries: expected a list");
    const s = newMockState() as StateImpl;
    entries.forEach((e, i) => {
        if (!isPlainObject(e) || typeof e.key !== "string" || typeof e.id !== "string" || !isPlainObject(e.outputs)) {
            throw new Error(`entries[${i}]: expected {key: string, id: string, outputs: object}`);
        }
        s.prior.set(e.key, { id: e.id, outputs: e.outputs });
    });
    return s;
}

export function asImpl(state: MockState): StateImpl {
    const s = state as StateImpl;
    if (!(s.memo instanceof Map) || !(s.prior instanceof Map)) throw new Error("not a MockState from newMockState()");
    return s;
}
