/**
 * `xtapi call`, spawned as a real process from the built package (`npm test` builds first):
 * its output, its JSON lines and its exit codes.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const json = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('xtapi call (process)', () => {
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does)`);
  });

  it.concurrent('answer: prints each state with its time and mode, hangs up, exits 0', async () => {
    const { code, stdout } = await run('call', '5550111', '--hangup-after', '100');
    expect(code).toBe(0);
    const states = stdout.split('\n').filter((l) => / ms /.test(l)).map((l) => l.trim().split(/\s+/).slice(2).join(' '));
    expect(states).toEqual(['c1 placing', 'c1 dialtone NORMAL', 'c1 dialing', 'c1 proceeding', 'c1 ringback', 'c1 connected ACTIVE', 'c1 dropping', 'c1 ended']);
    expect(stdout).toMatch(/connected for 0\.1 s; ended by us \(LINEDISCONNECTMODE_NORMAL\)/);
  });

  it.concurrent('--json: one object per line, times rising, the result last', async () => {
    const { code, stdout } = await run('call', '+1 (425) 555-0111', '--hangup-after', '50', '--json');
    expect(code).toBe(0);
    const lines = json(stdout);
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
    it.concurrent(`--outcome ${outcome}: exit 1, result ${result}`, async () => {
      const text = await run('call', '5550111', '--outcome', outcome);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(`LINEDISCONNECTMODE_${mode}`);
      const { code, stdout } = await run('call', '5550111', '--outcome', outcome, '--json');
      expect(code).toBe(1);
      expect(json(stdout).at(-1)).toMatchObject({ result, cause: { mode } });
    }, 30_000);
  }

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

  it.concurrent('usage errors exit 2', async () => {
    for (const args of [['call'], ['call', '1', '2'], ['call', '1', '--outcome', 'maybe'], ['call', '1', '--hangup-after', 'soon'], ['call', '1', '--provider', 'pots'], ['frobnicate'], ['call', '1', '--nope']]) {
      const { code, stderr } = await run(...args);
      expect([args.join(' '), code]).toEqual([args.join(' '), 2]);
      expect(stderr).toMatch(/xtapi: /);
    }
  });

  it.concurrent('--help documents every option and exits 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    for (const word of ['xtapi call <address>', '--provider', '--outcome', '--hangup-after', '--json', 'Exit status']) expect(stdout).toContain(word);
  });
});
