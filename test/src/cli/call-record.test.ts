/**
 * `xtapi call --record` in process, on a manual clock, the far end talking through the simulated
 * switch (`sim.sayAudio()`): the recording ends at `--record-max`, at `--record-silence` once the
 * far end has spoken, or when the far end hangs up (and is written all the same, as a message left
 * on a machine is); `--hangup-after` counts from its end. A provider with no audio says
 * LINEERR_OPERATIONUNAVAIL, and a file that cannot be written by then (its folder went away) is
 * said with the system's code, never a crash. The file is written with real I/O while the manual
 * clock moves on, so times after a recording's end are not pinned (what the recording holds is).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { concatPcm } from '../../../providers/media/pcm.js';
import { readWav } from '../../../providers/media/wav.js';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { OTHER_NUMBERS, planNumbers } from '../../../src/cli/number-plan.js';
import { callOnClock, checkedJsonLines } from '../../support/cli-on-clock.js';
import { writeWavFiles } from '../../support/wav-files.js';
import { holdingProvider } from '../phone/holding-provider.js';

const wav = writeWavFiles();
afterAll(() => wav.remove());

/** The switch of the number plan, whose far end says `pcm` as soon as the call connects. */
function talking(pcm: Int16Array) {
  const sim = simulatedProvider({ numbers: planNumbers(), defaultOutcome: OTHER_NUMBERS.entry });
  let said = false;
  const step = () => {
    if (!said) said = sim.calls().some((call) => sim.sayAudio(call.callId, pcm));
  };
  return { sim, step };
}

/** `ms` of silence (what a SIP far end sends between words: frames of zeros). */
const silence = (ms: number) => new Int16Array((ms * 8000) / 1000);

const at = (line: string) => Number(line.split(' ')[0]);

describe('xtapi call --record', () => {
  it('--record-silence 1: the far end speaks 1 s, then is silent: the recording ends 1 s into the silence, is written, and the call is hung up --hangup-after later', async () => {
    const out = join(wav.dir, 'silence.wav');
    const { sim, step } = talking(concatPcm([tone(440, 1000), silence(3000)]));
    const { status, progress } = await callOnClock(['5550177', '--record', out, '--record-max', '10', '--record-silence', '1', '--hangup-after', '100'], sim, step);
    expect(status).toBe(0);
    const connected = progress.findIndex((l) => / c1 connected ACTIVE$/.test(l));
    const recorded = progress[connected + 1];
    expect(recorded).toMatch(new RegExp(`^\\d+ c1 recorded "${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}": silence, 2\\.00 s$`));
    expect(progress.slice(connected + 2)).toEqual([`${at(recorded) + 100} c1 dropping`, `${at(recorded) + 120} c1 ended`]);
    // What the far end said, and the second of silence that ended it.
    const samples = readWav(new Uint8Array(readFileSync(out)));
    expect(samples.length).toBe(16_000);
    expect(samples.subarray(0, 8000)).toEqual(tone(440, 1000));
  });

  it('--record-max 2: the far end speaks 3 s, the recording stops at 2.00 s (maxLength); --json: the recorded line in the schema', async () => {
    const out = join(wav.dir, 'max.wav');
    const { sim, step } = talking(tone(440, 3000));
    const { status, out: lines } = await callOnClock(['5550177', '--record', out, '--record-max', '2', '--hangup-after', '0', '--json'], sim, step);
    expect(status).toBe(0);
    const json = checkedJsonLines(lines);
    expect(json.filter((l) => 'recorded' in l)).toEqual([{ t: expect.any(Number), call: 'c1', recorded: out, reason: 'maxLength', ms: 2000 }]);
    expect(readWav(new Uint8Array(readFileSync(out))).length).toBe(16_000);
  });

  it('the far end hangs up while it speaks (5550166, after 5 s): the recording is stopped, written, and the call ended by the far end', async () => {
    const out = join(wav.dir, 'hungup.wav');
    const { sim, step } = talking(tone(440, 8000));
    const { status, progress, out: text } = await callOnClock(['5550166', '--record', out], sim, step);
    expect(status).toBe(0);
    // The far end hangs up 5 s after the answer, a frame every 20 ms until then (within a step of the clock).
    expect(progress.at(-1)).toMatch(/ c1 recorded ".*": stopped, (4\.9\d|5\.0\d) s$/);
    // Connected until the far end hung up, however long the file then takes to write.
    expect(text.at(-1)).toBe('connected for 5.0 s; ended by the far end (LINEDISCONNECTMODE_NORMAL)');
    expect(readWav(new Uint8Array(readFileSync(out))).length).toBeGreaterThanOrEqual(4.9 * 8000);
  });

  it('--play then --record: the greeting first, then the far end is recorded', async () => {
    const out = join(wav.dir, 'after-greeting.wav');
    const { sim, step } = talking(tone(440, 3000));
    const { progress } = await callOnClock(['5550177', '--play', wav.greeting, '--record', out, '--record-max', '1', '--hangup-after', '0'], sim, step);
    const media = progress.filter((l) => / c1 (played|recorded) /.test(l));
    expect(media.map((l) => l.replace(/^\d+ c1 (\w+) .*: /, '$1 '))).toEqual(['played done, 15 frames (0.30 s)', 'recorded maxLength, 1.00 s']);
    expect(at(media[1]) - at(media[0])).toBeGreaterThanOrEqual(1000);
    expect(readWav(new Uint8Array(readFileSync(out)))).toEqual(tone(440, 3000).subarray(0, 8000));
  });

  it('a provider that carries no audio: the recorded line says LINEERR_OPERATIONUNAVAIL, and the call is hung up all the same', async () => {
    const out = join(wav.dir, 'never.wav');
    const { status, out: lines } = await callOnClock(['5550111', '--record', out, '--hangup-after', '100', '--json'], holdingProvider());
    expect(status).toBe(0);
    expect(checkedJsonLines(lines).filter((l) => 'recorded' in l)).toEqual([
      { t: expect.any(Number), call: 'c1', recorded: out, reason: null, ms: 0, error: 'LINEERR_OPERATIONUNAVAIL', message: 'the provider carries no audio for this call (record)' },
    ]);
  });

  it("the file's folder is gone by the end of the recording: the recorded line says ENOENT, not written, and the call goes on to its end", async () => {
    const gone = writeWavFiles();
    const out = join(gone.dir, 'lost.wav');
    const { sim, step } = talking(tone(440, 3000));
    let removed = false;
    const { status, progress, out: text } = await callOnClock(['5550177', '--record', out, '--record-max', '1', '--hangup-after', '0'], sim, () => {
      step();
      if (!removed && sim.calls().some((call) => call.phase === 'connected')) removed = (rmSync(gone.dir, { recursive: true, force: true }), true);
    });
    expect(status).toBe(0);
    expect(progress.find((l) => / recorded /.test(l))).toMatch(/ c1 recorded ".*lost\.wav": not written: ENOENT: /);
    expect(text.at(-1)).toMatch(/^connected for \d+\.\d s; ended by us \(LINEDISCONNECTMODE_NORMAL\)$/);
  });
});
