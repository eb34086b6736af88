/**
 * The command line read in xtapi's words: `--hangup-after -5` and unknown flags printed Node's
 * raw parseArgs text (with its advice on "--"); now each mistake has a sentence of our own, and
 * what the user typed comes back quoted.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/parse-command-line.js';
import { escapeUnsafe, quoted } from '../../../src/cli/quote.js';
import { UsageError } from '../../../src/cli/usage-error.js';

const SPECS = { outcome: { type: 'string' }, wait: { type: 'string', default: '10' }, json: { type: 'boolean' } } as const;
const fails = (argv: string[], max = 1) => {
  try {
    parseCommandLine(argv, SPECS, max);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseCommandLine', () => {
  it('reads values, switches, defaults and positionals', () => {
    expect(parseCommandLine(['5550111', '--outcome', 'busy', '--json'], SPECS, 1)).toEqual({ values: { outcome: 'busy', wait: '10', json: true }, positionals: ['5550111'] });
    expect(parseCommandLine(['--wait=5', 'x'], SPECS, 1).values).toEqual({ wait: '5', json: false });
  });

  it('takes a value that starts with a dash and a digit as the value, for the option to judge', () => {
    expect(parseCommandLine(['--wait', '-5'], SPECS, 0).values.wait).toBe('-5');
    expect(parseCommandLine(['-5'], SPECS, 1).positionals).toEqual(['-5']);
  });

  it('says what is wrong in its own words', () => {
    expect(fails(['--nope'])).toBe('unknown option "--nope"');
    expect(fails(['-x'])).toBe('unknown option "-x"');
    expect(fails(['--n\u0007pe'])).toBe('unknown option "--n\\u0007pe"');
    expect(fails(['--outcome'])).toBe('--outcome needs a value');
    expect(fails(['--outcome', '--json'])).toBe('--outcome needs a value');
    expect(fails(['--json=1'])).toBe('--json takes no value');
    expect(fails(['a', 'b'])).toBe('unexpected argument "b"');
  });
});

describe('quoted', () => {
  it('writes every control character as an escape: nothing reaches the terminal to act on', () => {
    expect(quoted('5550111')).toBe('"5550111"');
    expect(quoted('555\u0007\r\n\t\u001b[2J\u009b\u202e"\\')).toBe('"555\\u0007\\r\\n\\t\\u001b[2J\\u009b\\u202e\\"\\\\"');
    expect(escapeUnsafe('"\u202e" cannot stand')).toBe('"\\u202e" cannot stand');
  });
});
