// Bad production settings are refused before anything is registered, each on one line naming the key, the
// value, what is allowed and the fix; settings that have no effect are accepted with a warning, reported once
// (under config keys for a stack, argument paths for the component).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GlooInstall } from "../components/gloo";
import { ProgramFailed, runProgram } from "../render/program";
import { runChecked } from "./harness";
import { check, gp } from "./config-check";


const REFUSED: [what: string, config: Record<string, unknown>, message: RegExp][] = [
    // PodDisruptionBudget
    ["minAvailable with maxUnavailable", gp({ podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }), /^gloo-mtls:gatewayProxies\.gatewayProxy\.podDisruptionBudget: got minAvailable 1 and maxUnavailable 1; a PodDisruptionBudget takes one of the two, the API server refuses both \(fix: keep only one of them\)$/],
    [
        "maxUnavailable with an inherited minAvailable: the fix nulls the inherited one",
        { gatewayProxies: { gatewayProxy: { podDisruptionBudget: { minAvailable: 1 } }, internalGw: { podDisruptionBudget: { maxUnavailable: 1 } } } },
        /^gloo-mtls:gatewayProxies\.internalGw\.podDisruptionBudget: got minAvailable 1 \(inherited from gloo-mtls:gatewayProxies\.gatewayProxy\.podDisruptionBudget\.minAvailable\) and maxUnavailable 1; .*\(fix: pulumi config set --path 'gatewayProxies\.internalGw\.podDisruptionBudget\.minAvailable' null\)$/,
    ],
    ["maxUnavailable 0 (the chart drops it)", gp({ podDisruptionBudget: { maxUnavailable: 0 } }), /gatewayProxy\.podDisruptionBudget\.maxUnavailable: got 0; the chart renders it only when non-zero/],
    ["a percentage over 100", gp({ podDisruptionBudget: { minAvailable: "150%" } }), /podDisruptionBudget\.minAvailable: got "150%"; must be a whole number or a percentage 0% to 100%/],
    // Replicas
    ["gloo replicas below 0", { gloo: { deployment: { replicas: -1 } } }, /^gloo-mtls:gloo\.deployment\.replicas: got -1; must be 0 or more$/],
    ["proxy replicas below 0", gp({ kind: { deployment: { replicas: -1 } } }), /gatewayProxy\.kind\.deployment\.replicas: got -1; must be 0 or more/],
    ["proxy replicas 0 (the chart would run 1)", gp({ kind: { deployment: { replicas: 0 } } }), /kind\.deployment\.replicas: got 0; the chart renders replicas only when non-zero, so Kubernetes would run 1 pod; to remove the proxy set disabled: true/],
    ["terminationGracePeriodSeconds 0", gp({ podTemplate: { terminationGracePeriodSeconds: 0 } }), /terminationGracePeriodSeconds: got 0; the chart renders it only when non-zero/],
    // HorizontalPodAutoscaler
    ["HPA minReplicas above maxReplicas", gp({ horizontalPodAutoscaler: { minReplicas: 5, maxReplicas: 3 } }), /^gloo-mtls:gatewayProxies\.gatewayProxy\.horizontalPodAutoscaler\.minReplicas: got 5; must not exceed maxReplicas 3$/],
    ["HPA without maxReplicas", gp({ horizontalPodAutoscaler: { minReplicas: 2 } }), /horizontalPodAutoscaler\.maxReplicas: got nothing; required when the autoscaler is set/],
    ["HPA autoscaling/v1", gp({ horizontalPodAutoscaler: { apiVersion: "autoscaling/v1", maxReplicas: 3 } }), /horizontalPodAutoscaler\.apiVersion: got "autoscaling\/v1"; only autoscaling\/v2 is supported/],
    ["HPA v1's targetCPUUtilizationPercentage", gp({ horizontalPodAutoscaler: { maxReplicas: 3, targetCPUUtilizationPercentage: 80 } }), /horizontalPodAutoscaler\.targetCPUUtilizationPercentage: unknown key \(allowed here: apiVersion, minReplicas, maxReplicas, metrics, behavior, kubeResourceOverride\)/],
    ["HPA metric without its source", gp({ horizontalPodAutoscaler: { maxReplicas: 3, metrics: [{ type: "Resource" }] } }), /horizontalPodAutoscaler\.metrics\[0\]: got \{"type":"Resource"\}; type Resource needs exactly the field resource/],
    // Names
    ["a name that is not a DNS label", gp({}, "my.proxy"), /^gloo-mtls:gatewayProxies\.my\.proxy: got key "my\.proxy", whose objects would be named "my\.proxy" .*a Service name must be a DNS-1035 label/],
    ["a name starting with a digit", gp({}, "9lives"), /gatewayProxies\.9lives: got key "9lives", whose objects would be named "9lives".*starting with a letter/],
    ["a name over 63 characters", gp({}, `p${"x".repeat(63)}`), /whose objects would be named "px{63}".*at most 63/],
    ["two keys, one name", { gatewayProxies: { internalGw: {}, internalGW: {} } }, /gatewayProxies\.internalGw: got key "internalGw", whose objects would be named "internal-gw"; its Deployment "internal-gw" would collide with Deployment "internal-gw" of gloo-mtls:gatewayProxies\.internalGW/],
    ["key gloo", gp({}, "gloo"), /gatewayProxies\.gloo: got key "gloo".*its Deployment "gloo" would collide with the install's Deployment "gloo" \(the control plane\)/],
    ["key extauth", gp({}, "extauth"), /its Deployment "extauth" would collide with the install's Deployment "extauth" \(the extauth server\)/],
    ["key rateLimit", gp({}, "rateLimit"), /its Deployment "rate-limit" would collide with the install's Deployment "rate-limit"/],
    ["key redis", gp({}, "redis"), /its Deployment "redis" would collide with the install's Deployment "redis"/],
    ["another key for gateway-proxy", gp({}, "gateway_proxy"), /gatewayProxies\.gateway_proxy: .*would collide with the default proxy's objects \(key gatewayProxy\)/],
    ["an http Gateway named like another proxy's https one", { gatewayProxies: { internal: {}, internalSsl: {} } }, /gatewayProxies\.internalSsl: .*its Gateway "internal-ssl" would collide with Gateway "internal-ssl" of gloo-mtls:gatewayProxies\.internal/],
    // Service
    ["service.type ExternalName", gp({ service: { type: "ExternalName" } }), /service\.type: got "ExternalName"; ExternalName makes a DNS alias to another host and selects no pods, so it cannot expose a gateway proxy \(allowed here: ClusterIP, NodePort, LoadBalancer\)/],
    ["service.type unknown", gp({ service: { type: "Ingress" } }), /service\.type: got "Ingress"; Kubernetes knows ClusterIP, NodePort, LoadBalancer and ExternalName \(allowed here: ClusterIP, NodePort, LoadBalancer\)/],
    ["loadBalancerSourceRanges: not a CIDR", gp({ service: { loadBalancerSourceRanges: ["10.0.0.0"] } }), /loadBalancerSourceRanges\[0\]: got "10\.0\.0\.0"; must be a CIDR/],
    ["loadBalancerSourceRanges: prefix out of range", gp({ service: { loadBalancerSourceRanges: ["10.0.0.0/8", "2001:db8::/129"] } }), /loadBalancerSourceRanges\[1\]: got "2001:db8::\/129"; prefix length must be 0 to 128/],
    ["loadBalancerIP: not an address", gp({ service: { loadBalancerIP: "10.0.0.256" } }), /service\.loadBalancerIP: got "10\.0\.0\.256"; must be an IPv4 or IPv6 address/],
    ["externalTrafficPolicy with ClusterIP", gp({ service: { type: "ClusterIP", externalTrafficPolicy: "Local" } }), /service\.externalTrafficPolicy: got "Local" with service\.type ClusterIP; the API server refuses it/],
    ["a node port out of range", gp({ service: { type: "NodePort", httpNodePort: 70000 } }), /service\.httpNodePort: got 70000; must be a port, 1 to 65535/],
    ["the same node port twice", gp({ service: { type: "NodePort", httpNodePort: 30080, httpsNodePort: 30080 } }), /service\.httpsNodePort: got 30080, the same as service\.httpNodePort/],
    ["one node port for two proxies", { gatewayProxies: { gatewayProxy: { service: { type: "NodePort", httpNodePort: 30080 } }, internalGw: { service: { httpsNodePort: 30080 } } } }, /gatewayProxies\.internalGw\.service\.httpNodePort: got 30080; already the node port of gloo-mtls:gatewayProxies\.gatewayProxy\.service\.httpNodePort|internalGw\.service\.httpsNodePort: got 30080/],
    // Ports of the pod
    ["a privileged container port", gp({ podTemplate: { httpPort: 80 } }), /podTemplate\.httpPort: got 80; must be 1024 to 65535: the proxy runs without capabilities \(PSS restricted\), so it cannot bind a privileged port/],
    ["the stats port", gp({ podTemplate: { httpsPort: 8081 } }), /podTemplate\.httpsPort: got 8081; 8081 is Envoy's stats\/readiness listener in the same pod/],
    ["one port for HTTP and HTTPS", gp({ podTemplate: { httpPort: 9000, httpsPort: 9000 } }), /podTemplate\.httpsPort: got 9000, the same as podTemplate\.httpPort/],
    // Affinity
    ["antiAffinity with affinity.podAntiAffinity", gp({ antiAffinity: true, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } } }), /affinity\.podAntiAffinity: got .* together with antiAffinity true; the chart renders both as one duplicated podAntiAffinity key/],
    ["an affinity typo", { gloo: { deployment: { affinity: { nodeAfinity: {} } } } }, /gloo\.deployment\.affinity\.nodeAfinity: unknown key \(allowed here: nodeAffinity, podAffinity, podAntiAffinity\)/],
    ["a weight out of range", gp({ affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: "x" } }] } } }), /preferredDuringSchedulingIgnoredDuringExecution\[0\]\.weight: got 0; must be 1 to 100/],
    ["a topology spread without topologyKey", gp({ topologySpreadConstraints: [{ maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }] }), /topologySpreadConstraints\[0\]\.topologyKey: got nothing; expected string/],
    // Tolerations
    ["a toleration typo", { gloo: { deployment: { tolerations: [{ key: "a", operater: "Exists" }] } } }, /gloo\.deployment\.tolerations\[0\]\.operater: unknown key/],
    ["Exists with a value", gp({ podTemplate: { tolerations: [{ key: "a", operator: "Exists", value: "b" }] } }), /tolerations\[0\]\.value: got "b"; must be empty when operator is "Exists"/],
    // Resources
    ["a bad quantity", { global: { glooMtls: { sdsResources: { limits: { cpu: "1.5 cores" } } } } }, /^gloo-mtls:global\.glooMtls\.sdsResources\.limits\.cpu: got "1\.5 cores"; must be a Kubernetes quantity, e\.g\. 500m, 2, 256Mi, 1Gi$/],
    ["a resources typo", { gloo: { deployment: { resources: { limit: { cpu: 1 } } } } }, /gloo\.deployment\.resources\.limit: unknown key \(allowed here: limits, requests\)/],
    ["a request above its limit", { redis: { deployment: { resources: { requests: { memory: "1Gi" }, limits: { memory: "512Mi" } } } } }, /redis\.deployment\.resources\.requests\.memory: got .*request 1Gi is above the limit 512Mi/],
    ["an unknown resource name", { global: { extensions: { extAuth: { deployment: { resources: { limits: { gpu: 1 } } } } } } }, /extAuth\.deployment\.resources\.limits\.gpu: got "gpu"; key "gpu": must be cpu, memory, ephemeral-storage/],
    // Labels, annotations, env
    ["a label key with spaces", gp({ podTemplate: { extraGatewayProxyLabels: { "bad key": "x" } } }), /extraGatewayProxyLabels\.bad key: got "bad key"; key "bad key": name part must consist of alphanumerics/],
    ["a label value too long", { gloo: { deployment: { extraGlooLabels: { team: "x".repeat(64) } } } }, /extraGlooLabels\.team: got "x{64}"; a label value must be at most 63 characters/],
    ["the selector's label", { gloo: { deployment: { extraGlooLabels: { gloo: "other" } } } }, /gloo\.deployment\.extraGlooLabels: got label "gloo"; the program sets gloo: gloo itself/],
    ["a proxy's own label", gp({ podTemplate: { extraGatewayProxyLabels: { "gateway-proxy-id": "x" } } }), /extraGatewayProxyLabels: got label "gateway-proxy-id"; the program sets gloo, gateway-proxy-id, gateway-proxy itself/],
    ["the program's annotation", { gloo: { deployment: { extraGlooAnnotations: { "prometheus.io/scrape": "false" } } } }, /extraGlooAnnotations: got annotation "prometheus\.io\/scrape"; the program sets it itself/],
    ["env the program sets", { gloo: { deployment: { customEnv: [{ name: "POD_NAMESPACE", value: "x" }] } } }, /gloo\.deployment\.customEnv\[0\]\.name: got "POD_NAMESPACE"; the program sets POD_NAMESPACE itself/],
    ["GOMEMLIMIT with a memory limit", { gloo: { deployment: { resources: { limits: { memory: "1Gi" } }, customEnv: [{ name: "GOMEMLIMIT", value: "900MiB" }] } } }, /customEnv\[0\]\.name: got "GOMEMLIMIT"; the program sets GOMEMLIMIT itself \(from resources\.limits, as the chart does\)/],
    ["env twice", { gloo: { deployment: { customEnv: [{ name: "A", value: "1" }, { name: "A", value: "2" }] } } }, /customEnv\[1\]\.name: got "A"; listed twice/],
    ["value and valueFrom", { gloo: { deployment: { customEnv: [{ name: "A", value: "1", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }] } } }, /customEnv\[0\]: got .*value and valueFrom are exclusive/],
    ["an env name", { gloo: { deployment: { customEnv: [{ name: "1A", value: "1" }] } } }, /customEnv\[0\]\.name: got "1A"; must be an environment variable name/],
    // Pull secret, unknown keys
    ["a pull secret that is no Secret name", { global: { image: { pullSecret: "Reg_Cred" } } }, /global\.image\.pullSecret: got "Reg_Cred"; must be a DNS-1123 subdomain/],
    ["a chart key this program does not support", gp({ podTemplate: { extraContainers: [] } }), /gatewayProxies\.gatewayProxy\.podTemplate\.extraContainers: unknown key \(allowed here: resources, nodeSelector, tolerations, extraAnnotations, extraGatewayProxyLabels, httpPort, httpsPort, terminationGracePeriodSeconds, gracefulShutdown, probes, livenessProbeEnabled, customReadinessProbe, customLivenessProbe, image\)/],
    // xDS address
    ["an IP xdsServiceAddress in mTLS mode", gp({ xdsServiceAddress: "10.96.0.10" }, "relayGw"), /gatewayProxies\.relayGw\.xdsServiceAddress: got "10\.96\.0\.10"; in mTLS mode .*no IP SANs\): use a DNS name/],
    ["an xdsServiceAddress certgen does not write", { certificates: { issuer: "certgen" }, ...gp({ xdsServiceAddress: "xds-relay.gloo-system.svc" }, "relayGw") }, /xdsServiceAddress: got "xds-relay\.gloo-system\.svc"; while gloo-mtls:certificates\.issuer is "certgen", certgen writes gloo's certificate with its fixed names gloo, gloo\.gloo-system, gloo\.gloo-system\.svc, gloo\.gloo-system\.svc\.cluster\.local only/],
    ["an xdsServiceAddress the CronJob would drop", { gateway: { certGenJob: { cron: { enabled: true } } }, ...gp({ xdsServiceAddress: "xds-relay.gloo-system.svc" }, "relayGw") }, /while gloo-mtls:gateway\.certGenJob\.cron\.enabled is true, certgen writes/],
];

