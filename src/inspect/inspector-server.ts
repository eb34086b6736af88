/**
 * The inspector relay: an HTTP page plus a WebSocket relay on localhost, speaking the protocol of
 * `@statelyai/inspect`'s own `createInspectorServer` (each message a client sends goes to every
 * other client; late viewers get the last ones replayed; the page frames the Stately inspector
 * and posts each message to it). xtapi runs its own rather than that one because a telephony
 * needs what it lacks: it listens on loopback only (call data stays on the host), takes port 0,
 * reports a port in use instead of crashing on an unhandled 'error', and closes for good
 * (`close()` resolves once every socket is gone). A browser may connect only from the relay's
 * own page (`local-page-guard.ts`: a page on another site could otherwise read the calls or feed
 * the viewer false ones); the inspector in the telephony is no browser and connects as before.
 * The page's socket says it is a viewer (path `/viewer`), so the relay knows when one is watching.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { localPageGuard } from './local-page-guard.js';

/** Options of {@link startInspectorServer}. */
export interface InspectorServerOptions {
  /** Port (default 8080, the Stately default; 0 picks a free one). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: call data stays on this host). */
  host?: string;
  /** The inspector UI the page frames (default https://stately.ai/inspect, which is online). */
  url?: string;
  /** How many messages a late viewer is replayed (default 1000). */
  replay?: number;
}

/** A running relay. */
export interface InspectorServer {
  readonly port: number;
  /** The page to open in a browser. */
  readonly pageUrl: string;
  /** Where inspectors send and viewers listen. */
  readonly wsUrl: string;
  /** Viewer pages connected now. */
  readonly viewers: number;
  /** Resolves when the first viewer page connects. */
  readonly firstViewer: Promise<void>;
  /** Stop listening and close every connection. */
  close(): Promise<void>;
}

function bridgePage(inspectorUrl: string): string {
  const frame = JSON.stringify(inspectorUrl).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xtapi inspector</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body><iframe id="inspector"></iframe>
<script>
  // Frames the inspector UI and hands it every message from the relay, holding them until the
  // UI says it is ready ('@statelyai.connected'), as @statelyai/inspect's own bridge does.
  const frame = document.getElementById('inspector');
  frame.src = ${frame};
  const held = [];
  let ready = false;
  addEventListener('message', (e) => {
    if (e.data && e.data.type === '@statelyai.connected') {
      ready = true;
      for (const m of held.splice(0)) frame.contentWindow.postMessage(m, '*');
    }
  });
  // The relay is on the page's own host; '/viewer' tells it a page is watching.
  new WebSocket('ws://' + location.host + '/viewer').onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (ready) frame.contentWindow.postMessage(m, '*'); else held.push(m);
  };
</script></body></html>`;
}

/**
 * Start the relay.
 *
 * @example
 * ```ts
 * const server = await startInspectorServer({ port: 0 });
 * console.log(`open ${server.pageUrl}`);
 * // … createTelephony({ inspect: { server: server.wsUrl } }) …
 * await server.close();
 * ```
 */
export async function startInspectorServer(options: InspectorServerOptions = {}): Promise<InspectorServer> {
  const host = options.host ?? '127.0.0.1';
  const replay = options.replay ?? 1000;
  const backlog: string[] = [];
  let port = 0;
  const guard = localPageGuard({ host, port: () => port });
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' || (req.url !== '/' && req.url !== '/index.html')) {
      res.writeHead(404).end();
      return;
    }
    if (guard(req) !== null) {
      res.writeHead(403).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(bridgePage(options.url ?? 'https://stately.ai/inspect'));
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on('error', () => {});
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (guard(req) !== null) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  let viewers = 0;
  let resolveFirst: () => void = () => {};
  const firstViewer = new Promise<void>((resolve) => (resolveFirst = resolve));
  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    if ((req.url ?? '').startsWith('/viewer')) {
      viewers++;
      resolveFirst();
      socket.once('close', () => viewers--);
    }
    for (const message of backlog) socket.send(message);
    socket.on('message', (data) => {
      const message = data.toString();
      backlog.push(message);
      if (backlog.length > replay) backlog.shift();
      for (const client of wss.clients) if (client !== socket && client.readyState === WebSocket.OPEN) client.send(message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) => {
      wss.close();
      reject(error);
    });
    http.listen(options.port ?? 8080, host, () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  const wsUrl = `ws://${shown}:${port}`;
  return {
    port,
    pageUrl: `http://${shown}:${port}/`,
    wsUrl,
    get viewers() {
      return viewers;
    },
    firstViewer,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
