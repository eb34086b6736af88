/**
 * The invariants of a call, checked at every step of every generated path (docs/adr/0007-rules-every-call-keeps.md, "Rules
 * every implementation keeps"):
 *
 * 1. the call does what the chart says: the states it enters, the replies, the end and the
 *    commands to its provider are the ones the chart's own step produces, in order;
 * 2. exactly one terminal event, and nothing after it;
 * 3. a cause on the final snapshot (and on the terminal event, the same one);
 * 4. no child left after the end: the provider service stopped, the provider's call disposed and
 *    silent, the call gone from its line, no timer left on a simulated clock;
 * 5. `can()` agrees with what the provider is given: what the call says it can do now is what the
 *    chart allows, and a command it cannot do reaches nobody;
 * 6. every request is answered exactly once, a make's reply before the call's first progress.
 *
 * Each check returns the violations it found, as sentences; none means it holds.
 */
import type { CallEmitted, CallState } from '../../machines/events.js';
import type { ProviderCommand, ProviderEvent } from '../../providers/provider.js';

/** An emitted event reduced to what a provider cannot change (modes come from the provider). */
export function emitKey(event: CallEmitted): string {
  switch (event.type) {
    case 'state':
      return `state ${event.state}`;
    case 'reply':
      return `reply ${event.kind}${event.error ? ` ${event.error}` : ''}`;
    case 'ended':
      return `ended (${event.cause.origin})`;
    case 'warning':
      return `warning ${event.event} in ${event.state}`;
    case 'redirected':
      // Where to is the provider's (the path's payload is only a representative).
      return 'redirected';
    case 'transferRequested':
      return `transferRequested${event.refused ? ' (refused)' : ''}`;
    case 'digit':
      return `digit ${event.digit}`;
  }
}

/** A command reduced to what the call decides (its type, digits and transfer target). */
export function commandKey(command: ProviderCommand): string {
  switch (command.type) {
    case 'DIAL':
      return `DIAL ${command.digits}${command.complete ? '' : ';'}`;
    case 'GENERATE_DIGITS':
      return `GENERATE_DIGITS ${command.digits}`;
    case 'BLIND_TRANSFER':
      return `BLIND_TRANSFER ${command.to}`;
    case 'TRANSFER':
      return `TRANSFER ${command.consultationCallId}`;
    case 'ANSWER_TRANSFER_REQUEST':
      return `ANSWER_TRANSFER_REQUEST ${command.accept ? 'accept' : 'refuse'}`;
    default:
      return command.type;
  }
}

/** How `actual` relates to `expected`: equal, ahead (expected is a prefix), or a mismatch. */
export function compareSequence(what: string, expected: readonly string[], actual: readonly string[], exact: boolean): string[] {
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) return [`${what} #${i + 1}: expected "${expected[i]}", got "${actual[i]}" (expected [${expected.join(', ')}], got [${actual.join(', ')}])`];
  }
  if (actual.length < expected.length) return [`${what}: missing [${expected.slice(actual.length).join(', ')}] (got [${actual.join(', ')}])`];
  if (exact && actual.length > expected.length) return [`${what}: unexpected [${actual.slice(expected.length).join(', ')}] (expected [${expected.join(', ')}])`];
  return [];
}

/** Invariant 2 before the end: no terminal event yet. */
export function checkNotEnded(emitted: readonly CallEmitted[]): string[] {
  const ended = emitted.filter((e) => e.type === 'ended').length;
  return ended === 0 ? [] : [`exactly one terminal event: the call ended before the path's end (${ended} ended event${ended > 1 ? 's' : ''})`];
}

/** What the end checks look at. */
export interface EndObservation {
  emitted: readonly CallEmitted[];
  /** The call actor's final snapshot. */
  snapshot: {
    status: string;
    output?: unknown;
    context: { cause: unknown; reached: number; state: CallState };
    children: Record<string, { getSnapshot(): { status: string } } | undefined>;
  };
  /** Whether the call was ever connected, from the states it announced. */
  everConnected: boolean;
  /** Whether the line still holds the call (in its context or its children). */
  lineHoldsCall: boolean;
  /** The provider's side of the call, if one was created. */
  provider?: { disposed: boolean; reportsAfterDispose: readonly ProviderEvent[] };
  /** Timers still pending on a simulated clock, if the run has one. */
  pendingTimers?: number;
}

/**
 * Invariants 2, 3 and 4 at the end of a path.
 *
 * @example
 * ```ts
 * const problems = checkEnd({ emitted, snapshot: call.getSnapshot(), everConnected: true, lineHoldsCall: false });
 * expect(problems).toEqual([]);
 * ```
 */
