/**
 * The line's provider service: how a line supervisor invokes its provider. The line invokes it
 * once, for the line's whole life (TSPI_lineOpen to TSPI_lineClose); it opens the line at the
 * provider, carries every call of the line to the provider and back, and closes the line.
 *
 * Calls reach it directly, not through the line: a call actor sends its commands here with
 * `sendTo` (the make carries the call actor's own ref), and the provider's reports for a call
 * go straight to that call actor with `ref.send()`. So a call costs one actor (its own), and a
 * report costs one macrostep of the call and none of the line. What concerns the line as a
 * whole (opened, failed to open, out of service and back, closed) goes to the line with
 * `sendBack`.
 *
 * It keeps the contract's promises on the provider's behalf (`providers/provider.ts`): a
 * command that throws becomes `PROVIDER.FAILED`, a drop of a call the provider never took is
 * answered `PROVIDER.IDLE`, and nothing the provider says about a disposed call, or about the
 * line after it closed, reaches anyone. And it watches the provider: a make that gets no report
 * at all, or a drop that gets no `PROVIDER.IDLE`, within `providerTimeout` is answered for the
 * provider with `PROVIDER_TIMEOUT` (the call then ends, with the timeout as its cause). One timer
 * per line does it, not one per call: every call on a line waits the same time, so the deadlines
 * fall due in the order they were set.
 *
 * @example
 * ```ts
 * // Inside the line machine: invoked for the line's whole life.
 * invoke: { id: 'provider', src: 'lineService', input: ({ context }) => ({ providerIndex: context.providerIndex, lineIndex: context.lineIndex }) },
 * // A call sends its make with its own ref, and is heard from by id from then on.
 * sendTo(({ context }) => context.provider, ({ self, context }) => ({ type: 'MAKE', call: self, request }));
 * ```
 */
import { type AnyActorRef, fromCallback } from 'xstate';
import type {
  CallRequest,
  Clock,
  LineErrorName,
  LineLink,
  LineServiceEvent,
  ProviderCall,
  ProviderDetail,
  ProviderEvent,
  ProviderLine,
} from '../providers/provider.js';
import { ProviderError } from '../providers/provider.js';
import { clockOf, now } from './clock.js';
import type { ProviderTimeoutEvent } from './events.js';
import { providerOf } from './resources.js';

/** Input of the line service: which provider, which of its lines, how long it may take. */
export interface LineServiceInput {
  providerIndex: number;
  lineIndex: number;
  /** How long the provider may take to accept a make or confirm a drop (ms). */
  providerTimeout: number;
}

/** What reaches the line service: the calls' commands, and the line's CLOSE. */
export type LineServiceCommand =
  | { type: 'MAKE'; call: AnyActorRef; request: CallRequest }
  | { type: 'DIAL'; callId: string; digits: string; complete: boolean }
  | { type: 'GENERATE_DIGITS'; callId: string; digits: string }
  | { type: 'DROP'; callId: string }
  | { type: 'RELEASE'; callId: string }
  | { type: 'CLOSE' };

/** What the line service tells its line. */
export type LineServiceReport =
  | { type: 'LINE.OPENED' }
  | { type: 'LINE.OPEN_FAILED'; error: LineErrorName; message: string; detail?: ProviderDetail }
  | { type: 'LINE.CLOSED' }
  | LineServiceEvent;

/** One call the service carries: the call actor and the provider's side of it. */
interface Carried {
  ref: AnyActorRef;
  call: ProviderCall | null;
}

