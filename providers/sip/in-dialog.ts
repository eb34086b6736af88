/**
 * What a call answers to the far end's plain requests in its dialog (RFC 3261 §12.2.2), made or
 * arrived alike: BYE 200 (§15.1.2, the session is over), INFO and OPTIONS 200 (an INFO with a DTMF
 * key is reported: `info-digits.ts`), anything else 405
 * with our Allow. Re-INVITE, REFER and NOTIFY are the dialog control's (`dialog-control.ts`).
 */
import type { ProviderEvent } from '../provider.js';
import type { Endpoint } from './endpoint.js';
import { digitOfInfo } from './info-digits.js';
import { detailOf } from './mapping.js';
import type { SipRequest } from './message.js';
import type { ServerTransaction } from './transactions/server.js';
import { ALLOW } from './uas-checks.js';

/**
 * Answer `request`; a BYE also tells `hungUp` with the event that reports it, an INFO with a key
 * `keyPressed`.
 *
 * @example
 * ```ts
 * onRequest(request, tx) {
 *   answerInDialog(this.endpoint, request, tx, (event) => this.farEndGone(event));
 * }
 * ```
 */
export function answerInDialog(endpoint: Endpoint, request: SipRequest, tx: ServerTransaction, hungUp: (event: ProviderEvent) => void, keyPressed: (event: ProviderEvent) => void = () => {}): void {
  switch (request.method) {
    case 'BYE':
      endpoint.respond(tx, 200, 'OK');
      return hungUp({ type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL', detail: detailOf(request) });
    case 'INFO': {
      endpoint.respond(tx, 200, 'OK');
      // A key the far end pressed (rule 12); a resent INFO never gets here (its transaction answers it).
      const digit = digitOfInfo(request);
      if (digit) keyPressed({ type: 'PROVIDER.DIGIT', digit, via: 'info' });
      return;
    }
    case 'OPTIONS':
      return endpoint.respond(tx, 200, 'OK');
    default:
      return endpoint.respond(tx, 405, 'Method Not Allowed', [['allow', ALLOW]]);
  }
}
