/**
 * Transfer by REFER (RFC 3515) on the manual clock, the far end (the transferee) played by the
 * test: the REFER in the dialog, its own answer, the NOTIFYs of its subscription with their
 * sipfrag, the wait for a final word, a consultation transfer's Replaces (RFC 3891, RFC 5589
 * §7.1), stray NOTIFYs, and hostile bodies that must never throw. The far end's REFER (we are
 * the transferee) is `referred-transfer.test.ts`'s.
 */
import { describe, expect, it } from 'vitest';
import { header, type SipRequest } from '../../../providers/sip/message.js';
import { escapeHeaderValue, referToReplacing } from '../../../providers/sip/refer-to.js';
import { sipfragStatus } from '../../../providers/sip/refer.js';
import { SipCall } from '../../../providers/sip/sip-call.js';
import { answered, expectNothingLeft } from './answered-call.js';
import { farRequest, responseTo } from './fake-network.js';
import { answeredIncoming, callerRequest } from './incoming-network.js';

type Call = ReturnType<typeof answered>;

/** A NOTIFY of the REFER's subscription, from the far end of a call we made. */
function notify(t: Call, cseq: number, sipfrag: string, options: { state?: string; id?: string | null; type?: string; event?: string } = {}): SipRequest {
  const request = farRequest(t.invite, 'NOTIFY', { cseq, branch: `z9hG4bKn${cseq}` });
  const id = options.id === undefined ? /^(\d+)/.exec(header(t.requests('REFER').at(-1)!, 'cseq')!)![1] : options.id;
  request.headers.set('event', [options.event ?? (id === null ? 'refer' : `refer;id=${id}`)]);
  request.headers.set('subscription-state', [options.state ?? 'active;expires=60']);
  if (sipfrag) {
    request.headers.set('content-type', [options.type ?? 'message/sipfrag;version=2.0']);
    request.body = sipfrag;
  }
  return request;
}

const referOf = (t: Call) => t.requests('REFER').at(-1)!;
const lastStatus = (t: Call) => t.responses().at(-1)!.status;

