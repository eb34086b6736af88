/**
 * How a call actor's state is reported in TAPI 2's words: the LINECALLSTATE_ of each chart state
 * (read from the chart's own `meta.tapi2`, so the façade cannot drift from the chart), the
 * LINE_CALLSTATE dwParam2 mode, and dwCallFeatures from what the chart accepts now.
 */
import type { AnyStateNode } from 'xstate';
import { callMachine } from '../../machines/call.js';
import type { CallState } from '../../machines/events.js';
import type { CallActorRef } from '../../machines/line.js';
import { mediaOf } from '../../machines/resources.js';
import type { CallMode } from '../../providers/provider.js';
import * as call from './constants/call.js';
import * as lineConstants from './constants/line.js';
import type { CallEntry } from './handles.js';

const lineValues = lineConstants as Readonly<Record<string, number>>;

const values = call as Readonly<Record<string, number>>;

/** LINECALLSTATE_ value of each chart state, or null for the states TAPI 2 does not show. */
const reportedAs = new Map<string, number | null>();
(function visit(node: AnyStateNode) {
  const name = (node.meta as { tapi2?: string | null } | undefined)?.tapi2;
  if (node.parent) reportedAs.set(node.key, name ? (values[name] ?? null) : null);
  for (const child of Object.values(node.states)) visit(child as AnyStateNode);
})(callMachine.root);

/**
 * The LINECALLSTATE_ a chart state is reported as, or null for `idle`, `placing`, `dropping`:
 * the waits TAPI hides behind a pending request.
 *
 * @example
 * ```ts
 * lineCallState('ringback'); // LINECALLSTATE_RINGBACK
 * lineCallState('ended'); // LINECALLSTATE_IDLE
 * lineCallState('dropping'); // null
 * ```
 */
export function lineCallState(state: CallState): number | null {
  return reportedAs.get(state) ?? null;
}

/** Every LINECALLSTATE_ a call of this chart can be in (LINECALLINFO dwCallStates). */
export const ALL_CALL_STATES = [...reportedAs.values()].reduce<number>((bits, v) => bits | (v ?? 0), 0);

/** The mode constants that go with a state in dwParam2, and the value when the mode is unknown. */
const MODES: Readonly<Record<number, { prefix: string; fallback: number }>> = {
  // A call that arrives is offered to this station now (LINEOFFERINGMODE_ACTIVE).
  [call.LINECALLSTATE_OFFERING]: { prefix: 'LINEOFFERINGMODE_', fallback: call.LINEOFFERINGMODE_ACTIVE },
  [call.LINECALLSTATE_DIALTONE]: { prefix: 'LINEDIALTONEMODE_', fallback: call.LINEDIALTONEMODE_UNAVAIL },
  [call.LINECALLSTATE_BUSY]: { prefix: 'LINEBUSYMODE_', fallback: call.LINEBUSYMODE_UNAVAIL },
  [call.LINECALLSTATE_CONNECTED]: { prefix: 'LINECONNECTEDMODE_', fallback: call.LINECONNECTEDMODE_ACTIVE },
  [call.LINECALLSTATE_DISCONNECTED]: { prefix: 'LINEDISCONNECTMODE_', fallback: call.LINEDISCONNECTMODE_UNKNOWN },
};

/**
 * LINE_CALLSTATE dwParam2 (LINECALLSTATUS dwCallStateMode): the mode for DIALTONE, BUSY,
 * CONNECTED and DISCONNECTED, where TAPI defines one (LINE_CALLSTATE page); 0 for the other
 * states, whose detail TAPI leaves unspecified (LINE_CALLSTATE page; `docs/reference/tapi2-constants.md`).
 */
export function callStateMode(lineState: number, mode: CallMode | null): number {
  const family = MODES[lineState];
  if (!family) return 0;
  return (mode !== null ? values[family.prefix + mode] : undefined) ?? family.fallback;
}

