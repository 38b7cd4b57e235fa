// V8's tiering for one-shot runs: `npm run render`, and the bench's SDK floors it is measured against (started the
// same way); also npm test's test processes. V8 optimises a function on a background thread once it has run for a
// budget; a run this short warms hundreds of functions (the SDK's serialisation, yaml, zod, our builders) just past
// it, and most never run again.
// Four times the budget leaves only the really hot ones: for prod about 15% less CPU and 5% less wall time on Node
// 20, 8% less CPU on Node 22 (docs/development.md, Speed). Plain CommonJS, so that the floors load it without the TS loader.
"use strict";
const v8 = require("node:v8");

// Per Node major, as measured there: V8's default budget, and the flag that sets it (it changed between V8 11 and 12,
// and V8 prints an error for a flag it lacks).
const BUDGETS = {
    20: { flag: "--interrupt-budget", base: 67584 }, // V8 11.3: bytes of bytecode run
    22: { flag: "--invocation-count-for-turbofan", base: 3000 }, // V8 12.4: calls
};

// Four times V8's budget (see above).
const FACTOR = 4;

/** The flags for a Node version ("20.20.2") that set V8's budget; none for a version not measured. */
function tieringFlags(nodeVersion) {
    const budget = BUDGETS[Number(String(nodeVersion).split(".")[0])];
    return budget ? [`${budget.flag}=${budget.base * FACTOR}`] : [];
}

/** Sets them in this process. For an entry point, before its work; never on import (importers keep V8's defaults). */
function tuneTiering() {
    for (const flag of tieringFlags(process.versions.node)) v8.setFlagsFromString(flag);
}

module.exports = { tieringFlags, tuneTiering };
