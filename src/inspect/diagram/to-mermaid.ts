/**
 * A machine as a Mermaid `stateDiagram-v2`: the form GitHub renders inside a README.
 */
import type { AnyStateMachine } from 'xstate';
import { type Chart, type ChartState, chartEdges, chartStates, internalLabels, metaLine, readChart, wrapText } from './chart.js';

/** Options of {@link toMermaid}. */
export interface MermaidOptions {
  /** Write each state's description (wrapped) and TAPI names into its box (default true). */
  descriptions?: boolean;
  /** Characters per description line (default 56). */
  width?: number;
}

/**
 * Mermaid is picky about a few characters in free text: `;` ends a statement, `#` starts an
 * entity, `%%` a comment, and `:` after the first one is taken as text but confuses some
 * renderers. Mermaid's own entity codes keep them.
 */
function text(value: string): string {
  return value
    .replace(/#/g, '#35;')
    .replace(/;/g, '#59;')
    .replace(/:/g, '#58;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/%/g, '#37;')
    .replace(/[{}]/g, (c) => (c === '{' ? '#123;' : '#125;'));
}

/** Mermaid ids: the state's key when it is unique in the chart, else its path. */
function idMap(chart: Chart): Map<string, string> {
  const states = chartStates(chart);
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
  const ids = new Map<string, string>();
  for (const s of states) {
    const plain = counts.get(s.key) === 1 ? s.key : s.id.split('.').slice(1).join('_');
    ids.set(s.id, plain.replace(/[^A-Za-z0-9_]/g, '_'));
  }
  return ids;
}

/**
 * Render a machine's statechart as Mermaid. Transitions between the same two states share one
 * arrow; what a state handles without leaving it, and what the machine handles in every state,
 * are written as text (a dashed "in any state" box for the latter).
 *
 * @example
 * ```ts
 * import { callMachine } from 'xtapi/machines';
 * import { toMermaid } from 'xtapi/inspect';
 *
 * console.log(toMermaid(callMachine)); // stateDiagram-v2 …, paste into a ```mermaid block
 * ```
 */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const chart = readChart(machine);
  const descriptions = options.descriptions ?? true;
  const width = options.width ?? 56;
  const ids = idMap(chart);
  const id = (stateId: string) => ids.get(stateId) as string;
  const out: string[] = [
    '---',
    // The title is YAML front matter, not Mermaid text: a quoted YAML string.
    `title: ${JSON.stringify(chart.description ? `${chart.id}: ${chart.description}` : chart.id)}`,
    '---',
    'stateDiagram-v2',
    `  %% Generated from the ${chart.id} machine definition by "xtapi diagram"; do not edit by hand.`,
    '  classDef anyState stroke-dasharray: 5 5',
  ];

  const describe = (state: ChartState, indent: string) => {
    const lines: string[] = [];
    if (descriptions && state.description) lines.push(...wrapText(state.description, width));
    const meta = descriptions ? metaLine(state) : undefined;
    if (meta) lines.push(meta);
    if (state.invokes.length) lines.push(`invokes ${state.invokes.join(', ')}`);
    for (const internal of internalLabels(chart, state.id)) lines.push(`on ${internal}`);
    if (lines.length === 0) return;
    if (state.children.length) {
      // Mermaid gives a composite state a label only: its description goes into a note.
      out.push(`${indent}note left of ${id(state.id)}`, ...lines.map((line) => `${indent}  ${text(line)}`), `${indent}end note`);
      return;
    }
    // With several description lines Mermaid takes the first as the box's title.
    for (const line of [state.key, ...lines]) out.push(`${indent}${id(state.id)} : ${text(line)}`);
  };

  const emitState = (state: ChartState, indent: string) => {
    if (state.children.length) {
      out.push(`${indent}state ${id(state.id)} {`);
      if (state.initial) out.push(`${indent}  [*] --> ${id(state.initial)}`);
      for (const child of state.children) emitState(child, `${indent}  `);
      out.push(`${indent}}`);
    }
    describe(state, indent);
    if (state.type === 'final') out.push(`${indent}${id(state.id)} --> [*]`);
  };

  if (chart.root.initial) out.push(`  [*] --> ${id(chart.root.initial)}`);
  for (const state of chart.root.children) emitState(state, '  ');
  for (const edge of chartEdges(chart)) {
    out.push(`  ${id(edge.source)} --> ${id(edge.target)} : ${edge.labels.map(text).join(', ')}`);
  }

  // Transitions of the machine itself apply in every state: draw them from one dashed box.
  const rootInternal = internalLabels(chart, chart.root.id);
  const rootEdges = chartEdges(chart, { includeRoot: true }).filter((e) => e.source === chart.root.id);
  if (rootInternal.length || rootEdges.length || chart.root.invokes.length) {
    const any = `${chart.id.replace(/[^A-Za-z0-9_]/g, '_')}__any`;
    out.push(`  state "in any state" as ${any}`);
    if (chart.root.invokes.length) out.push(`  ${any} : ${text(`invokes ${chart.root.invokes.join(', ')} for the whole life`)}`);
    for (const internal of rootInternal) out.push(`  ${any} : ${text(`on ${internal}`)}`);
    for (const edge of rootEdges) out.push(`  ${any} --> ${id(edge.target)} : ${edge.labels.map(text).join(', ')}`);
    out.push(`  class ${any} anyState`);
  }
  return `${out.join('\n')}\n`;
}
