/**
 * A dialog (RFC 3261 §12): what a call remembers from the message that created it, and how it
 * builds every request it sends afterwards (ACK for 2xx, BYE, INFO).
 *
 * - As the UAC (§12.1.2): the remote target is the Contact of the response (refreshed by a later
 *   2xx, §12.2.1.2); the route set is the response's Record-Route values **reversed**, so the
 *   request retraces the proxies that asked to stay on the path, recomputed from the 2xx when an
 *   early dialog is confirmed (§13.2.2.4).
 * - As the UAS (§12.1.1): the remote target is the Contact of the INVITE; the route set is its
 *   Record-Route values in order; our requests take CSeq numbers of their own from 1.
 * - Loose routing (`;lr` on the first route, RFC 3261's default): Request-URI = remote target,
 *   Route = route set. Strict routing (an RFC 2543 proxy, §12.2.1.1): Request-URI = the first
 *   route, Route = the rest plus the remote target.
 * - The next hop is the first route if there is one, else the remote target.
 */
import { header, headerValues, type SipRequest, type SipResponse } from './message.js';
import { parseNameAddr, tagOf } from './header-fields.js';
import { destinationOf, parseUri } from './uri.js';
import type { Destination } from './transport.js';

/** A dialog as one end of it sees it. */
export class Dialog {
  /** Our CSeq number; in-dialog requests take the next one (§12.2.1.1). */
  localSeq: number;
  /**
   * The far end's CSeq number: its INVITE's as the UAS, none as the UAC until its first request
   * (§12.1.2); a request below it is out of order (§12.2.2: 500).
   */
  remoteSeq: number | null = null;
  remoteTarget: string;
  routeSet: string[];
  /** Whether the dialog is confirmed (a 2xx) or early (a 1xx with a To tag). */
  confirmed: boolean;

  private constructor(
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** Our From value, with our tag: the From of every request we send in the dialog. */
    readonly local: string,
    /** The response's To value, with the far end's tag: the To of every request we send. */
    readonly remote: string,
    remoteTarget: string,
    routeSet: string[],
    localSeq: number,
    confirmed: boolean,
  ) {
    this.remoteTarget = remoteTarget;
    this.routeSet = routeSet;
    this.localSeq = localSeq;
    this.confirmed = confirmed;
  }

  /**
   * The dialog a response to our INVITE creates, or null when it cannot create one (no To tag).
   *
   * @example
   * ```ts
   * const dialog = Dialog.fromResponse(invite, ok200);
   * dialog?.routeSet; // the 200's Record-Route values, last first
   * ```
   */
  static fromResponse(invite: SipRequest, response: SipResponse, options: { tagless?: boolean } = {}): Dialog | null {
    // §12.1.2: a response without a To tag creates no dialog. With `tagless`, a broken peer's
    // 2xx still gets what is needed to ACK it and BYE it (§13.2.2.4), with an empty remote tag.
    const remoteTag = tagOf(header(response, 'to')) ?? (options.tagless ? '' : null);
    const localTag = tagOf(header(invite, 'from'));
    if (remoteTag === null || !localTag) return null;
    const seq = Number(header(invite, 'cseq')!.split(/\s+/)[0]);
    return new Dialog(
      header(invite, 'call-id')!,
      localTag,
      remoteTag,
      header(invite, 'from')!,
      header(response, 'to')!,
      targetOf(response) ?? invite.uri,
      routeSetOf(response),
      seq,
      response.status >= 200,
    );
  }

  /**
   * The dialog we create as the UAS of `invite` when we answer it with our To tag `localTag`
   * (§12.1.1), or null when the INVITE has no From tag (an RFC 2543 caller; §12.1.1 would need
   * the whole From, which the endpoint does not match on).
   *
   * @example
   * ```ts
   * const dialog = Dialog.fromInvite(invite, newTag());
   * dialog?.request('BYE', endpoint.via(newBranch())); // to the caller's Contact, via its Record-Route
   * ```
   */
  static fromInvite(invite: SipRequest, localTag: string): Dialog | null {
    const remoteTag = tagOf(header(invite, 'from'));
    if (!remoteTag) return null;
    const contact = headerValues(invite, 'contact')[0];
    const target = contact ? parseNameAddr(contact)?.uri : undefined;
    if (!target || !parseUri(target)) return null;
    const routes = headerValues(invite, 'record-route').filter((value) => parseNameAddr(value) !== null);
    const dialog = new Dialog(header(invite, 'call-id')!, localTag, remoteTag, `${header(invite, 'to')!};tag=${localTag}`, header(invite, 'from')!, target, routes, 0, true);
    dialog.remoteSeq = Number(header(invite, 'cseq')!.split(/\s+/)[0]);
    return dialog;
  }

  /** A 2xx in this dialog: confirm it and refresh the target (and, if it was early, the route set). */
  confirm(response: SipResponse): void {
    if (!this.confirmed) this.routeSet = routeSetOf(response);
    this.remoteTarget = targetOf(response) ?? this.remoteTarget;
    this.confirmed = true;
  }

  private get loose(): boolean {
    return this.routeSet.length === 0 || 'lr' in (routeParams(this.routeSet[0]) ?? {});
  }

  /**
   * A request in the dialog (§12.2.1.1). `cseq` defaults to the next local number; the ACK for a
   * 2xx passes the INVITE's (§13.2.2.4).
   */
  request(method: string, via: string, options: { cseq?: number; headers?: Array<[string, string]>; body?: string } = {}): SipRequest {
    const seq = options.cseq ?? ++this.localSeq;
    const headers = new Map<string, string[]>();
    headers.set('via', [via]);
    let uri = this.remoteTarget;
    let routes = this.routeSet;
    if (!this.loose) {
      uri = parseNameAddr(this.routeSet[0])!.uri;
      routes = [...this.routeSet.slice(1), `<${this.remoteTarget}>`];
    }
    if (routes.length > 0) headers.set('route', routes.slice());
    headers.set('max-forwards', ['70']);
    headers.set('from', [this.local]);
    headers.set('to', [this.remote]);
    headers.set('call-id', [this.callId]);
    headers.set('cseq', [`${seq} ${method}`]);
    for (const [name, value] of options.headers ?? []) headers.set(name, [value]);
    return { kind: 'request', method, uri, headers, body: options.body ?? '' };
  }

  /** Where the dialog's requests go: the first route, else the remote target. */
  nextHop(): Destination | null {
    const first = this.routeSet.length > 0 ? parseNameAddr(this.routeSet[0])?.uri : this.remoteTarget;
    const uri = first ? parseUri(first) : null;
    return uri ? destinationOf(uri) : null;
  }

  /** Whether a request from the far end belongs to this dialog (§12.2.2). */
  matches(request: SipRequest): boolean {
    return header(request, 'call-id') === this.callId && tagOf(header(request, 'to')) === this.localTag && tagOf(header(request, 'from')) === this.remoteTag;
  }
}

function targetOf(response: SipResponse): string | null {
  const contact = headerValues(response, 'contact')[0];
  const uri = contact ? parseNameAddr(contact)?.uri : undefined;
  return uri && parseUri(uri) ? uri : null;
}

function routeSetOf(response: SipResponse): string[] {
  return headerValues(response, 'record-route')
    .filter((value) => parseNameAddr(value) !== null)
    .reverse();
}

function routeParams(route: string): Record<string, string | true> | null {
  const uri = parseNameAddr(route)?.uri;
  return uri ? (parseUri(uri)?.params ?? null) : null;
}
