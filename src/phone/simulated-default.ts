/**
 * What a telephony runs on when nobody says: the simulated switch, so that the quick start and a
 * first experiment need no setup. A production application that forgets its providers would then
 * place calls that "connect" and reach nobody, so the first such telephony says so once, as a
 * Node.js process warning with its own code (docs/adr/0009-the-simulated-default-warns-once.md).
 */
import type { Provider } from '../../providers/provider.js';
import { simulatedProvider } from '../../providers/simulated/simulated-provider.js';

/** The `code` of the process warning (`node --disable-warning=XTAPI_SIMULATED_DEFAULT` hides it). */
export const SIMULATED_DEFAULT_WARNING = 'XTAPI_SIMULATED_DEFAULT';

let warned = false;

/**
 * The providers of a telephony that was given none: one simulated switch. The first time in the
 * process, a warning ({@link SIMULATED_DEFAULT_WARNING}) says that no call made on it is real and
 * how to choose; giving `providers`, the simulated one included, says nothing.
 *
 * @internal The telephony's default; applications pass `providers`.
 * @example
 * ```ts
 * const [provider] = defaultProviders(); // the first time in the process: the warning
 * provider.name; // 'simulated'
 * ```
 */
export function defaultProviders(): Provider[] {
  if (!warned) {
    warned = true;
    process.emitWarning(
      'xtapi: no providers were given, so the telephony runs on the simulated switch: its calls reach nobody. ' +
        'Pass providers to say which (createTelephony({ providers: [simulatedProvider()] }) for the simulated one; the same option for createTapi2 and createTapi3).',
      { code: SIMULATED_DEFAULT_WARNING },
    );
  }
  return [simulatedProvider()];
}
