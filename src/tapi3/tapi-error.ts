/**
 * The error a TAPI 3 method throws where COM would return a failure HRESULT from a method whose
 * JavaScript shape returns something else (ITAddress.CreateCall returns the call, so a bad
 * address is thrown). Methods that return an HRESULT (Connect, Disconnect, …) never throw.
 */
import * as hresults from './hresults.js';

const NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(hresults)) {
  // S_OK and S_FALSE first, so that 0 and 1 keep their usual names.
  if (typeof value === 'number' && /^(S_|E_|TAPI_E_|CONNECT_E_)/.test(name) && !NAMES.has(value)) NAMES.set(value, name);
}

/**
 * The C name of an HRESULT, or its hex spelling when it is not a TAPI 3 one.
 *
 * @example
 * ```ts
 * hresultName(-2147221488); // 'TAPI_E_INVALCALLSTATE'
 * hresultName(0x12345);     // '0x00012345'
 * ```
 */
export function hresultName(hr: number): string {
  return NAMES.get(hr | 0) ?? `0x${(hr >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * A failure HRESULT, thrown.
 *
 * @example
 * ```ts
 * try {
 *   address.CreateCall('55x', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
 * } catch (error) {
 *   if (error instanceof TapiError) console.log(error.hresult === TAPI_E_INVALADDRESS); // true
 * }
 * ```
 */
export class TapiError extends Error {
  /** The HRESULT, a negative signed 32-bit number (e.g. TAPI_E_INVALADDRESS). */
  readonly hresult: number;

  constructor(hresult: number, message: string) {
    super(`${hresultName(hresult)}: ${message}`);
    this.name = 'TapiError';
    this.hresult = hresult | 0;
  }

  /** The error as JSON: its name, HRESULT (as a number and by name) and message. */
  toJSON(): { name: string; hresult: number; hresultName: string; message: string } {
    return { name: this.name, hresult: this.hresult, hresultName: hresultName(this.hresult), message: this.message };
  }
}
