/**
 * Benchmark (not a test): a million hostile datagrams or more through the SIP endpoint, with a
 * call connected all along. The datagrams are those of the property tests
 * (`test/providers/sip/fuzz-datagrams.ts`, fast-check, seeded): corpus messages (our own kinds
 * and RFC 4475's) with up to four mutations each, well-formed messages of every kind, and random
 * bytes. It reports the rate, what became of the datagrams (dropped by reason, answered), how
 * many threw (must be 0), whether the call was disturbed (must not be), the heap before and
 * after, and what was left once the transaction timers had run (must be the call's dialog only).
 *
 *   npm run build:bench && node --expose-gc dist-bench/bench/sip-fuzz.js [datagrams=1000000] [seed=4475]
 */
import fc from 'fast-check';
import { accountOf } from '../providers/sip/account.js';
import { Endpoint } from '../providers/sip/endpoint.js';
import { header, parseMessage, serialise, type SipRequest } from '../providers/sip/message.js';
import { SipCall } from '../providers/sip/sip-call.js';
import { rfcTimers } from '../providers/sip/timers.js';
import type { Destination, Transport } from '../providers/sip/transport.js';
import { defaultCallParams, type ProviderEvent } from '../providers/provider.js';
import { ManualClock } from '../src/testing/manual-clock.js';
import { hostileDatagram } from '../test/providers/sip/fuzz-datagrams.js';

const total = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 4475);
const BATCH = 10_000;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1048576;
};

/** A transport that keeps the last request sent (for the call's own setup) and counts the rest. */
class Sink implements Transport {
  readonly local = { host: '127.0.0.1', port: 5062 };
  sent = 0;
  last = '';
  send(data: string | Uint8Array, _to: Destination): void {
    this.sent++;
    this.last = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  }
}

const clock = new ManualClock();
const transport = new Sink();
const endpoint = new Endpoint({ transport, clock, timers: rfcTimers });
const account = accountOf({ aor: 'sip:alice@127.0.0.1', domain: '127.0.0.1:5070' }, 0);
const events: ProviderEvent[] = [];
const call = new SipCall({ account, endpoint, outOfService: null, forget() {} }, { callId: 'c1', lineIndex: 0, destination: '5550111', complete: true, params: defaultCallParams }, (e) => events.push(e), clock);
call.make();
const invite = parseMessage(transport.last).ok ? (parseMessage(transport.last) as { message: SipRequest }).message : null;
if (!invite) throw new Error('no INVITE');
const far = { host: '127.0.0.1', port: 5070 };
const ok = new Map<string, string[]>([
  ['via', invite.headers.get('via')!],
  ['from', [header(invite, 'from')!]],
  ['to', [`${header(invite, 'to')!};tag=far1`]],
  ['call-id', [header(invite, 'call-id')!]],
  ['cseq', [header(invite, 'cseq')!]],
  ['contact', ['<sip:bob@127.0.0.1:5070>']],
]);
endpoint.receive(Buffer.from(serialise({ kind: 'response', status: 200, reason: 'OK', headers: ok, body: '' })), far);
if (call.phase !== 'connected') throw new Error(`the call did not connect: ${call.phase}`);
const eventsBefore = events.length;

const heapBefore = heapMb();
const stray = { host: '127.0.0.1', port: 5999 };
let delivered = 0;
let threw = 0;
let bytes = 0;
const sentBefore = transport.sent;
let generateMs = 0;
let receiveMs = 0;
let peakTransactions = 0;
for (let batch = 0; delivered < total; batch++) {
  let t = performance.now();
  const datagrams = fc.sample(hostileDatagram, { numRuns: Math.min(BATCH, total - delivered), seed: seed + batch });
  generateMs += performance.now() - t;
  t = performance.now();
  for (const datagram of datagrams) {
    bytes += datagram.length;
    try {
      endpoint.receive(datagram, stray);
    } catch {
      threw++;
    }
  }
  receiveMs += performance.now() - t;
  delivered += datagrams.length;
  peakTransactions = Math.max(peakTransactions, endpoint.size.serverTransactions);
  // Time moves on between batches (10,000 datagrams a simulated second): transactions end on
  // their timers, and the table's cap sheds what comes faster.
  clock.advance(1000);
}
const heapAfter = heapMb();
const counts = { ...endpoint.counts };
const answered = transport.sent - sentBefore;
const disturbed = call.phase !== 'connected' || events.length !== eventsBefore;
clock.runAll();
const left = endpoint.size;
const heapEnd = heapMb();

const lines = [
  `| datagrams | ${delivered.toLocaleString('en-US')} (${(bytes / 1048576).toFixed(0)} MiB) |`,
  `| endpoint.receive rate | ${Math.round(delivered / (receiveMs / 1000)).toLocaleString('en-US')} datagrams/s (${(receiveMs / 1000).toFixed(1)} s; generating them took ${(generateMs / 1000).toFixed(1)} s more) |`,
  `| threw | ${threw} |`,
  `| dropped | oversized ${counts.oversized.toLocaleString('en-US')}, truncated ${counts.truncated.toLocaleString('en-US')}, malformed ${counts.malformed.toLocaleString('en-US')}, misrouted ${counts.misrouted.toLocaleString('en-US')}, unmatched ${counts.unmatched.toLocaleString('en-US')}, overloaded ${counts.overloaded.toLocaleString('en-US')} |`,
  `| answered (datagrams sent, retransmissions included) | ${answered.toLocaleString('en-US')} |`,
  `| call disturbed | ${disturbed ? 'YES' : 'no'} (still ${call.phase}) |`,
  `| server transactions, peak between batches | ${peakTransactions.toLocaleString('en-US')} |`,
  `| heap after GC: before, after the last batch, once the timers ran | ${heapBefore.toFixed(1)} MB, ${heapAfter.toFixed(1)} MB, ${heapEnd.toFixed(1)} MB |`,
  `| left after the timers ran | ${left.clientTransactions} client transactions, ${left.serverTransactions} server transactions, ${left.dialogs} dialog (the call's) |`,
];
process.stdout.write(`${lines.join('\n')}\n\ncommand: npm run build:bench && node --expose-gc dist-bench/bench/sip-fuzz.js ${total} ${seed}\nnode ${process.version}\n`);
process.exitCode = threw > 0 || disturbed || left.serverTransactions > 0 || left.clientTransactions > 0 || left.dialogs !== 1 ? 1 : 0;
