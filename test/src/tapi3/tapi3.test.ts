/**
 * The TAPI object: createTapi3, Initialize (which opens the lines), Addresses, Shutdown (which
 * releases every call and closes what it opened), on a telephony of its own or a shared one.
 */
import { describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import {
  AS_INSERVICE,
  AS_OUTOFSERVICE,
  CS_CONNECTED,
  E_UNEXPECTED,
  S_OK,
  TAPI_E_NOT_INITIALIZED,
  TAPI_E_SERVICE_NOT_RUNNING,
  createTapi3,
} from '../../../src/tapi3/index.js';
import { scriptedDevice, scriptedProvider } from '../../support/scripted-provider.js';
import { drive, flush, tapi3Harness, thrown } from './tapi3-harness.js';

describe('createTapi3', () => {
  it('refuses a bad timeout and mixed options', () => {
    for (const timeout of [0, -1, Number.NaN, Infinity, 2 ** 31]) expect(() => createTapi3({ timeout })).toThrow(RangeError);
    const telephony = createTelephony({ clock: new ManualClock() });
    expect(() => createTapi3({ telephony, providers: [] } as never)).toThrow(TypeError);
    void telephony.shutdown();
  });

  it('defaults to one simulated line', async () => {
    const tapi = createTapi3({ clock: new ManualClock() });
    expect(await tapi.Initialize()).toBe(S_OK);
    expect(tapi.Addresses.map((a) => a.ServiceProviderName)).toEqual(['simulated']);
    expect(await tapi.Shutdown()).toBe(S_OK);
  });
});

describe('Initialize', () => {
  it('opens every line; Addresses before it is TAPI_E_NOT_INITIALIZED', async () => {
    const clock = new ManualClock();
    const tapi = createTapi3({ providers: [simulatedProvider({ lines: 3 })], clock });
    expect(thrown(() => tapi.Addresses)).toBe(TAPI_E_NOT_INITIALIZED);
    expect(tapi.telephony.line(0)).toBeUndefined();
    const [a, b] = [tapi.Initialize(), tapi.Initialize()];
    expect(a).toBe(b); // one initialisation
    expect(await a).toBe(S_OK);
    expect(await tapi.Initialize()).toBe(S_OK);
    expect(tapi.Addresses.map((x) => x.State)).toEqual([AS_INSERVICE, AS_INSERVICE, AS_INSERVICE]);
    expect(await tapi.Shutdown()).toBe(S_OK);
  });

  it('a line that never opens does not hang it: S_OK after the two-minute interval, that address out of service', async () => {
    const clock = new ManualClock();
    const provider = scriptedProvider({
      lines: [scriptedDevice(), scriptedDevice({ name: 'Hanging line' })],
      openLine: (i) => (i === 1 ? new Promise<void>(() => {}) : undefined),
    });
    const tapi = createTapi3({ providers: [provider], clock });
    let hr: number | undefined;
    void tapi.Initialize().then((r) => (hr = r));
    await flush();
    expect(hr).toBeUndefined();
    clock.advance(120_000);
    await flush();
    expect(hr).toBe(S_OK);
    expect(tapi.Addresses.map((a) => a.State)).toEqual([AS_INSERVICE, AS_OUTOFSERVICE]);
    expect(clock.pending).toBe(0);
    expect(await tapi.Shutdown()).toBe(S_OK);
    expect(tapi.telephony.actor.getSnapshot().status).toBe('done');
  });

  it('over a telephony that is shut down: TAPI_E_SERVICE_NOT_RUNNING', async () => {
    const telephony = createTelephony({ clock: new ManualClock() });
    await telephony.shutdown();
    const tapi = createTapi3({ telephony });
    expect(await tapi.Initialize()).toBe(TAPI_E_SERVICE_NOT_RUNNING);
    expect(thrown(() => tapi.Addresses)).toBe(TAPI_E_NOT_INITIALIZED);
    expect(await tapi.Shutdown()).toBe(S_OK);
  });

  it('after Shutdown: E_UNEXPECTED (create a new TAPI object instead)', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    await h.shutdown();
    expect(await h.tapi.Initialize()).toBe(E_UNEXPECTED);
  });
});

describe('Shutdown', () => {
  it('releases every call still held (live ones are abandoned), shuts its own telephony down, and is idempotent', async () => {
    const h = await tapi3Harness();
    const connected = h.create();
    expect(await h.drive(connected.Connect(true))).toBe(S_OK);
    const ringing = h.create('5550112');
    await ringing.Connect(false);
    h.create('5550113'); // idle, never connected
    expect(h.sim.calls()).toHaveLength(2); // the idle one never reached the switch
    const first = h.tapi.Shutdown();
    expect(h.tapi.Shutdown()).toBe(first);
    await h.shutdown(); // checks: no call, no actor, no timer left
    expect(connected.CallState).not.toBe(CS_CONNECTED);
    expect(thrown(() => h.tapi.Addresses)).toBe(TAPI_E_NOT_INITIALIZED);
  });

  it('over a shared telephony: adopts lines already open, closes only the lines it opened, leaves the telephony running', async () => {
    const clock = new ManualClock();
    const telephony = createTelephony({ providers: [simulatedProvider({ lines: 2, timing: 'instant' })], clock });
    const theirs = await telephony.openLine(0);
    const tapi = createTapi3({ telephony });
    expect(await tapi.Initialize()).toBe(S_OK);
    expect(tapi.Addresses.map((a) => a.State)).toEqual([AS_INSERVICE, AS_INSERVICE]);
    const call = tapi.Addresses[0].CreateCall('5550111', 1, 8);
    expect(await call.Connect(true)).toBe(S_OK);
    expect(await drive(clock, tapi.Shutdown())).toBe(S_OK);
    expect(telephony.line(0)).toBe(theirs); // not ours to close
    expect(telephony.line(1)).toBeUndefined(); // ours: closed
    expect(theirs.status.activeCalls).toBe(0); // our call was released
    expect(telephony.actor.getSnapshot().status).toBe('active');
    await telephony.shutdown();
  });
});
