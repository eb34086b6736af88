/**
 * The line service's watch on its provider: a command the provider must answer (a make, an
 * answer, a drop) that it does not answer within `providerTimeout` is answered for it, so a
 * provider that hangs cannot keep a call from ending. A make, an answer, a hold or an unhold is answered by any
 * report of the call's progress; a drop only by `PROVIDER.IDLE` (TSPI_lineDrop: the call is
 * released). A redirect is call information, not progress (LINE_CALLINFO): it answers nothing.
 *
 * One timer serves a whole line, not one per call: every call on a line waits the same time, so
 * deadlines fall due in the order they were set, and a `Map` (insertion-ordered) holds them in
 * that order. The timer runs only while something is awaited, so nothing outlives the calls.
 *
 * @example
 * ```ts
 * const watchdog = new Watchdog(clock, 30_000, (callId) => timedOut(callId));
 * watchdog.watch('c1', 'make');
 * watchdog.heard('c1', 'PROVIDER.DIALTONE'); // answered: nothing fires
 * ```
 */
import type { Clock, ProviderEventType } from '../providers/provider.js';

/** A command the provider has to answer. */
export type AwaitedCommand = 'make' | 'answer' | 'drop' | 'hold';

interface Awaited {
  command: AwaitedCommand;
  due: number;
}

export class Watchdog {
  private readonly awaited = new Map<string, Awaited>();
  private timer: unknown = null;

  constructor(
    private readonly clock: Clock,
    /** How long a command may wait for its answer (ms). */
    readonly timeout: number,
    private readonly timedOut: (callId: string) => void,
  ) {}

  /** What `callId` waits for now, if anything. */
  waiting(callId: string): AwaitedCommand | undefined {
    return this.awaited.get(callId)?.command;
  }

  /** Start waiting for the provider to answer `command` on `callId` (a new deadline from now). */
  watch(callId: string, command: AwaitedCommand): void {
    this.awaited.delete(callId);
    this.awaited.set(callId, { command, due: this.clock.now() + this.timeout });
    this.arm();
  }

  /** The provider reported `type` for `callId`: the command it waited on may be answered. */
  heard(callId: string, type: ProviderEventType): void {
    const wait = this.awaited.get(callId);
    if (!wait || type === 'PROVIDER.REDIRECTED') return;
    if (wait.command !== 'drop' || type === 'PROVIDER.IDLE') this.forget(callId);
  }

  /** Stop waiting on `callId` (it was released). */
  forget(callId: string): void {
    if (!this.awaited.delete(callId)) return;
    if (this.awaited.size === 0) this.stop();
  }

  /** Stop the timer (nothing is awaited, or the line's service stops). */
  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Keep the timer set for the first deadline (it may run early, and then sets itself again). */
  private arm(): void {
    if (this.timer !== null) return;
    for (const wait of this.awaited.values()) {
      this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, wait.due - this.clock.now()));
      return;
    }
  }

  private fire(): void {
    this.timer = null;
    const at = this.clock.now();
    for (const [callId, wait] of this.awaited) {
      if (wait.due > at) break;
      this.awaited.delete(callId);
      this.timedOut(callId);
    }
    this.arm();
  }
}
