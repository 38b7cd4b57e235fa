// The GitHub Actions workflow for users (.github/workflows/pulumi.yml): parsed, and held against what it must do
// (test/validate/workflow.ts); each rule of that checker is shown to fail on a broken copy.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as YAML from "yaml";
import { RepoFacts, secretLiteralsInText, workflowProblems } from "./validate/workflow";

const ROOT = path.resolve(__dirname, "..");
const FILE = path.join(ROOT, ".github", "workflows", "pulumi.yml");
const text = fs.readFileSync(FILE, "utf8");

function parse(src: string): any {
    const doc = YAML.parseDocument(src);
    assert.deepEqual(doc.errors, [], "the workflow is valid YAML");
    return doc.toJS();
}

const repo: RepoFacts = {
    stacks: fs.readdirSync(ROOT).flatMap((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1] ?? []),
    policyPack: "policy",
};

/** Problems of a copy of the workflow changed by `edit`. */
function problemsAfter(edit: (doc: any) => void): string[] {
    const doc = parse(text);
    edit(doc);
    return workflowProblems(doc, repo);
}

const job = (doc: any, name: string) => doc.jobs[name];
const pulumiStep = (doc: any, name: string) => job(doc, name).steps.find((s: any) => String(s.uses).startsWith("pulumi/actions"));

