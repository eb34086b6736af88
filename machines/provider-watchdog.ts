/**
 * The line service's watch on its provider: a command the provider must answer (a make, an
 * answer, a drop) that it does not answer within `providerTimeout` is answered for it, so a
 * provider that hangs cannot keep a call from ending. A make or an answer is answered by any
 * report of the call's progress; a drop only by `PROVIDER.IDLE` (TSPI_lineDrop: the call is
 * released); a hold by `PROVIDER.ONHOLD` and an unhold by `PROVIDER.CONNECTED` (rule 10 of the
 * provider contract), either by its refusal or by the call ending, not by what the far end does
 * meanwhile (its own hold is a CONNECTED, which answers no hold of ours). A redirect is call
 * information, not progress (LINE_CALLINFO): it answers nothing.
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
export type AwaitedCommand = 'make' | 'answer' | 'drop' | 'hold' | 'unhold';

/** What answers a hold or an unhold besides its own confirmation: its refusal, or the call ending. */
const SETTLES_CONTROL: ReadonlySet<ProviderEventType> = new Set(['PROVIDER.REQUEST_FAILED', 'PROVIDER.TRANSFERRED', 'PROVIDER.DISCONNECTED', 'PROVIDER.FAILED', 'PROVIDER.IDLE']);

/** Whether `type` answers `command` (see the file comment). */
function answers(command: AwaitedCommand, type: ProviderEventType): boolean {
  switch (command) {
    case 'drop':
      return type === 'PROVIDER.IDLE';
    case 'hold':
      return type === 'PROVIDER.ONHOLD' || SETTLES_CONTROL.has(type);
    case 'unhold':
      return type === 'PROVIDER.CONNECTED' || SETTLES_CONTROL.has(type);
    default:
      return type !== 'PROVIDER.REDIRECTED';
  }
}

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
    if (wait && answers(wait.command, type)) this.forget(callId);
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
