/**
 * The call's context stays small enough for V8 to keep it a plain object. XState makes each new
 * context with `Object.assign({}, context, update)`; on Node 20 an object so built stays in fast
 * mode up to 19 properties and becomes a hash table from 20 on, which cost every call about 1 KB
 * of heap and slower steps (BENCHMARKS.md). A field added without grouping fails here first.
 */
import { createActor, initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { MAX_CONTEXT_FIELDS } from '../../machines/call-context.js';
import { callMachine } from '../../machines/call.js';
import { lineMachine } from '../../machines/line.js';
import { baseInput } from './call-helpers.js';

const features = { hold: true, blindTransfer: true, transfer: true };

describe('context size', () => {
  it(`a call's context has at most ${MAX_CONTEXT_FIELDS} fields, from its start to its end, made or arrived`, () => {
    const incoming = { from: '5550123', name: 'Bob', to: '100', origin: 'EXTERNAL', reason: 'DIRECT' } as const;
    for (const input of [{ ...baseInput, features }, { ...baseInput, incoming, address: null, destination: '', features }]) {
      let [snapshot] = initialTransition(callMachine, input);
      const sizes = [Object.keys(snapshot.context).length];
      for (const event of [{ type: 'MAKE' }, { type: 'ANSWER' }, { type: 'PROVIDER.CONNECTED' }, { type: 'HOLD', request: 1 }, { type: 'PROVIDER.ONHOLD' }, { type: 'DROP', request: 2 }, { type: 'PROVIDER.IDLE' }] as const) {
        [snapshot] = transition(callMachine, snapshot, event);
        sizes.push(Object.keys(snapshot.context).length);
      }
      expect(snapshot.status).toBe('done');
      expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_CONTEXT_FIELDS);
    }
  });

  it(`a line's context has at most ${MAX_CONTEXT_FIELDS} fields too`, () => {
    const device = { name: 'l', address: '100', maxCalls: 2, bearerModes: ['VOICE'], mediaModes: ['INTERACTIVEVOICE'], dialing: { dialtone: true, quiet: true, billing: true, voiceDetect: true }, uriAddresses: false, nonDialed: false } as const;
    const line = createActor(lineMachine, { input: { deviceId: 0, providerIndex: 0, lineIndex: 0, device } });
    expect(Object.keys(line.getSnapshot().context).length).toBeLessThanOrEqual(MAX_CONTEXT_FIELDS);
  });
});
