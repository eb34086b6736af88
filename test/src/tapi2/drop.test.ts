/**
 * lineDrop in every state a call can be reported in, and lineDeallocateCall's reading: a call
 * is deallocated once it is IDLE (before: LINEERR_INVALCALLSTATE), and every request still gets
 * its LINE_REPLY when the handle is deallocated before the reply is delivered.
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLFEATURE_DIAL,
  LINECALLFEATURE_DROP,
  LINECALLFEATURE_GATHERDIGITS,
  LINECALLFEATURE_MONITORTONES,
  LINECALLFEATURE_MONITORDIGITS,
  LINECALLSTATE_BUSY,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALING,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_PROCEEDING,
  LINECALLSTATE_RINGBACK,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  type LINECALLSTATUS,
} from '../../../src/tapi2/index.js';
import { flush, type Harness, INST, tapi2Harness } from './tapi2-harness.js';

const status = (h: Harness, hCall: number) => {
  const s = {} as LINECALLSTATUS;
  expect(h.tapi.lineGetCallStatus(hCall, s)).toBe(0);
  return s;
};

/** How to bring a call into each state on the default-timed switch. */
const SCENARIOS: Array<[string, number, string | null, number, Record<string, { outcome: 'busy' | 'answer' | 'no-answer'; hangupAfterMs?: number }>]> = [
  ['dialtone (null address)', LINECALLSTATE_DIALTONE, null, 100, {}],
  ['dialing (partial address)', LINECALLSTATE_DIALING, '9;', 150, {}],
  ['proceeding', LINECALLSTATE_PROCEEDING, '5550111', 650, {}],
  ['ringback', LINECALLSTATE_RINGBACK, '5550111', 850, {}],
  ['busy', LINECALLSTATE_BUSY, '5550199', 850, { '5550199': { outcome: 'busy' } }],
  ['connected', LINECALLSTATE_CONNECTED, '5550111', 1850, {}],
  ['disconnected (far-end hang-up)', LINECALLSTATE_DISCONNECTED, '5550111', 1850 + 1000, { '5550111': { outcome: 'answer', hangupAfterMs: 1000 } }],
];

describe('lineDrop in every state', () => {
  it.each(SCENARIOS)('drop in %s: the call ends IDLE and the drop is answered with 0', async (_name, lineState, address, ms, numbers) => {
    const h = await tapi2Harness({ numbers });
    const { hCall } = h.makeCall(address);
    await h.advance(ms);
    const c = hCall.value;
    expect(status(h, c).dwCallState).toBe(lineState);
    expect(status(h, c).dwCallFeatures & LINECALLFEATURE_DROP).toBe(LINECALLFEATURE_DROP);
    h.take();
    const drop = h.tapi.lineDrop(c, null, 0);
    expect(drop).toBeGreaterThan(0);
    // While the switch confirms the drop, the call is still in its state, as TAPI shows it.
    expect(status(h, c).dwCallState).toBe(lineState);
    await h.advance(20);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_REPLY', 0, INST, drop, 0, 0],
    ]);
    expect(status(h, c)).toMatchObject({ dwCallState: LINECALLSTATE_IDLE, dwCallFeatures: 0 });
    await h.shutdown();
  });

  it('drop in IDLE is LINEERR_INVALCALLSTATE, and sends nothing', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    h.tapi.lineDrop(hCall.value, null, 0);
    await flush();
    h.take();
    expect(h.tapi.lineDrop(hCall.value, null, 0)).toBe(LINEERR_INVALCALLSTATE);
    await flush();
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });

  it('a second drop while the first is pending gets its own reply', async () => {
    const h = await tapi2Harness({ timing: { drop: 50 } });
    const { hCall } = h.makeCall('5550111');
    await h.advance(3000);
    const c = hCall.value;
    h.take();
    const first = h.tapi.lineDrop(c, null, 0);
    await h.advance(10);
    const second = h.tapi.lineDrop(c, null, 0);
    expect(second).toBeGreaterThan(first);
    await h.advance(40);
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', c, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_REPLY', 0, INST, first, 0, 0],
      ['LINE_REPLY', 0, INST, second, 0, 0],
    ]);
    await h.shutdown();
  });

  it('features follow the chart: DIAL only while the address is incomplete, DROP until IDLE', async () => {
    const h = await tapi2Harness();
    const { hCall } = h.makeCall('9;');
    await h.advance(150);
    // lineGatherDigits and lineMonitorDigits take a call in any state but disconnected.
    expect(status(h, hCall.value).dwCallFeatures).toBe(LINECALLFEATURE_DIAL | LINECALLFEATURE_DROP | LINECALLFEATURE_GATHERDIGITS | LINECALLFEATURE_MONITORDIGITS | LINECALLFEATURE_MONITORTONES);
    h.tapi.lineDial(hCall.value, '5550111', 0);
    await flush();
    expect(status(h, hCall.value).dwCallFeatures).toBe(LINECALLFEATURE_DROP | LINECALLFEATURE_GATHERDIGITS | LINECALLFEATURE_MONITORDIGITS | LINECALLFEATURE_MONITORTONES);
    await h.shutdown();
  });
});

describe('lineDeallocateCall (reading taken: only an IDLE call)', () => {
  it('refuses a live call, frees an IDLE one; the handle is then invalid', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    const c = hCall.value;
    expect(h.tapi.lineDeallocateCall(c)).toBe(LINEERR_INVALCALLSTATE);
    h.tapi.lineDrop(c, null, 0);
    expect(h.tapi.lineDeallocateCall(c)).toBe(0);
    expect(h.tapi.lineDeallocateCall(c)).toBe(LINEERR_INVALCALLHANDLE);
    expect(h.tapi.lineGetCallStatus(c, {})).toBe(LINEERR_INVALCALLHANDLE);
    await h.shutdown();
  });

  it('every request gets its LINE_REPLY even when the call is deallocated first; its states do not come', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    const c = hCall.value;
    h.take();
    // Instant drop: IDLE and the reply are queued within lineDrop, not delivered yet.
    const drop = h.tapi.lineDrop(c, null, 0);
    expect(h.tapi.lineDeallocateCall(c)).toBe(0);
    await flush();
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, drop, 0, 0]]);
    await h.shutdown();
  });
});
