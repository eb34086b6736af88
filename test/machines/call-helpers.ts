/**
 * Helpers for pure tests of the call chart: build a snapshot in any state, take one step with
 * XState's pure `transition()`, and read what the step would do (emit, send to the line's
 * provider service).
 */
import { type AnyStateNode, initialTransition, transition } from 'xstate';
import { type CallContext, type CallInput, callMachine } from '../../machines/call.js';
import type { CallEmitted, CallEvent, CallState } from '../../machines/events.js';
import type { LineServiceCommand } from '../../machines/provider-service.js';

export const baseInput: CallInput = {
  callId: 'c1',
  lineIndex: 0,
  address: '5550111',
  destination: '5550111',
  complete: true,
};

type Snapshot = ReturnType<typeof initialTransition<typeof callMachine>>[0];

/** A snapshot of the call chart in `state`, with context overrides. */
export function at(state: CallState, context: Partial<CallContext> = {}, input: Partial<CallInput> = {}): Snapshot {
  const [initial] = initialTransition(callMachine, { ...baseInput, ...input });
  const value = state === 'proceeding' || state === 'ringback' ? { alerting: state } : state;
  return callMachine.resolveState({ value, context: { ...initial.context, state, ...context } });
}

/** One pure step: the next snapshot and what the step would do. */
export function step(snapshot: Snapshot, event: CallEvent | { type: string; [key: string]: unknown }) {
  const [next, actions] = transition(callMachine, snapshot, event as CallEvent);
  const params = (a: { params?: unknown }) => a.params as Record<string, unknown>;
  const is = (type: string) => (a: { type: string }) => a.type === type;
  return {
    next,
    state: next.context.state,
    value: next.value,
    emitted: actions.filter(is('xstate.emit')).map((a) => params(a).event as CallEmitted),
    // What the call sends its line's provider service (the chart sends nothing else).
    toProvider: actions.filter(is('xstate.sendTo')).map((a) => params(a).event as LineServiceCommand),
    raised: actions.filter(is('xstate.raise')).map((a) => params(a)),
    cancelled: actions.filter(is('xstate.cancel')).map((a) => params(a).sendId as string),
  };
}

/** Every transition the chart defines, as `stateNodeId|eventDescriptor` (plus `|always`). */
export function chartTransitions(): string[] {
  const keys: string[] = [];
  const visit = (node: AnyStateNode) => {
    for (const [descriptor, transitions] of node.transitions) {
      if (transitions.length > 0) keys.push(`${node.id}|${descriptor}`);
    }
    if (node.always?.length) keys.push(`${node.id}|always`);
    for (const child of Object.values(node.states)) visit(child as AnyStateNode);
  };
  visit(callMachine.root);
  return keys.sort();
}
