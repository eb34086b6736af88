/**
 * Digits from the far end through the modern API, over the simulated switch on a manual clock:
 * `call.on('dtmf')` once per key, a number or caller that `says` digits once answered,
 * `sim.sayDigits`, `call.gather()` ending each way, a second gathering cancelling the first, the
 * call ending mid-gathering, an abort, bad options, and a lying provider.
 */
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../src/phone/call.js';
import { harness } from '../../support/harness.js';

/** The next call the line offers. */
const next = (h: Awaited<ReturnType<typeof harness>>) =>
  new Promise<Call>((resolve) => {
    const off = h.line.on('incoming', (call) => {
      off();
      resolve(call);
    });
  });

describe('modern API: the far end\'s digits', () => {
  it('dtmf: one event per key, in order, with the clock time it was heard', async () => {
    const h = await harness({ timing: 'instant', numbers: { '5550111': { outcome: 'answer', says: { digits: '12#', afterMs: 1000, intervalMs: 200 } } } });
    const call = await h.line.makeCall('5550111');
    const heard: Array<[string, number]> = [];
    call.on('dtmf', ({ digit, at }) => heard.push([digit, at]));
    h.clock.advance(1400);
    expect(heard).toEqual([['1', 1000], ['2', 1200], ['#', 1400]]);
    expect(call.state).toBe('connected');
    await call.drop();
    await h.shutdown();
  });

  it('sim.sayDigits on a call that arrived; keys pressed before the answer are lost', async () => {
    const h = await harness({ timing: { answer: 100 } });
    const arriving = next(h);
    const callId = h.sim.offerCall(0, { from: '5550123' })!;
    const call = await arriving;
    const heard: string[] = [];
    call.on('dtmf', ({ digit }) => heard.push(digit));
    expect(h.sim.sayDigits(callId, { digits: '9' })).toBe(true); // still offering: nobody hears it
    h.clock.advance(0);
    const answered = call.answer();
    h.clock.advance(100);
    await answered;
    h.sim.sayDigits(callId, { digits: '4*', intervalMs: 50 });
    h.clock.advance(50);
    expect(heard).toEqual(['4', '*']);
    expect(h.sim.sayDigits('no such call', { digits: '1' })).toBe(false);
    const dropped = call.drop();
    h.clock.runAll();
    await dropped;
    await h.shutdown();
  });

  it('gather: TERMDIGIT, BUFFERFULL, FIRSTTIMEOUT and INTERTIMEOUT', async () => {
    const h = await harness({ timing: 'instant' });
    const call = await h.line.makeCall('5550111');
    let gathering = call.gather({ max: 4, terminators: '#', timeoutMs: 3000 });
    h.sim.sayDigits(call.id, { digits: '12#9', intervalMs: 100 });
    h.clock.advance(300);
    expect(await gathering).toEqual({ digits: '12#', termination: 'TERMDIGIT' });

    gathering = call.gather({ max: 2, terminators: '' });
    h.sim.sayDigits(call.id, { digits: '345', intervalMs: 100 });
    h.clock.advance(300);
    expect(await gathering).toEqual({ digits: '34', termination: 'BUFFERFULL' });

    gathering = call.gather({ firstTimeoutMs: 2000 });
    h.clock.advance(2000);
    expect(await gathering).toEqual({ digits: '', termination: 'FIRSTTIMEOUT' });

    gathering = call.gather({ firstTimeoutMs: 2000, interTimeoutMs: 1000 });
    h.sim.sayDigits(call.id, { digits: '7', afterMs: 500 });
    h.clock.advance(1500);
    expect(await gathering).toEqual({ digits: '7', termination: 'INTERTIMEOUT' });
    await call.drop();
    await h.shutdown();
  });

  it('a second gathering cancels the first; an abort cancels; the call ending cancels with the digits so far', async () => {
    const h = await harness({ timing: 'instant', numbers: { '5550122': { outcome: 'answer', hangupAfterMs: 1000 } } });
    const call = await h.line.makeCall('5550111');
    const first = call.gather({ timeoutMs: 0 });
    const second = call.gather({ timeoutMs: 0 });
    expect(await first).toEqual({ digits: '', termination: 'CANCEL' });
    const controller = new AbortController();
    const third = call.gather({ timeoutMs: 0, signal: controller.signal });
    expect(await second).toEqual({ digits: '', termination: 'CANCEL' });
    h.sim.sayDigits(call.id, { digits: '5' });
    h.clock.advance(0);
    controller.abort();
    expect(await third).toEqual({ digits: '5', termination: 'CANCEL' });
    await call.drop();

    const hanging = await h.line.makeCall('5550122');
    const cut = hanging.gather({ timeoutMs: 0 });
    h.sim.sayDigits(hanging.id, { digits: '6', afterMs: 500 });
    h.clock.advance(1000); // the far end hangs up; autoClear is off, so the call waits in disconnected
    await hanging.drop();
    expect(await cut).toEqual({ digits: '6', termination: 'CANCEL' });
    expect(h.clock.pending).toBe(0);
    await h.shutdown();
  });

  it('gather refuses bad options (INVALPARAM) and a call that is not connected (INVALCALLSTATE)', async () => {
    const h = await harness({ timing: { dialtone: 100, digit: 100 } });
    const making = h.line.makeCall('5550111');
    h.clock.advance(100);
    const call = await making; // in dial tone: no keys are heard yet
    await expect(call.gather()).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    for (const bad of [{ max: 0 }, { max: 1.5 }, { terminators: 'x' }, { timeoutMs: -1 }, { firstTimeoutMs: Number.NaN }, { interTimeoutMs: 2 ** 31 }]) {
      await expect(call.gather(bad)).rejects.toMatchObject({ code: 'INVALPARAM' });
    }
    const dropped = call.drop();
    h.clock.runAll();
    await dropped;
    await h.shutdown();
  });

  it('sendDigits: DTMF on a connected call (the far end has them); INVALDIGITS and INVALCALLSTATE otherwise', async () => {
    const h = await harness({ timing: { dialtone: 100, digit: 100 } });
    const making = h.line.makeCall('5550111');
    h.clock.advance(100);
    const call = await making;
    await expect(call.sendDigits('1')).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    h.clock.runAll();
    await call.until('connected');
    await expect(call.sendDigits('12x')).rejects.toMatchObject({ code: 'INVALDIGITS' });
    await call.sendDigits('12#');
    expect(h.sim.calls()[0].dtmf).toBe('12#');
    const dropped = call.drop();
    h.clock.runAll();
    await dropped;
    await h.shutdown();
  });

  it('a provider that reports something that is not one DTMF digit is warned about, not passed on', async () => {
    const h = await harness({ timing: 'instant' });
    const call = await h.line.makeCall('5550111');
    const heard: string[] = [];
    const warnings: string[] = [];
    call.on('dtmf', ({ digit }) => heard.push(digit));
    call.on('warning', ({ message }) => warnings.push(message));
    for (const digit of ['12', 'x', '', 'a']) h.sim.inject(call.id, { type: 'PROVIDER.DIGIT', digit });
    expect(heard).toEqual(['A']);
    expect(warnings).toHaveLength(3);
    expect(call.state).toBe('connected');
    await call.drop();
    await h.shutdown();
  });
});
