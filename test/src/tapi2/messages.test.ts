/**
 * Message delivery: never inside the call that caused it, in order, also when the application
 * calls back into the library from its callback; a callback that throws does not stop delivery;
 * a line lost under the application (the telephony shut down by its owner) ends with LINE_CLOSE
 * after what happened before it, and error codes newer than the negotiated version are not sent.
 */
import { describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import {
  createTapi2,
  LINE_CALLSTATE,
  LINE_CLOSE,
  LINE_REPLY,
  LINECALLPRIVILEGE_NONE,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_IDLE,
  LINEERR_OPERATIONFAILED,
  LINEERR_USERCANCELLED,
} from '../../../src/tapi2/index.js';
import { flush, INST, tapi2Harness, V22 } from './tapi2-harness.js';

describe('message delivery', () => {
  it('a callback that drops the call when it connects: the drop is answered after the callback returns, in order', async () => {
    const clock = new ManualClock();
    const tapi = createTapi2({ providers: [simulatedProvider({ timing: 'instant' })], clock });
    const seen: string[] = [];
    const hCall = { value: 0 };
    let inside = false;
    let drop = 0;
    const callback = (_h: number, msg: number, _i: number, p1: number, p2: number) => {
      expect(inside).toBe(false);
      inside = true;
      seen.push(msg === LINE_REPLY ? `reply ${p1} ${p2}` : `state ${p1}`);
      if (msg === LINE_CALLSTATE && p1 === LINECALLSTATE_CONNECTED) {
        drop = tapi.lineDrop(hCall.value, null, 0);
        seen.push(`lineDrop returned ${drop}`);
      }
      inside = false;
    };
    const app = { value: 0 };
    tapi.lineInitializeEx(app, null, callback, 'cb', { value: 0 }, { value: V22 }, { dwOptions: 1 });
    const line = { value: 0 };
    tapi.lineOpen(app.value, 0, line, V22, 0, INST, LINECALLPRIVILEGE_NONE, 0, null);
    await flush();
    const make = tapi.lineMakeCall(line.value, hCall, '5550111', 0, null);
    await flush();
    expect(seen.slice(-4)).toEqual([`state ${LINECALLSTATE_CONNECTED}`, `lineDrop returned ${drop}`, `state ${LINECALLSTATE_IDLE}`, `reply ${drop} 0`]);
    expect(seen[0]).toBe(`reply ${make} 0`);
    tapi.lineShutdown(app.value);
    await tapi.whenIdle();
  });

  it('a callback that throws: the error goes to onCallbackError and delivery goes on', async () => {
    const errors: unknown[] = [];
    const tapi = createTapi2({ providers: [simulatedProvider({ timing: 'instant' })], clock: new ManualClock(), onCallbackError: (e) => errors.push(e) });
    const seen: number[] = [];
    const app = { value: 0 };
    tapi.lineInitializeEx(app, null, (_h, msg) => {
      seen.push(msg);
      throw new Error(`bad callback ${seen.length}`);
    }, 'cb', { value: 0 }, { value: V22 }, { dwOptions: 1 });
    const line = { value: 0 };
    tapi.lineOpen(app.value, 0, line, V22, 0, 0, LINECALLPRIVILEGE_NONE, 0, null);
    await flush();
    tapi.lineMakeCall(line.value, { value: 0 }, '5550111', 0, null);
    await flush();
    expect(seen.length).toBe(6); // the reply and five states, each delivered despite the throws
    expect(errors).toHaveLength(6);
    tapi.lineShutdown(app.value);
    await tapi.whenIdle();
  });
});

describe('a line lost under the application', () => {
  it.each([
    ['2.2', V22, LINEERR_USERCANCELLED],
    ['2.0 (USERCANCELLED is a 2.2 code)', 0x00020000, LINEERR_OPERATIONFAILED],
  ])('the owner shuts the telephony down (API %s): the pending make fails, IDLE comes, then LINE_CLOSE', async (_v, version, makeError) => {
    const clock = new ManualClock();
    const telephony = createTelephony({ providers: [simulatedProvider()], clock });
    const tapi = createTapi2({ telephony });
    const log: number[][] = [];
    const app = { value: 0 };
    tapi.lineInitializeEx(app, null, (...m) => log.push(m), 'x', { value: 0 }, { value: V22 }, { dwOptions: 1 });
    const line = { value: 0 };
    tapi.lineOpen(app.value, 0, line, version, 0, INST, LINECALLPRIVILEGE_NONE, 0, null);
    await flush();
    const connected = { value: 0 };
    tapi.lineMakeCall(line.value, connected, '5550111', 0, null);
    clock.advance(2000);
    await flush();
    log.length = 0;
    const pending = tapi.lineMakeCall(line.value, { value: 0 }, '5550122', 0, null);
    const shutdown = telephony.shutdown();
    clock.runAll();
    await shutdown;
    await flush();
    expect(log).toEqual([
      [connected.value, LINE_CALLSTATE, INST, LINECALLSTATE_IDLE, 0, 0],
      [0, LINE_REPLY, INST, pending, makeError, 0],
      [line.value, LINE_CLOSE, INST, 0, 0, 0],
    ]);
    expect(tapi.lineGetCallStatus(connected.value, {})).toBeLessThan(0);
    expect(tapi.lineShutdown(app.value)).toBe(0);
    await tapi.whenIdle();
  });

  it('lineOpen on a telephony shut down by its owner returns 0, then LINE_CLOSE', async () => {
    const telephony = createTelephony({ providers: [simulatedProvider()], clock: new ManualClock() });
    const tapi = createTapi2({ telephony });
    const app = { value: 0 };
    const log: number[][] = [];
    tapi.lineInitializeEx(app, null, (...m) => log.push(m), 'x', { value: 0 }, { value: V22 }, { dwOptions: 1 });
    await telephony.shutdown();
    const line = { value: 0 };
    expect(tapi.lineOpen(app.value, 0, line, V22, 0, INST, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    await flush();
    expect(log).toEqual([[line.value, LINE_CLOSE, INST, 0, 0, 0]]);
    // And a new application cannot start on it.
    expect(tapi.lineInitializeEx({ value: 0 }, null, () => {}, 'y', { value: 0 }, { value: V22 }, { dwOptions: 1 })).toBe(LINEERR_OPERATIONFAILED);
    tapi.lineShutdown(app.value);
  });
});

describe('harness checks', () => {
  it('the harness sees every message outside library calls', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    h.makeCall('5550111');
    await flush();
    expect(h.take().length).toBe(6);
    await h.shutdown();
  });
});
