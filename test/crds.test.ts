// Gloo's CRDs: the chart's real 1.22.1 schemas (not permissive), installed as one ConfigGroup retained on delete,
// optional per stack (crds.enabled), expanded by the offline render, and what their schemas make the API server
// do with a misspelt field.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import * as YAML from "yaml";
import { resolveArgs } from "../components/args";
import { GLOO_CRDS_FILE, glooCrdManifests, glooCrdsJson, locateCrdsFile } from "../components/crds";
import { main } from "../render/cli";
import { CONFIG_GROUP_TYPE, expandConfigGroup } from "../render/config-group";
import { Registered, RunResult } from "../render/program";
import { COMPACT_FILE, CRDS_DIR, compactForm, parseChartCrds } from "../scripts/crds";
import { ConfigError, parseStackConfig } from "../stacks/config";
import { asInstallArgs } from "../stacks";
import { routeOption, upstream, virtualService } from "./gloo-fixtures";
import { Checked, objectSet, problems, runChecked, structureProblems } from "./harness";
import { GLOO_CRD_SCHEMAS } from "./validate/gloo-crd-schemas";
import { validateKubernetesObject } from "./validate/kubernetes";
import { pruneCustomResource } from "./validate/prune";

/** The chart's 15 CRDs (install/helm/gloo/crds/ of v1.22.1): name, kind, and each version as `name served storage`. */
const CHART_CRDS = [
    ["authconfigs.enterprise.gloo.solo.io", "AuthConfig", "v1 served storage"],
    ["gateways.gateway.solo.io", "Gateway", "v1 served storage"],
    ["httpgateways.gateway.solo.io", "MatchableHttpGateway", "v1 served storage"],
    ["httplisteneroptions.gateway.solo.io", "HttpListenerOption", "v1 served storage"],
    ["listeneroptions.gateway.solo.io", "ListenerOption", "v1 served storage"],
    ["proxies.gloo.solo.io", "Proxy", "v1 served storage"],
    ["ratelimitconfigs.ratelimit.solo.io", "RateLimitConfig", "v1alpha1 served storage"],
    ["routeoptions.gateway.solo.io", "RouteOption", "v1 served storage"],
    ["routetables.gateway.solo.io", "RouteTable", "v1 served storage"],
    ["settings.gloo.solo.io", "Settings", "v1 served storage"],
    ["tcpgateways.gateway.solo.io", "MatchableTcpGateway", "v1 served storage"],
    ["upstreamgroups.gloo.solo.io", "UpstreamGroup", "v1 served storage"],
    ["upstreams.gloo.solo.io", "Upstream", "v1 served storage"],
    ["virtualhostoptions.gateway.solo.io", "VirtualHostOption", "v1 served storage"],
    ["virtualservices.gateway.solo.io", "VirtualService", "v1 served storage"],
];

const byName = <T extends { metadata: Record<string, any> }>(xs: T[]): T[] => [...xs].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
const isCrd = (m: { kind: string }) => m.kind === "CustomResourceDefinition";
const GLOO_GROUPS = /^(gloo|gateway|enterprise\.gloo|ratelimit)\.solo\.io\//;
const LICENSE = "test-license-key-0123456789";
/** Enterprise with both servers: the program then creates all three kinds of custom resource (Settings, Gateways, Upstreams). */
const ENTERPRISE = {
    enterprise: { enabled: true, licenseKey: LICENSE },
    global: { extensions: { extAuth: { enabled: true }, rateLimit: { enabled: true } } },
};

