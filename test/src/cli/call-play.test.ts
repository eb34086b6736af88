/**
 * `xtapi call --play` in process, on a manual clock: the file is played once the call connects,
 * a line says how the playback ended, and `--hangup-after` counts from its end; the far end
 * hanging up first cancels it; a provider with no audio says so and the call goes on. And
 * `--gather` with its rules: the far end's keys, then the digits, before the hangup.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { callOnClock, checkedJsonLines } from '../../support/cli-on-clock.js';
import { writeWavFiles } from '../../support/wav-files.js';
import { holdingProvider } from '../phone/holding-provider.js';

const wav = writeWavFiles();
afterAll(() => wav.remove());

describe('xtapi call --play', () => {
  it('plays the file once connected, says so, and hangs up --hangup-after after its end', async () => {
    const { status, progress, out } = await callOnClock(['5550177', '--play', wav.greeting, '--hangup-after', '100']);
    expect(status).toBe(0);
    const connected = progress.findIndex((l) => / c1 connected ACTIVE$/.test(l));
    const at = (line: string) => Number(line.split(' ')[0]);
    const t = at(progress[connected]);
    expect(progress.slice(connected + 1)).toEqual([`${t + 280} c1 played "${wav.greeting}": done, 15 frames (0.30 s)`, `${t + 380} c1 dropping`, `${t + 400} c1 ended`]);
    expect(out.at(-1)).toBe('connected for 0.4 s; ended by us (LINEDISCONNECTMODE_NORMAL)');
  });

  it('--json: the played line, in the schema, before the result', async () => {
    const { status, out } = await callOnClock(['5550177', '--play', wav.greeting, '--hangup-after', '0', '--json']);
    expect(status).toBe(0);
    const lines = checkedJsonLines(out);
    expect(lines.filter((l) => 'played' in l)).toEqual([{ t: expect.any(Number), call: 'c1', played: wav.greeting, reason: 'done', frames: 15 }]);
    // 280 ms of playback (its last frame goes out at 280), then the drop's 20 ms.
    expect(lines.at(-1)).toMatchObject({ result: 'connected', connectedMs: 300 });
  });

  it('the far end hangs up during the file (5550166, after 5 s): the playback is cancelled, the call ended by the far end', async () => {
    const long = writeWavFiles({ greetingMs: 8000 });
    try {
      const { status, progress, out } = await callOnClock(['5550166', '--play', long.greeting]);
      expect(status).toBe(0);
      expect(progress.at(-1)).toMatch(/^\d+ c1 played ".*": cancelled, 25\d frames \(5\.\d\d s\)$/);
      expect(out.at(-1)).toBe('connected for 5.0 s; ended by the far end (LINEDISCONNECTMODE_NORMAL)');
    } finally {
      long.remove();
    }
  });

  it('a provider that carries no audio: the played line says LINEERR_OPERATIONUNAVAIL, and the call is hung up all the same', async () => {
    const { status, progress, out } = await callOnClock(['5550111', '--play', wav.greeting, '--hangup-after', '100', '--json'], holdingProvider());
    expect(status).toBe(0);
    expect(progress).toEqual([]);
    const lines = checkedJsonLines(out);
    expect(lines.filter((l) => 'played' in l)).toEqual([
      { t: expect.any(Number), call: 'c1', played: wav.greeting, reason: null, frames: 0, error: 'LINEERR_OPERATIONUNAVAIL', message: 'the provider carries no audio for this call (play)' },
    ]);
    // The refusal settles after the clock's 10 ms step that connected the call: up to 10 ms more.
    expect(lines.at(-1)).toMatchObject({ result: 'connected', connectedMs: expect.any(Number) });
    expect(lines.at(-1)?.connectedMs).toBeGreaterThanOrEqual(100);
    expect(lines.at(-1)?.connectedMs).toBeLessThanOrEqual(130);
  });
});

describe('xtapi call --gather', () => {
  it('after --play, the far end keys "12*9": --gather-term "*" ends it (TERMDIGIT), and --hangup-after counts from there; in the schema', async () => {
    // The far end presses a key 500 ms after the answer, then one every 100 ms.
    const sim = simulatedProvider({ numbers: { '5550199': { outcome: 'answer', rings: 1, says: { digits: '12*9', afterMs: 500, intervalMs: 100 } } } });
    const { status, out } = await callOnClock(['5550199', '--play', wav.greeting, '--gather', '8', '--gather-term', '*', '--inter-timeout', '1000', '--hangup-after', '100', '--json'], sim);
    expect(status).toBe(0);
    const lines = checkedJsonLines(out);
    const connected = lines.find((l) => l.state === 'connected')?.t as number;
    expect(lines.filter((l) => 'played' in l || 'dtmf' in l || 'digits' in l).map((l) => ({ ...l, t: (l.t as number) - connected }))).toEqual([
      { t: 280, call: 'c1', played: wav.greeting, reason: 'done', frames: 15 },
      { t: 500, call: 'c1', dtmf: '1', via: null },
      { t: 600, call: 'c1', dtmf: '2', via: null },
      { t: 700, call: 'c1', dtmf: '*', via: null },
      { t: 700, call: 'c1', digits: '12*', termination: 'TERMDIGIT' },
      { t: 800, call: 'c1', dtmf: '9', via: null },
    ]);
    expect(lines.at(-1)).toMatchObject({ result: 'connected', connectedMs: 820 });
  });
});
