/**
 * `xtapi call`: place one call and follow it to its end, on the simulated switch or a SIP
 * account. The main job of the package, and a small example of the modern API.
 */
import type { CallCause, CallStateEvent } from '../../machines/events.js';
import type { Clock, Provider } from '../../providers/provider.js';
import { XtapiError } from '../phone/errors.js';
import { createTelephony } from '../phone/telephony.js';
import { type ControlOutcome, controlCall } from './call-control.js';
import { runMedia, wantsMedia } from './call-media.js';
import { type ErrorLine, REASONS, type RequestLine, type ResultLine, resultOf, type StateLine } from './call-result.js';
import { type CallRequest, readCallRequest } from './call-request.js';
import type { CliIo } from './cli-io.js';
import { HELP, USAGE } from './help.js';
import { causeCodes, lineErrorFields, lineErrorName, lineErrorText } from './line-error.js';
import { type MediaEvent, mediaLine, mediaText } from './media-lines.js';
import { CallPages } from './pages.js';
import { progressText, stateText } from './progress-text.js';
import { chooseProvider, type ProviderChoice } from './provider-options.js';
import { escapeUnsafe, quoted } from './quote.js';
import { endedOrStalled } from './stall-guard.js';
import { reportUsage, USAGE_STATUS, UsageError } from './usage-error.js';

/** Exit status when Ctrl-C comes before the call starts (128 + SIGINT, as shells report it). */
const INTERRUPTED = 130;

/** What `xtapi call` runs on besides its command line: for tests, and programs that embed it. */
export interface CallCommandOptions {
  /** The environment (default: the process's): the SIP password. */
  env?: NodeJS.ProcessEnv;
  /** The telephony's clock (default: the real one); every timer of the command runs on it. */
  clock?: Clock;
  /** A provider to call through instead of the one the command line names. */
  provider?: Provider;
}

/**
 * Run `xtapi call`; resolves with the exit status.
 *
 * @example
 * ```ts
 * const status = await callCommand(['5550122', '--json'], { out: console.log, err: console.error });
 * // stdout: {"t":0,"call":"c1","state":"placing","mode":null} … {"result":"busy",…}; status 1
 * ```
 */
