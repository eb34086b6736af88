/**
 * Audio through the modern API over the simulated far end (rule 13 of the provider contract), on
 * a manual clock: `call.play()` paced at 20 ms a frame and heard by the far end, `call.record()`
 * ending on silence, on its length or with the call, a WAV written to disk, and the refusals
 * (not connected, no audio, a WAV that is not 8 kHz mono 16-bit, a bad length); `call.playTone()`
 * heard at its frequencies and cadence, ended by its signal, a second tone or digits, and refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../../providers/media/pcm.js';
import { levelDbm0 } from '../../../providers/media/level.js';
import { measureTone } from '../../../providers/media/tone-measure.js';
import { encodeWav, readWav, WavFormatError } from '../../../providers/media/wav.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { harness } from '../../support/harness.js';
import { scriptedProvider } from '../../support/scripted-provider.js';

type H = Awaited<ReturnType<typeof harness>>;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Let `ms` of the manual clock pass in 20 ms steps, letting the player's promises run between. */
async function run(h: H, ms: number) {
  for (let t = 0; t < ms; t += 20) {
    await flush();
    h.clock.advance(20);
  }
  await flush();
}

async function connected() {
  const h = await harness({ timing: 'instant' });
  const call = await h.line.makeCall('5550111');
  return { h, call };
}

