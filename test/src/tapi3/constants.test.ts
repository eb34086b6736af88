/**
 * Every TAPI 3 constant and HRESULT under its C name with its C value, as a signed 32-bit number;
 * and the public surface of `xtapi/tapi3`, pinned.
 */
import { describe, expect, it } from 'vitest';
import * as tapi3 from '../../../src/tapi3/index.js';

describe('HRESULTs', () => {
  it('generic ones (winerror.h), signed', () => {
    expect(tapi3.S_OK).toBe(0);
    expect(tapi3.S_FALSE).toBe(1);
    expect(tapi3.E_NOTIMPL).toBe(-2147467263);
    expect(tapi3.E_POINTER).toBe(-2147467261);
    expect(tapi3.E_FAIL).toBe(-2147467259);
    expect(tapi3.E_UNEXPECTED).toBe(-2147418113);
    expect(tapi3.E_OUTOFMEMORY).toBe(-2147024882);
    expect(tapi3.E_INVALIDARG).toBe(-2147024809);
  });

  it('all 90 TAPI_E_ (tapi3err.h), 0x80040001 … 0x8004005A in order', () => {
    const entries = Object.entries(tapi3).filter(([name]) => name.startsWith('TAPI_E_'));
    expect(entries).toHaveLength(90);
    const values = entries.map(([, value]) => value as number).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: 90 }, (_, i) => (0x80040001 + i) | 0));
    expect(tapi3.TAPI_E_NOTSUPPORTED).toBe(0x80040003 | 0);
    expect(tapi3.TAPI_E_INVALCALLSTATE).toBe(-2147221488);
    expect(tapi3.TAPI_E_DESTBUSY).toBe(-2147221452);
    expect(tapi3.TAPI_E_TIMEOUT).toBe(-2147221436);
    expect(tapi3.TAPI_E_INVALADDRESSTYPE).toBe(-2147221423);
    expect(tapi3.TAPI_E_SERVICE_NOT_RUNNING).toBe(0x8004005a | 0);
  });

  it('every failure is negative, every HRESULT a 32-bit integer', () => {
    for (const [name, value] of Object.entries(tapi3)) {
      if (!/^(E_|TAPI_E_|CONNECT_E_)/.test(name)) continue;
      expect(Number.isInteger(value) && (value as number) < 0 && ((value as number) | 0) === value, name).toBe(true);
      expect(tapi3.succeeded(value as number)).toBe(false);
    }
    expect(tapi3.succeeded(tapi3.S_FALSE)).toBe(true);
  });

  it('hresultName and TapiError speak the C names', () => {
    expect(tapi3.hresultName(tapi3.S_OK)).toBe('S_OK');
    expect(tapi3.hresultName(tapi3.TAPI_E_INVALCALLSTATE)).toBe('TAPI_E_INVALCALLSTATE');
    expect(tapi3.hresultName(0x80040010)).toBe('TAPI_E_INVALCALLSTATE'); // unsigned spelling too
    expect(tapi3.hresultName(0x12345)).toBe('0x00012345');
    const error = new tapi3.TapiError(tapi3.TAPI_E_INVALADDRESS, 'bad');
    expect([error.hresult, error.name, error.message]).toEqual([tapi3.TAPI_E_INVALADDRESS, 'TapiError', 'TAPI_E_INVALADDRESS: bad']);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('enumerations (tapi3if.h)', () => {
  it('CALL_STATE, CALL_STATE_EVENT_CAUSE, DISCONNECT_CODE', () => {
    expect([tapi3.CS_IDLE, tapi3.CS_INPROGRESS, tapi3.CS_CONNECTED, tapi3.CS_DISCONNECTED, tapi3.CS_OFFERING, tapi3.CS_HOLD, tapi3.CS_QUEUED, tapi3.CS_LASTITEM]).toEqual([0, 1, 2, 3, 4, 5, 6, 6]);
    expect([
      tapi3.CEC_NONE,
      tapi3.CEC_DISCONNECT_NORMAL,
      tapi3.CEC_DISCONNECT_BUSY,
      tapi3.CEC_DISCONNECT_BADADDRESS,
      tapi3.CEC_DISCONNECT_NOANSWER,
      tapi3.CEC_DISCONNECT_CANCELLED,
      tapi3.CEC_DISCONNECT_REJECTED,
      tapi3.CEC_DISCONNECT_FAILED,
      tapi3.CEC_DISCONNECT_BLOCKED,
    ]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([tapi3.DC_NORMAL, tapi3.DC_NOANSWER, tapi3.DC_REJECTED]).toEqual([0, 1, 2]);
  });

  it('TAPI_EVENT bits', () => {
    const te = Object.entries(tapi3).filter(([name]) => name.startsWith('TE_'));
    expect(te.map(([, v]) => v).sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 26 }, (_, i) => 2 ** i));
    expect([tapi3.TE_CALLNOTIFICATION, tapi3.TE_CALLSTATE, tapi3.TE_PHONEDEVSPECIFIC]).toEqual([0x4, 0x8, 0x2000000]);
  });

  it('TAPIMEDIATYPE_, LINEADDRESSTYPE_, and the smaller enums', () => {
    expect([tapi3.TAPIMEDIATYPE_AUDIO, tapi3.TAPIMEDIATYPE_DATAMODEM, tapi3.TAPIMEDIATYPE_G3FAX, tapi3.TAPIMEDIATYPE_VIDEO, tapi3.TAPIMEDIATYPE_MULTITRACK]).toEqual([
      0x8, 0x10, 0x20, 0x8000, 0x10000,
    ]);
    expect([
      tapi3.LINEADDRESSTYPE_PHONENUMBER,
      tapi3.LINEADDRESSTYPE_SDP,
      tapi3.LINEADDRESSTYPE_EMAILNAME,
      tapi3.LINEADDRESSTYPE_DOMAINNAME,
      tapi3.LINEADDRESSTYPE_IPADDRESS,
    ]).toEqual([1, 2, 4, 8, 0x10]);
    expect([tapi3.CNE_OWNER, tapi3.CNE_MONITOR, tapi3.CP_OWNER, tapi3.CP_MONITOR, tapi3.AS_INSERVICE, tapi3.AS_OUTOFSERVICE]).toEqual([0, 1, 0, 1, 0, 1]);
    // ADDRESS_EVENT (tapi3if.h): AE_STATE = 0 … AE_MSGWAITOFF = 8, AE_LASTITEM = AE_MSGWAITOFF.
    expect([tapi3.AE_STATE, tapi3.AE_CAPSCHANGE, tapi3.AE_RINGING, tapi3.AE_CONFIGCHANGE, tapi3.AE_FORWARD, tapi3.AE_NEWTERMINAL, tapi3.AE_REMOVETERMINAL, tapi3.AE_MSGWAITON, tapi3.AE_MSGWAITOFF, tapi3.AE_LASTITEM]).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 8,
    ]);
    expect([tapi3.VARIANT_TRUE, tapi3.VARIANT_FALSE]).toEqual([-1, 0]);
    expect([tapi3.CIL_MEDIATYPESAVAILABLE, tapi3.CIL_CALLEDIDADDRESSTYPE, tapi3.CIL_MONITORMEDIAMODES]).toEqual([0, 3, 24]);
    expect([tapi3.CIS_CALLERIDNAME, tapi3.CIS_CALLEDIDNUMBER, tapi3.CIS_CALLINGPARTYID]).toEqual([0, 3, 13]);
  });
});

describe('public surface', () => {
  it('is the factory, the error, two helpers and C constants; no internals', () => {
    const names = Object.keys(tapi3);
    const functions = names.filter((n) => typeof (tapi3 as Record<string, unknown>)[n] === 'function').sort();
    expect(functions).toEqual(['TapiError', 'createTapi3', 'hresultName', 'succeeded']);
    const others = names.filter((n) => typeof (tapi3 as Record<string, unknown>)[n] !== 'function');
    for (const name of others) expect(name, name).toMatch(/^(S_|E_|TAPI_E_|CONNECT_E_|CS_|CEC_|DC_|CNE_|CP_|AS_|AE_|FM_|QSL_|VARIANT_|TE_|TAPIMEDIATYPE_|LINEADDRESSTYPE_|CIC_|CIL_|CIS_|TTM_|TWO_MINUTES$)/);
    for (const internal of ['TapiCall', 'TapiAddress', 'Tapi', 'EventHub', 'TE_ALL', 'withinTimeout', 'callStateOf']) expect(names).not.toContain(internal);
    expect(tapi3.TWO_MINUTES).toBe(120_000);
  });
});
