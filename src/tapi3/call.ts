/**
 * The TAPI 3 call object: ITBasicCallControl and ITCallInfo on one object, as TAPI 3's call
 * object answers QueryInterface for both. A thin handle on the call actor: CallState and causes
 * come from the actor's snapshot and emitted events, every action is an event for the actor
 * (through the modern API's `Call`). What it keeps is what a COM object would: its address, its
 * privilege, whether it was Released, and the last CALL_STATE it reported, so that each change is
 * reported once.
 */
import type { Subscription } from 'xstate';
import type { CallActorRef } from '../../machines/line.js';
import type { LineDevice, LineErrorName } from '../../providers/provider.js';
import { Call } from '../phone/call.js';
import { XtapiError } from '../phone/errors.js';
import type { ITAddress } from './address.js';
import { callInfoLong, callInfoString } from './call-info.js';
import { callStateOf, cecOf, connectFailure, csOfState, hresultOfLineError, mayFollow } from './call-state.js';
import {
  CEC_NONE,
  CIC_REDIRECTIONID,
  CP_OWNER,
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_IDLE,
  DC_NOANSWER,
  DC_NORMAL,
  DC_REJECTED,
  TE_CALLINFOCHANGE,
  TE_CALLSTATE,
} from './constants.js';
import type { EventHub } from './events.js';
import { CallInfoChangeEvent, CallStateEvent } from './event-objects.js';
import { constantName, INSPECT, oneLine } from './summaries.js';
import { E_INVALIDARG, E_POINTER, S_FALSE, S_OK, TAPI_E_INVALCALLSTATE, TAPI_E_NOTOWNER, TAPI_E_NOTSUPPORTED } from './hresults.js';
import { withinTimeout } from './two-minute-rule.js';
import { toBool } from './variant-bool.js';
import { blindTransfer, type ControlledCall, finish, hold, swapHold, transfer } from './call-control.js';
import type { TransferLink } from './transfer-link.js';
import { CallDigits, type ITLegacyCallMediaControl } from './media-control.js';
import { CallTones, ITCustomTone, ITDetectTone, type ITLegacyCallMediaControlTones, type TAPI_CUSTOMTONE, type TAPI_DETECTTONE } from './tone-control.js';
import type { Clock } from '../../providers/provider.js';

/**
 * ITCallInfo: what a call is. Every value is read from the call actor when asked.
 *
 * @example
 * ```ts
 * call.CallState === CS_CONNECTED;
 * call.CallInfoString(CIS_CALLEDIDNUMBER); // '5550111'
 * call.CallInfoLong(CIL_MEDIATYPESAVAILABLE) === TAPIMEDIATYPE_AUDIO;
 * ```
 */
export interface ITCallInfo {
  /** The address the call is on. */
  readonly Address: ITAddress;
  /** The CALL_STATE now (CS_*). */
  readonly CallState: number;
  /** CP_OWNER for a call this application created, CP_MONITOR for one it monitors. */
  readonly Privilege: number;
  /**
   * A CALLINFO_LONG field. xtapi fills CIL_MEDIATYPESAVAILABLE, CIL_BEARERMODE,
   * CIL_CALLERIDADDRESSTYPE, CIL_CALLEDIDADDRESSTYPE, CIL_REDIRECTIONIDADDRESSTYPE (0 until the
   * call is redirected), CIL_CALLPARAMSFLAGS, CIL_ORIGIN and CIL_REASON; another CIL_ throws
   * TAPI_E_NOTSUPPORTED, a value that is no CIL_ throws E_INVALIDARG.
   */
  CallInfoLong(lInfo: number): number;
  /**
   * A CALLINFO_STRING field. xtapi fills CIS_CALLEDIDNUMBER, CIS_CALLERIDNUMBER,
   * CIS_CALLERIDNAME (a call that arrived), CIS_DISPLAYABLEADDRESS and CIS_REDIRECTIONIDNUMBER
   * (where the call was redirected to, '' if it was not; a change is TE_CALLINFOCHANGE with
   * CIC_REDIRECTIONID); another CIS_ throws TAPI_E_NOTSUPPORTED, a non-CIS_ E_INVALIDARG.
   */
  CallInfoString(lInfo: number): string;
}

