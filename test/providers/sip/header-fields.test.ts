/**
 * Structured header values: Via, name-addr and addr-spec with their parameters, tags.
 */
import { describe, expect, it } from 'vitest';
import { parseNameAddr, parseParams, parseVia, tagOf } from '../../../providers/sip/header-fields.js';

describe('header fields', () => {
  it('Via: transport, sent-by, params (branch, rport with and without value, received)', () => {
    expect(parseVia('SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKx;rport=5062;received=10.0.0.1')).toEqual({
      transport: 'UDP',
      host: '127.0.0.1',
      port: 5062,
      params: { branch: 'z9hG4bKx', rport: '5062', received: '10.0.0.1' },
    });
    expect(parseVia('SIP / 2.0 / udp [::1];rport')).toEqual({ transport: 'UDP', host: '::1', port: null, params: { rport: true } });
    expect(parseVia('SIP/2.0/UDP')).toBeNull();
    expect(parseVia('HTTP/1.1 host')).toBeNull();
  });

  it('name-addr with a quoted display name; addr-spec whose params belong to the header (§20.10)', () => {
    expect(parseNameAddr('"Doe, \\"J\\"" <sip:j@h;lr>;tag=1;expires=60')).toEqual({ display: 'Doe, "J"', uri: 'sip:j@h;lr', params: { tag: '1', expires: '60' } });
    expect(parseNameAddr('sip:j@h;tag=9')).toEqual({ display: null, uri: 'sip:j@h', params: { tag: '9' } });
    expect(parseNameAddr('<sip:j@h')).toBeNull();
    expect(parseNameAddr('not a uri')).toBeNull();
  });

  it('params: quoted values, bare names, case-folded names; junk refused', () => {
    expect(parseParams(';A=1;b; c="x;y"')).toEqual({ a: '1', b: true, c: 'x;y' });
    expect(parseParams('junk')).toBeNull();
  });

  it('tags', () => {
    expect(tagOf('<sip:a@h>;tag=abc')).toBe('abc');
    expect(tagOf('<sip:a@h;tag=not-a-header-param>')).toBeNull();
    expect(tagOf(undefined)).toBeNull();
  });
});
