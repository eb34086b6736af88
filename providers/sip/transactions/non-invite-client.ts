/**
 * The non-INVITE client transaction over UDP (RFC 3261 §17.1.2): BYE, CANCEL, INFO, REGISTER.
 *
 * ```
 *  Trying ──1xx──▶ Proceeding ──200-699──▶ Completed ──Timer K──▶ Terminated
 *    │ Timer E: resend, doubling up to T2 │ Timer E: resend every T2
 *    └──────── Timer F / transport error ─┴──▶ Terminated (TU told)
 * ```
 *
 * Timer F keeps running in Proceeding (Figure 6), so a far end that sends 100 and then nothing
 * cannot hold the transaction for ever.
 */
import type { Clock } from '../../provider.js';
import type { SipRequest, SipResponse } from '../message.js';
import type { Destination } from '../transport.js';
import { ClientTransaction, type ClientUser, type TransactionLayer } from './transaction.js';

/** Where a non-INVITE client transaction is. */
export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/**
 * One non-INVITE client transaction.
 *
 * @example
 * ```ts
 * const tx = new NonInviteClientTransaction(layer, clock, bye, branch, { host: '127.0.0.1', port: 5070 }, call);
 * tx.start(); // BYE sent; resent after T1, 2·T1, … capped at T2, until a final or Timer F
 * ```
 */
export class NonInviteClientTransaction extends ClientTransaction<Exclude<NonInviteClientState, 'terminated'>> {
  constructor(layer: TransactionLayer, clock: Clock, request: SipRequest, branch: string, destination: Destination, user: ClientUser) {
    super(layer, clock, request, branch, destination, user, 'trying', { first: layer.timers.E, limit: layer.timers.F });
  }

  protected get waiting(): boolean {
    return this.state === 'trying' || this.state === 'proceeding';
  }

  protected onRetransmit(): void {
    this.send(this.text);
    // §17.1.2.2: doubling up to T2 in Trying; every T2 once a provisional came.
    this.interval = this.state === 'proceeding' ? this.layer.timers.T2 : Math.min(2 * this.interval, this.layer.timers.T2);
  }

  receive(response: SipResponse): void {
    if (!this.waiting) return; // Completed absorbs resent finals
    const user = this.user;
    if (response.status < 200) {
      this.state = 'proceeding';
    } else {
      this.state = 'completed';
      this.retransmit.clear();
      this.expireAfter(this.layer.timers.K);
      this.retire();
    }
    user.onResponse(response);
  }
}
