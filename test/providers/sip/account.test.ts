/**
 * A line's account, checked when the provider is made: clear errors that name the option and
 * never show the password; the password reachable only through a digest.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { accountOf } from '../../../providers/sip/account.js';
import { parseChallenge } from '../../../providers/sip/digest.js';

describe('account', () => {
  it('defaults: domain from the AOR, registrar at the AOR domain, 4 calls', () => {
    const account = accountOf({ aor: 'sip:alice@127.0.0.1:5060', registrar: { password: 'pw' } }, 0);
    expect(account).toMatchObject({ user: 'alice', domain: '127.0.0.1:5060', maxCalls: 4, name: 'SIP sip:alice@127.0.0.1:5060', canAuthenticate: true });
    expect(account.registrar).toMatchObject({ uri: 'sip:127.0.0.1:5060', expires: 3600 });
    expect(accountOf({ aor: 'sip:a@h', outboundProxy: 'sip:p;lr' }, 0).proxy?.route).toBe('<sip:p;lr>');
    expect(accountOf({ aor: 'sip:a@h', outboundProxy: 'sip:p:5060' }, 0).proxy?.route).toBe('<sip:p:5060;lr>');
  });

  it.each([
    [{ aor: 'bob@h' }, 'lines[3].aor must be a sip: URI'],
    [{ aor: 'sip:h' }, 'lines[3].aor must name a user'],
    [{ aor: 'sip:a@h\r\nX: y' }, 'lines[3].aor must be a sip: URI'],
    [{ aor: 'sip:a@h', maxCalls: 0 }, 'lines[3].maxCalls'],
    [{ aor: 'sip:a@h', outboundProxy: 'http://p' }, 'lines[3].outboundProxy'],
    [{ aor: 'sip:a@h', registrar: { expires: -1, password: 'TopSecret1' } }, 'lines[3].registrar.expires'],
    [{ aor: 'sip:a@h', displayName: 'A\nB' }, 'lines[3].displayName'],
  ])('refuses %j', (options, message) => {
    expect(() => accountOf(options, 3)).toThrow(message);
    try {
      accountOf(options, 3);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('TopSecret1');
    }
  });

  it('the password is in no property, no JSON and no inspection; only digests come out', () => {
    const account = accountOf({ aor: 'sip:alice@h', credentials: { password: 'TopSecret1' } }, 0);
    expect(JSON.stringify(account)).not.toContain('TopSecret1');
    expect(inspect(account, { depth: 10, showHidden: true })).not.toContain('TopSecret1');
    const value = account.authorize(parseChallenge('Digest realm="h", nonce="n"')!, 'INVITE', 'sip:b@h')!;
    expect(value).toMatch(/^Digest username="alice"/);
    expect(value).not.toContain('TopSecret1');
    expect(accountOf({ aor: 'sip:alice@h' }, 0).authorize(parseChallenge('Digest realm="h", nonce="n"')!, 'INVITE', 'sip:b@h')).toBeNull();
  });
});
