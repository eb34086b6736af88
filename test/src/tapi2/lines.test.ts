/**
 * The line functions: version negotiation, device capabilities, lineOpen's checks, several opens
 * of one device, lineClose (calls dropped, their pending requests still answered), line status, a line
 * the provider refuses (LINE_CLOSE), and the telephony's life across lineShutdown.
 */
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../../providers/provider.js';
import { ProviderError } from '../../../providers/provider.js';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import {
  createTapi2,
  LINE_CLOSE,
  LINEBEARERMODE_DATA,
  LINEBEARERMODE_SPEECH,
  LINEBEARERMODE_VOICE,
  LINECALLPRIVILEGE_MONITOR,
  LINECALLPRIVILEGE_NONE,
  LINECALLPRIVILEGE_OWNER,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_IDLE,
  LINEDEVCAPFLAGS_CLOSEDROP,
  LINEDEVCAPFLAGS_DIALDIALTONE,
  LINEDEVSTATUSFLAGS_CONNECTED,
  LINEDEVSTATUSFLAGS_INSERVICE,
  LINEERR_BADDEVICEID,
  LINEERR_INCOMPATIBLEAPIVERSION,
  LINEERR_INCOMPATIBLEEXTVERSION,
  LINEERR_INVALADDRESSID,
  LINEERR_INVALLINEHANDLE,
  LINEERR_INVALMEDIAMODE,
  LINEERR_INVALPRIVSELECT,
  LINEERR_LINEMAPPERFAILED,
  LINEERR_OPERATIONUNAVAIL,
  LINEERR_REINIT,
  LINEERR_RESOURCEUNAVAIL,
  LINEERR_USERCANCELLED,
  LINEDIGITMODE_DTMF,
  LINEFEATURE_MAKECALL,
  LINEMAPPER,
  LINEMEDIAMODE_AUTOMATEDVOICE,
  LINEMEDIAMODE_INTERACTIVEVOICE,
  LINEMEDIAMODE_VIDEO,
  LINEOPENOPTION_PROXY,
  LINEOPENOPTION_SINGLEADDRESS,
  LINEADDRESSMODE_ADDRESSID,
  STRINGFORMAT_ASCII,
  type LINEDEVCAPS,
  type LINEDEVSTATUS,
} from '../../../src/tapi2/index.js';
import { flush, INST, tapi2Harness, V22 } from './tapi2-harness.js';

const V20 = 0x00020000;

describe('lineNegotiateAPIVersion and lineGetDevCaps', () => {
  it('negotiates the highest common version, 2.0 to 2.2', async () => {
    const h = await tapi2Harness({}, { noOpen: true });
    const app = h.hLineApp.value;
    const version = { value: 0 };
    const ext = {};
    expect(h.tapi.lineNegotiateAPIVersion(app, 0, 0x00010004, 0x00030001, version, ext)).toBe(0);
    expect(version.value).toBe(V22);
    expect(ext).toEqual({ dwExtensionID0: 0, dwExtensionID1: 0, dwExtensionID2: 0, dwExtensionID3: 0 });
    expect(h.tapi.lineNegotiateAPIVersion(app, 0, V20, V20, version, ext)).toBe(0);
    expect(version.value).toBe(V20);
    expect(h.tapi.lineNegotiateAPIVersion(app, 0, 0x00010003, 0x00010004, version, ext)).toBe(LINEERR_INCOMPATIBLEAPIVERSION);
    expect(h.tapi.lineNegotiateAPIVersion(app, 0, V22, V20, version, ext)).toBe(LINEERR_INCOMPATIBLEAPIVERSION);
    expect(h.tapi.lineNegotiateAPIVersion(app, 1, V20, V22, version, ext)).toBe(LINEERR_BADDEVICEID);
    expect(h.tapi.lineNegotiateAPIVersion(app, LINEMAPPER, V20, V22, version, ext)).toBe(LINEERR_BADDEVICEID);
    await h.shutdown();
  });

  it('fills LINEDEVCAPS from the provider: name, modes, limit, dial modifiers; the 2.2 layout adds PermanentLineGuid', async () => {
    const h = await tapi2Harness({ lines: 2, maxCallsPerLine: 3, dialModifiers: { dialtone: true } }, { noOpen: true });
    expect(h.numDevs.value).toBe(2);
    const caps = {} as LINEDEVCAPS;
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 1, V20, 0, caps)).toBe(0);
    expect(caps).toMatchObject({
      dwPermanentLineID: 1,
      dwStringFormat: STRINGFORMAT_ASCII,
      dwNumAddresses: 1,
      dwBearerModes: LINEBEARERMODE_VOICE | LINEBEARERMODE_SPEECH | LINEBEARERMODE_DATA,
      dwMaxNumActiveCalls: 3,
      dwDevCapFlags: LINEDEVCAPFLAGS_CLOSEDROP | LINEDEVCAPFLAGS_DIALDIALTONE,
      dwLineFeatures: LINEFEATURE_MAKECALL,
      dwUUIMakeCallSize: 0,
      LineName: 'Simulated line 1',
      ProviderInfo: 'simulated',
      dwLineNameOffset: 252 + 'simulated'.length + 1,
    });
    expect(caps.dwMediaModes & LINEMEDIAMODE_INTERACTIVEVOICE).toBe(LINEMEDIAMODE_INTERACTIVEVOICE);
    expect(caps.PermanentLineGuid).toBeUndefined();
    const caps22 = {} as LINEDEVCAPS;
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 1, V22, 0, caps22)).toBe(0);
    expect(caps22.PermanentLineGuid).toEqual({ Data1: 0, Data2: 0, Data3: 0, Data4: [0, 0, 0, 0, 0, 0, 0, 0] });
    expect(caps22.dwProviderInfoOffset).toBe(268);
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 2, V22, 0, {})).toBe(LINEERR_BADDEVICEID);
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 0, 0x00010004, 0, {})).toBe(LINEERR_INCOMPATIBLEAPIVERSION);
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 0, V22, 1, {})).toBe(LINEERR_INCOMPATIBLEEXTVERSION);
    await h.shutdown();
  });
});

