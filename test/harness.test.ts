// The harness's sharing: equal run options (omitted ones counting as their defaults) run the program once per
// process, and every caller gets the same frozen run, so no test can break another test's run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runChecked, runShared, runsStarted } from "./harness";

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
