/**
 * The classic TAPI 2 program, line by line as a C programmer writes it: initialise (event
 * mode), negotiate the API version, open a line, make a call, read messages until it is
 * connected, drop it, deallocate it, close the line, shut down. It runs on the simulated switch;
 * `test/examples/tapi2-classic.test.ts` runs it on simulated time. Awaited without a clock, it
 * runs on real time: the call connects after about two seconds.
 */
import type { Clock, Provider } from '../providers/provider.js';
import { simulatedProvider } from '../providers/simulated/index.js';
import {
  createTapi2,
  INFINITE,
  LINE_CALLSTATE,
  LINE_REPLY,
  LINECALLPRIVILEGE_NONE,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALING,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_PROCEEDING,
  LINECALLSTATE_RINGBACK,
  LINEINITIALIZEEXOPTION_USEEVENT,
  TAPI2_HIGH_API_VERSION,
  TAPI2_LOW_API_VERSION,
  type LINEMESSAGE,
  type Out,
  type Tapi2,
} from '../src/tapi2/index.js';

const STATES: Record<number, string> = {
  [LINECALLSTATE_DIALTONE]: 'DIALTONE',
  [LINECALLSTATE_DIALING]: 'DIALING',
  [LINECALLSTATE_PROCEEDING]: 'PROCEEDING',
  [LINECALLSTATE_RINGBACK]: 'RINGBACK',
  [LINECALLSTATE_CONNECTED]: 'CONNECTED',
  [LINECALLSTATE_DISCONNECTED]: 'DISCONNECTED',
  [LINECALLSTATE_IDLE]: 'IDLE',
};

/** A failed TAPI function: rc < 0, as in C. */
function check(rc: number, fn: string): number {
  if (rc < 0) throw new Error(`${fn} failed: 0x${(rc >>> 0).toString(16).toUpperCase()}`);
  return rc;
}

/** The message loop: read messages until `done` says so; log each one. */
async function pump(tapi: Tapi2, hLineApp: number, log: (line: string) => void, done: (m: LINEMESSAGE) => boolean): Promise<void> {
  const msg = {} as LINEMESSAGE;
  for (;;) {
    check(await tapi.lineGetMessage(hLineApp, msg, INFINITE), 'lineGetMessage');
    if (msg.dwMessageID === LINE_REPLY) log(`LINE_REPLY request ${msg.dwParam1}: ${msg.dwParam2}`);
    if (msg.dwMessageID === LINE_CALLSTATE) log(`LINE_CALLSTATE ${STATES[msg.dwParam1] ?? msg.dwParam1}`);
    if (done(msg)) return;
  }
}

/** Options of {@link classicFlow}. */
export interface ClassicOptions {
  providers?: readonly Provider[];
  clock?: Clock;
  log?: (line: string) => void;
}

/** Initialise, negotiate, open, make a call, wait for CONNECTED, drop, deallocate, close, shut down. */
export async function classicFlow(options: ClassicOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const tapi = createTapi2({ providers: options.providers ?? [simulatedProvider()], clock: options.clock });

  // lineInitializeEx: event mode, so messages are read with lineGetMessage.
  const hLineApp: Out = { value: 0 };
  const numDevs: Out = { value: 0 };
  const apiVersion: Out = { value: TAPI2_HIGH_API_VERSION };
  check(tapi.lineInitializeEx(hLineApp, null, null, 'tapi2-classic', numDevs, apiVersion, { dwOptions: LINEINITIALIZEEXOPTION_USEEVENT }), 'lineInitializeEx');
  log(`${numDevs.value} line device(s)`);

  // lineNegotiateAPIVersion, then lineOpen with that version.
  const version: Out = { value: 0 };
  check(tapi.lineNegotiateAPIVersion(hLineApp.value, 0, TAPI2_LOW_API_VERSION, apiVersion.value, version, {}), 'lineNegotiateAPIVersion');
  const hLine: Out = { value: 0 };
  check(tapi.lineOpen(hLineApp.value, 0, hLine, version.value, 0, 0, LINECALLPRIVILEGE_NONE, 0, null), 'lineOpen');

  // lineMakeCall: a request id now, the LINE_REPLY (and *lphCall) later.
  const hCall: Out = { value: 0 };
  const make = check(tapi.lineMakeCall(hLine.value, hCall, '+1 (425) 555-0111', 0, null), 'lineMakeCall');
  await pump(tapi, hLineApp.value, log, (m) => {
    if (m.dwMessageID === LINE_REPLY && m.dwParam1 === make) check(m.dwParam2, 'lineMakeCall (LINE_REPLY)');
    return m.dwMessageID === LINE_CALLSTATE && m.dwParam1 === LINECALLSTATE_CONNECTED;
  });

  // lineDrop, and wait for the call to be IDLE and the drop answered.
  const drop = check(tapi.lineDrop(hCall.value, null, 0), 'lineDrop');
  await pump(tapi, hLineApp.value, log, (m) => m.dwMessageID === LINE_REPLY && m.dwParam1 === drop);

  check(tapi.lineDeallocateCall(hCall.value), 'lineDeallocateCall');
  check(tapi.lineClose(hLine.value), 'lineClose');
  check(tapi.lineShutdown(hLineApp.value), 'lineShutdown');
  await tapi.whenIdle();
  log('done');
}
