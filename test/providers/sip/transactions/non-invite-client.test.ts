/**
 * The non-INVITE client transaction on the manual clock (RFC 3261 §17.1.2): Timer E doubling up
 * to T2, every T2 once a provisional came, Timer F even in Proceeding, Timer K.
 */
import { describe, expect, it } from 'vitest';
import type { SipRequest } from '../../../../providers/sip/message.js';
import { fakeNetwork, FAR, requestOf, responseTo } from '../fake-network.js';

const bye = (via: string): SipRequest =>
  requestOf('BYE', 'sip:bob@127.0.0.1:5070', [
    ['via', via],
    ['from', '<sip:alice@127.0.0.1>;tag=a1'],
    ['to', '<sip:bob@127.0.0.1:5070>;tag=b1'],
    ['call-id', 'call1'],
    ['cseq', '2 BYE'],
  ]);

function start() {
  const net = fakeNetwork();
  const heard: Array<number | string> = [];
  const request = bye(net.endpoint.via('z9hG4bKbye'));
  const tx = net.endpoint.request(request, 'z9hG4bKbye', FAR, net.clock, { onResponse: (r) => heard.push(r.status), onFailure: (f) => heard.push(f) });
  /** Times (ms) of every send after the first, over `until` ms in 250 ms steps. */
  const sendTimes = (until: number) => {
    const at: number[] = [];
    let seen = net.transport.sent.length;
    for (let t = 250; t <= until; t += 250) {
      net.clock.advance(250);
      if (net.transport.sent.length > seen) at.push(net.clock.now());
      seen = net.transport.sent.length;
    }
    return at;
  };
  return { ...net, tx, request, heard, sendTimes };
}

describe('non-INVITE client transaction', () => {
  it('Timer E: T1, 2·T1, 4·T1, then every T2 (4 s); Timer F gives up at 64·T1', () => {
    const { sendTimes, heard, tx, clock } = start();
    expect(sendTimes(32_000)).toEqual([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(heard).toEqual(['timeout']);
    expect(tx.state).toBe('terminated');
    expect(clock.pending).toBe(0);
  });

  it('Proceeding: resends every T2, and Timer F still fires (a far end that says 100 and no more)', () => {
    const { sendTimes, heard, deliver, request, clock } = start();
    deliver(responseTo(request, 100, 'Trying'));
    expect(sendTimes(32_000)).toEqual([500, 4500, 8500, 12500, 16500, 20500, 24500, 28500]);
    expect(heard).toEqual([100, 'timeout']);
    expect(clock.pending).toBe(0);
  });

  it('a final completes it: resends stop, resent finals are absorbed, Timer K (T4) ends it', () => {
    const { sendTimes, heard, deliver, request, tx, endpoint } = start();
    const ok = responseTo(request, 200, 'OK');
    deliver(ok);
    deliver(ok);
    expect(heard).toEqual([200]);
    expect(tx.state).toBe('completed');
    expect(sendTimes(4_750)).toEqual([]);
    expect(tx.state).toBe('completed');
    sendTimes(250);
    expect(tx.state).toBe('terminated');
    expect(endpoint.size.clientTransactions).toBe(0);
  });
});
