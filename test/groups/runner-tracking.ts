// node:test maps every asynchronous resource to the test that made it, so that it can name the test an uncaught
// error came from. Its async hook has a destroy callback, so V8 tracks when each promise is collected: a program run
// makes 50,000 to 80,000, and that tracking was about a quarter of the test processes' CPU (docs/development.md, "Speed").
// Program runs are serialised (render/program.ts `exclusive`), so the group processes pause the hook for each one.
// What is lost: an error a run throws asynchronously and nobody catches is reported as a top-level diagnostic instead
// of a failure of its test; it still fails npm test (node:test sets the exit code).
import * as asyncHooks from "node:async_hooks";
import type { RunScope } from "../../render/program";

let hook: asyncHooks.AsyncHook | undefined;
let installed = false;
let paused = false;

/**
 * Wraps `createHook` until node:test's harness has made its hook, and keeps that hook. Must run before the harness
 * module is evaluated (before the first `require("node:test")`): it takes `createHook` from async_hooks when it loads.
 */
export function captureRunnerHook(): void {
    if (installed) return;
    installed = true;
    const original = asyncHooks.createHook;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exportsObject = require("node:async_hooks") as { createHook: typeof asyncHooks.createHook };
    exportsObject.createHook = function createHook(callbacks: asyncHooks.HookCallbacks): asyncHooks.AsyncHook {
        const made = original(callbacks);
        if (!hook && calledFromHarness()) {
            hook = made;
            exportsObject.createHook = original;
        }
        return made;
    };
}

function calledFromHarness(): boolean {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 20;
    try {
        return /node:internal\/test_runner\/harness/.test(new Error().stack ?? "");
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/** Whether node:test's hook was caught (false when node:test was loaded first, or a Node version makes it elsewhere). */
export function runnerHookCaught(): boolean {
    return hook !== undefined;
}

/** Whether node:test's tracking is paused now (inside a program run of a group process). */
export function runnerTrackingPaused(): boolean {
    return paused;
}

/** Pauses node:test's tracking for the length of each program run. */
export const pauseRunnerTracking: RunScope = {
    enter: () => {
        hook?.disable();
        paused = hook !== undefined;
    },
    leave: () => {
        hook?.enable();
        paused = false;
    },
};
