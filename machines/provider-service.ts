/**
 * The line's provider service: how a line supervisor invokes its provider. The line invokes it
 * once, for the line's whole life (TSPI_lineOpen to TSPI_lineClose); it opens the line at the
 * provider, carries every call of the line to the provider and back, and closes the line.
 *
 * Calls reach it directly, not through the line: a call actor sends its commands here with
 * `sendTo` (its make, or the attach of a call that arrived, carries the call actor's own ref),
 * and the provider's reports for a call go straight to that call actor with `ref.send()`. So a
 * call costs one actor (its own), and a report costs one macrostep of the call and none of the
 * line. What concerns the line as a whole (opened, failed to open, out of service and back, a
 * call offered, closed) goes to the line with `sendBack`.
 *
 * It keeps the contract's promises on the provider's behalf (`providers/provider.ts`): a
 * command that throws becomes `PROVIDER.FAILED`, a drop of a call the provider never took is
 * answered `PROVIDER.IDLE`, and nothing the provider says about a disposed call, or about the
 * line after it closed, reaches anyone. Its watchdog (`provider-watchdog.ts`) answers for a
 * provider that leaves a make, an answer or a drop unanswered: `PROVIDER_TIMEOUT`.
 *
 * @example
 * ```ts
 * // Inside the line machine: invoked for the line's whole life.
 * invoke: { id: 'provider', src: 'lineService', input: ({ context }) => ({ deviceId, providerIndex, lineIndex, providerTimeout }) },
 * // A call sends its make with its own ref, and is heard from by id from then on.
 * sendTo(({ context }) => context.line.provider, ({ self, context }) => ({ type: 'MAKE', call: self, request }));
 * ```
 */
import { type AnyActorRef, fromCallback } from 'xstate';
import type {
  CallRequest,
  Clock,
  DropMode,
  IncomingCall,
  LineErrorName,
  LineLink,
  LineServiceEvent,
  ProviderCall,
  ProviderDetail,
  ProviderEvent,
  ProviderLine,
  ProviderRequest,
} from '../providers/provider.js';
import { ProviderError } from '../providers/provider.js';
import { clockOf, now } from './clock.js';
import type { ProviderTimeoutEvent } from './events.js';
import { Watchdog } from './provider-watchdog.js';
import { bindLineMedia, providerOf } from './resources.js';

/** Input of the line service: which line, of which provider, and how long its provider may take. */
export interface LineServiceInput {
  /** The telephony-wide device id (call ids of arriving calls carry it). */
  deviceId: number;
  providerIndex: number;
  lineIndex: number;
  /** How long the provider may take to answer a make, an answer or a drop (ms). */
  providerTimeout: number;
}

/** What reaches the line service: the calls' commands, and the line's own. */
export type LineServiceCommand =
  | { type: 'MAKE'; call: AnyActorRef; request: CallRequest }
  | { type: 'ATTACH'; callId: string; call: AnyActorRef }
  | { type: 'DIAL'; callId: string; digits: string; complete: boolean }
  | { type: 'GENERATE_DIGITS'; callId: string; digits: string }
  | { type: 'ACCEPT'; callId: string }
  | { type: 'ANSWER'; callId: string }
  | { type: 'DROP'; callId: string; mode?: DropMode }
  | { type: 'HOLD'; callId: string }
  | { type: 'UNHOLD'; callId: string }
  | { type: 'BLIND_TRANSFER'; callId: string; to: string }
  | { type: 'TRANSFER'; callId: string; consultationCallId: string }
  | { type: 'ANSWER_TRANSFER_REQUEST'; callId: string; accept: boolean }
  | { type: 'RELEASE'; callId: string }
  /** The line cannot take an offered call: refuse it at the far end (busy) and forget it. */
  | { type: 'REFUSE'; callId: string }
  | { type: 'CLOSE' };

/** A call that arrived, offered to the line (TSPI's LINE_NEWCALL). */
export interface CallOfferedEvent {
  type: 'CALL.OFFERED';
  callId: string;
  incoming: Required<IncomingCall>;
}

