// Rows of (key, value, object, field, expected) checked against one program run per group, the style of
// production-keys.test.ts: the expectations are written by hand from `helm template` of the chart 1.22.1 with the
// group's values (tests never run helm). Every run passes the harness's checks (runChecked).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as YAML from "yaml";
import { Checked, runChecked } from "./harness";

export const ABSENT = Symbol("absent");
export type Row = [key: string, value: unknown, object: string, path: string, expected: unknown];
export interface Group {
    /** Config the rows do not name (set before them). */
    base?: Record<string, unknown>;
    secretKeys?: string[];
    rows: Row[];
}

/** `a.b[name=x].c[0]`: object keys, list items by index or by `name`; `['dotted.key']` for annotation names. */
export function at(obj: unknown, path: string): unknown {
    const parts = path.match(/\['[^']+'\]|[^.[\]]+|\[[^\]]+\]/g) ?? [];
    let v: any = obj;
    for (const p of parts) {
        if (v === undefined || v === null) return undefined;
        if (p.startsWith("['")) v = v[p.slice(2, -2)];
        else if (p.startsWith("[")) {
            const sel = p.slice(1, -1);
            const [k, want] = sel.split("=");
            v = want === undefined ? v[Number(sel)] : (v as any[]).find((x) => x?.[k] === want);
        } else v = v[p];
    }
    return v;
}

/** Sets `key` (a dotted path) in `config`; two rows may name one key only with the same value. */
export function setKey(config: Record<string, any>, key: string, value: unknown): void {
    const parts = key.split(".");
    let o = config;
    for (const p of parts.slice(0, -1)) o = o[p] ??= {};
    const last = parts[parts.length - 1];
    if (last in o) assert.deepEqual(o[last], value, `rows set ${key} to two values`);
    o[last] = value;
}

/** The config the rows of a group make. */
export function groupConfig(g: Group): Record<string, any> {
    const config: Record<string, any> = structuredClone(g.base ?? {});
    for (const [key, value] of g.rows) setKey(config, key, value);
    return config;
}

/** A field of an object; `bootstrap.<path>` reads a ConfigMap's `envoy.yaml`. */
export function fieldOf(obj: any, path: string): unknown {
    if (path.startsWith("bootstrap.")) return at(YAML.parse(obj.data["envoy.yaml"]), path.slice("bootstrap.".length));
    return at(obj, path);
}

/** One object's field against its expected value; `path` "" asks whether the object exists. */
export function checkRow(r: Pick<Checked, "maybe">, [, , object, path, expected]: Row): void {
    const [kind, name] = object.split("/");
    const obj = r.maybe(kind, name);
    if (path === "") return assert.equal(obj !== undefined, expected !== ABSENT, `${object} should ${expected === ABSENT ? "not " : ""}exist`);
    assert.ok(obj, `${object} exists`);
    const got = fieldOf(obj, path);
    if (expected === ABSENT) assert.equal(got, undefined);
    else assert.deepEqual(got, expected);
}

/** One `describe` per group: one program run, one test per row. */
export function describeGroups(title: string, groups: Record<string, Group>): void {
    for (const [group, g] of Object.entries(groups)) {
        describe(`${title}: ${group}`, { timeout: 60_000 }, () => {
            let r: Checked;
            before(async () => (r = await runChecked({ config: groupConfig(g), secretKeys: g.secretKeys })));
            for (const row of g.rows) {
                it(`${row[0]} = ${JSON.stringify(row[1])} → ${row[2]} ${row[3] || "(exists?)"}`, () => checkRow(r, row));
            }
        });
    }
}
