/**
 * The CLI had an import circle (`src/cli/call-command.ts` ↔ `src/cli/board-command.ts`, for
 * `optionalPort`, `untilInterrupted` and `CliIo`): a module evaluated half-way through another
 * is how `undefined is not a function` happens at start-up, and a circle of types only is the
 * same knot for a reader. The shared pieces are modules of their own now. This test reads the
 * imports of the CLI, the board and the inspector (type imports included) and of the TAPI faces
 * (run-time imports: their interfaces name each other, as ITCall and ITAddress do in TAPI 3) and
 * finds no circle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Folders where no import circles, not even through types. */
const STRICT = ['src/cli', 'src/board', 'src/inspect'];
/** Folders where no run-time import circles. */
const RUNTIME = ['src/tapi2', 'src/tapi3'];

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The relative modules a file imports (static `import … from` and `export … from`); with `types`, `import type` too. */
function imports(file: string, types: boolean): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const pattern = types ? /^(?:import|export) [^;]*?from '(\.{1,2}\/[^']+)'/gms : /^(?:import|export) (?!type\b)[^;]*?from '(\.{1,2}\/[^']+)'/gms;
  return [...text.matchAll(pattern)].map((m) => normalize(join(dirname(file), m[1].replace(/\.js$/, '.ts'))));
}

/** Every circle in the graph, as the list of files around it. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('import circles', () => {
  const named = (graph: Map<string, string[]>) => circles(graph).map((circle) => circle.map((file) => relative('src', file)).join(' → '));

  it('none in the CLI, the board and the inspector, not even through types', () => {
    const graph = new Map(STRICT.flatMap(files).map((file) => [file, imports(file, true)] as const));
    expect(graph.get('src/cli/board-command.ts')).toContain('src/cli/cli-io.ts');
    expect(named(graph)).toEqual([]);
  });

  it('none at run time in the TAPI faces', () => {
    const graph = new Map(RUNTIME.flatMap(files).map((file) => [file, imports(file, false)] as const));
    expect(graph.size).toBeGreaterThan(30);
    expect(named(graph)).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
  });
});
