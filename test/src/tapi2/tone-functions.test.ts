/**
 * lineGenerateTone / LINE_GENERATE and lineMonitorTones / LINE_MONITORTONE over the simulated far
 * end's audio on a manual clock: the tones the far end hears (frequency, cadence, length), DONE at
 * the end of dwDuration, CANCEL for dwToneMode 0, a new tone, lineGenerateDigits and the far end
 * hanging up; tones heard for their duration, silence from a far end that sends nothing, a list
 * replaced and turned off; every error code of Microsoft's pages; LINEDEVCAPS and call features.
 */
import { describe, expect, it } from 'vitest';
import { CALL_PROGRESS_TONES } from '../../../providers/media/call-progress-tones.js';
import { goertzelPower } from '../../../providers/media/goertzel.js';
import { meanSquare } from '../../../providers/media/level.js';
import { msToSamples } from '../../../providers/media/pcm.js';
import { measureTone } from '../../../providers/media/tone-measure.js';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../../providers/media/pcm.js';
import {
  LINECALLFEATURE_GENERATETONE,
  LINECALLFEATURE_MONITORTONES,
  LINECALLPRIVILEGE_MONITOR,
  LINECALLSTATE_CONNECTED,
  LINEDIGITMODE_DTMF,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  LINEERR_INVALPARAM,
  LINEERR_INVALPOINTER,
  LINEERR_INVALTONE,
  LINEERR_INVALTONEMODE,
  LINEERR_NOTOWNER,
  LINEERR_OPERATIONUNAVAIL,
  LINEERR_RESOURCEUNAVAIL,
  LINEGENERATETERM_CANCEL,
  LINEGENERATETERM_DONE,
  LINEMEDIAMODE_INTERACTIVEVOICE,
  LINETONEMODE_BEEP,
  LINETONEMODE_BILLING,
  LINETONEMODE_BUSY,
  LINETONEMODE_CUSTOM,
  LINETONEMODE_RINGBACK,
  type LINECALLSTATUS,
  type LINEDEVCAPS,
  type LINEMONITORTONE,
} from '../../../src/tapi2/index.js';
import { scriptedProvider } from '../../support/scripted-provider.js';
import { flush, type Harness, INST, tapi2Harness, V22 } from './tapi2-harness.js';

/** A connected call on the instant switch, its messages taken; `callId` is the switch's id of it. */
async function connected(h: Harness, number = '5550111') {
  const { hCall } = h.makeCall(number);
  await flush();
  const status = {} as LINECALLSTATUS;
  expect(h.tapi.lineGetCallStatus(hCall.value, status)).toBe(0);
  expect(status.dwCallState).toBe(LINECALLSTATE_CONNECTED);
  h.take();
  return { hCall: hCall.value, callId: h.sim.calls().at(-1)!.callId };
}

const generated = (hCall: number, term: number, at: number) => ['LINE_GENERATE', hCall, INST, term, 0, at];
const toneHeard = (hCall: number, tag: number, at: number) => ['LINE_MONITORTONE', hCall, INST, tag, 0, at];
const custom = (dwFrequency: number, dwCadenceOn = 100, dwCadenceOff = 0, dwVolume = 0xffff) => ({ dwFrequency, dwCadenceOn, dwCadenceOff, dwVolume });
const entry = (dwAppSpecific: number, dwDuration: number, dwFrequency1 = 0, dwFrequency2 = 0, dwFrequency3 = 0): LINEMONITORTONE => ({ dwAppSpecific, dwDuration, dwFrequency1, dwFrequency2, dwFrequency3 });
/** The share of `samples`' power at `frequencies`. */
const share = (samples: Int16Array, frequencies: number[]) => frequencies.reduce((sum, f) => sum + goertzelPower(samples, f), 0) / meanSquare(samples);

