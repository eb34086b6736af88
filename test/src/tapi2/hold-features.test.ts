/**
 * What hold and transfer show without a request: LINECALLSTATUS dwCallFeatures from what the chart
 * accepts now (HOLD, UNHOLD, BLINDTRANSFER, SETUPTRANSFER, COMPLETETRANSF, SWAPHOLD; none while a
 * request is pending, none the line device does not declare), and LINEDEVSTATUS dwNumActiveCalls,
 * dwNumOnHoldCalls, dwNumOnHoldPendCalls (LINEDEVSTATUS: "active" leaves the held calls out).
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLFEATURE_BLINDTRANSFER,
  LINECALLFEATURE_COMPLETETRANSF,
  LINECALLFEATURE_DIAL,
  LINECALLFEATURE_DROP,
  LINECALLFEATURE_GATHERDIGITS,
  LINECALLFEATURE_MONITORTONES,
  LINECALLFEATURE_GENERATEDIGITS,
  LINECALLFEATURE_MONITORDIGITS,
  LINECALLFEATURE_HOLD,
  LINECALLFEATURE_SETUPTRANSFER,
  LINECALLFEATURE_SWAPHOLD,
  LINECALLFEATURE_UNHOLD,
  type LINEDEVSTATUS,
} from '../../../src/tapi2/index.js';
import { holdHarness, setUpTransfer } from './hold-switch.js';

/** lineGatherDigits and lineMonitorDigits: every live call that is not disconnected has both. */
// What every live call has: digits gathered and monitored, tones monitored.
const DIGITS = LINECALLFEATURE_GATHERDIGITS | LINECALLFEATURE_MONITORDIGITS | LINECALLFEATURE_MONITORTONES;
const CONNECTED_FEATURES = DIGITS | LINECALLFEATURE_DROP | LINECALLFEATURE_GENERATEDIGITS | LINECALLFEATURE_HOLD | LINECALLFEATURE_BLINDTRANSFER | LINECALLFEATURE_SETUPTRANSFER;
const PENDING_FEATURES = DIGITS | LINECALLFEATURE_DROP | LINECALLFEATURE_UNHOLD | LINECALLFEATURE_COMPLETETRANSF;

describe('dwCallFeatures for hold and transfer', () => {
  it('CONNECTED: HOLD, BLINDTRANSFER, SETUPTRANSFER; while the hold is pending none of them; ONHOLD: UNHOLD, BLINDTRANSFER, SETUPTRANSFER, COMPLETETRANSF', async () => {
    const { h, connectedCall, status, shutdown } = await holdHarness();
    const c = await connectedCall();
    expect(status(c).dwCallFeatures).toBe(CONNECTED_FEATURES);
    h.tapi.lineHold(c);
    expect(status(c).dwCallFeatures).toBe(DIGITS | LINECALLFEATURE_DROP | LINECALLFEATURE_GENERATEDIGITS);
    await h.advance(10);
    expect(status(c).dwCallFeatures).toBe(PENDING_FEATURES | LINECALLFEATURE_BLINDTRANSFER | LINECALLFEATURE_SETUPTRANSFER);
    await shutdown();
  });

  it('ONHOLDPENDTRANSFER: UNHOLD, COMPLETETRANSF, and SWAPHOLD with the consultation call, which has DIAL and DROP', async () => {
    const harness = await holdHarness();
    const { c, consult } = await setUpTransfer(harness);
    expect(harness.status(c).dwCallFeatures).toBe(PENDING_FEATURES);
    expect(harness.status(consult).dwCallFeatures).toBe(DIGITS | LINECALLFEATURE_DIAL | LINECALLFEATURE_DROP);
    harness.h.tapi.lineDial(consult, '5550133', 0);
    await harness.h.advance(100);
    // Now there is a connected call to swap with: SWAPHOLD on both.
    expect(harness.status(c).dwCallFeatures).toBe(PENDING_FEATURES | LINECALLFEATURE_SWAPHOLD);
    expect(harness.status(consult).dwCallFeatures).toBe(CONNECTED_FEATURES | LINECALLFEATURE_SWAPHOLD);
    await harness.shutdown();
  });

  it('a line that declares blind transfer only: BLINDTRANSFER, and no hold or consultation transfer', async () => {
    const { connectedCall, status, shutdown } = await holdHarness({ features: { blindTransfer: true } });
    const c = await connectedCall();
    expect(status(c).dwCallFeatures).toBe(DIGITS | LINECALLFEATURE_DROP | LINECALLFEATURE_GENERATEDIGITS | LINECALLFEATURE_BLINDTRANSFER);
    await shutdown();
  });
});

describe('LINEDEVSTATUS call counts', () => {
  it('a held call, a call pending transfer and its consultation call: one active, one on hold, one on hold pending', async () => {
    const harness = await holdHarness();
    const { h } = harness;
    const counts = () => {
      const s = {} as LINEDEVSTATUS;
      expect(h.tapi.lineGetLineDevStatus(h.hLine.value, s)).toBe(0);
      return [s.dwNumActiveCalls, s.dwNumOnHoldCalls, s.dwNumOnHoldPendCalls];
    };
    const first = await harness.connectedCall('5550111');
    expect(counts()).toEqual([1, 0, 0]);
    h.tapi.lineHold(first);
    await h.advance(10);
    expect(counts()).toEqual([0, 1, 0]);
    await setUpTransfer(harness);
    expect(counts()).toEqual([1, 1, 1]);
    await harness.shutdown();
  });
});
