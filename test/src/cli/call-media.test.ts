/**
 * `--play` and `--gather` on one call, over the simulated switch on a manual clock: the file is
 * heard by the far end (the playback is done when its last frame is out, 280 ms for 300 ms), then the digits are gathered; keys pressed during the file are reported
 * but not gathered; a call that ends during the file cancels it and gathers nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SaidDigits } from '../../../providers/simulated/index.js';
import { GATHER_RULES, runMedia } from '../../../src/cli/call-media.js';
import type { MediaEvent } from '../../../src/cli/media-lines.js';
import { readPlayFile } from '../../../src/cli/play-file.js';
import { harness } from '../../support/harness.js';
import { writeWavFiles } from '../../support/wav-files.js';

const wav = writeWavFiles();
afterAll(() => wav.remove());
const greeting = readPlayFile('--play', wav.greeting);

/** A call to a far end that answers and presses `says`, with `plan` run on it; the events at their times. */
async function media(says: SaidDigits, gather: number | null, dropAfter: number | null = null) {
  const h = await harness({ timing: 'instant', numbers: { '5550199': { outcome: 'answer', says } } });
  const call = await h.line.makeCall('5550199');
  await call.until('connected');
  const start = h.clock.now();
  const events: Array<[number, MediaEvent]> = [];
  let over = false;
  const running = runMedia(call, { play: greeting, gather: gather === null ? null : { max: gather, ...GATHER_RULES }, record: null }, (event) => events.push([h.clock.now() - start, event])).then(() => (over = true));
  if (dropAfter !== null) h.clock.setTimeout(() => void call.drop(), dropAfter);
  for (let i = 0; !over && i < 1000; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    h.clock.advance(10);
  }
  await running;
  const heard = h.sim.heard(call.id)?.length ?? 0;
  await call.drop();
  await h.shutdown();
  return { events, heard };
}

describe('runMedia', () => {
  it('plays the file (heard by the far end, 15 frames), then gathers: each key, then the digits with TERMDIGIT', async () => {
    const { events, heard } = await media({ digits: '12#', afterMs: 500, intervalMs: 100 }, 4);
    expect(heard).toBe(2400);
    expect(events).toEqual([
      [280, { kind: 'played', file: wav.greeting, result: { reason: 'done', frames: 15 } }],
      [500, { kind: 'dtmf', digit: '1', via: null }],
      [600, { kind: 'dtmf', digit: '2', via: null }],
      [700, { kind: 'dtmf', digit: '#', via: null }],
      [700, { kind: 'digits', gathered: { digits: '12#', termination: 'TERMDIGIT' } }],
    ]);
  });

  it('a key pressed during the file is reported but not gathered: the gathering, started at its end, times out', async () => {
    const { events } = await media({ digits: '9', afterMs: 100 }, 4);
    expect(events.map(([t, event]) => [t, event.kind, 'gathered' in event ? event.gathered : null])).toEqual([
      [100, 'dtmf', null],
      [280, 'played', null],
      [5280, 'digits', { digits: '', termination: 'FIRSTTIMEOUT' }],
    ]);
  });

  it('gathering stops at --gather digits: BUFFERFULL', async () => {
    const { events } = await media({ digits: '1234', afterMs: 400, intervalMs: 50 }, 2);
    expect(events.at(-1)).toEqual([450, { kind: 'digits', gathered: { digits: '12', termination: 'BUFFERFULL' } }]);
  });

  it('the call ends during the file: the playback is cancelled, and nothing is gathered', async () => {
    const { events } = await media({ digits: '1#', afterMs: 500 }, 4, 100);
    expect(events).toEqual([[100, { kind: 'played', file: wav.greeting, result: { reason: 'cancelled', frames: 5 } }]]);
  });
});
