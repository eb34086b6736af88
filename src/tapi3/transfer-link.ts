/**
 * The pairing ITBasicCallControl::Transfer makes between the call it holds pending transfer and
 * its consultation call. TAPI 3's call object keeps the consultation call it was given until
 * Finish(FM_ASTRANSFER) completes the transfer ("ITBasicCallControl::Transfer" remarks); this is
 * that reference, on both call objects. It holds no call state: whether the first call is held
 * pending transfer, and whether the consultation call is still there, are read from the chart.
 */
import type { CallActorRef } from '../../machines/line.js';
import { noop, watchCalls } from './call-requests.js';

/** A call object that can take part in a transfer. */
export interface TransferParty {
  readonly actor: CallActorRef;
  /** The transfer this call takes part in (as the held call or the consultation call), or null. */
  transfer: TransferLink | null;
}

/**
 * The held call and its consultation call. If the consultation call ends before the transfer is
 * completed, the held call goes back to plain hold (CANCEL_TRANSFER): "a call in an on-hold-pending
 * state typically reverts" (lineDrop remarks); it stays CS_HOLD, so no media resumes without the
 * application asking (ADR 0010). The link ends with either call, or when a new Transfer replaces it.
 */
export class TransferLink {
  private undo: () => void = noop;
  private disposed = false;

  constructor(
    readonly held: TransferParty,
    readonly consultation: TransferParty,
  ) {
    held.transfer?.dispose();
    consultation.transfer?.dispose();
    held.transfer = this;
    consultation.transfer = this;
    const undo = watchCalls([held.actor, consultation.actor], () => this.check());
    if (this.disposed) undo();
    else this.undo = undo;
    this.check();
  }

  /** The consultation call's actor id, which COMPLETE_TRANSFER names. */
  get consultationCallId(): string {
    return this.consultation.actor.getSnapshot().context.callId;
  }

  /** Whether the consultation call has ended (or is gone at the provider: its far end left). */
  get consultationGone(): boolean {
    const snapshot = this.consultation.actor.getSnapshot();
    return snapshot.status !== 'active' || snapshot.context.cause !== null;
  }

  private check(): void {
    if (this.disposed) return;
    const held = this.held.actor.getSnapshot();
    if (held.status !== 'active') return this.dispose();
    if (!this.consultationGone) return;
    // A setup or a completion the provider has not answered yet: its answer comes first (a
    // completion may still succeed, or fail and come back here with nothing pending).
    if (held.context.pending !== null) return;
    if (held.context.state === 'onHoldPendTransfer') this.held.actor.send({ type: 'CANCEL_TRANSFER' });
    this.dispose();
  }

  /** Forget the pairing on both calls. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.undo();
    if (this.held.transfer === this) this.held.transfer = null;
    if (this.consultation.transfer === this) this.consultation.transfer = null;
  }
}
