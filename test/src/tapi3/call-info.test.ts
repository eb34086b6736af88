/**
 * A redirect in TAPI 3's words: ITCallInfo's CIS_REDIRECTIONIDNUMBER is where the call was sent
 * (LINECALLINFO RedirectionID, the last redirect), CIL_REDIRECTIONIDADDRESSTYPE its
 * LINEADDRESSTYPE_, and the change is TE_CALLINFOCHANGE with CIC_REDIRECTIONID
 * (ITCallInfoChangeEvent), delivered when the EventFilter holds the bit. The CALL_STATE does not
 * change: a redirected call is CS_INPROGRESS, then CS_CONNECTED as any other.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  CIC_REDIRECTIONID,
  CIL_REDIRECTIONIDADDRESSTYPE,
  CIS_CALLEDIDNUMBER,
  CIS_REDIRECTIONIDNUMBER,
  LINEADDRESSTYPE_EMAILNAME,
  LINEADDRESSTYPE_PHONENUMBER,
  S_OK,
  TE_CALLINFOCHANGE,
  TE_CALLNOTIFICATION,
  TE_CALLSTATE,
  type ITCallInfoChangeEvent,
} from '../../../src/tapi3/index.js';
import { flush, tapi3Harness } from './tapi3-harness.js';

/** 5550177 sends the call on to 5550111, which answers after one ring. */
const REDIRECTING = { '5550177': { outcome: 'redirect', redirectTo: '5550111' }, '5550111': { outcome: 'answer', rings: 1 } } as const;

describe('ITCallInfo: redirects', () => {
  it('a redirected call: TE_CALLINFOCHANGE (CIC_REDIRECTIONID) while in progress, then connected; the redirection ID and its type', async () => {
    const h = await tapi3Harness({ numbers: REDIRECTING, timing: 'instant' }, { filter: TE_CALLSTATE | TE_CALLINFOCHANGE });
    const register = h.tapi.RegisterCallNotifications(h.address, true, false, 0x8, 42);
    const call = h.create('5550177');
    expect(call.CallInfoString(CIS_REDIRECTIONIDNUMBER)).toBe(''); // not redirected yet
    expect(call.CallInfoLong(CIL_REDIRECTIONIDADDRESSTYPE)).toBe(0);
    expect(await call.Connect(true)).toBe(S_OK);
    await flush();
    expect(h.seen.map((s) => s.type)).toEqual([TE_CALLSTATE, TE_CALLINFOCHANGE, TE_CALLSTATE]);
    expect(h.statesOf(call)).toEqual(['CS_INPROGRESS/NONE', 'CS_CONNECTED/NONE']);
    const change = h.seen[1].event as ITCallInfoChangeEvent;
    expect([change.Call, change.Cause, change.CallbackInstance]).toEqual([call, CIC_REDIRECTIONID, 42]);
    expect(inspect(change)).toMatch(/^ITCallInfoChangeEvent \{ Cause: 'CIC_REDIRECTIONID', Call: ITCall \{/);
    expect(call.CallInfoString(CIS_REDIRECTIONIDNUMBER)).toBe('5550111');
    expect(call.CallInfoLong(CIL_REDIRECTIONIDADDRESSTYPE)).toBe(LINEADDRESSTYPE_PHONENUMBER);
    expect(call.CallInfoString(CIS_CALLEDIDNUMBER)).toBe('5550177'); // what was dialled stays
    expect(h.tapi.UnregisterNotifications(register)).toBe(S_OK);
    await h.shutdown();
  });

  it('redirected to a sip: URI: LINEADDRESSTYPE_EMAILNAME; the last redirect is the redirection ID', async () => {
    const h = await tapi3Harness({}, { filter: TE_CALLINFOCHANGE });
    const call = h.create('5550111');
    void call.Connect(false);
    await flush();
    const callId = h.sim.calls()[0].callId;
    h.sim.inject(callId, { type: 'PROVIDER.DIALING' });
    h.sim.inject(callId, { type: 'PROVIDER.REDIRECTED', to: '5550122' });
    h.sim.inject(callId, { type: 'PROVIDER.REDIRECTED', to: 'sip:carol@b.example', detail: { code: 302, reason: 'Moved Temporarily' } });
    await flush();
    expect(h.seen.map((s) => [s.type, (s.event as ITCallInfoChangeEvent).Cause])).toEqual([
      [TE_CALLINFOCHANGE, CIC_REDIRECTIONID],
      [TE_CALLINFOCHANGE, CIC_REDIRECTIONID],
    ]);
    expect(call.CallInfoString(CIS_REDIRECTIONIDNUMBER)).toBe('sip:carol@b.example');
    expect(call.CallInfoLong(CIL_REDIRECTIONIDADDRESSTYPE)).toBe(LINEADDRESSTYPE_EMAILNAME);
    await h.shutdown();
  });

  it('without TE_CALLINFOCHANGE in the EventFilter, no change is delivered (the information is still there)', async () => {
    const h = await tapi3Harness({ numbers: REDIRECTING, timing: 'instant' }, { filter: TE_CALLSTATE | TE_CALLNOTIFICATION });
    const call = h.create('5550177');
    await call.Connect(true);
    await flush();
    expect(h.seen.map((s) => s.type)).toEqual([TE_CALLSTATE, TE_CALLSTATE]);
    expect(call.CallInfoString(CIS_REDIRECTIONIDNUMBER)).toBe('5550111');
    await h.shutdown();
  });
});
