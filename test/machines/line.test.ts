/**
 * The line supervisor: its limit, its status, closing with calls in every state, and that it
 * keeps no trace of finished calls.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { CallState } from '../../machines/events.js';
import { activeCalls, type CallActorRef, callsOf, lineMachine, type LineInput, PROVIDER_CHILD } from '../../machines/line.js';
import { bindProviders } from '../../machines/resources.js';
import type { Provider } from '../../providers/provider.js';
import { ProviderError } from '../../providers/provider.js';
import { simulatedProvider } from '../../providers/simulated/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { scriptedDevice, scriptedProvider } from '../support/scripted-provider.js';

function startLine(provider: Provider, input: Partial<LineInput> = {}) {
  const clock = new ManualClock();
  const line = createActor(lineMachine, {
    clock,
    input: { deviceId: 0, providerIndex: 0, lineIndex: 0, device: provider.lines[0], ...input },
  });
  bindProviders(line.system, [provider]);
  const refused: string[] = [];
  line.on('call.refused', (e) => refused.push(e.error));
  line.start();
  let seq = 0;
  const create = (destination = '5550111'): CallActorRef | undefined => {
    const callId = `c${++seq}`;
    let slot: string | undefined;
    const sub = line.on('call.created', (e) => {
      if (e.callId === callId) slot = e.slot;
    });
    line.send({ type: 'CALL.CREATE', callId, address: destination, destination, complete: true });
    sub.unsubscribe();
    return slot ? callsOf(line.getSnapshot())[slot] : undefined;
  };
  return { line, clock, refused, create };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('line supervisor', () => {
  it('opens at the provider, then takes calls', async () => {
    const sim = scriptedProvider();
    const { line } = startLine(sim);
    expect(line.getSnapshot().value).toBe('opening');
    await settle();
    expect(line.getSnapshot().value).toEqual({ open: 'inService' });
    expect(sim.opened).toEqual([0]);
  });

  it('a line the provider cannot open fails with the provider\'s error', async () => {
    const sim = scriptedProvider({
      openLine: () => Promise.reject(new ProviderError('RESOURCEUNAVAIL', 'registrar said no')),
    });
    const { line } = startLine(sim);
    await settle();
    expect(line.getSnapshot().status).toBe('done');
    expect(line.getSnapshot().output).toEqual({ error: 'RESOURCEUNAVAIL', reason: 'registrar said no', detail: null });
  });

  it('refuses a call over its limit with CALLUNAVAIL, and takes one again when a slot frees', async () => {
    const sim = scriptedProvider({ lines: [scriptedDevice({ maxCalls: 2 })] });
    const { line, create, refused } = startLine(sim);
    await settle();
    const a = create();
    const b = create();
    expect(a && b).toBeTruthy();
    expect(create()).toBeUndefined();
    expect(refused).toEqual(['CALLUNAVAIL']);
    a?.send({ type: 'DROP' });
    expect(activeCalls(line.getSnapshot())).toBe(1);
    const c = create();
    expect(c?.id).toBe(a?.id); // the slot is reused
    expect(c).not.toBe(a);
  });

  it('refuses calls while not open with INVALLINESTATE', () => {
    const { create, refused } = startLine(scriptedProvider());
    expect(create()).toBeUndefined();
    expect(refused).toEqual(['INVALLINESTATE']);
  });

  it('close line with calls in every state: each is dropped, the line closes when all have ended', async () => {
    const sim = scriptedProvider({ lines: [scriptedDevice({ maxCalls: 16 })] });
    const { line, create, clock } = startLine(sim, { providerTimeout: 5000 });
    await settle();
    const states: CallState[] = ['idle', 'placing', 'dialtone', 'dialing', 'proceeding', 'ringback', 'busy', 'connected', 'disconnected', 'dropping'];
    const calls = states.map((state) => {
      const ref = create() as CallActorRef;
      if (state !== 'idle') ref.send({ type: 'MAKE' });
      // The provider hears of a call at its make: the idle one never reaches it.
      const provider = state === 'idle' ? null : sim.last();
      const report = (type: string, extra = {}) => provider?.report({ type, ...extra } as never);
      if (state === 'dialtone') report('PROVIDER.DIALTONE');
      if (state === 'dialing') report('PROVIDER.DIALING');
      if (state === 'proceeding') report('PROVIDER.PROCEEDING');
      if (state === 'ringback') report('PROVIDER.RINGBACK');
      if (state === 'busy') report('PROVIDER.BUSY');
      if (state === 'connected' || state === 'dropping') report('PROVIDER.CONNECTED');
      if (state === 'disconnected') report('PROVIDER.DISCONNECTED', { mode: 'NORMAL' });
      if (state === 'dropping') ref.send({ type: 'DROP' });
      expect(ref.getSnapshot().context.state).toBe(state);
      return { ref, provider };
    });
    line.send({ type: 'CLOSE' });
    expect(line.getSnapshot().value).toBe('closing');
    // Every call that reached the provider was told to drop; the idle one ended at once.
    for (const { ref, provider } of calls.slice(1)) expect([ref.getSnapshot().context.state, provider?.commands.includes('DROP')]).toEqual(['dropping', true]);
    expect(calls[0].ref.getSnapshot().status).toBe('done');
    // The provider confirms all but one; that one ends by the provider timeout.
    for (const { provider } of calls.slice(1, -1)) provider?.report({ type: 'PROVIDER.IDLE' });
    expect(line.getSnapshot().value).toBe('closing');
    clock.advance(5000);
    await settle();
    expect(line.getSnapshot().status).toBe('done');
    expect(line.getSnapshot().value).toBe('closed');
    expect(sim.closed).toEqual([0]);
    // No call is left; the line's provider service stopped with the line.
    const children = line.getSnapshot().children as Record<string, { getSnapshot(): { status: string } }>;
    expect(Object.keys(children)).toEqual([PROVIDER_CHILD]);
    expect(children[PROVIDER_CHILD].getSnapshot().status).toBe('stopped');
    expect(calls.every(({ ref, provider }) => ref.getSnapshot().status === 'done' && (provider?.disposed ?? true))).toBe(true);
  });

  it('a redirect answers no make: a provider that only redirects still times out (placing → ended, OPERATIONFAILED)', async () => {
    const sim = scriptedProvider();
    const { create, clock } = startLine(sim, { providerTimeout: 5000 });
    await settle();
    const ref = create() as CallActorRef;
    ref.send({ type: 'MAKE' });
    clock.advance(4000);
    sim.last()?.report({ type: 'PROVIDER.REDIRECTED', to: '5550111', detail: { code: 302 } });
    expect(ref.getSnapshot().context.state).toBe('placing');
    expect(ref.getSnapshot().context.redirections).toEqual([{ to: '5550111', detail: { code: 302 }, at: 4000 }]);
    clock.advance(1000); // the make's deadline, counted from the make, not from the redirect
    expect(ref.getSnapshot().status).toBe('done');
    expect(ref.getSnapshot().output).toMatchObject({ origin: 'timeout', error: 'OPERATIONFAILED', state: 'placing' });
  });

  it('10,000 calls through one line leave no child, no call and no timer behind', async () => {
    const sim = simulatedProvider({ timing: 'instant', maxCallsPerLine: 4 });
    const { line, create, clock } = startLine(sim);
    await settle();
    for (let i = 0; i < 10_000; i++) {
      const call = create() as CallActorRef;
      call.send({ type: 'MAKE' });
      if (call.getSnapshot().context.state !== 'connected') throw new Error(`call ${i} is ${call.getSnapshot().context.state}`);
      call.send({ type: 'DROP' });
      if (call.getSnapshot().status !== 'done') throw new Error(`call ${i} did not end`);
    }
    const snapshot = line.getSnapshot();
    // Only the line's own provider service is left.
    expect(Object.keys(snapshot.children)).toEqual([PROVIDER_CHILD]);
    expect(callsOf(snapshot)).toEqual({});
    expect(sim.calls()).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
