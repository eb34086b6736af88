/**
 * `call.hold()` and `call.unhold()` through the whole stack (telephony, line, call actor, a
 * provider that keeps rule 10) on a manual clock: the round trip, a refusal, the races with the
 * far end, a line that cannot hold, and the `held` / `unheld` events.
 */
import { describe, expect, it } from 'vitest';
import type { CallHoldEvent } from '../../../src/phone/call.js';
import { XtapiError } from '../../../src/phone/errors.js';
import { holdingHarness } from './holding-provider.js';

/** A promise's outcome, without awaiting it: 'pending', or what it settled with. */
function watch<T>(promise: Promise<T>) {
  const seen: { settled: number; value?: T; error?: unknown } = { settled: 0 };
  promise.then(
    (value) => Object.assign(seen, { settled: seen.settled + 1, value }),
    (error: unknown) => Object.assign(seen, { settled: seen.settled + 1, error }),
  );
  return seen;
}

describe('hold', () => {
  it('hold then unhold: onHold once the switch confirms, connected again after unhold; heldBy follows', async () => {
    const h = await holdingHarness();
    const call = await h.connected();
    expect(call.features).toMatchObject({ hold: true, unhold: false, blindTransfer: true, transfer: true });
    const held = call.hold();
    expect(call.state).toBe('connected'); // the hold is pending with the switch: no state of its own
    expect(call.features.hold).toBe(false); // one request at a time
    h.clock.advance(10);
    await held;
    expect([call.state, call.heldBy, call.isHeld]).toEqual(['onHold', 'us', true]);
    expect(call.features).toMatchObject({ hold: false, unhold: true });
    await h.after(call.unhold());
    expect([call.state, call.mode, call.heldBy, call.isHeld]).toEqual(['connected', 'ACTIVE', null, false]);
    expect(h.provider.asked).toEqual(['c1 hold', 'c1 unhold']);
    await h.drop(call);
    expect(await h.shutdown()).toEqual({ live: [], timers: 0 });
  });

  it('the switch refuses the hold: LINEERR from the provider, the call stays connected', async () => {
    const h = await holdingHarness({ refuse: { hold: 'RESOURCEUNAVAIL' } });
    const call = await h.connected();
    const held = call.hold();
    h.clock.advance(10);
    await expect(held).rejects.toMatchObject({ name: 'XtapiError', code: 'RESOURCEUNAVAIL', message: 'hold failed: LINEERR_RESOURCEUNAVAIL' });
    expect([call.state, call.heldBy]).toEqual(['connected', null]);
    expect(call.features.hold).toBe(true); // nothing pending any more: it may be tried again
    await h.drop(call);
    await h.shutdown();
  });

  it('hold races the far end hanging up: one settlement, an error that says the call ended first', async () => {
    const h = await holdingHarness();
    const call = await h.connected();
    const outcome = watch(call.hold());
    h.provider.hangUp(call.id); // before the switch confirms the hold
    h.clock.runAll();
    const cause = await call.ended();
    await Promise.resolve();
    expect(cause).toMatchObject({ origin: 'remote', mode: 'NORMAL' });
    expect(outcome.settled).toBe(1);
    expect(outcome.error).toBeInstanceOf(XtapiError);
    expect(outcome.error).toMatchObject({ code: 'OPERATIONFAILED', message: 'hold failed: LINEERR_OPERATIONFAILED (the call ended first: NORMAL, by the far end)' });
    await h.shutdown();
  });

  it('hold on a call that is not connected, or twice: INVALCALLSTATE, nothing sent', async () => {
    const h = await holdingHarness();
    const call = await h.line.makeCall('5550111');
    await expect(call.hold()).rejects.toMatchObject({ code: 'INVALCALLSTATE', message: 'cannot hold a call in state proceeding' });
    await expect(call.unhold()).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    h.clock.advance(100);
    const first = call.hold();
    await expect(call.hold()).rejects.toMatchObject({ code: 'INVALCALLSTATE', message: 'cannot hold: a hold of this call is still pending' });
    h.clock.advance(10);
    await first;
    await expect(call.hold()).rejects.toMatchObject({ code: 'INVALCALLSTATE', message: 'cannot hold a call in state onHold' });
    expect(h.provider.asked).toEqual(['c1 hold']);
    await h.drop(call);
    await expect(call.hold()).rejects.toMatchObject({ code: 'INVALCALLSTATE', message: 'cannot hold: the call has ended' });
    await h.shutdown();
  });

  it('a line that declares no hold: OPERATIONUNAVAIL in every state, and the features say no', async () => {
    const h = await holdingHarness({ features: {} });
    const call = await h.connected();
    expect(call.features).toMatchObject({ hold: false, unhold: false, blindTransfer: false, transfer: false });
    await expect(call.hold()).rejects.toMatchObject({ code: 'OPERATIONUNAVAIL', message: 'cannot hold: the line does not offer it (no LINECALLFEATURE_HOLD)' });
    await expect(call.unhold()).rejects.toMatchObject({ code: 'OPERATIONUNAVAIL' });
    await expect(call.transfer('5550133')).rejects.toMatchObject({ code: 'OPERATIONUNAVAIL' });
    expect(call.state).toBe('connected');
    expect(h.provider.asked).toEqual([]);
    await h.drop(call);
    await h.shutdown();
  });

  it('held and unheld: by us for our hold, by the far end for its ACTIVEHELD; an end while held is no unheld', async () => {
    const h = await holdingHarness();
    const call = await h.connected();
    const events: string[] = [];
    const note = (e: CallHoldEvent) => events.push(`${e.type} by ${e.by} at ${e.at}`);
    call.on('held', note);
    call.on('unheld', note);
    h.provider.farEndHolds(call.id, true);
    expect([call.state, call.mode, call.heldBy]).toEqual(['connected', 'ACTIVEHELD', 'far end']);
    h.provider.farEndHolds(call.id, false);
    await h.after(call.hold());
    await h.after(call.unhold());
    await h.after(call.hold());
    const ended = call.drop();
    h.clock.runAll();
    await ended;
    expect(events).toEqual(['held by far end at 100', 'unheld by far end at 100', 'held by us at 110', 'unheld by us at 120', 'held by us at 130']);
    await h.shutdown();
  });

  it('listeners given to makeCall hear held and unheld too; stopping one stops it', async () => {
    const h = await holdingHarness();
    const seen: string[] = [];
    const call = await h.line.makeCall('5550111', { on: { held: ({ by }) => seen.push(`held ${by}`), unheld: ({ by }) => seen.push(`unheld ${by}`) } });
    h.clock.advance(100);
    const off = call.on('held', () => seen.push('extra'));
    off();
    await h.after(call.hold());
    await h.after(call.unhold());
    expect(seen).toEqual(['held us', 'unheld us']);
    await h.drop(call);
    await h.shutdown();
  });
});
