// Compile-time only (checked by `tsc --noEmit` in `npm test`): the documented argument types of the production
// keys and the schema that validates them accept exactly the same shapes, both ways.
import { z } from "zod";
import { GlooInstallArgs } from "../components/args";
import { GatewayProxyValues, GlooDeploymentValues } from "../components/proxies/types";
import { glooDeploymentSchema, proxySchema } from "../components/validation/proxy-schema";
import { argsSchema } from "../components/validation/schema";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const proxyValuesMatchSchema: Same<GatewayProxyValues, z.input<typeof proxySchema>> = true;
export const glooValuesMatchSchema: Same<GlooDeploymentValues, z.input<typeof glooDeploymentSchema>> = true;
/** Every argument is something the schema accepts (the schema also takes what Pulumi Inputs resolve to). */
export const argsFitSchema: [GlooInstallArgs] extends [z.input<typeof argsSchema>] ? true : false = true;
