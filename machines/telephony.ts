/**
 * The telephony root: the one actor at the top of a telephony's actor system. It knows the line
 * devices of all providers (device ids 0 … n-1, provider by provider, as TAPI numbers the devices
 * of its service providers), spawns a line supervisor for each line that is opened, removes it
 * when it has closed, and on shutdown closes every line and ends once none is left.
 *
 * Lines are the root's children, one per open device, with ids `line-<deviceId>`: bounded, so the
 * done events of closed lines cannot leak, and spread out, so no parent ever holds thousands of
 * calls (spawning and stopping children copies the parent's child map: `docs/reference/xstate-behaviour.md`,
 * "Many children under one parent are slow", statelyai/xstate#4990).
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { telephonyMachine } from 'xtapi/machines';
 *
 * const root = createActor(telephonyMachine, { input: { devices } }).start();
 * root.send({ type: 'LINE.OPEN', deviceId: 0 });
 * root.getSnapshot().context.lines['line-0']; // the line supervisor
 * ```
 */
import type { TransferRequests } from './call-context.js';
import { type ActorRefFrom, and, emit, enqueueActions, setup, stopChild } from 'xstate';
import type { LineDevice, LineErrorName } from '../providers/provider.js';
import { lineMachine } from './line.js';

/** A line supervisor as the root holds it. */
export type LineActorRef = ActorRefFrom<typeof lineMachine>;

/** One line device of one provider, numbered telephony-wide. */
export interface DeviceEntry {
  deviceId: number;
  providerIndex: number;
  providerName: string;
  lineIndex: number;
  device: LineDevice;
}

/** What the root is created with. */
export interface TelephonyInput {
  devices: readonly DeviceEntry[];
  /** Passed on to every line (see `LineInput.providerTimeout`). */
  providerTimeout?: number;
}

/** The root's extended state. */
export interface TelephonyContext {
  devices: readonly DeviceEntry[];
  providerTimeout: number | undefined;
  /** The open lines, by id `line-<deviceId>`. */
  lines: Record<string, LineActorRef>;
}

/** Everything the root receives. */
export type TelephonyEvent =
  /**
   * `autoClear`: calls that arrive on the line are dropped once the caller has gone; `autoAnswer`:
   * they answer themselves as they are offered; `transferRequests`: whether the far end's transfer
   * requests are put to the applications (see `LineInput`).
   */
  | { type: 'LINE.OPEN'; deviceId: number; autoClear?: boolean; autoAnswer?: boolean; transferRequests?: TransferRequests }
  | { type: 'LINE.CLOSE'; deviceId: number }
  | { type: 'SHUTDOWN' }
  | { type: `xstate.done.actor.${string}`; output: { error: LineErrorName | null }; actorId: string };

/** Everything the root emits. */
export type TelephonyEmitted =
  | { type: 'line.spawned'; deviceId: number; id: string }
  | { type: 'line.refused'; deviceId: number; error: LineErrorName }
  | { type: 'line.removed'; deviceId: number; id: string; error: LineErrorName | null };

/** The id of the line supervisor for a device. */
export const lineId = (deviceId: number) => `line-${deviceId}`;

/** The telephony root machine. */
export const telephonyMachine = setup({
  types: {
    context: {} as TelephonyContext,
    events: {} as TelephonyEvent,
    input: {} as TelephonyInput,
    emitted: {} as TelephonyEmitted,
  },
  actors: { line: lineMachine },
  guards: {
    knownDevice: ({ context, event }) =>
      event.type === 'LINE.OPEN' && Number.isInteger(event.deviceId) && context.devices[event.deviceId] !== undefined,
    notOpen: ({ context, event }) => event.type === 'LINE.OPEN' && !(lineId(event.deviceId) in context.lines),
    noLines: ({ context }) => Object.keys(context.lines).length === 0,
  },
  actions: {
    spawnLine: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'LINE.OPEN') return;
      const entry = context.devices[event.deviceId];
      const id = lineId(entry.deviceId);
      enqueue.assign({
        lines: ({ spawn }) => ({
          ...context.lines,
          [id]: spawn('line', {
            id,
            input: {
              deviceId: entry.deviceId,
              providerIndex: entry.providerIndex,
              lineIndex: entry.lineIndex,
              device: entry.device,
              autoClear: event.autoClear,
              autoAnswer: event.autoAnswer,
              transferRequests: event.transferRequests,
              providerTimeout: context.providerTimeout,
            },
          }),
        }),
      });
      enqueue.emit({ type: 'line.spawned', deviceId: entry.deviceId, id });
    }),
    refuseLine: emit(({ event }, params: { error: LineErrorName }) => ({
      type: 'line.refused' as const,
      deviceId: event.type === 'LINE.OPEN' ? event.deviceId : -1,
      error: params.error,
    })),
    closeLine: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'LINE.CLOSE') return;
      const ref = context.lines[lineId(event.deviceId)];
      if (ref) enqueue.sendTo(ref, { type: 'CLOSE' });
    }),
    closeAll: enqueueActions(({ context, enqueue }) => {
      for (const ref of Object.values(context.lines)) enqueue.sendTo(ref, { type: 'CLOSE' });
    }),
    /** A line ended (closed or failed to open): stop it and forget it. */
    removeLine: enqueueActions(({ context, event, enqueue }) => {
      if (!('actorId' in event)) return;
      const ref = context.lines[event.actorId];
      if (!ref) return;
      const { [event.actorId]: _, ...lines } = context.lines;
      enqueue(stopChild(event.actorId));
      enqueue.assign({ lines });
      enqueue.emit({
        type: 'line.removed',
        deviceId: ref.getSnapshot().context.deviceId,
        id: event.actorId,
        error: event.output?.error ?? null,
      });
    }),
  },
}).createMachine({
  id: 'telephony',
  description: 'The root of a telephony: the line devices of all providers and the lines that are open.',
  context: ({ input }) => ({ devices: input.devices, providerTimeout: input.providerTimeout, lines: {} }),
  on: {
    'xstate.done.actor.*': { actions: 'removeLine' },
  },
  initial: 'running',
  states: {
    running: {
      description: 'Lines can be opened and closed.',
      on: {
        'LINE.OPEN': [
          { guard: and(['knownDevice', 'notOpen']), actions: 'spawnLine' },
          { guard: 'knownDevice', actions: { type: 'refuseLine', params: { error: 'ALLOCATED' } } },
          { actions: { type: 'refuseLine', params: { error: 'BADDEVICEID' } } },
        ],
        'LINE.CLOSE': { actions: 'closeLine' },
        SHUTDOWN: 'stopping',
      },
    },
    stopping: {
      description: 'Every line is being closed (lineShutdown); the root ends when none is left.',
      entry: 'closeAll',
      always: { guard: 'noLines', target: 'stopped' },
      on: {
        'LINE.OPEN': { actions: { type: 'refuseLine', params: { error: 'INVALLINESTATE' } } },
      },
    },
    stopped: {
      type: 'final',
      description: 'Nothing is left: no line, no call.',
    },
  },
});

/** The machine type, for typing refs and snapshots. */
export type TelephonyMachine = typeof telephonyMachine;