/**
 * ITBasicCallControl, in vtable order. Every method returns a Promise of its HRESULT and never
 * throws. Connect, Disconnect and Dial do what the seeds say; Hold, Transfer, BlindTransfer,
 * SwapHold and Finish what the line's features allow; the methods xtapi cannot do yet (conference,
 * park, pickup, handoff, QoS) return TAPI_E_NOTSUPPORTED. Release is IUnknown's: it frees the call
 * object.
 *
 * @example
 * ```ts
 * const call = address.CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
 * await call.Connect(true);          // S_OK once connected, or TAPI_E_DESTBUSY, …
 * await call.Disconnect(DC_NORMAL);  // S_OK: the call is CS_DISCONNECTED
 * call.Release();
 * ```
 */
export interface ITBasicCallControl {
  /** Place the call (CS_IDLE only). `fSync`: true/VARIANT_TRUE waits for the outcome; false/VARIANT_FALSE returns S_OK at once. */
  Connect(fSync: boolean | number): Promise<number>;
  /**
   * Answer a call that arrived (CS_OFFERING): S_OK once it is CS_CONNECTED; TAPI_E_INVALCALLSTATE
   * in any other state, TAPI_E_NOTOWNER for a monitor.
   */
  Answer(): Promise<number>;
  /** Hang up or abandon the call with a DISCONNECT_CODE (DC_NORMAL, DC_NOANSWER, DC_REJECTED). */
  Disconnect(code: number): Promise<number>;
  /**
   * Hold the call (VARIANT_TRUE: CS_CONNECTED → CS_HOLD) or take it back (VARIANT_FALSE): S_OK once
   * the provider has; TAPI_E_INVALCALLSTATE in another state, TAPI_E_NOTSUPPORTED on a line that
   * cannot hold, the provider's refusal as its TAPI_E_ twin, TAPI_E_TIMEOUT.
   */
  Hold(fHold: boolean | number): Promise<number>;
  /** TAPI_E_NOTSUPPORTED: xtapi has no other applications to hand a call to. */
  HandoffDirect(pApplicationName: string): Promise<number>;
  /** TAPI_E_NOTSUPPORTED: xtapi has no other applications to hand a call to. */
  HandoffIndirect(lMediaType: number): Promise<number>;
  Conference(pCall: ITBasicCallControl, fSync: boolean | number): Promise<number>;
  /**
   * Set up a consultation transfer to `pCall`, another call of this address: this call is held
   * pending transfer (CS_HOLD) and `pCall` connected (with its CreateCall address if it is still
   * CS_IDLE); Finish(FM_ASTRANSFER) completes it. E_INVALIDARG for a call that is no valid
   * consultation call (none, this one, another address's, ended, or idle without an address), E_FAIL
   * on a line that cannot transfer, TAPI_E_INVALCALLSTATE unless this call is connected or held.
   */
  Transfer(pCall: ITBasicCallControl, fSync: boolean | number): Promise<number>;
  /**
   * Transfer the call to `pDestAddress` in one step: S_OK once it is CS_DISCONNECTED. E_POINTER for
   * no address, E_FAIL on a line that cannot, the address's HRESULT as CreateCall gives it.
   */
  BlindTransfer(pDestAddress: string): Promise<number>;
  /** Hold this connected call and take back `pCall`, held: one HRESULT (E_POINTER, E_INVALIDARG, E_FAIL, TAPI_E_INVALCALLSTATE). */
  SwapHold(pCall: ITBasicCallControl): Promise<number>;
  ParkDirect(pParkAddress: string): Promise<number>;
  ParkIndirect(): Promise<number>;
  Unpark(): Promise<number>;
  SetQOS(lMediaType: number, serviceLevel: number): Promise<number>;
  Pickup(pGroupID: string): Promise<number>;
  /** Dial more of the address (a partial address ending in `;`, or one created with none); digits on a connected call go as DTMF. */
  Dial(pDestAddress: string): Promise<number>;
  /**
   * FM_ASTRANSFER: complete the transfer Transfer set up (on either call of the pair): S_OK once
   * both calls are CS_DISCONNECTED; TAPI_E_INVALCALLSTATE for a call not set up for transfer (or
   * whose consultation call has ended). FM_ASCONFERENCE: TAPI_E_NOTSUPPORTED (no conference yet).
   */
  Finish(finishMode: number): Promise<number>;
  RemoveFromConference(): Promise<number>;
  /** Free the call object (COM Release); returns the reference count left, 0. */
  Release(): number;
}

