/**
 * A transfer by REFER in the dialog (RFC 3515): the far end is asked to call the target, and
 * tells us how that call goes in NOTIFYs of the implicit subscription the REFER made (Event:
 * refer, with `id` = the REFER's CSeq number, §2.4.6), each carrying the target's answer as a
 * `message/sipfrag` status line (§2.4.5).
 *
 * - The REFER's own final: 2xx (202 Accepted, or 200) means the far end will try; anything else
 *   refuses the transfer (401/407 answered once, §22.2). No final (Timer F): failed.
 * - NOTIFY: each gets 200 (RFC 6665 §4.1.3). A sipfrag `SIP/2.0 1xx`: still trying. `2xx`: the
 *   far end reached the target: transferred. `3xx`-`6xx`: the target refused, with its status.
 *   `Subscription-State: terminated` with no final status before it: failed.
 * - The final NOTIFY may come before the 202 (they travel apart over UDP): the subscription is
 *   waited for from the moment the REFER leaves.
 * - No final status within {@link TRANSFER_WAIT} of the REFER: failed.
 */
import type { ProviderDetail } from '../provider.js';
import { answerChallenge } from './account.js';
import { branchOf, parseParams } from './header-fields.js';
import { newBranch } from './ids.js';
import { cleanText, detailOf } from './mapping.js';
import { header, parseCSeq, type SipRequest } from './message.js';
import type { DialogCall } from './reinvite.js';
import { Timer } from './timers.js';
import type { NonInviteClientTransaction } from './transactions/non-invite-client.js';
import { mediaType } from './uas-checks.js';

/** How long a transfer waits for the far end's final word on the target, ms. */
export const TRANSFER_WAIT = 60_000;

/** How a transfer ended: transferred, or not (with the target's or the far end's status, if any). */
export type TransferOutcome = { ok: true; detail: ProviderDetail } | { ok: false; message: string; detail?: ProviderDetail };

/** What a transfer needs from its call beyond a {@link DialogCall}. */
export interface TransferCall extends DialogCall {
  /** Keep a transaction with the call (it ends with the call), and forget it. */
  track(tx: NonInviteClientTransaction): void;
  untrack(tx: NonInviteClientTransaction): void;
}

/** The status line of a `message/sipfrag` body (RFC 3420), or null when it holds none. */
export function sipfragStatus(body: string): { code: number; reason: string } | null {
  const match = /^\s*SIP\/2\.0 ([1-6]\d\d)(?:[ \t]([^\r\n]*))?(?:\r?\n|$)/.exec(body);
  return match ? { code: Number(match[1]), reason: cleanText(match[2] ?? '') } : null;
}

/**
 * One transfer.
 *
 * @example
 * ```ts
 * const transfer = new Transfer(call, '<sip:carol@127.0.0.1>', (outcome) => console.log(outcome.ok));
 * transfer.start(); // REFER; then `transfer.notify(request, answer)` for each NOTIFY of its subscription
 * ```
 */
export class Transfer {
  /** The CSeq number of the REFER: the `id` of its subscription. */
  private id = 0;
  private done = false;
  private readonly wait: Timer;

  constructor(
    private readonly call: TransferCall,
    /** The Refer-To value. */
    private readonly referTo: string,
    private readonly end: (outcome: TransferOutcome) => void,
  ) {
    this.wait = new Timer(call.clock);
  }

  /** Whether it still waits for the far end's final word. */
  get running(): boolean {
    return !this.done;
  }

  start(): void {
    const { dialog, endpoint, account } = this.call;
    const headers: Array<[string, string]> = [
      ['refer-to', this.referTo],
      ['referred-by', `<${account.aor}>`],
      ['contact', endpoint.contact(account.user)],
    ];
    this.wait.set(TRANSFER_WAIT, () => this.finish({ ok: false, message: `the far end gave no final word on the transfer within ${TRANSFER_WAIT / 1000} s` }));
    this.send(dialog.request('REFER', endpoint.via(newBranch()), { headers }), false);
  }

  private send(refer: SipRequest, challenged: boolean): void {
    const { endpoint, dialog, clock } = this.call;
    this.id = parseCSeq(header(refer, 'cseq')!)!.seq;
    dialog.localSeq = Math.max(dialog.localSeq, this.id);
    const tx = endpoint.request(refer, branchOf(refer), dialog.nextHop() ?? this.call.fallback, clock, {
      onResponse: (response) => {
        if (response.status < 200) return;
        this.call.untrack(tx);
        if (response.status < 300 || this.done) return;
        const retry = challenged ? null : answerChallenge(this.call.account, refer, response, endpoint.via(newBranch()));
        if (retry) return this.send(retry.request, true);
        this.finish({ ok: false, message: 'the far end refused the REFER', detail: detailOf(response) });
      },
      onFailure: (failure) => {
        this.call.untrack(tx);
        this.finish({ ok: false, message: failure === 'timeout' ? 'no final response to the REFER (Timer F)' : 'the REFER could not be sent', detail: failure === 'timeout' ? { code: 408, reason: 'Request Timeout' } : undefined });
      },
    });
    this.call.track(tx);
  }

  /**
   * A NOTIFY in the dialog (Event: refer): `answer` is called with its answer, 481 when it is for
   * another REFER's subscription (§2.4.6), 200 otherwise, whatever its body says; and only then
   * is it acted on, so that our 200 leaves before what the outcome leads to (the BYE of a call
   * transferred: a far end may take a BYE before the answer to its NOTIFY as out of order).
   */
  notify(request: SipRequest, answer: (status: number, reason: string) => void): void {
    const id = eventParams(request)?.id;
    if (id !== undefined && id !== String(this.id)) return answer(481, 'Subscription Does Not Exist');
    answer(200, 'OK');
    if (this.done) return;
    const type = mediaType(header(request, 'content-type') ?? '');
    const status = type === 'message/sipfrag' ? sipfragStatus(request.body) : null;
    if (status && status.code >= 200 && status.code < 300) this.finish({ ok: true, detail: status });
    else if (status && status.code >= 300) this.finish({ ok: false, message: 'the target refused the call', detail: status });
    else if (/^\s*terminated\b/i.test(header(request, 'subscription-state') ?? '')) {
      const state = cleanText(header(request, 'subscription-state')!);
      this.finish({ ok: false, message: `the far end ended the transfer's subscription with no final status (Subscription-State: ${state})` });
    }
  }

  private finish(outcome: TransferOutcome): void {
    if (this.done) return;
    this.done = true;
    this.wait.clear();
    this.end(outcome);
  }

  /** Stop waiting and report nothing more; NOTIFYs still get their 200. */
  close(): void {
    this.done = true;
    this.wait.clear();
  }
}

/** The Event header's package (lower-cased) and its parameters, or null when it has none. */
export function eventParams(request: SipRequest): (Record<string, string | true> & { package: string }) | null {
  const value = header(request, 'event');
  const match = value ? /^\s*([A-Za-z0-9\-.!%*_+`'~]+)(.*)$/.exec(value) : null;
  const params = match ? parseParams(match[2]) : null;
  return match && params ? { ...params, package: match[1].toLowerCase() } : null;
}
