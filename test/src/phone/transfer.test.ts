/**
 * `call.transfer(address)` (blind) and `call.transferTo(call)` (after consultation) through the
 * whole stack on a manual clock: success, refusal, and the consultation call ending first.
 */
import { describe, expect, it } from 'vitest';
import type { CallState } from '../../../machines/events.js';
import { holdingHarness } from './holding-provider.js';

describe('blind transfer', () => {
  it('succeeds: resolves once the far end reached the target and the call ended by transfer; transferred, then ended', async () => {
    const h = await holdingHarness();
    const call = await h.connected();
    const events: string[] = [];
    call.on('transferred', ({ to, at }) => events.push(`transferred to ${to} at ${at}`));
    call.on('ended', ({ cause }) => events.push(`ended ${cause.origin}`));
    const done = call.transfer('555-0133');
    h.clock.runAll();
    const cause = await done;
    expect(cause).toMatchObject({ origin: 'transfer', mode: 'NORMAL', transferredTo: '5550133', connected: true, state: 'connected' });
    expect(call.state).toBe('ended');
    expect(events).toEqual(['transferred to 5550133 at 150', 'ended transfer']);
    expect(h.provider.asked).toEqual(['c1 blindTransfer 5550133', 'c1 drop']);
    expect(await h.shutdown()).toEqual({ live: [], timers: 0 });
  });

  it('from our hold: a held call can be transferred blind too', async () => {
    const h = await holdingHarness();
    const call = await h.connected();
    await h.after(call.hold());
    const done = call.transfer('5550133');
    h.clock.runAll();
    expect(await done).toMatchObject({ origin: 'transfer', state: 'onHold' });
    await h.shutdown();
  });

  it('the switch refuses: the LINEERR, and the call stays connected', async () => {
    const h = await holdingHarness({ refuse: { transfer: 'OPERATIONFAILED' } });
    const call = await h.connected();
    const done = call.transfer('5550133');
    h.clock.advance(50);
    await expect(done).rejects.toMatchObject({ code: 'OPERATIONFAILED', message: 'transfer to "5550133" failed: LINEERR_OPERATIONFAILED' });
    expect(call.state).toBe('connected');
    await h.drop(call);
    await h.shutdown();
  });

  it('a bad target is refused before anything is sent (INVALADDRESS), a partial one too', async () => {
    const h = await holdingHarness();
    const call = await h.connected();
    await expect(call.transfer('555-CALL')).rejects.toMatchObject({ code: 'INVALADDRESS' });
    await expect(call.transfer('5550133;')).rejects.toMatchObject({ code: 'INVALADDRESS' });
    expect(h.provider.asked).toEqual([]);
    await h.drop(call);
    await h.shutdown();
  });
});

describe('transfer after consultation', () => {
  it('succeeds: the first call is held pending the transfer, then both calls leave us with origin transfer', async () => {
    const h = await holdingHarness();
    const first = await h.connected();
    const states: CallState[] = [];
    first.on('state', ({ state }) => states.push(state));
    const consultation = await h.connected('5550133');
    const done = first.transferTo(consultation);
    h.clock.runAll();
    const cause = await done;
    expect(cause).toMatchObject({ origin: 'transfer', transferredTo: consultation.id });
    expect(await consultation.ended()).toMatchObject({ origin: 'transfer' });
    expect(states).toEqual(['onHoldPendTransfer', 'dropping', 'ended']);
    expect(h.provider.asked).toEqual(['c1 hold', 'c1 transfer c2', 'c2 drop', 'c1 drop']);
    expect(await h.shutdown()).toEqual({ live: [], timers: 0 });
  });

  it('from our hold (consult while the caller waits): no second hold is asked', async () => {
    const h = await holdingHarness();
    const first = await h.connected();
    await h.after(first.hold());
    const consultation = await h.connected('5550133');
    const done = first.transferTo(consultation);
    h.clock.runAll();
    await done;
    expect(h.provider.asked.slice(0, 2)).toEqual(['c1 hold', 'c1 transfer c2']);
    await h.shutdown();
  });

  it('the consultation call is dropped while the first is being held: CANCEL_TRANSFER, the first is back on plain hold', async () => {
    const h = await holdingHarness();
    const first = await h.connected();
    const consultation = await h.connected('5550133');
    const done = first.transferTo(consultation);
    void consultation.drop(); // before the switch confirms the hold
    h.clock.runAll();
    await expect(done).rejects.toMatchObject({ code: 'INVALCALLSTATE', message: 'cannot transfer to c2: that call ended while this one was being held' });
    expect([first.state, first.heldBy]).toEqual(['onHold', 'us']);
    expect(h.provider.asked).toEqual(['c1 hold', 'c2 drop']);
    const back = first.unhold();
    h.clock.runAll();
    await back;
    expect(first.state).toBe('connected');
    await h.drop(first);
    await h.shutdown();
  });

  it('the consultation call hangs up while the transfer is with the switch: the provider refuses, the first is back on plain hold', async () => {
    const h = await holdingHarness();
    const first = await h.connected();
    const consultation = await h.connected('5550133');
    const done = first.transferTo(consultation);
    h.clock.advance(10); // held pending the transfer; the transfer is asked
    expect(first.state).toBe('onHoldPendTransfer');
    h.provider.hangUp(consultation.id);
    h.clock.runAll();
    await expect(done).rejects.toMatchObject({ code: 'OPERATIONFAILED' });
    expect(first.state).toBe('onHold');
    expect(await consultation.ended()).toMatchObject({ origin: 'remote' });
    await h.drop(first);
    await h.shutdown();
  });

  it('an ended call or the call itself cannot be the consultation', async () => {
    const h = await holdingHarness();
    const first = await h.connected();
    const gone = await h.connected('5550133');
    await h.drop(gone);
    await expect(first.transferTo(gone)).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    await expect(first.transferTo(first)).rejects.toMatchObject({ code: 'INVALPARAM' });
    expect(first.state).toBe('connected');
    await h.drop(first);
    await h.shutdown();
  });
});
