/**
 * A provider seen from the outside: wraps a provider so a conformance run can see every call it
 * creates, every command it receives, every event it reports and whether it was disposed,
 * without the provider's help.
 */
import type { CallRequest, Clock, Provider, ProviderCall, ProviderCommand, ProviderEvent } from '../../providers/provider.js';

/** What one call of the spied provider did. */
export interface SpiedCall {
  request: CallRequest;
  /** Commands the call service handed the provider, in order. */
  commands: ProviderCommand[];
  /** Events the provider reported, in order (also those after dispose, which break the contract). */
  reports: ProviderEvent[];
  /** Reports made after `dispose()` (the contract says none). */
  reportsAfterDispose: ProviderEvent[];
  disposed: boolean;
}

/** A spied provider and what it saw. */
export interface ProviderSpy {
  provider: Provider;
  calls: SpiedCall[];
}

/**
 * Wrap `provider` so every call's commands, reports and disposal are recorded.
 *
 * @example
 * ```ts
 * const { provider, calls } = spyProvider(simulatedProvider());
 * const telephony = createTelephony({ providers: [provider] });
 * // … later: calls[0].commands → [{ type: 'MAKE' }, { type: 'DROP' }]
 * ```
 */
export function spyProvider(provider: Provider): ProviderSpy {
  const calls: SpiedCall[] = [];
  const spied: Provider = {
    name: provider.name,
    lines: provider.lines,
    openLine: provider.openLine ? (i, report) => provider.openLine?.(i, report) : undefined,
    closeLine: provider.closeLine ? (i) => provider.closeLine?.(i) : undefined,
    shutdown: () => provider.shutdown(),
    createCall(request: CallRequest, report: (event: ProviderEvent) => void, clock: Clock): ProviderCall {
      const record: SpiedCall = { request, commands: [], reports: [], reportsAfterDispose: [], disposed: false };
      const inner = provider.createCall(
        request,
        (event) => {
          (record.disposed ? record.reportsAfterDispose : record.reports).push(event);
          report(event);
        },
        clock,
      );
      calls.push(record);
      // A command that throws reaches the call as PROVIDER.FAILED (the call service turns it into
      // one): count it as the provider's report, which it is.
      const command = (entry: ProviderCommand, run: () => void) => {
        record.commands.push(entry);
        try {
          run();
        } catch (error) {
          record.reports.push({ type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED', message: error instanceof Error ? error.message : String(error) });
          throw error;
        }
      };
      return {
        make: () => command({ type: 'MAKE' }, () => inner.make()),
        dial: (digits, complete) => command({ type: 'DIAL', digits, complete }, () => inner.dial(digits, complete)),
        generateDigits: (digits) => command({ type: 'GENERATE_DIGITS', digits }, () => inner.generateDigits(digits)),
        drop: () => command({ type: 'DROP' }, () => inner.drop()),
        dispose() {
          record.disposed = true;
          inner.dispose();
        },
      };
    },
  };
  return { provider: spied, calls };
}
