/**
 * `xtapi call` run in process on a manual clock, for the tests that check what is printed at which
 * time with no sleep: the clock moves 10 ms at a time, the command running between steps. And the
 * JSON lines of such a run, each checked against `docs/cli-json.schema.json`.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Provider } from '../../providers/provider.js';
import { callCommand } from '../../src/cli/call-command.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { schemaErrors } from './json-schema.js';

const SCHEMA = JSON.parse(readFileSync(new URL('../../docs/cli-json.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/**
 * The progress lines of `out`, as "<ms> <call> <what>" (one space between columns).
 *
 * @example
 * ```ts
 * progressOf(['  1850 ms  c1   connected     ACTIVE']); // ['1850 c1 connected ACTIVE']
 * ```
 */
export function progressOf(out: readonly string[]): string[] {
  return out.filter((l) => / ms {2}/.test(l)).map((l) => l.trim().replace(/ ms +/, ' ').replace(/ +/g, ' '));
}

/**
 * The `--json` lines of `out`, each checked against the schema (a failed expectation names the line).
 *
 * @example
 * ```ts
 * const lines = checkedJsonLines(run.out);
 * expect(lines.at(-1)).toMatchObject({ result: 'connected' });
 * ```
 */
export function checkedJsonLines(out: readonly string[]): Array<Record<string, unknown>> {
  const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const line of lines) expect({ line, errors: schemaErrors(SCHEMA, line) }).toEqual({ line, errors: [] });
  return lines;
}

/**
 * Run `xtapi call …args` on a manual clock (through `provider` when given) to its end; `step`
 * runs between the clock's steps (a test drives the far end from it).
 *
 * @example
 * ```ts
 * const { status, progress } = await callOnClock(['5550111', '--hangup-after', '500']);
 * ```
 */
export async function callOnClock(args: string[], provider?: Provider, step: () => void = () => {}) {
  const clock = new ManualClock();
  const out: string[] = [];
  let status: number | undefined;
  const done = callCommand(args, { out: (l) => out.push(l), err: () => {} }, { clock, provider }).then((s) => (status = s));
  for (let i = 0; status === undefined && i < 10_000; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    step();
    clock.advance(10);
  }
  await done;
  return { status, out, progress: progressOf(out) };
}
