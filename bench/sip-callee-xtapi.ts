/**
 * xtapi as the callee of `sip-incoming.ts`: one SIP provider whose lines answer every call that
 * arrives, either through the whole library (`openLine(i, { autoAnswer: true, autoClear: true })`:
 * a line supervisor, a call actor and its provider service per call) or through the provider
 * contract alone (the benchmark is the core: it takes each offer, answers it, and drops and
 * disposes it once the caller's BYE has ended it), which is what the SIP provider costs by itself.
 */
import { type LineLink, type ProviderCall, type ProviderEvent, realClock } from '../providers/provider.js';
import { sipProvider, type SipProvider } from '../providers/sip/index.js';
import { createTelephony } from '../src/phone/telephony.js';

/** A callee waiting for calls on `port`. */
export interface XtapiCallee {
  readonly port: number;
  /**
   * Once the caller is done: wait for the last calls to end, say what went wrong (nothing, for a
   * clean run) and shut down. `wrong` counts calls not offered, not ended, or ended otherwise
   * than by the caller's BYE after the answer.
   */
  finish(calls: number): Promise<{ wrong: number; notes: string[] }>;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** What both kinds count: calls offered, calls ended, and how the wrong ones ended. */
class Tally {
  offered = 0;
  ended = 0;
  readonly wrong: string[] = [];

  end(ok: boolean, what: unknown): void {
    this.ended++;
    if (!ok) this.wrong.push(JSON.stringify(what).slice(0, 200));
  }

  /** Wait for the last calls to end (their actors run down as the last BYEs are answered), then report. */
  async finish(sip: SipProvider, calls: number, shutdown: () => Promise<void>): Promise<{ wrong: number; notes: string[] }> {
    const held = sip.stats().live;
    gc();
    const heapMB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    for (let i = 0; i < 100 && this.ended < this.offered; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const notes = [`xtapi held at the end: ${held.serverTransactions} server and ${held.clientTransactions} client transactions (64·T1 each), heap ${heapMB} MB`, ...this.wrong.slice(0, 3)];
    if (this.offered !== calls) notes.push(`offered ${this.offered} of ${calls}`);
    if (this.ended !== this.offered) notes.push(`${this.offered - this.ended} calls still up`);
    const dropped = Object.entries(sip.stats().dropped).filter(([, n]) => n > 0);
    if (dropped.length) notes.push(`xtapi dropped ${dropped.map(([why, n]) => `${n} ${why}`).join(', ')}`);
    await shutdown();
    const live = sip.stats().live;
    if (live.calls + live.clientTransactions + live.serverTransactions + live.dialogs > 0 || live.socket) notes.push(`left after shutdown: ${JSON.stringify(live)}`);
    return { wrong: this.wrong.length + (calls - this.ended), notes };
  }
}

/** A provider with one line per user (`sip:<user>@127.0.0.1`), each taking up to `maxCalls`. */
function provider(users: string[], maxCalls: number): SipProvider {
  // Signalling only (media: false): a benchmark of it must not bind two RTP sockets per call.
  return sipProvider({ lines: users.map((user) => ({ aor: `sip:${user}@127.0.0.1`, maxCalls })), media: false });
}

/** The whole library, each line on auto-answer. */
export async function telephonyCallee(users: string[], maxCalls: number): Promise<XtapiCallee> {
  gc();
  const sip = provider(users, maxCalls);
  const telephony = createTelephony({ providers: [sip] });
  const tally = new Tally();
  for (let i = 0; i < users.length; i++) {
    const line = await telephony.openLine(i, { autoAnswer: true, autoClear: true });
    line.on('incoming', (call) => {
      tally.offered++;
      void call.ended().then((cause) => tally.end(cause.origin === 'remote' && cause.connected && cause.mode === 'NORMAL', cause));
    });
  }
  return { port: sip.local!.port, finish: (calls) => tally.finish(sip, calls, () => telephony.shutdown()) };
}

/** The provider contract alone: the benchmark plays the core. */
export async function providerCallee(users: string[], maxCalls: number): Promise<XtapiCallee> {
  gc();
  const sip = provider(users, maxCalls);
  const tally = new Tally();
  const handlers = new Map<string, (event: ProviderEvent) => void>();
  let next = 0;
  const link: LineLink = {
    clock: realClock,
    report: (callId, event) => handlers.get(callId)?.(event),
    service: () => {},
    offer(_info, create) {
      const callId = `in${next++}`;
      const call: ProviderCall = create(callId);
      tally.offered++;
      let connected = false;
      handlers.set(callId, (event) => {
        if (event.type === 'PROVIDER.CONNECTED') connected = true;
        else if (event.type === 'PROVIDER.IDLE') {
          handlers.delete(callId);
          call.dispose();
        } else {
          // The caller's BYE (DISCONNECTED), or anything that went wrong: drop, as the core does.
          tally.end(event.type === 'PROVIDER.DISCONNECTED' && connected, event);
          call.drop();
        }
      });
      queueMicrotask(() => call.answer?.());
      return callId;
    },
  };
  for (let i = 0; i < users.length; i++) await sip.openLine(i, link);
  return { port: sip.local!.port, finish: (calls) => tally.finish(sip, calls, () => sip.shutdown()) };
}
