/**
 * The call statechart: one actor per call, the single source of truth for what a call is and
 * what it may do now. `snapshot.can(event)` is TAPI's dwCallFeatures.
 *
 * States are TAPI 2's LINECALLSTATE_ names; `meta` gives the TAPI 2 and TAPI 3 names each state
 * is reported as. The call talks to its provider through its line's provider service (see
 * `provider-service.ts`, and `providers/provider.ts` for the contract): it sends its commands
 * there, and the provider's reports for the call come back to it directly as `PROVIDER.*` events.
 *
 * No fixed sequence of states is guaranteed (lineMakeCall remarks): from any setup state the
 * provider may report any other setup state, busy, connected or disconnected. Nothing goes back
 * from busy, connected or disconnected to a setup state: TAPI 3's CALL_STATE table allows no
 * CS_CONNECTED → CS_INPROGRESS, and LINECALLSTATE_IDLE is the end (CALL_STATE enumeration;
 * LINECALLSTATE_ Constants).
 *
 * Rules this chart keeps:
 * - exactly one terminal event (`ended`, emitted on entry to the final state) with its cause, and
 *   the cause stays on the final snapshot (`output` and `context.cause`);
 * - DROP is accepted in every state but the end, and is idempotent while dropping;
 * - a provider that answers while our drop is on its way (a 200 crossing a CANCEL) is told to
 *   drop again, so no call is left half-open;
 * - every request gets exactly one reply, and a make's reply precedes its call's first progress;
 * - a redirect (`PROVIDER.REDIRECTED`) is call information, not a state: taken from placing to
 *   ringback without leaving the state, kept in `context.redirections` and emitted as
 *   `redirected` (TAPI's LINE_CALLINFO, LINECALLINFOSTATE_REDIRECTIONID);
 * - the far end asking us to transfer ourselves (`PROVIDER.TRANSFER_REQUESTED`, rule 11 of the
 *   provider contract) is call information too: taken while connected or held, emitted as
 *   `transferRequested`, and refused at once unless the line's applications are asked
 *   (`transferRequests: 'ask'`), in which case it waits in `context.transferRequest` for
 *   ACCEPT_TRANSFER_REQUEST or REFUSE_TRANSFER_REQUEST;
 * - a provider that hangs (no answer to a make or a drop within the line's `providerTimeout`:
 *   the line's provider service sends `PROVIDER_TIMEOUT`) or lies (an event impossible in the
 *   state) cannot keep the call from ending with a cause.
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
import type { LineErrorName, LineFeatures } from '../providers/provider.js';
import { defaultCallParams } from '../providers/provider.js';
import { dtmfOnly } from '../providers/dtmf.js';
import { type CallContext, type CallInput, CONNECTED_BIT, callStateBit, entered, makeAccepted, makeFailure, pendingOf, redirectionOf, transferRequestOf } from './call-context.js';
import { now } from './clock.js';
import { detachedService } from './detached-service.js';
import * as commands from './call-commands.js';
import type { LineServiceCommand } from './provider-service.js';
import type { CallCause, CallEmitted, CallEvent, CallState, RequestKind } from './events.js';

export type { CallContext, CallInput } from './call-context.js';
export { callStateBit, hasReached } from './call-context.js';

/** Send a command to the line's provider service (`call-commands.ts` builds each). */
const toProvider = (command: (context: CallContext, event: CallEvent, self: AnyActorRef) => LineServiceCommand) =>
  sendTo(
    ({ context }: { context: CallContext }) => context.line.provider,
    ({ context, event, self }: { context: CallContext; event: CallEvent; self: AnyActorRef }) => command(context, event, self),
  );

/**
 * What can happen to any call the provider has accepted: the far end hangs up or fails, the
 * provider releases it, or the application drops it.
 */
const farEnd = {
  'PROVIDER.DISCONNECTED': 'disconnected',
  'PROVIDER.FAILED': 'disconnected',
  'PROVIDER.IDLE': 'ended',
  DROP: 'dropping',
} as const;

/** A call in setup may also find the far end busy or answering, whatever it reported before. */
const setupOutcomes = {
  ...farEnd,
  'PROVIDER.BUSY': 'busy',
  'PROVIDER.CONNECTED': 'connected',
} as const;

/**
 * What can happen to a call that arrived and is not answered yet: the owner answers it or
 * rejects it (drop), the caller gives up (disconnected with mode CANCELLED, or released), the
 * provider connects it on its own.
 */
