/**
 * One call that arrives over SIP: the provider side of an offered call (see `providers/provider.ts`,
 * rule 7), as the UAS of the caller's INVITE (RFC 3261 §13.3, §12.1.1, §15, §9.2).
 *
 * - Offered: the INVITE has had its 100 Trying (§8.2.6.1); a resent INVITE gets the last
 *   provisional again from the server transaction.
 * - `accept` (lineAccept): 180 Ringing with our To tag, so the caller hears ringback. A line with
 *   `ringOnOffer` sends it as the call is offered.
 * - `answer` (lineAnswer): 200 OK with our Contact and the SDP answer (or an offer, when the
 *   INVITE had none, §13.2.1; with media, the ports are bound first, so it names the port that
 *   listens, RFC 3264 §6), resent from T1 doubling to T2 until its ACK (§13.3.1.4); the ACK
 *   gives PROVIDER.CONNECTED. No ACK within 64·T1: the session is ended with BYE (§13.3.1.4) and
 *   the answer fails with LINEERR_OPERATIONFAILED.
 * - `drop(mode)` before the answer refuses the INVITE: NORMAL and BUSY 486 Busy Here, REJECT 603
 *   Decline, NOANSWER 480 Temporarily Unavailable; IDLE at once (the transaction resends the
 *   final until its ACK). After the 200: BYE once its ACK is in (§15: not before), IDLE when the
 *   BYE is answered.
 * - The caller gives up (CANCEL, §9.2): 487 Request Terminated, PROVIDER.DISCONNECTED with mode
 *   CANCELLED. The caller hangs up (BYE, §15.1.2): 200, PROVIDER.DISCONNECTED with mode NORMAL.
 * - An INVITE with `Expires` (§13.3.1) that nobody answers in time: 487, PROVIDER.DISCONNECTED
 *   with mode NOANSWER.
 * - An INVITE that could never be answered (no From tag or no Contact: there would be no dialog,
 *   §12.1.1, §8.1.1.8) is refused with 400 before it is offered; one whose offer we cannot take
 *   (no G.711 audio stream, §13.3.1.3) with 488.
 * - Once answered, hold, transfer and the caller's requests in the dialog are its dialog
 *   control's (`dialog-call.ts`, `dialog-control.ts`).
 */
import type { DropMode, IncomingCall, LineLink, ProviderCall, ProviderEvent } from '../provider.js';
import { incomingOf } from './caller-id.js';
import { DialogCall } from './dialog-call.js';
import { Dialog } from './dialog.js';
import { type DialogUser, dialogKey, type Endpoint } from './endpoint.js';
import { newBranch, newTag, randomHex } from './ids.js';
import { InfoDigits } from './info-digits.js';
import { header, type SipRequest, serialise } from './message.js';
import { sdpMedia, SdpMediaError } from './media/sdp-media.js';
import { noMediaAnswer, noMediaOffer } from './no-media-sdp.js';
import { sendBye } from './bye.js';
import type { LineCall, SipLine } from './sip-call.js';
import { Timer } from './timers.js';
import type { ServerTransaction } from './transactions/server.js';
import { ALLOW } from './uas-checks.js';

/** Where an incoming SIP call is. */
export type IncomingPhase = 'offering' | 'ringing' | 'preparing' | 'answering' | 'connected' | 'hanging-up' | 'ended' | 'released' | 'disposed';

/** The final response that refuses an offered call, by the drop's mode (rule 7). */
const REFUSALS: Record<DropMode, [number, string]> = {
  NORMAL: [486, 'Busy Here'],
  BUSY: [486, 'Busy Here'],
  REJECT: [603, 'Decline'],
  NOANSWER: [480, 'Temporarily Unavailable'],
};

/** What an incoming call needs from its line beyond a {@link SipLine}. */
export interface IncomingLine extends SipLine {
  /** Send 180 Ringing as the call is offered, not at `accept`. */
  readonly ringOnOffer: boolean;
  readonly calls: Set<LineCall>;
}

/**
 * Offer an INVITE that arrived for `line` to the core through `link`: the call is created with
 * the core's id, then 100 Trying if the core has not answered it already. What cannot be offered is refused here: an offer we cannot
 * answer (488), a line that is not there any more (480).
 *
 * @example
 * ```ts
 * endpoint = new Endpoint({ …, onInvite: (invite, tx) => offerInvite(line, link, invite, tx) });
 * ```
 */
