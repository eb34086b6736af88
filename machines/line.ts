/**
 * The line supervisor: one actor per open line device. It invokes its provider's side of the
 * line as a service for the line's whole life (`provider-service.ts`: it opens the line at the
 * provider, carries the calls' commands and reports, and closes the line), spawns one call
 * actor per call up to the line's limit (LINEADDRESSCAPS dwMaxNumActiveCalls;
 * a further call is refused with LINEERR_CALLUNAVAIL, as TSPI_lineMakeCall does), removes every
 * call that ends, and on close drops its calls and waits for them to end before it releases the
 * line (lineClose: "all calls on the line are dropped").
 *
 * While open, the provider may take the line out of service and bring it back (a SIP registration
 * lapses and is renewed): `open` has two substates, `inService` and `outOfService`, the line
 * refuses new calls with LINEERR_INVALLINESTATE while out of service, and it emits `line.service`
 * on each change (TAPI's LINE_LINEDEVSTATE with LINEDEVSTATE_OUTOFSERVICE / _INSERVICE). The
 * provider fails the line's calls itself (the contract's rule 8); the line does not drop them.
 *
 * The calls are the line's children (XState's own registry: nothing else keeps them), in slots
 * `1` … `<max>` (integer-like, see {@link freeSlot}; the provider service is child `0`) that are reused. XState keeps a memo per event type for the life of
 * a machine, and a child's done event is typed after its id, so unique ids would leak a little
 * per call; bounded slot ids keep that bounded. A finished call is stopped and released at the
 * provider at once, so a line keeps no trace of it. Creating and removing a call changes nothing
 * in the line's context: a call costs the line two steps and no update of its own state.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { lineMachine } from 'xtapi/machines';
 *
 * const line = createActor(lineMachine, { input: { deviceId: 0, providerIndex: 0, lineIndex: 0, device } }).start();
 * line.on('call.created', ({ slot }) => console.log(line.getSnapshot().children[slot]));
 * line.send({ type: 'CALL.CREATE', callId: 'c1', address: '5550111', destination: '5550111', complete: true });
 * ```
 */
import { type ActorRefFrom, type AnyActorRef, assign, emit, enqueueActions, sendTo, setup } from 'xstate';
import type { CallParams, LineDevice, LineErrorName, ProviderDetail } from '../providers/provider.js';
import { callMachine } from './call.js';
import type { CallLine, TransferRequests } from './call-context.js';
import type { CallCause } from './events.js';
import { type LineServiceReport, lineService } from './provider-service.js';

/** A call actor as the line holds it. */
export type CallActorRef = ActorRefFrom<typeof callMachine>;

/** What a line supervisor is created with. */
export interface LineInput {
  /** The telephony-wide device id (0 … n-1 over all providers). */
  deviceId: number;
  /** Which of the telephony's providers owns the line. */
  providerIndex: number;
  /** The line's index within its provider. */
  lineIndex: number;
  /** The line's capabilities. */
  device: LineDevice;
  /**
   * Whether calls that arrive on the line are dropped as soon as the caller has gone (see
   * `CallInput.autoClear`; default false, as TAPI 2 applications drop them themselves).
   */
  autoClear?: boolean;
  /**
   * Whether calls that arrive are answered at once, by the call itself (see `CallInput.autoAnswer`;
   * default false: the application answers).
   */
  autoAnswer?: boolean;
  /**
   * What the line's calls do when the far end asks them to transfer themselves (rule 11 of the
   * provider contract; see `CallInput.transferRequests`): refuse at once (the default) or ask.
   */
  transferRequests?: TransferRequests;
  /**
   * How long the provider may take to accept a make or to confirm a drop, in ms (default 30 s):
   * the line's provider service ends a call it waits on longer (`PROVIDER_TIMEOUT`).
   */
  providerTimeout?: number;
}

/** The line's extended state. */
export interface LineContext {
  deviceId: number;
  providerIndex: number;
  lineIndex: number;
  device: LineDevice;
  autoClear: boolean;
  autoAnswer: boolean;
  transferRequests: TransferRequests;
  providerTimeout: number | undefined;
  /** Why the line could not be opened: the LINEERR_, the provider's words, the protocol's detail. */
  error: LineErrorName | null;
  reason: string | null;
  detail: ProviderDetail | null;
  /** Why the provider took the open line out of service (its message); null while in service. */
  outOfService: string | null;
}

/** How a line ended: why it could not be opened (all null for a line that opened and closed). */
export interface LineOutput {
  error: LineErrorName | null;
  reason: string | null;
  detail: ProviderDetail | null;
}

/** The line states, as the line emits them. */
export type LineState = 'opening' | 'open' | 'closing' | 'releasing' | 'failed' | 'closed';

