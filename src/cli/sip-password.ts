/**
 * The SIP password of `--provider sip`: from the environment or a file, never from the command
 * line, where `ps` and the shell history would show it to others.
 */
import { readFileSync } from 'node:fs';
import { quoted } from './quote.js';
import { UsageError } from './usage-error.js';

/** The environment variable the password is read from. */
export const PASSWORD_VARIABLE = 'XTAPI_SIP_PASSWORD';

/**
 * The password: the first line of `file` when one is given, else `$XTAPI_SIP_PASSWORD`, else
 * none (the account then answers no challenge).
 *
 * @example
 * ```ts
 * readSipPassword('/run/secrets/sip', process.env); // the file's first line
 * readSipPassword(undefined, { XTAPI_SIP_PASSWORD: 's3cret' }); // 's3cret'
 * ```
 */
export function readSipPassword(file: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--password-file: cannot read ${quoted(file)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const password = text.split(/\r?\n/)[0];
    if (password === '') throw new UsageError(`--password-file: ${quoted(file)} holds no password on its first line`);
    return password;
  }
  const password = env[PASSWORD_VARIABLE];
  return password === undefined || password === '' ? undefined : password;
}
