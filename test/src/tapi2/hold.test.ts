/**
 * lineHold and lineUnhold (Microsoft's lineHold and lineUnhold pages): each answered by one
 * LINE_REPLY once the switch has done it, before the call's new LINE_CALLSTATE; their errors in
 * the pages' order; the far end hanging up on a hold, and holding us (LINECONNECTEDMODE_ACTIVEHELD).
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLPRIVILEGE_MONITOR,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_ONHOLD,
  LINECONNECTEDMODE_ACTIVE,
  LINECONNECTEDMODE_ACTIVEHELD,
  LINEDISCONNECTMODE_NORMAL,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  LINEERR_NOTOWNER,
  LINEERR_OPERATIONFAILED,
  LINEERR_OPERATIONUNAVAIL,
  LINEERR_RESOURCEUNAVAIL,
  LINEMEDIAMODE_INTERACTIVEVOICE,
} from '../../../src/tapi2/index.js';
import { holdHarness } from './hold-switch.js';
import { INST, V22, flush } from './tapi2-harness.js';

describe('lineHold and lineUnhold: success', () => {
  it('lineHold: nothing while the switch holds the call, then LINE_REPLY 0 and LINE_CALLSTATE ONHOLD; lineUnhold: LINE_REPLY 0, then CONNECTED', async () => {
    const { h, sw, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    const hold = h.tapi.lineHold(c);
    expect(hold).toBeGreaterThan(0);
    await h.advance(5);
    expect(h.take()).toEqual([]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_CONNECTED);
    await h.advance(5);
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, hold, 0, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLD, 0, 0],
    ]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_ONHOLD);
    const unhold = h.tapi.lineUnhold(c);
    await h.advance(10);
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, unhold, 0, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0],
    ]);
    expect(sw.made[0].commands).toEqual(['hold', 'unhold']);
    await shutdown();
  });

  it('a held call is dropped as any other: IDLE, then the reply', async () => {
    const { h, connectedCall, shutdown } = await holdHarness();
    const c = await connectedCall();
    h.tapi.lineHold(c);
    await h.advance(10);
    h.take();
    const drop = h.tapi.lineDrop(c, null, 0);
    await h.advance(5);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_REPLY', 0, INST, drop, 0, 0],
    ]);
    await shutdown();
  });
});

describe('lineHold and lineUnhold: errors, in the order of their pages', () => {
  it('LINEERR_INVALCALLHANDLE for a handle that is no call', async () => {
    const { h, shutdown } = await holdHarness();
    expect(h.tapi.lineHold(0x7fff0000)).toBe(LINEERR_INVALCALLHANDLE);
    expect(h.tapi.lineUnhold(h.hLine.value)).toBe(LINEERR_INVALCALLHANDLE);
    await shutdown();
  });

  it('LINEERR_NOTOWNER for a call the application only monitors', async () => {
    const { h, sw, shutdown } = await holdHarness({}, { noOpen: true });
    const hLine = { value: 0 };
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, hLine, V22, 0, INST, LINECALLPRIVILEGE_MONITOR, LINEMEDIAMODE_INTERACTIVEVOICE, null)).toBe(0);
    await flush();
    sw.offer('5550123');
    await flush();
    const hCall = h.take().find(([name]) => name === 'LINE_APPNEWCALL')?.[4] ?? 0;
    expect(hCall).toBeGreaterThan(0);
    expect(h.tapi.lineHold(hCall)).toBe(LINEERR_NOTOWNER);
    expect(h.tapi.lineUnhold(hCall)).toBe(LINEERR_NOTOWNER);
    await shutdown();
  });

  it('LINEERR_OPERATIONUNAVAIL on a line whose device declares no hold; the switch hears nothing', async () => {
    const { h, sw, connectedCall, shutdown } = await holdHarness({ features: { blindTransfer: true } });
    const c = await connectedCall();
    expect(h.tapi.lineHold(c)).toBe(LINEERR_OPERATIONUNAVAIL);
    expect(h.tapi.lineUnhold(c)).toBe(LINEERR_OPERATIONUNAVAIL);
    expect(sw.made[0].commands).toEqual([]);
    await shutdown();
  });

  it('LINEERR_INVALCALLSTATE: hold before CONNECTED, unhold of a connected call, hold of a held one, a second hold while the first is pending', async () => {
    const { h, sw, status, shutdown } = await holdHarness();
    const { hCall } = h.makeCall('5550111');
    await flush();
    expect(h.tapi.lineHold(hCall.value)).toBe(LINEERR_INVALCALLSTATE); // PROCEEDING
    await h.advance(100);
    const c = hCall.value;
    expect(h.tapi.lineUnhold(c)).toBe(LINEERR_INVALCALLSTATE); // CONNECTED
    const first = h.tapi.lineHold(c);
    expect(first).toBeGreaterThan(0);
    expect(h.tapi.lineHold(c)).toBe(LINEERR_INVALCALLSTATE); // one request at a time
    await h.advance(10);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_ONHOLD);
    expect(h.tapi.lineHold(c)).toBe(LINEERR_INVALCALLSTATE); // ONHOLD
    expect(sw.made[0].commands).toEqual(['hold']);
    await shutdown();
  });

  it('the switch refuses the hold: LINE_REPLY with its error, no LINE_CALLSTATE, the call stays CONNECTED', async () => {
    const { h, sw, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    sw.failNext('hold', 'RESOURCEUNAVAIL');
    const hold = h.tapi.lineHold(c);
    await h.advance(10);
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, hold, LINEERR_RESOURCEUNAVAIL, 0]]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_CONNECTED);
    expect(h.tapi.lineHold(c)).toBeGreaterThan(0); // and it can be asked again
    await shutdown();
  });

  it('a switch that never answers the hold: LINE_REPLY LINEERR_OPERATIONFAILED once the provider timeout has run out', async () => {
    const { h, sw, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    sw.failNext('hold', 'silent');
    const hold = h.tapi.lineHold(c);
    await h.advance(29_999);
    expect(h.take()).toEqual([]);
    await h.advance(1);
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, hold, LINEERR_OPERATIONFAILED, 0]]);
    expect(status(c).dwCallState).toBe(LINECALLSTATE_CONNECTED);
    await shutdown();
  });
});

describe('the far end and our hold', () => {
  it('hold races the far end hanging up: the hold fails at once (OPERATIONFAILED), then DISCONNECTED', async () => {
    const { h, sw, connectedCall, shutdown } = await holdHarness();
    const c = await connectedCall();
    const hold = h.tapi.lineHold(c);
    await h.advance(5);
    sw.made[0].hangUp(); // before the switch has held the call
    await h.advance(10);
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, hold, LINEERR_OPERATIONFAILED, 0],
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

  it('the held party hangs up: the held call goes DISCONNECTED (lineHold remarks)', async () => {
    const { h, sw, connectedCall, shutdown } = await holdHarness();
    const c = await connectedCall();
    h.tapi.lineHold(c);
    await h.advance(10);
    h.take();
    sw.made[0].hangUp();
    await flush();
    expect(h.take()).toEqual([['LINE_CALLSTATE', c, INST, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0]]);
    expect(h.tapi.lineUnhold(c)).toBe(LINEERR_INVALCALLSTATE);
    await shutdown();
  });

  it('the far end holds us: CONNECTED with LINECONNECTEDMODE_ACTIVEHELD, then ACTIVE; we can still hold the call', async () => {
    const { h, sw, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    sw.made[0].farEndHolds(true);
    await flush();
    expect(h.take()).toEqual([['LINE_CALLSTATE', c, INST, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVEHELD, 0]]);
    expect(status(c)).toMatchObject({ dwCallState: LINECALLSTATE_CONNECTED, dwCallStateMode: LINECONNECTEDMODE_ACTIVEHELD });
    sw.made[0].farEndHolds(false);
    await flush();
    expect(h.take()).toEqual([['LINE_CALLSTATE', c, INST, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0]]);
    sw.made[0].farEndHolds(true);
    const hold = h.tapi.lineHold(c);
    await h.advance(10);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVEHELD, 0],
      ['LINE_REPLY', 0, INST, hold, 0, 0],
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_ONHOLD, 0, 0],
    ]);
    await shutdown();
  });
});