const offered = {
  ...farEnd,
  ANSWER: 'answering',
  'PROVIDER.CONNECTED': 'connected',
} as const;

/**
 * What a call on its way may learn without a change of state: the network sent it elsewhere
 * (rule 9 of the provider contract). TAPI reports it as call information, not as a state
 * (LINE_CALLINFO with LINECALLINFOSTATE_REDIRECTIONID), so the transition has no target: nothing
 * is exited or entered, and the no-answer timer keeps running.
 */
const onItsWay = {
  'PROVIDER.REDIRECTED': { actions: 'noteRedirection' },
} as const;

/**
 * What a call that was connected may hear about a request it handed the provider (ADR 0010): the
 * far end reached the transfer target (the call leaves us: dropped as for any drop, its cause
 * says `transfer`), the provider refused the request, or did not answer it in time (the call
 * stays as it was).
 */
const transferred = {
  'PROVIDER.TRANSFERRED': { target: 'dropping', actions: 'settle' },
  'PROVIDER.REQUEST_FAILED': { guard: 'pending', actions: 'settleFailed' },
  PROVIDER_TIMEOUT: { guard: 'pending', actions: 'settleFailed' },
} as const;

/**
 * A held call: taken back when the provider confirms our unhold (its CONNECTED, with the mode the
 * far end leaves us in); a CONNECTED we did not ask for (the far end holding or resuming us) does
 * not take it back.
 */
const held = {
  UNHOLD: { guard: 'canHold', actions: ['notePending', 'unholdToProvider'] },
  'PROVIDER.CONNECTED': [{ guard: 'unholdPending', target: 'connected', actions: 'settle' }, {}],
  'PROVIDER.ONHOLD': {},
} as const;

/**
 * A connected or held call whose far end asks us to transfer ourselves (rule 11 of the provider
 * contract; SIP REFER, RFC 3515 §2.4). TAPI has no such request, so it is call information, not a
 * state: the call stays where it is. Refused at once (SIP 603) unless the line's applications are
 * asked; asked, the request waits for the application's answer, which goes to the provider. A
 * new request replaces one still waiting (the provider refuses a second while one is unanswered).
 */
const transferee = {
  // One transition, not two guarded ones: the line's choice (refuse or ask) is fixed for the call,
  // and a held call is reached only on lines that ask, so a guarded pair would leave one branch
  // that no run of the call model can take.
  'PROVIDER.TRANSFER_REQUESTED': { actions: 'takeTransferRequest' },
  ACCEPT_TRANSFER_REQUEST: { guard: 'transferRequestWaiting', actions: ['answerTransferRequestToProvider', 'clearTransferRequest'] },
  REFUSE_TRANSFER_REQUEST: { guard: 'transferRequestWaiting', actions: ['answerTransferRequestToProvider', 'clearTransferRequest'] },
} as const;

/**
 * A connected or held call hears the far end's key presses (rule 12 of the provider contract):
 * call information, not a state (TAPI 2's LINE_MONITORDIGITS, TAPI 3's TE_DIGITEVENT), so the
 * transition has no target.
 */
const keyPresses = {
  'PROVIDER.DIGIT': { actions: 'announceDigit' },
} as const;

/** No make, answer or drop waiting: one object for every call (a request makes a new one). */
const NO_REQUESTS: CallContext['requests'] = Object.freeze({ make: undefined, answer: undefined, drops: Object.freeze([]) as readonly number[] });

/** Never redirected: one empty list for every call (a redirect makes a new one). */
const NO_REDIRECTIONS: CallContext['redirections'] = Object.freeze([]);

/** A line that declares no hold or transfer: one object for every such call. */
const NO_FEATURES: LineFeatures = Object.freeze({});