describe("the shipped CRD data", () => {
    it("crds/gloo-crds.json is exactly what `npm run crds:generate` makes of crds/*.yaml", () => {
        assert.equal(GLOO_CRDS_FILE, COMPACT_FILE);
        assert.equal(fs.readFileSync(COMPACT_FILE, "utf8"), compactForm(parseChartCrds()));
    });

    it("is found from the repository's components/ and from the built package's dist/components/ (it ships in the package)", () => {
        const root = path.resolve(__dirname, "..");
        assert.equal(locateCrdsFile(path.join(root, "components")), COMPACT_FILE);
        assert.equal(locateCrdsFile(path.join(root, "dist", "components")), COMPACT_FILE);
        assert.throws(() => locateCrdsFile(os.tmpdir()), /crds\/gloo-crds\.json not found/);
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        assert.ok(pkg.files.includes("crds/"), "package.json files ships crds/");
    });

    it("holds the chart's 15 CRDs: names, kinds, versions, all Namespaced", () => {
        const crds = glooCrdManifests();
        const table = crds.map((c) => [c.metadata.name, c.spec.names.kind, c.spec.versions.map((v) => [v.name, v.served && "served", v.storage && "storage"].filter(Boolean).join(" ")).join()]);
        assert.deepEqual(table.sort(), CHART_CRDS);
        for (const c of crds) assert.equal(c.spec.scope, "Namespaced", c.metadata.name);
    });

    it("keeps its provenance and licence next to it", () => {
        const readme = fs.readFileSync(path.join(CRDS_DIR, "README.md"), "utf8");
        for (const s of ["solo-io/gloo", "`v1.22.1`", "install/helm/gloo/crds/", "Apache License, Version 2.0", "npm run crds:generate"]) assert.ok(readme.includes(s), s);
        const licence = fs.readFileSync(path.join(CRDS_DIR, "LICENSE"), "utf8");
        assert.match(licence, /^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
        assert.match(licence, /Copyright 2018 Solo\.io, Inc\./);
    });

    it("has the real schemas: spec is declared field by field (RateLimitConfig is permissive in the chart itself)", () => {
        for (const c of glooCrdManifests()) {
            const root = c.spec.versions[0].schema.openAPIV3Schema;
            if (c.spec.names.kind === "RateLimitConfig") {
                assert.deepEqual(root, { type: "object", "x-kubernetes-preserve-unknown-fields": true });
                continue;
            }
            assert.equal(root["x-kubernetes-preserve-unknown-fields"], undefined, c.metadata.name);
            const spec = root.properties?.spec;
            assert.equal(spec?.["x-kubernetes-preserve-unknown-fields"], undefined, c.metadata.name);
            assert.ok(Object.keys(spec?.properties ?? {}).length > 0, `${c.metadata.name}: spec declares its fields`);
        }
    });
});

/** The Gloo custom resources a run registered, found by kind and metadata.name. */
function glooCustomResources(r: RunResult): Registered[] {
    return r.resources.filter((x) => x.custom && GLOO_GROUPS.test(String(x.inputs.apiVersion)));
}

describe("the CRDs the program installs", () => {
    let on: Checked;
    let off: Checked;
    before(async () => {
        on = await runChecked({ config: ENTERPRISE, secretKeys: ["enterprise"] });
        off = await runChecked({ config: { ...ENTERPRISE, crds: { enabled: false } }, secretKeys: ["enterprise"] });
    });

    it("are the shipped objects, whole schemas included", () => {
        const applied = byName(on.objects.filter(isCrd));
        assert.deepEqual(applied, byName(glooCrdManifests()));
        for (const [name] of CHART_CRDS) {
            const shipped = glooCrdManifests().find((c) => c.metadata.name === name)!;
            assert.deepEqual(on.find("CustomResourceDefinition", name).spec.versions[0].schema.openAPIV3Schema, shipped.spec.versions[0].schema.openAPIV3Schema, name);
        }
    });

    it("come from one ConfigGroup on the explicit provider, retained on delete, with the compact JSON as its yaml", () => {
        const groups = on.resources.filter((r) => r.type === CONFIG_GROUP_TYPE);
        assert.equal(groups.length, 1);
        const [g] = groups;
        assert.equal(g.options?.retainOnDelete, true);
        assert.equal(g.options?.parent?.type, "gloo-mtls:index:GlooInstall");
        // The install's own provider for CRDs adopts existing ones: they are retained, so the next install on the cluster meets them.
        assert.match(g.provider ?? "", /pulumi:providers:kubernetes::gloo-k8s-crds::/);
        const crdProvider = on.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "gloo-k8s-crds")!;
        assert.equal(String(crdProvider.inputs.upsertExistingObjects), "true");
        const main = on.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "gloo-k8s")!;
        assert.equal(main.inputs.upsertExistingObjects, undefined, "only the CRDs are adopted");
        assert.equal(g.inputs.resourcePrefix, "gloo-crds", "children named <install>-crds:<crd>: two installs on two clusters never collide");
        assert.equal(g.inputs.yaml, glooCrdsJson());
        // No CRD is registered any other way (a typed one would not be retained).
        assert.deepEqual(on.resources.filter((r) => r.type.includes("CustomResourceDefinition")), []);
    });

    it("are waited for by every Gloo custom resource (Settings, Gateways, Upstreams)", () => {
        const crs = glooCustomResources(on);
        assert.deepEqual(crs.map((r) => `${r.inputs.kind}/${r.inputs.metadata.name}`).sort(), ["Gateway/gateway-proxy", "Gateway/gateway-proxy-ssl", "Settings/default", "Upstream/extauth", "Upstream/rate-limit"]);
        for (const r of crs) assert.ok(r.options?.dependsOn.some((d) => d.type === CONFIG_GROUP_TYPE), `${r.inputs.kind}/${r.inputs.metadata.name} waits for the CRDs`);
    });

    it("crds.enabled false: no CRD at all, nothing waits for one, every other object unchanged", () => {
        assert.deepEqual(off.objects.filter(isCrd), []);
        assert.deepEqual(off.resources.filter((r) => r.type === CONFIG_GROUP_TYPE || r.type.includes("CustomResourceDefinition")), []);
        assert.deepEqual(objectSet(off.objects), objectSet(on.objects).filter((l) => !l.startsWith("CustomResourceDefinition ")));
        for (const r of off.resources) assert.ok(!r.options?.dependsOn.some((d) => d.type === CONFIG_GROUP_TYPE), `${r.type} ${r.name}`);
        assert.equal(glooCustomResources(off).length, glooCustomResources(on).length, "the custom resources are still created");
    });

    it("the harness checks the ConfigGroup's objects and the group itself (the checks can fail)", () => {
        const crds = glooCrdManifests();
        const up = crds.find((c) => c.spec.names.kind === "Upstream")!;
        (up.spec.versions[0].schema.openAPIV3Schema.properties!.spec as Record<string, unknown>).x_kubernetes_preserve_unknown_fields = true;
        crds.find((c) => c.spec.names.kind === "Proxy")!.metadata.name = "proxy.gloo.solo.io";
        const broken = on.resources.map((r) =>
            r.type === CONFIG_GROUP_TYPE ? { ...r, provider: undefined, inputs: { ...r.inputs, yaml: JSON.stringify({ apiVersion: "v1", kind: "List", items: crds }) } } : r,
        );
        const errs = problems({ ...on, resources: broken });
        assert.ok(errs.some((e) => /^CustomResourceDefinition\/-\/upstreams\.gloo\.solo\.io: .*x_kubernetes_preserve_unknown_fields: unknown field/.test(e)), errs.join("\n"));
        assert.ok(errs.some((e) => /^CustomResourceDefinition\/-\/proxy\.gloo\.solo\.io: metadata\.name: must be spec\.names\.plural/.test(e)), errs.join("\n"));
        assert.ok(structureProblems(broken).some((e) => e.startsWith(`${CONFIG_GROUP_TYPE} gloo-crds: not on an explicit provider`)), "ConfigGroup provider checked");
    });
});

