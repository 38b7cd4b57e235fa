// The harness's sharing: equal run options (omitted ones counting as their defaults) run the program once per
// process, and every caller gets a copy of its own, so a test that breaks its copy breaks no other test's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runChecked, runShared, runsStarted } from "./harness";

test("one program run per distinct options; each caller gets its own copy", async () => {
    const a = await runShared({ config: { namespace: "harness-share" } });
    const before = runsStarted();
    const b = await runShared({ config: { namespace: "harness-share" }, stack: "test", secretKeys: [], preview: false });
    const c = await runChecked({ config: { namespace: "harness-share" } });
    assert.equal(runsStarted(), before, "neither the same options spelt out nor a checked run of them ran the program again");
    assert.notEqual(a.resources, b.resources);
    a.resources.length = 0;
    assert.ok(b.resources.length > 0 && c.resources.length === b.resources.length, "emptying one copy leaves the others whole");
    await runShared({ config: { namespace: "harness-other" } });
    assert.equal(runsStarted(), before + 1, "other options run the program");
});
