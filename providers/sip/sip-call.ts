/**
 * One call over SIP: the provider side of a call actor (see `providers/provider.ts`), as a UAC
 * (RFC 3261 §13.2, §15, §9). It sends the INVITE, turns what comes back into provider events
 * (`mapping.ts`), ACKs a 2xx itself (§13.2.2.4, resending the ACK for every retransmitted 2xx),
 * hangs up with BYE or CANCEL, answers the far end's BYE, and sends DTMF (RFC 4733 events, or INFO).
 *
 * With media (the provider's default), the call's RTP ports are bound before the INVITE goes, so
 * its offer names the port that listens (RFC 3264 §5); the 2xx's answer says where our RTP goes.
 *
 * Drop, by where the call is (contract rule 3: always answered by IDLE):
 * - nothing sent yet (the ports still being bound too), already failed or hung up by the far end: IDLE at once;
 * - INVITE sent, no provisional yet: wait for one, then CANCEL (§9.1 forbids a CANCEL before);
 *   a final or Timer B that comes first ends it;
 * - ringing: CANCEL; the 487 (ACKed by the transaction) gives IDLE; a 200 that crosses the
 *   CANCEL is reported, ACKed and then BYEd; no final within 64·T1 also gives IDLE (§9.1);
 * - connected: BYE; any final response or Timer F gives IDLE (§15.1.1).
 *
 * Once connected, hold, transfer and the far end's requests in the dialog are its dialog
 * control's (`dialog-call.ts`, `dialog-control.ts`).
 */
import type { CallRequest, Clock, ProviderCall, ProviderEvent } from '../provider.js';
import type { MediaPool } from './media/media-pool.js';
import { DialogCall } from './dialog-call.js';
import { type Account, answerChallenge } from './account.js';
import { Dialog } from './dialog.js';
import { type DialogUser, dialogKey, type Endpoint } from './endpoint.js';
import { InfoDigits } from './info-digits.js';
import { type Redirect, redirectedInvite, RedirectTargets, withRedirects } from './redirect.js';
import type { SipUri } from './uri.js';
import { newBranch } from './ids.js';
import { cancelRequest, inviteRequest } from './invite.js';
import { cleanText, failureEvent, noResponseEvent, protocolErrorEvent, provisionalEvent } from './mapping.js';
import { type SipRequest, type SipResponse, serialise } from './message.js';
import { branchOf, tagOf } from './header-fields.js';
import { requestUri, type TargetResult } from './target.js';
import { sendBye } from './bye.js';
import type { ReferredTransfer } from './referred-transfer.js';
import { Timer } from './timers.js';
import type { InviteClientTransaction } from './transactions/invite-client.js';
import type { ServerTransaction } from './transactions/server.js';
import type { Destination } from './transport.js';
import { destinationOf } from './uri.js';

/** What a line does with each of its calls, made or arrived. */
export interface LineCall {
  /** The line went out of service: fail the call (contract rule 8). */
  outOfService(why: string): void;
  dispose(): void;
}

/** What a call needs from its line. */
export interface SipLine {
  readonly account: Account;
  readonly endpoint: Endpoint;
  /** Why the line is out of service, or null while it is in service. */
  readonly outOfService: string | null;
  /** Where the calls' media legs come from; null or absent: no media (SDP with port 9, nothing listens). */
  readonly media?: MediaPool | null;
  /** The call has been disposed. */
  forget(call: LineCall): void;
}

/** Where a SIP call is. */
export type SipCallPhase = 'idle' | 'collecting' | 'preparing' | 'inviting' | 'cancelling' | 'connected' | 'hanging-up' | 'ended' | 'released' | 'disposed';

/**
 * The provider side of one SIP call: made by the provider's `createCall`, driven by the call
 * actor through the {@link ProviderCall} methods, answering the far end's in-dialog requests as
 * a {@link DialogUser}.
 *
 * @example
 * ```ts
 * const call = sip.createCall(request, (event) => console.log(event.type), realClock);
 * call.make(); // INVITE sent: PROVIDER.DIALING, then PROCEEDING, RINGBACK, CONNECTED as they come
 * call.drop(); // CANCEL or BYE; PROVIDER.IDLE once the far end has let go
 * call.dispose();
 * ```
 */
