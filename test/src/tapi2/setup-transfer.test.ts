/**
 * lineSetupTransfer (Microsoft's lineSetupTransfer page): the call held pending transfer and a
 * consultation call with dial tone, under one LINE_REPLY, the consultation handle valid only from
 * that reply on (Async Replies Versus Events on New Call Handles); its errors; a consultation call
 * that cannot be made after the hold; and the consultation call ending before the transfer is
 * completed, which puts the first call back on plain hold (lineDrop remarks).
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLPRIVILEGE_OWNER,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_ONHOLD,
  LINECALLSTATE_ONHOLDPENDTRANSFER,
  LINECALLSTATE_PROCEEDING,
  LINECONNECTEDMODE_ACTIVE,
  LINEDIALTONEMODE_NORMAL,
  LINEDISCONNECTMODE_NORMAL,
  LINEERR_CALLUNAVAIL,
  LINEERR_INVALBEARERMODE,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  LINEERR_INVALPOINTER,
  LINEERR_OPERATIONUNAVAIL,
  LINEERR_RESOURCEUNAVAIL,
  type LINECALLPARAMS,
} from '../../../src/tapi2/index.js';
import { holdHarness, setUpTransfer } from './hold-switch.js';
import { flush, INST } from './tapi2-harness.js';

describe('lineSetupTransfer', () => {
  it('ONHOLDPENDTRANSFER, then one LINE_REPLY 0, then the consultation call DIALTONE (owner); it is dialled with lineDial', async () => {
    const { h, sw, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    const consult = h.watch();
    const setup = h.tapi.lineSetupTransfer(c, consult, null);
    expect(setup).toBeGreaterThan(0);
    await h.advance(5);
    expect(h.take()).toEqual([]);
    await h.advance(5);
    expect(consult.value).toBeGreaterThan(0);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLDPENDTRANSFER, 0, 0],
      ['LINE_REPLY', 0, INST, setup, 0, 0],
      ['LINE_CALLSTATE', consult.value, INST, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, LINECALLPRIVILEGE_OWNER],
    ]);
    expect(sw.made.map(({ destination, commands }) => ({ destination, commands }))).toEqual([
      { destination: '5550111', commands: ['hold'] },
      { destination: '', commands: [] },
    ]);
    const dial = h.tapi.lineDial(consult.value, '5550133', 0);
    await h.advance(100);
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, dial, 0, 0],
      ['LINE_CALLSTATE', consult.value, INST, LINECALLSTATE_PROCEEDING, 0, 0],
      ['LINE_CALLSTATE', consult.value, INST, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0],
    ]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_ONHOLDPENDTRANSFER);
    await shutdown();
  });

  it('the consultation handle is not written, and not valid, before the LINE_REPLY is delivered', async () => {
    const { h, connectedCall, shutdown } = await holdHarness({ controlMs: 0 });
    const c = await connectedCall();
    const consult = h.watch();
    h.tapi.lineSetupTransfer(c, consult, null);
    h.clock.advance(0); // the switch holds the call and the consultation call gets dial tone, undelivered
    expect(consult.value).toBe(0);
    await flush();
    expect(consult.value).toBeGreaterThan(0);
    // The harness checks that no LINE_CALLSTATE names the consultation call before its handle is written.
    expect(h.violations).toEqual([]);
    await shutdown();
  });

  it('from ONHOLD the call is held already: ONHOLDPENDTRANSFER and the reply at once, then the consultation call', async () => {
    const { h, connectedCall, shutdown } = await holdHarness();
    const c = await connectedCall();
    h.tapi.lineHold(c);
    await h.advance(10);
    h.take();
    const consult = h.watch();
    const setup = h.tapi.lineSetupTransfer(c, consult, null);
    await flush();
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLDPENDTRANSFER, 0, 0],
      ['LINE_REPLY', 0, INST, setup, 0, 0],
      ['LINE_CALLSTATE', consult.value, INST, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, LINECALLPRIVILEGE_OWNER],
    ]);
    await shutdown();
  });

  it('errors in the order of the page; nothing reaches the switch', async () => {
    const { h, sw, connectedCall, shutdown } = await holdHarness();
    expect(h.tapi.lineSetupTransfer(0x7fff0000, h.watch(), null)).toBe(LINEERR_INVALCALLHANDLE);
    const { hCall } = h.makeCall('5550111');
    await flush();
    expect(h.tapi.lineSetupTransfer(hCall.value, h.watch(), null)).toBe(LINEERR_INVALCALLSTATE); // PROCEEDING
    const c = await connectedCall('5550122');
    expect(h.tapi.lineSetupTransfer(c, null, null)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineSetupTransfer(c, h.watch(), { dwBearerMode: 3 } as LINECALLPARAMS)).toBe(LINEERR_INVALBEARERMODE);
    expect(sw.made.map((call) => call.commands)).toEqual([[], []]);
    await shutdown();

    // Transfer needs hold as well: the call is held first.
    for (const features of [{ hold: true, blindTransfer: true }, { transfer: true }]) {
      const without = await holdHarness({ features });
      const call = await without.connectedCall();
      expect(without.h.tapi.lineSetupTransfer(call, without.h.watch(), null)).toBe(LINEERR_OPERATIONUNAVAIL);
      await without.shutdown();
    }

    // No call appearance is left for the consultation call.
    const full = await holdHarness({ maxCalls: 1 });
    const only = await full.connectedCall();
    expect(full.h.tapi.lineSetupTransfer(only, full.h.watch(), null)).toBe(LINEERR_CALLUNAVAIL);
    await full.shutdown();
  });

  it('a second setup of a call pending transfer is LINEERR_INVALCALLSTATE', async () => {
    const harness = await holdHarness();
    const { c } = await setUpTransfer(harness);
    expect(harness.h.tapi.lineSetupTransfer(c, harness.h.watch(), null)).toBe(LINEERR_INVALCALLSTATE);
    await harness.shutdown();
  });

  it('the switch refuses the hold: the reply carries its error, no consultation call is made, the call stays CONNECTED', async () => {
    const { h, sw, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    sw.failNext('hold', 'RESOURCEUNAVAIL');
    const consult = h.watch();
    const setup = h.tapi.lineSetupTransfer(c, consult, null);
    await h.advance(20);
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, setup, LINEERR_RESOURCEUNAVAIL, 0]]);
    expect(consult.value).toBe(0);
    expect(sw.made).toHaveLength(1);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_CONNECTED);
    await shutdown();
  });

  it('the line fills up while the call is being held: the reply is LINEERR_CALLUNAVAIL, the handle void, the call back on plain hold', async () => {
    const { h, connectedCall, status, shutdown } = await holdHarness({ maxCalls: 2 });
    const c = await connectedCall();
    const consult = h.watch();
    const setup = h.tapi.lineSetupTransfer(c, consult, null);
    const other = h.makeCall('5550144'); // takes the last call appearance
    await h.advance(10);
    const messages = h.take().filter(([, hDevice]) => hDevice !== other.hCall.value);
    expect(messages).toEqual([
      ['LINE_REPLY', 0, INST, other.request, 0, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLDPENDTRANSFER, 0, 0],
      ['LINE_REPLY', 0, INST, setup, LINEERR_CALLUNAVAIL, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLD, 0, 0],
    ]);
    expect(consult.value).toBe(0);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_ONHOLD);
    await shutdown();
  });
});

describe('the consultation call ends before lineCompleteTransfer', () => {
  it('lineDrop of the consultation call: it goes IDLE, then the first call goes back to ONHOLD', async () => {
    const harness = await holdHarness();
    const { h, status } = harness;
    const { c, consult } = await setUpTransfer(harness);
    h.tapi.lineDial(consult, '5550133', 0);
    await h.advance(100);
    h.take();
    const drop = h.tapi.lineDrop(consult, null, 0);
    await h.advance(5);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', consult, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_REPLY', 0, INST, drop, 0, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLD, 0, 0],
    ]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_ONHOLD);
    // Back on plain hold: it is taken back, or set up for transfer again.
    const unhold = h.tapi.lineUnhold(c);
    await h.advance(10);
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, unhold, 0, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0],
    ]);
    await harness.shutdown();
  });

  it('dropped while it still has dial tone: the same', async () => {
    const harness = await holdHarness();
    const { c, consult } = await setUpTransfer(harness);
    harness.h.tapi.lineDrop(consult, null, 0);
    await harness.h.advance(5);
    expect(harness.h.take().at(-1)).toEqual(['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLD, 0, 0]);
    await harness.shutdown();
  });

  it('the target hangs up: the consultation call is DISCONNECTED and the first call stays pending until it is dropped', async () => {
    const harness = await holdHarness();
    const { h, sw, status } = harness;
    const { c, consult } = await setUpTransfer(harness);
    h.tapi.lineDial(consult, '5550133', 0);
    await h.advance(100);
    h.take();
    sw.made[1].hangUp();
    await flush();
    expect(h.take()).toEqual([['LINE_CALLSTATE', consult, INST, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0]]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_ONHOLDPENDTRANSFER);
    h.tapi.lineDrop(consult, null, 0);
    await h.advance(5);
    expect(h.take().at(-1)).toEqual(['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLD, 0, 0]);
    await harness.shutdown();
  });

  it('the first call hangs up while pending transfer: it goes DISCONNECTED, and the consultation call goes on', async () => {
    const harness = await holdHarness();
    const { h, sw, status } = harness;
    const { c, consult } = await setUpTransfer(harness);
    sw.made[0].hangUp();
    await flush();
    expect(h.take()).toEqual([['LINE_CALLSTATE', c, INST, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0]]);
    expect(status(consult).dwCallState).toBe(LINECALLSTATE_DIALTONE);
    h.tapi.lineDrop(consult, null, 0);
    await h.advance(5);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_DISCONNECTED);
    await harness.shutdown();
  });
});
