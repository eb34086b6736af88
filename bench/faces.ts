/**
 * The subjects of the core benchmarks: one call lifecycle through each face of xtapi over the
 * instant simulated switch (make, dial tone, dialling, proceeding, ringback, connected, drop,
 * idle), as an application writes it.
 *
 * - modern: `line.makeCall()`, the state read from the call, `call.drop()`;
 * - TAPI 2: lineMakeCall, the LINE_REPLY and LINE_CALLSTATE(CONNECTED) in the LINECALLBACK,
 *   lineDrop, its LINE_REPLY, lineDeallocateCall;
 * - TAPI 3: ITAddress.CreateCall, Connect(VARIANT_TRUE), Disconnect(DC_NORMAL), Release.
 */
import { simulatedProvider } from '../providers/simulated/simulated-provider.js';
import type { Line } from '../src/phone/line.js';
import { createTelephony } from '../src/phone/telephony.js';
import { createTapi2 } from '../src/tapi2/tapi2.js';
import { LINE_CALLSTATE, LINE_REPLY } from '../src/tapi2/constants/messages.js';
import { LINECALLPRIVILEGE_NONE, LINECALLSTATE_CONNECTED } from '../src/tapi2/constants/call.js';
import { LINEMEDIAMODE_INTERACTIVEVOICE } from '../src/tapi2/constants/line.js';
import { createTapi3 } from '../src/tapi3/tapi3.js';
import { DC_NORMAL, LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO } from '../src/tapi3/constants.js';
import { S_OK } from '../src/tapi3/hresults.js';

/** A face, set up over `lines` lines of `perLine` calls: a lifecycle on a line, and the end. */
export interface Subject {
  lifecycle(line: number): Promise<void>;
  /** Place a call and leave it connected (for the memory figure); returns what holds it. */
  hold(line: number): Promise<unknown>;
  shutdown(): Promise<void>;
}

const instant = (lines: number, perLine: number) => simulatedProvider({ timing: 'instant', lines, maxCallsPerLine: perLine });

/** The modern API. */
export async function modern(lines: number, perLine: number): Promise<Subject> {
  const telephony = createTelephony({ providers: [instant(lines, perLine)] });
  const opened: Line[] = [];
  for (let i = 0; i < lines; i++) opened.push(await telephony.openLine(i));
  return {
    async lifecycle(i) {
      const call = await opened[i].makeCall('5550111');
      if (call.state !== 'connected') throw new Error(`expected connected, got ${call.state}`);
      await call.drop();
    },
    async hold(i) {
      const call = await opened[i].makeCall('5550111');
      if (call.state !== 'connected') throw new Error(`expected connected, got ${call.state}`);
      return call;
    },
    shutdown: () => telephony.shutdown(),
  };
}

/** The TAPI 2 line API, in callback mode. */
export async function tapi2(lines: number, perLine: number): Promise<Subject> {
  const tapi = createTapi2({ providers: [instant(lines, perLine)] });
  // What each request id and call handle waits for.
  const replies = new Map<number, (result: number) => void>();
  const connected = new Map<number, () => void>();
  // LINE_CALLSTATE(CONNECTED) may be delivered in the same run of the queue as the LINE_REPLY,
  // before the code awaiting that reply has run: remember it until it is asked for.
  const early = new Set<number>();
  const hLineApp = { value: 0 };
  const rc = tapi.lineInitializeEx(
    hLineApp,
    null,
    (hDevice, msg, _instance, p1, p2) => {
      if (msg === LINE_REPLY) replies.get(p1)?.(p2);
      else if (msg === LINE_CALLSTATE && p1 === LINECALLSTATE_CONNECTED) {
        const waiting = connected.get(hDevice);
        if (waiting) waiting();
        else early.add(hDevice);
      }
    },
    'bench',
    { value: 0 },
    { value: 0x00020002 },
    { dwOptions: 1 },
  );
  if (rc !== 0) throw new Error(`lineInitializeEx: ${rc}`);
  const hLines: number[] = [];
  for (let i = 0; i < lines; i++) {
    const hLine = { value: 0 };
    const open = tapi.lineOpen(hLineApp.value, i, hLine, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, LINEMEDIAMODE_INTERACTIVEVOICE, null);
    if (open !== 0) throw new Error(`lineOpen: ${open}`);
    hLines.push(hLine.value);
  }
  const reply = (request: number) => {
    if (request <= 0) throw new Error(`request failed: ${request}`);
    return new Promise<number>((resolve) => replies.set(request, (result) => (replies.delete(request), resolve(result))));
  };
  const place = async (i: number): Promise<number> => {
    const hCall = { value: 0 };
    const result = await reply(tapi.lineMakeCall(hLines[i], hCall, '5550111', 0, null));
    if (result !== 0) throw new Error(`lineMakeCall: ${result}`);
    // The instant switch connects within the make; its LINE_CALLSTATE follows the LINE_REPLY.
    if (early.delete(hCall.value)) return hCall.value;
    await new Promise<void>((resolve) => connected.set(hCall.value, () => (connected.delete(hCall.value), resolve())));
    return hCall.value;
  };
  return {
    async lifecycle(i) {
      const hCall = await place(i);
      const dropped = await reply(tapi.lineDrop(hCall, null, 0));
      if (dropped !== 0) throw new Error(`lineDrop: ${dropped}`);
      const freed = tapi.lineDeallocateCall(hCall);
      if (freed !== 0) throw new Error(`lineDeallocateCall: ${freed}`);
    },
    hold: place,
    async shutdown() {
      tapi.lineShutdown(hLineApp.value);
      await tapi.whenIdle();
    },
  };
}

/** TAPI 3 call control. */
export async function tapi3(lines: number, perLine: number): Promise<Subject> {
  const tapi = createTapi3({ providers: [instant(lines, perLine)] });
  const hr = await tapi.Initialize();
  if (hr !== S_OK) throw new Error(`Initialize: ${hr}`);
  const addresses = tapi.Addresses.slice(0, lines);
  const place = async (i: number) => {
    const call = addresses[i].CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
    const connect = await call.Connect(true);
    if (connect !== S_OK) throw new Error(`Connect: ${connect}`);
    return call;
  };
  return {
    async lifecycle(i) {
      const call = await place(i);
      const disconnect = await call.Disconnect(DC_NORMAL);
      if (disconnect !== S_OK) throw new Error(`Disconnect: ${disconnect}`);
      call.Release();
    },
    hold: place,
    async shutdown() {
      await tapi.Shutdown();
    },
  };
}

export const FACES = { modern, tapi2, tapi3 } as const;
export type FaceName = keyof typeof FACES;