export async function callCommand(argv: string[], io: CliIo, options: CallCommandOptions = {}): Promise<number> {
  let request: CallRequest;
  let choice: Pick<ProviderChoice, 'provider' | 'describe'>;
  try {
    request = readCallRequest(argv);
    if (request.help) {
      io.out(HELP);
      return 0;
    }
    choice = options.provider
      ? { provider: options.provider, describe: () => `through the provider ${quoted(options.provider?.name ?? '')}` }
      : chooseProvider(request.provider, { lines: 1, outcome: request.outcome }, options.env ?? process.env, io.err);
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io, error, USAGE.call);
    throw error;
  }
  const { address, json } = request;
  // With --json, stdout is for JSON lines only: the rest goes to stderr.
  const notify = (line: string) => (json ? io.err(line) : io.out(line));
  const print = (line: StateLine | RequestLine | ResultLine | ErrorLine | ReturnType<typeof mediaLine>) => io.out(JSON.stringify(line));
  let pages: CallPages;
  try {
    pages = await CallPages.start(request.pages);
  } catch (error) {
    await choice.provider.shutdown();
    return failed(error, address, json, io);
  }
  const telephony = createTelephony({ providers: [choice.provider], inspect: pages.inspectOption, clock: options.clock });
  const { clock } = telephony;
  // The pages stay up after a call they showed; not after Ctrl-C or a page that did not start.
  let shown = false;
  try {
    await pages.attach(telephony);
    for (const line of pages.notices()) notify(line);
    if (!(await pages.viewed())) return INTERRUPTED;
    shown = true;
    const start = telephony.clock.now();
    const since = () => Math.round(telephony.clock.now() - start);
    const line = await telephony.openLine(0);
    const call = await line.createCall(address);
    if (!json) io.out(`xtapi: calling ${quoted(address)} on ${line.device.name} (${telephony.devices[0].providerName}), ${choice.describe(address)}`);
    let connectedAt: number | null = null;
    let hangup: unknown = null;
    let stopControl = () => {};
    // --play, --gather and --record, while they run; the call's end is printed after their lines.
    let media: Promise<void> | null = null;
    let over = false;
    const reportMedia = (event: MediaEvent) => (json ? print(mediaLine(since(), call.id, event)) : io.out(progressText(since(), call.id, mediaText(event))));
    const outcome = ({ request: what, to, error }: ControlOutcome) => {
      if (json) print({ t: since(), call: call.id, request: what, ...(to === undefined ? {} : { to }), ...(error ? lineErrorFields(error) : { error: null }) });
      else io.out(progressText(since(), call.id, requestText(what, to, error)));
    };
    call.on('state', (event: CallStateEvent) => {
      if (json) print({ t: since(), call: event.callId, state: event.state, mode: event.mode });
      else io.out(progressText(since(), event.callId, stateText(event.state, event.mode)));
      // Connected again after a hold (or the far end's) is not a new connection: times run from the first.
      if (event.state === 'connected' && connectedAt === null) {
        connectedAt = clock.now();
        const hangUp = () => (hangup = clock.setTimeout(() => void call.drop(), request.hangupAfter));
        if (!wantsMedia(request.media)) hangUp();
        stopControl = controlCall(call, request.control, clock, outcome);
        if (wantsMedia(request.media)) {
          // With --play, --gather or --record the far end gets them whole: --hangup-after counts from their end.
          media = runMedia(call, request.media, reportMedia).then(() => void (over || hangUp()));
          // Awaited once the call has ended (and rethrown there); not an unhandled rejection meanwhile.
          media.catch(() => {});
        }
      }
    });
    await call.request({ type: 'MAKE' }).catch(() => {});
    const interrupt = () => void call.drop();
    process.once('SIGINT', interrupt);
    const { cause, stalledIn } = await endedOrStalled(call).finally(() => {
      over = true;
      process.off('SIGINT', interrupt);
      if (hangup !== null) clock.clearTimeout(hangup);
      stopControl();
    });
    // Connected until the call ended, not until a recording it cut short is written.
    const connectedMs = connectedAt === null ? 0 : Math.round(clock.now() - connectedAt);
    if (media) await media;
    const result = stalledIn ? 'error' : resultOf(cause);
    if (json) print({ result, cause, connectedMs });
    else if (stalledIn) io.out(`failed: the call stalled in ${stalledIn}, nothing more would have happened; dropped (${causeCodes(cause)})`);
    else if (result === 'connected') io.out(`connected for ${(connectedMs / 1000).toFixed(1)} s; ${endedText(cause)} (${causeCodes(cause)})`);
    else io.out(`failed: ${REASONS[result]} (${causeCodes(cause)})`);
    return result === 'connected' ? 0 : 1;
  } catch (error) {
    return failed(error, address, json, io);
  } finally {
    if (shown) await pages.hold(notify);
    await pages.closeViews();
    await telephony.shutdown();
    await pages.closeRelay();
  }
}

/** How a connected call ended, in words. */
function endedText(cause: CallCause): string {
  if (cause.origin === 'transfer') return cause.transferredTo ? `transferred to ${quoted(cause.transferredTo)}` : 'transferred';
  return cause.origin === 'local' ? 'ended by us' : 'ended by the far end';
}

/** A hold's, an unhold's or a transfer's outcome, in the state column's place. */
function requestText(what: ControlOutcome['request'], to: string | undefined, error: XtapiError | null): string {
  const head = `${what.padEnd(13)} ${to === undefined ? '' : `to ${quoted(to)}: `}`;
  if (!error) return `${head}done`;
  // The LINEERR_ name first, then what the message adds to it ("hold failed: LINEERR_X (why)" adds the why).
  const code = lineErrorName(error.code);
  const adds = error.message.replace(new RegExp(`^.*? failed: ${code} ?`), '').replace(/^\((.*)\)$/, '$1');
  return `${head}failed: ${code}${adds ? `: ${escapeUnsafe(adds)}` : ''}`;
}

/** A call that could not be placed: the LINEERR_ (as a JSON line with --json); exit 2 for an address, else 1. */
function failed(error: unknown, address: string, json: boolean, io: CliIo): number {
  if (!(error instanceof XtapiError)) throw error;
  const usage = error.code === 'INVALADDRESS' || error.code.startsWith('DIAL');
  if (json) io.out(JSON.stringify({ result: 'error', cause: null, ...lineErrorFields(error) } satisfies ErrorLine));
  else io.err(`xtapi: cannot call ${quoted(address)}: ${lineErrorText(error)}`);
  return usage ? USAGE_STATUS : 1;
}