describe("production settings refused with the key, the value, what is allowed and the fix", () => {
    for (const [what, config, message] of REFUSED) {
        it(what, () => {
            const { problems } = check(config);
            assert.ok(problems.some((p) => message.test(p)), `no problem matches ${message}:\n${problems.join("\n")}`);
        });
    }
    it("accepted alternatives: an inherited bound cancelled with null, an xdsServiceAddress certgen writes, an IP address without mTLS, antiAffinity cancelled", { timeout: 60_000 }, async () => {
        const accepted = [
            { gatewayProxies: { gatewayProxy: { kind: { deployment: { replicas: 2 } }, podDisruptionBudget: { minAvailable: 1 } }, internalGw: { podDisruptionBudget: { minAvailable: null, maxUnavailable: 1 } } } },
            { certificates: { issuer: "certgen" }, ...gp({ xdsServiceAddress: "gloo.gloo-system.svc" }, "relayGw") },
            { global: { glooMtls: { enabled: false } }, ...gp({ xdsServiceAddress: "10.96.0.10" }, "relayGw") },
            { gatewayProxies: { gatewayProxy: { antiAffinity: true }, internalGw: { antiAffinity: false, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: "kubernetes.io/hostname" } }] } } } } },
        ];
        for (const config of accepted) {
            assert.deepEqual(check(config), { problems: [], warnings: [] }, JSON.stringify(config));
            await runChecked({ config });
        }
    });
    it("nothing is registered: the program stops at the config", async () => {
        const err = (await runProgram({ config: gp({ podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }) }).catch((e) => e)) as ProgramFailed;
        assert.match(err.message, /invalid stack configuration:\n {2}- gloo-mtls:gatewayProxies\.gatewayProxy\.podDisruptionBudget/);
        assert.deepEqual(err.resources.filter((x) => x.type.startsWith("kubernetes:") || x.type.startsWith("tls:")), []);
    });
    it("the component names argument paths, with the same rules", async () => {
        const err = (await runProgram({ program: () => void new GlooInstall("gw", { gatewayProxies: { gloo: {} } }) }).catch((e) => e)) as ProgramFailed;
        assert.match(err.message, /args\.gatewayProxies\.gloo: got key "gloo".*collide with the install's Deployment "gloo"/);
        assert.deepEqual(err.resources.filter((x) => x.type !== "pulumi:pulumi:Stack"), []);
    });
});

