/**
 * Property and fuzz tests (fast-check), bounded for CI: well-formed messages round-trip through
 * serialise and parse; hostile datagrams (corpus messages flipped, cut, reordered, repeated,
 * blown up, with a wrong Content-Length, or random bytes) never throw out of the endpoint or the
 * real UDP transport, never leave a transaction behind once the timers have run, and never
 * disturb a call in progress, whose far end can still hang up. The long run is
 * `bench/sip-fuzz.ts` (a million datagrams, figures in BENCHMARKS.md).
 */
import { createSocket } from 'node:dgram';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseMessage, serialise } from '../../../providers/sip/message.js';
import { sipProvider } from '../../../providers/sip/index.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { answered } from './answered-call.js';
import { farEnd } from './far-end.js';
import { farRequest } from './fake-network.js';
import { hostileDatagram, wellFormedMessage } from './fuzz-datagrams.js';

/**
 * Runs per property: about 4 s on an idle machine; each test gets 60 s, room for a loaded one.
 */
const RUNS = Number(process.env.SIP_FUZZ_RUNS ?? 20_000);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('SIP messages under fast-check', () => {
  it('a well-formed message round-trips through serialise and parse', () => {
    fc.assert(
      fc.property(wellFormedMessage, (message) => {
        const outcome = parseMessage(serialise(message));
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        const headers = new Map(outcome.message.headers);
        expect(headers.get('content-length')).toEqual([String(Buffer.byteLength(message.body))]);
        headers.delete('content-length');
        expect({ ...outcome.message, headers }).toEqual(message);
      }),
      { numRuns: Math.min(RUNS, 3000) },
    );
  });

  it('hostile datagrams never throw, never disturb a connected call, and leave no transaction behind', () => {
    const t = answered();
    const before = t.events.length;
    const stray = { host: '127.0.0.1', port: 5999 };
    fc.assert(
      fc.property(hostileDatagram, (datagram) => {
        t.endpoint.receive(datagram, stray);
        expect(t.call.phase).toBe('connected');
        expect(t.events).toHaveLength(before);
      }),
      { numRuns: RUNS },
    );
    const counts = t.endpoint.counts;
    expect(counts.malformed + counts.truncated + counts.oversized).toBeGreaterThan(RUNS / 10);
    // Every transaction the strays opened ends on its timers; the call's dialog is all that stays.
    t.clock.runAll();
    expect(t.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 1 });
    // The far end can still hang up.
    t.deliver(farRequest(t.invite, 'BYE', { cseq: 9 }));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    t.call.dispose();
    t.clock.runAll();
    expect(t.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
    expect(t.clock.pending).toBe(0);
  }, 60_000);

  it('over a real socket: hostile datagrams from another host do not disturb a call, and shutdown leaves nothing', async () => {
    let port = 0;
    const far = await farEnd((request) => (request.method === 'INVITE' ? [[200, 'OK', [['contact', `<sip:bob@127.0.0.1:${port}>`]]]] : request.method === 'BYE' ? [[200, 'OK']] : []));
    closers.push(far.close);
    port = far.port;
    const clock = new ManualClock();
    // Signalling is what is fuzzed: no RTP ports (media: false).
    const sip = sipProvider({ lines: [{ aor: 'sip:alice@127.0.0.1' }], clock, media: false });
    const telephony = createTelephony({ providers: [sip], clock });
    const line = await telephony.openLine(0);
    const call = await line.makeCall(`sip:bob@127.0.0.1:${port}`);
    await vi.waitFor(() => expect(call.state).toBe('connected'), { timeout: 10_000 });
    const attacker = createSocket('udp4');
    await new Promise<void>((resolve) => attacker.bind(0, '127.0.0.1', () => resolve()));
    const received = sip.stats().datagrams.received;
    const datagrams = fc.sample(hostileDatagram, { numRuns: 2000, seed: 4475 }).filter((d) => d.length > 0);
    // In batches, each read before the next goes: loopback drops what overflows the socket buffer.
    for (let i = 0; i < datagrams.length; i += 100) {
      const batch = datagrams.slice(i, i + 100);
      for (const datagram of batch) await new Promise<void>((resolve) => attacker.send(datagram, sip.local!.port, '127.0.0.1', () => resolve()));
      await vi.waitFor(() => expect(sip.stats().datagrams.received - received).toBe(i + batch.length), { timeout: 10_000 });
    }
    attacker.close();
    expect(call.state).toBe('connected');
    const dropped = call.drop();
    await vi.waitFor(() => expect(call.state).toBe('ended'), { timeout: 10_000 });
    await dropped;
    await telephony.shutdown();
    expect(sip.stats().live).toEqual({ calls: 0, clientTransactions: 0, serverTransactions: 0, dialogs: 0, socket: false });
    expect(clock.pending).toBe(0);
  }, 60_000);
});