export function checkEnd(end: EndObservation): string[] {
  const problems: string[] = [];
  const ended = end.emitted.filter((e) => e.type === 'ended');
  if (ended.length !== 1) problems.push(`exactly one terminal event: saw ${ended.length}`);
  const last = end.emitted[end.emitted.length - 1];
  if (ended.length === 1 && last?.type !== 'ended') problems.push(`nothing after the terminal event: then came ${emitKey(last)}`);
  if (end.snapshot.status !== 'done') problems.push(`the call actor ended: its status is "${end.snapshot.status}"`);
  const cause = end.snapshot.context.cause as { mode?: unknown; origin?: unknown; connected?: unknown } | null;
  if (!cause || typeof cause.mode !== 'string' || typeof cause.origin !== 'string') {
    problems.push(`a cause on the final snapshot: context.cause is ${JSON.stringify(cause)}`);
  } else {
    if (end.snapshot.output !== cause) problems.push('a cause on the final snapshot: output and context.cause differ');
    if (ended.length === 1 && JSON.stringify((ended[0] as { cause: unknown }).cause) !== JSON.stringify(cause)) {
      problems.push('the terminal event carries the final cause');
    }
    if (cause.connected !== end.everConnected) problems.push(`cause.connected is ${String(cause.connected)}, but the call was ${end.everConnected ? '' : 'never '}connected`);
  }
  if (end.snapshot.context.state !== 'ended') problems.push(`the final state is "ended", not "${end.snapshot.context.state}"`);
  for (const [id, child] of Object.entries(end.snapshot.children)) {
    const status = child?.getSnapshot().status;
    if (status === 'active') problems.push(`no child left after the end: "${id}" is still active`);
  }
  if (end.lineHoldsCall) problems.push('no child left after the end: the line still holds the call');
  if (end.provider && !end.provider.disposed) problems.push("no child left after the end: the provider's call was not disposed");
  if (end.provider && end.provider.reportsAfterDispose.length) {
    problems.push(`the provider reported after dispose: ${end.provider.reportsAfterDispose.map((e) => e.type).join(', ')}`);
  }
  if (end.pendingTimers !== undefined && end.pendingTimers > 0) problems.push(`no timer left after the end: ${end.pendingTimers} pending`);
  return problems;
}

/**
 * Invariant 6: every request answered once; a make's reply before any progress state.
 *
 * @example
 * ```ts
 * checkReplies(emitted, new Map([[1, 'MAKE'], [2, 'DROP']])); // [] when both were answered once
 * ```
 */
export function checkReplies(emitted: readonly CallEmitted[], requests: ReadonlyMap<number, string>): string[] {
  const problems: string[] = [];
  const counts = new Map<number, number>();
  for (const e of emitted) if (e.type === 'reply' && e.request !== undefined) counts.set(e.request, (counts.get(e.request) ?? 0) + 1);
  for (const [request, kind] of requests) {
    const n = counts.get(request) ?? 0;
    if (n !== 1) problems.push(`every request answered once: ${kind} request ${request} got ${n} replies`);
  }
  const makeReply = emitted.findIndex((e) => e.type === 'reply' && e.kind === 'make');
  const progress = emitted.findIndex((e) => e.type === 'state' && !['idle', 'placing', 'dropping', 'ended'].includes(e.state));
  if (progress >= 0 && makeReply >= 0 && makeReply > progress) problems.push("a make's reply comes before the call's first progress state");
  return problems;
}

/** The commands `can()` is asked about at every step. */
export const PROBES = [
  { type: 'MAKE' },
  { type: 'DIAL', digits: '5', complete: false },
  { type: 'GENERATE_DIGITS', digits: '1' },
  { type: 'ACCEPT' },
  { type: 'ANSWER' },
  { type: 'DROP' },
  { type: 'HOLD' },
  { type: 'UNHOLD' },
  { type: 'BLIND_TRANSFER', to: '5550199' },
  { type: 'SETUP_TRANSFER' },
  { type: 'COMPLETE_TRANSFER', consultationCallId: 'consultation' },
  { type: 'CANCEL_TRANSFER' },
  { type: 'ACCEPT_TRANSFER_REQUEST' },
  { type: 'REFUSE_TRANSFER_REQUEST' },
] as const;

/**
 * Invariant 5, first half: the running call and the chart agree on what can be done now.
 *
 * @example
 * ```ts
 * checkFeatures(modelSnapshot, call.getSnapshot()); // [] or ['can(DIAL) is true, the chart says false']
 * ```
 */
export function checkFeatures(model: { can(event: never): boolean }, call: { can(event: never): boolean }): string[] {
  const problems: string[] = [];
  for (const probe of PROBES) {
    const expected = model.can(probe as never);
    const actual = call.can(probe as never);
    if (expected !== actual) problems.push(`can(${probe.type}) is ${actual}, the chart says ${expected}`);
  }
  return problems;
}
