/**
 * Datagrams for property tests and the fuzz benchmark (no test runner inside, so a benchmark can
 * use it): random well-formed SIP messages, a corpus of valid datagrams that belong to no call
 * of ours (our own kinds of requests and responses, and RFC 4475's messages), and mutations of
 * them the way a hostile or broken network makes them: bytes flipped, cut short, header lines
 * swapped or repeated, huge values, a wrong Content-Length, random bytes put in.
 */
import fc from 'fast-check';
import { serialise, type SipMessage, type SipRequest, type SipResponse } from '../../../providers/sip/message.js';
import * as rfc from './rfc4475-messages.js';

const token = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9\-.!%*_+`'~]{0,11}$/);
const word = fc.stringMatching(/^[A-Za-z0-9]{1,12}$/);
const host = fc.oneof(fc.constantFrom('127.0.0.1', '10.0.0.7', '[::1]'), fc.stringMatching(/^[a-z][a-z0-9]{0,8}\.example\.(com|net)$/));
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const hostport = fc.tuple(host, port).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const uri = fc.tuple(fc.option(word, { nil: undefined }), hostport).map(([user, hp]) => `sip:${user ? `${user}@` : ''}${hp}`);
/** Printable header text (UTF-8 allowed), no leading or trailing white space, never empty. */
const text = fc.stringMatching(/^[!-~\u00a0-\u024f](?:[ -~\u00a0-\u024f]{0,38}[!-~\u00a0-\u024f])?$/);
const display = fc.option(fc.stringMatching(/^[A-Za-z0-9 .,'()-]{0,20}$/), { nil: undefined }).map((d) => (d === undefined ? '' : `"${d}" `));
const nameAddr = (tag: boolean) => fc.tuple(display, uri, tag ? word : fc.constant('')).map(([d, u, t]) => `${d}<${u}>${t ? `;tag=${t}` : ''}`);
const via = fc.tuple(hostport, word, fc.boolean()).map(([hp, b, rport]) => `SIP/2.0/UDP ${hp};branch=z9hG4bK${b}${rport ? ';rport' : ''}`);
/** Extension header names: two characters or more, so none is a compact form. */
const extensionName = fc.stringMatching(/^x-[a-z0-9-]{1,12}$/);
const body = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.constant('v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n'));

/** The header fields every message has, then up to six more (lists as one value a line). */
const headers = fc
  .record({
    vias: fc.array(via, { minLength: 1, maxLength: 3 }),
    from: nameAddr(true),
    to: nameAddr(false),
    callId: fc.tuple(word, host).map(([w, h]) => `${w}@${h}`),
    seq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    extra: fc.array(fc.tuple(fc.oneof(extensionName, fc.constantFrom('subject', 'user-agent', 'contact', 'record-route', 'supported', 'allow')), text), { maxLength: 6 }),
  })
  .map(({ vias, from, to, callId, seq, extra }) => ({ vias, from, to, callId, seq, extra }));

function headerMap(h: { vias: string[]; from: string; to: string; callId: string; extra: Array<[string, string]> }, cseq: string): Map<string, string[]> {
  const map = new Map<string, string[]>([
    ['via', h.vias],
    ['from', [h.from]],
    ['to', [h.to]],
    ['call-id', [h.callId]],
    ['cseq', [cseq]],
  ]);
  for (const [name, value] of h.extra) map.set(name, [...(map.get(name) ?? []), value]);
  return map;
}

/** A random well-formed request. */
export const wellFormedRequest: fc.Arbitrary<SipRequest> = fc.tuple(fc.oneof(fc.constantFrom('INVITE', 'BYE', 'OPTIONS', 'INFO', 'CANCEL', 'ACK', 'REGISTER'), token), uri, headers, body).map(([method, requestUri, h, b]) => ({
  kind: 'request',
  method,
  uri: requestUri,
  headers: headerMap(h, `${h.seq} ${method}`),
  body: b,
}));

/** A random well-formed response. */
export const wellFormedResponse: fc.Arbitrary<SipResponse> = fc
  .tuple(fc.integer({ min: 100, max: 699 }), fc.option(text, { nil: '' }), fc.constantFrom('INVITE', 'BYE', 'OPTIONS'), headers, body)
  .map(([status, reason, method, h, b]) => ({ kind: 'response', status, reason: reason ?? '', headers: headerMap(h, `${h.seq} ${method}`), body: b }));

/** A random well-formed message. */
export const wellFormedMessage: fc.Arbitrary<SipMessage> = fc.oneof(wellFormedRequest, wellFormedResponse);

/** What our endpoint (127.0.0.1:5062) could get that belongs to no call: requests and responses. */
const ours = [
  'INVITE sip:alice@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKcorpus1;rport\r\nMax-Forwards: 70\r\nFrom: "Eve" <sip:eve@127.0.0.1:5999>;tag=e1\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: corpus-1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: <sip:eve@127.0.0.1:5999>\r\nContent-Type: application/sdp\r\nContent-Length: 31\r\n\r\nv=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n',
  'BYE sip:alice@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKcorpus2\r\nFrom: <sip:eve@127.0.0.1>;tag=e2\r\nTo: <sip:alice@127.0.0.1>;tag=a2\r\nCall-ID: corpus-2@127.0.0.1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n',
  'OPTIONS sip:alice@127.0.0.1:5062 SIP/2.0\r\nv: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKcorpus3;rport\r\nf: <sip:eve@127.0.0.1>;tag=e3\r\nt: <sip:alice@127.0.0.1>\r\ni: corpus-3\r\nCSeq: 3 OPTIONS\r\nRequire: foo\r\nl: 0\r\n\r\n',
  'INFO sip:alice@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKcorpus4, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKp\r\nFrom: <sip:eve@127.0.0.1>;tag=e4\r\nTo: <sip:alice@127.0.0.1>;tag=a4\r\nCall-ID: corpus-4\r\nCSeq: 4 INFO\r\nContent-Type: application/dtmf-relay\r\nContent-Length: 10\r\n\r\nSignal=5\r\n',
  'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnotours;rport=5062\r\nFrom: <sip:alice@127.0.0.1>;tag=a5\r\nTo: <sip:bob@127.0.0.1>;tag=b5\r\nCall-ID: corpus-5\r\nCSeq: 1 INVITE\r\nContact: <sip:bob@127.0.0.1:5999>\r\nContent-Length: 0\r\n\r\n',
  'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnotours2\r\nFrom: <sip:alice@127.0.0.1>;tag=a6\r\nTo: <sip:bob@127.0.0.1> ;tag=b6\r\nCall-ID: corpus-6\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
  'ACK sip:alice@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKcorpus7\r\nFrom: <sip:eve@127.0.0.1>;tag=e7\r\nTo: <sip:alice@127.0.0.1>;tag=a7\r\nCall-ID: corpus-7\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n',
];

/** Valid datagrams that belong to no call of ours. */
export const corpus: Buffer[] = [...ours.map((s) => Buffer.from(s)), ...Object.values(rfc).map((m) => (Buffer.isBuffer(m) ? m : Buffer.from(m)))];

/** One change a hostile or broken network makes to a datagram. */
export type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'repeat'; line: number }
  | { kind: 'huge'; line: number; size: number }
  | { kind: 'length'; value: string }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('huge' as const), line: fc.nat(), size: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1000, max: 20_000 })) }),
  fc.record({ kind: fc.constant('length' as const), value: fc.oneof(fc.integer({ min: -5, max: 99_999 }).map(String), fc.constantFrom('', 'five', '1e3', '0x10', '  7', '99999999999')) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
);

/** Apply one mutation; positions wrap around the datagram's length. */
export function mutate(data: Buffer, m: Mutation): Buffer {
  if (data.length === 0) return data;
  switch (m.kind) {
    case 'flip': {
      const copy = Buffer.from(data);
      copy[m.at % copy.length] = m.byte;
      return copy;
    }
    case 'cut':
      return data.subarray(0, m.at % data.length);
    case 'insert': {
      const at = m.at % data.length;
      return Buffer.concat([data.subarray(0, at), m.bytes, data.subarray(at)]);
    }
    default: {
      const lines = data.toString('latin1').split('\r\n');
      const headerCount = Math.max(1, lines.indexOf(''));
      const pick = (n: number) => 1 + (n % Math.max(1, headerCount - 1));
      if (m.kind === 'swap') {
        const [a, b] = [pick(m.a), pick(m.b)];
        [lines[a], lines[b]] = [lines[b], lines[a]];
      } else if (m.kind === 'repeat') {
        const line = pick(m.line);
        lines.splice(line, 0, lines[line]);
      } else if (m.kind === 'huge') {
        lines[pick(m.line)] += 'x'.repeat(m.size);
      } else {
        const at = lines.findIndex((l) => /^(content-length|l)\s*:/i.test(l));
        if (at > 0) lines[at] = `Content-Length: ${m.value}`;
      }
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
  }
}

/** A datagram that fast-check shows briefly when a property fails (its first 300 bytes). */
function shown(datagram: Buffer): Buffer {
  const text = datagram.toString('latin1');
  return Object.assign(datagram, { [fc.toStringMethod]: () => `<${datagram.length} bytes: ${JSON.stringify(text.slice(0, 300))}${text.length > 300 ? '…' : ''}>` });
}

/** A datagram from the corpus with up to four mutations, or a well-formed message of any kind. */
export const hostileDatagram: fc.Arbitrary<Buffer> = fc
  .oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([base, ms]) => ms.reduce(mutate, base)) },
    { weight: 1, arbitrary: wellFormedMessage.map((m) => Buffer.from(serialise(m))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 1500 }).map((bytes) => Buffer.from(bytes)) },
  )
  .map(shown);
