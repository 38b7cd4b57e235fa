// `npm run render -- <stack> [--out DIR] [--show-secrets]`: evaluates the program for a stack without
// the Pulumi CLI or a cluster and writes the manifests it would apply, one YAML file per object.
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as YAML from "yaml";
import { Manifest, PROJECT, manifests, runProgram } from "./program";

const ROOT = path.resolve(__dirname, "..");

interface StackFile {
    config: Record<string, unknown>;
    secretKeys: string[];
}

/** Reads Pulumi.<stack>.yaml. Encrypted values cannot be decrypted without the CLI: they become placeholders. */
export function readStackFile(stack: string, root: string = ROOT): StackFile {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = fs.readdirSync(root).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).map((f) => f.split(".")[1]);
        throw new Error(`no stack file ${path.basename(file)}; stacks here: ${known.join(", ")}`);
    }
    const doc = (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (!key.startsWith(`${PROJECT}:`)) continue; // other namespaces (pulumi:, kubernetes:) are not ours
        // `pulumi config set --secret --path a.b` nests the ciphertext; the engine then treats the whole key as secret.
        if (holdsSecure(value)) {
            config[key] = withPlaceholders(value);
            secretKeys.push(key);
        } else config[key] = value;
    }
    return { config, secretKeys };
}

const PLACEHOLDER = "<encrypted: set with pulumi config set --secret>";
const isSecure = (v: unknown): boolean => !!v && typeof v === "object" && !Array.isArray(v) && "secure" in (v as object);

function holdsSecure(v: unknown): boolean {
    if (isSecure(v)) return true;
    return !!v && typeof v === "object" && Object.values(v as object).some(holdsSecure);
}

/** The value with every `{secure: …}` (at any depth) replaced by a placeholder string. */
function withPlaceholders(v: unknown): unknown {
    if (isSecure(v)) return PLACEHOLDER;
    if (Array.isArray(v)) return v.map(withPlaceholders);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, withPlaceholders(x)]));
    return v;
}

const ORDER = ["Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Secret", "ConfigMap"];
function rank(m: Manifest): number {
    const i = ORDER.indexOf(m.kind);
    return i === -1 ? ORDER.length : i;
}

/** Secret values replaced unless asked for; everything else as the provider would send it. */
export function redact(m: Manifest): Manifest {
    if (m.kind !== "Secret") return m;
    const hide = (o?: Record<string, string>) => o && Object.fromEntries(Object.keys(o).map((k) => [k, "<redacted: --show-secrets>"]));
    return { ...m, ...(m.data ? { data: hide(m.data) } : {}), ...(m.stringData ? { stringData: hide(m.stringData) } : {}) };
}

function fileName(i: number, m: Manifest): string {
    const ns = m.metadata.namespace ? `${m.metadata.namespace}-` : "";
    return `${String(i + 1).padStart(3, "0")}-${m.kind.toLowerCase()}-${ns}${m.metadata.name}.yaml`;
}

export async function render(stack: string, outDir: string, showSecrets: boolean): Promise<{ files: string[]; table: string; outputs: Record<string, unknown> }> {
    const { config, secretKeys } = readStackFile(stack);
    const result = await runProgram({ config, secretKeys, stack });
    const objects = manifests(result.resources).sort((a, b) => rank(a) - rank(b));
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const files = objects.map((m, i) => {
        const f = path.join(outDir, fileName(i, m));
        // Manifests are trees (manifests() copies them), so skipping the search for shared nodes to alias
        // changes nothing in the output and halves the time.
        fs.writeFileSync(f, YAML.stringify(showSecrets ? m : redact(m), { lineWidth: 0, aliasDuplicateObjects: false }));
        return f;
    });
    const rows = objects.map((m) => [m.kind, m.metadata.namespace ?? "-", m.metadata.name, describe(m)]);
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length), 4));
    const table = [["KIND", "NAMESPACE", "NAME", "NOTES"], ...rows]
        .map((r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join("  "))
        .join("\n");
    for (const w of result.warnings) console.error(w);
    return { files, table, outputs: result.outputs };
}

/** A few words on what matters about an object at a glance (sidecars, images, TLS). */
function describe(m: Manifest): string {
    const pod = m.kind === "Deployment" || m.kind === "Job" ? m.spec?.template?.spec : m.kind === "CronJob" ? m.spec?.jobTemplate?.spec?.template?.spec : undefined;
    if (pod) return `containers: ${(pod.containers as { name: string }[]).map((c) => c.name).join(", ")}`;
    if (m.kind === "Secret") {
        // How many CAs the bundle trusts: the rotation runbook's check (2 mid-rotation, else 1).
        const bundle = m.stringData?.["ca.crt"] ?? (m.data?.["ca.crt"] ? Buffer.from(m.data["ca.crt"], "base64").toString() : undefined);
        const cas = typeof bundle === "string" ? `; ca.crt: ${(bundle.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length} CA certificate(s)` : "";
        return `type ${m.type}; keys ${Object.keys(m.stringData ?? m.data ?? {}).join(", ")}${cas}`;
    }
    if (m.kind === "Service") return `ports ${(m.spec.ports as { port: number; targetPort?: number }[]).map((p) => (p.targetPort && p.targetPort !== p.port ? `${p.port}->${p.targetPort}` : p.port)).join(", ")}`;
    if (m.kind === "ConfigMap") return `keys ${Object.keys(m.data ?? {}).join(", ")}`;
    return "";
}

async function main(argv: string[]): Promise<number> {
    const args = [...argv];
    const flag = (name: string) => {
        const i = args.indexOf(name);
        if (i === -1) return undefined;
        const [, v] = args.splice(i, 2);
        return v;
    };
    const showSecrets = args.includes("--show-secrets");
    if (showSecrets) args.splice(args.indexOf("--show-secrets"), 1);
    const out = flag("--out");
    const stack = args[0];
    if (!stack || args.length > 1 || stack.startsWith("-")) {
        console.error("usage: npm run render -- <stack> [--out DIR] [--show-secrets]   (stack: dev, staging, prod, …)");
        return 2;
    }
    const outDir = path.resolve(out ?? path.join(ROOT, "rendered", stack));
    const t0 = performance.now();
    const { files, table, outputs } = await render(stack, outDir, showSecrets);
    console.log(table);
    // The rotation runbook reads these (docs/rotation.md).
    for (const k of ["certificatePhase", "certificateNextStep"]) if (outputs[k] !== undefined) console.log(`\n${k}: ${outputs[k]}`);
    console.log(`\n${files.length} objects for stack "${stack}" written to ${path.relative(process.cwd(), outDir) || "."}/ in ${((performance.now() - t0) / 1000).toFixed(2)} s` + (showSecrets ? " (secrets in plaintext: do not commit)" : " (Secret values redacted; --show-secrets to include them)"));
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: Error) => {
            console.error(err.message ?? err);
            process.exit(1);
        },
    );
}