/**
 * LINECALLSTATUS dwCallFeatures: the LINECALLFEATURE_ bits of the functions the chart accepts
 * now (`snapshot.can`): DIAL (lineDial), DROP (lineDrop), GENERATE_DIGITS (lineGenerateDigits,
 * on a connected call), GENERATETONE (lineGenerateTone, on a connected call with audio),
 * MONITORTONES (lineMonitorTones, any state), ACCEPT and ANSWER (a call that arrived), and, on a line whose device
 * declares them (LineDevice.features), HOLD and UNHOLD (lineHold, lineUnhold), BLINDTRANSFER,
 * SETUPTRANSFER and COMPLETETRANSF (lineBlindTransfer, lineSetupTransfer, lineCompleteTransfer).
 * SWAPHOLD (lineSwapHold) is on a call that can be held while one of `partners` (the
 * application's other calls on the device) can be taken back, and the other way round: a swap
 * needs both. While a hold or transfer is pending none of these is on (one request at a time:
 * `docs/adr/0010-hold-and-transfer.md`). An ended call accepts nothing.
 */
export function callFeatures(actor: CallActorRef, partners: Iterable<CallActorRef> = []): number {
  const snapshot = actor.getSnapshot();
  if (snapshot.status !== 'active') return 0;
  let features = 0;
  if (snapshot.can({ type: 'ACCEPT' })) features |= call.LINECALLFEATURE_ACCEPT;
  if (snapshot.can({ type: 'ANSWER' })) features |= call.LINECALLFEATURE_ANSWER;
  if (snapshot.can({ type: 'DIAL', digits: '', complete: true })) features |= call.LINECALLFEATURE_DIAL;
  if (snapshot.can({ type: 'DROP' })) features |= call.LINECALLFEATURE_DROP;
  if (snapshot.can({ type: 'GENERATE_DIGITS', digits: '' })) features |= call.LINECALLFEATURE_GENERATEDIGITS;
  // lineGatherDigits takes a call in any state; lineMonitorDigits any but disconnected (and idle).
  features |= call.LINECALLFEATURE_GATHERDIGITS;
  if (snapshot.context.state !== 'disconnected') features |= call.LINECALLFEATURE_MONITORDIGITS;
  // lineMonitorTones takes a call in any state but idle; lineGenerateTone needs its audio now.
  features |= call.LINECALLFEATURE_MONITORTONES;
  if (snapshot.context.state === 'connected' && mediaOf(snapshot.context.line.provider, snapshot.context.callId)) features |= call.LINECALLFEATURE_GENERATETONE;
  const canHold = snapshot.can({ type: 'HOLD' });
  const canUnhold = snapshot.can({ type: 'UNHOLD' });
  if (canHold) features |= call.LINECALLFEATURE_HOLD;
  if (canUnhold) features |= call.LINECALLFEATURE_UNHOLD;
  if (snapshot.can({ type: 'BLIND_TRANSFER', to: '' })) features |= call.LINECALLFEATURE_BLINDTRANSFER;
  if (snapshot.can({ type: 'SETUP_TRANSFER' })) features |= call.LINECALLFEATURE_SETUPTRANSFER;
  if (snapshot.can({ type: 'COMPLETE_TRANSFER', consultationCallId: '' })) features |= call.LINECALLFEATURE_COMPLETETRANSF;
  if (canHold || canUnhold) {
    for (const partner of partners) {
      if (partner === actor) continue;
      const other = partner.getSnapshot();
      if (other.status !== 'active') continue;
      if ((canHold && other.can({ type: 'UNHOLD' })) || (canUnhold && other.can({ type: 'HOLD' }))) {
        features |= call.LINECALLFEATURE_SWAPHOLD;
        break;
      }
    }
  }
  return features >>> 0;
}

/** The LINECALLINFO values every call has, made or arrived: its line, modes, id and states. */
export function callInfoOf(entry: CallEntry, params: { bearerMode: string; mediaMode: string }) {
  return {
    hLine: entry.line.handle,
    dwLineDeviceID: entry.line.deviceId,
    dwBearerMode: lineValues[`LINEBEARERMODE_${params.bearerMode}`],
    dwMediaMode: lineValues[`LINEMEDIAMODE_${params.mediaMode}`],
    dwCallID: entry.callId,
    dwCallStates: ALL_CALL_STATES,
  };
}
