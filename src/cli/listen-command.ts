/**
 * `xtapi listen`: wait for calls on a line and print each one (who calls, every state with its
 * time and mode, how it ended), answering them after a delay if asked and hanging up a while
 * after the answer. On the simulated switch `--ring-in` makes the switch ring the line, so the
 * command is useful with no network; over SIP the calls come from the network.
 */
import type { CallCause } from '../../machines/events.js';
import type { Clock } from '../../providers/provider.js';
import type { SimulatedProvider } from '../../providers/simulated/index.js';
import type { Call } from '../phone/call.js';
import { XtapiError } from '../phone/errors.js';
import { createTelephony } from '../phone/telephony.js';
import { runMedia, wantsMedia } from './call-media.js';
import type { CliIo } from './cli-io.js';
import { HELP, USAGE } from './help.js';
import { ListenPrinter } from './listen-printer.js';
import { type ListenRequest, readListenRequest } from './listen-request.js';
import { chooseProvider, type ProviderChoice } from './provider-options.js';
import { escapeUnsafe, quoted } from './quote.js';
import { RingIn } from './ring-in.js';
import { untilInterrupted } from './until-interrupted.js';
import { reportUsage, UsageError } from './usage-error.js';

/** Exit status when Ctrl-C comes before the calls asked for (`--calls`, `--ring-in`) have ended. */
const INTERRUPTED = 130;

/** The line `xtapi listen` listens on: the first (a SIP account is one line). */
const DEVICE = 0;

/** Options of {@link listenCommand} that a test sets. */
export interface ListenOptions {
  env?: NodeJS.ProcessEnv;
  /** The telephony's clock (default: the real one). */
  clock?: Clock;
  /**
   * The simulated switch to listen on instead of a new one (with `--provider sim`, the default):
   * a test holds it to drive the far ends, e.g. make a caller talk (`sim.sayAudio()`).
   */
  simulated?: SimulatedProvider;
}

/** What the line does with a call, in words, for the first line printed. */
function policyText(request: ListenRequest): string {
  if (request.answerAfter === null) return 'calls are shown, not answered';
  const answer = request.answerAfter === 0 ? 'answering each call at once' : `answering each call ${request.answerAfter} ms after it arrives`;
  const { play, gather, record } = request.media;
  const doing = [
    play ? `playing ${quoted(play.path)}` : '',
    gather === null ? '' : `gathering up to ${gather.max} digit${gather.max === 1 ? '' : 's'}`,
    record === null ? '' : `recording up to ${record.maxMs / 1000} s to ${quoted(record.path)}`,
  ].filter(Boolean).join(', then ');
  if (!doing) return request.hangupAfter === null ? answer : `${answer}, hanging up ${request.hangupAfter} ms after the answer`;
  return `${answer}, ${doing}${request.hangupAfter === null ? '' : `, hanging up ${request.hangupAfter} ms after that`}`;
}

/**
 * Run `xtapi listen`; resolves with the exit status once the calls asked for have ended, or on
 * Ctrl-C.
 *
 * @example
 * ```ts
 * const status = await listenCommand(['--ring-in', '5550123,Bob', '--answer-after', '0', '--hangup-after', '500'], { out: console.log, err: console.error });
 * // xtapi: listening on Simulated line 0 (simulated), address "100": answering each call at once, …
 * //      3 ms  i0.1 call from "5550123" ("Bob") to "100"
 * // …
 * // i0.1: answered, connected for 0.5 s; ended by us (LINEDISCONNECTMODE_NORMAL)
 * ```
 */
