/**
 * Chart coverage, measured on the running call actors (not on the model): which states of the
 * call chart they entered and which transition definitions they took, read from XState's
 * inspection stream (`@xstate.snapshot` and `@xstate.microstep`). The active states come from the
 * public `getStateNodes`; the transitions a microstep took have no public accessor, so they are
 * read in `xstate-internals.ts`, the one place that reads XState's internals.
 */
import { type Actor, type AnyStateMachine, type AnyStateNode, type AnyTransitionDefinition, getStateNodes, type InspectionEvent, type StateValue } from 'xstate';
import { callMachine } from '../../machines/call.js';
import { chartStateIds, chartTransitionDefinitions, transitionKey } from './chart-inventory.js';
import { takenTransitions } from './xstate-internals.js';

/** Coverage numbers. */
export interface CoverageReport {
  states: { covered: number; total: number; missing: string[] };
  transitions: { covered: number; total: number; missing: string[] };
  /** Covered share of states and transitions together, 0 … 1. */
  ratio: number;
}

/**
 * Collects what running call actors of one machine did.
 *
 * @example
 * ```ts
 * const coverage = new ChartCoverage();
 * const telephony = createTelephony({ inspect: coverage.observe });
 * // … calls …
 * console.log(coverage.summary('my run')); // call chart coverage (my run): states 9/12 (75%), …
 * ```
 */
export class ChartCoverage {
  private readonly states = new Set<string>();
  private readonly transitions = new Set<AnyTransitionDefinition>();

  constructor(private readonly machine: AnyStateMachine = callMachine) {}

  /** An inspection observer: pass it (or call it from yours) as a root actor's `inspect`. */
  readonly observe = (event: InspectionEvent): void => {
    if ((event.actorRef as Actor<AnyStateMachine>).logic !== this.machine) return;
    if (event.type === '@xstate.microstep') for (const t of takenTransitions(event)) this.transitions.add(t);
    if (event.type === '@xstate.snapshot' || event.type === '@xstate.microstep') {
      const { value } = event.snapshot as { value?: StateValue };
      if (value === undefined) return;
      for (const node of getStateNodes(this.machine.root, value) as AnyStateNode[]) if (node.parent) this.states.add(node.id);
    }
  };

  /** The numbers so far. */
  report(): CoverageReport {
    const allStates = chartStateIds();
    const allTransitions = chartTransitionDefinitions();
    const missingStates = allStates.filter((id) => !this.states.has(id));
    const missingTransitions = allTransitions.filter((t) => !this.transitions.has(t)).map(transitionKey);
    const covered = allStates.length - missingStates.length + allTransitions.length - missingTransitions.length;
    return {
      states: { covered: allStates.length - missingStates.length, total: allStates.length, missing: missingStates },
      transitions: { covered: allTransitions.length - missingTransitions.length, total: allTransitions.length, missing: missingTransitions },
      ratio: covered / (allStates.length + allTransitions.length),
    };
  }

  /** One line: `call chart coverage (scripted): states 12/12 (100%), transitions 73/73 (100%)`. */
  summary(label: string): string {
    const r = this.report();
    const pct = (a: number, b: number) => `${Math.floor((1000 * a) / b) / 10}%`;
    return (
      `call chart coverage (${label}): states ${r.states.covered}/${r.states.total} (${pct(r.states.covered, r.states.total)}), ` +
      `transitions ${r.transitions.covered}/${r.transitions.total} (${pct(r.transitions.covered, r.transitions.total)})`
    );
  }
}
