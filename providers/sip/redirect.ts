/**
 * Following redirects on an outgoing call (RFC 3261 §8.1.3.4): a 300, 301 or 302 with a Contact
 * is tried again at that Contact, the best first (`q`, §20.10), with a small limit and no target
 * twice, so two far ends that redirect to each other cannot keep a call bouncing. Every redirect
 * followed is kept, so the call can report where it went ({@link Redirect}).
 */
import type { ProviderEvent } from '../provider.js';
import { parseNameAddr } from './header-fields.js';
import { cleanText } from './mapping.js';
import { headerValues, type SipRequest, type SipResponse } from './message.js';
import type { SipDetail } from './sip-detail.js';
import { requestUri } from './target.js';
import type { SipUri } from './uri.js';

/** One redirect followed: the response that asked for it and the target it named. */
export interface Redirect {
  code: number;
  reason: string;
  target: string;
}

/** How many redirects one call follows at most. */
export const MAX_REDIRECTS = 3;

/** The redirects followed: 300 Multiple Choices, 301 Moved Permanently, 302 Moved Temporarily. */
const FOLLOWED = new Set([300, 301, 302]);

/** A URI reduced to what makes it the same target: scheme, user, host and port (§19.1.4, loosely). */
function sameTarget(uri: SipUri): string {
  return `${uri.scheme}:${uri.user ?? ''}@${uri.host.toLowerCase()}:${uri.port ?? 5060}`;
}

/**
 * The targets of one call.
 *
 * @example
 * ```ts
 * const targets = new RedirectTargets(parseUri('sip:bob@a.example')!, 'a.example');
 * targets.next(response302); // { uri: 'sip:bob@b.example', parsed: …, redirect: { code: 302, … } } — and recorded in `followed`
 * targets.next(response302BackToA); // null: sip:bob@a.example was tried already
 * ```
 */
export class RedirectTargets {
  /** The redirects followed so far, oldest first. */
  readonly followed: Redirect[] = [];
  private readonly tried = new Set<string>();

  constructor(
    first: SipUri,
    /** The line's domain, for the checks a dialled URI gets (`target.ts`). */
    private readonly domain: string,
  ) {
    this.tried.add(sameTarget(first));
  }

  /**
   * The next target for a 3xx, or null: not a redirect that is followed, no Contact this
   * provider can call (sip: over UDP, no password), every one tried already, or the limit reached.
   */
  next(response: SipResponse): { uri: string; parsed: SipUri; redirect: Redirect } | null {
    if (!FOLLOWED.has(response.status) || this.followed.length >= MAX_REDIRECTS) return null;
    const contacts = headerValues(response, 'contact')
      .map((value, order) => ({ contact: parseNameAddr(value), order }))
      .filter((c) => c.contact !== null)
      .map(({ contact, order }) => ({ uri: contact!.uri, q: qValue(contact!.params.q), order }))
      // §20.10: a higher q first; equal ones in the order given.
      .sort((a, b) => b.q - a.q || a.order - b.order);
    for (const { uri } of contacts) {
      // §8.1.3.4: the URI as it is, without its method parameter and its headers.
      const target = requestUri(uri.replace(/\?.*$/, '').replace(/;method=[^;]*/i, ''), this.domain);
      if (!target.ok || this.tried.has(sameTarget(target.parsed))) continue;
      this.tried.add(sameTarget(target.parsed));
      const redirect: Redirect = { code: response.status, reason: cleanText(response.reason), target: target.uri };
      this.followed.push(redirect);
      return { uri: target.uri, parsed: target.parsed, redirect };
    }
    return null;
  }

  /** The redirects as text for a cause's reason: `redirected by 302 Moved Temporarily to sip:…`. */
  describe(): string {
    return this.followed.map((r) => `redirected by ${r.code} ${r.reason} to ${r.target}`).join('; ');
  }
}

/**
 * The INVITE again at a redirect's target (§8.1.3.4): the same Call-ID, From (with its tag) and
 * To, the next CSeq number, the Via given (a new branch), and no credentials: they answered
 * another target's challenge, and the new one challenges afresh (§22.2).
 *
 * @example
 * ```ts
 * const again = redirectedInvite(invite, 'sip:bob@b.example', endpoint.via(newBranch()));
 * again.headers.get('cseq'); // ['2 INVITE']
 * ```
 */
export function redirectedInvite(invite: SipRequest, uri: string, via: string): SipRequest {
  const headers = new Map(invite.headers);
  headers.delete('authorization');
  headers.delete('proxy-authorization');
  headers.set('via', [via]);
  headers.set('cseq', [`${Number(headers.get('cseq')![0].split(' ')[0]) + 1} INVITE`]);
  return { ...invite, uri, headers };
}

/**
 * An event that ends a call, its detail telling the redirects that led there (in `reason`, and
 * as {@link SipDetail}'s `redirects`); any other event, or a call never redirected, unchanged.
 *
 * @example
 * ```ts
 * withRedirects({ type: 'PROVIDER.BUSY', detail: { code: 486, reason: 'Busy Here' } }, targets).detail;
 * // { code: 486, reason: 'Busy Here (redirected by 302 Moved Temporarily to sip:bob@b.example)', redirects: [ … ] }
 * ```
 */
export function withRedirects(event: ProviderEvent, targets: RedirectTargets | null): ProviderEvent {
  const why = targets?.describe();
  if (!why || (event.type !== 'PROVIDER.BUSY' && event.type !== 'PROVIDER.DISCONNECTED' && event.type !== 'PROVIDER.FAILED')) return event;
  const detail: SipDetail = { ...event.detail, reason: event.detail?.reason ? `${event.detail.reason} (${why})` : why, redirects: targets!.followed.slice() };
  return { ...event, detail };
}

function qValue(q: string | true | undefined): number {
  const value = typeof q === 'string' ? Number(q) : 1;
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
}
