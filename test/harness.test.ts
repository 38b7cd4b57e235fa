// The harness's sharing: equal run options (omitted ones counting as their defaults) run the program once per
// process, and every caller gets the same frozen run, so no test can break another test's run.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../render/program";
import { AWAITS_STARTED, TOGETHER, groupFiles, testFiles } from "./groups/load";
import { runnerHookCaught, runnerTrackingPaused } from "./groups/runner-tracking";
import { runChecked, runShared, runsStarted } from "./harness";
import { bootstrapConfigMaps } from "./validate/listeners";

test("one program run per distinct options; each caller gets it frozen", async () => {
    const a = await runShared({ config: { namespace: "harness-share" } });
    const before = runsStarted();
    const b = await runShared({ config: { namespace: "harness-share" }, stack: "test", secretKeys: [], preview: false });
    const c = await runChecked({ config: { namespace: "harness-share" } });
    assert.equal(runsStarted(), before, "neither the same options spelt out nor a checked run of them ran the program again");
    assert.equal(a.resources, b.resources);
    assert.throws(() => (a.resources.length = 0), TypeError);
    assert.throws(() => ((c.find("Deployment", "gloo").spec as Record<string, unknown>).replicas = 9), TypeError, "nested objects too");
    assert.throws(() => c.envoy.set("x", {}), TypeError, "and the bootstraps' Map");
    assert.ok(b.resources.length > 0 && c.resources.length === b.resources.length);
    await runShared({ config: { namespace: "harness-other" } });
    assert.equal(runsStarted(), before + 1, "other options run the program");
});

test("a program run leaves Error.stackTraceLimit and the SDK's Resource.callsites as it found them, also when the program throws", async () => {
    const before = 7; // not the default: an earlier run that did not restore it must not pass unnoticed
    const saved = Error.stackTraceLimit;
    const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };
    const callsites = resourceClass.callsites;
    assert.equal(typeof callsites, "function", "the SDK still has Resource.callsites (render/program.ts replaces it during a run)");
    Error.stackTraceLimit = before;
    let during: unknown;
    await runProgram({ program: () => void (during = resourceClass.callsites()) });
    assert.deepEqual(during, [], "no stack is captured for a resource's source position during a run");
    assert.equal(Error.stackTraceLimit, before);
    assert.equal(resourceClass.callsites, callsites);
    await assert.rejects(
        runProgram({
            program: () => {
                throw new Error("no");
            },
        }),
        /no/,
    );
    assert.equal(Error.stackTraceLimit, before);
    assert.equal(resourceClass.callsites, callsites);
    Error.stackTraceLimit = saved;
});

test("each caller gets its own copy of a parsed bootstrap (the parse is shared)", async () => {
    const r = await runChecked({ config: { namespace: "harness-share" } });
    const [a] = bootstrapConfigMaps(r.objects);
    const [b] = bootstrapConfigMaps(r.objects);
    assert.deepEqual(a.bootstrap, b.bootstrap);
    a.bootstrap!.changed = true;
    assert.equal(b.bootstrap!.changed, undefined);
    assert.equal(bootstrapConfigMaps(r.objects)[0].bootstrap!.changed, undefined);
});

// Only in npm test's group processes (test/groups/load.ts); a file run alone keeps node:test's tracking throughout.
const inGroup = /groups[\\/]group-\d+\.test\.ts$/.test(require.main?.filename ?? "");
test("npm test pauses node:test's async tracking for each program run, and only then", { skip: !inGroup && "not a group process" }, async () => {
    assert.ok(runnerHookCaught(), "node:test's hook was not caught: test/groups/runner-tracking.ts must run before node:test loads");
    const seen: boolean[] = [];
    await runProgram({
        program: async () => {
            seen.push(runnerTrackingPaused());
            await new Promise((resolve) => setImmediate(resolve));
            seen.push(runnerTrackingPaused());
            return {};
        },
    });
    assert.deepEqual(seen, [true, true]);
    assert.equal(runnerTrackingPaused(), false, "resumed after the run");
    await assert.rejects(runProgram({ program: () => Promise.reject(new Error("no")) }), /no/);
    assert.equal(runnerTrackingPaused(), false, "resumed after a run that failed");
});

test("npm test's two groups hold every test file once, the files that share work in one; files that await work started at load run last in theirs", () => {
    const groups = [groupFiles(0, 2), groupFiles(1, 2)];
    assert.deepEqual(groups.flat().sort(), testFiles());
    for (const t of TOGETHER) {
        assert.ok(t.every((f) => testFiles().includes(f)), `${t} are test files`);
        assert.ok(groups.some((g) => t.every((f) => g.includes(f))), `${t} in one group`);
    }
    assert.ok(["package.test.ts", "cli-load.test.ts"].every((f) => AWAITS_STARTED.has(f)));
    for (const g of groups) {
        const first = g.findIndex((f) => AWAITS_STARTED.has(f));
        if (first >= 0) assert.ok(g.slice(first).every((f) => AWAITS_STARTED.has(f)), g.join(" "));
    }
});
