// The render's own stack state: the keys, certificates and random values the mocks generated, saved per stack
// (like Pulumi state) so that the next render reuses them and a render diff shows only what the config changed.
// It holds private keys in plaintext: an owner-only file (0600) in an owner-only, git-ignored directory (0700).
import * as fs from "node:fs";
import * as path from "node:path";
import { MockState, MockStateEntry, mockStateEntries, mockStateFrom, newMockState } from "./mocks";
import { shown } from "./stack-file";

export const STATE_DIR = ".render-state";
const FORMAT = "gloo-mtls/render-state";
const VERSION = 1;

export const stateFile = (root: string, stack: string) => path.join(root, STATE_DIR, `${stack}.json`);

export interface Loaded {
    state: MockState;
    /** Entries as loaded (empty when starting fresh), to compare with what the render leaves. */
    before: MockStateEntry[];
    /** Notes for the user (a missing file, permissions repaired). */
    notes: string[];
}

/** Loads the stack's state; `fresh` ignores it. Throws a message that says what to do on an unusable file. */
export function loadState(root: string, stack: string, fresh: boolean): Loaded {
    const file = stateFile(root, stack);
    const notes: string[] = [];
    if (fresh || !fs.existsSync(file)) {
        if (!fresh) notes.push(`no render state for stack "${stack}" yet (${shown(file)}): new keys and certificates`);
        return { state: newMockState(), before: [], notes };
    }
    const startOver = `Run again with --fresh to start over with new keys and certificates (${shown(file)} is then replaced).`;
    let doc: { format?: unknown; version?: unknown; stack?: unknown; entries?: unknown };
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`render state ${shown(file)} is unreadable: ${(e as Error).message}. ${startOver}`);
    }
    if (doc?.format !== FORMAT || doc.version !== VERSION) {
        throw new Error(`render state ${shown(file)} is not a ${FORMAT} file of version ${VERSION} (found ${JSON.stringify(doc?.format)} version ${JSON.stringify(doc?.version)}). ${startOver}`);
    }
    if (doc.stack !== stack) throw new Error(`render state ${shown(file)} belongs to stack ${JSON.stringify(doc.stack)}, not "${stack}". ${startOver}`);
    let state: MockState;
    try {
        state = mockStateFrom(doc.entries);
    } catch (e) {
        throw new Error(`render state ${shown(file)}: ${(e as Error).message}. ${startOver}`);
    }
    notes.push(...ownerOnly(path.dirname(file), 0o700), ...ownerOnly(file, 0o600));
    return { state, before: doc.entries as MockStateEntry[], notes };
}

/** Saves the entries the render used (atomically); returns what changed against the loaded ones. */
export async function saveState(root: string, stack: string, loaded: Loaded): Promise<string> {
    const file = stateFile(root, stack);
    const entries = await mockStateEntries(loaded.state);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    ownerOnly(path.dirname(file), 0o700);
    const tmp = `${file}.${process.pid}.tmp`;
    const body = { format: FORMAT, version: VERSION, stack, note: "private keys in plaintext: never commit or share", entries };
    fs.writeFileSync(tmp, JSON.stringify(body, null, 1) + "\n", { mode: 0o600, flag: "wx" });
    fs.renameSync(tmp, file);
    return `${shown(file)}: ${summary(loaded.before, entries)}`;
}

function summary(before: MockStateEntry[], after: MockStateEntry[]): string {
    const old = new Map(before.map((e) => [e.key, e.id]));
    const kept = after.filter((e) => old.get(e.key) === e.id).length;
    const reissued = after.filter((e) => old.has(e.key) && old.get(e.key) !== e.id).length;
    const created = after.filter((e) => !old.has(e.key)).length;
    const now = new Set(after.map((e) => e.key));
    const dropped = before.filter((e) => !now.has(e.key)).length;
    return `${kept} reused, ${created} new, ${reissued} re-issued, ${dropped} no longer used`;
}

/** Narrows a path's permissions to `mode` if group or others have any; says so. */
function ownerOnly(p: string, mode: number): string[] {
    const st = fs.statSync(p);
    if ((st.mode & 0o077) === 0) return [];
    fs.chmodSync(p, mode);
    return [`${shown(p)} was readable by others (mode ${(st.mode & 0o777).toString(8)}): narrowed to ${mode.toString(8)}`];
}
