/**
 * `xtapi diagram`: print a machine's statechart, generated from the machine definition itself
 * (states, transitions with their events and guards, descriptions). The statechart is the spec;
 * the diagrams in `docs/diagrams/` are this command's output, never drawn by hand.
 */
import { parseArgs } from 'node:util';
import type { AnyStateMachine } from 'xstate';
import { callMachine } from '../../machines/call.js';
import { lineMachine } from '../../machines/line.js';
import { toDot } from '../inspect/diagram/to-dot.js';
import { toMermaid } from '../inspect/diagram/to-mermaid.js';
import { toSvg } from '../inspect/diagram/to-svg.js';
import type { CliIo } from './call-command.js';

/** The machines `xtapi diagram` draws, by name. */
export const DIAGRAM_MACHINES: Readonly<Record<string, AnyStateMachine>> = { call: callMachine, line: lineMachine };

/** The formats `xtapi diagram` writes. */
export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg'] as const;

/** A diagram format. */
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/**
 * The text of one diagram, exactly as `xtapi diagram` prints it (and as `docs/diagrams/` holds it).
 *
 * @example
 * ```ts
 * const mermaid = await renderDiagram('call', 'mermaid', { compact: true });
 * ```
 */
export async function renderDiagram(machine: keyof typeof DIAGRAM_MACHINES, format: DiagramFormat, options: { compact?: boolean } = {}): Promise<string> {
  const definition = DIAGRAM_MACHINES[machine];
  if (!Object.hasOwn(DIAGRAM_MACHINES, machine)) throw new RangeError(`unknown machine "${machine}"`);
  switch (format) {
    case 'mermaid':
      return toMermaid(definition, { descriptions: !options.compact });
    case 'dot':
      return toDot(definition, { descriptions: options.compact ? 'tooltip' : 'label' });
    case 'svg':
      return toSvg(definition, { descriptions: options.compact ? 'tooltip' : 'label' });
  }
}

/** Run `xtapi diagram`; resolves with the exit status. */
export async function diagramCommand(argv: string[], io: CliIo): Promise<number> {
  let values: { machine?: string; format?: string; compact?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        machine: { type: 'string', default: 'call' },
        format: { type: 'string', default: 'mermaid' },
        compact: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.err(`xtapi: ${(error as Error).message}\nTry "xtapi --help".`);
    return 2;
  }
  const machine = values.machine as string;
  const format = values.format as DiagramFormat;
  if (!Object.hasOwn(DIAGRAM_MACHINES, machine)) {
    io.err(`xtapi: unknown machine "${machine}" (${Object.keys(DIAGRAM_MACHINES).join(', ')})\nTry "xtapi --help".`);
    return 2;
  }
  if (!DIAGRAM_FORMATS.includes(format)) {
    io.err(`xtapi: unknown format "${format}" (${DIAGRAM_FORMATS.join(', ')})\nTry "xtapi --help".`);
    return 2;
  }
  const text = await renderDiagram(machine, format, { compact: values.compact === true });
  io.out(text.replace(/\n$/, ''));
  return 0;
}
