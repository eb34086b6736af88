/**
 * lineAccept and lineAnswer: what the owner of a call that arrived does with it. Both are
 * asynchronous (a request id now, one LINE_REPLY later) and take no user-user information
 * (LINEDEVCAPS dwUUIAcceptSize and dwUUIAnswerSize are 0). Their errors, in the order their
 * pages list them: LINEERR_INVALCALLHANDLE, LINEERR_NOTOWNER (a monitor), LINEERR_INVALPOINTER and
 * LINEERR_USERUSERINFOTOOBIG, LINEERR_INVALCALLSTATE (the chart does not take it now).
 *
 * - lineAccept: "accepts the specified offered call"; only in OFFERING. The call goes to
 *   ACCEPTED and the caller hears ringback (SIP: 180 Ringing); the reply comes at once.
 * - lineAnswer: in OFFERING or ACCEPTED. The reply comes once the provider has connected the
 *   call (LINE_CALLSTATE CONNECTED follows it), or with the call's error if it ends first (the
 *   caller gave up).
 */
import { checkUserUserInfo, ownedCall } from './call-functions.js';
import { sendRequest } from './call-tracking.js';
import * as err from './constants/errors.js';
import type { Tapi2Runtime } from './runtime.js';

/** The request of either function, checked in its pages' order. */
function request(rt: Tapi2Runtime, type: 'ACCEPT' | 'ANSWER', hCall: unknown, lpsUserUserInfo: unknown, dwSize: unknown): number {
  const found = ownedCall(rt, hCall);
  if (typeof found === 'number') return found;
  const uui = checkUserUserInfo(lpsUserUserInfo, dwSize);
  if (uui !== 0) return uui;
  if (!found.call.getSnapshot().can({ type })) return err.LINEERR_INVALCALLSTATE;
  return sendRequest(rt, found.entry, found.call, { type });
}

/** lineAccept: claim an offered call and let it ring at the caller. */
export function lineAccept(rt: Tapi2Runtime, hCall: unknown, lpsUserUserInfo: unknown, dwSize: unknown): number {
  return request(rt, 'ACCEPT', hCall, lpsUserUserInfo, dwSize);
}

/** lineAnswer: answer an offered or accepted call. */
export function lineAnswer(rt: Tapi2Runtime, hCall: unknown, lpsUserUserInfo: unknown, dwSize: unknown): number {
  return request(rt, 'ANSWER', hCall, lpsUserUserInfo, dwSize);
}
