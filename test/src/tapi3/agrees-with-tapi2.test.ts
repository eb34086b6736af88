/**
 * The TAPI 2 and TAPI 3 faces over one telephony at once. A TAPI 2 application places calls
 * (lineMakeCall) while a TAPI 3 application places its own and monitors the TAPI 2 application's
 * address; for every call both can see, the two faces agree on its state at every step —
 * lineGetCallStatus and ITCallInfo.CallState, and LINE_CALLSTATE and TE_CALLSTATE — because both
 * read the same call actor.
 */
import { expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import {
  LINE_CALLSTATE,
  LINECALLPRIVILEGE_NONE,
  LINECALLSTATE_BUSY,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALING,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_PROCEEDING,
  LINECALLSTATE_RINGBACK,
  LINEINITIALIZEEXOPTION_USEHIDDENWINDOW,
  createTapi2,
  type Out,
} from '../../../src/tapi2/index.js';
import {
  CIS_CALLEDIDNUMBER,
  CNE_MONITOR,
  CP_MONITOR,
  CS_CONNECTED,
  CS_DISCONNECTED,
  CS_INPROGRESS,
  DC_NORMAL,
  S_OK,
  TAPIMEDIATYPE_AUDIO,
  TE_CALLNOTIFICATION,
  TE_CALLSTATE,
  createTapi3,
  type ITCall,
  type ITCallNotificationEvent,
  type ITCallStateEvent,
} from '../../../src/tapi3/index.js';
import { CS_NAMES, checkTransitions, flush } from './tapi3-harness.js';

/** The CALL_STATE a LINECALLSTATE_ stands for (docs/tapi3.md; the chart's meta). */
const CS_OF_LINECALLSTATE: Record<number, number> = {
  [LINECALLSTATE_DIALTONE]: CS_INPROGRESS,
  [LINECALLSTATE_DIALING]: CS_INPROGRESS,
  [LINECALLSTATE_PROCEEDING]: CS_INPROGRESS,
  [LINECALLSTATE_RINGBACK]: CS_INPROGRESS,
  [LINECALLSTATE_CONNECTED]: CS_CONNECTED,
  [LINECALLSTATE_BUSY]: CS_DISCONNECTED,
  [LINECALLSTATE_DISCONNECTED]: CS_DISCONNECTED,
  [LINECALLSTATE_IDLE]: CS_DISCONNECTED,
};

const NUMBERS = {
  '5550001': { outcome: 'answer', rings: 2, hangupAfterMs: 3000 }, // far end hangs up
  '5550002': { outcome: 'busy' },
  '5550003': { outcome: 'no-answer', rings: 3 },
  '5550004': { outcome: 'reject' },
  '5550005': { outcome: 'unreachable' },
  '5550006': { outcome: 'answer', rings: 1 }, // the TAPI 2 application hangs up
} as const;

/** Collapse runs of the same value: TAPI 3 reports changes of CALL_STATE only. */
const changes = (values: number[]) => values.filter((v, i) => i === 0 || values[i - 1] !== v);

it('TAPI 2 and TAPI 3 over one telephony agree on the state of every call, at every step', async () => {
  const clock = new ManualClock();
  const sim = simulatedProvider({ numbers: NUMBERS, maxCallsPerLine: 10 });
  const telephony = createTelephony({ providers: [sim], clock });

  // The TAPI 2 application: callback messages, line 0 open.
  const tapi2 = createTapi2({ telephony });
  const lineStates = new Map<number, number[]>(); // hCall → LINE_CALLSTATE dwParam1, in order
  const hLineApp: Out = { value: 0 };
  expect(
    tapi2.lineInitializeEx(
      hLineApp,
      null,
      (hDevice, message, _instance, p1) => {
        if (message === LINE_CALLSTATE) lineStates.set(hDevice, [...(lineStates.get(hDevice) ?? []), p1]);
      },
      'tapi2 app',
      { value: 0 },
      { value: 0x00020002 },
      { dwOptions: LINEINITIALIZEEXOPTION_USEHIDDENWINDOW },
    ),
  ).toBe(0);
  const hLine: Out = { value: 0 };
  expect(tapi2.lineOpen(hLineApp.value, 0, hLine, 0x00020002, 0, 1, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
  await flush();

  // The TAPI 3 application on the same telephony, monitoring the same address.
  const tapi3 = createTapi3({ telephony });
  expect(await tapi3.Initialize()).toBe(S_OK);
  tapi3.EventFilter = TE_CALLSTATE | TE_CALLNOTIFICATION;
  const callStates = new Map<ITCall, number[]>();
  const monitored: ITCall[] = [];
  tapi3.Advise({
    Event(type, event) {
      if (type === TE_CALLNOTIFICATION) {
        expect((event as ITCallNotificationEvent).Event).toBe(CNE_MONITOR);
        monitored.push((event as ITCallNotificationEvent).Call);
      } else {
        const { Call, State } = event as ITCallStateEvent;
        callStates.set(Call, [...(callStates.get(Call) ?? []), State]);
      }
    },
  });
  const [address] = tapi3.Addresses;
  tapi3.RegisterCallNotifications(address, true, false, TAPIMEDIATYPE_AUDIO, 0);

  // Both place calls at once.
  const tapi2Calls = Object.keys(NUMBERS).map((number) => {
    const hCall: Out = { value: 0 };
    expect(tapi2.lineMakeCall(hLine.value, hCall, number, 0, null)).toBeGreaterThan(0);
    return { number, hCall };
  });
  const own = [address.CreateCall('5550001', 1, TAPIMEDIATYPE_AUDIO), address.CreateCall('5550002', 1, TAPIMEDIATYPE_AUDIO)];
  for (const call of own) expect(await call.Connect(false)).toBe(S_OK);
  await flush();
  expect(monitored).toHaveLength(tapi2Calls.length); // every TAPI 2 call, none of TAPI 3's own
  const pairs = tapi2Calls.map(({ number, hCall }) => {
    const call = monitored.find((c) => c.CallInfoString(CIS_CALLEDIDNUMBER) === number)!;
    expect(call.Privilege).toBe(CP_MONITOR);
    return { number, hCall, call };
  });

  const compare = () => {
    for (const { number, hCall, call } of pairs) {
      const status: Record<string, number> = {};
      if (tapi2.lineGetCallStatus(hCall.value, status) !== 0) {
        // No handle yet (LINE_REPLY pending) or deallocated: TAPI 3 shows it in progress or ended.
        expect([CS_INPROGRESS, CS_DISCONNECTED], number).toContain(call.CallState);
        continue;
      }
      expect(CS_NAMES[call.CallState], `${number}: dwCallState 0x${status.dwCallState.toString(16)}`).toBe(CS_NAMES[CS_OF_LINECALLSTATE[status.dwCallState]]);
    }
  };

  // Let the switch play, comparing at every step; each application hangs up as it would.
  const dropped = new Set<number>();
  let ownDisconnect: Promise<number> | null = null;
  for (let t = 0; t < 8_000; t += 50) {
    // Every simulated millisecond: both faces read the live call, so they must agree at any instant.
    for (let ms = 0; ms < 50; ms++) {
      clock.advance(1);
      compare();
    }
    await flush();
    compare();
    for (const { number, hCall } of pairs) {
      const last = lineStates.get(hCall.value)?.at(-1);
      const hangUp = last === LINECALLSTATE_BUSY || last === LINECALLSTATE_DISCONNECTED || (number === '5550006' && last === LINECALLSTATE_CONNECTED);
      if (hangUp && !dropped.has(hCall.value)) {
        dropped.add(hCall.value);
        expect(tapi2.lineDrop(hCall.value, null, 0)).toBeGreaterThan(0);
      }
    }
    if (!ownDisconnect && own[0].CallState === CS_CONNECTED) ownDisconnect = own[0].Disconnect(DC_NORMAL);
  }
  expect(await ownDisconnect).toBe(S_OK);

  // Both faces saw the same story for each call: the TAPI 2 LINE_CALLSTATE sequence, in CALL_STATE
  // words, is exactly the TAPI 3 TE_CALLSTATE sequence.
  for (const { number, hCall, call } of pairs) {
    const fromTapi2 = changes((lineStates.get(hCall.value) ?? []).map((s) => CS_OF_LINECALLSTATE[s]));
    const fromTapi3 = callStates.get(call) ?? [];
    expect(fromTapi3.map((s) => CS_NAMES[s]), number).toEqual(fromTapi2.map((s) => CS_NAMES[s]));
    checkTransitions(fromTapi3);
    expect(call.CallState, number).toBe(CS_DISCONNECTED);
    expect(lineStates.get(hCall.value)?.at(-1), number).toBe(LINECALLSTATE_IDLE);
    expect(tapi2.lineDeallocateCall(hCall.value)).toBe(0);
    call.Release();
  }
  expect(own.map((c) => callStates.get(c)?.map((s) => CS_NAMES[s]))).toEqual([
    ['CS_INPROGRESS', 'CS_CONNECTED', 'CS_DISCONNECTED'],
    ['CS_INPROGRESS', 'CS_DISCONNECTED'],
  ]);
  for (const call of own) call.Release();

  // Both shut down; nothing is left.
  expect(await tapi3.Shutdown()).toBe(S_OK);
  expect(tapi2.lineShutdown(hLineApp.value)).toBe(0);
  await tapi2.whenIdle();
  const done = telephony.shutdown();
  clock.runAll();
  await done;
  expect(sim.calls()).toEqual([]);
  expect(clock.pending).toBe(0);
});
