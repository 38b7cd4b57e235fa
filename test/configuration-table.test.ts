// The configuration table (docs/configuration.md) and the config schema name the same keys: a key added to the schema
// without a row, or a row left behind by a renamed key, fails here.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { configSchema } from "../stacks/config";
import { Seg, schemaNodes } from "./validate/config-schema";

const CONFIGURATION = fs.readFileSync(path.join(__dirname, "..", "docs", "configuration.md"), "utf8");

/** The key column of the configuration table, with its default column. */
function tableRows(doc: string): { key: string; default: string }[] {
    const start = doc.indexOf("| key | default | meaning |");
    const lines = doc.slice(start).split("\n").slice(2);
    const rows = lines.slice(0, lines.findIndex((l) => !l.startsWith("|")));
    return rows.map((l) => {
        const cells = l.split(" | ");
        return { key: cells[0].replace(/^\| /, ""), default: cells[1] };
    });
}

/**
 * The keys a key cell documents: "`a.b`", "`a.b` / `c`" (c is a sibling of b), "`a.{b,c}`" (a.b and a.c).
 */
function documentedKeys(cell: string): string[] {
    const parts = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const first = parts[0];
    const parent = first.includes(".") ? first.slice(0, first.lastIndexOf(".") + 1) : "";
    return [first, ...parts.slice(1).map((p) => parent + p)].flatMap((k) => {
        const m = k.match(/^(.*)\{([^}]+)\}$/);
        return m ? m[2].split(",").map((x) => m[1] + x) : [k];
    });
}

/** Every key path of the config schema, a record's keys as `<key>` and array items as `[0]`. */
function schemaKeys(): Set<string> {
    const fmt = (p: Seg[]) => p.map((s) => ("index" in s ? "[0]" : "key" in s ? s.key : "<key>")).join(".").replace(/\.\[0\]/g, "[0]");
    const keys = new Set<string>();
    for (const node of schemaNodes(configSchema)) {
        if (node.path.length > 0) keys.add(fmt(node.path)); // a record's entries: `gatewayProxies.<key>`
        for (const k of node.keys ?? []) keys.add(fmt([...node.path, { key: k }]));
    }
    return keys;
}

/**
 * What is wrong between the table and the schema's key paths. A schema key is fine when it has a row; when it is a
 * section (a key below it has a row); or when its nearest documented ancestor is a whole value (a row with no rows
 * below it, e.g. `gloo.deployment.resources`). Every row must name a key of the schema.
 */
function tableProblems(documented: Set<string>, keys: Set<string>): string[] {
    const errs: string[] = [];
    const below = (a: string, b: string) => b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
    const isSection = (k: string) => [...documented].some((d) => below(k, d));
    for (const k of keys) {
        if (documented.has(k) || isSection(k)) continue;
        const ancestors = [...documented].filter((d) => below(d, k)).sort((a, b) => b.length - a.length);
        if (ancestors.length > 0 && !isSection(ancestors[0])) continue;
        errs.push(`${k}: a config key without a row in the configuration table (docs/configuration.md)`);
    }
    for (const d of documented) if (!keys.has(d)) errs.push(`${d}: a row of the configuration table (docs/configuration.md) that is not a config key`);
    return errs.sort();
}

describe("the configuration table (docs/configuration.md)", () => {
    const rows = tableRows(CONFIGURATION);
    const documented = new Set(rows.flatMap((r) => documentedKeys(r.key)));

    it("reads the key cells as written", () => {
        assert.deepEqual(documentedKeys("`gatewayProxies.<key>.podTemplate.httpPort` / `httpsPort`"), ["gatewayProxies.<key>.podTemplate.httpPort", "gatewayProxies.<key>.podTemplate.httpsPort"]);
        assert.deepEqual(documentedKeys("`redis.deployment.image.{registry,tag}`"), ["redis.deployment.image.registry", "redis.deployment.image.tag"]);
        assert.ok(rows.length > 50, `${rows.length} rows read`);
    });

    it("has a row with a default for every config key, and no row for a key that does not exist", () => {
        assert.deepEqual(tableProblems(documented, schemaKeys()), []);
        for (const r of rows) assert.ok(r.default.trim().length > 0, `${r.key}: a default`);
    });

    it("can fail: a key without its row, a row without its key", () => {
        const keys = schemaKeys();
        const without = new Set([...documented].filter((d) => d !== "gatewayProxies.<key>.service.clusterIP"));
        assert.deepEqual(tableProblems(without, keys), ["gatewayProxies.<key>.service.clusterIP: a config key without a row in the configuration table (docs/configuration.md)"]);
        assert.deepEqual(tableProblems(new Set([...documented, "gloo.deployment.replica"]), keys), ["gloo.deployment.replica: a row of the configuration table (docs/configuration.md) that is not a config key"]);
        // A whole value covers what is inside it; a section does not.
        assert.ok(keys.has("gloo.deployment.resources.limits"));
        assert.ok(tableProblems(new Set([...documented].filter((d) => !d.startsWith("gloo.xdsExternal.service."))), keys).includes("gloo.xdsExternal.service.type: a config key without a row in the configuration table (docs/configuration.md)"));
    });
});
