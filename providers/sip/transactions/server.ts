/**
 * Server transactions over UDP (RFC 3261 §17.2): what answers the far end's requests (an
 * incoming call's INVITE, a BYE, an INFO). They absorb retransmitted requests by resending the
 * last response, so the TU sees each request once.
 *
 * - Non-INVITE (§17.2.2): Trying ──final──▶ Completed ──Timer J──▶ Terminated; a resent request
 *   gets the last response again.
 * - INVITE (§17.2.1): Proceeding resends the last provisional to a resent INVITE. A non-2xx
 *   final goes to Completed, which resends it on Timer G (doubling up to T2) until the ACK
 *   comes (▶ Confirmed, Timer I ▶ Terminated) or Timer H gives up. A 2xx goes to Accepted
 *   (RFC 6026 §7.1): the TU resends the 2xx until its ACK, which is a transaction of its own
 *   (§13.3.1.4), and resent INVITEs are absorbed until Timer L.
 * - A CANCEL that matches an INVITE still being answered tells its TU (`onCancel`, §9.2), which
 *   answers the INVITE with 487.
 */
import type { Clock } from '../../provider.js';
import { type SipRequest, type SipResponse, serialise } from '../message.js';
import type { Destination } from '../transport.js';
import { Transaction, type TransactionLayer } from './transaction.js';

/** Where a server transaction is. */
export type ServerState = 'trying' | 'proceeding' | 'completed' | 'accepted' | 'confirmed' | 'terminated';

/**
 * The key of a server transaction (§17.2.3): branch, sent-by and method, ACK counting as INVITE.
 * Joined into a string of its own: the branch is a piece of the request's text, and a key made by
 * `+` would keep that whole text alive for as long as the transaction waits (64·T1).
 */
export function serverKey(branch: string, sentBy: string, method: string): string {
  return [branch, sentBy, method === 'ACK' ? 'INVITE' : method].join('|');
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
  /** The last response as sent, encoded once: resent as it is (a Buffer keeps it off the JS heap for the 64·T1 it may wait). */
  private last: Uint8Array | null = null;
  private readonly invite: boolean;
  /** The request being answered; null once a final response has gone (only resends are left). */
  request: SipRequest | null;
  /** The TU of an INVITE hears a CANCEL for it here while no final has gone (§9.2). */
  onCancel: (() => void) | null = null;

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
    this.last = Buffer.from(serialise(response));
    this.send();
    if (response.status < 200) {
      this.state = 'proceeding';
      return;
    }
    this.request = null;
    this.onCancel = null;
    if (this.invite && response.status < 300) {
      // RFC 6026 §7.1: the 2xx is the TU's to resend (§13.3.1.4); Timer L outlives its resends.
      this.state = 'accepted';
      this.expireAfter(this.layer.timers.L);
      return;
    }
    this.state = 'completed';
    if (!this.invite) {
      this.expireAfter(this.layer.timers.J);
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

  /** The TU resends its 2xx (§13.3.1.4); only while Accepted. */
  resend(): void {
    if (this.state === 'accepted') this.send();
  }

  /** A CANCEL matched this INVITE (§9.2): its TU answers the INVITE with 487 if it still can. */
  cancel(): void {
    if (this.request) this.onCancel?.();
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
    // RFC 6026 §8.7: a resent INVITE in Accepted is absorbed; the TU's 2xx resends answer it.
    if (this.state === 'proceeding' || this.state === 'completed') this.send();
  }
}
