/**
 * lineBlindTransfer (Microsoft's lineBlindTransfer page): LINE_REPLY once the far end has reached
 * the target, then the call goes IDLE ("typically cleared from the application's line"); its
 * errors, the address read as lineMakeCall reads one; a refusal, and the far end hanging up first.
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINEDISCONNECTMODE_NORMAL,
  LINEERR_INVALADDRESS,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  LINEERR_INVALCOUNTRYCODE,
  LINEERR_INVALPOINTER,
  LINEERR_OPERATIONFAILED,
  LINEERR_OPERATIONUNAVAIL,
  type LINECALLINFO,
} from '../../../src/tapi2/index.js';
import { holdHarness } from './hold-switch.js';
import { flush, INST } from './tapi2-harness.js';

describe('lineBlindTransfer', () => {
  it('LINE_REPLY 0 once the target is reached, then IDLE; the handle stays valid until deallocated', async () => {
    const { h, sw, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    const transfer = h.tapi.lineBlindTransfer(c, '+1 (425) 555-0133', 0);
    expect(transfer).toBeGreaterThan(0);
    await h.advance(10);
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, transfer, 0, 0]]);
    await h.advance(5);
    expect(h.take()).toEqual([['LINE_CALLSTATE', c, INST, LINECALLSTATE_IDLE, 0, 0]]);
    expect(sw.made[0].commands).toEqual(['blindTransfer +14255550133', 'drop']);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_IDLE);
    expect(h.tapi.lineGetCallInfo(c, {} as LINECALLINFO)).toBe(0);
    expect(h.tapi.lineDeallocateCall(c)).toBe(0);
    await shutdown();
  });

  it('a held call can be transferred blind too', async () => {
    const { h, connectedCall, shutdown } = await holdHarness();
    const c = await connectedCall();
    h.tapi.lineHold(c);
    await h.advance(10);
    h.take();
    const transfer = h.tapi.lineBlindTransfer(c, '5550133', 0);
    await h.advance(15);
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, transfer, 0, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_IDLE, 0, 0],
    ]);
    await shutdown();
  });

  it('errors in the order of the page; nothing reaches the switch', async () => {
    const { h, sw, connectedCall, shutdown } = await holdHarness();
    expect(h.tapi.lineBlindTransfer(0x7fff0000, '5550133', 0)).toBe(LINEERR_INVALCALLHANDLE);
    const { hCall } = h.makeCall('5550111');
    await flush();
    expect(h.tapi.lineBlindTransfer(hCall.value, '5550133', 0)).toBe(LINEERR_INVALCALLSTATE); // PROCEEDING
    const c = await connectedCall('5550122');
    expect(h.tapi.lineBlindTransfer(c, null, 0)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineBlindTransfer(c, '5550133', 1000)).toBe(LINEERR_INVALCOUNTRYCODE);
    // Not an address, not complete, empty, a URI on a phone line, a modifier the line cannot carry.
    for (const address of ['', '555;', 'call me', 'sip:bob@example.com', '9W5550133']) {
      expect(h.tapi.lineBlindTransfer(c, address, 0), address).toBe(LINEERR_INVALADDRESS);
    }
    expect(sw.made.map((call) => call.commands)).toEqual([[], []]);
    await shutdown();

    const noTransfer = await holdHarness({ features: { hold: true } });
    const held = await noTransfer.connectedCall();
    expect(noTransfer.h.tapi.lineBlindTransfer(held, '5550133', 0)).toBe(LINEERR_OPERATIONUNAVAIL);
    await noTransfer.shutdown();
  });

  it('the switch refuses the transfer: LINE_REPLY with its error, and the call stays CONNECTED', async () => {
    const { h, sw, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    sw.failNext('transfer', 'OPERATIONFAILED');
    const transfer = h.tapi.lineBlindTransfer(c, '5550133', 0);
    await h.advance(20);
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, transfer, LINEERR_OPERATIONFAILED, 0]]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_CONNECTED);
    await shutdown();
  });

  it('the far end hangs up before the target is reached: the transfer fails at once (OPERATIONFAILED), then DISCONNECTED', async () => {
    const { h, sw, connectedCall, shutdown } = await holdHarness();
    const c = await connectedCall();
    const transfer = h.tapi.lineBlindTransfer(c, '5550133', 0);
    await h.advance(5);
    sw.made[0].hangUp();
    await flush();
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, transfer, LINEERR_OPERATIONFAILED, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0],
    ]);
    const drop = h.tapi.lineDrop(c, null, 0);
    await h.advance(5);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_REPLY', 0, INST, drop, 0, 0],
    ]);
    await shutdown();
  });
});
