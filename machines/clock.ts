/**
 * Reading the time inside actions. XState v5 gives actions the actor system, whose clock is the
 * one passed to `createActor(…, { clock })`; the telephony passes a {@link Clock} with `now()`,
 * so timestamps and delays come from the same (possibly simulated) source.
 */
import type { ActorSystem } from 'xstate';
import type { Clock } from '../providers/provider.js';

/** The current time on the system's clock, or `Date.now()` for a clock without `now()`. */
export function now(system: ActorSystem<any>): number {
  // `_clock` is the documented field of ActorSystem that holds the clock option (xstate
  // system.d.ts); there is no other way for an action to reach it.
  const clock = system._clock as Partial<Clock>;
  return typeof clock.now === 'function' ? clock.now() : Date.now();
}
