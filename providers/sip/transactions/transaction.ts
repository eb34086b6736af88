/**
 * What every transaction needs from the layer that owns it (RFC 3261 §17): a way to send, the
 * timer values, and a way to be forgotten once it has terminated. Transactions are matched by
 * key (§17.1.3 for clients: branch and CSeq method; §17.2.3 for servers: branch, sent-by and
 * method), and the layer keeps them in a table by that key.
 */
import type { Clock } from '../../provider.js';
import { type SipRequest, type SipResponse, serialise } from '../message.js';
import { Timer, type timerValues } from '../timers.js';
import type { Expiring } from './expiry-queue.js';
import type { Destination } from '../transport.js';

/** Timers A-M in milliseconds. */
export type TimerValues = ReturnType<typeof timerValues>;

/** The transaction layer, as a transaction sees it. */
export interface TransactionLayer {
  readonly timers: TimerValues;
  /** Send one datagram (traced and counted by the layer). */
  send(data: string | Uint8Array, to: Destination, onError?: (error: Error) => void): void;
  /** The transaction has terminated: drop it from the table. */
  forget(key: string, transaction: object): void;
  /** Terminate `transaction` `delay` ms from now on `clock` (Timers D, J, K, L, M: see `expiry-queue.ts`). */
  expire(transaction: Expiring, clock: Clock, delay: number): void;
}

/** How a client transaction ended without a final response. */
export type ClientFailure = 'timeout' | 'transport';

/** The transaction user of a client transaction: the call, the registration. */
export interface ClientUser {
  /**
   * A response for the TU: every provisional, the first final (3xx-6xx are ACKed by an INVITE
   * transaction first), and, for INVITE, every 2xx (RFC 6026 §8.4: the TU sends the ACKs).
   */
  onResponse(response: SipResponse): void;
  /** No final response came (Timer B or F), or the transport could not send the request. */
  onFailure(failure: ClientFailure): void;
}

/** The TU of a retired transaction: hears nothing. */
const NOBODY: ClientUser = { onResponse() {}, onFailure() {} };

/** The key of a client transaction (§17.1.3). */
export function clientKey(branch: string, method: string): string {
  return `${branch}|${method}`;
}

/**
 * What every transaction has: a state that ends in `terminated`, a retransmission timer and a
 * timeout timer on its clock, and a place in the layer's table until it terminates.
 */
export abstract class Transaction<S extends string> {
  state: S | 'terminated';
  /** The current retransmission interval (Timer A, E or G). */
  protected interval: number;
  protected readonly retransmit: Timer;
  protected readonly timeout: Timer;

  constructor(
    protected readonly layer: TransactionLayer,
    protected readonly clock: Clock,
    readonly key: string,
    initial: S,
    firstInterval: number,
  ) {
    this.state = initial;
    this.interval = firstInterval;
    this.retransmit = new Timer(clock);
    this.timeout = new Timer(clock);
  }

  /** Its work done, wait `delay` ms (Timer D, J, K, L or M) to absorb what the far end resends, then terminate. */
  protected expireAfter(delay: number): void {
    this.timeout.clear();
    this.layer.expire(this, this.clock, delay);
  }

  /** Stop every timer and leave the table; idempotent. */
  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.retransmit.clear();
    this.timeout.clear();
    this.layer.forget(this.key, this);
  }
}

/**
 * A client transaction (§17.1): it sends its request, resends it on its retransmission timer
 * until the far end answers, and gives up on its timeout (Timer B or F), telling its user.
 */
export abstract class ClientTransaction<S extends string> extends Transaction<S> {
  /** The request as sent: serialised once, resent as it is ('' once retired). */
  protected text: string;

  constructor(
    layer: TransactionLayer,
    clock: Clock,
    /** The request (null once retired). */
    protected request: SipRequest | null,
    branch: string,
    readonly destination: Destination,
    protected user: ClientUser,
    initial: S,
    private readonly timers: { first: number; limit: number },
  ) {
    super(layer, clock, clientKey(branch, request!.method), initial, timers.first);
    this.text = serialise(request!);
  }

  /**
   * Completed: nothing more is resent or told to the TU, but the transaction stays for Timer D or
   * K to absorb the far end's resent finals. Let go of the request and of the TU, which holds a
   * whole call, so a busy provider does not keep thousands of finished calls alive that long.
   */
  protected retire(): void {
    this.request = null;
    this.text = '';
    this.user = NOBODY;
  }

  override terminate(): void {
    super.terminate();
    this.retire();
  }

  /** Whether the far end has yet to send a final response. */
  protected abstract get waiting(): boolean;

  /** The retransmission timer fired: resend and set the next interval. */
  protected abstract onRetransmit(): void;

  start(): void {
    // Timers first: a transport that fails at once ends the transaction inside send().
    this.retransmit.set(this.interval, this.resend);
    this.timeout.set(this.timers.limit, () => this.fail('timeout'));
    this.send(this.text);
  }

  private readonly resend = (): void => {
    this.onRetransmit();
    if (this.waiting) this.retransmit.set(this.interval, this.resend);
  };

  protected send(text: string): void {
    this.layer.send(text, this.destination, () => {
      if (this.waiting) this.fail('transport');
    });
  }

  protected fail(failure: ClientFailure): void {
    if (!this.waiting) return;
    const user = this.user;
    this.terminate();
    user.onFailure(failure);
  }
}
