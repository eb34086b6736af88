/**
 * ITBasicCallControl::Disconnect, row by row of the seed's return-value table: S_OK (the call is
 * CS_DISCONNECTED, cause CEC_DISCONNECT_NORMAL), S_FALSE (CS_IDLE, or no provider handle),
 * TAPI_E_TIMEOUT, and E_INVALIDARG for an unknown DISCONNECT_CODE; plus the races.
 */
import { describe, expect, it } from 'vitest';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_IDLE,
  CS_INPROGRESS,
  DC_NOANSWER,
  DC_NORMAL,
  DC_REJECTED,
  E_INVALIDARG,
  S_FALSE,
  S_OK,
  TAPI_E_DESTBUSY,
  TAPI_E_TIMEOUT,
} from '../../../src/tapi3/index.js';
import { flush, tapi3Harness } from './tapi3-harness.js';

describe('Disconnect: S_OK', () => {
  it.each([
    ['DC_NORMAL', DC_NORMAL],
    ['DC_NOANSWER', DC_NOANSWER],
    ['DC_REJECTED', DC_REJECTED],
  ])('%s on a connected call: S_OK once it is CS_DISCONNECTED, cause CEC_DISCONNECT_NORMAL', async (_, code) => {
    const h = await tapi3Harness();
    const call = h.create();
    expect(await h.drive(call.Connect(true))).toBe(S_OK);
    let hr: number | undefined;
    void call.Disconnect(code).then((r) => (hr = r));
    await flush();
    // The provider has not confirmed yet: the call is still connected, as far as TAPI 3 says.
    expect(hr).toBeUndefined();
    expect(call.CallState).toBe(CS_CONNECTED);
    h.clock.advance(20);
    await flush();
    expect(hr).toBe(S_OK);
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('during CS_INPROGRESS it abandons the attempt at the provider', async () => {
    const h = await tapi3Harness({ defaultOutcome: { outcome: 'answer', rings: 10 } });
    const call = h.create();
    await call.Connect(false);
    h.clock.advance(2000); // ringing
    expect(h.sim.calls()[0].phase).toBe('ringback');
    expect(await h.drive(call.Disconnect(DC_NORMAL))).toBe(S_OK);
    expect(h.sim.calls()).toEqual([]); // released at the switch
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('drop races answer (the answer crosses our drop): the call is dropped again, never reported connected, never half-open', async () => {
    const h = await tapi3Harness({ fault: 'answer-crosses-drop', defaultOutcome: { outcome: 'answer', rings: 10 } });
    const call = h.create();
    await call.Connect(false);
    h.clock.advance(2000);
    expect(h.sim.calls()[0].phase).toBe('ringback');
    expect(await h.drive(call.Disconnect(DC_NORMAL))).toBe(S_OK);
    expect(h.sim.calls()).toEqual([]);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('on a call the far end has left but which is still clearing: S_OK when it has cleared', async () => {
    const h = await tapi3Harness({ defaultOutcome: 'busy' });
    const call = h.create();
    const connecting = call.Connect(true);
    while (call.CallState !== CS_DISCONNECTED) h.clock.advance(10);
    // Busy, and the core is clearing the call at the provider (autoClear): it still has a handle.
    let hr: number | undefined;
    void call.Disconnect(DC_NORMAL).then((r) => (hr = r));
    await flush();
    expect(hr).toBeUndefined();
    h.clock.advance(20);
    await flush();
    expect(hr).toBe(S_OK);
    expect(await connecting).toBe(TAPI_E_DESTBUSY);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/BUSY']); // our Disconnect changes no cause
    await h.shutdown();
  });
});

describe('Disconnect: S_FALSE', () => {
  it('on a CS_IDLE call, which stays idle and can still be connected', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_FALSE);
    expect(call.CallState).toBe(CS_IDLE);
    await flush();
    expect(h.statesOf(call)).toEqual([]);
    expect(await call.Connect(true)).toBe(S_OK);
    await h.shutdown();
  });

  it('on a call whose provider handle is gone (it has ended)', async () => {
    const h = await tapi3Harness({ timing: 'instant', defaultOutcome: 'busy' });
    const call = h.create();
    await call.Connect(true);
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_FALSE);
    await h.shutdown();
  });

  it('twice: the second Disconnect of an ended call', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    await call.Connect(true);
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_OK);
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_FALSE);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });
});

describe('Disconnect: E_INVALIDARG', () => {
  it('an unknown DISCONNECT_CODE changes nothing', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    await call.Connect(true);
    for (const bad of [3, -1, 0.5, '0', null, undefined, Number.NaN]) {
      expect(await call.Disconnect(bad as unknown as number)).toBe(E_INVALIDARG);
    }
    expect(call.CallState).toBe(CS_CONNECTED);
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_OK);
    await h.shutdown();
  });
});

describe('Disconnect: TAPI_E_TIMEOUT', () => {
  it('a provider that never confirms the drop: TAPI_E_TIMEOUT at two minutes; the core ends the call later, nothing leaks', async () => {
    const h = await tapi3Harness({ fault: 'silent-drop' }, { providerTimeout: 10 * 60_000 });
    const call = h.create();
    expect(await h.drive(call.Connect(true))).toBe(S_OK);
    let hr: number | undefined;
    void call.Disconnect(DC_NORMAL).then((r) => (hr = r));
    h.clock.advance(119_999);
    await flush();
    expect(hr).toBeUndefined();
    h.clock.advance(1);
    await flush();
    expect(hr).toBe(TAPI_E_TIMEOUT);
    // Defined state: the drop is still with the provider, so the call is still CS_CONNECTED …
    expect(call.CallState).toBe(CS_CONNECTED);
    // … until the core gives up on the provider (its providerTimeout) and ends it.
    h.clock.advance(10 * 60_000);
    await flush();
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_DISCONNECTED/NORMAL']);
    expect(h.sim.calls()).toEqual([]);
    expect(h.clock.pending).toBe(0);
    await h.shutdown();
  });

  it('Disconnect during CS_INPROGRESS that times out leaves the call CS_INPROGRESS until the core ends it', async () => {
    const h = await tapi3Harness({ fault: 'silent-drop', defaultOutcome: { outcome: 'answer', rings: 1000 } }, { providerTimeout: 10 * 60_000 });
    const call = h.create();
    await call.Connect(false);
    h.clock.advance(1000);
    const disconnecting = call.Disconnect(DC_NORMAL);
    h.clock.advance(120_000);
    expect(await disconnecting).toBe(TAPI_E_TIMEOUT);
    expect(call.CallState).toBe(CS_INPROGRESS);
    h.clock.runAll();
    await flush();
    expect(call.CallState).toBe(CS_DISCONNECTED);
    await h.shutdown();
  });
});
