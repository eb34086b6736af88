/**
 * What a call may do now (TAPI's dwCallFeatures, read from the statechart with \`snapshot.can\`),
 * and the small types that describe a call that arrived.
 */
import type { CallSnapshot } from './requests.js';

/** What may be done with a call now: TAPI's dwCallFeatures, from the statechart. */
export interface CallFeatures {
  /** More address digits can be dialled (LINECALLFEATURE_DIAL). */
  dial: boolean;
  /** Digits can be sent as DTMF (LINECALLFEATURE_GENERATEDIGITS). */
  generateDigits: boolean;
  /** A call that arrived can be accepted: let it ring at the caller (LINECALLFEATURE_ACCEPT). */
  accept: boolean;
  /** A call that arrived can be answered (LINECALLFEATURE_ANSWER). */
  answer: boolean;
  /** The call can be dropped (LINECALLFEATURE_DROP); a call not answered yet is rejected. */
  drop: boolean;
  /** The call can be held now (LINECALLFEATURE_HOLD): connected, its line can hold, nothing pending. */
  hold: boolean;
  /** The call can be taken back from our hold now (LINECALLFEATURE_UNHOLD). */
  unhold: boolean;
  /** The call can be transferred blind now (LINECALLFEATURE_BLINDTRANSFER). */
  blindTransfer: boolean;
  /** The call can be transferred to another call now (LINECALLFEATURE_SETUPTRANSFER, _COMPLETETRANSF). */
  transfer: boolean;
}

/** Who is calling: the caller ID of a call that arrived, as the network gave it. */
export interface Caller {
  /** The caller's number or address, or null when withheld. */
  number: string | null;
  /** The caller's name, when known. */
  name: string | null;
}

/**
 * How to turn down a call that arrived (the LINEDISCONNECTMODE_ the caller is given):
 * `NORMAL` not now (SIP 486), `REJECT` refused (603), `NOANSWER` nobody took it (480).
 */
export type RejectMode = 'NORMAL' | 'REJECT' | 'NOANSWER';

/**
 * What the call's chart takes now: each feature is \`snapshot.can()\` of its command
 * (LINECALLSTATUS dwCallFeatures).
 *
 * @example
 * \`\`\`ts
 * featuresOf(call.snapshot).hold; // true: connected, and the line can hold
 * \`\`\`
 */
export function featuresOf(snapshot: CallSnapshot): CallFeatures {
  return {
    dial: snapshot.can({ type: 'DIAL', digits: '', complete: true }),
    generateDigits: snapshot.can({ type: 'GENERATE_DIGITS', digits: '' }),
    accept: snapshot.can({ type: 'ACCEPT' }),
    answer: snapshot.can({ type: 'ANSWER' }),
    drop: snapshot.can({ type: 'DROP' }),
    hold: snapshot.can({ type: 'HOLD' }),
    unhold: snapshot.can({ type: 'UNHOLD' }),
    blindTransfer: snapshot.can({ type: 'BLIND_TRANSFER', to: '' }),
    transfer: snapshot.can({ type: 'SETUP_TRANSFER' }) || snapshot.can({ type: 'COMPLETE_TRANSFER', consultationCallId: '' }),
  };
}