/**
 * The object ITAddress.CreateCall returns and events carry: ITBasicCallControl and ITCallInfo on
 * one object (TAPI 3's call object answers QueryInterface for both).
 *
 * @example
 * ```ts
 * const call: ITCall = address.CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
 * call.CallState;            // ITCallInfo: CS_IDLE
 * await call.Connect(false); // ITBasicCallControl: S_OK
 * ```
 */
export type ITCall = ITBasicCallControl & ITCallInfo & ITLegacyCallMediaControl & ITLegacyCallMediaControlTones;

/** @internal What a call needs from its TAPI object. */
export interface CallHost {
  readonly clock: Clock;
  /** The two-minute rule's interval (ms). */
  readonly timeout: number;
  readonly events: EventHub;
  callbackInstance(address: ITAddress): number;
  /** The application released the call: forget it. */
  forget(call: TapiCall): void;
}

const DISCONNECT_CODES: readonly unknown[] = [DC_NORMAL, DC_NOANSWER, DC_REJECTED];

const notSupported = () => Promise.resolve(TAPI_E_NOTSUPPORTED);
const settled = (hr: number) => Promise.resolve(hr);

/** @internal The call object. Get one from ITAddress.CreateCall or a TE_CALLNOTIFICATION. */
export class TapiCall implements ITCall, ControlledCall {
  /** @internal The modern API's handle on the same actor. */
  readonly call: Call;
  /** @internal The transfer this call takes part in (ITBasicCallControl::Transfer), held or consultation. */
  transfer: TransferLink | null = null;
  private readonly subscriptions: Subscription[] = [];
  /** ITLegacyCallMediaControl: detecting, generating and gathering digits. */
  private readonly digits = new CallDigits(this);
  /** ITLegacyCallMediaControl2: generating and detecting tones. */
  private readonly tones = new CallTones(this);
  /** The last CALL_STATE reported to the sinks. */
  private reported = CS_IDLE;
  private released = false;

  constructor(
    /** @internal */
    readonly actor: CallActorRef,
    /** @internal */
    readonly device: LineDevice,
    readonly Address: ITAddress,
    readonly Privilege: number,
    /** @internal */
    readonly host: CallHost,
  ) {
    this.call = new Call(actor, device);
    if (actor.getSnapshot().status !== 'active') return;
    this.subscriptions.push(
      actor.on('state', ({ state }) => {
        const cs = csOfState(state);
        if (cs !== null) this.report(cs);
      }),
      // The network sent the call elsewhere: its redirection ID changed (CALLINFOCHANGE_CAUSE).
      actor.on('redirected', () => this.host.events.post(TE_CALLINFOCHANGE, new CallInfoChangeEvent(this, CIC_REDIRECTIONID, this.host.callbackInstance(this.Address)))),
      actor.on('digit', (event) => this.digits.heard(event)),
      actor.on('ended', () => this.detach()),
    );
  }

  /** @internal Report the call's current CALL_STATE if it has not been (a call first seen after it started). */
  catchUp(): void {
    this.report(this.CallState);
  }

  /**
   * Post TE_CALLSTATE for `cs` unless it was reported already. The core reports every state it
   * enters (dial tone, dialing, proceeding, ringback are all CS_INPROGRESS, and busy, disconnected
   * and ended are all CS_DISCONNECTED); TAPI 3 reports changes of CALL_STATE, once each, and only
   * the steps the CALL_STATE table has (CS_CONNECTED ⇄ CS_HOLD, never back to CS_INPROGRESS).
   */
  private report(cs: number): void {
    if (!mayFollow(this.reported, cs)) return;
    this.reported = cs;
    const cause = cs === CS_DISCONNECTED ? cecOf(this.actor.getSnapshot().context.cause) : CEC_NONE;
    this.host.events.post(TE_CALLSTATE, new CallStateEvent(this, cs, cause, this.host.callbackInstance(this.Address)));
  }

