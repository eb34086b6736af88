/**
 * ITBasicCallControl::BlindTransfer: "After a successful transfer, the call state transitions to
 * CS_DISCONNECTED" (S_OK then, cause CEC_DISCONNECT_NORMAL); E_POINTER for no address; E_FAIL
 * when "blind transfer is not supported"; the target checked as CreateCall checks an address;
 * TAPI_E_TIMEOUT.
 */
import { describe, expect, it } from 'vitest';
import {
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_HOLD,
  DC_NORMAL,
  E_FAIL,
  E_POINTER,
  S_OK,
  TAPI_E_ADDRESSBLOCKED,
  TAPI_E_DIALMODIFIERNOTSUPPORTED,
  TAPI_E_INVALADDRESS,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_REQUESTCANCELLED,
  TAPI_E_TIMEOUT,
} from '../../../src/tapi3/index.js';
import type { CallActorRef } from '../../../machines/line.js';
import { atTwoMinutes, switchHarness } from './hold-switch.js';
import { flush } from './tapi3-harness.js';

describe('BlindTransfer: S_OK', () => {
  it('a connected call: S_OK once it is CS_DISCONNECTED (CEC_DISCONNECT_NORMAL); the target reaches the provider without formatting', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    let hr: number | undefined;
    const transferring = call.BlindTransfer('+1 (425) 555-0113').then((r) => (hr = r));
    await flush();
    expect([hr, call.CallState]).toEqual([undefined, CS_CONNECTED]);
    await h.drive(transferring);
    expect([hr, call.CallState]).toEqual([S_OK, CS_DISCONNECTED]);
    expect(h.sw.calls[0].commands).toEqual(['BLIND_TRANSFER +14255550113', 'DROP']);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_DISCONNECTED/NORMAL']);
    // TAPI 3 has only CEC_DISCONNECT_NORMAL for it; where the call went is the core's cause (the modern API's cause.origin).
    const { cause } = (call as unknown as { actor: CallActorRef }).actor.getSnapshot().context;
    expect(cause).toMatchObject({ origin: 'transfer', mode: 'NORMAL', transferredTo: '+14255550113' });
    await h.shutdown();
  });

  it('a held call: CS_HOLD until it is gone, then CS_DISCONNECTED/NORMAL (never CS_CONNECTED on the way)', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    await h.drive(call.Hold(true));
    expect(await h.drive(call.BlindTransfer('5550113'))).toBe(S_OK);
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE', 'CS_HOLD/NONE', 'CS_DISCONNECTED/NORMAL']);
    await h.shutdown();
  });

  it('on a line that takes URIs: a sip: URI as it is, a user@host name as a sip: URI (LINEADDRESSTYPE_EMAILNAME)', async () => {
    const h = await switchHarness();
    const first = await h.connected();
    expect(await h.drive(first.BlindTransfer('sip:carol@b.example'))).toBe(S_OK);
    const second = await h.connected('5550112');
    expect(await h.drive(second.BlindTransfer('carol@b.example'))).toBe(S_OK);
    expect(h.sw.calls.map((c) => c.commands[0])).toEqual(['BLIND_TRANSFER sip:carol@b.example', 'BLIND_TRANSFER sip:carol@b.example']);
    await h.shutdown();
  });
});

describe('BlindTransfer: the HRESULTs', () => {
  it('E_POINTER for no address (null, undefined, a COM null BSTR "", not a string); nothing reaches the provider', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    for (const bad of [null, undefined, '', 42]) expect(await call.BlindTransfer(bad as unknown as string)).toBe(E_POINTER);
    expect(h.sw.calls[0].commands).toEqual([]);
    await h.shutdown();
  });

  it('E_FAIL on a line whose features have no blind transfer ("Blind transfer is not supported")', async () => {
    const h = await switchHarness({ features: { hold: true, transfer: true } });
    const call = await h.connected();
    expect(await call.BlindTransfer('5550113')).toBe(E_FAIL);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it.each([
    ['5550113;', TAPI_E_INVALADDRESS], // partial: names nobody to transfer to
    ['555\n0113', TAPI_E_INVALADDRESS],
    ['W5550113', TAPI_E_DIALMODIFIERNOTSUPPORTED],
    ['sip:bad uri', TAPI_E_INVALADDRESS],
  ])('the target %j is checked as CreateCall checks it: %i', async (target, hr) => {
    const h = await switchHarness();
    const call = await h.connected();
    expect(await call.BlindTransfer(target)).toBe(hr);
    expect(h.sw.calls[0].commands).toEqual([]);
    await h.shutdown();
  });

  it('TAPI_E_INVALCALLSTATE on an idle call and on one that has ended', async () => {
    const h = await switchHarness();
    expect(await h.create().BlindTransfer('5550113')).toBe(TAPI_E_INVALCALLSTATE);
    const call = await h.connected('5550112');
    await h.drive(call.Disconnect(DC_NORMAL));
    expect(await call.BlindTransfer('5550113')).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });

  it('the provider refuses (LINEERR_ADDRESSBLOCKED): TAPI_E_ADDRESSBLOCKED, and the call stays connected', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    h.sw.behaviour.blindTransfer = 'ADDRESSBLOCKED';
    expect(await h.drive(call.BlindTransfer('5550113'))).toBe(TAPI_E_ADDRESSBLOCKED);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it('our Disconnect while the transfer waits for the target: the transfer is cancelled (TAPI_E_REQUESTCANCELLED)', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    h.sw.behaviour.blindTransfer = 'ignore';
    const transferring = call.BlindTransfer('5550113');
    expect(await h.drive(call.Disconnect(DC_NORMAL))).toBe(S_OK);
    expect(await transferring).toBe(TAPI_E_REQUESTCANCELLED);
    await h.shutdown();
  });

  it('a provider that never says the target was reached: TAPI_E_TIMEOUT at two minutes (the core does not watch a transfer); the call is left as it is', async () => {
    const h = await switchHarness();
    const call = await h.connected();
    await h.drive(call.Hold(true));
    h.sw.behaviour.blindTransfer = 'ignore';
    expect(await atTwoMinutes(h.clock, call.BlindTransfer('5550113'))).toBe(TAPI_E_TIMEOUT);
    expect(call.CallState).toBe(CS_HOLD);
    await h.shutdown();
  });
});
