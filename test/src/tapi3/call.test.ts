/**
 * The call object beyond Connect and Disconnect: ITCallInfo, Dial (partial dialling and DTMF),
 * the methods no provider does yet, and Release.
 */
import { describe, expect, it } from 'vitest';
import {
  CIL_BEARERMODE,
  CIL_CALLEDIDADDRESSTYPE,
  CIL_CALLERIDADDRESSTYPE,
  CIL_CALLID,
  CIL_CALLPARAMSFLAGS,
  CIL_MEDIATYPESAVAILABLE,
  CIS_CALLEDIDNUMBER,
  CIS_CALLERIDNAME,
  CIS_CALLERIDNUMBER,
  CIS_DISPLAYABLEADDRESS,
  CP_OWNER,
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_IDLE,
  CS_INPROGRESS,
  DC_NORMAL,
  E_INVALIDARG,
  E_POINTER,
  FM_ASCONFERENCE,
  LINEADDRESSTYPE_PHONENUMBER,
  S_FALSE,
  S_OK,
  TAPI_E_DIALMODIFIERNOTSUPPORTED,
  TAPI_E_INVALADDRESS,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_INVALDIGITS,
  TAPI_E_NOTSUPPORTED,
  TAPIMEDIATYPE_AUDIO,
  TAPIMEDIATYPE_DATAMODEM,
  type ITCall,
} from '../../../src/tapi3/index.js';
import { flush, tapi3Harness, thrown } from './tapi3-harness.js';

describe('ITCallInfo', () => {
  it('the fields xtapi knows, read from the call actor', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create('+1 (425) 555-0111');
    expect([call.Privilege, call.Address]).toEqual([CP_OWNER, h.address]);
    expect(call.CallInfoLong(CIL_MEDIATYPESAVAILABLE)).toBe(TAPIMEDIATYPE_AUDIO);
    expect(call.CallInfoLong(CIL_BEARERMODE)).toBe(0x1); // LINEBEARERMODE_VOICE
    expect(call.CallInfoLong(CIL_CALLEDIDADDRESSTYPE)).toBe(LINEADDRESSTYPE_PHONENUMBER);
    expect(call.CallInfoLong(CIL_CALLERIDADDRESSTYPE)).toBe(LINEADDRESSTYPE_PHONENUMBER);
    expect(call.CallInfoLong(CIL_CALLPARAMSFLAGS)).toBe(0);
    expect(call.CallInfoString(CIS_CALLEDIDNUMBER)).toBe('+14255550111');
    expect(call.CallInfoString(CIS_DISPLAYABLEADDRESS)).toBe('+1 (425) 555-0111');
    expect(call.CallInfoString(CIS_CALLERIDNUMBER)).toBe('100'); // the line's own number
    const modem = h.address.CreateCall('5550112', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_DATAMODEM);
    expect(modem.CallInfoLong(CIL_MEDIATYPESAVAILABLE)).toBe(TAPIMEDIATYPE_DATAMODEM);
    await h.shutdown();
  });

  it('fields it does not know say TAPI_E_NOTSUPPORTED; values that are no field say E_INVALIDARG', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    expect(thrown(() => call.CallInfoLong(CIL_CALLID))).toBe(TAPI_E_NOTSUPPORTED);
    expect(thrown(() => call.CallInfoString(CIS_CALLERIDNAME))).toBe(TAPI_E_NOTSUPPORTED);
    for (const bad of [-1, 25, 1.5, '0', null]) expect(thrown(() => call.CallInfoLong(bad as number))).toBe(E_INVALIDARG);
    for (const bad of [-1, 14, '3']) expect(thrown(() => call.CallInfoString(bad as number))).toBe(E_INVALIDARG);
    await h.shutdown();
  });

  it('CallState follows the call actor', async () => {
    const h = await tapi3Harness();
    const call = h.create();
    expect(call.CallState).toBe(CS_IDLE);
    await call.Connect(false);
    expect(call.CallState).toBe(CS_INPROGRESS);
    h.clock.advance(5000);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.drive(call.Disconnect(DC_NORMAL));
    expect(call.CallState).toBe(CS_DISCONNECTED);
    await h.shutdown();
  });
});

