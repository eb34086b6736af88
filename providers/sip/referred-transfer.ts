/**
 * A transfer the far end asks of us: its REFER in the dialog (RFC 3515 §2.4), we being the
 * transferee (contract rule 11).
 *
 * - The REFER is read (`readRefer`): exactly one Refer-To (RFC 3515 §2.4.1; else 400), a SIP or
 *   SIPS URI (else 416 Unsupported URI Scheme, RFC 3261 §21.4.15: we can only call SIP), whose
 *   `Replaces` header (RFC 3891 §3) goes with the new INVITE; Referred-By (RFC 3892 §3) says who
 *   asks. The core hears PROVIDER.TRANSFER_REQUESTED and answers with `answer`.
 * - Accepted: 202 Accepted (RFC 3515 §2.4.2), then at once a NOTIFY `SIP/2.0 100 Trying` (§2.4.4:
 *   the implicit subscription's first NOTIFY), `Event: refer;id=<the REFER's CSeq>` (§2.4.6),
 *   `Subscription-State: active;expires=…`. Then one NOTIFY per response to the new call's INVITE,
 *   each a `message/sipfrag` of its status line (§2.4.5), the final one with
 *   `Subscription-State: terminated;reason=noresource` (§2.4.7).
 * - Refused, or not answered by the core within {@link REFER_ANSWER_WAIT}: 603 Decline. The bound
 *   keeps the REFER well inside the far end's Timer F (64·T1 = 32 s, RFC 3261 §17.1.2.2).
 * - NOTIFYs go one at a time, in the dialog, so they arrive in order over UDP; a provisional
 *   status still waiting is replaced by a later one. A 481 (or no answer: Timer F) to one ends the
 *   subscription: nothing more is sent (RFC 6665 §4.1.3). No new call within
 *   {@link SUBSCRIPTION_EXPIRES} of the 202: the subscription ends with `SIP/2.0 408 Request Timeout`;
 *   once the new call is made, its own end (a 487 if it is dropped first) is the last word.
 */
import type { ProviderEvent } from '../provider.js';
import { branchOf, parseNameAddr } from './header-fields.js';
import { newBranch } from './ids.js';
import { cleanText } from './mapping.js';
import { header, headerValues, parseCSeq, type SipRequest } from './message.js';
import type { TransferCall } from './refer.js';
import { Timer } from './timers.js';
import type { ServerTransaction } from './transactions/server.js';
import { parseUri } from './uri.js';

/** How long the core has to answer a REFER before we refuse it ourselves (contract rule 11), ms. */
export const REFER_ANSWER_WAIT = 8_000;

/** How long an accepted REFER's subscription lasts without a new call (its `expires`), ms. */
export const SUBSCRIPTION_EXPIRES = 60_000;

/** What a REFER asks, read: the target to call, who asks, and the dialog to replace, if any. */
export interface ReferAsk {
  /** The Refer-To URI without its headers: the address the new call goes to. */
  to: string;
  /** Referred-By's URI, if the REFER had one. */
  by?: string;
  /** The Referred-By value to copy into the new INVITE (RFC 3892 §3), or null. */
  referredBy: string | null;
  /** The Refer-To's Replaces, unescaped, for the new INVITE (RFC 3891 §3), or null. */
  replaces: string | null;
}

/** A REFER that cannot be taken: the status to refuse it with. */
export interface ReferRefusal {
  status: number;
  reason: string;
}

/**
 * Read a REFER: what it asks, or why it is refused.
 *
 * @example
 * ```ts
 * readRefer(refer); // { to: 'sip:carol@127.0.0.1:5090', by: 'sip:bob@127.0.0.1', referredBy: '<sip:bob@127.0.0.1>', replaces: null }
 * ```
 */
export function readRefer(request: SipRequest): ReferAsk | ReferRefusal {
  const values = headerValues(request, 'refer-to');
  if (values.length !== 1) return { status: 400, reason: 'Bad Request (one Refer-To)' };
  const referTo = parseNameAddr(values[0]);
  if (!referTo) return { status: 400, reason: 'Bad Request (Refer-To)' };
  const question = referTo.uri.indexOf('?');
  const to = question >= 0 ? referTo.uri.slice(0, question) : referTo.uri;
  if (!/^sips?:/i.test(to)) return { status: 416, reason: 'Unsupported URI Scheme' };
  if (!parseUri(to)) return { status: 400, reason: 'Bad Request (Refer-To)' };
  let replaces: string | null = null;
  for (const field of question >= 0 ? referTo.uri.slice(question + 1).split('&') : []) {
    const [name, value] = field.split('=');
    if (name?.toLowerCase() !== 'replaces' || value === undefined) continue;
    try {
      replaces = decodeURIComponent(value);
    } catch {
      return { status: 400, reason: 'Bad Request (Replaces)' };
    }
  }
  const referredBy = header(request, 'referred-by') ?? null;
  const by = referredBy ? parseNameAddr(referredBy)?.uri : undefined;
  const ask: ReferAsk = { to, referredBy, replaces };
  if (by) ask.by = by;
  return ask;
}

/** What a referred transfer needs from its call: the dialog's parts, and where reports go. */
export interface ReferredCall extends TransferCall {
  report(event: ProviderEvent): void;
}

/** One status line to tell the far end, and whether it ends the subscription. */
interface Progress {
  code: number;
  reason: string;
  final: boolean;
}

