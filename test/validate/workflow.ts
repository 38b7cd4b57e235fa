// What the GitHub Actions workflows for users must do (docs/ci.md), checked on their parsed YAML and text:
// `workflowProblems` (pulumi.yml: tests and previews), `e2eProblems` (e2e.yml: the dev stack on kind),
// `commonProblems` (both: triggers, permissions, credentials) and `pinProblems` (both, on the text: every action
// pinned to a commit). Each returns every problem, empty when the workflow is right.
type Obj = Record<string, any>;

export interface RepoFacts {
    /** Stack names of the Pulumi.<stack>.yaml files. */
    stacks: string[];
    /** The policy pack's directory, relative to the repository root. */
    policyPack: string;
    /** The stack the end-to-end job deploys, and the kind cluster its kubeconfig context (`kind-<name>`) names. */
    e2e: { stack: string; kindCluster: string };
    /** The oldest Pulumi CLI the program supports (components/crds.ts: retainOnDelete reaching the CRDs). */
    minCli: string;
    /** Secret config a stack needs that its file cannot hold: set in CI from the environment's secret. */
    ciSecrets: CiSecret[];
}

export interface CiSecret {
    stack: string;
    /** `pulumi config set --path` form, without the project's namespace. */
    path: string;
    /** The GitHub secret (of the stack's environment) it comes from. */
    secret: string;
}

