// `npm run render -- <stack> [options]` (see HELP): evaluates the program for a stack without the Pulumi CLI
// or a cluster and writes the manifests it would apply, one YAML file per object.
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { CLUSTERS_DIR, CRD_DIR, HELD_BACK, MARKER, OutFile, plan, previousRender, writeFiles } from "./output";
import { clusterOf } from "./clusters";
import { manifests, runProgram } from "./program";
import { classify, redact } from "./redact";
import { STATE_DIR, loadState, saveState } from "./state";
import { PLACEHOLDER, STACK_NAME, StackFile, Undecrypted, readStackFile, shown } from "./stack-file";
import { table } from "./summary";
import { tuneTiering } from "./tiering.cjs";

export { readStackFile } from "./stack-file";

const ROOT = path.resolve(__dirname, "..");

export const HELP = `Usage: npm run render -- <stack> [--out DIR] [--show-secrets] [--fresh] [--renew]

Evaluates the program (index.ts) for Pulumi.<stack>.yaml under Pulumi's mocks, without the Pulumi CLI or a
cluster, and writes the Kubernetes objects it would apply, one YAML file per object, then prints a table of
them and the certificate rotation outputs.

  --out DIR       Where to write; default rendered/<stack>. DIR must be new, empty, or written by an earlier
                  render: only the files that render listed in DIR/${MARKER} are removed, any other file
                  is left in place (and named). Anything else is refused.
  --show-secrets  Write private values (private keys, passwords, license and signing keys) in plaintext.
                  Without it they are redacted, and the files of their objects end in ${HELD_BACK.redacted}
                  so that kubectl skips them. Certificates (ca.crt, tls.crt) are public: always written.
  --fresh         Ignore the saved render state: new keys, certificates and random values.
  --renew         Re-issue certificates that are inside their early-renewal window, as the tls provider does.
                  Without it they are kept (with a warning) until they expire, so renders stay identical.
  -h, --help      Show this text.

Keys, certificates and random values are saved per stack in ${STATE_DIR}/<stack>.json (owner-only, git-ignored,
private keys in plaintext) and reused by the next render: with unchanged config the files are byte-identical,
and after a config change only the affected files differ. Files of Secrets are owner-only (0600).

Custom resources need their CRDs established first; CRDs are written to DIR/${CRD_DIR}/. To apply a render:
  npm run render -- <stack> --show-secrets
  kubectl apply -f rendered/<stack>/${CRD_DIR}
  kubectl wait --for=condition=Established --timeout=60s -f rendered/<stack>/${CRD_DIR}
  kubectl apply -f rendered/<stack>
The objects of gloo's cluster are at the top of DIR. Those of each other cluster (stack key clusters.<key>) are
in DIR/${CLUSTERS_DIR}/<key>/, applied to that cluster on their own:
  kubectl --context <its context> apply -f rendered/<stack>/${CLUSTERS_DIR}/<key>

Exit status: 0 rendered; 1 the render failed or was refused; 2 bad command line.
`;

export interface Options {
    stack: string;
    out?: string;
    showSecrets: boolean;
    fresh: boolean;
    renew: boolean;
}

export class UsageError extends Error {}

/** The command line; throws UsageError. `undefined` means: show the help. */
export function parseArgs(argv: string[]): Options | undefined {
    const o: Partial<Options> & { showSecrets: boolean; fresh: boolean; renew: boolean } = { showSecrets: false, fresh: false, renew: false };
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "-h" || a === "--help") return undefined;
        if (a === "--") {
            positional.push(...argv.slice(i + 1));
            break;
        }
        const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
        if (flag === "--out") {
            if (o.out !== undefined) throw new UsageError("--out given twice");
            const v = inline ?? argv[++i];
            if (v === undefined || v === "" || (inline === undefined && v.startsWith("-"))) throw new UsageError("--out needs a directory: --out DIR");
            o.out = v;
        } else if (flag === "--show-secrets" || flag === "--fresh" || flag === "--renew") {
            if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
            o[({ "--show-secrets": "showSecrets", "--fresh": "fresh", "--renew": "renew" } as const)[flag]] = true;
        } else if (a.startsWith("-") && a !== "-") {
            throw new UsageError(`unknown option ${flag}`);
        } else positional.push(a);
    }
    if (positional.length !== 1) throw new UsageError(positional.length === 0 ? "which stack? (e.g. dev)" : `one stack expected, got: ${positional.join(" ")}`);
    const stack = positional[0];
    if (!STACK_NAME.test(stack)) throw new UsageError(`"${stack}" is not a stack name (letters, digits, "_", "." and "-")`);
    return { ...o, stack };
}

export interface Io {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    /** Where the stack files are, and the default output and state directories. */
    root: string;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t + "\n"), stderr: (t) => process.stderr.write(t + "\n"), root: ROOT };

