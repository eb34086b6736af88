/**
 * The call actor running under its line, with the line's provider service and its timers on a
 * manual clock: what the pure chart tests cannot show (time, what reaches the provider, what the
 * provider's reports do).
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { CallEmitted } from '../../machines/events.js';
import { type CallActorRef, type CreateCallEvent, callsOf, lineMachine } from '../../machines/line.js';
import { bindProviders } from '../../machines/resources.js';
import { defaultCallParams, ProviderError } from '../../providers/provider.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { type ScriptedProvider, scriptedProvider } from '../support/scripted-provider.js';

async function start(sim: ScriptedProvider, input: Partial<CreateCallEvent> & { providerTimeout?: number } = {}) {
  const clock = new ManualClock(1000);
  const line = createActor(lineMachine, {
    clock,
    input: { deviceId: 0, providerIndex: 0, lineIndex: 0, device: sim.lines[0], providerTimeout: input.providerTimeout },
  });
  bindProviders(line.system, [sim]);
  line.start();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const events: CallEmitted[] = [];
  let actor: CallActorRef | undefined;
  line.on('call.created', ({ slot }) => {
    actor = callsOf(line.getSnapshot())[slot];
    actor.on('*', (e) => events.push(e));
  });
  const { providerTimeout: _, ...create } = input;
  line.send({ type: 'CALL.CREATE', callId: 'c1', address: '5550111', destination: '5550111', complete: true, ...create });
  if (!actor) throw new Error('the line did not create the call');
  return { actor, clock, events, line, ended: () => events.filter((e) => e.type === 'ended') };
}

describe('call actor', () => {
  it('makes through the line service and stamps each state with the clock (tStateEntryTime)', async () => {
    const sim = scriptedProvider();
    const { actor, clock } = await start(sim);
    actor.send({ type: 'MAKE' });
    expect(sim.last().commands).toEqual(['MAKE']);
    expect(sim.last().request).toMatchObject({ callId: 'c1', destination: '5550111', complete: true, params: defaultCallParams });
    clock.advance(250);
    sim.last().report({ type: 'PROVIDER.DIALTONE', mode: 'NORMAL' });
    expect(actor.getSnapshot().context).toMatchObject({ state: 'dialtone', mode: 'NORMAL', enteredAt: 1250 });
  });

  it('provider silent on make: after providerTimeout the call ends, make fails OPERATIONFAILED, provider disposed', async () => {
    const sim = scriptedProvider();
    const { actor, clock, events, ended } = await start(sim, { providerTimeout: 5000 });
    actor.send({ type: 'MAKE', request: 1 });
    clock.advance(4999);
    expect(actor.getSnapshot().context.state).toBe('placing');
    clock.advance(1);
    expect(actor.getSnapshot().status).toBe('done');
    expect(events.find((e) => e.type === 'reply')).toMatchObject({ kind: 'make', request: 1, error: 'OPERATIONFAILED' });
    expect(ended()).toHaveLength(1);
    expect(ended()[0]).toMatchObject({ cause: { origin: 'timeout', error: 'OPERATIONFAILED' } });
    expect(sim.last().disposed).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('provider silent on drop: after providerTimeout the call ends anyway, the drop is answered', async () => {
    const sim = scriptedProvider();
    const { actor, clock, events, ended } = await start(sim, { providerTimeout: 2000 });
    actor.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.CONNECTED' });
    actor.send({ type: 'DROP', request: 2 });
    clock.advance(2000);
    expect(actor.getSnapshot().status).toBe('done');
    expect(events.filter((e) => e.type === 'reply' && e.kind === 'drop')).toHaveLength(1);
    expect(ended()[0].cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    expect(clock.pending).toBe(0);
  });

  it('dwNoAnswerTimeout: a call ringing too long is disconnected NOANSWER and the provider told to abandon', async () => {
    const sim = scriptedProvider();
    const params = { ...defaultCallParams, noAnswerTimeout: 10_000 };
    const { actor, clock } = await start(sim, { params });
    actor.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.PROCEEDING' });
    clock.advance(4000);
    sim.last().report({ type: 'PROVIDER.RINGBACK', ring: 1 });
    clock.advance(5999);
    expect(actor.getSnapshot().context.state).toBe('ringback');
    clock.advance(1);
    expect(actor.getSnapshot().context).toMatchObject({ state: 'disconnected', mode: 'NOANSWER' });
    expect(sim.last().commands).toEqual(['MAKE', 'DROP']);
  });

  it('dwNoAnswerTimeout does not fire once connected', async () => {
    const sim = scriptedProvider();
    const { actor, clock } = await start(sim, { params: { ...defaultCallParams, noAnswerTimeout: 1000 } });
    actor.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.RINGBACK' });
    sim.last().report({ type: 'PROVIDER.CONNECTED' });
    clock.advance(60_000);
    expect(actor.getSnapshot().context.state).toBe('connected');
    expect(clock.pending).toBe(0);
  });

  it('no dwNoAnswerTimeout arms no timer', async () => {
    const sim = scriptedProvider();
    const { actor, clock } = await start(sim);
    actor.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.RINGBACK' });
    expect(clock.pending).toBe(0);
  });

  it('a provider whose makeCall throws: the make fails with the error it named, the call ends with the provider as cause', async () => {
    const sim = scriptedProvider();
    sim.makeCall = () => {
      throw new ProviderError('RESOURCEUNAVAIL', 'all trunks busy');
    };
    const { actor, events, ended } = await start(sim);
    actor.send({ type: 'MAKE', request: 3 });
    expect(actor.getSnapshot().status).toBe('done');
    expect(events.find((e) => e.type === 'reply')).toMatchObject({ kind: 'make', error: 'RESOURCEUNAVAIL' });
    expect(ended()[0].cause).toMatchObject({ origin: 'provider', error: 'RESOURCEUNAVAIL', message: 'all trunks busy' });
  });

  it('a command that throws becomes PROVIDER.FAILED with the error the provider named', async () => {
    const sim = scriptedProvider();
    sim.makeCall = (_request, made) => ({
      ...made,
      dial: () => {
        throw new ProviderError('INVALDIGITS', 'no such digit');
      },
    });
    const { actor, events, ended } = await start(sim, { address: '9', destination: '9', complete: false });
    actor.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.DIALTONE' });
    actor.send({ type: 'DIAL', digits: '5', complete: true, request: 4 });
    expect(events.find((e) => e.type === 'reply' && e.kind === 'dial')).toMatchObject({ request: 4, error: null });
    expect(actor.getSnapshot().context).toMatchObject({ state: 'disconnected' });
    expect(actor.getSnapshot().context.cause).toMatchObject({ origin: 'provider', error: 'INVALDIGITS' });
    actor.send({ type: 'DROP' });
    sim.last().report({ type: 'PROVIDER.IDLE' });
    expect(ended()).toHaveLength(1);
  });

  it('nothing the provider says after the end reaches anyone', async () => {
    const sim = scriptedProvider();
    const { actor, events } = await start(sim);
    actor.send({ type: 'MAKE' });
    const call = sim.last();
    call.report({ type: 'PROVIDER.CONNECTED' });
    actor.send({ type: 'DROP' });
    call.report({ type: 'PROVIDER.IDLE' });
    const count = events.length;
    call.report({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(events.length).toBe(count);
    expect(call.disposed).toBe(true);
  });
});
