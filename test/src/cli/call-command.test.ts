/**
 * `xtapi call`, spawned as a real process from the built package: its output, its JSON lines and
 * its exit codes, and what it says when the command line is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE } from '../../../src/cli/help.js';
import { jsonLines, requireBuiltCli, runCli } from '../../support/cli.js';
import { expectUsageErrors } from '../../support/usage-errors.js';
import { writeWavFiles } from '../../support/wav-files.js';

const run = (...args: string[]) => runCli(args);
const wav = writeWavFiles();
afterAll(() => wav.remove());

describe('xtapi call (process)', () => {
  beforeAll(requireBuiltCli);

  it.concurrent('answer: prints each state with its time and mode, hangs up, exits 0', async () => {
    const { code, stdout } = await run('call', '5550111', '--hangup-after', '100');
    expect(code).toBe(0);
    expect(stdout).toContain('xtapi: calling "5550111" on Simulated line 0 (simulated), far end: answers after two rings');
    const states = stdout.split('\n').filter((l) => / ms /.test(l)).map((l) => l.trim().split(/\s+/).slice(2).join(' '));
    expect(states).toEqual(['c1 placing', 'c1 dialtone NORMAL', 'c1 dialing', 'c1 proceeding', 'c1 ringback', 'c1 connected ACTIVE', 'c1 dropping', 'c1 ended']);
    // Hung up 100 ms after the answer; on a loaded machine the summary may say a little more.
    const seconds = Number(/connected for (\d+\.\d) s; ended by us \(LINEDISCONNECTMODE_NORMAL\)/.exec(stdout)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(0.1);
    expect(seconds).toBeLessThan(1.5);
  });

  it.concurrent('--json: one object per line, times rising, the result last', async () => {
    const { code, stdout } = await run('call', '+1 (425) 555-0111', '--hangup-after', '50', '--json');
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    const states = lines.slice(0, -1);
    expect(states.map((l) => l.state)).toEqual(['placing', 'dialtone', 'dialing', 'proceeding', 'ringback', 'connected', 'dropping', 'ended']);
    expect(states.every((l) => l.call === 'c1' && typeof l.t === 'number' && 'mode' in l)).toBe(true);
    expect(states.map((l) => l.t as number)).toEqual([...states.map((l) => l.t as number)].sort((a, b) => a - b));
    expect(lines.at(-1)).toMatchObject({ result: 'connected', cause: { mode: 'NORMAL', origin: 'local', connected: true } });
  });

  for (const [outcome, result, mode] of [
    ['busy', 'busy', 'BUSY'],
    ['no-answer', 'no-answer', 'NOANSWER'],
    ['unreachable', 'unreachable', 'UNREACHABLE'],
    ['reject', 'rejected', 'REJECT'],
  ] as const) {
    it.concurrent(`--outcome ${outcome} overrides the number plan: exit 1, result ${result}`, async () => {
      const [text, { code, stdout }] = await Promise.all([run('call', '5550111', '--outcome', outcome), run('call', '5550111', '--outcome', outcome, '--json')]);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(`LINEDISCONNECTMODE_${mode}`);
      expect(code).toBe(1);
      expect(jsonLines(stdout).at(-1)).toMatchObject({ result, cause: { mode } });
    }, 30_000);
  }

  it.concurrent('--hold-after on the simulated line: the call is held, the request line says done, the call is hung up as asked', async () => {
    const { code, stdout } = await run('call', '5550111', '--hold-after', '0', '--hangup-after', '300');
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((l) => / ms /.test(l)).map((l) => l.trim().split(/\s+/).slice(2).join(' '));
    expect(lines.slice(5)).toEqual(['c1 connected ACTIVE', 'c1 onHold', 'c1 hold done', 'c1 dropping', 'c1 ended']);
  });

  it.concurrent('an invalid address: exit 2, the message names the LINEERR', async () => {
    const bad = await run('call', '555-CALL');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('LINEERR_INVALADDRESS');
    const modifier = await run('call', '9W5550111');
    expect(modifier.code).toBe(2);
    expect(modifier.stderr).toContain('LINEERR_DIALDIALTONE');
    const injected = await run('call', '555\r\nINVITE');
    expect(injected.code).toBe(2);
  });

  it.concurrent('a partial address ("5550111;") is refused as a usage error, never a silent exit 0', async () => {
    const addresses = ['5550111;', ';', '9,555;'];
    const runs = addresses.map((address) => run('call', address));
    for (const [i, address] of addresses.entries()) {
      const { code, stdout, stderr } = await runs[i];
      expect([address, code]).toEqual([address, 2]);
      expect(stdout).toBe('');
      expect(stderr).toContain(`xtapi: "${address}" is a partial address (it ends with ";")`);
      expect(stderr).toContain(`usage: ${USAGE.call}`);
    }
  });

  it.concurrent('control characters in an address are quoted, not echoed raw (no BEL, no split line)', async () => {
    const { code, stderr } = await run('call', '555\u0007\n0111\u001b[31m');
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/[\u0007\u001b]/);
    expect(stderr.trim().split('\n')).toEqual(['xtapi: cannot call "555\\u0007\\n0111\\u001b[31m": LINEERR_INVALADDRESS: control character 0x07']);
    const option = await run('call', '1', '--outcome', 'bus\u0007y');
    expect(option.stderr).toContain('unknown outcome "bus\\u0007y"');
  });

  it.concurrent('bad arguments are said in xtapi\'s words with the usage line, not Node\'s parseArgs text', async () => {
    const cases = [
      [['call', '1', '--hangup-after', '-5'], 'xtapi: --hangup-after takes a whole number of milliseconds (0 or more), not "-5"'],
      [['call', '1', '--hangup-after', 'soon'], 'xtapi: --hangup-after takes a whole number of milliseconds (0 or more), not "soon"'],
      [['call', '1', '--nope'], 'xtapi: unknown option "--nope"'],
      [['call', '1', '-x'], 'xtapi: unknown option "-x"'],
      [['call', '1', '--outcome'], 'xtapi: --outcome needs a value'],
      [['call', '1', '--hold-after', 'later'], 'xtapi: --hold-after takes a whole number of milliseconds (0 or more), not "later"'],
      [['call', '1', '--unhold-after', '500'], 'xtapi: --unhold-after needs --hold-after: without it the call is never held, so never taken back'],
      [['call', '1', '--transfer-after', '500'], 'xtapi: --transfer-after needs --transfer-to <address>: where to transfer the call'],
      [['call', '1', '--transfer-to', '555-CALL'], 'xtapi: --transfer-to "555-CALL": LINEERR_INVALADDRESS'],
      [['call', '1', '--transfer-to', '5550133;'], 'xtapi: --transfer-to "5550133;" is a partial address'],
      [['call', '1', '--json=yes'], 'xtapi: --json takes no value'],
      [['call'], 'xtapi: xtapi call takes one address'],
      [['call', '1', '2'], 'xtapi: unexpected argument "2"'],
      [['call', '1', '--outcome', 'maybe'], 'xtapi: unknown outcome "maybe" (answer, busy, no-answer, unreachable, reject)'],
      [['call', '1', '--provider', 'pots'], 'xtapi: unknown provider "pots" (sim, sip)'],
      [['call', '1', '--aor', 'sip:a@b'], 'xtapi: --aor is an option of --provider sip'],
      [['call', '1', '--provider', 'sip', '--password', 'hunter2'], 'xtapi: --password: no password on the command line'],
      [['board', '--port', '70000'], 'xtapi: --port takes a port (0-65535), not "70000"'],
      [['diagram', '--format', 'png'], 'xtapi: unknown format "png" (mermaid, dot, svg)'],
      [['frobnicate'], 'xtapi: unknown command "frobnicate"'],
    ] as const;
    await expectUsageErrors(cases, { never: /hunter2/ });
  });

  it.concurrent('--play: the file is played once the call connects, a line says so, then the call is hung up', async () => {
    const { code, stdout, stderr } = await run('call', '5550177', '--play', wav.greeting, '--hangup-after', '50');
    expect(code, stderr).toBe(0);
    const lines = stdout.split('\n').filter((l) => / ms /.test(l)).map((l) => l.trim().split(/\s+/).slice(2).join(' '));
    expect(lines.slice(-4)).toEqual(['c1 connected ACTIVE', `c1 played "${wav.greeting}": done, 15 frames (0.30 s)`, 'c1 dropping', 'c1 ended']);
  });

  it.concurrent('--play with a file that is not an 8 kHz mono 16-bit PCM WAV, a gathering rule without --gather, a bad --record-max: a usage error saying what, before any call', async () => {
    const cases = [
      [['call', '5550111', '--play', wav.stereo], `xtapi: --play "${wav.stereo}": WAV: the file is 8000 Hz, 2 channel(s), 16-bit, PCM`],
      [['call', '5550111', '--play', wav.notWav, '--json'], `xtapi: --play "${wav.notWav}": WAV: not a RIFF WAVE file; xtapi plays 8 kHz mono 16-bit PCM WAV files`],
      [['call', '5550111', '--play', wav.missing], `xtapi: --play "${wav.missing}": cannot read the file (ENOENT)`],
      [['call', '5550111', '--play'], 'xtapi: --play needs a value'],
      [['call', '5550111', '--inter-timeout', '100'], 'xtapi: --inter-timeout needs --gather <n>'],
      [['call', '5550111', '--record', wav.missing, '--record-max', 'long'], 'xtapi: --record-max takes a number of seconds above 0 and at most 3600, not "long"'],
    ] as const;
    await expectUsageErrors(cases, { usage: USAGE.call });
  });

  it.concurrent('one convention: no arguments is a usage error (stderr, exit 2); help asked for goes to stdout with exit 0', async () => {
    const none = await run();
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toBe(`xtapi: no command given\nusage: ${USAGE.main}\nTry "xtapi --help".\n`);
    const asks = [['--help'], ['-h'], ['help'], ['call', '--help'], ['board', '--help'], ['diagram', '--help']];
    const helps = asks.map((args) => run(...args));
    for (const [i, args] of asks.entries()) {
      const help = await helps[i];
      expect([args.join(' '), help.code, help.stderr]).toEqual([args.join(' '), 0, '']);
      expect(help.stdout).toContain('Usage:');
    }
  });

  it.concurrent('--help documents every option and exits 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    for (const word of ['xtapi call <address>', '--provider', '--outcome', '--hangup-after', '--hold-after', '--unhold-after', '--transfer-to', '--transfer-after', '--play <file.wav>', '"played"', '--gather <n>', '--record <file.wav>', '--json', '--aor', '--registrar', '--outbound-proxy', '--local-port', '--password-file', 'XTAPI_SIP_PASSWORD', '--trace', '--host', 'Exit status']) {
      expect(stdout).toContain(word);
    }
  });
});
