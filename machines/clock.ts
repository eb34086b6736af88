/**
 * Reading the time inside actions and services. Every actor of a system runs on the clock given
 * to the root's `createActor(…, { clock })` (XState's `Actor.clock`, a public field); the
 * telephony passes a {@link Clock} with `now()`, so timestamps and delays come from the same
 * (possibly simulated) source.
 */
import type { AnyActorRef } from 'xstate';
import type { Clock } from '../providers/provider.js';

/** The clock of the actor `self` (an action's or a service's own actor). */
export function clockOf(self: AnyActorRef): Partial<Clock> & Pick<Clock, 'setTimeout' | 'clearTimeout'> {
  return (self as unknown as { clock: Clock }).clock;
}

/** The current time on the actor's clock, or `Date.now()` for a clock without `now()`. */
export function now(self: AnyActorRef): number {
  const clock = clockOf(self);
  return typeof clock?.now === 'function' ? clock.now() : Date.now();
}
