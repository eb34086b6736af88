/**
 * lineMonitorDigits and LINE_MONITORDIGITS, lineGatherDigits and LINE_GATHERDIGITS: the far end's
 * digits (the call chart's `digit` events: rule 12 of the provider contract), unbuffered and
 * buffered. Both may be on at once on the same call (lineMonitorDigits remarks).
 *
 * The rules (Microsoft's pages of these functions and messages), and the readings taken:
 * - a provider reports a key press once, as it becomes known, as DTMF: LINEDEVCAPS
 *   dwMonitorDigitModes is LINEDIGITMODE_DTMF. LINEDIGITMODE_PULSE and LINEDIGITMODE_DTMFEND (the
 *   up edge of a key) cannot be told, so asking for either is LINEERR_INVALDIGITMODE, as is any
 *   bit that is not a LINEDIGITMODE_ or no bit at all for lineGatherDigits;
 * - lineMonitorDigits: any call state but idle and disconnected (LINEERR_INVALCALLSTATE); an
 *   application that only monitors the call may use it (NOTOWNER is not among its errors);
 *   dwDigitModes 0 turns monitoring off. It lasts until turned off, until the call goes idle, or
 *   until the handle is deallocated. Each digit is LINE_MONITORDIGITS to the applications that
 *   monitor it: hDevice the call, dwParam1 the digit's character code, dwParam2
 *   LINEDIGITMODE_DTMF, dwParam3 the tick count;
 * - lineGatherDigits: owners only (LINEERR_NOTOWNER); "the call state of hCall can be any state"
 *   but the end (digits come only while it is connected or held). A NULL lpsDigits ends the
 *   gathering under way (LINE_GATHERDIGITS, LINEGATHERTERM_CANCEL); dwNumDigits 0 is
 *   LINEERR_INVALPARAM; termination digits NULL or "" are none, others must be DTMF digits
 *   (LINEERR_INVALDIGITS). A new request, from this application or another, cancels the one under
 *   way (LINEGATHERTERM_CANCEL). The digits are written to lpsDigits.value, a string, as the
 *   message is delivered ("only after a LINE_GATHERDIGITS message is received should the content
 *   of the buffer be assumed to be valid"): hDevice the call, dwParam1 the LINEGATHERTERM_,
 *   dwParam2 unused, dwParam3 the tick count;
 * - timeouts: LINEDEVCAPS dwGatherDigitsMinTimeout 0 and dwGatherDigitsMaxTimeout 0x7FFFFFFF;
 *   outside that, LINEERR_INVALTIMEOUT. The page does not say what 0 does; it is read as no
 *   timeout (the gathering waits for ever for that digit).
 */
import { type GatherTermination } from '../../machines/digit-gather.js';
import { isDtmf } from '../../providers/dtmf.js';
import { startGathering } from '../phone/gather.js';
import { liveCall, ownedCall } from './call-functions.js';
import * as err from './constants/errors.js';
import * as media from './constants/media.js';
import { LINE_GATHERDIGITS } from './constants/messages.js';
import type { CallEntry } from './handles.js';
import { dword, isOut, writeOut } from './pointers.js';
import type { Tapi2Runtime } from './runtime.js';
import type { Out } from './structures.js';

/** LINEDEVCAPS dwMonitorDigitModes: what a provider reports (see above). */
export const MONITOR_DIGIT_MODES = media.LINEDIGITMODE_DTMF;
/** LINEDEVCAPS dwGatherDigitsMinTimeout and dwGatherDigitsMaxTimeout (ms). */
export const GATHER_TIMEOUT_RANGE = Object.freeze({ min: 0, max: 0x7fffffff });

/** Every LINEDIGITMODE_ bit. */
const DIGIT_MODES = media.LINEDIGITMODE_PULSE | media.LINEDIGITMODE_DTMF | media.LINEDIGITMODE_DTMFEND;

/** LINEGATHERTERM_ by the gathering's termination. */
const TERMINATION: Record<GatherTermination, number> = {
  BUFFERFULL: media.LINEGATHERTERM_BUFFERFULL,
  TERMDIGIT: media.LINEGATHERTERM_TERMDIGIT,
  FIRSTTIMEOUT: media.LINEGATHERTERM_FIRSTTIMEOUT,
  INTERTIMEOUT: media.LINEGATHERTERM_INTERTIMEOUT,
  CANCEL: media.LINEGATHERTERM_CANCEL,
};

