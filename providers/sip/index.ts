/**
 * `xtapi/providers/sip`: calls over SIP on UDP (RFC 3261), against real peers.
 *
 * @example
 * ```ts
 * import { createTelephony } from 'xtapi';
 * import { sipProvider } from 'xtapi/providers/sip';
 *
 * const sip = sipProvider({ lines: [{ aor: 'sip:alice@127.0.0.1' }] });
 * const telephony = createTelephony({ providers: [sip] });
 * const line = await telephony.openLine(0);
 * const call = await line.makeCall('sip:bob@127.0.0.1:5080');
 * await call.until('connected');
 * await call.dial('123'); // DTMF, as SIP INFO (application/dtmf-relay)
 * await call.drop();
 * await telephony.shutdown();
 * console.log(sip.stats().dropped); // datagrams dropped, by reason
 * ```
 *
 * @packageDocumentation
 */
export { sipProvider } from './sip-provider.js';
export type { SipProvider, SipProviderOptions, SipProviderStats } from './sip-provider.js';
export type { SipLineOptions, SipRegistrarOptions } from './account.js';
export type { EndpointCounts, TraceEntry } from './endpoint.js';
export type { SipTimers } from './timers.js';
export type { SipMediaOptions } from './provider-options.js';
export type { RtpCounters } from './media/rtp-session.js';
// A type only: the class is what `openLine` rejects with (an instance of xtapi's ProviderError
// with a `detail`); read it with `error instanceof ProviderError && 'detail' in error`.
export type { SipProviderError } from './sip-error.js';
export { rfcTimers } from './timers.js';
export type { Destination } from './transport.js';