describe('lineOpen', () => {
  it('checks device, versions, privileges, media modes and options', async () => {
    const h = await tapi2Harness({}, { noOpen: true });
    const open = (device: number, version = V22, ext = 0, privileges: number = LINECALLPRIVILEGE_NONE, media = 0, params: object | null = null) =>
      h.tapi.lineOpen(h.hLineApp.value, device, { value: 0 }, version, ext, 0, privileges, media, params);
    expect(open(1)).toBe(LINEERR_BADDEVICEID);
    expect(open(-2)).toBe(LINEERR_BADDEVICEID);
    expect(open(0.5)).toBe(LINEERR_BADDEVICEID);
    expect(open(0, 0x00010004)).toBe(LINEERR_INCOMPATIBLEAPIVERSION);
    expect(open(0, 0x00030000)).toBe(LINEERR_INCOMPATIBLEAPIVERSION);
    expect(open(0, V22, 1)).toBe(LINEERR_INCOMPATIBLEEXTVERSION);
    expect(open(0, V22, 0, 0)).toBe(LINEERR_INVALPRIVSELECT);
    expect(open(0, V22, 0, LINECALLPRIVILEGE_NONE | LINECALLPRIVILEGE_OWNER, LINEMEDIAMODE_INTERACTIVEVOICE)).toBe(LINEERR_INVALPRIVSELECT);
    expect(open(0, V22, 0, 0x100)).toBe(LINEERR_INVALPRIVSELECT);
    expect(open(0, V22, 0, LINECALLPRIVILEGE_NONE | LINEOPENOPTION_PROXY)).toBe(LINEERR_OPERATIONUNAVAIL);
    expect(open(0, V22, 0, LINECALLPRIVILEGE_OWNER, 0)).toBe(LINEERR_INVALMEDIAMODE);
    expect(open(0, V22, 0, LINECALLPRIVILEGE_OWNER, LINEMEDIAMODE_VIDEO)).toBe(LINEERR_INVALMEDIAMODE);
    expect(open(0, V22, 0, LINECALLPRIVILEGE_NONE | LINEOPENOPTION_SINGLEADDRESS)).toBe(LINEERR_INVALADDRESSID);
    expect(open(LINEMAPPER, V22, 0, LINECALLPRIVILEGE_NONE, 0, { dwMediaMode: LINEMEDIAMODE_VIDEO })).toBe(LINEERR_LINEMAPPERFAILED);
    // And what is allowed.
    expect(open(0, V22, 0, LINECALLPRIVILEGE_OWNER | LINECALLPRIVILEGE_MONITOR, LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE)).toBe(0);
    expect(open(0, V22, 0, LINECALLPRIVILEGE_NONE | LINEOPENOPTION_SINGLEADDRESS, 0, { dwAddressMode: LINEADDRESSMODE_ADDRESSID, dwAddressID: 0 })).toBe(0);
    expect(open(LINEMAPPER, V20, 0, LINECALLPRIVILEGE_NONE, 0, { dwBearerMode: LINEBEARERMODE_DATA })).toBe(0);
    expect(open(-1)).toBe(0); // -1 is LINEMAPPER, as C reads the DWORD
    await h.shutdown();
  });

  it('a call made right after lineOpen waits for the line to open, then goes', async () => {
    const h = await tapi2Harness({ timing: 'instant' }, { noOpen: true });
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, h.hLine, V22, 0, INST, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    const { request, hCall } = h.makeCall('5550111');
    expect(request).toBeGreaterThan(0);
    expect(h.sim.calls()).toEqual([]); // the line is still opening
    await flush();
    expect(h.take()[0]).toEqual(['LINE_REPLY', 0, INST, request, 0, 0]);
    expect(hCall.value).toBeGreaterThan(0);
    await h.shutdown();
  });
});

