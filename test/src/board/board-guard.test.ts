/**
 * The board's WebSocket accepted any Origin: a page on any site the user visited while
 * `xtapi board` ran could connect and place calls (over SIP, toll fraud). Now a request must
 * carry the token made at start, a browser's must come from the board's own origin, the Host
 * must be this host (DNS rebinding), and a board bound elsewhere than loopback is warned about.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type BoardServer, startBoard } from '../../../src/board/board-server.js';
import { isLoopback, localPageGuard } from '../../../src/inspect/local-page-guard.js';
import { createTelephony, type Telephony } from '../../../src/phone/telephony.js';
import { simulatedProvider } from '../../../providers/simulated/index.js';

function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open the feed; resolves with the first message's type, or the refusal's HTTP status. */
function feed(url: string, origin?: string): Promise<string | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('message', (data) => {
      resolve((JSON.parse(data.toString()) as { type: string }).type);
      socket.close();
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(-1));
  });
}

describe('the board lets only its own page in', () => {
  let telephony: Telephony;
  let board: BoardServer;
  let origin: string;
  let noToken: string;

  beforeAll(async () => {
    telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })] });
    board = await startBoard(telephony, { port: 0, control: true });
    origin = new URL(board.url).origin;
    noToken = `ws://127.0.0.1:${board.port}/feed`;
  });
  afterAll(async () => {
    await board.close();
    await telephony.shutdown();
  });

  it('prints a page address with a fresh token each start', async () => {
    expect(board.url).toBe(`http://127.0.0.1:${board.port}/?token=${board.token}`);
    expect(board.token).toMatch(/^[\w-]{22}$/);
    const other = await startBoard(telephony, { port: 0 });
    expect(other.token).not.toBe(board.token);
    await other.close();
  });

  it('the page: 200 with the token, 403 without it, with a wrong one, or under another host name', async () => {
    expect(await get(board.url)).toBe(200);
    expect(await get(`${origin}/`)).toBe(403);
    expect(await get(`${origin}/?token=${'x'.repeat(22)}`)).toBe(403);
    expect(await get(board.url, { host: `evil.example:${board.port}` })).toBe(403);
  });

  it('the feed: a hostile origin is refused even with the token; no token is refused; the own origin and a non-browser client get in', async () => {
    expect(await feed(board.feedUrl, 'https://evil.example')).toBe(403);
    expect(await feed(board.feedUrl, `http://localhost:${board.port + 1}`)).toBe(403);
    expect(await feed(noToken)).toBe(403);
    expect(await feed(noToken, origin)).toBe(403);
    expect(await feed(board.feedUrl, origin)).toBe('hello');
    expect(await feed(board.feedUrl)).toBe('hello');
  });

  it('no call is placed through a refused socket', async () => {
    const socket = new WebSocket(board.feedUrl, { origin: 'https://evil.example' });
    await new Promise((resolve) => socket.once('unexpected-response', resolve));
    expect(telephony.line(0)?.status.activeCalls ?? 0).toBe(0);
  });

  it('bound elsewhere than loopback: told through onWarning', async () => {
    const warnings: string[] = [];
    const open = await startBoard(telephony, { port: 0, host: '0.0.0.0', onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([`the call board listens on 0.0.0.0:${open.port}, not on loopback: other hosts can reach it, and whoever has its address (with the token) can watch the calls`]);
    // Reached by its own name, the page and the feed still need the token.
    expect(await get(`http://127.0.0.1:${open.port}/`)).toBe(403);
    expect(await get(`http://127.0.0.1:${open.port}/?token=${open.token}`)).toBe(200);
    await open.close();
  });
});

describe('localPageGuard', () => {
  const req = (headers: Record<string, string>, url = '/feed?token=t') => ({ headers, url }) as unknown as IncomingMessage;
  const guard = localPageGuard({ host: '127.0.0.1', port: () => 8090, token: 't' });

  it('checks the Host, then the Origin, then the token', () => {
    expect(guard(req({ host: '127.0.0.1:8090' }))).toBeNull();
    expect(guard(req({ host: 'localhost:8090', origin: 'http://localhost:8090' }))).toBeNull();
    expect(guard(req({ host: 'rebound.example:8090', origin: 'http://rebound.example:8090' }))).toBe('host');
    expect(guard(req({ host: '127.0.0.1:8091' }))).toBe('host');
    expect(guard(req({ host: '127.0.0.1:8090', origin: 'null' }))).toBe('origin');
    expect(guard(req({ host: '127.0.0.1:8090', origin: 'http://127.0.0.1:8090' }, '/feed'))).toBe('token');
    expect(guard(req({ host: '127.0.0.1:8090' }, '/feed?token=T'))).toBe('token');
  });

  it('knows loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '192.168.1.2', '::', 'example.com'].map(isLoopback)).toEqual([false, false, false, false]);
  });
});
