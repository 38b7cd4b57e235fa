// Writes test/fixtures/baseline-renders.json: the normalised objects of every BASELINE_CONFIGS entry.
// Run once before a change that must keep defaults (`node --require ./register-ts.cjs test/baseline/capture.ts`);
// the test compares against it.
import * as fs from "node:fs";
import * as path from "node:path";
import { manifests, runProgram } from "../../render/program";
import { BASELINE_CONFIGS, normalise } from "./configs";

async function main() {
    const out: Record<string, unknown> = {};
    for (const [name, c] of Object.entries(BASELINE_CONFIGS)) {
        const r = await runProgram({ config: c.config, secretKeys: c.secretKeys });
        out[name] = normalise(manifests(r.resources));
    }
    const file = path.resolve(__dirname, "..", "fixtures", "baseline-renders.json");
    fs.writeFileSync(file, JSON.stringify(out, null, 1) + "\n");
    console.log(`wrote ${file}`);
}
main().then(() => process.exit(0), (e) => (console.error(e), process.exit(1)));
