// The documentation as a reader follows it: every relative link and `#anchor` in the README and docs/ resolves
// (anchors as GitHub makes them from headings), the README reaches every docs/ file in one click, and no file is
// a wall.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.join(__dirname, "..");
const DOCS = path.join(ROOT, "docs");
const README = path.join(ROOT, "README.md");

/** The documentation files: the README and every docs/*.md. */
export function docFiles(): string[] {
    return [README, ...fs.readdirSync(DOCS).filter((f) => f.endsWith(".md")).sort().map((f) => path.join(DOCS, f))];
}

/** Markdown outside fenced code blocks (links and headings there are not rendered). */
function prose(md: string): string[] {
    let fence = false;
    return md.split("\n").filter((l) => {
        if (/^\s*```/.test(l)) {
            fence = !fence;
            return false;
        }
        return !fence;
    });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered `-1`, `-2`, … */
export function anchors(md: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    for (const line of prose(md)) {
        const m = line.match(/^#{1,6} (.*)$/);
        if (!m) continue;
        const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").trim();
        const base = text
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, "")
            .replace(/ /g, "-");
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        out.add(n === 0 ? base : `${base}-${n}`);
    }
    return out;
}

/** The relative link targets of a Markdown text (external URLs left out). */
export function links(md: string): string[] {
    const out: string[] = [];
    for (const line of prose(md)) {
        for (const m of line.replace(/`[^`]*`(?!\])/g, (s) => (s.includes("](") ? "" : s)).matchAll(/\]\(([^)\s]+)\)/g)) {
            if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1])) out.push(m[1]);
        }
    }
    return out;
}

/** What is wrong with the links of `file`: a missing file, or an anchor its target does not have. */
export function linkProblems(file: string, md: string, read: (p: string) => string | undefined): string[] {
    const problems: string[] = [];
    for (const target of links(md)) {
        const [rel, anchor] = target.split("#", 2);
        const dest = rel === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(rel));
        const text = read(dest);
        const where = `${path.relative(ROOT, file)}: (${target})`;
        if (text === undefined) problems.push(`${where}: no such file`);
        else if (anchor !== undefined && dest.endsWith(".md") && !anchors(text).has(anchor)) problems.push(`${where}: no heading with that anchor`);
    }
    return problems;
}

function readIfExists(p: string): string | undefined {
    if (!fs.existsSync(p)) return undefined;
    return fs.statSync(p).isDirectory() ? "" : fs.readFileSync(p, "utf8");
}

describe("the documentation", () => {
    const files = docFiles();

    it("makes anchors as GitHub does", () => {
        const a = anchors("# Rotation runbook: staged CA rotation (`issuer: pulumi`, CronJob off)\n## Speed\n## Speed\n```sh\n# not a heading\n```\n");
        assert.deepEqual([...a], ["rotation-runbook-staged-ca-rotation-issuer-pulumi-cronjob-off", "speed", "speed-1"]);
    });

    it("every relative link and anchor resolves, in the README and across docs/", () => {
        const problems = files.flatMap((f) => linkProblems(f, fs.readFileSync(f, "utf8"), readIfExists));
        assert.deepEqual(problems, []);
        assert.ok(files.reduce((n, f) => n + links(fs.readFileSync(f, "utf8")).length, 0) > 30, "links were read");
    });

    it("can fail: a missing file, a missing anchor", () => {
        const md = "See [a](docs/nowhere.md), [b](#no-such-heading) and [c](https://example.com/x).\n# Here\n```\n[d](ignored.md)\n```\n";
        assert.deepEqual(linkProblems(README, md, (p) => (p === README ? md : undefined)), [
            "README.md: (docs/nowhere.md): no such file",
            "README.md: (#no-such-heading): no heading with that anchor",
        ]);
    });

    it("the README reaches every docs/ file in one click", () => {
        const targets = new Set(links(fs.readFileSync(README, "utf8")).map((t) => path.resolve(ROOT, t.split("#")[0])));
        for (const f of files.slice(1)) assert.ok(targets.has(f), `README links ${path.relative(ROOT, f)}`);
    });

    it("no file is a wall: the README well under 15,000 characters, each docs/ file under 40,000", () => {
        assert.ok(fs.readFileSync(README, "utf8").length < 15000, "README.md");
        for (const f of files.slice(1)) assert.ok(fs.readFileSync(f, "utf8").length < 40000, path.relative(ROOT, f));
    });
});
