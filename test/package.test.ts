/**
 * The package as a user gets it: `npm pack`, install the tarball into a scratch project, import
 * every public entry point from plain Node (no TypeScript loader), check that each exports
 * exactly its public list (internals stay inside), and run `npx xtapi call` there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; version: string };

/** The public surface of each entry point. A change here is a change of the public API. */
const SURFACE: Record<string, string[]> = {
  xtapi: ['Call', 'CallEndedError', 'Line', 'MAX_ADDRESS_LENGTH', 'ProviderError', 'Telephony', 'WavFormatError', 'XtapiError', 'createTelephony', 'defaultCallParams', 'parseAddress', 'realClock'],
  'xtapi/machines': ['PROVIDER_CHILD', 'activeCalls', 'bindProviders', 'callMachine', 'callStateBit', 'callsOf', 'digitGatherMachine', 'freeSlot', 'hasReached', 'lineId', 'lineMachine', 'lineService', 'telephonyMachine'],
  'xtapi/providers/simulated': ['defaultTiming', 'instantTiming', 'simulatedProvider'],
  'xtapi/providers/sip': ['rfcTimers', 'sipProvider'],
  'xtapi/testing': [
    'CALL_MODEL_VARIANTS',
    'ChartCoverage',
    'DEFAULT_TIMERS',
    'MODEL_CALLER',
    'ManualClock',
    'checkEnd',
    'checkFeatures',
    'checkReplies',
    'conformancePaths',
    'createCallModel',
    'describeConformance',
    'eventLabel',
    'generateCallPaths',
    'runConformancePath',
    'scriptedDriver',
    'scriptedProvider',
    'spyProvider',
    'stepKind',
  ],
  'xtapi/inspect': ['NUMBER_KEYS', 'REDACTED', 'inspectTelephony', 'maskText', 'readChart', 'startInspectorServer', 'stateClass', 'stripNumbers', 'toDot', 'toMermaid', 'toSvg'],
  'xtapi/board': ['BoardFeed', 'startBoard'],
  // Besides these, the TAPI faces export their C constants (checked below by their C names).
  'xtapi/tapi2': ['createTapi2'],
  'xtapi/tapi3': ['TWO_MINUTES', 'TapiError', 'createTapi3', 'hresultName', 'succeeded'],
};

/** A C constant's name: upper case, digits and underscores (LINEERR_INVALADDRESS, S_OK, LINEMAPPER). */
const C_NAME = /^[A-Z][A-Z0-9_]+$/;
const FACES = new Set(['xtapi/tapi2', 'xtapi/tapi3']);

let scratch = '';
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });

describe('package', () => {
  beforeAll(() => {
    // `npm test` has built dist/ already; packing without scripts keeps this test from rebuilding
    // it under the feet of the tests that run the built CLI at the same time.
    if (!existsSync(join(root, 'dist', 'src', 'index.js'))) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
    scratch = mkdtempSync(join(tmpdir(), 'xtapi-pack-'));
    const out = npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', scratch], root).trim().split('\n').at(-1) as string;
    const tarball = join(scratch, out);
    expect(existsSync(tarball)).toBe(true);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }));
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], scratch);
  }, 240_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('ships built JavaScript and type declarations, and no tests, benches or sources of tests', () => {
    const installed = join(scratch, 'node_modules', 'xtapi');
    const files = execFileSync('find', ['.', '-type', 'f'], { cwd: installed, encoding: 'utf8' }).split('\n');
    expect(files).toContain('./dist/src/index.js');
    expect(files).toContain('./dist/src/index.d.ts');
    expect(files).toContain('./dist/machines/call.d.ts');
    expect(files.some((f) => f.startsWith('./test/') || f.startsWith('./bench/') || f.endsWith('.test.js'))).toBe(false);
    expect(files.some((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toBe(false);
  });

  it('every entry point in package.json loads in plain Node and exports exactly its public list', () => {
    const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? 'xtapi' : `xtapi/${k.slice(2)}`));
    const script = `const out = {}; for (const e of ${JSON.stringify(entries)}) out[e] = Object.keys(await import(e)).sort(); console.log(JSON.stringify(out));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const surface = JSON.parse(result.stdout) as Record<string, string[]>;
    for (const entry of entries) {
      const names = FACES.has(entry) ? surface[entry].filter((name) => !C_NAME.test(name) || SURFACE[entry].includes(name)) : surface[entry];
      expect([entry, names]).toEqual([entry, SURFACE[entry]]);
    }
    expect(Object.keys(SURFACE).filter((e) => !entries.includes(e))).toEqual([]);
  });

  it('places a call with the installed package from plain JavaScript', () => {
    const script = `
      import { createTelephony } from 'xtapi';
      import { simulatedProvider } from 'xtapi/providers/simulated';
      const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })] });
      const line = await telephony.openLine(0);
      const call = await line.makeCall('+1 (425) 555-0111');
      const cause = await call.drop();
      await telephony.shutdown();
      console.log(call.state, cause.mode, cause.connected);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ended NORMAL true');
  });

  it('runs "npx xtapi call" from the installed package', () => {
    const result = spawnSync('npx', ['xtapi', 'call', '5550111', '--hangup-after', '50', '--json'], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1) as string)).toMatchObject({ result: 'connected' });
    const version = spawnSync('npx', ['xtapi', '--version'], { cwd: scratch, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});
