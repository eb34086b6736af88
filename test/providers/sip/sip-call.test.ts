/**
 * One SIP call against a far end the test plays, on the manual clock: the INVITE it sends, the
 * events each answer gives, drop from every place (CANCEL only after a provisional; a 200 that
 * crosses the CANCEL is ACKed and BYEd), the far end's BYE, DTMF as INFO, digest retries, and a
 * far end that goes silent, which the timers end with nothing left behind.
 */
import { describe, expect, it } from 'vitest';
import { header } from '../../../providers/sip/message.js';
import { answered, expectNothingLeft, OK_SDP } from './answered-call.js';
import { farRequest, fakeCall, responseTo } from './fake-network.js';

describe('SIP call: the INVITE', () => {
  it('goes to sip:<digits>@<domain> with a fresh branch, tag, Call-ID, CSeq 1, Contact and a PCMU offer; DIALING at once', () => {
    const t = fakeCall({ destination: '+1555#' });
    t.call.make();
    const invite = t.invite();
    expect(invite.uri).toBe('sip:+1555%23@127.0.0.1:5070');
    expect(header(invite, 'via')).toMatch(/^SIP\/2\.0\/UDP 127\.0\.0\.1:5062;branch=z9hG4bK[0-9a-f]{16};rport$/);
    expect(header(invite, 'from')).toMatch(/^<sip:alice@127\.0\.0\.1>;tag=[0-9a-f]{12}$/);
    expect(header(invite, 'to')).toBe('<sip:+1555%23@127.0.0.1:5070>');
    expect(header(invite, 'cseq')).toBe('1 INVITE');
    expect(header(invite, 'max-forwards')).toBe('70');
    expect(header(invite, 'contact')).toBe('<sip:alice@127.0.0.1:5062>');
    expect(header(invite, 'content-type')).toBe('application/sdp');
    expect(invite.body).toMatch(/m=audio \d+ RTP\/AVP 0\r\na=rtpmap:0 PCMU\/8000/);
    expect(t.transport.sent[0].to).toEqual({ host: '127.0.0.1', port: 5070 });
    expect(t.types()).toEqual(['DIALING']);
  });

  it('a sip: URI passes through; the outbound proxy is a preloaded loose route and the next hop', () => {
    const t = fakeCall({ destination: 'sip:bob@example.com', line: { outboundProxy: 'sip:127.0.0.1:5060' } });
    t.call.make();
    expect(t.invite().uri).toBe('sip:bob@example.com');
    expect(t.invite().headers.get('route')).toEqual(['<sip:127.0.0.1:5060;lr>']);
    expect(t.transport.sent[0].to).toEqual({ host: '127.0.0.1', port: 5060 });
  });

  it('LINECALLPARAMFLAGS_BLOCKID: an anonymous From and Privacy: id (RFC 3323)', () => {
    const t = fakeCall({ blockId: true });
    t.call.make();
    expect(header(t.invite(), 'from')).toMatch(/^"Anonymous" <sip:anonymous@anonymous\.invalid>;tag=/);
    expect(header(t.invite(), 'privacy')).toBe('id');
  });

  it('refuses an address with CR, LF or control characters with INVALADDRESS before any packet leaves', () => {
    for (const destination of ['555\r\nX-Evil: 1', 'sip:bob@h\r\nVia: x', '555\u0000', 'sip:bob@h?subject=x', 'sips:bob@h', 'sip:bob@h;transport=tcp', 'xyz', '+1+2']) {
      const t = fakeCall({ destination });
      t.call.make();
      expect(t.events).toEqual([expect.objectContaining({ type: 'PROVIDER.FAILED', error: 'INVALADDRESS' })]);
      expect(t.transport.sent).toEqual([]);
    }
  });

  it('a partial number gives dial tone; digits collect until complete, then one INVITE', () => {
    const t = fakeCall({ destination: '555', complete: false });
    t.call.make();
    expect(t.types()).toEqual(['DIALTONE']);
    t.call.dial('01', false);
    expect(t.transport.sent).toEqual([]);
    t.call.dial('11', true);
    expect(t.invite().uri).toBe('sip:5550111@127.0.0.1:5070');
    expect(t.types()).toEqual(['DIALTONE', 'DIALING']);
  });
});

