/**
 * A TAPI 2 call over its actor: placing it, sending it requests, and turning what the actor
 * emits into LINE_REPLY and LINE_CALLSTATE messages. The actor's events arrive in the order it
 * emitted them and are queued in that order, so the rules of "Asynchronous functions" and
 * "Async replies versus events on new call handles" hold by construction:
 *
 * - every request id gets exactly one LINE_REPLY: the actor answers each request once (a make's
 *   reply before its call's first progress; a drop's once the call has ended), and a request the
 *   actor would leave unanswered is answered here; since TAPI 2.0 this holds even when the call
 *   is deallocated before the reply is delivered (lineDeallocateCall remarks);
 * - no LINE_CALLSTATE for a new call comes before its LINE_REPLY: states the actor reports before
 *   it accepts the make (`placing`) are not TAPI states, and a make that fails voids the handle,
 *   so none of its states is reported;
 * - `*lphCall` is written when the success LINE_REPLY is delivered, and the handle is valid from
 *   then on (lineMakeCall, lphCall);
 * - the first LINE_CALLSTATE of a call carries the application's privilege in dwParam3
 *   (LINECALLPRIVILEGE_OWNER: it made the call), later ones 0 (LINE_CALLSTATE page);
 * - a redirect is LINE_CALLINFO with LINECALLINFOSTATE_REDIRECTIONID, to every handle of the
 *   call, on the same rules: none before the make's reply (its RedirectionID is read with
 *   lineGetCallInfo), none after IDLE (the chart takes no redirect there), and no filter: TAPI
 *   has no status-message mask for LINE_CALLINFO (LINE_CALLINFO, lineSetStatusMessages).
 */
import type { CallCause, CallReplyEvent, CallStateEvent, RequestKind } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import type { LineErrorName } from '../../providers/provider.js';
import type { CallOptions } from '../phone/call-options.js';
import type { Line } from '../phone/line.js';
import { callStateMode, lineCallState } from './call-report.js';
import { lineErr } from './codes.js';
import { LINECALLINFOSTATE_REDIRECTIONID, LINECALLPRIVILEGE_OWNER } from './constants/call.js';
import { LINEERR_INVALCALLSTATE, LINEERR_OPERATIONFAILED } from './constants/errors.js';
import { LINE_CALLINFO, LINE_CALLSTATE, LINE_REPLY } from './constants/messages.js';
import type { CallEntry, CallExtras, LineEntry } from './handles.js';
import { onDigit } from './monitor-digits.js';
import { stopMonitoringTones } from './monitor-tones.js';
import { writeOut } from './pointers.js';
import type { Tapi2Runtime } from './runtime.js';
import type { Out } from './structures.js';

/**
 * Queue a LINE_REPLY for a request made on `line`. Only lineShutdown withdraws it: from TAPI 2.0
 * on "every asynchronous function that returns a dwRequestID to the application always results
 * in the delivery of the associated LINE_REPLY message unless the application calls
 * lineShutdown" (lineDeallocateCall remarks), and xtapi negotiates 2.0 to 2.2 only. lineClose's
 * older "outstanding asynchronous replies are suppressed" is not followed: see
 * `docs/adr/0003-every-request-gets-its-reply.md`.
 */
export function postReply(line: LineEntry, request: number, result: number, deliver?: () => void): void {
  line.app.queue.post({
    hDevice: 0,
    dwMessageID: LINE_REPLY,
    dwCallbackInstance: line.callbackInstance,
    dwParam1: request,
    dwParam2: result,
    dwParam3: 0,
    live: () => line.app.alive,
    deliver,
  });
}

/** A new call on a line handle; its handle is reserved, not yet valid. */
export function newCallEntry(rt: Tapi2Runtime, line: LineEntry, lphCall: Out | null, extras: CallExtras, privilege: number = LINECALLPRIVILEGE_OWNER): CallEntry {
  const entry: CallEntry = {
    kind: 'call',
    handle: rt.handles.reserve(),
    line,
    extras,
    callId: rt.nextCallId(),
    lphCall,
    privilege,
    call: null,
    accepted: false,
    released: false,
    silenced: false,
    reported: null,
    pending: new Map(),
    answers: new Map(),
    consultationFor: null,
    monitorDigits: 0,
    gathering: null,
    toneMonitor: null,
    unsubscribe: () => {},
  };
  line.calls.add(entry);
  return entry;
}

/** The call will never get a handle (its make failed): forget it. */
function forget(entry: CallEntry): void {
  entry.released = true;
  entry.line.calls.delete(entry);
  endConsultation(entry, null);
}

/**
 * A request whose LINE_REPLY waits on more than this call (`CallEntry.answers`): hand it the
 * result instead of replying; true when there was one.
 */
