/**
 * Hold and transfer on the simulated switch (rule 10 of the provider contract; call-control.ts),
 * on a manual clock: our hold and unhold, a far end that refuses hold, a far end that holds us
 * and takes us back, a blind transfer to a target that answers, is busy or rejects, and a
 * consultation transfer between two calls of the line.
 */
import { describe, expect, it } from 'vitest';
import { type CallRequest, defaultCallParams, type ProviderCall, type ProviderEvent } from '../../../providers/provider.js';
import { simulatedProvider, type SimulatedProviderOptions } from '../../../providers/simulated/index.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

/** Line 0 of a simulated switch with instant setup (hold 50 ms, transfer 500 ms, as by default). */
function line(options: SimulatedProviderOptions = {}) {
  const clock = new ManualClock();
  const sim = simulatedProvider({ ...options, timing: { dialtone: 0, digit: 0, proceeding: 0, ring: 0, drop: 20, answer: 0, hold: 50, transfer: 500 } });
  const log: string[] = [];
  const show = (e: ProviderEvent) => {
    const mode = 'mode' in e && e.mode ? ` ${e.mode}` : '';
    const more = e.type === 'PROVIDER.TRANSFERRED' ? ` ${e.to}` : e.type === 'PROVIDER.REQUEST_FAILED' ? ` ${e.kind} ${e.error}${e.detail?.code ? ` ${e.detail.code}` : ''}` : '';
    return `${e.type.slice(9)}${mode}${more}`;
  };
  const opened = sim.openLine(0, { clock, report: (callId, e) => log.push(`${clock.now()} ${callId} ${show(e)}`), service: () => {}, offer: () => null });
  /** Make a call to `destination`: it connects at once (instant setup); the log starts after. */
  const connected = (callId: string, destination: string): ProviderCall => {
    const request: CallRequest = { callId, lineIndex: 0, destination, complete: true, params: defaultCallParams };
    const call = opened.makeCall(request);
    expect(log.at(-1)).toMatch(new RegExp(`${callId} CONNECTED ACTIVE$`));
    log.length = 0;
    return call;
  };
  return { clock, sim, log, connected };
}

describe('simulated provider: hold and transfer', () => {
  it('declares hold, blind and consultation transfer on its lines', () => {
    expect(simulatedProvider().lines[0].features).toEqual({ hold: true, blindTransfer: true, transfer: true });
  });

  it('hold: ONHOLD after timing.hold; unhold: CONNECTED ACTIVE after it again', () => {
    const { clock, sim, log, connected } = line();
    const call = connected('c1', '5550111');
    call.hold?.();
    clock.advance(49);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(sim.calls()[0].held).toBe(true);
    call.unhold?.();
    clock.advance(50);
    expect(log).toEqual(['50 c1 ONHOLD', '100 c1 CONNECTED ACTIVE']);
    expect(sim.calls()[0].held).toBeUndefined();
  });

  it('a far end that refuses hold: REQUEST_FAILED kind hold, 488; the call stays connected', () => {
    const { clock, sim, log, connected } = line({ numbers: { '5550111': { outcome: 'answer', refuseHold: true } } });
    const call = connected('c1', '5550111');
    call.hold?.();
    clock.runAll();
    expect(log).toEqual(['50 c1 REQUEST_FAILED hold OPERATIONFAILED 488']);
    expect(sim.calls()[0]).toMatchObject({ phase: 'connected' });
  });

  it('the far end holds us after holdAfterMs and takes us back after resumeAfterMs: CONNECTED ACTIVEHELD, then ACTIVE', () => {
    const { clock, log, connected } = line({ numbers: { '5550111': { outcome: 'answer', holdAfterMs: 1000, resumeAfterMs: 3000 } } });
    connected('c1', '5550111');
    clock.runAll();
    expect(log).toEqual(['1000 c1 CONNECTED ACTIVEHELD', '4000 c1 CONNECTED ACTIVE']);
  });

  it('the far end holds us while we hold it: nothing is said until our unhold, which reports ACTIVEHELD', () => {
    const { clock, log, connected } = line({ numbers: { '5550111': { outcome: 'answer', holdAfterMs: 100 } } });
    const call = connected('c1', '5550111');
    call.hold?.();
    clock.advance(200);
    call.unhold?.();
    clock.runAll();
    expect(log).toEqual(['50 c1 ONHOLD', '250 c1 CONNECTED ACTIVEHELD']);
  });

  it('blind transfer to a number that answers: TRANSFERRED after timing.transfer; the drop that follows is confirmed at once', () => {
    const { clock, sim, log, connected } = line();
    const call = connected('c1', '5550111');
    call.blindTransfer?.('5550199');
    clock.runAll();
    expect(log).toEqual(['500 c1 TRANSFERRED 5550199']);
    call.drop();
    expect(log.at(-1)).toBe('500 c1 IDLE');
    call.dispose();
    expect(sim.calls()).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it.each([
    ['busy', 486],
    ['reject', 603],
    ['no-answer', 480],
    ['unreachable', 404],
  ] as const)('blind transfer to a target that is %s: REQUEST_FAILED kind transfer, %i; the call stays', (outcome, code) => {
    const { clock, sim, log, connected } = line({ numbers: { '5550199': { outcome } } });
    const call = connected('c1', '5550111');
    call.blindTransfer?.('5550199');
    clock.runAll();
    expect(log).toEqual([`500 c1 REQUEST_FAILED transfer OPERATIONFAILED ${code}`]);
    expect(sim.calls()[0]).toMatchObject({ phase: 'connected' });
  });

  it('consultation transfer: both far ends joined, TRANSFERRED on both calls, each naming the other', () => {
    const { clock, log, connected } = line();
    const held = connected('c1', '5550111');
    held.hold?.();
    clock.runAll();
    const consultation = connected('c2', '5550177');
    held.transfer?.(consultation);
    clock.runAll();
    expect(log).toEqual(['550 c2 TRANSFERRED 5550111', '550 c1 TRANSFERRED 5550177']);
  });

  it('consultation transfer to a call that is not connected, or not the switch\'s: refused, INVALCALLSTATE', () => {
    const { clock, log, connected } = line();
    const held = connected('c1', '5550111');
    held.transfer?.({ dial() {}, generateDigits() {}, drop() {}, dispose() {} });
    clock.runAll();
    expect(log).toEqual(['500 c1 REQUEST_FAILED transfer INVALCALLSTATE']);
  });

  it('a request the far end overtakes (it hangs up first) is not answered: the call\'s end answers it', () => {
    const { clock, log, connected } = line({ numbers: { '5550111': { outcome: 'answer', hangupAfterMs: 10 } } });
    const call = connected('c1', '5550111');
    call.hold?.();
    clock.runAll();
    expect(log).toEqual(['10 c1 DISCONNECTED NORMAL']);
    expect(clock.pending).toBe(0);
  });
});
