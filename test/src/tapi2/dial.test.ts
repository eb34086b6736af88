/**
 * Partial dialling with lineMakeCall and lineDial, the lineDial reading taken (DIALTONE or
 * DIALING while the address is incomplete, LINEERR_INVALCALLSTATE otherwise), and the
 * LINEERR_DIAL* errors: at the first offending character, with nothing dialled and no state
 * change (lineMakeCall remarks).
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALING,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_PROCEEDING,
  LINECALLSTATE_RINGBACK,
  LINECONNECTEDMODE_ACTIVE,
  LINEDIALTONEMODE_NORMAL,
  LINECALLPRIVILEGE_OWNER as OWNER,
  LINEERR_DIALBILLING,
  LINEERR_DIALDIALTONE,
  LINEERR_DIALPROMPT,
  LINEERR_DIALQUIET,
  LINEERR_DIALVOICEDETECT,
  LINEERR_INVALADDRESS,
  LINEERR_INVALCALLSTATE,
  LINEERR_INVALCOUNTRYCODE,
  LINEERR_INVALPOINTER,
  type LINECALLINFO,
  type LINECALLSTATUS,
} from '../../../src/tapi2/index.js';
import { flush, type Harness, INST, tapi2Harness } from './tapi2-harness.js';

const reply = (request: number, result = 0) => ['LINE_REPLY', 0, INST, request, result, 0];
const state = (hCall: number, s: number, mode = 0, privilege = 0) => ['LINE_CALLSTATE', hCall, INST, s, mode, privilege];
const callState = (h: Harness, hCall: number) => {
  const s = {} as LINECALLSTATUS;
  h.tapi.lineGetCallStatus(hCall, s);
  return s.dwCallState;
};

describe('partial dialling', () => {
  it('across two lineDial calls: "9;" waits in DIALING, "555;" keeps it waiting, "0111" completes it', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { request, hCall } = h.makeCall('9;');
    await flush();
    const c = hCall.value;
    expect(h.take()).toEqual([reply(request), state(c, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, OWNER), state(c, LINECALLSTATE_DIALING)]);
    const d1 = h.tapi.lineDial(c, '555;', 0);
    await flush();
    expect(h.take()).toEqual([reply(d1)]);
    expect(callState(h, c)).toBe(LINECALLSTATE_DIALING);
    const d2 = h.tapi.lineDial(c, '0111', 0);
    await flush();
    expect(h.take()).toEqual([
      reply(d2),
      state(c, LINECALLSTATE_PROCEEDING),
      state(c, LINECALLSTATE_RINGBACK),
      state(c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE),
    ]);
    expect(h.sim.calls()[0].dialled).toBe('95550111');
    const info = {} as LINECALLINFO;
    h.tapi.lineGetCallInfo(c, info);
    expect(info.CalledID).toBe('95550111');
    await h.shutdown();
  });

  it('across three lineDial calls from a NULL address: DIALTONE until the first digit, then DIALING', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { request, hCall } = h.makeCall(null);
    await flush();
    const c = hCall.value;
    expect(h.take()).toEqual([reply(request), state(c, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, OWNER)]);
    const d1 = h.tapi.lineDial(c, '9;', 0);
    const d2 = h.tapi.lineDial(c, '555;', 0);
    await flush();
    expect(h.take()).toEqual([reply(d1), state(c, LINECALLSTATE_DIALING), reply(d2)]);
    const d3 = h.tapi.lineDial(c, '0111', 0);
    await flush();
    expect(h.take()).toEqual([
      reply(d3),
      state(c, LINECALLSTATE_PROCEEDING),
      state(c, LINECALLSTATE_RINGBACK),
      state(c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE),
    ]);
    await h.shutdown();
  });

  it('";" alone waits in DIALTONE; an empty lineDial finishes a partial address', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall(';');
    await flush();
    expect(callState(h, hCall.value)).toBe(LINECALLSTATE_DIALTONE);
    h.tapi.lineDial(hCall.value, '5550111;', 0);
    expect(callState(h, hCall.value)).toBe(LINECALLSTATE_DIALING);
    expect(h.tapi.lineDial(hCall.value, '', 0)).toBeGreaterThan(0);
    expect(callState(h, hCall.value)).toBe(LINECALLSTATE_CONNECTED);
    await h.shutdown();
  });

  it('with timing: digits dialled with lineDial reach the switch one by one while the call stays in DIALING', async () => {
    const h = await tapi2Harness();
    const { hCall } = h.makeCall('9;');
    await h.advance(150);
    h.tapi.lineDial(hCall.value, '5550111', 0);
    await h.advance(349);
    expect(callState(h, hCall.value)).toBe(LINECALLSTATE_DIALING);
    await h.advance(201);
    expect(callState(h, hCall.value)).toBe(LINECALLSTATE_PROCEEDING);
    await h.shutdown();
  });
});

describe('lineDial: the strict reading (DIALTONE or DIALING while the address is incomplete)', () => {
  it('is refused while a complete address is still being dialled, and in PROCEEDING, RINGBACK, CONNECTED', async () => {
    const h = await tapi2Harness();
    const { hCall } = h.makeCall('5550111');
    await h.advance(200); // dial tone, then dialling the complete address
    const c = hCall.value;
    expect(callState(h, c)).toBe(LINECALLSTATE_DIALING);
    expect(h.tapi.lineDial(c, '1', 0)).toBe(LINEERR_INVALCALLSTATE);
    await h.advance(450); // proceeding
    expect(h.tapi.lineDial(c, '1', 0)).toBe(LINEERR_INVALCALLSTATE);
    await h.advance(200); // ringback
    expect(h.tapi.lineDial(c, '1', 0)).toBe(LINEERR_INVALCALLSTATE);
    await h.advance(1000); // connected: digits now are DTMF, not lineDial's
    expect(callState(h, c)).toBe(LINECALLSTATE_CONNECTED);
    expect(h.tapi.lineDial(c, '1', 0)).toBe(LINEERR_INVALCALLSTATE);
    await h.shutdown();
  });

  it('checks its parameters: a NULL address, a bad country code, a URI', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall(null);
    await flush();
    expect(h.tapi.lineDial(hCall.value, null, 0)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineDial(hCall.value, 5 as never, 0)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineDial(hCall.value, '1', -5)).toBe(LINEERR_INVALCOUNTRYCODE);
    expect(h.tapi.lineDial(hCall.value, '1', 1.5)).toBe(LINEERR_INVALCOUNTRYCODE);
    expect(h.tapi.lineDial(hCall.value, 'sip:bob@example.com', 0)).toBe(LINEERR_INVALADDRESS);
    expect(h.tapi.lineDial(hCall.value, '55x', 0)).toBe(LINEERR_INVALADDRESS);
    expect(callState(h, hCall.value)).toBe(LINECALLSTATE_DIALTONE);
    await h.shutdown();
  });
});

describe('LINEERR_DIAL*: at the first offending character, nothing dialled, no state change', () => {
  const CASES: Array<[string, string, number]> = [
    ['W (wait for dial tone)', '9W5550111', LINEERR_DIALDIALTONE],
    ['@ (wait for quiet answer)', '5550111@', LINEERR_DIALQUIET],
    ['$ (wait for billing tone)', '0$1234', LINEERR_DIALBILLING],
    ['? (prompt)', '555?0111', LINEERR_DIALPROMPT],
    [': (voice detect, TAPI 2.0)', '555:0111', LINEERR_DIALVOICEDETECT],
    ['the first of several: $ before W', '1$2W3', LINEERR_DIALBILLING],
    ['the first of several: W before @', '1W2@3', LINEERR_DIALDIALTONE],
  ];

  it.each(CASES)('lineMakeCall with %s', async (_name, address, error) => {
    const h = await tapi2Harness({ timing: 'instant' });
    expect(h.makeCall(address).request).toBe(error);
    await flush();
    expect(h.take()).toEqual([]);
    expect(h.sim.calls()).toEqual([]); // nothing reached the switch: no hook change, no digit
    expect(h.tapi.telephony?.line(0)?.status.activeCalls).toBe(0);
    await h.shutdown();
  });

  it.each(CASES)('lineDial with %s', async (_name, address, error) => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('9;');
    await flush();
    h.take();
    expect(h.tapi.lineDial(hCall.value, address, 0)).toBe(error);
    await flush();
    expect(h.take()).toEqual([]);
    expect(h.sim.calls()[0].dialled).toBe('9');
    expect(callState(h, hCall.value)).toBe(LINECALLSTATE_DIALING);
    await h.shutdown();
  });

  it('a line that carries out W, @ and $ dials them', async () => {
    const h = await tapi2Harness({ timing: 'instant', dialModifiers: { dialtone: true, quiet: true, billing: true } });
    const { request } = h.makeCall('9W555@0$1');
    expect(request).toBeGreaterThan(0);
    await flush();
    expect(h.sim.calls()[0].dialled).toBe('9W555@0$1');
    await h.shutdown();
  });
});
