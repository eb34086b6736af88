/**
 * The providers behind an actor system. Machines stay plain definitions (one call machine, one
 * line machine, one root, the same for every telephony, so diagrams, inspection and model-based
 * tests see the real thing); the providers they invoke are bound to the actor system the root
 * runs in, and looked up from there by index.
 */
import type { ActorSystem } from 'xstate';
import type { Provider } from '../providers/provider.js';

const bound = new WeakMap<ActorSystem<any>, readonly Provider[]>();

/** Bind `providers` to the actor system of a root actor, before it starts. */
export function bindProviders(system: ActorSystem<any>, providers: readonly Provider[]): void {
  bound.set(system, providers);
}

/** The provider at `index` for this system, or undefined when none is bound. */
export function providerOf(system: ActorSystem<any>, index: number): Provider | undefined {
  return bound.get(system)?.[index];
}
