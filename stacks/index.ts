// From stack config to the component's arguments: validation here (with the component's own rules), defaults in
// the component.
import * as pulumi from "@pulumi/pulumi";
import { GlooInstallArgs } from "../components/args";
import { markWarningsReported } from "../components/validation/warnings";
import { PROJECT, StackConfig, loadStackConfig } from "./config";

// The SDK's own record of which config keys the engine passed as secrets (`pulumi config set --secret`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/**
 * The validated stack config is already shaped like the component's arguments. The license key arrives
 * from allConfig() as a plain string: it is made a Pulumi secret here, before anything can use it.
 */
export function installArgs(config: StackConfig): GlooInstallArgs {
    const args = asInstallArgs(config);
    const key = config.enterprise?.licenseKey;
    if (key === undefined) return args;
    if (!isConfigSecret(`${PROJECT}:enterprise`)) {
        pulumi.log.warn(
            `${PROJECT}:enterprise.licenseKey is stored in plain text in the stack file; it belongs in a secret ` +
                `(pulumi config rm --path 'enterprise.licenseKey' && pulumi config set --secret --path 'enterprise.licenseKey' <key>)`,
        );
    }
    return { ...args, enterprise: { ...config.enterprise, licenseKey: pulumi.secret(key) } };
}

/**
 * Validated stack config as arguments. Stack config may write `null` (YAML `~`) where a gateway proxy cancels a value
 * it would inherit from gatewayProxy; GlooInstallArgs leave null out (Pulumi's schema, which every language's SDK is
 * made from, has none), and GlooInstall accepts it all the same: it validates with the same schema.
 */
export function asInstallArgs(config: StackConfig): GlooInstallArgs {
    return config as GlooInstallArgs;
}

/** The stack's arguments; loadStackConfig has reported their warnings, so GlooInstall does not repeat them. */
export function loadInstallArgs(): GlooInstallArgs {
    return markWarningsReported(installArgs(loadStackConfig()));
}
