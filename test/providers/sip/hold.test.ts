/**
 * Hold and unhold by re-INVITE (RFC 3261 §14, RFC 3264 §8.4), on calls we made and calls we
 * answered, the far end played by the test on the manual clock: the offer's direction and
 * version, the answers that hold and take back, refusals that leave the call as it was, glare
 * (491 and §14.1's timer), a dialog found gone, and the races with the far end's BYE and our drop.
 */
import { describe, expect, it } from 'vitest';
import { header, type SipRequest } from '../../../providers/sip/message.js';
import { glareDelay } from '../../../providers/sip/reinvite.js';
import { answered, expectNothingLeft, farSdp } from './answered-call.js';
import { farRequest, responseTo } from './fake-network.js';
import { answeredIncoming, callerRequest } from './incoming-network.js';


/** The re-INVITE we sent last. */
const reinviteOf = (t: ReturnType<typeof answered>) => t.requests('INVITE').at(-1)!;

/** The far end answers our re-INVITE with `status`, with an SDP `direction` for a 2xx. */
function answer(t: ReturnType<typeof answered>, status: number, reason: string, direction = 'recvonly') {
  const reinvite = reinviteOf(t);
  t.deliver(responseTo(reinvite, status, reason, status < 300 ? { headers: [['content-type', 'application/sdp']], body: farSdp(direction, 2) } : {}));
  return reinvite;
}

/** INVITEs sent, counted once each (not their Timer A resends). */
const invites = (t: Pick<ReturnType<typeof answered>, 'requests'>) => new Set(t.requests('INVITE').map((r) => header(r, 'cseq'))).size;

const version = (request: SipRequest) => /^o=\S+ \S+ (\d+)/m.exec(request.body)![1];

