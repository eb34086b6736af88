/**
 * `call.playTone()` over the simulated far end, on a manual clock: a busy tone heard at its
 * frequencies and cadence for its length, a tone until the signal aborts it, one tone per call
 * (a second one, or digits sent, ends the first), and the refusals (an unknown tone, a bad length,
 * a call that is not connected).
 */
import { describe, expect, it } from 'vitest';
import { levelDbm0 } from '../../../providers/media/level.js';
import { measureTone } from '../../../providers/media/tone-measure.js';
import { harness } from '../../support/harness.js';

type H = Awaited<ReturnType<typeof harness>>;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Let `ms` of the manual clock pass in 20 ms steps, letting promises run between. */
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