describe('lineGenerateTone', () => {
  it('BUSY for 2 s: 0 at once, the far end hears 480 + 620 Hz half a second on, half off, LINE_GENERATE DONE at 2 s', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    const start = h.clock.now();
    expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_BUSY, 2000, 0, null)).toBe(0);
    await h.advance(1990);
    expect(h.take()).toEqual([]);
    await h.advance(10);
    expect(h.take()).toEqual([generated(hCall, LINEGENERATETERM_DONE, start + 2000)]);
    const heard = h.sim.heard(callId)!;
    expect(heard.length).toBe(msToSamples(2000));
    const burst = measureTone(heard)!;
    expect([burst.startMs, burst.durationMs]).toEqual([0, 500]);
    expect(share(heard.subarray(0, msToSamples(500)), [480, 620])).toBeGreaterThan(0.99);
    expect(heard).toEqual(CALL_PROGRESS_TONES.busy.tone.samples(2000));
    await h.shutdown();
  });

  it('CUSTOM: one LINEGENERATETONE component, its frequency, cadence and length; the last frame cut to dwDuration', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_CUSTOM, 650, 1, [custom(1000, 200, 100, 0x8000)])).toBe(0);
    await h.advance(640);
    expect(h.take()).toEqual([]);
    // Done as the frame that ends it is over.
    await h.advance(20);
    expect(h.take()).toEqual([generated(hCall, LINEGENERATETERM_DONE, 660)]);
    const heard = h.sim.heard(callId)!;
    const first = measureTone(heard)!;
    expect(first.frequency).toBeCloseTo(1000, 0);
    expect([first.startMs, first.durationMs]).toEqual([0, 200]);
    // The second burst starts at 300 ms; the third at 600 ms is cut at 650 ms.
    expect(measureTone(heard.subarray(msToSamples(300), msToSamples(600)))!.durationMs).toBe(200);
    expect(measureTone(heard.subarray(msToSamples(600)))!.durationMs).toBe(50);
    expect(heard.length).toBe(msToSamples(660));
    await h.shutdown();
  });

  it('dwDuration 0: RINGBACK until cancelled; dwToneMode 0 cancels it (LINE_GENERATE CANCEL) and nothing more is sent', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_RINGBACK, 0, 0, null)).toBe(0);
    await h.advance(7000);
    expect(h.take()).toEqual([]);
    expect(h.tapi.lineGenerateTone(hCall, 0, 0, 0, null)).toBe(0);
    await h.advance(1000);
    expect(h.take()).toEqual([generated(hCall, LINEGENERATETERM_CANCEL, 7000)]);
    // The frame due at 7000 ms had gone: nothing after it.
    expect(h.sim.heard(callId)!.length).toBe(msToSamples(7020));
    // Nothing under way: 0, and no message.
    expect(h.tapi.lineGenerateTone(hCall, 0, 0, 0, null)).toBe(0);
    await flush();
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });

  it('one generation per call: a new tone cancels the one under way, and so does lineGenerateDigits (CANCEL before DONE)', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = await connected(h);
    expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_BEEP, 0, 0, null)).toBe(0);
    await h.advance(100);
    expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_BILLING, 0, 0, null)).toBe(0);
    await h.advance(500);
    expect(h.tapi.lineGenerateDigits(hCall, LINEDIGITMODE_DTMF, '1', 0)).toBe(0);
    await h.advance(2000);
    expect(h.take()).toEqual([
      generated(hCall, LINEGENERATETERM_CANCEL, 100),
      generated(hCall, LINEGENERATETERM_CANCEL, 600),
      generated(hCall, LINEGENERATETERM_DONE, 600),
    ]);
    await h.shutdown();
  });

  it('BILLING with dwDuration 0 is one cycle of a second; the far end hanging up cancels a tone under way', async () => {
    const h = await tapi2Harness({ timing: 'instant', numbers: { '5550122': { outcome: 'answer', hangupAfterMs: 300 } } });
    const { hCall } = await connected(h);
    expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_BILLING, 0, 0, null)).toBe(0);
    await h.advance(1000);
    expect(h.take()).toEqual([generated(hCall, LINEGENERATETERM_DONE, 1000)]);
    const { hCall: hanging } = await connected(h, '5550122');
    expect(h.tapi.lineGenerateTone(hanging, LINETONEMODE_BUSY, 0, 0, null)).toBe(0);
    await h.advance(300);
    expect(h.take().filter(([name]) => name === 'LINE_GENERATE')).toEqual([generated(hanging, LINEGENERATETERM_CANCEL, 1300)]);
    await h.shutdown();
  });

  it('errors: a bad handle, a monitor, a bad tone mode, bad custom tones and lists, a bad duration, a call not connected', async () => {
    const h = await tapi2Harness({ timing: 'instant', numbers: { '5550122': { outcome: 'answer', hangupAfterMs: 100 } } });
    const { hCall } = await connected(h);
    expect(h.tapi.lineGenerateTone(0x7777, LINETONEMODE_BUSY, 0, 0, null)).toBe(LINEERR_INVALCALLHANDLE);
    for (const mode of [LINETONEMODE_BUSY | LINETONEMODE_BEEP, 0x20, 0x80000000, 1.5, 'busy' as unknown as number]) {
      expect(h.tapi.lineGenerateTone(hCall, mode, 0, 0, null)).toBe(LINEERR_INVALTONEMODE);
    }
    const invalTone = [
      [0, [custom(1000)]],
      [4, [custom(300), custom(600), custom(900), custom(1200)]],
      [1, [custom(0)]],
      [1, [custom(4000)]],
      [1, [custom(1000, 100, 0, 0x10000)]],
      [1, [{ ...custom(1000), dwCadenceOn: -0.5 }]],
    ] as const;
    for (const [count, list] of invalTone) expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_CUSTOM, 0, count, list)).toBe(LINEERR_INVALTONE);
    for (const [count, list] of [[1, null], [2, [custom(1000)]], [1, [null]], [1, 'tones']] as const) {
      expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_CUSTOM, 0, count, list as never)).toBe(LINEERR_INVALPOINTER);
    }
    expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_BUSY, 2.5, 0, null)).toBe(LINEERR_INVALPARAM);
    const { hCall: hanging } = await connected(h, '5550122');
    await h.advance(100); // the far end hangs up: DISCONNECTED
    expect(h.tapi.lineGenerateTone(hanging, LINETONEMODE_BUSY, 0, 0, null)).toBe(LINEERR_INVALCALLSTATE);
    expect(h.take().filter(([name]) => name === 'LINE_GENERATE')).toEqual([]);
    await h.shutdown();
  });

  it('LINEERR_NOTOWNER for a call the application only monitors, which may still monitor tones', async () => {
    const h = await tapi2Harness({}, { noOpen: true });
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, h.hLine, V22, 0, INST, LINECALLPRIVILEGE_MONITOR, LINEMEDIAMODE_INTERACTIVEVOICE, null)).toBe(0);
    await flush();
    h.sim.offerCall(0, { from: '5550123' });
    await flush();
    const hCall = h.take().find(([name]) => name === 'LINE_APPNEWCALL')?.[4] ?? 0;
    expect(hCall).toBeGreaterThan(0);
    expect(h.tapi.lineGenerateTone(hCall, LINETONEMODE_BUSY, 0, 0, null)).toBe(LINEERR_NOTOWNER);
    expect(h.tapi.lineMonitorTones(hCall, [entry(1, 100, 1000)], 1)).toBe(0);
    await h.shutdown();
  });

  it('LINEERR_OPERATIONUNAVAIL on a connected call whose provider carries no audio; no GENERATETONE feature there', async () => {
    const provider = scriptedProvider();
    const h = await tapi2Harness({}, { providers: [provider] });
    const { hCall } = h.makeCall('5550111');
    await flush();
    provider.calls[0].report({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    await flush();
    const status = {} as LINECALLSTATUS;
    expect(h.tapi.lineGetCallStatus(hCall.value, status)).toBe(0);
    expect(status.dwCallFeatures & LINECALLFEATURE_GENERATETONE).toBe(0);
    expect(status.dwCallFeatures & LINECALLFEATURE_MONITORTONES).toBe(LINECALLFEATURE_MONITORTONES);
    expect(h.tapi.lineGenerateTone(hCall.value, LINETONEMODE_BUSY, 0, 0, null)).toBe(LINEERR_OPERATIONUNAVAIL);
    expect(h.tapi.lineDrop(hCall.value, null, 0)).toBeGreaterThan(0);
    provider.calls[0].report({ type: 'PROVIDER.IDLE' });
    await h.shutdown();
  });

  it('LINEDEVCAPS: every tone mode, three frequencies each way, 16 tones monitored; a connected call has GENERATETONE', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const caps = { dwTotalSize: 4096 } as LINEDEVCAPS;
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 0, V22, 0, caps)).toBe(0);
    expect([caps.dwGenerateToneModes, caps.dwGenerateToneMaxNumFreq, caps.dwMonitorToneMaxNumFreq, caps.dwMonitorToneMaxNumEntries]).toEqual([0x1f, 3, 3, 16]);
    const { hCall } = await connected(h);
    const status = {} as LINECALLSTATUS;
    expect(h.tapi.lineGetCallStatus(hCall, status)).toBe(0);
    expect(status.dwCallFeatures & (LINECALLFEATURE_GENERATETONE | LINECALLFEATURE_MONITORTONES)).toBe(LINECALLFEATURE_GENERATETONE | LINECALLFEATURE_MONITORTONES);
    await h.shutdown();
  });
});

