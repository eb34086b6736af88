/**
 * Event delivery: the EventFilter gate, order, no re-entry into the application, Advise and
 * Unadvise, failing sinks, CallbackInstance, and TE_CALLNOTIFICATION for monitored calls.
 */
import { describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import {
  AS_INSERVICE,
  CNE_MONITOR,
  CONNECT_E_NOCONNECTION,
  CP_MONITOR,
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_INPROGRESS,
  DC_NORMAL,
  E_INVALIDARG,
  E_POINTER,
  S_OK,
  TAPI_E_INVALIDMEDIATYPE,
  TAPI_E_NOT_INITIALIZED,
  TAPI_E_NOTOWNER,
  TAPIMEDIATYPE_AUDIO,
  TAPIMEDIATYPE_DATAMODEM,
  TAPIMEDIATYPE_VIDEO,
  TE_CALLNOTIFICATION,
  TE_CALLSTATE,
  createTapi3,
  type ITCallNotificationEvent,
  type ITCallStateEvent,
  type ITTAPIEventNotification,
  type TapiEventObject,
} from '../../../src/tapi3/index.js';
import { flush, tapi3Harness, thrown } from './tapi3-harness.js';

describe('EventFilter', () => {
  it('without it, no events at all (the default is 0)', async () => {
    const h = await tapi3Harness({ timing: 'instant' }, { filter: 0 });
    expect(h.tapi.EventFilter).toBe(0);
    const call = h.create();
    await call.Connect(true);
    await call.Disconnect(DC_NORMAL);
    await flush();
    expect(h.seen).toEqual([]);
    await h.shutdown();
  });

  it('only the TE_ bits it holds, as they are when the event happens', async () => {
    const h = await tapi3Harness({ timing: 'instant' }, { filter: TE_CALLNOTIFICATION });
    const call = h.create();
    await call.Connect(true);
    h.tapi.EventFilter = TE_CALLSTATE;
    await call.Disconnect(DC_NORMAL);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('a mask with bits that are no TE_ is E_INVALIDARG; before Initialize TAPI_E_NOT_INITIALIZED', async () => {
    const h = await tapi3Harness();
    for (const bad of [0x4000000, -1, 1.5, '8']) expect(thrown(() => (h.tapi.EventFilter = bad as number))).toBe(E_INVALIDARG);
    expect(h.tapi.EventFilter).toBe(TE_CALLSTATE | TE_CALLNOTIFICATION);
    const fresh = createTapi3({ providers: [simulatedProvider()], clock: new ManualClock() });
    expect(thrown(() => (fresh.EventFilter = TE_CALLSTATE))).toBe(TAPI_E_NOT_INITIALIZED);
    await fresh.Shutdown();
    await h.shutdown();
  });
});

describe('delivery', () => {
  it('never re-enters the application inside the method that caused the event, and keeps order', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const log: string[] = [];
    h.tapi.Advise({ Event: (_type, event) => void log.push(`event ${(event as ITCallStateEvent).State}`) });
    const call = h.create();
    log.push('before Connect');
    const connecting = call.Connect(true); // the whole call happens inside this, with instant timing
    log.push('after Connect');
    expect(await connecting).toBe(S_OK);
    await flush();
    expect(log).toEqual(['before Connect', 'after Connect', `event ${CS_INPROGRESS}`, `event ${CS_CONNECTED}`]);
    await h.shutdown();
  });

  it('a sink sees only events after its Advise and before its Unadvise', async () => {
    const h = await tapi3Harness();
    const call = h.create();
    await call.Connect(false); // CS_INPROGRESS is queued now
    const late: number[] = [];
    const cookie = h.tapi.Advise({ Event: (_t, e) => void late.push((e as ITCallStateEvent).State) });
    h.clock.advance(5000);
    await flush();
    expect(late).toEqual([CS_CONNECTED]);
    expect(h.tapi.Unadvise(cookie)).toBe(S_OK);
    expect(h.tapi.Unadvise(cookie)).toBe(CONNECT_E_NOCONNECTION);
    await h.drive(call.Disconnect(DC_NORMAL));
    await flush();
    expect(late).toEqual([CS_CONNECTED]);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('a sink that throws does not stop the others; a sink that calls back in is served in order', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    h.tapi.Advise({
      Event() {
        throw new Error('buggy sink');
      },
    });
    const order: number[] = [];
    const call = h.create();
    h.tapi.Advise({
      Event(_t, e) {
        const state = (e as ITCallStateEvent).State;
        order.push(state);
        if (state === CS_CONNECTED) void call.Disconnect(DC_NORMAL); // from inside the sink
      },
    });
    await call.Connect(true);
    await flush();
    expect(order).toEqual([CS_INPROGRESS, CS_CONNECTED, CS_DISCONNECTED]);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('Advise wants an object with Event: E_POINTER otherwise', async () => {
    const h = await tapi3Harness();
    for (const bad of [null, undefined, {}, { Event: 1 }, () => {}]) {
      expect(thrown(() => h.tapi.Advise(bad as unknown as ITTAPIEventNotification))).toBe(E_POINTER);
    }
    await h.shutdown();
  });

  it('nothing is delivered once Shutdown has begun', async () => {
    const h = await tapi3Harness();
    const call = h.create();
    await call.Connect(false);
    const count = h.seen.length;
    await h.shutdown();
    await flush();
    expect(h.seen.length).toBe(count);
  });
});

describe('CallbackInstance and RegisterCallNotifications', () => {
  it('TE_CALLSTATE carries the callback instance registered for the call\'s address', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const register = h.tapi.RegisterCallNotifications(h.address, true, false, TAPIMEDIATYPE_AUDIO, 42);
    expect(register).toBeGreaterThan(0);
    const call = h.create();
    await call.Connect(true);
    await flush();
    expect(h.seen.map((s) => (s.event as ITCallStateEvent).CallbackInstance)).toEqual([42, 42]);
    expect(h.tapi.UnregisterNotifications(register)).toBe(S_OK);
    expect(h.tapi.UnregisterNotifications(register)).toBe(E_INVALIDARG);
    await h.shutdown();
  });

  it('refuses bad registrations', async () => {
    const h = await tapi3Harness();
    const r = (address: unknown, monitor: unknown, owner: unknown, media: unknown, instance: unknown) =>
      thrown(() => h.tapi.RegisterCallNotifications(address as never, monitor as boolean, owner as boolean, media as number, instance as number));
    expect(r(h.address, true, false, TAPIMEDIATYPE_AUDIO, 0)).toBe('ok');
    expect(r({}, true, false, TAPIMEDIATYPE_AUDIO, 0)).toBe(E_INVALIDARG);
    expect(r(h.address, false, false, TAPIMEDIATYPE_AUDIO, 0)).toBe(E_INVALIDARG);
    expect(r(h.address, 'yes', false, TAPIMEDIATYPE_AUDIO, 0)).toBe(E_INVALIDARG);
    expect(r(h.address, true, false, TAPIMEDIATYPE_VIDEO, 0)).toBe(TAPI_E_INVALIDMEDIATYPE);
    expect(r(h.address, true, false, 0, 0)).toBe(TAPI_E_INVALIDMEDIATYPE);
    expect(r(h.address, true, false, TAPIMEDIATYPE_AUDIO, 2 ** 32)).toBe(E_INVALIDARG);
    await h.shutdown();
    expect(r(h.address, true, false, TAPIMEDIATYPE_AUDIO, 0)).toBe(TAPI_E_NOT_INITIALIZED);
  });
});

describe('TE_CALLNOTIFICATION', () => {
  it('a call another application makes on a monitored address: CNE_MONITOR, then its states; the monitor cannot control it', async () => {
    const clock = new ManualClock();
    const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })], clock });
    const tapi = createTapi3({ telephony });
    expect(await tapi.Initialize()).toBe(S_OK);
    tapi.EventFilter = TE_CALLSTATE | TE_CALLNOTIFICATION;
    const seen: Array<[number, TapiEventObject]> = [];
    tapi.Advise({ Event: (type, event) => void seen.push([type, event]) });
    const [address] = tapi.Addresses;
    tapi.RegisterCallNotifications(address, true, false, TAPIMEDIATYPE_AUDIO, 7);

    // Another application (the modern API) makes a call on the same line.
    const line = telephony.line(0)!;
    const other = await line.makeCall('5550111');
    await flush();
    const [type, notification] = seen[0];
    expect(type).toBe(TE_CALLNOTIFICATION);
    expect(notification).toMatchObject({ Event: CNE_MONITOR, CallbackInstance: 7 });
    const monitored = (notification as ITCallNotificationEvent).Call;
    expect(monitored.Privilege).toBe(CP_MONITOR);
    expect(monitored.CallState).toBe(CS_CONNECTED);
    expect(seen.slice(1).map(([t, e]) => [t, (e as ITCallStateEvent).State])).toEqual([[TE_CALLSTATE, CS_CONNECTED]]);
    expect(address.Calls).toEqual([monitored]);
    expect(await monitored.Disconnect(DC_NORMAL)).toBe(TAPI_E_NOTOWNER);
    expect(await monitored.Connect(true)).toBe(TAPI_E_NOTOWNER);
    expect(await monitored.Dial('1')).toBe(TAPI_E_NOTOWNER);

    await other.drop();
    await flush();
    expect(monitored.CallState).toBe(CS_DISCONNECTED);
    expect((seen.at(-1)![1] as ITCallStateEvent).State).toBe(CS_DISCONNECTED);
    monitored.Release();

    // A call whose media type is not registered is not notified; nor is our own.
    const modem = await line.makeCall('5550112', { mediaMode: 'DATAMODEM' });
    const own = address.CreateCall('5550113', 1, TAPIMEDIATYPE_DATAMODEM);
    await flush();
    expect(seen.filter(([t]) => t === TE_CALLNOTIFICATION)).toHaveLength(1);
    await modem.drop();
    own.Release();

    expect(await tapi.Shutdown()).toBe(S_OK);
    expect(telephony.actor.getSnapshot().status).toBe('active'); // a shared telephony keeps running
    await telephony.shutdown();
  });

  it('Initialize while another face is still opening the line: the line is adopted and its calls monitored', async () => {
    const clock = new ManualClock();
    const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })], clock });
    const opening = telephony.openLine(0); // another face; not open yet
    const tapi = createTapi3({ telephony });
    const initializing = tapi.Initialize();
    const line = await opening;
    expect(await initializing).toBe(S_OK);
    const [address] = tapi.Addresses;
    expect(address.State).toBe(AS_INSERVICE);
    tapi.EventFilter = TE_CALLNOTIFICATION;
    const seen: number[] = [];
    tapi.Advise({ Event: (type, _event) => void seen.push(type) });
    tapi.RegisterCallNotifications(address, true, false, TAPIMEDIATYPE_AUDIO, 0);
    const call = await line.makeCall('5550111');
    await flush();
    expect(seen).toEqual([TE_CALLNOTIFICATION]);
    await call.drop();
    expect(await tapi.Shutdown()).toBe(S_OK);
    expect(telephony.line(0)).toBe(line); // not ours: left open
    await telephony.shutdown();
  });

  it('without a monitor registration there is no notification', async () => {
    const clock = new ManualClock();
    const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })], clock });
    const tapi = createTapi3({ telephony });
    await tapi.Initialize();
    tapi.EventFilter = TE_CALLSTATE | TE_CALLNOTIFICATION;
    const seen: number[] = [];
    tapi.Advise({ Event: (type, _event) => void seen.push(type) });
    tapi.RegisterCallNotifications(tapi.Addresses[0], false, true, TAPIMEDIATYPE_AUDIO, 0); // owner only
    const call = await telephony.line(0)!.makeCall('5550111');
    await flush();
    expect(seen).toEqual([]);
    expect(tapi.Addresses[0].Calls).toEqual([]);
    await call.drop();
    await tapi.Shutdown();
    await telephony.shutdown();
  });
});
