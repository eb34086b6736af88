/**
 * The call chart, transition by transition, with XState's pure `transition()`: no actor runs,
 * no timer, no provider. Every transition the chart defines has a row here, and the last test
 * fails if one is added without a row.
 */
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../machines/call.js';
import type { CallCause, CallEmitted, CallEvent, CallState } from '../../machines/events.js';
import type { CallInput } from '../../machines/call.js';
import { at, chartTransitions, step } from './call-helpers.js';

interface Row {
  /** The transition this row covers: `stateNodeId|eventDescriptor`. */
  key: string;
  name: string;
  from: CallState;
  context?: Partial<CallContext>;
  input?: Partial<CallInput>;
  event: CallEvent | { type: string; [key: string]: unknown };
  /** The state after the step ('same' = a targetless transition). */
  to: CallState | 'same';
  /** Emitted events, in order, as `type:detail` (state name, reply kind, warning). */
  emits?: string[];
  /** Commands to the provider, in order. */
  provider?: string[];
  mode?: string | null;
  cause?: Partial<CallCause>;
  check?: (result: ReturnType<typeof step>) => void;
}

const describeEmit = (e: CallEmitted) =>
  e.type === 'state' ? `state:${e.state}` : e.type === 'reply' ? `reply:${e.kind}${e.error ? `:${e.error}` : ''}` : e.type === 'ended' ? 'ended' : e.type === 'redirected' ? `redirected:${e.redirection.to}` : e.type === 'transferRequested' ? `transferRequested:${e.request.to}${e.refused ? ':refused' : ''}` : e.type === 'digit' ? `digit:${e.digit}` : 'warning';

const dropCause = { mode: 'NORMAL', origin: 'local' } as const;
const progress = ['dialtone', 'dialing', 'proceeding', 'ringback'] as const;
/** A call that arrived, for the rows of offering, accepted and answering. */
const arrived: Partial<CallInput> = { incoming: { from: '5550123', name: 'Bob', to: '100', origin: 'EXTERNAL', reason: 'DIRECT' }, address: null, destination: '' };

/** What the caller (or the provider) can do to a call not answered yet, from `from`. */
function offeredRows(from: 'offering' | 'accepted' | 'answering'): Row[] {
  return [
    {
      key: `call.${from}|PROVIDER.DISCONNECTED`,
      name: 'the caller gives up (CANCEL): disconnected, CANCELLED, the caller is the cause',
      from,
      input: arrived,
      event: { type: 'PROVIDER.DISCONNECTED', mode: 'CANCELLED', detail: { code: 487 } },
      to: 'disconnected',
      mode: 'CANCELLED',
      cause: { mode: 'CANCELLED', origin: 'remote', state: from, connected: false },
    },
    {
      key: `call.${from}|PROVIDER.FAILED`,
      name: 'the provider fails the offered call: disconnected UNAVAIL',
      from,
      input: arrived,
      event: { type: 'PROVIDER.FAILED', error: 'INVALLINESTATE' },
      to: 'disconnected',
      cause: { mode: 'UNAVAIL', origin: 'provider', error: 'INVALLINESTATE' },
    },
    {
      key: `call.${from}|PROVIDER.IDLE`,
      name: 'the provider released the offered call: ended',
      from,
      input: arrived,
      event: { type: 'PROVIDER.IDLE' },
      to: 'ended',
      cause: { mode: 'UNKNOWN', origin: 'remote' },
    },
    {
      key: `call.${from}|DROP`,
      name: 'rejected with the mode the caller is given (TAPI 3 DC_REJECTED)',
      from,
      input: arrived,
      event: { type: 'DROP', mode: 'REJECT', request: 3 },
      to: 'dropping',
      provider: ['DROP'],
      cause: { mode: 'REJECT', origin: 'local', state: from },
      check: (r) => expect(r.toProvider[0]).toMatchObject({ type: 'DROP', mode: 'REJECT' }),
    },
  ];
}

/** The transitions every setup state shares, from `from` at node `node`. */
function setupRows(node: string, from: CallState, skip: string[] = []): Row[] {
  const rows: Row[] = [
    { key: `${node}|PROVIDER.DIALTONE`, name: 'dial tone', from, event: { type: 'PROVIDER.DIALTONE', mode: 'NORMAL' }, to: 'dialtone', mode: 'NORMAL' },
    { key: `${node}|PROVIDER.DIALING`, name: 'dialing', from, event: { type: 'PROVIDER.DIALING' }, to: 'dialing' },
    { key: `${node}|PROVIDER.PROCEEDING`, name: 'proceeding', from, event: { type: 'PROVIDER.PROCEEDING' }, to: 'proceeding' },
    { key: `${node}|PROVIDER.RINGBACK`, name: 'ringback', from, event: { type: 'PROVIDER.RINGBACK', ring: 1 }, to: 'ringback' },
    {
      key: `${node}|PROVIDER.BUSY`,
      name: 'busy, the far end is the cause',
      from,
      event: { type: 'PROVIDER.BUSY', mode: 'STATION' },
      to: 'busy',
      mode: 'STATION',
      cause: { mode: 'BUSY', origin: 'remote', state: from },
    },
    { key: `${node}|PROVIDER.CONNECTED`, name: 'answer', from, event: { type: 'PROVIDER.CONNECTED' }, to: 'connected', mode: 'ACTIVE' },
    {
      key: `${node}|PROVIDER.DISCONNECTED`,
      name: 'far end gone, with its mode',
      from,
      event: { type: 'PROVIDER.DISCONNECTED', mode: 'UNREACHABLE', detail: { code: 480 } },
      to: 'disconnected',
      mode: 'UNREACHABLE',
      cause: { mode: 'UNREACHABLE', origin: 'remote', detail: { code: 480 } },
    },
    {
      key: `${node}|PROVIDER.FAILED`,
      name: 'provider failure after acceptance: disconnected UNAVAIL',
      from,
      event: { type: 'PROVIDER.FAILED', error: 'RESOURCEUNAVAIL', message: 'no trunk' },
      to: 'disconnected',
      mode: 'UNAVAIL',
      cause: { mode: 'UNAVAIL', origin: 'provider', error: 'RESOURCEUNAVAIL', message: 'no trunk' },
    },
    {
      key: `${node}|PROVIDER.IDLE`,
      name: 'provider released the call on its own: ended',
      from,
      event: { type: 'PROVIDER.IDLE' },
      to: 'ended',
      emits: ['state:ended', 'ended'],
      cause: { mode: 'UNKNOWN', origin: 'remote' },
    },
    {
      key: `${node}|DROP`,
      name: 'drop: dropping, DROP to the provider',
      from,
      event: { type: 'DROP', request: 9 },
      to: 'dropping',
      provider: ['DROP'],
      cause: { ...dropCause, state: from },
      check: (r) => expect(r.next.context.requests.drops).toEqual([9]),
    },
  ];
  return rows.filter((row) => !skip.includes(row.key.split('|')[1]));
}