/** What the line service tells its line. */
export type LineServiceReport =
  | { type: 'LINE.OPENED' }
  | { type: 'LINE.OPEN_FAILED'; error: LineErrorName; message: string; detail?: ProviderDetail }
  | { type: 'LINE.CLOSED' }
  | CallOfferedEvent
  | LineServiceEvent;

/**
 * One call the service carries: its actor (null until an arrived call's actor attaches, or for
 * one the line refused) and the provider's side of it, and what the provider said before the
 * actor was there to hear it.
 */
interface Carried {
  ref: AnyActorRef | null;
  call: ProviderCall | null;
  early: ProviderEvent[] | null;
}

function failure(error: unknown): Extract<ProviderEvent, { type: 'PROVIDER.FAILED' }> {
  const event: Extract<ProviderEvent, { type: 'PROVIDER.FAILED' }> = {
    type: 'PROVIDER.FAILED',
    error: error instanceof ProviderError ? error.lineError : 'OPERATIONFAILED',
    message: error instanceof Error ? error.message : String(error),
  };
  if (error instanceof ProviderError && error.detail) event.detail = error.detail;
  return event;
}

/** The caller's identity and the rest, with TAPI's defaults where the provider could not tell. */
function incomingOf(info: IncomingCall): Required<IncomingCall> {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return { from: text(info?.from), name: text(info?.name), to: text(info?.to), origin: info?.origin ?? 'UNAVAIL', reason: info?.reason ?? 'DIRECT' };
}

