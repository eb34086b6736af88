/**
 * The endpoint's dispatch of what arrives: responses to their transactions, requests to their
 * dialog or the answer RFC 3261 gives for none; and everything else dropped and counted, never
 * thrown: garbage, responses that are not ours, responses that match nothing.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SERVER_TRANSACTIONS } from '../../../providers/sip/endpoint.js';
import { header } from '../../../providers/sip/message.js';
import { fakeNetwork, FAR } from './fake-network.js';

const req = (method: string, extra: string[] = [], to = '<sip:alice@127.0.0.1>') =>
  [`${method} sip:alice@127.0.0.1:5062 SIP/2.0`, 'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKr1;rport', 'From: <sip:bob@127.0.0.1>;tag=b1', `To: ${to}`, 'Call-ID: c1', `CSeq: 1 ${method}`, 'Max-Forwards: 70', ...extra, 'Content-Length: 0', '', ''].join('\r\n');

const res = (status: string, via: string) =>
  [`SIP/2.0 ${status}`, via, 'From: <sip:alice@127.0.0.1>;tag=a1', 'To: <sip:bob@127.0.0.1>;tag=b1', 'Call-ID: c1', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n');

describe('endpoint', () => {
  it.each([
    ['INVITE', 480, 'Temporarily Unavailable'],
    ['OPTIONS', 200, 'OK'],
    ['BYE', 481, 'Call/Transaction Does Not Exist'],
    ['INFO', 481, 'Call/Transaction Does Not Exist'],
    ['CANCEL', 481, 'Call/Transaction Does Not Exist'],
    ['NOTIFY', 481, 'Call/Transaction Does Not Exist'],
    ['REFER', 603, 'Decline'],
    ['SUBSCRIBE', 405, 'Method Not Allowed'],
  ])('answers an out-of-dialog %s with %i', (method, status, reason) => {
    const net = fakeNetwork();
    net.deliver(req(method));
    const [response] = net.responses();
    expect(response).toMatchObject({ status, reason });
    // §8.2.6.2: Via, From, Call-ID, CSeq copied; a To tag added; received/rport filled (RFC 3581).
    expect(response.headers.get('via')).toEqual([`SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKr1;rport=${FAR.port};received=127.0.0.1`]);
    expect(header(response, 'to')).toMatch(/^<sip:alice@127\.0\.0\.1>;tag=[0-9a-f]+$/);
    expect(header(response, 'cseq')).toBe(`1 ${method}`);
    expect(net.transport.sent[0].to).toEqual(FAR);
    if (status === 405 || method === 'OPTIONS') expect(header(response, 'allow')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY');
  });

  it('answers an in-dialog request for no dialog with 481 (§12.2.2)', () => {
    const net = fakeNetwork();
    net.deliver(req('INVITE', [], '<sip:alice@127.0.0.1>;tag=gone'));
    expect(net.responses().map((r) => r.status)).toEqual([481]);
  });

  it('without rport, answers to the sent-by address (§18.2.2)', () => {
    const net = fakeNetwork();
    net.deliver(req('OPTIONS').replace(';rport', '').replace('127.0.0.1:5070', '127.0.0.1:5999'));
    expect(net.transport.sent[0].to).toEqual({ host: '127.0.0.1', port: 5999 });
  });

  it('drops and counts what does not parse, and what is not ours', () => {
    const net = fakeNetwork();
    net.deliver('\x00\x01garbage\r\n\r\n');
    net.deliver('SIP/2.0 200 OK\r\nVia: x\r\n');
    net.deliver('x'.repeat(20_000));
    // Two Vias (§8.1.3.3), a sent-by that is not ours (§18.1.2), a Via we cannot read.
    net.deliver(res('200 OK', 'Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKb'));
    net.deliver(res('200 OK', 'Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKa'));
    net.deliver(res('200 OK', 'Via: nonsense'));
    // Ours, but no transaction has this branch.
    net.deliver(res('200 OK', 'Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnone'));
    // An ACK that matches nothing.
    net.deliver(req('ACK'));
    expect(net.endpoint.counts).toEqual({ oversized: 1, truncated: 1, malformed: 1, misrouted: 3, unmatched: 2, overloaded: 0 });
    expect(net.transport.sent).toEqual([]);
    expect(net.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
  });

  it('a request that names its own received address still gets its answer at its source (no reflection)', () => {
    const net = fakeNetwork();
    net.deliver(req('OPTIONS').replace(';rport', ';received=10.9.9.9'));
    expect(net.transport.sent[0].to).toEqual({ host: FAR.host, port: 5070 });
    expect(net.responses()[0].headers.get('via')).toEqual([`SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKr1;received=${FAR.host}`]);
  });

  it(`a flood of new requests stops at ${MAX_SERVER_TRANSACTIONS} open server transactions, counted`, () => {
    const net = fakeNetwork();
    for (let i = 0; i <= MAX_SERVER_TRANSACTIONS; i++) net.deliver(req('OPTIONS').replace('z9hG4bKr1', `z9hG4bKflood${i}`));
    expect(net.endpoint.size.serverTransactions).toBe(MAX_SERVER_TRANSACTIONS);
    expect(net.endpoint.counts.overloaded).toBe(1);
    net.clock.advance(32_000); // Timer J: every one of them goes
    expect(net.endpoint.size.serverTransactions).toBe(0);
  });

  it('close() terminates every transaction and clears every timer', () => {
    const net = fakeNetwork();
    net.deliver(req('INVITE'));
    net.deliver(req('BYE').replace('z9hG4bKr1', 'z9hG4bKr2'));
    expect(net.endpoint.size.serverTransactions).toBe(2);
    net.endpoint.close();
    expect(net.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
    expect(net.clock.pending).toBe(0);
  });
});