  /** What the call is, in TAPI's words: what JSON.stringify and console.log show. */
  toJSON() {
    const { callId, address } = this.actor.getSnapshot().context;
    return { id: callId, DestAddress: address, CallState: this.CallState, Privilege: this.Privilege, Address: this.Address.AddressName, Released: this.released };
  }

  [INSPECT]() {
    const json = this.toJSON();
    return oneLine('ITCall', { ...json, CallState: constantName('CS_', json.CallState), Privilege: constantName('CP_', json.Privilege) });
  }

  /** @internal Resolves once the call actor has ended. */
  ended(): Promise<unknown> {
    return this.call.ended();
  }

  private detach(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }

  get CallState(): number {
    return callStateOf(this.actor.getSnapshot().context);
  }

  CallInfoLong(lInfo: number): number {
    return callInfoLong(this.actor.getSnapshot().context, this.device, lInfo);
  }

  CallInfoString(lInfo: number): string {
    return callInfoString(this.actor.getSnapshot().context, this.device, lInfo);
  }

  Connect(fSync: boolean | number): Promise<number> {
    const sync = toBool(fSync);
    if (sync === null) return settled(E_INVALIDARG);
    if (this.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
    // "Call state must be CS_IDLE" (Connect return values); nothing changes otherwise.
    if (this.actor.getSnapshot().status !== 'active' || this.CallState !== CS_IDLE) return settled(TAPI_E_INVALCALLSTATE);
    const make = () => this.call.request({ type: 'MAKE' }).catch(() => {
      // A refused make ends the call; the application hears of it through CS_DISCONNECTED.
    });
    if (!sync) {
      // "Connect may return S_OK, but the actual connection may fail" (Connect remarks).
      void make();
      return settled(S_OK);
    }
    // "If the call is synchronous, this method will not return until the call is in the
    // connected state or fails" — or the two-minute rule gives up on it.
    return withinTimeout(
      this.host.clock,
      this.host.timeout,
      (done) => {
        const check = () => {
          const cs = this.CallState;
          if (cs === CS_CONNECTED) done(S_OK);
          else if (cs === CS_DISCONNECTED) done(connectFailure(this.actor.getSnapshot().context.cause));
        };
        const subscription = this.actor.on('state', check);
        void make();
        check();
        return () => subscription.unsubscribe();
      },
      // Abandon the attempt at the provider, so the call ends CS_DISCONNECTED and nothing is left.
      () => this.actor.send({ type: 'DROP' }),
    );
  }

  Disconnect(code: number): Promise<number> {
    if (!DISCONNECT_CODES.includes(code)) return settled(E_INVALIDARG);
    if (this.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
    const snapshot = this.actor.getSnapshot();
    // "S_FALSE: the call state is CS_IDLE or a valid handle for the call could not be obtained."
    if (snapshot.status !== 'active' || snapshot.context.state === 'idle') return settled(S_FALSE);
    // A call being offered is turned down the way the code says (DISCONNECT_CODE): rejected
    // (SIP 603), not answered (480), or not now (486); the cause goes with CS_DISCONNECTED as
    // CEC_DISCONNECT_REJECTED, _NOANSWER or _NORMAL. A call once answered is hung up.
    const mode = code === DC_REJECTED ? 'REJECT' : code === DC_NOANSWER ? 'NOANSWER' : 'NORMAL';
    return withinTimeout(this.host.clock, this.host.timeout, (done) => {
      const subscription = this.actor.on('ended', () => done(S_OK));
      this.actor.send({ type: 'DROP', mode });
      return () => subscription.unsubscribe();
    });
  }

  Answer(): Promise<number> {
    if (this.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
    // "The call must be in the CS_OFFERING state" (Answer return values).
    if (this.actor.getSnapshot().status !== 'active' || !this.call.features.answer) return settled(TAPI_E_INVALCALLSTATE);
    return withinTimeout(
      this.host.clock,
      this.host.timeout,
      (done) => {
        this.call.answer().then(
          () => done(S_OK),
          (error: unknown) => done(error instanceof XtapiError && error.code !== 'CALL_ENDED' ? hresultOfLineError(error.code as LineErrorName) : TAPI_E_INVALCALLSTATE),
        );
        return () => {};
      },
      // Given up on: the call is dropped, so nothing is left half-answered.
      () => this.actor.send({ type: 'DROP' }),
    );
  }

  Dial(pDestAddress: string): Promise<number> {
    if (typeof pDestAddress !== 'string') return settled(E_POINTER);
    if (this.Privilege !== CP_OWNER) return settled(TAPI_E_NOTOWNER);
    return withinTimeout(this.host.clock, this.host.timeout, (done) => {
      this.call.dial(pDestAddress).then(
        () => done(S_OK),
        (error: unknown) => done(dialFailure(error)),
      );
      return () => {};
    });
  }

  DetectDigits(DigitMode: number): number {
    return this.digits.DetectDigits(DigitMode);
  }

  GenerateDigits(pDigits: string, DigitMode: number): Promise<number> {
    return this.digits.GenerateDigits(pDigits, DigitMode);
  }

  GatherDigits(DigitMode: number, lNumDigits: number, pTerminationDigits: string, lFirstDigitTimeout: number, lInterDigitTimeout: number): number {
    return this.digits.GatherDigits(DigitMode, lNumDigits, pTerminationDigits, lFirstDigitTimeout, lInterDigitTimeout);
  }

  GenerateTone(ToneMode: number, lDuration: number): number {
    return this.tones.GenerateTone(ToneMode, lDuration);
  }

  GenerateCustomTones(pToneList: readonly TAPI_CUSTOMTONE[], lNumTones: number, lDuration: number): number {
    return this.tones.GenerateCustomTones(pToneList, lNumTones, lDuration);
  }

  GenerateCustomTonesByCollection(pCustomToneCollection: readonly ITCustomTone[], lDuration: number): number {
    return this.tones.GenerateCustomTonesByCollection(pCustomToneCollection, lDuration);
  }

  DetectTones(pToneList: readonly TAPI_DETECTTONE[] | null, lNumTones: number): number {
    return this.tones.DetectTones(pToneList, lNumTones);
  }

  DetectTonesByCollection(pDetectToneCollection: readonly ITDetectTone[]): number {
    return this.tones.DetectTonesByCollection(pDetectToneCollection);
  }

  CreateCustomToneObject(): ITCustomTone {
    return new ITCustomTone();
  }

  CreateDetectToneObject(): ITDetectTone {
    return new ITDetectTone();
  }

  Release(): number {
    if (this.released) return 0;
    this.released = true;
    this.tones.stop();
    this.host.forget(this);
    // The application has let go of the object: it hears nothing more about it.
    this.detach();
    // A monitor leaves the call to its owner. An owned call nobody holds any more is abandoned
    // at the provider, so that no call, line slot or timer outlives its last reference.
    if (this.Privilege === CP_OWNER && this.actor.getSnapshot().status === 'active') this.actor.send({ type: 'DROP' });
    return 0;
  }

  Hold(fHold: boolean | number): Promise<number> {
    return hold(this, fHold);
  }

  BlindTransfer(pDestAddress: string): Promise<number> {
    return blindTransfer(this, pDestAddress);
  }

  Transfer(pCall: ITBasicCallControl, fSync: boolean | number): Promise<number> {
    return transfer(this, this.ours(pCall), fSync);
  }

  Finish(finishMode: number): Promise<number> {
    return finish(this, finishMode);
  }

  SwapHold(pCall: ITBasicCallControl): Promise<number> {
    return swapHold(this, this.ours(pCall), pCall);
  }

  /** A call object of this TAPI object that the application still holds, or null. */
  private ours(pCall: unknown): TapiCall | null {
    return pCall instanceof TapiCall && !pCall.released && pCall.host === this.host ? pCall : null;
  }

  HandoffDirect = notSupported;
  HandoffIndirect = notSupported;
  Conference = notSupported;
  ParkDirect = notSupported;
  ParkIndirect = notSupported;
  Unpark = notSupported;
  SetQOS = notSupported;
  Pickup = notSupported;
  RemoveFromConference = notSupported;
}

/** The HRESULT for a refused Dial. */
function dialFailure(error: unknown): number {
  if (!(error instanceof XtapiError)) return TAPI_E_INVALCALLSTATE;
  if (error.code === 'CALL_ENDED' || error.code === 'SHUTDOWN') return TAPI_E_INVALCALLSTATE;
  return hresultOfLineError(error.code as LineErrorName);
}
