/**
 * lineMonitorDigits / LINE_MONITORDIGITS and lineGatherDigits / LINE_GATHERDIGITS over the
 * simulated far end's key presses: the messages and their parameters, monitoring off, every
 * LINEGATHERTERM_, the buffer written as the message is delivered, a new request and NULL
 * cancelling, the call's end cancelling, the error codes of Microsoft's pages, LINEDEVCAPS.
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLSTATE_CONNECTED,
  LINEDIGITMODE_DTMF,
  LINEDIGITMODE_DTMFEND,
  LINEDIGITMODE_PULSE,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  LINEERR_INVALDIGITMODE,
  LINEERR_INVALDIGITS,
  LINEERR_INVALPARAM,
  LINEERR_INVALPOINTER,
  LINEERR_INVALTIMEOUT,
  LINEGATHERTERM_BUFFERFULL,
  LINEGATHERTERM_CANCEL,
  LINEGATHERTERM_FIRSTTIMEOUT,
  LINEGATHERTERM_INTERTIMEOUT,
  LINEGATHERTERM_TERMDIGIT,
  type LINECALLSTATUS,
  type LINEDEVCAPS,
} from '../../../src/tapi2/index.js';
import { flush, type Harness, INST, tapi2Harness, V22 } from './tapi2-harness.js';

const DTMF = LINEDIGITMODE_DTMF;

/** A connected call on the instant switch, its messages taken; `callId` is the switch's id of it. */
async function connected(h: Harness) {
  const { hCall } = h.makeCall('5550111');
  await flush();
  const status = {} as LINECALLSTATUS;
  expect(h.tapi.lineGetCallStatus(hCall.value, status)).toBe(0);
  expect(status.dwCallState).toBe(LINECALLSTATE_CONNECTED);
  h.take();
  return { hCall: hCall.value, callId: h.sim.calls()[0].callId };
}

const monitored = (h: Harness, hCall: number, digit: string, at: number) => ['LINE_MONITORDIGITS', hCall, INST, digit.charCodeAt(0), DTMF, at];
const gathered = (h: Harness, hCall: number, term: number, at = h.clock.now()) => ['LINE_GATHERDIGITS', hCall, INST, term, 0, at >>> 0];

describe('lineMonitorDigits', () => {
  it('LINE_MONITORDIGITS per key (dwParam1 the character, dwParam2 DTMF, dwParam3 the tick count); 0 turns it off', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    h.sim.sayDigits(callId, { digits: '1', afterMs: 10 });
    await h.advance(10);
    expect(h.take()).toEqual([]); // not monitoring yet
    expect(h.tapi.lineMonitorDigits(hCall, DTMF)).toBe(0);
    h.sim.sayDigits(callId, { digits: '5#', afterMs: 100, intervalMs: 50 });
    await h.advance(150);
    expect(h.take()).toEqual([monitored(h, hCall, '5', 110), monitored(h, hCall, '#', 160)]);
    expect(h.tapi.lineMonitorDigits(hCall, 0)).toBe(0);
    h.sim.sayDigits(callId, { digits: '7' });
    await h.advance(0);
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });

  it('errors: a bad handle, modes the provider cannot tell (PULSE, DTMFEND, unknown bits), a disconnected call', async () => {
    const h = await tapi2Harness({ timing: 'instant', numbers: { '5550122': { outcome: 'answer', hangupAfterMs: 100 } } });
    const { hCall } = await connected(h);
    expect(h.tapi.lineMonitorDigits(0x7777, DTMF)).toBe(LINEERR_INVALCALLHANDLE);
    for (const mode of [LINEDIGITMODE_PULSE, LINEDIGITMODE_DTMFEND, DTMF | LINEDIGITMODE_DTMFEND, 0x100]) expect(h.tapi.lineMonitorDigits(hCall, mode)).toBe(LINEERR_INVALDIGITMODE);
    const { hCall: hanging } = h.makeCall('5550122');
    await h.advance(100); // the far end hangs up: DISCONNECTED
    expect(h.tapi.lineMonitorDigits(hanging.value, DTMF)).toBe(LINEERR_INVALCALLSTATE);
    await h.shutdown();
  });

  it('LINEDEVCAPS: dwMonitorDigitModes DTMF, gather timeouts 0 … 0x7FFFFFFF', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const caps = { dwTotalSize: 4096 } as LINEDEVCAPS;
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 0, V22, 0, caps)).toBe(0);
    expect([caps.dwMonitorDigitModes, caps.dwGatherDigitsMinTimeout, caps.dwGatherDigitsMaxTimeout]).toEqual([DTMF, 0, 0x7fffffff]);
    await h.shutdown();
  });
});