describe("crds.enabled in the stack config", () => {
    it("is a boolean that defaults to true", () => {
        assert.equal(resolveArgs({}).crds, true);
        assert.deepEqual(parseStackConfig({ "gloo-mtls:crds": '{"enabled":false}' }), { crds: { enabled: false } });
        assert.equal(resolveArgs(asInstallArgs(parseStackConfig({ "gloo-mtls:crds": '{"enabled":false}' }))).crds, false);
    });

    it("names the key, the bad value and what is allowed", () => {
        const errors = (raw: Record<string, string>) => {
            try {
                parseStackConfig(raw);
            } catch (e) {
                assert.ok(e instanceof ConfigError);
                return e.problems;
            }
            assert.fail("expected a ConfigError");
        };
        assert.deepEqual(errors({ "gloo-mtls:crds": '{"enabled":"no"}' }), ['gloo-mtls:crds.enabled: got "no"; expected boolean']);
        assert.deepEqual(errors({ "gloo-mtls:crds": '{"enable":false}' }), ["gloo-mtls:crds.enable: unknown key (allowed here: enabled)"]);
    });
});

describe("offline render", () => {
    it("npm run render -- dev writes the 15 CRDs with their full schemas, as the provider sends them", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "gloo-crds-"));
        try {
            fs.copyFileSync(path.resolve(__dirname, "..", "Pulumi.dev.yaml"), path.join(root, "Pulumi.dev.yaml"));
            const out = path.join(root, "out");
            const quiet = { stdout: () => undefined, stderr: () => undefined, root };
            assert.equal(await main(["dev", "--out", out], quiet), 0);
            const crdDir = path.join(out, "00-crds");
            const texts = fs.readdirSync(crdDir).map((f) => fs.readFileSync(path.join(crdDir, f), "utf8"));
            // Written as JSON (render/output.ts yamlOf), which YAML reads as the same objects: shown on the smallest,
            // as YAML's parser takes a second over all 2.7 MB.
            const written = texts.map((t) => JSON.parse(t));
            const smallest = texts.reduce((a, b) => (b.length < a.length ? b : a));
            assert.deepEqual(YAML.parse(smallest), JSON.parse(smallest));
            assert.deepEqual(byName(written), byName(glooCrdManifests()));
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("expands a ConfigGroup as the provider does, and refuses what it cannot reproduce offline", () => {
        const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "x" } };
        const yaml = `---\n${YAML.stringify({ apiVersion: "v1", kind: "List", items: [cm, { ...cm, metadata: { name: "b", namespace: "x" } }] })}---\n---\n${YAML.stringify(cm)}`;
        assert.deepEqual(
            expandConfigGroup("g", { yaml, objs: [cm] }).map((o) => o.metadata.name),
            ["a", "b", "a", "a"],
        );
        assert.equal(expandConfigGroup("g", { yaml: glooCrdsJson() }).length, 15);
        assert.throws(() => expandConfigGroup("g", { files: ["crds/*.yaml"] }), /ConfigGroup g: "files" cannot be expanded offline/);
        assert.throws(() => expandConfigGroup("g", { objs: [{ ...cm, metadata: { name: "a" } }] }), /v1\/ConfigMap a: has no namespace/);
        assert.throws(() => expandConfigGroup("g", { yaml: '{"kind": ' }), /looks like JSON but is not one JSON document/);
    });

    it("parses a text once: every expansion of it shares the same objects, frozen, and another text is parsed anew", () => {
        const [first] = expandConfigGroup("g", { yaml: glooCrdsJson() });
        const [again] = expandConfigGroup("h", { yaml: glooCrdsJson() });
        assert.equal(again, first);
        assert.ok(Object.isFrozen(first) && Object.isFrozen(first.spec.versions[0].schema));
        assert.throws(() => (first.metadata.name = "changed"), TypeError);
        const other = JSON.stringify({ ...JSON.parse(glooCrdsJson()), extra: 1 });
        assert.notEqual(expandConfigGroup("g", { yaml: other })[0], first);
    });
});

