/**
 * The call model itself: paths come from the real call machine (stepped by XState's pure
 * transition functions), end at the end, take every transition of the chart, and honour what a
 * provider says it can produce.
 */
import { type AnyTransitionDefinition, transition } from 'xstate';
import { createTestModel } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { callMachine } from '../../../machines/call.js';
import type { CallEvent } from '../../../machines/events.js';
import { CALL_MODEL_VARIANTS, createCallModel, isImpossible, producibleOf, stepKind } from '../../../src/testing/call-model.js';
import { generateCallPaths } from '../../../src/testing/call-paths.js';
import { chartTransitionDefinitions, transitionKey } from '../../../src/testing/chart-inventory.js';

const all = (options = {}) => CALL_MODEL_VARIANTS.flatMap((v) => generateCallPaths(v, options));

describe('call model', () => {
  it('steps the real call machine: every state of the chart is in its graph', () => {
    // createTestModel takes the chart as it is (no service invoked, no delayed transition), but
    // knows neither the provider events behind the PROVIDER.* wildcard nor their payloads: the
    // call model spells them out, on the same machine.
    expect(() => createTestModel(callMachine)).not.toThrow();
    const reached = new Set(Object.values(createCallModel(CALL_MODEL_VARIANTS[1]).getAdjacencyMap()).map((node) => JSON.stringify(node.state.value)));
    for (const state of ['idle', 'placing', 'dialtone', 'dialing', { alerting: 'proceeding' }, { alerting: 'ringback' }, 'busy', 'connected', 'disconnected', 'dropping', 'ended']) {
      expect(reached.has(JSON.stringify(state)), JSON.stringify(state)).toBe(true);
    }
  });

  it('every path starts a call, ends it, and every step is one the chart takes', () => {
    for (const path of all({ impossibleEvents: true })) {
      expect(path.initial.value).toBe(path.variant.autoAnswer ? 'answering' : path.variant.incoming ? 'offering' : 'idle');
      expect(path.steps.at(-1)?.state.status, path.name).toBe('done');
      let snapshot = path.initial;
      for (const step of path.steps) {
        expect((callMachine.getTransitionData(snapshot, step.event as CallEvent) as unknown[]).length, `${path.name}: ${step.event.type}`).toBeGreaterThan(0);
        [snapshot] = transition(callMachine, snapshot, step.event as CallEvent);
        expect(snapshot.value).toEqual(step.state.value);
      }
    }
  });

  it('the paths take every transition of the chart (on the model; the suite measures the running system)', () => {
    const taken = new Set<AnyTransitionDefinition>();
    for (const path of all({ impossibleEvents: true })) {
      let snapshot = path.initial;
      for (const step of path.steps) {
        for (const t of callMachine.getTransitionData(snapshot, step.event as CallEvent) as AnyTransitionDefinition[]) taken.add(t);
        [snapshot] = transition(callMachine, snapshot, step.event as CallEvent);
      }
    }
    // Eventless steps are not selected by an event: the model-based suite measures them on the running system.
    const always = chartTransitionDefinitions().filter((t) => t.eventType === '');
    const missing = chartTransitionDefinitions().filter((t) => !taken.has(t) && !always.includes(t)).map(transitionKey);
    expect(missing).toEqual([]);
  });

  it('a conformance run feeds no impossible event (a provider that lies fails instead)', () => {
    for (const path of all()) {
      let snapshot = path.initial;
      for (const step of path.steps) {
        expect(isImpossible(snapshot, step.event), `${path.name}: ${step.event.type}`).toBe(false);
        snapshot = step.state;
      }
    }
  });

  it('uses only what the provider can produce', () => {
    const paths = all({ canProduce: (event: string, at: { state: string }) => event === 'PROVIDER.CONNECTED' || (event === 'PROVIDER.IDLE' && at.state === 'dropping') });
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      for (const step of path.steps) {
        const needed = producibleOf(step.event);
        if (needed) expect(['PROVIDER.CONNECTED', 'PROVIDER.IDLE']).toContain(needed);
      }
    }
    expect(paths.map((p) => p.name)).toContain('MAKE → ‹CONNECTED› → DROP → ‹IDLE›');
  });

  it('is the same every time (stable test names)', () => {
    const a = all().map((p) => `${p.id} ${p.name}`);
    const b = all().map((p) => `${p.id} ${p.name}`);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
  });

  it('hold and transfer: tried only where the line declares them; a transfer is never timed out; COMPLETE_TRANSFER is refused by the line', () => {
    let refused = 0;
    for (const path of all({ impossibleEvents: true })) {
      let snapshot = path.initial;
      for (const step of path.steps) {
        const type = step.event.type;
        if (!path.variant.features) expect(['PROVIDER.ONHOLD', 'PROVIDER.TRANSFERRED', 'PROVIDER.REQUEST_FAILED'], path.name).not.toContain(type);
        if (type === 'PROVIDER_TIMEOUT') expect(['blindTransfer', 'completeTransfer'], path.name).not.toContain(snapshot.context.pending?.kind);
        if (type === 'COMPLETE_TRANSFER' && step.emitted.length) {
          // The consultation call is not on the line: no TRANSFER reaches the provider, the refusal comes at once.
          expect(step.commands).toEqual([]);
          expect(step.emitted).toEqual([expect.objectContaining({ type: 'reply', kind: 'completeTransfer', error: 'OPERATIONUNAVAIL' })]);
          expect(step.state.context.pending).toBeNull();
          refused++;
        }
        snapshot = step.state;
      }
    }
    expect(refused).toBeGreaterThan(0);
    const names = all().map((p) => p.name);
    expect(names).toContain('MAKE → ‹CONNECTED› → HOLD → ‹ONHOLD› → DROP → ‹IDLE›');
    expect(names.some((n) => n.includes('‹CONNECTED ACTIVEHELD›'))).toBe(true);
  });

  it('names the kinds of steps', () => {
    expect(stepKind({ type: 'DROP' })).toBe('command');
    expect(stepKind({ type: 'PROVIDER.BUSY' })).toBe('provider');
    expect(stepKind({ type: 'NOANSWER_TIMEOUT' })).toBe('timeout');
    expect(stepKind({ type: 'PROVIDER_TIMEOUT' })).toBe('timeout');
  });
});
