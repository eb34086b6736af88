/**
 * A machine as Graphviz DOT: the input of the offline SVG renderer (`to-svg.ts`), and readable
 * by any Graphviz tool.
 */
import type { AnyStateMachine } from 'xstate';
import { type ChartState, chartEdges, internalLabels, metaLine, readChart, wrapText } from './chart.js';

/** Options of {@link toDot}. */
export interface DotOptions {
  /**
   * Where state descriptions go: into the box (`label`, the default: the diagram explains
   * itself on paper), only into the tooltip (`tooltip`: a compact chart, as the call board
   * shows it), or nowhere (`none`).
   */
  descriptions?: 'label' | 'tooltip' | 'none';
  /** Characters per description line (default 44). */
  width?: number;
  /**
   * `names`: a box shows only the state's name (and its description as a tooltip): the small
   * chart the call board draws on each call. Default `full`: TAPI names and the transitions
   * that stay in the state are listed in the box too.
   */
  detail?: 'full' | 'names';
}

/** Escape text for a double-quoted DOT string. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Escape text for a DOT HTML-like label. */
function html(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The class a state's SVG element carries, for highlighting (`state-<key>`; nested:
 * `state-alerting-ringback`).
 *
 * @example
 * ```ts
 * stateClass('call.alerting.ringback'); // 'state-alerting-ringback'
 * svg.querySelector(`.${stateClass('call.connected')}`); // the connected box, in a page
 * ```
 */
export function stateClass(stateId: string): string {
  return `state-${stateId.split('.').slice(1).join('-').replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * Render a machine's statechart as DOT. Compound states become clusters; transitions between
 * the same two states share one edge; what a state handles without leaving it is listed in its
 * box; what the machine handles in every state hangs off a dashed "in any state" note. Each
 * state's SVG element gets the class `state state-<key>`, so a page can highlight it.
 *
 * @example
 * ```ts
 * import { callMachine } from 'xtapi/machines';
 * import { toDot } from 'xtapi/inspect';
 *
 * console.log(toDot(callMachine)); // digraph call { … }, e.g. for `dot -Tpng`
 * ```
 */
export function toDot(machine: AnyStateMachine, options: DotOptions = {}): string {
  const chart = readChart(machine);
  const mode = options.descriptions ?? 'label';
  const width = options.width ?? 44;
  const out: string[] = [
    `// Generated from the ${chart.id} machine definition by "xtapi diagram"; do not edit by hand.`,
    `digraph ${quoted(chart.id)} {`,
    `  graph [rankdir=TB, compound=true, fontname="Helvetica", fontsize=11, nodesep=0.35, ranksep=0.45, labelloc=t, label=${quoted(chart.description ?? chart.id)}];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#f4f6fa", color="#55606e", fontname="Helvetica", fontsize=10];',
    '  edge [color="#55606e", fontname="Helvetica", fontsize=8, arrowsize=0.7];',
  ];

  const names = options.detail === 'names';
  const label = (state: ChartState): string => {
    const rows = [`<b>${html(state.key)}</b>`];
    if (names) return `<${rows[0]}>`;
    const small: string[] = [];
    if (mode === 'label' && state.description) small.push(...wrapText(state.description, width));
    const meta = mode !== 'none' ? metaLine(state) : undefined;
    if (meta) small.push(meta);
    if (state.invokes.length) small.push(`invokes ${state.invokes.join(', ')}`);
    for (const internal of internalLabels(chart, state.id)) small.push(`on ${internal}`);
    if (small.length) rows.push(`<font point-size="8">${small.map(html).join('<br/>')}</font>`);
    return `<${rows.join('<br/>')}>`;
  };
  const attrs = (state: ChartState) => {
    const list = [`class=${quoted(`state ${stateClass(state.id)}`)}`];
    if ((mode === 'tooltip' || names) && state.description) list.push(`tooltip=${quoted(state.description)}`);
    return list;
  };
  // An edge into or out of a cluster is drawn to its initial leaf and clipped at the border.
  const anchor = (id: string): string => {
    const find = (state: ChartState): ChartState | undefined =>
      state.id === id ? state : state.children.map(find).find((s) => s !== undefined);
    let state = find(chart.root);
    while (state && state.children.length) state = state.children.find((c) => c.id === state?.initial) ?? state.children[0];
    return state?.id ?? id;
  };
  const clusters = new Set<string>();

  const emit = (state: ChartState, indent: string) => {
    if (state.children.length) {
      clusters.add(state.id);
      out.push(`${indent}subgraph ${quoted(`cluster_${state.id}`)} {`);
      out.push(`${indent}  graph [style="rounded,dashed", color="#55606e", fontsize=10, label=${label(state)}, ${attrs(state).join(', ')}];`);
      if (state.initial) {
        out.push(`${indent}  ${quoted(`${state.id}.__initial`)} [shape=point, width=0.08, style=filled, fillcolor="#55606e", label=""];`);
        out.push(`${indent}  ${quoted(`${state.id}.__initial`)} -> ${quoted(state.initial)};`);
      }
      for (const child of state.children) emit(child, `${indent}  `);
      out.push(`${indent}}`);
      return;
    }
    const shape = state.type === 'final' ? ', peripheries=2' : '';
    out.push(`${indent}${quoted(state.id)} [label=${label(state)}, ${attrs(state).join(', ')}${shape}];`);
  };

  if (chart.root.initial) {
    out.push(`  ${quoted('__initial')} [shape=point, width=0.12, style=filled, fillcolor="#55606e", label=""];`);
    out.push(`  ${quoted('__initial')} -> ${quoted(anchor(chart.root.initial))};`);
  }
  for (const state of chart.root.children) emit(state, '  ');
  for (const edge of chartEdges(chart)) {
    const extra: string[] = [];
    if (clusters.has(edge.source)) extra.push(`ltail=${quoted(`cluster_${edge.source}`)}`);
    if (clusters.has(edge.target)) extra.push(`lhead=${quoted(`cluster_${edge.target}`)}`);
    out.push(
      `  ${quoted(anchor(edge.source))} -> ${quoted(anchor(edge.target))} [label=${quoted(edge.labels.join('\n'))}${extra.map((e) => `, ${e}`).join('')}];`,
    );
  }

  const rootInternal = internalLabels(chart, chart.root.id);
  const rootEdges = chartEdges(chart, { includeRoot: true }).filter((e) => e.source === chart.root.id);
  if (rootInternal.length || rootEdges.length || chart.root.invokes.length) {
    const lines = ['in any state'];
    if (chart.root.invokes.length) lines.push(`invokes ${chart.root.invokes.join(', ')} for the whole life`);
    lines.push(...rootInternal.map((l) => `on ${l}`));
    const any = `${chart.id}.__any`;
    out.push(`  ${quoted(any)} [shape=note, style="dashed", fontsize=9, label=${quoted(lines.join('\n'))}];`);
    for (const edge of rootEdges) out.push(`  ${quoted(any)} -> ${quoted(anchor(edge.target))} [style=dashed, label=${quoted(edge.labels.join('\n'))}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