/**
 * One REFER of the far end, from its arrival to the end of its subscription.
 *
 * @example
 * ```ts
 * const referred = new ReferredTransfer(call, tx, ask, 2);
 * referred.start(); // PROVIDER.TRANSFER_REQUESTED
 * referred.answer(true); // 202, NOTIFY 100 Trying
 * referred.progress(180, 'Ringing'); // NOTIFY SIP/2.0 180 Ringing
 * referred.progress(200, 'OK'); // NOTIFY SIP/2.0 200 OK, Subscription-State: terminated
 * ```
 */
export class ReferredTransfer {
  /** waiting: for the core's answer; accepted: the subscription runs; done: nothing more to send. */
  state: 'waiting' | 'accepted' | 'done' = 'waiting';
  /** The REFER's CSeq number: the subscription's `id` (RFC 3515 §2.4.6). */
  private readonly id: number;
  private readonly timer: Timer;
  private sending = false;
  private queued: Progress[] = [];
  /** The new call has reached a final status: it is told, and nothing after it. */
  private settled = false;
  /** A new call reports to it (one call per REFER). */
  followed = false;

  constructor(
    private readonly call: ReferredCall,
    private tx: ServerTransaction | null,
    readonly ask: ReferAsk,
    seq: number,
  ) {
    this.id = seq;
    this.timer = new Timer(call.clock);
  }

  /**
   * Tell the core, and wait for its answer. Called once whoever answers can reach this object:
   * the core may answer from inside the report.
   */
  start(): void {
    this.timer.set(REFER_ANSWER_WAIT, () => this.answer(false));
    const { ask } = this;
    this.call.report(ask.by ? { type: 'PROVIDER.TRANSFER_REQUESTED', to: ask.to, by: ask.by } : { type: 'PROVIDER.TRANSFER_REQUESTED', to: ask.to });
  }

  /** Whether it still holds the dialog's one REFER (waiting, or its subscription running). */
  get busy(): boolean {
    return this.state !== 'done';
  }

  /** The new call made for it reports to it from now on, until its final response (which always comes: its end is one). */
  follow(): this {
    this.followed = true;
    this.timer.clear();
    return this;
  }

  /** The Referred-By for the new INVITE (RFC 3892 §3): the REFER's, else the far end's address. */
  get referredBy(): string {
    return this.ask.referredBy ?? `<${parseNameAddr(this.call.dialog.remote)?.uri ?? this.call.account.aor}>`;
  }

  /** The core's answer, or our own when it is late (rule 11); ignored once answered. */
  answer(accept: boolean): void {
    if (this.state !== 'waiting' || !this.tx) return;
    const tx = this.tx;
    this.tx = null;
    this.timer.clear();
    const { endpoint, account } = this.call;
    if (!accept) {
      this.state = 'done';
      return endpoint.respond(tx, 603, 'Decline');
    }
    this.state = 'accepted';
    endpoint.respond(tx, 202, 'Accepted', [['contact', endpoint.contact(account.user)]]);
    this.timer.set(SUBSCRIPTION_EXPIRES, () => this.progress(408, 'Request Timeout'));
    this.tell({ code: 100, reason: 'Trying', final: false });
  }

  /** A response to the new call's INVITE (or what stands for one: 408 on Timer B): tell the far end. */
  progress(code: number, reason: string): void {
    if (this.state !== 'accepted' || this.settled) return;
    const final = code >= 200;
    if (final) {
      this.settled = true;
      this.timer.clear();
    }
    this.tell({ code, reason: cleanText(reason), final });
  }

  private tell(progress: Progress): void {
    // A provisional still queued says less than what follows it.
    this.queued = this.queued.filter((queued) => queued.final);
    this.queued.push(progress);
    if (!this.sending) this.sendNext();
  }

  private sendNext(): void {
    const next = this.queued.shift();
    if (!next || this.state !== 'accepted') return;
    const { dialog, endpoint, account, clock } = this.call;
    const subscription = next.final ? 'terminated;reason=noresource' : `active;expires=${Math.round(SUBSCRIPTION_EXPIRES / 1000)}`;
    const notify = dialog.request('NOTIFY', endpoint.via(newBranch()), {
      headers: [
        ['event', `refer;id=${this.id}`],
        ['subscription-state', subscription],
        ['contact', endpoint.contact(account.user)],
        ['content-type', 'message/sipfrag;version=2.0'],
      ],
      body: `SIP/2.0 ${next.code} ${next.reason}\r\n`,
    });
    this.sending = true;
    if (next.final) this.state = 'done';
    const tx = endpoint.request(notify, branchOf(notify), dialog.nextHop() ?? this.call.fallback, clock, {
      onResponse: (response) => {
        if (response.status < 200) return;
        this.call.untrack(tx);
        this.sending = false;
        // RFC 6665 §4.1.3: a 481 says the subscription is gone; so does silence (below).
        if (response.status === 481) return this.close();
        this.sendNext();
      },
      onFailure: () => {
        this.call.untrack(tx);
        this.sending = false;
        this.close();
      },
    });
    this.call.track(tx);
  }

  /** Nothing more is sent (the dialog or the subscription is gone); a REFER still waiting is refused. */
  close(): void {
    if (this.state === 'waiting' && this.tx) this.call.endpoint.respond(this.tx, 603, 'Decline');
    this.tx = null;
    this.state = 'done';
    this.queued = [];
    this.timer.clear();
  }
}

/** The CSeq number of a request (the endpoint's checks have read it). */
export function seqOf(request: SipRequest): number {
  return parseCSeq(header(request, 'cseq') ?? '')?.seq ?? 0;
}
