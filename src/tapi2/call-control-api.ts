/**
 * The hold and transfer functions of the TAPI 2 line API (lineHold, lineUnhold, lineSwapHold,
 * lineBlindTransfer, lineSetupTransfer, lineCompleteTransfer), as the object `createTapi2`
 * returns has them; `hold-functions.ts` and `transfer-functions.ts` carry them out.
 */
import type { LINECALLPARAMS, Out } from './structures.js';

/**
 * Hold and transfer, on a line whose device declares them (else LINEERR_OPERATIONUNAVAIL). Each
 * returns a request id, or a negative LINEERR_; its one LINE_REPLY comes once the provider has
 * done it, before the call's new LINE_CALLSTATE.
 */
export interface Tapi2CallControl {
  /**
   * Put a CONNECTED call on hold (a line whose device declares hold; else
   * LINEERR_OPERATIONUNAVAIL). Returns a request id; the LINE_REPLY comes once the provider has
   * held the call, then LINE_CALLSTATE ONHOLD.
   *
   * @example
   * ```ts
   * tapi.lineHold(hCall.value); // request id; later LINE_REPLY 0, LINE_CALLSTATE ONHOLD
   * ```
   */
  lineHold(hCall: number): number;

  /**
   * Take a held call (ONHOLD or ONHOLDPENDTRANSFER) back: LINE_REPLY, then LINE_CALLSTATE
   * CONNECTED.
   *
   * @example
   * ```ts
   * tapi.lineUnhold(hCall.value); // request id
   * ```
   */
  lineUnhold(hCall: number): number;

  /**
   * Hold the CONNECTED `hActiveCall` and take the held `hHeldCall` back, with one LINE_REPLY: 0
   * when both were done. If the hold fails nothing changes; if the take-back fails both calls are
   * left on hold and the reply carries its error.
   *
   * @example
   * ```ts
   * tapi.lineSwapHold(hConsultCall.value, hCall.value); // request id
   * ```
   */
  lineSwapHold(hActiveCall: number, hHeldCall: number): number;

  /**
   * Transfer a CONNECTED call to `lpszDestAddress` without consultation (LINEERR_INVALADDRESS for
   * an address the line cannot dial, or a partial one). LINE_REPLY once the far end has reached
   * the target; then the call goes IDLE.
   *
   * @example
   * ```ts
   * tapi.lineBlindTransfer(hCall.value, '5550133', 0); // request id
   * ```
   */
  lineBlindTransfer(hCall: number, lpszDestAddress: string | null, dwCountryCode: number): number;

  /**
   * Start a consultation transfer: the call goes ONHOLDPENDTRANSFER and a consultation call with
   * dial tone is made on the same line; its handle is written to `lphConsultCall` when the
   * LINE_REPLY is delivered. Dial the target on it with `lineDial`. Dropping it
   * before {@link Tapi2CallControl.lineCompleteTransfer} puts the first call back on plain hold (ONHOLD).
   *
   * @example
   * ```ts
   * const hConsultCall = { value: 0 };
   * tapi.lineSetupTransfer(hCall.value, hConsultCall, null); // request id
   * // after its LINE_REPLY: tapi.lineDial(hConsultCall.value, '5550133', 0)
   * ```
   */
  lineSetupTransfer(hCall: number, lphConsultCall: Out | null, lpCallParams: LINECALLPARAMS | null): number;

  /**
   * Complete a consultation transfer with LINETRANSFERMODE_TRANSFER: the far ends of the held
   * `hCall` and of `hConsultCall` (CONNECTED, RINGBACK, BUSY or PROCEEDING) are joined, then both
   * calls go IDLE. LINETRANSFERMODE_CONFERENCE is LINEERR_OPERATIONUNAVAIL (no conferences yet);
   * `lphConfCall` is not used.
   *
   * @example
   * ```ts
   * tapi.lineCompleteTransfer(hCall.value, hConsultCall.value, null, LINETRANSFERMODE_TRANSFER); // request id
   * ```
   */
  lineCompleteTransfer(hCall: number, hConsultCall: number, lphConfCall: Out | null, dwTransferMode: number): number;
}
