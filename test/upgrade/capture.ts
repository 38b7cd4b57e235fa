// Writes test/fixtures/v0.2-urns.json: the URNs of every configuration in ./configs, as the program registers them.
// Run once, on the release the baseline pins (0.2.0): `node --require ./register-ts.cjs test/upgrade/capture.ts`.
// Never re-run to make the test pass: a URN that is gone without an alias is a delete and a create on upgrade.
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT, runProgram } from "../../render/program";
import { BASELINE_STACK, relativeUrns, upgradeConfigs } from "./configs";

async function main() {
    const out: Record<string, string[]> = {};
    for (const [name, c] of Object.entries(upgradeConfigs())) {
        const r = await runProgram({ config: c.config, secretKeys: c.secretKeys, stack: BASELINE_STACK });
        out[name] = relativeUrns(r.resources, PROJECT);
    }
    const file = path.resolve(__dirname, "..", "fixtures", "v0.2-urns.json");
    fs.writeFileSync(file, JSON.stringify(out, null, 1) + "\n");
    console.log(`wrote ${file}: ${Object.entries(out).map(([k, v]) => `${k} ${v.length}`).join(", ")}`);
}
main().then(() => process.exit(0), (e) => (console.error(e), process.exit(1)));
