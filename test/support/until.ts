/**
 * A bounded wait on real time, for tests whose datagrams cross real loopback sockets: the only
 * real waits such tests have (every timer of the code under test is on a manual clock or bounded).
 */

/**
 * Wait until `check` holds, polling every 2 ms; throw, naming `what`, after `ms` (room for a
 * loaded machine).
 *
 * @example
 * ```ts
 * await until('the 200', () => responses.length === 1);
 * ```
 */
export async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
