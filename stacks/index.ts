// From stack config to the component's arguments: validation here, defaults in the component.
import * as pulumi from "@pulumi/pulumi";
import { GlooInstallArgs } from "../components/args";
import { markWarningsReported } from "../components/validation/warnings";
import { StackConfig, loadStackConfig } from "./config";

/**
 * The validated stack config is already shaped like the component's arguments. The license key arrives
 * from allConfig() as a plain string: it is made a Pulumi secret here, before anything can use it.
 */
export function installArgs(config: StackConfig): GlooInstallArgs {
    const key = config.enterprise?.licenseKey;
    if (key === undefined) return config;
    return { ...config, enterprise: { ...config.enterprise, licenseKey: pulumi.secret(key) } };
}

/** The stack's arguments; loadStackConfig has reported their warnings, so GlooInstall does not repeat them. */
export function loadInstallArgs(): GlooInstallArgs {
    return markWarningsReported(installArgs(loadStackConfig()));
}
