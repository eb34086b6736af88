/**
 * TAPI 3 event delivery: the event objects (ITCallStateEvent, ITCallNotificationEvent), the sink
 * interface (ITTAPIEventNotification) and the hub that queues events and hands them to the sinks.
 *
 * Rules the hub keeps, and why:
 * - Nothing is delivered unless its TE_ bit is in the EventFilter: "without put_EventFilter the
 *   application receives no events" (ITTAPI::put_EventFilter). The filter is
 *   applied when the event happens, as TAPI filters at the source.
 * - Delivery never re-enters the application inside the method that caused the event: events are
 *   queued and delivered from a microtask, after the method has returned (COM delivers
 *   ITTAPIEventNotification::Event on its own thread; an application is never called back from
 *   inside Connect).
 * - Order is kept: one queue for the whole TAPI object, delivered first in, first out; an event
 *   raised by a sink is queued behind those already waiting.
 * - A sink sees the events that happen after its Advise and before its Unadvise ("the
 *   application must register the outgoing interface before calling Connect", Connect remarks).
 * - A sink that throws does not stop delivery to the others (COM ignores what Event returns).
 */
import type { ITAddress } from './address.js';
import type { ITCall } from './call.js';
import { TapiError } from './tapi-error.js';
import type { TE_ADDRESS, TE_CALLINFOCHANGE, TE_CALLNOTIFICATION, TE_CALLSTATE, TE_DIGITEVENT, TE_GATHERDIGITS, TE_GENERATEEVENT, TE_TONEEVENT } from './constants.js';
import { CONNECT_E_NOCONNECTION, E_POINTER, S_OK, TAPI_E_NOT_INITIALIZED } from './hresults.js';

/**
 * TE_CALLSTATE: a call changed state (ITCallStateEvent). `State` is the new CS_ value, `Cause`
 * the CEC_ value (CEC_NONE except with CS_DISCONNECTED).
 *
 * @example
 * ```ts
 * tapi.Advise({
 *   Event(type, event) {
 *     if (type === TE_CALLSTATE) console.log(event.State, event.Cause, event.Call.CallState);
 *   },
 * });
 * ```
 */
export interface ITCallStateEvent {
  /** The call (an ITCallInfo; it is also the ITBasicCallControl). */
  readonly Call: ITCall;
  /** The CALL_STATE the call entered. */
  readonly State: number;
  /** The CALL_STATE_EVENT_CAUSE. */
  readonly Cause: number;
  /** The lCallbackInstance of the RegisterCallNotifications for the call's address, else 0. */
  readonly CallbackInstance: number;
}

/**
 * TE_CALLNOTIFICATION: a call object appeared that the application did not create, on an
 * address it registered for (ITCallNotificationEvent). `Event` is CNE_OWNER or CNE_MONITOR.
 *
 * @example
 * ```ts
 * tapi.Advise({
 *   Event(type, event) {
 *     if (type === TE_CALLNOTIFICATION && event.Event === CNE_MONITOR) watch(event.Call);
 *   },
 * });
 * ```
 */
export interface ITCallNotificationEvent {
  readonly Call: ITCall;
  /** CNE_OWNER or CNE_MONITOR. */
  readonly Event: number;
  readonly CallbackInstance: number;
}

/**
 * TE_ADDRESS: something changed on an address (ITAddressEvent). xtapi reports AE_STATE, when the
 * address goes out of service (its line's provider took it out, or the line closed) or comes
 * back: read `Address.State` (AS_INSERVICE / AS_OUTOFSERVICE).
 *
 * @example
 * ```ts
 * tapi.EventFilter = TE_ADDRESS | TE_CALLSTATE;
 * tapi.Advise({
 *   Event(type, event) {
 *     if (type === TE_ADDRESS && event.Event === AE_STATE) console.log(event.Address.State);
 *   },
 * });
 * ```
 */
export interface ITAddressEvent {
  readonly Address: ITAddress;
  /** The ADDRESS_EVENT: AE_STATE. */
  readonly Event: number;
  /** The terminal of AE_NEWTERMINAL / AE_REMOVETERMINAL; xtapi has none. */
  readonly Terminal: null;
}

