/**
 * XState's internals (its underscore-prefixed properties) are read in one file,
 * `src/testing/xstate-internals.ts`, and nowhere else:
 *
 * - the shapes read there are what the installed XState has, checked against the real call
 *   machine: when an upgrade changes them, this fails, loudly and by name;
 * - `package.json` (and its lock) pin `xstate` to the minor release these checks passed on, and
 *   the installed release is in that range;
 * - no other file of `src/`, `machines/` or `providers/` reads an underscore-prefixed property,
 *   nor names anything XState itself names with a leading underscore.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnyTransitionDefinition, createActor, createMachine, getStateNodes, type InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { callMachine } from '../../../machines/call.js';
import { chartTransitionDefinitions, transitionKey } from '../../../src/testing/chart-inventory.js';
import { takenTransitions, XSTATE_CHECKED } from '../../../src/testing/xstate-internals.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const XSTATE = join(ROOT, 'node_modules', 'xstate');
const THE_FILE = join('src', 'testing', 'xstate-internals.ts');
const installed = (JSON.parse(readFileSync(join(XSTATE, 'package.json'), 'utf8')) as { version: string }).version;

type Microstep = InspectionEvent & { type: '@xstate.microstep' };

/** Run a call actor through a call (made, ringing, answered, dropped) and keep its microsteps. */
function callMicrosteps(): Microstep[] {
  const steps: Microstep[] = [];
  const provider = createActor(createMachine({})).start(); // takes the commands, says nothing
  const actor = createActor(callMachine, {
    input: { callId: 'c1', provider, lineIndex: 0, address: '5550111', destination: '5550111', complete: true, autoClear: true },
    inspect: (event) => {
      if (event.type === '@xstate.microstep' && event.actorRef === actor) steps.push(event);
    },
  });
  actor.start();
  for (const type of ['MAKE', 'PROVIDER.DIALTONE', 'PROVIDER.PROCEEDING', 'PROVIDER.RINGBACK', 'PROVIDER.CONNECTED', 'DROP', 'PROVIDER.IDLE'] as const) {
    actor.send({ type, callId: 'c1', mode: type === 'PROVIDER.CONNECTED' ? 'ACTIVE' : null } as never);
  }
  expect(actor.getSnapshot().status).toBe('done');
  return steps;
}

describe(`XState internals, as read on XState ${XSTATE_CHECKED} (installed: ${installed})`, () => {
  it('a microstep carries _transitions: the machine\'s own transition definitions, the ones it took', () => {
    const steps = callMicrosteps();
    const chart = new Set<AnyTransitionDefinition>(chartTransitionDefinitions());
    const taken = steps.flatMap((step) => takenTransitions(step).map((t) => (chart.has(t) ? transitionKey(t) : `not the machine's own: ${transitionKey(t)}`)));
    expect(taken).toEqual([
      'call.idle|MAKE',
      'call.placing|PROVIDER.DIALTONE',
      'call.dialtone|PROVIDER.PROCEEDING',
      'call.alerting.proceeding|PROVIDER.RINGBACK',
      'call.alerting|PROVIDER.CONNECTED',
      'call.connected|DROP',
      'call.dropping|PROVIDER.IDLE',
    ]);
  });

  it('eventless and guarded transitions are there too, and an event that changes nothing is no microstep', () => {
    const machine = createMachine({
      initial: 'a',
      states: { a: { on: { GO: [{ guard: () => false, target: 'c' }, { target: 'b' }], STAY: {} } }, b: { always: 'c' }, c: {} },
    });
    const seen: string[][] = [];
    const actor = createActor(machine, {
      inspect: (event) => {
        if (event.type === '@xstate.microstep') seen.push(takenTransitions(event).map((t) => `${t.source.key}|${t.eventType}`));
      },
    }).start();
    actor.send({ type: 'STAY' });
    actor.send({ type: 'GO' });
    expect(seen).toEqual([['a|STAY'], ['a|GO'], ['b|']]);
  });

  it('takenTransitions fails by name when the shape is not there', () => {
    const changed = { type: '@xstate.microstep', transitions: [] } as unknown as Microstep;
    expect(() => takenTransitions(changed)).toThrow(`as xtapi read it on XState ${XSTATE_CHECKED}; see src/testing/xstate-internals.ts`);
  });

  it('the public getStateNodes gives the active state nodes of a snapshot, parents included (what _nodes gave)', () => {
    const ids = (value: Parameters<typeof getStateNodes>[1]) => [...new Set(getStateNodes(callMachine.root, value).map((n) => n.id))];
    expect(ids({ alerting: 'ringback' })).toEqual(['call', 'call.alerting', 'call.alerting.ringback']);
    expect(ids('ended')).toEqual(['call', 'call.ended']);
  });

  it('package.json and its lock pin xstate to the minor release checked, and the installed one is in that range', () => {
    const range = `~${XSTATE_CHECKED}`;
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string> }> };
    expect(pkg.dependencies.xstate).toBe(range);
    expect(lock.packages[''].dependencies?.xstate).toBe(range);
    const [major, minor, patch] = installed.split('.').map(Number);
    const [cMajor, cMinor, cPatch] = XSTATE_CHECKED.split('.').map(Number);
    expect({ major, minor, patchAtLeast: patch >= cPatch }, `xstate ${installed} is outside ${range}`).toEqual({ major: cMajor, minor: cMinor, patchAtLeast: true });
  });
});

// ---------------------------------------------------------------------------------------------

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every name XState gives a leading underscore: in its type declarations, and read as a property in its code. */
function xstateUnderscoreNames(): Set<string> {
  const names = new Set<string>();
  const declarations = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
  const code = readdirSync(join(XSTATE, 'dist')).filter((f) => f.endsWith('.cjs.js') && !f.includes('development')).map((f) => join(XSTATE, 'dist', f));
  for (const file of [...declarations(join(XSTATE, 'dist', 'declarations')), ...code]) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/(?<![\w$])(_[a-z]\w*)/g)) names.add(name);
  }
  return names;
}

describe('XState internals are read in one file only', () => {
  const files = ['src', 'machines', 'providers'].flatMap(sources).filter((file) => file !== THE_FILE);
  const names = xstateUnderscoreNames();

  it('knows XState\'s underscore names (the check below has something to look for)', () => {
    for (const name of ['_parent', '_nodes', '_transitions', '_relay', '_snapshot']) expect(names.has(name), name).toBe(true);
    expect(files.length).toBeGreaterThan(100);
    expect(readFileSync(join(ROOT, THE_FILE), 'utf8')).toMatch(/\._transitions\b/);
  });

  it('no other file of src/, machines/ or providers/ reads an underscore-prefixed property or names one of XState\'s', () => {
    const found: string[] = [];
    for (const file of files) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const where = `${relative('.', file)}:${i + 1}`;
          for (const m of line.matchAll(/(?:\?\.|\.)\s*(_[A-Za-z]\w*)|\[\s*['"`](_[A-Za-z]\w*)/g)) found.push(`${where}: reads ${m[1] ?? m[2]}`);
          for (const [, name] of line.matchAll(/(?<![\w$.])(_[a-z]\w*)/g)) if (names.has(name)) found.push(`${where}: names XState's ${name}`);
        });
    }
    expect(found).toEqual([]);
  });
});
