/**
 * DTMF on a connected call as SIP INFO with an `application/dtmf-relay` body (`Signal=5`,
 * `Duration=160`), the form SIPp, Asterisk and most PBXs read: one INFO per digit, each sent
 * after the last one has its final response, so the far end hears them in order. A 481 or 408
 * to one (RFC 5057 §5.1), or no answer at all, means the dialog is gone.
 */
import { dtmfOnly } from '../dtmf.js';
import type { Clock, ProviderEvent } from '../provider.js';
import type { Dialog } from './dialog.js';
import type { Endpoint } from './endpoint.js';
import { newBranch } from './ids.js';
import { header, type SipRequest } from './message.js';
import { detailOf } from './mapping.js';
import type { NonInviteClientTransaction } from './transactions/non-invite-client.js';
import type { Destination } from './transport.js';

/** The Duration of each digit, ms. */
const DTMF_DURATION = 160;

/** What the digits need from their call. */
export interface DigitsCall {
  readonly endpoint: Endpoint;
  readonly clock: Clock;
  /** The dialog the INFOs go in, and where they go when it has no route. */
  readonly dialog: Dialog;
  readonly fallback: Destination;
  /** Keep a transaction with the call (it ends with the call), and forget it. */
  track(tx: NonInviteClientTransaction): void;
  untrack(tx: NonInviteClientTransaction): void;
  /** The far end is gone: end the call with this event. */
  gone(event: ProviderEvent): void;
}

/**
 * The digit queue of one call.
 *
 * @example
 * ```ts
 * const digits = new InfoDigits(() => ({ endpoint, clock, dialog, fallback, track, untrack, gone }));
 * digits.add('12#'); // INFO Signal=1; after its 200, Signal=2; then Signal=#
 * ```
 */
export class InfoDigits {
  private queue = '';
  private pending = false;

  /** `call` is asked for anew for each digit: the call may have ended meanwhile (null). */
  constructor(private readonly call: () => DigitsCall | null) {}

  /** Queue digits (0-9, A-D, *, #; anything else is dropped) and send the first if none is out. */
  add(digits: string): void {
    this.queue += dtmfOnly(digits);
    if (!this.pending) this.next();
  }

  /** Forget the digits not sent yet. */
  clear(): void {
    this.queue = '';
  }

  private next(): void {
    const call = this.queue.length > 0 ? this.call() : null;
    if (!call) return;
    const digit = this.queue[0];
    this.queue = this.queue.slice(1);
    this.pending = true;
    const branch = newBranch();
    const body = `Signal=${digit}\r\nDuration=${DTMF_DURATION}\r\n`;
    const info = call.dialog.request('INFO', call.endpoint.via(branch), { headers: [['content-type', 'application/dtmf-relay']], body });
    const tx = call.endpoint.request(info, branch, call.dialog.nextHop() ?? call.fallback, call.clock, {
      onResponse: (response) => {
        if (response.status < 200) return;
        call.untrack(tx);
        this.pending = false;
        if (response.status === 481 || response.status === 408) return call.gone({ type: 'PROVIDER.DISCONNECTED', mode: 'UNAVAIL', detail: detailOf(response) });
        this.next();
      },
      onFailure: () => {
        call.untrack(tx);
        this.pending = false;
        call.gone({ type: 'PROVIDER.DISCONNECTED', mode: 'UNREACHABLE', detail: { reason: 'no response to INFO' } });
      },
    });
    call.track(tx);
  }
}

/** Signal codes some peers send for the keys that are not digits (Cisco's dtmf-relay: 10 is *, 11 is #, 12-15 are A-D). */
const SIGNAL_CODES: Readonly<Record<string, string>> = { '10': '*', '11': '#', '12': 'A', '13': 'B', '14': 'C', '15': 'D' };

/**
 * The key an INFO from the far end carries (rule 12 of the provider contract), or null: with
 * `application/dtmf-relay`, its `Signal=` line (a digit, or a code of {@link SIGNAL_CODES}); with
 * `application/dtmf`, the body itself. Any other INFO carries none. Case and spaces do not matter.
 *
 * @example
 * ```ts
 * digitOfInfo(info); // '5' for "Content-Type: application/dtmf-relay" and "Signal=5\r\nDuration=160"
 * ```
 */
export function digitOfInfo(request: SipRequest): string | null {
  const type = (header(request, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  let value: string | undefined;
  if (type === 'application/dtmf-relay') value = /^\s*signal\s*=\s*(\S+)\s*$/im.exec(request.body)?.[1];
  else if (type === 'application/dtmf') value = request.body.trim();
  if (value === undefined) return null;
  const key = SIGNAL_CODES[value] ?? value;
  return key.length === 1 && dtmfOnly(key) !== '' ? dtmfOnly(key) : null;
}
