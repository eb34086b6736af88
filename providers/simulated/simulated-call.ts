/**
 * One call on the simulated switch: the script a real exchange would play, step by step on the
 * clock. Dial tone, then each digit, then proceeding, then what the directory says the far end
 * does (rings and an answer, busy, no answer, unreachable, a reject), then maybe a far-end
 * hang-up. Digits dialled after connect are recorded as DTMF. Once connected the call can be held
 * and handed on, and its far end may hold it (`call-control.ts`).
 */
import type { CallMedia, CallRequest, Clock, DropMode, LineDevice, ProviderCall, ProviderEvent } from '../provider.js';
import { ProviderError } from '../provider.js';
import { CallControl, type ControlledCall } from './call-control.js';
import { type Directory, type Fault, MAX_REDIRECTS, type NumberEntry } from './directory.js';
import type { SaidDigits } from './key-presses.js';
import type { Timing } from './timing.js';

/** Where the simulated call is. */
export type SimulatedPhase =
  | 'idle'
  | 'offering'
  | 'accepted'
  | 'answering'
  | 'dialtone'
  | 'dialing'
  | 'proceeding'
  | 'ringback'
  | 'busy'
  | 'connected'
  | 'disconnected'
  | 'released'
  | 'disposed';

/** A live call of the simulated switch, made or arrived, as the switch keeps it. */
export interface LiveSimulatedCall extends ProviderCall, ControlledCall {
  /** The call id the core knows it by. */
  readonly callId: string;
  readonly lineIndex: number;
  /** Its hold and transfer. */
  readonly control: CallControl;
  info(): SimulatedCallInfo;
  /** The network reports `event` now, whatever the call's script says. */
  inject(event: ProviderEvent): void;
  /** The line went out of service (rule 8 of the contract). */
  outOfService(why: string): void;
}

/** What a simulated call shares with its switch. */
export interface SimulatedSwitch {
  readonly clock: Clock;
  readonly timing: Timing;
  readonly directory: Directory;
  readonly device: LineDevice;
  forget(call: LiveSimulatedCall): void;
  /** Tell the core what happened to a call (the line's report). */
  report(callId: string, event: ProviderEvent): void;
  /** Why the line is out of service, or null while it is in service. */
  outOfService(): string | null;
  /** The switch's own live call behind `call` (a consultation call the core hands back), if it is one. */
  find(call: ProviderCall): LiveSimulatedCall | undefined;
  /** The live call of this line the core knows as `callId` (the call a transfer request came on). */
  byId(callId: string): LiveSimulatedCall | undefined;
  /** The far end of `call` presses keys (rule 12; `key-presses.ts`). */
  press(call: LiveSimulatedCall, said: SaidDigits): void;
  /** The audio of `call` while it is connected (rule 13; `simulated-media.ts`), else null. */
  media(call: LiveSimulatedCall): CallMedia | null;
}

/** A read-only view of a live simulated call, for tests and tools. */
export interface SimulatedCallInfo {
  callId: string;
  lineIndex: number;
  /** `out` for a call the core made, `in` for one the switch offered. */
  direction: 'out' | 'in';
  phase: SimulatedPhase;
  /** Everything dialled as the address (for a call that arrived: the caller's number). */
  dialled: string;
  /** Digits sent as DTMF once connected. */
  dtmf: string;
  /** For a call that arrived and was dropped before it was answered: the mode it was refused with. */
  refusedWith?: DropMode;
  /** Present (true) while we hold the call. */
  held?: true;
}

/** The phase the switch is in after it reports an event. */
const PHASE_OF: Partial<Record<ProviderEvent['type'], SimulatedPhase>> = {
  'PROVIDER.DIALTONE': 'dialtone',
  'PROVIDER.DIALING': 'dialing',
  'PROVIDER.PROCEEDING': 'proceeding',
  'PROVIDER.RINGBACK': 'ringback',
  'PROVIDER.BUSY': 'busy',
  'PROVIDER.CONNECTED': 'connected',
  'PROVIDER.DISCONNECTED': 'disconnected',
  'PROVIDER.IDLE': 'released',
};

export class SimulatedCall implements LiveSimulatedCall {
  phase: SimulatedPhase = 'idle';
  dialled = '';
  dtmf = '';
  private pending: string;
  private complete: boolean;
  private entry: NumberEntry | undefined;
  /** The switch's next step. */
  private step: unknown = null;
  /** The far end's hang-up, which our drop does not stop (it has not heard of it yet). */
  private hangup: unknown = null;
  private dropping = false;
  private crossed = false;
  /** Whether the switch plays its script; an injected event takes the network out of its hands. */
  private scripted = true;
  /** Whether `make` has reached the switch. */
  private made = false;
  readonly control: CallControl;

  constructor(
    private readonly sw: SimulatedSwitch,
    readonly request: CallRequest,
    /** The fault this call commits, from its number or the provider's options. */
    private readonly planned: Fault | undefined,
  ) {
    this.pending = request.destination;
    this.complete = request.complete;
    this.control = new CallControl(sw, this);
  }

