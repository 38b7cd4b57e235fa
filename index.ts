// gloo-mtls: Gloo Gateway (Edge) in mTLS mode. Load typed config, build the install, export outputs.
import * as pulumi from "@pulumi/pulumi";
import { GlooInstall, troubleshootingCommands } from "./components/gloo";
import { loadInstallArgs } from "./stacks";

// Throws a ConfigError naming every bad key before any resource is registered.
const args = loadInstallArgs();
const gloo = new GlooInstall("gloo", args);

export const namespace = gloo.namespace;
export const glooMtlsEnabled = gloo.mtlsEnabled;
export const gatewayProxyService = gloo.gatewayProxyService;
/** Per `gatewayProxies` key: its Service name, once the cloud assigns one its load balancer address, and its cluster when not gloo's. */
export const gatewayProxies = gloo.gatewayProxies;
/**
 * The address gloo's external xDS load balancer got: point gloo.xdsExternal.address's DNS record at it. null without
 * gloo.xdsExternal and until the cloud assigns one (an undefined stack output draws a warning on every update).
 */
export const xdsExternalAddress = pulumi.output(gloo.xdsExternalAddress).apply((a) => a ?? null);
export const mtlsCaCertificate = gloo.mtlsCaCertificate;
export const mtlsLeafNotAfter = gloo.mtlsLeafNotAfter;
export const certificatePhase = gloo.certificatePhase;
export const certificateNextStep = gloo.certificateNextStep;
export const troubleshooting = gloo.mtlsEnabled ? troubleshootingCommands(gloo.resolved.namespace, gloo.resolved) : undefined;