describe('Dial', () => {
  it('continues a partial address ("9;"): the call waits in CS_INPROGRESS, the last Dial completes it', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create('9;');
    expect(await call.Connect(false)).toBe(S_OK);
    expect(call.CallState).toBe(CS_INPROGRESS);
    expect(await call.Dial('555;')).toBe(S_OK);
    expect(call.CallState).toBe(CS_INPROGRESS);
    expect(await call.Dial('0111')).toBe(S_OK);
    expect(call.CallState).toBe(CS_CONNECTED);
    expect(call.CallInfoString(CIS_CALLEDIDNUMBER)).toBe('95550111');
    expect(call.CallInfoString(CIS_DISPLAYABLEADDRESS)).toBe('9;');
    expect(h.sim.calls()[0].dialled).toBe('95550111');
    await flush();
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE']);
    await h.shutdown();
  });

  it('a call created with no address gets all its digits by Dial', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create(null);
    await call.Connect(false);
    expect(await call.Dial('5550111')).toBe(S_OK);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it('digits dialled on a connected call go as DTMF', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    await call.Connect(true);
    expect(await call.Dial('12#')).toBe(S_OK);
    expect(h.sim.calls()[0].dtmf).toBe('12#');
    expect(await call.Dial('1x')).toBe(TAPI_E_INVALDIGITS);
    await h.shutdown();
  });

  it('refuses what it cannot dial', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create('9;');
    expect(await call.Dial('5')).toBe(TAPI_E_INVALCALLSTATE); // not connected yet: CS_IDLE
    await call.Connect(false);
    expect(await call.Dial(5 as unknown as string)).toBe(E_POINTER);
    expect(await call.Dial('55x')).toBe(TAPI_E_INVALADDRESS);
    expect(await call.Dial('W5')).toBe(TAPI_E_DIALMODIFIERNOTSUPPORTED);
    expect(await call.Dial('sip:bob@example.com')).toBe(TAPI_E_INVALADDRESS);
    await call.Disconnect(DC_NORMAL);
    expect(await call.Dial('5')).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });
});

describe('methods no provider does yet', () => {
  // Hold, Transfer, BlindTransfer, SwapHold and Finish depend on the line: hold-*.test.ts and transfer-*.test.ts.
  it('exist by name and return TAPI_E_NOTSUPPORTED, changing nothing', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create();
    await call.Connect(true);
    const other = h.create('5550112');
    // Answer does something now: on a call made here it is the wrong state.
    expect(await call.Answer()).toBe(TAPI_E_INVALCALLSTATE);
    const results = await Promise.all([
      call.HandoffDirect('app'),
      call.HandoffIndirect(TAPIMEDIATYPE_AUDIO),
      call.Conference(other, true),
      call.ParkDirect('700'),
      call.ParkIndirect(),
      call.Unpark(),
      call.SetQOS(TAPIMEDIATYPE_AUDIO, 3),
      call.Pickup('1'),
      call.Finish(FM_ASCONFERENCE),
      call.RemoveFromConference(),
    ]);
    expect(new Set(results)).toEqual(new Set([TAPI_E_NOTSUPPORTED]));
    expect(call.CallState).toBe(CS_CONNECTED);
    expect(other.CallState).toBe(CS_IDLE);
    await h.shutdown();
  });
});

describe('Release', () => {
  it('frees an idle call: its line slot is free again, and it reports nothing', async () => {
    const h = await tapi3Harness({ timing: 'instant', maxCallsPerLine: 1 });
    const call = h.create();
    expect(call.Release()).toBe(0);
    expect(call.Release()).toBe(0); // harmless twice
    expect(call.CallState).toBe(CS_DISCONNECTED);
    expect(h.address.Calls).toEqual([]);
    const next = h.create();
    expect(await next.Connect(true)).toBe(S_OK);
    await flush();
    expect(h.statesOf(call)).toEqual([]);
    await h.shutdown();
  });

  it('a call released while alive is abandoned at the provider; nothing of it is left, and no event follows', async () => {
    const h = await tapi3Harness();
    const call = h.create();
    expect(await h.drive(call.Connect(true))).toBe(S_OK);
    await flush();
    call.Release();
    h.clock.advance(20);
    await flush();
    expect(h.sim.calls()).toEqual([]);
    expect(h.tapi.telephony.line(0)!.status.activeCalls).toBe(0);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE']);
    expect(call.CallState).toBe(CS_DISCONNECTED);
    await h.shutdown();
  });

  it('after Release the object answers but does nothing: Connect TAPI_E_INVALCALLSTATE, Disconnect S_FALSE', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call: ITCall = h.create();
    call.Release();
    expect(await call.Connect(true)).toBe(TAPI_E_INVALCALLSTATE);
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_FALSE);
    expect(await call.Disconnect(7)).toBe(E_INVALIDARG);
    await h.shutdown();
  });
});
