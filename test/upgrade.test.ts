// Upgrades replace nothing: every URN release 0.2.0 registered for the default, prod and multicluster
// configurations (test/fixtures/v0.2-urns.json, captured from 0.2.0 by test/upgrade/capture.ts) is registered
// again, or taken over through an alias, decided the way the engine decides it from the aliases the SDK sends.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROJECT, Registered } from "../render/program";
import { runShared } from "./harness";
import { LEGACY_GLOO_INSTALL_TYPE } from "../components/gloo";
import { upgrade } from "./urns";
import { BASELINE_STACK, upgradeConfigs } from "./upgrade/configs";
import BASELINE from "./fixtures/v0.2-urns.json";

const full = (relative: string) => `urn:pulumi:${BASELINE_STACK}::${PROJECT}::${relative}`;
const configs = upgradeConfigs();
const run = (name: string) => runShared({ ...configs[name], stack: BASELINE_STACK });

describe("an upgrade from 0.2.0 keeps every resource", () => {
    for (const name of Object.keys(BASELINE)) {
        it(`${name}: every 0.2.0 URN is registered or aliased, none claimed twice`, async () => {
            const r = await run(name);
            const olds = (BASELINE as Record<string, string[]>)[name].map(full);
            const u = upgrade(r.resources, olds, BASELINE_STACK, PROJECT);
            assert.deepEqual(u.missing, [], "would be deleted (and their successors created) on upgrade");
            assert.deepEqual(u.claimedTwice, []);
        });
    }
    it("the check can fail: a renamed child without an alias, or aliases dropped from the wire", async () => {
        const r = await run("default");
        const olds = BASELINE.default.map(full);
        const renamed = r.resources.map((x): Registered => (x.type === "kubernetes:core/v1:Namespace" ? { ...x, name: `${x.name}-x`, wire: { ...x.wire!, aliases: [] } } : x));
        const missing = upgrade(renamed, olds, BASELINE_STACK, PROJECT).missing;
        assert.equal(missing.length, 1);
        assert.match(missing[0], /kubernetes:core\/v1:Namespace::gloo-namespace$/);
        const component = r.resources.find((x) => x.type.endsWith(":GlooInstall"))!;
        if (component.type !== LEGACY_GLOO_INSTALL_TYPE) {
            // Once the type changed, every resource hangs on the component's type alias.
            const bare = r.resources.map((x) => (x === component ? { ...x, wire: { ...x.wire!, aliases: [] } } : x));
            assert.equal(upgrade(bare, olds, BASELINE_STACK, PROJECT).missing.length, olds.length);
        }
    });
});
