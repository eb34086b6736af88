/**
 * The call statechart: one actor per call, the single source of truth for what a call is and
 * what it may do now. `snapshot.can(event)` is TAPI's dwCallFeatures.
 *
 * States are TAPI 2's LINECALLSTATE_ names; `meta` gives the TAPI 2 and TAPI 3 names each state
 * is reported as. The provider is invoked as a service for the call's whole life (see
 * `providers/provider.ts` for its contract) and reports progress as `PROVIDER.*` events.
 *
 * No fixed sequence of states is guaranteed (lineMakeCall remarks): from any setup state the
 * provider may report any other setup state, busy, connected or disconnected. Nothing goes back
 * from busy, connected or disconnected to a setup state: TAPI 3's CALL_STATE table allows no
 * CS_CONNECTED → CS_INPROGRESS, and LINECALLSTATE_IDLE is the end (tapi-facts §7).
 *
 * Rules this chart keeps (DESIGN.md):
 * - exactly one terminal event (`ended`, emitted on entry to the final state) with its cause, and
 *   the cause stays on the final snapshot (`output` and `context.cause`);
 * - DROP is accepted in every state but the end, and is idempotent while dropping;
 * - a provider that answers while our drop is on its way (a 200 crossing a CANCEL) is told to
 *   drop again, so no call is left half-open;
 * - every request gets exactly one reply, and a make's reply precedes its call's first progress;
 * - a provider that hangs (no answer to make or drop within `providerTimeout`) or lies (an event
 *   impossible in the state) cannot keep the call from ending with a cause.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { callMachine } from 'xtapi/machines';
 *
 * const call = createActor(callMachine, {
 *   input: { callId: 'c1', lineIndex: 0, address: '5550111', destination: '5550111', complete: true },
 * }).start();
 * call.send({ type: 'MAKE' });
 * call.getSnapshot().value; // 'placing' (the provider has not accepted the call yet)
 * call.send({ type: 'PROVIDER.DIALTONE', mode: 'NORMAL' });
 * call.getSnapshot().can({ type: 'DIAL', digits: '1', complete: true }); // true
 * ```
 */
import { type AnyActorRef, assign, cancel, emit, enqueueActions, sendTo, setup } from 'xstate';
import type { LineErrorName, ProviderCommand } from '../providers/provider.js';
import { defaultCallParams } from '../providers/provider.js';
import { type CallContext, type CallInput, CONNECTED_BIT, callStateBit, causeFrom, modeOf } from './call-context.js';
import { now } from './clock.js';
import { callService } from './provider-service.js';
import type { CallCause, CallEmitted, CallEvent, CallState, RequestKind } from './events.js';

export type { CallContext, CallInput } from './call-context.js';
export { callStateBit, hasReached } from './call-context.js';

/** Send a command to the invoked provider service. */
const toProvider = (command: (event: CallEvent) => ProviderCommand) =>
  sendTo<CallContext, CallEvent, undefined, AnyActorRef, CallEvent>('provider', ({ event }: { event: CallEvent }) => command(event));

/**
 * What can happen to any call the provider has accepted: the far end hangs up or fails, the
 * provider releases it, or the application drops it.
 */
const farEnd = {
  'PROVIDER.DISCONNECTED': { target: 'disconnected', actions: 'causeRemote' },
  'PROVIDER.FAILED': { target: 'disconnected', actions: 'causeProvider' },
  'PROVIDER.IDLE': { target: 'ended', actions: 'causeRemote' },
  DROP: { target: 'dropping', actions: ['causeLocal', 'noteDrop'] },
} as const;

/** A call in setup may also find the far end busy or answering, whatever it reported before. */
const setupOutcomes = {
  ...farEnd,
  'PROVIDER.BUSY': { target: 'busy', actions: 'causeRemote' },
  'PROVIDER.CONNECTED': 'connected',
} as const;

