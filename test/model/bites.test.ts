/**
 * The model-based suite bites: the same generated paths, run against a deliberately broken call
 * chart or a broken provider, fail, and say why. (The real chart and the scripted provider pass
 * every one of them in call-model.test.ts.)
 */
import { type AnyStateMachine, assign, createMachine } from 'xstate';
import { entered } from '../../machines/call-context.js';
import { now } from '../../machines/clock.js';
import type { CallState } from '../../machines/events.js';
import { describe, expect, it } from 'vitest';
import { callMachine } from '../../machines/call.js';
import { type ConformanceDriver, conformancePaths, runConformancePath } from '../../src/testing/conformance.js';
import { scriptedDriver, scriptedProvider } from '../../src/testing/scripted-driver.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import type { Provider } from '../../providers/provider.js';

type Config = typeof callMachine.config & { states: Record<string, Record<string, unknown> & { on?: Record<string, unknown> }> };

/** The call chart with one state's definition changed. */
function mutant(state: string, change: (node: Config['states'][string]) => Config['states'][string]): AnyStateMachine {
  const config = callMachine.config as Config;
  return createMachine({ ...config, states: { ...config.states, [state]: change(config.states[state]) } } as never, callMachine.implementations as never);
}

/** Run every path (those a conformant provider can produce); collect the failures. */
async function failures(driver: ConformanceDriver, options: { callMachine?: AnyStateMachine } = {}) {
  const paths = conformancePaths(driver);
  const failed: Array<{ path: string; message: string }> = [];
  for (const path of paths) {
    try {
      await runConformancePath(driver, path, options);
    } catch (error) {
      failed.push({ path: path.name, message: (error as Error).message });
    }
  }
  return { total: paths.length, failed };
}

describe('the suite catches a broken call chart', () => {
  it('drop races answer: a chart that forgets to drop again leaves a half-open call', async () => {
    const broken = mutant('dropping', (node) => {
      const { 'PROVIDER.CONNECTED': _, ...on } = node.on as Record<string, unknown>;
      return { ...node, on };
    });
    const { total, failed } = await failures(scriptedDriver(), { callMachine: broken });
    console.log(`re-drop removed: ${failed.length} of ${total} paths fail, e.g.\n${failed[0]?.message}`);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.path.includes('DROP') && f.path.includes('‹CONNECTED›'))).toBe(true);
    expect(failed[0].message).toMatch(/commands to the provider/);
  });

  it('a busy far end without its cause: the call ends as if we had hung up', async () => {
    // The chart's own entry update, except that entering busy forgets why.
    const broken = callMachine.provide({
      actions: {
        enter: assign(({ context, event, self }, params: { state: CallState }) => {
          const patch = entered(params.state, context, event, now(self));
          return params.state === 'busy' ? { ...patch, cause: null } : patch;
        }),
      },
    });
    const { failed } = await failures(scriptedDriver(), { callMachine: broken });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((f) => /expected "ended \(remote\)", got "ended \(local\)"/.test(f.message))).toBe(true);
  });

  it('a drop after the provider released the call is sent to it again', async () => {
    const broken = mutant('disconnected', (node) => ({
      ...node,
      on: { ...(node.on as object), DROP: 'dropping' },
    }));
    const { failed } = await failures(scriptedDriver(), { callMachine: broken });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.path.includes('‹IDLE› → DROP') || f.path.includes('‹IDLE› → ‹'))).toBe(true);
  });

  it('connected that forgets DTMF: can() disagrees, the digits never reach the provider', async () => {
    const broken = mutant('connected', (node) => {
      const { GENERATE_DIGITS: _, ...on } = node.on as Record<string, unknown>;
      return { ...node, on };
    });
    const { failed } = await failures(scriptedDriver(), { callMachine: broken });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((f) => /GENERATE_DIGITS/.test(f.message))).toBe(true);
  });

  it('a held call taken back without its reply: the unhold is never answered', async () => {
    const broken = mutant('onHold', (node) => ({
      ...node,
      on: { ...(node.on as object), 'PROVIDER.CONNECTED': [{ guard: 'unholdPending', target: 'connected' }, {}] },
    }));
    const { total, failed } = await failures({ ...scriptedDriver(), variants: ['hold and transfer'] }, { callMachine: broken });
    console.log(`unhold's reply removed: ${failed.length} of ${total} paths fail, e.g.\n${failed[0]?.message}`);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.path.includes('UNHOLD') && f.path.includes('‹CONNECTED'))).toBe(true);
    expect(failed.some((f) => /reply unhold/.test(f.message))).toBe(true);
  });
});

describe('the suite catches a broken provider', () => {
  it('a provider that keeps a timer after dispose: something is left after the end', async () => {
    const leaky: ConformanceDriver = {
      name: 'leaky',
      start() {
        const clock = new ManualClock();
        const inner = scriptedProvider();
        const provider: Provider = {
          ...inner,
          openLine: async (lineIndex, link) => {
            const line = await inner.openLine(lineIndex, link);
            return { makeCall: (request) => ({ ...line.makeCall(request), drop: () => void clock.setTimeout(() => {}, 60_000) }) };
          },
        };
        return { provider, clock, produce: (event) => inner.report(event) };
      },
    };
    const { failed } = await failures(leaky);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => /no timer left after the end/.test(f.message))).toBe(true);
  });

  it('a provider that refuses to dial: the path sees PROVIDER.FAILED it did not ask for', async () => {
    const refusing: ConformanceDriver = {
      name: 'refusing',
      start() {
        const inner = scriptedProvider();
        const provider: Provider = {
          ...inner,
          openLine: async (lineIndex, link) => {
            const line = await inner.openLine(lineIndex, link);
            return { makeCall: (request) => ({ ...line.makeCall(request), dial: () => inner.report({ type: 'PROVIDER.FAILED', error: 'INVALDIGITS' }) }) };
          },
        };
        return { provider, clock: new ManualClock(), produce: (event) => inner.report(event) };
      },
    };
    const { failed } = await failures(refusing);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.path.includes('DIAL'))).toBe(true);
    // The refusal arrives unasked: the call runs ahead of the path, and the next step shows it.
    expect(failed[0].message).toMatch(/state disconnected|PROVIDER\.FAILED/);
  });
});
