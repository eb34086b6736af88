/**
 * `xtapi board` and the pages of `xtapi call` (`--board`, `--inspect`), in process: the page and
 * its feed are served, the call waits for every page asked for, and the pages stay up after the
 * call until Ctrl-C (SIGINT, emitted here). The simulated switch runs on real time in these
 * commands, so waits are bounded.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { boardCommand } from '../../../src/cli/board-command.js';
import { callCommand } from '../../../src/cli/call-command.js';
import { optionalPort } from '../../../src/cli/optional-port.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

async function until<T>(get: () => T | undefined, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (let value = get(); Date.now() < deadline; value = get()) {
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

const boardUrlIn = (lines: string[]) => lines.map((l) => /call board on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(l)?.[1]).find(Boolean);
const inspectorUrlIn = (lines: string[]) => lines.map((l) => /inspector on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(l)?.[1]).find(Boolean);
/** The board's feed, as its page opens it: same host, `/feed`, the page's token. */
const feedOf = (page: string) => {
  const url = new URL(page);
  return `ws://${url.host}/feed?token=${url.searchParams.get('token')}`;
};
const first = (socket: WebSocket) => new Promise<Record<string, unknown>>((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));

describe('optionalPort', () => {
  it('takes the flag, with or without a port', () => {
    expect(optionalPort(['5550111', '--inspect'], '--inspect', 1)).toEqual({ argv: ['5550111'], on: true, port: undefined });
    expect(optionalPort(['5550111', '--inspect', '9000'], '--inspect', 1)).toEqual({ argv: ['5550111'], on: true, port: 9000 });
    expect(optionalPort(['--inspect=0', '5550111'], '--inspect', 1)).toEqual({ argv: ['5550111'], on: true, port: 0 });
    expect(optionalPort(['5550111'], '--inspect', 1)).toEqual({ argv: ['5550111'], on: false, port: undefined });
  });

  it('leaves an address that follows the flag alone', () => {
    // "911" could be a port, but then no address would be left.
    expect(optionalPort(['--inspect', '911'], '--inspect', 1)).toEqual({ argv: ['911'], on: true, port: undefined });
    expect(optionalPort(['--inspect', '5550111'], '--inspect', 1)).toEqual({ argv: ['5550111'], on: true, port: undefined });
    expect(() => optionalPort(['--inspect=99999'], '--inspect')).toThrow(/port/);
  });
});

describe('xtapi board', () => {
  it('serves the board with controls and its lines open until Ctrl-C, and lists the number plan', async () => {
    const { io, out } = capture();
    const done = boardCommand(['--port', '0', '--lines', '3'], io);
    const url = await until(() => boardUrlIn(out));
    const page = await (await fetch(url)).text();
    expect(page).toContain('xtapi call board');
    expect(out.join('\n')).toMatch(/5550122 {2}is busy/);
    const socket = new WebSocket(feedOf(url));
    const states = new Map<number, string>();
    socket.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { type: string; line?: { deviceId: number; state: string } };
      if (m.type === 'line' && m.line) states.set(m.line.deviceId, m.line.state);
    });
    const hello = (await first(socket)) as { lines: Array<{ deviceId: number; state: string }>; control: boolean };
    expect(hello.lines).toHaveLength(3);
    expect(hello.control).toBe(true);
    // Every line is opened at start, so that calls can arrive on it.
    for (const line of hello.lines) if (!states.has(line.deviceId)) states.set(line.deviceId, line.state);
    await until(() => ([...states.values()].every((state) => state === 'open') ? true : undefined));
    socket.close();
    process.emit('SIGINT');
    expect(await done).toBe(0);
  });

  it('--json prints where the page and its feed are, with the token', async () => {
    const { io, out } = capture();
    const done = boardCommand(['--port', '0', '--json'], io);
    const line = await until(() => out[0]);
    const { url, feed } = JSON.parse(line) as { url: string; feed: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{22}$/);
    expect(feed).toBe(feedOf(url));
    expect(out).toHaveLength(1);
    process.emit('SIGINT');
    expect(await done).toBe(0);
  });

  it('bound to another interface than loopback, it warns', async () => {
    const { io, out, err } = capture();
    const done = boardCommand(['--port', '0', '--host', '0.0.0.0'], io);
    await until(() => (out.some((l) => l.includes('call board on')) ? true : undefined));
    expect(err.join('\n')).toMatch(/xtapi: warning: the call board listens on 0\.0\.0\.0:\d+, not on loopback: other hosts can reach it/);
    process.emit('SIGINT');
    expect(await done).toBe(0);
  });

  it('refuses a bad port, and --lines with --provider sip', async () => {
    const bad = capture();
    expect(await boardCommand(['--port', 'x'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--port takes a port/);
    const sip = capture();
    expect(await boardCommand(['--provider', 'sip', '--aor', 'sip:alice@127.0.0.1', '--lines', '3'], sip.io)).toBe(2);
    expect(sip.err.join('\n')).toMatch(/--lines is an option of --provider sim/);
  });
});

