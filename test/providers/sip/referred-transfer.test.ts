/**
 * The far end's REFER in a call's dialog, we being the transferee (RFC 3515 §2.4; contract rule
 * 11), on the manual clock, the far end played by the test: the request read and reported, the
 * core's answer (202 and NOTIFY 100 Trying, or 603), our own refusal when the core is late, 491 to
 * a second REFER, 400 and 416 to a bad Refer-To; then the new call made for it: Referred-By and
 * Replaces on its INVITE, one NOTIFY per response, in order, the last one terminating the
 * subscription, and a 481 that stops them.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderEvent } from '../../../providers/provider.js';
import { header, type SipRequest } from '../../../providers/sip/message.js';
import { REFER_ANSWER_WAIT, SUBSCRIPTION_EXPIRES } from '../../../providers/sip/referred-transfer.js';
import { SipCall } from '../../../providers/sip/sip-call.js';
import { answered, expectNothingLeft } from './answered-call.js';
import { farRequest, responseTo } from './fake-network.js';
import { answeredIncoming, callerRequest } from './incoming-network.js';

type Call = ReturnType<typeof answered>;

/** The far end's REFER, CSeq `cseq`, with these Refer-To values (none: no header) and Referred-By. */
function refer(t: Call, cseq: number, referTo: string[], referredBy?: string): SipRequest {
  const request = farRequest(t.invite, 'REFER', { cseq, branch: `z9hG4bKrefer${cseq}` });
  if (referTo.length) request.headers.set('refer-to', referTo);
  if (referredBy) request.headers.set('referred-by', [referredBy]);
  return request;
}

const statuses = (t: Call) => t.responses().map((r) => r.status);
const notifies = (t: Call) => t.requests('NOTIFY');

/** A REFER to carol, accepted by the core: the call it asks for, made on the same line. */
function accepted(referTo = '<sip:carol@127.0.0.1:5090>') {
  const t = answered();
  t.deliver(refer(t, 2, [referTo], '"Bob" <sip:bob@127.0.0.1:5080>'));
  t.call.answerTransferRequest(true);
  const newEvents: ProviderEvent[] = [];
  const newCall = new SipCall(t.line, { ...t.call.request, callId: 'c2', destination: 'sip:carol@127.0.0.1:5090', transferOf: 'c1' }, (event) => newEvents.push(event), t.clock, t.call.takeReferral());
  return { t, newCall, newEvents };
}

