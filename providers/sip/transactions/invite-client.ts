/**
 * The INVITE client transaction over UDP (RFC 3261 §17.1.1, as amended by RFC 6026 §8.4).
 *
 * ```
 *  Calling ──1xx──▶ Proceeding ──2xx──▶ Accepted ──Timer M──▶ Terminated
 *     │  Timer A: resend,   │ 300-699: ACK  ▲ 2xx: to the TU (it ACKs)
 *     │  doubling           ▼               │
 *     ├──300-699: ACK──▶ Completed ──Timer D──▶ Terminated   (resent finals: ACK again)
 *     └──Timer B / transport error──▶ Terminated (TU told)
 * ```
 *
 * The transaction ACKs a 3xx-6xx itself, on the INVITE's branch (§17.1.1.3); a 2xx is the TU's
 * to ACK, with a new branch (§13.2.2.4), so every 2xx, retransmissions included, goes up.
 */
import type { Clock } from '../../provider.js';
import { header, type SipRequest, type SipResponse, serialise } from '../message.js';
import type { Destination } from '../transport.js';
import { ClientTransaction, type ClientUser, type TransactionLayer } from './transaction.js';

/** Where an INVITE client transaction is. */
export type InviteClientState = 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated';

/**
 * One INVITE client transaction. `start()` sends the request; the layer feeds responses to
 * `receive()`.
 *
 * @example
 * ```ts
 * const tx = new InviteClientTransaction(layer, clock, invite, branch, { host: '127.0.0.1', port: 5070 }, call);
 * tx.start(); // INVITE sent; resent after T1, 2·T1, 4·T1, … until a response or Timer B
 * ```
 */
export class InviteClientTransaction extends ClientTransaction<Exclude<InviteClientState, 'terminated'>> {
  private ack: string | null = null;

  constructor(layer: TransactionLayer, clock: Clock, request: SipRequest, branch: string, destination: Destination, user: ClientUser) {
    super(layer, clock, request, branch, destination, user, 'calling', { first: layer.timers.A, limit: layer.timers.B });
  }

  protected get waiting(): boolean {
    return this.state === 'calling' || this.state === 'proceeding';
  }

  protected onRetransmit(): void {
    if (this.state !== 'calling') return;
    this.send(this.text);
    this.interval *= 2; // §17.1.1.2: no cap for INVITE
  }

  receive(response: SipResponse): void {
    const status = response.status;
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        this.retransmit.clear();
        if (status < 200) {
          // Figure 5: A and B run in Calling only; once the far end answers, the TU times out.
          this.state = 'proceeding';
          this.timeout.clear();
        } else if (status < 300) {
          this.state = 'accepted';
          this.expireAfter(this.layer.timers.M);
        } else {
          this.state = 'completed';
          this.ack = serialise(ackFor(this.request!, response));
          this.send(this.ack);
          this.expireAfter(this.layer.timers.D);
          const user = this.user;
          this.retire();
          return user.onResponse(response);
        }
        return this.user.onResponse(response);
      case 'accepted':
        if (status >= 200 && status < 300) this.user.onResponse(response);
        return;
      case 'completed':
        // A resent final means our ACK was lost: ACK again, tell nobody (§17.1.1.2).
        if (status >= 300 && this.ack) this.send(this.ack);
        return;
      default:
        return;
    }
  }
}

/**
 * The ACK for a 3xx-6xx (§17.1.1.3): the INVITE's Request-URI, Call-ID, From, CSeq number and
 * Route, its single top Via (so the same branch), and the To of the response (with its tag).
 */
export function ackFor(invite: SipRequest, response: SipResponse): SipRequest {
  const headers = new Map<string, string[]>();
  headers.set('via', [invite.headers.get('via')![0]]);
  const route = invite.headers.get('route');
  if (route) headers.set('route', route.slice());
  headers.set('max-forwards', ['70']);
  headers.set('from', [header(invite, 'from')!]);
  headers.set('to', [header(response, 'to')!]);
  headers.set('call-id', [header(invite, 'call-id')!]);
  headers.set('cseq', [`${header(invite, 'cseq')!.split(/\s+/)[0]} ACK`]);
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: '' };
}
