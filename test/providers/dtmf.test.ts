/**
 * The DTMF digits are defined once (`providers/dtmf.ts`) and every layer uses that definition:
 * no other source file spells the set out again.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DTMF_DIGIT, dtmfOnly, isDtmf } from '../../providers/dtmf.js';

const ROOT = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

it('tells DTMF digits from everything else, in either case', () => {
  expect([isDtmf('0123456789ABCD*#'), isDtmf('abcd'), isDtmf(''), isDtmf('1,2'), isDtmf('E')]).toEqual([true, true, false, false, false]);
  expect(dtmfOnly('+1 (425) 555-01a1#,W')).toBe('142555501A1#');
  expect([...'0123456789abcdABCD*#'].every((c) => DTMF_DIGIT.test(c))).toBe(true);
});

it('no other source spells the digit set out again', () => {
  const spelled = ['machines', 'providers', 'src'].flatMap(sources).filter((file) => file !== join('providers', 'dtmf.ts') && /0-9A-Da-d\*#/.test(readFileSync(join(ROOT, file), 'utf8')));
  expect(spelled).toEqual([]);
});
