// Tests of the offline render CLI (render/cli.ts), run in-process through main(): the command line, stack-file
// errors, what is redacted, where files go and what is never deleted, file modes, and stable output across renders.
// The V8 tiering it sets as a command (render/tiering.cjs) is checked in a child node.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import * as YAML from "yaml";
import { HELP, undecryptedMessage } from "../render/cli";
import { CRD_DIR, MARKER, OutFile, plan, writeFiles } from "../render/output";
import type { Manifest } from "../render/program";
import { REDACTED, classify, isPublicPem, redact } from "../render/redact";
import { PLACEHOLDER, readStackFile } from "../render/stack-file";
import { stateFile } from "../render/state";
import { tieringFlags } from "../render/tiering.cjs";
import { cli, tmp } from "./render-run";

const REPO = path.resolve(__dirname, "..");


/** Every file below `dir` (relative path → content), the marker included. */
function snapshot(dir: string): Map<string, string> {
    const files = new Map<string, string>();
    const walk = (rel: string) => {
        for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) walk(r);
            else files.set(r, fs.readFileSync(path.join(dir, r), "utf8"));
        }
    };
    walk("");
    return files;
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;

// A syntactically valid certificate PEM (the rule looks at PEM types, not at the DER inside).
const CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIRAJ\n-----END CERTIFICATE-----\n";
const KEY = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "sec1", format: "pem" }).toString();

