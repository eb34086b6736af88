/**
 * A call that arrives at the simulated switch: a caller rings one of its lines (`offerCall`).
 * It is offered to the core (LINE_NEWCALL, in LINECALLSTATE_OFFERING); answering it connects it
 * after `timing.answer`, dropping it before that refuses it with the drop's mode, and the caller
 * may give up before it is answered (`abandonAfterMs`: DISCONNECTED, mode CANCELLED) or hang up
 * after (`hangupAfterMs`: DISCONNECTED, mode NORMAL). Once connected it can be held and handed on
 * (`call-control.ts`). Every delay is on the line's clock.
 */
import type { CallMedia, DropMode, IncomingCall, ProviderCall, ProviderEvent } from '../provider.js';
import { CallControl } from './call-control.js';
import type { SaidDigits } from './key-presses.js';
import type { LiveSimulatedCall, SimulatedCallInfo, SimulatedPhase, SimulatedSwitch } from './simulated-call.js';

/** What the simulated caller does: who it is, and when it gives up or hangs up. */
export interface SimulatedCaller {
  /** The caller's number, or null for a caller who withholds it (LINECALLPARTYID_BLOCKED). */
  from: string | null;
  /** The caller's display name. */
  name?: string;
  /** Give up if not answered after this many ms (default: never). */
  abandonAfterMs?: number;
  /** Once answered, hang up after this many ms (default: never). */
  hangupAfterMs?: number;
  /** Once answered, press these keys (`PROVIDER.DIGIT` each; `afterMs` counts from the answer). */
  says?: SaidDigits;
}

export class SimulatedIncomingCall implements LiveSimulatedCall {
  phase: SimulatedPhase = 'offering';
  dtmf = '';
  refusedWith: DropMode | undefined;
  /** The switch's next step (answering, releasing). */
  private step: unknown = null;
  /** The caller's own timer: giving up, or hanging up. */
  private caller: unknown = null;
  readonly control: CallControl;

  /** The caller starts waiting as the call is created (the core has given it its id). */
  constructor(
    private readonly sw: SimulatedSwitch,
    readonly lineIndex: number,
    private readonly who: SimulatedCaller,
    readonly callId: string,
  ) {
    if (who.abandonAfterMs !== undefined) this.caller = sw.clock.setTimeout(() => this.abandon(), who.abandonAfterMs);
    this.control = new CallControl(sw, this);
  }

  get address(): string {
    return this.who.from ?? '';
  }

  isConnected(): boolean {
    return this.phase === 'connected';
  }

  /** What the core is told of a call from `who` to `device` when it is offered. */
  static incomingFrom(who: SimulatedCaller, device: { address: string }): IncomingCall {
    return { from: who.from, name: who.name ?? null, to: device.address, origin: 'EXTERNAL', reason: 'DIRECT' };
  }

  info(): SimulatedCallInfo {
    const info: SimulatedCallInfo = { callId: this.callId, lineIndex: this.lineIndex, direction: 'in', phase: this.phase, dialled: this.who.from ?? '', dtmf: this.dtmf };
    if (this.refusedWith) info.refusedWith = this.refusedWith;
    if (this.control.held) info.held = true;
    return info;
  }

  private report(phase: SimulatedPhase, event: ProviderEvent): void {
    this.phase = phase;
    this.sw.report(this.callId, event);
  }

  private stopCaller(): void {
    if (this.caller !== null) this.sw.clock.clearTimeout(this.caller);
    this.caller = null;
  }

  private stopStep(): void {
    if (this.step !== null) this.sw.clock.clearTimeout(this.step);
    this.step = null;
  }

  /** Run `fn` after `ms` on the clock; at once (within the command) when `ms` is 0. */
  private after(ms: number, fn: () => void): void {
    this.stopStep();
    if (ms <= 0) return fn();
    this.step = this.sw.clock.setTimeout(() => {
      this.step = null;
      fn();
    }, ms);
  }

  /** The caller gives up before anyone answered (a SIP CANCEL). */
  private abandon(): void {
    this.caller = null;
    if (this.phase !== 'offering' && this.phase !== 'accepted' && this.phase !== 'answering') return;
    this.stopStep();
    this.report('disconnected', { type: 'PROVIDER.DISCONNECTED', mode: 'CANCELLED' });
  }

  dial(): void {}

  generateDigits(digits: string): void {
    if (this.phase === 'connected') this.dtmf += digits;
  }

  accept(): void {
    if (this.phase === 'offering') this.phase = 'accepted';
  }

  answer(): void {
    if (this.phase !== 'offering' && this.phase !== 'accepted') return;
    this.phase = 'answering';
    this.after(this.sw.timing.answer, () => {
      this.stopCaller();
      this.report('connected', { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
      if (this.who.says) this.sw.press(this, this.who.says);
      if (this.who.hangupAfterMs !== undefined) this.caller = this.sw.clock.setTimeout(() => this.hangUp(), this.who.hangupAfterMs);
    });
  }

  /** The caller hangs up a connected call. */
  private hangUp(): void {
    this.caller = null;
    if (this.phase === 'connected') this.report('disconnected', { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
  }

  hold(): void {
    this.control.hold(undefined);
  }

  unhold(): void {
    this.control.unhold();
  }

  blindTransfer(to: string): void {
    this.control.blindTransfer(to);
  }

  transfer(consultation: ProviderCall): void {
    this.control.transfer(consultation);
  }

  answerTransferRequest(accept: boolean): void {
    this.control.answerTransferRequest(accept);
  }

  /** Handed on (`call-control.ts`): the switch lets go of the call; the core's drop is confirmed at once. */
  leave(): void {
    this.stopStep();
    this.stopCaller();
    this.phase = 'released';
  }

  drop(mode?: DropMode): void {
    if (this.phase === 'released') return this.sw.report(this.callId, { type: 'PROVIDER.IDLE' });
    if (this.phase === 'offering' || this.phase === 'accepted' || this.phase === 'answering') this.refusedWith = mode ?? 'NORMAL';
    this.stopCaller();
    this.after(this.sw.timing.drop, () => this.report('released', { type: 'PROVIDER.IDLE' }));
  }

  media(): CallMedia | null {
    return this.sw.media(this);
  }

  inject(event: ProviderEvent): void {
    this.stopStep();
    this.stopCaller();
    this.control.stop();
    const phase: SimulatedPhase = event.type === 'PROVIDER.CONNECTED' ? 'connected' : event.type === 'PROVIDER.IDLE' ? 'released' : event.type === 'PROVIDER.DISCONNECTED' || event.type === 'PROVIDER.FAILED' ? 'disconnected' : this.phase;
    this.report(phase, event);
  }

  outOfService(why: string): void {
    if (this.phase === 'released' || this.phase === 'disposed') return;
    this.stopStep();
    this.stopCaller();
    this.control.stop();
    this.report('released', { type: 'PROVIDER.FAILED', error: 'INVALLINESTATE', message: `the line went out of service: ${why}` });
  }

  dispose(): void {
    this.stopStep();
    this.stopCaller();
    this.control.stop();
    this.phase = 'disposed';
    this.sw.forget(this);
  }
}
