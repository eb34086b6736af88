/**
 * The media leg inside the SIP calls, on the fake network and the manual clock (the leg's ports are
 * real, 25600-25799, this file's alone): the INVITE waits for the ports and offers the one bound
 * (RFC 3264 §5); `media()` is there once connected and gone after; our digits go as RFC 4733
 * events when the answer has telephone-event, else as INFO; a drop or dispose while the ports are
 * bound releases them; a range with no free pair fails the call with RESOURCEUNAVAIL. Calls that
 * arrive: 488 for an offer without G.711 (§13.3.1.3), the 200 answers with the bound port and the
 * offerer's codec, a CANCEL while the ports are bound gives 487.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaPool } from '../../../providers/sip/media/media-pool.js';
import { fakeCall, farRequest, responseTo } from './fake-network.js';
import { callerInvite, callerRequest, incomingLine } from './incoming-network.js';
import { until } from '../../support/until.js';

const pools: MediaPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function pool(min = 25600, max = 25699, dtmf: 'rfc4733' | 'info' = 'rfc4733'): MediaPool {
  const made = new MediaPool({ address: '127.0.0.1', ports: { min, max }, dtmf });
  pools.push(made);
  return made;
}

const FAR_SDP = (formats: string) =>
  `v=0\r\no=uas 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP ${formats}\r\na=rtpmap:101 telephone-event/8000\r\n`;

/**
 * Every open of `media` from now on. The call's own handler of an open is registered before any
 * test awaits it, so once the test's await of one returns, the call has done all it does with that
 * leg: no sleep needed to see that it sent nothing.
 */
function watchOpens(media: MediaPool): Array<Promise<unknown>> {
  const opens: Array<Promise<unknown>> = [];
  const open = media.open.bind(media);
  media.open = (leg) => {
    const opening = open(leg);
    opens.push(opening);
    return opening;
  };
  return opens;
}

/** A call made with media, its INVITE sent (the ports bound). */
async function madeCall(media = pool()) {
  const t = fakeCall();
  Object.assign(t.line, { media });
  t.call.make();
  await until('the INVITE', () => t.requests('INVITE').length === 1);
  return { ...t, media };
}

