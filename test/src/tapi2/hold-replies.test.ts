/**
 * Every hold and transfer request gets exactly one LINE_REPLY, whatever ends first (TAPI 2.0 and
 * later: "every asynchronous function that returns a dwRequestID ... always results in the
 * delivery of the associated LINE_REPLY message unless the application calls lineShutdown",
 * lineDeallocateCall remarks): the far end, the application's drop, lineClose, a switch that
 * refuses or never answers.
 */
import { describe, expect, it } from 'vitest';
import { LINETRANSFERMODE_TRANSFER } from '../../../src/tapi2/index.js';
import { type HoldHarness, holdHarness, setUpTransfer } from './hold-switch.js';

/** Each scenario starts requests, then ends them its way; returns the request ids it made. */
const SCENARIOS: Array<[string, (harness: HoldHarness) => Promise<number[]>]> = [
  ['hold, then the far end hangs up and the call is dropped', async ({ h, sw, connectedCall }) => {
    const c = await connectedCall();
    const ids = [h.tapi.lineHold(c)];
    sw.made[0].hangUp();
    ids.push(h.tapi.lineDrop(c, null, 0));
    return ids;
  }],
  ['hold, then lineDrop at once', async ({ h, connectedCall }) => {
    const c = await connectedCall();
    return [h.tapi.lineHold(c), h.tapi.lineDrop(c, null, 0)];
  }],
  ['hold the switch never answers, then lineClose', async ({ h, sw, connectedCall }) => {
    const c = await connectedCall();
    sw.failNext('hold', 'silent');
    const ids = [h.tapi.lineHold(c)];
    await h.advance(5);
    h.tapi.lineClose(h.hLine.value);
    return ids;
  }],
  ['blind transfer, then lineDrop before the target is reached', async ({ h, connectedCall }) => {
    const c = await connectedCall();
    return [h.tapi.lineBlindTransfer(c, '5550133', 0), h.tapi.lineDrop(c, null, 0)];
  }],
  ['setup transfer, then lineClose before the switch has held the call', async ({ h, connectedCall }) => {
    const c = await connectedCall();
    const ids = [h.tapi.lineSetupTransfer(c, h.watch(), null)];
    h.tapi.lineClose(h.hLine.value);
    return ids;
  }],
  ['setup transfer, then the first call hangs up before it is held', async ({ h, sw, connectedCall }) => {
    const c = await connectedCall();
    const ids = [h.tapi.lineSetupTransfer(c, h.watch(), null)];
    await h.advance(5);
    sw.made[0].hangUp();
    await h.advance(10);
    ids.push(h.tapi.lineDrop(c, null, 0));
    return ids;
  }],
  ['swap, then both calls are dropped', async ({ h, connectedCall }) => {
    const held = await connectedCall('5550111');
    h.tapi.lineHold(held);
    await h.advance(10);
    const active = await connectedCall('5550122');
    return [h.tapi.lineSwapHold(active, held), h.tapi.lineDrop(active, null, 0), h.tapi.lineDrop(held, null, 0)];
  }],
  ['complete transfer, then the consultation call is dropped', async (harness) => {
    const { c, consult } = await setUpTransfer(harness);
    harness.h.tapi.lineDial(consult, '5550133', 0);
    await harness.h.advance(100);
    return [harness.h.tapi.lineCompleteTransfer(c, consult, null, LINETRANSFERMODE_TRANSFER), harness.h.tapi.lineDrop(consult, null, 0)];
  }],
];

describe('exactly one LINE_REPLY per hold and transfer request', () => {
  it.each(SCENARIOS)('%s', async (_name, run) => {
    const harness = await holdHarness();
    const ids = await run(harness);
    expect(ids.every((id) => id > 0)).toBe(true);
    await harness.h.settle();
    const replies = harness.h.log.filter(([name]) => name === 'LINE_REPLY').map(([, , , request]) => request);
    for (const id of ids) expect(replies.filter((request) => request === id), `request ${id}`).toHaveLength(1);
    await harness.shutdown();
  });
});
