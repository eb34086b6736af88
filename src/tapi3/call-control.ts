/**
 * ITBasicCallControl's hold and transfer methods: Hold, BlindTransfer, Transfer, Finish and
 * SwapHold. Each is a command for the call actor (HOLD, UNHOLD, BLIND_TRANSFER, SETUP_TRANSFER,
 * COMPLETE_TRANSFER; ADR 0010) answered by its reply, and each is synchronous as TAPI 3's are:
 * it resolves once the call is where the method leaves it, or with TAPI_E_TIMEOUT after the
 * two-minute rule ("The operation failed because the TAPI 3 DLL timed it out", the return values
 * of each). What the line can do is the chart's `context.line.features` (LINEADDRESSCAPS
 * dwCallFeatures); what the call can do now is `snapshot.can()` (dwCallFeatures).
 */
import type { LineDevice } from '../../providers/provider.js';
import type { Call } from '../phone/call.js';
import type { CallActorRef } from '../../machines/line.js';
import type { ITAddress } from './address.js';
import { destinationFor } from './address.js';
import { parseAddress } from '../address/parse-address.js';
import { type ControlCommand, controlFailure, noop, runDetached, sendRequest, watchCalls } from './call-requests.js';
import { connectFailure, hresultOfLineError } from './call-state.js';
import { CP_OWNER, CS_CONNECTED, CS_DISCONNECTED, CS_IDLE, CS_INPROGRESS, FM_ASCONFERENCE, FM_ASTRANSFER, LINEADDRESSTYPE_EMAILNAME, LINEADDRESSTYPE_PHONENUMBER } from './constants.js';
import { E_FAIL, E_INVALIDARG, E_POINTER, S_OK, TAPI_E_INVALADDRESS, TAPI_E_INVALCALLSTATE, TAPI_E_NOTOWNER, TAPI_E_NOTSUPPORTED } from './hresults.js';
import { TapiError } from './tapi-error.js';
import { TransferLink, type TransferParty } from './transfer-link.js';
import { withinTimeout } from './two-minute-rule.js';
import { toBool } from './variant-bool.js';
import type { Clock } from '../../providers/provider.js';

/** What the methods need of a call object. */
export interface ControlledCall extends TransferParty {
  readonly actor: CallActorRef;
  /** The modern API's handle on the same actor (to place a consultation call). */
  readonly call: Call;
  readonly device: LineDevice;
  readonly Address: ITAddress;
  readonly Privilege: number;
  readonly CallState: number;
  readonly host: { readonly clock: Clock; readonly timeout: number };
}

const settled = (hr: number) => Promise.resolve(hr);

/** Within the two-minute rule of `call`'s TAPI object. */
const timed = (call: ControlledCall, start: (done: (hr: number) => void) => () => void, onTimeout?: () => void) =>
  withinTimeout(call.host.clock, call.host.timeout, start, onTimeout);

/**
 * Send one command and settle with S_OK once its reply succeeds and `arrived()` holds (checked
 * on every later snapshot of `watched`), or with the request's failure.
 */
function requestThen(actor: CallActorRef, command: ControlCommand, watched: readonly CallActorRef[], arrived: () => number | null, failure = (error: Parameters<typeof controlFailure>[1]) => controlFailure(actor, error)) {
  return (done: (hr: number) => void) => {
    let undoWatch = noop;
    const check = () => {
      const hr = arrived();
      if (hr !== null) done(hr);
    };
    const undoRequest = sendRequest(actor, command, (error) => {
      if (error) return done(failure(error));
      undoWatch = watchCalls(watched, check);
      check();
    });
    return () => {
      undoRequest();
      undoWatch();
    };
  };
}

/**
 * ITBasicCallControl::Hold: VARIANT_TRUE holds a CS_CONNECTED call (CS_HOLD), VARIANT_FALSE takes
 * a held call back (CS_CONNECTED). S_OK once the provider has done it; TAPI_E_INVALCALLSTATE in
 * another state or once the call no longer exists (Hold return values); TAPI_E_NOTSUPPORTED on a
 * line that cannot hold; the provider's refusal as its TAPI_E_ twin; TAPI_E_TIMEOUT, leaving the
 * request with the provider (the core's own provider timeout answers it).
 */