describe('SIP hold: a call we made', () => {
  it('hold: re-INVITE in the dialog (CSeq + 1, same Call-ID and tags, route set, Contact), a=sendonly, o= version + 1; 200 → ACK, ONHOLD', () => {
    const t = answered();
    t.call.hold();
    const reinvite = reinviteOf(t);
    expect(reinvite).not.toBe(t.invite);
    expect(reinvite.uri).toBe('sip:bob@127.0.0.1:5080');
    expect(header(reinvite, 'cseq')).toBe('2 INVITE');
    expect(header(reinvite, 'call-id')).toBe(header(t.invite, 'call-id'));
    expect(header(reinvite, 'from')).toBe(header(t.invite, 'from'));
    expect(header(reinvite, 'to')).toBe(header(t.ok, 'to'));
    expect(reinvite.headers.get('route')).toEqual(['<sip:10.0.0.9;lr>', '<sip:127.0.0.1:5060;lr;ftag=x>']);
    expect(header(reinvite, 'contact')).toBe('<sip:alice@127.0.0.1:5062>');
    expect(header(reinvite, 'content-type')).toBe('application/sdp');
    expect(reinvite.body).toMatch(/\r\na=sendonly\r\n/);
    expect(reinvite.body).not.toMatch(/sendrecv/);
    expect(version(t.invite)).toBe('1');
    expect(version(reinvite)).toBe('2');
    // The same session id and address (RFC 3264 §8).
    expect(/^o=\S+ (\S+) \d+ (.*)$/m.exec(reinvite.body)!.slice(1)).toEqual(/^o=\S+ (\S+) \d+ (.*)$/m.exec(t.invite.body)!.slice(1));
    expect(t.types().at(-1)).toBe('CONNECTED');
    answer(t, 200, 'OK');
    const ack = t.requests('ACK').at(-1)!;
    expect(header(ack, 'cseq')).toBe('2 ACK');
    expect(ack.uri).toBe('sip:bob@127.0.0.1:5080');
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.ONHOLD' });
  });

  it('unhold: a=sendrecv, version + 1 again; 200 → CONNECTED ACTIVE; a resent 200 gets the same ACK again (§13.2.2.4)', () => {
    const t = answered();
    t.call.hold();
    answer(t, 200, 'OK');
    t.call.unhold();
    const resume = reinviteOf(t);
    expect(header(resume, 'cseq')).toBe('3 INVITE');
    expect(resume.body).toMatch(/\r\na=sendrecv\r\n/);
    expect(version(resume)).toBe('3');
    answer(t, 200, 'OK', 'sendrecv');
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    t.deliver(responseTo(resume, 200, 'OK', { headers: [['content-type', 'application/sdp']], body: farSdp('sendrecv', 2) }));
    const acks = t.requests('ACK');
    expect(acks.at(-1)).toEqual(acks.at(-2));
    expect(t.types().filter((type) => type === 'CONNECTED')).toHaveLength(2);
    t.call.drop();
    t.deliver(responseTo(t.requests('BYE')[0], 200, 'OK'));
    expect(t.types().at(-1)).toBe('IDLE');
    expectNothingLeft(t);
  });

  it('unhold while the far end holds us (its answer is sendonly): CONNECTED ACTIVEHELD', () => {
    const t = answered();
    t.call.hold();
    answer(t, 200, 'OK');
    t.call.unhold();
    answer(t, 200, 'OK', 'sendonly');
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
  });

  it('hold and unhold that are already so are answered at once, with nothing sent', () => {
    const t = answered();
    t.call.unhold();
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
    t.call.hold();
    answer(t, 200, 'OK');
    t.call.hold();
    expect(t.types().slice(-2)).toEqual(['ONHOLD', 'ONHOLD']);
    expect(t.requests('INVITE')).toHaveLength(2);
  });

  it.each([
    [488, 'Not Acceptable Here', 'OPERATIONFAILED'],
    [403, 'Forbidden', 'OPERATIONFAILED'],
    [503, 'Service Unavailable', 'RESOURCEUNAVAIL'],
    [501, 'Not Implemented', 'OPERATIONUNAVAIL'],
  ])('hold refused with %i: REQUEST_FAILED (%s → %s), the ACK sent by the transaction, the call stays connected', (status, reason, error) => {
    const t = answered();
    t.call.hold();
    answer(t, status, reason);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error, detail: { code: status, reason } });
    expect(header(t.requests('ACK').at(-1)!, 'cseq')).toBe('2 ACK');
    expect(t.call.phase).toBe('connected');
    // Still connected, and still able: the next hold offers sendonly again with the same version.
    t.call.hold();
    expect(reinviteOf(t).body).toMatch(/a=sendonly/);
    expect(version(reinviteOf(t))).toBe('2');
  });

  it('unhold refused: REQUEST_FAILED kind unhold, the call stays held (a later hold is answered at once)', () => {
    const t = answered();
    t.call.hold();
    answer(t, 200, 'OK');
    t.call.unhold();
    answer(t, 488, 'Not Acceptable Here');
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'unhold' });
    t.call.hold();
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.ONHOLD' });
  });

  it('glare: 491, then the re-INVITE again after §14.1’s 2.1-4 s (we chose the Call-ID), CSeq + 1; its 200 → ONHOLD', () => {
    const t = answered();
    t.call.hold();
    answer(t, 491, 'Request Pending');
    expect(t.types().at(-1)).toBe('CONNECTED');
    t.clock.advance(2099);
    expect(invites(t)).toBe(2);
    t.clock.advance(1901);
    expect(invites(t)).toBe(3);
    const retry = reinviteOf(t);
    expect(header(retry, 'cseq')).toBe('3 INVITE');
    expect(retry.body).toMatch(/a=sendonly/);
    answer(t, 200, 'OK');
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.ONHOLD' });
  });

  it('glare twice: the second 491 fails the hold', () => {
    const t = answered();
    t.call.hold();
    answer(t, 491, 'Request Pending');
    t.clock.advance(4000);
    answer(t, 491, 'Request Pending');
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', detail: { code: 491 } });
    t.clock.advance(10_000);
    expect(invites(t)).toBe(3);
  });

  it('§14.1’s timer: 2.1 to 4 s in 10 ms steps for the Call-ID’s owner, else 0 to 2 s', () => {
    expect([glareDelay(true, () => 0), glareDelay(true, () => 0.99999)]).toEqual([2100, 4000]);
    expect([glareDelay(false, () => 0), glareDelay(false, () => 0.99999)]).toEqual([0, 2000]);
    for (let i = 0; i < 50; i++) expect(glareDelay(i % 2 === 0) % 10).toBe(0);
  });

  it.each([
    [481, 'Call/Transaction Does Not Exist'],
    [408, 'Request Timeout'],
  ])('a %i to the re-INVITE: the dialog is gone; BYE (§14.1) and DISCONNECTED; the drop then gives IDLE at once', (status, reason) => {
    const t = answered();
    t.call.hold();
    answer(t, status, reason);
    expect(t.requests('BYE')).toHaveLength(1);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'UNAVAIL', detail: { code: status } });
    t.call.drop();
    expect(t.types().at(-1)).toBe('IDLE');
    t.deliver(responseTo(t.requests('BYE')[0], 481, 'Call/Transaction Does Not Exist'));
    expectNothingLeft(t);
  });

  it('no answer at all (Timer B): REQUEST_FAILED, the call stays connected', () => {
    const t = answered();
    t.call.hold();
    t.clock.advance(32_000);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'OPERATIONFAILED', detail: { code: 408 } });
    expect(t.call.phase).toBe('connected');
  });

  it('hold before the call is connected: REQUEST_FAILED INVALCALLSTATE, nothing sent', () => {
    const t = answered();
    t.call.drop();
    t.call.hold();
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'INVALCALLSTATE' });
    expect(t.requests('INVITE')).toHaveLength(1);
  });

  it('race: hold races the far end’s BYE; the BYE wins, the late 200 changes nothing', () => {
    const t = answered();
    t.call.hold();
    const reinvite = reinviteOf(t);
    t.deliver(farRequest(t.invite, 'BYE', { cseq: 2 }));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    t.deliver(responseTo(reinvite, 200, 'OK', { headers: [['content-type', 'application/sdp']], body: farSdp('recvonly', 2) }));
    expect(t.types()).not.toContain('ONHOLD');
    t.call.drop();
    expect(t.types().at(-1)).toBe('IDLE');
    expectNothingLeft(t);
  });

  it('race: drop while the hold is pending; BYE at once, the re-INVITE given up, only IDLE follows', () => {
    const t = answered();
    t.call.hold();
    const reinvite = reinviteOf(t);
    t.call.drop();
    const bye = t.requests('BYE')[0];
    expect(header(bye, 'cseq')).toBe('3 BYE');
    t.deliver(responseTo(reinvite, 487, 'Request Terminated'));
    t.deliver(responseTo(bye, 200, 'OK'));
    expect(t.types().slice(-1)).toEqual(['IDLE']);
    expect(t.types()).not.toContain('ONHOLD');
    expect(t.types()).not.toContain('REQUEST_FAILED');
    t.clock.advance(5000);
    expect(t.requests('INVITE')).toHaveLength(2); // no resend after the drop
    expectNothingLeft(t);
  });
});

