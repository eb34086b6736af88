/**
 * Where a call actor made without a line sends its commands: nowhere. A call actor is normally
 * spawned by its line supervisor, which gives it the line's provider service; a call actor
 * created on its own (to step the chart in a test, or to draw it) has no provider, and its
 * commands must not come back to itself (XState sends to the sender when a target is missing).
 */
import { type AnyActorRef, createActor, fromCallback } from 'xstate';

let detached: AnyActorRef | undefined;

/** The one actor that takes every command and does nothing with it. */
export function detachedService(): AnyActorRef {
  detached ??= createActor(fromCallback(() => {})).start();
  return detached;
}
