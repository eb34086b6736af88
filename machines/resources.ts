/**
 * The providers behind an actor system. Machines stay plain definitions (one call machine, one
 * line machine, one root, the same for every telephony, so diagrams, inspection and model-based
 * tests see the real thing); the providers they invoke are bound to the actor system the root
 * runs in, and looked up from there by index.
 */
import type { ActorSystem, AnyActorRef } from 'xstate';
import type { CallMedia, Provider } from '../providers/provider.js';

const bound = new WeakMap<ActorSystem<any>, readonly Provider[]>();

/** Bind `providers` to the actor system of a root actor, before it starts. */
export function bindProviders(system: ActorSystem<any>, providers: readonly Provider[]): void {
  bound.set(system, providers);
}

/** The provider at `index` for this system, or undefined when none is bound. */
export function providerOf(system: ActorSystem<any>, index: number): Provider | undefined {
  return bound.get(system)?.[index];
}

/** Per line service: the audio of its calls, by call id (rule 13 of the provider contract). */
const lineMedia = new WeakMap<AnyActorRef, (callId: string) => CallMedia | null>();

/**
 * Let a line's provider service answer for its calls' audio: one registration per line, none per
 * call, so a call that never plays or records costs nothing for it.
 */
export function bindLineMedia(service: AnyActorRef, media: (callId: string) => CallMedia | null): void {
  lineMedia.set(service, media);
}

/** The audio of call `callId` of the line whose provider service is `service`, or null. */
export function mediaOf(service: AnyActorRef | undefined, callId: string): CallMedia | null {
  return (service && lineMedia.get(service)?.(callId)) || null;
}