describe('xtapi call --board and --inspect wait alike', () => {
  it('--board: the call starts when the page is open, then the board stays up until Ctrl-C', async () => {
    const { io, out } = capture();
    const done = callCommand(['5550122', '--board', '0'], io);
    const url = await until(() => boardUrlIn(out));
    // Nothing happens until a page is open.
    await new Promise((r) => setTimeout(r, 100));
    expect(out.some((l) => l.startsWith('xtapi: calling'))).toBe(false);
    const socket = new WebSocket(feedOf(url));
    const states: string[] = [];
    socket.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { type: string; call?: { state: string } };
      if (m.type === 'call' && m.call) states.push(m.call.state);
    });
    await until(() => (out.some((l) => /page stays up until Ctrl-C/.test(l)) ? true : undefined), 10_000);
    await until(() => (states.includes('ended') ? true : undefined));
    expect(states).toEqual(expect.arrayContaining(['placing', 'dialtone', 'proceeding', 'busy', 'ended']));
    socket.close();
    process.emit('SIGINT');
    expect(await done).toBe(1);
    expect(out.join('\n')).toMatch(/failed: the far end is busy/);
  });

  it('--inspect: the call starts when the inspector page is open (no longer ends before a browser attaches), then stays up until Ctrl-C', async () => {
    const { io, out } = capture();
    const done = callCommand(['5550122', '--inspect', '0'], io);
    const url = await until(() => inspectorUrlIn(out));
    await new Promise((r) => setTimeout(r, 300));
    expect(out.some((l) => l.startsWith('xtapi: calling'))).toBe(false);
    // The inspector page's own socket (what its script opens): a viewer.
    const viewer = new WebSocket(`${url.replace('http', 'ws')}viewer`);
    const seen: string[] = [];
    viewer.on('message', (d) => seen.push(d.toString()));
    await until(() => (out.some((l) => /page stays up until Ctrl-C/.test(l)) ? true : undefined), 10_000);
    expect(out.join('\n')).toMatch(/failed: the far end is busy/);
    // The viewer saw the actor system, numbers stripped.
    await until(() => (seen.length > 5 ? true : undefined));
    expect(seen.join('\n')).not.toContain('5550122');
    viewer.close();
    process.emit('SIGINT');
    expect(await done).toBe(1);
  });

  it('Ctrl-C before any page is open: nothing is called, exit 130', async () => {
    const { io, out } = capture();
    const done = callCommand(['5550111', '--inspect', '0', '--board', '0'], io);
    await until(() => boardUrlIn(out));
    expect(out.join('\n')).toMatch(/the call starts when every page is open/);
    process.emit('SIGINT');
    expect(await done).toBe(130);
    expect(out.some((l) => l.startsWith('xtapi: calling'))).toBe(false);
  });
});

describe('xtapi call --board when the board cannot start', () => {
  it('a port in use: exit 1 with the reason, nothing held open', async () => {
    const { io, out } = capture();
    const taken = boardCommand(['--port', '0', '--json'], io);
    const { url } = JSON.parse(await until(() => out[0])) as { url: string };
    const port = new URL(url).port;
    const second = capture();
    expect(await callCommand(['5550111', '--board', port], second.io)).toBe(1);
    expect(second.err.join('\n')).toMatch(/LINEERR_RESOURCEUNAVAIL: the board cannot start: .*EADDRINUSE/);
    expect(second.out.some((l) => /stays up/.test(l))).toBe(false);
    process.emit('SIGINT');
    expect(await taken).toBe(0);
  });
});
