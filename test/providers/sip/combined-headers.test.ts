/**
 * Header fields whose grammar is a list may come comma-joined in one line or one value a line
 * (RFC 3261 §7.3.1); both mean the same, and both are read (issue 13, defect 3: an in-dialog
 * BYE whose Vias were comma-joined was discarded, so the far end's hang-up went unanswered and
 * the call stayed connected).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerValues, LIST_HEADERS } from '../../../providers/sip/message.js';
import { answered, expectNothingLeft } from './answered-call.js';
import { farRequest } from './fake-network.js';

describe('comma-joined header values', () => {
  it('the far end’s BYE with two Vias in one header: 200 with both Vias in order, and the call ends', () => {
    const t = answered();
    const bye = farRequest(t.invite, 'BYE', { cseq: 5 });
    bye.headers.set('via', ['SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKfarBYE;rport, SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy']);
    t.deliver(bye);
    const [ok] = t.responses();
    expect(ok.status).toBe(200);
    expect(headerValues(ok, 'via')).toEqual(['SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKfarBYE;rport=5070;received=127.0.0.1', 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy']);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    // A retransmission, this time one Via a line, is the same transaction: answered again, once reported.
    bye.headers.set('via', ['SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKfarBYE;rport', 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy']);
    t.deliver(bye);
    expect(t.responses().map((r) => r.status)).toEqual([200, 200]);
    expect(t.types().filter((e) => e === 'DISCONNECTED')).toHaveLength(1);
    t.call.drop();
    expectNothingLeft(t);
  });

  it('every list header reads the same comma-joined or one value a line (property)', () => {
    const value = fc.stringMatching(/^<sip:[a-z0-9]{1,8}@[a-z0-9.]{1,12}(;lr)?>(;[a-z]{1,5}=[a-z0-9]{1,5})?$/);
    fc.assert(
      fc.property(fc.constantFrom(...LIST_HEADERS), fc.array(value, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 6 }), (name, values, split) => {
        // The same values, cut into lines at `split` values each.
        const lines: string[] = [];
        for (let i = 0; i < values.length; i += split) lines.push(values.slice(i, i + split).join(' ,\t'));
        const joined = { headers: new Map([[name, [values.join(', ')]]]) };
        const apart = { headers: new Map([[name, values.slice()]]) };
        const mixed = { headers: new Map([[name, lines]]) };
        expect(headerValues(joined, name)).toEqual(values);
        expect(headerValues(apart, name)).toEqual(values);
        expect(headerValues(mixed, name)).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });
});
