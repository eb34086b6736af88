/**
 * How listeners hear a call (`src/phone/call-events.ts`): the listeners given to `makeCall` are
 * attached before the call's first step, an `ended` listener on a call that has ended is told in
 * a microtask, and, as a property over random sequences of the modern API's operations on the
 * simulated switch (makes, drops, digits, time, listeners added at any moment, the line closed):
 *
 * - the listeners given to `makeCall` see every state the call went through, in order (the same
 *   sequence XState's inspection shows, from `placing` to `ended`), with non-decreasing times;
 * - a listener added later sees the rest of that sequence, from where it was added;
 * - every `ended` listener, early or late (also after the end), is told exactly once, with the
 *   cause on the call's final snapshot, and never before the `ended` state.
 */
import fc from 'fast-check';
import type { Actor, AnyStateMachine, InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { callMachine } from '../../../machines/call.js';
import type { CallCause, CallState } from '../../../machines/events.js';
import type { CallActorRef } from '../../../machines/line.js';
import type { Call } from '../../../src/phone/call.js';
import { listenToCall, listenToCallAll } from '../../../src/phone/call-events.js';
import { harness } from '../../support/harness.js';

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('call listeners', () => {
  it('listenToCallAll attaches each listener and detaches them all', async () => {
    const h = await harness({ timing: 'instant' });
    const call = await h.line.createCall('5550111');
    const seen: string[] = [];
    const off = listenToCallAll(call.actor, { state: ({ state }) => seen.push(state), reply: ({ kind }) => seen.push(`reply ${kind}`) });
    await call.request({ type: 'MAKE' });
    off();
    await call.drop();
    expect(seen).toEqual(['placing', 'reply make', 'dialtone', 'dialing', 'proceeding', 'ringback', 'connected']);
    await h.shutdown();
  });

  it('an `ended` listener on an ended call is told in a microtask; other late listeners hear nothing', async () => {
    const h = await harness({ timing: 'instant' });
    const call = await h.line.makeCall('5550111');
    await call.drop();
    const heard: string[] = [];
    listenToCall(call.actor, 'state', ({ state }) => heard.push(state));
    listenToCall(call.actor, 'ended', ({ cause }) => heard.push(`ended ${cause.mode}`));
    expect(heard).toEqual([]);
    await flush();
    expect(heard).toEqual(['ended NORMAL']);
    await h.shutdown();
  });
});

// ---------------------------------------------------------------------------------------------
// The property.

const ADDRESSES = ['5550111', '5550122', '5550133', '5550144', '5550155', '5550166', '9;', null, '5550111;'] as const;
const NUMBERS = {
  '5550111': { outcome: 'answer', rings: 2 },
  '5550122': { outcome: 'busy' },
  '5550133': { outcome: 'no-answer' },
  '5550144': { outcome: 'unreachable' },
  '5550155': { outcome: 'reject' },
  '5550166': { outcome: 'answer', hangupAfterMs: 300 },
} as const;

const call = fc.nat(5);
const command = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('make' as const), address: fc.constantFrom(...ADDRESSES), autoClear: fc.boolean(), noAnswerTimeout: fc.constantFrom(0, 500) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 1500 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), call }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dial' as const), call, digits: fc.constantFrom('1', '5550111', '2;', '#') }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('listen' as const), call }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('flush' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const) }) },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

/** What one listener heard of one call. */
interface Heard {
  /** Where in the call's (early) state sequence it was added; 0 for the listeners given to makeCall. */
  from: number;
  states: Array<{ state: CallState; at: number }>;
  ended: CallCause[];
  /** How many states it had heard when `ended` came. */
  statesAtEnd: number[];
}

const heard = (from: number): Heard => ({ from, states: [], ended: [], statesAtEnd: [] });

function listenersFor(record: Heard) {
  return {
    state: ({ state, at }: { state: CallState; at: number }) => record.states.push({ state, at }),
    ended: ({ cause }: { cause: CallCause }) => {
      record.ended.push(cause);
      record.statesAtEnd.push(record.states.length);
    },
  };
}

