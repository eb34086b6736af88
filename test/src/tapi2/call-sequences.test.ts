/**
 * Whole message sequences (message, hDevice, callback instance, params, order) for the outcomes
 * of a call, on the simulated switch with its default timings on a manual clock: dial tone at
 * 100 ms, 50 ms per digit, proceeding 200 ms after the last digit, the first ring 200 ms later,
 * then one ring a second; a drop is confirmed after 20 ms.
 */
import { describe, expect, it } from 'vitest';
import {
  LINE_CALLSTATE as CS,
  LINE_REPLY as REPLY,
  LINECALLPRIVILEGE_OWNER as OWNER,
  LINECALLSTATE_BUSY,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALING,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_PROCEEDING,
  LINECALLSTATE_RINGBACK,
  LINEBUSYMODE_STATION,
  LINECONNECTEDMODE_ACTIVE,
  LINEDIALTONEMODE_NORMAL,
  LINEDISCONNECTMODE_NOANSWER,
  LINEDISCONNECTMODE_NORMAL,
  LINEDISCONNECTMODE_REJECT,
  LINEDISCONNECTMODE_UNREACHABLE,
} from '../../../src/tapi2/index.js';
import { flush, INST, tapi2Harness } from './tapi2-harness.js';

const reply = (request: number, result = 0) => ['LINE_REPLY', 0, INST, request, result, 0];
const state = (hCall: number, s: number, mode = 0, privilege = 0) => ['LINE_CALLSTATE', hCall, INST, s, mode, privilege];
/** What every call to a complete address starts with: the reply, dial tone, dialling, proceeding. */
const placed = (hCall: number, request: number) => [
  reply(request),
  state(hCall, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, OWNER),
  state(hCall, LINECALLSTATE_DIALING),
  state(hCall, LINECALLSTATE_PROCEEDING),
];