describe('SIP blind transfer', () => {
  it('REFER in the dialog (CSeq + 1, Refer-To the dialled number as a URI, Referred-By, Contact); 202, NOTIFY 100 then 200 → TRANSFERRED; the drop then BYEs', () => {
    const t = answered();
    t.call.blindTransfer('5550123');
    const refer = referOf(t);
    expect(refer.uri).toBe('sip:bob@127.0.0.1:5080');
    expect(header(refer, 'cseq')).toBe('2 REFER');
    expect(header(refer, 'refer-to')).toBe('<sip:5550123@127.0.0.1:5070>');
    expect(header(refer, 'referred-by')).toBe('<sip:alice@127.0.0.1>');
    expect(header(refer, 'contact')).toBe('<sip:alice@127.0.0.1:5062>');
    expect(refer.headers.get('route')).toEqual(['<sip:10.0.0.9;lr>', '<sip:127.0.0.1:5060;lr;ftag=x>']);
    t.deliver(responseTo(refer, 202, 'Accepted'));
    t.deliver(notify(t, 1, 'SIP/2.0 100 Trying\r\n'));
    expect(lastStatus(t)).toBe(200);
    expect(t.types().at(-1)).toBe('CONNECTED');
    t.deliver(notify(t, 2, 'SIP/2.0 200 OK\r\n', { state: 'terminated;reason=noresource' }));
    expect(lastStatus(t)).toBe(200);
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.TRANSFERRED', to: 'sip:5550123@127.0.0.1:5070', detail: { code: 200, reason: 'OK' } });
    t.call.drop();
    expect(header(t.requests('BYE')[0], 'cseq')).toBe('3 BYE');
    t.deliver(responseTo(t.requests('BYE')[0], 200, 'OK'));
    expect(t.types().at(-1)).toBe('IDLE');
    expectNothingLeft(t);
  });

  it('our 200 to the final NOTIFY leaves before what TRANSFERRED leads to: the core drops the call as it is told, and the BYE follows that 200', () => {
    const t = answered();
    // The core ends a transferred call in the same step (ADR 0010: TRANSFERRED → dropping).
    const report = t.events.push.bind(t.events);
    t.events.push = (...events) => {
      const length = report(...events);
      if (events.some((event) => event.type === 'PROVIDER.TRANSFERRED')) t.call.drop();
      return length;
    };
    t.call.blindTransfer('5550123');
    t.deliver(responseTo(referOf(t), 202, 'Accepted'));
    t.deliver(notify(t, 1, 'SIP/2.0 200 OK\r\n', { state: 'terminated;reason=noresource' }));
    const order = t.transport.sent.map(({ message }) => (message.kind === 'request' ? message.method : `${message.status} ${header(message, 'cseq')}`));
    expect(order.slice(-2)).toEqual(['200 1 NOTIFY', 'BYE']);
  });

  it('the final NOTIFY may come before the 202 (UDP): TRANSFERRED all the same, once', () => {
    const t = answered();
    t.call.blindTransfer('sip:carol@127.0.0.1:5090');
    t.deliver(notify(t, 1, 'SIP/2.0 200 OK\r\n', { id: null, state: 'terminated' }));
    t.deliver(responseTo(referOf(t), 202, 'Accepted'));
    expect(t.types().filter((type) => type === 'TRANSFERRED')).toHaveLength(1);
    expect(t.events.at(-1)).toMatchObject({ to: 'sip:carol@127.0.0.1:5090' });
  });

  it.each([
    [603, 'Decline', 'OPERATIONFAILED'],
    [403, 'Forbidden', 'OPERATIONFAILED'],
    [405, 'Method Not Allowed', 'OPERATIONUNAVAIL'],
    [488, 'Not Acceptable Here', 'OPERATIONFAILED'],
    [501, 'Not Implemented', 'OPERATIONUNAVAIL'],
  ])('the REFER refused with %i %s: REQUEST_FAILED kind transfer (%s), the call stays connected', (status, reason, error) => {
    const t = answered();
    t.call.blindTransfer('5550123');
    t.deliver(responseTo(referOf(t), status, reason));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error, detail: { code: status, reason } });
    expect(t.call.phase).toBe('connected');
    // A NOTIFY that comes anyway is answered, and changes nothing.
    t.deliver(notify(t, 1, 'SIP/2.0 200 OK\r\n'));
    expect(lastStatus(t)).toBe(200);
    expect(t.types()).not.toContain('TRANSFERRED');
  });

  it('the target is busy: NOTIFY with sipfrag 486 → REQUEST_FAILED with 486 in the detail', () => {
    const t = answered();
    t.call.blindTransfer('5550123');
    t.deliver(responseTo(referOf(t), 202, 'Accepted'));
    t.deliver(notify(t, 1, 'SIP/2.0 486 Busy Here\r\n', { state: 'terminated;reason=noresource' }));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'RESOURCEUNAVAIL', detail: { code: 486, reason: 'Busy Here' } });
  });

  it('the subscription ends with no final status: REQUEST_FAILED', () => {
    const t = answered();
    t.call.blindTransfer('5550123');
    t.deliver(responseTo(referOf(t), 202, 'Accepted'));
    t.deliver(notify(t, 1, 'SIP/2.0 180 Ringing\r\n'));
    t.deliver(notify(t, 2, 'SIP/2.0 180 Ringing\r\n', { state: 'terminated;reason=timeout' }));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', message: expect.stringContaining('terminated;reason=timeout') });
  });

  it('no final word within 60 s: REQUEST_FAILED; a NOTIFY after that changes nothing', () => {
    const t = answered();
    t.call.blindTransfer('5550123');
    t.deliver(responseTo(referOf(t), 202, 'Accepted'));
    t.clock.advance(59_999);
    expect(t.types().at(-1)).toBe('CONNECTED');
    t.clock.advance(1);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer' });
    t.deliver(notify(t, 1, 'SIP/2.0 200 OK\r\n'));
    expect(t.types().filter((type) => type === 'REQUEST_FAILED')).toHaveLength(1);
  });

  it('no answer to the REFER (Timer F): REQUEST_FAILED', () => {
    const t = answered();
    t.call.blindTransfer('5550123');
    t.clock.advance(32_000);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', detail: { code: 408 } });
  });

  it('a bad address is refused at once with INVALADDRESS; a second transfer while one runs with INVALCALLSTATE', () => {
    const t = answered();
    t.call.blindTransfer('555\r\nVia: evil');
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'INVALADDRESS' });
    t.call.blindTransfer('5550123');
    t.call.blindTransfer('5550124');
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'INVALCALLSTATE' });
    expect(t.requests('REFER')).toHaveLength(1);
  });

  it('a call we answered transfers too: the REFER from our side of the caller’s dialog', () => {
    const t = answeredIncoming();
    t.call.blindTransfer('5550123');
    const refer = t.requests('REFER').at(-1)!;
    expect(header(refer, 'from')).toContain(`;tag=${t.call.tag}`);
    expect(header(refer, 'refer-to')).toBe('<sip:5550123@127.0.0.1>');
    t.deliver(responseTo(refer, 202, 'Accepted'));
    const done = callerRequest(t.invite, 'NOTIFY', t.ok, { cseq: 8 });
    done.headers.set('event', ['refer']);
    done.headers.set('subscription-state', ['terminated']);
    done.headers.set('content-type', ['message/sipfrag']);
    done.body = 'SIP/2.0 200 OK';
    t.deliver(done);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.TRANSFERRED', to: 'sip:5550123@127.0.0.1' });
  });
});

