// From stack config to the component's arguments: validation here, defaults in the component.
import { GlooInstallArgs } from "../components/args";
import { StackConfig, loadStackConfig } from "./config";

/** The validated stack config is already shaped like the component's arguments. */
export function installArgs(config: StackConfig): GlooInstallArgs {
    return config;
}

export function loadInstallArgs(): GlooInstallArgs {
    return installArgs(loadStackConfig());
}
