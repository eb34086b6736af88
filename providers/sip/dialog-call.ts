/**
 * What the provider's two calls, made (`sip-call.ts`) and arrived (`incoming-call.ts`), share
 * once their dialog is up: its {@link DialogControl}, which takes the contract's requests of
 * rule 10 (hold, unhold, blind and consultation transfer) and the far end's requests in the
 * dialog. Asked before there is a dialog, a request fails with INVALCALLSTATE.
 *
 * They share their media leg too (`media/call-media.ts`, when the provider has media): its audio
 * is the call's {@link CallMedia} while the call is connected (rule 13), the far end's RFC 4733
 * keys are its digits (rule 12), and ours go as RFC 4733 events when the far end takes them, else
 * as INFO (`info-digits.ts`).
 */
import type { CallMedia, Clock, ProviderCall, ProviderEvent, ProviderRequest } from '../provider.js';
import type { Account } from './account.js';
import type { Dialog } from './dialog.js';
import { byeLost, type ControlledCall, DialogControl } from './dialog-control.js';
import type { Endpoint } from './endpoint.js';
import type { InfoDigits } from './info-digits.js';
import type { CallMediaLeg } from './media/call-media.js';
import type { MediaPool } from './media/media-pool.js';
import { LocalSdp, type SdpLeg } from './local-sdp.js';
import { requestFailed } from './mapping.js';
import type { ReferredTransfer } from './referred-transfer.js';
import type { NonInviteClientTransaction } from './transactions/non-invite-client.js';
import type { Destination } from './transport.js';

/** What a call tells its control about itself when its dialog comes up. */
export interface DialogParts {
  endpoint: Endpoint;
  account: Account;
  fallback: Destination;
  /** Whether we chose the Call-ID (we made the call): RFC 3261 §14.1's glare timer. */
  ownsCallId: boolean;
  /** Whether the call is connected. */
  up(): boolean;
  /** The far end's BYE (§15.1.2), answered 200: end the call with `event` if it is still up. */
  hungUp(event: ProviderEvent): void;
  /** The far end is gone: end the call with `event` (a BYE is on its way, §14.1). */
  gone(event: ProviderEvent): void;
}

/**
 * The base of a SIP call.
 *
 * @example
 * ```ts
 * class SipCall extends DialogCall implements ProviderCall {
 *   // on the 2xx: this.startControl(dialog, invite.body, { endpoint, account, … });
 * }
 * ```
 */
export abstract class DialogCall implements Pick<ProviderCall, 'hold' | 'unhold' | 'blindTransfer' | 'transfer' | 'answerTransferRequest'> {
  /** How to make the control, from the moment the dialog is up until its first use. */
  private controlSetup: (() => DialogControl) | null = null;
  private made: DialogControl | null = null;
  /** Transactions that end with the call. */
  protected readonly others = new Set<NonInviteClientTransaction>();
  abstract readonly clock: Clock;
  /** The core's id of the call (TSPI's htCall): a new call made for this one's REFER names it. */
  abstract readonly coreId: string;
  protected abstract readonly report: (event: ProviderEvent) => void;
  /** Whether the call is connected (held or not): where digits are reported and audio flows. */
  protected abstract get connected(): boolean;
  /** The call's media leg, from its opening to the end of the call; null without media. */
  protected leg: CallMediaLeg | null = null;
  private dtmf: MediaPool['dtmf'] = 'rfc4733';

  /** The call's audio (rule 13): while it is connected, if it has a media leg. */
  media(): CallMedia | null {
    return this.connected ? (this.leg?.media ?? null) : null;
  }

  /**
   * Open the call's media leg (the ports are bound: it takes a moment). `opened` gets it, unless
   * `wanted()` says the call has gone on without it meanwhile (dropped, disposed): it is closed.
   */
  protected openLeg(pool: MediaPool, address: string, wanted: () => boolean, opened: () => void, failed: (error: Error) => void): void {
    this.dtmf = pool.dtmf;
    const onDigit = (digit: string, via: 'rfc4733' | 'inband') => {
      // Rule 12: a key is call information on a connected (or held) call only.
      if (this.connected) this.report({ type: 'PROVIDER.DIGIT', digit, via });
    };
    pool.open({ clock: this.clock, address, onDigit }).then(
      (leg) => {
        if (!wanted()) return void leg.close();
        this.leg = leg;
        opened();
      },
      (error: Error) => {
        if (wanted()) failed(error);
      },
    );
  }

  /** The call is over here: RTCP BYE, the ports released (RFC 3550 §6.6). */
  protected closeLeg(): void {
    const leg = this.leg;
    this.leg = null;
    void leg?.close();
  }

  /** Our digits: RFC 4733 events if the far end takes them and the provider is not told INFO, else INFO. */
  protected sendDigits(digits: string, info: InfoDigits): void {
    if (this.leg?.sendsEvents && this.dtmf === 'rfc4733') this.leg.sendDigits(digits);
    else info.add(digits);
  }

  /**
   * Hold, transfer and the far end's requests, once the dialog is up. Made on first use: most
   * calls never hold or transfer, and a call that arrives at a busy line costs what it must.
   */
  get control(): DialogControl | null {
    if (this.controlSetup) {
      this.made = this.controlSetup();
      this.controlSetup = null;
    }
    return this.made;
  }

  /** The control if anything has used it (a call that never did has nothing to close or acknowledge). */
  protected get usedControl(): DialogControl | null {
    return this.made;
  }

  /**
   * The dialog is up: its control may start, with `firstSdp` (what we offered or answered in it)
   * and the media leg that later offers and answers move, if the call has one.
   */
  protected startControl(dialog: Dialog, firstSdp: string, parts: DialogParts, leg: SdpLeg | null = null): void {
    this.controlSetup = () => {
      const call: ControlledCall = Object.assign({}, parts, {
        dialog,
        clock: this.clock,
        report: this.report,
        lost: (event: ProviderEvent) => {
          byeLost(call);
          parts.gone(event);
        },
        track: (tx: NonInviteClientTransaction) => this.others.add(tx),
        untrack: (tx: NonInviteClientTransaction) => this.others.delete(tx),
      });
      return new DialogControl(call, new LocalSdp(firstSdp, leg));
    };
  }

  private controlFor(kind: ProviderRequest): DialogControl | null {
    if (!this.control) this.report(requestFailed(kind, 'the call is not connected', undefined, 'INVALCALLSTATE'));
    return this.control;
  }

  hold(): void {
    this.controlFor('hold')?.hold();
  }

  unhold(): void {
    this.controlFor('unhold')?.unhold();
  }

  blindTransfer(to: string): void {
    this.controlFor('transfer')?.blindTransfer(to);
  }

  transfer(consultation: ProviderCall): void {
    this.controlFor('transfer')?.transfer(consultation);
  }

  /** The core's answer to the far end's REFER (rule 11); nothing to answer before the dialog is up. */
  answerTransferRequest(accept: boolean): void {
    this.usedControl?.answerTransferRequest(accept);
  }

  /** The far end's REFER this call accepted, for the new call made for it (rule 11), or null. */
  takeReferral(): ReferredTransfer | null {
    return this.usedControl?.takeReferral() ?? null;
  }
}
