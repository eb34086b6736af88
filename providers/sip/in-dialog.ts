/**
 * What a call answers to the far end's requests in its dialog (RFC 3261 §12.2.2), made or
 * arrived alike: BYE 200 (§15.1.2, the session is over), INFO and OPTIONS 200, a re-INVITE 488
 * (the provider carries no media, so it keeps the session as it is, §14.2), anything else 405
 * with our Allow.
 */
import type { ProviderEvent } from '../provider.js';
import type { Endpoint } from './endpoint.js';
import { detailOf } from './mapping.js';
import type { SipRequest } from './message.js';
import type { ServerTransaction } from './transactions/server.js';
import { ALLOW } from './uas-checks.js';

/**
 * Answer `request`; a BYE also tells `hungUp` with the event that reports it.
 *
 * @example
 * ```ts
 * onRequest(request, tx) {
 *   answerInDialog(this.endpoint, request, tx, (event) => this.farEndGone(event));
 * }
 * ```
 */
export function answerInDialog(endpoint: Endpoint, request: SipRequest, tx: ServerTransaction, hungUp: (event: ProviderEvent) => void): void {
  switch (request.method) {
    case 'BYE':
      endpoint.respond(tx, 200, 'OK');
      return hungUp({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL', detail: detailOf(request) });
    case 'INFO':
    case 'OPTIONS':
      return endpoint.respond(tx, 200, 'OK');
    case 'INVITE':
      return endpoint.respond(tx, 488, 'Not Acceptable Here');
    default:
      return endpoint.respond(tx, 405, 'Method Not Allowed', [['allow', ALLOW]]);
  }
}
