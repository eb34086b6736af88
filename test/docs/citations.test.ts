/**
 * Comments and docs cited files that are not in the repository (`tapi-facts §…` 39 times,
 * `DESIGN.md`, `reference/xstate-notes.md`; docs/tapi2.md sent readers to
 * `reference/tapi-facts.md`). A citation must point to something a reader has: a Microsoft page by
 * its title, an RFC section, or the project's own files. This test reads every comment of the code
 * and every Markdown page and checks that
 * - no citation names the team's private notes, and
 * - every relative path cited (in a comment, a page, or a Markdown link, with its #anchor) exists.
 * A path written `owner/repo:path` is another repository's and is not checked; nor are paths under
 * what git ignores (build output, test results).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SELF = relative(ROOT, fileURLToPath(import.meta.url));

/** Notes of the team that the product never cites (they are not in the repository). */
const PRIVATE = ['tapi-facts', 'DESIGN.md', 'xstate-notes', '../shared', 'sip-notes', 'peers-and-style', 'shared/peers'];

const NAMES_THEM = [SELF, 'docs/reference/CITATIONS-TODO.md'];

const SCANNED_DIRS = ['machines', 'providers', 'src', 'test', 'bench', 'examples', 'scripts', 'docs'];
const SCANNED_EXT = /\.(ts|md|xml|cfg|sh)$/;
const IGNORED = readFileSync(join(ROOT, '.gitignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim().replace(/^\//, ''))
  .filter((line) => line && !line.startsWith('#'));

function isIgnored(path: string): boolean {
  return IGNORED.some((pattern) => (pattern.endsWith('/') ? path.startsWith(pattern) || path.includes(`/${pattern}`) : path === pattern || path.endsWith(pattern.replace('*', ''))));
}

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (isIgnored(`${path}${entry.isDirectory() ? '/' : ''}`)) return [];
    return entry.isDirectory() ? walk(path) : SCANNED_EXT.test(entry.name) ? [path] : [];
  });
}

const FILES = [...readdirSync(ROOT).filter((name) => name.endsWith('.md')), ...SCANNED_DIRS.flatMap(walk)];

/** What a reader reads as prose: a TypeScript file's comments; everything of any other file. */
function citingText(file: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (!file.endsWith('.ts')) return text;
  const comments = text.match(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g) ?? [];
  // `//` inside a string (a URL) is not a comment; URLs are dropped below anyway.
  return comments.join('\n');
}

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
/** A relative path to a file (with an extension) or a directory (ending in /). */
const PATH = /(?<![\w/.:@$-])((?:\.{1,2}\/)*(?:[\w.-]+\/)+(?:[\w-]+\.(?:ts|js|md|json|xml|cfg|mmd|dot|svg|sh|txt)\b|(?=[\s`)'",;]|$)))/g;
const LINK = /\]\(([^)\s]+)\)/g;

/** GitHub's anchor for a heading. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(file: string): Set<string> {
  return new Set([...readFileSync(join(ROOT, file), 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1].replace(/`/g, ''))));
}

/** Whether a cited path exists, from the citing file's folder or from the repository's root. */
function resolve(file: string, cited: string): string | null {
  const clean = cited.replace(/[#?].*$/, '');
  for (const base of [dirname(file), '.']) {
    const path = normalize(join(base, clean));
    if (path.startsWith('..')) continue;
    if (existsSync(join(ROOT, path))) return path;
    // ESM specifiers name the compiled .js of a .ts file.
    if (path.endsWith('.js') && existsSync(join(ROOT, path.replace(/\.js$/, '.ts')))) return path.replace(/\.js$/, '.ts');
  }
  return null;
}

const privateNames = (text: string) => PRIVATE.filter((name) => text.includes(name));

/** Repositories named as owner/name, which look like paths and are not. */
const REPOSITORIES = ['kirm/sip.js', 'onsip/SIP.js', 'statelyai/xstate', 'SIPp/sipp'];

/** Import specifiers in code samples name the reader's files (`from '../src/my-provider.js'`), not ours. */
const SPECIFIER = /\bfrom\s+(['"])[^'"]*\1|\bimport\(\s*(['"])[^'"]*\2\s*\)/g;

describe('citations', () => {
  it('scans the code and the docs', () => {
    expect(FILES).toEqual(expect.arrayContaining(['README.md', 'src/tapi2/tapi2.ts', 'docs/tapi2.md', 'docs/reference/tapi3.md', 'test/support/peers/sipp/uac_busy.xml']));
    expect(FILES.some((file) => file.startsWith('dist/') || file.startsWith('node_modules/'))).toBe(false);
  });

  it('nothing cites the private notes (tapi-facts, DESIGN.md, xstate-notes, ../shared, …)', () => {
    const found = FILES.filter((file) => !NAMES_THEM.includes(file)).flatMap((file) =>
      citingText(file)
        .split('\n')
        .flatMap((line, i) => privateNames(line).map((name) => `${file}:${i + 1}: ${name}`)),
    );
    expect(found).toEqual([]);
  });

  it('every relative path a comment or a page cites exists (and every #anchor of a Markdown link)', () => {
    const missing: string[] = [];
    for (const file of FILES) {
      const text = citingText(file).replace(URL_PATTERN, ' ').replace(SPECIFIER, ' ');
      const cited = new Set<string>();
      for (const match of text.matchAll(PATH)) cited.add(match[1]);
      if (file.endsWith('.md')) for (const match of text.matchAll(LINK)) if (!/^[a-z]+:/i.test(match[1])) cited.add(match[1]);
      for (const path of cited) {
        // One folder name alone ("sip/" in a list of folders) is no citation.
        if (path.endsWith('/') && path.replace(/^(\.\.?\/)+/, '').split('/').filter(Boolean).length < 2) continue;
        if (REPOSITORIES.includes(path)) continue;
        if (NAMES_THEM.includes(file) && privateNames(path).length > 0) continue;
        if (isIgnored(path.replace(/^(\.\.?\/)+/, ''))) continue;
        if (path.startsWith('#')) {
          if (!anchorsOf(file).has(path.slice(1))) missing.push(`${file}: ${path} (no such heading)`);
          continue;
        }
        const found = resolve(file, path);
        if (!found) {
          missing.push(`${file}: ${path}`);
          continue;
        }
        const anchor = /#(.+)$/.exec(path)?.[1];
        if (anchor && found.endsWith('.md') && statSync(join(ROOT, found)).isFile() && !anchorsOf(found).has(anchor)) missing.push(`${file}: ${path} (no such heading)`);
      }
    }
    expect(missing).toEqual([]);
  });
});