describe('a call made with media', () => {
  it('binds the ports first, then offers the port bound with PCMU, PCMA and telephone-event; media() once connected, gone after the BYE', async () => {
    const t = fakeCall();
    const media = pool();
    Object.assign(t.line, { media });
    t.call.make();
    expect(t.transport.sent).toEqual([]); // the ports first
    await until('the INVITE', () => t.requests('INVITE').length === 1);
    expect(t.types()).toEqual(['DIALING']);
    const body = t.invite().body;
    const port = Number(/^m=audio (\d+) RTP\/AVP 0 8 101\r$/m.exec(body)?.[1]);
    expect(port).toBeGreaterThanOrEqual(25600);
    expect(body).toContain(`a=rtcp:${port + 1}`);
    expect(media.sessions).toBe(1);
    expect(t.call.media()).toBeNull();
    t.deliver(responseTo(t.invite(), 180, 'Ringing'));
    expect(t.call.media()).toBeNull();
    t.deliver(responseTo(t.invite(), 200, 'OK', { headers: [['contact', '<sip:bob@127.0.0.1:5070>'], ['content-type', 'application/sdp']], body: FAR_SDP('0 101') }));
    expect(t.types()).toEqual(['DIALING', 'RINGBACK', 'CONNECTED']);
    expect(t.call.media()).not.toBeNull();
    t.call.generateDigits('12');
    expect(t.requests('INFO')).toEqual([]); // RFC 4733 events instead
    t.deliver(farRequest(t.invite(), 'BYE')); // the far end hangs up
    expect(t.types().at(-1)).toBe('DISCONNECTED');
    expect(t.call.media()).toBeNull();
    await until('the leg closed', () => media.sessions === 0);
  });

  it('the far end’s re-INVITE is answered by the leg: our port, its codec, the mirrored direction, o= version + 1; 488 for no G.711', async () => {
    const t = await madeCall();
    const port = Number(/^m=audio (\d+) /m.exec(t.invite().body)![1]);
    t.deliver(responseTo(t.invite(), 200, 'OK', { headers: [['contact', '<sip:bob@127.0.0.1:5070>'], ['content-type', 'application/sdp']], body: FAR_SDP('0 101') }));
    const reinvite = (cseq: number, formats: string) => {
      const request = farRequest(t.invite(), 'INVITE', { cseq, branch: `z9hG4bKre${cseq}` });
      request.headers.set('contact', ['<sip:bob@127.0.0.1:5070>']);
      request.headers.set('content-type', ['application/sdp']);
      request.body = FAR_SDP(formats).replace('a=rtpmap', 'a=sendonly\r\na=rtpmap');
      return request;
    };
    t.deliver(reinvite(2, '8 101'));
    const ok = t.responses().at(-1)!;
    expect(ok.status).toBe(200);
    expect(ok.body).toContain(`m=audio ${port} RTP/AVP 8 101\r\n`);
    expect(ok.body).toMatch(/^a=recvonly\r$/m);
    expect(ok.body).toMatch(/^o=xtapi \d+ 2 /m);
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' });
    t.deliver(farRequest(t.invite(), 'ACK', { cseq: 2, branch: 'z9hG4bKack2' }));
    t.deliver(reinvite(3, '18'));
    expect(t.responses().at(-1)!.status).toBe(488);
    t.call.dispose();
  });

  it('an answer without telephone-event: digits go as INFO; so they do with dtmf: info', async () => {
    for (const [media, formats] of [[pool(25700, 25749), '0'], [pool(25750, 25799, 'info'), '0 101']] as const) {
      const t = await madeCall(media);
      t.deliver(responseTo(t.invite(), 200, 'OK', { headers: [['contact', '<sip:bob@127.0.0.1:5070>'], ['content-type', 'application/sdp']], body: FAR_SDP(formats) }));
      t.call.generateDigits('5');
      expect(t.requests('INFO').map((info) => info.body)).toEqual(['Signal=5\r\nDuration=160\r\n']);
      t.call.dispose();
    }
  });

  it('a drop while the ports are being bound is IDLE at once, and no INVITE ever goes; dispose likewise, silently', async () => {
    const media = pool();
    const opens = watchOpens(media);
    for (const end of ['drop', 'dispose'] as const) {
      const t = fakeCall();
      Object.assign(t.line, { media });
      t.call.make();
      t.call[end]();
      expect(t.types()).toEqual(end === 'drop' ? ['IDLE'] : []);
      await Promise.allSettled(opens);
      expect(t.transport.sent).toEqual([]);
      await until('the leg closed', () => media.sessions === 0);
    }
  });

  it('no free port pair: FAILED with RESOURCEUNAVAIL, nothing sent', async () => {
    const blocker = createSocket('udp4');
    await new Promise<void>((resolve) => blocker.bind({ address: '127.0.0.1', port: 25798 }, () => resolve()));
    try {
      const t = fakeCall();
      Object.assign(t.line, { media: pool(25798, 25799) });
      t.call.make();
      await until('the failure', () => t.events.length > 0);
      expect(t.events).toEqual([expect.objectContaining({ type: 'PROVIDER.FAILED', error: 'RESOURCEUNAVAIL' })]);
      expect(t.transport.sent).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('a call that arrives, with media', () => {
  /** The incoming line with a media pool. */
  function line() {
    const t = incomingLine();
    const media = pool(25650, 25699);
    Object.assign(t.line, { media });
    return Object.assign(t, { media }); // not a spread: `call` is a getter
  }

  it('an offer without G.711 is refused with 488 before it is offered', () => {
    const t = line();
    t.deliver(callerInvite({ body: FAR_SDP('18') }));
    expect(t.statuses()).toEqual([488]);
    expect(t.offers).toEqual([]);
  });

  it('the 200 answers with the port bound and the offerer’s first codec (PCMA) and telephone-event; media() from the ACK', async () => {
    const t = line();
    const invite = callerInvite();
    t.deliver(invite);
    t.call.answer();
    expect(t.statuses()).toEqual([100]); // the ports first
    await until('the 200', () => t.statuses().includes(200));
    const ok = t.last();
    expect(ok.body).toMatch(/^m=audio 256\d\d RTP\/AVP 8 101\r$/m);
    expect(t.call.media()).toBeNull();
    t.deliver(callerRequest(invite, 'ACK', ok));
    expect(t.types()).toEqual(['CONNECTED']);
    expect(t.call.media()).not.toBeNull();
    t.call.drop();
    expect(t.call.media()).toBeNull();
    await until('the leg closed', () => t.media.sessions === 0);
  });

  it('an INVITE without an offer gets the leg’s offer in the 200, and the ACK’s answer is taken', async () => {
    const t = line();
    const invite = callerInvite({ body: '' });
    t.deliver(invite);
    t.call.answer();
    await until('the 200', () => t.statuses().includes(200));
    const ok = t.last();
    expect(ok.body).toMatch(/^m=audio 256\d\d RTP\/AVP 0 8 101\r$/m);
    const ack = callerRequest(invite, 'ACK', ok);
    ack.headers.set('content-type', ['application/sdp']);
    ack.body = FAR_SDP('8 101');
    t.deliver(ack);
    expect(t.types()).toEqual(['CONNECTED']);
    expect(t.call.media()).not.toBeNull();
    t.call.generateDigits('7');
    expect(t.requests('INFO')).toEqual([]); // the answer has telephone-event: RFC 4733
    t.call.dispose();
  });

  it('a CANCEL while the ports are being bound: 487, DISCONNECTED CANCELLED, the ports released', async () => {
    const t = line();
    const opens = watchOpens(t.media);
    const invite = callerInvite();
    t.deliver(invite);
    t.call.answer();
    t.deliver(callerRequest(invite, 'CANCEL', null));
    expect(t.statuses()).toEqual([100, 200, 487]);
    expect(t.events).toEqual([{ type: 'PROVIDER.DISCONNECTED', mode: 'CANCELLED' }]);
    expect(opens).toHaveLength(1);
    await Promise.allSettled(opens);
    expect(t.statuses()).toEqual([100, 200, 487]); // no 200 for the INVITE after all
    await until('the leg closed', () => t.media.sessions === 0);
  });
});