export class SipCall extends DialogCall implements ProviderCall, DialogUser, LineCall {
  phase: SipCallPhase = 'idle';
  /** What has been dialled so far: the destination and every `dial`. */
  dialled: string;
  /** The SIP status of the final response, for tests and logs. */
  finalStatus: number | null = null;
  private invite: SipRequest | null = null;
  private inviteTx: InviteClientTransaction | null = null;
  private destination: Destination | null = null;
  private dialog: Dialog | null = null;
  private ack: string | null = null;
  private targets: RedirectTargets | null = null;
  /** The last ACK sent for a 2xx, and the ACK of a 2xx that made no dialog (resent with it). */
  private lastAck = '';
  private brokenAck: { text: string; to: Destination } | null = null;
  private auth: [string, string] | null = null;
  private provisional = false;
  private ringing = false;
  private rings = 0;
  private dropWanted = false;
  private readonly cancelGuard: Timer;
  private readonly digits = new InfoDigits(() =>
    this.phase !== 'connected'
      ? null
      : {
          endpoint: this.endpoint,
          clock: this.clock,
          dialog: this.dialog!,
          fallback: this.destination!,
          track: (tx) => this.others.add(tx),
          untrack: (tx) => this.others.delete(tx),
          gone: (event) => this.farEndGone(event),
        },
  );

  constructor(
    private readonly line: SipLine,
    readonly request: CallRequest,
    protected readonly report: (event: ProviderEvent) => void,
    readonly clock: Clock,
    /**
     * The far end's REFER this call is made for (contract rule 11; `CallRequest.transferOf`): its
     * INVITE carries Referred-By and Replaces, and each response to it is told in a NOTIFY.
     */
    private readonly referral: ReferredTransfer | null = null,
  ) {
    super();
    this.dialled = request.destination;
    this.cancelGuard = new Timer(clock);
  }

  get coreId(): string {
    return this.request.callId;
  }

  private get endpoint(): Endpoint {
    return this.line.endpoint;
  }

  protected get connected(): boolean {
    return this.phase === 'connected';
  }

  make(): void {
    if (this.phase !== 'idle') return;
    if (this.line.outOfService !== null) {
      this.phase = 'ended';
      return this.report({ type: 'PROVIDER.FAILED', error: 'INVALLINESTATE', message: `the line is out of service: ${this.line.outOfService}` });
    }
    if (!this.request.complete) {
      // SIP has no overlap dialling: collect digits until the number is complete, then INVITE.
      this.phase = 'collecting';
      return this.report({ type: 'PROVIDER.DIALTONE', mode: 'NORMAL' });
    }
    this.sendInvite();
  }

  dial(digits: string, complete: boolean): void {
    if (this.phase !== 'collecting') return;
    this.dialled += digits;
    if (complete) this.sendInvite();
  }

  private sendInvite(): void {
    const account = this.line.account;
    const target = requestUri(this.dialled, account.domain);
    if (!target.ok) {
      this.phase = 'ended';
      this.referral?.progress(400, 'Bad Request');
      return this.report({ type: 'PROVIDER.FAILED', error: 'INVALADDRESS', message: target.message });
    }
    const pool = this.line.media;
    if (!pool) return this.startCall(target);
    // RFC 3264 §5: our offer names the port we receive on, so the ports are bound first.
    this.phase = 'preparing';
    const wanted = () => this.phase === 'preparing';
    this.openLeg(pool, this.endpoint.host, wanted, () => this.startCall(target), (error) => {
      this.phase = 'ended';
      this.referral?.progress(503, 'Service Unavailable');
      this.report({ type: 'PROVIDER.FAILED', error: 'RESOURCEUNAVAIL', message: `no RTP ports for the call: ${error.message}` });
    });
  }

  /** The INVITE, with our offer: the media leg's, else port 9's. */
  private startCall(target: Extract<TargetResult, { ok: true }>): void {
    const account = this.line.account;
    const branch = newBranch();
    this.invite = inviteRequest(this.endpoint, account, target.uri, branch, this.request.params.blockId, this.leg?.offer());
    if (this.referral) {
      // RFC 3892 §3: who sent us; RFC 3891 §3: the dialog at the target this call takes the place of.
      this.invite.headers.set('referred-by', [this.referral.referredBy]);
      if (this.referral.ask.replaces) this.invite.headers.set('replaces', [this.referral.ask.replaces]);
    }
    this.destination = destinationOf(account.proxy?.uri ?? target.parsed);
    this.targets = new RedirectTargets(target.parsed, account.domain);
    this.phase = 'inviting';
    this.startInvite(branch);
    this.report({ type: 'PROVIDER.DIALING' });
  }