/** A request to create a call on the line (it starts in `idle`; MAKE it to place it). */
export interface CreateCallEvent {
  type: 'CALL.CREATE';
  callId: string;
  address: string | null;
  destination: string;
  complete: boolean;
  params?: CallParams;
  autoClear?: boolean;
  /** The call whose far end asked for this one (rule 11 of the provider contract). */
  transferOf?: string;
}

/** Everything a line supervisor receives. */
export type LineEvent =
  | CreateCallEvent
  | { type: 'CLOSE' }
  | { type: 'LINE.EMPTY' }
  | LineServiceReport
  | { type: `xstate.done.actor.${string}`; output: CallCause; actorId: string };

/**
 * The open line went out of service (`inService` false, with the LINEERR_ that new calls get and
 * the provider's message) or came back (`inService` true, `error` and `message` null): TAPI's
 * LINE_LINEDEVSTATE with LINEDEVSTATE_OUTOFSERVICE or LINEDEVSTATE_INSERVICE.
 */
export interface LineServiceChange {
  type: 'line.service';
  deviceId: number;
  inService: boolean;
  error: LineErrorName | null;
  message: string | null;
}

/** Everything a line supervisor emits. */
export type LineEmitted =
  | { type: 'call.created'; callId: string; slot: string }
  | { type: 'call.refused'; callId: string; error: LineErrorName }
  /** A call arrived and was taken: the call actor is the line's child `slot`, in offering. */
  | { type: 'call.offered'; callId: string; slot: string }
  | { type: 'line.state'; deviceId: number; state: LineState; error: LineErrorName | null }
  | LineServiceChange;

/** What the slot helpers read of a line's snapshot: its children and its capabilities. */
export interface LineView {
  children: Record<string, unknown>;
  context: Pick<LineContext, 'device'>;
}

/**
 * The id of the line's provider service among its children; every other child is a call, in
 * slots `1` … `maxCalls`. It is `0`, not a name, so that the line's `children` has integer-like
 * keys only: XState copies that object each time a call is spawned or stopped, and V8 copies an
 * object with integer-like keys only in a fraction of the time it takes for one with a named key
 * among them, a difference that grows with the calls a line holds (BENCHMARKS.md, "Calls that
 * arrive").
 */
export const PROVIDER_CHILD = '0';

/** The calls the line holds now, by slot id. */
export function callsOf(line: Pick<LineView, 'children'>): Record<string, CallActorRef> {
  const calls: Record<string, CallActorRef> = {};
  for (const slot in line.children) if (slot !== PROVIDER_CHILD) calls[slot] = line.children[slot] as CallActorRef;
  return calls;
}

/** The {@link CallLine}s each line's calls share, by the line's provider service (one per policy). */
const CALL_LINES = new WeakMap<AnyActorRef, Map<number, CallLine>>();

/**
 * What the line gives a call (its provider service, index, policies, features): one object per
 * line and policy, shared by all its calls, so a held call costs no copy of it.
 */
function callLine(provider: AnyActorRef | undefined, context: Pick<LineContext, 'lineIndex' | 'device' | 'transferRequests'>, autoClear: boolean, autoAnswer: boolean): CallLine | undefined {
  if (!provider) return undefined;
  let lines = CALL_LINES.get(provider);
  if (!lines) CALL_LINES.set(provider, (lines = new Map()));
  const { transferRequests } = context;
  const key = (autoClear ? 1 : 0) + (autoAnswer ? 2 : 0) + (transferRequests === 'ask' ? 4 : 0);
  let shared = lines.get(key);
  if (!shared) {
    shared = Object.freeze({ provider, lineIndex: context.lineIndex, autoClear, autoAnswer, transferRequests, features: context.device.features ?? {} });
    lines.set(key, shared);
  }
  return shared;
}

/** Slot ids made so far, shared by every line: slot `i` (from 1) is `String(i)`, made once. */
const SLOT_IDS: string[] = [];

/**
 * The first free slot id, or null when the line is at its limit. Slot ids are integer-like
 * strings on purpose: XState copies a parent's `children` object each time a child is spawned or
 * stopped, and V8 copies integer-keyed entries far faster than named ones, which a line with a
 * hundred calls pays twice per call (measured in BENCHMARKS.md, "Calls that arrive").
 */
export function freeSlot(line: LineView): string | null {
  for (let i = 1; i <= line.context.device.maxCalls; i++) {
    const slot = SLOT_IDS[i] ?? (SLOT_IDS[i] = String(i));
    if (!(slot in line.children)) return slot;
  }
  return null;
}

/** The number of calls the line holds now (LINEDEVSTATUS dwNumActiveCalls). */
export function activeCalls(line: Pick<LineView, 'children'>): number {
  let n = 0;
  for (const slot in line.children) if (slot !== PROVIDER_CHILD) n++;
  return n;
}

