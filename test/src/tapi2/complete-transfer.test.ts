/**
 * lineCompleteTransfer (Microsoft's lineCompleteTransfer page): with LINETRANSFERMODE_TRANSFER the
 * two far ends are joined, the LINE_REPLY follows the held call, and both calls go IDLE;
 * LINETRANSFERMODE_CONFERENCE is not there (no conference calls); the errors; a refusal.
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_ONHOLDPENDTRANSFER,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  LINEERR_INVALCONSULTCALLHANDLE,
  LINEERR_INVALTRANSFERMODE,
  LINEERR_OPERATIONFAILED,
  LINEERR_OPERATIONUNAVAIL,
  LINETRANSFERMODE_CONFERENCE,
  LINETRANSFERMODE_TRANSFER,
} from '../../../src/tapi2/index.js';
import { holdHarness, type HoldHarness, setUpTransfer } from './hold-switch.js';
import { INST } from './tapi2-harness.js';

/** A call pending transfer and its consultation call, dialled and CONNECTED; messages taken. */
async function consulting(harness: HoldHarness) {
  const { c, consult } = await setUpTransfer(harness);
  harness.h.tapi.lineDial(consult, '5550133', 0);
  await harness.h.advance(100);
  harness.h.take();
  return { c, consult };
}

describe('lineCompleteTransfer', () => {
  it('LINETRANSFERMODE_TRANSFER: LINE_REPLY 0 once the switch has joined the two, then both calls IDLE', async () => {
    const harness = await holdHarness();
    const { h, sw } = harness;
    const { c, consult } = await consulting(harness);
    const complete = h.tapi.lineCompleteTransfer(c, consult, null, LINETRANSFERMODE_TRANSFER);
    expect(complete).toBeGreaterThan(0);
    await h.advance(10);
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, complete, 0, 0]]);
    await h.advance(5);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_CALLSTATE', consult, INST, LINECALLSTATE_IDLE, 0, 0],
    ]);
    expect(sw.made.map((call) => call.commands)).toEqual([
      ['hold', `transfer ${sw.made[1].callId}`, 'drop'],
      ['dial 5550133', 'drop'],
    ]);
    expect(h.tapi.lineDeallocateCall(c)).toBe(0);
    expect(h.tapi.lineDeallocateCall(consult)).toBe(0);
    await harness.shutdown();
  });

  it('a call held with lineHold and a call made with lineMakeCall can be joined as well', async () => {
    const harness = await holdHarness();
    const { h } = harness;
    const held = await harness.connectedCall('5550111');
    h.tapi.lineHold(held);
    await h.advance(10);
    const other = await harness.connectedCall('5550133');
    const complete = h.tapi.lineCompleteTransfer(held, other, null, LINETRANSFERMODE_TRANSFER);
    await h.advance(15);
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, complete, 0, 0],
      ['LINE_CALLSTATE', held, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_CALLSTATE', other, INST, LINECALLSTATE_IDLE, 0, 0],
    ]);
    await harness.shutdown();
  });

  it('LINETRANSFERMODE_CONFERENCE is LINEERR_OPERATIONUNAVAIL (no conference calls); any other mode LINEERR_INVALTRANSFERMODE', async () => {
    const harness = await holdHarness();
    const { h, sw } = harness;
    const { c, consult } = await consulting(harness);
    const hConfCall = h.watch();
    expect(h.tapi.lineCompleteTransfer(c, consult, hConfCall, LINETRANSFERMODE_CONFERENCE)).toBe(LINEERR_OPERATIONUNAVAIL);
    expect(hConfCall.value).toBe(0);
    for (const mode of [0, 3, LINETRANSFERMODE_TRANSFER | 4, -1]) {
      expect(h.tapi.lineCompleteTransfer(c, consult, null, mode), String(mode)).toBe(LINEERR_INVALTRANSFERMODE);
    }
    expect(sw.made[0].commands).toEqual(['hold']);
    await harness.shutdown();
  });

  it('errors: bad handles, the call itself as its consultation, a call not held, a consultation call still at dial tone', async () => {
    const harness = await holdHarness();
    const { h } = harness;
    const { c, consult } = await setUpTransfer(harness);
    expect(h.tapi.lineCompleteTransfer(0x7fff0000, consult, null, LINETRANSFERMODE_TRANSFER)).toBe(LINEERR_INVALCALLHANDLE);
    expect(h.tapi.lineCompleteTransfer(c, 0x7fff0000, null, LINETRANSFERMODE_TRANSFER)).toBe(LINEERR_INVALCONSULTCALLHANDLE);
    expect(h.tapi.lineCompleteTransfer(c, c, null, LINETRANSFERMODE_TRANSFER)).toBe(LINEERR_INVALCONSULTCALLHANDLE);
    expect(h.tapi.lineCompleteTransfer(c, consult, null, LINETRANSFERMODE_TRANSFER)).toBe(LINEERR_INVALCALLSTATE); // DIALTONE
    expect(h.tapi.lineCompleteTransfer(consult, c, null, LINETRANSFERMODE_TRANSFER)).toBe(LINEERR_INVALCALLSTATE); // hCall not held
    await harness.shutdown();

    const holdOnly = await holdHarness({ features: { hold: true } });
    const held = await holdOnly.connectedCall('5550111');
    holdOnly.h.tapi.lineHold(held);
    await holdOnly.h.advance(10);
    const other = await holdOnly.connectedCall('5550133');
    expect(holdOnly.h.tapi.lineCompleteTransfer(held, other, null, LINETRANSFERMODE_TRANSFER)).toBe(LINEERR_OPERATIONUNAVAIL);
    await holdOnly.shutdown();
  });

  it('the switch refuses the transfer: the reply carries its error, both calls stay as they were', async () => {
    const harness = await holdHarness();
    const { h, sw, status } = harness;
    const { c, consult } = await consulting(harness);
    sw.failNext('transfer', 'OPERATIONFAILED');
    const complete = h.tapi.lineCompleteTransfer(c, consult, null, LINETRANSFERMODE_TRANSFER);
    await h.advance(20);
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, complete, LINEERR_OPERATIONFAILED, 0]]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_ONHOLDPENDTRANSFER);
    expect(status(consult).dwCallState).toBe(LINECALLSTATE_CONNECTED);
    await harness.shutdown();
  });
});
