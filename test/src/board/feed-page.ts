/**
 * A page's side of the board's WebSocket, for tests that drive the board as its page does: every
 * message it gets, a wait for one, and a way to send a request.
 */
import { WebSocket } from 'ws';
import { type BoardOptions, startBoard } from '../../../src/board/board-server.js';
import type { Telephony } from '../../../src/phone/telephony.js';
import type { ManualClock } from '../../../src/testing/manual-clock.js';

/** A call as the feed sends it (`BoardCall`), the parts tests read. */
export interface FeedCall {
  callId: string;
  state: string;
  mode?: string | null;
  caller: unknown;
  cause: { mode: string; origin?: string; transferredTo?: string } | null;
  heldBy?: string | null;
  can?: { hold: boolean; unhold: boolean };
}

export type Message = { type: string; call?: FeedCall; text?: string; lines?: Array<{ state: string }> };

/** A page's socket: every message it gets, and a wait for one. */
export async function page(feedUrl: string) {
  const socket = new WebSocket(feedUrl);
  const messages: Message[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as Message);
    for (const wake of [...waiters]) wake();
  });
  const until = (test: (m: Message) => boolean) =>
    new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such message in ${JSON.stringify(messages.map((m) => m.type))}`)), 5_000);
      const check = () => {
        const found = messages.find(test);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  await until((m) => m.type === 'hello');
  return { socket, messages, until, send: (request: object) => socket.send(JSON.stringify(request)) };
}


/**
 * Serve `telephony`'s board on a free port and open a page's socket on it; what to undo at the end
 * (close the board, shut the telephony down on its clock, close the socket) goes onto `stops`.
 */
export async function serveAndWatch(telephony: Telephony, clock: ManualClock, options: BoardOptions, stops: Array<() => Promise<void>>) {
  const board = await startBoard(telephony, { port: 0, ...options });
  stops.push(async () => {
    await board.close();
    const done = telephony.shutdown();
    clock.runAll();
    await done;
  });
  const viewer = await page(board.feedUrl);
  stops.push(async () => void viewer.socket.close());
  return viewer;
}