/**
 * TE_CALLINFOCHANGE: a call's information changed without a change of state
 * (ITCallInfoChangeEvent). xtapi reports CIC_REDIRECTIONID, when the network sent the call
 * elsewhere: read `Call.CallInfoString(CIS_REDIRECTIONIDNUMBER)`.
 *
 * @example
 * ```ts
 * tapi.EventFilter = TE_CALLSTATE | TE_CALLINFOCHANGE;
 * tapi.Advise({
 *   Event(type, event) {
 *     if (type === TE_CALLINFOCHANGE && event.Cause === CIC_REDIRECTIONID) console.log(event.Call.CallInfoString(CIS_REDIRECTIONIDNUMBER));
 *   },
 * });
 * ```
 */
export interface ITCallInfoChangeEvent {
  /** The call (an ITCallInfo; it is also the ITBasicCallControl). */
  readonly Call: ITCall;
  /** The CALLINFOCHANGE_CAUSE: what changed. */
  readonly Cause: number;
  /** The lCallbackInstance of the RegisterCallNotifications for the call's address, else 0. */
  readonly CallbackInstance: number;
}

/** ITDigitDetectionEvent (TE_DIGITEVENT): the far end pressed a key, on a call detecting digits. */
export interface ITDigitDetectionEvent {
  readonly Call: ITCall;
  /** The digit's character code (get_Digit: an unsigned char), e.g. 0x35 for '5'. */
  readonly Digit: number;
  /** LINEDIGITMODE_DTMF. */
  readonly DigitMode: number;
  /** The clock's milliseconds at which the digit was heard, as a DWORD (GetTickCount). */
  readonly TickCount: number;
  readonly CallbackInstance: number;
}

/** ITDigitGenerationEvent (TE_GENERATEEVENT): GenerateDigits, GenerateTone or GenerateCustomTones has finished. */
export interface ITDigitGenerationEvent {
  readonly Call: ITCall;
  /** LINEGENERATETERM_DONE, or LINEGENERATETERM_CANCEL for a tone cut short. */
  readonly GenerationTermination: number;
  readonly TickCount: number;
  readonly CallbackInstance: number;
}

/** ITToneDetectionEvent (TE_TONEEVENT, TAPI 3.1): a tone of DetectTones was heard for its duration. */
export interface ITToneDetectionEvent {
  readonly Call: ITCall;
  /** The tone's AppSpecific (TAPI_DETECTTONE dwAppSpecific). */
  readonly AppSpecific: number;
  /** The clock's milliseconds at which it was heard, as a DWORD (GetTickCount). */
  readonly TickCount: number;
  readonly CallbackInstance: number;
}

/** ITDigitsGatheredEvent (TE_GATHERDIGITS, TAPI 3.1): GatherDigits has ended. */
export interface ITDigitsGatheredEvent {
  readonly Call: ITCall;
  /** The digits gathered (the termination digit last, if one ended it). */
  readonly Digits: string;
  /** LINEGATHERTERM_: why it ended. */
  readonly GatherTermination: number;
  readonly TickCount: number;
  readonly CallbackInstance: number;
}

/**
 * The event objects a sink receives; the TE_ value passed with it says which.
 *
 * @example
 * ```ts
 * const objects: TapiEventObject[] = [];
 * tapi.Advise({ Event: (type, event) => objects.push(event) });
 * ```
 */
export type TapiEventObject = ITCallStateEvent | ITCallNotificationEvent | ITAddressEvent | ITCallInfoChangeEvent | ITDigitDetectionEvent | ITDigitGenerationEvent | ITDigitsGatheredEvent | ITToneDetectionEvent;

/**
 * The arguments of ITTAPIEventNotification::Event, as pairs: the TE_ value and the event object
 * that goes with it (TAPI_EVENT: TE_CALLSTATE carries an ITCallStateEvent, TE_CALLNOTIFICATION an
 * ITCallNotificationEvent, TE_ADDRESS an ITAddressEvent, TE_CALLINFOCHANGE an
 * ITCallInfoChangeEvent). Because the sink's parameters are this
 * union, TypeScript narrows the event when the type is tested: no cast.
 *
 * @example
 * ```ts
 * tapi.Advise({
 *   Event(type, event) {
 *     if (type === TE_CALLSTATE) console.log(event.State, event.Cause); // event: ITCallStateEvent
 *     else if (type === TE_ADDRESS) console.log(event.Address.State);   // event: ITAddressEvent
 *   },
 * });
 * ```
 */
