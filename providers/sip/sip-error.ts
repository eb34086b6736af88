/**
 * The SIP provider's errors: a {@link ProviderError} (so the core reads its LINEERR_ as from any
 * provider) that also carries the SIP status and reason the far end gave, as `detail`. A line
 * whose registration failed rejects `openLine` with one, so the application can tell a 403
 * (forbidden) from a 404 (no such user) from a 401 after our credentials (a wrong password)
 * from no answer at all (408), without parsing the message.
 */
import { type LineErrorName, ProviderError, type ProviderDetail } from '../provider.js';

/**
 * A provider error with the SIP detail.
 *
 * @example
 * ```ts
 * try {
 *   await telephony.openLine(0); // the line's registration is refused
 * } catch (error) {
 *   if (error instanceof XtapiError) console.log(error.code, error.detail);
 *   // 'OPERATIONFAILED' { code: 403, reason: 'Forbidden' }
 * }
 * ```
 */
export class SipProviderError extends ProviderError {
  constructor(
    lineError: LineErrorName,
    message: string,
    /** The SIP status code (absent when no response came) and reason phrase. */
    override readonly detail: ProviderDetail,
  ) {
    super(lineError, message, detail);
    this.name = 'SipProviderError';
  }
}
