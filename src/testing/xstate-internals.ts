/**
 * The one file of xtapi that reads XState's internals: properties XState names with a leading
 * underscore, which are not part of its API and may change in any release. Everything else in
 * `src/`, `machines/` and `providers/` uses XState's public API only, and a test holds it so
 * (`test/src/testing/xstate-internals.test.ts`, which also fails loudly when an XState release
 * changes a shape read here; `package.json` pins `xstate` to the releases it passed on).
 *
 * What is read here, and why there is no public way:
 *
 * - `_transitions` of the `@xstate.microstep` inspection event: the transition definitions the
 *   microstep took, which chart coverage counts. XState's public functions say which transitions
 *   *could* be taken from a snapshot (`getNextTransitions`) and what a step leads to
 *   (`transition`, `getMicrosteps`: snapshots and actions), but not which definitions a running
 *   actor took; with guards and eventless transitions that cannot be rebuilt from the snapshots
 *   alone. A public field of the microstep event (say `transitions`) would replace this.
 *
 * (The active state nodes of a snapshot, once read from `_nodes`, come from the public
 * `getStateNodes(machine.root, snapshot.value)`.)
 */
import type { AnyTransitionDefinition, InspectionEvent } from 'xstate';

/** The XState release these reads were last checked on (`test/src/testing/xstate-internals.test.ts`). */
export const XSTATE_CHECKED = '5.33.3';

/**
 * The transition definitions (the machine's own objects, as `StateNode.transitions` and
 * `StateNode.always` hold them) that one microstep of a running actor took. Throws, naming the
 * checked release, when the event does not have them in the expected shape: an XState upgrade
 * changed it, and coverage would otherwise be counted wrong without a word.
 *
 * @example
 * ```ts
 * import { createActor, createMachine } from 'xstate';
 * import { takenTransitions } from './xstate-internals.js';
 *
 * const machine = createMachine({ initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } });
 * const actor = createActor(machine, {
 *   inspect: (event) => {
 *     if (event.type === '@xstate.microstep') console.log(takenTransitions(event).map((t) => t.eventType)); // ['GO']
 *   },
 * }).start();
 * actor.send({ type: 'GO' });
 * ```
 */
export function takenTransitions(event: InspectionEvent & { type: '@xstate.microstep' }): readonly AnyTransitionDefinition[] {
  const taken: unknown = (event as { _transitions?: unknown })._transitions;
  if (!Array.isArray(taken) || taken.some((t) => typeof t !== 'object' || t === null || !('source' in t) || !('eventType' in t))) {
    throw new Error(
      `xtapi: XState's @xstate.microstep event no longer carries _transitions as xtapi read it on XState ${XSTATE_CHECKED}; ` +
        'see src/testing/xstate-internals.ts',
    );
  }
  return taken as AnyTransitionDefinition[];
}
