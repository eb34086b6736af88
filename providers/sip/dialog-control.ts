/**
 * What a connected call does in its dialog, made or arrived alike (contract rule 10): hold and
 * take back, answer the far end's re-INVITEs, transfer, and every request the far end sends in
 * the dialog.
 *
 * - Hold: a re-INVITE offering `a=sendonly`, or `a=inactive` when the far end already holds us
 *   (RFC 3264 §8.4, RFC 6337 §5.3); its 2xx gives PROVIDER.ONHOLD. Unhold: `a=sendrecv`; its 2xx
 *   gives PROVIDER.CONNECTED, ACTIVEHELD if the far end's answer holds us, else ACTIVE. Refused
 *   (a final non-2xx, Timer B): PROVIDER.REQUEST_FAILED and the call stays as it was (§14.1). A
 *   481 or 408: the dialog is gone; BYE (§14.1) and PROVIDER.DISCONNECTED.
 * - The far end's re-INVITE: 200 with our answer (their sendonly → our recvonly, inactive →
 *   inactive, sendrecv → sendrecv; sendonly or inactive at most while we hold), resent until its
 *   ACK (§13.3.1.4; none in 64·T1: BYE). Holding us or taking us back is PROVIDER.CONNECTED with
 *   ACTIVEHELD or ACTIVE, on a change only. One without an offer gets ours, and its ACK answers.
 *   While our own re-INVITE is out: 491 (§14.2). A hold asked for while theirs waits for its ACK
 *   goes once the ACK is in (§14.1: no INVITE while another is in progress either way).
 * - Blind and consultation transfer: REFER (`refer.ts`); PROVIDER.TRANSFERRED once the far end
 *   reached the target (on both calls of a consultation transfer), else REQUEST_FAILED.
 * - The far end's REFER (we are the transferee, contract rule 11): `referred-transfer.ts` reads
 *   it and reports PROVIDER.TRANSFER_REQUESTED; the core's answer is 202 and NOTIFYs, or 603. A
 *   second REFER while the first still waits for its answer or its new call: 491 Request Pending
 *   (RFC 3261 §21.4.27, "a pending request within the same dialog"), which tells the far end to
 *   try again later rather than that we refuse (603). A REFER on a call not up (or closed): 603.
 * - NOTIFY: for our transfer's subscription, else 481 (RFC 6665 §4.1.3); another event 489.
 * - Any request below the far end's last CSeq: 500 (§12.2.2). BYE, INFO, OPTIONS: `in-dialog.ts`.
 */
import type { ConnectedMode, ProviderCall, ProviderEvent, ProviderRequest } from '../provider.js';
import { sendBye } from './bye.js';
import { answerInDialog } from './in-dialog.js';
import type { LocalSdp } from './local-sdp.js';
import { detailOf, requestFailed } from './mapping.js';
import { type Direction, receives } from './media/direction.js';
import { sdpDirection } from './media/sdp-media.js';
import { header, parseCSeq, type SipRequest } from './message.js';
import { eventParams, Transfer, type TransferCall, type TransferOutcome } from './refer.js';
import { type ReplacedDialog, referToReplacing } from './refer-to.js';
import { readRefer, ReferredTransfer, seqOf } from './referred-transfer.js';
import { ReInvite, type ReInviteOutcome } from './reinvite.js';
import { requestUri } from './target.js';
import { Timer } from './timers.js';
import type { ServerTransaction } from './transactions/server.js';
import { ALLOW } from './uas-checks.js';

/** What the control needs from its call. */
export interface ControlledCall extends TransferCall {
  /** Whether the call is connected: the only place hold, transfer and re-INVITEs go. */
  up(): boolean;
  report(event: ProviderEvent): void;
  /** The far end hung up (BYE): end the call with `event`. */
  hungUp(event: ProviderEvent): void;
  /** The dialog is gone: end the call with `event`, after a BYE (§14.1). */
  lost(event: ProviderEvent): void;
}

/** The far end's re-INVITE whose 2xx waits for its ACK. */
interface Answering {
  seq: number;
  tx: ServerTransaction;
  /** It had no offer: ours went in the 200, and its ACK carries the answer. */
  offered: boolean;
  interval: number;
}