  get callId(): string {
    return this.request.callId;
  }

  get lineIndex(): number {
    return this.request.lineIndex;
  }

  get address(): string {
    return this.dialled;
  }

  isConnected(): boolean {
    return this.phase === 'connected';
  }

  info(): SimulatedCallInfo {
    const info: SimulatedCallInfo = {
      callId: this.request.callId,
      lineIndex: this.request.lineIndex,
      direction: 'out',
      phase: this.phase,
      dialled: this.dialled,
      dtmf: this.dtmf,
    };
    if (this.control.held) info.held = true;
    return info;
  }

  /** Report to the core, through the line (no closure per call). */
  private report(event: ProviderEvent): void {
    this.sw.report(this.request.callId, event);
  }

  private get fault(): Fault | undefined {
    return this.entry?.fault ?? this.planned;
  }

  /** Run `fn` after `ms` on the clock; at once (within the command) when `ms` is 0. */
  private after(ms: number, fn: () => void): void {
    if (ms <= 0) return fn();
    this.step = this.sw.clock.setTimeout(() => {
      this.step = null;
      fn();
    }, ms);
  }

  private cancel(): void {
    if (this.step !== null) this.sw.clock.clearTimeout(this.step);
    this.step = null;
  }

  private to(phase: SimulatedPhase, event: ProviderEvent): void {
    this.phase = phase;
    this.report(event);
  }

  make(): void {
    const down = this.sw.outOfService();
    if (down !== null) return this.fail(`the line is out of service: ${down}`);
    this.made = true;
    if (this.planned === 'silent') return;
    if (this.planned === 'throw-on-make') throw new ProviderError('OPERATIONFAILED', 'simulated fault: make failed');
    if (this.sw.device.nonDialed) {
      this.entry = this.sw.directory.lookup('');
      return this.after(this.sw.timing.dialtone, () => this.connect());
    }
    this.after(this.sw.timing.dialtone, () => {
      this.to('dialtone', { type: 'PROVIDER.DIALTONE', mode: 'NORMAL' });
      this.dialNext();
    });
  }

  dial(digits: string, complete: boolean): void {
    if (!this.scripted) {
      this.dialled += digits;
      return;
    }
    this.pending += digits;
    this.complete = complete;
    if ((this.phase === 'dialtone' || this.phase === 'dialing') && this.step === null) this.dialNext();
  }

  private dialNext(): void {
    if (this.pending.length === 0) {
      if (this.complete) this.after(this.sw.timing.proceeding, () => this.proceed());
      return;
    }
    if (this.phase === 'dialtone') this.to('dialing', { type: 'PROVIDER.DIALING' });
    const digit = this.pending[0];
    this.pending = this.pending.slice(1);
    this.after(this.sw.timing.digit, () => {
      this.dialled += digit;
      this.dialNext();
    });
  }

  private proceed(): void {
    this.entry = this.sw.directory.lookup(this.dialled);
    if (this.fault === 'silent') return;
    this.to('proceeding', { type: 'PROVIDER.PROCEEDING' });
    this.reach(this.entry, [this.entry]);
  }

  /** The far end of `entry` answers, after the proceeding delay; `visited` are the entries the call was sent to. */
  private reach(entry: NumberEntry, visited: readonly NumberEntry[]): void {
    this.after(this.sw.timing.proceeding, () => {
      switch (entry.outcome) {
        case 'redirect':
          return this.redirect(entry.redirectTo as string, visited);
        case 'answer':
          return this.ring(1, entry.rings ?? 1, () => this.connect());
        case 'busy':
          return this.to('busy', { type: 'PROVIDER.BUSY', mode: 'STATION' });
        case 'no-answer':
          return this.ring(1, entry.rings ?? 5, () => this.disconnect('NOANSWER'));
        case 'unreachable':
          return this.disconnect('UNREACHABLE');
        case 'reject':
          return this.ring(1, entry.rings ?? 1, () => this.disconnect('REJECT'));
      }
    });
  }

  /**
   * The far end sends the call on to `to` (call forwarding): reported as call information (the
   * contract's rule 9, LINECALLINFO RedirectionID), and the call goes on to that number's entry,
   * still proceeding. A loop, or one redirect too many, disconnects it FORWARDED.
   */
  private redirect(to: string, visited: readonly NumberEntry[]): void {
    const next = this.sw.directory.lookup(to);
    if (visited.includes(next) || visited.length > MAX_REDIRECTS) return this.disconnect('FORWARDED');
    this.report({ type: 'PROVIDER.REDIRECTED', to });
    this.entry = next;
    this.reach(next, [...visited, next]);
  }

  private ring(n: number, rings: number, then: () => void): void {
    if (n > rings) return then();
    this.to('ringback', { type: 'PROVIDER.RINGBACK', ring: n });
    this.after(this.sw.timing.ring, () => this.ring(n + 1, rings, then));
  }

