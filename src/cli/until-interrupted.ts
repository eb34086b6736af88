/**
 * Waiting for Ctrl-C: `xtapi board` serves until then, and `xtapi call --board` keeps its board
 * up after the call until then.
 */

/**
 * Resolve on Ctrl-C (SIGINT) or SIGTERM; an aborted `signal` stops listening (the promise then
 * never settles).
 *
 * @example
 * ```ts
 * const board = await startBoard(telephony);
 * await untilInterrupted();
 * await board.close();
 * ```
 */
export function untilInterrupted(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    signal?.addEventListener('abort', () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
    });
  });
}