describe('SIP hold: a call we answered', () => {
  it('hold: re-INVITE from our side of the caller’s dialog (our tag in From, CSeq 1, the Record-Route in order), a=sendonly; 200 → ACK, ONHOLD; unhold → ACTIVE', () => {
    const t = answeredIncoming();
    t.call.hold();
    const reinvite = t.requests('INVITE').at(-1)!;
    expect(header(reinvite, 'from')).toContain(`;tag=${t.call.tag}`);
    expect(header(reinvite, 'to')).toBe(header(t.invite, 'from'));
    expect(header(reinvite, 'cseq')).toBe('1 INVITE');
    expect(reinvite.uri).toBe('sip:bob@127.0.0.1:5070');
    expect(reinvite.headers.get('route')).toEqual(['<sip:127.0.0.1:5060;lr;ftag=c1>']);
    expect(reinvite.body).toMatch(/a=sendonly/);
    expect(version(reinvite)).toBe('2');
    t.deliver(responseTo(reinvite, 200, 'OK', { headers: [['content-type', 'application/sdp']], body: farSdp('recvonly', 2) }));
    expect(header(t.requests('ACK').at(-1)!, 'cseq')).toBe('1 ACK');
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.ONHOLD' });
    t.call.unhold();
    const resume = t.requests('INVITE').at(-1)!;
    expect(resume.body).toMatch(/a=sendrecv/);
    t.deliver(responseTo(resume, 200, 'OK', { headers: [['content-type', 'application/sdp']], body: farSdp('sendrecv', 3) }));
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' });
  });

  it('glare on a call we answered: the retry comes within 0-2 s (the caller chose the Call-ID)', () => {
    const t = answeredIncoming();
    t.call.hold();
    t.deliver(responseTo(t.requests('INVITE').at(-1)!, 491, 'Request Pending'));
    t.clock.advance(2000);
    expect(invites(t)).toBe(2);
  });

  it('hold refused 488: REQUEST_FAILED, still connected; the caller’s BYE still ends the call', () => {
    const t = answeredIncoming();
    t.call.hold();
    t.deliver(responseTo(t.requests('INVITE').at(-1)!, 488, 'Not Acceptable Here'));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'OPERATIONFAILED', detail: { code: 488 } });
    t.deliver(callerRequest(t.invite, 'BYE', t.ok, { cseq: 8 }));
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
  });
});
