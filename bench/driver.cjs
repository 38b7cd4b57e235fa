// Child side of bench/launch.ts: started as `node <nodeargs from Pulumi.yaml> bench/driver.cjs <cmd/run args>`
// with the environment the Pulumi language host sets. It installs Pulumi mocks in place of the engine,
// then hands over to the SDK's real entry point (@pulumi/pulumi/cmd/run), which resolves, loads and runs
// the program exactly as under `pulumi preview`/`up`. At exit it writes a JSON report to
// $GLOO_LAUNCH_REPORT: every registration, the time of the last one, CPU time, which compilers were loaded.
// Plain JavaScript on purpose: it must run before, and without, any TypeScript loader.
"use strict";
const fs = require("node:fs");

const root = process.cwd(); // the language host starts node in the program directory
const fromRoot = (m) => require.resolve(m, { paths: [root] });
// cmd/run loads its tracing set-up before anything that loads gRPC; keep that order.
require(fromRoot("@pulumi/pulumi/cmd/run/instrumentation.js"));
const pulumi = require(fromRoot("@pulumi/pulumi"));
const { MockMonitor } = require(fromRoot("@pulumi/pulumi/runtime/mocks"));

const args = process.argv.slice(2);
const flag = (name) => {
    const i = args.indexOf(`--${name}`);
    return i === -1 ? undefined : args[i + 1];
};

// The engine answers this at shutdown; the SDK's mock monitor (made for unit tests) does not.
MockMonitor.prototype.signalAndWaitForShutdown ??= (_req, callback) => callback(null, {});

// Providers compute these outputs; the program reads them (PEM bundles, subjects), so echoing the
// inputs alone is not enough. Placeholders: timing needs no real keys.
const PEM = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n";
function computed(type) {
    if (type.startsWith("tls:")) {
        return { certPem: PEM, certRequestPem: "csr", privateKeyPem: "key", publicKeyPem: "pub", privateKeyOpenssh: "key", publicKeyOpenssh: "pub", validityEndTime: "2035-01-01T00:00:00Z", validityStartTime: "2025-01-01T00:00:00Z" };
    }
    if (type.startsWith("random:")) return { hex: "0123456789abcdef", result: "placeholder", b64Std: "AA==", b64Url: "AA", dec: "1" };
    return {};
}

const registrations = [];
let lastRegistrationMs = 0;
pulumi.runtime.setMocks(
    {
        newResource(a) {
            lastRegistrationMs = performance.now();
            registrations.push({ type: a.type, name: a.name, custom: a.custom, kind: a.inputs?.kind, k8sName: a.inputs?.metadata?.name, k8sNamespace: a.inputs?.metadata?.namespace });
            return { id: `${a.name}-id`, state: { ...a.inputs, ...computed(a.type) } };
        },
        call: (a) => a.inputs,
    },
    flag("project"),
    flag("stack"),
    args.includes("--dry-run"),
);

/** CPU of processes this one started and that are still running (e.g. a compiler service), via /proc. */
function descendantsCpuMs(pid) {
    let total = 0;
    let tasks = [];
    try {
        tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
        return 0; // not Linux: only this process is counted
    }
    for (const t of tasks) {
        let children = [];
        try {
            children = fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").split(/\s+/).filter(Boolean);
        } catch {
            continue;
        }
        for (const c of children) {
            try {
                const stat = fs.readFileSync(`/proc/${c}/stat`, "utf8");
                const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
                total += ((Number(f[11]) + Number(f[12])) * 1000) / 100 + descendantsCpuMs(c); // utime+stime in USER_HZ (100)
            } catch {
                // exited meanwhile
            }
        }
    }
    return total;
}

const loaded = (re) => Object.keys(require.cache).some((k) => re.test(k));
process.on("exit", () => {
    const usage = process.resourceUsage();
    const report = {
        registrations,
        lastRegistrationMs,
        exitMs: performance.now(),
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 + descendantsCpuMs(process.pid),
        tsNodeLoaded: loaded(/[\\/]ts-node(@[^\\/]*)?[\\/]/),
        packages: [...new Set(Object.keys(require.cache).map((k) => /[\\/]node_modules[\\/]((@[^\\/]+[\\/])?[^\\/]+)/.exec(k)?.[1].replace("\\", "/")).filter(Boolean))].sort(),
        typescriptRegistered: !!require.extensions[".ts"],
        env: { PULUMI_NODEJS_TYPESCRIPT: process.env.PULUMI_NODEJS_TYPESCRIPT ?? null },
    };
    if (process.env.GLOO_LAUNCH_REPORT) fs.writeFileSync(process.env.GLOO_LAUNCH_REPORT, JSON.stringify(report));
});

// From here on the SDK's own entry point runs, with the arguments the language host passes.
const run = fromRoot("@pulumi/pulumi/cmd/run/index.js");
process.argv = [process.argv[0], run, ...args];
require(run);
