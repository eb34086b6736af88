/**
 * lineHold, lineUnhold and lineSwapHold: a call put on hold and taken back, through the call
 * chart's HOLD and UNHOLD (`docs/adr/0010-hold-and-transfer.md`). Each is asynchronous: a request
 * id now, one LINE_REPLY once the provider has done it ("success means the operation completed",
 * Asynchronous Functions), with the call's LINE_CALLSTATE (ONHOLD, CONNECTED) after it.
 *
 * Their errors, checked in this order (lineHold, lineUnhold, lineSwapHold pages):
 * LINEERR_INVALCALLHANDLE, LINEERR_NOTOWNER (a monitor: "the application must be an owner of the
 * call"), LINEERR_OPERATIONUNAVAIL (the line device does not declare hold: LineDevice.features,
 * rule 10 of the provider contract), LINEERR_INVALCALLSTATE (the chart does not take it now:
 * lineHold "the call state of hCall must be connected"; lineUnhold a held call; and not while
 * another hold or transfer of the call is pending).
 */
import { lineCan } from './call-control.js';
import { ownedCall } from './call-functions.js';
import { postReply, sendControl, type ControlRequest } from './call-tracking.js';
import * as err from './constants/errors.js';
import type { Tapi2Runtime } from './runtime.js';

/** One hold or unhold on its own: checked in the pages' order, then sent. */
function holdRequest(rt: Tapi2Runtime, hCall: unknown, event: ControlRequest): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call } = found;
  if (!lineCan(entry.line, 'hold')) return err.LINEERR_OPERATIONUNAVAIL;
  if (!call.getSnapshot().can(event)) return err.LINEERR_INVALCALLSTATE;
  const request = rt.nextRequest();
  sendControl(entry, call, event, request);
  return request;
}

/** lineHold: a CONNECTED call goes ONHOLD; LINE_REPLY once the provider has held it. */
export function lineHold(rt: Tapi2Runtime, hCall: unknown): number {
  return holdRequest(rt, hCall, { type: 'HOLD' });
}

/** lineUnhold: a held call (ONHOLD, ONHOLDPENDTRANSFER) goes back to CONNECTED. */
export function lineUnhold(rt: Tapi2Runtime, hCall: unknown): number {
  return holdRequest(rt, hCall, { type: 'UNHOLD' });
}

/**
 * lineSwapHold: the active (CONNECTED) call is held, then the held one (ONHOLD,
 * ONHOLDPENDTRANSFER) is taken back, with one LINE_REPLY for the two (lineSwapHold: "swaps the
 * specified active call with the specified call on consultation hold"). A provider has no swap
 * of its own (TSPI_lineSwapHold is not in the provider contract), so it is two requests in turn;
 * the second is sent only once the first has succeeded, so that the two calls are never both
 * connected.
 *
 * The reply is 0 only when both succeeded. If the hold fails, nothing has changed and the reply
 * carries its error. If the hold succeeds and the take-back fails (the provider refuses it, or
 * the held call ended meanwhile: LINEERR_INVALCALLSTATE), both calls are left on hold, as their
 * LINE_CALLSTATE messages say, and the reply carries that error: xtapi does not take the first
 * call back on its own, since that request could fail as well and TAPI says nothing of undoing
 * half a swap; the application decides (lineUnhold either call).
 *
 * Both calls must be on the same line device (a swap is one station's two calls); another
 * device's call is LINEERR_INVALCALLHANDLE.
 */
export function lineSwapHold(rt: Tapi2Runtime, hActiveCall: unknown, hHeldCall: unknown): number {
  const active = ownedCall(rt, hActiveCall);
  if (typeof active === 'number') return active;
  const held = ownedCall(rt, hHeldCall);
  if (typeof held === 'number') return held;
  if (held.entry.line.app !== active.entry.line.app || held.entry.line.deviceId !== active.entry.line.deviceId) return err.LINEERR_INVALCALLHANDLE;
  if (!lineCan(active.entry.line, 'hold')) return err.LINEERR_OPERATIONUNAVAIL;
  // hActiveCall "must be connected", hHeldCall on hold (lineSwapHold parameters).
  if (!active.call.getSnapshot().can({ type: 'HOLD' }) || !held.call.getSnapshot().can({ type: 'UNHOLD' })) return err.LINEERR_INVALCALLSTATE;
  const request = rt.nextRequest();
  const reply = (result: number) => postReply(active.entry.line, request, result);
  sendControl(active.entry, active.call, { type: 'HOLD' }, request, (result) => {
    if (result !== 0) return reply(result);
    sendControl(held.entry, held.call, { type: 'UNHOLD' }, request, reply);
  });
  return request;
}
