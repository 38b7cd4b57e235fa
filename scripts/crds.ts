// `npm run crds:generate`: rewrites crds/gloo-crds.json, the compact form of the chart's CRD files in crds/*.yaml
// that the program installs. A test (test/crds.test.ts) checks that the committed file equals what this produces.
import * as fs from "node:fs";
import { RETAIN_ANNOTATION } from "../policy/gloo";
import * as path from "node:path";
import * as YAML from "yaml";

export const CRDS_DIR = path.resolve(__dirname, "..", "crds");
export const COMPACT_FILE = path.join(CRDS_DIR, "gloo-crds.json");

/** The chart's CRD files in crds/, sorted by name. */
export function chartCrdFiles(dir: string = CRDS_DIR): string[] {
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".yaml"))
        .sort();
}

/**
 * Every CRD of the chart's files, parsed with YAML 1.1 rules (as Go's sigs.k8s.io/yaml, used by helm and kubectl,
 * reads them). Throws unless each file holds exactly one CustomResourceDefinition.
 */
export function parseChartCrds(dir: string = CRDS_DIR): Record<string, unknown>[] {
    return chartCrdFiles(dir).map((f) => {
        const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8"), { version: "1.1" });
        const objs = docs.map((d) => {
            if (d.errors.length > 0) throw new Error(`${f}: ${d.errors[0].message}`);
            return d.toJS() as Record<string, unknown> | null;
        });
        const crds = objs.filter((o) => o !== null);
        if (crds.length !== 1 || crds[0]!.kind !== "CustomResourceDefinition" || crds[0]!.apiVersion !== "apiextensions.k8s.io/v1") {
            throw new Error(`${f}: expected exactly one apiextensions.k8s.io/v1 CustomResourceDefinition`);
        }
        return crds[0]!;
    });
}

/**
 * The compact form: one JSON `v1/List` (JSON is YAML, so the provider's ConfigGroup reads it as its `yaml` input
 * and expands the List), one CRD per line so a diff shows which CRD changed.
 */
/**
 * The CRDs as the program installs them: the chart's, each annotated that it is retained on delete (the option
 * itself is invisible to policy packs: the engine does not send it; policy/gloo.ts reads this annotation instead).
 */
export function compactForm(crds: readonly Record<string, unknown>[]): string {
    const annotated = crds.map((c) => {
        const metadata = c.metadata as { annotations?: Record<string, string> };
        return { ...c, metadata: { ...metadata, annotations: { ...metadata.annotations, [RETAIN_ANNOTATION]: "true" } } };
    });
    return `{"apiVersion":"v1","kind":"List","items":[\n${annotated.map((c) => JSON.stringify(c)).join(",\n")}\n]}\n`;
}

if (require.main === module) {
    const crds = parseChartCrds();
    fs.writeFileSync(COMPACT_FILE, compactForm(crds));
    console.log(`wrote ${path.relative(process.cwd(), COMPACT_FILE)}: ${crds.length} CRDs`);
}
