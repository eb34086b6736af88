/**
 * The SIP provider's detail on a call's end: the contract's {@link ProviderDetail} (the SIP
 * status and reason, which every face shows) plus what SIP adds, read by whoever knows to look.
 */
import type { ProviderDetail } from '../provider.js';
import type { Redirect } from './redirect.js';

/**
 * A {@link ProviderDetail} with the redirects the call followed (RFC 3261 §8.1.3.4), oldest first;
 * its `reason` says the same in words (`… (redirected by 302 Moved Temporarily to sip:…)`), so
 * the redirect reaches call information and logs through the contract's own fields too.
 *
 * @example
 * ```ts
 * const detail = call.cause?.detail as SipDetail | undefined;
 * detail?.redirects; // [{ code: 302, reason: 'Moved Temporarily', target: 'sip:bob@b.example' }]
 * ```
 */
export interface SipDetail extends ProviderDetail {
  redirects?: Redirect[];
}
