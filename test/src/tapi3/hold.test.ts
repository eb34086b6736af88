/**
 * ITBasicCallControl::Hold, row by row of its return values (S_OK, TAPI_E_INVALCALLSTATE when the
 * call no longer exists, TAPI_E_TIMEOUT) and xtapi's choices (TAPI_E_NOTSUPPORTED on a line that
 * cannot hold, the provider's refusal as its TAPI_E_ twin), the CS_HOLD events, and the races.
 */
import { describe, expect, it } from 'vitest';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_HOLD,
  DC_NORMAL,
  E_INVALIDARG,
  FM_ASTRANSFER,
  S_OK,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_NOTOWNER,
  TAPI_E_NOTSUPPORTED,
  TAPI_E_OPERATIONFAILED,
  TAPI_E_REQUESTCANCELLED,
  TAPI_E_RESOURCEUNAVAIL,
  TAPI_E_TIMEOUT,
  TAPIMEDIATYPE_AUDIO,
  TE_CALLNOTIFICATION,
  VARIANT_FALSE,
  VARIANT_TRUE,
} from '../../../src/tapi3/index.js';
import { atTwoMinutes, switchHarness } from './hold-switch.js';
import { flush } from './tapi3-harness.js';

describe('Hold: S_OK', () => {
  it('Hold(VARIANT_TRUE) holds a connected call: S_OK once the provider has, then CS_HOLD (CEC_NONE); Hold(VARIANT_FALSE) takes it back: CS_CONNECTED', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    let hr: number | undefined;
    const holding = call.Hold(VARIANT_TRUE).then((r) => (hr = r));
    await flush();
    // Synchronous as TAPI 3's Hold is: nothing until the provider has held the call.
    expect([hr, call.CallState]).toEqual([undefined, CS_CONNECTED]);
    await h.drive(holding);
    expect(hr).toBe(S_OK);
    expect(call.CallState).toBe(CS_HOLD);
    expect(await h.drive(call.Hold(VARIANT_FALSE))).toBe(S_OK);
    expect(call.CallState).toBe(CS_CONNECTED);
    expect(h.sw.calls[0].commands).toEqual(['HOLD', 'UNHOLD']);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_HOLD/NONE', 'CS_CONNECTED/NONE']);
    await h.shutdown();
  });

  it('true and false work as VARIANT_BOOLs do; anything else is E_INVALIDARG and changes nothing', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    expect(await call.Hold(1)).toBe(E_INVALIDARG); // VARIANT_TRUE is -1
    expect(await call.Hold('yes' as unknown as boolean)).toBe(E_INVALIDARG);
    expect(h.sw.calls[0].commands).toEqual([]);
    expect(await h.drive(call.Hold(true))).toBe(S_OK);
    expect(await h.drive(call.Hold(false))).toBe(S_OK);
    await h.shutdown();
  });

  it('a held call hung up by us: CS_HOLD until the provider releases it, then CS_DISCONNECTED/NORMAL (never CS_CONNECTED on the way)', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    await h.drive(call.Hold(true));
    let hr: number | undefined;
    void call.Disconnect(DC_NORMAL).then((r) => (hr = r));
    await flush();
    expect([hr, call.CallState]).toEqual([undefined, CS_HOLD]); // dropping: still held, as far as TAPI 3 says
    await h.drive(call.Disconnect(DC_NORMAL));
    expect([hr, call.CallState]).toEqual([S_OK, CS_DISCONNECTED]);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_HOLD/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('the far end hangs up a held call: CS_HOLD → CS_DISCONNECTED with its cause', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    await h.drive(call.Hold(true));
    h.sw.calls[0].report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    await h.drive(flush());
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(h.statesOf(call).slice(-2)).toEqual(['CS_HOLD/NONE', 'CS_DISCONNECTED/NORMAL']);
    expect(await call.Hold(false)).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });

  it('the far end holding us is a mode of CS_CONNECTED (LINECONNECTEDMODE_ACTIVEHELD), not CS_HOLD: no event', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    h.sw.calls[0].report({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
    await flush();
    expect(call.CallState).toBe(CS_CONNECTED);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE']);
    await h.shutdown();
  });
});

