/**
 * A network a unit test plays by hand: an endpoint over a fake transport on a manual clock.
 * Every datagram the endpoint sends is kept (parsed); the test answers as the far end would.
 */
import { accountOf, type SipLineOptions } from '../../../providers/sip/account.js';
import { Endpoint, type EndpointOptions } from '../../../providers/sip/endpoint.js';
import { header, parseMessage, serialise, type SipMessage, type SipRequest, type SipResponse } from '../../../providers/sip/message.js';
import type { SipTimers } from '../../../providers/sip/timers.js';
import { rfcTimers } from '../../../providers/sip/timers.js';
import type { Destination, Transport } from '../../../providers/sip/transport.js';
import { SipCall, type SipLine } from '../../../providers/sip/sip-call.js';
import { type CallRequest, defaultCallParams, type ProviderEvent } from '../../../providers/provider.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

export const FAR: Destination = { host: '127.0.0.1', port: 5070 };

export interface Sent {
  text: string;
  to: Destination;
  message: SipMessage;
}

export class FakeTransport implements Transport {
  readonly local = { host: '127.0.0.1', port: 5062 };
  readonly sent: Sent[] = [];
  /** Make every send fail (as a name that does not resolve would). */
  failing = false;

  send(data: string | Uint8Array, to: Destination, onError?: (error: Error) => void): void {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    let outcome = parseMessage(text);
    // A 400 or 505 to a request whose CSeq is unreadable copies that CSeq (§8.2.6.2), which our own
    // parser then refuses in a response: read it with the CSeq's number replaced.
    if (!outcome.ok && outcome.detail === 'bad CSeq' && /^SIP\/2\.0 [45]\d\d /.test(text)) outcome = parseMessage(text.replace(/\r\nCSeq:[^\r]*/, '\r\nCSeq: 0 INVITE'));
    if (!outcome.ok) throw new Error(`the endpoint sent what does not parse: ${outcome.detail}\n${text}`);
    this.sent.push({ text, to, message: outcome.message });
    if (this.failing) onError?.(new Error('send failed'));
  }
}

export function fakeNetwork(timers: SipTimers = rfcTimers, clock: ManualClock = new ManualClock(), onInvite?: EndpointOptions['onInvite']) {
  const transport = new FakeTransport();
  const endpoint = new Endpoint({ transport, clock, timers, onInvite });
  return {
    clock,
    transport,
    endpoint,
    /** Requests sent, by method. */
    requests(method?: string): SipRequest[] {
      return transport.sent.map((s) => s.message).filter((m): m is SipRequest => m.kind === 'request' && (!method || m.method === method));
    },
    responses(): SipResponse[] {
      return transport.sent.map((s) => s.message).filter((m): m is SipResponse => m.kind === 'response');
    },
    /** The far end sends `text`. */
    deliver(text: string | Buffer | SipMessage, from: Destination = FAR): void {
      endpoint.receive(Buffer.isBuffer(text) ? text : Buffer.from(typeof text === 'string' ? text : serialise(text)), from);
    },
  };
}

/** A request from header pairs, in order (a test's own, not one the endpoint built). */
export function requestOf(method: string, uri: string, headers: Array<[string, string]>, body = ''): SipRequest {
  const map = new Map<string, string[]>();
  for (const [name, value] of headers) map.set(name, [...(map.get(name) ?? []), value]);
  return { kind: 'request', method, uri, headers: map, body };
}

/** A response to `request`, as a UAS builds it (§8.2.6), with a To tag for anything above 100. */
export function responseTo(request: SipRequest, status: number, reason: string, options: { tag?: string; headers?: Array<[string, string]>; body?: string } = {}): SipResponse {
  const headers = new Map<string, string[]>();
  headers.set('via', request.headers.get('via')!.slice());
  headers.set('from', [header(request, 'from')!]);
  const to = header(request, 'to')!;
  headers.set('to', [status > 100 && !/;tag=/.test(to) ? `${to};tag=${options.tag ?? 'far1'}` : to]);
  headers.set('call-id', [header(request, 'call-id')!]);
  headers.set('cseq', [header(request, 'cseq')!]);
  for (const [name, value] of options.headers ?? []) headers.set(name, [...(headers.get(name) ?? []), value]);
  return { kind: 'response', status, reason, headers, body: options.body ?? '' };
}

/** A request from the far end in the dialog of a 2xx we (the test) sent for `invite`. */
export function farRequest(invite: SipRequest, method: string, options: { tag?: string; cseq?: number; branch?: string } = {}): SipRequest {
  const headers = new Map<string, string[]>();
  headers.set('via', [`SIP/2.0/UDP ${FAR.host}:${FAR.port};branch=${options.branch ?? 'z9hG4bKfar' + method}`]);
  headers.set('from', [`${header(invite, 'to')!};tag=${options.tag ?? 'far1'}`]);
  headers.set('to', [header(invite, 'from')!]);
  headers.set('call-id', [header(invite, 'call-id')!]);
  headers.set('cseq', [`${options.cseq ?? 1} ${method}`]);
  headers.set('max-forwards', ['70']);
  return { kind: 'request', method, uri: 'sip:alice@127.0.0.1:5062', headers, body: '' };
}

/** A SIP call on a fake network, with its reported events. */
export function fakeCall(options: { destination?: string; complete?: boolean; line?: Partial<SipLineOptions>; timers?: SipTimers; blockId?: boolean } = {}) {
  const net = fakeNetwork(options.timers);
  const account = accountOf({ aor: 'sip:alice@127.0.0.1', domain: '127.0.0.1:5070', ...options.line }, 0);
  const line: SipLine & { outOfService: string | null; forgotten: number } = {
    account,
    endpoint: net.endpoint,
    outOfService: null,
    forgotten: 0,
    forget() {
      this.forgotten++;
    },
  };
  const events: ProviderEvent[] = [];
  const request: CallRequest = {
    callId: 'c1',
    lineIndex: 0,
    destination: options.destination ?? '5550111',
    complete: options.complete ?? true,
    params: { ...defaultCallParams, blockId: options.blockId ?? false },
  };
  const call = new SipCall(line, request, (event) => events.push(event), net.clock);
  return {
    ...net,
    line,
    call,
    events,
    /** The event types reported so far, without the `PROVIDER.` prefix. */
    types: () => events.map((e) => e.type.slice(9)),
    invite: () => net.requests('INVITE').at(-1)!,
  };
}
