/**
 * The requests that start and abandon a call: the INVITE a UAC builds (RFC 3261 §8.1.1: a new
 * Call-ID, a random From tag, CSeq 1, Max-Forwards 70, our Contact, a Via with a fresh branch
 * and `rport`, an SDP offer: the media leg's, or one naming port 9 when the call has no media) and
 * the CANCEL for it (§9.1).
 */
import type { Account } from './account.js';
import type { Endpoint } from './endpoint.js';
import { ALLOW } from './uas-checks.js';
import { withTag } from './header-fields.js';
import { newCallId, newTag, randomHex } from './ids.js';
import type { SipRequest } from './message.js';
import { noMediaOffer } from './no-media-sdp.js';

/**
 * A new INVITE from a line's account to `uri`, on the Via branch given, offering `offer` (default:
 * PCMU on the discard port, for a call without media: `no-media-sdp.ts`).
 *
 * @example
 * ```ts
 * const invite = inviteRequest(endpoint, account, 'sip:5550111@127.0.0.1', newBranch(), false);
 * invite.headers.get('cseq'); // ['1 INVITE']
 * ```
 */
export function inviteRequest(endpoint: Endpoint, account: Account, uri: string, branch: string, blockId: boolean, offer?: string): SipRequest {
  const headers = new Map<string, string[]>();
  headers.set('via', [endpoint.via(branch)]);
  // §8.1.2: with an outbound proxy, the request carries it as a preloaded (loose) route.
  if (account.proxy) headers.set('route', [account.proxy.route]);
  headers.set('max-forwards', ['70']);
  const name = account.displayName ? `"${account.displayName.replace(/["\\]/g, '\\$&')}" ` : '';
  const from = blockId ? '"Anonymous" <sip:anonymous@anonymous.invalid>' : `${name}<${account.aor}>`;
  headers.set('from', [withTag(from, newTag())]);
  headers.set('to', [`<${uri}>`]);
  headers.set('call-id', [newCallId(endpoint.host)]);
  headers.set('cseq', ['1 INVITE']);
  headers.set('contact', [endpoint.contact(account.user)]);
  headers.set('allow', [ALLOW]);
  // RFC 3323 §4.1.1.3: LINECALLPARAMFLAGS_BLOCKID asks the network to hide who calls.
  if (blockId) headers.set('privacy', ['id']);
  headers.set('content-type', ['application/sdp']);
  const body = offer ?? noMediaOffer({ address: endpoint.host, sessionId: String(parseInt(randomHex(4), 16)) });
  return { kind: 'request', method: 'INVITE', uri, headers, body };
}

/**
 * The CANCEL for an INVITE (§9.1): the same Request-URI, Call-ID, From, To, CSeq number and
 * Route, and its single top Via, so it matches the INVITE's transaction at the far end.
 */
export function cancelRequest(invite: SipRequest): SipRequest {
  const headers = new Map<string, string[]>();
  for (const name of ['via', 'route', 'max-forwards', 'from', 'to', 'call-id']) {
    const values = invite.headers.get(name);
    if (values) headers.set(name, name === 'via' ? [values[0]] : values.slice());
  }
  headers.set('cseq', [`${invite.headers.get('cseq')![0].split(' ')[0]} CANCEL`]);
  return { kind: 'request', method: 'CANCEL', uri: invite.uri, headers, body: '' };
}
