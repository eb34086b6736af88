/**
 * TAPI 2 and calls that arrive: LINE_APPNEWCALL before the first LINE_CALLSTATE, OFFERING with
 * the application's privilege, lineAccept and lineAnswer with one LINE_REPLY each and the
 * LINEERR_ of their pages, lineDrop refusing an offered call, owners and monitors, LINECALLINFO
 * for the caller, and a caller who gives up.
 */
import { describe, expect, it } from 'vitest';
import {
  LINE_APPNEWCALL,
  LINE_CALLSTATE,
  LINE_REPLY,
  LINECALLFEATURE_ACCEPT,
  LINECALLFEATURE_ANSWER,
  LINECALLFEATURE_DROP,
  LINECALLORIGIN_EXTERNAL,
  LINECALLPARTYID_ADDRESS,
  LINECALLPARTYID_NAME,
  LINECALLPRIVILEGE_MONITOR,
  LINECALLPRIVILEGE_NONE,
  LINECALLPRIVILEGE_OWNER,
  LINECALLREASON_DIRECT,
  LINECALLSTATE_ACCEPTED,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_OFFERING,
  LINEDISCONNECTMODE_CANCELLED,
  LINEERR_INVALCALLSTATE,
  LINEERR_NOTOWNER,
  LINEERR_USERUSERINFOTOOBIG,
  LINEMEDIAMODE_INTERACTIVEVOICE,
  LINEOFFERINGMODE_ACTIVE,
  type LINECALLINFO,
  type LINECALLSTATUS,
} from '../../../src/tapi2/index.js';
import { INST, type Msg, tapi2Harness, V22 } from './tapi2-harness.js';

/** Line 0 opened by the test application with `privileges`; returns its hLine. */
function open(h: Awaited<ReturnType<typeof tapi2Harness>>, privileges: number, instance = INST): number {
  const hLine = { value: 0 };
  const media = (privileges & LINECALLPRIVILEGE_OWNER) !== 0 ? LINEMEDIAMODE_INTERACTIVEVOICE : 0;
  expect(h.tapi.lineOpen(h.hLineApp.value, 0, hLine, V22, 0, instance, privileges, media, null)).toBe(0);
  return hLine.value;
}

const named = (log: Msg[], name: string) => log.filter((m) => m[0] === name);

