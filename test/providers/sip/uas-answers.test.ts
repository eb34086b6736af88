/**
 * What the UAS answers instead of staying silent (RFC 3261 §8.2, in its order), on the manual
 * clock with a far end played by the test: 400 for what cannot be read, 505 for another SIP
 * version, 501 for an unknown method and 405 for a known one it does not carry, 416 for a
 * scheme other than sip, 420 with Unsupported for a Require it cannot honour (issue 13, defect
 * 4), 415 with Accept for a body it cannot read, 400 for a Content-Length longer than the
 * datagram; an ACK is never answered.
 */
import { describe, expect, it } from 'vitest';
import { header } from '../../../providers/sip/message.js';
import { answered } from './answered-call.js';
import { farRequest, fakeNetwork } from './fake-network.js';

const lines = (method: string, extra: string[] = [], first = `${method} sip:alice@127.0.0.1:5062 SIP/2.0`, body = '') =>
  [first, 'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKuas1;rport', 'From: <sip:bob@127.0.0.1>;tag=b1', 'To: <sip:alice@127.0.0.1>', 'Call-ID: uas1', `CSeq: 1 ${method}`, 'Max-Forwards: 70', ...extra, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');

function answer(text: string) {
  const net = fakeNetwork();
  net.deliver(text);
  return { net, responses: net.responses() };
}

describe('the UAS answers what RFC 3261 §8.2 asks for', () => {
  it.each([
    ['an unknown method', lines('FROBNICATE'), 501],
    ['a known method it does not carry', lines('SUBSCRIBE'), 405],
    ['REGISTER (this UA is no registrar)', lines('REGISTER'), 405],
    ['a tel: Request-URI', lines('OPTIONS', [], 'OPTIONS tel:+15550111 SIP/2.0'), 416],
    ['an unknown scheme', lines('OPTIONS', [], 'OPTIONS nobodyKnowsThisScheme:opaque SIP/2.0'), 416],
    ['another SIP version', lines('OPTIONS', [], 'OPTIONS sip:alice@127.0.0.1 SIP/3.0'), 505],
    ['Require: an unknown option', lines('OPTIONS', ['Require: foo, bar']), 420],
    ['Require: 100rel (not supported here)', lines('INVITE', ['Require: 100rel']), 420],
    ['an INVITE whose body is not SDP', lines('INVITE', ['Content-Type: application/unknownformat'], undefined, '<audio/>'), 415],
    ['a body with an encoding it cannot read', lines('INVITE', ['Content-Type: application/sdp', 'Content-Encoding: gzip'], undefined, 'v=0\r\n'), 415],
    ['a body without Content-Type', lines('INFO', [], undefined, 'Signal=5\r\n'), 400],
    ['a Content-Length longer than the datagram', lines('OPTIONS').replace('Content-Length: 0', 'Content-Length: 300'), 400],
    ['a Content-Length that is no number', lines('OPTIONS').replace('Content-Length: 0', 'Content-Length: five'), 400],
    ['two Call-IDs', lines('OPTIONS', ['Call-ID: uas2']), 400],
    ['a CSeq method that is not the request’s', lines('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'), 400],
    ['a CSeq out of range', lines('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 36893488147419103232 OPTIONS'), 400],
    ['a To that cannot be read', lines('OPTIONS').replace('To: <sip:alice@127.0.0.1>', 'To: "Mr. J. User <sip:j.user@example.com>'), 400],
    ['a Request-URI in angle brackets', lines('OPTIONS', [], 'OPTIONS <sip:alice@127.0.0.1> SIP/2.0'), 400],
    ['a Request-URI with escaped headers', lines('OPTIONS', [], 'OPTIONS sip:alice@127.0.0.1?Route=%3Csip:x%3E SIP/2.0'), 400],
  ])('%s', (_what, text, status) => {
    const { responses, net } = answer(text);
    expect(responses.map((r) => r.status)).toEqual([status]);
    const [response] = responses;
    expect(header(response, 'call-id')).toBe('uas1');
    expect(response.reason).not.toBe('');
    expect(header(response, 'to')).toMatch(/;tag=/);
    expect(net.transport.sent[0].to).toEqual({ host: '127.0.0.1', port: 5070 });
    if (status === 420) expect(header(response, 'unsupported')).toBe(/100rel/.test(text) ? '100rel' : 'foo, bar');
    if (status === 415) expect(header(response, 'accept')).toBe('application/sdp');
    if (status === 405 || status === 501) expect(header(response, 'allow')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY');
  });

  it('a retransmitted bad request gets the same answer from its transaction, and the table empties after Timer J', () => {
    const net = fakeNetwork();
    const text = lines('OPTIONS', ['Require: foo']);
    net.deliver(text);
    net.deliver(text);
    expect(net.responses().map((r) => r.status)).toEqual([420, 420]);
    expect(net.endpoint.size.serverTransactions).toBe(1);
    net.clock.runAll();
    expect(net.endpoint.size.serverTransactions).toBe(0);
  });

  it('an ACK is never answered, however bad (§17.2.1)', () => {
    for (const text of [lines('ACK', ['Require: foo']), lines('ACK', [], 'ACK sip:alice@127.0.0.1 SIP/3.0'), lines('ACK').replace('Content-Length: 0', 'Content-Length: 99')]) {
      const { responses } = answer(text);
      expect(responses).toEqual([]);
    }
  });

  it('a CANCEL with Require is not refused: Require is ignored there (§8.2.2.3)', () => {
    const { responses } = answer(lines('CANCEL', ['Require: foo']));
    expect(responses.map((r) => r.status)).toEqual([481]);
  });

  it('a CANCEL of a re-INVITE (in the dialog) is answered by the transaction layer: 200, the call stays up', () => {
    const t = answered();
    const reinvite = farRequest(t.invite, 'INVITE', { cseq: 2, branch: 'z9hG4bKre1' });
    t.deliver(reinvite);
    t.deliver(farRequest(t.invite, 'CANCEL', { cseq: 2, branch: 'z9hG4bKre1' }));
    expect(t.responses().map((r) => `${r.status} ${header(r, 'cseq')}`)).toEqual(['200 2 INVITE', '200 2 CANCEL']);
    expect(t.call.phase).toBe('connected');
  });

  it('in a dialog too: the far end’s BYE with Require gets 420 and the call stays up', () => {
    const t = answered();
    const bye = farRequest(t.invite, 'BYE', { cseq: 5 });
    bye.headers.set('require', ['foo']);
    t.deliver(bye);
    expect(t.responses().map((r) => r.status)).toEqual([420]);
    expect(t.call.phase).toBe('connected');
  });

  it('an answer that would grow past the size limit (a request near 16 KiB with a huge Via) is not sent, and counted (found by fuzzing)', () => {
    const text = lines('OPTIONS').replace('branch=z9hG4bKuas1', `branch=z9hG4bK${'x'.repeat(16_100)}`);
    expect(Buffer.byteLength(text)).toBeLessThan(16_384);
    const { responses, net } = answer(text);
    expect(responses).toEqual([]);
    expect(net.endpoint.counts.oversized).toBe(1);
  });
});
