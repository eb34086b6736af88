/**
 * The modern API's calls: placing, following, dialling, dropping, and the typed errors.
 */
import { describe, expect, it } from 'vitest';
import type { CallStateEvent } from '../../../machines/events.js';
import { CallEndedError, XtapiError } from '../../../src/phone/errors.js';
import { harness } from '../../support/harness.js';

describe('modern API: calls', () => {
  it('makeCall resolves when the provider accepts the call (dial tone), not when it connects', async () => {
    const h = await harness();
    let accepted = false;
    const made = h.line.makeCall('5550111').then((call) => {
      accepted = true;
      return call;
    });
    await Promise.resolve();
    expect(accepted).toBe(false); // the provider has not answered yet
    h.clock.advance(100);
    const call = await made;
    expect(call.snapshot.context.reached & (1 << 2)).not.toBe(0); // dial tone was reported
    expect(call.state).toBe('dialing');
    await h.shutdown();
  });

  it('reports every state change with its mode, in order, and exactly one terminal event', async () => {
    const h = await harness();
    const call = await h.line.createCall('5550111');
    const seen: string[] = [];
    call.on('state', (e: CallStateEvent) => seen.push(e.mode ? `${e.state}:${e.mode}` : e.state));
    const ended: unknown[] = [];
    call.on('ended', (e) => ended.push(e.cause));
    const made = call.request({ type: 'MAKE' });
    h.clock.advance(100);
    await made;
    h.clock.advance(2000);
    await call.until('connected');
    const cause = call.drop();
    h.clock.runAll();
    expect(await cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    expect(seen).toEqual(['placing', 'dialtone:NORMAL', 'dialing', 'proceeding', 'ringback', 'connected:ACTIVE', 'dropping', 'ended']);
    expect(ended).toHaveLength(1);
    expect(call.snapshot.status).toBe('done');
    expect(call.snapshot.output).toEqual(call.cause);
    await h.shutdown();
  });

  it('a redirected call: the redirected event between the states, redirectedTo and redirects once connected', async () => {
    const numbers = { '5550177': { outcome: 'redirect', redirectTo: '5550111' }, '5550111': { outcome: 'answer', rings: 1 } } as const;
    const h = await harness({ numbers });
    const seen: string[] = [];
    const made = h.line.makeCall('5550177', {
      on: {
        state: ({ state }) => seen.push(state),
        redirected: ({ callId, redirection }) => seen.push(`redirected to ${redirection.to} at ${redirection.at} (${callId})`),
      },
    });
    h.clock.advance(100);
    const call = await made;
    expect([call.redirectedTo, call.redirects]).toEqual([null, []]);
    h.clock.advance(3000);
    await call.until('connected');
    // Proceeding at 650; the far end redirects 200 ms later, and the call stays proceeding.
    expect(seen).toEqual(['placing', 'dialtone', 'dialing', 'proceeding', `redirected to 5550111 at 850 (${call.id})`, 'ringback', 'connected']);
    expect(call.redirectedTo).toBe('5550111');
    expect(call.redirects).toEqual([{ to: '5550111', at: 850 }]);
    expect(call.snapshot.context.address).toBe('5550177'); // what the application dialled stays
    const dropped = call.drop();
    h.clock.runAll();
    await dropped;
    expect(call.redirectedTo).toBe('5550111'); // and stays on the ended call
    await h.shutdown();
  });

  it('a call never redirected has no redirect and hears no redirected event', async () => {
    const h = await harness({ timing: 'instant' });
    const heard: unknown[] = [];
    const call = await h.line.makeCall('5550111', { on: { redirected: (e) => heard.push(e) } });
    await call.until('connected');
    expect([call.redirectedTo, call.redirects, heard]).toEqual([null, [], []]);
    await h.shutdown();
  });

  it('until() resolves for a state already passed, and rejects with the cause when the call ends first', async () => {
    const h = await harness({ timing: 'instant', numbers: { '5550199': { outcome: 'busy' } } });
    const answered = await h.line.makeCall('5550111');
    await answered.until('ringback');
    const busy = await h.line.makeCall('5550199');
    const error = await busy.until('connected').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallEndedError);
    expect(error).toMatchObject({ code: 'CALL_ENDED', cause: { mode: 'BUSY', origin: 'remote' } });
    expect(busy.cause).toMatchObject({ mode: 'BUSY' });
    await h.shutdown();
  });

  it('dwNoAnswerTimeout ends a ringing call with NOANSWER, by timeout', async () => {
    const h = await harness({ defaultOutcome: { outcome: 'no-answer', rings: 100 } });
    const made = h.line.makeCall('5550111', { noAnswerTimeout: 8000 });
    h.clock.advance(100);
    const call = await made;
    const ended = call.ended();
    h.clock.advance(550 + 7999); // proceeding at 650: the timer runs from there
    expect(call.state).toBe('ringback');
    h.clock.advance(1);
    h.clock.runAll();
    expect(await ended).toMatchObject({ mode: 'NOANSWER', origin: 'timeout', state: 'ringback' });
    await h.shutdown();
  });

  it('partial dialling: "9;" waits in dialing, dial() completes it; digits after connect are DTMF', async () => {
    const h = await harness({ timing: 'instant' });
    const call = await h.line.makeCall('9;');
    expect([call.state, call.features.dial]).toEqual(['dialing', true]);
    await call.dial('555;');
    expect(call.state).toBe('dialing');
    await call.dial('0111');
    expect([call.state, call.features.dial, call.features.generateDigits]).toEqual(['connected', false, true]);
    await call.dial('12#');
    expect(h.sim.calls()[0]).toMatchObject({ dialled: '95550111', dtmf: '12#' });
    await h.shutdown();
  });

  it('a null address waits in dial tone for digits', async () => {
    const h = await harness({ timing: 'instant' });
    const call = await h.line.makeCall(null);
    expect(call.state).toBe('dialtone');
    await call.dial('5550111');
    expect(call.state).toBe('connected');
    await h.shutdown();
  });

  it('typed errors with stable codes: bad address, dial modifier, wrong state, bad DTMF, bad params', async () => {
    const h = await harness({ timing: 'instant' });
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof XtapiError ? e.code : String(e)));
    expect(await code(h.line.makeCall('55x'))).toBe('INVALADDRESS');
    expect(await code(h.line.makeCall('9W555'))).toBe('DIALDIALTONE');
    expect(await code(h.line.makeCall('555?'))).toBe('DIALPROMPT');
    expect(await code(h.line.makeCall('555', { noAnswerTimeout: -1 }))).toBe('INVALCALLPARAMS');
    expect(await code(h.line.makeCall('555', { mediaMode: 'VIDEO' }))).toBe('INVALMEDIAMODE');
    expect(await code(h.line.makeCall('555', { bearerMode: 'PASSTHROUGH' }))).toBe('BEARERMODEUNAVAIL');
    const call = await h.line.makeCall('5550111');
    expect(await code(call.dial('x'))).toBe('INVALDIGITS');
    await call.drop();
    expect(await code(call.dial('1'))).toBe('INVALCALLSTATE');
    // Nothing was left behind by the refused calls.
    expect(h.line.status.activeCalls).toBe(0);
    await h.shutdown();
  });

  it('drop is idempotent and works after the end', async () => {
    const h = await harness({ timing: 'instant' });
    const call = await h.line.makeCall('5550111');
    const [a, b] = await Promise.all([call.drop(), call.drop()]);
    expect(a).toBe(b);
    expect(await call.drop()).toBe(a);
    await h.shutdown();
  });

  it('with autoClear off, a far-end hang-up waits in disconnected until dropped (TAPI 2 style)', async () => {
    const h = await harness({ timing: 'instant', numbers: { '5550111': { outcome: 'answer', hangupAfterMs: 0 } } });
    const call = await h.line.makeCall('5550111', { autoClear: false });
    expect([call.state, call.mode]).toEqual(['disconnected', 'NORMAL']);
    expect(await call.drop()).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
    await h.shutdown();
  });

  it('exposes the actor and its snapshot for XState users', async () => {
    const h = await harness({ timing: 'instant' });
    const call = await h.line.makeCall('5550111');
    expect(call.actor.getSnapshot().matches('connected')).toBe(true);
    expect(call.snapshot.context.destination).toBe('5550111');
    await h.shutdown();
  });
});
