/**
 * The command line on a real network: `xtapi call --provider sip`, `xtapi listen --provider sip`
 * and `xtapi board --provider sip` against Kamailio (registrar and record-routing proxy asking for digest credentials) and
 * SIPp (the far end), as a user with a SIP account runs them. The password comes from a file or
 * the environment, never the command line; `--trace` shows every SIP message with the
 * credentials masked, and the password appears in no output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { boardCommand } from '../../src/cli/board-command.js';
import { jsonLines, requireBuiltCli, runCli, startCli } from '../support/cli.js';
import { expectSippPassed } from '../support/peers/expect-peers.js';
import { startKamailio } from '../support/peers/kamailio.js';
import { peersFor } from '../support/peers/process.js';
import { registerAt, startSipp, type SippRun } from '../support/peers/sipp.js';

const peers = peersFor('sipp', 'kamailio');
const PASSWORD = 'cli-Pl0ugh-42';
const cleanup: Array<() => Promise<unknown>> = [];
const dir = mkdtempSync(join(tmpdir(), 'xtapi-cli-sip-'));

async function sipp(scenario: string): Promise<SippRun> {
  const run = await startSipp({ scenario, calls: 1, timeoutSec: 30, timewaitMs: 500 });
  cleanup.push(() => run.dispose());
  return run;
}

describe.skipIf(peers.skip)(`xtapi on a SIP network (Kamailio, SIPp) ${peers.reason}`, () => {
  beforeAll(() => {
    peers.assert();
    requireBuiltCli();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('xtapi call registers with the password from a file, answers the 401 and the 407, connects, and --trace masks the credentials', async () => {
    const kamailio = await startKamailio({ auth: { password: PASSWORD, algorithm: 'MD5' } });
    cleanup.push(() => kamailio.stop());
    const k = kamailio.port;
    const callee = await sipp('uas_answer.xml');
    const register = await registerAt(k, 'sippcarol', callee);
    cleanup.push(() => register.dispose());
    await expectSippPassed(register);
    const secret = join(dir, 'password');
    writeFileSync(secret, `${PASSWORD}\n`, { mode: 0o600 });
    const args = ['call', `sip:sippcarol@127.0.0.1:${k}`, '--provider', 'sip', '--aor', `sip:alice@127.0.0.1:${k}`, '--registrar', `sip:127.0.0.1:${k}`, '--outbound-proxy', `sip:127.0.0.1:${k}`, '--password-file', secret, '--trace', '--hangup-after', '200'];
    const { code, stdout, stderr } = await runCli(args, { timeout: 40_000 });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`xtapi: calling "sip:sippcarol@127.0.0.1:${k}" on SIP sip:alice@127.0.0.1:${k} (sip), over SIP as sip:alice@127.0.0.1:${k}, registered at sip:127.0.0.1:${k}`);
    expect(stdout).toMatch(/ connected/);
    expect(stdout).toMatch(/connected for 0\.\d s; ended by us \(LINEDISCONNECTMODE_NORMAL\)/);
    await expectSippPassed(callee);
    // The trace: REGISTER answered with Authorization, INVITE with Proxy-Authorization, both masked.
    expect(stderr).toMatch(/SIP → 127\.0\.0\.1:\d+\nREGISTER sip:127\.0\.0\.1:\d+ SIP\/2\.0\n/);
    expect(stderr).toMatch(/SIP ← 127\.0\.0\.1:\d+\nSIP\/2\.0 401 /);
    expect(stderr).toContain('Authorization: Digest username="alice", realm="127.0.0.1", algorithm=MD5, ****');
    expect(stderr).toContain('Proxy-Authorization: Digest username="alice", realm="127.0.0.1", algorithm=MD5, ****');
    expect(stderr).not.toMatch(/response="/);
    expect(stdout + stderr).not.toContain(PASSWORD);
  }, 60_000);

  it('a wrong password from the environment: the line cannot open, exit 1 with the registrar\'s answer, the password nowhere', async () => {
    const kamailio = await startKamailio({ auth: { password: PASSWORD, algorithm: 'SHA-256' } });
    cleanup.push(() => kamailio.stop());
    const k = kamailio.port;
    const wrong = 'wrong-Secret-77';
    const { code, stdout, stderr } = await runCli(
      ['call', '5550111', '--provider', 'sip', '--aor', `sip:alice@127.0.0.1:${k}`, '--registrar', `sip:127.0.0.1:${k}`, '--trace', '--json'],
      { timeout: 40_000, env: { ...process.env, XTAPI_SIP_PASSWORD: wrong } },
    );
    expect(code).toBe(1);
    expect(jsonLines(stdout)).toEqual([expect.objectContaining({ result: 'error', cause: null, error: 'LINEERR_OPERATIONFAILED' })]);
    expect(String(jsonLines(stdout)[0].message)).toMatch(/^line 0 could not be opened/);
    // The registrar's answer, twice (the challenge, then the refusal of the wrong answer), in the trace.
    expect(stderr.match(/SIP ← 127\.0\.0\.1:\d+\nSIP\/2\.0 401 /g)).toHaveLength(2);
    expect(stdout + stderr).not.toContain(wrong);
  }, 60_000);

  it('xtapi listen registers with the password from the environment (digest answered), listens, and on Ctrl-C unregisters and exits 0', async () => {
    const kamailio = await startKamailio({ auth: { password: PASSWORD, algorithm: 'MD5' } });
    cleanup.push(() => kamailio.stop());
    const k = kamailio.port;
    const listen = startCli(
      ['listen', '--provider', 'sip', '--aor', `sip:alice@127.0.0.1:${k}`, '--registrar', `sip:127.0.0.1:${k}`, '--answer-after', '0', '--trace', '--json'],
      { timeout: 40_000, env: { ...process.env, XTAPI_SIP_PASSWORD: PASSWORD } },
    );
    cleanup.push(async () => void listen.interrupt());
    // The line listens once its registration is accepted: the listening line says so.
    await listen.line(/^\{"listening"/, 20_000);
    expect(listen.stderr()).toMatch(/SIP ← 127\.0\.0\.1:\d+\nSIP\/2\.0 401 /);
    expect(listen.stderr()).toMatch(/SIP ← 127\.0\.0\.1:\d+\nSIP\/2\.0 200 OK\n(?:.*\n)*?CSeq: \d+ REGISTER/);
    listen.interrupt();
    const { code, stdout, stderr } = await listen.ended;
    expect(code, stderr).toBe(0);
    expect(jsonLines(stdout)).toEqual([{ listening: { line: 0, name: `SIP sip:alice@127.0.0.1:${k}`, address: `sip:alice@127.0.0.1:${k}`, provider: 'sip' } }]);
    // The binding is removed as the line closes (RFC 3261 §10.2.2: Expires 0).
    expect(stderr).toMatch(/SIP → 127\.0\.0\.1:\d+\nREGISTER sip:127\.0\.0\.1:\d+ SIP\/2\.0\n(?:.*\n)*?Expires: 0\n/);
    expect(stdout + stderr).not.toContain(PASSWORD);
  }, 60_000);

  it('xtapi call straight to a SIPp that is busy: exit 1, result busy with the SIP code on the cause', async () => {
    const callee = await sipp('uas_busy.xml');
    const { code, stdout } = await runCli(['call', `sip:service@127.0.0.1:${callee.port}`, '--provider', 'sip', '--aor', 'sip:alice@127.0.0.1', '--json'], { timeout: 40_000 });
    expect(code).toBe(1);
    expect(jsonLines(stdout).at(-1)).toMatchObject({ result: 'busy', cause: { mode: 'BUSY', detail: { code: 486 } } });
    await expectSippPassed(callee);
  }, 60_000);

  it('xtapi board --provider sip: a call placed and dropped from the page goes over SIP', async () => {
    const callee = await sipp('uas_answer.xml');
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(line) };
    const done = boardCommand(['--provider', 'sip', '--aor', 'sip:alice@127.0.0.1', '--port', '0', '--json'], io, {});
    const deadline = Date.now() + 10_000;
    while (out.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const { feed } = JSON.parse(out[0]) as { feed: string };
    const socket = new WebSocket(feed);
    const states: string[] = [];
    let callId = '';
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; call?: { callId: string; state: string } };
      if (m.type === 'hello') socket.send(JSON.stringify({ type: 'call', deviceId: 0, address: `sip:service@127.0.0.1:${callee.port}` }));
      if (m.type === 'call' && m.call) {
        callId = m.call.callId;
        if (states.at(-1) !== m.call.state) states.push(m.call.state);
        if (m.call.state === 'connected') socket.send(JSON.stringify({ type: 'drop', callId }));
      }
    });
    while (!states.includes('ended') && Date.now() < deadline + 20_000) await new Promise((r) => setTimeout(r, 20));
    expect(states).toEqual(expect.arrayContaining(['proceeding', 'ringback', 'connected', 'dropping', 'ended']));
    await expectSippPassed(callee);
    socket.close();
    process.emit('SIGINT');
    expect(await done).toBe(0);
  }, 60_000);
});
