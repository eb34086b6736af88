/**
 * Options that take an optional port (`--inspect`, `--inspect 9000`, `--inspect=9000`), which
 * `node:util` parseArgs cannot express: they are taken out of the arguments before it runs.
 */
import { UsageError } from './usage-error.js';

/**
 * Take an option with an optional port out of `argv`. A number after the flag is its port only
 * if it could be one (1 to 5 digits, at most 65535) and a positional argument would still be
 * left where one is needed.
 *
 * @example
 * ```ts
 * optionalPort(['5550111', '--inspect', '9000'], '--inspect', 1);
 * // { argv: ['5550111'], on: true, port: 9000 }
 * ```
 */
export function optionalPort(argv: readonly string[], flag: string, positionalsNeeded = 0): { argv: string[]; on: boolean; port: number | undefined } {
  const rest: string[] = [];
  let on = false;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith(`${flag}=`)) {
      on = true;
      const value = arg.slice(flag.length + 1);
      port = Number(value);
      if (!/^\d{1,5}$/.test(value) || port > 65535) throw new UsageError(`${flag} takes a port (0-65535), not ${JSON.stringify(value)}`);
      continue;
    }
    if (arg !== flag) {
      rest.push(arg);
      continue;
    }
    on = true;
    const next = argv[i + 1];
    const positionalsLeft = argv.slice(i + 2).filter((a) => !a.startsWith('-')).length + rest.filter((a) => !a.startsWith('-')).length;
    if (next !== undefined && /^\d{1,5}$/.test(next) && Number(next) <= 65535 && positionalsLeft >= positionalsNeeded) {
      port = Number(next);
      i++;
    }
  }
  return { argv: rest, on, port };
}
