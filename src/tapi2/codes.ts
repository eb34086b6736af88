/**
 * From the core's words to TAPI 2's numbers: LINEERR_ names to their signed values, and the
 * newer codes an application that negotiated an older version must not see.
 */
import type { LineErrorName } from '../../providers/provider.js';
import * as errors from './constants/errors.js';

const byName = errors as Readonly<Record<string, number>>;

/**
 * The LINEERR_ value for a core error name, as an application that negotiated `apiVersion` may
 * see it. LINEERR_USERCANCELLED is a TAPI 2.2 code: an older application gets
 * LINEERR_OPERATIONFAILED, the catch-all every application handles (LINEERR_ constants page:
 * "an application that receives an error it does not specifically handle should treat it as
 * LINEERR_OPERATIONFAILED"). An unknown name is LINEERR_OPERATIONFAILED too.
 *
 * @example
 * ```ts
 * lineErr('CALLUNAVAIL'); // LINEERR_CALLUNAVAIL
 * lineErr('USERCANCELLED', 0x00020000); // LINEERR_OPERATIONFAILED
 * ```
 */
export function lineErr(name: LineErrorName | string, apiVersion = 0x00020002): number {
  if (name === 'USERCANCELLED' && apiVersion < 0x00020002) return errors.LINEERR_OPERATIONFAILED;
  return byName[`LINEERR_${name}`] ?? errors.LINEERR_OPERATIONFAILED;
}
