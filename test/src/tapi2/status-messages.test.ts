/**
 * lineSetStatusMessages / lineGetStatusMessages and LINE_LINEDEVSTATE: the masks are checked bit
 * by bit, each line handle hears only the changes it enabled (none by default), and a line out of
 * service shows in LINEDEVSTATUS (no INSERVICE flag, no MAKECALL) and refuses lineMakeCall with
 * LINEERR_INVALLINESTATE.
 */
import { describe, expect, it } from 'vitest';
import {
  LINEADDRESSSTATE_CAPSCHANGE,
  LINEADDRESSSTATE_OTHER,
  LINECALLPRIVILEGE_NONE,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINEDEVSTATE_INSERVICE,
  LINEDEVSTATE_OUTOFSERVICE,
  LINEDEVSTATE_REINIT,
  LINEDEVSTATE_REMOVED,
  LINEDEVSTATUSFLAGS_CONNECTED,
  LINEDEVSTATUSFLAGS_INSERVICE,
  LINEDISCONNECTMODE_UNAVAIL,
  LINEERR_INVALADDRESSSTATE,
  LINEERR_INVALLINEHANDLE,
  LINEERR_INVALLINESTATE,
  LINEERR_INVALPOINTER,
  LINEFEATURE_MAKECALL,
  type LINEDEVCAPS,
  type LINEDEVSTATUS,
} from '../../../src/tapi2/index.js';
import { flush, INST, tapi2Harness, V22 } from './tapi2-harness.js';

const BOTH = LINEDEVSTATE_OUTOFSERVICE | LINEDEVSTATE_INSERVICE;

describe('lineSetStatusMessages and lineGetStatusMessages', () => {
  it('start at 0 and 0 (only REINIT is ever sent unasked); what is set is read back', async () => {
    const h = await tapi2Harness();
    const lineStates = { value: -1 };
    const addressStates = { value: -1 };
    expect(h.tapi.lineGetStatusMessages(h.hLine.value, lineStates, addressStates)).toBe(0);
    expect([lineStates.value, addressStates.value]).toEqual([0, 0]);
    expect(h.tapi.lineSetStatusMessages(h.hLine.value, BOTH | LINEDEVSTATE_REINIT | LINEDEVSTATE_REMOVED, LINEADDRESSSTATE_OTHER | LINEADDRESSSTATE_CAPSCHANGE)).toBe(0);
    expect(h.tapi.lineGetStatusMessages(h.hLine.value, lineStates, addressStates)).toBe(0);
    expect([lineStates.value, addressStates.value]).toEqual([BOTH | LINEDEVSTATE_REINIT | LINEDEVSTATE_REMOVED, LINEADDRESSSTATE_OTHER | LINEADDRESSSTATE_CAPSCHANGE]);
    await h.shutdown();
  });

  it('an unknown LINEDEVSTATE_ bit is INVALLINESTATE (checked first), an unknown LINEADDRESSSTATE_ bit INVALADDRESSSTATE; nothing changes', async () => {
    const h = await tapi2Harness();
    const set = (lineStates: unknown, addressStates: unknown) => h.tapi.lineSetStatusMessages(h.hLine.value, lineStates as number, addressStates as number);
    expect(set(BOTH, 0)).toBe(0);
    expect(set(0x02000000, 0)).toBe(LINEERR_INVALLINESTATE);
    expect(set(-1, 0)).toBe(LINEERR_INVALLINESTATE);
    expect(set('64', 0)).toBe(LINEERR_INVALLINESTATE);
    expect(set(0x02000000, 0x200)).toBe(LINEERR_INVALLINESTATE);
    expect(set(0, 0x200)).toBe(LINEERR_INVALADDRESSSTATE);
    expect(set(0, 1.5)).toBe(LINEERR_INVALADDRESSSTATE);
    const lineStates = { value: 0 };
    const addressStates = { value: 0 };
    h.tapi.lineGetStatusMessages(h.hLine.value, lineStates, addressStates);
    expect([lineStates.value, addressStates.value]).toEqual([BOTH, 0]);
    expect(h.tapi.lineSetStatusMessages(h.hLineApp.value, BOTH, 0)).toBe(LINEERR_INVALLINEHANDLE);
    expect(h.tapi.lineGetStatusMessages(h.hLine.value, null, addressStates)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineGetStatusMessages(h.hLine.value, lineStates, Object.freeze({ value: 0 }))).toBe(LINEERR_INVALPOINTER);
    await h.shutdown();
  });

  it('LINEDEVCAPS dwLineStates says which changes a line reports', async () => {
    const h = await tapi2Harness({}, { noOpen: true });
    const caps = {} as LINEDEVCAPS;
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 0, V22, 0, caps)).toBe(0);
    expect(caps.dwLineStates).toBe(BOTH);
    await h.shutdown();
  });
});

