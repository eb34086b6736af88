/**
 * ITBasicCallControl::Connect, row by row of the seed's return-value table: S_OK,
 * TAPI_E_INVALCALLSTATE (the call must be CS_IDLE; nothing changes) and TAPI_E_TIMEOUT (the
 * TAPI 3 DLL's two minutes, on the simulated clock), plus bad arguments.
 */
import { describe, expect, it } from 'vitest';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_IDLE,
  CS_INPROGRESS,
  DC_NORMAL,
  E_INVALIDARG,
  S_OK,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_REQUESTCANCELLED,
  TAPI_E_TIMEOUT,
  VARIANT_FALSE,
  VARIANT_TRUE,
  type ITCall,
} from '../../../src/tapi3/index.js';
import { flush, tapi3Harness } from './tapi3-harness.js';

describe('Connect: S_OK', () => {
  it('sync: S_OK once CS_CONNECTED (VARIANT_TRUE works as true)', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    expect(await call.Connect(VARIANT_TRUE)).toBe(S_OK);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it('async: S_OK at once with VARIANT_FALSE, the call is CS_INPROGRESS', async () => {
    const h = await tapi3Harness();
    const call = h.create();
    expect(await call.Connect(VARIANT_FALSE)).toBe(S_OK);
    expect(call.CallState).toBe(CS_INPROGRESS);
    await h.shutdown();
  });
});

describe('Connect: TAPI_E_INVALCALLSTATE (call state must be CS_IDLE), and nothing changes', () => {
  it('a second Connect while in progress', async () => {
    const h = await tapi3Harness();
    const call = h.create();
    expect(await call.Connect(false)).toBe(S_OK);
    const commands = h.sim.calls().length;
    expect(await call.Connect(false)).toBe(TAPI_E_INVALCALLSTATE);
    expect(await call.Connect(true)).toBe(TAPI_E_INVALCALLSTATE);
    expect(call.CallState).toBe(CS_INPROGRESS);
    expect(h.sim.calls()).toHaveLength(commands);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE']);
    await h.shutdown();
  });

  it('on a connected call', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    await call.Connect(true);
    expect(await call.Connect(true)).toBe(TAPI_E_INVALCALLSTATE);
    expect(call.CallState).toBe(CS_CONNECTED);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE']);
    await h.shutdown();
  });

  it('on a disconnected call (it never goes back to CS_IDLE)', async () => {
    const h = await tapi3Harness({ timing: 'instant', defaultOutcome: 'busy' });
    const call = h.create();
    await call.Connect(true);
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(await call.Connect(false)).toBe(TAPI_E_INVALCALLSTATE);
    expect(call.CallState).toBe(CS_DISCONNECTED);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/BUSY']);
    await h.shutdown();
  });
});

describe('Connect: TAPI_E_TIMEOUT after two minutes (simulated time)', () => {
  it('sync Connect to a phone that rings on: TAPI_E_TIMEOUT at 120 s, the attempt is abandoned, nothing leaks', async () => {
    const h = await tapi3Harness({ defaultOutcome: { outcome: 'no-answer', rings: 1000 } });
    const call = h.create();
    let hr: number | undefined;
    void call.Connect(true).then((r) => (hr = r));
    h.clock.advance(119_999);
    await flush();
    expect(hr).toBeUndefined();
    expect(call.CallState).toBe(CS_INPROGRESS);
    h.clock.advance(1);
    await flush();
    expect(hr).toBe(TAPI_E_TIMEOUT);
    // The attempt is abandoned at the provider: the call ends, CS_DISCONNECTED, with nothing left.
    h.clock.advance(20);
    await flush();
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/NORMAL']);
    expect(h.sim.calls()).toEqual([]);
    expect(h.clock.pending).toBe(0);
    expect(await call.Connect(true)).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });

  it('the interval is configurable', async () => {
    const h = await tapi3Harness({ defaultOutcome: { outcome: 'no-answer', rings: 1000 } }, { timeout: 5000 });
    const call = h.create();
    const connecting = call.Connect(true);
    h.clock.advance(5000);
    expect(await connecting).toBe(TAPI_E_TIMEOUT);
    await h.shutdown();
  });

  it('a provider that never answers the make: still TAPI_E_TIMEOUT at two minutes when its own timeout is longer', async () => {
    const h = await tapi3Harness({ fault: 'silent' }, { providerTimeout: 10 * 60_000 });
    const call = h.create();
    const connecting = call.Connect(true);
    h.clock.advance(120_000);
    expect(await connecting).toBe(TAPI_E_TIMEOUT);
    // The silent provider never confirms the drop either; the core's provider timeout ends the call.
    expect(call.CallState).toBe(CS_INPROGRESS);
    h.clock.advance(10 * 60_000);
    await flush();
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('a Connect that completes leaves no timer behind', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    await call.Connect(true);
    expect(h.clock.pending).toBe(0);
    await h.shutdown();
  });
});

describe('Connect: bad arguments and interruptions', () => {
  it('fSync that is no boolean or VARIANT_BOOL: E_INVALIDARG, nothing changes', async () => {
    const h = await tapi3Harness();
    const call = h.create();
    for (const bad of [1, 2, 'yes', null, undefined, {}]) {
      expect(await call.Connect(bad as unknown as boolean)).toBe(E_INVALIDARG);
    }
    expect(call.CallState).toBe(CS_IDLE);
    expect(h.sim.calls()).toEqual([]); // nothing reached the switch
    expect(await call.Connect(false)).toBe(S_OK); // and the call can still be placed
    await h.shutdown();
  });

  it.each([
    ['Disconnect', (call: ITCall) => call.Disconnect(DC_NORMAL)],
    ['Release', (call: ITCall) => call.Release()],
  ] as const)('%s while a sync Connect waits: Connect returns TAPI_E_REQUESTCANCELLED', async (name, interrupt) => {
    const h = await tapi3Harness({ defaultOutcome: { outcome: 'no-answer', rings: 1000 } });
    const call = h.create();
    const connecting = call.Connect(true);
    h.clock.advance(2000);
    const result = interrupt(call);
    h.clock.advance(20);
    expect(await connecting).toBe(TAPI_E_REQUESTCANCELLED);
    expect(await result).toBe(0); // Disconnect: S_OK; Release: the reference count left
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(h.sim.calls()).toEqual([]);
    await flush();
    // A released call reports nothing more; a disconnected one its end.
    expect(h.statesOf(call)).toEqual(name === 'Disconnect' ? ['CS_INPROGRESS/NONE', 'CS_DISCONNECTED/NORMAL'] : ['CS_INPROGRESS/NONE']);
    await h.shutdown();
  });
});
