// What the GitHub Actions workflow for users must do (docs/ci.md), checked on its parsed
// YAML: `workflowProblems(doc, repo)` returns every problem, empty when it is right.
type Obj = Record<string, any>;

export interface RepoFacts {
    /** Stack names of the Pulumi.<stack>.yaml files. */
    stacks: string[];
    /** The policy pack's directory, relative to the repository root. */
    policyPack: string;
}

const SECRET_REF = /^\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}$/;
/** Names of env vars and inputs that carry credentials or where they live. */
const SENSITIVE_NAME = /TOKEN|PASSPHRASE|PASSWORD|SECRET|KUBECONFIG|CREDENTIAL|PRIVATE|_KEY$|^KEY|cloud-url|BACKEND/i;
/** Literals that look like credentials, wherever they appear in the file. */
const SECRET_LITERALS: [string, RegExp][] = [
    ["a Pulumi access token", /\bpul-[0-9a-f]{40}\b/],
    ["a PEM block", /-----BEGIN [A-Z ]+-----/],
    ["a GitHub token", /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/],
    ["an AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
    ["kubeconfig credentials", /\b(client-key-data|client-certificate-data|certificate-authority-data|token):\s*\S/],
    ["a long base64 or hex string", /(?<![\w$./-])[A-Za-z0-9+/]{40,}={0,2}(?![\w/])/],
];

const steps = (job: Obj | undefined): Obj[] => (Array.isArray(job?.steps) ? job!.steps : []);
const action = (step: Obj): string | undefined => (typeof step.uses === "string" ? step.uses.split("@")[0] : undefined);
const runs = (step: Obj, re: RegExp) => typeof step.run === "string" && re.test(step.run);
const pulumiSteps = (job: Obj | undefined) => steps(job).filter((s) => action(s) === "pulumi/actions");

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
    ["actions/checkout", (s) => action(s) === "actions/checkout"],
    ["actions/setup-node with node-version 20 and cache npm", setupNode20],
    ["`npm ci`", (s) => runs(s, /^npm ci\b/m)],
];

/** Jobs by what they run: tests, previews, updates. */
function jobsOf(doc: Obj) {
    const jobs: [string, Obj][] = Object.entries(doc.jobs ?? {});
    const withCommand = (c: string) => jobs.filter(([, j]) => pulumiSteps(j).some((s) => s.with?.command === c));
    return { jobs, test: jobs.filter(([, j]) => steps(j).some((s) => runs(s, /^npm test\b/m))), preview: withCommand("preview"), up: withCommand("up") };
}

