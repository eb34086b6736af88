import { describe, expect, it } from 'vitest';
import { REDACTED, maskText, stripNumbers } from '../../../src/inspect/strip-numbers.js';

describe('stripNumbers', () => {
  it('removes numbers by the names xtapi gives them, at any depth', () => {
    const event = { type: 'xstate.init', input: { callId: 'c1', address: '+1 (425) 555-0111', destination: '14255550111', params: { origination: '100' } } };
    expect(stripNumbers(event)).toEqual({ type: 'xstate.init', input: { callId: 'c1', address: REDACTED, destination: REDACTED, params: { origination: REDACTED } } });
    expect(stripNumbers({ type: 'DIAL', digits: '1234#', complete: true })).toEqual({ type: 'DIAL', digits: REDACTED, complete: true });
  });

  it('removes where a call was redirected to, in the provider event, the context and the emitted event', () => {
    const detail = { code: 302, reason: 'Moved Temporarily' };
    expect(stripNumbers({ type: 'PROVIDER.REDIRECTED', to: 'sip:bob@b.example', detail })).toEqual({ type: 'PROVIDER.REDIRECTED', to: REDACTED, detail });
    expect(stripNumbers({ redirections: [{ to: '5550111', at: 850 }] })).toEqual({ redirections: [{ to: REDACTED, at: 850 }] });
    expect(stripNumbers({ type: 'redirected', callId: 'c1', redirection: { to: '5550111', detail, at: 850 } })).toEqual({
      type: 'redirected',
      callId: 'c1',
      redirection: { to: REDACTED, detail, at: 850 },
    });
  });

  it('masks numbers and SIP URIs in free text, and keeps the rest', () => {
    expect(maskText('480 Temporarily Unavailable for sip:bob@10.0.0.1:5060')).toBe(`480 Temporarily Unavailable for ${REDACTED}`);
    expect(maskText('no route to +1 425 555 0111')).toBe(`no route to ${REDACTED}`);
    expect(stripNumbers({ detail: { code: 486, reason: 'Busy Here' }, address: null })).toEqual({ detail: { code: 486, reason: 'Busy Here' }, address: null });
  });

  it("masks a number in a caller's display name, and keeps the name otherwise", () => {
    expect(stripNumbers({ incoming: { from: '5550123', name: 'Bob 555 0123' } })).toEqual({ incoming: { from: '[number]', name: 'Bob [number]' } });
    expect(stripNumbers({ name: 'Simulated line 0' })).toEqual({ name: 'Simulated line 0' });
  });

  it('reads objects through toJSON (snapshots, actor refs) and survives cycles', () => {
    const ref = { id: 'call-0', toJSON: () => ({ id: 'call-0' }) };
    const cyclic: Record<string, unknown> = { address: '5550111', ref };
    cyclic.self = cyclic;
    const out = stripNumbers(cyclic) as Record<string, unknown>;
    expect(out.address).toBe(REDACTED);
    expect(out.ref).toEqual({ id: 'call-0' });
    expect(out.self).toBe(out);
  });
});
