// The stack loader's verdict on a config, for the tests that hold refusals and warnings key by key.
import assert from "node:assert/strict";
import { ConfigError, checkStackConfig } from "../stacks/config";

/** The stack loader's verdict on `config` (values as the engine passes them: top-level strings as text, the rest as JSON). */
export function check(config: Record<string, unknown>): { problems: string[]; warnings: string[] } {
    const raw = Object.fromEntries(Object.entries(config).map(([k, v]) => [`gloo-mtls:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
    try {
        return { problems: [], warnings: checkStackConfig(raw).warnings };
    } catch (e) {
        assert.ok(e instanceof ConfigError, `a ConfigError, got ${e}`);
        return { problems: e.problems, warnings: [] };
    }
}

/** A config whose only key is the proxy `key`'s values. */
export const gp = (v: Record<string, unknown>, key = "gatewayProxy") => ({ gatewayProxies: { [key]: v } });