const WARNED: [what: string, config: Record<string, unknown>, message: RegExp][] = [
    ["a node port on a LoadBalancer", gp({ service: { httpNodePort: 31080 } }), /^gloo-mtls:gatewayProxies\.gatewayProxy\.service\.httpNodePort: got 31080 with service\.type LoadBalancer; it has no effect: the chart renders it only for type NodePort \(fix: pulumi config rm --path 'gatewayProxies\.gatewayProxy\.service\.httpNodePort', or use type NodePort\)$/],
    ["an inherited node port: the fix nulls it on the proxy", { gatewayProxies: { gatewayProxy: { service: { type: "NodePort", httpsNodePort: 30443 } }, internalGw: { service: { type: "LoadBalancer" } } } }, /internalGw\.service\.httpsNodePort: got 30443 \(inherited from gloo-mtls:gatewayProxies\.gatewayProxy\.service\.httpsNodePort\) with service\.type LoadBalancer; .*fix: pulumi config set --path 'gatewayProxies\.internalGw\.service\.httpsNodePort' null/],
    ["loadBalancerIP on a ClusterIP Service", gp({ service: { type: "ClusterIP", loadBalancerIP: "10.0.0.5" } }), /service\.loadBalancerIP: got "10\.0\.0\.5" with service\.type ClusterIP; it has no effect: the chart renders it only for type LoadBalancer/],
    ["loadBalancerSourceRanges on a NodePort Service", gp({ service: { type: "NodePort", loadBalancerSourceRanges: ["10.0.0.0/8"] } }), /service\.loadBalancerSourceRanges: got \["10\.0\.0\.0\/8"\] with service\.type NodePort; it has no effect/],
    ["clusterIP on a LoadBalancer", gp({ service: { clusterIP: "None" } }), /service\.clusterIP: got "None" with service\.type LoadBalancer; it has no effect: the chart renders it only for type ClusterIP/],
    ["a node port outside the default range", gp({ service: { type: "NodePort", httpNodePort: 8080 } }), /service\.httpNodePort: got 8080; outside Kubernetes' default NodePort range 30000-32767: the API server refuses it unless the cluster's --service-node-port-range includes it/],
    ["cron.schedule with the CronJob off", { gateway: { certGenJob: { cron: { schedule: "0 4 * * *" } } } }, /^gloo-mtls:gateway\.certGenJob\.cron\.schedule is set but gloo-mtls:gateway\.certGenJob\.cron\.enabled is not true: no CronJob uses it \(pulumi config rm --path 'gateway\.certGenJob\.cron\.schedule', or enable the CronJob\)$/],
    ["cron.timeZone with the CronJob off", { gateway: { certGenJob: { cron: { enabled: false, timeZone: "Europe/Berlin" } } } }, /^gloo-mtls:gateway\.certGenJob\.cron\.timeZone is set but .*cron\.enabled is not true/],
    ["rotationDuration without any certgen", { gateway: { certGenJob: { rotationDuration: "2m" } } }, /^gloo-mtls:gateway\.certGenJob\.rotationDuration is set but no certgen Job or CronJob runs/],
    ["enterprise.image.tag without enterprise", { enterprise: { image: { tag: "1.22.2" } } }, /^gloo-mtls:enterprise\.image\.tag is set but gloo-mtls:enterprise\.enabled is not true: the open-source images follow gloo-mtls:global\.image\.tag/],
    ["sds settings with mTLS off", { global: { glooMtls: { enabled: false, sds: { logLevel: "debug" } } } }, /^gloo-mtls:global\.glooMtls\.sds is set but gloo-mtls:global\.glooMtls\.enabled is false/],
    ["a graceful sleep not below the grace period", gp({ podTemplate: { gracefulShutdown: { enabled: true, sleepTimeSeconds: 30 } } }), /gracefulShutdown\.sleepTimeSeconds: got 30; not below the pod's terminationGracePeriodSeconds 30, .*fix: pulumi config set --path 'gatewayProxies\.gatewayProxy\.podTemplate\.terminationGracePeriodSeconds' 40/],
];

/** Deep merge of plain objects (b wins). */
function merged(a: unknown, b: unknown): unknown {
    const plain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!plain(a) || !plain(b)) return b;
    return Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in b ? merged(a[k], b[k]) : a[k]]));
}

