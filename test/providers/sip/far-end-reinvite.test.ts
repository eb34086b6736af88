/**
 * The far end's re-INVITE (RFC 3261 §14.2, RFC 3264 §8.4), on calls we made and calls we
 * answered, on the manual clock: our answer's direction (mirrored, and never receiving while we
 * hold), CONNECTED ACTIVEHELD and ACTIVE on a change only, the 200 resent until its ACK, glare
 * with our own re-INVITE (491), out-of-order CSeq (500), offers we cannot take (488).
 */
import { describe, expect, it } from 'vitest';
import { header, type SipRequest } from '../../../providers/sip/message.js';
import { answered, expectNothingLeft, farSdp } from './answered-call.js';
import { farRequest, responseTo } from './fake-network.js';
import { answeredIncoming, callerRequest } from './incoming-network.js';

/** A re-INVITE from the far end of a call we made, with an offer in `direction` (none: no offer). */
function reinvite(t: ReturnType<typeof answered>, cseq: number, direction?: string, version = cseq): SipRequest {
  const request = farRequest(t.invite, 'INVITE', { cseq, branch: `z9hG4bKre${cseq}` });
  request.headers.set('contact', ['<sip:bob@127.0.0.1:5080>']);
  if (direction) {
    request.headers.set('content-type', ['application/sdp']);
    request.body = farSdp(direction, version);
  }
  return request;
}

/** Its ACK (a new branch, the re-INVITE's CSeq number), with an answer when ours was the offer. */
function ackOf(t: ReturnType<typeof answered>, cseq: number, direction?: string): SipRequest {
  const ack = farRequest(t.invite, 'ACK', { cseq, branch: `z9hG4bKack${cseq}` });
  if (direction) {
    ack.headers.set('content-type', ['application/sdp']);
    ack.body = farSdp(direction, cseq);
  }
  return ack;
}

const directionOf = (body: string) => /^a=(sendrecv|sendonly|recvonly|inactive)$/m.exec(body)?.[1];