describe('Hold: the HRESULTs', () => {
  it('TAPI_E_INVALCALLSTATE in a state that cannot: Hold(true) on an idle, a held or an ended call; Hold(false) on a connected one', async () => {
    const h = await switchHarness();
    const idle = h.create();
    expect(await idle.Hold(true)).toBe(TAPI_E_INVALCALLSTATE);
    const call = await h.connected('5550112');
    expect(await call.Hold(false)).toBe(TAPI_E_INVALCALLSTATE);
    await h.drive(call.Hold(true));
    expect(await call.Hold(true)).toBe(TAPI_E_INVALCALLSTATE);
    await h.drive(call.Disconnect(DC_NORMAL));
    // "The call associated with this interface no longer exists."
    expect(await call.Hold(true)).toBe(TAPI_E_INVALCALLSTATE);
    expect(await call.Hold(false)).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });

  it('a second Hold while the first is with the provider: TAPI_E_INVALCALLSTATE (one request at a time); the first completes', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    const first = call.Hold(true);
    expect(await call.Hold(true)).toBe(TAPI_E_INVALCALLSTATE);
    expect(await call.Hold(false)).toBe(TAPI_E_INVALCALLSTATE);
    expect(await h.drive(first)).toBe(S_OK);
    expect(h.sw.calls[0].commands).toEqual(['HOLD']);
    await h.shutdown();
  });

  it('TAPI_E_NOTSUPPORTED on a line whose features have no hold, in any state; nothing reaches the provider', async () => {
    const h = await switchHarness({ features: { blindTransfer: true } });
    const call = await h.connected();
    expect(await call.Hold(true)).toBe(TAPI_E_NOTSUPPORTED);
    expect(await call.Hold(false)).toBe(TAPI_E_NOTSUPPORTED);
    expect(h.sw.calls[0].commands).toEqual([]);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it.each([
    ['OPERATIONFAILED', TAPI_E_OPERATIONFAILED],
    ['RESOURCEUNAVAIL', TAPI_E_RESOURCEUNAVAIL],
    ['OPERATIONUNAVAIL', TAPI_E_NOTSUPPORTED],
    ['INVALCALLSTATE', TAPI_E_INVALCALLSTATE],
  ] as const)('the provider refuses with LINEERR_%s: its TAPI_E_ twin, and the call stays as it was', async (error, hr) => {
    const h = await switchHarness();
    const call = await h.connected();
    h.sw.behaviour.hold = error;
    expect(await h.drive(call.Hold(true))).toBe(hr);
    expect(call.CallState).toBe(CS_CONNECTED);
    h.sw.behaviour.hold = 'do';
    await h.drive(call.Hold(true));
    h.sw.behaviour.unhold = error;
    expect(await h.drive(call.Hold(false))).toBe(hr);
    expect(call.CallState).toBe(CS_HOLD); // held stays held
    await h.shutdown();
  });
});

describe('Hold and the others on a call the application only monitors', () => {
  it('TAPI_E_NOTOWNER for Hold, BlindTransfer, Transfer, SwapHold, Finish; the call is left alone', async () => {
    const h = await switchHarness();
    h.tapi.RegisterCallNotifications(h.address, true, false, TAPIMEDIATYPE_AUDIO, 0);
    // Another application (the modern API) makes the call; this one monitors it.
    const made = await h.drive(h.tapi.telephony.line(0)!.makeCall('5550111'));
    await h.drive(made.until('connected'));
    const monitored = h.notifications()[0].Call;
    const own = await h.connected('5550112');
    expect(await monitored.Hold(true)).toBe(TAPI_E_NOTOWNER);
    expect(await monitored.BlindTransfer('5550113')).toBe(TAPI_E_NOTOWNER);
    expect(await monitored.Transfer(own, true)).toBe(TAPI_E_NOTOWNER);
    expect(await own.Transfer(monitored, true)).toBe(TAPI_E_NOTOWNER);
    expect(await own.SwapHold(monitored)).toBe(TAPI_E_NOTOWNER);
    expect(await monitored.Finish(FM_ASTRANSFER)).toBe(TAPI_E_NOTOWNER);
    expect([monitored.CallState, own.CallState]).toEqual([CS_CONNECTED, CS_CONNECTED]);
    expect(h.sw.calls.map((c) => c.commands)).toEqual([[], []]);
    monitored.Release();
    await h.drive(made.drop());
    await h.shutdown();
  });
});

describe('Hold: races', () => {
  it('hold races the far end\'s hang-up (the hang-up wins): TAPI_E_INVALCALLSTATE, the call ends CS_DISCONNECTED, never CS_HOLD', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    h.sw.behaviour.hold = 'ignore';
    const holding = call.Hold(true);
    h.sw.calls[0].report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(await h.drive(holding)).toBe(TAPI_E_INVALCALLSTATE);
    expect(call.CallState).toBe(CS_DISCONNECTED);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('hold races the far end\'s hang-up (the hold wins): S_OK and CS_HOLD, then CS_DISCONNECTED', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    h.sw.behaviour.hold = 'ignore';
    const holding = call.Hold(true);
    h.sw.calls[0].report({ type: 'PROVIDER.ONHOLD' });
    h.sw.calls[0].report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(await h.drive(holding)).toBe(S_OK);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_HOLD/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('our own Disconnect while a Hold is with the provider: the Hold is cancelled (TAPI_E_REQUESTCANCELLED), Disconnect S_OK', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    h.sw.behaviour.hold = 'ignore';
    const holding = call.Hold(true);
    expect(await h.drive(call.Disconnect(DC_NORMAL))).toBe(S_OK);
    expect(await holding).toBe(TAPI_E_REQUESTCANCELLED);
    await h.shutdown();
  });
});

describe('Hold: the two-minute rule', () => {
  it('a provider that never answers a hold: TAPI_E_TIMEOUT at exactly two minutes; the call stays CS_CONNECTED and can still be dropped', async () => {
    // The core's own provider timeout set past two minutes, so that TAPI 3's rule is the one that fires.
    const h = await switchHarness({ providerTimeout: 10 * 60_000 });
    const call = await h.connected();
    h.sw.behaviour.hold = 'ignore';
    expect(await atTwoMinutes(h.clock, call.Hold(true))).toBe(TAPI_E_TIMEOUT);
    expect(call.CallState).toBe(CS_CONNECTED);
    expect(await h.drive(call.Disconnect(DC_NORMAL))).toBe(S_OK);
    await h.shutdown();
  });

  it('with the core\'s default provider timeout (30 s) the core gives up first: TAPI_E_OPERATIONFAILED, the call stays CS_CONNECTED', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    h.sw.behaviour.hold = 'ignore';
    let hr: number | undefined;
    void call.Hold(true).then((r) => (hr = r));
    h.clock.advance(30_000);
    await flush();
    expect(hr).toBe(TAPI_E_OPERATIONFAILED);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });
});

describe('Hold: events', () => {
  it('CS_HOLD goes through the event filter: without TE_CALLSTATE nothing is delivered, CallState says CS_HOLD all the same', async () => {
    const h = await switchHarness({ filter: TE_CALLNOTIFICATION });
    const call = await h.connected();
    expect(await h.drive(call.Hold(true))).toBe(S_OK);
    await flush();
    expect(call.CallState).toBe(CS_HOLD);
    expect(h.seen).toEqual([]);
    await h.shutdown();
  });
});
