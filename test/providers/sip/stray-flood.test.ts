/**
 * A flood of stray requests (new, outside any dialog or transaction) fills the server
 * transaction table up to its cap and is shed beyond it, counted; requests of a live dialog and
 * the CANCEL of an open INVITE transaction still get through (issue 13, defect 6: the cap was
 * checked before the dialog match, so under a flood the far end's BYE was dropped and the call
 * stayed up).
 */
import { describe, expect, it } from 'vitest';
import { MAX_SERVER_TRANSACTIONS } from '../../../providers/sip/endpoint.js';
import { answered, expectNothingLeft } from './answered-call.js';
import { farRequest } from './fake-network.js';

const stray = (i: number) =>
  [`OPTIONS sip:alice@127.0.0.1:5062 SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:6000;branch=z9hG4bKflood${i}`, 'From: <sip:x@127.0.0.1>;tag=x', 'To: <sip:alice@127.0.0.1>', `Call-ID: flood${i}`, 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n');

describe('a flood of strays while a call is up', () => {
  it(`the table stops at ${MAX_SERVER_TRANSACTIONS} strays, the rest are shed and counted, and the far end’s BYE still gets 200`, () => {
    const t = answered();
    for (let i = 0; i < MAX_SERVER_TRANSACTIONS + 500; i++) t.deliver(stray(i), { host: '127.0.0.1', port: 6000 });
    expect(t.endpoint.size.serverTransactions).toBe(MAX_SERVER_TRANSACTIONS);
    expect(t.endpoint.counts.overloaded).toBe(500);
    t.deliver(farRequest(t.invite, 'BYE', { cseq: 5 }));
    const toFar = t.transport.sent.filter((s) => s.to.port === 5070 && s.message.kind === 'response');
    expect(toFar.map((s) => (s.message.kind === 'response' ? s.message.status : 0))).toEqual([200]);
    expect(t.events.at(-1)).toMatchObject({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' });
    expect(t.endpoint.counts.overloaded).toBe(500);
    t.call.drop();
    expectNothingLeft(t);
  });

  it('the CANCEL of an open INVITE transaction gets through a full table', () => {
    const t = answered();
    const invite = stray(-1).replace(/OPTIONS/g, 'INVITE');
    t.deliver(invite, { host: '127.0.0.1', port: 6000 });
    for (let i = 0; i < MAX_SERVER_TRANSACTIONS; i++) t.deliver(stray(i), { host: '127.0.0.1', port: 6000 });
    t.deliver(invite.replace(/INVITE/g, 'CANCEL'), { host: '127.0.0.1', port: 6000 });
    const last = t.transport.sent.at(-1)!.message;
    expect(last.kind === 'response' && [last.status, last.headers.get('cseq')![0]]).toEqual([200, '1 CANCEL']);
  });
});
