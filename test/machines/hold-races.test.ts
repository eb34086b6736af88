/**
 * Hold and transfer races (ADR 0010), through a line supervisor, its provider service and a
 * provider driven by hand, on a manual clock: whatever crosses what, every request gets exactly
 * one reply, and nothing is left when the calls end.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { CallActorRef } from '../../machines/line.js';
import { callsOf, lineMachine, type LineEmitted } from '../../machines/line.js';
import type { CallEmitted } from '../../machines/events.js';
import { bindProviders } from '../../machines/resources.js';
import type { ProviderCall } from '../../providers/provider.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { scriptedDevice, scriptedProvider } from '../support/scripted-provider.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** An open line that can hold and transfer, with two call appearances. */
async function openLine() {
  const clock = new ManualClock();
  const provider = scriptedProvider({ lines: [scriptedDevice({ maxCalls: 2, features: { hold: true, blindTransfer: true, transfer: true } })] });
  /** What each provider call was asked to transfer to (its consultation call, as the provider got it). */
  const consultations = new Map<string, ProviderCall>();
  const made = new Map<string, ProviderCall>();
  provider.makeCall = (request, call) => {
    const note = provider.last().commands;
    const controlled: ProviderCall = {
      ...call,
      hold: () => void note.push('HOLD'),
      unhold: () => void note.push('UNHOLD'),
      blindTransfer: () => void note.push('BLIND_TRANSFER'),
      transfer: (consultation) => {
        note.push('TRANSFER');
        consultations.set(request.callId, consultation);
      },
    };
    made.set(request.callId, controlled);
    return controlled;
  };
  const line = createActor(lineMachine, { clock, input: { deviceId: 0, providerIndex: 0, lineIndex: 0, device: provider.lines[0], providerTimeout: 30_000 } });
  bindProviders(line.system, [provider]);
  const lineEvents: LineEmitted[] = [];
  line.on('*', (event) => lineEvents.push(event));
  line.start();
  await settle();
  /** Create and make a call, let the provider connect it; returns its actor and what it emits. */
  const connected = (callId: string) => {
    line.send({ type: 'CALL.CREATE', callId, address: '5550111', destination: '5550111', complete: true });
    const created = lineEvents.find((e) => e.type === 'call.created' && e.callId === callId) as { slot: string };
    const ref = callsOf(line.getSnapshot())[created.slot] as CallActorRef;
    const emitted: CallEmitted[] = [];
    ref.on('*', (event) => emitted.push(event as CallEmitted));
    ref.send({ type: 'MAKE', request: 1 });
    const world = provider.last();
    world.report({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    const replies = () => emitted.filter((e) => e.type === 'reply').map((e) => `${e.kind} ${e.request}${e.error ? ` ${e.error}` : ''}`);
    return { ref, world, emitted, replies };
  };
  return { clock, line, provider, made, consultations, connected };
}

describe('hold and transfer races', () => {
  it("hold races the far end's BYE: the hold is answered at the end, failed, exactly once", async () => {
    const { clock, connected } = await openLine();
    const { ref, world, replies } = connected('c1');
    ref.send({ type: 'HOLD', request: 2 });
    expect(world.commands).toEqual(['MAKE', 'HOLD']);
    world.report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(ref.getSnapshot().context.state).toBe('disconnected');
    // The provider's refusal of the hold, crossing the BYE, changes nothing (a warning, no reply).
    world.report({ type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'OPERATIONFAILED' });
    ref.send({ type: 'DROP', request: 3 });
    world.report({ type: 'PROVIDER.IDLE' });
    expect(ref.getSnapshot().status).toBe('done');
    expect(replies()).toEqual(['make 1', 'hold 2 OPERATIONFAILED', 'drop 3']);
    expect(clock.pending).toBe(0);
  });

  it("the far end's own hold does not answer ours: a hold never confirmed still times out", async () => {
    const { clock, connected } = await openLine();
    const { ref, world, replies } = connected('c1');
    ref.send({ type: 'HOLD', request: 2 });
    world.report({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
    expect(ref.getSnapshot().context).toMatchObject({ state: 'connected', mode: 'ACTIVEHELD', pending: { kind: 'hold' } });
    clock.advance(30_000);
    expect(replies()).toEqual(['make 1', 'hold 2 OPERATIONFAILED']);
    expect(ref.getSnapshot().can({ type: 'HOLD' })).toBe(true);
  });

  it("transfer races the application's drop: the drop wins, the transfer fails USERCANCELLED, one reply each", async () => {
    const { clock, connected } = await openLine();
    const { ref, world, replies } = connected('c1');
    ref.send({ type: 'BLIND_TRANSFER', to: '5550199', request: 2 });
    ref.send({ type: 'DROP', request: 3 });
    // The target answered just as our drop left: the news is too late to matter.
    world.report({ type: 'PROVIDER.TRANSFERRED', to: '5550199' });
    world.report({ type: 'PROVIDER.IDLE' });
    expect(world.commands).toEqual(['MAKE', 'BLIND_TRANSFER', 'DROP']);
    expect(replies()).toEqual(['make 1', 'blindTransfer 2 USERCANCELLED', 'drop 3']);
    expect(ref.getSnapshot().output).toMatchObject({ origin: 'local' });
    expect(clock.pending).toBe(0);
  });

  it("transfer races the application's drop: the transfer wins, the drop joins the core's own, one reply each", async () => {
    const { clock, connected } = await openLine();
    const { ref, world, replies } = connected('c1');
    ref.send({ type: 'BLIND_TRANSFER', to: '5550199', request: 2 });
    world.report({ type: 'PROVIDER.TRANSFERRED', to: '5550199' });
    ref.send({ type: 'DROP', request: 3 });
    world.report({ type: 'PROVIDER.IDLE' });
    expect(world.commands).toEqual(['MAKE', 'BLIND_TRANSFER', 'DROP']);
    expect(replies()).toEqual(['make 1', 'blindTransfer 2', 'drop 3']);
    expect(ref.getSnapshot().output).toMatchObject({ origin: 'transfer', transferredTo: '5550199' });
    expect(clock.pending).toBe(0);
  });

  it('consultation transfer: the provider gets both calls, reports TRANSFERRED on both, and both end as transferred', async () => {
    const { clock, made, consultations, connected } = await openLine();
    const held = connected('c1');
    held.ref.send({ type: 'SETUP_TRANSFER', request: 2 });
    held.world.report({ type: 'PROVIDER.ONHOLD' });
    expect(held.ref.getSnapshot().context.state).toBe('onHoldPendTransfer');
    const consultation = connected('c2');
    held.ref.send({ type: 'COMPLETE_TRANSFER', consultationCallId: 'c2', request: 3 });
    expect(consultations.get('c1')).toBe(made.get('c2'));
    consultation.world.report({ type: 'PROVIDER.TRANSFERRED' });
    held.world.report({ type: 'PROVIDER.TRANSFERRED' });
    held.world.report({ type: 'PROVIDER.IDLE' });
    consultation.world.report({ type: 'PROVIDER.IDLE' });
    expect(held.replies()).toEqual(['make 1', 'setupTransfer 2', 'completeTransfer 3']);
    expect(consultation.replies()).toEqual(['make 1']);
    expect([held.ref.getSnapshot().output, consultation.ref.getSnapshot().output]).toMatchObject([{ origin: 'transfer' }, { origin: 'transfer' }]);
    expect(clock.pending).toBe(0);
  });

  it('the consultation call is dropped while the transfer completes: the transfer fails, the held call goes back on hold, one reply each', async () => {
    const { clock, connected } = await openLine();
    const held = connected('c1');
    held.ref.send({ type: 'SETUP_TRANSFER', request: 2 });
    held.world.report({ type: 'PROVIDER.ONHOLD' });
    const consultation = connected('c2');
    held.ref.send({ type: 'COMPLETE_TRANSFER', consultationCallId: 'c2', request: 3 });
    consultation.ref.send({ type: 'DROP', request: 4 });
    consultation.world.report({ type: 'PROVIDER.IDLE' });
    expect(consultation.ref.getSnapshot().status).toBe('done');
    // The façade tells the held call its consultation is gone; the provider refuses the transfer.
    held.ref.send({ type: 'CANCEL_TRANSFER' });
    held.world.report({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'OPERATIONFAILED', detail: { code: 481 } });
    expect(held.ref.getSnapshot().context).toMatchObject({ state: 'onHold', pending: null });
    expect(held.ref.getSnapshot().can({ type: 'UNHOLD' })).toBe(true);
    expect(held.replies()).toEqual(['make 1', 'setupTransfer 2', 'completeTransfer 3 OPERATIONFAILED']);
    expect(consultation.replies()).toEqual(['make 1', 'drop 4']);
    expect(clock.pending).toBe(0);
  });

  it('a consultation call that is already gone: the line service refuses the transfer itself, the provider hears nothing', async () => {
    const { connected } = await openLine();
    const held = connected('c1');
    held.ref.send({ type: 'HOLD', request: 2 });
    held.world.report({ type: 'PROVIDER.ONHOLD' });
    held.ref.send({ type: 'COMPLETE_TRANSFER', consultationCallId: 'c9', request: 3 });
    expect(held.world.commands).toEqual(['MAKE', 'HOLD']);
    expect(held.replies()).toEqual(['make 1', 'hold 2', 'completeTransfer 3 OPERATIONUNAVAIL']);
    expect(held.ref.getSnapshot().context).toMatchObject({ state: 'onHold', pending: null });
  });
});
