/**
 * SIP URIs and the Request-URI for what was dialled: digits to `sip:<digits>@<domain>`, URIs
 * validated and passed through, and anything that could forge a header line refused.
 */
import { describe, expect, it } from 'vitest';
import { requestUri } from '../../../providers/sip/target.js';
import { destinationOf, formatHostPort, parseUri, splitHostPort } from '../../../providers/sip/uri.js';

describe('SIP URIs', () => {
  it('parses user, host, port, params; IPv6 in brackets; the default ports (§19.1.2)', () => {
    expect(parseUri('sip:bob@127.0.0.1:5080;transport=udp;lr')).toEqual({ scheme: 'sip', user: 'bob', host: '127.0.0.1', port: 5080, params: { transport: 'udp', lr: true }, hasHeaders: false, hasPassword: false });
    expect(parseUri('sip:[::1]:5070')).toMatchObject({ user: null, host: '::1', port: 5070 });
    expect(parseUri('SIP:Carol@Example.COM?subject=x')).toMatchObject({ scheme: 'sip', user: 'Carol', host: 'Example.COM', hasHeaders: true });
    expect(parseUri('sip:alice:secret@h')).toMatchObject({ user: 'alice' });
    expect(destinationOf(parseUri('sip:h')!)).toEqual({ host: 'h', port: 5060 });
    expect(destinationOf(parseUri('sips:h')!)).toEqual({ host: 'h', port: 5061 });
    expect(destinationOf(parseUri('sip:h;maddr=10.0.0.1')!)).toEqual({ host: '10.0.0.1', port: 5060 });
    expect(formatHostPort('::1', 5060)).toBe('[::1]:5060');
  });

  it.each(['tel:+1555', 'sip:', 'sip:bob@', 'sip:bob@h:0', 'sip:bob@h:70000', 'sip:bob@-h', 'sip:b ob@h', 'sip:bob@h;x=<y>'])('refuses %j', (text) => {
    expect(parseUri(text)).toBeNull();
  });

  it('splitHostPort keeps IPv6 colons apart from the port', () => {
    expect(splitHostPort('[2001:db8::1]:5062')).toEqual({ host: '2001:db8::1', port: 5062 });
    expect(splitHostPort('example.com')).toEqual({ host: 'example.com', port: null });
  });
});

describe('the Request-URI for a dial string', () => {
  it('digits become sip:<digits>@<domain>; TAPI modifiers that mean nothing on SIP are dropped; # is escaped', () => {
    expect(requestUri('5550111', '127.0.0.1:5060')).toMatchObject({ ok: true, uri: 'sip:5550111@127.0.0.1:5060' });
    expect(requestUri('+14255550111', 'example.com')).toMatchObject({ ok: true, uri: 'sip:+14255550111@example.com' });
    expect(requestUri('9,T555P0111!', 'example.com')).toMatchObject({ ok: true, uri: 'sip:95550111@example.com' });
    expect(requestUri('*72#', 'example.com')).toMatchObject({ ok: true, uri: 'sip:*72%23@example.com' });
  });

  it('a sip: URI passes through after validation', () => {
    expect(requestUri('sip:bob@127.0.0.1:5080;transport=UDP', 'x')).toMatchObject({ ok: true, uri: 'sip:bob@127.0.0.1:5080;transport=UDP' });
  });

  it.each([
    ['555\r\n0111', 'control character'],
    ['555\t0111', 'control character'],
    ['sip:bob@h\r\nVia: evil', 'control character'],
    ['sip:bob@h>;x', 'angle brackets'],
    ['sip:bob@h ', 'spaces'],
    ['sips:bob@h', 'TLS'],
    ['sip:bob@h;transport=tcp', 'UDP'],
    ['sip:bob@h?Route=%3Csip:evil%3E', 'headers'],
    ['55+5', 'no phone number'],
    ['x'.repeat(600), 'longer than 512'],
  ])('refuses %j (%s)', (dialled, why) => {
    const result = requestUri(dialled, 'example.com');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });
});
