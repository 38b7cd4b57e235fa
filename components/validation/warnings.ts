// Who reports the warnings of a set of arguments: the stack loader reports them under config keys and marks
// the arguments it hands to GlooInstall, which then does not report them a second time (as argument paths).
const reported = new WeakSet<object>();

/** Marks `args` as having had its warnings reported; returns it. */
export function markWarningsReported<T extends object>(args: T): T {
    reported.add(args);
    return args;
}

/** Whether the warnings of `args` were already reported (by the stack loader). */
export function warningsReported(args: object): boolean {
    return reported.has(args);
}