describe("command line", () => {
    test("--help and -h exit 0 and document every flag", async () => {
        for (const flag of ["--help", "-h"]) {
            const r = await cli(tmp(), flag);
            assert.equal(r.code, 0);
            for (const f of ["--out DIR", "--show-secrets", "--fresh", "--renew", "-h, --help", "kubectl wait --for=condition=Established"]) assert.ok(r.out.includes(f), `${flag} documents ${f}`);
            assert.equal(r.err, "");
        }
        assert.equal(HELP, (await cli(tmp(), "dev", "-h")).out.trimEnd() + "\n", "help wins over a stack");
    });

    test("bad command lines exit 2 and say what is wrong", async () => {
        const cases: [string[], RegExp][] = [
            [["dev", "--bogus"], /unknown option --bogus/],
            [["dev", "--out"], /--out needs a directory/],
            [["dev", "--out", "--fresh"], /--out needs a directory/],
            [["dev", "--out="], /--out needs a directory/],
            [["dev", "--out", "a", "--out", "b"], /--out given twice/],
            [["dev", "--fresh=yes"], /--fresh takes no value/],
            [[], /which stack/],
            [["dev", "prod"], /one stack expected, got: dev prod/],
            [["../etc"], /not a stack name/],
        ];
        for (const [argv, message] of cases) {
            const r = await cli(tmp(), ...argv);
            assert.equal(r.code, 2, argv.join(" "));
            assert.match(r.err, message);
            assert.match(r.err, /Usage: npm run render/);
        }
    });

    test("V8 tiering: a flag this node knows, set by the render and by the bench's floors alike, never on import", () => {
        assert.deepEqual(tieringFlags("20.20.2"), ["--interrupt-budget=270336"]);
        assert.deepEqual(tieringFlags("22.23.5"), ["--invocation-count-for-turbofan=12000"]);
        assert.deepEqual(tieringFlags("24.1.0"), [], "a version not measured keeps V8's defaults");
        // V8 prints an error for a flag it lacks (the name changed between V8 11 and 12): this node's must be known.
        const set = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(path.join(REPO, "render", "tiering.cjs"))}).tuneTiering()`], { encoding: "utf8" });
        assert.deepEqual([set.status, set.stderr], [0, ""], "accepted by v8.setFlagsFromString");
        // The render and the floors it is measured against (bench/floor.cjs, bench/replay.cjs) tune alike.
        for (const file of ["render/cli.ts", "bench/mocked-stack.cjs"]) assert.match(fs.readFileSync(path.join(REPO, file), "utf8"), /^\s+tuneTiering\(\);/m, file);
        assert.doesNotMatch(fs.readFileSync(path.join(REPO, "render/cli.ts"), "utf8"), /^tuneTiering\(\)/m, "not at the top level: importers keep V8's defaults");
    });
});

describe("stack file", () => {
    const write = (text: string) => {
        const root = tmp();
        fs.writeFileSync(path.join(root, "Pulumi.s.yaml"), text);
        return { root, file: path.join(root, "Pulumi.s.yaml") };
    };

    test("a YAML syntax error names the file, line and column (exit 1)", async () => {
        const { root, file } = write("config:\n  gloo-mtls:namespace: a\n  gloo-mtls:global: [1,\n  x: 2\n");
        const r = await cli(root, "s");
        assert.equal(r.code, 1);
        assert.match(r.err, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4:3: not valid YAML`));
        assert.ok(!fs.existsSync(path.join(root, "rendered")), "nothing written");
    });

    test("config: that is not a mapping, a non-mapping document and an unqualified key are refused, naming the file", async () => {
        const cases: [string, RegExp][] = [
            ["config:\n  - gloo-mtls:namespace\n", /Pulumi\.s\.yaml:2: "config:" must be a mapping .* not a list/],
            ["config: gloo-mtls\n", /Pulumi\.s\.yaml:1: "config:" must be a mapping .* not a string/],
            ["- config\n", /Pulumi\.s\.yaml:1: a stack file is a mapping/],
            ["config:\n  namespace: x\n", /Pulumi\.s\.yaml:2: config key "namespace" is not of the form <namespace>:<name>; did you mean gloo-mtls:namespace/],
        ];
        for (const [text, message] of cases) {
            const r = await cli(write(text).root, "s");
            assert.equal(r.code, 1, text);
            assert.match(r.err, message);
        }
        const empty = readStackFile("s", write("config:\n").root);
        assert.deepEqual(empty.config, {});
        assert.throws(() => readStackFile("nope", write("").root), /no stack file .*Pulumi\.nope\.yaml; stacks there: s/);
    });

    test("secure: values become the placeholder, and which one, where and of what kind is reported", () => {
        const { root } = write(
            "config:\n  gloo-mtls:enterprise:\n    enabled: true\n    licenseKey:\n      secure: v1:PLACEHOLDER-x\n  gloo-mtls:certificates:\n    list:\n      - secure: AAABAxyz==\n",
        );
        const s = readStackFile("s", root);
        assert.deepEqual(s.config["gloo-mtls:enterprise"], { enabled: true, licenseKey: PLACEHOLDER });
        assert.deepEqual(s.secretKeys, ["gloo-mtls:enterprise", "gloo-mtls:certificates"]);
        assert.deepEqual(
            s.undecrypted.map((u) => [u.path, u.line, u.kind]),
            [
                ["enterprise.licenseKey", 5, "placeholder"],
                ["certificates.list[0]", 8, "ciphertext"],
            ],
        );
    });

    test("a required secret the file leaves unset (no stack file holds one) becomes the placeholder too, reported with the command that sets it", () => {
        const { root } = write("config:\n  gloo-mtls:namespace: a\n  gloo-mtls:enterprise:\n    enabled: true\n");
        const s = readStackFile("s", root);
        assert.deepEqual(s.config["gloo-mtls:enterprise"], { enabled: true, licenseKey: PLACEHOLDER });
        assert.deepEqual(s.secretKeys, ["gloo-mtls:enterprise"]);
        assert.deepEqual(s.undecrypted, [{ path: "enterprise.licenseKey", key: "gloo-mtls:enterprise", line: 3, kind: "unset" }]);
        assert.equal(
            undecryptedMessage(s, s.undecrypted[0], [], "s", path.join(root, "out")),
            `${s.file}:3: the secret value enterprise.licenseKey is required and not set (stack files in the repository hold no secrets): \`pulumi preview\` refuses until it is.\n` +
                `  Set it with: pulumi config set --secret --path 'enterprise.licenseKey' <value> -s s\n  The program got "${PLACEHOLDER}" in its place.`,
        );
        // Not required, or set: nothing stands in.
        for (const text of ["config:\n  gloo-mtls:enterprise:\n    enabled: false\n", "config:\n  gloo-mtls:enterprise:\n    enabled: true\n    licenseKey:\n      secure: AAAB\n"]) {
            assert.deepEqual(readStackFile("s", write(text).root).undecrypted.filter((u) => u.kind === "unset"), [], text);
        }
        // The production example: its license is set by `pulumi config set --secret` (CI: docs/ci.md), never in the file.
        assert.deepEqual(readStackFile("prod").undecrypted.map((u) => [u.path, u.kind]), [["enterprise.licenseKey", "unset"]]);
    });
});

