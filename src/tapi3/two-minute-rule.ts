/**
 * The TAPI 3 DLL's two-minute rule: "The operation failed because the TAPI 3 DLL timed it out.
 * The timeout interval is two minutes" (ITBasicCallControl::Connect and ::Disconnect return
 * values; `docs/reference/tapi3.md`). The timer runs on the telephony's clock, so a test moves two minutes
 * in no time; the interval is configurable.
 */
import type { Clock } from '../../providers/provider.js';
import { TAPI_E_TIMEOUT } from './hresults.js';

/**
 * The TAPI 3 DLL's timeout interval: two minutes, in milliseconds (the default of
 * `createTapi3({ timeout })`).
 *
 * @example
 * ```ts
 * const tapi = createTapi3({ timeout: TWO_MINUTES / 4 }); // a stricter application
 * ```
 */
export const TWO_MINUTES = 120_000;

/**
 * Run an operation that settles with an HRESULT, or TAPI_E_TIMEOUT once `ms` have passed on the
 * clock. `start` begins the operation, calls `done` when it completes (even at once) and returns
 * what undoes its listeners; that runs exactly once however the operation ends, so nothing is
 * left behind. `onTimeout` runs after the listeners are gone, to leave the call in a defined state.
 *
 * @example
 * ```ts
 * const hr = await withinTimeout(clock, TWO_MINUTES, (done) => {
 *   const sub = actor.on('ended', () => done(S_OK));
 *   actor.send({ type: 'DROP' });
 *   return () => sub.unsubscribe();
 * });
 * ```
 */
export function withinTimeout(
  clock: Clock,
  ms: number,
  start: (done: (hr: number) => void) => () => void,
  onTimeout?: () => void,
): Promise<number> {
  return new Promise((resolve) => {
    let settled = false;
    let cleanup: (() => void) | null = null;
    const finish = (hr: number) => {
      if (settled) return false;
      settled = true;
      cleanup?.();
      resolve(hr);
      return true;
    };
    const timer = clock.setTimeout(() => {
      if (finish(TAPI_E_TIMEOUT)) onTimeout?.();
    }, ms);
    const done = (hr: number) => {
      if (finish(hr)) clock.clearTimeout(timer);
    };
    const undo = start(done);
    // `done` may have run inside `start`, before there was anything to undo.
    if (settled) undo();
    else cleanup = undo;
  });
}
