/**
 * RFC 4475's torture messages against the parser and the UAS. Valid ones (§3.1.1) parse to the
 * values the RFC names; every message, valid or not, gets the answer the RFC allows from a UA
 * like this one (one that takes no calls and registers nobody), or is dropped and counted when
 * no response can be formed; none of them throws or leaves anything behind.
 */
import { describe, expect, it } from 'vitest';
import { headerValues, header, parseCSeq, parseMessage, type SipMessage, type SipRequest, type SipResponse } from '../../../providers/sip/message.js';
import { parseNameAddr, parseVia, tagOf } from '../../../providers/sip/header-fields.js';
import { parseUri } from '../../../providers/sip/uri.js';
import { fakeNetwork } from './fake-network.js';
import * as rfc from './rfc4475-messages.js';

function parsed(text: string | Buffer): SipMessage {
  const outcome = parseMessage(typeof text === 'string' ? Buffer.from(text) : text);
  if (!outcome.ok) throw new Error(`${outcome.reason}: ${outcome.detail}`);
  return outcome.message;
}

describe('RFC 4475 §3.1.1: valid messages parse to what the RFC says', () => {
  it('§3.1.1.1 wsinv: folding, LWS around every separator, compact and mixed-case names, leading zeros', () => {
    const m = parsed(rfc.wsinv) as SipRequest;
    expect([m.method, m.uri]).toEqual(['INVITE', 'sip:vivekg@chair-dnrc.example.com;unknownparam']);
    expect(tagOf(header(m, 'to'))).toBe('1918181833n');
    expect(parseNameAddr(header(m, 'to')!)?.uri).toBe('sip:vivekg@chair-dnrc.example.com');
    expect(parseNameAddr(header(m, 'from')!)).toEqual({ display: 'J Rosenberg \\"', uri: 'sip:jdrosen@example.com', params: { tag: '98asjd8' } });
    expect(Number(header(m, 'max-forwards'))).toBe(68);
    expect(parseCSeq(header(m, 'cseq')!)).toEqual({ seq: 9, method: 'INVITE' });
    expect(headerValues(m, 'via').map((v) => parseVia(v))).toEqual([
      { transport: 'UDP', host: '192.0.2.2', port: null, params: { branch: '390skdjuw' } },
      { transport: 'TCP', host: 'spindle.example.com', port: null, params: { branch: 'z9hG4bK9ikj8' } },
      { transport: 'UDP', host: '192.168.255.111', port: null, params: { branch: 'z9hG4bK30239' } },
    ]);
    expect(header(m, 'subject')).toBe('');
    expect(header(m, 'newfangledheader')).toBe('newfangled value continued newfangled value');
    expect(headerValues(m, 'unknownheaderwithunusualvalue')).toEqual([';;,,;;,;']);
    expect(parseNameAddr(headerValues(m, 'contact')[0])).toEqual({ display: 'Quoted string ""', uri: 'sip:jdrosen@example.com', params: { newparam: 'newvalue', secondparam: true, q: '0.33' } });
    expect(headerValues(m, 'route')).toEqual(['<sip:services.example.com;lr;unknownwith=value;unknown-no-value>']);
    expect(Buffer.byteLength(m.body)).toBe(150);
  });

  it('§3.1.1.2 intmeth: token characters in method, URI, branch, tag and names; a quoted NUL; UTF-8', () => {
    const m = parsed(rfc.intmeth) as SipRequest;
    expect(m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(parseCSeq(header(m, 'cseq')!)).toEqual({ seq: 139122385, method: m.method });
    const uri = parseUri(m.uri)!;
    expect([uri.user, uri.host, uri.hasPassword, uri.hasHeaders]).toEqual(["1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", 'example.com', true, false]);
    expect(parseVia(header(m, 'via')!)?.params.branch).toBe("z9hG4bK-.!%66*_+`'~");
    expect(parseNameAddr(header(m, 'to')!)?.display).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
    expect(parseNameAddr(header(m, 'from')!)).toEqual({
      display: "token1~` token2'+_ token3*%!.-",
      uri: 'sip:mundane@example.com',
      params: { "fromparam''~+*_!.-%": 'работающий', tag: "_token~1'+`*%!-." },
    });
    expect(header(m, 'call-id')).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(header(m, "extensionheader-!.%*+_`'~")).toBe('\uFEFF大停電');
  });

  it('§3.1.1.3 esc01: %-escapes in URIs are kept as written (unescaping is the application’s)', () => {
    const m = parsed(rfc.esc01) as SipRequest;
    expect(parseUri(m.uri)?.user).toBe('sips%3Auser%40example.com');
    expect(parseUri(parseNameAddr(header(m, 'to')!)!.uri)?.user).toBe('%75se%72');
    expect(parseUri(parseNameAddr(headerValues(m, 'contact')[0])!.uri)?.params).toEqual({ '%6c%72': true, 'n%61me': 'v%61lue%25%34%31' });
    expect(header(m, 'content-type')).toBe('application/sdp');
  });

  it('§3.1.1.4 escnull: escaped NULs in user parts, two Contacts', () => {
    const m = parsed(rfc.escnull);
    expect(parseUri(parseNameAddr(header(m, 'to')!)!.uri)?.user).toBe('null-%00-null');
    expect(headerValues(m, 'contact').map((c) => parseUri(parseNameAddr(c)!.uri)?.user)).toEqual(['%00', '%00%00']);
  });

  it('§3.1.1.5 esc02: % is no escape in a method, a display name or a header name', () => {
    const m = parsed(rfc.esc02) as SipRequest;
    expect(m.method).toBe('RE%47IST%45R');
    expect(parseNameAddr(header(m, 'to')!)?.display).toBe('%Z%45');
    expect(headerValues(m, 'contact')).toEqual(['<sip:alias1@host1.example.com>', '<sip:alias3@host3.example.com>']);
    expect(header(m, 'c%6fntact')).toBe('<sip:alias2@host2.example.com>');
  });

  it('§3.1.1.6 lwsdisp: no LWS between display name and <', () => {
    expect(parseNameAddr(header(parsed(rfc.lwsdisp), 'from')!)).toEqual({ display: 'caller', uri: 'sip:caller@example.com', params: { tag: '323' } });
  });

  it('§3.1.1.7 longreq: long values everywhere, 34 Vias under seven spellings of the name', () => {
    const m = parsed(rfc.longreq);
    const vias = headerValues(m, 'via').map((v) => parseVia(v)!);
    expect(vias).toHaveLength(34);
    expect(vias.slice(0, 33).map((v) => v.host)).toEqual(Array.from({ length: 33 }, (_, i) => `sip${33 - i}.example.com`));
    expect(vias[33].params.received).toBe('192.0.2.5');
    expect(tagOf(header(m, 'from'))).toBe(`12${'982'.repeat(50)}424`);
    expect(parseUri(parseNameAddr(header(m, 'to')!)!.uri)?.port).toBe(6000);
  });

  it('§3.1.1.8 dblreq: the octets after the body are ignored (§18.3)', () => {
    const m = parsed(rfc.dblreq) as SipRequest;
    expect([m.method, m.body]).toEqual(['REGISTER', '']);
  });

  it('§3.1.1.9 semiuri: a ; in the user part; an Accept list folded over lines', () => {
    const m = parsed(rfc.semiuri) as SipRequest;
    expect(parseUri(m.uri)).toMatchObject({ user: 'user;par=u%40example.net', host: 'example.com', params: {} });
    expect(headerValues(m, 'accept')).toEqual(['application/sdp', 'application/pkcs7-mime', 'multipart/mixed', 'multipart/signed', 'message/sip', 'message/sipfrag']);
  });

  it('§3.1.1.10 transports: every transport token in Via, known or not', () => {
    expect(headerValues(parsed(rfc.transports), 'via').map((v) => parseVia(v)?.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
  });

  it('§3.1.1.11 mpart01: a binary body with NULs is framed by Content-Length', () => {
    const m = parsed(rfc.mpart01);
    expect(header(m, 'content-type')).toBe('multipart/mixed;boundary=7a9cbec02ceef655');
    expect(m.body.endsWith('--7a9cbec02ceef655--\r\n')).toBe(true);
  });

  it('§3.1.1.12 unreason: a reason phrase in UTF-8', () => {
    const m = parsed(rfc.unreason) as SipResponse;
    expect([m.status, m.reason]).toEqual([200, '= 2**3 * 5**2 но сто девяносто девять - простое']);
  });

  it('§3.1.1.13 noreason: an empty reason phrase', () => {
    const m = parsed(rfc.noreason) as SipResponse;
    expect([m.status, m.reason]).toEqual([100, '']);
  });
});

/** What the UAS does with each message: the status it answers, or `drop` with the counter it bumps. */
const ANSWERS: Array<[string, string | Buffer, number | `drop:${string}`]> = [
  // §3.1.1: valid. An INVITE outside a dialog gets 480 (this endpoint takes no calls), inside one that does
  // not exist 481 (wsinv's To has a tag); REGISTER and MESSAGE 405; unknown methods 501.
  ['§3.1.1.1 wsinv', rfc.wsinv, 481],
  ['§3.1.1.2 intmeth', rfc.intmeth, 501],
  ['§3.1.1.3 esc01', rfc.esc01, 480],
  ['§3.1.1.4 escnull', rfc.escnull, 405],
  ['§3.1.1.5 esc02', rfc.esc02, 501],
  ['§3.1.1.6 lwsdisp', rfc.lwsdisp, 200],
  ['§3.1.1.7 longreq', rfc.longreq, 480],
  ['§3.1.1.8 dblreq', rfc.dblreq, 405],
  ['§3.1.1.9 semiuri', rfc.semiuri, 200],
  ['§3.1.1.10 transports', rfc.transports, 200],
  ['§3.1.1.11 mpart01', rfc.mpart01, 405],
  ['§3.1.1.12 unreason (a response for no transaction of ours)', rfc.unreason, 'drop:misrouted'],
  ['§3.1.1.13 noreason (a response for no transaction of ours)', rfc.noreason, 'drop:misrouted'],
  // §3.1.2: invalid. 400 where the RFC asks for it and a response can be formed.
  ['§3.1.2.1 badinv01', rfc.badinv01, 400],
  ['§3.1.2.2 clerr', rfc.clerr, 400],
  ['§3.1.2.3 ncl', rfc.ncl, 400],
  ['§3.1.2.4 scalar02', rfc.scalar02, 400],
  ['§3.1.2.5 scalarlg (a response: discarded)', rfc.scalarlg, 'drop:malformed'],
  ['§3.1.2.6 quotbal', rfc.quotbal, 400],
  ['§3.1.2.7 ltgtruri', rfc.ltgtruri, 400],
  ['§3.1.2.8 lwsruri', rfc.lwsruri, 400],
  ['§3.1.2.9 lwsstart (rejecting is acceptable)', rfc.lwsstart, 400],
  ['§3.1.2.10 trws (rejecting is acceptable)', rfc.trws, 400],
  ['§3.1.2.11 escruri', rfc.escruri, 400],
  ['§3.1.2.12 baddate (the Date is not used here, so not rejected)', rfc.baddate, 480],
  ['§3.1.2.13 regbadct (REGISTER is refused first, §8.2.1)', rfc.regbadct, 405],
  ['§3.1.2.14 badaspec (the spaces inside <> are let go)', rfc.badaspec, 200],
  ['§3.1.2.15 baddn', rfc.baddn, 400],
  ['§3.1.2.16 badvers', rfc.badvers, 505],
  ['§3.1.2.17 mismatch01', rfc.mismatch01, 400],
  ['§3.1.2.18 mismatch02 (400 is acceptable)', rfc.mismatch02, 400],
  ['§3.1.2.19 bigcode (a response: dropped)', rfc.bigcode, 'drop:malformed'],
  // §3.2, §3.3, §3.4.
  ['§3.2.1 badbranch', rfc.badbranch, 200],
  ['§3.3.1 insuf (no Call-ID, From, To: no response can be formed)', rfc.insuf, 'drop:malformed'],
  ['§3.3.2 unkscm', rfc.unkscm, 416],
  ['§3.3.3 novelsc', rfc.novelsc, 416],
  ['§3.3.4 unksm2 (REGISTER is refused first, §8.2.1)', rfc.unksm2, 405],
  ['§3.3.5 bext01', rfc.bext01, 420],
  ['§3.3.6 invut', rfc.invut, 415],
  ['§3.3.7 regaut01', rfc.regaut01, 405],
  ['§3.3.8 multi01', rfc.multi01, 400],
  ['§3.3.9 mcl01', rfc.mcl01, 400],
  ['§3.3.10 bcast (a response with two Vias: dropped, §8.1.3.3)', rfc.bcast, 'drop:misrouted'],
  ['§3.3.11 zeromf (Max-Forwards 0 concerns proxies)', rfc.zeromf, 200],
  ['§3.3.12 cparam01', rfc.cparam01, 405],
  ['§3.3.13 cparam02', rfc.cparam02, 405],
  ['§3.3.14 regescrt', rfc.regescrt, 405],
  ['§3.3.15 sdp01 (refused before Accept matters: 480 has no body)', rfc.sdp01, 480],
  ['§3.4.1 inv2543 (RFC 2543 syntax: matched without a branch)', rfc.inv2543, 480],
];

describe('RFC 4475: what the UAS answers', () => {
  it.each(ANSWERS)('%s', (_name, text, expected) => {
    const net = fakeNetwork();
    expect(() => net.deliver(text)).not.toThrow();
    const statuses = net.responses().map((r) => r.status);
    if (typeof expected === 'number') {
      expect(statuses).toEqual([expected]);
      const response = net.responses()[0];
      // §8.2.6.2: the To gets our tag (unless it had one; or it could not be read), the rest is copied.
      if (parseNameAddr(header(response, 'to')!.replace(/;tag=\w+$/, ''))) expect(tagOf(header(response, 'to'))).toBeTruthy();
      expect(header(response, 'call-id')).toBe(/\r\n(?:Call-ID|i): ([^\r]*)/i.exec(text.toString())![1].trim());
      if (expected === 420) expect(header(response, 'unsupported')).toBe('nothingSupportsThis, nothingSupportsThisEither');
      if (expected === 415) expect(header(response, 'accept')).toBe('application/sdp');
    } else {
      expect(statuses).toEqual([]);
      expect(net.endpoint.counts[expected.slice(5) as 'malformed']).toBe(1);
    }
    // A retransmission is absorbed; everything is gone once the transaction timers have run.
    net.clock.runAll();
    expect(net.endpoint.size).toEqual({ clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
    expect(net.clock.pending).toBe(0);
  });
});