describe('SIP call: what the far end says', () => {
  it('100 → PROCEEDING, 180 → RINGBACK, 183 → RINGBACK again, 2xx → ACK (new branch, dialog route) and CONNECTED', () => {
    const t = answered();
    expect(t.types()).toEqual(['DIALING', 'PROCEEDING', 'RINGBACK', 'CONNECTED']);
    const ack = t.requests('ACK')[0];
    expect(ack.uri).toBe('sip:bob@127.0.0.1:5080'); // remote target = Contact (§12.1.2)
    expect(ack.headers.get('route')).toEqual(['<sip:10.0.0.9;lr>', '<sip:127.0.0.1:5060;lr;ftag=x>']); // reversed
    expect(header(ack, 'cseq')).toBe('1 ACK');
    expect(header(ack, 'via')).not.toBe(header(t.invite, 'via'));
    expect(t.transport.sent.at(-1)!.to).toEqual({ host: '10.0.0.9', port: 5060 }); // the first route
  });

  it('a retransmitted 200 gets the same ACK again (§13.2.2.4)', () => {
    const t = answered();
    t.deliver(t.ok);
    const acks = t.requests('ACK');
    expect(acks).toHaveLength(2);
    expect(acks[1]).toEqual(acks[0]);
    expect(t.types()).toEqual(['DIALING', 'PROCEEDING', 'RINGBACK', 'CONNECTED']);
  });

  it('a 200 from a second fork is ACKed and BYEd; the first dialog stays', () => {
    const t = answered();
    t.deliver(responseTo(t.invite, 200, 'OK', { tag: 'fork2', headers: [['contact', '<sip:carol@127.0.0.1:5090>']] }));
    const bye = t.requests('BYE')[0];
    expect(header(bye, 'to')).toMatch(/tag=fork2$/);
    expect(bye.uri).toBe('sip:carol@127.0.0.1:5090');
    expect(t.call.phase).toBe('connected');
  });

  it.each([
    [486, 'Busy Here', 'BUSY', undefined],
    [600, 'Busy Everywhere', 'BUSY', undefined],
    [404, 'Not Found', 'DISCONNECTED', 'BADADDRESS'],
    [604, 'Does Not Exist Anywhere', 'DISCONNECTED', 'BADADDRESS'],
    [484, 'Address Incomplete', 'DISCONNECTED', 'BADADDRESS'],
    [403, 'Forbidden', 'DISCONNECTED', 'REJECT'],
    [603, 'Decline', 'DISCONNECTED', 'REJECT'],
    [480, 'Temporarily Unavailable', 'DISCONNECTED', 'UNREACHABLE'],
    [408, 'Request Timeout', 'DISCONNECTED', 'UNREACHABLE'],
    [503, 'Service Unavailable', 'DISCONNECTED', 'CONGESTION'],
    [500, 'Server Internal Error', 'DISCONNECTED', 'UNAVAIL'],
    [487, 'Request Terminated', 'DISCONNECTED', 'CANCELLED'],
    [488, 'Not Acceptable Here', 'DISCONNECTED', 'INCOMPATIBLE'],
  ])('%i %s → %s %s, the code and reason kept as detail, the ACK sent', (status, reason, type, mode) => {
    const t = fakeCall();
    t.call.make();
    t.deliver(responseTo(t.invite(), 100, 'Trying'));
    t.deliver(responseTo(t.invite(), status, reason, { headers: [['reason', 'Q.850;cause=17;text="x"']] }));
    const last = t.events.at(-1)!;
    expect(last.type).toBe(`PROVIDER.${type}`);
    if (mode) expect(last).toMatchObject({ mode });
    expect(last).toMatchObject({ detail: { code: status, reason: `${reason} (Reason: Q.850;cause=17;text="x")` } });
    expect(t.requests('ACK')).toHaveLength(1);
    t.call.drop();
    expect(t.types().at(-1)).toBe('IDLE');
    expectNothingLeft(t);
  });

  it('480 and 408 after the far end rang mean NOANSWER', () => {
    for (const status of [480, 408]) {
      const t = fakeCall();
      t.call.make();
      t.deliver(responseTo(t.invite(), 180, 'Ringing'));
      t.deliver(responseTo(t.invite(), status, 'x'));
      expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'NOANSWER' });
    }
  });

  it('the far end hangs up: 200 to its BYE, DISCONNECTED NORMAL; a drop then gives IDLE at once', () => {
    const t = answered();
    const bye = farRequest(t.invite, 'BYE', { cseq: 5 });
    bye.headers.set('reason', ['Q.850;cause=16']);
    t.deliver(bye);
    expect(t.responses().map((r) => r.status)).toEqual([200]);
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL', detail: { reason: 'BYE (Reason: Q.850;cause=16)' } });
    t.deliver(bye); // a retransmission is answered again by the server transaction, reported once
    expect(t.responses().map((r) => r.status)).toEqual([200, 200]);
    expect(t.types().filter((e) => e === 'DISCONNECTED')).toHaveLength(1);
    t.call.drop();
    expect(t.types().at(-1)).toBe('IDLE');
    expect(t.requests('BYE')).toEqual([]);
    expectNothingLeft(t);
  });

  it('a re-INVITE without an offer gets ours in the 200 (§14.2) and the call stays up; INFO gets 200', () => {
    const t = answered();
    t.deliver(farRequest(t.invite, 'INVITE', { cseq: 2 }));
    t.deliver(farRequest(t.invite, 'INFO', { cseq: 3 }));
    expect(t.responses().map((r) => r.status)).toEqual([200, 200]);
    expect(t.responses()[0].body).toMatch(/a=sendrecv/);
    expect(t.call.phase).toBe('connected');
  });
});

