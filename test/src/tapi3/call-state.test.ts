/**
 * The core → TAPI 3 translation: CALL_STATE of each chart state, CEC_ of each cause, the HRESULT
 * of each failed Connect; and, whatever a provider reports in whatever order, the CALL_STATE
 * events follow the table (nothing back, nothing after CS_DISCONNECTED, no duplicate) and agree
 * with CallState.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallCause } from '../../../machines/events.js';
import type { DisconnectMode, ProviderEvent } from '../../../providers/provider.js';
import { callStateOf, cecOf, connectFailure, csOfState, hresultOfLineError, mayFollow } from '../../../src/tapi3/call-state.js';
import { callStateBit } from '../../../machines/call.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import {
  CEC_DISCONNECT_BADADDRESS,
  CEC_DISCONNECT_BLOCKED,
  CEC_DISCONNECT_BUSY,
  CEC_DISCONNECT_FAILED,
  CEC_DISCONNECT_NOANSWER,
  CEC_DISCONNECT_NORMAL,
  CEC_DISCONNECT_REJECTED,
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_HOLD,
  CS_IDLE,
  CS_INPROGRESS,
  DC_NORMAL,
  TAPI_E_CALLUNAVAIL,
  TAPI_E_DESTBUSY,
  TAPI_E_DESTNOANSWER,
  TAPI_E_DESTUNAVAIL,
  TAPI_E_DIALMODIFIERNOTSUPPORTED,
  TAPI_E_DROPPED,
  TAPI_E_INVALADDRESS,
  TAPI_E_OPERATIONFAILED,
  TAPI_E_REQUESTCANCELLED,
  TE_CALLSTATE,
  createTapi3,
  type ITCallStateEvent,
} from '../../../src/tapi3/index.js';
import { scriptedProvider } from '../../support/scripted-provider.js';
import { checkTransitions, flush } from './tapi3-harness.js';

const cause = (mode: DisconnectMode, origin: CallCause['origin'] = 'remote', extra: Partial<CallCause> = {}): CallCause => ({
  mode,
  origin,
  state: 'proceeding',
  connected: false,
  ...extra,
});

describe('CALL_STATE of each chart state', () => {
  it('is the state\'s meta.tapi3; dropping has none of its own', () => {
    expect(csOfState('idle')).toBe(CS_IDLE);
    for (const s of ['placing', 'dialtone', 'dialing', 'proceeding', 'ringback'] as const) expect(csOfState(s)).toBe(CS_INPROGRESS);
    expect(csOfState('connected')).toBe(CS_CONNECTED);
    for (const s of ['busy', 'disconnected', 'ended'] as const) expect(csOfState(s)).toBe(CS_DISCONNECTED);
    expect(csOfState('dropping')).toBeNull();
  });

  it('a dropping call keeps the CALL_STATE it had', () => {
    const reached = (...states: Parameters<typeof callStateBit>[0][]) => states.reduce((bits, s) => bits | callStateBit(s), 0);
    expect(callStateOf({ state: 'dropping', reached: reached('idle', 'placing', 'ringback', 'dropping') })).toBe(CS_INPROGRESS);
    expect(callStateOf({ state: 'dropping', reached: reached('idle', 'placing', 'connected', 'dropping') })).toBe(CS_CONNECTED);
    expect(callStateOf({ state: 'dropping', reached: reached('idle', 'placing', 'busy', 'dropping') })).toBe(CS_DISCONNECTED);
    expect(callStateOf({ state: 'dropping', reached: reached('idle', 'placing', 'connected', 'disconnected', 'dropping') })).toBe(CS_DISCONNECTED);
  });

  it('held (onHold, onHoldPendTransfer) is CS_HOLD; a held call being dropped or transferred stays CS_HOLD, one taken back first is CS_CONNECTED', () => {
    expect(csOfState('onHold')).toBe(CS_HOLD);
    expect(csOfState('onHoldPendTransfer')).toBe(CS_HOLD);
    const reached = (...states: Parameters<typeof callStateBit>[0][]) => states.reduce((bits, s) => bits | callStateBit(s), 0);
    const wasHeld = reached('idle', 'placing', 'connected', 'onHold', 'dropping');
    for (const before of ['onHold', 'onHoldPendTransfer'] as const) {
      for (const origin of ['local', 'transfer'] as const) {
        expect(callStateOf({ state: 'dropping', reached: wasHeld, cause: { mode: 'NORMAL', origin, state: before, connected: true } })).toBe(CS_HOLD);
      }
    }
    expect(callStateOf({ state: 'dropping', reached: wasHeld, cause: { mode: 'NORMAL', origin: 'local', state: 'connected', connected: true } })).toBe(CS_CONNECTED);
    // The far end had gone first: CS_DISCONNECTED, whatever the call was before.
    expect(callStateOf({ state: 'dropping', reached: wasHeld | callStateBit('disconnected'), cause: { mode: 'NORMAL', origin: 'remote', state: 'onHold', connected: true } })).toBe(CS_DISCONNECTED);
  });

  it('TE_CALLSTATE follows the CALL_STATE table: CS_CONNECTED ⇄ CS_HOLD, no repeat, nothing back to CS_INPROGRESS or after CS_DISCONNECTED', () => {
    expect([mayFollow(CS_CONNECTED, CS_HOLD), mayFollow(CS_HOLD, CS_CONNECTED), mayFollow(CS_HOLD, CS_DISCONNECTED), mayFollow(CS_INPROGRESS, CS_HOLD)]).toEqual([true, true, true, true]);
    expect([mayFollow(CS_HOLD, CS_HOLD), mayFollow(CS_CONNECTED, CS_CONNECTED), mayFollow(CS_HOLD, CS_INPROGRESS), mayFollow(CS_DISCONNECTED, CS_HOLD), mayFollow(CS_CONNECTED, CS_IDLE)]).toEqual([false, false, false, false, false]);
  });
});

describe('CEC_ of each cause', () => {
  it.each([
    ['NORMAL', CEC_DISCONNECT_NORMAL],
    ['BUSY', CEC_DISCONNECT_BUSY],
    ['BADADDRESS', CEC_DISCONNECT_BADADDRESS],
    ['NOANSWER', CEC_DISCONNECT_NOANSWER],
    ['REJECT', CEC_DISCONNECT_REJECTED],
    ['BLOCKED', CEC_DISCONNECT_BLOCKED],
    ['UNREACHABLE', CEC_DISCONNECT_FAILED],
    ['CONGESTION', CEC_DISCONNECT_FAILED],
  ] as const)('LINEDISCONNECTMODE_%s → %i', (mode, cec) => {
    expect(cecOf(cause(mode))).toBe(cec);
  });

  it('our own disconnect is NORMAL; a failed provider is FAILED; an unknown reason depends on whether it was connected', () => {
    expect(cecOf(cause('NORMAL', 'local'))).toBe(CEC_DISCONNECT_NORMAL);
    expect(cecOf(cause('UNAVAIL', 'provider', { error: 'OPERATIONFAILED' }))).toBe(CEC_DISCONNECT_FAILED);
    expect(cecOf(cause('UNAVAIL', 'provider', { connected: true }))).toBe(CEC_DISCONNECT_FAILED);
    expect(cecOf(cause('UNAVAIL', 'timeout', { error: 'OPERATIONFAILED' }))).toBe(CEC_DISCONNECT_FAILED);
    expect(cecOf(cause('NOANSWER', 'timeout'))).toBe(CEC_DISCONNECT_NOANSWER);
    expect(cecOf(cause('UNKNOWN', 'remote', { connected: true }))).toBe(CEC_DISCONNECT_NORMAL);
    expect(cecOf(cause('UNKNOWN', 'remote'))).toBe(CEC_DISCONNECT_FAILED);
  });
});

describe('what a failed Connect(true) returns', () => {
  it('names the reason where TAPI 3 has a code for it', () => {
    expect(connectFailure(cause('BUSY'))).toBe(TAPI_E_DESTBUSY);
    expect(connectFailure(cause('NOANSWER'))).toBe(TAPI_E_DESTNOANSWER);
    expect(connectFailure(cause('NOANSWER', 'timeout'))).toBe(TAPI_E_DESTNOANSWER); // dwNoAnswerTimeout
    expect(connectFailure(cause('UNREACHABLE'))).toBe(TAPI_E_DESTUNAVAIL);
    expect(connectFailure(cause('BADADDRESS'))).toBe(TAPI_E_INVALADDRESS);
    expect(connectFailure(cause('REJECT'))).toBe(TAPI_E_DROPPED);
    expect(connectFailure(cause('NORMAL', 'local'))).toBe(TAPI_E_REQUESTCANCELLED);
    expect(connectFailure(cause('UNAVAIL', 'provider', { error: 'CALLUNAVAIL' }))).toBe(TAPI_E_CALLUNAVAIL);
    expect(connectFailure(cause('UNAVAIL', 'timeout', { error: 'OPERATIONFAILED' }))).toBe(TAPI_E_OPERATIONFAILED);
    expect(hresultOfLineError('DIALQUIET')).toBe(TAPI_E_DIALMODIFIERNOTSUPPORTED);
  });

  it('a provider that refuses the make: Connect(true) returns its error, the call ends CS_DISCONNECTED/FAILED', async () => {
    const provider = scriptedProvider();
    const tapi = createTapi3({ providers: [provider], clock: new ManualClock() });
    await tapi.Initialize();
    tapi.EventFilter = TE_CALLSTATE;
    const states: string[] = [];
    tapi.Advise({ Event: (_t, e) => void states.push(`${(e as ITCallStateEvent).State}/${(e as ITCallStateEvent).Cause}`) });
    const call = tapi.Addresses[0].CreateCall('5550111', 1, 8);
    const connecting = call.Connect(true);
    provider.last().report({ type: 'PROVIDER.FAILED', error: 'CALLUNAVAIL' });
    expect(await connecting).toBe(TAPI_E_CALLUNAVAIL);
    await flush();
    expect(states).toEqual([`${CS_INPROGRESS}/0`, `${CS_DISCONNECTED}/${CEC_DISCONNECT_FAILED}`]);
    await tapi.Shutdown();
  });
});

const PROVIDER_EVENTS: fc.Arbitrary<ProviderEvent | 'disconnect' | 'dial' | 'time'> = fc.oneof(
  fc.constantFrom<ProviderEvent>(
    { type: 'PROVIDER.DIALTONE', mode: 'NORMAL' },
    { type: 'PROVIDER.DIALING' },
    { type: 'PROVIDER.PROCEEDING' },
    { type: 'PROVIDER.RINGBACK' },
    { type: 'PROVIDER.BUSY', mode: 'STATION' },
    { type: 'PROVIDER.CONNECTED' },
    { type: 'PROVIDER.IDLE' },
    { type: 'PROVIDER.FAILED', error: 'OPERATIONFAILED' },
  ),
  fc.constantFrom<DisconnectMode>('NORMAL', 'BUSY', 'NOANSWER', 'REJECT', 'UNREACHABLE', 'UNKNOWN').map(
    (mode): ProviderEvent => ({ type: 'PROVIDER.DISCONNECTED', mode }),
  ),
  fc.constantFrom('disconnect' as const, 'dial' as const, 'time' as const),
);

describe('whatever the provider reports', () => {
  it('TE_CALLSTATE follows the CALL_STATE table, once per change, and agrees with CallState', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(PROVIDER_EVENTS, { maxLength: 12 }), async (sync, steps) => {
        const clock = new ManualClock();
        const provider = scriptedProvider();
        const tapi = createTapi3({ providers: [provider], clock });
        await tapi.Initialize();
        tapi.EventFilter = TE_CALLSTATE;
        const states: number[] = [];
        tapi.Advise({ Event: (_t, e) => void states.push((e as ITCallStateEvent).State) });
        const call = tapi.Addresses[0].CreateCall('5550111;', 1, 8);
        void call.Connect(sync);
        for (const step of steps) {
          if (step === 'disconnect') void call.Disconnect(DC_NORMAL);
          else if (step === 'dial') void call.Dial('1');
          else if (step === 'time') clock.advance(10_000);
          else provider.last().report(step);
          await flush();
          checkTransitions(states);
          expect(states.at(-1) ?? CS_IDLE).toBe(call.CallState);
        }
        // However it went, the call ends: CS_DISCONNECTED last, reported once.
        call.Release();
        provider.last().report({ type: 'PROVIDER.IDLE' });
        clock.runAll();
        await flush();
        checkTransitions(states);
        expect(states.filter((s) => s === CS_DISCONNECTED).length).toBeLessThanOrEqual(1);
        expect(call.CallState).toBe(CS_DISCONNECTED);
        await tapi.Shutdown();
        expect(clock.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