describe("CI workflow for users", () => {
    it("does what docs/ci.md says: tests, previews every stack with the policy pack, deploys dev, secrets from the store only", () => {
        assert.deepEqual(repo.stacks.sort(), ["dev", "multicluster", "prod", "staging"]);
        assert.ok(fs.existsSync(path.join(ROOT, repo.policyPack, "PulumiPolicy.yaml")), "the policy pack it names exists");
        assert.deepEqual(workflowProblems(parse(text), repo), []);
        assert.deepEqual(secretLiteralsInText(text), [], "not even in a comment");
    });

    it("every secret it uses is documented in docs/ci.md", () => {
        const readme = fs.readFileSync(path.join(ROOT, "docs", "ci.md"), "utf8");
        const used = [...new Set([...text.matchAll(/\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]))].sort();
        assert.deepEqual(used, ["KUBECONFIG_CONTENT", "PULUMI_ACCESS_TOKEN", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"]);
        for (const s of used) assert.ok(readme.includes(`\`${s}\``), `docs/ci.md documents ${s}`);
    });

    it("fails on a literal credential, wherever it is", () => {
        const token = `pul-${"0123456789abcdef".repeat(3).slice(0, 40)}`;
        assert.deepEqual(
            problemsAfter((d) => (pulumiStep(d, "preview").env.PULUMI_ACCESS_TOKEN = token)),
            [
                "jobs.preview: env PULUMI_ACCESS_TOKEN does not come from secrets",
                "jobs.preview.steps[4].env.PULUMI_ACCESS_TOKEN: PULUMI_ACCESS_TOKEN is set to a literal, not a ${{ secrets.… }} reference",
                "jobs.preview.steps[4].env.PULUMI_ACCESS_TOKEN: holds what looks like a Pulumi access token",
            ],
        );
        assert.deepEqual(secretLiteralsInText(text.replace("# Least privilege", `# token ${token}\n# Least privilege`)), ["line 12: holds what looks like a Pulumi access token"]);
        const pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIO\n-----END EC PRIVATE KEY-----";
        assert.deepEqual(problemsAfter((d) => job(d, "test").steps.push({ run: `echo '${pem}' > key.pem` })), ["jobs.test.steps[4].run: holds what looks like a PEM block"]);
        assert.deepEqual(
            problemsAfter((d) => (job(d, "up-dev").steps[3].run = `echo 'client-key-data: ${"A".repeat(12)}' > "$RUNNER_TEMP/kubeconfig"`)),
            ["jobs.up-dev: no step that writes the kubeconfig after the previous ones", "jobs.up-dev.steps[3].run: holds what looks like kubeconfig credentials"],
        );
        assert.deepEqual(problemsAfter((d) => (pulumiStep(d, "up-dev").with["cloud-url"] = "s3://state-bucket")), [
            "jobs.up-dev: cloud-url does not come from secrets",
            "jobs.up-dev.steps[4].with.cloud-url: cloud-url is set to a literal, not a ${{ secrets.… }} reference",
        ]);
    });

    it("fails on more permissions than needed", () => {
        assert.deepEqual(problemsAfter((d) => (d.permissions = "write-all")), ['permissions: "write-all", want {"contents":"read"}']);
        assert.deepEqual(problemsAfter((d) => (job(d, "up-dev").permissions = { contents: "write" })), ["jobs.up-dev.permissions: contents: write is more than it needs"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "test").permissions = { contents: "read", "pull-requests": "write" })), ["jobs.test.permissions: pull-requests: write is more than it needs"]);
    });

    it("fails when a trigger, the test steps, the matrix, the comment or the policy pack is wrong", () => {
        assert.deepEqual(problemsAfter((d) => (d.on.push.branches = ["main", "release"])), ['on.push.branches: ["main","release"], want ["main"]']);
        assert.deepEqual(problemsAfter((d) => delete d.on.pull_request), ["on: no pull_request trigger"]);
        assert.deepEqual(problemsAfter((d) => job(d, "test").steps.reverse()), [
            "jobs.test: no step actions/setup-node with node-version 20 and cache npm after the previous ones",
            "jobs.test: no step `npm ci` after the previous ones",
            "jobs.test: no step `npm test` after the previous ones",
        ]);
        assert.deepEqual(problemsAfter((d) => (job(d, "test").steps[1].with["node-version"] = "22")), ["jobs.test: no step actions/setup-node with node-version 20 and cache npm after the previous ones"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").strategy.matrix.stack = ["dev", "staging"])), ['jobs.preview: matrix stacks ["dev","staging"], want every stack file ["dev","multicluster","prod","staging"]']);
        assert.deepEqual(problemsAfter((d) => (pulumiStep(d, "preview").with["comment-on-pr"] = false)), [
            "jobs.preview.permissions: pull-requests: write is more than it needs",
            "jobs.preview: the preview is not commented on the pull request",
        ]);
        assert.deepEqual(problemsAfter((d) => delete pulumiStep(d, "preview").with.policyPacks), ["jobs.preview: pulumi/actions without policyPacks: policy"]);
        assert.deepEqual(problemsAfter((d) => (pulumiStep(d, "preview").uses = "pulumi/actions@main")), ["jobs.preview: pulumi/actions@main is not pinned to a major version (pulumi/actions@vN)"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "preview").if = "always()")), ["jobs.preview: runs on more than pull requests (if: always())"]);
    });

    it("fails when up could run twice at once, on another stack or on a pull request", () => {
        assert.deepEqual(problemsAfter((d) => (job(d, "up-dev").concurrency["cancel-in-progress"] = true)), ["jobs.up-dev: no concurrency group that queues updates (cancel-in-progress: false)"]);
        assert.deepEqual(problemsAfter((d) => delete job(d, "up-dev").concurrency), ["jobs.up-dev: no concurrency group that queues updates (cancel-in-progress: false)"]);
        assert.deepEqual(problemsAfter((d) => (pulumiStep(d, "up-dev").with["stack-name"] = "prod")), ["jobs.up-dev: up on prod, want dev only"]);
        assert.deepEqual(problemsAfter((d) => (job(d, "up-dev").if = "github.event_name == 'pull_request'")), ["jobs.up-dev: up runs on more than pushes to main (if: github.event_name == 'pull_request')"]);
        assert.deepEqual(problemsAfter((d) => (pulumiStep(d, "preview").with.command = "up")), ["0 jobs preview, want 1", "2 jobs run up, want 1", "jobs.preview: up runs on more than pushes to main (if: github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository)", "jobs.preview: up runs in a matrix", "jobs.preview: up on ${{ matrix.stack }}, want dev only"]);
    });
});