  private connect(): void {
    this.to('connected', { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    this.control.connected(this.entry);
    if (this.entry?.says) this.sw.press(this, this.entry.says);
    // Made for a far end's transfer request (rule 11): that far end, told, hangs up.
    const asked = this.request.transferOf === undefined ? undefined : this.sw.byId(this.request.transferOf);
    if (asked?.control.transferDone()) asked.inject({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    if (this.fault === 'impossible-event') {
      this.report({ type: 'PROVIDER.DIALTONE', mode: 'NORMAL' });
      this.report({ type: 'PROVIDER.PROCEEDING' });
    }
    const after = this.entry?.hangupAfterMs;
    if (after === undefined) return;
    if (after <= 0) return this.disconnect('NORMAL');
    this.hangup = this.sw.clock.setTimeout(() => {
      this.hangup = null;
      if (this.phase === 'connected') this.disconnect('NORMAL');
    }, after);
  }

  private disconnect(mode: 'NORMAL' | 'NOANSWER' | 'REJECT' | 'UNREACHABLE' | 'FORWARDED'): void {
    this.to('disconnected', { type: 'PROVIDER.DISCONNECTED', mode });
  }

  media(): CallMedia | null {
    return this.sw.media(this);
  }

  /**
   * The network reports `event` now, whatever the script says: the switch stops its script for
   * good (from now on the test says what happens), follows the event and reports it. For tests
   * that need a path the script never plays (dial tone on a connected call, a release nobody
   * asked for). Commands are still taken: digits are recorded, and a drop is confirmed after the
   * drop delay as usual.
   */
  inject(event: ProviderEvent): void {
    this.scripted = false;
    this.cancel();
    this.control.stop();
    const phase = PHASE_OF[event.type];
    if (phase) this.phase = phase;
    if (event.type === 'PROVIDER.IDLE') this.dropping = false;
    if (phase === 'disconnected' || phase === 'released') {
      if (this.hangup !== null) this.sw.clock.clearTimeout(this.hangup);
      this.hangup = null;
    }
    this.report(event);
  }

  /**
   * The line went out of service: a call under way fails with LINEERR_INVALLINESTATE and is
   * released at once, so the core's drop is answered with IDLE (the provider contract, rule 7).
   */
  outOfService(why: string): void {
    if (!this.made || this.dropping || this.phase === 'released' || this.phase === 'disposed') return;
    // Busy or disconnected: the far end has gone already; the call only waits for its drop.
    if (this.phase === 'busy' || this.phase === 'disconnected') {
      this.cancel();
      this.phase = 'released';
      return;
    }
    this.fail(`the line went out of service: ${why}`);
  }

  private fail(message: string): void {
    this.scripted = false;
    this.cancel();
    this.control.stop();
    if (this.hangup !== null) this.sw.clock.clearTimeout(this.hangup);
    this.hangup = null;
    this.dropping = false;
    this.to('released', { type: 'PROVIDER.FAILED', error: 'INVALLINESTATE', message });
  }

  generateDigits(digits: string): void {
    if (this.phase === 'connected') this.dtmf += digits;
  }

  /** Hold, unhold and transfer are played by the script only (after an injection the test says what happens). */
  hold(): void {
    if (this.scripted) this.control.hold(this.entry);
  }

  unhold(): void {
    if (this.scripted) this.control.unhold();
  }

  blindTransfer(to: string): void {
    if (this.scripted) this.control.blindTransfer(to);
  }

  transfer(consultation: ProviderCall): void {
    if (this.scripted) this.control.transfer(consultation);
  }

  answerTransferRequest(accept: boolean): void {
    this.control.answerTransferRequest(accept);
  }

  /** Handed on (`call-control.ts`): the switch lets go of the call; the core's drop is confirmed at once. */
  leave(): void {
    this.scripted = false;
    this.cancel();
    if (this.hangup !== null) this.sw.clock.clearTimeout(this.hangup);
    this.hangup = null;
    this.dropping = false;
    this.phase = 'released';
  }

  drop(): void {
    if (this.fault === 'silent' || this.fault === 'silent-drop') return;
    if (this.phase === 'released') return this.report({ type: 'PROVIDER.IDLE' });
    if (this.fault === 'answer-crosses-drop' && this.phase === 'ringback' && !this.crossed) {
      // The far end's answer was already on the wire when our drop left: the caller sees the
      // answer, and has to drop again (a 200 crossing a CANCEL, RFC 3261 §9.1).
      this.crossed = true;
      this.cancel();
      return this.to('connected', { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    }
    if (this.dropping) return;
    this.dropping = true;
    this.cancel();
    this.after(this.sw.timing.drop, () => this.release());
  }

  private release(): void {
    this.control.stop();
    if (this.hangup !== null) this.sw.clock.clearTimeout(this.hangup);
    this.hangup = null;
    this.dropping = false;
    this.to('released', { type: 'PROVIDER.IDLE' });
  }

  dispose(): void {
    this.cancel();
    this.control.stop();
    if (this.hangup !== null) this.sw.clock.clearTimeout(this.hangup);
    this.hangup = null;
    this.phase = 'disposed';
    this.sw.forget(this);
  }
}
