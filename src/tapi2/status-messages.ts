/**
 * Line status messages: lineSetStatusMessages, lineGetStatusMessages, and LINE_LINEDEVSTATE.
 *
 * TAPI's rules (lineSetStatusMessages, LINE_LINEDEVSTATE; `docs/reference/tapi2-messages.md`): each line handle chooses which LINE_LINEDEVSTATE (and LINE_ADDRESSSTATE) changes it
 * hears; by default it hears none but LINEDEVSTATE_REINIT. The masks are checked bit by bit: a
 * bit that is no LINEDEVSTATE_ constant is LINEERR_INVALLINESTATE, one that is no
 * LINEADDRESSSTATE_ constant LINEERR_INVALADDRESSSTATE. The filter applies when the change
 * happens, as TAPI filters at the source. xtapi reports two line changes: the provider took the
 * line out of service (LINEDEVSTATE_OUTOFSERVICE) and brought it back (LINEDEVSTATE_INSERVICE);
 * it sends no LINE_ADDRESSSTATE, but keeps the address mask as TAPI does.
 */
import * as err from './constants/errors.js';
import * as line from './constants/line.js';
import { LINE_LINEDEVSTATE } from './constants/messages.js';
import type { LineEntry } from './handles.js';
import { dword, isOut, writeOut } from './pointers.js';
import type { Tapi2Runtime } from './runtime.js';

/** OR of every exported constant whose name starts with `prefix`. */
function everyBit(prefix: string): number {
  let bits = 0;
  for (const [name, value] of Object.entries(line)) if (name.startsWith(prefix)) bits |= value;
  return bits >>> 0;
}

/** Every LINEDEVSTATE_ bit (TAPI 2.x: OTHER 0x1 … REMOVED 0x01000000). */
export const ALL_LINEDEVSTATES = everyBit('LINEDEVSTATE_');
/** Every LINEADDRESSSTATE_ bit (OTHER 0x1 … CAPSCHANGE 0x100). */
export const ALL_LINEADDRESSSTATES = everyBit('LINEADDRESSSTATE_');

/** The LINEDEVSTATE_ changes xtapi reports (LINEDEVCAPS dwLineStates). */
export const REPORTED_LINEDEVSTATES = line.LINEDEVSTATE_INSERVICE | line.LINEDEVSTATE_OUTOFSERVICE;

/** lineSetStatusMessages: check both masks, then the line handle hears exactly those changes. */
export function lineSetStatusMessages(rt: Tapi2Runtime, hLine: unknown, dwLineStates: unknown, dwAddressStates: unknown): number {
  const entry = rt.line(hLine);
  if (typeof entry === 'number') return entry;
  const lineStates = dword(dwLineStates);
  if (lineStates === null || (lineStates & ~ALL_LINEDEVSTATES) !== 0) return err.LINEERR_INVALLINESTATE;
  const addressStates = dword(dwAddressStates);
  if (addressStates === null || (addressStates & ~ALL_LINEADDRESSSTATES) !== 0) return err.LINEERR_INVALADDRESSSTATE;
  entry.lineStates = lineStates;
  entry.addressStates = addressStates;
  return 0;
}

/** lineGetStatusMessages: the masks the line handle set (0 and 0 until it sets some). */
export function lineGetStatusMessages(rt: Tapi2Runtime, hLine: unknown, lpdwLineStates: unknown, lpdwAddressStates: unknown): number {
  const entry = rt.line(hLine);
  if (typeof entry === 'number') return entry;
  if (!isOut(lpdwLineStates) || !isOut(lpdwAddressStates)) return err.LINEERR_INVALPOINTER;
  if (!writeOut(lpdwLineStates, entry.lineStates) || !writeOut(lpdwAddressStates, entry.addressStates)) return err.LINEERR_INVALPOINTER;
  return 0;
}

/**
 * A line device changed (`state`, one LINEDEVSTATE_ bit): LINE_LINEDEVSTATE to each handle on it
 * that asked for that change, with hDevice = the hLine and its callback instance (LINE_LINEDEVSTATE
 * parameters; dwParam2 and dwParam3 are used only with RINGING and REINIT).
 */
export function postLineDevState(users: Iterable<LineEntry>, state: number): void {
  for (const entry of users) {
    if (entry.closed || (entry.lineStates & state) === 0) continue;
    entry.app.queue.post({
      hDevice: entry.handle,
      dwMessageID: LINE_LINEDEVSTATE,
      dwCallbackInstance: entry.callbackInstance,
      dwParam1: state,
      dwParam2: 0,
      dwParam3: 0,
      live: () => !entry.silenced,
    });
  }
}
