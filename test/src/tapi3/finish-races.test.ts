/**
 * Finish(FM_ASTRANSFER) racing a hang-up: the transfer's target (the consultation call's far end)
 * or the held party hangs up just before, while, or just after the completion is with the
 * provider. Whatever the order, Finish settles once, the held call is never left pending a
 * transfer to nobody, and every call that ends says CS_DISCONNECTED once.
 */
import { describe, expect, it } from 'vitest';
import { CS_CONNECTED, CS_DISCONNECTED, CS_HOLD, FM_ASTRANSFER, S_OK, TAPI_E_INVALCALLSTATE } from '../../../src/tapi3/index.js';
import { chartState, switchHarness } from './hold-switch.js';
import { flush } from './tapi3-harness.js';

/** A connected call held pending transfer to a connected consultation call. */
async function setUp() {
  const h = await switchHarness();
  const { call, consultation } = await h.pendingTransfer();
  const [held, target] = h.sw.calls;
  return { h, call, consultation, held, target };
}

describe('Finish races the target\'s hang-up', () => {
  it('the target hangs up just before Finish: TAPI_E_INVALCALLSTATE at once; the held call is back on plain hold and can be taken back', async () => {
    const { h, call, consultation, target } = await setUp();
    target.report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(await call.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    await h.drive(flush());
    expect([call.CallState, consultation.CallState]).toEqual([CS_HOLD, CS_DISCONNECTED]);
    expect(chartState(call)).toBe('onHold');
    expect(await h.drive(call.Hold(false))).toBe(S_OK);
    await h.shutdown();
  });

  it('the target hangs up while the completion is with the provider, which refuses it: TAPI_E_INVALCALLSTATE (nothing to transfer to); plain hold', async () => {
    const { h, call, consultation, held, target } = await setUp();
    h.sw.behaviour.transfer = 'ignore';
    const finishing = call.Finish(FM_ASTRANSFER);
    target.report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    await h.drive(flush());
    // The completion is still pending: the held call waits for its answer before going back.
    expect(chartState(call)).toBe('onHoldPendTransfer');
    held.report({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'OPERATIONFAILED' });
    expect(await h.drive(finishing)).toBe(TAPI_E_INVALCALLSTATE);
    expect([call.CallState, consultation.CallState]).toEqual([CS_HOLD, CS_DISCONNECTED]);
    expect(chartState(call)).toBe('onHold'); // CANCEL_TRANSFER once the refusal came
    expect(await call.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    expect(await h.drive(call.Hold(false))).toBe(S_OK);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it('the transfer completes, then the target hangs up before its own call is released: S_OK, both CS_DISCONNECTED', async () => {
    const { h, call, consultation, held, target } = await setUp();
    h.sw.behaviour.transfer = 'ignore';
    const finishing = call.Finish(FM_ASTRANSFER);
    held.report({ type: 'PROVIDER.TRANSFERRED', to: '5550113' });
    target.report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(await h.drive(finishing)).toBe(S_OK);
    expect([call.CallState, consultation.CallState]).toEqual([CS_DISCONNECTED, CS_DISCONNECTED]);
    await flush();
    expect(h.statesOf(call).slice(-2)).toEqual(['CS_HOLD/NONE', 'CS_DISCONNECTED/NORMAL']);
    expect(h.statesOf(consultation).slice(-1)).toEqual(['CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('the held party hangs up while the completion is with the provider: TAPI_E_INVALCALLSTATE; the consultation call stays, an ordinary call', async () => {
    const { h, call, consultation, held } = await setUp();
    h.sw.behaviour.transfer = 'ignore';
    const finishing = consultation.Finish(FM_ASTRANSFER);
    held.report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(await h.drive(finishing)).toBe(TAPI_E_INVALCALLSTATE);
    expect([call.CallState, consultation.CallState]).toEqual([CS_DISCONNECTED, CS_CONNECTED]);
    expect(await consultation.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    await flush();
    expect(h.statesOf(call).slice(-2)).toEqual(['CS_HOLD/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });
});
