/**
 * The options of a command, read with `node:util` parseArgs after a check of our own, so that
 * whatever is wrong is said in xtapi's words (with the option quoted), not in Node's.
 */
import { parseArgs } from 'node:util';
import { quoted } from './quote.js';
import { UsageError } from './usage-error.js';

/** One option: a value (`string`) or a switch (`boolean`). */
export type OptionSpec = { type: 'string'; default?: string } | { type: 'boolean' };

/** The options of a command, by long name (without `--`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What the options came to: a string for each value given (or its default), true for each switch given. */
export type OptionValues<S extends OptionSpecs> = { [K in keyof S]: S[K] extends { type: 'boolean' } ? boolean : S[K] extends { default: string } ? string : string | undefined };

/**
 * Check `argv` against `specs` and read it: unknown options, values missing, switches given a
 * value, and positionals beyond `maxPositionals` are usage errors. A value that starts with a
 * dash and a digit (`--hangup-after -5`) is taken as the value, so the option's own check can say
 * what is wrong with it.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseCommandLine(['5550111', '--json'], { json: { type: 'boolean' } }, 1);
 * // values.json === true, positionals: ['5550111']
 * parseCommandLine(['--nope'], {}, 0); // throws UsageError('unknown option "--nope"')
 * ```
 */
export function parseCommandLine<S extends OptionSpecs>(argv: readonly string[], specs: S, maxPositionals: number): { values: OptionValues<S>; positionals: string[] } {
  const args: string[] = [];
  // Positionals go after "--", so one like "-5" is not taken for an option.
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      rest.push(arg);
      continue;
    }
    const [flag, ...value] = arg.split('=');
    const name = flag.replace(/^--?/, '');
    const spec = flag.startsWith('--') ? specs[name] : undefined;
    if (!spec) throw new UsageError(`unknown option ${quoted(flag)}`);
    if (spec.type === 'boolean') {
      if (value.length > 0) throw new UsageError(`${flag} takes no value`);
      args.push(arg);
      continue;
    }
    if (value.length > 0) {
      args.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) throw new UsageError(`${flag} needs a value`);
    args.push(`${flag}=${next}`);
    i++;
  }
  const options = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { ...spec }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args, '--', ...rest], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Not expected after the checks above; said without Node's advice on "--".
    throw new UsageError(`cannot read the arguments: ${String((error as Error).message).split('\n')[0]}`);
  }
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`unexpected argument ${quoted(parsed.positionals[maxPositionals])}`);
  const values = { ...parsed.values } as Record<string, unknown>;
  for (const [name, spec] of Object.entries(specs)) if (spec.type === 'boolean') values[name] = values[name] === true;
  return { values: values as OptionValues<S>, positionals: parsed.positionals };
}
