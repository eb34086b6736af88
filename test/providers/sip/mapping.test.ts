/**
 * The mapping from SIP to the call chart and TAPI's modes, as the table gives it, and
 * the far end's text made safe before it reaches a cause.
 */
import { describe, expect, it } from 'vitest';
import { cleanText, detailOf, disconnectMode, failureEvent, noResponseEvent, provisionalEvent } from '../../../providers/sip/mapping.js';
import type { SipResponse } from '../../../providers/sip/message.js';

const response = (status: number, reason: string, headers: Array<[string, string]> = []): SipResponse => ({ kind: 'response', status, reason, headers: new Map(headers.map(([n, v]) => [n, [v]])), body: '' });

describe('mapping', () => {
  it('provisionals: 100 proceeding, 180/183 ringback, others proceeding until the far end rings', () => {
    expect(provisionalEvent(100, false)).toEqual({ type: 'PROVIDER.PROCEEDING' });
    expect(provisionalEvent(180, false)).toEqual({ type: 'PROVIDER.RINGBACK' });
    expect(provisionalEvent(183, true)).toEqual({ type: 'PROVIDER.RINGBACK' });
    expect(provisionalEvent(182, false)).toEqual({ type: 'PROVIDER.PROCEEDING' });
    expect(provisionalEvent(100, true)).toBeNull();
  });

  it.each([
    [486, false, 'BUSY'],
    [600, false, 'BUSY'],
    [404, false, 'BADADDRESS'],
    [604, false, 'BADADDRESS'],
    [484, false, 'BADADDRESS'],
    [480, false, 'UNREACHABLE'],
    [480, true, 'NOANSWER'],
    [408, false, 'UNREACHABLE'],
    [408, true, 'NOANSWER'],
    [403, false, 'REJECT'],
    [603, false, 'REJECT'],
    [607, false, 'REJECT'],
    [503, false, 'CONGESTION'],
    [500, false, 'UNAVAIL'],
    [501, false, 'UNAVAIL'],
    [502, false, 'UNREACHABLE'],
    [410, false, 'NUMBERCHANGED'],
    [302, false, 'FORWARDED'],
    [488, false, 'INCOMPATIBLE'],
    [487, false, 'CANCELLED'],
    [400, false, 'UNAVAIL'],
  ])('%i (rang: %s) → %s', (status, rang, expected) => {
    const event = failureEvent(response(status, 'x'), rang);
    if (expected === 'BUSY') return expect(event).toMatchObject({ type: 'PROVIDER.BUSY', mode: 'STATION' });
    expect(event).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: expected });
    expect(disconnectMode(status, rang)).toBe(expected);
  });

  it('Timer B: UNREACHABLE (or NOANSWER once it rang), 408 in the detail; a transport failure is UNREACHABLE', () => {
    expect(noResponseEvent('timeout', false)).toMatchObject({ mode: 'UNREACHABLE', detail: { code: 408 } });
    expect(noResponseEvent('timeout', true)).toMatchObject({ mode: 'NOANSWER' });
    expect(noResponseEvent('transport', false)).toMatchObject({ mode: 'UNREACHABLE' });
  });

  it('the detail keeps the code, the phrase and the Reason header (RFC 3326)', () => {
    expect(detailOf(response(603, 'Decline', [['reason', 'Q.850;cause=21;text="Call rejected"']]))).toEqual({ code: 603, reason: 'Decline (Reason: Q.850;cause=21;text="Call rejected")' });
    expect(detailOf(response(486, 'Busy Here'))).toEqual({ code: 486, reason: 'Busy Here' });
  });

  it('far-end text loses its control characters and is bounded', () => {
    expect(cleanText('Busy\x1b[31m Here\x07')).toBe('Busy [31m Here');
    expect(cleanText('x'.repeat(1000))).toHaveLength(200);
  });
});
