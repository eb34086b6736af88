/**
 * The UAC dialog (RFC 3261 §12): built from the response, route set reversed, remote target
 * from Contact, requests with the next CSeq, loose and strict routing, and matching.
 */
import { describe, expect, it } from 'vitest';
import { Dialog } from '../../../providers/sip/dialog.js';
import { header, type SipResponse } from '../../../providers/sip/message.js';
import { requestOf, responseTo } from './fake-network.js';

const invite = requestOf('INVITE', 'sip:bob@example.com', [
  ['via', 'SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK1'],
  ['from', '<sip:alice@127.0.0.1>;tag=a1'],
  ['to', '<sip:bob@example.com>'],
  ['call-id', 'c1'],
  ['cseq', '4 INVITE'],
]);

function ok(recordRoute: string[], contact = '<sip:bob@127.0.0.1:5080;transport=udp>'): SipResponse {
  return responseTo(invite, 200, 'OK', { tag: 'b1', headers: [['contact', contact], ...recordRoute.map((r) => ['record-route', r] as [string, string])] });
}

describe('dialog', () => {
  it('takes remote tag, remote target (Contact) and the Record-Route reversed as route set (§12.1.2)', () => {
    const dialog = Dialog.fromResponse(invite, ok(['<sip:p2.example;lr>, <sip:p1.example;lr>']))!;
    expect(dialog).toMatchObject({ callId: 'c1', localTag: 'a1', remoteTag: 'b1', remoteTarget: 'sip:bob@127.0.0.1:5080;transport=udp', confirmed: true });
    expect(dialog.routeSet).toEqual(['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
    expect(dialog.nextHop()).toEqual({ host: 'p1.example', port: 5060 });
  });

  it('builds requests with the next CSeq, From/To with both tags, Route = route set (loose routing)', () => {
    const dialog = Dialog.fromResponse(invite, ok(['<sip:p1.example;lr>']))!;
    const bye = dialog.request('BYE', 'SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK2');
    expect(bye.uri).toBe('sip:bob@127.0.0.1:5080;transport=udp');
    expect(header(bye, 'cseq')).toBe('5 BYE');
    expect(header(bye, 'from')).toBe('<sip:alice@127.0.0.1>;tag=a1');
    expect(header(bye, 'to')).toBe('<sip:bob@example.com>;tag=b1');
    expect(bye.headers.get('route')).toEqual(['<sip:p1.example;lr>']);
    expect(header(dialog.request('INFO', 'v'), 'cseq')).toBe('6 INFO');
    // The ACK for a 2xx takes the INVITE's CSeq number (§13.2.2.4) and moves nothing.
    expect(header(dialog.request('ACK', 'v', { cseq: 4 }), 'cseq')).toBe('4 ACK');
    expect(header(dialog.request('BYE', 'v'), 'cseq')).toBe('7 BYE');
  });

  it('strict routing (no ;lr, §12.2.1.1): Request-URI = first route, remote target last in Route', () => {
    const dialog = Dialog.fromResponse(invite, ok(['<sip:p2.example;lr>', '<sip:p1.example>']))!;
    const bye = dialog.request('BYE', 'v');
    expect(bye.uri).toBe('sip:p1.example');
    expect(bye.headers.get('route')).toEqual(['<sip:p2.example;lr>', '<sip:bob@127.0.0.1:5080;transport=udp>']);
  });

  it('without a route set, the next hop is the remote target; without Contact, the Request-URI', () => {
    expect(Dialog.fromResponse(invite, ok([]))!.nextHop()).toEqual({ host: '127.0.0.1', port: 5080 });
    const bare = responseTo(invite, 200, 'OK', { tag: 'b1' });
    expect(Dialog.fromResponse(invite, bare)!.remoteTarget).toBe('sip:bob@example.com');
  });

  it('an early dialog (1xx with a tag) is confirmed by the 2xx, which sets route set and target again', () => {
    const early = Dialog.fromResponse(invite, responseTo(invite, 180, 'Ringing', { tag: 'b1', headers: [['contact', '<sip:early@h>']] }))!;
    expect(early.confirmed).toBe(false);
    early.confirm(ok(['<sip:p1.example;lr>']));
    expect(early).toMatchObject({ confirmed: true, remoteTarget: 'sip:bob@127.0.0.1:5080;transport=udp', routeSet: ['<sip:p1.example;lr>'] });
  });

  it('no To tag, no dialog; matches only requests with its Call-ID and both tags (§12.2.2)', () => {
    expect(Dialog.fromResponse(invite, responseTo(invite, 100, 'Trying'))).toBeNull();
    const dialog = Dialog.fromResponse(invite, ok([]))!;
    const bye = (callId: string, fromTag: string, toTag: string) =>
      requestOf('BYE', 'sip:alice@127.0.0.1', [
        ['from', `<sip:bob@example.com>;tag=${fromTag}`],
        ['to', `<sip:alice@127.0.0.1>;tag=${toTag}`],
        ['call-id', callId],
      ]);
    expect(dialog.matches(bye('c1', 'b1', 'a1'))).toBe(true);
    expect(dialog.matches(bye('c1', 'b2', 'a1'))).toBe(false);
    expect(dialog.matches(bye('c2', 'b1', 'a1'))).toBe(false);
  });
});
