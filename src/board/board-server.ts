/**
 * The call board: a local web page showing a running telephony's lines and calls, each call's
 * statechart with its active state highlighted as it changes, and an event log, fed over a
 * WebSocket. Everything it serves comes from this process (no CDN, no online inspector), so it
 * works on a host without internet, which many telephony hosts are.
 *
 * Only the user's own page may use it (see `local-page-guard.ts`): it listens on loopback unless
 * told otherwise (and warns when it is), every request must carry the secret token made at start
 * (it is in the `url` the board prints), and a browser's request must come from the board's own
 * origin. A page on another site the user visits can neither watch the calls nor place one.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { callMachine } from '../../machines/call.js';
import { toSvg } from '../inspect/diagram/to-svg.js';
import { isLoopback, localPageGuard, newToken } from '../inspect/local-page-guard.js';
import { XtapiError } from '../phone/errors.js';
import type { Line } from '../phone/line.js';
import type { Telephony } from '../phone/telephony.js';
import { BoardFeed, type BoardUpdate } from './board-feed.js';
import { boardPage } from './page.js';

/** Options of {@link startBoard}. */
export interface BoardOptions {
  /** Port (default 8090; 0 picks a free one). */
  port?: number;
  /**
   * Interface to listen on (default 127.0.0.1, this host only). Another one lets other hosts
   * reach the board; `onWarning` is told so.
   */
  host?: string;
  /** The secret the page's address carries (default: a new random one at each start). */
  token?: string;
  /** Told when the board is reachable from other hosts (default: `process.emitWarning`). */
  onWarning?: (message: string) => void;
  /** Show no phone numbers on the board (default false). */
  stripNumbers?: boolean;
  /** Let the page place, drop, hold and take back calls, and answer or reject calls that arrive (default false: the board only watches). */
  control?: boolean;
  /** The page's title. */
  title?: string;
  /**
   * Open every line at start, so that calls can arrive and show (a SIP account registers);
   * a line that cannot be opened is told to `onWarning` (default false: lines open when the
   * page places a call on them).
   */
  openLines?: boolean;
}

/** A running board. */
export interface BoardServer {
  readonly port: number;
  /** The page to open: it carries the token (`?token=…`); without it the board answers 403. */
  readonly url: string;
  /** The page's WebSocket, token included (for programs that read the feed themselves). */
  readonly feedUrl: string;
  /** The token every request must carry. */
  readonly token: string;
  /** Pages connected now. */
  readonly viewers: number;
  /** Resolves when the first page connects. */
  readonly firstViewer: Promise<void>;
  /** Close every page's connection and stop serving; the telephony is not touched. */
  close(): Promise<void>;
}

let chart: Promise<string> | undefined;

/** A request from a page with control: place, drop, answer or reject a call that arrived, hold or take back a call. */
type PageRequest =
  | { type: 'call'; deviceId: number; address: string }
  | { type: 'drop'; callId: string }
  | { type: 'answer'; callId: string }
  | { type: 'reject'; callId: string }
  | { type: 'hold'; callId: string }
  | { type: 'unhold'; callId: string };

/**
 * Serve the call board for a telephony.
 *
 * @example
 * ```ts
 * import { createTelephony } from 'xtapi';
 * import { startBoard } from 'xtapi/board';
 *
 * const telephony = createTelephony();
 * const board = await startBoard(telephony, { port: 8090 });
 * console.log(`open ${board.url}`);
 * ```
 */
