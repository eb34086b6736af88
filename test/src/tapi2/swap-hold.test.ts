/**
 * lineSwapHold (Microsoft's lineSwapHold page): the active call held, then the held one taken
 * back, with one LINE_REPLY for both; what a failure of either half leaves; the held call's far
 * end hanging up in the middle of the swap.
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_ONHOLD,
  LINECONNECTEDMODE_ACTIVE,
  LINEDISCONNECTMODE_NORMAL,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  LINEERR_OPERATIONFAILED,
  LINEERR_OPERATIONUNAVAIL,
  LINEERR_RESOURCEUNAVAIL,
} from '../../../src/tapi2/index.js';
import { holdHarness, type HoldSwitchOptions } from './hold-switch.js';
import { INST } from './tapi2-harness.js';

/** Two calls on the line: the first held (ONHOLD), the second connected; messages taken. */
async function heldAndActive(options: HoldSwitchOptions = {}) {
  const harness = await holdHarness(options);
  const held = await harness.connectedCall('5550111');
  harness.h.tapi.lineHold(held);
  await harness.h.advance(10);
  const active = await harness.connectedCall('5550122');
  return { ...harness, held, active };
}

describe('lineSwapHold', () => {
  it('holds the active call, then takes the held one back: its ONHOLD, then one LINE_REPLY 0 and the other CONNECTED', async () => {
    const { h, sw, held, active, status, shutdown } = await heldAndActive();
    const swap = h.tapi.lineSwapHold(active, held);
    expect(swap).toBeGreaterThan(0);
    await h.advance(10);
    expect(h.take()).toEqual([['LINE_CALLSTATE', active, INST, LINECALLSTATE_ONHOLD, 0, 0]]);
    await h.advance(10);
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, swap, 0, 0],
      ['LINE_CALLSTATE', held, INST, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0],
    ]);
    expect(status(held).dwCallState).toBe(LINECALLSTATE_CONNECTED);
    expect(status(active).dwCallState).toBe(LINECALLSTATE_ONHOLD);
    expect(sw.made.map((call) => call.commands)).toEqual([['hold', 'unhold'], ['hold']]);
    await shutdown();
  });

  it('the hold fails: the reply carries its error and nothing changed (the held call is not touched)', async () => {
    const { h, sw, held, active, status, shutdown } = await heldAndActive();
    sw.failNext('hold', 'RESOURCEUNAVAIL');
    const swap = h.tapi.lineSwapHold(active, held);
    await h.advance(30);
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, swap, LINEERR_RESOURCEUNAVAIL, 0]]);
    expect(status(active).dwCallState).toBe(LINECALLSTATE_CONNECTED);
    expect(status(held).dwCallState).toBe(LINECALLSTATE_ONHOLD);
    expect(sw.made[0].commands).toEqual(['hold']);
    await shutdown();
  });

  it('the take-back fails: both calls are left on hold, and the one reply carries the error', async () => {
    const { h, sw, held, active, status, shutdown } = await heldAndActive();
    sw.failNext('unhold', 'OPERATIONFAILED');
    const swap = h.tapi.lineSwapHold(active, held);
    await h.advance(20);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', active, INST, LINECALLSTATE_ONHOLD, 0, 0],
      ['LINE_REPLY', 0, INST, swap, LINEERR_OPERATIONFAILED, 0],
    ]);
    expect(status(active).dwCallState).toBe(LINECALLSTATE_ONHOLD);
    expect(status(held).dwCallState).toBe(LINECALLSTATE_ONHOLD);
    await shutdown();
  });

  it('the held call hangs up while the active one is being held: the take-back is LINEERR_INVALCALLSTATE, the active call stays held', async () => {
    const { h, sw, held, active, shutdown } = await heldAndActive();
    const swap = h.tapi.lineSwapHold(active, held);
    await h.advance(5);
    sw.made[0].hangUp();
    await h.advance(5);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', held, INST, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0],
      ['LINE_REPLY', 0, INST, swap, LINEERR_INVALCALLSTATE, 0],
      ['LINE_CALLSTATE', active, INST, LINECALLSTATE_ONHOLD, 0, 0],
    ]);
    await shutdown();
  });

  it('errors: LINEERR_INVALCALLHANDLE for either handle, LINEERR_OPERATIONUNAVAIL without hold, LINEERR_INVALCALLSTATE unless active CONNECTED and held on hold', async () => {
    const { h, held, active, shutdown } = await heldAndActive();
    expect(h.tapi.lineSwapHold(0x7fff0000, held)).toBe(LINEERR_INVALCALLHANDLE);
    expect(h.tapi.lineSwapHold(active, 0x7fff0000)).toBe(LINEERR_INVALCALLHANDLE);
    expect(h.tapi.lineSwapHold(held, active)).toBe(LINEERR_INVALCALLSTATE); // the wrong way round
    expect(h.tapi.lineSwapHold(active, active)).toBe(LINEERR_INVALCALLSTATE);
    await shutdown();

    const plain = await holdHarness({ features: { blindTransfer: true } });
    const one = await plain.connectedCall('5550111');
    const two = await plain.connectedCall('5550122');
    expect(plain.h.tapi.lineSwapHold(one, two)).toBe(LINEERR_OPERATIONUNAVAIL);
    await plain.shutdown();
  });
});