/**
 * The dialog control of one call.
 *
 * @example
 * ```ts
 * const control = new DialogControl(call, new LocalSdp(invite.body));
 * control.hold(); // re-INVITE, a=sendonly; PROVIDER.ONHOLD once the far end agrees
 * control.blindTransfer('5550123'); // REFER; PROVIDER.TRANSFERRED when its NOTIFY says 200
 * ```
 */
export class DialogControl {
  /** We hold the call (our last agreed offer or answer does not receive). */
  private held = false;
  /** The far end holds us (its last offer, or its answer to our sendrecv, does not receive). */
  private remoteHeld = false;
  private reinvite: ReInvite | null = null;
  private pending: 'hold' | 'unhold' | null = null;
  /** A hold or unhold that waits for the far end's re-INVITE to be ACKed. */
  private deferred: 'hold' | 'unhold' | null = null;
  private answering: Answering | null = null;
  private transferring: Transfer | null = null;
  /** The far end's REFER: waiting for the core's answer, or its subscription running. */
  private referred: ReferredTransfer | null = null;
  private closed = false;
  private readonly resend2xx: Timer;
  private readonly noAck: Timer;

  constructor(
    readonly call: ControlledCall,
    private readonly sdp: LocalSdp,
  ) {
    this.resend2xx = new Timer(call.clock);
    this.noAck = new Timer(call.clock);
  }

  /** What a consultation transfer's Replaces names for this call (RFC 3891 §3). */
  get replaced(): ReplacedDialog {
    const { dialog } = this.call;
    return { target: dialog.remoteTarget, callId: dialog.callId, localTag: dialog.localTag, remoteTag: dialog.remoteTag };
  }

  hold(): void {
    this.request('hold');
  }

  unhold(): void {
    this.request('unhold');
  }

  private request(kind: 'hold' | 'unhold'): void {
    if (!this.call.up() || this.closed || this.pending || this.deferred) return this.refuse(kind, `the call cannot be ${kind === 'hold' ? 'held' : 'taken back'} now (not connected, or a hold or unhold is under way)`);
    // Already so: answered at once, nothing to send.
    if (this.held === (kind === 'hold')) return this.call.report(kind === 'hold' ? { type: 'PROVIDER.ONHOLD' } : this.connected());
    if (this.answering) {
      this.deferred = kind;
      return;
    }
    this.pending = kind;
    this.reinvite?.close();
    const offer = () => this.sdp.offer(this.wanted(kind === 'hold'));
    this.reinvite = new ReInvite(this.call, offer, (outcome) => this.reinviteEnded(kind, outcome), () => this.answering !== null);
    this.reinvite.start();
  }

  /** Our audio direction: sendonly while we hold, inactive if the far end holds us too (RFC 6337 §5.3). */
  private wanted(hold: boolean): Direction {
    if (!hold) return 'sendrecv';
    return this.remoteHeld ? 'inactive' : 'sendonly';
  }

  private connected(): ProviderEvent {
    const mode: ConnectedMode = this.remoteHeld ? 'ACTIVEHELD' : 'ACTIVE';
    return { type: 'PROVIDER.CONNECTED', mode };
  }

  private refuse(kind: ProviderRequest, message: string): void {
    this.call.report(requestFailed(kind, message, undefined, 'INVALCALLSTATE'));
  }

  private reinviteEnded(kind: 'hold' | 'unhold', outcome: ReInviteOutcome): void {
    this.pending = null;
    switch (outcome.kind) {
      case 'answered': {
        this.held = kind === 'hold';
        this.sdp.answered(outcome.response.body);
        // Their answer to our sendrecv says whether they hold us; to our hold it says nothing new.
        const answered = sdpDirection(outcome.response.body);
        if (kind === 'unhold' && answered) this.remoteHeld = !receives(answered);
        return this.call.report(kind === 'hold' ? { type: 'PROVIDER.ONHOLD' } : this.connected());
      }
      case 'refused':
        return this.call.report(requestFailed(kind, `the far end refused the ${kind} (RFC 3261 §14.1: the call stays as it was)`, detailOf(outcome.response)));
      case 'gone':
        return this.call.lost({ type: 'PROVIDER.DISCONNECTED', mode: 'UNAVAIL', detail: detailOf(outcome.response) });
      case 'failed': {
        const timeout = outcome.failure === 'timeout';
        return this.call.report(requestFailed(kind, timeout ? `no final response to the ${kind} (Timer B)` : `the ${kind} could not be sent`, timeout ? { code: 408, reason: 'Request Timeout' } : undefined, 'OPERATIONFAILED'));
      }
    }
  }

