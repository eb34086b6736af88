/**
 * The call service: how a call actor invokes its provider. It turns the actor's commands into
 * {@link ProviderCall} method calls and the provider's reports into events for the actor, and
 * keeps the contract's promises on the provider's behalf: a command that throws becomes
 * `PROVIDER.FAILED`, and nothing the provider says after `dispose()` reaches the actor.
 *
 * It is a small actor logic of its own rather than `fromCallback`: every call invokes one, and
 * this one keeps its running state in its snapshot, where `fromCallback` needs a module-wide
 * WeakMap entry, a listener Set and five closures per call (≈ 460 B of each live call in
 * `npm run bench -- memory`). It behaves as the callback did: started with the call actor,
 * restarted on restore, disposed when the call actor stops.
 */
import type { ActorLogic, ActorSystem, AnyActorRef, EventObject, Snapshot } from 'xstate';
import type { CallRequest, Clock, ProviderCall, ProviderCommand, ProviderEvent } from '../providers/provider.js';
import { ProviderError } from '../providers/provider.js';
import { providerOf } from './resources.js';

/** Input of the call service: the call request plus which provider serves it. */
export interface CallServiceInput extends CallRequest {
  providerIndex: number;
}

/** The provider's call while the service runs, and the way its reports reach the call actor. */
class ProviderLink {
  /** False from stop on: a disposed call is not heard any more. */
  live = true;
  call: ProviderCall | undefined;

  constructor(readonly report: (event: ProviderEvent) => void) {}

  /** A live connection is not data: it stays out of serialised snapshots (the inspector's). */
  toJSON(): undefined {
    return undefined;
  }
}

/** The call service's snapshot: XState's fields and the input, plus the link while it runs. */
export type CallServiceSnapshot = Snapshot<undefined> & { input: CallServiceInput; link?: ProviderLink };

function run(call: ProviderCall, command: ProviderCommand): void {
  switch (command.type) {
    case 'MAKE':
      return call.make();
    case 'DIAL':
      return call.dial(command.digits, command.complete);
    case 'GENERATE_DIGITS':
      return call.generateDigits(command.digits);
    case 'DROP':
      return call.drop();
  }
}

/**
 * `system._relay` is how XState's own callback actors send back: the event reaches the parent
 * with this actor as its source, so inspection shows who said it. It is not in the system's
 * public type.
 */
type Relay = { _relay(source: AnyActorRef, target: AnyActorRef, event: EventObject): void };

/** The call service; without a bound provider it accepts commands and reports nothing. */
export const callService: ActorLogic<CallServiceSnapshot, ProviderCommand, CallServiceInput, ActorSystem<any>, ProviderEvent> = {
  getInitialSnapshot: (_, input) => ({ status: 'active', output: undefined, error: undefined, input }),

  start(snapshot, { self, system }) {
    const provider = providerOf(system, snapshot.input.providerIndex);
    const parent = self._parent;
    if (!provider || !parent) return;
    const link = new ProviderLink((event) => {
      if (link.live) (system as unknown as Relay)._relay(self, parent, event);
    });
    // The input is a CallRequest already (plus providerIndex, which a provider ignores). If
    // createCall throws, the service fails to start and the call actor ends (its onError).
    link.call = provider.createCall(snapshot.input, link.report, system._clock as Clock);
    // The snapshot is this actor's own object and stays the same while it runs (commands change
    // nothing in it), so it is where the link lives until stop.
    snapshot.link = link;
  },

  transition(snapshot, event) {
    const link = snapshot.link;
    // XState stops an actor by sending it `xstate.stop`; the call actor stops its service when it stops.
    if ((event as EventObject).type === 'xstate.stop') {
      if (link) {
        link.live = false;
        link.call?.dispose();
      }
      return { status: 'stopped', output: undefined, error: undefined, input: snapshot.input };
    }
    if (!link?.call) return snapshot;
    try {
      run(link.call, event);
    } catch (error) {
      link.report({
        type: 'PROVIDER.FAILED',
        error: error instanceof ProviderError ? error.lineError : 'OPERATIONFAILED',
        message: error instanceof Error ? error.message : String(error),
      });
    }
    return snapshot;
  },

  // The link is never persisted: a restored call actor starts its service again, and the
  // provider makes a new call (as it did with the callback).
  getPersistedSnapshot: ({ link: _, ...persisted }) => persisted as Snapshot<undefined>,
};