export async function listenCommand(argv: string[], io: CliIo, options: ListenOptions = {}): Promise<number> {
  let request: ListenRequest;
  let choice: ProviderChoice;
  try {
    request = readListenRequest(argv);
    if (request.help) {
      io.out(HELP);
      return 0;
    }
    choice = chooseProvider(request.provider, { lines: 1 }, options.env ?? process.env, io.err);
    if (options.simulated && choice.kind === 'sim') {
      await choice.provider.shutdown();
      choice = { ...choice, provider: options.simulated };
    }
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io, error, USAGE.listen);
    throw error;
  }
  const telephony = createTelephony({ providers: [choice.provider], clock: options.clock });
  const { clock } = telephony;
  const printer = new ListenPrinter(io, request.json, clock);
  // Nothing else may keep the process up while no call comes (the simulated switch has no socket).
  const keepAlive = setInterval(() => {}, 2 ** 30);
  // Ctrl-C is heard from the start: a SIP line may take a while to open (its registration).
  const waiting = new AbortController();
  const interrupted = untilInterrupted(waiting.signal).then(() => true);
  try {
    const { aor, registrar } = request.provider;
    if (choice.kind === 'sip' && registrar !== undefined) printer.notice(`xtapi: registering ${quoted(aor ?? '')} at ${quoted(registrar)} (Ctrl-C to stop)`);
    const opening = telephony.openLine(DEVICE, { autoAnswer: request.answerAfter === null ? false : { afterMs: request.answerAfter } });
    const line = await Promise.race([opening, interrupted.then(() => null)]).catch((error: unknown) => {
      if (!(error instanceof XtapiError)) throw error;
      printer.cannotListen(DEVICE, error);
      return undefined;
    });
    if (line === undefined) return 1;
    if (line === null) {
      printer.notice(`xtapi: interrupted before line ${DEVICE} was open`);
      return INTERRUPTED;
    }
    const { ringIn } = request;
    let ringer: RingIn | null = null;
    if (ringIn && choice.kind === 'sim') {
      const sim = choice.provider;
      ringer = new RingIn((caller) => sim.offerCall(0, caller), ringIn, request.calls ?? 1);
    }

    // Each call is followed to its end; `reported` settles once its end is printed.
    const reported = new Map<Call, Promise<void>>();
    let ended = 0;
    let allDone: () => void = () => {};
    const done = new Promise<void>((resolve) => (allDone = resolve));
    const follow = (call: Call) => {
      printer.arrived(call);
      let hangup: unknown = null;
      const hangUp = () => {
        // Once: a call the far end holds and takes back is connected again, not answered again.
        if (request.hangupAfter !== null && hangup === null) hangup = clock.setTimeout(() => void call.drop(), request.hangupAfter);
      };
      // --play and --gather, once the call is answered; its end is printed after their lines.
      let media: Promise<void> | null = null;
      const off = call.on('state', (event) => {
        printer.state(event);
        if (event.state !== 'connected') return;
        if (!wantsMedia(request.media)) hangUp();
        // With --play or --gather, --hangup-after counts from when they are done.
        else if (media === null) media = runMedia(call, request.media, (what) => printer.media(call.id, what)).then(() => void (call.cause === null && hangUp()));
      });
      const finish = (cause: CallCause, connectedMs: number) => {
        off();
        if (hangup !== null) clock.clearTimeout(hangup);
        printer.ended(call.id, cause, connectedMs);
        reported.delete(call);
        ended++;
        if (request.calls !== null && ended >= request.calls) allDone();
        else ringer?.next();
      };
      const end = call.ended().then((cause) => {
        // Connected until the call ended, not until a recording it cut short is written.
        const { connectedAt } = call.snapshot.context;
        const connectedMs = connectedAt === null ? 0 : Math.round(clock.now() - connectedAt);
        return media ? media.then(() => finish(cause, connectedMs)) : finish(cause, connectedMs);
      });
      reported.set(call, end);
    };
    line.on('incoming', follow);
    line.on('service', ({ inService, message }) => printer.notice(inService ? 'xtapi: the line is back in service' : `xtapi: the line is out of service: ${escapeUnsafe(message ?? '')}`));

    printer.listening(line, telephony.devices[DEVICE].providerName, policyText(request));
    if (ringer && ringIn) {
      const callers = request.calls === 1 ? 'one call' : `${request.calls} calls, each once the last has ended`;
      printer.notice(`xtapi: the simulated switch rings the line from ${ringIn.from === null ? "a withheld number" : quoted(ringIn.from)}${ringIn.name === undefined ? '' : ` (${quoted(ringIn.name)})`}: ${callers}`);
      ringer.next();
    }

    const byCtrlC = await Promise.race([done.then(() => false), interrupted]);
    // Interrupted before the calls asked for had come and gone (those dropped now do not count).
    const cutShort = byCtrlC && request.calls !== null && ended < request.calls;
    // Calls still live are dropped (an offered one is turned down), and their ends printed.
    const live = [...reported];
    for (const [call] of live) void call.drop();
    await Promise.all(live.map(([, end]) => end));
    printer.stopped(byCtrlC);
    return cutShort ? INTERRUPTED : 0;
  } finally {
    waiting.abort();
    clearInterval(keepAlive);
    await telephony.shutdown();
  }
}