/**
 * A redirect on the way (LINE_CALLINFO, LINECALLINFOSTATE_REDIRECTIONID): the state, its mode and
 * its entry time stay, nothing is sent to the provider, the redirection is kept and emitted.
 */
function redirectRow(node: string, from: CallState, context: Partial<CallContext> = {}): Row {
  return {
    key: `${node}|PROVIDER.REDIRECTED`,
    name: 'redirected: call information, no change of state',
    from,
    context: { enteredAt: 500, mode: from === 'dialtone' ? 'NORMAL' : null, ...context },
    event: { type: 'PROVIDER.REDIRECTED', to: 'sip:carol@b.example', detail: { code: 302, reason: 'Moved Temporarily' } },
    to: 'same',
    emits: ['redirected:sip:carol@b.example'],
    provider: [],
    check: (r) => {
      expect(r.value).toEqual(at(from, context).value);
      expect(r.next.context).toMatchObject({ enteredAt: 500, mode: from === 'dialtone' ? 'NORMAL' : null, cause: null });
      expect(r.next.context.redirections).toEqual([{ to: 'sip:carol@b.example', detail: { code: 302, reason: 'Moved Temporarily' }, at: expect.any(Number) }]);
      // No exit, no entry: the no-answer timer is neither cancelled nor armed again.
      expect([r.cancelled, r.raised]).toEqual([[], []]);
      // A second redirect adds to the first; the last is the call's redirection ID.
      const again = step(r.next, { type: 'PROVIDER.REDIRECTED', to: '5550111' });
      expect(again.next.context.redirections.map((x) => x.to)).toEqual(['sip:carol@b.example', '5550111']);
      expect(again.emitted).toEqual([{ type: 'redirected', callId: 'c1', redirection: { to: '5550111', at: expect.any(Number) } }]);
    },
  };
}

/** A line whose calls can hold and be transferred (LineDevice.features). */
const control: Partial<CallInput> = { features: { hold: true, blindTransfer: true, transfer: true } };
const pendingHold = { pending: { kind: 'hold', request: 7 } } as const;

