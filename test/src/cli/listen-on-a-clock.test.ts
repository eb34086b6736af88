/**
 * `xtapi listen` in process, on a manual clock: what takes real seconds in a process (a caller
 * who gives up after 30 s, one who hangs up 5 s after the answer, an answer after 3 s) happens
 * here at exact times, with no sleep. Ctrl-C is SIGINT emitted in process, as the board tests do.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { readWav } from '../../../providers/media/wav.js';
import { type SimulatedProvider, simulatedProvider } from '../../../providers/simulated/index.js';
import { listenCommand } from '../../../src/cli/listen-command.js';
import { OTHER_NUMBERS, planNumbers } from '../../../src/cli/number-plan.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { checkedJsonLines, progressOf } from '../../support/cli-on-clock.js';
import { writeWavFiles } from '../../support/wav-files.js';

const wav = writeWavFiles();
afterAll(() => wav.remove());

/** `xtapi listen …args` on a manual clock (on `simulated` when given), and a way to move it. */
function listen(args: string[], simulated?: SimulatedProvider) {
  const clock = new ManualClock();
  const out: string[] = [];
  const err: string[] = [];
  let status: number | undefined;
  const done = listenCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { clock, simulated }).then((s) => (status = s));
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    out,
    err,
    clock,
    done,
    /** Move the clock by `ms`, in steps of `step`, letting the command run between steps. */
    async advance(ms: number, step = 10) {
      for (let moved = 0; moved < ms; moved += step) {
        await settle();
        clock.advance(Math.min(step, ms - moved));
      }
      await settle();
    },
    /** Move the clock until the command has ended; its exit status. */
    async finish(step = 100): Promise<number> {
      for (let i = 0; status === undefined && i < 10_000; i++) {
        await settle();
        clock.advance(step);
      }
      await done;
      return status!;
    },
    /** The progress lines, as "<ms> <call> <what>". */
    progress: () => progressOf(out),
  };
}

