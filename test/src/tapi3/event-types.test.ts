/**
 * TAPI 3 events did not narrow: after `if (te === TE_CALLSTATE)` the event was still the union
 * of every event object, and `event.State` needed a cast. The sink's arguments are now a
 * discriminated union by TE_ value. What compiles and what does not is pinned here: `npm test`
 * type-checks this file (`@ts-expect-error` fails the check if the error goes away), and the
 * runtime part checks the same sink on a real call.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import {
  createTapi3,
  CS_CONNECTED,
  DC_NORMAL,
  LINEADDRESSTYPE_PHONENUMBER,
  TAPIMEDIATYPE_AUDIO,
  TE_ADDRESS,
  TE_CALLINFOCHANGE,
  TE_CALLNOTIFICATION,
  TE_CALLSTATE,
  type ITAddressEvent,
  type ITCallInfoChangeEvent,
  type ITCallNotificationEvent,
  type ITCallStateEvent,
  type ITTAPIEventNotification,
  type TapiEventObject,
  type ITDigitDetectionEvent,
  type ITDigitGenerationEvent,
  type ITDigitsGatheredEvent,
  type ITToneDetectionEvent,
  TE_DIGITEVENT,
  TE_GATHERDIGITS,
  TE_TONEEVENT,
  TE_GENERATEEVENT,
} from '../../../src/tapi3/index.js';

describe('the Advise sink narrows by TE_ value', () => {
  it('each TE_ value gives its own event object, with no cast', () => {
    const sink: ITTAPIEventNotification = {
      Event(type, event) {
        if (type === TE_CALLSTATE) {
          expectTypeOf(event).toEqualTypeOf<ITCallStateEvent>();
          expectTypeOf(event.State).toBeNumber();
        } else if (type === TE_CALLNOTIFICATION) {
          expectTypeOf(event).toEqualTypeOf<ITCallNotificationEvent>();
        } else if (type === TE_CALLINFOCHANGE) {
          expectTypeOf(event).toEqualTypeOf<ITCallInfoChangeEvent>();
          expectTypeOf(event.Cause).toBeNumber();
        } else if (type === TE_DIGITEVENT) {
          expectTypeOf(event).toEqualTypeOf<ITDigitDetectionEvent>();
          expectTypeOf(event.Digit).toBeNumber();
        } else if (type === TE_GENERATEEVENT) {
          expectTypeOf(event).toEqualTypeOf<ITDigitGenerationEvent>();
        } else if (type === TE_GATHERDIGITS) {
          expectTypeOf(event).toEqualTypeOf<ITDigitsGatheredEvent>();
          expectTypeOf(event.Digits).toBeString();
        } else if (type === TE_TONEEVENT) {
          expectTypeOf(event).toEqualTypeOf<ITToneDetectionEvent>();
          expectTypeOf(event.AppSpecific).toBeNumber();
        } else {
          expectTypeOf(type).toEqualTypeOf<typeof TE_ADDRESS>();
          expectTypeOf(event).toEqualTypeOf<ITAddressEvent>();
        }
        // Before the test, the event is any of them: State is not on every one.
        // @ts-expect-error State exists only on ITCallStateEvent
        void event.State;
      },
    };
    expect(typeof sink.Event).toBe('function');
  });

  it('an arrow function and a sink written with the wide types fit too', () => {
    const arrow: ITTAPIEventNotification = { Event: (type, event) => void (type === TE_CALLSTATE && event.Cause) };
    const wide: ITTAPIEventNotification = { Event: (type: number, event: TapiEventObject) => void [type, event] };
    // A TE_ value with the wrong event object is refused.
    // @ts-expect-error TE_CALLSTATE carries an ITCallStateEvent
    const wrong: Parameters<ITTAPIEventNotification['Event']> = [TE_CALLSTATE, { Address: null as never, Event: 0, Terminal: null }];
    expect([arrow, wide, wrong].length).toBe(3);
  });

  it('on a real call, the narrowed sink reads State without a cast', async () => {
    const tapi = createTapi3({ providers: [simulatedProvider({ timing: 'instant' })] });
    await tapi.Initialize();
    tapi.EventFilter = TE_CALLSTATE;
    const states: number[] = [];
    tapi.Advise({
      Event(type, event) {
        if (type === TE_CALLSTATE) states.push(event.State);
      },
    });
    const call = tapi.Addresses[0].CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
    await call.Connect(true);
    await call.Disconnect(DC_NORMAL);
    call.Release();
    expect(states).toContain(CS_CONNECTED);
    await tapi.Shutdown();
  });
});
