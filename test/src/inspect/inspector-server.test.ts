/**
 * The inspector relay, as `xtapi call --inspect` uses it: it knows when its page is watching (so
 * the call can wait for it, as `--board` does), and a page on another origin cannot read what
 * the telephony sends or feed the viewer events of its own.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startInspectorServer } from '../../../src/inspect/inspector-server.js';

const opened = (url: string, origin?: string) =>
  new Promise<string | number>((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
  });

describe('inspector relay', () => {
  it('resolves firstViewer when its page connects, not when an inspector does', async () => {
    const server = await startInspectorServer({ port: 0 });
    let viewed = false;
    void server.firstViewer.then(() => (viewed = true));
    const inspector = new WebSocket(server.wsUrl);
    await new Promise((resolve) => inspector.once('open', resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([viewed, server.viewers]).toEqual([false, 0]);
    const page = new WebSocket(`${server.wsUrl}/viewer`, { origin: `http://127.0.0.1:${server.port}` });
    await server.firstViewer;
    expect(server.viewers).toBe(1);
    if (page.readyState !== WebSocket.OPEN) await new Promise((resolve) => page.once('open', resolve));
    page.close();
    inspector.close();
    await server.close();
  });

  it('refuses a browser on another origin, and a rebound host name', async () => {
    const server = await startInspectorServer({ port: 0 });
    expect(await opened(`${server.wsUrl}/viewer`, 'https://evil.example')).toBe(403);
    expect(await opened(`${server.wsUrl}/viewer`, `http://127.0.0.1:${server.port}`)).toBe('open');
    const status = await new Promise<number>((resolve) => request(server.pageUrl, { headers: { host: `evil.example:${server.port}` } }, (res) => resolve(res.resume().statusCode ?? 0)).end());
    expect(status).toBe(403);
    await server.close();
  });
});
