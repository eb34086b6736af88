/**
 * Typed errors of the modern API. Every error has a stable `code`: the LINEERR_ name (without
 * the prefix) where TAPI has one, so a TAPI developer knows it at once, else one of xtapi's own.
 */
import type { CallCause } from '../../machines/events.js';
import type { LineErrorName, ProviderDetail } from '../../providers/provider.js';

/** The codes an {@link XtapiError} can carry. */
export type XtapiErrorCode =
  | LineErrorName
  /** The telephony is shut down (or shutting down). */
  | 'SHUTDOWN'
  /** The call ended before what was awaited happened; see {@link CallEndedError}. */
  | 'CALL_ENDED';

/** An error of xtapi's modern API. */
export class XtapiError extends Error {
  constructor(
    readonly code: XtapiErrorCode,
    message: string,
    /** What the protocol said, where it said something (a SIP status and reason phrase). */
    readonly detail?: ProviderDetail,
  ) {
    super(message);
    this.name = 'XtapiError';
  }

  /** The error as JSON: its name, code and message (`JSON.stringify(error)` gave `{"code": …}` only), and the detail if any. */
  toJSON(): { name: string; code: XtapiErrorCode; message: string; detail?: ProviderDetail } {
    return this.detail ? { name: this.name, code: this.code, message: this.message, detail: this.detail } : { name: this.name, code: this.code, message: this.message };
  }
}

/**
 * The call ended first: `call.until(state)` rejects with this when the call ends before it
 * reaches the state. `cause` says why the call ended.
 */
export class CallEndedError extends XtapiError {
  override readonly cause: CallCause;

  constructor(cause: CallCause, awaited?: string) {
    super(
      'CALL_ENDED',
      `the call ended${awaited ? ` before it was ${awaited}` : ''}: ${cause.mode} (${cause.origin}${cause.message ? `, ${cause.message}` : ''})`,
    );
    this.name = 'CallEndedError';
    this.cause = cause;
  }

  /** The error as JSON, with the cause. */
  override toJSON(): { name: string; code: XtapiErrorCode; message: string; cause: CallCause } {
    return { ...super.toJSON(), cause: this.cause };
  }
}