describe('several opens of one device', () => {
  it('each handle has its own callback instance and calls, the line is shared, and the last close closes it', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const second = { value: 0 };
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, second, V22, 0, 99, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    await flush();
    expect(second.value).not.toBe(h.hLine.value);
    const a = h.makeCall('5550111');
    const b = h.makeCall('5550122', null, { line: second.value });
    await flush();
    const messages = h.take();
    expect(messages.filter((m) => m[1] === a.hCall.value).every((m) => m[2] === INST)).toBe(true);
    expect(messages.filter((m) => m[1] === b.hCall.value).every((m) => m[2] === 99)).toBe(true);
    const status = {} as LINEDEVSTATUS;
    h.tapi.lineGetLineDevStatus(second.value, status);
    expect(status).toMatchObject({ dwNumOpens: 2, dwNumActiveCalls: 2 });

    // Closing the first handle drops only its call; the second one's call and line go on.
    expect(h.tapi.lineClose(h.hLine.value)).toBe(0);
    await flush();
    expect(h.take()).toEqual([]); // nothing more about the closed handle
    const sim = h.sim.calls();
    expect(sim.map((c) => c.dialled)).toEqual(['5550122']);
    h.tapi.lineGetLineDevStatus(second.value, status);
    expect(status).toMatchObject({ dwNumOpens: 1, dwNumActiveCalls: 1 });
    const call = {} as { dwCallState: number };
    h.tapi.lineGetCallStatus(b.hCall.value, call);
    expect(call.dwCallState).toBe(LINECALLSTATE_CONNECTED);
    expect(h.tapi.lineGetCallStatus(a.hCall.value, {})).toBeLessThan(0);

    expect(h.tapi.lineClose(second.value)).toBe(0);
    await h.tapi.whenIdle();
    expect(h.tapi.telephony?.line(0)).toBeUndefined();
    await h.shutdown();
  });

  it('two applications open the same device', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const seen: number[] = [];
    const app2 = { value: 0 };
    h.tapi.lineInitializeEx(app2, null, (_d, msg) => seen.push(msg), 'second', { value: 0 }, { value: V22 }, { dwOptions: 1 });
    const line2 = { value: 0 };
    expect(h.tapi.lineOpen(app2.value, 0, line2, V22, 0, 5, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    const hCall = { value: 0 };
    h.tapi.lineMakeCall(line2.value, hCall, '5550111', 0, null);
    await flush();
    expect(seen.length).toBeGreaterThan(1); // the second application hears about its call…
    expect(h.take()).toEqual([]); // …the first does not
    h.tapi.lineShutdown(app2.value);
    await h.shutdown();
  });
});

