/**
 * The SIP provider: line devices that are SIP accounts, and calls placed over UDP (RFC 3261).
 *
 * One UDP socket serves every line; it is bound when the first line opens and closed by
 * `shutdown()`. A line with a registrar registers when it opens (`openLine` rejects with the
 * registrar's answer when that fails) and unregisters when it closes. If a later refresh fails,
 * the line goes out of service: its calls fail with LINEERR_INVALLINESTATE and are released at
 * the far end, new calls are refused the same way, and the line comes back once a retried
 * registration succeeds. The core hears both through the link it gives `openLine`
 * (LINEDEVSTATE_OUTOFSERVICE / LINEDEVSTATE_INSERVICE), and `onLineState` too.
 *
 * Calls arrive too (`incoming-call.ts`): an INVITE outside any dialog is for the open line whose
 * account user is the Request-URI's user (the Contact it registered, or its address of record),
 * or the To's when the Request-URI has no user; it is offered to the core there. An INVITE for no line of ours gets 404 Not
 * Found, one for a line that is closed or out of service 480 Temporarily Unavailable (§21.4.18).
 *
 * Each call carries audio (contract rule 13) unless `media: false`: its own RTP session on two
 * ports of the media range (`media/media-pool.ts`), G.711 with RFC 4733 digits, opened as the call
 * offers or answers and closed as it ends; `shutdown()` closes what is left.
 *
 * @example
 * ```ts
 * import { createTelephony } from 'xtapi';
 * import { sipProvider } from 'xtapi/providers/sip';
 *
 * const telephony = createTelephony({
 *   providers: [sipProvider({ lines: [{ aor: 'sip:alice@127.0.0.1:5060', outboundProxy: 'sip:127.0.0.1:5060' }] })],
 * });
 * const line = await telephony.openLine(0);
 * const call = await line.makeCall('5550111'); // INVITE sip:5550111@127.0.0.1:5060
 * await call.until('connected');
 * await call.drop(); // BYE
 * await telephony.shutdown();
 * ```
 */
import type { CallRequest, Clock, LineDevice, LineLink, Provider, ProviderLine } from '../provider.js';
import { header, type SipRequest } from './message.js';
import { type IncomingLine, offerInvite } from './incoming-call.js';
import type { ServerTransaction } from './transactions/server.js';
import { parseNameAddr } from './header-fields.js';
import { decodeUser, parseUri } from './uri.js';
import { ProviderError, realClock } from '../provider.js';
import { type Account, accountOf, type SipLineOptions } from './account.js';
import { Endpoint, type EndpointCounts, type TraceEntry } from './endpoint.js';
import { Registration, RegistrationError } from './register.js';
import { SipProviderError } from './sip-error.js';
import { type LineCall, SipCall } from './sip-call.js';
import { DialogCall } from './dialog-call.js';
import type { ReferredTransfer } from './referred-transfer.js';
import { MediaPool } from './media/media-pool.js';
import { zeroCounters } from './media/rtp-counters.js';
import type { RtpCounters } from './media/rtp-session.js';
import { checkProviderOptions, type SipMediaOptions } from './provider-options.js';
import type { SipTimers } from './timers.js';
import { type Destination, UdpTransport } from './transport.js';