describe('SIP: the far end’s re-INVITE, on a call we made', () => {
  it('it holds us (sendonly): 200 with our answer recvonly (o= version + 1, Contact), CONNECTED ACTIVEHELD; it takes us back: sendrecv, ACTIVE', () => {
    const t = answered();
    t.deliver(reinvite(t, 2, 'sendonly'));
    const ok = t.responses().at(-1)!;
    expect(ok.status).toBe(200);
    expect(header(ok, 'cseq')).toBe('2 INVITE');
    expect(header(ok, 'contact')).toBe('<sip:alice@127.0.0.1:5062>');
    expect(header(ok, 'content-type')).toBe('application/sdp');
    expect(directionOf(ok.body)).toBe('recvonly');
    expect(ok.body).toMatch(/^o=xtapi \S+ 2 /m);
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
    t.deliver(ackOf(t, 2));
    t.deliver(reinvite(t, 3, 'sendrecv'));
    expect(directionOf(t.responses().at(-1)!.body)).toBe('sendrecv');
    expect(t.responses().at(-1)!.body).toMatch(/^o=xtapi \S+ 3 /m);
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    t.deliver(ackOf(t, 3));
    expect(t.types()).toEqual(['DIALING', 'PROCEEDING', 'RINGBACK', 'CONNECTED', 'CONNECTED', 'CONNECTED']);
  });

  it('inactive answers inactive; the same offer again (a session refresh) is no change: no report, the same version', () => {
    const t = answered();
    t.deliver(reinvite(t, 2, 'inactive'));
    expect(directionOf(t.responses().at(-1)!.body)).toBe('inactive');
    t.deliver(ackOf(t, 2));
    t.deliver(reinvite(t, 3, 'inactive', 2));
    t.deliver(ackOf(t, 3));
    expect(t.responses().at(-1)!.body).toBe(t.responses().at(-2)!.body);
    expect(t.types().filter((type) => type === 'CONNECTED')).toHaveLength(2);
  });

  it('while we hold the call our answer never receives: their sendrecv gets sendonly, their sendonly inactive', () => {
    const t = answered();
    t.call.hold();
    const hold = t.requests('INVITE').at(-1)!;
    t.deliver(responseTo(hold, 200, 'OK', { headers: [['content-type', 'application/sdp']], body: farSdp('recvonly') }));
    t.deliver(reinvite(t, 2, 'sendrecv'));
    expect(directionOf(t.responses().at(-1)!.body)).toBe('sendonly');
    t.deliver(ackOf(t, 2));
    t.deliver(reinvite(t, 3, 'sendonly'));
    expect(directionOf(t.responses().at(-1)!.body)).toBe('inactive');
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
    t.deliver(ackOf(t, 3));
    // And our unhold now offers sendrecv, and learns from the answer that we are still held.
    t.call.unhold();
    const resume = t.requests('INVITE').at(-1)!;
    expect(directionOf(resume.body)).toBe('sendrecv');
  });

  it('hold while the far end holds us offers a=inactive (RFC 6337 §5.3)', () => {
    const t = answered();
    t.deliver(reinvite(t, 2, 'sendonly'));
    t.deliver(ackOf(t, 2));
    t.call.hold();
    expect(directionOf(t.requests('INVITE').at(-1)!.body)).toBe('inactive');
  });

  it('no offer in it: our offer in the 200, and the answer in its ACK says the far end holds us', () => {
    const t = answered();
    t.deliver(reinvite(t, 2));
    expect(directionOf(t.responses().at(-1)!.body)).toBe('sendrecv');
    expect(t.types().at(-1)).toBe('CONNECTED');
    t.deliver(ackOf(t, 2, 'sendonly'));
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
  });

  it('the 200 is resent (T1, 2·T1, … T2) until its ACK; an ACK for another CSeq does not stop it', () => {
    const t = answered();
    t.deliver(reinvite(t, 2, 'sendonly'));
    t.clock.advance(500);
    t.clock.advance(1000);
    expect(t.responses().filter((r) => r.status === 200)).toHaveLength(3);
    t.deliver(ackOf(t, 9));
    t.clock.advance(2000);
    expect(t.responses().filter((r) => r.status === 200)).toHaveLength(4);
    t.deliver(ackOf(t, 2));
    t.clock.advance(20_000);
    expect(t.responses().filter((r) => r.status === 200)).toHaveLength(4);
  });

  it('an ACK that reuses the re-INVITE’s branch (an old UA) still stops the 200 (RFC 6026 §8.7)', () => {
    const t = answered();
    t.deliver(reinvite(t, 2, 'sendonly'));
    t.deliver(farRequest(t.invite, 'ACK', { cseq: 2, branch: 'z9hG4bKre2' }));
    t.clock.advance(32_000);
    expect(t.responses().filter((r) => r.status === 200)).toHaveLength(1);
    expect(t.call.phase).toBe('connected');
  });

  it('no ACK within 64·T1: BYE, and the call ends DISCONNECTED', () => {
    const t = answered();
    t.deliver(reinvite(t, 2, 'sendonly'));
    t.clock.advance(32_000);
    expect(t.requests('BYE')).toHaveLength(1);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'UNAVAIL' });
    t.call.drop();
    expect(t.types().at(-1)).toBe('IDLE');
    t.deliver(responseTo(t.requests('BYE')[0], 200, 'OK'));
    expectNothingLeft(t);
  });

  it('race: their re-INVITE crosses ours: 491 to theirs (§14.2); ours goes on', () => {
    const t = answered();
    t.call.hold();
    t.deliver(reinvite(t, 2, 'sendonly'));
    expect(t.responses().at(-1)!.status).toBe(491);
    t.deliver(responseTo(t.requests('INVITE').at(-1)!, 200, 'OK', { headers: [['content-type', 'application/sdp']], body: farSdp('recvonly') }));
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.ONHOLD' });
  });

  it('race: glare both ways; theirs wins during our back-off, and our retry then offers inactive', () => {
    const t = answered();
    t.call.hold();
    t.deliver(responseTo(t.requests('INVITE').at(-1)!, 491, 'Request Pending'));
    t.deliver(reinvite(t, 2, 'sendonly'));
    expect(t.responses().at(-1)!.status).toBe(200);
    t.deliver(ackOf(t, 2));
    t.clock.advance(4000);
    expect(directionOf(t.requests('INVITE').at(-1)!.body)).toBe('inactive');
  });

  it('race: our retry after a 491 waits while the far end’s 200 waits for its ACK, and goes after it', () => {
    const t = answered();
    t.call.hold();
    t.deliver(responseTo(t.requests('INVITE').at(-1)!, 491, 'Request Pending'));
    t.clock.advance(2000);
    t.deliver(reinvite(t, 2, 'sendrecv'));
    t.clock.advance(3000);
    const cseqs = () => new Set(t.requests('INVITE').map((r) => header(r, 'cseq'))).size;
    expect(cseqs()).toBe(2);
    t.deliver(ackOf(t, 2));
    t.clock.advance(500);
    expect(cseqs()).toBe(3);
  });

  it('a hold asked for while their 200 waits for its ACK goes once the ACK is in (§14.1)', () => {
    const t = answered();
    t.deliver(reinvite(t, 2, 'sendrecv'));
    const sent = t.requests('INVITE').length;
    t.call.hold();
    expect(t.requests('INVITE')).toHaveLength(sent);
    t.deliver(ackOf(t, 2));
    expect(t.requests('INVITE')).toHaveLength(sent + 1);
  });

  it('a re-INVITE with a CSeq below the last one is out of order: 500 (§12.2.2), nothing changes', () => {
    const t = answered();
    t.deliver(reinvite(t, 5, 'sendrecv'));
    t.deliver(ackOf(t, 5));
    t.deliver(reinvite(t, 4, 'sendonly'));
    expect(t.responses().at(-1)!.status).toBe(500);
    expect(t.types().filter((type) => type === 'CONNECTED')).toHaveLength(1);
  });

  it('the old hold, c=0.0.0.0 or c=IN IP6 :: with sendrecv (RFC 3264 §8.4), is read by the one SDP parser: answered inactive, CONNECTED ACTIVEHELD', () => {
    for (const connection of ['IP4 0.0.0.0', 'IP6 ::']) {
      const t = answered();
      const request = reinvite(t, 2, 'sendrecv');
      request.body = request.body.replace('c=IN IP4 127.0.0.1', `c=IN ${connection}`);
      t.deliver(request);
      expect(t.responses().at(-1)!.status).toBe(200);
      expect(directionOf(t.responses().at(-1)!.body)).toBe('inactive');
      expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
      t.deliver(ackOf(t, 2));
      t.deliver(reinvite(t, 3, 'sendrecv'));
      expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    }
  });

  it('an offer with no audio we can take gets 488 and the call stays as it was', () => {
    const t = answered();
    const request = reinvite(t, 2, 'sendonly');
    request.body = 'v=0\r\no=uas 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 18\r\na=sendonly\r\n';
    t.deliver(request);
    expect(t.responses().at(-1)!.status).toBe(488);
    expect(t.types().filter((type) => type === 'CONNECTED')).toHaveLength(1);
    t.call.hold();
    expect(directionOf(t.requests('INVITE').at(-1)!.body)).toBe('sendonly');
  });
});