/** Hold, unhold and transfer from connected (ADR 0010). */
function connectedControlRows(): Row[] {
  return [
    {
      key: 'call.connected|PROVIDER.CONNECTED',
      name: 'the far end holds us: connected again, mode ACTIVEHELD (a new LINE_CALLSTATE)',
      from: 'connected',
      context: { mode: 'ACTIVE', connectedAt: 5 },
      event: { type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' },
      to: 'connected',
      emits: ['state:connected'],
      mode: 'ACTIVEHELD',
      check: (r) => expect(r.next.context.connectedAt).toBe(5),
    },
    { key: 'call.connected|HOLD', name: 'hold: sent, pending, no reply yet', from: 'connected', input: control, event: { type: 'HOLD', request: 7 }, to: 'same', emits: [], provider: ['HOLD'], check: (r) => expect(r.next.context.pending).toEqual({ kind: 'hold', request: 7 }) },
    { key: 'call.connected|HOLD', name: 'hold on a line that cannot: not taken', from: 'connected', event: { type: 'HOLD', request: 7 }, to: 'same', emits: [], provider: [] },
    { key: 'call.connected|HOLD', name: 'hold while another request is pending: not taken', from: 'connected', input: control, context: pendingHold, event: { type: 'HOLD', request: 8 }, to: 'same', emits: [], provider: [] },
    { key: 'call.connected|PROVIDER.ONHOLD', name: 'our hold confirmed: its reply, then onHold', from: 'connected', input: control, context: pendingHold, event: { type: 'PROVIDER.ONHOLD' }, to: 'onHold', emits: ['reply:hold', 'state:onHold'], check: (r) => expect(r.next.context.pending).toBeNull() },
    { key: 'call.connected|PROVIDER.ONHOLD', name: 'the switch held the call unasked: onHold, no reply', from: 'connected', event: { type: 'PROVIDER.ONHOLD' }, to: 'onHold', emits: ['state:onHold'] },
    {
      key: 'call.connected|PROVIDER.ONHOLD',
      name: 'the hold of a setup transfer confirmed: its reply, then onHoldPendTransfer',
      from: 'connected',
      input: control,
      context: { pending: { kind: 'setupTransfer', request: 9 } },
      event: { type: 'PROVIDER.ONHOLD' },
      to: 'onHoldPendTransfer',
      emits: ['reply:setupTransfer', 'state:onHoldPendTransfer'],
    },
    { key: 'call.connected|SETUP_TRANSFER', name: 'setup transfer: the call is held first', from: 'connected', input: control, event: { type: 'SETUP_TRANSFER', request: 9 }, to: 'same', emits: [], provider: ['HOLD'], check: (r) => expect(r.next.context.pending?.kind).toBe('setupTransfer') },
    { key: 'call.connected|BLIND_TRANSFER', name: 'blind transfer: sent with the target, pending', from: 'connected', input: control, event: { type: 'BLIND_TRANSFER', to: '5550199', request: 3 }, to: 'same', emits: [], provider: ['BLIND_TRANSFER'], check: (r) => expect(r.toProvider[0]).toMatchObject({ to: '5550199' }) },
    {
      key: 'call.connected|PROVIDER.TRANSFERRED',
      name: 'transferred: the reply, then dropped as any drop; the cause says transfer and where',
      from: 'connected',
      input: control,
      context: { pending: { kind: 'blindTransfer', request: 3 }, reached: 1 << 7 },
      event: { type: 'PROVIDER.TRANSFERRED', to: '5550199' },
      to: 'dropping',
      emits: ['reply:blindTransfer', 'state:dropping'],
      provider: ['DROP'],
      cause: { mode: 'NORMAL', origin: 'transfer', transferredTo: '5550199', connected: true },
    },
    { key: 'call.connected|PROVIDER.REQUEST_FAILED', name: 'hold refused: the reply carries the error, the call stays connected', from: 'connected', input: control, context: pendingHold, event: { type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'RESOURCEUNAVAIL' }, to: 'same', emits: ['reply:hold:RESOURCEUNAVAIL'] },
    { key: 'call.connected|PROVIDER.REQUEST_FAILED', name: 'a failure with nothing pending: ignored', from: 'connected', event: { type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'RESOURCEUNAVAIL' }, to: 'same', emits: ['warning'] },
    { key: 'call.connected|PROVIDER_TIMEOUT', name: 'the provider never answers the hold: OPERATIONFAILED, still connected', from: 'connected', input: control, context: pendingHold, event: { type: 'PROVIDER_TIMEOUT', ms: 30_000 }, to: 'same', emits: ['reply:hold:OPERATIONFAILED'] },
  ];
}

/** A line whose applications are asked about the far end's transfer requests (rule 11). */
const asks: Partial<CallInput> = { transferRequests: 'ask' };
const waitingRequest = { transferRequest: { to: 'sip:carol@b.example', by: 'sip:bob@a.example', at: 0 } } as const;

/**
 * The far end asks us to transfer ourselves (rule 11 of the provider contract; SIP REFER): call
 * information in connected and both held states, refused at once unless the line asks.
 */
function transfereeRows(from: 'connected' | 'onHold' | 'onHoldPendTransfer'): Row[] {
  const requested = { type: 'PROVIDER.TRANSFER_REQUESTED', to: 'sip:carol@b.example', by: 'sip:bob@a.example' } as const;
  return [
    {
      key: `call.${from}|PROVIDER.TRANSFER_REQUESTED`,
      name: 'the far end asks for a transfer on a line that does not ask: refused at once (603), still reported, no change of state',
      from,
      event: requested,
      to: 'same',
      emits: ['transferRequested:sip:carol@b.example:refused'],
      provider: ['ANSWER_TRANSFER_REQUEST'],
      check: (r) => {
        expect(r.toProvider[0]).toMatchObject({ accept: false });
        expect(r.next.context.transferRequest).toBeNull();
        expect(r.next.context.state).toBe(from);
      },
    },
    {
      key: `call.${from}|PROVIDER.TRANSFER_REQUESTED`,
      name: 'the far end asks for a transfer on a line that asks: kept for the application, nothing to the provider yet',
      from,
      input: asks,
      event: requested,
      to: 'same',
      emits: ['transferRequested:sip:carol@b.example'],
      provider: [],
      check: (r) => expect(r.next.context.transferRequest).toEqual({ to: 'sip:carol@b.example', by: 'sip:bob@a.example', at: expect.any(Number) }),
    },
    ...(['ACCEPT', 'REFUSE'] as const).flatMap((answer): Row[] => [
      {
        key: `call.${from}|${answer}_TRANSFER_REQUEST`,
        name: `the application answers the waiting request (${answer}): the provider is told (${answer === 'ACCEPT' ? '202' : '603'})`,
        from,
        input: asks,
        context: waitingRequest,
        event: { type: `${answer}_TRANSFER_REQUEST` },
        to: 'same',
        emits: [],
        provider: ['ANSWER_TRANSFER_REQUEST'],
        check: (r) => {
          expect(r.toProvider[0]).toMatchObject({ accept: answer === 'ACCEPT' });
          expect(r.next.context.transferRequest).toBeNull();
        },
      },
      { key: `call.${from}|${answer}_TRANSFER_REQUEST`, name: `${answer} with no request waiting: not taken`, from, input: asks, event: { type: `${answer}_TRANSFER_REQUEST` }, to: 'same', emits: [], provider: [] },
    ]),
  ];
}

/** What a held call does (ADR 0010): the far end and the application can still end it. */
function heldRows(from: 'onHold' | 'onHoldPendTransfer'): Row[] {
  const rows: Row[] = [
    { key: `call.${from}|PROVIDER.DISCONNECTED`, name: 'the far end hangs up on a held call: disconnected', from, context: { reached: 1 << 7 }, event: { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' }, to: 'disconnected', cause: { mode: 'NORMAL', origin: 'remote', state: from, connected: true } },
    { key: `call.${from}|PROVIDER.FAILED`, name: 'failure while held: disconnected', from, event: { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED' }, to: 'disconnected' },
    {
      key: `call.${from}|PROVIDER.DISCONNECTED`,
      name: 'the far end hangs up while an unhold is pending: the unhold fails at once, before the state',
      from,
      input: control,
      context: { pending: { kind: 'unhold', request: 4 } },
      event: { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' },
      to: 'disconnected',
      emits: ['reply:unhold:OPERATIONFAILED', 'state:disconnected'],
      check: (r) => expect(r.next.context.pending).toBeNull(),
    },
    { key: `call.${from}|PROVIDER.IDLE`, name: 'released while held: ended', from, event: { type: 'PROVIDER.IDLE' }, to: 'ended' },
    { key: `call.${from}|DROP`, name: 'a held call is dropped', from, event: { type: 'DROP' }, to: 'dropping', provider: ['DROP'], cause: { ...dropCause, state: from } },
    {
      key: `call.${from}|DROP`,
      name: 'drop while an unhold is pending: the unhold is answered at the end, failed',
      from,
      input: control,
      context: { pending: { kind: 'unhold', request: 4 } },
      event: { type: 'DROP' },
      to: 'dropping',
      check: (r) => {
        const end = step(r.next, { type: 'PROVIDER.IDLE' });
        expect(end.emitted.filter((e) => e.type === 'reply').map(describeEmit)).toEqual(['reply:unhold:USERCANCELLED']);
      },
    },
    { key: `call.${from}|PROVIDER.TRANSFERRED`, name: 'transferred while held: dropped, cause transfer', from, input: control, context: { pending: { kind: 'completeTransfer', request: 6 } }, event: { type: 'PROVIDER.TRANSFERRED' }, to: 'dropping', emits: ['reply:completeTransfer', 'state:dropping'], cause: { origin: 'transfer' } },
    { key: `call.${from}|PROVIDER.REQUEST_FAILED`, name: 'a transfer refused: the reply carries the error, still held', from, input: control, context: { pending: { kind: 'completeTransfer', request: 6 } }, event: { type: 'PROVIDER.REQUEST_FAILED', kind: 'transfer', error: 'OPERATIONFAILED', detail: { code: 603 } }, to: 'same', emits: ['reply:completeTransfer:OPERATIONFAILED'] },
    { key: `call.${from}|PROVIDER_TIMEOUT`, name: 'the provider never answers the unhold: OPERATIONFAILED, still held', from, input: control, context: { pending: { kind: 'unhold', request: 4 } }, event: { type: 'PROVIDER_TIMEOUT', ms: 30_000 }, to: 'same', emits: ['reply:unhold:OPERATIONFAILED'] },
    { key: `call.${from}|UNHOLD`, name: 'unhold: sent, pending', from, input: control, event: { type: 'UNHOLD', request: 4 }, to: 'same', emits: [], provider: ['UNHOLD'] },
    { key: `call.${from}|PROVIDER.CONNECTED`, name: 'our unhold confirmed: its reply, then connected with the mode the far end leaves us in', from, input: control, context: { pending: { kind: 'unhold', request: 4 } }, event: { type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' }, to: 'connected', emits: ['reply:unhold', 'state:connected'], mode: 'ACTIVEHELD' },
    { key: `call.${from}|PROVIDER.CONNECTED`, name: 'the far end holds or resumes us while we hold: still held, no warning', from, event: { type: 'PROVIDER.CONNECTED', mode: 'ACTIVEHELD' }, to: 'same', emits: [] },
    { key: `call.${from}|PROVIDER.ONHOLD`, name: 'held again changes nothing', from, event: { type: 'PROVIDER.ONHOLD' }, to: 'same', emits: [] },
    { key: `call.${from}|COMPLETE_TRANSFER`, name: 'complete the transfer: sent with the consultation call, pending', from, input: control, event: { type: 'COMPLETE_TRANSFER', consultationCallId: 'c2', request: 6 }, to: 'same', emits: [], provider: ['TRANSFER'], check: (r) => expect(r.toProvider[0]).toMatchObject({ consultationCallId: 'c2' }) },
  ];
  if (from === 'onHold') {
    rows.push(
      { key: 'call.onHold|SETUP_TRANSFER', name: 'setup transfer on a held call: pending transfer at once, replied', from, input: control, event: { type: 'SETUP_TRANSFER', request: 9 }, to: 'onHoldPendTransfer', emits: ['reply:setupTransfer', 'state:onHoldPendTransfer'], provider: [] },
      { key: 'call.onHold|BLIND_TRANSFER', name: 'a held call can be transferred blind', from, input: control, event: { type: 'BLIND_TRANSFER', to: 'sip:carol@b.example', request: 3 }, to: 'same', provider: ['BLIND_TRANSFER'] },
    );
  } else {
    rows.push({ key: 'call.onHoldPendTransfer|CANCEL_TRANSFER', name: 'the consultation call ended first: back to plain hold', from, event: { type: 'CANCEL_TRANSFER' }, to: 'onHold', emits: ['state:onHold'] });
  }
  return rows;
}

/**
 * The far end presses a key (rule 12 of the provider contract): call information in connected and
 * both held states; anything but one DTMF digit is a lie, warned about.
 */
function keyRows(from: 'connected' | 'onHold' | 'onHoldPendTransfer'): Row[] {
  return [
    {
      key: `call.${from}|PROVIDER.DIGIT`,
      name: 'the far end presses a key: reported with the time it was heard, no change of state',
      from,
      event: { type: 'PROVIDER.DIGIT', digit: '#', via: 'rfc4733' },
      to: 'same',
      emits: ['digit:#'],
      provider: [],
      check: (r) => expect(r.emitted[0]).toMatchObject({ type: 'digit', digit: '#', via: 'rfc4733', at: expect.any(Number) }),
    },
    {
      key: `call.${from}|PROVIDER.DIGIT`,
      name: 'a provider that reports two digits at once: a warning, no digit',
      from,
      event: { type: 'PROVIDER.DIGIT', digit: '12' },
      to: 'same',
      emits: ['warning'],
      provider: [],
    },
  ];
}

const rows: Row[] = [
  // idle
  {
    key: 'call.idle|MAKE',
    name: 'make: placing, MAKE to the provider, the reply waits',
    from: 'idle',
    event: { type: 'MAKE', request: 7 },
    to: 'placing',
    emits: ['state:placing'],
    provider: ['MAKE'],
    check: (r) => {
      expect(r.next.context.requests.make).toBe(7);
      // The make carries the request, and the call's own ref for the reports to come back to.
      expect(r.toProvider[0]).toMatchObject({ type: 'MAKE', request: { callId: 'c1', destination: '5550111', complete: true } });
      // No timer of the call's own: the line's provider service watches the provider.
      expect(r.raised).toEqual([]);
    },
  },
  {
    key: 'call.idle|DROP',
    name: 'drop before make: ended at once, the drop answered',
    from: 'idle',
    event: { type: 'DROP', request: 4 },
    to: 'ended',
    emits: ['state:ended', 'reply:drop', 'ended'],
    provider: [],
    cause: { mode: 'NORMAL', origin: 'local', state: 'idle', connected: false },
  },
  // placing: the first progress accepts the make, and its reply comes first
  ...(['DIALTONE', 'DIALING', 'PROCEEDING', 'RINGBACK', 'CONNECTED'] as const).map(
    (p): Row => ({
      key: `call.placing|PROVIDER.${p}`,
      name: `${p.toLowerCase()} accepts the make: reply before the state`,
      from: 'placing',
      context: { requests: { make: 7, answer: undefined, drops: [] } },
      event: { type: `PROVIDER.${p}` },
      to: p === 'DIALTONE' ? 'dialtone' : p === 'DIALING' ? 'dialing' : p === 'PROCEEDING' ? 'proceeding' : p === 'RINGBACK' ? 'ringback' : 'connected',
      emits: ['reply:make', `state:${p === 'DIALTONE' ? 'dialtone' : p === 'DIALING' ? 'dialing' : p === 'PROCEEDING' ? 'proceeding' : p === 'RINGBACK' ? 'ringback' : 'connected'}`],
      // The make is answered (its reply is the first emit): a later end does not answer it again.
      check: (r) => expect(step(r.next, { type: 'PROVIDER.IDLE' }).emitted.map(describeEmit)).not.toContain('reply:make:OPERATIONFAILED'),
    }),
  ),
  {
    key: 'call.placing|PROVIDER.BUSY',
    name: 'busy accepts the make',
    from: 'placing',
    context: { requests: { make: 7, answer: undefined, drops: [] } },
    event: { type: 'PROVIDER.BUSY', mode: 'TRUNK' },
    to: 'busy',
    mode: 'TRUNK',
    emits: ['reply:make', 'state:busy'],
    cause: { mode: 'BUSY', origin: 'remote', state: 'placing' },
  },
  {
    key: 'call.placing|PROVIDER.DISCONNECTED',
    name: 'disconnected accepts the make (the call exists, it failed)',
    from: 'placing',
    context: { requests: { make: 7, answer: undefined, drops: [] } },
    event: { type: 'PROVIDER.DISCONNECTED', mode: 'BADADDRESS' },
    to: 'disconnected',
    mode: 'BADADDRESS',
    emits: ['reply:make', 'state:disconnected'],
    cause: { mode: 'BADADDRESS', origin: 'remote' },
  },
  {
    key: 'call.placing|PROVIDER.FAILED',
    name: 'the provider refuses the make: ended, the make fails with its error',
    from: 'placing',
    context: { requests: { make: 7, answer: undefined, drops: [] } },
    event: { type: 'PROVIDER.FAILED', error: 'RESOURCEUNAVAIL' },
    to: 'ended',
    emits: ['state:ended', 'reply:make:RESOURCEUNAVAIL', 'ended'],
    cause: { mode: 'UNAVAIL', origin: 'provider', error: 'RESOURCEUNAVAIL' },
  },
  {
    key: 'call.placing|PROVIDER.IDLE',
    name: 'the provider releases before accepting: ended, make fails OPERATIONFAILED',
    from: 'placing',
    context: { requests: { make: 7, answer: undefined, drops: [] } },
    event: { type: 'PROVIDER.IDLE' },
    to: 'ended',
    emits: ['state:ended', 'reply:make:OPERATIONFAILED', 'ended'],
    cause: { origin: 'provider', error: 'OPERATIONFAILED' },
  },
  {
    key: 'call.placing|DROP',
    name: 'drop before acceptance: dropping; the make is still pending',
    from: 'placing',
    context: { requests: { make: 7, answer: undefined, drops: [] } },
    event: { type: 'DROP' },
    to: 'dropping',
    emits: ['state:dropping'],
    provider: ['DROP'],
    cause: { ...dropCause, state: 'placing' },
    check: (r) => expect(r.next.context.requests.make).toBe(7),
  },
  {
    key: 'call.placing|PROVIDER_TIMEOUT',
    name: 'the provider never answers the make: ended, make fails OPERATIONFAILED',
    from: 'placing',
    context: { requests: { make: 7, answer: undefined, drops: [] } },
    event: { type: 'PROVIDER_TIMEOUT', ms: 30_000 },
    to: 'ended',
    emits: ['state:ended', 'reply:make:OPERATIONFAILED', 'ended'],
    cause: { mode: 'UNAVAIL', origin: 'timeout', error: 'OPERATIONFAILED' },
  },
  {
    ...redirectRow('call.placing', 'placing', { requests: { make: 7, answer: undefined, drops: [] } }),
    name: 'redirected before the provider accepted the make: noted, the make still waits (no reply)',
  },
  // dialtone
  ...setupRows('call.dialtone', 'dialtone', ['PROVIDER.DIALTONE']),
  redirectRow('call.dialtone', 'dialtone'),
  { key: 'call.dialtone|PROVIDER.DIALTONE', name: 'dial tone again changes nothing', from: 'dialtone', event: { type: 'PROVIDER.DIALTONE' }, to: 'same', emits: [] },
  {
    key: 'call.dialtone|DIAL',
    name: 'lineDial in dial tone: digits to the provider, replied at once',
    from: 'dialtone',
    input: { destination: '', complete: false },
    event: { type: 'DIAL', digits: '555', complete: false, request: 3 },
    to: 'same',
    emits: ['reply:dial'],
    provider: ['DIAL'],
    check: (r) => {
      expect(r.next.context.destination).toBe('555');
      expect(r.next.context.dialComplete).toBe(false);
    },
  },
  // dialing
  ...setupRows('call.dialing', 'dialing', ['PROVIDER.DIALING']),
  redirectRow('call.dialing', 'dialing'),
  { key: 'call.dialing|PROVIDER.DIALING', name: 'dialing again changes nothing', from: 'dialing', event: { type: 'PROVIDER.DIALING' }, to: 'same', emits: [] },
  {
    key: 'call.dialing|DIAL',
    name: 'lineDial without ";" completes the address',
    from: 'dialing',
    input: { destination: '9', complete: false },
    event: { type: 'DIAL', digits: '5550111', complete: true },
    to: 'same',
    emits: ['reply:dial'],
    provider: ['DIAL'],
    check: (r) => {
      expect(r.next.context.destination).toBe('95550111');
      expect(r.next.context.dialComplete).toBe(true);
    },
  },
  // alerting (proceeding, ringback) and its timer
  ...setupRows('call.alerting', 'ringback', ['PROVIDER.PROCEEDING', 'PROVIDER.RINGBACK']),
  { ...redirectRow('call.alerting', 'proceeding'), key: 'call.alerting|PROVIDER.REDIRECTED#proceeding' },
  {
    ...redirectRow('call.alerting', 'ringback', { params: { bearerMode: 'VOICE', mediaMode: 'INTERACTIVEVOICE', blockId: false, origination: null, noAnswerTimeout: 5000 } }),
    name: 'redirected while ringing (a 302 after a 180): still ringback, the no-answer timer keeps running',
  },
  {
    key: 'call.alerting|NOANSWER_TIMEOUT',
    name: 'dwNoAnswerTimeout: disconnected NOANSWER, the provider told to abandon',
    from: 'ringback',
    input: { params: { bearerMode: 'VOICE', mediaMode: 'INTERACTIVEVOICE', blockId: false, origination: null, noAnswerTimeout: 5000 } },
    event: { type: 'NOANSWER_TIMEOUT' },
    to: 'disconnected',
    mode: 'NOANSWER',
    provider: ['DROP'],
    cause: { mode: 'NOANSWER', origin: 'timeout', state: 'ringback' },
  },
  { key: 'call.alerting.proceeding|PROVIDER.PROCEEDING', name: 'proceeding again changes nothing', from: 'proceeding', event: { type: 'PROVIDER.PROCEEDING' }, to: 'same', emits: [] },
  {
    key: 'call.alerting.proceeding|PROVIDER.RINGBACK',
    name: 'proceeding to ringback stays in alerting: the no-answer timer keeps running',
    from: 'proceeding',
    event: { type: 'PROVIDER.RINGBACK' },
    to: 'ringback',
    check: (r) => expect(r.cancelled).not.toContain('noAnswer'),
  },
  { key: 'call.alerting.ringback|PROVIDER.PROCEEDING', name: 'back to proceeding (TAPI allows any order)', from: 'ringback', event: { type: 'PROVIDER.PROCEEDING' }, to: 'proceeding' },
  { key: 'call.alerting.ringback|PROVIDER.RINGBACK', name: 'a further ring changes nothing', from: 'ringback', event: { type: 'PROVIDER.RINGBACK', ring: 2 }, to: 'same', emits: [] },
  // busy
  { key: 'call.busy|PROVIDER.BUSY', name: 'busy again changes nothing', from: 'busy', event: { type: 'PROVIDER.BUSY' }, to: 'same', emits: [] },
  {
    key: 'call.busy|PROVIDER.DISCONNECTED',
    name: 'busy then disconnected keeps BUSY as the cause',
    from: 'busy',
    context: { cause: { mode: 'BUSY', origin: 'remote', state: 'proceeding', connected: false } },
    event: { type: 'PROVIDER.DISCONNECTED', mode: 'BUSY' },
    to: 'disconnected',
    cause: { mode: 'BUSY', state: 'proceeding' },
  },
  {
    key: 'call.busy|PROVIDER.FAILED',
    name: 'failure in busy: disconnected',
    from: 'busy',
    event: { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED' },
    to: 'disconnected',
  },
  { key: 'call.busy|PROVIDER.IDLE', name: 'released in busy: ended', from: 'busy', event: { type: 'PROVIDER.IDLE' }, to: 'ended' },
  { key: 'call.busy|DROP', name: 'drop in busy', from: 'busy', event: { type: 'DROP' }, to: 'dropping', provider: ['DROP'] },
  {
    key: 'call.busy|always',
    name: 'with autoClear, busy is dropped at once (busy is still announced)',
    from: 'proceeding',
    input: { autoClear: true },
    event: { type: 'PROVIDER.BUSY', mode: 'STATION' },
    to: 'dropping',
    emits: ['state:busy', 'state:dropping'],
    provider: ['DROP'],
    cause: { mode: 'BUSY', origin: 'remote' },
  },
  // connected
  { key: 'call.connected|PROVIDER.CONNECTED', name: 'connected again, same mode, changes nothing', from: 'connected', context: { mode: 'ACTIVE' }, event: { type: 'PROVIDER.CONNECTED' }, to: 'same', emits: [] },
  ...connectedControlRows(),
  ...heldRows('onHold'),
  ...heldRows('onHoldPendTransfer'),
  ...transfereeRows('connected'),
  ...transfereeRows('onHold'),
  ...transfereeRows('onHoldPendTransfer'),
  ...keyRows('connected'),
  ...keyRows('onHold'),
  ...keyRows('onHoldPendTransfer'),
  {
    key: 'call.disconnected|PROVIDER.DIGIT',
    name: 'a key pressed as the far end hung up: too late, ignored without a warning',
    from: 'disconnected',
    event: { type: 'PROVIDER.DIGIT', digit: '5' },
    to: 'same',
    emits: [],
    provider: [],
  },
  {
    key: 'call.connected|PROVIDER.DISCONNECTED',
    name: 'far-end hang-up: disconnected NORMAL, remote',
    from: 'connected',
    context: { reached: 1 << 7 },
    event: { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' },
    to: 'disconnected',
    mode: 'NORMAL',
    cause: { mode: 'NORMAL', origin: 'remote', state: 'connected', connected: true },
  },
  { key: 'call.connected|PROVIDER.FAILED', name: 'failure while connected: disconnected', from: 'connected', event: { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED' }, to: 'disconnected' },
  { key: 'call.connected|PROVIDER.IDLE', name: 'released while connected: ended', from: 'connected', event: { type: 'PROVIDER.IDLE' }, to: 'ended' },
  {
    key: 'call.connected|GENERATE_DIGITS',
    name: 'digits once connected go as DTMF',
    from: 'connected',
    event: { type: 'GENERATE_DIGITS', digits: '12#' },
    to: 'same',
    emits: ['reply:generateDigits'],
    provider: ['GENERATE_DIGITS'],
  },
  { key: 'call.connected|DROP', name: 'drop while connected', from: 'connected', event: { type: 'DROP' }, to: 'dropping', provider: ['DROP'], cause: { ...dropCause, state: 'connected' } },
  // disconnected
  {
    key: 'call.disconnected|PROVIDER.IDLE',
    name: 'the provider released a disconnected call: it waits for the drop',
    from: 'disconnected',
    event: { type: 'PROVIDER.IDLE' },
    to: 'same',
    check: (r) => expect(r.next.context.released).toBe(true),
  },
  { key: 'call.disconnected|PROVIDER.DISCONNECTED', name: 'disconnected again changes nothing', from: 'disconnected', event: { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' }, to: 'same', emits: [] },
  { key: 'call.disconnected|PROVIDER.FAILED', name: 'a failure after disconnect changes nothing', from: 'disconnected', event: { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED' }, to: 'same', emits: [] },
  { key: 'call.disconnected|PROVIDER.ONHOLD', name: 'a hold confirmed after the far end hung up: expected (the race), changes nothing, no warning', from: 'disconnected', event: { type: 'PROVIDER.ONHOLD' }, to: 'same', emits: [] },
  { key: 'call.disconnected|PROVIDER.TRANSFERRED', name: 'a transfer done after the far end hung up: changes nothing, no warning', from: 'disconnected', event: { type: 'PROVIDER.TRANSFERRED' }, to: 'same', emits: [] },
  { key: 'call.disconnected|PROVIDER.REQUEST_FAILED', name: 'a refusal after the far end hung up: changes nothing, no warning', from: 'disconnected', event: { type: 'PROVIDER.REQUEST_FAILED', kind: 'hold', error: 'OPERATIONFAILED' }, to: 'same', emits: [] },
  {
    key: 'call.disconnected|DROP',
    name: 'drop of a disconnected call the provider still holds: dropping',
    from: 'disconnected',
    context: { cause: { mode: 'NORMAL', origin: 'remote', state: 'connected', connected: true } },
    event: { type: 'DROP' },
    to: 'dropping',
    provider: ['DROP'],
    cause: { origin: 'remote' },
  },
  {
    key: 'call.disconnected|DROP#released',
    name: 'drop of a disconnected call the provider has released: ended at once',
    from: 'disconnected',
    context: { released: true, cause: { mode: 'NOANSWER', origin: 'timeout', state: 'ringback', connected: false } },
    event: { type: 'DROP', request: 5 },
    to: 'ended',
    provider: [],
    emits: ['state:ended', 'reply:drop', 'ended'],
    cause: { mode: 'NOANSWER', origin: 'timeout' },
  },
  {
    key: 'call.disconnected|always',
    name: 'with autoClear, a disconnected call is dropped at once',
    from: 'connected',
    input: { autoClear: true },
    event: { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' },
    to: 'dropping',
    emits: ['state:disconnected', 'state:dropping'],
    provider: ['DROP'],
  },
  // dropping
  {
    key: 'call.dropping|PROVIDER.IDLE',
    name: 'the provider confirms the drop: ended, every drop answered',
    from: 'dropping',
    context: { requests: { make: undefined, answer: undefined, drops: [1, 2] }, cause: { mode: 'NORMAL', origin: 'local', state: 'connected', connected: true } },
    event: { type: 'PROVIDER.IDLE' },
    to: 'ended',
    emits: ['state:ended', 'reply:drop', 'reply:drop', 'ended'],
  },
  {
    key: 'call.dropping|PROVIDER.CONNECTED',
    name: 'drop races answer: the answer crossed our drop, so drop again',
    from: 'dropping',
    event: { type: 'PROVIDER.CONNECTED' },
    to: 'same',
    emits: [],
    provider: ['DROP'],
  },
  { key: 'call.dropping|PROVIDER.*', name: 'progress in flight while dropping is ignored quietly', from: 'dropping', event: { type: 'PROVIDER.RINGBACK' }, to: 'same', emits: [] },
  {
    key: 'call.dropping|DROP',
    name: 'drop while dropping is idempotent: the request waits for the end',
    from: 'dropping',
    context: { requests: { make: undefined, answer: undefined, drops: [1] } },
    event: { type: 'DROP', request: 2 },
    to: 'same',
    provider: [],
    emits: [],
    check: (r) => expect(r.next.context.requests.drops).toEqual([1, 2]),
  },
  {
    key: 'call.dropping|PROVIDER_TIMEOUT',
    name: 'the provider never confirms the drop: ended anyway, cause kept',
    from: 'dropping',
    context: { requests: { make: undefined, answer: undefined, drops: [1] }, cause: { mode: 'NORMAL', origin: 'local', state: 'connected', connected: true } },
    event: { type: 'PROVIDER_TIMEOUT', ms: 30_000 },
    to: 'ended',
    emits: ['state:ended', 'reply:drop', 'ended'],
    cause: { mode: 'NORMAL', origin: 'local' },
  },
  // a call that arrives: offered at once, then accepted, answered or rejected
  {
    key: 'call.idle|always',
    name: 'a call that arrived is offered at once; its actor tells the line service where reports go',
    from: 'idle',
    input: arrived,
    event: { type: 'xstate.init' },
    to: 'offering',
    check: (r) => expect(r.next.context.incoming).toMatchObject({ from: '5550123', name: 'Bob' }),
  },
  {
    key: 'call.offering|always',
    name: 'a line that answers everything: offered, then answering in the same step (the answer goes to the provider)',
    from: 'idle',
    input: { ...arrived, autoAnswer: true },
    event: { type: 'xstate.init' },
    to: 'answering',
    emits: ['state:offering', 'state:answering'],
    provider: ['ATTACH', 'ANSWER'],
  },
  {
    key: 'call.offering|always',
    name: 'a line that leaves the answer to the application: the call waits in offering',
    from: 'idle',
    input: arrived,
    event: { type: 'xstate.init' },
    to: 'offering',
  },
  {
    key: 'call.offering|ACCEPT',
    name: 'lineAccept: accepted, the provider alerts the caller, replied at once',
    from: 'offering',
    input: arrived,
    event: { type: 'ACCEPT', request: 4 },
    to: 'accepted',
    emits: ['reply:accept', 'state:accepted'],
    provider: ['ACCEPT'],
  },
  ...(['offering', 'accepted'] as const).flatMap((from): Row[] => [
    {
      key: `call.${from}|ANSWER`,
      name: 'lineAnswer: answering, the answer to the provider, the reply waits for the connection',
      from,
      input: arrived,
      event: { type: 'ANSWER', request: 5 },
      to: 'answering',
      emits: ['state:answering'],
      provider: ['ANSWER'],
      check: (r) => expect(r.next.context.requests.answer).toBe(5),
    },
    {
      key: `call.${from}|PROVIDER.CONNECTED`,
      name: 'the provider connected the offered call on its own',
      from,
      input: arrived,
      event: { type: 'PROVIDER.CONNECTED' },
      to: 'connected',
      emits: ['state:connected'],
    },
    ...offeredRows(from),
  ]),
  {
    key: 'call.answering|PROVIDER.CONNECTED',
    name: 'the answer took: the reply before the state',
    from: 'answering',
    input: arrived,
    context: { requests: { make: undefined, answer: 5, drops: [] } },
    event: { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' },
    to: 'connected',
    emits: ['reply:answer', 'state:connected'],
  },
  {
    key: 'call.answering|PROVIDER_TIMEOUT',
    name: 'the provider never confirms the answer: dropped, the answer fails',
    from: 'answering',
    input: arrived,
    context: { requests: { make: undefined, answer: 5, drops: [] } },
    event: { type: 'PROVIDER_TIMEOUT', ms: 30_000 },
    to: 'dropping',
    provider: ['DROP'],
    cause: { origin: 'timeout', error: 'OPERATIONFAILED' },
  },
  ...offeredRows('answering'),
  // the root
  {
    key: 'call|PROVIDER.*',
    name: 'a provider lie (dial tone while connected) is ignored and reported',
    from: 'connected',
    event: { type: 'PROVIDER.DIALTONE' },
    to: 'same',
    emits: ['warning'],
  },
];

describe('call chart', () => {
  for (const row of rows) {
    it(`${row.from} --${row.event.type}--> ${row.to}: ${row.name}`, () => {
      const snapshot = at(row.from, row.context, row.input);
      const result = step(snapshot, row.event);
      expect(result.state).toBe(row.to === 'same' ? row.from : row.to);
      if (row.emits) expect(result.emitted.map(describeEmit)).toEqual(row.emits);
      if (row.provider) expect(result.toProvider.map((c) => c.type)).toEqual(row.provider);
      if (row.mode !== undefined) expect(result.next.context.mode).toBe(row.mode);
      if (row.cause) expect(result.next.context.cause).toMatchObject(row.cause);
      if (result.state === 'ended') {
        expect(result.next.status).toBe('done');
        expect(result.next.output).toEqual(result.next.context.cause);
        expect(result.emitted.filter((e) => e.type === 'ended')).toHaveLength(1);
      }
      row.check?.(result);
    });
  }

  it('the end has no way out: nothing is accepted after ended', () => {
    const ended = at('ended', { cause: { mode: 'NORMAL', origin: 'local', state: 'connected', connected: true } });
    for (const type of ['MAKE', 'DROP', 'DIAL', 'GENERATE_DIGITS']) expect(ended.can({ type } as CallEvent)).toBe(false);
  });

  it('can() is the call features: dial only while digits are awaited, DTMF only when connected, drop until the end', () => {
    const dial = { type: 'DIAL', digits: '1', complete: true } as const;
    const dtmf = { type: 'GENERATE_DIGITS', digits: '1' } as const;
    const table: Array<[CallState, Partial<CallContext>, boolean, boolean, boolean]> = [
      ['idle', {}, false, false, true],
      ['placing', {}, false, false, true],
      ['dialtone', { dialComplete: false }, true, false, true],
      ['dialtone', { dialComplete: true }, false, false, true],
      ['dialing', { dialComplete: false }, true, false, true],
      ['proceeding', {}, false, false, true],
      ['ringback', {}, false, false, true],
      ['busy', {}, false, false, true],
      ['connected', {}, false, true, true],
      ['disconnected', {}, false, false, true],
      ['dropping', {}, false, false, true],
    ];
    for (const [state, context, canDial, canDtmf, canDrop] of table) {
      const snapshot = at(state, context);
      expect([state, snapshot.can(dial), snapshot.can(dtmf), snapshot.can({ type: 'DROP' })]).toEqual([state, canDial, canDtmf, canDrop]);
    }
  });

  it('nothing goes back from busy, connected or disconnected to a setup state (TAPI 3 CALL_STATE table)', () => {
    for (const from of ['busy', 'connected', 'disconnected'] as const) {
      for (const p of progress) {
        const result = step(at(from), { type: `PROVIDER.${p.toUpperCase()}` });
        expect([from, p, result.state]).toEqual([from, p, from]);
      }
    }
  });

  it('a redirect is taken only on the way: elsewhere it is ignored (a warning; silently while dropping) and changes nothing', () => {
    const redirected = { type: 'PROVIDER.REDIRECTED', to: '5550111' } as const;
    for (const from of ['busy', 'connected', 'disconnected', 'offering', 'accepted', 'answering', 'dropping'] as const) {
      const input = from === 'offering' || from === 'accepted' || from === 'answering' ? arrived : {};
      const result = step(at(from, {}, input), redirected);
      expect([from, result.state, result.next.context.redirections, result.emitted.map(describeEmit)]).toEqual([from, from, [], from === 'dropping' ? [] : ['warning']]);
    }
    // Not before the make: the provider has not heard of the call.
    expect(step(at('idle'), redirected).emitted.map(describeEmit)).toEqual(['warning']);
  });

  it('a transfer request is taken only while connected or held: elsewhere it is ignored (a warning; silently while dropping)', () => {
    const requested = { type: 'PROVIDER.TRANSFER_REQUESTED', to: '5550177' } as const;
    for (const from of ['placing', 'dialtone', 'proceeding', 'ringback', 'busy', 'disconnected', 'offering', 'answering', 'dropping'] as const) {
      const input = from === 'offering' || from === 'answering' ? { ...arrived, ...asks } : asks;
      const result = step(at(from, {}, input), requested);
      expect([from, result.state, result.next.context.transferRequest, result.toProvider, result.emitted.map(describeEmit)]).toEqual([from, from, null, [], from === 'dropping' ? [] : ['warning']]);
    }
  });

  it('can() says whether a transfer request waits: accept and refuse only then', () => {
    for (const from of ['connected', 'onHold', 'onHoldPendTransfer'] as const) {
      expect(at(from, {}, asks).can({ type: 'ACCEPT_TRANSFER_REQUEST' })).toBe(false);
      expect(at(from, waitingRequest, asks).can({ type: 'ACCEPT_TRANSFER_REQUEST' })).toBe(true);
      expect(at(from, waitingRequest, asks).can({ type: 'REFUSE_TRANSFER_REQUEST' })).toBe(true);
    }
  });

  it('a call made for a transfer request carries it to the provider with its make (CallRequest.transferOf)', () => {
    const made = step(at('idle', {}, { transferOf: 'i0.1' }), { type: 'MAKE' });
    expect(made.toProvider[0]).toMatchObject({ type: 'MAKE', request: { transferOf: 'i0.1' } });
    expect(step(at('idle'), { type: 'MAKE' }).toProvider[0]).not.toHaveProperty('request.transferOf');
  });

  it('every transition of the chart has a row above', () => {
    const covered = new Set(rows.map((row) => row.key.split('#')[0]));
    const missing = chartTransitions().filter((key) => !covered.has(key));
    expect(missing).toEqual([]);
  });
});