/** Options of {@link sipProvider}. */
export interface SipProviderOptions {
  /** The line devices, one account each. */
  lines: readonly SipLineOptions[];
  /** Local address to bind (default 127.0.0.1). */
  localAddress?: string;
  /** Local UDP port (default 0: a free port the system picks). */
  localPort?: number;
  /** The host to write in Via, Contact and SDP when it differs from the bound address. */
  publicAddress?: string;
  /** T1, T2, T4 in ms (default RFC 3261's 500, 4000, 5000); tests shrink them. */
  timers?: Partial<SipTimers>;
  /**
   * The clock of the provider's own timers: registration refreshes, and server transactions
   * outside any call (default: the real clock). Calls use the telephony's clock.
   */
  clock?: Clock;
  /** Socket receive buffer, bytes (default 4 MiB; the kernel may cap it). */
  recvBufferSize?: number;
  /**
   * How long a line out of service waits before it first registers again, ms (default 30 000;
   * 1 000 to 86 400 000). Later attempts back off exponentially (RFC 5626 §4.5) up to
   * `registrationRetryMax`.
   */
  registrationRetry?: number;
  /** The longest wait between registration attempts, ms (default 1 800 000, RFC 5626's max-time). */
  registrationRetryMax?: number;
  /** Every SIP message in and out, for debugging. Holds no password (digests only). */
  trace?: (entry: TraceEntry) => void;
  /** A line went out of service (`why` says which registration failed) or came back (`why` null). */
  onLineState?: (lineIndex: number, inService: boolean, why: string | null) => void;
  /** Provider name (default "sip"). */
  name?: string;
  /**
   * Real audio on every call (default: on, ports 16384-32767): G.711 over RTP, RFC 4733 digits,
   * `ProviderCall.media()`. `false`: signalling only, as for benchmarks of it; the SDP names port 9
   * and no socket is bound for media.
   */
  media?: false | SipMediaOptions;
  /**
   * How our digits go (`generateDigits`): 'rfc4733' (default) as RTP events when the far end's SDP
   * has telephone-event, else as SIP INFO; 'info' always as INFO. Without media, always INFO.
   */
  dtmf?: 'rfc4733' | 'info';
}

/** Counters and what is alive, for monitoring and for leak tests. */
export interface SipProviderStats {
  datagrams: { received: number; sent: number; sendErrors: number };
  /** Datagrams and messages dropped or ignored, by reason. */
  dropped: EndpointCounts;
  live: { calls: number; clientTransactions: number; serverTransactions: number; dialogs: number; socket: boolean };
  /** The calls' RTP sessions: how many are open, and what all of them counted (dropped input among it). */
  media: { sessions: number; rtp: RtpCounters };
}

/** The SIP provider: a {@link Provider} plus its statistics and its socket's address. */
export interface SipProvider extends Provider {
  /**
   * Open a line (bind the socket, register); `link` hears when it goes out of service and back,
   * and how its calls progress. The line's `close` unregisters.
   */
  openLine(lineIndex: number, link: LineLink): Promise<ProviderLine>;
  stats(): SipProviderStats;
  /** `stats().dropped` and the failed sends, flat (Provider.counters: what the call board shows). */
  counters(): Readonly<Record<string, number>>;
  /** The bound local address and port (after the first line opened), else null. */
  readonly local: Destination | null;
}

interface LineState extends IncomingLine {
  account: Account;
  open: boolean;
  link: LineLink | null;
  registration: Registration | null;
  outOfService: string | null;
  calls: Set<LineCall>;
}

/**
 * Create a SIP provider.
 *
 * @example
 * ```ts
 * const sip = sipProvider({ lines: [{ aor: 'sip:alice@127.0.0.1', maxCalls: 8 }], timers: { t1: 100 } });
 * sip.lines[0].address; // 'sip:alice@127.0.0.1'
 * ```
 */