describe('modern API: audio', () => {
  it('play: a second of 1 kHz is heard by the far end, 50 frames, one every 20 ms of the clock', async () => {
    const { h, call } = await connected();
    const playing = call.play(tone(1000, 1000));
    await run(h, 500);
    expect(h.sim.heard(call.id)!.length).toBeGreaterThanOrEqual(24 * 160); // half of it so far: paced, not all at once
    expect(h.sim.heard(call.id)!.length).toBeLessThanOrEqual(27 * 160);
    await run(h, 600);
    expect(await playing).toEqual({ reason: 'done', frames: 50 });
    const heard = measureTone(h.sim.heard(call.id)!);
    expect(heard?.frequency).toBeCloseTo(1000, -1);
    expect(heard?.durationMs).toBeGreaterThanOrEqual(990);
    await call.drop();
    await h.shutdown();
  });

  it('play a WAV given as bytes; a WAV that is not 8 kHz mono 16-bit is refused with WavFormatError, saying what it found', async () => {
    const { h, call } = await connected();
    const playing = call.play(encodeWav(tone(440, 100)));
    await run(h, 200);
    expect(await playing).toMatchObject({ reason: 'done', frames: 5 });
    const stereo = encodeWav(tone(440, 100));
    new DataView(stereo.buffer).setUint16(22, 2, true); // two channels
    const refused = await call.play(stereo).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WavFormatError);
    expect(String((refused as Error).message)).toMatch(/2 channel/);
    await call.drop();
    await h.shutdown();
  });

  it('record: what the far end says, ended by silence after it; written as a WAV file', async () => {
    const { h, call } = await connected();
    const dir = mkdtempSync(join(tmpdir(), 'xtapi-record-'));
    const path = join(dir, 'message.wav');
    const recording = call.record({ maxMs: 10_000, silenceMs: 500, path });
    h.sim.sayAudio(call.id, concatPcm([tone(600, 800), silence(1000)]));
    await run(h, 1500);
    const done = await recording;
    expect(done.reason).toBe('silence');
    expect(done.durationMs).toBeGreaterThanOrEqual(1300);
    expect(done.durationMs).toBeLessThanOrEqual(1400);
    const file = readWav(new Uint8Array(readFileSync(path)));
    expect(measureTone(file)?.frequency).toBeCloseTo(600, -1);
    rmSync(dir, { recursive: true });
    await call.drop();
    await h.shutdown();
  });

  it('record ends at maxMs; a far end that sends nothing is stopped by the clock; the call ending stops both', async () => {
    const { h, call } = await connected();
    const long = call.record({ maxMs: 200 });
    h.sim.sayAudio(call.id, tone(700, 300));
    await run(h, 400); // the far end has said all it says
    expect(await long).toMatchObject({ reason: 'maxLength', durationMs: 200 });

    const quiet = call.record({ maxMs: 300 });
    await run(h, 500);
    expect((await quiet).reason).toBe('stopped');

    const playing = call.play(tone(500, 5000));
    const recording = call.record({ maxMs: 60_000 });
    await run(h, 100);
    const dropped = call.drop();
    expect(await playing).toMatchObject({ reason: 'cancelled' });
    expect((await recording).reason).toBe('stopped');
    await dropped;
    await h.shutdown();
  });

  it('refusals: INVALCALLSTATE before the call is connected, INVALPARAM for a bad maxMs, OPERATIONUNAVAIL without audio', async () => {
    const h = await harness({ timing: { dialtone: 100, digit: 100 } });
    const making = h.line.makeCall('5550111');
    h.clock.advance(100);
    const call = await making;
    await expect(call.play(tone(440, 100))).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    await expect(call.record({ maxMs: 0 })).rejects.toMatchObject({ code: 'INVALPARAM' });
    await expect(call.record({ maxMs: 100 })).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    const dropped = call.drop();
    h.clock.runAll();
    await dropped;
    await h.shutdown();

    // A provider whose calls carry no audio (no `media` method).
    const provider = scriptedProvider();
    const telephony = createTelephony({ providers: [provider], clock: new ManualClock() });
    const line = await telephony.openLine(0);
    const placing = line.makeCall('5550111');
    await vi.waitFor(() => expect(provider.calls).toHaveLength(1));
    provider.calls[0].report({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    const silent = await placing;
    await expect(silent.play(tone(440, 100))).rejects.toMatchObject({ code: 'OPERATIONUNAVAIL' });
    await expect(silent.record({ maxMs: 100 })).rejects.toMatchObject({ code: 'OPERATIONUNAVAIL' });
    const ending = silent.drop();
    provider.calls[0].report({ type: 'PROVIDER.IDLE' });
    await ending;
    await telephony.shutdown();
  });
});

describe('call.playTone', () => {
  it('busy for 2 s: heard as 0.5 s on, 0.5 s off, twice, its loudest part in the 480-620 Hz pair; resolves done', async () => {
    const { h, call } = await connected();
    const playing = call.playTone('busy', { durationMs: 2000 });
    await run(h, 2100);
    expect(await playing).toBe('done');
    const heard = h.sim.heard(call.id)!;
    expect(heard.length).toBe(16_000);
    const on = (from: number) => levelDbm0(heard, from * 8, (from + 500) * 8) > -40;
    expect([on(0), on(500), on(1000), on(1500)]).toEqual([true, false, true, false]);
    const measured = measureTone(heard.subarray(0, 4000))!;
    expect(measured.frequency).toBeGreaterThan(470);
    expect(measured.frequency).toBeLessThan(630);
    await call.drop();
    await h.shutdown();
  });

  it('with no length it sounds until the signal aborts it (cancelled); a second tone, or digits sent, ends the first', async () => {
    const { h, call } = await connected();
    const abort = new AbortController();
    const ringback = call.playTone('ringback', { signal: abort.signal });
    await run(h, 7000);
    abort.abort();
    expect(await ringback).toBe('cancelled');
    const beep = call.playTone('beep');
    await run(h, 100);
    const busy = call.playTone('busy', { durationMs: 1000 });
    expect(await beep).toBe('cancelled');
    await run(h, 100);
    await call.sendDigits('1');
    expect(await busy).toBe('cancelled');
    await call.drop();
    await h.shutdown();
  });

  it('refuses an unknown tone or a bad length (INVALPARAM), and a call that is not connected (INVALCALLSTATE)', async () => {
    const { h, call } = await connected();
    await expect(call.playTone('siren' as 'busy')).rejects.toMatchObject({ code: 'INVALPARAM' });
    await expect(call.playTone('toString' as 'busy')).rejects.toMatchObject({ code: 'INVALPARAM' });
    await expect(call.playTone('busy', { durationMs: -1 })).rejects.toMatchObject({ code: 'INVALPARAM' });
    await expect(call.playTone('busy', { durationMs: 1.5 })).rejects.toMatchObject({ code: 'INVALPARAM' });
    await call.drop();
    await expect(call.playTone('busy', { durationMs: 100 })).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    await h.shutdown();
  });
});
