/**
 * One incoming SIP call, the test playing the caller and the core on the manual clock: 100 at
 * once, 180 on accept (or on offer), 200 with an SDP answer resent until its ACK, CONNECTED on
 * the ACK, refusals by drop mode, the caller's CANCEL (487) and BYE, our BYE only after the ACK,
 * a caller that never ACKs (BYE after 64·T1), resent INVITEs, bad offers, and nothing left behind.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SERVER_TRANSACTIONS } from '../../../providers/sip/endpoint.js';
import { header } from '../../../providers/sip/message.js';
import { rfcTimers } from '../../../providers/sip/timers.js';
import { requestOf } from './fake-network.js';
import { callerInvite, callerRequest, incomingLine } from './incoming-network.js';

/** An incoming call offered to the core: the INVITE delivered. */
function offered(options: Parameters<typeof incomingLine>[0] = {}, invite = callerInvite()) {
  const t = incomingLine(options);
  t.deliver(invite);
  return { ...t, invite };
}

/** An incoming call answered and ACKed. */
function connected() {
  const t = offered();
  t.call.answer();
  const ok = t.last();
  t.deliver(callerRequest(t.invite, 'ACK', ok));
  return { ...t, ok };
}

describe('SIP incoming call: the offer', () => {
  it('100 Trying once the core has taken the call without answering it; offered with caller ID (number and name), the called address and reason DIRECT; nothing else', () => {
    const t = offered();
    expect(t.statuses()).toEqual([100]);
    expect(header(t.last(), 'to')).toBe('<sip:alice@127.0.0.1>'); // no tag on a 100 (§8.2.6.2)
    expect(t.offers).toEqual([{ from: '5550123', name: 'Bob', to: 'sip:alice@127.0.0.1', reason: 'DIRECT' }]);
    expect(t.events).toEqual([]);
    expect(t.line.calls.size).toBe(1);
  });

  it('a caller that is not a number is offered by its URI; a withheld one (Privacy: id, anonymous URI) not at all', () => {
    expect(offered({}, callerInvite({ from: '<sip:bob@example.com;transport=udp>;tag=c1' })).offers[0]).toMatchObject({ from: 'sip:bob@example.com', name: null });
    expect(offered({}, callerInvite({ headers: [['privacy', 'id']] })).offers[0]).toMatchObject({ from: null, name: null });
    expect(offered({}, callerInvite({ from: '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=c1' })).offers[0]).toMatchObject({ from: null, name: null });
  });

  it('a forwarded call says why (Diversion, RFC 5806): user-busy FWDBUSY, no-answer FWDNOANSWER, other UNKNOWN', () => {
    const reason = (value: string) => offered({}, callerInvite({ headers: [['diversion', value]] })).offers[0].reason;
    expect(reason('<sip:carol@127.0.0.1>;reason=user-busy')).toBe('FWDBUSY');
    expect(reason('<sip:carol@127.0.0.1>;reason="no-answer", <sip:dave@127.0.0.1>;reason=unconditional')).toBe('FWDNOANSWER');
    expect(reason('<sip:carol@127.0.0.1>;reason=away')).toBe('UNKNOWN');
  });

  it('a line with ringOnOffer sends 180 with our tag, Contact and the Record-Route as the call is offered (and no 100: §17.2.1)', () => {
    const t = offered({ line: { ringOnOffer: true } });
    expect(t.statuses()).toEqual([180]);
    const ringing = t.last();
    expect(header(ringing, 'to')).toBe(`<sip:alice@127.0.0.1>;tag=${t.call.tag}`);
    expect(header(ringing, 'contact')).toBe('<sip:alice@127.0.0.1:5062>');
    expect(ringing.headers.get('record-route')).toEqual(['<sip:127.0.0.1:5060;lr;ftag=c1>']);
  });

  it('an offer without PCMU or PCMA gets 488 with a Warning and is not offered', () => {
    const t = offered({}, callerInvite({ body: 'v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 6000 RTP/AVP 18\r\n' }));
    expect(t.statuses()).toEqual([488]);
    expect(header(t.last(), 'warning')).toMatch(/^304 /);
    expect(t.offers).toEqual([]);
  });

  it('the core refuses the call at once (line full): 486 Busy Here, no 100 before it (§17.2.1), IDLE', () => {
    const t = offered({ core: 'refuse' });
    expect(t.statuses()).toEqual([486]);
    expect(t.types()).toEqual(['IDLE']);
  });

  it('an INVITE without a From tag or a Contact (no dialog could follow, §12.1.1) gets 400 and is not offered', () => {
    expect(offered({}, callerInvite({ from: '<sip:5550123@127.0.0.1>' })).statuses()).toEqual([400]);
    const noContact = callerInvite();
    noContact.headers.delete('contact');
    const t = offered({}, noContact);
    expect(t.statuses()).toEqual([400]);
    expect(t.offers).toEqual([]);
  });

  it('an INVITE whose Expires runs out unanswered gets 487 and ends NOANSWER (§13.3.1); an answered one is not cut', () => {
    const t = offered({}, callerInvite({ headers: [['expires', '30']] }));
    t.clock.advance(29_999);
    expect(t.events).toEqual([]);
    t.clock.advance(1);
    expect(t.statuses()).toEqual([100, 487]);
    expect(t.events).toEqual([expect.objectContaining({ type: 'PROVIDER.DISCONNECTED', mode: 'NOANSWER' })]);
    const a = offered({}, callerInvite({ headers: [['expires', '30']] }));
    a.call.answer();
    a.deliver(callerRequest(a.invite, 'ACK', a.last()));
    a.clock.advance(60_000);
    expect(a.types()).toEqual(['CONNECTED']);
  });

  it('a line that takes no call (closed as the INVITE came): 480, and no 100 before it', () => {
    const t = offered({ core: 'closed' });
    expect(t.statuses()).toEqual([480]);
  });

  it('a resent INVITE gets the last provisional again and is not offered twice (§17.2.1)', () => {
    const t = offered();
    t.deliver(t.invite);
    expect(t.statuses()).toEqual([100, 100]);
    t.call.accept();
    t.deliver(t.invite);
    expect(t.statuses()).toEqual([100, 100, 180, 180]);
    expect(t.offers).toHaveLength(1);
  });
});