describe("redaction", () => {
    const secret = (stringData: Record<string, string>, data?: Record<string, string>): Manifest => ({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "s", namespace: "ns" },
        stringData,
        ...(data ? { data } : {}),
    });

    test("public PEM: certificates and public keys only, and nothing else", () => {
        assert.equal(isPublicPem(CERT), true);
        assert.equal(isPublicPem(CERT + CERT), true, "a CA bundle");
        assert.equal(isPublicPem(CERT + KEY), false, "a certificate with its key");
        assert.equal(isPublicPem(KEY), false);
        assert.equal(isPublicPem(`password: x\n${CERT}`), false, "text beside a certificate");
        assert.equal(isPublicPem("hunter2"), false);
        assert.equal(isPublicPem(""), false);
    });

    test("a TLS Secret keeps ca.crt and tls.crt readable and hides tls.key; license, signing key and passwords are hidden", () => {
        const m = secret({ "ca.crt": CERT + CERT, "tls.crt": CERT, "tls.key": KEY, "license-key": "eyJhbGciOi.x.y", "redis-password": "hunter2" }, { "ca.crt": Buffer.from(CERT).toString("base64"), "signing-key": Buffer.from("k").toString("base64") });
        const c = classify(m, ["stringData"]);
        assert.deepEqual(c.private.sort(), ["data.signing-key", "stringData.license-key", "stringData.redis-password", "stringData.tls.key"]);
        assert.equal(c.sensitive, true);
        const r = redact(m, c.private);
        assert.equal(r.stringData["ca.crt"], CERT + CERT);
        assert.equal(r.stringData["tls.crt"], CERT);
        assert.equal(r.data["ca.crt"], m.data["ca.crt"]);
        assert.equal(r.stringData["tls.key"], REDACTED);
        assert.equal(r.data["signing-key"], REDACTED);
        assert.ok(!JSON.stringify(r).includes("PRIVATE KEY") && !JSON.stringify(r).includes("hunter2"));
        assert.equal(m.stringData["tls.key"], KEY, "the input object is not changed");
    });

    test("outside Secrets: secret-marked inputs and any private key are hidden; a plain object is not sensitive", () => {
        const deploy: Manifest = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "d" },
            spec: { template: { spec: { containers: [{ name: "c", env: [{ name: "A", value: "1" }, { name: "TOKEN", value: "t0k3n" }] }] } } },
        };
        const c = classify(deploy, ["spec.template.spec.containers[0].env[1].value"]);
        assert.deepEqual(c.private, ["spec.template.spec.containers[0].env[1].value"]);
        assert.equal(c.sensitive, true);
        const cm: Manifest = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { "ca.crt": CERT, "oops.pem": KEY } };
        assert.deepEqual(classify(cm).private, ["data.oops.pem"]);
        assert.equal(classify(cm).sensitive, true);
        const plain: Manifest = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { "ca.crt": CERT } };
        assert.deepEqual(classify(plain), { private: [], placeholders: [], sensitive: false });
    });

    test("the placeholder of an undecrypted stack secret is found, in stringData and in base64 data", () => {
        assert.deepEqual(classify(secret({ "license-key": PLACEHOLDER })).placeholders, ["stringData.license-key"]);
        assert.deepEqual(classify(secret({}, { k: Buffer.from(PLACEHOLDER).toString("base64") })).placeholders, ["data.k"]);
    });
});