/** The line supervisor machine. */
export const lineMachine = setup({
  types: {
    context: {} as LineContext,
    events: {} as LineEvent,
    input: {} as LineInput,
    emitted: {} as LineEmitted,
    output: {} as LineOutput,
  },
  actors: { call: callMachine, lineService },

  actions: {
    announce: emit(({ context }, params: { state: LineState }) => ({
      type: 'line.state' as const,
      deviceId: context.deviceId,
      state: params.state,
      error: context.error,
    })),
    /**
     * Take a call into a free slot, or refuse it with LINEERR_CALLUNAVAIL when every call
     * appearance is in use (TSPI_lineMakeCall; LINEADDRESSCAPS dwMaxNumActiveCalls). The slots
     * are the line's children, so the check reads them, and the call is spawned as one more.
     */
    spawnCall: enqueueActions(({ context, event, enqueue, self }) => {
      if (event.type !== 'CALL.CREATE') return;
      const line = self.getSnapshot();
      const slot = freeSlot(line);
      if (slot === null) {
        enqueue.emit({ type: 'call.refused', callId: event.callId, error: 'CALLUNAVAIL' });
        return;
      }
      enqueue.spawnChild('call', {
        id: slot,
        input: {
          callId: event.callId,
          lineIndex: context.lineIndex,
          line: callLine(line.children[PROVIDER_CHILD], context, event.autoClear ?? false, false),
          address: event.address,
          destination: event.destination,
          complete: event.complete,
          params: event.params,
          transferOf: event.transferOf,
        },
      });
      enqueue.emit({ type: 'call.created', callId: event.callId, slot });
    }),
    /**
     * A call arrived: take it into a free slot, offered to the applications (`call.offered`), or,
     * with every call appearance in use, have the provider refuse it as busy (SIP 486) and create
     * nothing.
     */
    takeCall: enqueueActions(({ context, event, enqueue, self }) => {
      if (event.type !== 'CALL.OFFERED') return;
      const line = self.getSnapshot();
      const slot = freeSlot(line);
      if (slot === null) {
        enqueue.sendTo(PROVIDER_CHILD, { type: 'REFUSE', callId: event.callId });
        return;
      }
      enqueue.spawnChild('call', {
        id: slot,
        input: {
          callId: event.callId,
          lineIndex: context.lineIndex,
          line: callLine(line.children[PROVIDER_CHILD], context, context.autoClear, context.autoAnswer),
          incoming: event.incoming,
          address: null,
          destination: '',
          complete: true,
        },
      });
      enqueue.emit({ type: 'call.offered', callId: event.callId, slot });
    }),
    /** A call arrived where the line takes none (out of service, closing): refused as busy. */
    refuseOffer: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'CALL.OFFERED') enqueue.sendTo(PROVIDER_CHILD, { type: 'REFUSE', callId: event.callId });
    }),
    refuseCall: emit(({ event }, params: { error: LineErrorName }) => ({
      type: 'call.refused' as const,
      callId: event.type === 'CALL.CREATE' ? event.callId : '',
      error: params.error,
    })),
    /**
     * A call ended: stop it (which takes it from the children) and release it at the provider.
     * The last one to go lets a closing line release itself.
     */
    removeCall: enqueueActions(({ event, enqueue, self }) => {
      if (!('actorId' in event)) return;
      const line = self.getSnapshot();
      const ref = line.children[event.actorId] as CallActorRef | undefined;
      if (!ref || event.actorId === PROVIDER_CHILD) return;
      enqueue.stopChild(ref);
      enqueue.sendTo(PROVIDER_CHILD, { type: 'RELEASE', callId: ref.getSnapshot().context.callId });
      if (line.matches('closing') && activeCalls(line) === 1) enqueue.raise({ type: 'LINE.EMPTY' });
    }),
    /** lineClose: drop every call; with none left, the line can release itself at once. */
    dropAll: enqueueActions(({ enqueue, self }) => {
      const calls = Object.values(callsOf(self.getSnapshot()));
      for (const ref of calls) enqueue.sendTo(ref, { type: 'DROP' });
      if (calls.length === 0) enqueue.raise({ type: 'LINE.EMPTY' });
    }),
    noteError: assign(({ event }) =>
      event.type === 'LINE.OPEN_FAILED' ? { error: event.error, reason: event.message || null, detail: event.detail ?? null } : { error: 'OPERATIONFAILED' as const },
    ),
    closeAtProvider: sendTo(PROVIDER_CHILD, { type: 'CLOSE' }),
    noteService: assign({ outOfService: ({ event }) => (event.type === 'PROVIDER.LINE.OUTOFSERVICE' ? event.message : null) }),
    announceService: emit(({ context }) => ({
      type: 'line.service' as const,
      deviceId: context.deviceId,
      inService: context.outOfService === null,
      error: context.outOfService === null ? null : ('INVALLINESTATE' as const),
      message: context.outOfService,
    })),
  },
}).createMachine({
  id: 'line',
  description: 'One open line device: its calls, its limit, its opening and closing (lineOpen, lineClose).',
  context: ({ input }) => ({
    deviceId: input.deviceId,
    providerIndex: input.providerIndex,
    lineIndex: input.lineIndex,
    device: input.device,
    autoClear: input.autoClear ?? false,
    autoAnswer: input.autoAnswer ?? false,
    transferRequests: input.transferRequests ?? 'refuse',
    providerTimeout: input.providerTimeout,
    error: null,
    reason: null,
    detail: null,
    outOfService: null,
  }),
  invoke: {
    id: PROVIDER_CHILD,
    src: 'lineService',
    input: ({ context }) => ({
      deviceId: context.deviceId,
      providerIndex: context.providerIndex,
      lineIndex: context.lineIndex,
      providerTimeout: context.providerTimeout ?? 30_000,
    }),
  },
  on: {
    'xstate.done.actor.*': { actions: 'removeCall' },
    // The line takes calls only while open and in service; every other state refuses them.
    'CALL.CREATE': { actions: { type: 'refuseCall', params: { error: 'INVALLINESTATE' } } },
    'CALL.OFFERED': { actions: 'refuseOffer' },
  },
  initial: 'opening',
  states: {
    opening: {
      description: 'The provider is opening the line (a SIP provider registers). lineOpen has not returned yet.',
      meta: { see: 'lineOpen' },
      entry: { type: 'announce', params: { state: 'opening' } },
      on: {
        'LINE.OPENED': 'open',
        'LINE.OPEN_FAILED': { target: 'failed', actions: 'noteError' },
        CLOSE: 'releasing',
      },
    },
    open: {
      description: 'The line is open. The provider may take it out of service and bring it back at any time until it closes.',
      meta: { see: 'lineOpen; LINEDEVSTATUS dwLineFeatures' },
      entry: { type: 'announce', params: { state: 'open' } },
      exit: 'noteService',
      initial: 'inService',
      on: { CLOSE: 'closing' },
      states: {
        inService: {
          description: 'In service: calls can be made up to its limit (LINEFEATURE_MAKECALL while a slot is free); a call over the limit is refused with LINEERR_CALLUNAVAIL.',
          meta: { tapi2: 'LINEDEVSTATUSFLAGS_INSERVICE', tapi3: 'AS_INSERVICE', see: 'LINEDEVSTATUS dwDevStatusFlags, dwLineFeatures' },
          on: {
            'CALL.CREATE': { actions: 'spawnCall' },
            'CALL.OFFERED': { actions: 'takeCall' },
            'PROVIDER.LINE.OUTOFSERVICE': { target: 'outOfService', actions: ['noteService', 'announceService'] },
          },
        },
        outOfService: {
          description:
            'Out of service (a SIP registration lapsed): the provider has failed the calls; new ones are refused with LINEERR_INVALLINESTATE until it is back.',
          meta: { tapi2: 'LINEDEVSTATE_OUTOFSERVICE', tapi3: 'AS_OUTOFSERVICE', see: 'LINE_LINEDEVSTATE; lineMakeCall (LINEERR_INVALLINESTATE)' },
          on: {
            'CALL.CREATE': { actions: { type: 'refuseCall', params: { error: 'INVALLINESTATE' } } },
            // Still out of service, for a new reason: keep the latest, announce no change.
            'PROVIDER.LINE.OUTOFSERVICE': { actions: 'noteService' },
            'PROVIDER.LINE.INSERVICE': { target: 'inService', actions: ['noteService', 'announceService'] },
          },
        },
      },
    },
    closing: {
      description: 'The line is closing: every call is dropped, and the line waits until they have all ended.',
      meta: { see: 'lineClose' },
      entry: [{ type: 'announce', params: { state: 'closing' } }, 'dropAll'],
      on: { 'LINE.EMPTY': 'releasing' },
    },
    releasing: {
      description: 'All calls have ended; the provider releases the line (a SIP provider unregisters).',
      meta: { see: 'lineClose' },
      entry: [{ type: 'announce', params: { state: 'releasing' } }, 'closeAtProvider'],
      on: { 'LINE.CLOSED': 'closed' },
    },
    failed: {
      type: 'final',
      description: 'The provider refused to open the line; `error` says why.',
      entry: { type: 'announce', params: { state: 'failed' } },
    },
    closed: {
      type: 'final',
      description: 'The line is closed and holds nothing.',
      entry: { type: 'announce', params: { state: 'closed' } },
    },
  },
  output: ({ context }) => ({ error: context.error, reason: context.reason, detail: context.detail }),
});

/** The machine type, for typing refs and snapshots. */
export type LineMachine = typeof lineMachine;
