/**
 * The baseline every core figure is a ratio to: a bare XState v5 actor running the same
 * seven-state call lifecycle (idle → dialtone → dialing → proceeding → ringback → connected →
 * disconnected), with no actions, no context and no parent, created, driven by six events and
 * ended in its final state. It is what XState itself costs for this shape on this machine, in
 * the same process as the figure it is compared with.
 */
import { createActor, createMachine } from 'xstate';

/** The seven states, one event each to the next. */
export const bareCallMachine = createMachine({
  id: 'bare',
  initial: 'idle',
  states: {
    idle: { on: { MAKE: 'dialtone' } },
    dialtone: { on: { DIAL: 'dialing' } },
    dialing: { on: { PROCEED: 'proceeding' } },
    proceeding: { on: { RING: 'ringback' } },
    ringback: { on: { ANSWER: 'connected' } },
    connected: { on: { DROP: 'disconnected' } },
    disconnected: { type: 'final' },
  },
});

const EVENTS = [{ type: 'MAKE' }, { type: 'DIAL' }, { type: 'PROCEED' }, { type: 'RING' }, { type: 'ANSWER' }, { type: 'DROP' }] as const;

/** One whole lifecycle: create, start, six events, final. */
export function bareLifecycle(): void {
  const actor = createActor(bareCallMachine).start();
  for (const event of EVENTS) actor.send(event);
  if (actor.getSnapshot().status !== 'done') throw new Error('bare actor did not end');
}

/** A bare actor held in `connected` (for the memory figure). */
export function bareConnected(): unknown {
  const actor = createActor(bareCallMachine).start();
  for (let i = 0; i < 5; i++) actor.send(EVENTS[i]);
  return actor;
}

/**
 * `concurrent` bare actors in flight: each step advances one of them by one event, round robin,
 * and a finished one is replaced by a new one, until `total` lifecycles have ended.
 */
export function bareConcurrent(concurrent: number, total: number): void {
  const actors = Array.from({ length: concurrent }, () => ({ actor: createActor(bareCallMachine).start(), next: 0 }));
  let ended = 0;
  while (ended < total) {
    for (const slot of actors) {
      slot.actor.send(EVENTS[slot.next++]);
      if (slot.next === EVENTS.length) {
        ended++;
        slot.actor = createActor(bareCallMachine).start();
        slot.next = 0;
      }
    }
  }
}
