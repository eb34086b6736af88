/**
 * Where a command writes: its output and its errors, one line at a time. `main.ts` gives the
 * process's stdout and stderr; tests give arrays.
 */

/**
 * What a command prints to.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const io: CliIo = { out: (line) => out.push(line), err: (line) => console.error(line) };
 * await callCommand(['5550111'], io);
 * ```
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}
