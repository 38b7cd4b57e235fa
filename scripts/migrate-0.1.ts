// `npm run migrate-0.1 -- --stack <name> [--dry-run]`: the one step a stack made by version 0.1 needs before its
// first `pulumi up` with 0.2. Every other resource keeps its identity through aliases; the 15 CRDs cannot: 0.1 made
// them as typed resources (deleted with the stack), 0.2 installs them retained, from one ConfigGroup. Left in the
// state, the engine would delete the 0.1 CRD resources after the update — and with them every VirtualService,
// Upstream… in the cluster. This removes them from the state only (the cluster keeps them; the next `pulumi up`
// adopts them through the install's CRD provider). `pulumi state delete` cannot do it: other resources depend on
// the CRDs, so the state goes through export, this edit and import, with a backup.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";

/** The parent type chain and type of a 0.1 CRD resource (the install named `gloo`). */
export const V01_CRD_TYPE_CHAIN = "gloo-mtls:gloo:GlooInstall$kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

interface StateResource {
    urn: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    [k: string]: unknown;
}
export interface StackExport {
    version: number;
    deployment: { resources?: StateResource[]; [k: string]: unknown };
}

const typeChain = (urn: string) => urn.split("::").slice(2, -1).join("::");

/** The state without 0.1's CRD resources and without any reference to them; and the URNs it removed. */
export function migrateState(state: StackExport): { state: StackExport; removed: string[] } {
    const resources = state.deployment.resources ?? [];
    const removed = resources.filter((r) => typeChain(r.urn) === V01_CRD_TYPE_CHAIN).map((r) => r.urn);
    const gone = new Set(removed);
    const keep = (urns?: string[]) => urns?.filter((u) => !gone.has(u));
    const migrated = resources
        .filter((r) => !gone.has(r.urn))
        .map((r) => ({
            ...r,
            ...(r.dependencies ? { dependencies: keep(r.dependencies) } : {}),
            ...(r.propertyDependencies ? { propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, keep(v)!])) } : {}),
        }));
    return { state: { ...state, deployment: { ...state.deployment, resources: migrated } }, removed };
}

export function main(argv: string[]): number {
    const i = argv.indexOf("--stack");
    const stack = i >= 0 ? argv[i + 1] : undefined;
    const dryRun = argv.includes("--dry-run");
    if (!stack || stack.startsWith("-")) {
        console.error("usage: npm run migrate-0.1 -- --stack <name> [--dry-run]");
        return 2;
    }
    const pulumi = process.env.PULUMI_BIN ?? "pulumi";
    const exported = execFileSync(pulumi, ["stack", "export", "--stack", stack], { encoding: "utf8", maxBuffer: 1 << 30 });
    const { state, removed } = migrateState(JSON.parse(exported) as StackExport);
    if (removed.length === 0) {
        console.log(`stack ${stack}: nothing to migrate (no resources of version 0.1's CRDs)`);
        return 0;
    }
    for (const urn of removed) console.log(`${dryRun ? "would remove" : "removing"} from the state only: ${urn}`);
    if (dryRun) return 0;
    const backup = `${stack}-before-0.2.state.json`;
    fs.writeFileSync(backup, exported, { mode: 0o600 });
    const next = `${stack}-0.2.state.json`;
    fs.writeFileSync(next, JSON.stringify(state), { mode: 0o600 });
    execFileSync(pulumi, ["stack", "import", "--stack", stack, "--file", next], { stdio: "inherit" });
    fs.rmSync(next);
    console.log(`stack ${stack}: ${removed.length} CRD resources left to the cluster (backup: ${backup}); now run: pulumi up --stack ${stack}`);
    return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