describe('TAPI 2 call sequences', () => {
  it('a call that connects and is dropped: REPLY, DIALTONE, DIALING, PROCEEDING, RINGBACK, CONNECTED, then IDLE and the drop REPLY', async () => {
    const h = await tapi2Harness();
    const { request, hCall } = h.makeCall('5550111');
    expect(request).toBeGreaterThan(0);
    await h.advance(1850); // dial tone 100, 7 digits 450, proceeding 650, ring 850, answer 1850
    const c = hCall.value;
    expect(h.take()).toEqual([
      ...placed(c, request),
      state(c, LINECALLSTATE_RINGBACK),
      state(c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE),
    ]);
    const drop = h.tapi.lineDrop(c, null, 0);
    expect(drop).toBeGreaterThan(request);
    await h.advance(20);
    expect(h.take()).toEqual([state(c, LINECALLSTATE_IDLE), reply(drop)]);
    expect(h.tapi.lineDeallocateCall(c)).toBe(0);
    await h.shutdown();
  });

  it('busy: BUSY with LINEBUSYMODE_STATION, then the application drops and the call goes IDLE', async () => {
    const h = await tapi2Harness({ timing: 'instant', numbers: { '5550199': { outcome: 'busy' } } });
    const { request, hCall } = h.makeCall('5550199');
    await flush();
    const c = hCall.value;
    expect(h.take()).toEqual([
      ...placed(c, request),
      state(c, LINECALLSTATE_BUSY, LINEBUSYMODE_STATION),
    ]);
    // Nothing more happens by itself: TAPI 2 leaves the busy call to the application.
    await h.settle();
    expect(h.take()).toEqual([]);
    const drop = h.tapi.lineDrop(c, null, 0);
    await flush();
    expect(h.take()).toEqual([state(c, LINECALLSTATE_IDLE), reply(drop)]);
    await h.shutdown();
  });

  it('no answer with dwNoAnswerTimeout: DISCONNECTED with LINEDISCONNECTMODE_NOANSWER after the timeout', async () => {
    const h = await tapi2Harness({ defaultOutcome: { outcome: 'no-answer', rings: 100 } });
    const { request, hCall } = h.makeCall('5550111', { dwNoAnswerTimeout: 8 });
    await h.advance(650 + 7999); // proceeding at 650: the 8 s run from there
    const c = hCall.value;
    expect(h.take()).toEqual([
      ...placed(c, request),
      state(c, LINECALLSTATE_RINGBACK),
    ]);
    await h.advance(1);
    expect(h.take()).toEqual([state(c, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NOANSWER)]);
    await h.settle();
    expect(h.take()).toEqual([]); // it waits for lineDrop
    const drop = h.tapi.lineDrop(c, null, 0);
    await h.advance(20);
    expect(h.take()).toEqual([state(c, LINECALLSTATE_IDLE), reply(drop)]);
    await h.shutdown();
  });

  it.each([
    ['unreachable', 'unreachable' as const, LINEDISCONNECTMODE_UNREACHABLE, false],
    ['rejected', 'reject' as const, LINEDISCONNECTMODE_REJECT, true],
  ])('%s: DISCONNECTED with its mode, then lineDrop and IDLE', async (_name, outcome, mode, rings) => {
    const h = await tapi2Harness({ timing: 'instant', numbers: { '5550123': { outcome } } });
    const { request, hCall } = h.makeCall('5550123');
    await flush();
    const c = hCall.value;
    expect(h.take()).toEqual([
      ...placed(c, request),
      ...(rings ? [state(c, LINECALLSTATE_RINGBACK)] : []),
      state(c, LINECALLSTATE_DISCONNECTED, mode),
    ]);
    const drop = h.tapi.lineDrop(c, null, 0);
    await flush();
    expect(h.take()).toEqual([state(c, LINECALLSTATE_IDLE), reply(drop)]);
    await h.shutdown();
  });

  it('far-end hang-up: CONNECTED, then DISCONNECTED NORMAL; the application drops and deallocates', async () => {
    const h = await tapi2Harness({ numbers: { '5550111': { outcome: 'answer', hangupAfterMs: 5000 } } });
    const { request, hCall } = h.makeCall('5550111');
    await h.advance(1850);
    const c = hCall.value;
    expect(h.take().at(-1)).toEqual(state(c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE));
    await h.advance(5000);
    expect(h.take()).toEqual([state(c, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL)]);
    expect(h.tapi.lineDeallocateCall(c)).toBeLessThan(0); // not IDLE yet
    const drop = h.tapi.lineDrop(c, null, 0);
    await h.advance(20);
    expect(h.take()).toEqual([state(c, LINECALLSTATE_IDLE), reply(drop)]);
    expect(h.tapi.lineDeallocateCall(c)).toBe(0);
    expect(request).toBeGreaterThan(0);
    await h.shutdown();
  });

  it('LINE_REPLY before LINE_CALLSTATE, *lphCall written on delivery, and nothing delivered inside lineMakeCall', async () => {
    // Instant timing: the switch connects the call inside lineMakeCall; the application still
    // sees the reply first, and only after lineMakeCall has returned.
    const h = await tapi2Harness({ timing: 'instant' });
    const { request, hCall } = h.makeCall('5550111');
    expect(hCall.value).toBe(0);
    expect(h.log).toEqual([]);
    await Promise.resolve();
    await flush();
    const c = hCall.value;
    expect(c).toBeGreaterThan(0);
    const messages = h.take();
    expect(messages[0]).toEqual(reply(request));
    expect(messages.slice(1).every((m) => m[0] === 'LINE_CALLSTATE' && m[1] === c)).toBe(true);
    expect(messages.at(-1)).toEqual(state(c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE));
    expect(messages.filter((m) => m[5] === OWNER)).toHaveLength(1); // privilege on the first only
    await h.shutdown();
  });

  it('the make reaches the switch within lineMakeCall, so a manual clock can move at once', async () => {
    const h = await tapi2Harness();
    const { request, hCall } = h.makeCall('5550111');
    h.clock.advance(100); // no flush between: dial tone is already scheduled
    expect(h.sim.calls()[0].phase).toBe('dialing');
    await flush();
    expect(h.take().slice(0, 2)).toEqual([reply(request), state(hCall.value, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, OWNER)]);
    await h.shutdown();
  });

  it('a failed make voids the handle: LINE_REPLY with the error, no LINE_CALLSTATE, *lphCall untouched', async () => {
    const h = await tapi2Harness({ timing: 'instant', fault: 'throw-on-make' });
    const { request, hCall } = h.makeCall('5550111');
    await flush();
    expect(h.take()).toEqual([reply(request, 0x80000048 | 0)]); // LINEERR_OPERATIONFAILED
    expect(hCall.value).toBe(0);
    expect(REPLY).toBe(12);
    expect(CS).toBe(2);
    await h.shutdown();
  });
});
