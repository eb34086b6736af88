/**
 * `xtapi diagram`: print a machine's statechart, generated from the machine definition itself
 * (states, transitions with their events and guards, descriptions). The statechart is the spec;
 * the diagrams in `docs/diagrams/` are this command's output, never drawn by hand.
 */
import type { AnyStateMachine } from 'xstate';
import { callMachine } from '../../machines/call.js';
import { lineMachine } from '../../machines/line.js';
import { digitGatherMachine } from '../../machines/digit-gather.js';
import { toDot } from '../inspect/diagram/to-dot.js';
import { toMermaid } from '../inspect/diagram/to-mermaid.js';
import { toSvg } from '../inspect/diagram/to-svg.js';
import type { CliIo } from './cli-io.js';
import { HELP, USAGE } from './help.js';
import { parseCommandLine } from './parse-command-line.js';
import { quoted } from './quote.js';
import { reportUsage, UsageError } from './usage-error.js';

/** The machines `xtapi diagram` draws, by name. */
export const DIAGRAM_MACHINES: Readonly<Record<string, AnyStateMachine>> = { call: callMachine, line: lineMachine, gather: digitGatherMachine };

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

/**
 * Run `xtapi diagram`; resolves with the exit status.
 *
 * @example
 * ```ts
 * await diagramCommand(['--machine', 'line', '--format', 'dot'], { out: console.log, err: console.error }); // 0
 * ```
 */
export async function diagramCommand(argv: string[], io: CliIo): Promise<number> {
  let machine: string;
  let format: DiagramFormat;
  let compact: boolean;
  try {
    const { values } = parseCommandLine(
      argv,
      {
        machine: { type: 'string', default: 'call' },
        format: { type: 'string', default: 'mermaid' },
        compact: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      0,
    );
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    machine = values.machine;
    format = values.format as DiagramFormat;
    compact = values.compact;
    if (!Object.hasOwn(DIAGRAM_MACHINES, machine)) throw new UsageError(`unknown machine ${quoted(machine)} (${Object.keys(DIAGRAM_MACHINES).join(', ')})`);
    if (!DIAGRAM_FORMATS.includes(format)) throw new UsageError(`unknown format ${quoted(format)} (${DIAGRAM_FORMATS.join(', ')})`);
  } catch (error) {
    if (error instanceof UsageError) return reportUsage(io, error, USAGE.diagram);
    throw error;
  }
  const text = await renderDiagram(machine, format, { compact });
  io.out(text.replace(/\n$/, ''));
  return 0;
}