describe('SIP call: drop', () => {
  it('connected: BYE in the dialog (CSeq 2, route set, remote target); its 200 gives IDLE', () => {
    const t = answered();
    t.call.drop();
    const bye = t.requests('BYE')[0];
    expect(bye.uri).toBe('sip:bob@127.0.0.1:5080');
    expect(header(bye, 'cseq')).toBe('2 BYE');
    expect(bye.headers.get('route')).toEqual(['<sip:10.0.0.9;lr>', '<sip:127.0.0.1:5060;lr;ftag=x>']);
    t.call.drop(); // idempotent: no second BYE
    expect(t.requests('BYE')).toHaveLength(1);
    t.deliver(responseTo(bye, 200, 'OK'));
    expect(t.types().at(-1)).toBe('IDLE');
    t.call.drop(); // and again after release: IDLE again (contract rule 3)
    expect(t.types().slice(-2)).toEqual(['IDLE', 'IDLE']);
    expectNothingLeft(t);
  });

  it('ringing: CANCEL on the INVITE branch and CSeq; 200 (CANCEL), 487 (ACKed) → IDLE', () => {
    const t = fakeCall({ line: { outboundProxy: 'sip:127.0.0.1:5060' } });
    t.call.make();
    const invite = t.invite();
    t.deliver(responseTo(invite, 180, 'Ringing'));
    t.call.drop();
    const cancel = t.requests('CANCEL')[0];
    expect(cancel.uri).toBe(invite.uri);
    expect(cancel.headers.get('via')).toEqual(invite.headers.get('via'));
    expect(cancel.headers.get('route')).toEqual(invite.headers.get('route'));
    expect(header(cancel, 'cseq')).toBe('1 CANCEL');
    expect(header(cancel, 'to')).toBe(header(invite, 'to'));
    t.deliver(responseTo(cancel, 200, 'OK'));
    t.deliver(responseTo(invite, 487, 'Request Terminated'));
    expect(t.requests('ACK')).toHaveLength(1);
    expect(t.types()).toEqual(['DIALING', 'RINGBACK', 'IDLE']);
    expectNothingLeft(t);
  });

  it('before any provisional: no CANCEL yet (§9.1); the first 1xx sends it', () => {
    const t = fakeCall();
    t.call.make();
    t.call.drop();
    expect(t.requests('CANCEL')).toEqual([]);
    t.deliver(responseTo(t.invite(), 100, 'Trying'));
    expect(t.requests('CANCEL')).toHaveLength(1);
  });

  it('drop races answer: a 200 that crosses the CANCEL is reported, ACKed and BYEd, then IDLE', () => {
    const t = fakeCall();
    t.call.make();
    const invite = t.invite();
    t.deliver(responseTo(invite, 180, 'Ringing'));
    t.call.drop();
    t.deliver(responseTo(t.requests('CANCEL')[0], 481, 'Call/Transaction Does Not Exist'));
    t.deliver(responseTo(invite, 200, 'OK', { headers: [['contact', '<sip:bob@127.0.0.1:5080>']] }));
    expect(t.requests('ACK')).toHaveLength(1);
    const bye = t.requests('BYE')[0];
    expect(bye.uri).toBe('sip:bob@127.0.0.1:5080');
    expect(t.types().slice(-1)).toEqual(['CONNECTED']);
    t.call.drop(); // the chart drops again when it sees CONNECTED in dropping: nothing new
    expect(t.requests('BYE')).toHaveLength(1);
    t.deliver(responseTo(bye, 200, 'OK'));
    expect(t.types().slice(-2)).toEqual(['CONNECTED', 'IDLE']);
    expectNothingLeft(t);
  });

  it('a drop before make, or in dial tone, gives IDLE without a packet', () => {
    const t = fakeCall({ destination: '', complete: false });
    t.call.drop();
    t.call.make(); // a make after release does nothing
    expect(t.types()).toEqual(['IDLE']);
    expect(t.transport.sent).toEqual([]);
  });
});