describe('LINE_LINEDEVSTATE: out of service and back', () => {
  it('goes to each hLine that enabled the change, with its hLine and callback instance; others hear nothing', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const other = { value: 0 };
    const silent = { value: 0 };
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, other, V22, 0, 88, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    expect(h.tapi.lineOpen(h.hLineApp.value, 0, silent, V22, 0, 99, LINECALLPRIVILEGE_NONE, 0, null)).toBe(0);
    await flush();
    expect(h.tapi.lineSetStatusMessages(h.hLine.value, BOTH, 0)).toBe(0);
    expect(h.tapi.lineSetStatusMessages(other.value, LINEDEVSTATE_INSERVICE, 0)).toBe(0);
    h.take();

    h.sim.setLineService(0, false, 'trunk down');
    expect(h.take()).toEqual([]); // never inside the change: delivered afterwards
    await flush();
    expect(h.take()).toEqual([['LINE_LINEDEVSTATE', h.hLine.value, INST, LINEDEVSTATE_OUTOFSERVICE, 0, 0]]);

    h.sim.setLineService(0, true);
    await flush();
    expect(h.take()).toEqual([
      ['LINE_LINEDEVSTATE', h.hLine.value, INST, LINEDEVSTATE_INSERVICE, 0, 0],
      ['LINE_LINEDEVSTATE', other.value, 88, LINEDEVSTATE_INSERVICE, 0, 0],
    ]);

    // Disabled again: nothing more.
    expect(h.tapi.lineSetStatusMessages(h.hLine.value, 0, 0)).toBe(0);
    h.sim.setLineService(0, false);
    await flush();
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });

  it('LINEDEVSTATUS loses INSERVICE and MAKECALL while out of service, lineMakeCall is INVALLINESTATE; both come back', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const status = {} as LINEDEVSTATUS;
    h.sim.setLineService(0, false);
    expect(h.tapi.lineGetLineDevStatus(h.hLine.value, status)).toBe(0);
    expect(status).toMatchObject({ dwDevStatusFlags: LINEDEVSTATUSFLAGS_CONNECTED, dwLineFeatures: 0 });
    expect(h.makeCall('5550111').request).toBe(LINEERR_INVALLINESTATE);
    h.sim.setLineService(0, true);
    h.tapi.lineGetLineDevStatus(h.hLine.value, status);
    expect(status).toMatchObject({ dwDevStatusFlags: LINEDEVSTATUSFLAGS_CONNECTED | LINEDEVSTATUSFLAGS_INSERVICE, dwLineFeatures: LINEFEATURE_MAKECALL });
    expect(h.makeCall('5550111').request).toBeGreaterThan(0);
    await h.shutdown();
  });

  it('a call under way goes DISCONNECTED (UNAVAIL) before LINE_LINEDEVSTATE, and lineDrop clears it', async () => {
    const h = await tapi2Harness({ timing: 'instant', defaultOutcome: { outcome: 'answer', rings: 1, hangupAfterMs: 60_000 } });
    h.tapi.lineSetStatusMessages(h.hLine.value, BOTH, 0);
    const { hCall } = h.makeCall('5550111');
    await flush();
    h.take();
    h.sim.setLineService(0, false);
    await flush();
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', hCall.value, INST, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_UNAVAIL, 0],
      ['LINE_LINEDEVSTATE', h.hLine.value, INST, LINEDEVSTATE_OUTOFSERVICE, 0, 0],
    ]);
    const drop = h.tapi.lineDrop(hCall.value, null, 0);
    expect(drop).toBeGreaterThan(0);
    await flush();
    expect(h.take()).toEqual([
      ['LINE_CALLSTATE', hCall.value, INST, LINECALLSTATE_IDLE, 0, 0],
      ['LINE_REPLY', 0, INST, drop, 0, 0],
    ]);
    await h.shutdown();
  });
});
