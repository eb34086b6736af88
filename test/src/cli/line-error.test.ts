/**
 * The LINEERR_ names the command line prints come from one helper: the text lines, the `--json`
 * error fields and the summary of a call's end spell them the same way, a message that names its
 * LINEERR_ already is not prefixed twice, and a far end's control characters are escaped. A test
 * also reads src/cli and finds no other place that builds a LINEERR_ name, so the four places it
 * was built before cannot grow back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { causeCodes, lineErrorFields, lineErrorName, lineErrorText } from '../../../src/cli/line-error.js';
import { XtapiError } from '../../../src/phone/errors.js';

describe('line-error', () => {
  it('names a code with its prefix', () => {
    expect(lineErrorName('OPERATIONUNAVAIL')).toBe('LINEERR_OPERATIONUNAVAIL');
  });

  it('the --json fields: the name and the message as it is', () => {
    expect(lineErrorFields(new XtapiError('INVALCALLSTATE', 'not now\n'))).toEqual({ error: 'LINEERR_INVALCALLSTATE', message: 'not now\n' });
  });

  it('the text: name then message, escaped; a message naming the LINEERR_ already is not prefixed again', () => {
    expect(lineErrorText(new XtapiError('INVALADDRESS', 'bad \u0007'))).toBe('LINEERR_INVALADDRESS: bad \\u0007');
    expect(lineErrorText({ code: 'OPERATIONFAILED', message: 'hold failed: LINEERR_OPERATIONFAILED (488)' })).toBe('hold failed: LINEERR_OPERATIONFAILED (488)');
  });

  it("a call's end: the disconnect mode, and the LINEERR_ only when the provider failed", () => {
    expect(causeCodes({ mode: 'NORMAL', origin: 'local', state: 'connected', connected: true })).toBe('LINEDISCONNECTMODE_NORMAL');
    expect(causeCodes({ mode: 'UNAVAIL', origin: 'provider', state: 'proceeding', connected: false, error: 'OPERATIONFAILED' })).toBe('LINEDISCONNECTMODE_UNAVAIL, LINEERR_OPERATIONFAILED');
  });

  it('no other file of src/cli builds a LINEERR_ name', () => {
    const dir = fileURLToPath(new URL('../../../src/cli/', import.meta.url));
    const building = readdirSync(dir)
      .filter((name) => name.endsWith('.ts') && name !== 'line-error.ts')
      .filter((name) => /LINEERR_\$\{|'LINEERR_' *\+/.test(readFileSync(dir + name, 'utf8')));
    expect(building).toEqual([]);
  });
});
