/**
 * An incoming SIP call a unit test plays by hand: the test is the caller (it sends the INVITE,
 * the ACK, a CANCEL or a BYE) and the core (it takes the offer and commands the call), over the
 * fake network on the manual clock.
 */
import { accountOf, type SipLineOptions } from '../../../providers/sip/account.js';
import { type IncomingLine, offerInvite, type SipIncomingCall } from '../../../providers/sip/incoming-call.js';
import { header, type SipRequest, type SipResponse } from '../../../providers/sip/message.js';
import type { LineCall } from '../../../providers/sip/sip-call.js';
import type { SipTimers } from '../../../providers/sip/timers.js';
import type { IncomingCall, LineLink, ProviderCall, ProviderEvent } from '../../../providers/provider.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { FAR, fakeNetwork, requestOf } from './fake-network.js';

export const OFFER_SDP = 'v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\n';

/** What the test's core does with an offer: take it (default), refuse it at once, or not take it. */
export type CoreChoice = 'take' | 'refuse' | 'closed';

/** The caller's INVITE, as a phone behind one proxy sends it. */
export function callerInvite(options: { branch?: string; body?: string; headers?: Array<[string, string]>; from?: string; uri?: string; callId?: string; recordRoute?: boolean } = {}): SipRequest {
  const headers: Array<[string, string]> = [
    ['via', `SIP/2.0/UDP ${FAR.host}:${FAR.port};branch=${options.branch ?? 'z9hG4bKinv1'};rport`],
    ['max-forwards', '70'],
    ...(options.recordRoute === false ? [] : ([['record-route', '<sip:127.0.0.1:5060;lr;ftag=c1>']] as Array<[string, string]>)),
    ['from', options.from ?? '"Bob" <sip:5550123@127.0.0.1>;tag=c1'],
    ['to', '<sip:alice@127.0.0.1>'],
    ['call-id', options.callId ?? 'in-1@127.0.0.1'],
    ['cseq', '7 INVITE'],
    ['contact', '<sip:bob@127.0.0.1:5070>'],
    ...(options.body === '' ? [] : ([['content-type', 'application/sdp']] as Array<[string, string]>)),
    ...(options.headers ?? []),
  ];
  return requestOf('INVITE', options.uri ?? 'sip:alice@127.0.0.1:5062', headers, options.body ?? OFFER_SDP);
}

/** A request from the caller in the dialog our response made (ACK, BYE, INFO), or a CANCEL. */
export function callerRequest(invite: SipRequest, method: string, response: SipResponse | null, options: { branch?: string; cseq?: number } = {}): SipRequest {
  const cancel = method === 'CANCEL';
  const to = cancel || !response ? header(invite, 'to')! : header(response, 'to')!;
  const branch = cancel ? /branch=([^;]+)/.exec(header(invite, 'via')!)![1] : (options.branch ?? `z9hG4bK${method.toLowerCase()}1`);
  const seq = options.cseq ?? (method === 'ACK' || cancel ? 7 : 8);
  return requestOf(method, cancel ? invite.uri : 'sip:alice@127.0.0.1:5062', [
    ['via', `SIP/2.0/UDP ${FAR.host}:${FAR.port};branch=${branch};rport`],
    ['max-forwards', '70'],
    ['from', header(invite, 'from')!],
    ['to', to],
    ['call-id', header(invite, 'call-id')!],
    ['cseq', `${seq} ${method}`],
  ]);
}

/** One line of the provider that takes incoming calls, with the test as its core. */
export function incomingLine(options: { line?: Partial<SipLineOptions>; timers?: SipTimers; core?: CoreChoice } = {}) {
  const clock = new ManualClock();
  const events: ProviderEvent[] = [];
  const offers: IncomingCall[] = [];
  const calls: SipIncomingCall[] = [];
  let forgotten = 0;
  const account = accountOf({ aor: 'sip:alice@127.0.0.1', ...options.line }, 0);
  const link: LineLink = {
    clock,
    report: (_callId, event) => events.push(event),
    service: () => {},
    offer(info, create) {
      offers.push(info);
      if (options.core === 'closed') return null;
      const call = create('c1') as SipIncomingCall;
      calls.push(call);
      if (options.core === 'refuse') call.drop('BUSY');
      return 'c1';
    },
  };
  const net = fakeNetwork(options.timers, clock, (invite, tx) => offerInvite(line, link, invite, tx));
  const line: IncomingLine = {
    account,
    endpoint: net.endpoint,
    outOfService: null,
    ringOnOffer: account.ringOnOffer,
    calls: new Set<LineCall>(),
    forget(call) {
      this.calls.delete(call);
      forgotten++;
    },
  };
  return {
    ...net,
    events,
    offers,
    line,
    /** The call the core took. */
    get call(): ProviderCall & SipIncomingCall {
      return calls[0];
    },
    /** Every call the core took, in order. */
    calls: calls as ReadonlyArray<ProviderCall & SipIncomingCall>,
    /** How many calls the line was told to forget (disposed). */
    forgotten: () => forgotten,
    /** The event types reported so far, without the `PROVIDER.` prefix. */
    types: () => events.map((e) => e.type.slice(9)),
    /** The statuses answered so far, in order. */
    statuses: () => net.responses().map((r) => r.status),
    last: () => net.responses().at(-1)!,
  };
}

/** An incoming call answered and ACKed: the INVITE, our 200 (`ok`), the ACK delivered. */
export function answeredIncoming(options: Parameters<typeof incomingLine>[0] = {}) {
  const t = incomingLine(options);
  const invite = callerInvite();
  t.deliver(invite);
  t.call.answer();
  const ok = t.last();
  t.deliver(callerRequest(invite, 'ACK', ok));
  return { ...t, invite, ok };
}
