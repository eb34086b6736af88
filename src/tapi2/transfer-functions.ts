/**
 * lineBlindTransfer, lineSetupTransfer and lineCompleteTransfer: a call handed on, blind or after
 * a consultation call, through the call chart's BLIND_TRANSFER, SETUP_TRANSFER and
 * COMPLETE_TRANSFER (`docs/adr/0010-hold-and-transfer.md`). Each is asynchronous: a request id
 * now, one LINE_REPLY once the provider has done it. A transferred call then goes IDLE, as a
 * dropped one does ("the specified call is typically cleared from the application's line and
 * transitions to the idle state", lineBlindTransfer; both calls, lineCompleteTransfer); its handle
 * stays valid until lineDeallocateCall.
 *
 * The consultation call of lineSetupTransfer is an ordinary call of the same line, made with no
 * address: it shows DIALTONE and the application dials the target with lineDial. The façade keeps
 * which call it consults for (`CallEntry.consultationFor`, a pairing of handles as TAPI keeps
 * hConsultCall with hCall, not call state); when the consultation call ends before
 * lineCompleteTransfer, that call is sent CANCEL_TRANSFER and goes from ONHOLDPENDTRANSFER back to
 * ONHOLD (`call-tracking.ts`).
 */
import { parseAddress } from '../address/parse-address.js';
import { prepareCall } from '../phone/call-options.js';
import { lineCan } from './call-control.js';
import { ownedCall } from './call-functions.js';
import { readCallParams } from './call-params.js';
import { newCallEntry, placeCall, refuseCall, sendControl } from './call-tracking.js';
import { lineErr } from './codes.js';
import { LINECALLPRIVILEGE_OWNER } from './constants/call.js';
import * as err from './constants/errors.js';
import { LINETRANSFERMODE_CONFERENCE, LINETRANSFERMODE_TRANSFER } from './constants/media.js';
import { dword, isOut } from './pointers.js';
import type { Tapi2Runtime } from './runtime.js';

/**
 * lineBlindTransfer: the far end is sent on to `lpszDestAddress` and the call leaves us. Its
 * errors in this order: LINEERR_INVALCALLHANDLE, LINEERR_NOTOWNER, LINEERR_INVALPOINTER,
 * LINEERR_INVALCOUNTRYCODE, LINEERR_OPERATIONUNAVAIL (the line device does not declare blind
 * transfer), LINEERR_INVALCALLSTATE ("the call state of hCall must be connected"; the chart also
 * takes a call we hold), LINEERR_INVALADDRESS. The address is read as lineMakeCall reads one
 * (`parseAddress`, with the line's dial modifiers), and must be complete: a partial address
 * (ending in `;`), an empty one, or one with a modifier the line cannot carry is
 * LINEERR_INVALADDRESS, the only address error of the page ("if LINEERR_INVALADDRESS is returned,
 * no dialing occurs").
 */
export function lineBlindTransfer(rt: Tapi2Runtime, hCall: unknown, lpszDestAddress: unknown, dwCountryCode: unknown): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call } = found;
  if (typeof lpszDestAddress !== 'string') return err.LINEERR_INVALPOINTER;
  // 0 is the provider's default; a country calling code has at most three digits (ITU-T E.164).
  const countryCode = dword(dwCountryCode);
  if (countryCode === null || countryCode > 999) return err.LINEERR_INVALCOUNTRYCODE;
  if (!lineCan(entry.line, 'blindTransfer')) return err.LINEERR_OPERATIONUNAVAIL;
  if (!call.getSnapshot().can({ type: 'BLIND_TRANSFER', to: '' })) return err.LINEERR_INVALCALLSTATE;
  const parsed = parseAddress(lpszDestAddress, entry.line.device);
  if (!parsed.ok || parsed.address.partial || parsed.address.dialString === '') return err.LINEERR_INVALADDRESS;
  const request = rt.nextRequest();
  sendControl(entry, call, { type: 'BLIND_TRANSFER', to: parsed.address.dialString }, request);
  return request;
}

/**
 * lineSetupTransfer: hold the call pending a transfer (ONHOLDPENDTRANSFER) and make a
 * consultation call on the same line, with no address (DIALTONE), whose handle is written to
 * `lphConsultCall`. Errors in this order: LINEERR_INVALCALLHANDLE, LINEERR_NOTOWNER,
 * LINEERR_INVALPOINTER, the LINECALLPARAMS errors of lineMakeCall (they are the consultation
 * call's parameters), LINEERR_OPERATIONUNAVAIL (the device does not declare transfer and hold),
 * LINEERR_INVALCALLSTATE ("the call state of hCall must be connected"; the chart also takes a
 * call we hold, as LINEADDRCAPFLAGS_TRANSFERHELD describes), then LINEERR_INVALLINESTATE (the
 * line is out of service) or LINEERR_CALLUNAVAIL (no call appearance is free for the
 * consultation call).
 *
 * The one LINE_REPLY comes once both steps are done: the call is held pending transfer, and the
 * provider has accepted the consultation call (then, as for lineMakeCall, `*lphConsultCall` is
 * written when the reply is delivered, and no LINE_CALLSTATE of the consultation call comes
 * before it: Async Replies Versus Events on New Call Handles). If the hold fails, the reply
 * carries its error and nothing else happened. If the consultation call cannot be made after the
 * hold (the line filled up meanwhile, the provider refused it), the reply carries that error,
 * the handle is void, and the held call goes back to plain hold (ONHOLD): the application takes
 * it back with lineUnhold.
 */
