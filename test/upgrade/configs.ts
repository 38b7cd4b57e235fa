// The configurations whose URNs release 0.2.0 registered (test/fixtures/v0.2-urns.json): the default, the
// production knobs with several proxies (the prod stack), and a proxy fleet in another cluster (the multicluster
// stack). Held by test/package.test.ts: every one of those URNs is still registered, or aliased.
import { readStackFile } from "../../render/stack-file";
import { Registered } from "../../render/program";
import { configGroupChildren, urnIndex } from "../urns";

export interface UpgradeConfig {
    config: Record<string, unknown>;
    secretKeys: string[];
}

/** name → stack config, read the way the CLI hands a stack file to the program. */
export function upgradeConfigs(): Record<string, UpgradeConfig> {
    const stack = (name: string) => {
        const s = readStackFile(name);
        return { config: s.config, secretKeys: s.secretKeys };
    };
    return { default: { config: {}, secretKeys: [] }, prod: stack("prod"), multicluster: stack("multicluster") };
}

/** The stack and project the baseline URNs were recorded under (the fixture holds them without this prefix). */
export const BASELINE_STACK = "dev";

/** Every URN a run registered, ConfigGroups' children included (the provider registers those), without the `urn:pulumi:<stack>::<project>::` prefix. */
export function relativeUrns(resources: Registered[], project: string): string[] {
    const all = [...resources, ...configGroupChildren(resources)].filter((r) => r.type !== "pulumi:pulumi:Stack");
    const index = urnIndex(all, BASELINE_STACK, project);
    const prefix = `urn:pulumi:${BASELINE_STACK}::${project}::`;
    return all.map((r) => index.urn(r).slice(prefix.length)).sort();
}
