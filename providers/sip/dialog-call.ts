/**
 * What the provider's two calls, made (`sip-call.ts`) and arrived (`incoming-call.ts`), share
 * once their dialog is up: its {@link DialogControl}, which takes the contract's requests of
 * rule 10 (hold, unhold, blind and consultation transfer) and the far end's requests in the
 * dialog. Asked before there is a dialog, a request fails with INVALCALLSTATE.
 */
import type { Clock, ProviderCall, ProviderEvent, ProviderRequest } from '../provider.js';
import type { Account } from './account.js';
import type { Dialog } from './dialog.js';
import { byeLost, type ControlledCall, DialogControl } from './dialog-control.js';
import type { Endpoint } from './endpoint.js';
import { LocalSdp } from './local-sdp.js';
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

  /** The dialog is up: its control may start, with `firstSdp` (what we offered or answered in it). */
  protected startControl(dialog: Dialog, firstSdp: string, parts: DialogParts): void {
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
      return new DialogControl(call, new LocalSdp(firstSdp));
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
