/**
 * The reference pages in `docs/reference/` give constants with their values. A value typed wrong
 * in a page would send a reader astray, so every table row `| \`NAME\` | 0x… | … |` is checked
 * against what `xtapi/tapi2` and `xtapi/tapi3` export under that name (and the signed column
 * against the signed value, where there is one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tapi2 from '../../src/tapi2/index.js';
import * as tapi3 from '../../src/tapi3/index.js';

const DIR = new URL('../../docs/reference/', import.meta.url);
const exported: Record<string, unknown> = { ...tapi2, ...tapi3 };

describe('the reference tables', () => {
  const pages = readdirSync(DIR).filter((name) => name.endsWith('.md'));
  const rows = pages.flatMap((page) =>
    [...readFileSync(new URL(page, DIR), 'utf8').matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (0x[0-9A-F]+|\d+) \|(?: (-?\d+) \|)?/gm)].map((m) => ({
      page,
      name: m[1],
      value: Number(m[2]),
      signed: m[3] === undefined ? undefined : Number(m[3]),
    })),
  );

  it('list a few hundred constants', () => {
    expect(rows.length).toBeGreaterThan(300);
  });

  it('give each constant the value the code exports', () => {
    const wrong = rows.filter(({ name, value, signed }) => {
      const actual = exported[name];
      if (typeof actual !== 'number') return true;
      return (actual >>> 0) !== (value >>> 0) || (signed !== undefined && signed !== actual);
    });
    expect(wrong).toEqual([]);
  });

  it('list every LINEERR_, TAPI_E_ and TE_ the code exports', () => {
    const listed = new Set(rows.map((row) => row.name));
    const missing = Object.keys(exported).filter((name) => /^(LINEERR_|TAPI_E_|TE_)/.test(name) && name !== 'TE_ALL' && !listed.has(name));
    expect(missing).toEqual([]);
  });
});
