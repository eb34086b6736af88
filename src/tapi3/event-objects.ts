/**
 * The event objects a sink receives, as small classes so that they print and serialise as a
 * summary (`summaries.ts`) instead of dumping the call's actor they reach through `Call`.
 */
import type { ITAddress } from './address.js';
import type { ITCall } from './call.js';
import type { ITAddressEvent, ITCallInfoChangeEvent, ITCallNotificationEvent, ITCallStateEvent } from './events.js';
import { constantName, INSPECT, oneLine } from './summaries.js';

/**
 * ITCallStateEvent.
 *
 * @example
 * ```ts
 * console.log(new CallStateEvent(call, CS_CONNECTED, CEC_NONE, 0));
 * // ITCallStateEvent { State: 'CS_CONNECTED', Cause: 'CEC_NONE', Call: ITCall { … }, CallbackInstance: 0 }
 * ```
 */
export class CallStateEvent implements ITCallStateEvent {
  constructor(
    readonly Call: ITCall,
    readonly State: number,
    readonly Cause: number,
    readonly CallbackInstance: number,
  ) {}

  toJSON() {
    return { State: this.State, Cause: this.Cause, Call: this.Call, CallbackInstance: this.CallbackInstance };
  }

  [INSPECT]() {
    return oneLine('ITCallStateEvent', { State: constantName('CS_', this.State), Cause: constantName('CEC_', this.Cause), Call: this.Call, CallbackInstance: this.CallbackInstance });
  }
}

/**
 * ITCallNotificationEvent.
 *
 * @example
 * ```ts
 * console.log(new CallNotificationEvent(call, CNE_MONITOR, 0));
 * // ITCallNotificationEvent { Event: 'CNE_MONITOR', Call: ITCall { … }, CallbackInstance: 0 }
 * ```
 */
export class CallNotificationEvent implements ITCallNotificationEvent {
  constructor(
    readonly Call: ITCall,
    readonly Event: number,
    readonly CallbackInstance: number,
  ) {}

  toJSON() {
    return { Event: this.Event, Call: this.Call, CallbackInstance: this.CallbackInstance };
  }

  [INSPECT]() {
    return oneLine('ITCallNotificationEvent', { Event: constantName('CNE_', this.Event), Call: this.Call, CallbackInstance: this.CallbackInstance });
  }
}

/**
 * ITAddressEvent.
 *
 * @example
 * ```ts
 * console.log(new AddressEvent(address, AE_STATE));
 * // ITAddressEvent { Event: 'AE_STATE', Address: ITAddress { … } }
 * ```
 */
export class AddressEvent implements ITAddressEvent {
  readonly Terminal = null;

  constructor(
    readonly Address: ITAddress,
    readonly Event: number,
  ) {}

  toJSON() {
    return { Event: this.Event, Address: this.Address, Terminal: null };
  }

  [INSPECT]() {
    return oneLine('ITAddressEvent', { Event: constantName('AE_', this.Event), Address: this.Address });
  }
}

/**
 * ITCallInfoChangeEvent.
 *
 * @example
 * ```ts
 * console.log(new CallInfoChangeEvent(call, CIC_REDIRECTIONID, 0));
 * // ITCallInfoChangeEvent { Cause: 'CIC_REDIRECTIONID', Call: ITCall { … }, CallbackInstance: 0 }
 * ```
 */
export class CallInfoChangeEvent implements ITCallInfoChangeEvent {
  constructor(
    readonly Call: ITCall,
    readonly Cause: number,
    readonly CallbackInstance: number,
  ) {}

  toJSON() {
    return { Cause: this.Cause, Call: this.Call, CallbackInstance: this.CallbackInstance };
  }

  [INSPECT]() {
    return oneLine('ITCallInfoChangeEvent', { Cause: constantName('CIC_', this.Cause), Call: this.Call, CallbackInstance: this.CallbackInstance });
  }
}