describe('lineMonitorTones', () => {
  it('LINE_MONITORTONE (dwParam1 dwAppSpecific, dwParam3 the tick count) for each busy burst heard for dwDuration', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    expect(h.tapi.lineMonitorTones(hCall, [entry(7, 400, 480, 620), entry(8, 300, 440, 480)], 2)).toBe(0);
    h.sim.sayAudio(callId, CALL_PROGRESS_TONES.busy.tone.samples(2000));
    await h.advance(2100);
    // The far end's frames start at 0 ms; 400 ms of tone is the 20th frame, heard at 380 ms.
    expect(h.take()).toEqual([toneHeard(hCall, 7, 380), toneHeard(hCall, 7, 1380)]);
    await h.shutdown();
  });

  it('a new list replaces the old, NULL turns it off, an empty list too', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall, callId } = await connected(h);
    expect(h.tapi.lineMonitorTones(hCall, [entry(1, 100, 1000)], 1)).toBe(0);
    expect(h.tapi.lineMonitorTones(hCall, [entry(2, 100, 1000)], 1)).toBe(0);
    h.sim.sayAudio(callId, concatPcm([tone(1000, 200), silence(100)]));
    await h.advance(300);
    expect(h.take()).toEqual([toneHeard(hCall, 2, 80)]);
    expect(h.tapi.lineMonitorTones(hCall, null, 0)).toBe(0);
    h.sim.sayAudio(callId, tone(1000, 200));
    await h.advance(300);
    expect(h.tapi.lineMonitorTones(hCall, [entry(3, 100, 1000)], 0)).toBe(0);
    h.sim.sayAudio(callId, tone(1000, 200));
    await h.advance(300);
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });

  it('silence (all frequencies 0): a far end that sends nothing is silent for the duration; set before the call connects', async () => {
    const h = await tapi2Harness({ numbers: { '5550133': { outcome: 'answer', rings: 2 } } });
    const { hCall } = h.makeCall('5550133');
    // As soon as the application holds the handle (the make's LINE_REPLY), before the answer.
    for (let i = 0; i < 100 && h.tapi.lineMonitorTones(hCall.value, [entry(9, 3000)], 1) !== 0; i++) await h.advance(10);
    const status = {} as LINECALLSTATUS;
    for (let i = 0; i < 3000; i++) {
      await h.advance(10);
      expect(h.tapi.lineGetCallStatus(hCall.value, status)).toBe(0);
      if (status.dwCallState === LINECALLSTATE_CONNECTED) break;
    }
    expect(status.dwCallState).toBe(LINECALLSTATE_CONNECTED);
    const connectedAt = h.clock.now();
    h.take();
    await h.advance(2990);
    expect(h.take()).toEqual([]);
    await h.advance(100);
    const heard = h.take();
    expect(heard).toEqual([toneHeard(hCall.value, 9, expect.any(Number) as never)]);
    // Three seconds of silence, to a frame or two (the frames are made up as they are missed).
    expect(heard[0][5] - connectedAt).toBeGreaterThanOrEqual(3000);
    expect(heard[0][5] - connectedAt).toBeLessThanOrEqual(3060);
    // Reported once per stretch of silence.
    await h.advance(5000);
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });

  it('errors: a bad handle, a list that is no array or shorter than dwNumEntries, a tone the receiver cannot hear, too many, an idle call', async () => {
    const h = await tapi2Harness({ timing: 'instant', numbers: { '5550122': { outcome: 'answer', hangupAfterMs: 100 } } });
    const { hCall } = await connected(h);
    expect(h.tapi.lineMonitorTones(0x7777, [entry(1, 100, 1000)], 1)).toBe(LINEERR_INVALCALLHANDLE);
    for (const [list, count] of [['tones', 1], [[entry(1, 100, 1000)], 2], [[null], 1], [[entry(1, 100, 1000)], -0.5]] as const) {
      expect(h.tapi.lineMonitorTones(hCall, list as never, count)).toBe(LINEERR_INVALPOINTER);
    }
    for (const bad of [entry(1, 100, 4000), entry(1, 100, 440, 450), { ...entry(1, 100, 1000), dwDuration: 'long' }]) {
      expect(h.tapi.lineMonitorTones(hCall, [bad as LINEMONITORTONE], 1)).toBe(LINEERR_INVALTONE);
    }
    const many = Array.from({ length: 17 }, (_, i) => entry(i, 100, 300 + 100 * i));
    expect(h.tapi.lineMonitorTones(hCall, many, 17)).toBe(LINEERR_RESOURCEUNAVAIL);
    expect(h.tapi.lineMonitorTones(hCall, many, 16)).toBe(0);
    const { hCall: hanging } = await connected(h, '5550122');
    await h.advance(100);
    expect(h.tapi.lineMonitorTones(hanging, [entry(1, 100, 1000)], 1)).toBe(0); // DISCONNECTED is not idle
    expect(h.tapi.lineDrop(hanging, null, 0)).toBeGreaterThan(0);
    await h.advance(10);
    expect(h.tapi.lineMonitorTones(hanging, [entry(1, 100, 1000)], 1)).toBe(LINEERR_INVALCALLSTATE);
    await h.shutdown();
  });
});
