/**
 * A command must never end silently. Node ends a process whose event loop has nothing left to do,
 * even while a promise is still pending: a call that waits for something nothing will bring would
 * end the process with no summary and exit status 0. This guard turns that into an outcome.
 */
import type { CallCause, CallState } from '../../machines/events.js';
import type { Call } from '../phone/call.js';
import { XtapiError } from '../phone/errors.js';

/** How a followed call came to its end. */
export interface CallOutcome {
  cause: CallCause;
  /** The state the call was stuck in when nothing was left to move it (it was then dropped), else null. */
  stalledIn: CallState | null;
}

/**
 * The call's end, even when nothing is left to bring it: when the event loop empties first
 * (Node's `beforeExit`), the call is dropped and its outcome says where it stalled; if the drop
 * stalls too, the promise rejects with an XtapiError OPERATIONFAILED.
 *
 * @example
 * ```ts
 * const { cause, stalledIn } = await endedOrStalled(call);
 * if (stalledIn) console.error(`the call stalled in ${stalledIn}`);
 * ```
 */
export function endedOrStalled(call: Pick<Call, 'ended' | 'drop' | 'state'>): Promise<CallOutcome> {
  return new Promise((resolve, reject) => {
    let stalledIn: CallState | null = null;
    const onEmptyLoop = () => {
      if (stalledIn === null) {
        stalledIn = call.state;
        void call.drop().catch(() => {});
        return;
      }
      process.off('beforeExit', onEmptyLoop);
      reject(new XtapiError('OPERATIONFAILED', `the call stalled in ${stalledIn} and could not be dropped`));
    };
    process.on('beforeExit', onEmptyLoop);
    call.ended().then(
      (cause) => {
        process.off('beforeExit', onEmptyLoop);
        resolve({ cause, stalledIn });
      },
      (error: unknown) => {
        process.off('beforeExit', onEmptyLoop);
        reject(error);
      },
    );
  });
}
