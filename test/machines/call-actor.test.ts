/**
 * The call actor running, with its provider service and its timers on a manual clock: what the
 * pure chart tests cannot show (time, the invoked service, what reaches the provider).
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { type CallInput, callMachine } from '../../machines/call.js';
import type { CallEmitted } from '../../machines/events.js';
import { bindProviders } from '../../machines/resources.js';
import { defaultCallParams, type Provider, ProviderError } from '../../providers/provider.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { scriptedProvider } from '../support/scripted-provider.js';

function start(provider: Provider, input: Partial<CallInput> = {}) {
  const clock = new ManualClock(1000);
  const actor = createActor(callMachine, {
    clock,
    input: { callId: 'c1', lineIndex: 0, address: '5550111', destination: '5550111', complete: true, ...input },
  });
  bindProviders(actor.system, [provider]);
  const events: CallEmitted[] = [];
  actor.on('*', (e) => events.push(e));
  actor.start();
  return { actor, clock, events, ended: () => events.filter((e) => e.type === 'ended') };
}

describe('call actor', () => {
  it('makes through the provider service and stamps each state with the clock (tStateEntryTime)', () => {
    const sim = scriptedProvider();
    const { actor, clock } = start(sim);
    actor.send({ type: 'MAKE' });
    expect(sim.last().commands).toEqual(['MAKE']);
    expect(sim.last().request).toMatchObject({ callId: 'c1', destination: '5550111', complete: true, params: defaultCallParams });
    clock.advance(250);
    sim.last().report({ type: 'PROVIDER.DIALTONE', mode: 'NORMAL' });
    expect(actor.getSnapshot().context).toMatchObject({ state: 'dialtone', mode: 'NORMAL', enteredAt: 1250 });
  });

  it('provider silent on make: after providerTimeout the call ends, make fails OPERATIONFAILED, provider disposed', () => {
    const sim = scriptedProvider();
    const { actor, clock, events, ended } = start(sim, { providerTimeout: 5000 });
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

  it('provider silent on drop: after providerTimeout the call ends anyway, the drop is answered', () => {
    const sim = scriptedProvider();
    const { actor, clock, events, ended } = start(sim, { providerTimeout: 2000 });
    actor.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.CONNECTED' });
    actor.send({ type: 'DROP', request: 2 });
    clock.advance(2000);
    expect(actor.getSnapshot().status).toBe('done');
    expect(events.filter((e) => e.type === 'reply' && e.kind === 'drop')).toHaveLength(1);
    expect(ended()[0].cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    expect(clock.pending).toBe(0);
  });

  it('dwNoAnswerTimeout: a call ringing too long is disconnected NOANSWER and the provider told to abandon', () => {
    const sim = scriptedProvider();
    const params = { ...defaultCallParams, noAnswerTimeout: 10_000 };
    const { actor, clock } = start(sim, { params });
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

  it('dwNoAnswerTimeout does not fire once connected', () => {
    const sim = scriptedProvider();
    const { actor, clock } = start(sim, { params: { ...defaultCallParams, noAnswerTimeout: 1000 } });
    actor.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.RINGBACK' });
    sim.last().report({ type: 'PROVIDER.CONNECTED' });
    clock.advance(60_000);
    expect(actor.getSnapshot().context.state).toBe('connected');
    expect(clock.pending).toBe(0);
  });

  it('no dwNoAnswerTimeout arms no timer', () => {
    const sim = scriptedProvider();
    const { actor, clock } = start(sim);
    actor.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.RINGBACK' });
    expect(clock.pending).toBe(0);
  });

  it('a provider whose createCall throws: the call ends with the provider as cause', () => {
    const sim = scriptedProvider();
    sim.createCall = () => {
      throw new ProviderError('RESOURCEUNAVAIL', 'no channel');
    };
    const { actor, ended } = start(sim);
    expect(actor.getSnapshot().status).toBe('done');
    expect(ended()[0].cause).toMatchObject({ origin: 'provider', error: 'OPERATIONFAILED', message: 'no channel' });
  });

  it('a command that throws becomes PROVIDER.FAILED with the error the provider named', () => {
    const sim = scriptedProvider();
    const create = sim.createCall.bind(sim);
    sim.createCall = (request, report, clock) => ({
      ...create(request, report, clock),
      make: () => {
        throw new ProviderError('RESOURCEUNAVAIL', 'all trunks busy');
      },
    });
    const { actor, events } = start(sim);
    actor.send({ type: 'MAKE', request: 3 });
    expect(actor.getSnapshot().status).toBe('done');
    expect(events.find((e) => e.type === 'reply')).toMatchObject({ kind: 'make', error: 'RESOURCEUNAVAIL' });
  });

  it('nothing the provider says after the end reaches anyone', () => {
    const sim = scriptedProvider();
    const { actor, events } = start(sim);
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
