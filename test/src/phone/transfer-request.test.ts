/**
 * The far end asks us to transfer ourselves (a SIP REFER: we are the transferee) through the whole
 * stack on the simulated switch and a manual clock: `call.on('transferRequested')`, refused by
 * default and still reported, accepted on a line that asks (the new call made on the same line
 * with `transferOf`, the old far end hanging up once it connects), refused by the application,
 * and left unanswered until the switch refuses on its own.
 */
import { describe, expect, it } from 'vitest';
import { createTelephony } from '../../../src/index.js';
import type { Call, TransferRequest } from '../../../src/phone/call.js';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { TRANSFER_REQUEST_WAIT } from '../../../providers/simulated/call-control.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

/** Let pending promise callbacks run (accept() makes the new call once the acceptance is taken). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const NUMBERS = {
  // Answers after one ring, then asks us after 1 s to call 5550177 instead.
  '5550166': { outcome: 'answer', rings: 1, transferUsAfterMs: 1_000, transferUsTo: '5550177' },
  '5550177': { outcome: 'answer', rings: 1 },
} as const;

async function setup(transferRequests?: 'ask' | 'refuse') {
  const clock = new ManualClock();
  const provider = simulatedProvider({ numbers: NUMBERS });
  const telephony = createTelephony({ providers: [provider], clock });
  const line = await telephony.openLine(0, transferRequests ? { transferRequests } : {});
  const requests: Array<TransferRequest<Call>> = [];
  const made = line.makeCall('5550166', { on: { transferRequested: (request) => requests.push(request) } });
  clock.advance(5_000);
  const call = await made;
  await call.until('connected');
  /** Shut down, letting simulated time run so the drops complete; nothing is left. */
  const shutdown = async () => {
    const done = telephony.shutdown();
    clock.runAll();
    await done;
    expect(provider.calls()).toEqual([]);
    expect(clock.pending).toBe(0);
  };
  return { clock, provider, telephony, line, call, requests, shutdown };
}

describe('transfer requested by the far end (we are the transferee)', () => {
  it('a line that does not ask: refused at once, still reported (refused true); accept() rejects; the call goes on', async () => {
    const t = await setup();
    t.clock.advance(1_000);
    expect(t.requests.map(({ to, by, refused }) => ({ to, by, refused }))).toEqual([{ to: '5550177', by: '5550166', refused: true }]);
    await expect(t.requests[0].accept()).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    expect(t.call.state).toBe('connected');
    expect(t.call.snapshot.context.transferRequest).toBeNull();
    t.clock.advance(TRANSFER_REQUEST_WAIT * 2);
    expect(t.call.state).toBe('connected');
    await t.shutdown();
  });

  it("a line that asks: accept() makes the new call on the same line (transferOf); once it connects the old far end hangs up", async () => {
    const t = await setup('ask');
    t.clock.advance(1_000);
    const [request] = t.requests;
    expect({ to: request.to, by: request.by, refused: request.refused }).toEqual({ to: '5550177', by: '5550166', refused: false });
    expect(t.call.snapshot.can({ type: 'ACCEPT_TRANSFER_REQUEST' })).toBe(true);
    const accepted = request.accept();
    await settle();
    t.clock.advance(5_000);
    const next = await accepted;
    await next.until('connected');
    expect(next.snapshot.context.transferOf).toBe(t.call.id);
    const cause = await t.call.ended();
    expect(cause).toMatchObject({ origin: 'remote', mode: 'NORMAL' });
    expect(next.state).toBe('connected');
    await t.shutdown();
  });

  it('a line that asks: refuse() tells the far end no, and the call goes on; a second answer changes nothing', async () => {
    const t = await setup('ask');
    t.clock.advance(1_000);
    t.requests[0].refuse();
    expect(t.call.snapshot.context.transferRequest).toBeNull();
    t.requests[0].refuse();
    await expect(t.requests[0].accept()).rejects.toMatchObject({ code: 'INVALCALLSTATE' });
    t.clock.advance(30_000);
    expect(t.call.state).toBe('connected');
    await t.shutdown();
  });

  it('unanswered: the switch refuses on its own after its bound; a late accept still makes a call, but the old far end stays', async () => {
    const t = await setup('ask');
    t.clock.advance(1_000 + TRANSFER_REQUEST_WAIT);
    const late = t.requests[0].accept();
    await settle();
    t.clock.advance(5_000);
    const next = await late;
    await next.until('connected');
    t.clock.advance(5_000);
    expect(t.call.state).toBe('connected');
    await t.shutdown();
  });
});