export function workflowProblems(doc: Obj, repo: RepoFacts): string[] {
    const p: string[] = [];
    const on = doc.on ?? {};
    if (!on.pull_request) p.push("on: no pull_request trigger");
    if (JSON.stringify(on.push?.branches) !== JSON.stringify(["main"])) p.push(`on.push.branches: ${JSON.stringify(on.push?.branches)}, want ["main"]`);

    // Permissions: read by default; only the commenting job may write pull requests.
    if (JSON.stringify(doc.permissions) !== JSON.stringify({ contents: "read" })) p.push(`permissions: ${JSON.stringify(doc.permissions)}, want {"contents":"read"}`);
    const { jobs, test, preview, up } = jobsOf(doc);
    for (const [name, job] of jobs) {
        const perms = job.permissions;
        if (perms === undefined) continue;
        if (typeof perms !== "object") p.push(`jobs.${name}.permissions: ${JSON.stringify(perms)} is not a list of scopes`);
        for (const [scope, level] of Object.entries(perms ?? {})) {
            const ok = (scope === "contents" && level === "read") || (scope === "pull-requests" && level === "write" && pulumiSteps(job).some((s) => s.with?.["comment-on-pr"] === true));
            if (!ok) p.push(`jobs.${name}.permissions: ${scope}: ${level} is more than it needs`);
        }
    }

    // Tests on every run.
    if (test.length !== 1) p.push(`${test.length} jobs run npm test, want 1`);
    for (const [name, job] of test) inOrder(job, [...SETUP, ["`npm test`", (s) => runs(s, /^npm test\b/m)]], `jobs.${name}`, p);

    // pulumi/actions pinned to a major version, and given credentials only from the secret store.
    for (const [name, job] of jobs) {
        for (const s of pulumiSteps(job)) {
            if (!/^pulumi\/actions@v\d+$/.test(s.uses)) p.push(`jobs.${name}: ${s.uses} is not pinned to a major version (pulumi/actions@vN)`);
            if (s.with?.policyPacks !== repo.policyPack) p.push(`jobs.${name}: pulumi/actions without policyPacks: ${repo.policyPack}`);
            if (typeof s.with?.refresh !== "boolean") p.push(`jobs.${name}: pulumi/actions does not say whether it refreshes`);
            for (const v of ["PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"]) if (!SECRET_REF.test(s.env?.[v] ?? "")) p.push(`jobs.${name}: env ${v} does not come from secrets`);
            if (!SECRET_REF.test(s.with?.["cloud-url"] ?? "")) p.push(`jobs.${name}: cloud-url does not come from secrets`);
            if (!["preview", "up"].includes(s.with?.command)) p.push(`jobs.${name}: pulumi/actions runs ${s.with?.command}, only preview and up are expected`);
        }
    }

    // Previews: every stack, on pull requests only, after the tests, commented on the pull request.
    if (preview.length !== 1) p.push(`${preview.length} jobs preview, want 1`);
    for (const [name, job] of preview) {
        if (!/github\.event_name == 'pull_request'/.test(job.if ?? "")) p.push(`jobs.${name}: runs on more than pull requests (if: ${job.if})`);
        if (![job.needs].flat().includes(test[0]?.[0])) p.push(`jobs.${name}: does not wait for the tests (needs)`);
        const stacks = job.strategy?.matrix?.stack;
        if (JSON.stringify([...(stacks ?? [])].sort()) !== JSON.stringify([...repo.stacks].sort())) p.push(`jobs.${name}: matrix stacks ${JSON.stringify(stacks)}, want every stack file ${JSON.stringify(repo.stacks)}`);
        const [, , , kube, pulumi] = inOrder(job, [...SETUP, ["that writes the kubeconfig", writesKubeconfig], ["pulumi/actions", (s) => action(s) === "pulumi/actions"]], `jobs.${name}`, p);
        const s = steps(job)[pulumi];
        if (kube >= 0 && s) {
            if (s.with["stack-name"] !== "${{ matrix.stack }}") p.push(`jobs.${name}: stack-name ${s.with["stack-name"]}, want \${{ matrix.stack }}`);
            if (s.with["comment-on-pr"] !== true) p.push(`jobs.${name}: the preview is not commented on the pull request`);
        }
    }

    // Updates: dev only, on pushes to main, never two at once.
    if (up.length !== 1) p.push(`${up.length} jobs run up, want 1`);
    for (const [name, job] of up) {
        if (!/github\.event_name == 'push'/.test(job.if ?? "") || !/github\.ref == 'refs\/heads\/main'/.test(job.if ?? "")) p.push(`jobs.${name}: up runs on more than pushes to main (if: ${job.if})`);
        if (![job.needs].flat().includes(test[0]?.[0])) p.push(`jobs.${name}: does not wait for the tests (needs)`);
        if (job.strategy) p.push(`jobs.${name}: up runs in a matrix`);
        if (!job.concurrency?.group || job.concurrency["cancel-in-progress"] !== false) p.push(`jobs.${name}: no concurrency group that queues updates (cancel-in-progress: false)`);
        const [, , , , pulumi] = inOrder(job, [...SETUP, ["that writes the kubeconfig", writesKubeconfig], ["pulumi/actions", (s) => action(s) === "pulumi/actions"]], `jobs.${name}`, p);
        const s = steps(job)[pulumi];
        if (s && s.with["stack-name"] !== "dev") p.push(`jobs.${name}: up on ${s.with["stack-name"]}, want dev only`);
    }

    p.push(...secretProblems(doc));
    return p;
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
        else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    walk(doc, "");
    return p;
}