  blindTransfer(to: string): void {
    const target = requestUri(to, this.call.account.domain);
    if (!target.ok) return this.call.report(requestFailed('transfer', target.message, undefined, 'INVALADDRESS'));
    this.startTransfer(`<${target.uri}>`, target.uri, []);
  }

  /** Join the far end of this call to the far end of `consultation` (RFC 5589 §7.1). */
  transfer(consultation: ProviderCall): void {
    const other = controlOf(consultation);
    if (!other || other === this || other.call.endpoint !== this.call.endpoint || !other.call.up() || other.closed) {
      return this.refuse('transfer', 'the consultation call is not a connected SIP call of this provider');
    }
    const replaced = other.replaced;
    this.startTransfer(referToReplacing(replaced), replaced.target.split('?')[0], [other]);
  }

  private startTransfer(referTo: string, to: string, also: DialogControl[]): void {
    if (!this.call.up() || this.closed || this.transferring?.running) return this.refuse('transfer', 'the call cannot be transferred now (not connected, or a transfer is under way)');
    this.transferring?.close();
    this.transferring = new Transfer(this.call, referTo, (outcome: TransferOutcome) => {
      if (!outcome.ok) return this.call.report(requestFailed('transfer', outcome.message, outcome.detail));
      for (const control of [this, ...also]) if (!control.closed) control.call.report({ type: 'PROVIDER.TRANSFERRED', to, detail: outcome.detail });
    });
    this.transferring.start();
  }

  /** A request from the far end in the dialog (§12.2.2). */
  onRequest(request: SipRequest, tx: ServerTransaction): void {
    const { endpoint, dialog } = this.call;
    // The endpoint's checks (§8.2) have read the CSeq already.
    const seq = parseCSeq(header(request, 'cseq')!)!.seq;
    if (dialog.remoteSeq !== null && seq < dialog.remoteSeq) return endpoint.respond(tx, 500, 'Server Internal Error (CSeq out of order)');
    dialog.remoteSeq = seq;
    switch (request.method) {
      case 'INVITE':
        return this.onReInvite(request, tx, seq);
      case 'REFER':
        return this.onRefer(request, tx);
      case 'NOTIFY':
        return this.onNotify(request, tx);
      default:
        return answerInDialog(endpoint, request, tx, (event) => this.call.hungUp(event), (event) => this.call.report(event));
    }
  }

  /** The far end asks us to transfer ourselves (RFC 3515 §2.4.2; contract rule 11). */
  private onRefer(request: SipRequest, tx: ServerTransaction): void {
    const { endpoint } = this.call;
    if (!this.call.up() || this.closed) return endpoint.respond(tx, 603, 'Decline');
    if (this.referred?.busy) return endpoint.respond(tx, 491, 'Request Pending');
    const ask = readRefer(request);
    if ('status' in ask) return endpoint.respond(tx, ask.status, ask.reason);
    this.referred = new ReferredTransfer(this.call, tx, ask, seqOf(request));
    this.referred.start();
  }

  /** The core's answer to the far end's REFER (rule 11): 202 and NOTIFYs, or 603. */
  answerTransferRequest(accept: boolean): void {
    this.referred?.answer(accept);
  }

  /** The far end's REFER we accepted and whose new call is not made yet: the new call reports to it. */
  takeReferral(): ReferredTransfer | null {
    const referred = this.referred;
    return referred?.state === 'accepted' && !referred.followed ? referred.follow() : null;
  }

