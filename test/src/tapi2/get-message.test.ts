/**
 * Event mode (LINEINITIALIZEEXOPTION_USEEVENT): messages queue for lineGetMessage, which
 * returns a Promise of 0 or a LINEERR_ and fills a LINEMESSAGE; timeouts run on the telephony's
 * clock; lineShutdown ends a wait with LINEERR_INVALAPPHANDLE (lineGetMessage remarks).
 */
import { describe, expect, it } from 'vitest';
import {
  INFINITE,
  LINE_CALLSTATE,
  LINE_REPLY,
  LINECALLPRIVILEGE_OWNER,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALING,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_PROCEEDING,
  LINECALLSTATE_RINGBACK,
  LINECONNECTEDMODE_ACTIVE,
  LINEDIALTONEMODE_NORMAL,
  LINEERR_INVALAPPHANDLE,
  LINEERR_INVALPOINTER,
  LINEERR_OPERATIONFAILED,
  type LINEMESSAGE,
} from '../../../src/tapi2/index.js';
import { flush, INST, tapi2Harness } from './tapi2-harness.js';

describe('lineGetMessage (USEEVENT)', () => {
  it('delivers the whole sequence in order, and writes *lphCall when the LINE_REPLY is taken', async () => {
    const h = await tapi2Harness({ timing: 'instant' }, { event: true });
    const app = h.hLineApp.value;
    const { request, hCall } = h.makeCall('5550111');
    await flush();
    expect(hCall.value).toBe(0); // queued, not yet taken
    const messages: LINEMESSAGE[] = [];
    for (;;) {
      const msg = {} as LINEMESSAGE;
      if ((await h.tapi.lineGetMessage(app, msg, 0)) !== 0) break;
      if (messages.length === 0) expect(hCall.value).toBeGreaterThan(0);
      messages.push(msg);
    }
    const c = hCall.value;
    const m = (id: number, hDevice: number, p1: number, p2 = 0, p3 = 0) => ({ hDevice, dwMessageID: id, dwCallbackInstance: INST, dwParam1: p1, dwParam2: p2, dwParam3: p3 });
    expect(messages).toEqual([
      m(LINE_REPLY, 0, request),
      m(LINE_CALLSTATE, c, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, LINECALLPRIVILEGE_OWNER),
      m(LINE_CALLSTATE, c, LINECALLSTATE_DIALING),
      m(LINE_CALLSTATE, c, LINECALLSTATE_PROCEEDING),
      m(LINE_CALLSTATE, c, LINECALLSTATE_RINGBACK),
      m(LINE_CALLSTATE, c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE),
    ]);
    await h.shutdown();
  });

  it('waits for a message that comes later, on the simulated clock', async () => {
    const h = await tapi2Harness({}, { event: true });
    const { request } = h.makeCall('5550111');
    const msg = {} as LINEMESSAGE;
    let result: number | undefined;
    void h.tapi.lineGetMessage(h.hLineApp.value, msg, INFINITE).then((r) => (result = r));
    await flush();
    expect(result).toBeUndefined(); // the switch gives dial tone at 100 ms
    await h.advance(100);
    expect(result).toBe(0);
    expect(msg).toMatchObject({ dwMessageID: LINE_REPLY, dwParam1: request, dwParam2: 0 });
    await h.shutdown();
  });

  it('times out with LINEERR_OPERATIONFAILED after dwTimeout ms, and at once for 0', async () => {
    const h = await tapi2Harness({}, { event: true });
    expect(await h.tapi.lineGetMessage(h.hLineApp.value, {}, 0)).toBe(LINEERR_OPERATIONFAILED);
    let result: number | undefined;
    void h.tapi.lineGetMessage(h.hLineApp.value, {}, 500).then((r) => (result = r));
    await h.advance(499);
    expect(result).toBeUndefined();
    await h.advance(1);
    expect(result).toBe(LINEERR_OPERATIONFAILED);
    expect(h.clock.pending).toBe(0);
    await h.shutdown();
  });

  it('waiters are served in order; a message that arrives is taken by the first', async () => {
    const h = await tapi2Harness({ timing: 'instant' }, { event: true });
    const first = {} as LINEMESSAGE;
    const second = {} as LINEMESSAGE;
    const results: string[] = [];
    void h.tapi.lineGetMessage(h.hLineApp.value, first, 1000).then((r) => results.push(`first ${r}`));
    void h.tapi.lineGetMessage(h.hLineApp.value, second, 1000).then((r) => results.push(`second ${r}`));
    const { request } = h.makeCall(null);
    await flush();
    expect(results).toEqual(['first 0', 'second 0']);
    expect(first.dwMessageID).toBe(LINE_REPLY);
    expect(first.dwParam1).toBe(request);
    expect(second.dwParam1).toBe(LINECALLSTATE_DIALTONE);
    await h.shutdown();
  });

  it('lineShutdown ends a wait with LINEERR_INVALAPPHANDLE and leaves no timer', async () => {
    const h = await tapi2Harness({}, { event: true });
    const waiting = h.tapi.lineGetMessage(h.hLineApp.value, {}, 60_000);
    const forever = h.tapi.lineGetMessage(h.hLineApp.value, {}, INFINITE);
    h.tapi.lineShutdown(h.hLineApp.value);
    expect(await waiting).toBe(LINEERR_INVALAPPHANDLE);
    expect(await forever).toBe(LINEERR_INVALAPPHANDLE);
    expect(await h.tapi.lineGetMessage(h.hLineApp.value, {}, 0)).toBe(LINEERR_INVALAPPHANDLE);
    h.hLineApp.value = 0;
    await h.shutdown();
  });

  it('refuses a callback application, a bad LINEMESSAGE and a bad timeout', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    expect(await h.tapi.lineGetMessage(h.hLineApp.value, {}, 0)).toBe(LINEERR_INVALAPPHANDLE);
    const ev = await tapi2Harness({ timing: 'instant' }, { event: true });
    expect(await ev.tapi.lineGetMessage(ev.hLineApp.value, null, 0)).toBe(LINEERR_INVALPOINTER);
    expect(await ev.tapi.lineGetMessage(ev.hLineApp.value, Object.freeze({}) as never, 0)).toBe(LINEERR_INVALPOINTER);
    expect(await ev.tapi.lineGetMessage(ev.hLineApp.value, {}, -5.5)).toBe(LINEERR_OPERATIONFAILED);
    await h.shutdown();
    await ev.shutdown();
  });

  it('a drop and deallocate in event mode: IDLE and the reply are still queued after lineDeallocateCall', async () => {
    const h = await tapi2Harness({ timing: 'instant' }, { event: true });
    const { hCall } = h.makeCall('5550111');
    await flush();
    const msg = {} as LINEMESSAGE;
    while ((await h.tapi.lineGetMessage(h.hLineApp.value, msg, 0)) === 0);
    const drop = h.tapi.lineDrop(hCall.value, null, 0);
    await flush();
    expect(await h.tapi.lineGetMessage(h.hLineApp.value, msg, 0)).toBe(0);
    expect(msg).toMatchObject({ dwMessageID: LINE_CALLSTATE, dwParam1: LINECALLSTATE_IDLE });
    expect(h.tapi.lineDeallocateCall(hCall.value)).toBe(0);
    expect(await h.tapi.lineGetMessage(h.hLineApp.value, msg, 0)).toBe(0);
    expect(msg).toMatchObject({ dwMessageID: LINE_REPLY, dwParam1: drop, dwParam2: 0 });
    await h.shutdown();
  });
});
