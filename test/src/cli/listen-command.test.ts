/**
 * `xtapi listen`, spawned as a real process from the built package: a call rung in by the
 * simulated switch, answered and hung up; its JSON lines; Ctrl-C with a call offered and with
 * none; what it says when the command line is wrong; and a caller's name that would drive the
 * terminal, shown escaped. The process runs on real time, so the waits are bounded and the
 * margins generous; what needs long waits (a caller who gives up after 30 s) is checked in
 * process on a manual clock (listen-on-a-clock.test.ts).
 */
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE } from '../../../src/cli/help.js';
import { jsonLines, requireBuiltCli, runCli, startCli } from '../../support/cli.js';
import { expectUsageErrors } from '../../support/usage-errors.js';
import { writeWavFiles } from '../../support/wav-files.js';

const run = (...args: string[]) => runCli(args);
const wav = writeWavFiles();
afterAll(() => wav.remove());
/** The state column of the text progress lines, e.g. 'i0.1 connected ACTIVE'. */
const states = (stdout: string) => stdout.split('\n').filter((l) => / ms  /.test(l) && !/call from/.test(l)).map((l) => l.trim().split(/\s+/).slice(2).join(' '));

describe('xtapi listen (process)', () => {
  beforeAll(requireBuiltCli);

  it.concurrent('--ring-in: the call is shown with its caller, answered, hung up after --hangup-after; exit 0', async () => {
    const { code, stdout, stderr } = await run('listen', '--ring-in', '5550123,Bob', '--answer-after', '0', '--hangup-after', '100');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('xtapi: listening on Simulated line 0 (simulated), address "100": answering each call at once, hanging up 100 ms after the answer (Ctrl-C to stop)');
    expect(stdout).toContain('xtapi: the simulated switch rings the line from "5550123" ("Bob"): one call');
    expect(stdout).toMatch(/^ +\d+ ms {2}i0\.1 call from "5550123" \("Bob"\) to "100"$/m);
    expect(states(stdout)).toEqual(['i0.1 offering', 'i0.1 answering', 'i0.1 connected ACTIVE', 'i0.1 dropping', 'i0.1 ended']);
    // Hung up 100 ms after the answer; on a loaded machine the summary may say a little more.
    const seconds = Number(/i0\.1: answered, connected for (\d+\.\d) s; ended by us \(LINEDISCONNECTMODE_NORMAL\)/.exec(stdout)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(0.1);
    expect(seconds).toBeLessThan(1.5);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('xtapi: stopped listening: 1 call, 1 answered');
  });

  it.concurrent('--json: the listening line, then per call its caller, its states and its end; --calls 2 rings twice, one after the other', async () => {
    const { code, stdout, stderr } = await run('listen', '--ring-in', '+15550123', '--calls', '2', '--answer-after', '0', '--hangup-after', '20', '--json');
    expect(code, stderr).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines[0]).toEqual({ listening: { line: 0, name: 'Simulated line 0', address: '100', provider: 'simulated' } });
    const kinds = lines.slice(1).map((l) => `${l.call} ${'caller' in l ? 'caller' : 'state' in l ? l.state : l.result}`);
    const one = (id: string) => [`${id} caller`, `${id} offering`, `${id} answering`, `${id} connected`, `${id} dropping`, `${id} ended`, `${id} answered`];
    expect(kinds).toEqual([...one('i0.1'), ...one('i0.2')]);
    expect(lines[1]).toMatchObject({ t: expect.any(Number), call: 'i0.1', caller: { number: '+15550123', name: null }, called: '100' });
    expect(lines.at(-1)).toMatchObject({ call: 'i0.2', result: 'answered', cause: { mode: 'NORMAL', origin: 'local', connected: true }, connectedMs: expect.any(Number) });
    const times = lines.slice(1).map((l) => l.t as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Notices are for the person at the terminal: on stderr, never among the JSON lines.
    expect(stderr).toContain('the simulated switch rings the line from "+15550123": 2 calls, each once the last has ended');
  });

  it.concurrent('Ctrl-C while a call is offered: it is turned down, its end printed, exit 130 (the call asked for never came and went)', async () => {
    const listen = startCli(['listen', '--ring-in', '5550123,Bob']);
    await listen.line(/i0\.1 +offering/);
    listen.interrupt();
    const { code, stdout } = await listen.ended;
    expect(code).toBe(130);
    expect(states(stdout)).toEqual(['i0.1 offering', 'i0.1 dropping', 'i0.1 ended']);
    expect(stdout).toContain('i0.1: not answered: turned down by us (LINEDISCONNECTMODE_NORMAL)');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('xtapi: stopped listening (interrupted): 1 call, 0 answered');
  });

  it.concurrent('Ctrl-C with no call, listening until Ctrl-C: a clean end, exit 0; --json prints nothing but JSON', async () => {
    const listen = startCli(['listen', '--answer-after', '0', '--json']);
    await listen.line(/^\{"listening"/);
    listen.interrupt();
    const { code, stdout, stderr } = await listen.ended;
    expect([code, stderr]).toEqual([0, '']);
    expect(jsonLines(stdout)).toEqual([{ listening: { line: 0, name: 'Simulated line 0', address: '100', provider: 'simulated' } }]);
  });

  it.concurrent('a line that cannot be opened: exit 1, the LINEERR_ and why (a JSON error line with --json)', async () => {
    const args = ['listen', '--provider', 'sip', '--aor', 'sip:alice@127.0.0.1', '--local-address', '192.0.2.1'];
    const [text, json] = await Promise.all([run(...args), run(...args, '--json')]);
    expect([text.code, text.stdout]).toEqual([1, '']);
    expect(text.stderr.trim()).toMatch(/^xtapi: cannot listen on line 0: LINEERR_RESOURCEUNAVAIL: cannot bind UDP 192\.0\.2\.1:0: \w+$/);
    expect(json.code).toBe(1);
    expect(jsonLines(json.stdout)).toEqual([{ result: 'error', cause: null, error: 'LINEERR_RESOURCEUNAVAIL', message: expect.stringMatching(/^line 0 could not be opened/) }]);
  });

  it.concurrent('Ctrl-C while the SIP account is still registering (the registrar says nothing): exit 130, said so, nothing left behind', async () => {
    // A registrar that never answers: a UDP socket that swallows every datagram.
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const registrar = `sip:127.0.0.1:${silent.address().port}`;
      const listen = startCli(['listen', '--provider', 'sip', '--aor', 'sip:alice@127.0.0.1', '--registrar', registrar]);
      await listen.line(/^xtapi: registering "sip:alice@127\.0\.0\.1" at "sip:127\.0\.0\.1:\d+" \(Ctrl-C to stop\)$/);
      listen.interrupt();
      const { code, stdout } = await listen.ended;
      expect(code).toBe(130);
      expect(stdout).toContain('xtapi: interrupted before line 0 was open');
      expect(stdout).not.toContain('listening on');
    } finally {
      silent.close();
    }
  });

  it.concurrent('a caller\'s name that would ring the bell or colour the terminal is shown escaped, in quotes', async () => {
    const { code, stdout } = await run('listen', '--ring-in', '5550123,Ev\u0007il\u001b[31m\u202e', '--answer-after', '0', '--hangup-after', '0');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u0007\u001b\u202e]/);
    expect(stdout).toContain('call from "5550123" ("Ev\\u0007il\\u001b[31m\\u202e") to "100"');
  });

  it.concurrent('--caller-keys --play --gather: the greeting, each key the caller presses, the digits with TERMDIGIT; hung up after', async () => {
    const { code, stdout, stderr } = await run('listen', '--ring-in', '5550123,Bob', '--caller-keys', '12#', '--answer-after', '0', '--play', wav.greeting, '--gather', '4', '--hangup-after', '0');
    expect(code, stderr).toBe(0);
    expect(states(stdout)).toEqual([
      'i0.1 offering',
      'i0.1 answering',
      'i0.1 connected ACTIVE',
      `i0.1 played "${wav.greeting}": done, 15 frames (0.30 s)`,
      'i0.1 dtmf 1',
      'i0.1 dtmf 2',
      'i0.1 dtmf #',
      'i0.1 digits "12#" TERMDIGIT',
      'i0.1 dropping',
      'i0.1 ended',
    ]);
    expect(stdout).toContain('i0.1: answered, connected for ');
  });

  it.concurrent('--play, --gather and its rules, --record and its lengths, --caller-keys: what is wrong with them is a usage error', async () => {
    const cases = [
      [['listen', '--gather', '4'], 'xtapi: --gather needs --answer-after: without it no call is answered, so there is nobody to gather digits from'],
      [['listen', '--play', wav.greeting], 'xtapi: --play needs --answer-after'],
      [['listen', '--answer-after', '0', '--gather', '0'], 'xtapi: --gather takes the most digits to gather (1-99), not "0"'],
      [['listen', '--answer-after', '0', '--gather', 'all'], 'xtapi: --gather takes the most digits to gather (1-99), not "all"'],
      [['listen', '--answer-after', '0', '--play', wav.stereo], `xtapi: --play "${wav.stereo}": WAV: the file is 8000 Hz, 2 channel(s), 16-bit, PCM`],
      [['listen', '--answer-after', '0', '--play', wav.notWav], `xtapi: --play "${wav.notWav}": WAV: not a RIFF WAVE file`],
      [['listen', '--caller-keys', '12#'], 'xtapi: --caller-keys needs --ring-in <number>'],
      [['listen', '--ring-in', '5550123', '--caller-keys', '12x'], 'xtapi: --caller-keys takes the keys the caller presses (0-9, A-D, *, #), not "12x"'],
      [['listen', '--ring-in', '5550123', '--caller-keys', '12#', '--answer-after', '0'], 'xtapi: --caller-keys needs --gather <n>'],
      [['listen', '--provider', 'sip', '--aor', 'sip:alice@127.0.0.1', '--caller-keys', '1'], 'xtapi: --caller-keys is an option of --provider sim'],
      [['listen', '--answer-after', '0', '--gather-term', '*'], 'xtapi: --gather-term needs --gather <n>: it is a rule of the gathering'],
      [['listen', '--answer-after', '0', '--gather', '4', '--gather-term', 'x'], 'xtapi: --gather-term takes the keys that end the gathering (0-9, A-D, *, #; "" for none), not "x"'],
      [['listen', '--answer-after', '0', '--gather', '4', '--first-timeout', 'never'], 'xtapi: --first-timeout takes a whole number of milliseconds (0 or more), not "never"'],
      [['listen', '--record', wav.greeting], 'xtapi: --record needs --answer-after: without it no call is answered, so there is nobody to record'],
      [['listen', '--answer-after', '0', '--record', join(wav.missing, 'out.wav')], `xtapi: --record "${join(wav.missing, 'out.wav')}": cannot write in "${wav.missing}" (ENOENT)`],
      [['listen', '--answer-after', '0', '--record', wav.dir], `xtapi: --record "${wav.dir}" is a folder`],
      [['listen', '--answer-after', '0', '--record', wav.missing, '--record-max', '0'], 'xtapi: --record-max takes a number of seconds above 0 and at most 3600, not "0"'],
      [['listen', '--answer-after', '0', '--record-silence', '2'], 'xtapi: --record-silence needs --record <file.wav>'],
    ] as const;
    await expectUsageErrors(cases, { usage: USAGE.listen });
  });

  it.concurrent('bad arguments are said in xtapi\'s words with the usage line, exit 2, nothing on stdout', async () => {
    const cases = [
      [['listen', '--answer-after', '-5'], 'xtapi: --answer-after takes a whole number of milliseconds (0 or more), not "-5"'],
      [['listen', '--answer-after', '0', '--hangup-after', 'soon'], 'xtapi: --hangup-after takes a whole number of milliseconds (0 or more), not "soon"'],
      [['listen', '--hangup-after', '100'], 'xtapi: --hangup-after needs --answer-after'],
      [['listen', '--calls', '0'], 'xtapi: --calls takes a number of calls (1-999999), not "0"'],
      [['listen', '--ring-in', 'bob'], 'xtapi: --ring-in takes the caller\'s number'],
      [['listen', '--ring-in', '555\u0007'], '"555\\u0007"'],
      [['listen', '--ring-in', '5550123,'], 'xtapi: --ring-in: the caller\'s name after the comma is empty'],
      [['listen', '--ring-in'], 'xtapi: --ring-in needs a value'],
      [['listen', '--provider', 'sip', '--aor', 'sip:alice@127.0.0.1', '--ring-in', '5550123'], 'xtapi: --ring-in is an option of --provider sim'],
      [['listen', '--aor', 'sip:a@b'], 'xtapi: --aor is an option of --provider sip'],
      [['listen', '--outcome', 'busy'], 'xtapi: unknown option "--outcome"'],
      [['listen', '5550111'], 'xtapi: unexpected argument "5550111"'],
    ] as const;
    await expectUsageErrors(cases, { usage: USAGE.listen, never: /\u0007/ });
  });

  it.concurrent('listen --help goes to stdout with exit 0, and documents every option of listen', async () => {
    const [help, main] = await Promise.all([run('listen', '--help'), run('--help')]);
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toBe(main.stdout);
    for (const word of ['xtapi listen [options]', 'Options of "xtapi listen"', '--answer-after <ms>', '--hangup-after <ms>', '--calls <n>', '--ring-in <number>[,<name>]', '--caller-keys <keys>', '--play <file.wav>', '--gather <n>', '--gather-term <keys>', '--first-timeout <ms>', '--inter-timeout <ms>', '--record <file.wav>', '--record-max <s>', '--record-silence <s>', '"recorded"', 'maxLength', '"dtmf"', '"digits"', 'TERMDIGIT', '"listening"', '"caller"', 'answered', 'missed', 'listen: before the line was']) {
      expect(main.stdout).toContain(word);
    }
  });
});
