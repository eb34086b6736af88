/**
 * The call chart with nothing around it: `createActor(callMachine)` driven straight through one
 * lifecycle (make, dial tone, dialling, proceeding, ringback, connected, drop, idle) by the eight
 * events the line service and the application would send, with no line, provider service or
 * façade. It is what XState itself costs for the chart that keeps TAPI's states, measured in the
 * same process as the bare actor and the faces: the floor under every face's figure.
 */
import { createActor } from 'xstate';
import { callMachine } from '../../machines/call.js';
import type { CallEvent } from '../../machines/events.js';

const INPUT = { callId: 'bench', lineIndex: 0, address: '5550111', destination: '5550111', complete: true };

const EVENTS: readonly CallEvent[] = [
  { type: 'MAKE' },
  { type: 'PROVIDER.DIALTONE', mode: 'NORMAL' },
  { type: 'PROVIDER.DIALING' },
  { type: 'PROVIDER.PROCEEDING' },
  { type: 'PROVIDER.RINGBACK', ring: 1 },
  { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' },
  { type: 'DROP' },
  { type: 'PROVIDER.IDLE' },
];

/** One whole lifecycle of the call chart alone. */
export function chartLifecycle(): void {
  const actor = createActor(callMachine, { input: INPUT }).start();
  for (const event of EVENTS) actor.send(event);
  if (actor.getSnapshot().status !== 'done') throw new Error('the call chart did not end');
}
