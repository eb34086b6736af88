/**
 * The constants under their C names with their C values (tapi.h; `docs/reference/tapi2-constants.md`), errors as
 * signed 32-bit LONGs, and the public export list of `xtapi/tapi2` pinned: constants by C name,
 * the factory, two version constants, and nothing internal.
 */
import { describe, expect, it } from 'vitest';
import * as tapi2 from '../../../src/tapi2/index.js';

const exported = tapi2 as unknown as Record<string, unknown>;
const named = (prefix: string) => Object.entries(exported).filter(([name]) => name.startsWith(prefix));

describe('TAPI 2 constants', () => {
  it('LINEERR_ values are the signed 32-bit numbers a LONG holds: negative, 0x80000001…0x80000061', () => {
    expect(tapi2.LINEERR_INVALLINEHANDLE).toBe(0x8000002b | 0);
    expect(tapi2.LINEERR_INVALLINEHANDLE).toBe(-2147483605);
    expect(tapi2.LINEERR_ALLOCATED).toBe(-2147483647);
    expect(tapi2.LINEERR_INVALCALLSTATE).toBe(-2147483620);
    expect(tapi2.LINEERR_SERVICE_NOT_RUNNING).toBe(0x80000061 | 0);
    const errors = named('LINEERR_');
    expect(errors).toHaveLength(95); // every defined one (`docs/reference/tapi2-errors.md`)
    const values = errors.map(([, v]) => (v as number) >>> 0);
    expect(new Set(values).size).toBe(95);
    for (const value of values) expect(value >= 0x80000001 && value <= 0x80000061).toBe(true);
    expect(values).not.toContain(0x80000004); // undefined in every header
    expect(values).not.toContain(0x80000031);
    for (const [, v] of errors) expect(v as number).toBeLessThan(0);
  });

  it('message ids, 0…34', () => {
    expect([tapi2.LINE_ADDRESSSTATE, tapi2.LINE_CALLINFO, tapi2.LINE_CALLSTATE, tapi2.LINE_CLOSE]).toEqual([0, 1, 2, 3]);
    expect([tapi2.LINE_GENERATE, tapi2.LINE_LINEDEVSTATE, tapi2.LINE_REPLY, tapi2.LINE_CREATE]).toEqual([7, 8, 12, 19]);
    expect([tapi2.LINE_APPNEWCALL, tapi2.LINE_REMOVE, tapi2.LINE_PROXYSTATUS, tapi2.LINE_DEVSPECIFICEX]).toEqual([23, 25, 31, 34]);
    const ids = Object.entries(exported)
      .filter(([name]) => /^(LINE|PHONE)_[A-Z]+$/.test(name))
      .map(([, v]) => v as number)
      .sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 35 }, (_, i) => i));
  });

  it('the families the issue names, against the facts sheet', () => {
    expect(tapi2.LINECALLSTATE_IDLE).toBe(0x1);
    expect(tapi2.LINECALLSTATE_PROCEEDING).toBe(0x200);
    expect(tapi2.LINECALLSTATE_DISCONNECTED).toBe(0x4000);
    expect(tapi2.LINECALLSTATE_UNKNOWN).toBe(0x8000);
    expect(named('LINECALLSTATE_')).toHaveLength(16);
    expect(tapi2.LINEDISCONNECTMODE_NOANSWER).toBe(0x40);
    expect(tapi2.LINEDISCONNECTMODE_CANCELLED).toBe(0x80000);
    expect(tapi2.LINEDISCONNECTMODE_FDNRESTRICT).toBe(0x200000);
    expect(named('LINEDISCONNECTMODE_')).toHaveLength(22);
    expect(tapi2.LINEBEARERMODE_RESTRICTEDDATA).toBe(0x80);
    expect(named('LINEBEARERMODE_')).toHaveLength(8);
    expect(tapi2.LINEMEDIAMODE_INTERACTIVEVOICE).toBe(0x4);
    expect(tapi2.LINEMEDIAMODE_VIDEO).toBe(0x8000);
    expect(named('LINEMEDIAMODE_')).toHaveLength(15);
    expect(tapi2.LINECALLFEATURE_DIAL).toBe(0x40);
    expect(tapi2.LINECALLFEATURE_DROP).toBe(0x80);
    expect(tapi2.LINECALLFEATURE_SETCALLDATA).toBe(0x80000000); // a DWORD flag: unsigned
    expect(named('LINECALLFEATURE_')).toHaveLength(32);
    expect(tapi2.LINEFEATURE_MAKECALL).toBe(0x8);
    expect(tapi2.LINEFEATURE_FORWARDDND).toBe(0x100);
    expect(tapi2.LINECALLPARAMFLAGS_BLOCKID).toBe(0x4);
    expect(named('LINECALLPARAMFLAGS_')).toHaveLength(8);
    expect([tapi2.LINEADDRESSMODE_ADDRESSID, tapi2.LINEADDRESSMODE_DIALABLEADDR]).toEqual([1, 2]);
    expect([tapi2.LINEINITIALIZEEXOPTION_USEHIDDENWINDOW, tapi2.LINEINITIALIZEEXOPTION_USEEVENT, tapi2.LINEINITIALIZEEXOPTION_USECOMPLETIONPORT]).toEqual([1, 2, 3]);
    expect(tapi2.LINEINITIALIZEEXOPTION_CALLHUBTRACKING).toBe(0x80000000);
    expect([tapi2.LINECALLPRIVILEGE_NONE, tapi2.LINECALLPRIVILEGE_MONITOR, tapi2.LINECALLPRIVILEGE_OWNER]).toEqual([1, 2, 4]);
    expect(tapi2.LINEMAPPER).toBe(0xffffffff);
    expect(tapi2.LINEDEVCAPFLAGS_DIALDIALTONE).toBe(0x100);
    expect(tapi2.LINEDIALTONEMODE_UNAVAIL).toBe(0x20);
    expect(tapi2.LINEBUSYMODE_UNAVAIL).toBe(0x8);
    expect(tapi2.LINECONNECTEDMODE_CONFIRMED).toBe(0x10);
    expect(tapi2.LINETRANSLATERESULT_VOICEDETECT).toBe(0x400);
  });

  it('every constant is a DWORD (errors excepted) and named in C style', () => {
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value !== 'number') continue;
      expect(name).toMatch(/^(LINE|PHONE_|INITIALIZE_NEGOTIATION$|INFINITE$|LAST_LINE|STRINGFORMAT_|TAPI2_)/);
      if (!name.startsWith('LINEERR_')) expect(value === value >>> 0).toBe(true);
    }
  });

  it('the public list: the factory, constants, and nothing internal', () => {
    const nonConstants = Object.entries(exported)
      .filter(([, value]) => typeof value !== 'number')
      .map(([name]) => name);
    expect(nonConstants).toEqual(['createTapi2']);
    for (const internal of ['Tapi2Runtime', 'HandleTable', 'MessageQueue', 'Devices', 'readCallParams', 'lineErr', 'fillStructure']) {
      expect(exported[internal]).toBeUndefined();
    }
    expect([tapi2.TAPI2_LOW_API_VERSION, tapi2.TAPI2_HIGH_API_VERSION]).toEqual([0x00020000, 0x00020002]);
  });
});