async function run(commands: Command[], instant: boolean): Promise<string[]> {
  // The oracle: every state each call actor entered, as XState's inspection shows it.
  const truth = new Map<string, CallState[]>();
  const inspect = (event: InspectionEvent) => {
    if ((event.actorRef as Actor<AnyStateMachine>).logic !== callMachine) return;
    if (event.type !== '@xstate.snapshot' && event.type !== '@xstate.microstep') return;
    const { callId, state } = (event.snapshot as ReturnType<CallActorRef['getSnapshot']>).context;
    const states = truth.get(callId) ?? [];
    if (states.at(-1) !== state) states.push(state);
    truth.set(callId, states);
  };
  const h = await harness({ numbers: NUMBERS, maxCallsPerLine: 8, ...(instant ? { timing: 'instant' as const } : {}) }, { inspect });
  const calls: Call[] = [];
  const early: Heard[] = [];
  /** Per call id: the early listener and the late ones. */
  const byCall = new Map<string, { early: Heard; late: Heard[] }>();
  const pending: Array<Promise<unknown>> = [];

  for (const c of commands) {
    switch (c.op) {
      case 'make': {
        const record = heard(0);
        early.push(record);
        const made = h.line
          .makeCall(c.address, { autoClear: c.autoClear, noAnswerTimeout: c.noAnswerTimeout, on: listenersFor(record) })
          .then((made) => {
            calls.push(made);
            byCall.set(made.id, { early: record, late: byCall.get(made.id)?.late ?? [] });
          })
          .catch(() => {});
        pending.push(made);
        break;
      }
      case 'advance':
        h.clock.advance(c.ms);
        break;
      case 'drop':
        if (calls[c.call]) pending.push(calls[c.call].drop());
        break;
      case 'dial':
        if (calls[c.call]) pending.push(calls[c.call].dial(c.digits).catch(() => {}));
        break;
      case 'listen': {
        const target = calls[c.call];
        if (!target) break;
        const entry = byCall.get(target.id)!;
        const record = heard(entry.early.states.length);
        entry.late.push(record);
        const { state, ended } = listenersFor(record);
        target.on('state', state);
        target.on('ended', ended);
        break;
      }
      case 'flush':
        await flush();
        break;
      case 'close':
        pending.push(h.line.close());
        break;
    }
  }
  // Let everything end: the harness's shutdown drops what is left and runs the clock out.
  await h.shutdown();
  await Promise.all(pending);
  await flush();

  const problems: string[] = [];
  for (const made of calls) {
    const { early: first, late } = byCall.get(made.id)!;
    const expected = (truth.get(made.id) ?? []).filter((state) => state !== 'idle');
    const states = first.states.map((s) => s.state);
    if (JSON.stringify(states) !== JSON.stringify(expected)) problems.push(`${made.id}: the makeCall listener heard ${states} but the call went ${expected}`);
    if (states[0] !== 'placing' || states.at(-1) !== 'ended') problems.push(`${made.id}: heard ${states}, not placing … ended`);
    if (first.states.some((s, i) => i > 0 && s.at < first.states[i - 1].at)) problems.push(`${made.id}: times go backwards`);
    for (const [i, record] of [first, ...late].entries()) {
      const who = `${made.id} listener ${i} (from state ${record.from})`;
      const rest = states.slice(record.from);
      if (JSON.stringify(record.states.map((s) => s.state)) !== JSON.stringify(rest)) problems.push(`${who} heard ${record.states.map((s) => s.state)}, not ${rest}`);
      if (record.ended.length !== 1) problems.push(`${who} was told of the end ${record.ended.length} times`);
      else if (JSON.stringify(record.ended[0]) !== JSON.stringify(made.cause)) problems.push(`${who} was told another cause`);
      else if (record.statesAtEnd[0] !== record.states.length) problems.push(`${who} was told of the end before the ended state`);
    }
  }
  // A make that never resolved (refused, or its call ended first) still told its listeners of
  // every state it had, ended included, and of the end once.
  for (const record of early) {
    if (calls.some((made) => byCall.get(made.id)?.early === record)) continue;
    if (record.states.length === 0) continue; // refused before a call existed
    if (record.states.at(-1)?.state !== 'ended' || record.ended.length !== 1) problems.push(`a make that failed: heard ${record.states.map((s) => s.state)}, ${record.ended.length} ends`);
  }
  return problems;
}

describe('call listeners: property', () => {
  it('random sequences: the makeCall listeners hear every state in order, late ones the rest, and every `ended` listener is told once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), fc.boolean(), async (commands, instant) => {
        expect(await run(commands, instant)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