  /**
   * §8.1.3.4: the INVITE again at the target a 3xx named; the call is on its way again. The
   * redirect is call information (contract rule 9: LINE_CALLINFO, LINECALLINFOSTATE_REDIRECTIONID),
   * reported with the 3xx's status and reason before the progress that follows.
   */
  private redirectTo(target: { uri: string; parsed: SipUri; redirect: Redirect }): void {
    const branch = newBranch();
    this.invite = redirectedInvite(this.invite!, target.uri, this.endpoint.via(branch));
    this.auth = null; // the new target challenges afresh (§22.2)
    this.destination = destinationOf(this.line.account.proxy?.uri ?? target.parsed);
    this.startInvite(branch);
    const { code, reason } = target.redirect;
    this.report({ type: 'PROVIDER.REDIRECTED', to: target.uri, detail: { code, reason } });
    if (!this.ringing) this.report({ type: 'PROVIDER.PROCEEDING' });
  }

  /** The redirects this call followed (§8.1.3.4), oldest first: for call information. */
  get redirects(): readonly Redirect[] {
    return this.targets?.followed ?? [];
  }

  private startInvite(branch: string): void {
    this.provisional = false;
    this.inviteTx = this.endpoint.invite(this.invite!, branch, this.destination!, this.clock, {
      onResponse: (response) => this.onInviteResponse(response),
      onFailure: (failure) => {
        if (this.phase === 'cancelling' || this.dropWanted) return this.release();
        if (this.phase !== 'inviting') return;
        this.referral?.progress(failure === 'timeout' ? 408 : 503, failure === 'timeout' ? 'Request Timeout' : 'Service Unavailable');
        this.end(noResponseEvent(failure, this.ringing));
      },
    });
  }

  private onInviteResponse(response: SipResponse): void {
    const status = response.status;
    if (status < 200) {
      this.provisional = true;
      if (this.dropWanted && this.phase === 'inviting') return this.sendCancel();
      if (this.phase !== 'inviting') return;
      // The referrer had our own 100 Trying already (RFC 3515 §2.4.5).
      if (status > 100) this.referral?.progress(status, response.reason);
      const event = provisionalEvent(status, this.ringing);
      if (event?.type === 'PROVIDER.RINGBACK') {
        this.ringing = true;
        event.ring = ++this.rings;
      }
      if (event) this.report(event);
      return;
    }
    if (status < 300) return this.onSuccess(response);
    if (this.phase !== 'inviting' && this.phase !== 'cancelling') return;
    this.finalStatus = status;
    const redirect = status < 400 && this.phase === 'inviting' && !this.dropWanted ? this.targets?.next(response) : null;
    if (redirect) return this.redirectTo(redirect);
    if ((status === 401 || status === 407) && !this.auth && !this.dropWanted && this.retryWithAuth(response)) return;
    // A final after our CANCEL (487, or any other): the drop is done.
    if (this.phase === 'cancelling' || this.dropWanted) return this.release();
    this.referral?.progress(status, response.reason);
    this.end(failureEvent(response, this.ringing));
  }

  /** §22.2: answer the challenge once, on a new INVITE (CSeq + 1, new branch, same Call-ID and tags). */
  private retryWithAuth(response: SipResponse): boolean {
    const branch = newBranch();
    const retry = answerChallenge(this.line.account, this.invite!, response, this.endpoint.via(branch));
    if (!retry) return false;
    this.auth = retry.credentials;
    this.invite = retry.request;
    this.startInvite(branch);
    return true;
  }