  private onNotify(request: SipRequest, tx: ServerTransaction): void {
    const event = eventParams(request);
    if (event?.package !== 'refer') return this.call.endpoint.respond(tx, 489, 'Bad Event', [['allow-events', 'refer']]);
    const answer = (status: number, reason: string) => this.call.endpoint.respond(tx, status, reason);
    if (!this.transferring) return answer(481, 'Subscription Does Not Exist');
    this.transferring.notify(request, answer);
  }

  private onReInvite(request: SipRequest, tx: ServerTransaction, seq: number): void {
    const { endpoint } = this.call;
    // §14.2: our own re-INVITE is out, or theirs still waits for its ACK: glare.
    if (!this.call.up() || this.closed || this.reinvite?.inProgress || this.answering) return endpoint.respond(tx, 491, 'Request Pending');
    const offered = request.body.length > 0;
    const wanted = this.wanted(this.held);
    const body = offered ? this.sdp.answer(request.body, wanted) : this.sdp.offer(wanted);
    const direction = offered ? sdpDirection(request.body) : null;
    if (body === null || (offered && direction === null)) return endpoint.respond(tx, 488, 'Not Acceptable Here', [['warning', `304 ${endpoint.hostport} "Media type not available"`]]);
    endpoint.respond(tx, 200, 'OK', [['contact', endpoint.contact(this.call.account.user)], ['allow', ALLOW], ['content-type', 'application/sdp']], { body });
    this.answering = { seq, tx, offered: !offered, interval: endpoint.timers.G };
    // §13.3.1.4: the 2xx again at T1, 2·T1, … up to T2 until its ACK; none in 64·T1 ends the call.
    this.resend2xx.set(endpoint.timers.G, this.onResend);
    this.noAck.set(endpoint.timers.H, () => {
      this.stopAnswering();
      this.call.lost({ type: 'PROVIDER.DISCONNECTED', mode: 'UNAVAIL', detail: { reason: 'the far end never acknowledged the 200 OK to its re-INVITE (RFC 3261 §13.3.1.4)' } });
    });
    if (direction) this.farEndSays(direction);
  }

  private readonly onResend = (): void => {
    const answering = this.answering;
    if (!answering) return;
    answering.tx.resend();
    answering.interval = Math.min(2 * answering.interval, this.call.endpoint.timers.T2);
    this.resend2xx.set(answering.interval, this.onResend);
  };

  /** The far end's offer (or its answer to our sendrecv) says whether it holds us: report a change. */
  private farEndSays(direction: Direction): void {
    const held = !receives(direction);
    if (held === this.remoteHeld) return;
    this.remoteHeld = held;
    this.call.report(this.connected());
  }

  /** The ACK of our 2xx to their re-INVITE; it carries their answer if ours was the offer. */
  onAck(ack: SipRequest): void {
    const answering = this.answering;
    if (!answering || parseCSeq(header(ack, 'cseq') ?? '')?.seq !== answering.seq) return;
    this.stopAnswering();
    if (answering.offered) this.sdp.answered(ack.body);
    const direction = answering.offered ? sdpDirection(ack.body) : null;
    if (direction && !this.held) this.farEndSays(direction);
    const deferred = this.deferred;
    this.deferred = null;
    if (deferred && !this.closed) this.request(deferred);
  }

  private stopAnswering(): void {
    this.answering = null;
    this.resend2xx.clear();
    this.noAck.clear();
  }

  /** The call is over here: stop everything, report nothing more. NOTIFYs still get 200. */
  close(): void {
    this.closed = true;
    this.deferred = null;
    this.pending = null;
    this.stopAnswering();
    this.reinvite?.close();
    this.transferring?.close();
    this.referred?.close();
  }
}

/** The control of a SIP call of this library, or null for anything else. */
function controlOf(call: ProviderCall): DialogControl | null {
  const control = (call as { control?: unknown }).control;
  return control instanceof DialogControl ? control : null;
}

/** A BYE that ends a dialog found gone (§14.1), kept by the endpoint until it is answered. */
export function byeLost(call: Pick<ControlledCall, 'endpoint' | 'clock' | 'account' | 'dialog' | 'fallback'>): void {
  sendBye(call.dialog, call.dialog.nextHop() ?? call.fallback, () => {}, { endpoint: call.endpoint, clock: call.clock, account: call.account });
}

