/**
 * ITBasicCallControl::Transfer and Finish(FM_ASTRANSFER), the consultation transfer: Transfer holds
 * this call pending transfer (CS_HOLD) and connects the consultation call "using the destination
 * address (as specified when the consultation call was first created via ITAddress::CreateCall)"
 * (Transfer remarks); Finish completes it and both calls go CS_DISCONNECTED. The HRESULTs of each,
 * the consultation call that ends first (the held call goes back to plain hold), and the two-minute
 * rule.
 */
import { describe, expect, it } from 'vitest';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_HOLD,
  CS_IDLE,
  DC_NORMAL,
  E_FAIL,
  E_INVALIDARG,
  FM_ASCONFERENCE,
  FM_ASTRANSFER,
  S_OK,
  TAPI_E_DESTBUSY,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_NOTSUPPORTED,
  TAPI_E_RESOURCEUNAVAIL,
  TAPI_E_TIMEOUT,
  VARIANT_FALSE,
  VARIANT_TRUE,
  type ITCall,
} from '../../../src/tapi3/index.js';
import { atTwoMinutes, chartState, switchHarness } from './hold-switch.js';
import { flush } from './tapi3-harness.js';

describe('Transfer then Finish: S_OK', () => {
  it('consultation call still CS_IDLE: Transfer(VARIANT_TRUE) holds this call and connects it with its CreateCall address; Finish on the held call: both CS_DISCONNECTED/NORMAL', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    const consultation = h.create('5550113');
    expect(await h.drive(call.Transfer(consultation, VARIANT_TRUE))).toBe(S_OK);
    expect([call.CallState, consultation.CallState]).toEqual([CS_HOLD, CS_CONNECTED]);
    expect(h.sw.calls[1].destination).toBe('5550113');
    expect(await h.drive(call.Finish(FM_ASTRANSFER))).toBe(S_OK);
    expect([call.CallState, consultation.CallState]).toEqual([CS_DISCONNECTED, CS_DISCONNECTED]);
    expect(h.sw.calls[0].commands).toEqual(['HOLD', `TRANSFER ${h.sw.calls[1].callId}`, 'DROP']);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_HOLD/NONE', 'CS_DISCONNECTED/NORMAL']);
    expect(h.statesOf(consultation)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('Finish on the consultation call, as Microsoft calls it ("called on a consultation call"), completes the same transfer', async () => {
    const h = await switchHarness();
    const { call, consultation } = await h.pendingTransfer();
    expect(await h.drive(consultation.Finish(FM_ASTRANSFER))).toBe(S_OK);
    expect([call.CallState, consultation.CallState]).toEqual([CS_DISCONNECTED, CS_DISCONNECTED]);
    await h.shutdown();
  });

  it('the application held the call and connected the consultation call itself: Transfer takes them as they are', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    await h.drive(call.Hold(true));
    const consultation = await h.connected('5550113');
    expect(await h.drive(call.Transfer(consultation, true))).toBe(S_OK);
    expect(h.sw.calls[0].commands).toEqual(['HOLD']); // already held: pending transfer without a second hold
    expect(await h.drive(call.Finish(FM_ASTRANSFER))).toBe(S_OK);
    await h.shutdown();
  });

  it('Transfer(VARIANT_FALSE) returns S_OK at once; the held call and the consultation call report as they go', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    const consultation = h.create('5550113');
    expect(await call.Transfer(consultation, VARIANT_FALSE)).toBe(S_OK);
    expect([call.CallState, consultation.CallState]).toEqual([CS_CONNECTED, CS_IDLE]);
    for (let ms = 0; ms < 100; ms += 10) {
      h.clock.advance(10);
      await flush();
    }
    expect([call.CallState, consultation.CallState]).toEqual([CS_HOLD, CS_CONNECTED]);
    expect(h.statesOf(consultation)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE']);
    expect(await h.drive(call.Finish(FM_ASTRANSFER))).toBe(S_OK);
    await h.shutdown();
  });
});

describe('Transfer: the HRESULTs', () => {
  it('E_INVALIDARG: no call, this call, a call with a NULL address, an ended call, an fSync that is no VARIANT_BOOL; nothing is held', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    const ended = await h.connected('5550112');
    await h.drive(ended.Disconnect(DC_NORMAL));
    const noAddress = h.create(null);
    for (const bad of [null, undefined, {} as ITCall, call, noAddress, ended]) expect(await call.Transfer(bad as ITCall, true)).toBe(E_INVALIDARG);
    expect(await call.Transfer(h.create('5550113'), 2)).toBe(E_INVALIDARG);
    expect(h.sw.calls[0].commands).toEqual([]);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it('E_FAIL on a line that cannot transfer ("Transfers not supported")', async () => {
    const h = await switchHarness({ features: { hold: true, blindTransfer: true } });
    const call = await h.connected();
    expect(await call.Transfer(h.create('5550113'), true)).toBe(E_FAIL);
    await h.shutdown();
  });

  it('TAPI_E_INVALCALLSTATE unless this call is connected or held', async () => {
    const h = await switchHarness();
    const idle = h.create();
    expect(await idle.Transfer(h.create('5550113'), true)).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });

  it('the provider refuses the hold (LINEERR_RESOURCEUNAVAIL): its TAPI_E_ twin; the consultation call is not placed, nothing is set up', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    const consultation = h.create('5550113');
    h.sw.behaviour.hold = 'RESOURCEUNAVAIL';
    expect(await h.drive(call.Transfer(consultation, true))).toBe(TAPI_E_RESOURCEUNAVAIL);
    expect([call.CallState, consultation.CallState]).toEqual([CS_CONNECTED, CS_IDLE]);
    expect(await call.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });

  it('the consultation call cannot be connected (busy): its Connect HRESULT (TAPI_E_DESTBUSY); this call is back on plain hold, Finish has nothing to finish', async () => {
    const h = await switchHarness({ farEnd: { '5550113': 'busy' } });
    const call = await h.connected();
    const consultation = h.create('5550113');
    expect(await h.drive(call.Transfer(consultation, true))).toBe(TAPI_E_DESTBUSY);
    expect([call.CallState, consultation.CallState]).toEqual([CS_HOLD, CS_DISCONNECTED]);
    expect(await call.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    expect(await h.drive(call.Hold(false))).toBe(S_OK);
    await h.shutdown();
  });

  it('a consultation call that never connects: TAPI_E_TIMEOUT at two minutes; it is abandoned (CS_DISCONNECTED) and this call is back on plain hold', async () => {
    const h = await switchHarness({ farEnd: { '5550113': 'silent' } });
    const call = await h.connected();
    const consultation = h.create('5550113');
    expect(await atTwoMinutes(h.clock, call.Transfer(consultation, true))).toBe(TAPI_E_TIMEOUT);
    await h.drive(flush());
    expect([call.CallState, consultation.CallState]).toEqual([CS_HOLD, CS_DISCONNECTED]);
    expect(await call.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });
});

describe('Finish: the HRESULTs', () => {
  it('TAPI_E_INVALCALLSTATE on a call not set up for transfer ("The call is not flagged as transfer or conference")', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    expect(await call.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    await h.drive(call.Hold(true));
    expect(await call.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE); // plain hold is not pending transfer
    await h.shutdown();
  });

  it('FM_ASCONFERENCE: TAPI_E_NOTSUPPORTED (xtapi has no conference yet), the transfer stays set up; another mode: E_INVALIDARG', async () => {
    const h = await switchHarness();
    const { call, consultation } = await h.pendingTransfer();
    expect(await consultation.Finish(FM_ASCONFERENCE)).toBe(TAPI_E_NOTSUPPORTED);
    expect(await consultation.Finish(2)).toBe(E_INVALIDARG);
    expect(await h.drive(consultation.Finish(FM_ASTRANSFER))).toBe(S_OK);
    await h.shutdown();
  });

  it('taken back before Finish (Hold(VARIANT_FALSE) on the held call): the transfer is abandoned, TAPI_E_INVALCALLSTATE', async () => {
    const h = await switchHarness();
    const { call, consultation } = await h.pendingTransfer();
    expect(await h.drive(call.Hold(false))).toBe(S_OK);
    expect(await consultation.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    expect([call.CallState, consultation.CallState]).toEqual([CS_CONNECTED, CS_CONNECTED]);
    await h.shutdown();
  });

  it('the consultation call dropped before Finish (the application changed its mind): back to plain hold, no new event; Finish TAPI_E_INVALCALLSTATE', async () => {
    const h = await switchHarness();
    const { call, consultation } = await h.pendingTransfer();
    expect(chartState(call)).toBe('onHoldPendTransfer');
    expect(await h.drive(consultation.Disconnect(DC_NORMAL))).toBe(S_OK);
    expect(call.CallState).toBe(CS_HOLD);
    expect(chartState(call)).toBe('onHold');
    expect(await call.Finish(FM_ASTRANSFER)).toBe(TAPI_E_INVALCALLSTATE);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_HOLD/NONE']);
    expect(await h.drive(call.Hold(false))).toBe(S_OK);
    await h.shutdown();
  });

  it('a provider that never completes the transfer: TAPI_E_TIMEOUT at two minutes, both calls left as they are', async () => {
    const h = await switchHarness();
    const { call, consultation } = await h.pendingTransfer();
    h.sw.behaviour.transfer = 'ignore';
    expect(await atTwoMinutes(h.clock, call.Finish(FM_ASTRANSFER))).toBe(TAPI_E_TIMEOUT);
    expect([call.CallState, consultation.CallState]).toEqual([CS_HOLD, CS_CONNECTED]);
    await h.shutdown();
  });
});