describe('lineGatherDigits', () => {
  it('TERMDIGIT: the buffer holds the digits with the terminator once LINE_GATHERDIGITS is delivered', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    const buffer = { value: 'untouched' };
    expect(h.tapi.lineGatherDigits(hCall, DTMF, buffer, 8, '#', 5000, 3000)).toBe(0);
    h.sim.sayDigits(callId, { digits: '12#', intervalMs: 100 });
    await h.advance(200);
    expect(h.take()).toEqual([gathered(h, hCall, LINEGATHERTERM_TERMDIGIT)]);
    expect(buffer.value).toBe('12#');
    await h.shutdown();
  });

  it('BUFFERFULL, FIRSTTIMEOUT (empty buffer) and INTERTIMEOUT', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    const full = { value: '' };
    h.tapi.lineGatherDigits(hCall, DTMF, full, 2, null, 0, 0);
    h.sim.sayDigits(callId, { digits: '345', intervalMs: 10 });
    await h.advance(20); // the third key comes after the gathering has ended (at the second)
    expect(h.take()).toEqual([gathered(h, hCall, LINEGATHERTERM_BUFFERFULL, 10)]);
    expect(full.value).toBe('34');

    const none = { value: 'x' };
    h.tapi.lineGatherDigits(hCall, DTMF, none, 4, '#', 1000, 1000);
    await h.advance(1000);
    expect(h.take()).toEqual([gathered(h, hCall, LINEGATHERTERM_FIRSTTIMEOUT)]);
    expect(none.value).toBe('');

    const some = { value: '' };
    h.tapi.lineGatherDigits(hCall, DTMF, some, 4, '#', 1000, 500);
    h.sim.sayDigits(callId, { digits: '9', afterMs: 200 });
    await h.advance(700);
    expect(h.take()).toEqual([gathered(h, hCall, LINEGATHERTERM_INTERTIMEOUT)]);
    expect(some.value).toBe('9');
    await h.shutdown();
  });

  it('CANCEL: a new request, NULL lpsDigits, and the call ending each end the gathering under way', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    const first = { value: '' };
    const second = { value: '' };
    h.tapi.lineGatherDigits(hCall, DTMF, first, 4, '#', 0, 0);
    h.sim.sayDigits(callId, { digits: '1' });
    await h.advance(0);
    h.tapi.lineGatherDigits(hCall, DTMF, second, 4, '#', 0, 0);
    await flush();
    expect(h.take()).toEqual([gathered(h, hCall, LINEGATHERTERM_CANCEL)]);
    expect(first.value).toBe('1');
    expect(h.tapi.lineGatherDigits(hCall, DTMF, null, 0, null, 0, 0)).toBe(0);
    await flush();
    expect(h.take()).toEqual([gathered(h, hCall, LINEGATHERTERM_CANCEL)]);
    const third = { value: '' };
    h.tapi.lineGatherDigits(hCall, DTMF, third, 4, '#', 0, 0);
    expect(h.tapi.lineDrop(hCall, null, 0)).toBeGreaterThan(0);
    await h.settle();
    expect(h.take().filter((m) => m[0] === 'LINE_GATHERDIGITS')).toEqual([gathered(h, hCall, LINEGATHERTERM_CANCEL)]);
    await h.shutdown();
  });

  it('errors: bad handle, digit mode, buffer, dwNumDigits 0, termination digits, timeouts; NULL with nothing under way is 0', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = await connected(h);
    const buffer = { value: '' };
    expect(h.tapi.lineGatherDigits(0x7777, DTMF, buffer, 4, '#', 0, 0)).toBe(LINEERR_INVALCALLHANDLE);
    expect(h.tapi.lineGatherDigits(hCall, 0, buffer, 4, '#', 0, 0)).toBe(LINEERR_INVALDIGITMODE);
    expect(h.tapi.lineGatherDigits(hCall, LINEDIGITMODE_PULSE, buffer, 4, '#', 0, 0)).toBe(LINEERR_INVALDIGITMODE);
    expect(h.tapi.lineGatherDigits(hCall, DTMF, 'not a buffer' as never, 4, '#', 0, 0)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineGatherDigits(hCall, DTMF, buffer, 0, '#', 0, 0)).toBe(LINEERR_INVALPARAM);
    expect(h.tapi.lineGatherDigits(hCall, DTMF, buffer, 4, '#x', 0, 0)).toBe(LINEERR_INVALDIGITS);
    expect(h.tapi.lineGatherDigits(hCall, DTMF, buffer, 4, '#', -1, 0)).toBe(LINEERR_INVALTIMEOUT);
    expect(h.tapi.lineGatherDigits(hCall, DTMF, buffer, 4, '#', 0, 0x80000000)).toBe(LINEERR_INVALTIMEOUT);
    expect(h.tapi.lineGatherDigits(hCall, DTMF, null, 0, null, 0, 0)).toBe(0);
    await flush();
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });
});
