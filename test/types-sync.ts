// Compile-time only (checked by `tsc --noEmit` in `npm test`): the documented argument types and the schema that
// validates them. Every argument the types allow is something the schema accepts; the schema accepts more than
// the types say only where stack config may write what Pulumi's schema cannot describe (null to cancel an inherited
// proxy value, numbers for quantities and quoted label values, the transforms' inputs), and the two name the same
// keys at every level (a key added to one and not the other fails here).
import { z } from "zod";
import { GlooInstallArgs } from "../components/args";
import { GatewayProxyValues, GlooDeploymentValues } from "../components/proxies/types";
import { glooDeploymentSchema, proxySchema } from "../components/validation/proxy-schema";
import { argsSchema } from "../components/validation/schema";

/**
 * Dotted key paths of a shape: arrays by their elements, maps as `*`; Pulumi Inputs and resources (providers)
 * are leaves.
 */
type Paths<T, Depth extends unknown[] = []> = Depth["length"] extends 8
    ? never
    : 0 extends 1 & T // any (an IntOrPercent): a leaf
      ? never
    : T extends string | number | boolean | null | undefined | ((...a: never[]) => unknown) | { urn: unknown } | PromiseLike<unknown> | { apply: unknown }
      ? never
      : T extends readonly (infer E)[]
        ? Paths<E, Depth>
        : T extends object
          ? string extends keyof T
              ? "*" | `*.${Paths<NonNullable<T[string & keyof T]>, [...Depth, unknown]>}`
              : { [K in keyof T & string]-?: K | `${K}.${Paths<NonNullable<T[K]>, [...Depth, unknown]>}` }[keyof T & string]
          : never;

export const proxyValuesFitSchema: [GatewayProxyValues] extends [z.input<typeof proxySchema>] ? true : false = true;
export const glooValuesFitSchema: [GlooDeploymentValues] extends [z.input<typeof glooDeploymentSchema>] ? true : false = true;
/** Every argument is something the schema accepts (the schema also takes what Pulumi Inputs resolve to). */
export const argsFitSchema: [GlooInstallArgs] extends [z.input<typeof argsSchema>] ? true : false = true;
type ArgPaths = Paths<GlooInstallArgs>;
type SchemaPaths = Paths<z.input<typeof argsSchema>>;
/** Key paths the types have and the schema lacks, and the reverse: none. */
export const onlyInTypes: [Exclude<ArgPaths, SchemaPaths>] extends [never] ? true : false = true;
export const onlyInSchema: [Exclude<SchemaPaths, ArgPaths>] extends [never] ? true : false = true;
// The check can fail: a key only one side has.
export const extraKeyFound: [Exclude<Paths<GlooInstallArgs & { extra?: { x?: string } }>, SchemaPaths>] extends [never] ? true : false = false;
export const nestedKeyFound: [Exclude<Paths<{ gatewayProxies?: Record<string, { podTemplate?: { x?: number } }> }>, SchemaPaths>] extends [never] ? true : false = false;
