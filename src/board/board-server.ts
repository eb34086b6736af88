/**
 * The call board: a local web page showing a running telephony's lines and calls, each call's
 * statechart with its active state highlighted as it changes, and an event log, fed over a
 * WebSocket. Everything it serves comes from this process (no CDN, no online inspector), so it
 * works on a host without internet, which many telephony hosts are.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { callMachine } from '../../machines/call.js';
import { toSvg } from '../inspect/diagram/to-svg.js';
import { XtapiError } from '../phone/errors.js';
import type { Telephony } from '../phone/telephony.js';
import { BoardFeed, type BoardUpdate } from './board-feed.js';
import { boardPage } from './page.js';

/** Options of {@link startBoard}. */
export interface BoardOptions {
  /** Port (default 8090; 0 picks a free one). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Show no phone numbers on the board (default false). */
  stripNumbers?: boolean;
  /** Let the page place and drop calls (default false: the board only watches). */
  control?: boolean;
  /** The page's title. */
  title?: string;
}

/** A running board. */
export interface BoardServer {
  readonly port: number;
  /** The page to open. */
  readonly url: string;
  /** Pages connected now. */
  readonly viewers: number;
  /** Resolves when the first page connects. */
  readonly firstViewer: Promise<void>;
  /** Close every page's connection and stop serving; the telephony is not touched. */
  close(): Promise<void>;
}

let chart: Promise<string> | undefined;

/** A request from a page with control. */
type PageRequest = { type: 'call'; deviceId: number; address: string } | { type: 'drop'; callId: string };

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
  chart ??= toSvg(callMachine, { descriptions: 'tooltip', detail: 'names' });
  const svg = await chart;
  const feed = new BoardFeed(telephony, { stripNumbers: options.stripNumbers });
  const page = boardPage(options.title);
  let port = 0;

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // Nothing from anywhere else: the page must work without internet.
        'content-security-policy': `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src ws://${req.headers.host ?? `${host}:${port}`}`,
      });
      res.end(page);
    } else if (req.method === 'GET' && path === '/chart.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(svg);
    } else {
      res.writeHead(404).end();
    }
  });
  const wss = new WebSocketServer({ server: http, path: '/feed' });
  wss.on('error', () => {});
  let resolveFirst: () => void = () => {};
  const firstViewer = new Promise<void>((resolve) => (resolveFirst = resolve));

  const broadcast = (update: BoardUpdate) => {
    const text = JSON.stringify(update);
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
  };
  const unsubscribe = feed.subscribe(broadcast);
  const notice = (socket: WebSocket, text: string) => socket.send(JSON.stringify({ type: 'notice', at: telephony.clock.now(), text }));

  const handle = async (socket: WebSocket, request: PageRequest) => {
    if (!options.control) return notice(socket, 'this board only watches');
    try {
      if (request.type === 'call') {
        const line = telephony.line(request.deviceId) ?? (await telephony.openLine(request.deviceId));
        await line.makeCall(String(request.address));
      } else if (request.type === 'drop') {
        feed.drop(String(request.callId));
      }
    } catch (error) {
      notice(socket, error instanceof XtapiError ? `LINEERR_${error.code}: ${error.message}` : String(error));
    }
  };

  wss.on('connection', (socket) => {
    const { lines, calls, log } = feed.snapshot();
    socket.send(JSON.stringify({ type: 'hello', chart: svg, control: options.control === true, lines, calls, log }));
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
      wss.close();
      unsubscribe();
      feed.close();
      reject(error);
    });
    http.listen(options.port ?? 8090, host, () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    port,
    url: `http://${shown}:${port}/`,
    get viewers() {
      return wss.clients.size;
    },
    firstViewer,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        feed.close();
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
