/**
 * `xtapi call --inspect [port]`: the call waits for the inspector's page, then its actors reach
 * that viewer, with the number stripped; the relay stays up until Ctrl-C (SIGINT, emitted here).
 * The simulated switch runs on real time in the command (bounded).
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { callCommand } from '../../../src/cli/call-command.js';

describe('xtapi call --inspect', () => {
  it('prints the inspector page and sends the call to it, numbers stripped', async () => {
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(line) };
    const done = callCommand(['5550111', '--inspect', '0', '--outcome', 'busy'], io);
    const deadline = Date.now() + 5_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = out.map((l) => /inspector on (http:\/\/\S+)/.exec(l)?.[1]).find(Boolean);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const raw: string[] = [];
    // What the inspector page's script opens: a viewer.
    const socket = new WebSocket(`${url!.replace('http', 'ws')}viewer`);
    socket.on('message', (d) => raw.push(d.toString()));
    while (!out.some((l) => /stays up until Ctrl-C/.test(l)) && Date.now() < deadline + 10_000) await new Promise((r) => setTimeout(r, 10));
    socket.close();
    process.emit('SIGINT');
    expect(await done).toBe(1);
    const text = raw.join('\n');
    expect(text).toContain('"@xstate.actor"');
    expect(text).toContain('PROVIDER.BUSY');
    expect(text).not.toContain('5550111');
    expect(out.join('\n')).toMatch(/stately\.ai\/inspect, which needs the internet/);
  });
});