/** The whole command; returns the exit status. Never throws for bad input. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
    let opts: Options | undefined;
    try {
        opts = parseArgs(argv);
    } catch (e) {
        io.stderr(`error: ${(e as Error).message}\n${HELP.split("\n")[0]}\n(--help for details)`);
        return 2;
    }
    if (!opts) {
        io.stdout(HELP);
        return 0;
    }
    try {
        await render(opts, io);
        return 0;
    } catch (e) {
        io.stderr(`error: ${(e as Error).message}`);
        return 1;
    }
}

async function render(o: Options, io: Io): Promise<void> {
    const t0 = performance.now();
    const warn = (t: string) => io.stderr(`warning: ${t}`);
    const outDir = path.resolve(o.out ?? path.join(io.root, "rendered", o.stack));
    // Everything that can refuse is checked before the program runs.
    const stack = readStackFile(o.stack, io.root);
    stack.warnings.forEach(warn);
    previousRender(outDir);
    const loaded = loadState(io.root, o.stack, o.fresh);
    loaded.notes.forEach((n) => io.stderr(n));

    const result = await runProgram({ config: stack.config, secretKeys: stack.secretKeys, stack: o.stack, state: loaded.state, renewal: o.renew ? "early" : "expired", wire: false });
    result.warnings.forEach(warn);
    for (const r of result.renewals) {
        const when = `valid until ${r.validityEndTime}, renewal window ${r.earlyRenewalHours} h`;
        // A window as long as the validity: the certificate is due from the moment it is issued.
        const always = r.earlyRenewalHours >= r.validityPeriodHours ? ` Its validity (${r.validityPeriodHours} h) is not longer than the window: it is due for renewal as soon as it is issued.` : "";
        if (r.action === "kept") warn(`certificate ${r.name} is inside its early-renewal window (${when}): reused so the render stays the same; the tls provider would replace it (--renew does here).${always}`);
        else io.stderr(`certificate ${r.name} re-issued (${when})`);
    }

    const cluster = clusterOf(result.resources);
    const files = plan(
        result.resources.flatMap((r) =>
            manifests([r]).map((manifest) => {
                const c = classify(manifest, r.secretInputs);
                const hide = !o.showSecrets && c.private.length > 0;
                // A placeholder stays a placeholder with --show-secrets: such a file is never ready to apply.
                const heldBack = c.placeholders.length > 0 ? ("placeholder" as const) : hide ? ("redacted" as const) : undefined;
                return { manifest: hide ? redact(manifest, c.private) : manifest, sensitive: c.sensitive, heldBack, cluster: cluster(r) };
            }),
        ),
    );
    const saved = await saveState(io.root, o.stack, loaded);
    const w = writeFiles(outDir, files);

    io.stdout(table(files));
    // The rotation runbook reads these (docs/certificates.md, the rotation runbook).
    for (const k of ["certificatePhase", "certificateNextStep"]) if (result.outputs[k] !== undefined) io.stdout(`\n${k}: ${result.outputs[k]}`);

    for (const u of stack.undecrypted) warn(undecryptedMessage(stack, u, files, o.stack, outDir));
    if (w.foreign.length > 0) {
        const applied = w.foreign.filter((f) => /^[^/]+\.(ya?ml|json)$/.test(f));
        warn(`left in place in ${shown(outDir)} (not written by a render): ${w.foreign.join(", ")}` + (applied.length > 0 ? `; \`kubectl apply -f ${shown(outDir)}\` would apply ${applied.join(", ")} too` : ""));
    }
    const held = files.filter((f) => f.heldBack === "redacted").length;
    const others = [...new Set(files.flatMap((f) => (f.cluster === undefined ? [] : [f.cluster])))];
    const perCluster = others.map((k) => `${files.filter((f) => f.cluster === k).length} for cluster ${k} in ${CLUSTERS_DIR}/${k}/`);
    io.stdout(
        `\n${files.length} objects for stack "${o.stack}" written to ${shown(outDir)}/` +
            (others.length > 0 ? ` (${files.filter((f) => f.cluster === undefined).length} for gloo's cluster at the top, ${perCluster.join(", ")})` : "") +
            (w.removed.length > 0 ? ` (${w.removed.length} files of the previous render no longer written, removed)` : "") +
            `; state ${saved}; ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );
    io.stdout(
        o.showSecrets
            ? "Private values in plaintext (files 0600): do not commit or share them."
            : held > 0
              ? `${held} object(s) with private values redacted, written as *${HELD_BACK.redacted} (kubectl skips them): render with --show-secrets to apply.`
              : "Nothing needed redacting.",
    );
}

/** Which value, where it landed, and what to do about it. */
export function undecryptedMessage(stack: Pick<StackFile, "file">, u: Undecrypted, files: OutFile[], name: string, outDir: string): string {
    const set = `\n  Set it with: pulumi config set --secret --path '${u.path}' <value> -s ${name}`;
    const what =
        u.kind === "placeholder"
            ? `is a placeholder, not a ciphertext: the Pulumi CLI cannot decrypt it either.${set}`
            : u.kind === "unset"
              ? `is required and not set (stack files in the repository hold no secrets): \`pulumi preview\` refuses until it is.${set}`
              : "is encrypted and the render has no Pulumi secrets provider to decrypt it (`pulumi up` does).";
    // Every undecrypted value becomes the same placeholder, so all the objects holding one are named.
    const holders = files.filter((f) => f.heldBack === "placeholder").map((f) => `${f.manifest.kind} ${f.manifest.metadata.name} (${path.join(shown(outDir), f.rel)})`);
    return (
        `${stack.file}:${u.line}: the secret value ${u.path} ${what}\n  The program got "${PLACEHOLDER}" in its place` +
        (holders.length > 0 ? `, in ${holders.join(", ")}; \`kubectl apply -f\` skips that file: put the real value into it and apply it yourself.` : ".")
    );
}

if (require.main === module) {
    tuneTiering(); // a one-shot run: V8 optimises only what stays hot (render/tiering.cjs)
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: Error) => {
            console.error(err?.stack ?? err);
            process.exit(1);
        },
    );
}
