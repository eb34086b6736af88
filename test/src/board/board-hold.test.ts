/**
 * The board and held calls, through its WebSocket as the page sends and reads it: the feed says
 * who holds a call and whether it can be held or taken back now (the chart's `can()`), Hold and
 * Unhold from a page with control move the call, a board that only watches changes nothing, the
 * far end's hold shows as such, and a transfer shows where the call went (or not, with
 * --strip-numbers).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { type HoldingProviderOptions, holdingProvider } from '../phone/holding-provider.js';
import { type Message, serveAndWatch } from './feed-page.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function boardWith(control: boolean, options: HoldingProviderOptions = {}, stripNumbers = false) {
  const clock = new ManualClock();
  const provider = holdingProvider(options);
  const telephony = createTelephony({ providers: [provider], clock });
  const viewer = await serveAndWatch(telephony, clock, { control, openLines: true, stripNumbers }, stops);
  const line = telephony.line(0)!;
  const call = await line.makeCall('5550111');
  clock.advance(100);
  await viewer.until(callIn(call.id, (c) => c.state === 'connected'));
  return { clock, provider, viewer, call };
}
const callIn = (callId: string, test: (call: NonNullable<Message['call']>) => boolean) => (m: Message) => m.type === 'call' && m.call?.callId === callId && test(m.call);

describe('board: held calls', () => {
  it('Hold and Unhold from the page: the call is held by us, then connected again; can() says which button shows', async () => {
    const { clock, viewer, call } = await boardWith(true);
    const connected = await viewer.until(callIn(call.id, (c) => c.state === 'connected'));
    expect(connected.call).toMatchObject({ heldBy: null, can: { hold: true, unhold: false } });
    viewer.send({ type: 'hold', callId: call.id });
    // Pending with the switch: still connected, but nothing more can be asked until it answers.
    await viewer.until(callIn(call.id, (c) => c.state === 'connected' && c.can?.hold === false));
    clock.advance(10);
    const held = await viewer.until(callIn(call.id, (c) => c.state === 'onHold'));
    expect(held.call).toMatchObject({ heldBy: 'us', can: { hold: false, unhold: true } });
    const after = viewer.messages.length;
    viewer.send({ type: 'unhold', callId: call.id });
    await viewer.until((m) => (m as { entry?: { text: string } }).entry?.text === `${call.id} ← UNHOLD`);
    clock.advance(10);
    const back = await viewer.until((m) => viewer.messages.indexOf(m) >= after && callIn(call.id, (c) => c.state === 'connected')(m));
    expect(back.call).toMatchObject({ heldBy: null, can: { hold: true, unhold: false } });
    expect(viewer.messages.filter((m) => m.type === 'log').map((m) => (m as { entry?: { text: string } }).entry?.text)).toEqual(
      expect.arrayContaining([`${call.id} ← HOLD`, `${call.id} ← PROVIDER.ONHOLD`, `${call.id} → onHold`, `${call.id} → connected (ACTIVE)`]),
    );
  });

  it('a hold the call cannot take now is told to the page (unhold while connected)', async () => {
    const { viewer, call } = await boardWith(true);
    viewer.send({ type: 'unhold', callId: call.id });
    const notice = await viewer.until((m) => m.type === 'notice');
    expect(notice.text).toBe(`${call.id} cannot be taken back now`);
  });

  it('a line that declares no hold: the feed never offers Hold', async () => {
    const { viewer, call } = await boardWith(true, { features: {} });
    const connected = await viewer.until(callIn(call.id, (c) => c.state === 'connected'));
    expect(connected.call?.can).toEqual({ hold: false, unhold: false });
    viewer.send({ type: 'hold', callId: call.id });
    expect((await viewer.until((m) => m.type === 'notice')).text).toBe(`${call.id} cannot be held now`);
  });

  it('a board that only watches: Hold changes nothing', async () => {
    const { clock, viewer, call } = await boardWith(false);
    viewer.send({ type: 'hold', callId: call.id });
    await viewer.until((m) => m.type === 'notice' && m.text === 'this board only watches');
    clock.advance(10);
    expect(call.state).toBe('connected');
  });

  it('the far end holds us: connected, mode ACTIVEHELD, held by the far end; and back', async () => {
    const { provider, viewer, call } = await boardWith(true);
    provider.farEndHolds(call.id, true);
    const held = await viewer.until(callIn(call.id, (c) => c.mode === 'ACTIVEHELD'));
    expect(held.call).toMatchObject({ state: 'connected', heldBy: 'far end', can: { hold: true, unhold: false } });
    provider.farEndHolds(call.id, false);
    await viewer.until(callIn(call.id, (c) => c.mode === 'ACTIVE' && c.heldBy === null));
  });

  it('a transferred call ends with origin transfer and where it went; --strip-numbers hides where', async () => {
    for (const strip of [false, true]) {
      const { clock, viewer, call } = await boardWith(true, {}, strip);
      const done = call.transfer('5550133');
      clock.runAll();
      await done;
      const ended = await viewer.until(callIn(call.id, (c) => c.state === 'ended'));
      expect(ended.call?.cause).toMatchObject({ origin: 'transfer', transferredTo: strip ? '[number]' : '5550133' });
      const log = viewer.messages.map((m) => (m as { entry?: { text: string } }).entry?.text ?? '').join('\n');
      expect(log).toContain(strip ? `${call.id} ← BLIND_TRANSFER (to [number])` : `${call.id} ← BLIND_TRANSFER (to 5550133)`);
      expect(log).not.toContain(strip ? '5550133' : '[number]');
    }
  });
});
