/**
 * A statechart read off a machine definition: the neutral form the diagram serialisers
 * (`to-mermaid.ts`, `to-dot.ts`) draw from. Everything here comes from the machine's own state
 * nodes (`machine.root`: `states`, `initial`, `transitions`, `always`, `invoke`, `description`,
 * `meta`), never from a copy, so a diagram cannot disagree with the code it documents.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** One state of the chart. */
export interface ChartState {
  /** The state node id, e.g. `call.alerting.ringback`. */
  id: string;
  /** The state's own key, e.g. `ringback`. */
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  description: string | undefined;
  /** The `meta` object of the state node, if any. */
  meta: Record<string, unknown> | undefined;
  /** The id of the initial child of a compound state. */
  initial: string | undefined;
  children: ChartState[];
  /** What the state invokes, by `src` (e.g. `openLine`). */
  invokes: string[];
}

/** What makes a transition fire. */
export type ChartTrigger =
  | { kind: 'event'; event: string }
  | { kind: 'after'; delay: string }
  | { kind: 'always' }
  | { kind: 'done'; src: string }
  | { kind: 'error'; src: string };

/** One transition definition. */
export interface ChartTransition {
  /** The id of the state node that defines the transition. */
  source: string;
  /** Target state ids; empty for a transition that stays where it is (targetless). */
  targets: string[];
  trigger: ChartTrigger;
  /** The guard's name, if the transition has one. */
  guard: string | undefined;
  /** Names of the actions it runs. */
  actions: string[];
  /** The label a diagram writes: `EVENT [guard]`, `after delay`, `always [guard]`, `src done`. */
  label: string;
}

/** A whole chart. */
export interface Chart {
  /** The machine id, e.g. `call`. */
  id: string;
  description: string | undefined;
  /** The root state node (its children are the top-level states). */
  root: ChartState;
  /** Every transition, in definition order (root-level ones included, `source` = root id). */
  transitions: ChartTransition[];
}

function nameOf(thing: unknown): string {
  if (typeof thing === 'string') return thing;
  if (typeof thing === 'function') return thing.name || 'inline';
  if (thing && typeof thing === 'object' && 'type' in thing) return String((thing as { type: unknown }).type);
  return 'inline';
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined) return undefined;
  // Combined guards (and/or/not) are functions carrying their operands.
  const parts = (guard as { guards?: unknown[] }).guards;
  if (typeof guard === 'function' && Array.isArray(parts)) {
    const op = guard.name.replace(/Guard$/i, '') || 'and';
    return `${op}(${parts.map((g) => guardName(g)).join(', ')})`;
  }
  return nameOf(guard);
}

function stateOf(node: AnyStateNode): ChartState {
  return {
    id: node.id,
    key: node.key,
    type: node.type,
    description: node.description,
    meta: node.meta as Record<string, unknown> | undefined,
    initial: node.initial?.target?.[0]?.id,
    children: Object.values(node.states as Record<string, AnyStateNode>).map(stateOf),
    invokes: node.invoke.map((i) => nameOf(i.src)),
  };
}

function triggerOf(node: AnyStateNode, eventType: string): ChartTrigger {
  // Delayed transitions, and the done/error events of invoked actors, are events with generated
  // names (`xstate.after.<delay>.<state id>`, `xstate.done.actor.<invoke id>`): name them by
  // what they mean.
  if (eventType.startsWith('xstate.after.') && eventType.endsWith(`.${node.id}`)) {
    const delay = eventType.slice('xstate.after.'.length, eventType.length - node.id.length - 1);
    return { kind: 'after', delay: /^\d+$/.test(delay) ? `${delay} ms` : delay };
  }
  for (const kind of ['done', 'error'] as const) {
    const prefix = `xstate.${kind}.actor.`;
    if (!eventType.startsWith(prefix) || eventType.endsWith('*')) continue;
    const id = eventType.slice(prefix.length);
    const invoke = node.invoke.find((i) => i.id === id);
    return { kind, src: invoke ? nameOf(invoke.src) : id };
  }
  return { kind: 'event', event: eventType };
}