/**
 * Every warned setting at once, each of `gatewayProxy`'s moved to a proxy of its own (the inherited case, which needs
 * `gatewayProxy` itself, stays alone): two program runs show that what is rendered instead passes every check.
 */
function warnedTogether(): Record<string, unknown>[] {
    const alone = WARNED.filter(([what]) => what.startsWith("an inherited"));
    const together = WARNED.filter((w) => !alone.includes(w)).reduce<Record<string, unknown>>((acc, [, config], i) => {
        const proxies = (config as { gatewayProxies?: Record<string, unknown> }).gatewayProxies;
        const moved = proxies ? { ...config, gatewayProxies: { [`warned${i}`]: proxies.gatewayProxy } } : config;
        return merged(acc, moved) as Record<string, unknown>;
    }, {});
    return [together, ...alone.map(([, config]) => config)];
}

describe("settings that have no effect: accepted, with a warning", { timeout: 120_000 }, () => {
    for (const [what, config, message] of WARNED) {
        it(what, () => {
            const { problems, warnings } = check(config);
            assert.deepEqual(problems, []);
            assert.ok(warnings.some((w) => message.test(w)), `no warning matches ${message}:\n${warnings.join("\n")}`);
        });
    }
    it("what is rendered instead passes every harness check (the ineffective fields are left out)", async () => {
        const configs = warnedTogether();
        const warned = configs.flatMap((config) => check(config).warnings);
        for (const [what, , message] of WARNED) assert.ok(warned.some((w) => message.test(w.replace(/warned\d+/g, "gatewayProxy"))), `still warned together: ${what}`);
        for (const config of configs) {
            assert.deepEqual(check(config).problems, []);
            await runChecked({ config });
        }
    });
    it("none for the defaults or a consistent production config", () => {
        assert.deepEqual(check({}).warnings, []);
        assert.deepEqual(check(gp({ service: { type: "NodePort", httpNodePort: 30080, httpsNodePort: 30443 }, podTemplate: { gracefulShutdown: { enabled: true, sleepTimeSeconds: 20 } } })).warnings, []);
    });
    it("a stack reports each warning once, under the config key", async () => {
        const r = await runProgram({ config: gp({ service: { httpNodePort: 31080 } }) });
        const ours = r.warnings.filter((w) => w.includes("httpNodePort"));
        assert.equal(ours.length, 1, ours.join("\n"));
        assert.match(ours[0], /gloo-mtls:gatewayProxies\.gatewayProxy\.service\.httpNodePort: got 31080/);
    });
    it("the component reports it once, under the argument path, when it was not loaded from a stack", async () => {
        const r = await runProgram({ program: () => void new GlooInstall("gw", { gatewayProxies: { gatewayProxy: { service: { httpNodePort: 31080 } } } }) });
        const ours = r.warnings.filter((w) => w.includes("httpNodePort"));
        assert.equal(ours.length, 1, ours.join("\n"));
        assert.match(ours[0], /args\.gatewayProxies\.gatewayProxy\.service\.httpNodePort: got 31080 with service\.type LoadBalancer/);
    });
});
