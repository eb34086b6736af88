/**
 * Redirects on an outgoing call (RFC 3261 §8.1.3.4): a 302 with a Contact is ACKed by its
 * transaction and the INVITE goes again to that Contact (the same Call-ID, From tag and To, the
 * next CSeq, a new branch); the best `q` first; at most three redirects; a target never twice (a
 * loop ends the call, FORWARDED); each redirect followed is reported as call information
 * (PROVIDER.REDIRECTED: LINE_CALLINFO, LINECALLINFOSTATE_REDIRECTIONID) with the 3xx's status and
 * reason; and the redirects stay on the call and in its end's detail.
 */
import { describe, expect, it } from 'vitest';
import { header } from '../../../providers/sip/message.js';
import { MAX_REDIRECTS } from '../../../providers/sip/redirect.js';
import { expectNothingLeft } from './answered-call.js';
import { farRequest, fakeCall, responseTo } from './fake-network.js';

const moved = (invite: Parameters<typeof responseTo>[0], ...contacts: string[]) =>
  responseTo(invite, 302, 'Moved Temporarily', { headers: contacts.map((c) => ['contact', c] as [string, string]) });

describe('3xx redirects', () => {
  it('302: ACK, the INVITE again at the Contact (CSeq 2, same Call-ID, From tag and To), REDIRECTED, PROCEEDING; then answered as usual', () => {
    const t = fakeCall({ destination: 'sip:bob@127.0.0.1:5070' });
    t.call.make();
    const first = t.invite();
    t.deliver(moved(first, '<sip:carol@127.0.0.1:5090>'));
    const [ack] = t.requests('ACK');
    expect(ack.uri).toBe('sip:bob@127.0.0.1:5070');
    expect(/branch=([^;]+)/.exec(header(ack, 'via')!)![1]).toBe(/branch=([^;]+)/.exec(header(first, 'via')!)![1]);
    const second = t.invite();
    expect(second).not.toBe(first);
    expect(second.uri).toBe('sip:carol@127.0.0.1:5090');
    expect(t.transport.sent.at(-1)!.to).toEqual({ host: '127.0.0.1', port: 5090 });
    expect(header(second, 'cseq')).toBe('2 INVITE');
    for (const name of ['call-id', 'from', 'to']) expect(header(second, name), name).toBe(header(first, name));
    expect(header(second, 'via')).not.toBe(header(first, 'via'));
    expect(t.types()).toEqual(['DIALING', 'REDIRECTED', 'PROCEEDING']);
    expect(t.events[1]).toEqual({ type: 'PROVIDER.REDIRECTED', to: 'sip:carol@127.0.0.1:5090', detail: { code: 302, reason: 'Moved Temporarily' } });
    expect(t.call.redirects).toEqual([{ code: 302, reason: 'Moved Temporarily', target: 'sip:carol@127.0.0.1:5090' }]);
    t.deliver(responseTo(second, 180, 'Ringing'));
    t.deliver(responseTo(second, 200, 'OK', { headers: [['contact', '<sip:carol@127.0.0.1:5090>']] }));
    expect(t.types()).toEqual(['DIALING', 'REDIRECTED', 'PROCEEDING', 'RINGBACK', 'CONNECTED']);
    t.deliver(farRequest(second, 'BYE', { cseq: 7 }));
    expect(t.events.at(-1)).toEqual({
      type: 'PROVIDER.DISCONNECTED',
      mode: 'NORMAL',
      detail: { reason: 'BYE (redirected by 302 Moved Temporarily to sip:carol@127.0.0.1:5090)', redirects: [{ code: 302, reason: 'Moved Temporarily', target: 'sip:carol@127.0.0.1:5090' }] },
    });
    t.call.drop();
    expectNothingLeft(t);
  });

  it('the Contact with the highest q is tried first; one this provider cannot call is passed over', () => {
    const t = fakeCall({ destination: 'sip:bob@127.0.0.1:5070' });
    t.call.make();
    t.deliver(moved(t.invite(), '<sip:low@127.0.0.1:5091>;q=0.1', '<sips:secure@127.0.0.1:5092>;q=1.0', '<sip:high@127.0.0.1:5093;transport=udp>;q=0.9', '<tel:+15550111>'));
    expect(t.invite().uri).toBe('sip:high@127.0.0.1:5093;transport=udp');
  });

  it('a loop (a redirect back to a target tried already) ends the call FORWARDED with the 302 and the redirects', () => {
    const t = fakeCall({ destination: 'sip:bob@127.0.0.1:5070' });
    t.call.make();
    t.deliver(moved(t.invite(), '<sip:carol@127.0.0.1:5090>'));
    t.deliver(moved(t.invite(), '<sip:bob@127.0.0.1:5070>'));
    expect(t.requests('INVITE')).toHaveLength(2);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'FORWARDED', detail: { code: 302, redirects: [{ target: 'sip:carol@127.0.0.1:5090' }] } });
    t.call.drop();
    expectNothingLeft(t);
  });

  it('a redirect while ringing (a 302 after a 180) is reported without PROCEEDING: the call stays in ringback', () => {
    const t = fakeCall({ destination: 'sip:bob@127.0.0.1:5070' });
    t.call.make();
    const first = t.invite();
    t.deliver(responseTo(first, 180, 'Ringing'));
    t.deliver(responseTo(first, 301, 'Moved Permanently', { headers: [['contact', '<sip:carol@127.0.0.1:5090>']] }));
    expect(t.types()).toEqual(['DIALING', 'RINGBACK', 'REDIRECTED']);
    expect(t.events.at(-1)).toEqual({ type: 'PROVIDER.REDIRECTED', to: 'sip:carol@127.0.0.1:5090', detail: { code: 301, reason: 'Moved Permanently' } });
  });

  it('each redirect followed is reported, with its own target and status; one not followed (a loop) is not', () => {
    const t = fakeCall({ destination: 'sip:bob@127.0.0.1:5070' });
    t.call.make();
    t.deliver(moved(t.invite(), '<sip:carol@127.0.0.1:5090>'));
    t.deliver(responseTo(t.invite(), 300, 'Multiple Choices', { headers: [['contact', '<sip:dave@127.0.0.1:5091>']] }));
    t.deliver(moved(t.invite(), '<sip:carol@127.0.0.1:5090>'));
    const redirected = t.events.filter((e) => e.type === 'PROVIDER.REDIRECTED');
    expect(redirected).toEqual([
      { type: 'PROVIDER.REDIRECTED', to: 'sip:carol@127.0.0.1:5090', detail: { code: 302, reason: 'Moved Temporarily' } },
      { type: 'PROVIDER.REDIRECTED', to: 'sip:dave@127.0.0.1:5091', detail: { code: 300, reason: 'Multiple Choices' } },
    ]);
    expect(t.types().at(-1)).toBe('DISCONNECTED');
    t.call.drop();
    expectNothingLeft(t);
  });

  it(`at most ${MAX_REDIRECTS} redirects: the next 302 ends the call`, () => {
    const t = fakeCall({ destination: 'sip:bob@127.0.0.1:5070' });
    t.call.make();
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) t.deliver(moved(t.invite(), `<sip:hop${hop}@127.0.0.1:${6000 + hop}>`));
    expect(t.requests('INVITE')).toHaveLength(MAX_REDIRECTS + 1);
    expect(t.call.redirects).toHaveLength(MAX_REDIRECTS);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'FORWARDED' });
  });

  it('a 3xx with no usable Contact, or a 305/380, is reported as before (FORWARDED), not followed', () => {
    for (const response of ['302 no contact', '305', '380']) {
      const t = fakeCall({ destination: 'sip:bob@127.0.0.1:5070' });
      t.call.make();
      const status = Number(response.slice(0, 3));
      t.deliver(responseTo(t.invite(), status, 'Elsewhere', { headers: response === '302 no contact' ? [] : [['contact', '<sip:x@127.0.0.1:5090>']] }));
      expect(t.requests('INVITE'), response).toHaveLength(1);
      expect(t.events.at(-1), response).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'FORWARDED', detail: { code: status } });
    }
  });

  it('a drop while the redirected INVITE is on its way: CANCEL after its provisional, IDLE after the 487', () => {
    const t = fakeCall({ destination: 'sip:bob@127.0.0.1:5070' });
    t.call.make();
    t.deliver(moved(t.invite(), '<sip:carol@127.0.0.1:5090>'));
    t.call.drop();
    const second = t.invite();
    t.deliver(responseTo(second, 180, 'Ringing'));
    const [cancel] = t.requests('CANCEL');
    expect(cancel.uri).toBe('sip:carol@127.0.0.1:5090');
    t.deliver(responseTo(cancel, 200, 'OK'));
    t.deliver(responseTo(second, 487, 'Request Terminated'));
    expect(t.types().at(-1)).toBe('IDLE');
    expectNothingLeft(t);
  });
});
