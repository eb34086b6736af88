/**
 * The SIP endpoint: one transport, the transaction tables, the dialogs, and the dispatch of every
 * datagram that arrives (RFC 3261 §17.1.3, §17.2.3, §12.2.2). SIP.js calls this layer the user
 * agent core.
 *
 * What arrives is hostile until parsed: a datagram that does not parse is dropped and counted by
 * reason; a response that is not ours (more than one Via, §8.1.3.3; a sent-by that is not ours,
 * §18.1.2) or that matches no transaction is ignored and counted; nothing throws.
 *
 * Requests from the far end are matched before anything else: a retransmission to its server
 * transaction, one in a known dialog to its owner (the call: BYE, INFO, re-INVITE). Only a
 * request that matches neither is a stray, and only strays count against the table's cap (an
 * INVITE stops being one once its call answers it), so a flood of strays is shed (and counted)
 * while the BYE of a live call always gets through, and calls that come and go at any rate are
 * never shed by the transactions they leave behind for 64·T1. Every new request then passes
 * the UAS checks of §8.2 (`uas-checks.ts`: 400, 501, 405, 416, 420, 415); one that could not be
 * parsed but can be answered gets its 400 or 505 the same way. Past them, a BYE or other
 * in-dialog request for no dialog gets 481 (§12.2.2); an out-of-dialog INVITE is a new call for
 * `onInvite` (480 without one); OPTIONS gets 200 (§11.2); REFER 603 (we take no transfer, RFC
 * 3515 §2.4.2). The ACK of a 2xx is a transaction of its own (§13.3.1.4, §17.1.1.3): it goes to
 * the dialog it names, like any in-dialog request. A CANCEL is answered here (§9.2) and tells
 * the INVITE's TU, which answers the INVITE with 487.
 */
import type { Clock } from '../provider.js';
import { header, headerValues, MESSAGE_LIMITS, parseCSeq, parseMessage, type RequestFault, type SipRequest, type SipResponse, splitList } from './message.js';
import { parseVia, tagOf, withTag } from './header-fields.js';
import { newTag } from './ids.js';
import { checkTimers, type SipTimers, timerValues } from './timers.js';
import { InviteClientTransaction } from './transactions/invite-client.js';
import { NonInviteClientTransaction } from './transactions/non-invite-client.js';
import { type Expiring, ExpiryQueue } from './transactions/expiry-queue.js';
import { ServerTransaction, serverKey } from './transactions/server.js';
import type { ClientUser, TimerValues, TransactionLayer } from './transactions/transaction.js';
import { formatHostPort } from './uri.js';
import type { Destination, Transport } from './transport.js';
import { ALLOW, checkRequest, type Refusal } from './uas-checks.js';

/** One message in or out, for tracing. */
export interface TraceEntry {
  direction: 'in' | 'out';
  peer: Destination;
  text: string;
}

/** The owner of a dialog: it answers the far end's in-dialog requests. */
export interface DialogUser {
  /** The clock the dialog's server transactions run on. */
  readonly clock: Clock;
  /** An in-dialog request; answer it with `endpoint.respond(tx, …)`. */
  onRequest(request: SipRequest, tx: ServerTransaction): void;
  /** The ACK of a 2xx we sent as the UAS (§13.3.1.4); it has no transaction and gets no answer. */
  onAck?(request: SipRequest): void;
}

/** Counters of what the endpoint dropped or ignored. */
export interface EndpointCounts {
  /** Datagrams that were not a SIP message, by reason (`oversized` also counts answers too large to send). */
  oversized: number;
  truncated: number;
  malformed: number;
  /** Responses with more than one Via, or a Via that is not ours. */
  misrouted: number;
  /** Responses that matched no transaction, and ACKs that matched nothing. */
  unmatched: number;
  /**
   * New requests outside any dialog and transaction shed because {@link MAX_SERVER_TRANSACTIONS}
   * were open (a flood of strays); requests in a dialog are never shed.
   */
  overloaded: number;
}

/**
 * The most server transactions open at once for requests outside any dialog. Each lives up to
 * 64·T1 (Timer J) after its answer, so this bounds what a flood of strays can hold: 10,000 is
 * 300 requests a second for 32 s. Requests in a dialog are not counted against it, nor an
 * INVITE that a call has answered (it lives on for Timer L, RFC 6026 §7.1): otherwise a line
 * taking more than about 150 calls a second (two such transactions each) would fill the table.
 */
export const MAX_SERVER_TRANSACTIONS = 10_000;

