// Tests of the render's saved state: MockState entries survive a JSON round trip (same keys and certificates),
// only used entries are kept, certificates in their early-renewal window are kept or re-issued as asked, and the
// state file is owner-only and refused clearly when unusable.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { MockOptions, MockState, RealCryptoMocks, mockStateEntries, mockStateFrom, newMockState } from "../render/mocks";
import { STATE_DIR, loadState, saveState, stateFile } from "../render/state";

/** One tiny program (a key and a self-signed certificate) under fresh mocks sharing `state`. */
async function run(state: MockState, cert: { hours: number; early: number; name?: string }, options: MockOptions = {}) {
    const mocks = new RealCryptoMocks(state, options);
    await pulumi.runtime.setMocks(mocks, "proj", "stack", false);
    const key = new tls.PrivateKey(cert.name ?? "k", { algorithm: "ECDSA", ecdsaCurve: "P256" });
    const c = new tls.SelfSignedCert(cert.name ?? "c", {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: "test" },
        allowedUses: ["digital_signature"],
        validityPeriodHours: cert.hours,
        earlyRenewalHours: cert.early,
    });
    const values = await new Promise<{ key: string; cert: string }>((resolve) =>
        pulumi.all([key.privateKeyPem, c.certPem]).apply(([k, p]) => resolve({ key: k, cert: p })),
    );
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return { ...values, renewals: mocks.renewals };
}

/** What a saved state file would give the next process. */
async function roundTrip(state: MockState): Promise<MockState> {
    return mockStateFrom(JSON.parse(JSON.stringify(await mockStateEntries(state))));
}

describe("MockState saved between processes", { timeout: 60_000 }, () => {
    test("a loaded state gives the same key and certificate; only entries a run used are kept", async () => {
        const first = newMockState();
        const a = await run(first, { hours: 100, early: 1 });
        const loaded = await roundTrip(first);
        const b = await run(loaded, { hours: 100, early: 1 });
        assert.equal(b.key, a.key);
        assert.equal(b.cert, a.cert, "same certificate: serial and dates from the state, not from now");
        assert.deepEqual(b.renewals, []);
        assert.equal((await mockStateEntries(loaded)).length, 2);

        const other = await roundTrip(first);
        const c = await run(other, { hours: 100, early: 1, name: "other" });
        assert.notEqual(c.key, a.key);
        const keys = (await mockStateEntries(other)).map((e) => e.key);
        assert.equal(keys.length, 2, "the entries of resources this run did not have are dropped");
        assert.ok(keys.every((k) => k.includes("other")));
    });

    test("inside the early-renewal window: kept under renewal 'expired', re-issued under 'early' (the default)", async () => {
        const first = newMockState();
        const a = await run(first, { hours: 1, early: 2 });
        const kept = await run(await roundTrip(first), { hours: 1, early: 2 }, { renewal: "expired" });
        assert.equal(kept.cert, a.cert);
        assert.deepEqual(kept.renewals.map((r) => [r.name, r.action, r.validityPeriodHours, r.earlyRenewalHours]), [["c", "kept", 1, 2]]);
        const renewed = await run(await roundTrip(first), { hours: 1, early: 2 });
        assert.notEqual(renewed.cert, a.cert);
        assert.equal(renewed.key, a.key, "a renewal keeps the key");
        assert.equal(renewed.renewals[0].action, "renewed");
    });

    test("an expired certificate is re-issued even under renewal 'expired'", async () => {
        const first = newMockState();
        const a = await run(first, { hours: 0, early: 0 });
        const b = await run(await roundTrip(first), { hours: 0, early: 0 }, { renewal: "expired" });
        assert.notEqual(b.cert, a.cert);
        assert.equal(b.renewals[0].action, "renewed");
    });

    test("entries of the wrong shape are refused", () => {
        assert.throws(() => mockStateFrom({}), /expected a list/);
        assert.throws(() => mockStateFrom([{ key: "k", id: 1, outputs: {} }]), /entries\[0\]/);
    });
});

describe("the state file", () => {
    const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "render-state-"));

    test("is written owner-only in an owner-only directory and loads back", async () => {
        const root = tmp();
        try {
            const fresh = loadState(root, "dev", false);
            assert.match(fresh.notes.join("\n"), /no render state for stack "dev"/);
            await run(fresh.state, { hours: 100, early: 1 });
            const summary = await saveState(root, "dev", fresh);
            assert.match(summary, /0 reused, 2 new/);
            assert.equal(fs.statSync(stateFile(root, "dev")).mode & 0o777, 0o600);
            assert.equal(fs.statSync(path.join(root, STATE_DIR)).mode & 0o777, 0o700);

            const again = loadState(root, "dev", false);
            assert.equal(again.before.length, 2);
            await run(again.state, { hours: 100, early: 1 });
            assert.match(await saveState(root, "dev", again), /2 reused, 0 new, 0 re-issued, 0 no longer used/);

            fs.chmodSync(stateFile(root, "dev"), 0o644);
            assert.match(loadState(root, "dev", false).notes.join("\n"), /readable by others .* narrowed to 600/);
            assert.equal(fs.statSync(stateFile(root, "dev")).mode & 0o777, 0o600);

            assert.equal(loadState(root, "dev", true).before.length, 0, "--fresh ignores the saved state");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    test("a corrupt, foreign-format or other stack's file is refused with what to do", () => {
        const root = tmp();
        try {
            const file = stateFile(root, "dev");
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, "{not json", { mode: 0o600 });
            assert.throws(() => loadState(root, "dev", false), (e: Error) => e.message.includes(file) && /unreadable/.test(e.message) && /--fresh/.test(e.message));
            fs.writeFileSync(file, JSON.stringify({ format: "gloo-mtls/render-state", version: 0, stack: "dev", entries: [] }));
            assert.throws(() => loadState(root, "dev", false), /version 1 \(found "gloo-mtls\/render-state" version 0\).*--fresh/);
            fs.writeFileSync(file, JSON.stringify({ format: "gloo-mtls/render-state", version: 1, stack: "prod", entries: [] }));
            assert.throws(() => loadState(root, "dev", false), /belongs to stack "prod"/);
            fs.writeFileSync(file, JSON.stringify({ format: "gloo-mtls/render-state", version: 1, stack: "dev", entries: [{ key: 1 }] }));
            assert.throws(() => loadState(root, "dev", false), /entries\[0\].*--fresh/);
            assert.doesNotThrow(() => loadState(root, "dev", true), "--fresh starts over whatever the file holds");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