describe('SIP incoming call: accept and answer', () => {
  it('accept: 180 Ringing with our tag; a second accept sends nothing more', () => {
    const t = offered();
    t.call.accept();
    t.call.accept();
    expect(t.statuses()).toEqual([100, 180]);
    expect(header(t.last(), 'to')).toContain(`;tag=${t.call.tag}`);
  });

  it('answer: 200 with the same tag, Contact, Allow, Record-Route and an SDP answer choosing one of the offered G.711 formats', () => {
    const t = offered();
    t.call.accept();
    t.call.answer();
    const ok = t.last();
    expect(ok.status).toBe(200);
    expect(header(ok, 'to')).toBe(`<sip:alice@127.0.0.1>;tag=${t.call.tag}`);
    expect(header(ok, 'contact')).toBe('<sip:alice@127.0.0.1:5062>');
    expect(header(ok, 'allow')).toContain('INVITE');
    expect(ok.headers.get('record-route')).toEqual(['<sip:127.0.0.1:5060;lr;ftag=c1>']);
    expect(header(ok, 'content-type')).toBe('application/sdp');
    // The offerer's first G.711 (RFC 3264 §6.1), as a call with media answers; at the discard port.
    expect(ok.body).toMatch(/\r\nm=audio 9 RTP\/AVP 8\r\na=rtpmap:8 PCMA\/8000\r\n/);
    expect(t.events).toEqual([]); // not connected before the ACK
  });

  it('an INVITE without an offer gets our offer in the 200 (§13.2.1)', () => {
    const t = offered({}, callerInvite({ body: '' }));
    t.call.answer();
    expect(t.last().body).toMatch(/m=audio 9 RTP\/AVP 0\r\n/);
  });

  it('the 200 is resent at T1, 2·T1, 4·T1 … capped at T2 until its ACK; the ACK gives CONNECTED and stops it (§13.3.1.4)', () => {
    const t = offered();
    t.call.answer();
    const at = (): number[] => t.transport.sent.filter((s) => s.text.startsWith('SIP/2.0 200')).map(() => t.clock.now());
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = at().length;
      t.clock.advance(rfcTimers.t2);
      times.push(at().length - before);
    }
    // 500, 1500, 3500 in the first 4 s; then 7500, 11500 …: one per T2.
    expect(times).toEqual([3, 1, 1, 1, 1, 1]);
    t.deliver(callerRequest(t.invite, 'ACK', t.last()));
    expect(t.types()).toEqual(['CONNECTED']);
    const sent = t.transport.sent.length;
    t.clock.advance(10 * rfcTimers.t2);
    expect(t.transport.sent.length).toBe(sent);
  });

  it('a resent INVITE after the 200 is absorbed by the transaction (RFC 6026 §7.1)', () => {
    const t = offered();
    t.call.answer();
    const sent = t.transport.sent.length;
    t.deliver(t.invite);
    expect(t.transport.sent.length).toBe(sent);
    expect(t.offers).toHaveLength(1);
  });

  it('a resent ACK, or one with another CSeq, changes nothing', () => {
    const t = connected();
    t.deliver(callerRequest(t.invite, 'ACK', t.ok));
    t.deliver(callerRequest(t.invite, 'ACK', t.ok, { cseq: 99 }));
    expect(t.types()).toEqual(['CONNECTED']);
  });

  it('no ACK within 64·T1: BYE in the dialog, the answer fails with OPERATIONFAILED; drop then gives IDLE', () => {
    const t = offered();
    t.call.answer();
    t.clock.advance(64 * rfcTimers.t1);
    expect(t.requests('BYE')).toHaveLength(1);
    expect(t.events).toEqual([expect.objectContaining({ type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED' })]);
    t.call.drop();
    t.clock.advance(64 * rfcTimers.t1); // the BYE times out too (Timer F): the session is over anyway
    expect(t.types()).toEqual(['FAILED', 'IDLE']);
  });
});

describe('SIP incoming call: refusing, and the caller giving up', () => {
  it.each([
    ['NORMAL', 486],
    ['BUSY', 486],
    ['REJECT', 603],
    ['NOANSWER', 480],
  ] as const)('drop(%s) before the answer: %i with our tag, IDLE at once; the caller ACKs it and nothing more is sent', (mode, status) => {
    const t = offered();
    t.call.accept();
    t.call.drop(mode);
    expect(t.statuses()).toEqual([100, 180, status]);
    expect(header(t.last(), 'to')).toContain(`;tag=${t.call.tag}`);
    expect(t.types()).toEqual(['IDLE']);
    t.deliver(callerRequest(t.invite, 'ACK', t.last(), { branch: 'z9hG4bKinv1' }));
    const sent = t.transport.sent.length;
    t.clock.runAll();
    expect(t.transport.sent.length).toBe(sent);
    expect(t.endpoint.counts.unmatched).toBe(0);
  });

  it('CANCEL before the answer: 200 to the CANCEL, 487 to the INVITE, DISCONNECTED (CANCELLED); drop gives IDLE', () => {
    const t = offered();
    t.call.accept();
    t.deliver(callerRequest(t.invite, 'CANCEL', null));
    expect(t.responses().slice(-2).map((r) => [r.status, header(r, 'cseq')])).toEqual([
      [200, '7 CANCEL'],
      [487, '7 INVITE'],
    ]);
    expect(t.events).toEqual([{ type: 'PROVIDER.DISCONNECTED', mode: 'CANCELLED' }]);
    t.call.drop();
    expect(t.types()).toEqual(['DISCONNECTED', 'IDLE']);
  });

  it('CANCEL after the 200 is answered 200 and changes nothing: the call goes on to CONNECTED', () => {
    const t = offered();
    t.call.answer();
    t.deliver(callerRequest(t.invite, 'CANCEL', null));
    expect(t.statuses().at(-1)).toBe(200);
    expect(t.statuses().filter((s) => s === 487)).toEqual([]);
    t.deliver(callerRequest(t.invite, 'ACK', t.responses().find((r) => header(r, 'cseq') === '7 INVITE' && r.status === 200)!));
    expect(t.types()).toEqual(['CONNECTED']);
  });
});

describe('SIP incoming call: hanging up', () => {
  it('the caller BYEs: 200, DISCONNECTED (NORMAL); drop gives IDLE; nothing left', () => {
    const t = connected();
    t.deliver(callerRequest(t.invite, 'BYE', t.ok));
    expect(t.last().status).toBe(200);
    expect(t.types()).toEqual(['CONNECTED', 'DISCONNECTED']);
    t.call.drop();
    expect(t.types()).toEqual(['CONNECTED', 'DISCONNECTED', 'IDLE']);
    t.call.dispose();
    t.clock.runAll();
    expect(t.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
    expect(t.clock.pending).toBe(0);
    expect(t.forgotten()).toBe(1);
  });

  it('a BYE before the ACK (the ACK was lost) ends the call too, and the 200 is not resent any more', () => {
    const t = offered();
    t.call.answer();
    t.deliver(callerRequest(t.invite, 'BYE', t.last()));
    expect(t.types()).toEqual(['DISCONNECTED']);
    const sent = t.transport.sent.length;
    t.clock.advance(10 * rfcTimers.t2);
    expect(t.transport.sent.length).toBe(sent);
  });

  it('drop when connected: a BYE to the caller Contact through its Record-Route, From our tagged To; IDLE on its 200', () => {
    const t = connected();
    t.call.drop();
    const bye = t.requests('BYE')[0];
    expect(bye.uri).toBe('sip:bob@127.0.0.1:5070');
    expect(bye.headers.get('route')).toEqual(['<sip:127.0.0.1:5060;lr;ftag=c1>']);
    expect(header(bye, 'from')).toBe(`<sip:alice@127.0.0.1>;tag=${t.call.tag}`);
    expect(header(bye, 'to')).toBe('"Bob" <sip:5550123@127.0.0.1>;tag=c1');
    expect(header(bye, 'cseq')).toBe('1 BYE');
    expect(t.transport.sent.at(-1)!.to).toEqual({ host: '127.0.0.1', port: 5060 });
    expect(t.types()).toEqual(['CONNECTED']);
    t.deliver({ ...bye, kind: 'response', status: 200, reason: 'OK' } as never);
    expect(t.types()).toEqual(['CONNECTED', 'IDLE']);
  });

  it('drop while the 200 waits for its ACK: no BYE before the ACK (§15); the ACK connects, then the BYE goes', () => {
    const t = offered();
    t.call.answer();
    t.call.drop();
    expect(t.requests('BYE')).toEqual([]);
    t.deliver(callerRequest(t.invite, 'ACK', t.last()));
    expect(t.types()).toEqual(['CONNECTED']);
    expect(t.requests('BYE')).toHaveLength(1);
  });

  it('digits on a connected call go as INFO in the dialog', () => {
    const t = connected();
    t.call.generateDigits('5');
    const info = t.requests('INFO')[0];
    expect(info.body).toContain('Signal=5');
    expect(header(info, 'from')).toContain(`;tag=${t.call.tag}`);
  });

  it('the far end\'s keys as INFO (rule 12): application/dtmf-relay and application/dtmf are each one PROVIDER.DIGIT, a resent INFO none; other INFOs report nothing', () => {
    const t = connected();
    const info = (cseq: number, type: string, body: string, branch = `z9hG4bKinfo${cseq}`) => {
      const request = callerRequest(t.invite, 'INFO', t.ok, { cseq, branch });
      request.headers.set('content-type', [type]);
      request.body = body;
      return request;
    };
    const first = info(10, 'application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n');
    t.deliver(first);
    t.deliver(first); // resent: its transaction answers it again, nothing reported
    t.deliver(info(11, 'Application/DTMF-Relay', 'signal= 11\r\nDuration=100\r\n')); // Cisco's code for #
    t.deliver(info(12, 'application/dtmf', '*'));
    t.deliver(info(13, 'application/dtmf-relay', 'Signal=X\r\n')); // not a key
    t.deliver(info(14, 'application/json', '{"signal":"5"}'));
    expect(t.statuses().slice(-6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(t.events.filter((e) => e.type === 'PROVIDER.DIGIT')).toEqual([
      { type: 'PROVIDER.DIGIT', digit: '5', via: 'info' },
      { type: 'PROVIDER.DIGIT', digit: '#', via: 'info' },
      { type: 'PROVIDER.DIGIT', digit: '*', via: 'info' },
    ]);
  });

  it('a re-INVITE without an offer gets ours in the 200 (§14.2) and the call stays up; OPTIONS and INFO get 200', () => {
    const t = connected();
    t.deliver(callerRequest(t.invite, 'INVITE', t.ok, { branch: 'z9hG4bKre1', cseq: 9 }));
    expect(t.last().status).toBe(200);
    t.deliver(callerRequest(t.invite, 'INFO', t.ok, { cseq: 10 }));
    expect(t.last().status).toBe(200);
    expect(t.types()).toEqual(['CONNECTED']);
  });

  it('disposed while offered: 480 to the caller, nothing reported, nothing left once the transaction ends', () => {
    const t = offered();
    t.call.dispose();
    expect(t.statuses()).toEqual([100, 480]);
    t.deliver(callerRequest(t.invite, 'ACK', t.last(), { branch: 'z9hG4bKinv1' }));
    t.clock.runAll();
    expect(t.events).toEqual([]);
    expect(t.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
    expect(t.clock.pending).toBe(0);
  });

  it('the line goes out of service: an offered call is refused with 480 and FAILED (INVALLINESTATE); a connected one BYEd', () => {
    const a = offered();
    a.call.outOfService('registration lapsed');
    expect(a.statuses().at(-1)).toBe(480);
    expect(a.events).toEqual([expect.objectContaining({ type: 'PROVIDER.FAILED', error: 'INVALLINESTATE' })]);
    const b = connected();
    b.call.outOfService('registration lapsed');
    expect(b.requests('BYE')).toHaveLength(1);
    expect(b.types()).toEqual(['CONNECTED', 'FAILED']);
  });
});

describe('SIP incoming call: the table of server transactions', () => {
  /** An OPTIONS outside any dialog, each on a branch of its own: a stray. */
  const stray = (i: number) =>
    requestOf('OPTIONS', 'sip:alice@127.0.0.1:5062', [
      ['via', `SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKstray${i};rport`],
      ['from', '<sip:x@127.0.0.1>;tag=x'],
      ['to', '<sip:alice@127.0.0.1>'],
      ['call-id', `stray${i}`],
      ['cseq', '1 OPTIONS'],
    ]);

  it(`an answered call's INVITE (Timer L) and BYE (Timer J) stay out of the cap of ${MAX_SERVER_TRANSACTIONS} strays: a table full of strays still takes calls; a refused call's INVITE counts`, () => {
    // Found by the benchmark (SIPp UAC → xtapi): every transaction counted, so a line taking
    // more than about 150 calls a second filled the table and new INVITEs were shed.
    const t = incomingLine();
    for (let i = 0; i < MAX_SERVER_TRANSACTIONS - 1; i++) t.deliver(stray(i));
    for (const n of [1, 2]) {
      const invite = callerInvite({ branch: `z9hG4bKcall${n}`, callId: `call${n}@127.0.0.1` });
      t.deliver(invite);
      const call = t.calls[n - 1];
      call.answer();
      const ok = t.last();
      t.deliver(callerRequest(invite, 'ACK', ok));
      t.deliver(callerRequest(invite, 'BYE', ok, { branch: `z9hG4bKbye${n}` }));
      expect(t.last().status).toBe(200);
      call.drop();
      call.dispose();
    }
    expect(t.offers).toHaveLength(2);
    expect(t.endpoint.counts.overloaded).toBe(0);
    expect(t.endpoint.size.serverTransactions).toBe(MAX_SERVER_TRANSACTIONS - 1 + 4);
    // Refused, an INVITE waits for its ACK as a stray would: it takes the table's last place.
    t.deliver(callerInvite({ branch: 'z9hG4bKcall3', callId: 'call3@127.0.0.1' }));
    t.calls[2].drop('REJECT');
    expect(t.last().status).toBe(603);
    t.deliver(stray(MAX_SERVER_TRANSACTIONS));
    expect(t.endpoint.counts.overloaded).toBe(1);
    t.clock.advance(64 * rfcTimers.t1);
    expect(t.endpoint.size.serverTransactions).toBe(0);
  });
});
