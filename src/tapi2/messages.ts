/**
 * Message delivery for one application (hLineApp): the LINECALLBACK of hidden-window mode, or
 * the queue that lineGetMessage reads in event mode (lineInitializeEx, LINEINITIALIZEEXOPTION_).
 *
 * Why messages are queued and delivered later: TAPI never calls an application back from inside
 * the function that caused the message (LINE_REPLY arrives after lineMakeCall has returned its
 * request id; "Asynchronous functions"). The core reports synchronously (a simulated switch with
 * instant timing connects a call inside lineMakeCall), so every message is queued in the order
 * the core reported it and delivered on a later microtask, one at a time, in that order. A
 * message posted while the application's callback runs (it called lineDrop from its callback) is
 * appended and delivered after the callback returns, never re-entrantly. One queue per
 * application keeps every order the core gives: a request's LINE_REPLY before its new call's
 * first LINE_CALLSTATE, and a call's states in the order they happened.
 *
 * A message can be withdrawn before delivery (`live()` turns false): the line was closed or the
 * call deallocated after it was queued. A message can run a hook at the moment it is delivered
 * (`deliver()`): lineMakeCall's `*lphCall` is written then, not before (lineMakeCall, "Caution").
 */
import type { Clock } from '../../providers/provider.js';
import { INFINITE } from './constants/messages.js';
import { LINEERR_INVALAPPHANDLE, LINEERR_OPERATIONFAILED } from './constants/errors.js';
import type { LINEMESSAGE } from './structures.js';

/** The six-argument LINECALLBACK of hidden-window mode. */
export type LineCallback = (
  hDevice: number,
  dwMessage: number,
  dwCallbackInstance: number,
  dwParam1: number,
  dwParam2: number,
  dwParam3: number,
) => void;

/** A message waiting for delivery. */
export interface QueuedMessage extends LINEMESSAGE {
  /** False once the message must no longer reach the application. */
  live?: () => boolean;
  /** Runs just before the application sees the message. */
  deliver?: () => void;
}

interface Waiter {
  target: Record<string, unknown>;
  resolve: (result: number) => void;
  timer: unknown;
}

/** How an application takes its messages. */
export type Delivery = { kind: 'callback'; callback: LineCallback } | { kind: 'event' };

/** The message queue of one application. */
export class MessageQueue {
  private readonly queue: QueuedMessage[] = [];
  private readonly waiters: Waiter[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    readonly delivery: Delivery,
    private readonly clock: Clock,
    private readonly onCallbackError: (error: unknown) => void,
  ) {}

  /** Messages queued and not yet delivered (withdrawn ones included until they are skipped). */
  get length(): number {
    return this.queue.length;
  }

  /** Queue a message for delivery after the current call into the library has returned. */
  post(message: QueuedMessage): void {
    if (this.closed || (message.live && !message.live())) return;
    this.queue.push(message);
    this.schedule();
  }

  /** Forget the messages that may no longer be delivered. */
  prune(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const live = this.queue[i].live;
      if (live && !live()) this.queue.splice(i, 1);
    }
  }

  /**
   * lineGetMessage: the next message, now or when one comes; LINEERR_OPERATIONFAILED when
   * `timeout` ms pass (on the telephony's clock) with none, at once for a timeout of 0.
   */
  getMessage(target: Record<string, unknown>, timeout: number): Promise<number> {
    if (this.closed) return Promise.resolve(LINEERR_INVALAPPHANDLE);
    const message = this.waiters.length === 0 ? this.next() : undefined;
    if (message) return Promise.resolve(fill(target, message));
    if (timeout === 0) return Promise.resolve(LINEERR_OPERATIONFAILED);
    return new Promise((resolve) => {
      const waiter: Waiter = { target, resolve, timer: null };
      if (timeout !== INFINITE) {
        waiter.timer = this.clock.setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(LINEERR_OPERATIONFAILED);
        }, timeout);
      }
      this.waiters.push(waiter);
    });
  }

  /**
   * lineShutdown: nothing more is delivered; a lineGetMessage still waiting returns
   * LINEERR_INVALAPPHANDLE at once (lineGetMessage remarks).
   */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.timer !== null) this.clock.clearTimeout(waiter.timer);
      waiter.resolve(LINEERR_INVALAPPHANDLE);
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** The next message that may still be delivered, with its delivery hook run. */
  private next(): QueuedMessage | undefined {
    for (let message = this.queue.shift(); message; message = this.queue.shift()) {
      if (message.live && !message.live()) continue;
      message.deliver?.();
      return message;
    }
    return undefined;
  }

  private drain(): void {
    if (this.delivery.kind === 'event') {
      while (!this.closed && this.waiters.length > 0) {
        const message = this.next();
        if (!message) return;
        const waiter = this.waiters.shift() as Waiter;
        if (waiter.timer !== null) this.clock.clearTimeout(waiter.timer);
        waiter.resolve(fill(waiter.target, message));
      }
      return;
    }
    const { callback } = this.delivery;
    while (!this.closed) {
      const m = this.next();
      if (!m) return;
      try {
        callback(m.hDevice, m.dwMessageID, m.dwCallbackInstance, m.dwParam1, m.dwParam2, m.dwParam3);
      } catch (error) {
        this.onCallbackError(error);
      }
    }
  }
}

/** Copy a message into the application's LINEMESSAGE: 0, or LINEERR_OPERATIONFAILED if the object refuses it. */
function fill(target: Record<string, unknown>, m: QueuedMessage): number {
  try {
    target.hDevice = m.hDevice;
    target.dwMessageID = m.dwMessageID;
    target.dwCallbackInstance = m.dwCallbackInstance;
    target.dwParam1 = m.dwParam1;
    target.dwParam2 = m.dwParam2;
    target.dwParam3 = m.dwParam3;
    return 0;
  } catch {
    return LINEERR_OPERATIONFAILED;
  }
}
