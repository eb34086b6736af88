/**
 * Calls that arrive, through the modern API, over the simulated switch on a manual clock: the
 * line's `incoming` event and iterator, answer, accept, reject with each mode, the caller giving
 * up, auto-answer, a full line, and the races (answer against the caller's CANCEL, drop against
 * answer, the line closing while a call is offered).
 */
import { describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import type { Call } from '../../../src/phone/call.js';
import { CallEndedError, XtapiError } from '../../../src/phone/errors.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { harness } from '../../support/harness.js';

/** The next call the line offers. */
const next = (h: Awaited<ReturnType<typeof harness>>) => new Promise<Call>((resolve) => {
  const off = h.line.on('incoming', (call) => {
    off();
    resolve(call);
  });
});

describe('modern API: calls that arrive', () => {
  it('offered with the caller, answered, connected; the caller hangs up and the call ends', async () => {
    const h = await harness({ timing: { answer: 50 } });
    const arriving = next(h);
    const callId = h.sim.offerCall(0, { from: '5550123', name: 'Bob', hangupAfterMs: 1_000 });
    const call = await arriving;
    expect([call.id, call.direction, call.state, call.caller, call.called]).toEqual([callId, 'in', 'offering', { number: '5550123', name: 'Bob' }, '100']);
    expect(call.features).toMatchObject({ accept: true, answer: true, drop: true, dial: false, generateDigits: false });
    const answered = call.answer();
    expect(call.state).toBe('answering');
    expect(call.features).toMatchObject({ accept: false, answer: false, drop: true });
    h.clock.advance(50);
    await answered;
    expect(call.state).toBe('connected');
    h.clock.advance(1_000); // the caller hangs up; the call is dropped at once (autoClear)
    h.clock.runAll();
    expect(await call.ended()).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
    await h.shutdown();
  });

  it('accept lets it ring (LINECALLSTATE_ACCEPTED), then answer; only a call being offered takes either', async () => {
    const h = await harness({ timing: 'instant' });
    const arriving = next(h);
    h.sim.offerCall(0, { from: '5550123' });
    const call = await arriving;
    await call.accept();
    expect(call.state).toBe('accepted');
    expect(h.sim.calls()[0].phase).toBe('accepted');
    await expect(call.accept()).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    await call.answer();
    expect(call.state).toBe('connected');
    await expect(call.answer()).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    await expect(call.reject()).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    const made = await h.line.makeCall('5550111');
    await expect(made.answer()).rejects.toBeInstanceOf(XtapiError);
    expect(made.caller).toBeNull();
    await h.shutdown();
  });

  it.each([
    ['NORMAL', 'NORMAL'],
    ['REJECT', 'REJECT'],
    ['NOANSWER', 'NOANSWER'],
  ] as const)('reject(%s): the caller is refused with that mode, and it is the cause', async (mode, cause) => {
    const h = await harness({ timing: 'instant' });
    const arriving = next(h);
    h.sim.offerCall(0, { from: '5550123' });
    const call = await arriving;
    const sim = () => h.sim.calls()[0];
    const refused = call.reject(mode);
    expect(await refused).toMatchObject({ mode: cause, origin: 'local', connected: false, state: 'offering' });
    expect(sim()).toBeUndefined(); // released and forgotten
    await h.shutdown();
  });

  it('the caller gives up before anyone answers: disconnected CANCELLED, then ended; a late answer is refused', async () => {
    const h = await harness({ timing: 'instant' });
    const arriving = next(h);
    h.sim.offerCall(0, { from: '5550123', abandonAfterMs: 5_000 });
    const call = await arriving;
    h.clock.advance(5_000);
    expect(await call.ended()).toMatchObject({ mode: 'CANCELLED', origin: 'remote', state: 'offering', connected: false });
    await expect(call.answer()).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    await h.shutdown();
  });

  it('answer races the caller\'s CANCEL: the caller wins, the answer fails with the cause, nothing is left half-open', async () => {
    const h = await harness({ timing: { answer: 100 } });
    const arriving = next(h);
    h.sim.offerCall(0, { from: '5550123', abandonAfterMs: 50 });
    const call = await arriving;
    const answered = call.answer();
    h.clock.advance(50); // the caller's CANCEL arrives while our answer is on its way
    h.clock.runAll();
    const error = (await answered.catch((e: unknown) => e)) as XtapiError;
    expect(error).toBeInstanceOf(XtapiError);
    expect(await call.ended()).toMatchObject({ mode: 'CANCELLED', origin: 'remote', connected: false });
    h.clock.advance(1_000);
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });

  it('drop races answer: the application drops while its answer is on the way; the call ends ours, never connected', async () => {
    const h = await harness({ timing: { answer: 100 } });
    const arriving = next(h);
    h.sim.offerCall(0, { from: '5550123' });
    const call = await arriving;
    const answered = call.answer().catch((e: unknown) => e);
    const dropped = call.drop();
    h.clock.runAll();
    expect(await dropped).toMatchObject({ origin: 'local', connected: false });
    expect(await answered).toBeInstanceOf(XtapiError);
    await h.shutdown();
  });

  it('the calls that arrive, one by one, through line.incoming(); leaving the loop stops listening', async () => {
    const h = await harness({ timing: 'instant', maxCallsPerLine: 4 });
    const seen: string[] = [];
    const loop = (async () => {
      for await (const call of h.line.incoming()) {
        seen.push(call.caller?.number ?? '?');
        await call.answer();
        if (seen.length === 2) break;
      }
    })();
    h.sim.offerCall(0, { from: '5550001' });
    h.sim.offerCall(0, { from: '5550002' });
    await loop;
    expect(seen).toEqual(['5550001', '5550002']);
    await h.shutdown();
  });

  it('auto-answer after a delay, on the telephony\'s clock; a call that ends first is not answered', async () => {
    const clock = new ManualClock();
    const sim = simulatedProvider({ timing: 'instant', maxCallsPerLine: 2 });
    const telephony = createTelephony({ providers: [sim], clock });
    const line = await telephony.openLine(0, { autoAnswer: { afterMs: 3_000 } });
    const calls: Call[] = [];
    line.on('incoming', (call) => calls.push(call));
    sim.offerCall(0, { from: '5550001' });
    sim.offerCall(0, { from: '5550002', abandonAfterMs: 1_000 });
    clock.advance(2_999);
    expect(calls.map((c) => c.state)).toEqual(['offering', 'ended']);
    clock.advance(1);
    expect(calls[0].state).toBe('connected');
    expect(clock.pending).toBe(0);
    const done = telephony.shutdown();
    clock.runAll();
    await done;
  });

  it('a line at its limit refuses the call as busy and creates nothing; no incoming event', async () => {
    const h = await harness({ timing: 'instant', maxCallsPerLine: 1 });
    const held = await h.line.makeCall('5550111');
    const offered: Call[] = [];
    h.line.on('incoming', (call) => offered.push(call));
    const callId = h.sim.offerCall(0, { from: '5550123' });
    expect(callId).not.toBeNull();
    expect(offered).toEqual([]);
    expect(h.sim.calls().map((c) => [c.direction, c.phase])).toEqual([['out', 'connected']]);
    expect(h.line.status.activeCalls).toBe(1);
    await held.drop();
    await h.shutdown();
  });

  it('the line closes while a call is offered: the call is rejected and ends, the line closes', async () => {
    const h = await harness({ timing: 'instant' });
    const arriving = next(h);
    h.sim.offerCall(0, { from: '5550123' });
    const call = await arriving;
    const closing = h.line.close();
    expect(await call.ended()).toMatchObject({ origin: 'local', connected: false });
    await closing;
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });

  it('until() on a call that arrived rejects with the cause when the caller gives up', async () => {
    const h = await harness({ timing: 'instant' });
    const arriving = next(h);
    h.sim.offerCall(0, { from: '5550123', abandonAfterMs: 10 });
    const call = await arriving;
    const waiting = call.until('connected');
    h.clock.advance(10);
    const error = (await waiting.catch((e: unknown) => e)) as CallEndedError;
    expect(error).toBeInstanceOf(CallEndedError);
    expect(error.cause.mode).toBe('CANCELLED');
    await h.shutdown();
  });
});

describe('modern API: a caller who withholds the number', () => {
  it('is offered with no number and no name', async () => {
    const h = await harness({ timing: 'instant' });
    const arriving = next(h);
    h.sim.offerCall(0, { from: null });
    const call = await arriving;
    expect(call.caller).toEqual({ number: null, name: null });
    await call.reject();
    await h.shutdown();
  });
});