describe("output directory", () => {
    const obj = (kind: string, name: string, namespace?: string): Manifest => ({ apiVersion: "v1", kind, metadata: { name, ...(namespace ? { namespace } : {}) } });
    const files = (...objects: Manifest[]): OutFile[] => plan(objects.map((manifest) => ({ manifest, sensitive: manifest.kind === "Secret" })));

    test("file names give kubectl the apply order: CRDs apart, then namespace … custom resources … workloads, webhooks last", () => {
        const order = files(
            obj("ValidatingWebhookConfiguration", "hook"),
            obj("Deployment", "gloo", "ns"),
            obj("Gateway", "gw", "ns"),
            obj("Service", "gloo", "ns"),
            obj("Secret", "certs", "ns"),
            obj("CustomResourceDefinition", "gateways.gateway.solo.io"),
            obj("ClusterRole", "reader"),
            obj("Namespace", "ns"),
        ).map((f) => f.rel);
        assert.deepEqual(order, [
            `${CRD_DIR}/gateways.gateway.solo.io.yaml`,
            "10-namespace-ns.yaml",
            "21-clusterrole-reader.yaml",
            "30-secret-ns-certs.yaml",
            "41-service-ns-gloo.yaml",
            "50-gateway-ns-gw.yaml",
            "60-deployment-ns-gloo.yaml",
            "80-validatingwebhookconfiguration-hook.yaml",
        ]);
        assert.throws(() => files(obj("Gateway", "a", "ns"), { ...obj("Gateway", "a", "ns"), apiVersion: "gateway.networking.k8s.io/v1" }), /would both be written to 50-gateway-ns-a\.yaml/);
        const held = plan([{ manifest: obj("Secret", "s", "ns"), sensitive: true, heldBack: "redacted" }, { manifest: obj("Secret", "l", "ns"), sensitive: true, heldBack: "placeholder" }]);
        assert.deepEqual(held.map((f) => f.rel), ["30-secret-ns-l.yaml.placeholder", "30-secret-ns-s.yaml.redacted"]);
    });

    test("a re-render removes only what the previous render listed: foreign files survive and are reported", () => {
        const dir = path.join(tmp(), "out");
        const first = writeFiles(dir, files(obj("Namespace", "ns"), obj("Secret", "certs", "ns"), obj("CustomResourceDefinition", "a.b.c")));
        assert.deepEqual(first.foreign, []);
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, MARKER), "utf8")).files, first.written);
        assert.equal(mode(path.join(dir, "30-secret-ns-certs.yaml")), 0o600);
        assert.equal(mode(path.join(dir, "10-namespace-ns.yaml")), 0o644);

        fs.writeFileSync(path.join(dir, "mine.yaml"), "keep me");
        fs.mkdirSync(path.join(dir, "notes"));
        fs.writeFileSync(path.join(dir, "notes", "todo"), "keep me too");
        const second = writeFiles(dir, files(obj("Namespace", "ns")));
        assert.deepEqual(second.removed, [`${CRD_DIR}/a.b.c.yaml`, "30-secret-ns-certs.yaml"]);
        assert.deepEqual(second.foreign, ["mine.yaml", "notes/todo"]);
        assert.equal(fs.readFileSync(path.join(dir, "mine.yaml"), "utf8"), "keep me");
        assert.equal(fs.readFileSync(path.join(dir, "notes", "todo"), "utf8"), "keep me too");
        assert.deepEqual([...snapshot(dir).keys()].sort(), [MARKER, "10-namespace-ns.yaml", "mine.yaml", "notes/todo"]);
    });

    test("a non-empty directory that no render wrote is refused untouched; a stranger's file is never overwritten; a marker cannot point outside", () => {
        const root = tmp();
        const dir = path.join(root, "out");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "10-namespace-ns.yaml"), "mine");
        assert.throws(() => writeFiles(dir, files(obj("Namespace", "ns"))), /refusing to write into .*out: it is not empty and has no \.gloo-mtls-render/);
        assert.deepEqual([...snapshot(dir)], [["10-namespace-ns.yaml", "mine"]]);

        fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ files: ["../victim.yaml", "20-x.yaml"] }));
        fs.writeFileSync(path.join(root, "victim.yaml"), "outside");
        assert.throws(() => writeFiles(dir, files(obj("Namespace", "ns"))), /refusing to overwrite .*10-namespace-ns\.yaml: not written by a render/);
        assert.equal(fs.readFileSync(path.join(dir, "10-namespace-ns.yaml"), "utf8"), "mine");
        writeFiles(dir, files(obj("Namespace", "other")));
        assert.equal(fs.readFileSync(path.join(root, "victim.yaml"), "utf8"), "outside", "a listed path outside the directory is ignored");

        fs.writeFileSync(path.join(root, "file"), "x");
        assert.throws(() => writeFiles(path.join(root, "file"), []), /is not a directory/);
    });

    test("--out . (the repository) is refused before anything runs, and nothing in it changes", async () => {
        const root = tmp();
        fs.copyFileSync(path.join(REPO, "Pulumi.dev.yaml"), path.join(root, "Pulumi.dev.yaml"));
        fs.writeFileSync(path.join(root, "index.ts"), "// precious");
        const before = snapshot(root);
        const r = await cli(root, "dev", "--out", root);
        assert.equal(r.code, 1);
        assert.match(r.err, /refusing to write into .*not empty and has no \.gloo-mtls-render/);
        assert.deepEqual(snapshot(root), before);
        assert.equal(r.out, "", "the program did not run");
    });
});