/** A command the provider has not answered yet: a make (any report answers it) or a drop (IDLE does). */
interface Awaited {
  command: 'make' | 'drop';
  due: number;
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

/** The line service. */
export const lineService = fromCallback<LineServiceCommand, LineServiceInput, LineServiceReport>(({ input, system, self, sendBack, receive }) => {
  const calls = new Map<string, Carried>();
  let line: ProviderLine | null = null;
  let phase: 'opening' | 'open' | 'closing' | 'closed' = 'opening';
  const raw = clockOf(self);
  const clock: Clock = typeof raw.now === 'function' ? (raw as Clock) : { now: () => now(self), setTimeout: (fn, ms) => raw.setTimeout(fn, ms), clearTimeout: (id) => raw.clearTimeout(id) };

  /** Deliver to a call actor that is still running (a call that has ended hears nothing). */
  const deliver = (ref: AnyActorRef, event: ProviderEvent | ProviderTimeoutEvent) => {
    if (ref.getSnapshot().status === 'active') ref.send(event);
  };

  // The watchdog: unanswered commands by call id, in the order their deadlines fall due.
  const awaited = new Map<string, Awaited>();
  let timer: unknown = null;
  const stopTimer = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  const fire = () => {
    timer = null;
    const at = clock.now();
    for (const [callId, wait] of awaited) {
      if (wait.due > at) break;
      awaited.delete(callId);
      const carried = calls.get(callId);
      if (carried) deliver(carried.ref, { type: 'PROVIDER_TIMEOUT', ms: input.providerTimeout });
    }
    arm();
  };
  /** Keep the timer set for the first deadline (it may run early and set itself again). */
  const arm = () => {
    if (timer !== null) return;
    for (const wait of awaited.values()) {
      timer = clock.setTimeout(fire, Math.max(0, wait.due - clock.now()));
      return;
    }
  };
  const watch = (callId: string, command: Awaited['command']) => {
    awaited.delete(callId);
    awaited.set(callId, { command, due: clock.now() + input.providerTimeout });
    arm();
  };

  const link: LineLink = {
    clock,
    report(callId, event) {
      const carried = calls.get(callId);
      if (!carried || typeof event?.type !== 'string' || !event.type.startsWith('PROVIDER.')) return;
      const wait = awaited.get(callId);
      if (wait && (wait.command === 'make' || event.type === 'PROVIDER.IDLE')) {
        awaited.delete(callId);
        if (awaited.size === 0) stopTimer();
      }
      deliver(carried.ref, event);
    },
    service(event) {
      if (phase !== 'open') return;
      if (event?.type === 'PROVIDER.LINE.INSERVICE') sendBack({ type: 'PROVIDER.LINE.INSERVICE' });
      else if (event?.type === 'PROVIDER.LINE.OUTOFSERVICE') {
        sendBack({ type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: String(event.message ?? '') });
      }
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

  /** Run a command on a call's provider side; one that throws is the call failing. */
  const run = (callId: string, command: (call: ProviderCall) => void, orElse?: ProviderEvent) => {
    const carried = calls.get(callId);
    if (!carried) return;
    if (!carried.call) {
      if (orElse) deliver(carried.ref, orElse);
      return;
    }
    try {
      command(carried.call);
    } catch (error) {
      deliver(carried.ref, failure(error));
    }
  };

  receive((command) => {
    switch (command.type) {
      case 'MAKE': {
        const { call: ref, request } = command;
        const carried: Carried = { ref, call: null };
        calls.set(request.callId, carried);
        watch(request.callId, 'make');
        if (phase !== 'open' || !line) {
          deliver(ref, { type: 'PROVIDER.FAILED', error: 'INVALLINESTATE', message: 'the line is not open' });
          return;
        }
        try {
          carried.call = line.makeCall(request);
        } catch (error) {
          deliver(ref, failure(error));
        }
        return;
      }
      case 'DIAL':
        return run(command.callId, (call) => call.dial(command.digits, command.complete));
      case 'GENERATE_DIGITS':
        return run(command.callId, (call) => call.generateDigits(command.digits));
      case 'DROP':
        // A second drop (an answer crossed the first) waits on the first one's deadline.
        if (awaited.get(command.callId)?.command !== 'drop' && calls.has(command.callId)) watch(command.callId, 'drop');
        // A call the provider never took has nothing to release: it is idle at once.
        return run(command.callId, (call) => call.drop(), { type: 'PROVIDER.IDLE' });
      case 'RELEASE': {
        const carried = calls.get(command.callId);
        if (!carried) return;
        calls.delete(command.callId);
        awaited.delete(command.callId);
        // Nothing left to watch: no timer outlives the calls.
        if (awaited.size === 0) stopTimer();
        try {
          carried.call?.dispose();
        } catch {
          // Disposed all the same: the call is forgotten either way.
        }
        return;
      }
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
    stopTimer();
    awaited.clear();
    for (const carried of calls.values()) {
      try {
        carried.call?.dispose();
      } catch {
        // Nothing more can be done for it.
      }
    }
    calls.clear();
  };
});
