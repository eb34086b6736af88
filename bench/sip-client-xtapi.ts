/**
 * Benchmark client (run as a child process by `sip-throughput.ts`): xtapi's SIP provider places
 * calls to a SIPp UAS as fast as they complete, keeping `window` calls in flight (a closed
 * loop), and prints one JSON line with what it measured.
 *
 *   node --expose-gc dist-bench/bench/sip-client-xtapi.js <mode> <uas port> <calls> <window>
 *
 * Modes:
 * - `provider`: the provider contract alone (openLine, makeCall, drop on CONNECTED, dispose on
 *   IDLE): what the provider sustains.
 * - `telephony`: the whole library (createTelephony, line.makeCall, call.until('connected'),
 *   call.drop()), with the calls spread over lines of 25 calls each.
 * - `held`: `calls` calls placed (at most `window` setting up at once) and all held connected at
 *   once, then all dropped, through the telephony.
 */
import { defaultCallParams, type ProviderCall, type ProviderEvent, realClock } from '../providers/provider.js';
import { sipProvider } from '../providers/sip/index.js';
import type { Line } from '../src/phone/line.js';
import { createTelephony } from '../src/phone/telephony.js';

interface Result {
  mode: string;
  calls: number;
  failed: number;
  elapsedMs: number;
  cps: number;
  failures: string[];
  extra?: Record<string, unknown>;
}

const [mode, portText, callsText, windowText] = process.argv.slice(2);
const port = Number(portText);
const total = Number(callsText);
const window = Number(windowText);
const target = `sip:service@127.0.0.1:${port}`;
const failures: string[] = [];

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The provider alone: the closed loop drives the provider's line and calls directly. */
async function providerOnly(): Promise<Result> {
  // Signalling only (media: false): a benchmark of it must not bind two RTP sockets per call.
  const sip = sipProvider({ lines: [{ aor: 'sip:bench@127.0.0.1', maxCalls: window }], media: false });
  const handlers = new Map<string, (event: ProviderEvent) => void>();
  const line = await sip.openLine(0, { clock: realClock, report: (callId, event) => handlers.get(callId)?.(event), service: () => {}, offer: () => null });
  let started = 0;
  let finished = 0;
  let failed = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const place = () => {
      if (started >= total) return;
      const n = started++;
      const callId = `b${n}`;
      let connected = false;
      let call: ProviderCall | null = null;
      const pending: Array<() => void> = [];
      // Reports may come within makeCall, before `call` is known: act on them once it is.
      const act = (fn: (made: ProviderCall) => void) => (call ? fn(call) : pending.push(() => fn(call as ProviderCall)));
      handlers.set(callId, (event) => {
        if (event.type === 'PROVIDER.CONNECTED') {
          connected = true;
          act((made) => made.drop());
        } else if (event.type === 'PROVIDER.BUSY' || event.type === 'PROVIDER.DISCONNECTED' || event.type === 'PROVIDER.FAILED') {
          failures.push(`${n}: ${JSON.stringify(event)}`.slice(0, 300));
          act((made) => made.drop());
        } else if (event.type === 'PROVIDER.IDLE') {
          if (!connected) failed++;
          handlers.delete(callId);
          act((made) => made.dispose());
          finished++;
          if (finished === total) resolve();
          else queueMicrotask(place);
        }
      });
      call = line.makeCall({ callId, lineIndex: 0, destination: target, complete: true, params: defaultCallParams });
      for (const fn of pending.splice(0)) fn();
    };
    for (let i = 0; i < window; i++) place();
  });
  const elapsedMs = performance.now() - start;
  const stats = sip.stats();
  await sip.shutdown();
  return { mode, calls: total, failed, elapsedMs, cps: (total / elapsedMs) * 1000, failures, extra: { dropped: stats.dropped, datagrams: stats.datagrams } };
}

function telephonyOf(lineCount: number, perLine: number) {
  const lines = Array.from({ length: lineCount }, (_, i) => ({ aor: `sip:bench${i}@127.0.0.1`, maxCalls: perLine }));
  const sip = sipProvider({ lines, media: false }); // signalling only: no RTP sockets per call
  return { sip, telephony: createTelephony({ providers: [sip] }) };
}

/** The whole library: makeCall, until connected, drop, `window` of them at a time. */
async function wholeLibrary(): Promise<Result> {
  const perLine = 25;
  const { sip, telephony } = telephonyOf(Math.ceil(window / perLine), perLine);
  const lines: Line[] = [];
  for (let i = 0; i < Math.ceil(window / perLine); i++) lines.push(await telephony.openLine(i));
  let started = 0;
  let failed = 0;
  const start = performance.now();
  const worker = async (line: Line) => {
    while (started < total) {
      const n = started++;
      try {
        const call = await line.makeCall(target);
        await call.until('connected');
        await call.drop();
      } catch (error) {
        failed++;
        failures.push(`${n}: ${String(error)}`.slice(0, 300));
      }
    }
  };
  await Promise.all(Array.from({ length: window }, (_, i) => worker(lines[Math.floor(i / perLine)])));
  const elapsedMs = performance.now() - start;
  const stats = sip.stats();
  await telephony.shutdown();
  return { mode, calls: total, failed, elapsedMs, cps: (total / elapsedMs) * 1000, failures, extra: { dropped: stats.dropped, datagrams: stats.datagrams } };
}

/** `total` calls up at once, then all dropped. */
async function held(): Promise<Result> {
  const perLine = 25;
  const lineCount = Math.ceil(total / perLine);
  const { sip, telephony } = telephonyOf(lineCount, perLine);
  const lines: Line[] = [];
  for (let i = 0; i < lineCount; i++) lines.push(await telephony.openLine(i));
  const start = performance.now();
  let next = 0;
  const calls: Array<Awaited<ReturnType<Line['makeCall']>>> = [];
  let failed = 0;
  const setUp = async () => {
    while (next < total) {
      const n = next++;
      try {
        const call = await lines[Math.floor(n / perLine)].makeCall(target);
        await call.until('connected');
        calls.push(call);
      } catch (error) {
        failed++;
        failures.push(`${n}: ${String(error)}`.slice(0, 300));
      }
    }
  };
  await Promise.all(Array.from({ length: window }, setUp));
  const upMs = performance.now() - start;
  const connectedAtOnce = calls.filter((call) => call.state === 'connected').length;
  const live = sip.stats().live;
  const causes = await Promise.all(calls.map((call) => call.drop()));
  const elapsedMs = performance.now() - start;
  failed += causes.filter((cause) => cause.origin !== 'local' || !cause.connected).length;
  await telephony.shutdown();
  return { mode, calls: total, failed, elapsedMs, cps: (total / elapsedMs) * 1000, failures, extra: { connectedAtOnce, upMs: Math.round(upMs), dialogsAtPeak: live.dialogs } };
}

gc();
const run = mode === 'provider' ? providerOnly : mode === 'telephony' ? wholeLibrary : held;
const result = await run();
process.stdout.write(`${JSON.stringify({ ...result, failures: result.failures.slice(0, 5) })}\n`);
