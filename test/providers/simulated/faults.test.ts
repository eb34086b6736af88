/**
 * Providers fail, hang and lie. Each fault the simulated switch can commit, through the whole
 * stack: the call still ends, exactly once, with a cause, and nothing is left running.
 */
import { describe, expect, it } from 'vitest';
import type { CallWarningEvent } from '../../../machines/events.js';
import { XtapiError } from '../../../src/phone/errors.js';
import { harness } from '../../support/harness.js';

describe('simulated provider faults', () => {
  it('throw-on-create: the call service cannot start; the make fails and the call ends with the provider as cause', async () => {
    const h = await harness({ fault: 'throw-on-create' });
    const error = await h.line.makeCall('5550111').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XtapiError);
    expect((error as XtapiError).code).toBe('OPERATIONFAILED');
    expect(h.line.status.activeCalls).toBe(0);
    await h.shutdown();
  });

  it('throw-on-make: the make fails OPERATIONFAILED, the call ends, the line is free again', async () => {
    const h = await harness({ fault: 'throw-on-make' });
    const call = await h.line.createCall('5550111');
    const error = await call.request({ type: 'MAKE' }).catch((e: XtapiError) => e.code);
    expect(error).toBe('OPERATIONFAILED');
    expect(call.cause).toMatchObject({ origin: 'provider', error: 'OPERATIONFAILED', message: 'simulated fault: make failed' });
    expect(h.line.status.activeCalls).toBe(0);
    await h.shutdown();
  });

  it('silent (never answers a command): the make times out after providerTimeout, then the call ends', async () => {
    const h = await harness({ fault: 'silent' }, { providerTimeout: 10_000 });
    const made = h.line.makeCall('5550111').catch((e: XtapiError) => e.code);
    h.clock.advance(9_999);
    expect(h.line.status.activeCalls).toBe(1);
    h.clock.advance(1);
    expect(await made).toBe('OPERATIONFAILED');
    expect(h.line.status.activeCalls).toBe(0);
    await h.shutdown();
  });

  it('silent-drop (never confirms a drop): the call ends after providerTimeout, cause kept', async () => {
    const h = await harness({ fault: 'silent-drop', timing: 'instant' }, { providerTimeout: 5_000 });
    const call = await h.line.makeCall('5550111');
    const ended = call.drop();
    h.clock.advance(5_000);
    expect(await ended).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    await h.shutdown();
  });

  it('impossible-event (dial tone while connected): ignored with a warning, the call goes on and ends normally', async () => {
    const h = await harness({ fault: 'impossible-event' });
    const call = await h.line.createCall('5550111');
    const warnings: CallWarningEvent[] = [];
    call.on('warning', (w) => warnings.push(w));
    const made = call.request({ type: 'MAKE' });
    h.clock.runAll();
    await made;
    expect(call.state).toBe('connected');
    expect(warnings.map((w) => w.event)).toEqual(['PROVIDER.DIALTONE', 'PROVIDER.PROCEEDING']);
    const ended = call.drop();
    h.clock.runAll();
    expect(await ended).toMatchObject({ mode: 'NORMAL', origin: 'local' });
    await h.shutdown();
  });

  it('a fault on one number only leaves the others alone', async () => {
    const h = await harness({ timing: 'instant', numbers: { '666': { outcome: 'answer', fault: 'throw-on-make' } } });
    expect(await h.line.makeCall('666').catch((e: XtapiError) => e.code)).toBe('OPERATIONFAILED');
    expect((await h.line.makeCall('5550111')).state).toBe('connected');
    await h.shutdown();
  });
});
