/**
 * The queue that ends transactions once their work is done (Timers D, J, K, L, M): each item
 * ends exactly its delay after it was added, in order, on one clock timer however many wait.
 */
import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from '../../../../providers/sip/transactions/expiry-queue.js';
import { ManualClock } from '../../../../src/testing/manual-clock.js';
import { fakeNetwork } from '../fake-network.js';

function item(log: string[], name: string) {
  return { terminate: () => log.push(name) };
}

describe('ExpiryQueue', () => {
  it('ends each item its delay after it was added, not a millisecond sooner', () => {
    const clock = new ManualClock();
    const queue = new ExpiryQueue(clock, 32_000);
    const ended: string[] = [];
    queue.add(item(ended, 'a'));
    clock.advance(10_000);
    queue.add(item(ended, 'b'));
    clock.advance(21_999);
    expect(ended).toEqual([]);
    clock.advance(1);
    expect(ended).toEqual(['a']);
    clock.advance(9_999);
    expect(ended).toEqual(['a']);
    clock.advance(1);
    expect(ended).toEqual(['a', 'b']);
    expect(queue.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('holds one clock timer however many wait (a busy line keeps tens of thousands for 64·T1)', () => {
    const clock = new ManualClock();
    const queue = new ExpiryQueue(clock, 32_000);
    const ended: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      queue.add(item(ended, String(i)));
      clock.advance(3);
    }
    expect(clock.pending).toBe(1);
    clock.advance(32_000);
    expect(ended).toHaveLength(5_000);
    expect(ended.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(queue.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('items added while others end, and after the queue ran dry, still end on time', () => {
    const clock = new ManualClock();
    const queue = new ExpiryQueue(clock, 100);
    const ended: string[] = [];
    queue.add({ terminate: () => (ended.push('first'), queue.add(item(ended, 'added while ending'))) });
    clock.advance(100);
    expect(ended).toEqual(['first']);
    clock.advance(100);
    expect(ended).toEqual(['first', 'added while ending']);
    clock.advance(1_000);
    queue.add(item(ended, 'late'));
    clock.advance(99);
    expect(ended).toHaveLength(2);
    clock.advance(1);
    expect(ended).toEqual(['first', 'added while ending', 'late']);
  });

  it('clear() forgets every deadline and its clock timer (the endpoint is closing)', () => {
    const clock = new ManualClock();
    const queue = new ExpiryQueue(clock, 100);
    const ended: string[] = [];
    queue.add(item(ended, 'a'));
    queue.clear();
    expect(clock.pending).toBe(0);
    clock.advance(1_000);
    expect(ended).toEqual([]);
    expect(queue.size).toBe(0);
  });
});

describe('the endpoint and its expiries', () => {
  const bye = (branch: string) =>
    [
      'BYE sip:alice@127.0.0.1:5062 SIP/2.0',
      `Via: SIP/2.0/UDP 127.0.0.1:5070;branch=${branch}`,
      'From: <sip:bob@127.0.0.1:5070>;tag=b1',
      'To: <sip:alice@127.0.0.1>;tag=a1',
      'Call-ID: unknown-call',
      'CSeq: 1 BYE',
      'Max-Forwards: 70',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');

  it('answered requests wait out Timer J on one clock timer, and close() leaves none behind', () => {
    const { deliver, endpoint, clock } = fakeNetwork();
    for (let i = 0; i < 50; i++) deliver(bye(`z9hG4bKbye${i}`));
    expect(endpoint.size.serverTransactions).toBe(50);
    expect(clock.pending).toBe(1);
    endpoint.close();
    expect(endpoint.size.serverTransactions).toBe(0);
    expect(clock.pending).toBe(0);
  });
});