describe('SIP: the caller’s re-INVITE, on a call we answered', () => {
  it('it holds us and takes us back: recvonly then sendrecv, ACTIVEHELD then ACTIVE', () => {
    const t = answeredIncoming();
    const hold = callerRequest(t.invite, 'INVITE', t.ok, { branch: 'z9hG4bKre1', cseq: 8 });
    hold.headers.set('content-type', ['application/sdp']);
    hold.body = farSdp('sendonly');
    t.deliver(hold);
    expect(t.last().status).toBe(200);
    expect(directionOf(t.last().body)).toBe('recvonly');
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
    t.deliver(callerRequest(t.invite, 'ACK', t.ok, { branch: 'z9hG4bKack8', cseq: 8 }));
    const resume = callerRequest(t.invite, 'INVITE', t.ok, { branch: 'z9hG4bKre2', cseq: 9 });
    resume.headers.set('content-type', ['application/sdp']);
    resume.body = farSdp('sendrecv', 3);
    t.deliver(resume);
    expect(directionOf(t.last().body)).toBe('sendrecv');
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
  });

  it('a re-INVITE below the INVITE’s CSeq gets 500 (§12.2.2)', () => {
    const t = answeredIncoming();
    t.deliver(callerRequest(t.invite, 'INVITE', t.ok, { branch: 'z9hG4bKre1', cseq: 6 }));
    expect(t.last().status).toBe(500);
  });

  it('race: the caller’s re-INVITE crosses our hold: 491', () => {
    const t = answeredIncoming();
    t.call.hold();
    t.deliver(callerRequest(t.invite, 'INVITE', t.ok, { branch: 'z9hG4bKre1', cseq: 8 }));
    expect(t.last().status).toBe(491);
  });
});
