/**
 * The board's controls for calls that arrive, through its WebSocket as the page sends them: a
 * board with control answers and rejects an offered call; a board that only watches changes
 * nothing (a page cannot answer a call for someone else); a request for a call that is no longer
 * offered is told so. `openLines` opens every line at start, so calls can arrive, and a line that
 * cannot be opened is warned about.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { startBoard } from '../../../src/board/board-server.js';
import { createTelephony, type Telephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { type Message, page, serveAndWatch } from './feed-page.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function boardWith(control: boolean) {
  const clock = new ManualClock();
  const sim = simulatedProvider({ timing: { answer: 20, drop: 20 } });
  const telephony: Telephony = createTelephony({ providers: [sim], clock });
  const viewer = await serveAndWatch(telephony, clock, { control, openLines: true }, stops);
  return { clock, sim, telephony, viewer };
}
const callIn = (callId: string, state: string) => (m: Message) => m.type === 'call' && m.call?.callId === callId && m.call.state === state;

describe('board: answering and rejecting calls that arrive', () => {
  it('openLines: the lines are open from the start, so a call can arrive and shows with its caller', async () => {
    const { sim, telephony, viewer } = await boardWith(true);
    expect(telephony.line(0)?.status.state).toBe('open');
    const callId = sim.offerCall(0, { from: '5550123', name: 'Bob' })!;
    const offered = await viewer.until(callIn(callId, 'offering'));
    expect(offered.call).toMatchObject({ direction: 'in', caller: { number: '5550123', name: 'Bob' } });
  });

  it('Answer from the page: the call is answered and connects', async () => {
    const { clock, sim, viewer } = await boardWith(true);
    const callId = sim.offerCall(0, { from: '5550123' })!;
    viewer.send({ type: 'answer', callId });
    await viewer.until(callIn(callId, 'answering'));
    clock.advance(20);
    await viewer.until(callIn(callId, 'connected'));
    // Connected, it can no longer be rejected: the page is told, the call stays up.
    viewer.send({ type: 'reject', callId });
    const notice = await viewer.until((m) => m.type === 'notice');
    expect(notice.text).toBe(`${callId} cannot be rejected now: it is not being offered`);
    expect(sim.calls()[0].phase).toBe('connected');
  });

  it('Reject from the page: the caller is refused with REJECT (SIP 603), the cause says so', async () => {
    const { clock, sim, viewer } = await boardWith(true);
    const callId = sim.offerCall(0, { from: '5550123' })!;
    viewer.send({ type: 'reject', callId });
    await viewer.until(callIn(callId, 'dropping'));
    expect(sim.calls()[0].refusedWith).toBe('REJECT');
    clock.advance(20);
    const ended = await viewer.until(callIn(callId, 'ended'));
    expect(ended.call?.cause).toMatchObject({ mode: 'REJECT', origin: 'local', connected: false });
  });

  it('a board that only watches: answer and reject change nothing, the call stays offered', async () => {
    const { sim, telephony, viewer } = await boardWith(false);
    const callId = sim.offerCall(0, { from: '5550123' })!;
    await viewer.until(callIn(callId, 'offering'));
    viewer.send({ type: 'answer', callId });
    viewer.send({ type: 'reject', callId });
    await viewer.until((m) => m.type === 'notice' && m.text === 'this board only watches');
    expect(telephony.line(0)?.status.activeCalls).toBe(1);
    expect(sim.calls()[0]).toMatchObject({ phase: 'offering' });
    expect(sim.calls()[0].refusedWith).toBeUndefined();
  });

  it('openLines: a line that cannot be opened is warned about, and the board still serves', async () => {
    const warnings: string[] = [];
    const telephony = createTelephony({ providers: [simulatedProvider({ lines: 1 }), { ...simulatedProvider(), name: 'broken', openLine: () => { throw new Error('no line today'); } }] });
    const board = await startBoard(telephony, { port: 0, openLines: true, onWarning: (w) => warnings.push(w) });
    stops.push(async () => {
      await board.close();
      await telephony.shutdown();
    });
    const viewer = await page(board.feedUrl);
    stops.push(async () => void viewer.socket.close());
    for (let i = 0; i < 500 && warnings.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([expect.stringMatching(/^no call can arrive on line 1: line 1 could not be opened: LINEERR_\w+/)]);
    expect(telephony.line(0)?.status.state).toBe('open');
  });
});
