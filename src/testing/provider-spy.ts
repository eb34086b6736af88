/**
 * A provider seen from the outside: wraps a provider so a conformance run can see every call it
 * creates, every command it receives, every event it reports and whether it was disposed,
 * without the provider's help.
 */
import { type CallRequest, defaultCallParams, type LineLink, type Provider, type ProviderCall, type ProviderCommand, type ProviderEvent, type ProviderLine, type ProviderRequest } from '../../providers/provider.js';

/** What one call of the spied provider did. */
export interface SpiedCall {
  request: CallRequest;
  /** Commands the provider received for the call, in order (the make first). */
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
  const byId = new Map<string, SpiedCall>();

  // A command that throws reaches the call as PROVIDER.FAILED, or a hold or transfer as
  // PROVIDER.REQUEST_FAILED naming it (the line service turns it into one): count it as the
  // provider's report, which it is.
  const command = <T>(record: SpiedCall, entry: ProviderCommand, run: () => T, kind?: ProviderRequest): T => {
    record.commands.push(entry);
    try {
      return run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      record.reports.push(kind ? { type: 'PROVIDER.REQUEST_FAILED', kind, error: 'OPERATIONFAILED', message } : { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED', message });
      throw error;
    }
  };
  /** The provider's own call behind a spied one, and whose it is (a consultation transfer names one). */
  const unwrapped = new WeakMap<ProviderCall, { record: SpiedCall; call: ProviderCall }>();

  const track = (request: CallRequest): SpiedCall => {
    const record: SpiedCall = { request, commands: [], reports: [], reportsAfterDispose: [], disposed: false };
    calls.push(record);
    byId.set(request.callId, record);
    return record;
  };

  /** The provider's call, its commands recorded on the way in (the optional ones only if it has them). */
  const spyCall = (record: SpiedCall, call: ProviderCall): ProviderCall => {
    const wrapper: ProviderCall = {
      dial: (digits, complete) => command(record, { type: 'DIAL', digits, complete }, () => call.dial(digits, complete)),
      generateDigits: (digits) => command(record, { type: 'GENERATE_DIGITS', digits }, () => call.generateDigits(digits)),
      accept: call.accept ? () => command(record, { type: 'ACCEPT' }, () => call.accept?.()) : undefined,
      answer: call.answer ? () => command(record, { type: 'ANSWER' }, () => call.answer?.()) : undefined,
      drop: (mode) => command(record, mode ? { type: 'DROP', mode } : { type: 'DROP' }, () => call.drop(mode)),
      hold: call.hold ? () => command(record, { type: 'HOLD' }, () => call.hold?.(), 'hold') : undefined,
      unhold: call.unhold ? () => command(record, { type: 'UNHOLD' }, () => call.unhold?.(), 'unhold') : undefined,
      blindTransfer: call.blindTransfer ? (to) => command(record, { type: 'BLIND_TRANSFER', to }, () => call.blindTransfer?.(to), 'transfer') : undefined,
      transfer: call.transfer
        ? (consultation) => {
            // The provider is handed its own consultation call, as it would be without the spy.
            const other = unwrapped.get(consultation);
            const entry: ProviderCommand = { type: 'TRANSFER', consultationCallId: other?.record.request.callId ?? '' };
            return command(record, entry, () => call.transfer?.(other?.call ?? consultation), 'transfer');
          }
        : undefined,
      answerTransferRequest: call.answerTransferRequest
        ? (accept) => command(record, { type: 'ANSWER_TRANSFER_REQUEST', accept }, () => call.answerTransferRequest?.(accept))
        : undefined,
      dispose() {
        record.disposed = true;
        call.dispose();
      },
    };
    unwrapped.set(wrapper, { record, call });
    return wrapper;
  };

  const spyLine = (inner: ProviderLine): ProviderLine => ({
    makeCall(request: CallRequest): ProviderCall {
      const record = track(request);
      let call: ProviderCall;
      try {
        call = command(record, { type: 'MAKE' }, () => inner.makeCall(request));
      } catch (error) {
        // Refused at once: the provider returned no call, so there is nothing left to dispose.
        record.disposed = true;
        throw error;
      }
      return spyCall(record, call);
    },
    close: inner.close ? () => inner.close?.() : undefined,
  });

  const spied: Provider = {
    name: provider.name,
    lines: provider.lines,
    async openLine(lineIndex: number, link: LineLink) {
      const seen: LineLink = {
        clock: link.clock,
        report(callId, event) {
          const record = byId.get(callId);
          if (record) (record.disposed ? record.reportsAfterDispose : record.reports).push(event);
          link.report(callId, event);
        },
        service: (event) => link.service(event),
        offer: (info, create) =>
          link.offer(info, (callId) => spyCall(track({ callId, lineIndex, destination: '', complete: true, params: defaultCallParams }), create(callId))),
      };
      return spyLine(await provider.openLine(lineIndex, seen));
    },
    shutdown: () => provider.shutdown(),
  };
  return { provider: spied, calls };
}
