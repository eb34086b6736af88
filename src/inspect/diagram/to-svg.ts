/**
 * A machine as SVG, rendered offline: Graphviz compiled to WebAssembly (`@viz-js/viz`, from
 * the npm registry) lays out the DOT from `to-dot.ts`. No browser, no system package, no
 * network.
 */
import type { AnyStateMachine } from 'xstate';
import { type DotOptions, toDot } from './to-dot.js';

type Viz = Awaited<ReturnType<typeof import('@viz-js/viz').instance>>;

let viz: Promise<Viz> | undefined;

/** One Graphviz instance per process: loading the WebAssembly module takes ~100 ms. */
function graphviz(): Promise<Viz> {
  // Loaded on first use, so importing xtapi does not load 1 MB of WebAssembly.
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return viz;
}

/**
 * Render a machine's statechart as an SVG document (see {@link toDot} for the options).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { callMachine } from 'xtapi/machines';
 * import { toSvg } from 'xtapi/inspect';
 *
 * writeFileSync('call.svg', await toSvg(callMachine));
 * ```
 */
export async function toSvg(machine: AnyStateMachine, options: DotOptions = {}): Promise<string> {
  return (await graphviz()).renderString(toDot(machine, options), { format: 'svg', engine: 'dot' });
}