describe('SIP consultation transfer', () => {
  it('a consultation call of another provider (another endpoint) is refused with INVALCALLSTATE; nothing sent', () => {
    const original = answered();
    const elsewhere = answered({ destination: '5550199' });
    original.call.transfer(elsewhere.call);
    expect(original.requests('REFER')).toEqual([]);
    expect(original.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'INVALCALLSTATE' });
  });

  it('Replaces names the consultation dialog as its target sees it (RFC 3891 §3): to-tag = its tag, from-tag = ours', () => {
    expect(referToReplacing({ target: 'sip:carol@10.0.0.3;transport=udp', callId: 'c7@h', localTag: 'L', remoteTag: 'R' })).toBe('<sip:carol@10.0.0.3;transport=udp?Replaces=c7%40h%3Bto-tag%3DR%3Bfrom-tag%3DL>');
  });

  it('on one endpoint: the REFER names the consultation dialog; NOTIFY 200 → TRANSFERRED on both', () => {
    const { original, consultation, events } = twoCalls();
    original.call.transfer(consultation.call);
    const refer = original.requests('REFER').at(-1)!;
    const callId = header(consultation.invite, 'call-id')!;
    const localTag = /tag=([^;]+)/.exec(header(consultation.invite, 'from')!)![1];
    expect(header(refer, 'refer-to')).toBe(`<sip:carol@127.0.0.1:5090?Replaces=${escapeHeaderValue(callId)}%3Bto-tag%3Dfar2%3Bfrom-tag%3D${localTag}>`);
    expect(header(refer, 'call-id')).toBe(header(original.invite, 'call-id'));
    original.deliver(responseTo(refer, 202, 'Accepted'));
    original.deliver(notify(original, 1, 'SIP/2.0 200 OK\r\n', { state: 'terminated' }));
    expect(events.original.at(-1)).toEqual({ type: 'PROVIDER.TRANSFERRED', to: 'sip:carol@127.0.0.1:5090', detail: { code: 200, reason: 'OK' } });
    expect(events.consultation.at(-1)).toEqual({ type: 'PROVIDER.TRANSFERRED', to: 'sip:carol@127.0.0.1:5090', detail: { code: 200, reason: 'OK' } });
  });

  it('a consultation call that is not connected, or the call itself, or not ours: INVALCALLSTATE, nothing sent', () => {
    const { original, consultation, events } = twoCalls();
    original.call.transfer(original.call);
    expect(events.original.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', error: 'INVALCALLSTATE' });
    original.call.transfer({ dial() {}, generateDigits() {}, drop() {}, dispose() {} });
    expect(events.original.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', error: 'INVALCALLSTATE' });
    consultation.call.drop();
    original.call.transfer(consultation.call);
    expect(events.original.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', error: 'INVALCALLSTATE' });
    expect(original.requests('REFER')).toHaveLength(0);
  });

  it('escaping (RFC 3261 §25.1 hvalue): ; = @ space % " < > are escaped, unreserved and [ ] / ? : + $ are not', () => {
    expect(escapeHeaderValue('a;b=c@d e%f"g<h>')).toBe('a%3Bb%3Dc%40d%20e%25f%22g%3Ch%3E');
    expect(escapeHeaderValue("A-z_0.9!~*'()[]/?:+$")).toBe("A-z_0.9!~*'()[]/?:+$");
    expect(escapeHeaderValue('é')).toBe('%C3%A9');
  });
});

describe('SIP: stray NOTIFYs', () => {
  it('a NOTIFY for no subscription of ours gets 481; another event package 489; one for another REFER 481', () => {
    const t = answered();
    t.deliver(notify(t, 1, 'SIP/2.0 200 OK\r\n', { id: null }));
    expect(lastStatus(t)).toBe(481);
    t.deliver(notify(t, 2, '', { id: null, event: 'dialog' }));
    expect(lastStatus(t)).toBe(489);
    t.call.blindTransfer('5550123');
    t.deliver(notify(t, 3, 'SIP/2.0 200 OK\r\n', { id: '99' }));
    expect(lastStatus(t)).toBe(481);
    expect(t.types()).not.toContain('TRANSFERRED');
  });

  it('hostile NOTIFY bodies and headers never throw and never transfer: each gets an answer', () => {
    const t = answered();
    t.call.blindTransfer('5550123');
    const bodies = ['', 'garbage', 'SIP/2.0 2000 OK', 'SIP/2.0 099 Low', 'SIP/3.0 200 OK', '\u0000\u0001', 'x'.repeat(5000), 'SIP/2.0 200'.slice(0, 9)];
    let cseq = 1;
    for (const body of bodies) {
      t.deliver(notify(t, cseq++, body));
      t.deliver(notify(t, cseq++, body, { type: 'text/plain' }));
      t.deliver(notify(t, cseq++, body, { event: 'refer;id=' }));
      t.deliver(notify(t, cseq++, body, { event: ';;;', state: '' }));
    }
    expect(t.responses()).toHaveLength(4 * bodies.length);
    expect(t.types()).not.toContain('TRANSFERRED');
    expect(t.types()).not.toContain('REQUEST_FAILED');
    // The reason of a final sipfrag is far-end text: cleaned before it reaches a report.
    t.deliver(notify(t, cseq++, 'SIP/2.0 603 \u0007Nope\u001b[31m\r\n'));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', detail: { code: 603, reason: 'Nope [31m' } });
  });

  it('sipfrag: the status line of the body, or nothing', () => {
    expect(sipfragStatus('SIP/2.0 180 Ringing\r\nX: y\r\n')).toEqual({ code: 180, reason: 'Ringing' });
    expect(sipfragStatus('SIP/2.0 200')).toEqual({ code: 200, reason: '' });
    for (const body of ['', 'INVITE sip:x SIP/2.0', 'SIP/2.0 700 Nope', 'SIP/2.0 20 OK', 'SIP/2.0 2000 OK']) expect(sipfragStatus(body)).toBeNull();
  });
});

/**
 * Two calls we made on one endpoint (one provider): the original to bob and the consultation
 * call to carol (her Contact `sip:carol@127.0.0.1:5090`, her tag far2).
 */
function twoCalls() {
  const original = answered();
  const events = { original: original.events, consultation: [] as typeof original.events };
  const consultationCall = new SipCall(
    original.line,
    { ...original.call.request, callId: 'c2', destination: '5550199' },
    (event) => events.consultation.push(event),
    original.clock,
  );
  consultationCall.make();
  const invite = original.requests('INVITE').at(-1)!;
  original.deliver(responseTo(invite, 200, 'OK', { tag: 'far2', headers: [['contact', '<sip:carol@127.0.0.1:5090>']], body: 'v=0\r\no=c 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6002 RTP/AVP 0\r\n' }));
  return { original, consultation: { call: consultationCall, invite }, events };
}