describe('SIP call: a far end that goes silent', () => {
  it('no answer at all: INVITE resent on Timer A, Timer B ends it UNREACHABLE (408 in the detail)', () => {
    const t = fakeCall();
    t.call.make();
    t.clock.advance(32_000);
    expect(t.requests('INVITE')).toHaveLength(7);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'UNREACHABLE', detail: { code: 408 } });
    t.call.drop();
    expect(t.types().at(-1)).toBe('IDLE');
    expectNothingLeft(t);
  });

  it('silent after 180, then dropped: the unanswered CANCEL times out (64·T1) and the call is IDLE', () => {
    const t = fakeCall();
    t.call.make();
    t.deliver(responseTo(t.invite(), 180, 'Ringing'));
    t.clock.advance(600_000); // it rings as long as the far end says so: no Timer B after a 1xx
    expect(t.types()).toEqual(['DIALING', 'RINGBACK']);
    t.call.drop();
    t.clock.advance(32_000);
    expect(t.types().at(-1)).toBe('IDLE');
    expect(t.requests('CANCEL').length).toBeGreaterThan(1); // resent on Timer E
    expectNothingLeft(t);
  });

  it('silent once connected: the unanswered BYE ends by Timer F, and the call is IDLE', () => {
    const t = answered();
    t.call.drop();
    t.clock.advance(32_000);
    expect(t.types().at(-1)).toBe('IDLE');
    expectNothingLeft(t);
  });

  it('dropped before any answer and never answered: Timer B gives IDLE', () => {
    const t = fakeCall();
    t.call.make();
    t.call.drop();
    t.clock.advance(32_000);
    expect(t.types()).toEqual(['DIALING', 'IDLE']);
    expectNothingLeft(t);
  });

  it('disposed while up: one BYE goes out, every transaction and timer is released, nothing more is reported', () => {
    const t = answered();
    const before = t.events.length;
    t.call.dispose();
    expect(t.requests('BYE')).toHaveLength(1);
    t.clock.runAll();
    expect(t.events).toHaveLength(before);
    expect(t.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
  });
});

