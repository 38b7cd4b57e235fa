// Which stack a policy is looking at, and whether it is a production stack.
//
// The stack's name comes from the URNs the engine sends (`urn:pulumi:<stack>::<project>::<type>::<name>`):
// every resource and stack validation has them, they are the engine's own truth, and a test can make them.
// (`pulumi.getStack()` would also work inside the analyzer process, because the Node.js language host copies
// the stack name of the engine's ConfigureStack call into PULUMI_NODEJS_STACK, but @pulumi/policy itself
// drops everything of that call except the tags, and that environment is a host detail.)
// Tags come from `args.stackTags` (@pulumi/policy 1.21: the stack's tags, Pulumi Cloud and DIY backends alike).

/** Which stacks count as production; the policy's config, with these defaults. */
export interface ProdRule {
    /** Stack names (the last part of `org/project/stack`). */
    prodStacks: string[];
    /** `key=value` stack tags, any of which marks a production stack. */
    prodTags: string[];
}

export const DEFAULT_PROD_RULE: ProdRule = { prodStacks: ["prod"], prodTags: ["environment=prod"] };

export function stackOfUrn(urn: string): string | undefined {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn);
    return m ? m[1] : undefined;
}

/** Why the stack is production ("named prod", "tagged environment=prod"), or undefined when it is not. */
export function prodReason(stack: string, tags: ReadonlyMap<string, string>, rule: Partial<ProdRule>): string | undefined {
    const names = (rule.prodStacks ?? DEFAULT_PROD_RULE.prodStacks).map((n) => n.split("/").pop());
    if (names.includes(stack)) return `named ${stack}`;
    for (const t of rule.prodTags ?? DEFAULT_PROD_RULE.prodTags) {
        const i = t.indexOf("=");
        const [key, value] = i < 0 ? [t, undefined] : [t.slice(0, i), t.slice(i + 1)];
        const actual = tags.get(key);
        if (actual !== undefined && (value === undefined || actual === value)) return `tagged ${key}=${actual}`;
    }
    return undefined;
}