export function offerInvite(line: IncomingLine, link: LineLink, invite: SipRequest, tx: ServerTransaction): void {
  const endpoint = line.endpoint;
  const session = line.media ? acceptable(invite.body) : noMediaSession(endpoint.host, invite.body);
  if (!Dialog.fromInvite(invite, 'probe')) return endpoint.respond(tx, 400, 'Missing From tag or Contact');
  if (session === null) return endpoint.respond(tx, 488, 'Not Acceptable Here', [['warning', `304 ${endpoint.hostport} "Media type not available"`]]);
  let created = false;
  const info = incomingOf(invite);
  const callId = link.offer(info, (id) => {
    const call = new SipIncomingCall(line, invite, tx, session || null, info, (event) => link.report(id, event), link.clock, id);
    line.calls.add(call);
    created = true;
    return call;
  });
  // Not taken and not made: nobody will answer the INVITE but us.
  if (callId === null && !created) return endpoint.respond(tx, 480, 'Temporarily Unavailable');
  // §17.2.1: a 100 Trying unless the TU answers within 200 ms. The core often has by now (a line
  // that answers everything, a full line that refuses): then it would be one datagram for nothing.
  if (tx.state === 'trying') endpoint.respond(tx, 100, 'Trying');
}

/**
 * Whether an offer can be answered with media ('' when it can: the answer is made once the ports
 * are bound), or null (488). An INVITE without an offer always can: ours goes in the 200.
 */
function acceptable(offer: string): string | null {
  if (offer.length === 0) return '';
  try {
    sdpMedia(offer);
    return '';
  } catch (error) {
    if (error instanceof SdpMediaError) return null;
    throw error;
  }
}

/** The SDP of our 200 for a call without media (the discard port), or null when the offer has no G.711 stream (488). */
function noMediaSession(host: string, offer: string): string | null {
  const side = { address: host, sessionId: String(parseInt(randomHex(4), 16)) };
  // §13.2.1: an INVITE without a body asks us to make the offer, in the 200; its ACK answers.
  return offer.length > 0 ? noMediaAnswer(offer, side) : noMediaOffer(side);
}

/**
 * The provider side of one incoming SIP call.
 *
 * @example
 * ```ts
 * // made by offerInvite when the core takes the call; the core then commands it:
 * call.accept(); // 180 Ringing
 * call.answer(); // 200 OK; PROVIDER.CONNECTED when the ACK comes
 * call.drop(); // BYE; PROVIDER.IDLE when it is answered
 * ```
 */
export class SipIncomingCall extends DialogCall implements ProviderCall, DialogUser, LineCall {
  phase: IncomingPhase = 'offering';
  /** Our To tag: the same on every response, and our side of the dialog (§12.1.1). */
  readonly tag = newTag();
  private dialog: Dialog | null = null;
  private dropWanted = false;
  private interval: number;
  private readonly resend2xx: Timer;
  private readonly noAck: Timer;
  /** The INVITE's Expires (§13.3.1), while the call is not answered. */
  private readonly expiry: Timer;
  private readonly digits = new InfoDigits(() =>
    this.phase !== 'connected'
      ? null
      : {
          endpoint: this.endpoint,
          clock: this.clock,
          dialog: this.dialog!,
          fallback: this.tx.destination,
          track: (tx) => this.others.add(tx),
          untrack: (tx) => this.others.delete(tx),
          gone: (event) => this.farEndGone(event),
        },
  );

  constructor(
    private readonly line: IncomingLine,
    readonly invite: SipRequest,
    private readonly tx: ServerTransaction,
    /** The SDP of our 200: the answer to the INVITE's offer, or our offer; null until the media leg makes it. */
    private session: string | null,
    /** Who calls, as offered to the core. */
    readonly info: IncomingCall,
    protected readonly report: (event: ProviderEvent) => void,
    readonly clock: LineLink['clock'],
    /** The core's id of the call (a new call made for its far end's REFER names it). */
    readonly coreId: string,
  ) {
    super();
    this.interval = line.endpoint.timers.G;
    this.resend2xx = new Timer(clock);
    this.noAck = new Timer(clock);
    this.expiry = new Timer(clock);
    tx.onCancel = () => this.terminated({ type: 'PROVIDER.DISCONNECTED', mode: 'CANCELLED' });
    const expires = /^\s*(\d{1,10})\s*$/.exec(header(invite, 'expires') ?? '');
    if (expires) this.expiry.set(Number(expires[1]) * 1000, () => this.terminated({ type: 'PROVIDER.DISCONNECTED', mode: 'NOANSWER', detail: { code: 487, reason: 'the INVITE expired before it was answered' } }));
    if (line.ringOnOffer) this.ring();
  }

  private get endpoint(): Endpoint {
    return this.line.endpoint;
  }

  protected get connected(): boolean {
    return this.phase === 'connected';
  }

  /** Headers of a response that makes or confirms our side of the dialog (§12.1.1). */
  private dialogHeaders(): Array<[string, string]> {
    const routes = this.invite.headers.get('record-route') ?? [];
    return [...routes.map((route): [string, string] => ['record-route', route]), ['contact', this.endpoint.contact(this.line.account.user)]];
  }

