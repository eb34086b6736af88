/**
 * The SIP options of the command line without a network: the password comes from the
 * environment or a file and never from the command line, `--trace` masks the credentials, and
 * the provider's messages name the command line's options.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseProvider, type ProviderValues } from '../../../src/cli/provider-options.js';
import { PASSWORD_VARIABLE, readSipPassword } from '../../../src/cli/sip-password.js';
import { MASK, maskCredentials, sipTracer } from '../../../src/cli/sip-trace.js';

const dir = mkdtempSync(join(tmpdir(), 'xtapi-sip-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sip = (more: Partial<ProviderValues>): ProviderValues => ({ provider: 'sip', trace: false, ...more }) as ProviderValues;

describe('the SIP password', () => {
  it('comes from --password-file (its first line), else from the environment', () => {
    const file = join(dir, 'secret');
    writeFileSync(file, 'from-file\nignored\n');
    expect(readSipPassword(file, { [PASSWORD_VARIABLE]: 'from-env' })).toBe('from-file');
    expect(readSipPassword(undefined, { [PASSWORD_VARIABLE]: 'from-env' })).toBe('from-env');
    expect(readSipPassword(undefined, {})).toBeUndefined();
    expect(() => readSipPassword(join(dir, 'missing'), {})).toThrow(/--password-file: cannot read ".*missing" \(ENOENT\)/);
  });

  it('is refused on the command line, without being repeated', () => {
    expect(() => chooseProvider(sip({ aor: 'sip:alice@127.0.0.1', password: 'hunter2' }), { lines: 1 }, {}, () => {})).toThrow(
      /^--password: no password on the command line, where ps shows it to every user; set XTAPI_SIP_PASSWORD or give --password-file <file>$/,
    );
  });
});

describe('--trace', () => {
  const register = [
    'REGISTER sip:127.0.0.1:5060 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1',
    'Authorization: Digest username="alice", realm="127.0.0.1", nonce="abc", uri="sip:127.0.0.1:5060", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="x", qop=auth, nc=00000001',
    'proxy-authorization: Digest username="alice", realm="r", response="deadbeef"',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

  it('masks the digest response in Authorization and Proxy-Authorization, keeps who and where', () => {
    const masked = maskCredentials(register);
    expect(masked).toContain(`Authorization: Digest username="alice", realm="127.0.0.1", algorithm=MD5, ${MASK}\r\n`);
    expect(masked).toContain(`proxy-authorization: Digest username="alice", realm="r", ${MASK}\r\n`);
    expect(masked).not.toMatch(/6629fae|deadbeef|nonce=/);
    expect(masked).toContain('Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1');
  });

  it('masks the password wherever it would appear, and prints each message under its direction and peer', () => {
    const lines: string[] = [];
    sipTracer((line) => lines.push(line), 'hunter2')({ direction: 'out', peer: { host: '127.0.0.1', port: 5060 }, text: 'MESSAGE sip:x SIP/2.0\r\nX-Oops: hunter2\r\n\r\n' });
    expect(lines).toEqual([`SIP → 127.0.0.1:5060\nMESSAGE sip:x SIP/2.0\nX-Oops: ${MASK}\n`]);
  });
});

describe('the SIP provider from the command line', () => {
  it('needs --aor, and says what is wrong with an option by its command-line name', () => {
    expect(() => chooseProvider(sip({}), { lines: 1 }, {}, () => {})).toThrow(/--provider sip needs --aor/);
    expect(() => chooseProvider(sip({ aor: 'alice@example.com' }), { lines: 1 }, {}, () => {})).toThrow(/^--aor must be a sip: URI, not "alice@example.com"$/);
    expect(() => chooseProvider(sip({ aor: 'sip:alice@127.0.0.1', 'outbound-proxy': 'http://x' }), { lines: 1 }, {}, () => {})).toThrow(/^--outbound-proxy must be a sip: URI/);
    expect(() => chooseProvider(sip({ aor: 'sip:alice@127.0.0.1', 'local-port': '99999' }), { lines: 1 }, {}, () => {})).toThrow(/--local-port takes a port/);
    expect(() => chooseProvider(sip({ aor: 'sip:alice@127.0.0.1' }), { lines: 1, outcome: 'busy' }, {}, () => {})).toThrow(/--outcome is an option of --provider sim/);
  });

  it('builds one line on the account, with a registrar when asked', async () => {
    const choice = chooseProvider(sip({ aor: 'sip:alice@127.0.0.1', registrar: 'sip:127.0.0.1' }), { lines: 1 }, { [PASSWORD_VARIABLE]: 'pw' }, () => {});
    expect(choice.kind).toBe('sip');
    expect(choice.provider.lines.map((l) => l.address)).toEqual(['sip:alice@127.0.0.1']);
    expect(choice.describe('5550111')).toBe('over SIP as sip:alice@127.0.0.1, registered at sip:127.0.0.1 to "5550111"');
    await choice.provider.shutdown();
  });
});