describe("structural pruning: what the API server stores of a custom resource", () => {
    const schema = (apiVersionKind: string) => GLOO_CRD_SCHEMAS[apiVersionKind].schema;
    /** The pre-1.22.1 CRDs of this program: spec and status kept whatever they held. */
    const PERMISSIVE = {
        type: "object" as const,
        properties: { spec: { type: "object" as const, "x-kubernetes-preserve-unknown-fields": true }, status: { type: "object" as const, "x-kubernetes-preserve-unknown-fields": true } },
    };

    it("drops a misspelt field of a VirtualService and keeps every correctly spelt one", () => {
        const vs = virtualService();
        vs.spec.virtualHost.routes[0].options.timout = "30s";
        const r = pruneCustomResource(vs, schema("gateway.solo.io/v1/VirtualService"));
        assert.deepEqual(r.pruned, ["spec.virtualHost.routes[0].options.timout"]);
        assert.deepEqual(r.kept, virtualService());
        // The validator reports the same field before it ever reaches a cluster.
        assert.ok(validateKubernetesObject(vs).some((e) => e.includes("spec.virtualHost.routes[0].options.timout: unknown field")));
    });

    it("drops a misspelt field of a RouteOption and of an Upstream", () => {
        const ro = routeOption();
        ro.spec.options.retries.numRetrys = 5;
        const r1 = pruneCustomResource(ro, schema("gateway.solo.io/v1/RouteOption"));
        assert.deepEqual(r1.pruned, ["spec.options.retries.numRetrys"]);
        assert.deepEqual(r1.kept, routeOption());

        const us = upstream();
        us.spec.connectionConfig.maxRequestsPerConection = 1;
        us.spec.sslconfig = { sni: "petstore.default.svc" };
        const r2 = pruneCustomResource(us, schema("gloo.solo.io/v1/Upstream"));
        assert.deepEqual(r2.pruned, ["spec.connectionConfig.maxRequestsPerConection", "spec.sslconfig"]);
        assert.deepEqual(r2.kept, upstream());
    });

    it("keeps additionalProperties maps, apiVersion, kind and metadata as they are", () => {
        const us = upstream();
        us.spec.kube.selector = { app: "petstore", "app.kubernetes.io/version": "v2" };
        us.metadata.annotations = { note: "kept" };
        const r = pruneCustomResource(us, schema("gloo.solo.io/v1/Upstream"));
        assert.deepEqual(r.pruned, []);
        assert.deepEqual(r.kept, us);
    });

    it("keeps unknown fields under x-kubernetes-preserve-unknown-fields, where the schema asks for it", () => {
        const us = upstream();
        us.spec.healthChecks[0].customHealthCheck = { name: "envoy.health_checkers.redis", config: { keyPrefix: "pets", anyThing: { nested: [1, { deep: true }] } } };
        const r = pruneCustomResource(us, schema("gloo.solo.io/v1/Upstream"));
        assert.deepEqual(r.pruned, []);
        assert.deepEqual(r.kept, us);
    });

    it("under the permissive schema the program used to install, the misspelt field would have been stored", () => {
        const vs = virtualService();
        vs.spec.virtualHost.routes[0].options.timout = "30s";
        const r = pruneCustomResource(vs, PERMISSIVE);
        assert.deepEqual(r.pruned, []);
        assert.equal((r.kept as any).spec.virtualHost.routes[0].options.timout, "30s");
        // The root still prunes what is outside spec and status.
        assert.deepEqual(pruneCustomResource({ ...vs, sepc: {} }, PERMISSIVE).pruned, ["sepc"]);
    });
});
