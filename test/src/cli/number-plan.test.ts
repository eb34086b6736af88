/**
 * One number plan for the CLI, the board and the docs: `xtapi --help` said 5550122 is busy and
 * 5550133 does not answer, and `xtapi call` connected both (they existed only on the board's
 * switch). Every number the help names is called here, as a user would, and must end as the help
 * says; the board prints the same plan, and the docs use no number the plan does not have.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CALLER, NUMBER_PLAN, OTHER_NUMBERS, planLines } from '../../../src/cli/number-plan.js';
import { jsonLines, requireBuiltCli, runCli } from '../../support/cli.js';

const ROOT = new URL('../../../', import.meta.url);

describe('the number plan', () => {
  beforeAll(requireBuiltCli);

  it('every number --help names ends as --help says (exit status, result, who hung up)', async () => {
    const help = (await runCli(['--help'])).stdout;
    // The help names every number of the plan and no other (the examples use plan numbers), but
    // for the caller the listen example rings in from (called, it is "any other number").
    const named = [...new Set(help.match(/\b555\d{4}\b/g))].filter((number) => number !== EXAMPLE_CALLER.number);
    expect(named.sort()).toEqual(Object.keys(NUMBER_PLAN).sort());
    expect(help).toContain(`--ring-in ${EXAMPLE_CALLER.number},${EXAMPLE_CALLER.name}`);
    for (const line of planLines('  ')) expect(help).toContain(line);
    const runs = named.map((number) => {
      const plan = NUMBER_PLAN[number];
      // Long enough for a far end that hangs up itself to do so first; short otherwise.
      const hangupAfter = plan.endedBy === 'remote' ? '30000' : '100';
      return runCli(['call', number, '--json', '--hangup-after', hangupAfter], { timeout: 40_000 });
    });
    for (const [i, number] of named.entries()) {
      const plan = NUMBER_PLAN[number];
      const { code, stdout } = await runs[i];
      const last = jsonLines(stdout).at(-1) as { result: string; cause: { origin: string } };
      expect({ number, code, result: last.result }).toEqual({ number, code: plan.result === 'connected' ? 0 : 1, result: plan.result });
      if (plan.result === 'connected') expect({ number, origin: last.cause.origin }).toEqual({ number, origin: plan.endedBy ?? 'local' });
    }
  }, 60_000);

  it('a number outside the plan answers, as the help says', async () => {
    expect(OTHER_NUMBERS.note).toBe('any other number answers after one ring');
    const { code, stdout } = await runCli(['call', '5550100', '--json', '--hangup-after', '10']);
    expect(code).toBe(0);
    expect(jsonLines(stdout).at(-1)).toMatchObject({ result: 'connected' });
  });

  it('the README and the docs call only numbers of the plan (555-01xx), and ring in from the example caller', () => {
    const docs = ['README.md', ...readdirSync(new URL('docs/', ROOT)).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    // 5550100: the docs' "any other number"; and the caller the listen examples ring in from.
    const known = new Set([...Object.keys(NUMBER_PLAN), '5550100', EXAMPLE_CALLER.number]);
    const unknown = docs.flatMap((file) =>
      [...readFileSync(new URL(file, ROOT), 'utf8').matchAll(/\b555-?01\d\d\b/g)].map((m) => m[0].replace('-', '')).filter((n) => !known.has(n)).map((n) => `${file}: ${n}`),
    );
    expect(unknown).toEqual([]);
  });
});
