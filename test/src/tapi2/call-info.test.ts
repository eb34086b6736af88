/**
 * A redirect in TAPI 2's words: LINE_CALLINFO with LINECALLINFOSTATE_REDIRECTIONID when the
 * network sends a call elsewhere (LINE_CALLINFO), and LINECALLINFO's RedirectionID, "the address
 * to which the call was redirected", with dwRedirectionIDFlags LINECALLPARTYID_ADDRESS, in the
 * variable part like every other string (LINECALLINFO). The call's state and dwReason do not
 * change. No LINE_CALLINFO names a call before its make's LINE_REPLY ("Async Replies Versus
 * Events on New Call Handles").
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLINFOSTATE_REDIRECTIONID,
  LINECALLPARTYID_ADDRESS,
  LINECALLPARTYID_UNKNOWN,
  LINECALLREASON_DIRECT,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALING,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_PROCEEDING,
  LINECALLSTATE_RINGBACK,
  type LINECALLINFO,
} from '../../../src/tapi2/index.js';
import { flush, INST, tapi2Harness } from './tapi2-harness.js';

/** 5550177 sends the call on to 5550111, which answers after one ring. */
const REDIRECTING = { '5550177': { outcome: 'redirect', redirectTo: '5550111' }, '5550111': { outcome: 'answer', rings: 1 } } as const;

const callInfo = (h: Awaited<ReturnType<typeof tapi2Harness>>, hCall: number) => {
  const info = {} as LINECALLINFO;
  expect(h.tapi.lineGetCallInfo(hCall, info)).toBe(0);
  return info;
};

describe('TAPI 2 call information: redirects', () => {
  it('a redirected call: LINE_CALLINFO (REDIRECTIONID) between the states, RedirectionID in LINECALLINFO once connected', async () => {
    const h = await tapi2Harness({ numbers: REDIRECTING, timing: 'instant' });
    const { hCall } = h.makeCall('5550177');
    await flush();
    const messages = h.take().filter(([name]) => name !== 'LINE_REPLY');
    expect(messages.map(([name, , , p1]) => [name, p1])).toEqual([
      ['LINE_CALLSTATE', LINECALLSTATE_DIALTONE],
      ['LINE_CALLSTATE', LINECALLSTATE_DIALING],
      ['LINE_CALLSTATE', LINECALLSTATE_PROCEEDING],
      ['LINE_CALLINFO', LINECALLINFOSTATE_REDIRECTIONID],
      ['LINE_CALLSTATE', LINECALLSTATE_RINGBACK],
      ['LINE_CALLSTATE', LINECALLSTATE_CONNECTED],
    ]);
    // hDevice the call, the line's callback instance, dwParam2 and dwParam3 unused (LINE_CALLINFO).
    expect(messages[3]).toEqual(['LINE_CALLINFO', hCall.value, INST, LINECALLINFOSTATE_REDIRECTIONID, 0, 0]);
    const info = callInfo(h, hCall.value);
    expect(info).toMatchObject({
      dwRedirectionIDFlags: LINECALLPARTYID_ADDRESS,
      RedirectionID: '5550111',
      dwRedirectionIDSize: '5550111'.length + 1,
      // After CallerID ("100") and CalledID ("5550177"), in header order.
      dwRedirectionIDOffset: 324 + 4 + 8,
      CalledID: '5550177',
      dwReason: LINECALLREASON_DIRECT,
      dwRedirectingIDFlags: LINECALLPARTYID_UNKNOWN,
    });
    await h.shutdown();
  });

  it('a call never redirected: no LINE_CALLINFO, dwRedirectionIDFlags UNKNOWN and no RedirectionID', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    expect(h.take().map(([name]) => name)).not.toContain('LINE_CALLINFO');
    const info = callInfo(h, hCall.value);
    expect(info).toMatchObject({ dwRedirectionIDFlags: LINECALLPARTYID_UNKNOWN, dwRedirectionIDSize: 0, dwRedirectionIDOffset: 0 });
    expect(info.RedirectionID).toBeUndefined();
    await h.shutdown();
  });

  it('a redirect before the make is accepted: no LINE_CALLINFO before the LINE_REPLY, RedirectionID readable once the handle is', async () => {
    const h = await tapi2Harness();
    const { request, hCall } = h.makeCall('5550111');
    await flush();
    const callId = h.sim.calls()[0].callId;
    h.sim.inject(callId, { type: 'PROVIDER.REDIRECTED', to: 'sip:carol@b.example', detail: { code: 302 } });
    await flush();
    expect(h.take()).toEqual([]); // the make still waits: nothing names the call yet
    h.sim.inject(callId, { type: 'PROVIDER.DIALTONE', mode: 'NORMAL' });
    await flush();
    expect(h.take().map(([name, , , p1]) => [name, p1])).toEqual([
      ['LINE_REPLY', request],
      ['LINE_CALLSTATE', LINECALLSTATE_DIALTONE],
    ]);
    expect(callInfo(h, hCall.value)).toMatchObject({ dwRedirectionIDFlags: LINECALLPARTYID_ADDRESS, RedirectionID: 'sip:carol@b.example' });
    // A later redirect is told, and RedirectionID is the last one.
    h.sim.inject(callId, { type: 'PROVIDER.REDIRECTED', to: '5550122' });
    await flush();
    expect(h.take()).toEqual([['LINE_CALLINFO', hCall.value, INST, LINECALLINFOSTATE_REDIRECTIONID, 0, 0]]);
    expect(callInfo(h, hCall.value).RedirectionID).toBe('5550122');
    await h.shutdown();
  });
});
