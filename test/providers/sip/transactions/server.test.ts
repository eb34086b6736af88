/**
 * Server transactions on the manual clock (RFC 3261 §17.2): an incoming BYE answered once and
 * its retransmissions answered again, Timer J; an INVITE rejected with its final resent on
 * Timer G until the ACK, Timers H and I.
 */
import { describe, expect, it } from 'vitest';
import { fakeNetwork } from '../fake-network.js';

const request = (method: string, branch = 'z9hG4bKfar1', extra = '') =>
  [
    `${method} sip:alice@127.0.0.1:5062 SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:5070;branch=${branch}`,
    'From: <sip:bob@127.0.0.1:5070>;tag=b1',
    `To: <sip:alice@127.0.0.1>${extra}`,
    'Call-ID: unknown-call',
    `CSeq: 1 ${method}`,
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

describe('server transactions', () => {
  it('a BYE for no dialog gets 481; a resent BYE gets the same 481 again; Timer J ends it', () => {
    const { deliver, responses, endpoint, clock } = fakeNetwork();
    deliver(request('BYE', 'z9hG4bKbye', ';tag=a1'));
    deliver(request('BYE', 'z9hG4bKbye', ';tag=a1'));
    expect(responses().map((r) => r.status)).toEqual([481, 481]);
    expect(endpoint.size.serverTransactions).toBe(1);
    clock.advance(32_000);
    expect(endpoint.size.serverTransactions).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('an INVITE refused with 480 (an endpoint that takes no calls), resent on Timer G until the ACK; Timer I ends it', () => {
    const { deliver, responses, endpoint, clock, transport } = fakeNetwork();
    deliver(request('INVITE'));
    expect(responses().map((r) => r.status)).toEqual([480]);
    clock.advance(500);
    clock.advance(1000);
    expect(transport.sent).toHaveLength(3); // 0, 500, 1500 (§17.2.1)
    const to = responses()[0].headers.get('to')![0];
    deliver(request('ACK', 'z9hG4bKfar1', to.slice(to.indexOf(';tag'))).replace('CSeq: 1 ACK', 'CSeq: 1 ACK'));
    clock.advance(4000);
    expect(transport.sent).toHaveLength(3);
    expect(endpoint.size.serverTransactions).toBe(1);
    clock.advance(1000); // Timer I = T4
    expect(endpoint.size.serverTransactions).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('an INVITE final never ACKed: resent every up to T2, Timer H gives up at 64·T1', () => {
    const { deliver, endpoint, clock, transport } = fakeNetwork();
    deliver(request('INVITE'));
    clock.advance(32_000);
    expect(endpoint.size.serverTransactions).toBe(0);
    // 0, .5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5
    expect(transport.sent).toHaveLength(11);
  });
});
