/**
 * The call's extended state: what a call actor is created with, what it keeps, and the small
 * pure functions its actions use (which states it has been in, the mode a state takes from the
 * provider's event, the cause, where the first cause wins).
 */
import type { CallMode, CallParams, LineErrorName, ProviderDetail } from '../providers/provider.js';
import type { CallCause, CallEvent, CallState } from './events.js';

/** What a call actor is created with. */
export interface CallInput {
  /** The telephony-wide id of the call. */
  callId: string;
  /** Which of the telephony's providers serves the call (default 0). */
  providerIndex?: number;
  /** The line device index within its provider. */
  lineIndex: number;
  /** The destination as the application gave it (for call info), or null. */
  address: string | null;
  /** The dial string for the provider (digits and supported modifiers only). */
  destination: string;
  /** False when the address was partial (ended in `;`) or absent. */
  complete: boolean;
  params?: CallParams;
  /**
   * Drop the call as soon as the far end has gone (busy or disconnected), so that it ends by
   * itself. TAPI 2 waits for the application's lineDrop instead (default false).
   */
  autoClear?: boolean;
  /** How long the provider may take to accept a make or to confirm a drop (ms; default 30 s). */
  providerTimeout?: number;
}

/** The call's extended state. */
export interface CallContext {
  callId: string;
  providerIndex: number;
  lineIndex: number;
  address: string | null;
  /** Everything dialled so far: the make's destination plus every lineDial. */
  destination: string;
  /** Whether dialling is complete (no `;` pending). */
  dialComplete: boolean;
  params: CallParams;
  autoClear: boolean;
  providerTimeout: number;
  /** The TAPI-level name of the current state (the chart's leaf). */
  state: CallState;
  /** The mode of the current state (LINEDIALTONEMODE_, LINEBUSYMODE_, …), or null. */
  mode: CallMode | null;
  /** Clock time the current state was entered (LINECALLSTATUS tStateEntryTime). */
  enteredAt: number;
  /** Clock time the call was connected, or null. */
  connectedAt: number | null;
  /** Bit set of the states the call has been in (see {@link callStateBit}). */
  reached: number;
  /** Whether the provider has released the call (sent PROVIDER.IDLE). */
  released: boolean;
  /** Why the call ended, or is ending; the first cause wins. */
  cause: CallCause | null;
  /** The pending make request: undefined when none is pending, else its request number. */
  makeRequest: number | null | undefined;
  /** Drop requests waiting for the end. */
  dropRequests: Array<number | null>;
}

const STATE_ORDER: readonly CallState[] = [
  'idle',
  'placing',
  'dialtone',
  'dialing',
  'proceeding',
  'ringback',
  'busy',
  'connected',
  'disconnected',
  'dropping',
  'ended',
];

/** The bit that stands for `state` in {@link CallContext.reached}. */
export function callStateBit(state: CallState): number {
  return 1 << STATE_ORDER.indexOf(state);
}

/** The bit of `connected`. */
export const CONNECTED_BIT = callStateBit('connected');

/** Whether the call has ever been in `state`. */
export function hasReached(context: Pick<CallContext, 'reached'>, state: CallState): boolean {
  return (context.reached & callStateBit(state)) !== 0;
}

/** The mode a state takes: from the provider's event where it carries one, else TAPI's "unavailable". */
export function modeOf(state: CallState, context: CallContext, event: CallEvent): CallMode | null {
  switch (state) {
    case 'dialtone':
      return event.type === 'PROVIDER.DIALTONE' ? (event.mode ?? 'UNAVAIL') : 'UNAVAIL';
    case 'busy':
      return event.type === 'PROVIDER.BUSY' ? (event.mode ?? 'UNAVAIL') : 'UNAVAIL';
    case 'connected':
      return event.type === 'PROVIDER.CONNECTED' ? (event.mode ?? 'ACTIVE') : 'ACTIVE';
    case 'disconnected':
      return event.type === 'PROVIDER.DISCONNECTED' ? event.mode : (context.cause?.mode ?? 'UNKNOWN');
    default:
      return null;
  }
}

/** The cause of an end that arises now; the first cause wins. */
export function causeFrom(
  context: CallContext,
  origin: CallCause['origin'],
  mode: CallCause['mode'],
  extra?: { error?: LineErrorName; message?: string; detail?: ProviderDetail },
): CallCause {
  // The first cause wins: a far-end hang-up followed by our drop stays a far-end hang-up.
  if (context.cause) return context.cause;
  const cause: CallCause = { mode, origin, state: context.state, connected: (context.reached & CONNECTED_BIT) !== 0 };
  if (extra?.error) cause.error = extra.error;
  if (extra?.message) cause.message = extra.message;
  if (extra?.detail) cause.detail = extra.detail;
  return cause;
}
