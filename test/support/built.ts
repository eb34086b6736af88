/**
 * The built code (`dist/`, which `npm test` builds before the tests run), for tests of what only
 * runs compiled: a media thread is a worker that loads `media-thread.js` beside its module, which
 * the TypeScript sources the other tests import do not have. Imported by path at run time, so the
 * type check (which runs before the build) does not need `dist/`; typed as its source is.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The built module of a source path relative to the project's root.
 *
 * @example
 * ```ts
 * const sip = await built<typeof import('../../providers/sip/index.js')>('providers/sip/index.js');
 * ```
 */
export async function built<T>(path: string): Promise<T> {
  const file = `${root}dist/${path}`;
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  return (await import(pathToFileURL(file).href)) as T;
}