export async function startBoard(telephony: Telephony, options: BoardOptions = {}): Promise<BoardServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  chart ??= toSvg(callMachine, { descriptions: 'tooltip', detail: 'names' });
  const svg = await chart;
  const feed = new BoardFeed(telephony, { stripNumbers: options.stripNumbers });
  const page = boardPage(options.title);
  let port = 0;
  const guard = localPageGuard({ host, port: () => port, token });

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/' && path !== '/index.html')) {
      res.writeHead(404).end();
      return;
    }
    const refused = guard(req);
    if (refused !== null) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(refused === 'token' ? 'Open the address xtapi printed: it carries the board\'s token.\n' : 'This board serves only its own host.\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The token is in the address: never send it on (the page has no links, but say so).
      'referrer-policy': 'no-referrer',
      // Nothing from anywhere else: the page must work without internet.
      'content-security-policy': `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src ws://${req.headers.host}`,
    });
    res.end(page);
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on('error', () => {});
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0];
    const refused = path === '/feed' ? guard(req) : 'path';
    if (refused !== null) {
      socket.end(`HTTP/1.1 ${refused === 'path' ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  let resolveFirst: () => void = () => {};
  const firstViewer = new Promise<void>((resolve) => (resolveFirst = resolve));

  const broadcast = (update: BoardUpdate) => {
    const text = JSON.stringify(update);
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
  };
  const unsubscribe = feed.subscribe(broadcast);
  // What the providers dropped or shed (a flood, hostile datagrams), read once a second.
  const counting = setInterval(() => feed.refreshCounters(), 1000);
  counting.unref();
  const notice = (socket: WebSocket, text: string) => socket.send(JSON.stringify({ type: 'notice', at: telephony.clock.now(), text }));

  // A line opened by the board: once, however many ask for it while it opens.
  const opening = new Map<number, Promise<Line>>();
  const lineFor = (deviceId: number): Promise<Line> => {
    const open = telephony.line(deviceId);
    if (open) return Promise.resolve(open);
    let line = opening.get(deviceId);
    if (!line) {
      line = telephony.openLine(deviceId).finally(() => opening.delete(deviceId));
      opening.set(deviceId, line);
    }
    return line;
  };
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'XtapiBoardWarning'));

  const handle = async (socket: WebSocket, request: PageRequest) => {
    if (!options.control) return notice(socket, 'this board only watches');
    try {
      if (request.type === 'call') {
        const line = await lineFor(Number(request.deviceId));
        await line.makeCall(String(request.address));
      } else if (request.type === 'drop') {
        feed.drop(String(request.callId));
      } else if (request.type === 'answer' || request.type === 'reject') {
        const callId = String(request.callId);
        const done = request.type === 'answer' ? feed.answer(callId) : feed.reject(callId);
        // A call the caller gave up on while the page asked: say so, the page shows the rest.
        if (!done) notice(socket, `${callId} cannot be ${request.type === 'answer' ? 'answered' : 'rejected'} now: it is not being offered`);
      } else if (request.type === 'hold' || request.type === 'unhold') {
        const callId = String(request.callId);
        const done = request.type === 'hold' ? feed.hold(callId) : feed.unhold(callId);
        // The page offers the buttons only where the chart takes them; the call may have moved on since.
        if (!done) notice(socket, `${callId} cannot be ${request.type === 'hold' ? 'held' : 'taken back'} now`);
      }
    } catch (error) {
      notice(socket, error instanceof XtapiError ? `LINEERR_${error.code}: ${error.message}` : String(error));
    }
  };

  wss.on('connection', (socket) => {
    const { lines, calls, log, counters } = feed.snapshot();
    socket.send(JSON.stringify({ type: 'hello', chart: svg, control: options.control === true, lines, calls, log, counters }));
    socket.on('message', (data) => {
      let request: PageRequest;
      try {
        request = JSON.parse(data.toString()) as PageRequest;
      } catch {
        return;
      }
      void handle(socket, request);
    });
    resolveFirst();
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) => {
      clearInterval(counting);
      wss.close();
      unsubscribe();
      feed.close();
      reject(error);
    });
    http.listen(options.port ?? 8090, host, () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  if (options.openLines) {
    for (const { deviceId } of telephony.devices) lineFor(deviceId).catch((error: Error) => warn(`no call can arrive on line ${deviceId}: ${error.message}`));
  }
  if (!isLoopback(host)) {
    warn(
      `the call board listens on ${shown}:${port}, not on loopback: other hosts can reach it, and whoever has its address (with the token) can ${options.control ? 'place, answer and drop calls' : 'watch the calls'}`,
    );
  }
  return {
    port,
    url: `http://${shown}:${port}/?token=${token}`,
    feedUrl: `ws://${shown}:${port}/feed?token=${token}`,
    token,
    get viewers() {
      return wss.clients.size;
    },
    firstViewer,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(counting);
        unsubscribe();
        feed.close();
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