function labelOf(trigger: ChartTrigger, guard: string | undefined): string {
  const when = guard ? ` [${guard}]` : '';
  switch (trigger.kind) {
    case 'event':
      return `${trigger.event}${when}`;
    case 'after':
      return `after ${trigger.delay}${when}`;
    case 'always':
      return `always${when}`;
    case 'done':
      return `${trigger.src} done${when}`;
    case 'error':
      return `${trigger.src} error${when}`;
  }
}

function transitionOf(node: AnyStateNode, t: AnyTransitionDefinition, trigger: ChartTrigger): ChartTransition {
  const guard = guardName(t.guard);
  return {
    source: node.id,
    targets: (t.target ?? []).map((target) => target.id),
    trigger,
    guard,
    actions: t.actions.map(nameOf),
    label: labelOf(trigger, guard),
  };
}

/**
 * Read a machine's statechart: states, transitions with their triggers and guards, and the
 * descriptions and meta the machine carries.
 *
 * @example
 * ```ts
 * import { callMachine } from 'xtapi/machines';
 * import { readChart } from 'xtapi/inspect';
 *
 * const chart = readChart(callMachine);
 * chart.root.children.map((s) => s.key); // ['idle', 'placing', 'dialtone', …]
 * ```
 */
export function readChart(machine: AnyStateMachine): Chart {
  const transitions: ChartTransition[] = [];
  const visit = (node: AnyStateNode) => {
    for (const [eventType, definitions] of node.transitions as Map<string, AnyTransitionDefinition[]>) {
      const trigger = triggerOf(node, eventType);
      for (const t of definitions) transitions.push(transitionOf(node, t, trigger));
    }
    for (const t of node.always ?? []) transitions.push(transitionOf(node, t, { kind: 'always' }));
    for (const child of Object.values(node.states as Record<string, AnyStateNode>)) visit(child);
  };
  visit(machine.root);
  return { id: machine.id, description: machine.root.description, root: stateOf(machine.root), transitions };
}

/** Every state of a chart below the root, depth first. */
export function chartStates(chart: Chart): ChartState[] {
  const all: ChartState[] = [];
  const visit = (state: ChartState) => {
    for (const child of state.children) {
      all.push(child);
      visit(child);
    }
  };
  visit(chart.root);
  return all;
}

/** The TAPI names a state's `meta` gives, as one line (`TAPI 2 LINECALLSTATE_BUSY · TAPI 3 CS_DISCONNECTED`). */
export function metaLine(state: ChartState): string | undefined {
  const meta = state.meta;
  if (!meta) return undefined;
  const parts: string[] = [];
  if (typeof meta.tapi2 === 'string') parts.push(`TAPI 2 ${meta.tapi2}`);
  if (typeof meta.tapi3 === 'string') parts.push(`TAPI 3 ${meta.tapi3}${typeof meta.cause3 === 'string' ? ` (${meta.cause3})` : ''}`);
  if (parts.length === 0 && typeof meta.see === 'string') parts.push(`see ${meta.see}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** Break `text` into lines of at most `width` characters, at spaces. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Transitions grouped by source and targets, so a diagram draws one edge per pair of states. */
export interface ChartEdge {
  source: string;
  target: string;
  labels: string[];
}

/** The chart's targeted transitions as edges, one per (source, target), labels in definition order. */
export function chartEdges(chart: Chart, options: { includeRoot?: boolean } = {}): ChartEdge[] {
  const edges = new Map<string, ChartEdge>();
  for (const t of chart.transitions) {
    if (!options.includeRoot && t.source === chart.root.id) continue;
    for (const target of t.targets) {
      const key = `${t.source}\u0000${target}`;
      const edge = edges.get(key) ?? { source: t.source, target, labels: [] };
      if (!edge.labels.includes(t.label)) edge.labels.push(t.label);
      edges.set(key, edge);
    }
  }
  return [...edges.values()];
}

/** What a state handles without leaving (targetless transitions), as labels; "(ignored)" when it does nothing. */
export function internalLabels(chart: Chart, stateId: string): string[] {
  return chart.transitions
    .filter((t) => t.source === stateId && t.targets.length === 0)
    .map((t) => (t.actions.length === 0 ? `${t.label} (ignored)` : `${t.label} / ${t.actions.join(', ')}`));
}
