/**
 * ITBasicCallControl::SwapHold: "swaps the call (which is active) with the specified call on
 * hold" — this call is held and the other taken back, one HRESULT. Its return values: E_POINTER,
 * E_INVALIDARG ("does not describe a currently existing call"), E_FAIL ("not supported"), the
 * operation's failure, TAPI_E_TIMEOUT; and xtapi's TAPI_E_INVALCALLSTATE for calls in the wrong
 * states.
 */
import { describe, expect, it } from 'vitest';
import {
  CS_CONNECTED,
  CS_HOLD,
  DC_NORMAL,
  E_FAIL,
  E_INVALIDARG,
  E_POINTER,
  S_OK,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_RESOURCEUNAVAIL,
  TAPI_E_TIMEOUT,
  type ITCall,
} from '../../../src/tapi3/index.js';
import { atTwoMinutes, switchHarness } from './hold-switch.js';
import { flush } from './tapi3-harness.js';

/** Two connected calls, the first held: the second is active. */
async function twoCalls(options: Parameters<typeof switchHarness>[0] = {}) {
  const h = await switchHarness(options);
  const held = await h.connected();
  if (options.features?.hold !== false) expect(await h.drive(held.Hold(true))).toBe(S_OK);
  const active = await h.connected('5550112');
  return { h, held, active };
}

describe('SwapHold: S_OK', () => {
  it('the active call is held, then the held one taken back: S_OK once both are done; and back again', async () => {
    const { h, held, active } = await twoCalls();
    expect(await h.drive(active.SwapHold(held))).toBe(S_OK);
    expect([held.CallState, active.CallState]).toEqual([CS_CONNECTED, CS_HOLD]);
    expect(await h.drive(held.SwapHold(active))).toBe(S_OK);
    expect([held.CallState, active.CallState]).toEqual([CS_HOLD, CS_CONNECTED]);
    expect(h.sw.calls.map((c) => c.commands)).toEqual([
      ['HOLD', 'UNHOLD', 'HOLD'],
      ['HOLD', 'UNHOLD'],
    ]);
    await flush();
    expect(h.statesOf(active)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_HOLD/NONE', 'CS_CONNECTED/NONE']);
    await h.shutdown();
  });
});

describe('SwapHold: the HRESULTs', () => {
  it('E_POINTER for no call; E_INVALIDARG for one that is no existing call of this address (not a call, this one, ended)', async () => {
    const { h, held, active } = await twoCalls();
    expect(await active.SwapHold(null as unknown as ITCall)).toBe(E_POINTER);
    expect(await active.SwapHold(undefined as unknown as ITCall)).toBe(E_POINTER);
    expect(await active.SwapHold({} as ITCall)).toBe(E_INVALIDARG);
    expect(await active.SwapHold(active)).toBe(E_INVALIDARG);
    await h.drive(held.Disconnect(DC_NORMAL));
    expect(await active.SwapHold(held)).toBe(E_INVALIDARG);
    expect(active.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it('E_FAIL on a line that cannot hold ("This operation is not supported")', async () => {
    const { h, held, active } = await twoCalls({ features: { hold: false } });
    expect(await active.SwapHold(held)).toBe(E_FAIL);
    await h.shutdown();
  });

  it('TAPI_E_INVALCALLSTATE unless this call is connected and the other held; nothing is sent', async () => {
    const { h, held, active } = await twoCalls();
    expect(await held.SwapHold(held)).toBe(E_INVALIDARG);
    const third = await h.connected('5550113');
    expect(await active.SwapHold(third)).toBe(TAPI_E_INVALCALLSTATE); // the other is not held
    expect(await held.SwapHold(active)).toBe(TAPI_E_INVALCALLSTATE); // this one is not active
    expect(h.sw.calls.map((c) => c.commands)).toEqual([['HOLD'], [], []]);
    await h.shutdown();
  });

  it('the provider cannot hold the active call: its TAPI_E_ twin, both calls as they were', async () => {
    const { h, held, active } = await twoCalls();
    h.sw.behaviour.hold = 'RESOURCEUNAVAIL';
    expect(await h.drive(active.SwapHold(held))).toBe(TAPI_E_RESOURCEUNAVAIL);
    expect([held.CallState, active.CallState]).toEqual([CS_HOLD, CS_CONNECTED]);
    await h.shutdown();
  });

  it('the provider cannot take the held call back: its TAPI_E_ twin, and the active call is taken back too (all or nothing)', async () => {
    const { h, held, active } = await twoCalls();
    const [first] = h.sw.calls;
    h.sw.behaviour.unhold = (call) => (call === first ? 'RESOURCEUNAVAIL' : 'do');
    expect(await h.drive(active.SwapHold(held))).toBe(TAPI_E_RESOURCEUNAVAIL);
    await h.drive(flush());
    expect([held.CallState, active.CallState]).toEqual([CS_HOLD, CS_CONNECTED]);
    expect(h.sw.calls[1].commands).toEqual(['HOLD', 'UNHOLD']);
    await h.shutdown();
  });

  it('a provider that never answers: TAPI_E_TIMEOUT at two minutes', async () => {
    const { h, held, active } = await twoCalls({ providerTimeout: 10 * 60_000 });
    h.sw.behaviour.unhold = 'ignore';
    expect(await atTwoMinutes(h.clock, active.SwapHold(held))).toBe(TAPI_E_TIMEOUT);
    await h.shutdown();
  });
});