/** The call machine. Its provider is the one bound to its actor system (see `resources.ts`). */
export const callMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as CallInput,
    emitted: {} as CallEmitted,
    output: {} as CallCause,
  },
  actors: { provider: callService },
  delays: {
    providerTimeout: ({ context }) => context.providerTimeout,
  },
  guards: {
    dialPending: ({ context }) => !context.dialComplete,
    autoClear: ({ context }) => context.autoClear,
    released: ({ context }) => context.released,
  },
  actions: {
    /** Entry of every state: note the state, its mode and the time. */
    enter: assign(({ context, event, system }, params: { state: CallState }) => ({
      state: params.state,
      mode: modeOf(params.state, context, event),
      enteredAt: now(system),
      connectedAt: params.state === 'connected' && context.connectedAt === null ? now(system) : context.connectedAt,
      reached: context.reached | callStateBit(params.state),
    })),
    /** Entry of every state: tell the listeners (the façades) about it. */
    announce: emit(({ context }) => ({
      type: 'state' as const,
      callId: context.callId,
      state: context.state,
      mode: context.mode,
      at: context.enteredAt,
    })),
    /** The provider accepted the make: reply before the first progress is announced. */
    acceptMake: emit(({ context }) => ({
      type: 'reply' as const,
      callId: context.callId,
      kind: 'make' as RequestKind,
      request: context.makeRequest ?? undefined,
      error: null,
    })),
    clearMake: assign({ makeRequest: undefined }),
    noteMake: assign({ makeRequest: ({ event }) => (event.type === 'MAKE' ? (event.request ?? null) : null) }),
    noteDrop: assign({
      dropRequests: ({ context, event }) => [...context.dropRequests, event.type === 'DROP' ? (event.request ?? null) : null],
    }),
    noteDial: assign(({ context, event }) =>
      event.type === 'DIAL' ? { destination: context.destination + event.digits, dialComplete: event.complete } : {},
    ),
    /** Requests that complete when handed to the provider are answered at once (lineDial remarks). */
    replyNow: emit(({ context, event }) => ({
      type: 'reply' as const,
      callId: context.callId,
      kind: (event.type === 'DIAL' ? 'dial' : 'generateDigits') as RequestKind,
      request: 'request' in event ? event.request : undefined,
      error: null,
    })),
    makeToProvider: toProvider(() => ({ type: 'MAKE' })),
    dialToProvider: toProvider((event) =>
      event.type === 'DIAL' ? { type: 'DIAL', digits: event.digits, complete: event.complete } : { type: 'DIAL', digits: '', complete: true },
    ),
    digitsToProvider: toProvider((event) => ({
      type: 'GENERATE_DIGITS',
      digits: event.type === 'GENERATE_DIGITS' ? event.digits : '',
    })),
    dropToProvider: toProvider(() => ({ type: 'DROP' })),
    causeLocal: assign({ cause: ({ context }) => causeFrom(context, 'local', 'NORMAL') }),
    causeRemote: assign({
      cause: ({ context, event }) => {
        if (event.type === 'PROVIDER.BUSY') return causeFrom(context, 'remote', 'BUSY', { detail: event.detail });
        if (event.type === 'PROVIDER.DISCONNECTED') return causeFrom(context, 'remote', event.mode, { detail: event.detail });
        return causeFrom(context, 'remote', 'UNKNOWN');
      },
    }),
    causeProvider: assign({
      cause: ({ context, event }) => {
        if (event.type === 'PROVIDER.FAILED') {
          return causeFrom(context, 'provider', 'UNAVAIL', { error: event.error, message: event.message, detail: event.detail });
        }
        const error = (event as { error?: unknown }).error;
        const message = error instanceof Error ? error.message : 'the provider released the call before accepting it';
        return causeFrom(context, 'provider', 'UNAVAIL', { error: 'OPERATIONFAILED', message });
      },
    }),
    causeNoAnswer: assign({ cause: ({ context }) => causeFrom(context, 'timeout', 'NOANSWER') }),
    causeProviderTimeout: assign({
      cause: ({ context }) =>
        causeFrom(context, 'timeout', 'UNAVAIL', {
          error: 'OPERATIONFAILED',
          message: `the provider did not answer within ${context.providerTimeout} ms`,
        }),
    }),
    markReleased: assign({ released: true }),
    armNoAnswer: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(
      ({ context, enqueue }) => {
        const ms = context.params.noAnswerTimeout;
        if (ms > 0) enqueue.raise({ type: 'NOANSWER_TIMEOUT' }, { id: 'noAnswer', delay: ms });
      },
    ),
    /** The end: settle the cause, answer every pending request, then the one terminal event. */
    settle: assign(({ context }) => ({
      cause: {
        ...(context.cause ?? { mode: 'UNKNOWN' as const, origin: 'local' as const, state: context.state }),
        connected: (context.reached & CONNECTED_BIT) !== 0,
      },
    })),
    replyPending: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(({ context, enqueue }) => {
      // A make that never got accepted fails with the cause's error, or USERCANCELLED when the
      // application dropped it first; every waiting drop completes.
      const cause = context.cause as CallCause;
      if (context.makeRequest !== undefined) {
        const error: LineErrorName = cause.origin === 'local' ? 'USERCANCELLED' : (cause.error ?? 'OPERATIONFAILED');
        enqueue.emit({ type: 'reply', callId: context.callId, kind: 'make', request: context.makeRequest ?? undefined, error });
      }
      for (const request of context.dropRequests) {
        enqueue.emit({ type: 'reply', callId: context.callId, kind: 'drop', request: request ?? undefined, error: null });
      }
    }),
    announceEnd: emit(({ context }) => ({
      type: 'ended' as const,
      callId: context.callId,
      cause: context.cause as CallCause,
      at: context.enteredAt,
    })),
    warnImpossible: emit(({ context, event }) => ({
      type: 'warning' as const,
      callId: context.callId,
      state: context.state,
      event: event.type,
      message: `provider event ${event.type} is impossible in state ${context.state}; ignored`,
    })),
  },
}).createMachine({
  id: 'call',
  description: 'One call, from creation to its end (TAPI 2 LINECALLSTATE_, TAPI 3 CALL_STATE).',
  context: ({ input }) => ({
    callId: input.callId,
    providerIndex: input.providerIndex ?? 0,
    lineIndex: input.lineIndex,
    address: input.address,
    destination: input.destination,
    dialComplete: input.complete,
    params: input.params ?? defaultCallParams,
    autoClear: input.autoClear ?? false,
    providerTimeout: input.providerTimeout ?? 30_000,
    state: 'idle',
    mode: null,
    enteredAt: 0,
    connectedAt: null,
    reached: 0,
    released: false,
    cause: null,
    makeRequest: undefined,
    dropRequests: [],
  }),
  invoke: {
    id: 'provider',
    src: 'provider',
    input: ({ context }) => ({
      providerIndex: context.providerIndex,
      callId: context.callId,
      lineIndex: context.lineIndex,
      destination: context.destination,
      complete: context.dialComplete,
      params: context.params,
    }),
    onError: { target: '.ended', actions: ['causeProvider'] },
  },
  on: {
    // A provider that lies: an event no state below takes. Ignore it and say so.
    'PROVIDER.*': { actions: 'warnImpossible' },
  },
  initial: 'idle',
  states: {
    idle: {
      description: 'The call exists and nothing has reached the provider yet. TAPI 3 CS_IDLE (after ITAddress.CreateCall); TAPI 2 never shows it, since the handle is void until LINE_REPLY.',
      meta: { tapi2: null, tapi3: 'CS_IDLE', see: 'ITAddress::CreateCall; ITBasicCallControl::Connect' },
      entry: [{ type: 'enter', params: { state: 'idle' } }, 'announce'],
      on: {
        MAKE: { target: 'placing', actions: ['noteMake'] },
        DROP: { target: 'ended', actions: ['causeLocal', 'noteDrop'] },
      },
    },
    placing: {
      description: 'The make is with the provider, which has not accepted it yet: lineMakeCall has returned its request id and LINE_REPLY is pending (TSPI_lineMakeCall). The first progress the provider reports accepts the call.',
      meta: { tapi2: null, tapi3: 'CS_INPROGRESS', see: 'lineMakeCall; TSPI_lineMakeCall' },
      entry: [{ type: 'enter', params: { state: 'placing' } }, 'announce', 'makeToProvider'],
      after: { providerTimeout: { target: 'ended', actions: ['causeProviderTimeout'] } },
      on: {
        'PROVIDER.DIALTONE': { target: 'dialtone', actions: ['acceptMake', 'clearMake'] },
        'PROVIDER.DIALING': { target: 'dialing', actions: ['acceptMake', 'clearMake'] },
        'PROVIDER.PROCEEDING': { target: 'alerting.proceeding', actions: ['acceptMake', 'clearMake'] },
        'PROVIDER.RINGBACK': { target: 'alerting.ringback', actions: ['acceptMake', 'clearMake'] },
        'PROVIDER.BUSY': { target: 'busy', actions: ['acceptMake', 'clearMake', 'causeRemote'] },
        'PROVIDER.CONNECTED': { target: 'connected', actions: ['acceptMake', 'clearMake'] },
        'PROVIDER.DISCONNECTED': { target: 'disconnected', actions: ['acceptMake', 'clearMake', 'causeRemote'] },
        'PROVIDER.FAILED': { target: 'ended', actions: ['causeProvider'] },
        'PROVIDER.IDLE': { target: 'ended', actions: ['causeProvider'] },
        DROP: { target: 'dropping', actions: ['causeLocal', 'noteDrop'] },
      },
    },
    dialtone: {
      description: 'The switch gives dial tone and waits for digits (LINECALLSTATE_DIALTONE, with a LINEDIALTONEMODE_). lineDial is allowed here.',
      meta: { tapi2: 'LINECALLSTATE_DIALTONE', tapi3: 'CS_INPROGRESS', see: 'LINECALLSTATE_ constants; lineDial' },
      entry: [{ type: 'enter', params: { state: 'dialtone' } }, 'announce'],
      on: {
        ...setupOutcomes,
        'PROVIDER.DIALTONE': {},
        'PROVIDER.DIALING': 'dialing',
        'PROVIDER.PROCEEDING': 'alerting.proceeding',
        'PROVIDER.RINGBACK': 'alerting.ringback',
        DIAL: { guard: 'dialPending', actions: ['noteDial', 'dialToProvider', 'replyNow'] },
      },
    },
    dialing: {
      description: 'Digits are being sent to the switch (LINECALLSTATE_DIALING). With a partial address (ending in ";") the call waits here for lineDial; the last lineDial without ";" completes dialling.',
      meta: { tapi2: 'LINECALLSTATE_DIALING', tapi3: 'CS_INPROGRESS', see: 'LINECALLSTATE_ constants; lineDial' },
      entry: [{ type: 'enter', params: { state: 'dialing' } }, 'announce'],
      on: {
        ...setupOutcomes,
        'PROVIDER.DIALTONE': 'dialtone',
        'PROVIDER.DIALING': {},
        'PROVIDER.PROCEEDING': 'alerting.proceeding',
        'PROVIDER.RINGBACK': 'alerting.ringback',
        DIAL: { guard: 'dialPending', actions: ['noteDial', 'dialToProvider', 'replyNow'] },
      },
    },
    alerting: {
      description: 'Dialling is complete and the call is on its way: proceeding, then ringback. dwNoAnswerTimeout (LINECALLPARAMS) counts here: a call that stays longer is abandoned with LINEDISCONNECTMODE_NOANSWER.',
      meta: { tapi2: null, tapi3: 'CS_INPROGRESS', see: 'LINECALLPARAMS dwNoAnswerTimeout' },
      initial: 'proceeding',
      // The timer is armed only when dwNoAnswerTimeout is set: an `after` would schedule a
      // timer for every call, and most calls have none.
      entry: 'armNoAnswer',
      exit: cancel('noAnswer'),
      on: {
        ...setupOutcomes,
        NOANSWER_TIMEOUT: { target: 'disconnected', actions: ['causeNoAnswer', 'dropToProvider'] },
        'PROVIDER.DIALTONE': 'dialtone',
        'PROVIDER.DIALING': 'dialing',
      },
      states: {
        proceeding: {
          description: 'Dialling is complete and the call is progressing through the network, before ringback, busy or answer (LINECALLSTATE_PROCEEDING).',
          meta: { tapi2: 'LINECALLSTATE_PROCEEDING', tapi3: 'CS_INPROGRESS', see: 'LINECALLSTATE_ constants' },
          entry: [{ type: 'enter', params: { state: 'proceeding' } }, 'announce'],
          on: {
            'PROVIDER.PROCEEDING': {},
            'PROVIDER.RINGBACK': 'ringback',
          },
        },
        ringback: {
          description: 'The far end is being alerted (LINECALLSTATE_RINGBACK). Each further ring is reported by the provider and changes nothing.',
          meta: { tapi2: 'LINECALLSTATE_RINGBACK', tapi3: 'CS_INPROGRESS', see: 'LINECALLSTATE_ constants' },
          entry: [{ type: 'enter', params: { state: 'ringback' } }, 'announce'],
          on: {
            'PROVIDER.PROCEEDING': 'proceeding',
            'PROVIDER.RINGBACK': {},
          },
        },
      },
    },
    busy: {
      description: 'The far end or a trunk is busy (LINECALLSTATE_BUSY, with a LINEBUSYMODE_). The application normally drops the call; with autoClear it is dropped at once.',
      meta: { tapi2: 'LINECALLSTATE_BUSY', tapi3: 'CS_DISCONNECTED', cause3: 'CEC_DISCONNECT_BUSY', see: 'LINECALLSTATE_ constants' },
      entry: [{ type: 'enter', params: { state: 'busy' } }, 'announce'],
      always: { guard: 'autoClear', target: 'dropping' },
      on: {
        ...farEnd,
        'PROVIDER.BUSY': {},
      },
    },
    connected: {
      description: 'The call is established and information can flow (LINECALLSTATE_CONNECTED, with a LINECONNECTEDMODE_). Digits now go as DTMF (lineGenerateDigits), not as dialling.',
      meta: { tapi2: 'LINECALLSTATE_CONNECTED', tapi3: 'CS_CONNECTED', see: 'LINECALLSTATE_ constants; lineGenerateDigits' },
      entry: [{ type: 'enter', params: { state: 'connected' } }, 'announce'],
      on: {
        ...farEnd,
        'PROVIDER.CONNECTED': {},
        GENERATE_DIGITS: { actions: ['digitsToProvider', 'replyNow'] },
      },
    },
    disconnected: {
      description: 'The far end has gone or the attempt failed (LINECALLSTATE_DISCONNECTED, with the LINEDISCONNECTMODE_ that says why). The call stays until it is dropped; with autoClear that happens at once.',
      meta: { tapi2: 'LINECALLSTATE_DISCONNECTED', tapi3: 'CS_DISCONNECTED', see: 'LINECALLSTATE_ constants; lineDrop' },
      entry: [{ type: 'enter', params: { state: 'disconnected' } }, 'announce'],
      always: [
        { guard: 'autoClear', target: 'dropping' },
      ],
      on: {
        'PROVIDER.IDLE': { actions: 'markReleased' },
        'PROVIDER.DISCONNECTED': {},
        'PROVIDER.FAILED': {},
        DROP: [
          { guard: 'released', target: 'ended', actions: ['causeLocal', 'noteDrop'] },
          { target: 'dropping', actions: ['causeLocal', 'noteDrop'] },
        ],
      },
    },
    dropping: {
      description: 'A drop is with the provider, which has not confirmed it yet (lineDrop pending). An answer that crosses the drop is dropped again, so no call is left half-open.',
      meta: { tapi2: null, tapi3: null, see: 'lineDrop; RFC 3261 §9.1 (CANCEL crossing a 200)' },
      entry: [{ type: 'enter', params: { state: 'dropping' } }, 'announce', 'dropToProvider'],
      after: { providerTimeout: { target: 'ended', actions: ['causeProviderTimeout'] } },
      on: {
        'PROVIDER.IDLE': 'ended',
        // The far end answered while our drop was on its way: drop again (drop races answer).
        'PROVIDER.CONNECTED': { actions: 'dropToProvider' },
        // Progress already in flight when we dropped is expected, not a lie.
        'PROVIDER.*': {},
        DROP: { actions: 'noteDrop' },
      },
    },
    ended: {
      type: 'final',
      description: 'The end: the call is released at the provider and its cause is settled. TAPI 2 reports LINECALLSTATE_IDLE (a call never leaves IDLE); TAPI 3 reports CS_DISCONNECTED.',
      meta: { tapi2: 'LINECALLSTATE_IDLE', tapi3: 'CS_DISCONNECTED', see: 'LINECALLSTATE_ constants; CALL_STATE' },
      entry: ['settle', { type: 'enter', params: { state: 'ended' } }, 'announce', 'replyPending', 'announceEnd'],
    },
  },
  output: ({ context }) => context.cause as CallCause,
});

/** The machine type, for typing refs and snapshots. */
export type CallMachine = typeof callMachine;