function answerElsewhere(entry: CallEntry, request: number, result: number): boolean {
  const answer = entry.answers.get(request);
  if (!answer) return false;
  entry.answers.delete(request);
  answer(result);
  return true;
}

/**
 * A consultation call ended, or was never made, before its transfer was completed: the call it
 * was set up for goes back to plain hold (lineDrop remarks: "a call in an on-hold-pending state
 * typically reverts"; xtapi reverts it to ONHOLD, not CONNECTED, so that no media resumes
 * without the application asking: `docs/adr/0010-hold-and-transfer.md`). A consultation call
 * that ended because the transfer completed leaves it alone: the transfer ends that call too.
 */
function endConsultation(entry: CallEntry, cause: CallCause | null): void {
  const held = entry.consultationFor;
  if (!held) return;
  entry.consultationFor = null;
  if (cause?.origin === 'transfer') return;
  const call = held.call;
  if (call && call.getSnapshot().can({ type: 'CANCEL_TRANSFER' })) call.send({ type: 'CANCEL_TRANSFER' });
}

/**
 * lineMakeCall, once the line is open: have the line supervisor create the call actor
 * (`line.spawnCall`, as every face does), listen to the actor the moment it exists,
 * then send MAKE with the request id, all within this function. Listening starts before MAKE, so
 * not one event is missed even when the provider reports everything within the MAKE (instant
 * timing); and the make reaches the provider within lineMakeCall, as TSPI_lineMakeCall does, so
 * a manual clock can move right after it.
 */
export function placeCall(rt: Tapi2Runtime, entry: CallEntry, request: number, line: Line, address: string | null, options: CallOptions): void {
  // Its line was closed while it waited for the line to open: the make is cancelled, and answered.
  if (entry.released) return refuseCall(entry, request, lineErr('USERCANCELLED', entry.line.apiVersion));
  // autoClear off: TAPI 2 leaves a busy or disconnected call for the application to drop.
  line.spawnCall(
    address,
    { ...options, autoClear: false },
    (call) => {
      listen(rt, entry, call.actor);
      entry.pending.set(request, 'make');
      call.actor.send({ type: 'MAKE', request });
    },
    (error) => {
      postReply(entry.line, request, lineErr(error.code as LineErrorName, entry.line.apiVersion));
      forget(entry);
    },
  );
}

/** lineMakeCall on a line that could not be opened: the request fails, the call never exists. */
export function refuseCall(entry: CallEntry, request: number, error: number): void {
  postReply(entry.line, request, error);
  forget(entry);
}

export function listen(rt: Tapi2Runtime, entry: CallEntry, ref: CallActorRef): void {
  entry.call = ref;
  const off = [
    ref.on('reply', (reply) => onReply(rt, entry, reply)),
    ref.on('state', (event) => onState(entry, event)),
    ref.on('redirected', () => onCallInfo(entry, LINECALLINFOSTATE_REDIRECTIONID)),
    ref.on('digit', (event) => onDigit(entry, event)),
    ref.on('ended', ({ cause }) => onEnded(entry, cause)),
  ];
  entry.unsubscribe = () => {
    for (const subscription of off) subscription.unsubscribe();
  };
}

function onReply(rt: Tapi2Runtime, entry: CallEntry, reply: CallReplyEvent): void {
  const request = reply.request;
  if (request === undefined || !entry.pending.delete(request)) return;
  const result = reply.error === null ? 0 : lineErr(reply.error, entry.line.apiVersion);
  if (answerElsewhere(entry, request, result)) return;
  if (reply.kind !== 'make') return postReply(entry.line, request, result);
  if (result !== 0) {
    postReply(entry.line, request, result);
    return forget(entry);
  }
  entry.accepted = true;
  postReply(entry.line, request, 0, () => {
    // Delivered: now, and not before, the application holds the handle.
    if (entry.lphCall) writeOut(entry.lphCall, entry.handle);
    if (!entry.released) rt.handles.bind(entry);
  });
}

function onState(entry: CallEntry, event: CallStateEvent): void {
  if (!entry.accepted || entry.released) return;
  const state = lineCallState(event.state);
  if (state === null) return;
  const first = entry.reported === null;
  entry.reported = event;
  const { app } = entry.line;
  app.queue.post({
    hDevice: entry.handle,
    dwMessageID: LINE_CALLSTATE,
    dwCallbackInstance: entry.line.callbackInstance,
    dwParam1: state,
    dwParam2: callStateMode(state, event.mode),
    dwParam3: first ? entry.privilege : 0,
    live: () => app.alive && !entry.silenced,
  });
}

