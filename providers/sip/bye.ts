/**
 * Ending a dialog from our side (RFC 3261 §15.1.1): a BYE in the dialog, one digest challenge
 * answered (§22.2), and whatever comes back (2xx, 481, 408, a timeout) ends the session.
 */
import type { Clock } from '../provider.js';
import { type Account, answerChallenge } from './account.js';
import type { Dialog } from './dialog.js';
import type { Endpoint } from './endpoint.js';
import { branchOf } from './header-fields.js';
import { newBranch } from './ids.js';
import type { SipRequest } from './message.js';
import type { NonInviteClientTransaction } from './transactions/non-invite-client.js';
import type { Destination } from './transport.js';

/** Where a BYE goes and who keeps its transactions. */
export interface ByeOptions {
  endpoint: Endpoint;
  clock: Clock;
  account: Account;
  /** Keep each transaction (with the call, which ends them if it is disposed) and let it go; none: the endpoint keeps them until they end. */
  track?: { add(tx: NonInviteClientTransaction): void; delete(tx: NonInviteClientTransaction): void };
}

/**
 * Send a BYE in `dialog` to `to`; `done` hears the end of it, whatever it was.
 *
 * @example
 * ```ts
 * sendBye(dialog, dialog.nextHop() ?? destination, () => release(), { endpoint, clock, account, track: others });
 * ```
 */
export function sendBye(dialog: Dialog, to: Destination, done: () => void, options: ByeOptions, challenged?: SipRequest): void {
  const { endpoint, clock, account, track } = options;
  const bye = challenged ?? dialog.request('BYE', endpoint.via(newBranch()));
  const tx = endpoint.request(bye, branchOf(bye), to, clock, {
    onResponse: (response) => {
      if (response.status < 200) return;
      track?.delete(tx);
      const retry = challenged ? null : answerChallenge(account, bye, response, endpoint.via(newBranch()));
      if (retry) return sendBye(dialog, to, done, options, retry.request);
      done();
    },
    onFailure: () => {
      track?.delete(tx);
      done();
    },
  });
  track?.add(tx);
}
