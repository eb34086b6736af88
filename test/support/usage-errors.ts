/**
 * The one convention for a wrong command line, checked the same way for every command: each run
 * exits 2, prints nothing on stdout, and says what is wrong on stderr in xtapi's words, with the
 * command's usage line and where to read more — never Node's parseArgs text.
 */
import { expect } from 'vitest';
import { runCli } from './cli.js';

/**
 * Run each `[args, message]` case (all at once) and check it against the convention; `usage` is
 * the usage line every case must print (any command's when omitted), `never` what no stderr may hold.
 */
export async function expectUsageErrors(cases: ReadonlyArray<readonly [readonly string[], string]>, options: { usage?: string; never?: RegExp } = {}): Promise<void> {
  const runs = new Map(cases.map(([args]) => [args, runCli(args)]));
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await runs.get(args)!;
    expect([args.join(' '), code, stdout]).toEqual([args.join(' '), 2, '']);
    expect(stderr).toContain(message);
    if (options.usage) expect(stderr).toContain(`\nusage: ${options.usage}\nTry "xtapi --help".\n`);
    expect(stderr).toMatch(/\nusage: xtapi .*\nTry "xtapi --help"\.\n$/);
    expect(stderr).not.toMatch(/parseArgs|ERR_PARSE_ARGS|To specify an option argument/);
    if (options.never) expect(stderr).not.toMatch(options.never);
  }
}
