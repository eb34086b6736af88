/**
 * The pages `xtapi call` serves when asked (`--inspect [port]`, `--board [port]`), handled the
 * same way: each is started before the call, the call starts once every page asked for has a
 * viewer (so nothing is missed), and the pages stay up after the call has ended, until Ctrl-C.
 */
import { type InspectorServer, startInspectorServer } from '../inspect/inspector-server.js';
import type { InspectorOptions } from '../inspect/telephony-inspector.js';
import { XtapiError } from '../phone/errors.js';
import type { Telephony } from '../phone/telephony.js';
import { untilInterrupted } from './until-interrupted.js';

/** Which pages to serve, and on which port (undefined: the page's default). */
export interface PagesWanted {
  inspect: { on: boolean; port: number | undefined };
  board: { on: boolean; port: number | undefined };
}

interface Served {
  /** What to tell the user: where the page is. */
  notice: string;
  firstViewer: Promise<void>;
  close(): Promise<void>;
}

/** The pages of one `xtapi call`. */
export class CallPages {
  private relay: InspectorServer | null = null;
  private readonly served: Served[] = [];

  private constructor(private readonly wanted: PagesWanted) {}

  /**
   * Start what must exist before the telephony (the inspector relay); throws an XtapiError
   * RESOURCEUNAVAIL when it cannot (a port in use).
   *
   * @example
   * ```ts
   * const pages = await CallPages.start({ inspect: { on: true, port: 0 }, board: { on: false, port: undefined } });
   * const telephony = createTelephony({ providers, inspect: pages.inspectOption });
   * ```
   */
  static async start(wanted: PagesWanted): Promise<CallPages> {
    const pages = new CallPages(wanted);
    if (wanted.inspect.on) {
      const relay = await startInspectorServer({ port: wanted.inspect.port ?? 8080 }).catch((error: Error) => {
        throw new XtapiError('RESOURCEUNAVAIL', `the inspector cannot start: ${error.message}`);
      });
      pages.relay = relay;
      pages.served.push({
        notice: `xtapi: inspector on ${relay.pageUrl} (its page shows https://stately.ai/inspect, which needs the internet; phone numbers are stripped)`,
        firstViewer: relay.firstViewer,
        close: () => Promise.resolve(),
      });
    }
    return pages;
  }

  /** Whether any page is served. */
  get any(): boolean {
    return this.wanted.inspect.on || this.wanted.board.on;
  }

  /** The telephony's `inspect` option: send to the relay started here. */
  get inspectOption(): InspectorOptions | undefined {
    return this.relay ? { server: this.relay.wsUrl } : undefined;
  }

  /** Start the pages that watch a telephony (the board); throws RESOURCEUNAVAIL when one cannot. */
  async attach(telephony: Telephony): Promise<void> {
    if (!this.wanted.board.on) return;
    // Loaded here, so a call without --board does not load the board's server.
    const { startBoard } = await import('../board/board-server.js');
    const board = await startBoard(telephony, { port: this.wanted.board.port ?? 8090 }).catch((error: Error) => {
      throw new XtapiError('RESOURCEUNAVAIL', `the board cannot start: ${error.message}`);
    });
    this.served.push({ notice: `xtapi: call board on ${board.url}`, firstViewer: board.firstViewer, close: () => board.close() });
  }

  /** Where each page is, to print. */
  notices(): string[] {
    if (!this.any) return [];
    return [...this.served.map((page) => page.notice), `xtapi: the call starts when ${this.served.length > 1 ? 'every page is' : 'the page is'} open (Ctrl-C to stop)`];
  }

  /** Resolves true once every page has a viewer, false on Ctrl-C first. */
  async viewed(): Promise<boolean> {
    const waiting = new AbortController();
    const viewed = await Promise.race([
      Promise.all(this.served.map((page) => page.firstViewer)).then(() => true),
      untilInterrupted(waiting.signal).then(() => false),
    ]);
    waiting.abort();
    return viewed;
  }

  /** Keep the pages up until Ctrl-C, so what they show can be read. */
  async hold(notify: (line: string) => void): Promise<void> {
    if (!this.any) return;
    notify(`xtapi: the call has ended; the ${this.served.length > 1 ? 'pages stay' : 'page stays'} up until Ctrl-C`);
    await untilInterrupted();
  }

  /** Stop the pages that watch the telephony (before it shuts down). */
  async closeViews(): Promise<void> {
    await Promise.all(this.served.splice(0).map((page) => page.close()));
  }

  /** Stop the relay (after the telephony has shut down and sent its last events). */
  async closeRelay(): Promise<void> {
    await this.relay?.close();
    this.relay = null;
  }
}
