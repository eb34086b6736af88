/**
 * The INVITE client transaction on the manual clock (RFC 3261 §17.1.1, RFC 6026): Timer A's
 * doubling, Timer B, the ACK for 3xx-6xx on the INVITE's branch, Timer D, Accepted and Timer M.
 */
import { describe, expect, it } from 'vitest';
import { header, type SipRequest, type SipResponse } from '../../../../providers/sip/message.js';
import type { ClientFailure } from '../../../../providers/sip/transactions/transaction.js';
import { fakeNetwork, FAR, requestOf, responseTo } from '../fake-network.js';

function invite(via: string): SipRequest {
  return requestOf('INVITE', 'sip:bob@127.0.0.1:5070', [
    ['via', via],
    ['route', '<sip:127.0.0.1:5060;lr>'],
    ['max-forwards', '70'],
    ['from', '<sip:alice@127.0.0.1>;tag=a1'],
    ['to', '<sip:bob@127.0.0.1:5070>'],
    ['call-id', 'call1'],
    ['cseq', '7 INVITE'],
  ]);
}

function start() {
  const net = fakeNetwork();
  const heard: Array<SipResponse | ClientFailure> = [];
  const request = invite(net.endpoint.via('z9hG4bKtest1'));
  const tx = net.endpoint.invite(request, 'z9hG4bKtest1', FAR, net.clock, {
    onResponse: (r) => heard.push(r),
    onFailure: (f) => heard.push(f),
  });
  const times = () => net.transport.sent.map((_, i) => i);
  return { ...net, tx, request, heard, times };
}

describe('INVITE client transaction', () => {
  it('Timer A: resends at T1, 2·T1, 4·T1, … with no cap; Timer B gives up at 64·T1', () => {
    const { clock, transport, heard, tx, endpoint } = start();
    const at: number[] = [];
    const count = () => transport.sent.length;
    let seen = count();
    for (let t = 0; t <= 32_000; t += 250) {
      clock.advance(t === 0 ? 0 : 250);
      if (count() > seen) at.push(clock.now());
      seen = count();
    }
    // sent at 0, then 500, 1500, 3500, 7500, 15500, 31500 (§17.1.1.2)
    expect(at).toEqual([500, 1500, 3500, 7500, 15500, 31500]);
    expect(transport.sent.every((s) => s.text === transport.sent[0].text)).toBe(true);
    expect(heard).toEqual(['timeout']);
    expect(tx.state).toBe('terminated');
    expect(endpoint.size.clientTransactions).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('a provisional stops Timer A and Timer B (Proceeding waits for the TU)', () => {
    const { clock, transport, deliver, request, heard, tx } = start();
    deliver(responseTo(request, 100, 'Trying'));
    clock.advance(100_000);
    expect(transport.sent).toHaveLength(1);
    expect(tx.state).toBe('proceeding');
    expect(heard.map((r) => (typeof r === 'string' ? r : r.status))).toEqual([100]);
    expect(clock.pending).toBe(0);
  });

  it('486: ACKed on the INVITE branch with the response To; a resent 486 is ACKed again and not passed up; Timer D ends it', () => {
    const { clock, deliver, request, heard, tx, requests, endpoint } = start();
    clock.advance(600); // one retransmission on the way
    const busy = responseTo(request, 486, 'Busy Here', { tag: 'b9' });
    deliver(busy);
    deliver(busy);
    const acks = requests('ACK');
    expect(acks).toHaveLength(2);
    const ack = acks[0];
    expect(ack.uri).toBe(request.uri);
    expect(ack.headers.get('via')).toEqual(request.headers.get('via'));
    expect(header(ack, 'to')).toBe('<sip:bob@127.0.0.1:5070>;tag=b9');
    expect(header(ack, 'cseq')).toBe('7 ACK');
    expect(ack.headers.get('route')).toEqual(['<sip:127.0.0.1:5060;lr>']);
    expect(heard.map((r) => (typeof r === 'string' ? r : r.status))).toEqual([486]);
    expect(tx.state).toBe('completed');
    clock.advance(31_999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(endpoint.size.clientTransactions).toBe(0);
  });

  it('2xx: Accepted passes every 2xx up (the TU ACKs, RFC 6026 §8.4), sends no ACK itself; Timer M ends it', () => {
    const { clock, deliver, request, heard, tx, requests } = start();
    const ok = responseTo(request, 200, 'OK');
    deliver(ok);
    deliver(ok);
    expect(heard.map((r) => (typeof r === 'string' ? r : r.status))).toEqual([200, 200]);
    expect(requests('ACK')).toHaveLength(0);
    expect(tx.state).toBe('accepted');
    clock.advance(32_000);
    expect(tx.state).toBe('terminated');
    expect(clock.pending).toBe(0);
  });

  it('a transport error in Calling ends the transaction and tells the TU', () => {
    const net = fakeNetwork();
    net.transport.failing = true;
    const heard: string[] = [];
    const tx = net.endpoint.invite(invite(net.endpoint.via('z9hG4bKf')), 'z9hG4bKf', FAR, net.clock, { onResponse: () => heard.push('response'), onFailure: (f) => heard.push(f) });
    expect(heard).toEqual(['transport']);
    expect(tx.state).toBe('terminated');
    expect(net.clock.pending).toBe(0);
  });
});
