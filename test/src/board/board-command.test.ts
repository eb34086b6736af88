/**
 * `xtapi board` and `xtapi call --board`, in process: the page and its feed are served, the
 * call waits for the page, and the board stays up after the call until Ctrl-C (SIGINT, emitted
 * here). The simulated switch runs on real time in these commands, so waits are bounded.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { boardCommand, optionalPort } from '../../../src/cli/board-command.js';
import { callCommand } from '../../../src/cli/call-command.js';

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

const urlIn = (lines: string[]) => lines.map((l) => /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(l)?.[1]).find(Boolean);

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
  it('serves the board with controls until Ctrl-C, and lists the switch numbers', async () => {
    const { io, out } = capture();
    const done = boardCommand(['--port', '0', '--lines', '3'], io);
    const url = await until(() => urlIn(out));
    const page = await (await fetch(url)).text();
    expect(page).toContain('xtapi call board');
    expect(out.join('\n')).toMatch(/5550122 {2}is busy/);
    const socket = new WebSocket(`${url.replace('http', 'ws')}feed`);
    const hello = await new Promise<{ lines: unknown[]; control: boolean }>((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));
    expect(hello.lines).toHaveLength(3);
    expect(hello.control).toBe(true);
    socket.close();
    process.emit('SIGINT');
    expect(await done).toBe(0);
  });

  it('refuses a bad port', async () => {
    const { io, err } = capture();
    expect(await boardCommand(['--port', 'x'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/--port/);
  });
});

describe('xtapi call --board', () => {
  it('starts the call when the page is open, then keeps the board up until Ctrl-C', async () => {
    const { io, out } = capture();
    const done = callCommand(['5550122', '--board', '0', '--outcome', 'busy'], io);
    const url = await until(() => urlIn(out));
    // Nothing happens until a page is open.
    await new Promise((r) => setTimeout(r, 100));
    expect(out.some((l) => l.startsWith('xtapi: calling'))).toBe(false);
    const socket = new WebSocket(`${url.replace('http', 'ws')}feed`);
    const states: string[] = [];
    socket.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { type: string; call?: { state: string } };
      if (m.type === 'call' && m.call) states.push(m.call.state);
    });
    await until(() => (out.some((l) => /board stays up/.test(l)) ? true : undefined), 10_000);
    await until(() => (states.includes('ended') ? true : undefined));
    expect(states).toEqual(expect.arrayContaining(['placing', 'dialtone', 'proceeding', 'busy', 'ended']));
    socket.close();
    process.emit('SIGINT');
    expect(await done).toBe(1);
    expect(out.join('\n')).toMatch(/failed: the far end is busy/);
  });
});
