/**
 * The parser and serialiser: what real peers send (SIPp, Kamailio, baresip shapes), compact
 * forms, lists, folding, and every kind of bad datagram, which is dropped with its reason and
 * never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { header, headerValues, MESSAGE_LIMITS, parseMessage, serialise, splitList, type SipMessage } from '../../../providers/sip/message.js';

const crlf = (lines: string[]) => lines.join('\r\n');

const RINGING = crlf([
  'SIP/2.0 180 Ringing',
  'Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKabc;rport=5062;received=127.0.0.1',
  'From: <sip:alice@127.0.0.1>;tag=a1',
  'To: <sip:5550111@127.0.0.1:5070>;tag=b2',
  'Call-ID: 1234@127.0.0.1',
  'CSeq: 1 INVITE',
  'Contact: <sip:127.0.0.1:5070;transport=UDP>',
  'Record-Route: <sip:127.0.0.1:5060;lr;ftag=a1>, <sip:10.0.0.1;lr>',
  'Content-Length: 0',
  '',
  '',
]);

function parsed(text: string): SipMessage {
  const outcome = parseMessage(Buffer.from(text));
  if (!outcome.ok) throw new Error(`${outcome.reason}: ${outcome.detail}`);
  return outcome.message;
}

describe('parseMessage', () => {
  it('reads a response: status, reason, headers by long lower-case name', () => {
    const message = parsed(RINGING);
    expect(message).toMatchObject({ kind: 'response', status: 180, reason: 'Ringing', body: '' });
    expect(header(message, 'call-id')).toBe('1234@127.0.0.1');
    expect(headerValues(message, 'record-route')).toEqual(['<sip:127.0.0.1:5060;lr;ftag=a1>', '<sip:10.0.0.1;lr>']);
  });

  it('reads a request with a body cut at Content-Length (extra bytes ignored, §18.3)', () => {
    const message = parsed(crlf(['INFO sip:a@b SIP/2.0', 'v: SIP/2.0/UDP h;branch=z9hG4bK1', 'f: <sip:x@y>;tag=1', 't: <sip:a@b>', 'i: c1', 'CSeq: 2 INFO', 'c: application/dtmf-relay', 'l: 10', '', 'Signal=5\r\nGARBAGE']));
    expect(message).toMatchObject({ kind: 'request', method: 'INFO', uri: 'sip:a@b', body: 'Signal=5\r\n' });
    expect(header(message, 'content-type')).toBe('application/dtmf-relay');
  });

  it('expands compact forms (§7.3.3) and joins folded lines (§7.3.1)', () => {
    const message = parsed(crlf(['SIP/2.0 200 OK', 'v: SIP/2.0/UDP h;branch=z9hG4bK1', 'f: <sip:x@y>;tag=1', 't: <sip:a@b>', 'i: c1', 'CSeq: 1', ' INVITE', 'm: <sip:b@h>', 'l: 0', '', '']));
    expect(header(message, 'cseq')).toBe('1 INVITE');
    expect(header(message, 'contact')).toBe('<sip:b@h>');
    expect(header(message, 'via')).toBe('SIP/2.0/UDP h;branch=z9hG4bK1');
  });

  it('takes bare LF line ends (robustness) and CRLF keep-alives before the message', () => {
    const message = parsed('\r\n\r\n' + RINGING.replace(/\r\n/g, '\n'));
    expect(message.kind).toBe('response');
  });

  it('splits lists only outside quotes and angle brackets', () => {
    expect(splitList('"Smith, J" <sip:j@h;x=a,b>, <sip:k@h>')).toEqual(['"Smith, J" <sip:j@h;x=a,b>', '<sip:k@h>']);
    const many = parsed(RINGING.replace('Record-Route: ', 'Record-Route: <sip:p0;lr>\r\nRecord-Route: '));
    expect(headerValues(many, 'record-route')).toHaveLength(3);
    // WWW-Authenticate is no list: its commas stay.
    const auth = parsed(RINGING.replace('Content-Length: 0', 'WWW-Authenticate: Digest realm="r", nonce="n"\r\nContent-Length: 0'));
    expect(headerValues(auth, 'www-authenticate')).toEqual(['Digest realm="r", nonce="n"']);
  });

  it.each([
    ['oversized', 'a datagram over the limit', 'x'.repeat(MESSAGE_LIMITS.bytes + 1)],
    ['oversized', 'too many header lines', RINGING.replace('Content-Length: 0', `${'X-A: 1\r\n'.repeat(MESSAGE_LIMITS.headerLines)}Content-Length: 0`)],
    ['truncated', 'no end of headers', RINGING.slice(0, 80)],
    ['truncated', 'a body shorter than Content-Length', RINGING.replace('Content-Length: 0', 'Content-Length: 50')],
    ['malformed', 'empty', '\r\n\r\n'],
    ['malformed', 'a bad status line', RINGING.replace('SIP/2.0 180', 'SIP/2.0 1800')],
    ['malformed', 'a status out of range', RINGING.replace('SIP/2.0 180', 'SIP/2.0 700')],
    ['malformed', 'no Call-ID', RINGING.replace('Call-ID: 1234@127.0.0.1\r\n', '')],
    ['malformed', 'a bad CSeq', RINGING.replace('CSeq: 1 INVITE', 'CSeq: one INVITE')],
    ['malformed', 'a NUL in a header', RINGING.replace('Ringing', 'Ring\0ing')],
    ['malformed', 'a bare CR (header injection)', RINGING.replace('tag=b2', 'tag=b2\rX-Evil: 1')],
    ['malformed', 'a negative Content-Length', RINGING.replace('Content-Length: 0', 'Content-Length: -1')],
    ['malformed', 'a header line without a name', RINGING.replace('Content-Length: 0', ': x\r\nContent-Length: 0')],
  ])('drops %s: %s', (reason, _what, text) => {
    const outcome = parseMessage(Buffer.from(text));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toBe(reason);
  });

  it('never throws, whatever the bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        parseMessage(Buffer.from(bytes));
      }),
      { numRuns: 2000 },
    );
    // Nor for mutations of a real message: cut anywhere, or a byte changed anywhere.
    fc.assert(
      fc.property(fc.nat(RINGING.length), fc.nat(255), (at, byte) => {
        parseMessage(Buffer.from(RINGING.slice(0, at)));
        const bytes = Buffer.from(RINGING);
        bytes[at % bytes.length] = byte;
        parseMessage(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('serialise', () => {
  it('writes headers in order with display names, and a Content-Length in bytes', () => {
    const text = serialise({
      kind: 'request',
      method: 'INVITE',
      uri: 'sip:b@h',
      headers: new Map([
        ['via', ['SIP/2.0/UDP h;branch=z9hG4bK1']],
        ['call-id', ['c1']],
        ['cseq', ['1 INVITE']],
        ['from', ['"Zoë" <sip:z@h>;tag=1']],
        ['to', ['<sip:b@h>']],
        ['www-authenticate', ['x']],
        ['content-length', ['999']],
      ]),
      body: 'é',
    });
    expect(text).toBe('INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nFrom: "Zoë" <sip:z@h>;tag=1\r\nTo: <sip:b@h>\r\nWWW-Authenticate: x\r\nContent-Length: 2\r\n\r\né');
  });

  it('round-trips through the parser, UTF-8 display names intact', () => {
    const message = parsed(RINGING.replace('<sip:alice@127.0.0.1>', '"Zoë Ünal" <sip:alice@127.0.0.1>'));
    const again = parsed(serialise(message));
    expect(again).toEqual(message);
  });
});