export function sipProvider(options: SipProviderOptions): SipProvider {
  const accounts = (options.lines ?? []).map((line, i) => accountOf(line, i));
  const { timers, retry, localPort, recvBufferSize, media, dtmf } = checkProviderOptions(options);
  const clock = options.clock ?? realClock;
  const pool = media ? new MediaPool({ address: options.localAddress ?? '127.0.0.1', ports: media.ports, symmetric: media.symmetric, threads: media.threads, dtmf }) : null;
  let transport: UdpTransport | null = null;
  let endpoint: Endpoint | null = null;
  let binding: Promise<Endpoint> | null = null;
  let closed = false;

  const states: LineState[] = accounts.map((account) => ({
    account,
    open: false,
    link: null,
    registration: null,
    outOfService: null,
    calls: new Set(),
    ringOnOffer: account.ringOnOffer,
    media: pool,
    get endpoint(): Endpoint {
      if (!endpoint) throw new ProviderError('INVALLINESTATE', 'the SIP provider has no socket (no line is open)');
      return endpoint;
    },
    forget(call) {
      this.calls.delete(call);
    },
  }));

  const lines: LineDevice[] = accounts.map((account) => ({
    name: account.name,
    address: account.aor,
    maxCalls: account.maxCalls,
    bearerModes: ['VOICE', 'SPEECH'],
    mediaModes: ['INTERACTIVEVOICE', 'AUTOMATEDVOICE'],
    dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false },
    uriAddresses: true,
    nonDialed: false,
    // Rule 10: re-INVITE for hold (RFC 3264 §8.4), REFER for transfer (RFC 3515, RFC 3891).
    features: { hold: true, blindTransfer: true, transfer: true },
  }));

  function bind(): Promise<Endpoint> {
    binding ??= UdpTransport.open({
      address: options.localAddress ?? '127.0.0.1',
      port: localPort,
      recvBufferSize,
      onDatagram: (data, from) => endpoint?.receive(data, from),
    }).then(
      (udp) => {
        transport = udp;
        endpoint = new Endpoint({ transport: udp, clock, timers, publicHost: options.publicAddress, trace: options.trace, onInvite });
        return endpoint;
      },
      (error: NodeJS.ErrnoException) => {
        binding = null;
        throw new ProviderError('RESOURCEUNAVAIL', `cannot bind UDP ${options.localAddress ?? '127.0.0.1'}:${localPort}: ${error.code ?? error.message}`);
      },
    );
    return binding;
  }

  /** A new INVITE: offer it on the line it calls, or refuse it (404, 480). */
  function onInvite(invite: SipRequest, tx: ServerTransaction): void {
    const ep = endpoint!;
    const line = lineCalled(states, invite);
    if (!line) return ep.respond(tx, 404, 'Not Found');
    if (!line.link || line.outOfService !== null) return ep.respond(tx, 480, 'Temporarily Unavailable');
    offerInvite(line, line.link, invite, tx);
  }

  function lineOf(lineIndex: number): LineState {
    const line = states[lineIndex];
    if (!line) throw new ProviderError('BADDEVICEID', `the SIP provider has no line ${lineIndex}`);
    return line;
  }

  /** The provider side of an open line: its calls are made here, and `close` unregisters. */
  function providerLine(lineIndex: number, link: LineLink): ProviderLine {
    const line = states[lineIndex];
    return {
      makeCall(request: CallRequest) {
        if (!endpoint || line.link !== link) throw new ProviderError('INVALLINESTATE', `SIP line ${lineIndex} is not open`);
        // Made for a far end's REFER (contract rule 11): the call that REFER came on hands it over.
        const referral = request.transferOf === undefined ? null : referralOf(line.calls, request.transferOf);
        const call = new SipCall(line, request, (event) => link.report(request.callId, event), link.clock, referral);
        line.calls.add(call);
        try {
          call.make();
        } catch (error) {
          call.dispose();
          throw error;
        }
        return call;
      },
      async close() {
        if (line.link !== link) return;
        line.open = false;
        line.link = null;
        const registration = line.registration;
        line.registration = null;
        line.outOfService = null;
        await registration?.unregister();
      },
    };
  }

  function setService(lineIndex: number, why: string | null): void {
    const line = states[lineIndex];
    line.outOfService = why;
    if (why !== null) for (const call of [...line.calls]) call.outOfService(why);
    line.link?.service(why === null ? { type: 'PROVIDER.LINE.INSERVICE' } : { type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: why });
    options.onLineState?.(lineIndex, why === null, why);
  }

  return {
    name: options.name ?? 'sip',
    lines,
    get local() {
      return transport ? { ...transport.local } : null;
    },

    async openLine(lineIndex: number, link: LineLink) {
      const line = lineOf(lineIndex);
      if (closed) throw new ProviderError('INVALLINESTATE', 'the SIP provider is shut down');
      const ep = await bind();
      line.open = true;
      line.link = link;
      line.outOfService = null;
      const provided = providerLine(lineIndex, link);
      const registrar = line.account.registrar;
      if (!registrar) return provided;
      const registration = new Registration(ep, line.account, clock, { up: () => setService(lineIndex, null), down: (why) => setService(lineIndex, why) }, retry);
      line.registration = registration;
      try {
        await registration.register();
      } catch (error) {
        registration.stop();
        line.registration = null;
        line.open = false;
        line.link = null;
        const { code, reason } = error instanceof RegistrationError ? error.failure : { code: undefined, reason: String(error) };
        throw new SipProviderError('OPERATIONFAILED', `registration of ${line.account.aor} at ${registrar.uri} failed: ${(error as Error).message}`, code === undefined ? { reason } : { code, reason });
      }
      return provided;
    },

    counters() {
      // What was dropped, by reason, and sends that failed: what an operator watches for.
      const counts = { ...(endpoint?.counts ?? { oversized: 0, truncated: 0, malformed: 0, misrouted: 0, unmatched: 0, overloaded: 0 }), sendErrors: transport?.counts.sendErrors ?? 0 };
      if (!pool) return counts;
      // What media from anywhere brought that was dropped (rtp-session.ts's counters).
      const rtp = pool.counters;
      return { ...counts, rtpMalformed: rtp.malformed, rtpUnknownPayloadType: rtp.unknownPayloadType, rtpWrongSource: rtp.wrongSource, rtpBadSequence: rtp.badSequence, rtcpMalformed: rtp.rtcpMalformed };
    },

    stats() {
      const size = endpoint?.size ?? { clientTransactions: 0, serverTransactions: 0, dialogs: 0 };
      return {
        datagrams: transport ? { received: transport.counts.received, sent: transport.counts.sent, sendErrors: transport.counts.sendErrors } : { received: 0, sent: 0, sendErrors: 0 },
        dropped: { ...(endpoint?.counts ?? { oversized: 0, truncated: 0, malformed: 0, misrouted: 0, unmatched: 0, overloaded: 0 }) },
        live: { calls: states.reduce((n, line) => n + line.calls.size, 0), ...size, socket: transport?.open ?? false },
        media: { sessions: pool?.sessions ?? 0, rtp: pool?.counters ?? zeroCounters() },
      };
    },

    async shutdown() {
      closed = true;
      for (const line of states) {
        for (const call of [...line.calls]) call.dispose();
        line.registration?.stop();
        line.registration = null;
        line.open = false;
      }
      await binding?.catch(() => null);
      endpoint?.close();
      await Promise.all([transport?.close(), pool?.close()]);
    },
  };
}

/**
 * The line an INVITE calls: the one whose account user is the Request-URI's user (what a
 * registrar or a caller put there: our Contact or our address of record), or the To's user when
 * the Request-URI has none. An open line wins over a closed one with the same user; null when no
 * line has that user.
 */
function lineCalled<L extends { account: { user: string }; link: unknown }>(lines: readonly L[], invite: SipRequest): L | null {
  const user = userOf(invite.uri) ?? userOf(parseNameAddr(header(invite, 'to') ?? '')?.uri ?? '');
  const named = lines.filter((line) => decodeUser(line.account.user) === user);
  return named.find((line) => line.link !== null) ?? named[0] ?? null;
}

function userOf(uri: string): string | null {
  const user = parseUri(uri)?.user;
  return user ? decodeUser(user) : null;
}

/** The REFER accepted on the line's call `callId`, whose new call is not made yet (contract rule 11), or null. */
function referralOf(calls: Iterable<LineCall>, callId: string): ReferredTransfer | null {
  for (const call of calls) if (call instanceof DialogCall && call.coreId === callId) return call.takeReferral();
  return null;
}