describe('xtapi listen on a manual clock', () => {
  it('nobody answers: the caller gives up after 30 s, the call is missed (CANCELLED), and listen stops with exit 0', async () => {
    const run = listen(['--ring-in', '5550123,Bob']);
    await run.advance(29_990);
    expect(run.progress()).toEqual(['0 i0.1 call from "5550123" ("Bob") to "100"', '0 i0.1 offering']);
    expect(await run.finish(10)).toBe(0);
    expect(run.progress().slice(2)).toEqual(['30000 i0.1 disconnected CANCELLED', '30000 i0.1 dropping', '30020 i0.1 ended']);
    expect(run.out).toContain('i0.1: missed: the caller hung up before it was answered (LINEDISCONNECTMODE_CANCELLED)');
    expect(run.out.at(-1)).toBe('xtapi: stopped listening: 1 call, 0 answered');
  });

  it('--answer-after 3000: answered 3 s after it arrived; 5550166 hangs up 5 s after the answer, as in the number plan', async () => {
    const run = listen(['--ring-in', '5550166', '--answer-after', '3000']);
    expect(await run.finish(10)).toBe(0);
    expect(run.progress()).toEqual([
      '0 i0.1 call from "5550166" to "100"',
      '0 i0.1 offering',
      '3000 i0.1 answering',
      '3020 i0.1 connected ACTIVE',
      '8020 i0.1 disconnected NORMAL',
      '8020 i0.1 dropping',
      '8040 i0.1 ended',
    ]);
    expect(run.out).toContain('i0.1: answered, connected for 5.0 s; ended by the caller (LINEDISCONNECTMODE_NORMAL)');
  });

  it('--calls 3: each call rings as the last one ends, and listen stops after the third', async () => {
    const run = listen(['--ring-in', '5550123', '--calls', '3', '--answer-after', '0', '--hangup-after', '1000', '--json']);
    expect(await run.finish(10)).toBe(0);
    const lines = run.out.map((l) => JSON.parse(l) as { t?: number; call?: string; caller?: unknown; result?: string });
    const arrivals = lines.filter((l) => l.caller).map((l) => [l.call, l.t]);
    const ends = lines.filter((l) => l.result).map((l) => [l.call, l.t, l.result]);
    expect(arrivals).toEqual([['i0.1', 0], ['i0.2', 1040], ['i0.3', 2080]]);
    expect(ends).toEqual([['i0.1', 1040, 'answered'], ['i0.2', 2080, 'answered'], ['i0.3', 3120, 'answered']]);
  });

  it('Ctrl-C with a connected call: it is dropped and its end printed before listen stops; exit 130 (the call asked for was cut short)', async () => {
    const run = listen(['--ring-in', '5550123', '--answer-after', '0']);
    await run.advance(60_000, 1_000);
    expect(run.progress().at(-1)).toBe('20 i0.1 connected ACTIVE');
    process.emit('SIGINT');
    expect(await run.finish(10)).toBe(130);
    expect(run.progress().slice(-2)).toEqual(['60000 i0.1 dropping', '60020 i0.1 ended']);
    expect(run.out).toContain('i0.1: answered, connected for 60.0 s; ended by us (LINEDISCONNECTMODE_NORMAL)');
    expect(run.out.at(-1)).toBe('xtapi: stopped listening (interrupted): 1 call, 1 answered');
  });

  it('a caller that gives up while our answer is on its way: missed, never half-connected', async () => {
    // Answer 29 990 ms after the call arrives; the answer takes 20 ms; the caller gives up at 30 000.
    const run = listen(['--ring-in', '5550123', '--answer-after', '29990']);
    expect(await run.finish(10)).toBe(0);
    expect(run.progress().slice(2)).toEqual(['29990 i0.1 answering', '30000 i0.1 disconnected CANCELLED', '30000 i0.1 dropping', '30020 i0.1 ended']);
    expect(run.out).toContain('i0.1: missed: the caller hung up before it was answered (LINEDISCONNECTMODE_CANCELLED)');
  });

  it('--play --gather: the greeting, then each key the caller presses, then the digits; hung up --hangup-after later', async () => {
    const run = listen(['--ring-in', '5550123,Bob', '--caller-keys', '12#', '--answer-after', '0', '--play', wav.greeting, '--gather', '4', '--hangup-after', '100']);
    expect(await run.finish(10)).toBe(0);
    expect(run.out[0]).toBe(`xtapi: listening on Simulated line 0 (simulated), address "100": answering each call at once, playing "${wav.greeting}", then gathering up to 4 digits, hanging up 100 ms after that (Ctrl-C to stop)`);
    expect(run.progress().slice(3)).toEqual([
      '20 i0.1 connected ACTIVE',
      `300 i0.1 played "${wav.greeting}": done, 15 frames (0.30 s)`,
      // The caller presses its first key 500 ms after the 300 ms greeting, then one every 250 ms.
      '820 i0.1 dtmf 1',
      '1070 i0.1 dtmf 2',
      '1320 i0.1 dtmf #',
      '1320 i0.1 digits "12#" TERMDIGIT',
      '1420 i0.1 dropping',
      '1440 i0.1 ended',
    ]);
    expect(run.out).toContain('i0.1: answered, connected for 1.4 s; ended by us (LINEDISCONNECTMODE_NORMAL)');
  });

  it('--gather with a caller who presses nothing: FIRSTTIMEOUT after 5 s; with --json every line is in the schema', async () => {
    const run = listen(['--ring-in', '5550123', '--answer-after', '0', '--gather', '4', '--hangup-after', '0', '--json']);
    expect(await run.finish(10)).toBe(0);
    const lines = checkedJsonLines(run.out);
    expect(lines.filter((l) => 'digits' in l)).toEqual([{ t: 5020, call: 'i0.1', digits: '', termination: 'FIRSTTIMEOUT' }]);
    expect(lines.at(-1)).toMatchObject({ t: 5040, result: 'answered', connectedMs: 5020 });
  });

  it('--gather 2 --json: BUFFERFULL at the second key; the dtmf lines go on for keys after it; all in the schema', async () => {
    const run = listen(['--ring-in', '5550123', '--caller-keys', '123', '--answer-after', '0', '--gather', '2', '--hangup-after', '1000', '--json']);
    expect(await run.finish(10)).toBe(0);
    const lines = checkedJsonLines(run.out);
    expect(lines.filter((l) => 'dtmf' in l || 'digits' in l)).toEqual([
      { t: 520, call: 'i0.1', dtmf: '1', via: null },
      { t: 770, call: 'i0.1', dtmf: '2', via: null },
      { t: 770, call: 'i0.1', digits: '12', termination: 'BUFFERFULL' },
      { t: 1020, call: 'i0.1', dtmf: '3', via: null },
    ]);
  });

  it('the caller hangs up during the greeting (5550166, after 5 s): the played line says cancelled, nothing is gathered', async () => {
    const long = writeWavFiles({ greetingMs: 8000 });
    try {
      const run = listen(['--ring-in', '5550166', '--answer-after', '0', '--play', long.greeting, '--gather', '4']);
      expect(await run.finish(10)).toBe(0);
      expect(run.progress().slice(3)).toEqual([
        '20 i0.1 connected ACTIVE',
        '5020 i0.1 disconnected NORMAL',
        '5020 i0.1 dropping',
        '5040 i0.1 ended',
        // call.play() stops when the call has ended; the call's summary comes after this line.
        `5040 i0.1 played "${long.greeting}": cancelled, 251 frames (5.02 s)`,
      ]);
      expect(run.out.at(-2)).toBe('i0.1: answered, connected for 5.0 s; ended by the caller (LINEDISCONNECTMODE_NORMAL)');
    } finally {
      long.remove();
    }
  });

  describe('the gathering\'s rules: --gather-term, --first-timeout, --inter-timeout', () => {
    /** The digits lines of a run with the caller pressing `keys` (one every 250 ms from 500 ms after the answer). */
    async function digits(keys: string | null, rules: string[]) {
      const run = listen(['--ring-in', '5550123', ...(keys === null ? [] : ['--caller-keys', keys]), '--answer-after', '0', '--gather', '4', ...rules, '--hangup-after', '0', '--json']);
      expect(await run.finish(10)).toBe(0);
      return checkedJsonLines(run.out).filter((l) => 'digits' in l);
    }

    it('--gather-term "*": "#" is a digit like any other, "*" ends the gathering (TERMDIGIT)', async () => {
      expect(await digits('1#2*', ['--gather-term', '*'])).toEqual([{ t: 1270, call: 'i0.1', digits: '1#2*', termination: 'TERMDIGIT' }]);
    });

    it('--gather-term "": no key ends it, the fourth fills it (BUFFERFULL)', async () => {
      expect(await digits('12#3', ['--gather-term', ''])).toEqual([{ t: 1270, call: 'i0.1', digits: '12#3', termination: 'BUFFERFULL' }]);
    });

    it('--inter-timeout 200: keys 250 ms apart end it after the first (INTERTIMEOUT)', async () => {
      expect(await digits('12', ['--inter-timeout', '200'])).toEqual([{ t: 720, call: 'i0.1', digits: '1', termination: 'INTERTIMEOUT' }]);
    });

    it('--first-timeout 1000: a caller who presses nothing, FIRSTTIMEOUT 1 s after the answer', async () => {
      expect(await digits(null, ['--first-timeout', '1000'])).toEqual([{ t: 1020, call: 'i0.1', digits: '', termination: 'FIRSTTIMEOUT' }]);
    });
  });

  describe('--record', () => {
    const switchOfOneLine = () => simulatedProvider({ lines: 1, numbers: planNumbers(), defaultOutcome: OTHER_NUMBERS.entry });

    it('the caller speaks 3 s once answered: --record-max 1 keeps the first second (maxLength), then the call is hung up; in the schema', async () => {
      const sim = switchOfOneLine();
      const out = join(wav.dir, 'listen-max.wav');
      const run = listen(['--ring-in', '5550123', '--answer-after', '0', '--record', out, '--record-max', '1', '--hangup-after', '0', '--json'], sim);
      // The caller starts speaking once its call is connected.
      for (let said = false, i = 0; !said && i < 100; i++) {
        await run.advance(10);
        said = sim.calls().some((call) => sim.sayAudio(call.callId, tone(440, 3000)));
      }
      expect(await run.finish(10)).toBe(0);
      const lines = checkedJsonLines(run.out);
      expect(lines.filter((l) => 'recorded' in l)).toEqual([{ t: expect.any(Number), call: 'i0.1', recorded: out, reason: 'maxLength', ms: 1000 }]);
      expect(readWav(new Uint8Array(readFileSync(out)))).toEqual(tone(440, 3000).subarray(0, 8000));
      expect(lines.at(-1)).toMatchObject({ result: 'answered' });
    });

    it('the line says what it does with each call; a caller who says nothing is recorded until --record-max (stopped: nothing arrived)', async () => {
      const out = join(wav.dir, 'listen-quiet.wav');
      const run = listen(['--ring-in', '5550123', '--answer-after', '0', '--record', out, '--record-max', '2', '--hangup-after', '0']);
      expect(await run.finish(10)).toBe(0);
      expect(run.out[0]).toBe(`xtapi: listening on Simulated line 0 (simulated), address "100": answering each call at once, recording up to 2 s to "${out}", hanging up 0 ms after that (Ctrl-C to stop)`);
      expect(run.progress().find((l) => / recorded /.test(l))).toMatch(/ i0\.1 recorded ".*listen-quiet\.wav": stopped, 0\.00 s$/);
      expect(readWav(new Uint8Array(readFileSync(out))).length).toBe(0);
    });
  });
});