describe('lineClose', () => {
  it('open, close and open again at once: the core line is released, then opened anew, and calls go', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const first = h.tapi.telephony?.line(0);
    h.tapi.lineClose(h.hLine.value);
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, h.hLine, V22, 0, INST, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    const { request, hCall } = h.makeCall('5550111');
    await h.settle();
    const messages = h.take();
    expect(messages[0]).toEqual(['LINE_REPLY', 0, INST, request, 0, 0]);
    expect(messages.some((m) => m[0] === 'LINE_CLOSE')).toBe(false);
    expect(h.tapi.telephony?.line(0)).not.toBe(first);
    expect(hCall.value).toBeGreaterThan(0);
    await h.shutdown();
  });

  it('drops the calls made on the handle, answers their pending makes (TAPI 2.0: every request id gets its LINE_REPLY), and delivers nothing more', async () => {
    const h = await tapi2Harness();
    const { request } = h.makeCall('5550111'); // placed, not yet accepted (dial tone after 100 ms)
    const { request: second, hCall: other } = h.makeCall(null);
    await h.advance(50);
    expect(h.sim.calls()).toHaveLength(2);
    expect(h.tapi.lineClose(h.hLine.value)).toBe(0);
    expect(h.tapi.lineClose(h.hLine.value)).toBe(LINEERR_INVALLINEHANDLE);
    await h.settle();
    await h.tapi.whenIdle();
    // The makes were cancelled by the close: each gets its one reply, and no state is reported.
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, request, LINEERR_USERCANCELLED, 0],
      ['LINE_REPLY', 0, INST, second, LINEERR_USERCANCELLED, 0],
    ]);
    expect(request).toBeGreaterThan(0);
    expect(other.value).toBe(0);
    expect(h.sim.calls()).toEqual([]);
    expect(h.tapi.telephony?.line(0)).toBeUndefined();
    await h.shutdown();
  });

  it('make, then close at once, while the line is still opening: the make gets its one LINE_REPLY (LINEERR_USERCANCELLED)', async () => {
    const h = await tapi2Harness({}, { noOpen: true });
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, h.hLine, V22, 0, INST, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    const { request, hCall } = h.makeCall('5550111');
    expect(h.tapi.lineClose(h.hLine.value)).toBe(0);
    await h.settle();
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, request, LINEERR_USERCANCELLED, 0]]);
    expect(hCall.value).toBe(0);
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });

  it('drop, then close at once: the drop gets its one LINE_REPLY; no state of the closed call is delivered', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    h.take();
    const drop = h.tapi.lineDrop(hCall.value, null, 0);
    expect(drop).toBeGreaterThan(0);
    expect(h.tapi.lineClose(h.hLine.value)).toBe(0);
    await h.settle();
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, drop, 0, 0]]);
    await h.shutdown();
  });

  it('dial, then close at once: the dial gets its one LINE_REPLY', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('555;');
    await flush();
    h.take();
    const dial = h.tapi.lineDial(hCall.value, '0111', 0);
    expect(dial).toBeGreaterThan(0);
    expect(h.tapi.lineClose(h.hLine.value)).toBe(0);
    await h.settle();
    expect(h.take()).toEqual([['LINE_REPLY', 0, INST, dial, 0, 0]]);
    await h.shutdown();
  });

  it('digits, then close at once: lineGenerateDigits returned 0; its LINE_GENERATE (not a reply) is withdrawn with the call', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    h.take();
    expect(h.tapi.lineGenerateDigits(hCall.value, LINEDIGITMODE_DTMF, '12#', 0)).toBe(0);
    expect(h.tapi.lineClose(h.hLine.value)).toBe(0);
    await h.settle();
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });

  it('a connected call is dropped at the switch when its line is closed', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    h.makeCall('5550111');
    await flush();
    expect(h.sim.calls()[0].phase).toBe('connected');
    h.tapi.lineClose(h.hLine.value);
    await flush();
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });
});

describe('lineGetLineDevStatus', () => {
  it('dwLineFeatures has MAKECALL while a call appearance is free; dwNumActiveCalls counts the calls', async () => {
    const h = await tapi2Harness({ timing: 'instant', maxCallsPerLine: 1 });
    const status = {} as LINEDEVSTATUS;
    h.tapi.lineGetLineDevStatus(h.hLine.value, status);
    expect(status).toMatchObject({
      dwNumOpens: 1,
      dwNumActiveCalls: 0,
      dwLineFeatures: LINEFEATURE_MAKECALL,
      dwDevStatusFlags: LINEDEVSTATUSFLAGS_CONNECTED | LINEDEVSTATUSFLAGS_INSERVICE,
      dwTotalSize: 88,
    });
    const { hCall } = h.makeCall('5550111');
    h.tapi.lineGetLineDevStatus(h.hLine.value, status);
    expect(status).toMatchObject({ dwNumActiveCalls: 1, dwLineFeatures: 0 });
    await flush();
    h.tapi.lineDrop(hCall.value, null, 0);
    h.tapi.lineGetLineDevStatus(h.hLine.value, status);
    expect(status).toMatchObject({ dwNumActiveCalls: 0, dwLineFeatures: LINEFEATURE_MAKECALL });
    await h.shutdown();
  });
});