/** The line service. */
export const lineService = fromCallback<LineServiceCommand, LineServiceInput, LineServiceReport>(({ input, system, self, sendBack, receive }) => {
  const calls = new Map<string, Carried>();
  let line: ProviderLine | null = null;
  let phase: 'opening' | 'open' | 'closing' | 'closed' = 'opening';
  let offered = 0;
  const raw = clockOf(self);
  const clock: Clock = typeof raw.now === 'function' ? (raw as Clock) : { now: () => now(self), setTimeout: (fn, ms) => raw.setTimeout(fn, ms), clearTimeout: (id) => raw.clearTimeout(id) };

  /** Deliver to a call actor that is still running (a call that has ended hears nothing). */
  const deliver = (carried: Carried, event: ProviderEvent | ProviderTimeoutEvent) => {
    if (!carried.ref) {
      if (event.type !== 'PROVIDER_TIMEOUT') carried.early?.push(event);
      return;
    }
    if (carried.ref.getSnapshot().status === 'active') carried.ref.send(event);
  };

  /** A refused call is the service's own: it is forgotten once released (or given up on). */
  const release = (callId: string) => {
    const carried = calls.get(callId);
    if (!carried) return;
    calls.delete(callId);
    watchdog.forget(callId);
    try {
      carried.call?.dispose();
    } catch {
      // Disposed all the same: the call is forgotten either way.
    }
  };

  const watchdog = new Watchdog(clock, input.providerTimeout, (callId) => {
    const carried = calls.get(callId);
    if (carried && carried.ref === null && carried.early === null) return release(callId);
    if (carried) deliver(carried, { type: 'PROVIDER_TIMEOUT', ms: input.providerTimeout });
  });

  const link: LineLink = {
    clock,
    report(callId, event) {
      const carried = calls.get(callId);
      if (!carried || typeof event?.type !== 'string' || !event.type.startsWith('PROVIDER.')) return;
      watchdog.heard(callId, event.type);
      // A call the line refused: its release is all that is awaited.
      if (carried.ref === null && carried.early === null) {
        if (event.type === 'PROVIDER.IDLE') release(callId);
        return;
      }
      deliver(carried, event);
    },
    service(event) {
      if (phase !== 'open') return;
      if (event?.type === 'PROVIDER.LINE.INSERVICE') sendBack({ type: 'PROVIDER.LINE.INSERVICE' });
      else if (event?.type === 'PROVIDER.LINE.OUTOFSERVICE') {
        sendBack({ type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: String(event.message ?? '') });
      }
    },
    offer(info, create) {
      if (phase !== 'open' || typeof create !== 'function') return null;
      const callId = `i${input.deviceId}.${++offered}`;
      let call: ProviderCall;
      try {
        call = create(callId);
      } catch {
        return null;
      }
      calls.set(callId, { ref: null, call, early: [] });
      sendBack({ type: 'CALL.OFFERED', callId, incoming: incomingOf(info) });
      return callId;
    },
  };

  const close = async () => {
    phase = 'closing';
    try {
      await line?.close?.();
    } catch {
      // A line that fails to close is closed all the same: nothing more is asked of it.
    }
    phase = 'closed';
    line = null;
    sendBack({ type: 'LINE.CLOSED' });
  };

  // The calls' audio (rule 13), for the façades that play and record.
  bindLineMedia(self, (callId) => {
    const call = calls.get(callId)?.call;
    try {
      return call?.media ? call.media() : null;
    } catch {
      return null; // a provider that throws has no audio to give
    }
  });

  const provider = providerOf(system, input.providerIndex);
  // Opening is asynchronous whatever the provider does, as lineOpen's completion is.
  Promise.resolve()
    .then(() => {
      if (!provider) throw new ProviderError('NODRIVER', `no provider ${input.providerIndex} is bound to this telephony`);
      return provider.openLine(input.lineIndex, link);
    })
    .then(
      (opened) => {
        if (phase !== 'opening') {
          // Closed (or stopped) while the provider was still opening: nobody holds this line.
          void Promise.resolve()
            .then(() => opened.close?.())
            .catch(() => {});
          return;
        }
        line = opened;
        phase = 'open';
        sendBack({ type: 'LINE.OPENED' });
      },
      (error: unknown) => {
        if (phase !== 'opening') return;
        phase = 'closed';
        const { error: lineError, message, detail } = failure(error);
        sendBack(detail ? { type: 'LINE.OPEN_FAILED', error: lineError, message: message ?? '', detail } : { type: 'LINE.OPEN_FAILED', error: lineError, message: message ?? '' });
      },
    );

  /**
   * Run a command on a call's provider side; one that throws is the call failing. `orElse` is
   * what the call hears when the provider has no side for it (it refused the make) or no method
   * for the command (it cannot accept or answer).
   */
  const run = (callId: string, command: (call: ProviderCall) => boolean | void, orElse: ProviderEvent | null = null) => {
    const carried = calls.get(callId);
    if (!carried) return;
    try {
      if (carried.call && command(carried.call) !== false) return;
    } catch (error) {
      return deliver(carried, failure(error));
    }
    if (orElse) deliver(carried, orElse);
  };
  const unavailable = (what: string): ProviderEvent => ({ type: 'PROVIDER.FAILED', error: 'OPERATIONUNAVAIL', message: `the provider cannot ${what} a call` });
  /**
   * Run a hold, unhold or transfer (rule 10): one the provider cannot do, or that throws, is
   * refused with REQUEST_FAILED and leaves the call as it was; the refusal answers it, so the
   * watchdog stops waiting.
   */
  const control = (callId: string, kind: ProviderRequest, command: (call: ProviderCall) => boolean | void) => {
    const carried = calls.get(callId);
    if (!carried) return;
    let refusal: ProviderEvent;
    try {
      if (carried.call && command(carried.call) !== false) return;
      refusal = { type: 'PROVIDER.REQUEST_FAILED', kind, error: 'OPERATIONUNAVAIL', message: `the provider cannot ${kind} this call` };
    } catch (error) {
      const { error: lineError, message, detail } = failure(error);
      refusal = detail ? { type: 'PROVIDER.REQUEST_FAILED', kind, error: lineError, message, detail } : { type: 'PROVIDER.REQUEST_FAILED', kind, error: lineError, message };
    }
    watchdog.heard(callId, refusal.type);
    deliver(carried, refusal);
  };

  receive((command) => {
    switch (command.type) {
      case 'MAKE': {
        const { call: ref, request } = command;
        const carried: Carried = { ref, call: null, early: null };
        calls.set(request.callId, carried);
        watchdog.watch(request.callId, 'make');
        if (phase !== 'open' || !line) return deliver(carried, { type: 'PROVIDER.FAILED', error: 'INVALLINESTATE', message: 'the line is not open' });
        try {
          carried.call = line.makeCall(request);
        } catch (error) {
          deliver(carried, failure(error));
        }
        return;
      }
      case 'ATTACH': {
        // The actor of a call that arrived is there: it hears what the provider said meanwhile.
        const carried = calls.get(command.callId);
        if (!carried || carried.ref) return;
        carried.ref = command.call;
        const early = carried.early ?? [];
        carried.early = null;
        for (const event of early) deliver(carried, event);
        return;
      }
      case 'DIAL':
        return run(command.callId, (call) => call.dial(command.digits, command.complete));
      case 'GENERATE_DIGITS':
        return run(command.callId, (call) => call.generateDigits(command.digits));
      case 'ACCEPT':
        return run(command.callId, (call) => (call.accept ? call.accept() : false), unavailable('accept'));
      case 'ANSWER':
        watchdog.watch(command.callId, 'answer');
        return run(command.callId, (call) => (call.answer ? call.answer() : false), unavailable('answer'));
      case 'DROP':
        // A second drop (an answer crossed the first) waits on the first one's deadline.
        if (watchdog.waiting(command.callId) !== 'drop' && calls.has(command.callId)) watchdog.watch(command.callId, 'drop');
        // A call the provider never took has nothing to release: it is idle at once.
        return run(command.callId, (call) => call.drop(command.mode), { type: 'PROVIDER.IDLE' });
      case 'HOLD':
        watchdog.watch(command.callId, 'hold');
        return control(command.callId, 'hold', (call) => (call.hold ? call.hold() : false));
      case 'UNHOLD':
        watchdog.watch(command.callId, 'unhold');
        return control(command.callId, 'unhold', (call) => (call.unhold ? call.unhold() : false));
      case 'BLIND_TRANSFER':
        // Not watched: a transfer waits on the target answering, which may take long (the
        // application can drop the call, which answers the transfer).
        return control(command.callId, 'transfer', (call) => (call.blindTransfer ? call.blindTransfer(command.to) : false));
      case 'TRANSFER': {
        const consultation = calls.get(command.consultationCallId)?.call;
        return control(command.callId, 'transfer', (call) => (call.transfer && consultation ? call.transfer(consultation) : false));
      }
      case 'ANSWER_TRANSFER_REQUEST': {
        // Rule 11: a provider that cannot be asked has refused on its own, and one that throws
        // must still answer within its bound; neither is the call failing, so nothing is reported.
        const call = calls.get(command.callId)?.call;
        try {
          call?.answerTransferRequest?.(command.accept);
        } catch {
          // Ignored (see above).
        }
        return;
      }
      case 'REFUSE': {
        const carried = calls.get(command.callId);
        if (!carried || carried.ref) return;
        carried.early = null;
        watchdog.watch(command.callId, 'drop');
        try {
          carried.call?.drop('BUSY');
        } catch {
          release(command.callId);
        }
        return;
      }
      case 'RELEASE':
        return release(command.callId);
      case 'CLOSE':
        if (phase === 'open') void close();
        else if (phase === 'opening') {
          // lineClose does not wait for an open that hangs: the line is closed now, and the
          // provider's line is released whenever its open completes.
          phase = 'closed';
          sendBack({ type: 'LINE.CLOSED' });
        }
        return;
    }
  });

  // Stopped (the line has ended, or the whole system stops): every call still carried is disposed.
  return () => {
    phase = 'closed';
    watchdog.stop();
    for (const callId of [...calls.keys()]) release(callId);
  };
});