  private onSuccess(response: SipResponse): void {
    const endpoint = this.endpoint;
    if (this.dialog) {
      // The same 2xx again: our ACK was lost, send it again (§13.2.2.4). A 2xx from another
      // fork: ACK it and BYE it, keeping the first (§13.2.2.4).
      if (tagOf(response.headers.get('to')?.[0]) === this.dialog.remoteTag) return endpoint.send(this.ack!, this.dialog.nextHop() ?? this.destination!);
      const fork = Dialog.fromResponse(this.invite!, response);
      if (fork) this.byeDialog(fork, this.ackDialog(fork), () => {});
      return;
    }
    if (this.brokenAck) return endpoint.send(this.brokenAck.text, this.brokenAck.to); // its ACK was lost
    if (this.phase !== 'inviting' && this.phase !== 'cancelling') return;
    const dialog = Dialog.fromResponse(this.invite!, response);
    if (!dialog) return this.onTaglessSuccess(response);
    this.dialog = dialog;
    this.finalStatus = response.status;
    this.cancelGuard.clear();
    this.ackDialog(dialog);
    endpoint.addDialog(dialogKey(dialog.callId, dialog.localTag, dialog.remoteTag), this);
    // RFC 3264 §5: the 2xx answers our offer (RFC 3261 §13.2.1): RTP goes where it says.
    this.leg?.answered(response.body, 'sendrecv');
    this.startControl(dialog, this.invite!.body, {
      endpoint,
      account: this.line.account,
      fallback: this.destination!,
      ownsCallId: true,
      up: () => this.phase === 'connected',
      // §15.1.2: a BYE ends the session. Our own BYE, if one is out, ends by its response.
      hungUp: (event) => {
        if (this.phase === 'connected') this.farEndGone(event);
      },
      gone: (event) => this.farEndGone(event),
    }, this.leg);
    const crossed = this.phase === 'cancelling' || this.dropWanted;
    this.phase = 'connected';
    this.referral?.progress(response.status, response.reason);
    this.report({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    // The 200 crossed our CANCEL: the call is up at the far end, so take it down (§9.1, §15).
    if (crossed && this.phase === 'connected') this.hangUp();
  }

  /**
   * A 2xx without a To tag (a broken far end): it creates no dialog (§12.1.2), but the far end
   * thinks the call is up. ACK it (§13.2.2.4, else it resends the 2xx for 64·T1) and BYE it at
   * once, then report a protocol error, so the call ends now instead of when a drop times out.
   * The BYE is the endpoint's until its answer or Timer F; a drop finds the call released.
   */
  private onTaglessSuccess(response: SipResponse): void {
    const broken = Dialog.fromResponse(this.invite!, response, { tagless: true })!;
    this.finalStatus = response.status;
    this.cancelGuard.clear();
    const to = this.ackDialog(broken);
    this.brokenAck = { text: this.lastAck, to };
    this.byeDialog(broken, to, () => {}, false);
    if (this.phase === 'cancelling' || this.dropWanted) return this.release();
    this.end(protocolErrorEvent(`the ${response.status} ${cleanText(response.reason)} has no To tag (RFC 3261 §12.1.2); the call was released with BYE`, response));
  }

  /** Build and send the ACK for a dialog's 2xx; returns where it went. */
  private ackDialog(dialog: Dialog): Destination {
    const cseq = Number(this.invite!.headers.get('cseq')![0].split(' ')[0]);
    const ack = serialise(dialog.request('ACK', this.endpoint.via(newBranch()), { cseq, headers: this.auth ? [this.auth] : [] }));
    const to = dialog.nextHop() ?? this.destination!;
    if (dialog === this.dialog) this.ack = ack;
    this.lastAck = ack;
    this.endpoint.send(ack, to);
    return to;
  }

  /** A BYE in a dialog (§15.1.1); an `owned` one ends with the call, another lives on with the endpoint. */
  private byeDialog(dialog: Dialog, to: Destination, done: () => void, owned = true): void {
    sendBye(dialog, to, done, { endpoint: this.endpoint, clock: this.clock, account: this.line.account, track: owned ? this.others : undefined });
  }

  private hangUp(): void {
    this.usedControl?.close();
    this.closeLeg();
    this.phase = 'hanging-up';
    const dialog = this.dialog!;
    // §15.1.1: whatever the answer (2xx, 481, 408, a timeout), the session is over.
    this.byeDialog(dialog, dialog.nextHop() ?? this.destination!, () => this.release());
  }

  private sendCancel(): void {
    this.phase = 'cancelling';
    const cancel = cancelRequest(this.invite!);
    const tx = this.endpoint.request(cancel, branchOf(cancel), this.destination!, this.clock, {
      onResponse: (response) => {
        if (response.status >= 200) this.others.delete(tx);
      },
      onFailure: () => this.others.delete(tx),
    });
    this.others.add(tx);
    // §9.1: no final response to the INVITE within 64·T1 of the CANCEL: give the INVITE up.
    this.cancelGuard.set(this.endpoint.timers.B, () => this.release());
  }

  drop(): void {
    switch (this.phase) {
      case 'inviting':
        this.dropWanted = true;
        if (this.provisional) this.sendCancel();
        return;
      case 'connected':
        return this.hangUp();
      case 'cancelling':
      case 'hanging-up':
      case 'disposed':
        return; // already on its way to IDLE
      default:
        return this.release();
    }
  }

  generateDigits(digits: string): void {
    if (this.phase === 'connected') this.sendDigits(digits, this.digits);
  }

  /** A request from the far end in our dialog (§12.2.2): the control's, which the dialog came with. */
  onRequest(request: SipRequest, tx: ServerTransaction): void {
    this.control!.onRequest(request, tx);
  }

  /** The ACK of our 2xx to the far end's re-INVITE. */
  onAck(ack: SipRequest): void {
    this.usedControl?.onAck(ack);
  }

  private farEndGone(event: ProviderEvent): void {
    this.endDialog();
    this.phase = 'ended';
    this.report(withRedirects(event, this.targets));
  }

  /**
   * The line has gone out of service (its registration failed): calls fail cleanly. A call on
   * its way is cancelled, a connected one hung up; each reports FAILED (LINEERR_INVALLINESTATE)
   * and is released as the application drops it. The CANCEL or BYE goes first: the report may
   * bring the actor's drop back into this call at once, and it must find the release under way.
   */
  outOfService(why: string): void {
    const event: ProviderEvent = { type: 'PROVIDER.FAILED', error: 'INVALLINESTATE', message: `the line went out of service: ${why}` };
    switch (this.phase) {
      case 'collecting':
      case 'preparing':
        this.phase = 'ended';
        return this.report(event);
      case 'inviting':
        this.drop();
        return this.report(event);
      case 'connected':
        this.hangUp();
        return this.report(event);
      default:
        return;
    }
  }

  /** A final failure or a hang-up by the far end: the call waits for the application's drop. */
  private end(event: ProviderEvent): void {
    this.closeLeg();
    this.phase = 'ended';
    this.report(withRedirects(event, this.targets));
  }

  private endDialog(): void {
    this.usedControl?.close();
    this.closeLeg();
    const dialog = this.dialog;
    if (dialog) this.endpoint.removeDialog(dialogKey(dialog.callId, dialog.localTag, dialog.remoteTag), this);
    // The INVITE transaction waits in Accepted only for 2xx resends of a dialog that is now over.
    if (this.inviteTx?.state === 'accepted') this.inviteTx.terminate();
    this.digits.clear();
  }

  /** Released at the far end: report IDLE (to every drop, contract rule 3). */
  private release(): void {
    this.referral?.progress(487, 'Request Terminated');
    this.cancelGuard.clear();
    this.endDialog();
    if (this.inviteTx?.state === 'calling' || this.inviteTx?.state === 'proceeding') this.inviteTx.terminate();
    this.phase = 'released';
    this.report({ type: 'PROVIDER.IDLE' });
  }

  /**
   * Release everything at once and report nothing more (contract rule 4). A call disposed while
   * up at the far end gets one BYE or CANCEL without retransmission, so it is not left half-open.
   * Transactions already in Completed stay with the endpoint to absorb the far end's resends
   * until their Timer D or K, or shutdown.
   */
  dispose(): void {
    if (this.phase === 'disposed') return;
    if (this.phase === 'connected' && this.dialog) {
      this.endpoint.send(serialise(this.dialog.request('BYE', this.endpoint.via(newBranch()))), this.dialog.nextHop() ?? this.destination!);
    } else if (this.phase === 'inviting' && this.provisional) {
      this.endpoint.send(serialise(cancelRequest(this.invite!)), this.destination!);
    }
    this.phase = 'disposed';
    this.referral?.progress(487, 'Request Terminated');
    this.cancelGuard.clear();
    this.endDialog();
    const tx = this.inviteTx;
    if (tx && tx.state !== 'completed') tx.terminate();
    for (const other of this.others) if (other.state !== 'completed') other.terminate();
    this.others.clear();
    this.line.forget(this);
  }
}