const SECRET_REF = /^\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}$/;
/** Names of env vars and inputs that carry credentials or where they live. */
const SENSITIVE_NAME = /TOKEN|PASSPHRASE|PASSWORD|SECRET|KUBECONFIG|CREDENTIAL|PRIVATE|LICENSE|_KEY$|^KEY|cloud-url|BACKEND/i;
/** Literals that look like credentials, wherever they appear in the file. */
const SECRET_LITERALS: [string, RegExp][] = [
    ["a Pulumi access token", /\bpul-[0-9a-f]{40}\b/],
    ["a PEM block", /-----BEGIN [A-Z ]+-----/],
    ["a GitHub token", /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/],
    ["an AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
    ["kubeconfig credentials", /\b(client-key-data|client-certificate-data|certificate-authority-data|token):\s*\S/],
    // Not after `@`: an action pinned to a commit (owner/repo@<40 hex>) is no secret.
    ["a long base64 or hex string", /(?<![\w$./@-])[A-Za-z0-9+/]{40,}={0,2}(?![\w/])/],
];
/** Actions that exchange the job's OIDC token for credentials: only their jobs may have `id-token: write`. */
export const OIDC_ACTIONS = ["pulumi/auth-actions", "aws-actions/configure-aws-credentials", "azure/login", "google-github-actions/auth"];

const steps = (job: Obj | undefined): Obj[] => (Array.isArray(job?.steps) ? job!.steps : []);
const action = (step: Obj): string | undefined => (typeof step.uses === "string" ? step.uses.split("@")[0] : undefined);
const runs = (step: Obj, re: RegExp) => typeof step.run === "string" && re.test(step.run);
const pulumiSteps = (job: Obj | undefined) => steps(job).filter((s) => action(s) === "pulumi/actions");
const jobsOf = (doc: Obj): [string, Obj][] => Object.entries(doc.jobs ?? {});

/** Steps matching `want`, in this order (others may come between); the index of each, or -1 and a problem. */
function inOrder(job: Obj, want: [string, (s: Obj) => boolean][], where: string, problems: string[]): number[] {
    const all = steps(job);
    let from = 0;
    return want.map(([what, match]) => {
        const i = all.findIndex((s, k) => k >= from && match(s));
        if (i < 0) problems.push(`${where}: no step ${what}${from > 0 ? " after the previous ones" : ""}`);
        else from = i + 1;
        return i;
    });
}

const setupNode20 = (s: Obj) => action(s) === "actions/setup-node" && String(s.with?.["node-version"]) === "20" && s.with?.cache === "npm";
const SETUP: [string, (s: Obj) => boolean][] = [
    ["actions/checkout", (s) => action(s) === "actions/checkout" && s.with?.["persist-credentials"] === false],
    ["actions/setup-node with node-version 20 and cache npm", setupNode20],
    ["`npm ci`", (s) => runs(s, /^npm ci\b/m)],
];
const installsCli = (s: Obj) => action(s) === "pulumi/actions" && s.with?.command === undefined && typeof s.with?.["pulumi-version"] === "string";

const semver = (v: string) => v.split(".").map(Number);
function olderThan(v: string, min: string): boolean {
    const [a, b] = [semver(v), semver(min)];
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
}

/** Triggers, permissions, the CLI version and credentials: what both workflows must get right. */
export function commonProblems(doc: Obj, repo: RepoFacts): string[] {
    const p: string[] = [];
    const on = doc.on ?? {};
    // pull_request_target runs with the base repository's secrets and a write token: never with a pull request's code.
    for (const t of Object.keys(on)) if (!["pull_request", "push"].includes(t)) p.push(`on.${t}: only pull_request and push are expected`);
    if (JSON.stringify(on.pull_request?.branches) !== JSON.stringify(["main"])) p.push(`on.pull_request.branches: ${JSON.stringify(on.pull_request?.branches)}, want ["main"]`);
    if (JSON.stringify(on.push?.branches) !== JSON.stringify(["main"])) p.push(`on.push.branches: ${JSON.stringify(on.push?.branches)}, want ["main"]`);

    // Read by default; a job may add only what one of its steps needs.
    if (JSON.stringify(doc.permissions) !== JSON.stringify({ contents: "read" })) p.push(`permissions: ${JSON.stringify(doc.permissions)}, want {"contents":"read"}`);
    for (const [name, job] of jobsOf(doc)) {
        const perms = job.permissions;
        if (perms === undefined) continue;
        if (typeof perms !== "object" || perms === null) {
            p.push(`jobs.${name}.permissions: ${JSON.stringify(perms)} is not a list of scopes`);
            continue;
        }
        for (const [scope, level] of Object.entries(perms)) {
            const ok =
                (scope === "contents" && level === "read") ||
                (scope === "pull-requests" && level === "write" && pulumiSteps(job).some((s) => s.with?.["comment-on-pr"] === true)) ||
                (scope === "id-token" && level === "write" && steps(job).some((s) => OIDC_ACTIONS.includes(action(s) ?? "")));
            if (!ok) p.push(`jobs.${name}.permissions: ${scope}: ${level} is more than it needs`);
        }
    }

    for (const [name, job] of jobsOf(doc)) {
        for (const s of pulumiSteps(job)) {
            const v = String(s.with?.["pulumi-version"] ?? "");
            if (!/^\d+\.\d+\.\d+$/.test(v)) p.push(`jobs.${name}: pulumi/actions without an exact pulumi-version (got ${JSON.stringify(s.with?.["pulumi-version"])})`);
            else if (olderThan(v, repo.minCli)) p.push(`jobs.${name}: Pulumi CLI ${v} is older than ${repo.minCli}, the first whose retainOnDelete reaches the CRDs`);
        }
    }
    // A secret reaches only the steps that name it: never `npm ci`, whose install scripts (and the pull request's
    // `prepare`) run before anything is checked.
    const secretIn = (v: unknown) => /\$\{\{\s*secrets\./.test(JSON.stringify(v ?? {}));
    if (secretIn(doc.env)) p.push("env: secrets in the workflow's env reach every step, npm ci's scripts included");
    for (const [name, job] of jobsOf(doc)) {
        if (secretIn(job.env)) p.push(`jobs.${name}.env: secrets in the job's env reach every step, npm ci's scripts included`);
        steps(job).forEach((s, i) => {
            if (runs(s, /\bnpm (ci|install|i)\b/) && secretIn(s.env)) p.push(`jobs.${name}.steps[${i}]: npm ci runs with secrets in its env`);
        });
    }
    p.push(...secretProblems(doc));
    return p;
}

/** pulumi.yml: tests on every run; a preview of each stack but the end-to-end one, in its environment. */
export function workflowProblems(doc: Obj, repo: RepoFacts): string[] {
    const p = commonProblems(doc, repo);
    const jobs = jobsOf(doc);
    const test = jobs.filter(([, j]) => steps(j).some((s) => runs(s, /^npm test\b/m)));
    if (test.length !== 1) p.push(`${test.length} jobs run npm test, want 1`);
    for (const [name, job] of test) inOrder(job, [...SETUP, ["`npm test`", (s) => runs(s, /^npm test\b/m)]], `jobs.${name}`, p);

    // Deploying is the end-to-end job's, on its own cluster: nothing here changes a stack.
    for (const [name, job] of jobs) {
        for (const s of pulumiSteps(job)) if (s.with?.command !== undefined && s.with.command !== "preview") p.push(`jobs.${name}: pulumi/actions runs ${s.with.command}, only preview is expected`);
        for (const s of steps(job)) {
            const m = typeof s.run === "string" ? /\bpulumi\s+(up|update|destroy|refresh|import)\b/.exec(s.run) : null;
            if (m) p.push(`jobs.${name}: a step runs \`${m[0]}\`, only previews are expected`);
        }
    }

    const preview = jobs.filter(([, j]) => pulumiSteps(j).some((s) => s.with?.command === "preview"));
    if (preview.length !== 1) p.push(`${preview.length} jobs preview, want 1`);
    for (const [name, job] of preview) {
        const where = `jobs.${name}`;
        if (!/github\.event_name == 'pull_request'/.test(job.if ?? "")) p.push(`${where}: runs on more than pull requests (if: ${job.if})`);
        // Forks get no secrets; without this the job would fail on every pull request from one.
        if (!/github\.event\.pull_request\.head\.repo\.full_name == github\.repository/.test(job.if ?? "")) p.push(`${where}: runs on pull requests from forks (if: ${job.if})`);
        if (![job.needs].flat().includes(test[0]?.[0])) p.push(`${where}: does not wait for the tests (needs)`);
        const stacks: unknown = job.strategy?.matrix?.stack;
        const want = repo.stacks.filter((s) => s !== repo.e2e.stack).sort();
        if (JSON.stringify([...((stacks as string[]) ?? [])].sort()) !== JSON.stringify(want)) {
            p.push(`${where}: matrix stacks ${JSON.stringify(stacks)}, want every stack file but ${repo.e2e.stack} (previewed on kind by the end-to-end job) ${JSON.stringify(want)}`);
        }
        if (job.environment !== "${{ matrix.stack }}") p.push(`${where}: environment ${JSON.stringify(job.environment)}, want the stack's (\${{ matrix.stack }})`);
        if (!job.concurrency?.group || job.concurrency["cancel-in-progress"] !== false) p.push(`${where}: no concurrency group that lets a running preview finish (cancel-in-progress: false)`);
        const [, , , , install, select, preview] = inOrder(
            job,
            [
                ...SETUP,
                ["that writes the kubeconfig", writesKubeconfig],
                ["that installs the Pulumi CLI (pulumi/actions without a command)", installsCli],
                ['that selects the stack, creating it on first use (pulumi stack select --create "$STACK")', (s) => runs(s, /pulumi stack select --create "\$STACK"/) && s.env?.STACK === "${{ matrix.stack }}"],
                ["pulumi/actions preview", (s) => action(s) === "pulumi/actions" && s.with?.command === "preview"],
            ],
            where,
            p,
        );
        const s = steps(job)[preview];
        if (s) {
            if (s.with["stack-name"] !== "${{ matrix.stack }}") p.push(`${where}: stack-name ${s.with["stack-name"]}, want \${{ matrix.stack }}`);
            if (s.with["comment-on-pr"] !== true) p.push(`${where}: the preview is not commented on the pull request`);
            if (s.with.policyPacks !== repo.policyPack) p.push(`${where}: pulumi/actions without policyPacks: ${repo.policyPack}`);
            if (typeof s.with.refresh !== "boolean") p.push(`${where}: pulumi/actions does not say whether it refreshes`);
            if (s.with.upsert !== true) p.push(`${where}: pulumi/actions without upsert: true (a new stack would fail)`);
            if (s.with["pulumi-version"] !== steps(job)[install]?.with?.["pulumi-version"]) p.push(`${where}: the preview's pulumi-version differs from the installed CLI's`);
            for (const v of ["PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"]) if (!SECRET_REF.test(s.env?.[v] ?? "")) p.push(`${where}: env ${v} does not come from secrets`);
            if (!SECRET_REF.test(s.with["cloud-url"] ?? "")) p.push(`${where}: cloud-url does not come from secrets`);
        }
        const sel = steps(job)[select];
        if (sel) for (const v of ["PULUMI_ACCESS_TOKEN", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"]) if (!SECRET_REF.test(sel.env?.[v] ?? "")) p.push(`${where}: the stack selection's env ${v} does not come from secrets`);
        // Each secret a stack file cannot hold: set from its environment's secret, after the selection, before the preview.
        for (const c of repo.ciSecrets) {
            const i = steps(job).findIndex((x) => setsSecret(x, c));
            if (i < 0) p.push(`${where}: no step sets ${c.stack}'s ${c.path} from secrets.${c.secret} (if: matrix.stack == '${c.stack}'; pulumi config set --secret --path ${c.path} --stack ${c.stack}, value on stdin)`);
            else if (!(i > select && i < preview)) p.push(`${where}: ${c.stack}'s ${c.path} is set outside the stack's selection and its preview`);
        }
    }
    return p;
}

function setsSecret(s: Obj, c: CiSecret): boolean {
    const cmd = `pulumi config set --secret --path ${c.path} --stack ${c.stack}`;
    return (
        s.if === `matrix.stack == '${c.stack}'` &&
        s.env?.[c.secret] === `\${{ secrets.${c.secret} }}` &&
        typeof s.run === "string" &&
        // The value comes on stdin: a command-line argument shows in the process list.
        s.run.split("\n").some((l: string) => l.includes(`| ${cmd}`) && l.trimEnd().endsWith(cmd))
    );
}

/** The kubeconfig comes from a secret, lands in a file only its owner can read, and KUBECONFIG points at it. */
function writesKubeconfig(s: Obj): boolean {
    const env = Object.entries(s.env ?? {});
    return (
        typeof s.run === "string" &&
        env.some(([, v]) => SECRET_REF.test(String(v))) &&
        /umask 077/.test(s.run) &&
        /chmod 600/.test(s.run) &&
        /KUBECONFIG=.*>>\s*"?\$GITHUB_ENV/.test(s.run)
    );
}

/**
 * e2e.yml: the end-to-end stack on a kind cluster made on the runner, with a throwaway backend and no secret:
 * preview and up, the mTLS check on the running pods, a second preview that must change nothing, destroy, and the
 * CRDs still there. `text` is the file's text (secrets are checked on it, comments included).
 */
export function e2eProblems(doc: Obj, text: string, repo: RepoFacts, programPaths: string[]): string[] {
    const p = commonProblems(doc, repo);
    const { stack, kindCluster } = repo.e2e;
    // Forks run it: nothing in it may need a secret (nor would a pull request's code see one).
    if (/\bsecrets\./.test(text)) p.push("e2e: uses secrets (it must run without any, also for forks)");
    const paths: string[] = doc.on?.pull_request?.paths ?? [];
    const missing = programPaths.filter((f) => !paths.some((g) => g === f || (g.endsWith("/**") && f.startsWith(g.slice(0, -2)))));
    if (missing.length > 0) p.push(`on.pull_request.paths: misses ${missing.join(", ")} (a pull request changing it would not run end to end)`);
    if (doc.on?.push?.paths) p.push("on.push.paths: every push to main runs end to end");

    const jobs = jobsOf(doc);
    if (jobs.length !== 1) p.push(`${jobs.length} jobs, want 1`);
    for (const [name, job] of jobs) {
        const where = `jobs.${name}`;
        // Like every stack's preview, dev's runs in the environment named for it (which holds no secret: keep it unprotected).
        if (job.environment !== stack) p.push(`${where}: environment ${JSON.stringify(job.environment)}, want the stack's (${stack})`);
        if (!(Number(job["timeout-minutes"]) > 0 && Number(job["timeout-minutes"]) <= 60)) p.push(`${where}: timeout-minutes ${job["timeout-minutes"]}, want at most 60 (a hung rollout must not hold a runner for 6 hours)`);
        const on = (cmd: string) => new RegExp(`pulumi ${cmd} --stack ${stack}\\b`);
        inOrder(
            job,
            [
                ...SETUP,
                [`helm/kind-action with cluster_name ${kindCluster}`, (s) => action(s) === "helm/kind-action" && s.with?.cluster_name === kindCluster && /^v\d+\.\d+\.\d+$/.test(String(s.with?.version))],
                ["that installs the Pulumi CLI (pulumi/actions without a command)", installsCli],
                [`that logs in to a file:// backend on the runner and selects ${stack}, creating it`, (s) => runs(s, /pulumi login "file:\/\/\$RUNNER_TEMP\//) && runs(s, new RegExp(`pulumi stack select --create ${stack}\\b`))],
                [
                    `\`pulumi up --stack ${stack}\` with the policy pack, then waits for the Deployments`,
                    (s) => runs(s, new RegExp(`pulumi up --stack ${stack}\\b.*--policy-pack ${repo.policyPack}\\b[^]*\\n.*kubectl .*wait --for=condition=Available deployment --all`)),
                ],
                [
                    "that runs `npm run e2e-check -- proxy` and `-- gloo` with the leaf and CA of gloo-mtls-certs",
                    (s) => runs(s, /npm run e2e-check -- proxy --admin \S+ --leaf \S+ --ca \S+/) && runs(s, /npm run e2e-check -- gloo --admin \S+ --leaf \S+ --ca \S+/) && runs(s, /secret gloo-mtls-certs/),
                ],
                [`\`pulumi preview --stack ${stack} … --expect-no-changes\``, (s) => runs(s, new RegExp(`pulumi preview --stack ${stack}\\b.*--expect-no-changes`))],
                [
                    `\`pulumi destroy --stack ${stack}\`, then checks the CRDs are still there (e2e-check -- crds)`,
                    (s) => runs(s, new RegExp(`pulumi destroy --stack ${stack}\\b[^]*\\n.*kubectl .*get crd -o name \\| npm run --silent e2e-check -- crds`)),
                ],
            ],
            where,
            p,
        );
        const kind = steps(job).find((s) => action(s) === "helm/kind-action");
        if (kind && typeof kind.with?.config !== "string") p.push(`${where}: helm/kind-action without the kind config the docs use`);
        // Only the end-to-end stack, and only on the kind cluster.
        for (const s of steps(job)) {
            if (typeof s.run !== "string") continue;
            for (const m of s.run.matchAll(/\bpulumi\s+(up|preview|destroy|refresh)\b[^\n]*/g)) if (!on(m[1]).test(m[0])) p.push(`${where}: \`${m[0]}\` is not on the ${stack} stack`);
            for (const m of s.run.matchAll(/\bkubectl\b[^\n|]*/g)) if (!m[0].includes(`--context kind-${kindCluster}`)) p.push(`${where}: \`${m[0].trim()}\` without --context kind-${kindCluster}`);
        }
        if (steps(job).some((s) => action(s) === "pulumi/actions" && s.with?.command !== undefined)) p.push(`${where}: pulumi/actions runs a command; the end-to-end steps use the CLI`);
    }
    return p;
}

/**
 * Every `uses:` of a workflow's text is pinned to a full commit with its release tag in a comment
 * (`owner/repo@<40 hex> # vX.Y.Z`): a tag can be moved to other code, a commit cannot.
 */
export function pinProblems(text: string): string[] {
    return text.split("\n").flatMap((line, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m) return [];
        const [ref, rest] = [m[1], m[2]];
        if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref)) return [`line ${i + 1}: ${ref} is not pinned to a full commit SHA`];
        if (!/^\s+#\s+v\d+(\.\d+){0,2}\s*$/.test(rest)) return [`line ${i + 1}: ${ref} has no "# vX.Y.Z" comment naming its tag`];
        return [];
    });
}

/** Credential-looking literals anywhere in the file's text, comments included: `line N: …`. */
export function secretLiteralsInText(text: string): string[] {
    return text.split("\n").flatMap((line, i) => {
        const bare = line.replace(/\$\{\{[^}]*\}\}/g, "");
        return SECRET_LITERALS.filter(([, re]) => re.test(bare)).map(([what]) => `line ${i + 1}: holds what looks like ${what}`);
    });
}

/** Sensitive names bound to anything but a secret reference, and credential-looking literals in any value. */
export function secretProblems(doc: Obj): string[] {
    const p: string[] = [];
    const walk = (v: unknown, path: string) => {
        if (typeof v === "string") {
            const name = path.split(".").pop()!;
            if (SENSITIVE_NAME.test(name) && !SECRET_REF.test(v)) p.push(`${path}: ${name} is set to a literal, not a \${{ secrets.… }} reference`);
            const bare = v.replace(/\$\{\{[^}]*\}\}/g, "");
            for (const [what, re] of SECRET_LITERALS) if (re.test(bare)) p.push(`${path}: holds what looks like ${what}`);
        } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
        // Scopes (id-token: write) are no credentials: commonProblems checks them.
        else if (v && typeof v === "object" && !/(^|\.)permissions$/.test(path)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    walk(doc, "");
    return p;
}
