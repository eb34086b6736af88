/**
 * lineGenerateDigits and LINE_GENERATE: DTMF on a connected call, through the call chart's
 * GENERATE_DIGITS (the same event the modern API's `call.dial()` sends on a connected call).
 *
 * The rules (Microsoft's lineGenerateDigits and LINE_GENERATE pages), and the readings taken:
 * - synchronous: 0 once generation has been started, not when every digit has gone; the end is
 *   reported with LINE_GENERATE (hDevice = hCall, dwParam1 = LINEGENERATETERM_, dwParam2 unused,
 *   dwParam3 the tick count), sent only to the application that asked;
 * - dwDigitMode has exactly one LINEDIGITMODE_ flag. A provider sends digits one way only, as
 *   DTMF (a SIP INFO, the simulated switch's record), so LINEDEVCAPS dwGenerateDigitModes is
 *   LINEDIGITMODE_DTMF and any other value, LINEDIGITMODE_PULSE included, is
 *   LINEERR_INVALDIGITMODE;
 * - lpszDigits: the DTMF digits 0-9, A-D, *, # (a-d are taken as A-D). "Invalid digits are
 *   ignored during the generation, rather than being reported as errors": LINEERR_INVALDIGITS is
 *   not among the function's return values, so any other character is dropped. ',' (a pause)
 *   and '!' (a hookflash) are valid, but the provider contract has neither a pause nor a flash,
 *   so they are dropped as well: the digits around a comma go out one after the other;
 * - dwDuration: 0 is the default, and a value outside LINEDEVCAPS Min/MaxDialParams is moved to
 *   the nearest one in the range; those are all zero (the provider picks the timing), so every
 *   value comes down to the default;
 * - hCall: LINEERR_INVALCALLHANDLE, and LINEERR_NOTOWNER for a call the application only monitors
 *   (one that arrived on a line it opened with LINECALLPRIVILEGE_MONITOR). TAPI itself imposes no call
 *   state and lets a provider require CONNECTED: the chart takes GENERATE_DIGITS only when
 *   connected, anything else is LINEERR_INVALCALLSTATE;
 * - a tone under way (lineGenerateTone) is cancelled first: one generation per call, and the tone's
 *   application gets LINE_GENERATE LINEGENERATETERM_CANCEL before this one's DONE;
 * - a new request or NULL lpszDigits cancels a digit generation in progress (LINEGENERATETERM_CANCEL).
 *   The core answers GENERATE_DIGITS as soon as the provider has the digits (`replyNow`), so a
 *   generation is over, and LINE_GENERATE LINEGENERATETERM_DONE queued, before
 *   lineGenerateDigits returns: none is ever in progress to cancel. NULL returns 0 and sends
 *   nothing, a new request starts a new generation, and LINEGENERATETERM_CANCEL is never sent.
 */
import type { CallReplyEvent } from '../../machines/events.js';
import { ownedCall } from './call-functions.js';
import { lineErr } from './codes.js';
import * as err from './constants/errors.js';
import { LINEDIGITMODE_DTMF, LINEGENERATETERM_DONE } from './constants/media.js';
import { LINE_GENERATE } from './constants/messages.js';
import type { CallEntry } from './handles.js';
import { dword } from './pointers.js';
import type { Tapi2Runtime } from './runtime.js';
import { dtmfOnly } from '../../providers/dtmf.js';
import { cancelToneGeneration } from '../phone/tone-generation.js';

/** LINEDEVCAPS dwGenerateDigitModes: the one digit mode every provider generates. */
export const GENERATE_DIGIT_MODES = LINEDIGITMODE_DTMF;

/** The DTMF digits of `digits`, in order; every other character is dropped (see above). */
export function dtmfDigits(digits: string): string {
  return dtmfOnly(digits);
}

/** Queue LINE_GENERATE for the call: after every state the call reported before it. */
export function postGenerate(rt: Tapi2Runtime, entry: CallEntry, termination: number): void {
  const { app } = entry.line;
  app.queue.post({
    hDevice: entry.handle,
    dwMessageID: LINE_GENERATE,
    dwCallbackInstance: entry.line.callbackInstance,
    dwParam1: termination,
    dwParam2: 0,
    // GetTickCount: milliseconds, as a DWORD that wraps after about 49.7 days.
    dwParam3: Math.floor(rt.clock.now()) >>> 0,
    live: () => app.alive && !entry.silenced,
  });
}

/** lineGenerateDigits: DTMF on a connected call; 0, then LINE_GENERATE once the core has the digits. */
export function lineGenerateDigits(rt: Tapi2Runtime, hCall: unknown, dwDigitMode: unknown, lpszDigits: unknown, _dwDuration: unknown): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call: c } = found;
  if (dword(dwDigitMode) !== LINEDIGITMODE_DTMF) return err.LINEERR_INVALDIGITMODE;
  // NULL cancels the generation in progress; there never is one (see above).
  if (lpszDigits === null || lpszDigits === undefined) return 0;
  if (typeof lpszDigits !== 'string') return err.LINEERR_INVALPOINTER;
  if (!c.getSnapshot().can({ type: 'GENERATE_DIGITS', digits: '' })) return err.LINEERR_INVALCALLSTATE;
  // One generation per call: digits cancel the tone under way (lineGenerateTone remarks).
  cancelToneGeneration(c);
  const digits = dtmfDigits(lpszDigits);
  if (digits === '') {
    // Nothing to send: generating no digit is done at once.
    postGenerate(rt, entry, LINEGENERATETERM_DONE);
    return 0;
  }
  // The chart answers within the send; LINE_GENERATE is queued the moment it does, so it keeps
  // its place among the call's LINE_CALLSTATEs.
  let reply: CallReplyEvent | null = null;
  const listening = c.on('reply', (event) => {
    if (event.kind !== 'generateDigits' || reply) return;
    reply = event;
    if (event.error === null) postGenerate(rt, entry, LINEGENERATETERM_DONE);
  });
  try {
    c.send({ type: 'GENERATE_DIGITS', digits });
  } finally {
    listening.unsubscribe();
  }
  const answer = reply as CallReplyEvent | null;
  if (answer === null) return err.LINEERR_INVALCALLSTATE; // the chart did not take it
  return answer.error === null ? 0 : lineErr(answer.error, entry.line.apiVersion);
}
