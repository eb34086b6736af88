/**
 * The fenced code blocks of a Markdown page, with what their info string says about running them:
 * `sh` and `ts` blocks run unless marked `no-run`; `exit=N` is the exit status a `sh` block must
 * end with (default 0); a `text output` block gives lines the nearest runnable block above it
 * must print (`…` stands for any text).
 */

/** One fenced block. */
export interface Block {
  file: string;
  /** The line of its opening fence. */
  line: number;
  /** The language: the first word of the info string ('' when there is none). */
  lang: string;
  /** The other words of the info string. */
  flags: string[];
  code: string;
  /** Lines a later `text output` block says this block prints. */
  output: string[];
}

/** The blocks of `text`, with each `text output` block attached to the runnable block before it. */
export function markdownBlocks(file: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [lang = '', ...flags] = open[1].trim().split(/\s+/).filter(Boolean);
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    const block: Block = { file, line: start + 1, lang, flags, code: `${body.join('\n')}\n`, output: [] };
    if (lang === 'text' && flags.includes('output')) {
      const owner = [...blocks].reverse().find((b) => runs(b));
      if (!owner) throw new Error(`${file}:${start + 1}: an output block with no runnable block before it`);
      owner.output.push(...body);
    }
    blocks.push(block);
  }
  return blocks;
}

/** Whether a block is run by the docs test. */
export function runs(block: Block): boolean {
  return (block.lang === 'sh' || block.lang === 'ts') && !block.flags.includes('no-run');
}

/** The exit status a block must end with. */
export function expectedExit(block: Block): number {
  const flag = block.flags.find((f) => f.startsWith('exit='));
  return flag ? Number(flag.slice(5)) : 0;
}

/** Whether `printed` holds `expected` as a line (with `…` matching any text, and runs of spaces any spacing). */
export function printsLine(printed: string, expected: string): boolean {
  const pattern = expected
    .trim()
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
    .join('.*');
  return new RegExp(`^\\s*${pattern}\\s*$`, 'm').test(printed);
}