  private ring(): void {
    this.phase = 'ringing';
    this.endpoint.respond(this.tx, 180, 'Ringing', this.dialogHeaders(), { toTag: this.tag });
  }

  dial(): void {}

  accept(): void {
    if (this.phase === 'offering') this.ring();
  }

  answer(): void {
    if (this.phase !== 'offering' && this.phase !== 'ringing') return;
    const pool = this.line.media;
    if (!pool || this.session !== null) return this.sendAnswer();
    // RFC 3264 §6: our answer names the port we receive on, so the ports are bound first.
    this.phase = 'preparing';
    this.openLeg(pool, this.endpoint.host, () => this.phase === 'preparing', () => this.answerWithLeg(), (error) => {
      this.expiry.clear();
      this.refuse(503, 'Service Unavailable');
      this.phase = 'ended';
      this.report({ type: 'PROVIDER.FAILED', error: 'RESOURCEUNAVAIL', message: `no RTP ports for the call: ${error.message}` });
    });
  }

  /** The media leg is open: its answer to the INVITE's offer (or its offer), then the 200. */
  private answerWithLeg(): void {
    const leg = this.leg!;
    try {
      this.session = this.invite.body.length > 0 ? leg.answer(this.invite.body) : leg.offer();
    } catch (error) {
      if (!(error instanceof SdpMediaError)) throw error;
      // offerInvite read the offer already; this is only for an offer it read otherwise.
      this.expiry.clear();
      this.refuse(488, 'Not Acceptable Here');
      this.closeLeg();
      this.phase = 'ended';
      return this.report({ type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED', message: `the offer cannot be answered: ${error.message}` });
    }
    this.sendAnswer();
  }

  private sendAnswer(): void {
    // offerInvite refused an INVITE that makes no dialog: there is one.
    const dialog = Dialog.fromInvite(this.invite, this.tag)!;
    this.expiry.clear();
    this.dialog = dialog;
    this.startControl(dialog, this.session!, {
      endpoint: this.endpoint,
      account: this.line.account,
      fallback: this.tx.destination,
      ownsCallId: false,
      up: () => this.phase === 'connected',
      // §15.1.2: a BYE ends the session; one before our 2xx's ACK too (the ACK was lost).
      hungUp: (event) => {
        const up = this.phase === 'connected' || this.phase === 'answering';
        this.stop2xx();
        if (up) this.farEndGone(event);
      },
      gone: (event) => this.farEndGone(event),
    }, this.leg);
    this.phase = 'answering';
    this.endpoint.addDialog(dialogKey(dialog.callId, dialog.localTag, dialog.remoteTag), this);
    // Answered, the INVITE is no stray: it stays for Timer L (RFC 6026 §7.1) outside the cap.
    this.endpoint.own(this.tx);
    const headers: Array<[string, string]> = [...this.dialogHeaders(), ['allow', ALLOW], ['content-type', 'application/sdp']];
    this.endpoint.respond(this.tx, 200, 'OK', headers, { toTag: this.tag, body: this.session! });
    // §13.3.1.4: the 2xx again at T1, 2·T1, … up to T2, until its ACK; none in 64·T1 ends it.
    this.resend2xx.set(this.interval, this.onResend);
    this.noAck.set(this.endpoint.timers.H, () => this.ackMissing());
  }

  private readonly onResend = (): void => {
    this.tx.resend();
    this.interval = Math.min(2 * this.interval, this.endpoint.timers.T2);
    this.resend2xx.set(this.interval, this.onResend);
  };

  /**
   * The ACK of our 2xx (§13.3.1.4): the call is up. A later one (resent) changes nothing; one
   * for the caller's re-INVITE is the control's.
   */
  onAck(ack: SipRequest): void {
    if (this.phase !== 'answering') return this.usedControl?.onAck(ack);
    // §17.1.1.3: the ACK carries the INVITE's CSeq number.
    if (header(ack, 'cseq')?.split(/\s+/)[0] !== header(this.invite, 'cseq')?.split(/\s+/)[0]) return;
    this.stop2xx();
    // §13.2.1: our 200 offered (the INVITE had no offer): the ACK answers it.
    if (this.invite.body.length === 0 && ack.body.length > 0) this.leg?.answered(ack.body, 'sendrecv');
    this.phase = 'connected';
    this.report({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    if (this.dropWanted && this.phase === 'connected') this.hangUp();
  }

  /** §13.3.1.4: the 2xx went unacknowledged for 64·T1; the dialog is ended with BYE. */
  private ackMissing(): void {
    this.stop2xx();
    const wanted = this.dropWanted;
    this.hangUp();
    if (!wanted) this.report({ type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED', message: 'the caller never acknowledged the 200 OK (no ACK within 64·T1, RFC 3261 §13.3.1.4); the call was released with BYE' });
  }

  private stop2xx(): void {
    this.resend2xx.clear();
    this.noAck.clear();
  }

  /**
   * The INVITE ends before anyone answered: the caller sent CANCEL (§9.2, mode CANCELLED), or
   * its Expires ran out (§13.3.1, mode NOANSWER). Either way it gets 487 Request Terminated.
   */
  private terminated(event: ProviderEvent): void {
    if (this.phase !== 'offering' && this.phase !== 'ringing' && this.phase !== 'preparing') return;
    this.expiry.clear();
    this.refuse(487, 'Request Terminated');
    this.phase = 'ended';
    this.report(event);
  }

  /** A final non-2xx for the INVITE, with our tag; the transaction resends it until the ACK. */
  private refuse(status: number, reason: string): void {
    this.endpoint.respond(this.tx, status, reason, [], { toTag: this.tag });
  }

  generateDigits(digits: string): void {
    if (this.phase === 'connected') this.sendDigits(digits, this.digits);
  }

  drop(mode: DropMode = 'NORMAL'): void {
    switch (this.phase) {
      case 'offering':
      case 'ringing':
      case 'preparing': {
        const [status, reason] = REFUSALS[mode] ?? REFUSALS.NORMAL;
        this.refuse(status, reason);
        return this.release();
      }
      case 'answering':
        // §15: no BYE before the ACK of our 2xx (or its timeout); the ACK brings the hang-up.
        this.dropWanted = true;
        return;
      case 'connected':
        return this.hangUp();
      case 'hanging-up':
      case 'disposed':
        return; // IDLE is on its way, or nothing is reported any more
      default:
        return this.release();
    }
  }

  /** A request from the caller in our dialog (§12.2.2): the control's, which the dialog came with. */
  onRequest(request: SipRequest, tx: ServerTransaction): void {
    this.control!.onRequest(request, tx);
  }

  private farEndGone(event: ProviderEvent): void {
    this.endDialog();
    this.phase = 'ended';
    this.report(event);
  }

  private hangUp(): void {
    this.usedControl?.close();
    this.closeLeg();
    const dialog = this.dialog!;
    this.phase = 'hanging-up';
    // §15.1.1: whatever the answer (2xx, 481, 408, a timeout), the session is over.
    sendBye(dialog, dialog.nextHop() ?? this.tx.destination, () => this.release(), {
      endpoint: this.endpoint,
      clock: this.clock,
      account: this.line.account,
      track: this.others,
    });
  }

  /** The line went out of service: refuse or hang up, and fail (contract rule 8). */
  outOfService(why: string): void {
    const event: ProviderEvent = { type: 'PROVIDER.FAILED', error: 'INVALLINESTATE', message: `the line went out of service: ${why}` };
    switch (this.phase) {
      case 'offering':
      case 'ringing':
      case 'preparing':
        this.refuse(480, 'Temporarily Unavailable');
        this.phase = 'ended';
        return this.report(event);
      case 'answering':
        this.dropWanted = true;
        return this.report(event);
      case 'connected':
        this.hangUp();
        return this.report(event);
      default:
        return;
    }
  }

  private endDialog(): void {
    this.usedControl?.close();
    this.closeLeg();
    this.stop2xx();
    this.expiry.clear();
    const dialog = this.dialog;
    if (dialog) this.endpoint.removeDialog(dialogKey(dialog.callId, dialog.localTag, dialog.remoteTag), this);
    this.digits.clear();
  }

  /** Released at the caller: report IDLE (to every drop, contract rule 3). */
  private release(): void {
    this.endDialog();
    this.phase = 'released';
    this.report({ type: 'PROVIDER.IDLE' });
  }

  /**
   * Release everything at once and report nothing more (contract rule 4). A call still offered
   * is refused with 480; one that is up gets one BYE without retransmission, so the caller is not
   * left half-open. The INVITE's server transaction stays with the endpoint to absorb resends.
   */
  dispose(): void {
    if (this.phase === 'disposed') return;
    if (this.phase === 'offering' || this.phase === 'ringing' || this.phase === 'preparing') this.refuse(480, 'Temporarily Unavailable');
    else if ((this.phase === 'answering' || this.phase === 'connected') && this.dialog) {
      this.endpoint.send(serialise(this.dialog.request('BYE', this.endpoint.via(newBranch()))), this.dialog.nextHop() ?? this.tx.destination);
    }
    this.phase = 'disposed';
    this.tx.onCancel = null;
    this.endDialog();
    for (const other of this.others) if (other.state !== 'completed') other.terminate();
    this.others.clear();
    this.line.forget(this);
  }
}