export function lineSetupTransfer(rt: Tapi2Runtime, hCall: unknown, lphConsultCall: unknown, lpCallParams: unknown): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call } = found;
  if (!isOut(lphConsultCall)) return err.LINEERR_INVALPOINTER;
  const params = readCallParams(lpCallParams);
  if (!params.ok) return params.error;
  const prepared = prepareCall(null, params.options, entry.line.device);
  if (!prepared.ok) return lineErr(prepared.error, entry.line.apiVersion);
  if (!lineCan(entry.line, 'transfer')) return err.LINEERR_OPERATIONUNAVAIL;
  if (!call.getSnapshot().can({ type: 'SETUP_TRANSFER' })) return err.LINEERR_INVALCALLSTATE;
  const share = rt.devices.of(entry.line);
  const status = share?.line?.status;
  if (!share?.line || !status) return err.LINEERR_INVALLINESTATE;
  if (!status.canMakeCall) return status.inService ? err.LINEERR_CALLUNAVAIL : err.LINEERR_INVALLINESTATE;

  const request = rt.nextRequest();
  const consultation = newCallEntry(rt, entry.line, lphConsultCall, { countryCode: 0, ...params.extras });
  // One consultation call per held call: an earlier one (the call was taken back and set up
  // again) no longer cancels anything when it ends.
  for (const other of entry.line.calls) if (other.consultationFor === entry) other.consultationFor = null;
  consultation.consultationFor = entry;
  sendControl(entry, call, { type: 'SETUP_TRANSFER' }, request, (result) => {
    if (result !== 0) return refuseCall(consultation, request, result);
    // On the next microtask, so that the held call's ONHOLDPENDTRANSFER, announced in the step that
    // answered, comes before the consultation call's reply and states.
    queueMicrotask(() => {
      const line = share.line;
      if (!line) return refuseCall(consultation, request, lineErr('INVALLINESTATE', entry.line.apiVersion));
      placeCall(rt, consultation, request, line, null, params.options);
    });
  });
  return request;
}

/**
 * lineCompleteTransfer: join the far end of `hCall` (held: ONHOLD or ONHOLDPENDTRANSFER) to that
 * of `hConsultCall` (CONNECTED, RINGBACK, BUSY or PROCEEDING; lineCompleteTransfer parameters),
 * and leave both: LINE_REPLY (it "is based on the status of the call specified by the hCall
 * parameter"), then both calls go IDLE. Errors in this order: LINEERR_INVALCALLHANDLE and
 * LINEERR_NOTOWNER for either call, LINEERR_INVALCONSULTCALLHANDLE (a bad handle, the call itself,
 * or a call of another line device), LINEERR_INVALTRANSFERMODE, LINEERR_OPERATIONUNAVAIL,
 * LINEERR_INVALCALLSTATE. `lphConfCall` is read only for LINETRANSFERMODE_CONFERENCE ("otherwise,
 * this parameter is ignored by TAPI").
 *
 * LINETRANSFERMODE_CONFERENCE is LINEERR_OPERATIONUNAVAIL: it would resolve the transfer as a
 * three-way conference, with a new conference call in `lphConfCall` and both calls CONFERENCED,
 * and xtapi has no conference calls yet (no CONFERENCED state in the call chart, no conference in
 * the provider contract).
 */
export function lineCompleteTransfer(rt: Tapi2Runtime, hCall: unknown, hConsultCall: unknown, _lphConfCall: unknown, dwTransferMode: unknown): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const { entry, call } = found;
  const consult = rt.call(hConsultCall);
  if (typeof consult === 'number' || !consult.call || consult === entry) return err.LINEERR_INVALCONSULTCALLHANDLE;
  if (consult.line.app !== entry.line.app || consult.line.deviceId !== entry.line.deviceId) return err.LINEERR_INVALCONSULTCALLHANDLE;
  if (consult.privilege !== LINECALLPRIVILEGE_OWNER) return err.LINEERR_NOTOWNER;
  const mode = dword(dwTransferMode);
  if (mode === LINETRANSFERMODE_CONFERENCE) return err.LINEERR_OPERATIONUNAVAIL;
  if (mode !== LINETRANSFERMODE_TRANSFER) return err.LINEERR_INVALTRANSFERMODE;
  if (!lineCan(entry.line, 'transfer')) return err.LINEERR_OPERATIONUNAVAIL;
  if (!call.getSnapshot().can({ type: 'COMPLETE_TRANSFER', consultationCallId: '' })) return err.LINEERR_INVALCALLSTATE;
  const consultSnapshot = consult.call.getSnapshot();
  if (consultSnapshot.status !== 'active' || !CONSULT_STATES.has(consultSnapshot.context.state)) return err.LINEERR_INVALCALLSTATE;
  const request = rt.nextRequest();
  sendControl(entry, call, { type: 'COMPLETE_TRANSFER', consultationCallId: consultSnapshot.context.callId }, request);
  return request;
}

/** The states a consultation call may be in when the transfer completes (lineCompleteTransfer, hConsultCall). */
const CONSULT_STATES: ReadonlySet<string> = new Set(['connected', 'ringback', 'busy', 'proceeding']);