describe('SIP: the far end asks us to transfer ourselves (REFER, we are the transferee)', () => {
  it('REFER → TRANSFER_REQUESTED with Refer-To and Referred-By; no answer until the core gives one; refused: 603, the call stays up', () => {
    const t = answered();
    t.deliver(refer(t, 2, ['<sip:carol@127.0.0.1:5090>'], '"Bob" <sip:bob@127.0.0.1:5080>'));
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.TRANSFER_REQUESTED', to: 'sip:carol@127.0.0.1:5090', by: 'sip:bob@127.0.0.1:5080' });
    expect(statuses(t)).toEqual([]);
    t.call.answerTransferRequest(false);
    expect(statuses(t)).toEqual([603]);
    // A second answer, or a late one, changes nothing.
    t.call.answerTransferRequest(true);
    expect(statuses(t)).toEqual([603]);
    expect(t.call.phase).toBe('connected');
    expect(notifies(t)).toEqual([]);
  });

  it('the core answers from inside the report (a line that refuses by default): 603 at once', () => {
    const t = answered();
    const push = t.events.push.bind(t.events);
    t.events.push = (...events: ProviderEvent[]) => {
      const n = push(...events);
      if (events.some((e) => e.type === 'PROVIDER.TRANSFER_REQUESTED')) t.call.answerTransferRequest(false);
      return n;
    };
    t.deliver(refer(t, 2, ['<sip:carol@127.0.0.1:5090>']));
    expect(statuses(t)).toEqual([603]);
    t.clock.advance(REFER_ANSWER_WAIT);
    expect(statuses(t)).toEqual([603]);
  });

  it(`the core does not answer within ${REFER_ANSWER_WAIT / 1000} s: we refuse on our own (603), well inside the far end's Timer F; a late acceptance is ignored`, () => {
    const t = answered();
    t.deliver(refer(t, 2, ['<sip:carol@127.0.0.1:5090>']));
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.TRANSFER_REQUESTED', to: 'sip:carol@127.0.0.1:5090' });
    t.clock.advance(REFER_ANSWER_WAIT - 1);
    expect(statuses(t)).toEqual([]);
    t.clock.advance(1);
    expect(statuses(t)).toEqual([603]);
    t.call.answerTransferRequest(true);
    expect(statuses(t)).toEqual([603]);
    expect(notifies(t)).toEqual([]);
  });

  it('a second REFER while the first waits: 491 Request Pending; once the first is answered, a new one is heard', () => {
    const t = answered();
    t.deliver(refer(t, 2, ['<sip:carol@127.0.0.1:5090>']));
    t.deliver(refer(t, 3, ['<sip:dave@127.0.0.1:5091>']));
    expect(statuses(t)).toEqual([491]);
    expect(t.types().filter((type) => type === 'TRANSFER_REQUESTED')).toHaveLength(1);
    t.call.answerTransferRequest(false);
    t.deliver(refer(t, 4, ['<sip:dave@127.0.0.1:5091>']));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.TRANSFER_REQUESTED', to: 'sip:dave@127.0.0.1:5091' });
  });

  it.each([
    ['no Refer-To', [], 400],
    ['two Refer-To', ['<sip:carol@127.0.0.1>', '<sip:dave@127.0.0.1>'], 400],
    ['a Refer-To that is no URI', ['<<<;;?Replaces=%ZZ'], 400],
    ['a tel: URI', ['<tel:+14255550111>'], 416],
    ['an http: URI', ['<http://example.com/>'], 416],
    ['a Replaces that is not escaped right', ['<sip:carol@127.0.0.1?Replaces=%ZZ>'], 400],
  ])('%s: refused at once (%s → %i), nothing reported, the call stays up', (_what, referTo, status) => {
    const t = answered();
    const request = refer(t, 2, referTo);
    request.headers.set('content-type', ['text/plain']);
    request.body = 'SIP/2.0 200 OK\r\n'.repeat(50);
    t.deliver(request);
    expect(statuses(t)).toEqual([status]);
    expect(t.types()).not.toContain('TRANSFER_REQUESTED');
    expect(t.call.phase).toBe('connected');
  });

  it('accepted: 202 Accepted with our Contact, then NOTIFY SIP/2.0 100 Trying in the dialog (Event refer;id, active subscription, sipfrag)', () => {
    const { t } = accepted();
    expect(t.responses().at(-1)).toMatchObject({ status: 202, reason: 'Accepted' });
    expect(header(t.responses().at(-1)!, 'contact')).toBe('<sip:alice@127.0.0.1:5062>');
    const [first] = notifies(t);
    expect(first.uri).toBe('sip:bob@127.0.0.1:5080');
    expect(header(first, 'cseq')).toBe('2 NOTIFY');
    expect(header(first, 'event')).toBe('refer;id=2');
    expect(header(first, 'subscription-state')).toBe(`active;expires=${SUBSCRIPTION_EXPIRES / 1000}`);
    expect(header(first, 'content-type')).toBe('message/sipfrag;version=2.0');
    expect(first.body).toBe('SIP/2.0 100 Trying\r\n');
  });

  it('the new call: INVITE with Referred-By (and Replaces when Refer-To had one); each response a NOTIFY, one at a time, the last terminating the subscription', () => {
    const { t, newCall, newEvents } = accepted('<sip:carol@127.0.0.1:5090?Replaces=abc%40h%3Bto-tag%3DT%3Bfrom-tag%3DF>');
    newCall.make();
    const invite = t.requests('INVITE').at(-1)!;
    expect(invite.uri).toBe('sip:carol@127.0.0.1:5090');
    expect(header(invite, 'referred-by')).toBe('"Bob" <sip:bob@127.0.0.1:5080>');
    expect(header(invite, 'replaces')).toBe('abc@h;to-tag=T;from-tag=F');
    t.deliver(responseTo(invite, 100, 'Trying'));
    t.deliver(responseTo(invite, 180, 'Ringing', { tag: 'carol' }));
    // The 100's NOTIFY is not answered yet: the 180 waits.
    expect(notifies(t)).toHaveLength(1);
    t.deliver(responseTo(notifies(t)[0], 200, 'OK'));
    expect(notifies(t).map((n) => n.body)).toEqual(['SIP/2.0 100 Trying\r\n', 'SIP/2.0 180 Ringing\r\n']);
    t.deliver(responseTo(notifies(t)[1], 200, 'OK'));
    t.deliver(responseTo(invite, 200, 'OK', { tag: 'carol', headers: [['contact', '<sip:carol@127.0.0.1:5090>']], body: 'v=0\r\no=c 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6002 RTP/AVP 0\r\n' }));
    expect(newEvents.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    const last = notifies(t).at(-1)!;
    expect(last.body).toBe('SIP/2.0 200 OK\r\n');
    expect(header(last, 'subscription-state')).toBe('terminated;reason=noresource');
    expect(header(last, 'cseq')).toBe('4 NOTIFY');
    t.deliver(responseTo(last, 200, 'OK'));
    // The transferor hangs up the old call, as it does once the transfer worked.
    t.deliver(farRequest(t.invite, 'BYE', { cseq: 3, branch: 'z9hG4bKbye' }));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(notifies(t)).toHaveLength(3);
    newCall.dispose();
    t.call.dispose();
    t.clock.runAll();
    expect(t.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
    expect(t.clock.pending).toBe(0);
  });

  it('without Referred-By in the REFER, the new INVITE names the far end of the old call; a provisional still queued is replaced by the final', () => {
    const t = answered();
    t.deliver(refer(t, 2, ['<sip:carol@127.0.0.1:5090>']));
    t.call.answerTransferRequest(true);
    const newCall = new SipCall(t.line, { ...t.call.request, callId: 'c2', destination: 'sip:carol@127.0.0.1:5090', transferOf: 'c1' }, () => {}, t.clock, t.call.takeReferral());
    newCall.make();
    const invite = t.requests('INVITE').at(-1)!;
    expect(header(invite, 'referred-by')).toBe(`<${/<([^>]+)>/.exec(header(t.invite, 'to')!)![1]}>`);
    expect(header(invite, 'replaces')).toBeUndefined();
    t.deliver(responseTo(invite, 180, 'Ringing', { tag: 'carol' }));
    t.deliver(responseTo(invite, 486, 'Busy Here', { tag: 'carol' }));
    t.deliver(responseTo(notifies(t)[0], 200, 'OK'));
    expect(notifies(t).map((n) => n.body)).toEqual(['SIP/2.0 100 Trying\r\n', 'SIP/2.0 486 Busy Here\r\n']);
    expect(header(notifies(t)[1], 'subscription-state')).toBe('terminated;reason=noresource');
    // Only one new call per REFER.
    expect(t.call.takeReferral()).toBeNull();
  });

  it('a 481 to a NOTIFY ends the subscription: nothing more is sent', () => {
    const { t, newCall } = accepted();
    newCall.make();
    const invite = t.requests('INVITE').at(-1)!;
    t.deliver(responseTo(notifies(t)[0], 481, 'Subscription Does Not Exist'));
    t.deliver(responseTo(invite, 180, 'Ringing', { tag: 'carol' }));
    t.deliver(responseTo(invite, 200, 'OK', { tag: 'carol', headers: [['contact', '<sip:carol@127.0.0.1:5090>']], body: 'v=0\r\no=c 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6002 RTP/AVP 0\r\n' }));
    expect(notifies(t)).toHaveLength(1);
  });

  it(`no new call within ${SUBSCRIPTION_EXPIRES / 1000} s of the 202: the subscription ends with 408`, () => {
    const t = answered();
    t.deliver(refer(t, 2, ['<sip:carol@127.0.0.1:5090>']));
    t.call.answerTransferRequest(true);
    t.deliver(responseTo(notifies(t)[0], 200, 'OK'));
    t.clock.advance(SUBSCRIPTION_EXPIRES);
    expect(notifies(t).at(-1)!.body).toBe('SIP/2.0 408 Request Timeout\r\n');
    expect(header(notifies(t).at(-1)!, 'subscription-state')).toBe('terminated;reason=noresource');
    // Too late for a new call to report to it.
    expect(t.call.takeReferral()).toBeNull();
  });

  it('the call ends while the REFER waits: refused (603), nothing left behind', () => {
    const t = answered();
    t.deliver(refer(t, 2, ['<sip:carol@127.0.0.1:5090>']));
    t.deliver(farRequest(t.invite, 'BYE', { cseq: 3, branch: 'z9hG4bKbye' }));
    // The BYE's 200 first, then the REFER refused as the dialog closes.
    expect(statuses(t)).toEqual([200, 603]);
    t.call.drop();
    expectNothingLeft(t);
  });

  it('on a call we answered: the caller’s REFER is reported the same way, and accepted gets 202 and NOTIFY 100 to the caller', () => {
    const t = answeredIncoming();
    const request = callerRequest(t.invite, 'REFER', t.ok, { branch: 'z9hG4bKref', cseq: 8 });
    request.headers.set('refer-to', ['<sip:carol@127.0.0.1:5090>']);
    t.deliver(request);
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.TRANSFER_REQUESTED', to: 'sip:carol@127.0.0.1:5090' });
    t.call.answerTransferRequest(true);
    expect(t.last().status).toBe(202);
    const notify = t.requests('NOTIFY').at(-1)!;
    expect(header(notify, 'event')).toBe('refer;id=8');
    expect(notify.body).toBe('SIP/2.0 100 Trying\r\n');
  });
});
