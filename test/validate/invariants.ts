// Invariants every configuration must keep, whatever it sets: checked on every run by the harness
// (test/harness.ts problems/runChecked), each shown able to fail in test/invariants.test.ts.
import { Registered } from "../../render/program";
import { bootstrapConfigMaps, loopbackClusterProblems, networkPolicyProblems, workloadListeners } from "./listeners";
import { proxyPodProblems } from "./proxy-pods";
import { privilegeProblems } from "./privilege";
import { referenceProblems } from "./references";
import { registrations } from "./registrations";
import { serviceProblems, upstreamProblems } from "./services";

export function invariantProblems(resources: Registered[]): string[] {
    const reg = registrations(resources);
    const bootstraps = bootstrapConfigMaps(
        reg.objects.map((o) => o.manifest),
        reg.objects.map((o) => o.cluster),
    );
    const pods = workloadListeners(reg, bootstraps);
    return [
        ...serviceProblems(reg),
        ...upstreamProblems(reg),
        ...referenceProblems(reg),
        ...proxyPodProblems(reg),
        ...privilegeProblems(reg),
        ...loopbackClusterProblems(bootstraps, pods),
        ...networkPolicyProblems(reg, pods),
    ];
}