/** The call's information changed (`changed`: LINECALLINFOSTATE_ bits): LINE_CALLINFO, dwParam2 and dwParam3 unused. */
function onCallInfo(entry: CallEntry, changed: number): void {
  if (!entry.accepted || entry.released) return;
  const { app } = entry.line;
  app.queue.post({
    hDevice: entry.handle,
    dwMessageID: LINE_CALLINFO,
    dwCallbackInstance: entry.line.callbackInstance,
    dwParam1: changed,
    dwParam2: 0,
    dwParam3: 0,
    live: () => app.alive && !entry.silenced,
  });
}

/** The call has ended: stop listening; answer what the actor left unanswered. */
function onEnded(entry: CallEntry, cause: CallCause): void {
  entry.unsubscribe();
  for (const request of entry.pending.keys()) {
    if (!answerElsewhere(entry, request, LINEERR_OPERATIONFAILED)) postReply(entry.line, request, LINEERR_OPERATIONFAILED);
  }
  entry.pending.clear();
  endConsultation(entry, cause);
}

/**
 * Send a request (lineDial, lineDrop) to the call's actor; returns its request id. The actor
 * answers a dial at once and a drop when the call has ended; a dial it did not take (the state
 * changed under it) is answered LINEERR_INVALCALLSTATE.
 */
export function sendRequest(
  rt: Tapi2Runtime,
  entry: CallEntry,
  call: CallActorRef,
  event: { type: 'DIAL'; digits: string; complete: boolean } | { type: 'DROP' } | { type: 'ACCEPT' } | { type: 'ANSWER' },
): number {
  const request = rt.nextRequest();
  const kind: RequestKind = event.type === 'DIAL' ? 'dial' : event.type === 'ACCEPT' ? 'accept' : event.type === 'ANSWER' ? 'answer' : 'drop';
  entry.pending.set(request, kind);
  call.send({ ...event, request });
  // A dial or an accept is answered within the step that takes it: one the call did not take
  // (its state changed under it) is answered LINEERR_INVALCALLSTATE.
  if ((kind === 'dial' || kind === 'accept') && entry.pending.delete(request)) postReply(entry.line, request, LINEERR_INVALCALLSTATE);
  return request;
}

/** The hold and transfer requests (`docs/adr/0010-hold-and-transfer.md`), as the call chart takes them. */
export type ControlRequest =
  | { type: 'HOLD' }
  | { type: 'UNHOLD' }
  | { type: 'BLIND_TRANSFER'; to: string }
  | { type: 'SETUP_TRANSFER' }
  | { type: 'COMPLETE_TRANSFER'; consultationCallId: string };

const CONTROL_KINDS: Readonly<Record<ControlRequest['type'], RequestKind>> = {
  HOLD: 'hold',
  UNHOLD: 'unhold',
  BLIND_TRANSFER: 'blindTransfer',
  SETUP_TRANSFER: 'setupTransfer',
  COMPLETE_TRANSFER: 'completeTransfer',
};

/**
 * Send a hold or transfer request with the id `request` (one the caller has taken with
 * `rt.nextRequest()`). The actor answers it once: when its provider has done it (ONHOLD,
 * CONNECTED, TRANSFERRED), refused it, or the call ended first; a setup on a call already held is
 * answered at once. Its result goes to `answer` if given (a function whose one LINE_REPLY waits on
 * more than this step), else to the LINE_REPLY. One the chart did not take (the call's state
 * changed under it since the function checked, or another request is pending) is answered
 * LINEERR_INVALCALLSTATE at once.
 */
export function sendControl(entry: CallEntry, call: CallActorRef, event: ControlRequest, request: number, answer?: (result: number) => void): void {
  entry.pending.set(request, CONTROL_KINDS[event.type]);
  if (answer) entry.answers.set(request, answer);
  call.send({ ...event, request });
  // Taken: pending in the call, or answered already (no longer pending here).
  if (!entry.pending.has(request) || call.getSnapshot().context.pending?.request === request) return;
  entry.pending.delete(request);
  if (!answerElsewhere(entry, request, LINEERR_INVALCALLSTATE)) postReply(entry.line, request, LINEERR_INVALCALLSTATE);
}

/**
 * The application loses a call: lineDeallocateCall, or its line closed (`drop`: the application
 * was the call's sole owner, so the call is dropped too; lineClose remarks) or lost. Nothing
 * more about the call is posted except the replies to its requests; `silence` withdraws what is
 * queued as well.
 */
export function releaseCall(rt: Tapi2Runtime, entry: CallEntry, drop: boolean, silence: boolean): void {
  entry.released = true;
  if (silence) entry.silenced = true;
  stopMonitoringTones(entry);
  rt.handles.release(entry.handle);
  const call = entry.call;
  if (drop && call && call.getSnapshot().status === 'active') {
    const ended = new Promise<void>((resolve) => call.subscribe({ complete: resolve, error: () => resolve() }));
    call.send({ type: 'DROP' });
    rt.track(ended);
  }
}
