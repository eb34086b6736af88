/**
 * Hold and transfer on the simulated switch (rule 10 of the provider contract): what one
 * connected call does when the core holds it, takes it back or hands it on, and what its far end
 * does on its own (holds us, takes us back). Every answer comes once, after a delay on the line's
 * clock (`timing.hold`, `timing.transfer`), so a test decides when it arrives.
 *
 * - `hold`: `PROVIDER.ONHOLD` (TSPI_lineHold); a far end whose entry has `refuseHold` refuses it,
 *   `PROVIDER.REQUEST_FAILED` kind `hold` (SIP: 488 Not Acceptable Here to the re-INVITE).
 * - `unhold`: `PROVIDER.CONNECTED`, mode ACTIVE, or ACTIVEHELD while the far end holds us
 *   (TSPI_lineUnhold, LINECONNECTEDMODE_).
 * - `blindTransfer(to)`: the far end calls `to`, and the directory's entry for `to` decides: a
 *   number that answers (or sends the call on) takes it, `PROVIDER.TRANSFERRED`; one that is busy,
 *   rejects, does not answer or cannot be reached refuses it, `PROVIDER.REQUEST_FAILED` kind
 *   `transfer` with the SIP status a NOTIFY's sipfrag would carry (486, 603, 480, 404)
 *   (TSPI_lineBlindTransfer; RFC 3515 §2.4.5).
 * - `transfer(consultation)`: both far ends are joined and both calls leave the switch,
 *   `PROVIDER.TRANSFERRED` on each (TSPI_lineCompleteTransfer, LINETRANSFERMODE_TRANSFER); a
 *   consultation call that is not a connected call of the same line is refused, kind `transfer`,
 *   INVALCALLSTATE.
 * - the far end's own hold: an entry's `holdAfterMs` after the answer, `PROVIDER.CONNECTED` mode
 *   ACTIVEHELD; its `resumeAfterMs` later, mode ACTIVE (LINECONNECTEDMODE_ACTIVEHELD). While we
 *   hold the call, the switch only notes it, and our unhold reports the mode it leaves.
 * - the far end asks us to transfer ourselves (rule 11): an entry's `transferUsAfterMs` after the
 *   answer, `PROVIDER.TRANSFER_REQUESTED` to the entry's `transferUsTo`, by the far end's number;
 *   refused on the switch's own after {@link TRANSFER_REQUEST_WAIT}; accepted, the far end hangs
 *   up (`PROVIDER.DISCONNECTED`, NORMAL) once the call made for it connects (`transferDone`).
 *
 * A request on a call that is no longer connected (the far end hung up first) is not answered:
 * the call's end answers it (ADR 0010).
 */
import type { ProviderCall, ProviderDetail, ProviderEvent } from '../provider.js';
import type { NumberEntry, Outcome } from './directory.js';
import type { SimulatedSwitch } from './simulated-call.js';

/** What the control needs of its call. */
export interface ControlledCall {
  readonly callId: string;
  readonly lineIndex: number;
  /** Whether the call is connected at the switch (held or not). */
  isConnected(): boolean;
  /** What was dialled (or who called): where a call handed on to this one's far end goes. */
  readonly address: string;
  /** The call leaves the switch, handed on: its own timers stop, and a drop is confirmed at once. */
  leave(): void;
}

/** Why a transfer target refuses, as the SIP status a NOTIFY's sipfrag carries (RFC 3515 §2.4.5). */
const REFUSALS: Partial<Record<Outcome, ProviderDetail>> = {
  busy: { code: 486, reason: 'Busy Here' },
  reject: { code: 603, reason: 'Decline' },
  'no-answer': { code: 480, reason: 'Temporarily Unavailable' },
  unreachable: { code: 404, reason: 'Not Found' },
};

/** How long the switch waits for the core's answer to a transfer request before it refuses (rule 11). */
export const TRANSFER_REQUEST_WAIT = 8_000;

/** Where a far end asks us to go when its entry does not say (the number plan's transfer target). */
export const DEFAULT_TRANSFER_TARGET = '5550177';

export class CallControl {
  /** We hold the call. */
  held = false;
  /** The far end holds us. */
  heldByFarEnd = false;
  /** The answer to our pending request. */
  private answer: unknown = null;
  /** The far end's next hold or resume. */
  private farEnd: unknown = null;
  /** The far end's transfer request: not made yet or answered (none), waiting for the core, accepted. */
  private asked: 'none' | 'waiting' | 'accepted' = 'none';
  /** The far end's request to come, or the switch's own refusal of it. */
  private asking: unknown = null;

  constructor(
    private readonly sw: SimulatedSwitch,
    private readonly call: ControlledCall,
  ) {}