/** Options of {@link Endpoint}. */
export interface EndpointOptions {
  transport: Transport;
  /** The clock of server transactions outside any dialog. */
  clock: Clock;
  timers: SipTimers;
  /** The host written in Via and Contact (default: the transport's address). */
  publicHost?: string;
  trace?: (entry: TraceEntry) => void;
  /**
   * A new INVITE outside any dialog, past the checks of §8.2: an incoming call. Answer it
   * through `tx` (`respond`). Without it, such INVITEs get 480 Temporarily Unavailable.
   */
  onInvite?: (request: SipRequest, tx: ServerTransaction) => void;
}

/** How {@link Endpoint.respond} builds a response beyond the fields it copies. */
export interface ResponseOptions {
  /** The To tag of a UAS that answers as a dialog (the same on each of its responses, §12.1.1). */
  toTag?: string;
  /** A body; give its Content-Type among the headers. */
  body?: string;
}

/** The key of a dialog (§12: Call-ID, local tag, remote tag). */
export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}\n${localTag}\n${remoteTag}`;
}

type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

/**
 * The endpoint.
 *
 * @example
 * ```ts
 * let endpoint: Endpoint | undefined;
 * const transport = await UdpTransport.open({ address: '127.0.0.1', port: 0, onDatagram: (d, from) => endpoint?.receive(d, from) });
 * endpoint = new Endpoint({ transport, clock: realClock, timers: rfcTimers });
 * endpoint.via(newBranch()); // 'SIP/2.0/UDP 127.0.0.1:40512;branch=z9hG4bK…;rport'
 * ```
 */
export class Endpoint implements TransactionLayer {
  readonly timers: TimerValues;
  readonly counts: EndpointCounts = { oversized: 0, truncated: 0, malformed: 0, misrouted: 0, unmatched: 0, overloaded: 0 };
  /** The host written in Via, Contact and SDP. */
  readonly host: string;
  /** `host:port` as written in Via sent-by and Contact. */
  readonly hostport: string;
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  /** The server transactions of a dialog or an answered call: not strays, not counted against the cap. */
  private readonly owned = new Set<ServerTransaction>();
  private readonly dialogs = new Map<string, DialogUser>();
  /** Transactions whose work is done, waiting out Timer D, J, K, L or M: by clock, then by delay. */
  private readonly expiries = new Map<Clock, Map<number, ExpiryQueue>>();

  constructor(private readonly options: EndpointOptions) {
    this.timers = timerValues(checkTimers(options.timers));
    this.host = options.publicHost ?? options.transport.local.host;
    this.hostport = formatHostPort(this.host, options.transport.local.port);
  }

  /** A Via for a new request (§8.1.1.7; `rport` asks for RFC 3581 symmetric responses). */
  via(branch: string): string {
    return `SIP/2.0/UDP ${this.hostport};branch=${branch};rport`;
  }

  /** Our Contact for a user part. */
  contact(user: string | null): string {
    return `<sip:${user ? `${user}@` : ''}${this.hostport}>`;
  }

  send(data: string | Uint8Array, to: Destination, onError?: (error: Error) => void): void {
    // Nothing goes out that this endpoint would not take in itself: an answer that copies a
    // request's huge Via or To (§8.2.6.2) could grow past the limit, and is not sent.
    if (data.length > MESSAGE_LIMITS.bytes && (typeof data !== 'string' || Buffer.byteLength(data) > MESSAGE_LIMITS.bytes)) {
      this.counts.oversized++;
      return;
    }
    this.options.trace?.({ direction: 'out', peer: to, text: typeof data === 'string' ? data : Buffer.from(data).toString('utf8') });
    this.options.transport.send(data, to, onError);
  }

  expire(transaction: Expiring, clock: Clock, delay: number): void {
    let queues = this.expiries.get(clock);
    if (!queues) this.expiries.set(clock, (queues = new Map()));
    let queue = queues.get(delay);
    if (!queue) queues.set(delay, (queue = new ExpiryQueue(clock, delay)));
    queue.add(transaction);
  }

  forget(key: string, transaction: object): void {
    if (this.clients.get(key) === transaction) this.clients.delete(key);
    else if (this.servers.get(key) === transaction) {
      this.servers.delete(key);
      this.owned.delete(transaction as ServerTransaction);
    }
  }

  /**
   * `tx` is a call's from now on (an INVITE the call answers with 2xx): it stays in the table
   * for its timers but no longer counts against {@link MAX_SERVER_TRANSACTIONS}.
   */
  own(tx: ServerTransaction): void {
    if (this.servers.get(tx.key) === tx) this.owned.add(tx);
  }

  /** Start an INVITE client transaction. */
  invite(request: SipRequest, branch: string, to: Destination, clock: Clock, user: ClientUser): InviteClientTransaction {
    const tx = new InviteClientTransaction(this, clock, request, branch, to, user);
    this.clients.set(tx.key, tx);
    tx.start();
    return tx;
  }

  /** Start a non-INVITE client transaction (BYE, CANCEL, INFO, REGISTER). */
  request(request: SipRequest, branch: string, to: Destination, clock: Clock, user: ClientUser): NonInviteClientTransaction {
    const tx = new NonInviteClientTransaction(this, clock, request, branch, to, user);
    this.clients.set(tx.key, tx);
    tx.start();
    return tx;
  }

  /** Let `user` answer the far end's requests in a dialog. */
  addDialog(key: string, user: DialogUser): void {
    this.dialogs.set(key, user);
  }

  removeDialog(key: string, user: DialogUser): void {
    if (this.dialogs.get(key) === user) this.dialogs.delete(key);
  }

  /** What the endpoint holds now: for tests and `provider.stats()`. */
  get size(): { clientTransactions: number; serverTransactions: number; dialogs: number } {
    return { clientTransactions: this.clients.size, serverTransactions: this.servers.size, dialogs: this.dialogs.size };
  }

  /** A datagram from the transport. Never throws. */
  receive(data: Buffer, from: Destination): void {
    const outcome = parseMessage(data);
    if (!outcome.ok) {
      this.counts[outcome.reason]++;
      // A request that is not valid but can be answered gets its 400 or 505 (§8.2, §18.3).
      if (outcome.fault) {
        this.options.trace?.({ direction: 'in', peer: from, text: data.toString('utf8') });
        this.receiveRequest(outcome.fault.request, from, outcome.fault);
      }
      return;
    }
    const message = outcome.message;
    if (this.options.trace) this.options.trace({ direction: 'in', peer: from, text: data.toString('utf8') });
    if (message.kind === 'response') this.receiveResponse(message);
    else this.receiveRequest(message, from);
  }

  private receiveResponse(response: SipResponse): void {
    const vias = headerValues(response, 'via');
    const via = vias.length === 1 ? parseVia(vias[0]) : null;
    const cseq = parseCSeq(header(response, 'cseq')!);
    if (!via || !cseq || typeof via.params.branch !== 'string' || formatHostPort(via.host, via.port ?? 5060) !== this.hostport) {
      this.counts.misrouted++;
      return;
    }
    const tx = this.clients.get(`${via.params.branch}|${cseq.method}`);
    if (!tx) {
      this.counts.unmatched++;
      return;
    }
    tx.receive(response);
  }

  private receiveRequest(request: SipRequest, from: Destination, fault?: RequestFault): void {
    // §7.3.1: Vias may come one a line or comma-joined in one; the top one is the first value.
    splitTopVia(request);
    const topText = request.headers.get('via')![0];
    const via = parseVia(topText);
    const callId = header(request, 'call-id')!;
    const cseqText = header(request, 'cseq')!;
    // §17.2.3; a request without an RFC 3261 branch (RFC 2543, RFC 4475 §3.4.1) or without a
    // readable Via is matched by what it has instead.
    const branch = typeof via?.params.branch === 'string' ? via.params.branch : `${callId}|${cseqText}|${topText}`;
    const sentBy = via ? formatHostPort(via.host, via.port) : '';
    const key = serverKey(branch, sentBy, request.method);
    const existing = this.servers.get(key);
    // A request in a live dialog always gets through; only strays count against the cap.
    const localTag = tagOf(header(request, 'to'));
    const remoteTag = tagOf(header(request, 'from'));
    const user = !fault && localTag && remoteTag ? this.dialogs.get(dialogKey(callId, localTag, remoteTag)) : undefined;
    // RFC 6026 §8.7: an ACK that matches an INVITE whose 2xx went (a UA that reused the INVITE's
    // branch) is still the 2xx's ACK, for the dialog's TU.
    if (existing && request.method === 'ACK' && existing.state === 'accepted' && user?.onAck) return user.onAck(request);
    if (existing) return existing.receive(request);
    if (request.method === 'ACK') {
      // The ACK of a 2xx we sent is a transaction of its own, for the dialog (§13.3.1.4); any
      // other is for a 2xx we never sent, or a late one.
      if (user?.onAck) user.onAck(request);
      else this.counts.unmatched++;
      return;
    }
    // A CANCEL belongs to the INVITE transaction it cancels (§9.2): no stray either.
    const invite = request.method === 'CANCEL' ? this.servers.get(serverKey(branch, sentBy, 'INVITE')) : undefined;
    const cancels = invite !== undefined;
    if (!user && !cancels && this.servers.size - this.owned.size >= MAX_SERVER_TRANSACTIONS) {
      this.counts.overloaded++; // a flood of new requests must not grow memory without bound
      return;
    }
    // §18.2.2 and RFC 3581 §4: with rport, answer the source address and port; else the source
    // address (the `received` we add) and the sent-by port. Never an address the request names
    // for itself, which would let anyone aim our responses at a third party. A Via that cannot
    // be read leaves only the source.
    const destination = !via || via.params.rport !== undefined ? from : { host: from.host, port: via.port ?? 5060 };
    // §18.2.1: the server transport notes where the request really came from.
    if (via) request.headers.get('via')![0] = stampVia(topText, from);
    const tx = new ServerTransaction(this, user?.clock ?? this.options.clock, request, key, destination);
    this.servers.set(key, tx);
    if (user || (invite && this.owned.has(invite))) this.owned.add(tx);
    const refusal: Refusal | null = fault ? { status: fault.status, reason: fault.reason, headers: [] } : checkRequest(request);
    if (refusal) return this.respond(tx, refusal.status, refusal.reason, refusal.headers);
    // §9.2: a CANCEL concerns a transaction, not the dialog (a re-INVITE's carries its tags): it
    // is answered 200 and its INVITE, if not answered yet, gets 487 from its TU. For none, 481.
    if (request.method === 'CANCEL') {
      this.respond(tx, cancels ? 200 : 481, cancels ? 'OK' : 'Call/Transaction Does Not Exist');
      invite?.cancel();
      return;
    }
    if (user) return user.onRequest(request, tx);
    if (localTag) return this.respond(tx, 481, 'Call/Transaction Does Not Exist');
    if (request.method === 'INVITE') return this.options.onInvite ? this.options.onInvite(request, tx) : this.respond(tx, 480, 'Temporarily Unavailable');
    if (request.method === 'OPTIONS') return this.respond(tx, 200, 'OK', [['allow', ALLOW], ['accept', 'application/sdp']]);
    // RFC 3515 §2.4.2: a REFER outside a dialog asks us to call someone; the core cannot yet.
    if (request.method === 'REFER') return this.respond(tx, 603, 'Decline');
    // BYE, INFO and NOTIFY outside a dialog: checkRequest let only the methods in Allow through.
    return this.respond(tx, 481, 'Call/Transaction Does Not Exist');
  }

  /**
   * Answer a request through its server transaction (§8.2.6): Via, From, To (with a tag added
   * when it has none), Call-ID and CSeq copied. The top Via already carries `received`/`rport`
   * (§18.2.1, RFC 3581 §4), added when the request arrived. `extra` headers are added in order
   * (a name given twice gets both values).
   */
  respond(tx: ServerTransaction, status: number, reason: string, extra: Array<[string, string]> = [], options: ResponseOptions = {}): void {
    const request = tx.request;
    if (!request) return; // answered already
    const headers = new Map<string, string[]>();
    headers.set('via', request.headers.get('via')!.slice());
    headers.set('from', [header(request, 'from')!]);
    const to = header(request, 'to')!;
    headers.set('to', [status > 100 && !tagOf(to) ? withTag(to, options.toTag ?? newTag()) : to]);
    headers.set('call-id', [header(request, 'call-id')!]);
    headers.set('cseq', [header(request, 'cseq')!]);
    for (const [name, value] of extra) headers.set(name, [...(headers.get(name) ?? []), value]);
    tx.respond({ kind: 'response', status, reason, headers, body: options.body ?? '' });
  }

  /** Terminate every transaction and forget every dialog (shutdown). */
  close(): void {
    for (const tx of [...this.clients.values()]) tx.terminate();
    for (const tx of [...this.servers.values()]) tx.terminate();
    for (const queues of this.expiries.values()) for (const queue of queues.values()) queue.clear();
    this.expiries.clear();
    this.owned.clear();
    this.dialogs.clear();
  }
}

/**
 * Give the top Via a line of its own: a first line that joins several values with commas
 * (§7.3.1) is split after its first value, so the top Via can be read and stamped, and the
 * response copies every value in order (§8.2.6.2).
 */
function splitTopVia(request: SipRequest): void {
  const lines = request.headers.get('via')!;
  if (lines[0].indexOf(',') < 0) return;
  const [top, ...rest] = splitList(lines[0]);
  if (top === undefined) return;
  request.headers.set('via', rest.length > 0 ? [top, rest.join(', '), ...lines.slice(1)] : [top, ...lines.slice(1)]);
}

/** Add `received` and fill `rport` in a Via value for the source it came from (RFC 3581 §4). */
function stampVia(value: string, from: Destination): string {
  const stamped = value.replace(/;\s*received=[^;]*/gi, '').replace(/;\s*rport(?:=[^;]*)?(?=;|$)/i, `;rport=${from.port}`);
  return `${stamped};received=${from.host}`;
}