/** LINEERR_INVALDIGITMODE for modes the providers cannot report (see above), else 0. */
function checkModes(modes: number | null, allowNone: boolean): number {
  if (modes === null || (modes & ~DIGIT_MODES) !== 0) return err.LINEERR_INVALDIGITMODE;
  if (modes === 0) return allowNone ? 0 : err.LINEERR_INVALDIGITMODE;
  return (modes & ~MONITOR_DIGIT_MODES) === 0 ? 0 : err.LINEERR_INVALDIGITMODE;
}

/** GetTickCount: milliseconds, as a DWORD that wraps after about 49.7 days. */
const tickCount = (rt: Tapi2Runtime) => Math.floor(rt.clock.now()) >>> 0;

/** lineMonitorDigits: turn the call's LINE_MONITORDIGITS on (DTMF) or off (0) for this handle. */
export function lineMonitorDigits(rt: Tapi2Runtime, hCall: unknown, dwDigitModes: unknown): number {
  const found = liveCall(rt, hCall);
  if (typeof found === 'number') return found;
  const modes = dword(dwDigitModes);
  const bad = checkModes(modes, true);
  if (bad !== 0) return bad;
  const snapshot = found.call.getSnapshot();
  if (snapshot.status !== 'active' || snapshot.context.state === 'disconnected') return err.LINEERR_INVALCALLSTATE;
  found.entry.monitorDigits = modes as number;
  return 0;
}

/** lineGatherDigits: gather the far end's digits into lpsDigits; LINE_GATHERDIGITS when it ends. */
export function lineGatherDigits(
  rt: Tapi2Runtime,
  hCall: unknown,
  dwDigitModes: unknown,
  lpsDigits: unknown,
  dwNumDigits: unknown,
  lpszTerminationDigits: unknown,
  dwFirstDigitTimeout: unknown,
  dwInterDigitTimeout: unknown,
): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  const bad = checkModes(dword(dwDigitModes), false);
  if (bad !== 0) return bad;
  // NULL ends the gathering under way, if any (LINEGATHERTERM_CANCEL).
  if (lpsDigits === null || lpsDigits === undefined) {
    entry.gathering?.cancel();
    return 0;
  }
  if (!isOut(lpsDigits)) return err.LINEERR_INVALPOINTER;
  // A buffer of text: the digits are written to its `value` as a string.
  const buffer = lpsDigits as unknown as Out<string>;
  const max = dword(dwNumDigits);
  if (max === null || max === 0) return err.LINEERR_INVALPARAM;
  const terminators = lpszTerminationDigits ?? '';
  if (typeof terminators !== 'string') return err.LINEERR_INVALPOINTER;
  if (terminators !== '' && !isDtmf(terminators)) return err.LINEERR_INVALDIGITS;
  const first = dword(dwFirstDigitTimeout);
  const inter = dword(dwInterDigitTimeout);
  for (const ms of [first, inter]) if (ms === null || ms < GATHER_TIMEOUT_RANGE.min || ms > GATHER_TIMEOUT_RANGE.max) return err.LINEERR_INVALTIMEOUT;
  if (c.getSnapshot().status !== 'active') return err.LINEERR_INVALCALLSTATE;
  const input = { max, terminators: terminators.toUpperCase(), firstTimeoutMs: first as number, interTimeoutMs: inter as number };
  const gathering = startGathering(c, rt.clock, input, ({ digits, termination }) => {
    if (entry.gathering === gathering) entry.gathering = null;
    postGathered(rt, entry, buffer, digits, TERMINATION[termination]);
  });
  entry.gathering = gathering;
  return 0;
}

/** LINE_GATHERDIGITS, the digits written to the buffer as it is delivered. */
function postGathered(rt: Tapi2Runtime, entry: CallEntry, buffer: Out<string>, digits: string, termination: number): void {
  const { app } = entry.line;
  app.queue.post({
    hDevice: entry.handle,
    dwMessageID: LINE_GATHERDIGITS,
    dwCallbackInstance: entry.line.callbackInstance,
    dwParam1: termination,
    dwParam2: 0,
    dwParam3: tickCount(rt),
    live: () => app.alive && !entry.silenced,
    deliver: () => void writeOut(buffer, digits),
  });
}