/** The call machine. Its provider is reached through the line service given in its input. */
export const callMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as CallInput,
    emitted: {} as CallEmitted,
    output: {} as CallCause,
  },
  guards: {
    incoming: ({ context }) => context.incoming !== null,
    dialPending: ({ context }) => !context.dialComplete,
    autoClear: ({ context }) => context.line.autoClear,
    autoAnswer: ({ context }) => context.line.autoAnswer,
    released: ({ context }) => context.released,
    /** Nothing pending, and the line's calls can hold (LINECALLFEATURE_HOLD, _UNHOLD). */
    canHold: ({ context }) => context.pending === null && context.line.features.hold === true,
    /** Nothing pending, and the line's calls can be transferred blind (LINECALLFEATURE_BLINDTRANSFER). */
    canBlindTransfer: ({ context }) => context.pending === null && context.line.features.blindTransfer === true,
    /** Nothing pending, and the line's calls can hold and be transferred after consultation (_SETUPTRANSFER, _COMPLETETRANSF). */
    canTransfer: ({ context }) => context.pending === null && context.line.features.transfer === true && context.line.features.hold === true,
    /** The hold the provider just confirmed was asked for a transfer (lineSetupTransfer). */
    holdForTransfer: ({ context }) => context.pending?.kind === 'setupTransfer',
    /** An unhold is pending: the provider's CONNECTED answers it. */
    unholdPending: ({ context }) => context.pending?.kind === 'unhold',
    /** The provider reports a connected mode the call is not in (the far end held or resumed us). */
    modeChanges: ({ context, event }) => event.type === 'PROVIDER.CONNECTED' && (event.mode ?? 'ACTIVE') !== context.mode,
    /** A request is pending: the provider's failure, or its silence, answers it. */
    pending: ({ context }) => context.pending !== null,
    /** A transfer request of the far end waits for the application's answer. */
    transferRequestWaiting: ({ context }) => context.transferRequest !== null,
  },
  actions: {
    /**
     * Entry of every state: note the state, its mode and the time, and what the event that led
     * here means (the make's request, the cause of a disconnect or of the end, a drop's
     * request), in one update (`entered` in call-context.ts).
     */
    enter: assign(({ context, event, self }, params: { state: CallState }) => entered(params.state, context, event, now(self))),
    /** Entry of every state: tell the listeners (the façades) about it. */
    announce: emit(({ context }) => ({
      type: 'state' as const,
      callId: context.callId,
      state: context.state,
      mode: context.mode,
      at: context.enteredAt,
    })),
    /** The provider accepted the make: reply before the first progress is announced. */
    acceptMake: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(({ context, enqueue }) => {
      const { requests } = context;
      enqueue.emit({ type: 'reply', callId: context.callId, kind: 'make', request: requests.make ?? undefined, error: null });
      // Answered: nothing more to keep of it (a held call keeps no request object of its own).
      enqueue.assign({ requests: requests.drops.length === 0 && requests.answer === undefined ? NO_REQUESTS : { ...requests, make: undefined } });
    }),
    /** The provider connected the call we answered: the answer's reply, before the state. */
    answered: emit(({ context }) => ({
      type: 'reply' as const,
      callId: context.callId,
      kind: 'answer' as RequestKind,
      request: context.requests.answer ?? undefined,
      error: null,
    })),
    /** Another drop while dropping: it is answered with the first, at the end. */
    noteDrop: assign({
      requests: ({ context, event }) =>
        event.type === 'DROP' && event.request !== undefined ? { ...context.requests, drops: [...context.requests.drops, event.request] } : context.requests,
    }),
    noteDial: assign(({ context, event }) =>
      event.type === 'DIAL' ? { destination: context.destination + event.digits, dialComplete: event.complete } : {},
    ),
    /** Requests that complete when handed to the provider are answered at once (lineDial remarks). */
    replyNow: emit(({ context, event }) => ({
      type: 'reply' as const,
      callId: context.callId,
      kind: (event.type === 'DIAL' ? 'dial' : event.type === 'ACCEPT' ? 'accept' : event.type === 'SETUP_TRANSFER' ? 'setupTransfer' : 'generateDigits') as RequestKind,
      request: 'request' in event ? event.request : undefined,
      error: null,
    })),
    makeToProvider: toProvider(commands.make),
    dialToProvider: toProvider(commands.dial),
    digitsToProvider: toProvider(commands.generateDigits),
    dropToProvider: toProvider(commands.drop),
    /** An arrived call tells its line's service where its reports go (the make does it for ours). */
    attachToProvider: toProvider(commands.attach),
    acceptToProvider: toProvider(commands.accept),
    answerToProvider: toProvider(commands.answer),
    holdToProvider: toProvider(commands.hold),
    unholdToProvider: toProvider(commands.unhold),
    blindTransferToProvider: toProvider(commands.blindTransfer),
    transferToProvider: toProvider(commands.transfer),
    /** A hold, unhold or transfer is handed to the provider: it is pending until answered (ADR 0010). */
    notePending: assign({ pending: ({ event }) => pendingOf(event) }),
    /** The provider did what was pending: its reply, before the state it leads to is announced. */
    settle: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(({ context, enqueue }) => {
      if (!context.pending) return;
      enqueue.emit({ type: 'reply', callId: context.callId, kind: context.pending.kind, request: context.pending.request ?? undefined, error: null });
      enqueue.assign({ pending: null });
    }),
    /**
     * The provider refused what was pending (`PROVIDER.REQUEST_FAILED`), or did not answer in time
     * (`PROVIDER_TIMEOUT`): its reply carries the error, and the call stays where it is.
     */
    settleFailed: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(({ context, event, enqueue }) => {
      if (!context.pending) return;
      const error: LineErrorName = event.type === 'PROVIDER.REQUEST_FAILED' ? event.error : 'OPERATIONFAILED';
      enqueue.emit({ type: 'reply', callId: context.callId, kind: context.pending.kind, request: context.pending.request ?? undefined, error });
      enqueue.assign({ pending: null });
    }),
    /** The far end has gone with a request still pending: its reply, failed with the cause's error. */
    failPending: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(({ context, enqueue }) => {
      if (!context.pending) return;
      enqueue.emit({ type: 'reply', callId: context.callId, kind: context.pending.kind, request: context.pending.request ?? undefined, error: makeFailure(context.cause as CallCause) });
      enqueue.assign({ pending: null });
    }),
    markReleased: assign({ released: true }),
    /**
     * The far end asks us to transfer ourselves (rule 11): on a line that asks its applications
     * (`transferRequests: 'ask'`) keep it for their answer; on any other, refuse it now (SIP 603).
     * Either way tell the listeners, saying whether it is refused already.
     */
    takeTransferRequest: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(
      ({ context, event, self, enqueue }) => {
        const request = transferRequestOf(event, now(self));
        if (!request) return;
        const asked = context.line.transferRequests === 'ask';
        if (asked) enqueue.assign({ transferRequest: request });
        else enqueue.sendTo(context.line.provider, commands.answerTransferRequest(context, event, self));
        enqueue.emit({ type: 'transferRequested', callId: context.callId, request, refused: !asked });
      },
    ),
    /** The transfer request is answered: accepted on ACCEPT_TRANSFER_REQUEST, refused on anything else. */
    answerTransferRequestToProvider: toProvider(commands.answerTransferRequest),
    clearTransferRequest: assign({ transferRequest: null }),
    /**
     * The network sent the call elsewhere: keep where and why (the last is TAPI's RedirectionID),
     * then tell the listeners (TAPI 2's LINE_CALLINFO, TAPI 3's TE_CALLINFOCHANGE).
     */
    noteRedirection: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(
      ({ context, event, self, enqueue }) => {
        const redirection = redirectionOf(event, now(self));
        if (!redirection) return;
        enqueue.assign({ redirections: [...context.redirections, redirection] });
        enqueue.emit({ type: 'redirected', callId: context.callId, redirection });
      },
    ),
    armNoAnswer: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(
      ({ context, enqueue }) => {
        const ms = context.params.noAnswerTimeout;
        if (ms > 0) enqueue.raise({ type: 'NOANSWER_TIMEOUT' }, { id: 'noAnswer', delay: ms });
      },
    ),
    /** The end: answer every pending request, then the one terminal event. */
    replyPending: enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, never, never, never, CallEmitted>(({ context, enqueue }) => {
      // A make that never got accepted fails with the cause's error, or USERCANCELLED when the
      // application dropped it first; every waiting drop completes.
      if (context.requests.make !== undefined && !makeAccepted(context)) {
        const error = makeFailure(context.cause as CallCause);
        enqueue.emit({ type: 'reply', callId: context.callId, kind: 'make', request: context.requests.make ?? undefined, error });
      }
      // An answer the call never got to (the caller gave up, the application dropped it) fails the same way.
      if (context.requests.answer !== undefined && (context.reached & CONNECTED_BIT) === 0) {
        const error = makeFailure(context.cause as CallCause);
        enqueue.emit({ type: 'reply', callId: context.callId, kind: 'answer', request: context.requests.answer ?? undefined, error });
      }
      // A hold, unhold or transfer the call ended before: it failed (ADR 0010).
      if (context.pending) {
        const error = makeFailure(context.cause as CallCause);
        enqueue.emit({ type: 'reply', callId: context.callId, kind: context.pending.kind, request: context.pending.request ?? undefined, error });
      }
      for (const request of context.requests.drops) {
        enqueue.emit({ type: 'reply', callId: context.callId, kind: 'drop', request, error: null });
      }
    }),
    announceEnd: emit(({ context }) => ({
      type: 'ended' as const,
      callId: context.callId,
      cause: context.cause as CallCause,
      at: context.enteredAt,
    })),
    /**
     * The far end pressed a key: tell the listeners. A provider that reports anything but one DTMF
     * digit (0-9, A-D, `*`, `#`; a-d taken as A-D) is warned about instead, as for any lie.
     */
    announceDigit: emit(({ context, event, self }): CallEmitted => {
      const given = event.type === 'PROVIDER.DIGIT' ? event.digit : undefined;
      const digit = typeof given === 'string' && given.length === 1 ? dtmfOnly(given) : '';
      if (digit === '') {
        const message = `provider event PROVIDER.DIGIT carries ${JSON.stringify(given)}, not one DTMF digit; ignored`;
        return { type: 'warning', callId: context.callId, state: context.state, event: 'PROVIDER.DIGIT', message };
      }
      return { type: 'digit', callId: context.callId, digit, via: (event.type === 'PROVIDER.DIGIT' && event.via) || null, at: now(self) };
    }),
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
  // The call starts in idle, stamped here rather than by an update on entry.
  context: ({ input, self }) => ({
    callId: input.callId,
    line: input.line ?? {
      provider: input.provider ?? detachedService(),
      lineIndex: input.lineIndex,
      autoClear: input.autoClear ?? false,
      autoAnswer: input.autoAnswer ?? false,
      transferRequests: input.transferRequests ?? 'refuse',
      features: input.features ?? NO_FEATURES,
    },
    address: input.address,
    destination: input.destination,
    dialComplete: input.complete,
    incoming: input.incoming ?? null,
    params: input.params ?? defaultCallParams,
    state: 'idle',
    mode: null,
    enteredAt: now(self),
    connectedAt: null,
    reached: callStateBit('idle'),
    released: false,
    cause: null,
    requests: NO_REQUESTS,
    redirections: NO_REDIRECTIONS,
    pending: null,
    transferRequest: null,
    transferOf: input.transferOf ?? null,
  }),
  on: {
    // A provider that lies: an event no state below takes. Ignore it and say so.
    'PROVIDER.*': { actions: 'warnImpossible' },
  },
  initial: 'idle',
  states: {
    idle: {
      description: 'The call exists and nothing has reached the provider yet. TAPI 3 CS_IDLE (after ITAddress.CreateCall); TAPI 2 never shows it, since the handle is void until LINE_REPLY.',
      meta: { tapi2: null, tapi3: 'CS_IDLE', see: 'ITAddress::CreateCall; ITBasicCallControl::Connect' },
      // Not announced: the call starts here before anyone can listen to it (its snapshot says so).
      // A call that arrived is offered at once: it never waits here.
      always: { guard: 'incoming', target: 'offering' },
      on: {
        MAKE: 'placing',
        DROP: 'ended',
      },
    },
    offering: {
      description:
        'A call has arrived and is offered to the station; nobody has claimed it yet (LINECALLSTATE_OFFERING). The owner may accept it (the caller then hears ringback), answer it, or reject it (drop, with the mode the caller is given); the caller may give up.',
      meta: { tapi2: 'LINECALLSTATE_OFFERING', tapi3: 'CS_OFFERING', see: 'LINECALLSTATE_ constants; lineAccept; lineAnswer; ITBasicCallControl::Answer' },
      entry: [{ type: 'enter', params: { state: 'offering' } }, 'announce', 'attachToProvider'],
      // A line that answers everything (autoAnswer) answers at once, in the same step.
      always: { guard: 'autoAnswer', target: 'answering' },
      on: {
        ...offered,
        ACCEPT: { target: 'accepted', actions: ['acceptToProvider', 'replyNow'] },
      },
    },
    accepted: {
      description:
        'The owner has claimed the offered call and the caller hears ringback (LINECALLSTATE_ACCEPTED); it can still be answered or rejected, and the caller may still give up.',
      meta: { tapi2: 'LINECALLSTATE_ACCEPTED', tapi3: 'CS_OFFERING', see: 'LINECALLSTATE_ constants; lineAccept' },
      entry: [{ type: 'enter', params: { state: 'accepted' } }, 'announce'],
      on: offered,
    },
    answering: {
      description:
        'The answer is with the provider, which has not confirmed the call yet (lineAnswer pending; SIP: the 200 OK is out, its ACK not in). The caller may still give up; a provider that never confirms has the call dropped.',
      meta: { tapi2: null, tapi3: 'CS_OFFERING', see: 'lineAnswer; TSPI_lineAnswer; RFC 3261 §13.3.1.4' },
      entry: [{ type: 'enter', params: { state: 'answering' } }, 'announce', 'answerToProvider'],
      on: {
        ...farEnd,
        'PROVIDER.CONNECTED': { target: 'connected', actions: 'answered' },
        PROVIDER_TIMEOUT: 'dropping',
      },
    },
    placing: {
      description: 'The make is with the provider, which has not accepted it yet: lineMakeCall has returned its request id and LINE_REPLY is pending (TSPI_lineMakeCall). The first progress the provider reports accepts the call.',
      meta: { tapi2: null, tapi3: 'CS_INPROGRESS', see: 'lineMakeCall; TSPI_lineMakeCall' },
      entry: [{ type: 'enter', params: { state: 'placing' } }, 'announce', 'makeToProvider'],
      on: {
        PROVIDER_TIMEOUT: 'ended',
        'PROVIDER.DIALTONE': { target: 'dialtone', actions: 'acceptMake' },
        'PROVIDER.DIALING': { target: 'dialing', actions: 'acceptMake' },
        'PROVIDER.PROCEEDING': { target: 'alerting.proceeding', actions: 'acceptMake' },
        'PROVIDER.RINGBACK': { target: 'alerting.ringback', actions: 'acceptMake' },
        'PROVIDER.BUSY': { target: 'busy', actions: 'acceptMake' },
        'PROVIDER.CONNECTED': { target: 'connected', actions: 'acceptMake' },
        'PROVIDER.DISCONNECTED': { target: 'disconnected', actions: 'acceptMake' },
        'PROVIDER.FAILED': 'ended',
        'PROVIDER.IDLE': 'ended',
        // Sent elsewhere before the provider accepted the make: noted, the make still waits.
        ...onItsWay,
        DROP: 'dropping',
      },
    },
    dialtone: {
      description: 'The switch gives dial tone and waits for digits (LINECALLSTATE_DIALTONE, with a LINEDIALTONEMODE_). lineDial is allowed here.',
      meta: { tapi2: 'LINECALLSTATE_DIALTONE', tapi3: 'CS_INPROGRESS', see: 'LINECALLSTATE_ constants; lineDial' },
      entry: [{ type: 'enter', params: { state: 'dialtone' } }, 'announce'],
      on: {
        ...setupOutcomes,
        ...onItsWay,
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
        ...onItsWay,
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
        ...onItsWay,
        NOANSWER_TIMEOUT: { target: 'disconnected', actions: 'dropToProvider' },
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
      description:
        'The call is established and information can flow (LINECALLSTATE_CONNECTED, with a LINECONNECTEDMODE_: ACTIVEHELD while the far end holds us). Digits now go as DTMF (lineGenerateDigits), not as dialling. The call can be held, or transferred blind.',
      meta: { tapi2: 'LINECALLSTATE_CONNECTED', tapi3: 'CS_CONNECTED', see: 'LINECALLSTATE_ constants; LINECONNECTEDMODE_ constants; lineGenerateDigits; lineHold; lineBlindTransfer' },
      entry: [{ type: 'enter', params: { state: 'connected' } }, 'announce'],
      on: {
        ...farEnd,
        ...transferred,
        ...transferee,
        ...keyPresses,
        // The far end holds us or takes us back: the same state with the new mode (a
        // LINE_CALLSTATE CONNECTED with the new dwParam2).
        'PROVIDER.CONNECTED': [{ guard: 'modeChanges', target: 'connected', reenter: true }, {}],
        // Our hold confirmed (for a transfer: pending it), or the switch held the call on its own.
        'PROVIDER.ONHOLD': [
          { guard: 'holdForTransfer', target: 'onHoldPendTransfer', actions: 'settle' },
          { target: 'onHold', actions: 'settle' },
        ],
        GENERATE_DIGITS: { actions: ['digitsToProvider', 'replyNow'] },
        HOLD: { guard: 'canHold', actions: ['notePending', 'holdToProvider'] },
        SETUP_TRANSFER: { guard: 'canTransfer', actions: ['notePending', 'holdToProvider'] },
        BLIND_TRANSFER: { guard: 'canBlindTransfer', actions: ['notePending', 'blindTransferToProvider'] },
      },
    },
    onHold: {
      description:
        'We hold the call (LINECALLSTATE_ONHOLD): the far end hears nothing from us. It can be taken back, transferred blind, or set up for a transfer; the far end may still hang up, and the call may still be dropped.',
      meta: { tapi2: 'LINECALLSTATE_ONHOLD', tapi3: 'CS_HOLD', see: 'LINECALLSTATE_ constants; lineHold; lineUnhold; ITBasicCallControl::Hold' },
      entry: [{ type: 'enter', params: { state: 'onHold' } }, 'announce'],
      on: {
        ...farEnd,
        ...transferred,
        ...transferee,
        ...held,
        ...keyPresses,
        SETUP_TRANSFER: { guard: 'canTransfer', target: 'onHoldPendTransfer', actions: 'replyNow' },
        COMPLETE_TRANSFER: { guard: 'canTransfer', actions: ['notePending', 'transferToProvider'] },
        BLIND_TRANSFER: { guard: 'canBlindTransfer', actions: ['notePending', 'blindTransferToProvider'] },
      },
    },
    onHoldPendTransfer: {
      description:
        'We hold the call while a consultation call is set up to the transfer target (LINECALLSTATE_ONHOLDPENDTRANSFER). Completing the transfer joins the two far ends and releases us; if the consultation call ends first, the call is back on plain hold.',
      meta: { tapi2: 'LINECALLSTATE_ONHOLDPENDTRANSFER', tapi3: 'CS_HOLD', see: 'LINECALLSTATE_ constants; lineSetupTransfer; lineCompleteTransfer; ITBasicCallControl::Transfer' },
      entry: [{ type: 'enter', params: { state: 'onHoldPendTransfer' } }, 'announce'],
      on: {
        ...farEnd,
        ...transferred,
        ...transferee,
        ...held,
        ...keyPresses,
        COMPLETE_TRANSFER: { guard: 'canTransfer', actions: ['notePending', 'transferToProvider'] },
        CANCEL_TRANSFER: 'onHold',
      },
    },
    disconnected: {
      description: 'The far end has gone or the attempt failed (LINECALLSTATE_DISCONNECTED, with the LINEDISCONNECTMODE_ that says why). The call stays until it is dropped; with autoClear that happens at once.',
      meta: { tapi2: 'LINECALLSTATE_DISCONNECTED', tapi3: 'CS_DISCONNECTED', see: 'LINECALLSTATE_ constants; lineDrop' },
      // A hold, unhold or transfer still pending can no longer happen: it fails now, not at the
      // drop the application may send much later (ADR 0010).
      entry: [{ type: 'enter', params: { state: 'disconnected' } }, 'failPending', 'announce'],
      always: [
        { guard: 'autoClear', target: 'dropping' },
      ],
      on: {
        'PROVIDER.IDLE': { actions: 'markReleased' },
        'PROVIDER.DISCONNECTED': {},
        'PROVIDER.FAILED': {},
        // The answer to a hold or transfer that crossed the far end's hang-up: expected, and
        // already answered on the way in (failPending).
        'PROVIDER.ONHOLD': {},
        'PROVIDER.TRANSFERRED': {},
        'PROVIDER.REQUEST_FAILED': {},
        // A key pressed as the far end hung up: expected, and too late to report.
        'PROVIDER.DIGIT': {},
        DROP: [
          { guard: 'released', target: 'ended' },
          { target: 'dropping' },
        ],
      },
    },
    dropping: {
      description: 'A drop is with the provider, which has not confirmed it yet (lineDrop pending). An answer that crosses the drop is dropped again, so no call is left half-open.',
      meta: { tapi2: null, tapi3: null, see: 'lineDrop; RFC 3261 §9.1 (CANCEL crossing a 200)' },
      entry: [{ type: 'enter', params: { state: 'dropping' } }, 'announce', 'dropToProvider'],
      on: {
        PROVIDER_TIMEOUT: 'ended',
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
      entry: [{ type: 'enter', params: { state: 'ended' } }, 'announce', 'replyPending', 'announceEnd'],
    },
  },
  output: ({ context }) => context.cause as CallCause,
});

/** The machine type, for typing refs and snapshots. */
export type CallMachine = typeof callMachine;