describe("rendering a stack end to end", { timeout: 120_000 }, () => {
    const root = tmp();
    const out = (n: string) => path.join(root, n);
    let first: Map<string, string>;
    let firstRun: { code: number; out: string; err: string };

    before(async () => {
        fs.copyFileSync(path.join(REPO, "Pulumi.dev.yaml"), path.join(root, "Pulumi.dev.yaml"));
        firstRun = await cli(root, "dev", "--out", out("a"));
        first = snapshot(out("a"));
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    test("writes every object, prints the table and the rotation outputs; timing only on stdout", () => {
        assert.equal(firstRun.code, 0, firstRun.err);
        assert.match(firstRun.out, /^KIND +NAMESPACE +NAME +NOTES$/m);
        assert.match(firstRun.out, /^Secret +gloo-system +gloo-mtls-certs +type kubernetes\.io\/tls; keys ca\.crt, tls\.crt, tls\.key; ca\.crt: 1 CA certificate\(s\); redacted$/m);
        assert.match(firstRun.out, /^certificatePhase: steady/m);
        assert.match(firstRun.out, /^certificateNextStep: /m);
        assert.match(firstRun.out, /objects for stack "dev" written to .* \d+\.\d\d s$/m);
        assert.ok([...first.keys()].some((f) => f.startsWith(`${CRD_DIR}/`)));
        assert.ok(![...first.values()].some((t) => /\d+\.\d\d s/.test(t) && t.includes("written to")));
    });

    test("Secrets: 0600, ca.crt and tls.crt readable, tls.key redacted and the file held back from kubectl; state 0600", () => {
        const secret = "30-secret-gloo-system-gloo-mtls-certs.yaml.redacted";
        assert.ok(first.has(secret), [...first.keys()].join(" "));
        assert.ok(!first.has("30-secret-gloo-system-gloo-mtls-certs.yaml"));
        assert.equal(mode(path.join(out("a"), secret)), 0o600);
        assert.equal(mode(path.join(out("a"), "60-deployment-gloo-system-gloo.yaml")), 0o644);
        const text = first.get(secret)!;
        assert.match(text, /ca\.crt: \|\n\s+-----BEGIN CERTIFICATE-----/);
        assert.match(text, /tls\.crt: \|\n\s+-----BEGIN CERTIFICATE-----/);
        assert.match(text, /tls\.key: "<redacted: render with --show-secrets>"/);
        assert.ok(![...first.values()].some((t) => t.includes("PRIVATE KEY")), "no private key in any file");
        assert.equal(mode(stateFile(root, "dev")), 0o600);
        assert.equal(mode(path.dirname(stateFile(root, "dev"))), 0o700);
        assert.ok(fs.readFileSync(stateFile(root, "dev"), "utf8").includes("PRIVATE KEY"), "the state holds the keys (hence 0600)");
    });

    test("the same config twice: byte-identical files (into the same and into another directory)", async () => {
        const again = await cli(root, "dev", "--out", out("a"));
        assert.equal(again.code, 0, again.err);
        assert.deepEqual(snapshot(out("a")), first);
        assert.equal((await cli(root, "dev", "--out", out("b"))).code, 0);
        assert.deepEqual(snapshot(out("b")), first);
    });

    test("a config change changes only the files of the objects it affects", async () => {
        const stackFile = path.join(root, "Pulumi.dev.yaml");
        const original = fs.readFileSync(stackFile, "utf8");
        try {
            fs.writeFileSync(stackFile, original.replace("logLevel: debug", "logLevel: info"));
            const r = await cli(root, "dev", "--out", out("c"));
            assert.equal(r.code, 0, r.err);
            const changed = snapshot(out("c"));
            assert.deepEqual([...changed.keys()].sort(), [...first.keys()].sort());
            const differ = [...changed].filter(([f, t]) => first.get(f) !== t).map(([f]) => f);
            assert.deepEqual(differ.sort(), ["60-deployment-gloo-system-gateway-proxy.yaml", "60-deployment-gloo-system-gloo.yaml"]);
        } finally {
            fs.writeFileSync(stackFile, original);
        }
    });

    test("--show-secrets writes the saved key, matching the certificate, owner-only and applicable", async () => {
        const r = await cli(root, "dev", "--out", out("d"), "--show-secrets");
        assert.equal(r.code, 0, r.err);
        const f = path.join(out("d"), "30-secret-gloo-system-gloo-mtls-certs.yaml");
        assert.equal(mode(f), 0o600);
        const shown = YAML.parse(fs.readFileSync(f, "utf8")).stringData;
        const cert = new crypto.X509Certificate(shown["tls.crt"]);
        assert.ok(cert.checkPrivateKey(crypto.createPrivateKey(shown["tls.key"])), "the key belongs to the certificate");
        const redacted = YAML.parse(first.get("30-secret-gloo-system-gloo-mtls-certs.yaml.redacted")!).stringData;
        assert.equal(shown["tls.crt"], redacted["tls.crt"], "the same certificate as the redacted render: the key came from the state");
        assert.match(r.out, /Private values in plaintext/);
    });

    test("--fresh starts over: new certificates", async () => {
        const r = await cli(root, "dev", "--out", out("e"), "--fresh");
        assert.equal(r.code, 0, r.err);
        const secret = "30-secret-gloo-system-gloo-mtls-certs.yaml.redacted";
        assert.notEqual(snapshot(out("e")).get(secret), first.get(secret));
    });
});

test("an undecryptable stack secret is rendered as a visible placeholder, reported with its line and the fix, and held back", { timeout: 60_000 }, async () => {
    const root = tmp();
    try {
        fs.writeFileSync(
            path.join(root, "Pulumi.ee.yaml"),
            "config:\n  gloo-mtls:enterprise:\n    enabled: true\n    licenseKey:\n      secure: v1:PLACEHOLDER-set-with-pulumi-config-set-secret\n",
        );
        const r = await cli(root, "ee", "--out", path.join(root, "out"), "--show-secrets");
        assert.equal(r.code, 0, r.err);
        assert.match(r.err, /Pulumi\.ee\.yaml:5: the secret value enterprise\.licenseKey is a placeholder, not a ciphertext/);
        assert.match(r.err, /pulumi config set --secret --path 'enterprise\.licenseKey' <value> -s ee/);
        assert.match(r.err, /Secret license \(.*30-secret-gloo-system-license\.yaml\.placeholder\)/);
        const files = snapshot(path.join(root, "out"));
        assert.ok(files.get("30-secret-gloo-system-license.yaml.placeholder")!.includes(PLACEHOLDER));
        assert.ok(![...files].some(([f, t]) => /\.ya?ml$/.test(f) && t.includes(PLACEHOLDER)), "no file kubectl would apply holds the placeholder");
        assert.match(r.out, /^Secret +gloo-system +license +.*NOT APPLIED/m);
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
});

test("a certificate inside its early-renewal window is reused with a warning; --renew re-issues it", { timeout: 60_000 }, async () => {
    const root = tmp();
    const realNow = Date.now;
    try {
        // A 1-day leaf enters its renewal window (a third of its validity, 8 h) 16 h after it is issued.
        fs.writeFileSync(path.join(root, "Pulumi.short.yaml"), "config:\n  gloo-mtls:certificates:\n    leafValidityDays: 1\n");
        const secret = (dir: string) => YAML.parse(fs.readFileSync(path.join(root, dir, "30-secret-gloo-system-gloo-mtls-certs.yaml.redacted"), "utf8")).stringData;
        assert.equal((await cli(root, "short", "--out", path.join(root, "a"))).code, 0);
        const fresh = await cli(root, "short", "--out", path.join(root, "a0"));
        assert.doesNotMatch(fresh.err, /early-renewal window/, "a new leaf is outside its window");
        Date.now = () => realNow() + 20 * 3600_000;
        const kept = await cli(root, "short", "--out", path.join(root, "b"));
        assert.equal(kept.code, 0, kept.err);
        assert.match(kept.err, /certificate gloo-gloo-mtls-certs-leaf-1 is inside its early-renewal window .*--renew/);
        assert.deepEqual(snapshot(path.join(root, "b")), snapshot(path.join(root, "a")));
        const renewed = await cli(root, "short", "--out", path.join(root, "c"), "--renew");
        assert.match(renewed.err, /certificate gloo-gloo-mtls-certs-leaf-1 re-issued/);
        assert.notEqual(secret("c")["tls.crt"], secret("a")["tls.crt"]);
        assert.equal(secret("c")["ca.crt"], secret("a")["ca.crt"], "the CA stays");
    } finally {
        Date.now = realNow;
        fs.rmSync(root, { recursive: true, force: true });
    }
});

test("a program error exits 1 with its message and writes nothing", { timeout: 60_000 }, async () => {
    const root = tmp();
    try {
        fs.writeFileSync(path.join(root, "Pulumi.bad.yaml"), "config:\n  gloo-mtls:namespace: Not_A_Label\n");
        const r = await cli(root, "bad", "--out", path.join(root, "out"));
        assert.equal(r.code, 1);
        assert.match(r.err, /^error: [\s\S]*namespace[\s\S]*Not_A_Label/m);
        assert.ok(!fs.existsSync(path.join(root, "out")));
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
});

test("a stack file setting the default provider's keys is refused: the deploy would silently go to the ambient context", { timeout: 60_000 }, async () => {
    const root = tmp();
    try {
        fs.writeFileSync(path.join(root, "Pulumi.ctx.yaml"), "config:\n  pulumi:disable-default-providers:\n    - kubernetes\n  kubernetes:context: prod\n");
        const r = await cli(root, "ctx", "--out", path.join(root, "out"));
        assert.equal(r.code, 1);
        assert.match(r.err, /kubernetes:context: configures Pulumi's default Kubernetes provider, which this program never uses/);
        assert.match(r.err, /use gloo-mtls:kubernetes\.context/);
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
});