export function hold(call: ControlledCall, fHold: boolean | number): Promise<number> {
  const wanted = toBool(fHold);
  if (wanted === null) return settled(E_INVALIDARG);
  if (call.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
  const snapshot = call.actor.getSnapshot();
  if (snapshot.status !== 'active') return settled(TAPI_E_INVALCALLSTATE);
  if (!snapshot.context.line.features.hold) return settled(TAPI_E_NOTSUPPORTED);
  const command: ControlCommand = { type: wanted ? 'HOLD' : 'UNHOLD' };
  if (!snapshot.can(command)) return settled(TAPI_E_INVALCALLSTATE);
  return timed(call, (done) => sendRequest(call.actor, command, (error) => done(error ? controlFailure(call.actor, error) : S_OK)));
}

/**
 * The address a blind transfer goes to, checked as CreateCall checks a destination (the same
 * parser, the same HRESULTs): a phone number in dialable format, or, on a line that takes URIs, a
 * `sip:` URI or a user@host name (LINEADDRESSTYPE_EMAILNAME). A partial address (ending in `;`)
 * names nobody to transfer to: TAPI_E_INVALADDRESS.
 */
function transferTarget(address: string, device: LineDevice): { to: string } | { hr: number } {
  const type = /^sips?:/i.test(address) || (device.uriAddresses && address.includes('@')) ? LINEADDRESSTYPE_EMAILNAME : LINEADDRESSTYPE_PHONENUMBER;
  let destination: string | null;
  try {
    destination = destinationFor(address, type);
  } catch (error) {
    if (error instanceof TapiError) return { hr: error.hresult };
    throw error;
  }
  const parsed = parseAddress(destination ?? '', device);
  if (!parsed.ok) return { hr: hresultOfLineError(parsed.error) };
  if (parsed.address.partial) return { hr: TAPI_E_INVALADDRESS };
  return { to: parsed.address.dialString };
}

/**
 * ITBasicCallControl::BlindTransfer: "After a successful transfer, the call state transitions to
 * CS_DISCONNECTED" — S_OK once it has (cause CEC_DISCONNECT_NORMAL). E_POINTER for no address,
 * E_FAIL on a line that cannot transfer blind ("Blind transfer is not supported"), the address's
 * HRESULT as CreateCall gives it, TAPI_E_INVALCALLSTATE unless the call is connected or held.
 */
export function blindTransfer(call: ControlledCall, pDestAddress: unknown): Promise<number> {
  // "pDestAddress is not a valid pointer"; "" is a COM null BSTR.
  if (typeof pDestAddress !== 'string' || pDestAddress === '') return settled(E_POINTER);
  if (call.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
  const snapshot = call.actor.getSnapshot();
  if (snapshot.status !== 'active') return settled(TAPI_E_INVALCALLSTATE);
  if (!snapshot.context.line.features.blindTransfer) return settled(E_FAIL);
  const target = transferTarget(pDestAddress, call.device);
  if ('hr' in target) return settled(target.hr);
  const command: ControlCommand = { type: 'BLIND_TRANSFER', to: target.to };
  if (!snapshot.can(command)) return settled(TAPI_E_INVALCALLSTATE);
  return timed(call, requestThen(call.actor, command, [call.actor], () => (call.CallState === CS_DISCONNECTED ? S_OK : null)));
}

/**
 * ITBasicCallControl::Transfer: hold this call pending transfer (CS_HOLD) and have the
 * consultation call connected, ready for Finish(FM_ASTRANSFER). "If the consultation call is not in
 * the CONNECTED state when Transfer is called, TAPI will use the destination address (as specified
 * when the consultation call was first created via ITAddress::CreateCall) and try to connect at that
 * time. If the original call had a NULL destination address, Transfer will fail with E_INVALIDARG"
 * (Transfer remarks). `fSync`: true waits until the consultation call is CS_CONNECTED (S_OK) or
 * has failed (its Connect HRESULT; this call stays on plain hold); false returns S_OK at once and
 * the rest comes as TE_CALLSTATE events.
 */
export function transfer(call: ControlledCall, consultation: ControlledCall | null, fSync: boolean | number): Promise<number> {
  const sync = toBool(fSync);
  // "The pCall parameter does not point to a valid call": another call object of this address.
  if (!consultation || consultation === call || consultation.Address !== call.Address || sync === null) return settled(E_INVALIDARG);
  if (call.Privilege !== CP_OWNER || consultation.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
  const snapshot = call.actor.getSnapshot();
  if (snapshot.status !== 'active') return settled(TAPI_E_INVALCALLSTATE);
  const { features } = snapshot.context.line;
  // "E_FAIL: Transfers not supported" (Transfer return values).
  if (!features.transfer || !features.hold) return settled(E_FAIL);
  if (!snapshot.can({ type: 'SETUP_TRANSFER' })) return settled(TAPI_E_INVALCALLSTATE);
  const target = consultation.actor.getSnapshot();
  const cs = consultation.CallState;
  const connectable = cs === CS_IDLE ? target.context.address !== null && target.context.dialComplete : cs === CS_INPROGRESS || cs === CS_CONNECTED;
  if (target.status !== 'active' || target.context.cause !== null || !connectable) return settled(E_INVALIDARG);
  const link = new TransferLink(call, consultation);
  let placed = false;
  const start = requestThen(
    call.actor,
    { type: 'SETUP_TRANSFER' },
    [consultation.actor],
    () => {
      // Held pending transfer: connect the consultation call if the application has not.
      if (consultation.CallState === CS_IDLE && !placed) {
        placed = true;
        void consultation.call.request({ type: 'MAKE' }).catch(noop); // a failure ends it: CS_DISCONNECTED
      }
      const now = consultation.CallState;
      if (now === CS_CONNECTED) return S_OK;
      return now === CS_DISCONNECTED ? connectFailure(consultation.actor.getSnapshot().context.cause) : null;
    },
    (error) => {
      link.dispose();
      return controlFailure(call.actor, error);
    },
  );
  if (!sync) {
    runDetached(start);
    return settled(S_OK);
  }
  // Given up on: a consultation call still on its way is abandoned, as Connect(true) abandons
  // one; the held call then goes back to plain hold.
  return timed(call, start, () => {
    if (consultation.CallState !== CS_CONNECTED) consultation.actor.send({ type: 'DROP' });
  });
}

/**
 * ITBasicCallControl::Finish. FM_ASTRANSFER completes the transfer Transfer set up: the held
 * call's far end is joined to the consultation call's, and both calls leave us (S_OK once both
 * are CS_DISCONNECTED, cause CEC_DISCONNECT_NORMAL). Microsoft calls it "on a consultation call"
 * (Finish); xtapi takes it on either call of the pair. TAPI_E_INVALCALLSTATE when "the call is not
 * flagged as transfer or conference" (Finish return values): no Transfer, the held call was taken
 * back, or the consultation call has ended (its far end hung up, also while the completion was with
 * the provider). FM_ASCONFERENCE: TAPI_E_NOTSUPPORTED, xtapi has no conference yet.
 */
export function finish(call: ControlledCall, finishMode: number): Promise<number> {
  if (finishMode !== FM_ASTRANSFER && finishMode !== FM_ASCONFERENCE) return settled(E_INVALIDARG);
  if (finishMode === FM_ASCONFERENCE) return settled(TAPI_E_NOTSUPPORTED);
  if (call.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
  const link = call.transfer;
  if (!link) return settled(TAPI_E_INVALCALLSTATE);
  const { held, consultation } = link;
  const snapshot = held.actor.getSnapshot();
  const command: ControlCommand = { type: 'COMPLETE_TRANSFER', consultationCallId: link.consultationCallId };
  if (snapshot.status !== 'active' || snapshot.context.state !== 'onHoldPendTransfer' || link.consultationGone || !snapshot.can(command)) {
    return settled(TAPI_E_INVALCALLSTATE);
  }
  const bothGone = () => (held.actor.getSnapshot().status !== 'active' && consultation.actor.getSnapshot().status !== 'active' ? S_OK : null);
  return timed(
    call,
    requestThen(held.actor, command, [held.actor, consultation.actor], bothGone, (error) =>
      // The target hung up while the completion was with the provider: nothing to transfer to.
      link.consultationGone ? TAPI_E_INVALCALLSTATE : controlFailure(held.actor, error),
    ),
  );
}

/**
 * ITBasicCallControl::SwapHold: this active call is held and `other`, held, is taken back; one
 * HRESULT. E_POINTER for no call, E_INVALIDARG for one that "does not describe a currently existing
 * call" (another address's, or ended), E_FAIL on a line that cannot hold ("This operation is not
 * supported"), TAPI_E_INVALCALLSTATE unless this call is CS_CONNECTED and `other` CS_HOLD (SwapHold
 * return values). If `other` cannot be taken back, this call is taken back too, so the swap is
 * all or nothing as far as the provider lets it be.
 */
export function swapHold(call: ControlledCall, other: ControlledCall | null, given: unknown): Promise<number> {
  if (given === null || given === undefined) return settled(E_POINTER);
  if (!other || other === call || other.Address !== call.Address || other.actor.getSnapshot().status !== 'active') return settled(E_INVALIDARG);
  if (call.Privilege !== CP_OWNER || other.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
  const snapshot = call.actor.getSnapshot();
  if (snapshot.status !== 'active') return settled(TAPI_E_INVALCALLSTATE);
  if (!snapshot.context.line.features.hold) return settled(E_FAIL);
  if (!snapshot.can({ type: 'HOLD' }) || !other.actor.getSnapshot().can({ type: 'UNHOLD' })) return settled(TAPI_E_INVALCALLSTATE);
  return timed(call, (done) => {
    let undoSecond = noop;
    const undoFirst = sendRequest(call.actor, { type: 'HOLD' }, (error) => {
      if (error) return done(controlFailure(call.actor, error));
      undoSecond = sendRequest(other.actor, { type: 'UNHOLD' }, (failed) => {
        if (!failed) return done(S_OK);
        if (call.actor.getSnapshot().can({ type: 'UNHOLD' })) call.actor.send({ type: 'UNHOLD' });
        done(controlFailure(other.actor, failed));
      });
    });
    return () => {
      undoFirst();
      undoSecond();
    };
  });
}