export type TapiEventArgs =
  | [tapiEvent: typeof TE_CALLSTATE, event: ITCallStateEvent]
  | [tapiEvent: typeof TE_CALLNOTIFICATION, event: ITCallNotificationEvent]
  | [tapiEvent: typeof TE_ADDRESS, event: ITAddressEvent]
  | [tapiEvent: typeof TE_CALLINFOCHANGE, event: ITCallInfoChangeEvent]
  | [tapiEvent: typeof TE_DIGITEVENT, event: ITDigitDetectionEvent]
  | [tapiEvent: typeof TE_GENERATEEVENT, event: ITDigitGenerationEvent]
  | [tapiEvent: typeof TE_TONEEVENT, event: ITToneDetectionEvent]
  | [tapiEvent: typeof TE_GATHERDIGITS, event: ITDigitsGatheredEvent];

/**
 * The sink of TAPI events (ITTAPIEventNotification): register it with `tapi.Advise(sink)`. Its
 * arguments are a {@link TapiEventArgs} pair, so testing the TE_ value narrows the event; a sink
 * written as `Event(type: number, event: TapiEventObject)` fits as well.
 *
 * @example
 * ```ts
 * const sink: ITTAPIEventNotification = {
 *   Event(type, event) {
 *     if (type === TE_CALLSTATE) console.log('state', event.State);
 *   },
 * };
 * const cookie = tapi.Advise(sink);
 * ```
 */
export interface ITTAPIEventNotification {
  Event(...args: TapiEventArgs): void;
}

/** Every TE_ bit: a valid EventFilter has no other. */
export const TE_ALL = 0x3ffffff;

interface Queued {
  seq: number;
  args: TapiEventArgs;
}

interface Advised {
  sink: ITTAPIEventNotification;
  /** The sequence number of the last event queued before the Advise. */
  since: number;
}

/** @internal The event queue and the sinks of one TAPI object. */
export class EventHub {
  private filter = 0;
  private readonly sinks = new Map<number, Advised>();
  private nextCookie = 1;
  private seq = 0;
  private readonly queue: Queued[] = [];
  private draining = false;
  private closed = false;

  get eventFilter(): number {
    return this.filter;
  }

  /** How many sinks are advised. */
  get sinkCount(): number {
    return this.sinks.size;
  }

  set eventFilter(mask: number) {
    this.filter = mask & TE_ALL;
  }

  /** Whether events of `type` are wanted now. */
  wants(type: number): boolean {
    return !this.closed && (this.filter & type) !== 0;
  }

  advise(sink: ITTAPIEventNotification): number {
    if (this.closed) throw new TapiError(TAPI_E_NOT_INITIALIZED, 'the TAPI object is shut down');
    if (sink === null || typeof sink !== 'object' || typeof sink.Event !== 'function') {
      throw new TapiError(E_POINTER, 'the sink must be an object with an Event(tapiEvent, event) method');
    }
    const cookie = this.nextCookie++;
    this.sinks.set(cookie, { sink, since: this.seq });
    return cookie;
  }

  unadvise(cookie: number): number {
    return this.sinks.delete(cookie) ? S_OK : CONNECT_E_NOCONNECTION;
  }

  /** Queue an event if the filter wants its type; it is delivered after the caller returns. */
  post(...args: TapiEventArgs): void {
    if (!this.wants(args[0])) return;
    this.queue.push({ seq: ++this.seq, args });
    if (!this.draining) {
      this.draining = true;
      queueMicrotask(() => this.drain());
    }
  }

  private drain(): void {
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      for (const [cookie, advised] of [...this.sinks]) {
        if (advised.since >= item.seq) continue;
        if (this.sinks.get(cookie) !== advised) continue; // unadvised by an earlier sink
        try {
          advised.sink.Event(...item.args);
        } catch {
          // A failing sink must not starve the others (see the rules above).
        }
      }
    }
    this.draining = false;
  }

  /** Stop: drop what is queued, forget the sinks, accept nothing more. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.sinks.clear();
  }
}
