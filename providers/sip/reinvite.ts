/**
 * Our re-INVITE in a confirmed dialog (RFC 3261 §14.1): the request that holds a call and takes
 * it back (RFC 3264 §8.4). It is an INVITE in the dialog (the next CSeq, the dialog's Call-ID,
 * tags, route set and remote target, our Contact) with a new offer; its 2xx is ACKed here (the
 * ACK again for every resent 2xx, §13.2.2.4) and refreshes the remote target (§12.2.1.2).
 *
 * - 491 Request Pending: the far end's re-INVITE crossed ours (glare). Wait T and send it again
 *   with a new offer: T is 2.1 to 4 s in steps of 10 ms when we chose the Call-ID (we made the
 *   call), else 0 to 2 s (§14.1), and longer while the far end's own INVITE is still in progress
 *   (no INVITE starts while another is, either way). A second 491 ends it.
 * - 401 or 407: answered once, as for any request (§22.2).
 * - 481 or 408: the dialog is gone (§14.1, RFC 5057 §5.1); the call ends.
 * - Any other final: refused, and the session stays as it was (§14.1).
 * - No final at all (Timer B) or a transport error: failed, the session stays as it was.
 */
import type { Clock } from '../provider.js';
import { type Account, answerChallenge } from './account.js';
import type { Dialog } from './dialog.js';
import type { Endpoint } from './endpoint.js';
import { header, parseCSeq, type SipRequest, type SipResponse, serialise } from './message.js';
import { newBranch } from './ids.js';
import { Timer } from './timers.js';
import type { InviteClientTransaction } from './transactions/invite-client.js';
import type { ClientFailure } from './transactions/transaction.js';
import type { Destination } from './transport.js';
import { ALLOW } from './uas-checks.js';

/** What a re-INVITE needs from its call. */
export interface DialogCall {
  readonly endpoint: Endpoint;
  readonly clock: Clock;
  readonly account: Account;
  readonly dialog: Dialog;
  /** Where the dialog's requests go when it has no route and no usable target. */
  readonly fallback: Destination;
  /** Whether we chose the Call-ID (we sent the INVITE that made the dialog): §14.1's timer. */
  readonly ownsCallId: boolean;
}

/** How a re-INVITE ended. */
export type ReInviteOutcome =
  | { kind: 'answered'; response: SipResponse }
  | { kind: 'refused'; response: SipResponse }
  | { kind: 'gone'; response: SipResponse }
  | { kind: 'failed'; failure: ClientFailure };

/** The wait before a re-INVITE is sent again after a 491 (§14.1), ms, in steps of 10 ms. */
export function glareDelay(ownsCallId: boolean, random: () => number = Math.random): number {
  return ownsCallId ? 2100 + 10 * Math.floor(random() * 191) : 10 * Math.floor(random() * 201);
}

/**
 * One re-INVITE, sent again after a 491 at most once.
 *
 * @example
 * ```ts
 * const reinvite = new ReInvite(call, () => sdp.offer('sendonly'), (outcome) => console.log(outcome.kind));
 * reinvite.start(); // INVITE in the dialog; 'answered' once its 2xx is ACKed
 * ```
 */
export class ReInvite {
  private tx: InviteClientTransaction | null = null;
  private request: SipRequest | null = null;
  private ack: string | null = null;
  private auth: [string, string] | null = null;
  private retried = false;
  private done = false;
  private readonly retry: Timer;

  constructor(
    private readonly call: DialogCall,
    /** The offer, asked for at each send: a retry offers what is wanted then. */
    private readonly offer: () => string,
    private readonly end: (outcome: ReInviteOutcome) => void,
    /** Whether the far end's INVITE is in progress now: a retry waits for it, T1 at a time (§14.1). */
    private readonly busy: () => boolean = () => false,
  ) {
    this.retry = new Timer(call.clock);
  }

  /** Whether the INVITE is out and unanswered (not when waiting to retry after a 491). */
  get inProgress(): boolean {
    return !this.done && !this.retry.running;
  }

  start(): void {
    const { dialog, endpoint } = this.call;
    const branch = newBranch();
    const headers: Array<[string, string]> = [
      ['contact', endpoint.contact(this.call.account.user)],
      ['allow', ALLOW],
      ['content-type', 'application/sdp'],
    ];
    this.auth = null;
    this.send(dialog.request('INVITE', endpoint.via(branch), { headers, body: this.offer() }), branch);
  }

  private readonly again = (): void => {
    if (this.busy()) return this.retry.set(this.call.endpoint.timers.A, this.again);
    this.start();
  };

  private send(request: SipRequest, branch: string): void {
    this.request = request;
    this.tx = this.call.endpoint.invite(request, branch, this.destination(), this.call.clock, {
      onResponse: (response) => this.onResponse(request, response),
      onFailure: (failure) => this.finish({ kind: 'failed', failure }),
    });
  }

  private destination(): Destination {
    return this.call.dialog.nextHop() ?? this.call.fallback;
  }

  private onResponse(request: SipRequest, response: SipResponse): void {
    const status = response.status;
    if (status < 200 || request !== this.request) return;
    if (status < 300) return this.answered(response);
    if (this.done) return;
    if (status === 491 && !this.retried) {
      this.retried = true;
      return this.retry.set(glareDelay(this.call.ownsCallId), this.again);
    }
    if ((status === 401 || status === 407) && !this.auth) {
      const branch = newBranch();
      const retry = answerChallenge(this.call.account, request, response, this.call.endpoint.via(branch));
      if (retry) {
        this.auth = retry.credentials;
        // The retry took the next CSeq number (§22.2): later requests must go above it.
        this.call.dialog.localSeq = Math.max(this.call.dialog.localSeq, parseCSeq(header(retry.request, 'cseq')!)!.seq);
        return this.send(retry.request, branch);
      }
    }
    this.finish({ kind: status === 481 || status === 408 ? 'gone' : 'refused', response });
  }

  /** A 2xx: ACK it (§13.2.2.4), again for each resend; the first one ends the re-INVITE. */
  private answered(response: SipResponse): void {
    const { dialog, endpoint } = this.call;
    if (this.ack === null) {
      dialog.confirm(response);
      const cseq = parseCSeq(header(this.request!, 'cseq')!)!.seq;
      this.ack = serialise(dialog.request('ACK', endpoint.via(newBranch()), { cseq, headers: this.auth ? [this.auth] : [] }));
    }
    endpoint.send(this.ack, this.destination());
    this.finish({ kind: 'answered', response });
  }

  private finish(outcome: ReInviteOutcome): void {
    if (this.done) return;
    this.done = true;
    this.end(outcome);
  }

  /** Stop: no retry, no outcome; an INVITE still unanswered is given up. */
  close(): void {
    this.done = true;
    this.retry.clear();
    const tx = this.tx;
    if (tx && (tx.state === 'calling' || tx.state === 'proceeding' || tx.state === 'accepted')) tx.terminate();
  }
}
