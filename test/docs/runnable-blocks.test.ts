/**
 * The newcomer's test: every shell command and TypeScript block of README.md and docs/ that is
 * meant to run is run exactly as written, as a reader would paste it, and its exit status and the
 * output the page shows are checked. TypeScript blocks are type-checked too, importing `xtapi` as
 * an application does (the built package, by its own name). A block that is not meant to run says
 * so in its info string (`ts no-run`, `sh no-run`); a block with no language at all fails, so
 * nothing is skipped silently.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli } from '../support/cli.js';
import { type Block, expectedExit, markdownBlocks, printsLine, runs } from '../support/markdown-blocks.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the package, so that `import … from 'xtapi'` resolves to it (self-reference), and ignored by git.
const WORK = join(ROOT, 'test-results', 'docs-blocks');

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join('docs', 'diagrams') ? [] : markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const FILES = ['README.md', 'CONTEXT.md', ...markdownFiles('docs')];
const BLOCKS = FILES.flatMap((file) => markdownBlocks(file, readFileSync(join(ROOT, file), 'utf8')));
const RUNNABLE = BLOCKS.filter(runs);
const name = (block: Block) => `${block.file.replace(/[/.]/g, '-')}-${block.line}`;

function run(command: string, args: string[], timeout: number): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: stdout, err: stderr });
    });
  });
}

/** A TypeScript block as the ES module Node runs: types stripped, nothing else changed. */
async function compile(block: Block): Promise<string> {
  const { transformWithOxc } = await import('vite');
  const { code } = await transformWithOxc(block.code, `${name(block)}.ts`, { lang: 'ts' });
  return code;
}

describe('README and docs, run as written', () => {
  beforeAll(() => {
    requireBuiltCli();
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
  });

  it('every fenced block says what it is, and sh/ts blocks that are not run say no-run', () => {
    const unmarked = BLOCKS.filter((block) => block.lang === '').map((b) => `${b.file}:${b.line}`);
    expect(unmarked).toEqual([]);
    const aliases = BLOCKS.filter((block) => ['bash', 'shell', 'console', 'typescript', 'js', 'javascript'].includes(block.lang)).map((b) => `${b.file}:${b.line} (${b.lang})`);
    expect(aliases).toEqual([]);
    expect(RUNNABLE.length).toBeGreaterThanOrEqual(6);
    // The quick start is among them.
    expect(RUNNABLE.some((block) => block.file === 'README.md' && block.code.trim() === 'npx xtapi call 5550111')).toBe(true);
  });

  it('every TypeScript block type-checks against the built package', async () => {
    const blocks = RUNNABLE.filter((block) => block.lang === 'ts');
    for (const block of blocks) writeFileSync(join(WORK, `${name(block)}.ts`), block.code);
    writeFileSync(
      join(WORK, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] },
        include: ['*.ts'],
      }),
    );
    const { code, out, err } = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(WORK, 'tsconfig.json')], 120_000);
    expect(`${out}${err}`.replaceAll(WORK, '<block>'), relative(ROOT, WORK)).toBe('');
    expect(code).toBe(0);
  }, 150_000);

  for (const block of RUNNABLE) {
    it.concurrent(`${block.file}:${block.line} (${block.lang}) runs${block.output.length ? ' and prints what the page shows' : ''}`, async () => {
      let result: { code: number; out: string; err: string };
      if (block.lang === 'sh') {
        result = await run('sh', ['-e', '-c', block.code], 60_000);
      } else {
        const file = join(WORK, `${name(block)}.mjs`);
        writeFileSync(file, await compile(block));
        result = await run(process.execPath, [file], 60_000);
      }
      const printed = `${result.out}${result.err}`;
      // The output goes with the message: a block that fails only on a loaded machine says why.
      expect(result.code, `exit status of the block; it printed:\n${printed}`).toBe(expectedExit(block));
      if (block.lang === 'ts') expect(result.err).toBe('');
      const missing = block.output.filter((line) => line.trim() && !printsLine(printed, line));
      expect({ missing, printed }).toMatchObject({ missing: [] });
    }, 90_000);
  }
});
