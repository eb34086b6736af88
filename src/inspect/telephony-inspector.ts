/**
 * The inspector of a telephony: the whole actor system (root, lines, calls, their provider
 * services) sent to `@statelyai/inspect`, the XState 5 inspector. (`@xstate/inspect` is the
 * XState 4 one: it hooks v4's devTools registry, which v5 never calls.)
 *
 * Off unless asked for: inspecting costs most of the actors' throughput. When on, phone numbers
 * are stripped from everything sent, unless `stripNumbers: false`.
 *
 * A telephony is created synchronously, but the inspector needs a server and a socket first:
 * the observer handed to the root actor holds the first events and passes them on once the
 * inspector is connected, so the viewer sees every actor from its creation.
 */
import type { InspectionEvent, Observer } from 'xstate';
import type { WebSocket } from 'ws';
import type { InspectorServer } from './inspector-server.js';
import { stripNumbers } from './strip-numbers.js';

/** Options of the telephony's inspector (`createTelephony({ inspect })`). */
export interface InspectorOptions {
  /** Port of the local inspector relay to start (default 8080; 0 picks a free one). */
  port?: number;
  /** Interface the relay listens on (default 127.0.0.1). */
  host?: string;
  /** The inspector UI the relay's page frames (default https://stately.ai/inspect). */
  url?: string;
  /** Send to this running relay (`ws://…`) instead of starting one. */
  server?: string;
  /** Remove phone numbers and dialled digits from what is sent (default true). */
  stripNumbers?: boolean;
}

/** Where the inspector can be seen. */
export interface InspectorInfo {
  /** The page to open (absent when sending to a relay given by `server`). */
  pageUrl: string | undefined;
  /** The relay's WebSocket address. */
  wsUrl: string;
}

/** What a telephony's `inspect` option may be: on/off, options, or a raw XState observer. */
export type InspectOption = boolean | InspectorOptions | Observer<InspectionEvent> | ((event: InspectionEvent) => void);

/** A telephony's inspection: the observer for the root actor and its lifecycle. */
export interface TelephonyInspection {
  observer: Observer<InspectionEvent>;
  /** Resolves once events flow to the inspector; rejects if it cannot start (port in use, …). */
  ready: Promise<InspectorInfo | undefined>;
  /** Send what is pending, disconnect, and stop the relay this inspection started. */
  stop(): Promise<void>;
}

/** The types @statelyai/inspect turns into messages; the others it drops anyway. */
const SENT = new Set(['@xstate.actor', '@xstate.event', '@xstate.snapshot']);
const MAX_HELD = 10_000;

/** An adapter for @statelyai/inspect's `createInspector`: JSON over a `ws` socket. */
class RelayAdapter {
  private socket: WebSocket | undefined;
  private readonly queue: string[] = [];

  constructor(private readonly strip: boolean) {}

  async connect(url: string): Promise<void> {
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(url);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => {});
    for (const text of this.queue.splice(0)) socket.send(text);
  }

  send(event: unknown): void {
    let text: string;
    try {
      text = JSON.stringify(this.strip ? stripNumbers(event) : event);
    } catch {
      return; // an unserialisable snapshot is not worth a crash
    }
    if (this.socket?.readyState === 1) this.socket.send(text);
    else if (this.queue.length < MAX_HELD) this.queue.push(text);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState > 1) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
      setTimeout(() => (socket.terminate(), resolve()), 1_000).unref();
    });
  }
}

function isObserver(value: unknown): value is Observer<InspectionEvent> {
  return typeof value === 'object' && value !== null && typeof (value as Observer<InspectionEvent>).next === 'function';
}

/**
 * Make the inspection a telephony's `inspect` option asks for, or undefined when it is off.
 *
 * @example
 * ```ts
 * const inspection = inspectTelephony({ port: 0 });
 * const root = createActor(telephonyMachine, { input, inspect: inspection?.observer });
 * console.log((await inspection?.ready)?.pageUrl);
 * ```
 */
export function inspectTelephony(option: InspectOption | undefined): TelephonyInspection | undefined {
  if (!option) return undefined;
  if (typeof option === 'function') return { observer: { next: option }, ready: Promise.resolve(undefined), stop: async () => {} };
  if (isObserver(option)) return { observer: option, ready: Promise.resolve(undefined), stop: async () => {} };
  const options: InspectorOptions = option === true ? {} : option;
  const held: InspectionEvent[] = [];
  let target: Observer<InspectionEvent> | undefined;
  let stopped = false;
  let server: InspectorServer | undefined;
  const adapter = new RelayAdapter(options.stripNumbers ?? true);

  const ready = (async (): Promise<InspectorInfo> => {
    // Loaded when asked for: importing xtapi loads neither a web server nor the inspector.
    if (!options.server) {
      const { startInspectorServer } = await import('./inspector-server.js');
      server = await startInspectorServer({ port: options.port, host: options.host, url: options.url });
    }
    const wsUrl = options.server ?? (server as InspectorServer).wsUrl;
    const { createInspector } = await import('@statelyai/inspect');
    const inspector = createInspector(adapter, { maxDeferredEvents: MAX_HELD, serializationDepthLimit: 12 });
    await adapter.connect(wsUrl);
    target = inspector.inspect;
    for (const event of held.splice(0)) target.next?.(event);
    return { pageUrl: server?.pageUrl, wsUrl };
  })();
  ready.catch(() => {
    held.length = 0;
  });

  return {
    observer: {
      next(event) {
        if (stopped || !SENT.has(event.type)) return;
        if (target) target.next?.(event);
        else if (held.length < MAX_HELD) held.push(event);
      },
    },
    ready,
    async stop() {
      if (stopped) return;
      await ready.catch(() => undefined);
      // @statelyai/inspect converts each event on a zero-delay timer: let those run first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      stopped = true;
      await adapter.close();
      await server?.close();
    },
  };
}
