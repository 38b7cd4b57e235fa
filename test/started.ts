// Work a test file starts when it loads (a process, a chain of them), so that it runs beside the other files' tests
// instead of in the file's turn.

/** `p`, whose failure is left to the test that awaits it: meanwhile it is not an unhandled rejection. */
export function started<T>(p: Promise<T>): Promise<T> {
    p.catch(() => undefined);
    return p;
}
