/**
 * What `xtapi call` does to a call once it is connected, at set times: hold it (`--hold-after`),
 * take it back (`--unhold-after`), transfer it blind (`--transfer-to`, `--transfer-after`), each
 * through the modern API (`call.hold()`, `call.unhold()`, `call.transfer()`), on the telephony's
 * clock. Each request's outcome is reported once: done, or the LINEERR_ it failed with.
 */
import type { Clock } from '../../providers/provider.js';
import type { Call } from '../phone/call.js';
import { XtapiError } from '../phone/errors.js';

/** When to hold, take back and transfer, as the command line says (ms; null: not asked). */
export interface CallControlPlan {
  /** Hold the call this long after it connects. */
  holdAfter: number | null;
  /** Take it back this long after it is held. */
  unholdAfter: number | null;
  /** Transfer it blind to this address… */
  transferTo: string | null;
  /** …this long after it connects. */
  transferAfter: number;
}

/** A request's outcome: `error` null when it was done (a transfer: the far end reached the target). */
export interface ControlOutcome {
  request: 'hold' | 'unhold' | 'transfer';
  /** The transfer's target. */
  to?: string;
  error: XtapiError | null;
}

/** Nothing asked. */
export const NO_CONTROL: CallControlPlan = Object.freeze({ holdAfter: null, unholdAfter: null, transferTo: null, transferAfter: 0 });

/**
 * Run `plan` on `call`, which has just connected; `report` hears each request's outcome. Returns
 * the function that cancels what has not started yet (the call ended first).
 *
 * @example
 * ```ts
 * const stop = controlCall(call, { holdAfter: 500, unholdAfter: 1000, transferTo: null, transferAfter: 0 }, telephony.clock, console.log);
 * // { request: 'hold', error: null } at 510, { request: 'unhold', error: null } at 1520
 * ```
 */
export function controlCall(call: Call, plan: CallControlPlan, clock: Clock, report: (outcome: ControlOutcome) => void): () => void {
  const timers = new Set<unknown>();
  const at = (ms: number, run: () => void) => {
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const failed = (outcome: Omit<ControlOutcome, 'error'>) => (error: unknown) => {
    if (!(error instanceof XtapiError)) throw error;
    report({ ...outcome, error });
  };
  const { holdAfter, unholdAfter, transferTo, transferAfter } = plan;
  if (holdAfter !== null) {
    at(holdAfter, () =>
      call.hold().then(() => {
        report({ request: 'hold', error: null });
        if (unholdAfter !== null) at(unholdAfter, () => call.unhold().then(() => report({ request: 'unhold', error: null }), failed({ request: 'unhold' })));
      }, failed({ request: 'hold' })),
    );
  }
  let offTransferred = () => {};
  if (transferTo !== null) {
    // Done when the far end reached the target (the `transferred` event), before the call's end.
    offTransferred = call.on('transferred', () => report({ request: 'transfer', to: transferTo, error: null }));
    at(transferAfter, () => void call.transfer(transferTo).catch(failed({ request: 'transfer', to: transferTo })));
  }
  return () => {
    for (const timer of timers) clock.clearTimeout(timer);
    timers.clear();
    offTransferred();
  };
}