describe('a line the provider refuses', () => {
  it('lineOpen returns 0, then the handle gets its pending replies and LINE_CLOSE, and is invalid', async () => {
    const sim = simulatedProvider({ timing: 'instant' });
    const refusing: Provider = { ...sim, openLine: () => Promise.reject(new ProviderError('RESOURCEUNAVAIL', 'no registration')) };
    const h = await tapi2Harness({}, { providers: [refusing], noOpen: true });
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, h.hLine, V22, 0, INST, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    const { request } = h.makeCall('5550111');
    await flush();
    expect(h.take()).toEqual([
      ['LINE_REPLY', 0, INST, request, LINEERR_RESOURCEUNAVAIL, 0],
      ['LINE_CLOSE', h.hLine.value, INST, 0, 0, 0],
    ]);
    expect(LINE_CLOSE).toBe(3);
    expect(h.tapi.lineMakeCall(h.hLine.value, { value: 0 }, '1', 0, null)).toBe(LINEERR_INVALLINEHANDLE);
    await h.shutdown();
  });
});

describe('the telephony across lineShutdown', () => {
  it('the last lineShutdown stops the telephony; lineInitializeEx meanwhile is LINEERR_REINIT, then starts a new one', async () => {
    const clock = new ManualClock();
    const sim = simulatedProvider({ timing: { drop: 100 } });
    const tapi = createTapi2({ providers: [sim], clock });
    const init = (app: { value: number }) => tapi.lineInitializeEx(app, null, () => {}, 'a', { value: 0 }, { value: V22 }, { dwOptions: 1 });
    const app = { value: 0 };
    expect(init(app)).toBe(0);
    const first = tapi.telephony;
    const line = { value: 0 };
    tapi.lineOpen(app.value, 0, line, V22, 0, 0, LINECALLPRIVILEGE_NONE, 0, null);
    await flush();
    tapi.lineMakeCall(line.value, { value: 0 }, '5550111', 0, null);
    clock.advance(5000);
    await flush();
    expect(tapi.lineShutdown(app.value)).toBe(0);
    expect(init({ value: 0 })).toBe(LINEERR_REINIT); // the drop takes 100 ms of switch time
    const idle = tapi.whenIdle();
    clock.runAll();
    await idle;
    expect(tapi.telephony).toBeNull();
    expect(first?.actor.getSnapshot().status).not.toBe('active');
    expect(init(app)).toBe(0);
    expect(tapi.telephony).not.toBe(first);
    tapi.lineShutdown(app.value);
    await tapi.whenIdle();
  });

  it('over an existing telephony: lineShutdown leaves it running, and a line the modern API opened is shared', async () => {
    const clock = new ManualClock();
    const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })], clock });
    const modern = await telephony.openLine(0);
    const tapi = createTapi2({ telephony });
    const app = { value: 0 };
    const log: number[] = [];
    tapi.lineInitializeEx(app, null, (_h, msg, _i, p1) => log.push(msg === 2 ? p1 : -msg), 'a', { value: 0 }, { value: V22 }, { dwOptions: 1 });
    const line = { value: 0 };
    expect(tapi.lineOpen(app.value, 0, line, V22, 0, 0, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    const hCall = { value: 0 };
    tapi.lineMakeCall(line.value, hCall, '5550111', 0, null);
    await flush();
    expect(log.at(-1)).toBe(LINECALLSTATE_CONNECTED);
    expect(modern.status.activeCalls).toBe(1);
    tapi.lineDrop(hCall.value, null, 0);
    await flush();
    expect(log.includes(LINECALLSTATE_IDLE)).toBe(true);
    tapi.lineShutdown(app.value);
    await tapi.whenIdle();
    expect(telephony.actor.getSnapshot().status).toBe('active');
    expect(telephony.line(0)).toBe(modern); // not ours to close
    await telephony.shutdown();
  });
});