describe('TAPI 2: calls that arrive', () => {
  it('an owner gets LINE_APPNEWCALL, then OFFERING with its privilege; lineAnswer gets one LINE_REPLY, then CONNECTED', async () => {
    const h = await tapi2Harness({ timing: 'instant' }, { noOpen: true });
    const hLine = open(h, LINECALLPRIVILEGE_OWNER);
    await h.settle();
    h.sim.offerCall(0, { from: '5550123', name: 'Bob' });
    await h.settle();
    const [newCall, offering] = h.take();
    expect(newCall).toEqual(['LINE_APPNEWCALL', hLine, INST, 0, expect.any(Number), LINECALLPRIVILEGE_OWNER]);
    const hCall = newCall[4];
    expect(offering).toEqual(['LINE_CALLSTATE', hCall, INST, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE, LINECALLPRIVILEGE_OWNER]);
    const status = {} as LINECALLSTATUS;
    expect(h.tapi.lineGetCallStatus(hCall, status)).toBe(0);
    expect(status.dwCallPrivilege).toBe(LINECALLPRIVILEGE_OWNER);
    expect(status.dwCallFeatures & (LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER | LINECALLFEATURE_DROP)).toBe(LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER | LINECALLFEATURE_DROP);
    const info = {} as LINECALLINFO;
    expect(h.tapi.lineGetCallInfo(hCall, info)).toBe(0);
    expect([info.dwOrigin, info.dwReason, info.dwCallerIDFlags, info.CallerID, info.CallerIDName, info.CalledID]).toEqual([
      LINECALLORIGIN_EXTERNAL,
      LINECALLREASON_DIRECT,
      LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME,
      '5550123',
      'Bob',
      '100',
    ]);
    const request = h.tapi.lineAnswer(hCall, null, 0);
    expect(request).toBeGreaterThan(0);
    await h.settle();
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, request, 0, 0],
      ['LINE_CALLSTATE', hCall, INST, LINECALLSTATE_CONNECTED, expect.any(Number), 0],
    ]);
    const drop = h.tapi.lineDrop(hCall, null, 0);
    await h.settle();
    expect(named(h.take(), 'LINE_REPLY')).toEqual([['LINE_REPLY', 0, INST, drop, 0, 0]]);
    expect(h.tapi.lineDeallocateCall(hCall)).toBe(0);
    await h.shutdown();
  });

  it('lineAccept: ACCEPTED and an immediate LINE_REPLY; then lineAnswer; each only where its page allows it', async () => {
    const h = await tapi2Harness({ timing: 'instant' }, { noOpen: true });
    open(h, LINECALLPRIVILEGE_OWNER);
    await h.settle();
    h.sim.offerCall(0, { from: '5550123' });
    await h.settle();
    const hCall = h.take()[0][4];
    expect(h.tapi.lineAccept(hCall, 'hello', 5)).toBe(LINEERR_USERUSERINFOTOOBIG);
    const accept = h.tapi.lineAccept(hCall, null, 0);
    await h.settle();
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, accept, 0, 0],
      ['LINE_CALLSTATE', hCall, INST, LINECALLSTATE_ACCEPTED, 0, 0],
    ]);
    expect(h.sim.calls()[0].phase).toBe('accepted');
    expect(h.tapi.lineAccept(hCall, null, 0)).toBe(LINEERR_INVALCALLSTATE);
    expect(h.tapi.lineAnswer(hCall, null, 0)).toBeGreaterThan(0);
    await h.settle();
    h.take();
    expect(h.tapi.lineAnswer(hCall, null, 0)).toBe(LINEERR_INVALCALLSTATE);
    expect(h.tapi.lineAccept(hCall, null, 0)).toBe(LINEERR_INVALCALLSTATE);
    await h.shutdown();
  });

  it('lineDrop on an offered call refuses it (busy here); the caller is told, the call goes IDLE', async () => {
    const h = await tapi2Harness({ timing: { drop: 10 } }, { noOpen: true });
    open(h, LINECALLPRIVILEGE_OWNER);
    await h.settle();
    h.sim.offerCall(0, { from: '5550123' });
    await h.settle();
    const hCall = h.take()[0][4];
    const seen: string[] = [];
    const drop = h.tapi.lineDrop(hCall, null, 0);
    seen.push(h.sim.calls()[0]?.refusedWith ?? 'gone');
    await h.settle();
    expect(seen).toEqual(['NORMAL']);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', hCall, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_REPLY', 0, INST, drop, 0, 0],
    ]);
    await h.shutdown();
  });

  it('a monitor sees every state but cannot act (LINEERR_NOTOWNER); the owner is the first handle opened with OWNER', async () => {
    const h = await tapi2Harness({ timing: 'instant' }, { noOpen: true });
    const owner = open(h, LINECALLPRIVILEGE_OWNER, 1);
    const second = open(h, LINECALLPRIVILEGE_OWNER, 2);
    const monitor = open(h, LINECALLPRIVILEGE_MONITOR, 3);
    const nobody = open(h, LINECALLPRIVILEGE_NONE, 4);
    await h.settle();
    h.sim.offerCall(0, { from: '5550123' });
    await h.settle();
    const news = named(h.take(), 'LINE_APPNEWCALL');
    expect(news.map((m) => [m[1], m[5]])).toEqual([
      [owner, LINECALLPRIVILEGE_OWNER],
      [monitor, LINECALLPRIVILEGE_MONITOR],
    ]);
    expect([second, nobody].some((hLine) => news.some((m) => m[1] === hLine))).toBe(false);
    const watched = news[1][4];
    expect(h.tapi.lineAnswer(watched, null, 0)).toBe(LINEERR_NOTOWNER);
    expect(h.tapi.lineAccept(watched, null, 0)).toBe(LINEERR_NOTOWNER);
    expect(h.tapi.lineDrop(watched, null, 0)).toBe(LINEERR_NOTOWNER);
    const status = {} as LINECALLSTATUS;
    h.tapi.lineGetCallStatus(watched, status);
    expect([status.dwCallPrivilege, status.dwCallFeatures]).toEqual([LINECALLPRIVILEGE_MONITOR, 0]);
    expect(h.tapi.lineAnswer(news[0][4], null, 0)).toBeGreaterThan(0);
    await h.settle();
    // Both see CONNECTED; only the owner gets the reply.
    const log = h.take();
    expect(named(log, 'LINE_CALLSTATE').map((m) => [m[1], m[3]])).toEqual([
      [news[0][4], LINECALLSTATE_CONNECTED],
      [watched, LINECALLSTATE_CONNECTED],
    ]);
    expect(named(log, 'LINE_REPLY')).toHaveLength(1);
    await h.shutdown();
  });

  it('the caller gives up: DISCONNECTED (CANCELLED); a pending lineAnswer fails; the owner drops and deallocates', async () => {
    const h = await tapi2Harness({ timing: { answer: 100 } }, { noOpen: true });
    open(h, LINECALLPRIVILEGE_OWNER);
    await h.settle();
    h.sim.offerCall(0, { from: '5550123', abandonAfterMs: 50 });
    await h.advance(0);
    const hCall = h.take()[0][4];
    const answer = h.tapi.lineAnswer(hCall, null, 0);
    await h.advance(50);
    expect(h.take()).toEqual([['LINE_CALLSTATE', hCall, INST, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_CANCELLED, 0]]);
    const drop = h.tapi.lineDrop(hCall, null, 0);
    await h.settle();
    const log = h.take();
    expect(named(log, 'LINE_REPLY').map((m) => m[3])).toEqual([answer, drop]);
    expect(named(log, 'LINE_REPLY')[0][4]).toBeLessThan(0); // the answer failed
    expect(named(log, 'LINE_CALLSTATE').map((m) => m[3])).toEqual([LINECALLSTATE_IDLE]);
    expect(h.tapi.lineDeallocateCall(hCall)).toBe(0);
    await h.shutdown();
  });

  it('lineClose drops the calls the application owns and lets go of those it monitors', async () => {
    const h = await tapi2Harness({ timing: 'instant' }, { noOpen: true });
    const owner = open(h, LINECALLPRIVILEGE_OWNER, 1);
    const monitor = open(h, LINECALLPRIVILEGE_MONITOR, 2);
    await h.settle();
    h.sim.offerCall(0, { from: '5550123' });
    await h.settle();
    h.take();
    expect(h.tapi.lineClose(monitor)).toBe(0);
    await h.settle();
    expect(h.sim.calls().map((c) => c.phase)).toEqual(['offering']);
    expect(h.tapi.lineClose(owner)).toBe(0);
    await h.settle();
    expect(h.sim.calls()).toEqual([]);
    expect(named(h.take(), LINE_CALLSTATE.toString())).toEqual([]);
    await h.shutdown();
  });
});

// The message ids the assertions name.
void [LINE_APPNEWCALL, LINE_REPLY];