describe('SIP call: DTMF and authentication', () => {
  it('digits on a connected call go as INFO application/dtmf-relay, one at a time, in order', () => {
    const t = answered();
    t.call.generateDigits('5#');
    let infos = t.requests('INFO');
    expect(infos).toHaveLength(1);
    expect(header(infos[0], 'content-type')).toBe('application/dtmf-relay');
    expect(infos[0].body).toBe('Signal=5\r\nDuration=160\r\n');
    expect(infos[0].uri).toBe('sip:bob@127.0.0.1:5080');
    t.deliver(responseTo(infos[0], 200, 'OK'));
    infos = t.requests('INFO');
    expect(infos.map((i) => i.body)).toEqual(['Signal=5\r\nDuration=160\r\n', 'Signal=#\r\nDuration=160\r\n']);
    expect(infos.map((i) => header(i, 'cseq'))).toEqual(['2 INFO', '3 INFO']);
  });

  it('481 to an INFO: the dialog is gone (RFC 5057), the call is DISCONNECTED', () => {
    const t = answered();
    t.call.generateDigits('1');
    t.deliver(responseTo(t.requests('INFO')[0], 481, 'Call/Transaction Does Not Exist'));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'UNAVAIL', detail: { code: 481 } });
  });

  it('407: the INVITE is resent once with Proxy-Authorization (CSeq 2, new branch, same Call-ID and tag); the ACK carries it too', () => {
    const t = fakeCall({ line: { credentials: { username: 'alice', password: 'sekret-pw' } } });
    t.call.make();
    const first = t.invite();
    t.deliver(responseTo(first, 407, 'Proxy Authentication Required', { headers: [['proxy-authenticate', 'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"']] }));
    const second = t.invite();
    expect(second).not.toBe(first);
    expect(header(second, 'cseq')).toBe('2 INVITE');
    expect(header(second, 'call-id')).toBe(header(first, 'call-id'));
    expect(header(second, 'from')).toBe(header(first, 'from'));
    expect(header(second, 'via')).not.toBe(header(first, 'via'));
    expect(header(second, 'proxy-authorization')).toMatch(/^Digest username="alice", realm="r", nonce="n", uri="sip:5550111@127\.0\.0\.1:5070", response="[0-9a-f]{64}", algorithm=SHA-256/);
    t.deliver(responseTo(second, 200, 'OK'));
    expect(header(t.requests('ACK').at(-1)!, 'proxy-authorization')).toBe(header(second, 'proxy-authorization'));
    expect(t.types()).toEqual(['DIALING', 'CONNECTED']);
    expect(t.transport.sent.some((s) => s.text.includes('sekret-pw'))).toBe(false);
  });

  it('a second challenge, or one without credentials, ends the call REJECT', () => {
    const challenge: [string, string] = ['www-authenticate', 'Digest realm="r", nonce="n"'];
    const t = fakeCall({ line: { credentials: { password: 'pw' } } });
    t.call.make();
    t.deliver(responseTo(t.invite(), 401, 'Unauthorized', { headers: [challenge] }));
    t.deliver(responseTo(t.invite(), 401, 'Unauthorized', { headers: [challenge] }));
    expect(t.requests('INVITE')).toHaveLength(2);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'REJECT', detail: { code: 401 } });
    const bare = fakeCall();
    bare.call.make();
    bare.deliver(responseTo(bare.invite(), 401, 'Unauthorized', { headers: [challenge] }));
    expect(bare.requests('INVITE')).toHaveLength(1);
    expect(bare.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'REJECT' });
  });
});

describe('SIP call: the line goes out of service', () => {
  it('make on a line out of service fails with INVALLINESTATE, nothing sent', () => {
    const t = fakeCall();
    t.line.outOfService = 'registration refresh failed: 403 Forbidden';
    t.call.make();
    expect(t.events).toEqual([expect.objectContaining({ type: 'PROVIDER.FAILED', error: 'INVALLINESTATE' })]);
    expect(t.transport.sent).toEqual([]);
  });

  it('a connected call fails and is hung up; a ringing one fails and is cancelled', () => {
    const up = answered();
    up.call.outOfService('registration refresh failed');
    expect(up.events.at(-1)).toMatchObject({ type: 'PROVIDER.FAILED', error: 'INVALLINESTATE' });
    expect(up.requests('BYE')).toHaveLength(1);
    const ringing = fakeCall();
    ringing.call.make();
    ringing.deliver(responseTo(ringing.invite(), 180, 'Ringing'));
    ringing.call.outOfService('registration refresh failed');
    expect(ringing.requests('CANCEL')).toHaveLength(1);
  });
});
