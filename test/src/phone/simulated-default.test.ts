/**
 * A telephony given no providers runs on the simulated switch and says so once, as a process
 * warning with the code XTAPI_SIMULATED_DEFAULT (docs/adr/0009-the-simulated-default-warns-once.md);
 * choosing providers, the simulated one included, is silent, and so are the command line and
 * the quick start, which choose theirs.
 *
 * The warning is once per process, so each test loads the modules afresh (`vi.resetModules`).
 */
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { CLI, requireBuiltCli, runCli } from '../../support/cli.js';

const CODE = 'XTAPI_SIMULATED_DEFAULT';
let emitWarning: MockInstance<typeof process.emitWarning>;

/** The warnings with our code emitted so far. */
const ours = () => emitWarning.mock.calls.filter(([, options]) => (options as { code?: string } | undefined)?.code === CODE);

async function fresh() {
  vi.resetModules();
  const { createTelephony } = await import('../../../src/phone/telephony.js');
  const { simulatedProvider } = await import('../../../providers/simulated/index.js');
  const { createTapi2 } = await import('../../../src/tapi2/tapi2.js');
  const { createTapi3 } = await import('../../../src/tapi3/tapi3.js');
  return { createTelephony, simulatedProvider, createTapi2, createTapi3 };
}

describe('the simulated default', () => {
  beforeEach(() => {
    emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
  });
  afterEach(() => emitWarning.mockRestore());

  it('createTelephony() without providers warns once, with its code and the way to choose, however many are created', async () => {
    const { createTelephony } = await fresh();
    const first = createTelephony();
    expect(first.providers.map((p) => p.name)).toEqual(['simulated']); // the default still works
    const second = createTelephony({ providerTimeout: 1_000 });
    expect(ours()).toHaveLength(1);
    const [message] = ours()[0];
    expect(message).toMatch(/no providers were given.*simulated switch.*reach nobody/);
    expect(message).toContain('createTelephony({ providers: [simulatedProvider()] })');
    await Promise.all([first.shutdown(), second.shutdown()]);
  });

  it('choosing providers says nothing: the simulated one, another, or none at all (an empty list)', async () => {
    const { createTelephony, simulatedProvider } = await fresh();
    const telephonies = [createTelephony({ providers: [simulatedProvider()] }), createTelephony({ providers: [simulatedProvider({ name: 'other' })] }), createTelephony({ providers: [] })];
    expect(ours()).toEqual([]);
    await Promise.all(telephonies.map((t) => t.shutdown()));
  });

  it('the TAPI faces without providers warn the same way, once; with providers they do not', async () => {
    const { createTapi2, createTapi3, simulatedProvider } = await fresh();
    const explicit = createTapi3({ providers: [simulatedProvider()] });
    await explicit.Initialize();
    await explicit.Shutdown();
    expect(ours()).toEqual([]);
    const tapi3 = createTapi3();
    await tapi3.Initialize();
    expect(ours()).toHaveLength(1);
    const tapi2 = createTapi2();
    const app = { value: 0 };
    expect(tapi2.lineInitializeEx(app, null, () => {}, 'test', { value: 0 }, { value: 0x00020002 }, { dwTotalSize: 24, dwOptions: 1 })).toBe(0);
    expect(ours()).toHaveLength(1); // once per process
    tapi2.lineShutdown(app.value);
    await tapi2.whenIdle();
    await tapi3.Shutdown();
  });

  it('the command line chooses its provider: `xtapi call` prints no such warning', async () => {
    requireBuiltCli();
    const run = await runCli(['call', '5550111', '--hangup-after', '0'], { timeout: 20_000 });
    expect(run.code, `${CLI}: ${run.stderr}`).toBe(0);
    expect(run.stderr).not.toContain(CODE);
    expect(run.stdout).not.toContain(CODE);
  });

  it('the command line chooses its provider: `xtapi board` creates its telephony with it', async () => {
    vi.resetModules();
    const { boardCommand } = await import('../../../src/cli/board-command.js');
    const out: string[] = [];
    const done = boardCommand(['--port', '0', '--json'], { out: (line: string) => out.push(line), err: () => {} });
    await vi.waitFor(() => expect(out).toHaveLength(1), { timeout: 5_000 });
    process.emit('SIGINT');
    expect(await done).toBe(0);
    expect(ours()).toEqual([]);
  });
});