  /** The call connected to a far end that does what `entry` says (holds us after a while, or not). */
  connected(entry: NumberEntry | undefined): void {
    const { holdAfterMs, resumeAfterMs, transferUsAfterMs, transferUsTo } = entry ?? {};
    if (transferUsAfterMs !== undefined) this.askToTransfer(transferUsAfterMs, transferUsTo ?? DEFAULT_TRANSFER_TARGET);
    if (holdAfterMs === undefined) return;
    this.farEnd = this.sw.clock.setTimeout(() => {
      this.farEnd = null;
      this.farEndHolds(true);
      if (resumeAfterMs === undefined) return;
      this.farEnd = this.sw.clock.setTimeout(() => {
        this.farEnd = null;
        this.farEndHolds(false);
      }, resumeAfterMs);
    }, holdAfterMs);
  }

  /** The far end asks us, after `ms`, to call `to` and leave it; unanswered, the switch refuses. */
  private askToTransfer(ms: number, to: string): void {
    this.asking = this.sw.clock.setTimeout(() => {
      this.asking = null;
      if (!this.call.isConnected()) return;
      this.asked = 'waiting';
      this.asking = this.sw.clock.setTimeout(() => {
        this.asking = null;
        this.asked = 'none';
      }, TRANSFER_REQUEST_WAIT);
      this.report({ type: 'PROVIDER.TRANSFER_REQUESTED', to, by: this.call.address });
    }, ms);
  }

  /** The core answers the far end's transfer request (rule 11); ignored when none waits. */
  answerTransferRequest(accept: boolean): void {
    if (this.asked !== 'waiting') return;
    if (this.asking !== null) this.sw.clock.clearTimeout(this.asking);
    this.asking = null;
    this.asked = accept ? 'accepted' : 'none';
  }

  /**
   * The call made for the far end's request connected: whether the far end, having been told,
   * now hangs up (it does, once, if we accepted its request).
   */
  transferDone(): boolean {
    if (this.asked !== 'accepted') return false;
    this.asked = 'none';
    return true;
  }

  private farEndHolds(holds: boolean): void {
    if (!this.call.isConnected()) return;
    this.heldByFarEnd = holds;
    if (!this.held) this.report({ type: 'PROVIDER.CONNECTED', mode: holds ? 'ACTIVEHELD' : 'ACTIVE' });
  }

  hold(entry: NumberEntry | undefined): void {
    this.later(this.sw.timing.hold, () => {
      if (entry?.refuseHold) {
        return this.report({ type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'OPERATIONFAILED', message: 'the far end refuses to be held', detail: { code: 488, reason: 'Not Acceptable Here' } });
      }
      this.held = true;
      this.report({ type: 'PROVIDER.ONHOLD' });
    });
  }

  unhold(): void {
    this.later(this.sw.timing.hold, () => {
      this.held = false;
      this.report({ type: 'PROVIDER.CONNECTED', mode: this.heldByFarEnd ? 'ACTIVEHELD' : 'ACTIVE' });
    });
  }

  blindTransfer(to: string): void {
    this.later(this.sw.timing.transfer, () => {
      const refusal = REFUSALS[this.sw.directory.lookup(to).outcome];
      if (refusal) return this.report({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'OPERATIONFAILED', message: `the transfer target ${to} refused`, detail: refusal });
      this.leave(to);
    });
  }

  transfer(consultation: ProviderCall): void {
    this.later(this.sw.timing.transfer, () => {
      const other = this.sw.find(consultation)?.control;
      if (!other || other === this || other.call.lineIndex !== this.call.lineIndex || !other.call.isConnected()) {
        return this.report({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'INVALCALLSTATE', message: 'the consultation call is not a connected call of this line' });
      }
      const [here, there] = [this.call.address, other.call.address];
      other.leave(here);
      this.leave(there);
    });
  }

  /** Everything stops: the call ended, or left. */
  stop(): void {
    if (this.answer !== null) this.sw.clock.clearTimeout(this.answer);
    if (this.farEnd !== null) this.sw.clock.clearTimeout(this.farEnd);
    if (this.asking !== null) this.sw.clock.clearTimeout(this.asking);
    this.answer = null;
    this.farEnd = null;
    this.asking = null;
    this.asked = 'none';
  }

  /** Handed on to `to`: the call leaves the switch, and says so. */
  private leave(to: string): void {
    this.stop();
    this.call.leave();
    this.report({ type: 'PROVIDER.TRANSFERRED', to });
  }

  /** Answer the request after `ms`, if the call is still connected then. */
  private later(ms: number, answer: () => void): void {
    const run = () => {
      this.answer = null;
      if (this.call.isConnected()) answer();
    };
    if (ms <= 0) return run();
    this.answer = this.sw.clock.setTimeout(run, ms);
  }

  private report(event: ProviderEvent): void {
    this.sw.report(this.call.callId, event);
  }
}
