/**
 * Server transactions over UDP (RFC 3261 §17.2): what answers the far end's requests, chiefly
 * an incoming BYE. They absorb retransmitted requests by resending the last response, so the
 * TU sees each request once.
 *
 * - Non-INVITE (§17.2.2): Trying ──final──▶ Completed ──Timer J──▶ Terminated; a resent request
 *   gets the last response again.
 * - INVITE (§17.2.1), which this provider only ever rejects (it takes no incoming calls):
 *   Completed resends the final on Timer G (doubling up to T2) until the ACK comes
 *   (▶ Confirmed, Timer I ▶ Terminated) or Timer H gives up.
 */
import type { Clock } from '../../provider.js';
import { type SipRequest, type SipResponse, serialise } from '../message.js';
import type { Destination } from '../transport.js';
import { Transaction, type TransactionLayer } from './transaction.js';

/** Where a server transaction is. */
export type ServerState = 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'terminated';

/** The key of a server transaction (§17.2.3): branch, sent-by and method, ACK counting as INVITE. */
export function serverKey(branch: string, sentBy: string, method: string): string {
  return `${branch}|${sentBy}|${method === 'ACK' ? 'INVITE' : method}`;
}

/**
 * One server transaction.
 *
 * @example
 * ```ts
 * const tx = new ServerTransaction(layer, clock, bye, key, { host: '127.0.0.1', port: 5070 });
 * tx.respond(okResponse); // 200 sent; a retransmitted BYE gets it again until Timer J
 * ```
 */
export class ServerTransaction extends Transaction<Exclude<ServerState, 'terminated'>> {
  private last: string | null = null;
  private readonly invite: boolean;
  /** The request being answered; null once a final response has gone (only resends are left). */
  request: SipRequest | null;

  constructor(
    layer: TransactionLayer,
    clock: Clock,
    request: SipRequest,
    key: string,
    /** Where responses go (§18.2.2, RFC 3581). */
    readonly destination: Destination,
  ) {
    super(layer, clock, key, 'trying', layer.timers.G);
    this.request = request;
    this.invite = request.method === 'INVITE';
  }

  /** Send a response; a final one completes the transaction. Nothing after the final. */
  respond(response: SipResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    this.last = serialise(response);
    this.send();
    if (response.status < 200) {
      this.state = 'proceeding';
      return;
    }
    this.state = 'completed';
    this.request = null;
    if (!this.invite) {
      this.timeout.set(this.layer.timers.J, () => this.terminate());
      return;
    }
    this.retransmit.set(this.interval, this.onTimerG);
    this.timeout.set(this.layer.timers.H, () => this.terminate());
  }

  private readonly onTimerG = (): void => {
    this.send();
    this.interval = Math.min(2 * this.interval, this.layer.timers.T2);
    this.retransmit.set(this.interval, this.onTimerG);
  };

  private send(): void {
    if (this.last !== null) this.layer.send(this.last, this.destination);
  }

  /** The same request again (a retransmission), or the ACK for an INVITE's final. */
  receive(request: SipRequest): void {
    if (request.method === 'ACK') {
      if (!this.invite || this.state !== 'completed') return;
      this.state = 'confirmed';
      this.retransmit.clear();
      this.timeout.set(this.layer.timers.I, () => this.terminate());
      return;
    }
    if (this.state === 'proceeding' || this.state === 'completed') this.send();
  }
}
