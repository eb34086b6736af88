/**
 * LINECALLPARAMS: bearer mode, media mode, origination address, LINECALLPARAMFLAGS_BLOCKID and
 * dwNoAnswerTimeout reach the provider and come back in LINECALLINFO; NULL is a 3.1 kHz voice
 * call (lineMakeCall, lpCallParams); bad parameters give the LINEERR_ lineMakeCall lists. Also
 * the shape of LINECALLSTATUS and LINECALLINFO (variably sized structures).
 */
import { describe, expect, it } from 'vitest';
import type { CallRequest, Provider } from '../../../providers/provider.js';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import {
  LINEADDRESSMODE_DIALABLEADDR,
  LINEBEARERMODE_DATA,
  LINEBEARERMODE_PASSTHROUGH,
  LINEBEARERMODE_VOICE,
  LINECALLFEATURE_BLINDTRANSFER,
  LINECALLFEATURE_DROP,
  LINECALLFEATURE_GATHERDIGITS,
  LINECALLFEATURE_GENERATETONE,
  LINECALLFEATURE_MONITORTONES,
  LINECALLFEATURE_GENERATEDIGITS,
  LINECALLFEATURE_MONITORDIGITS,
  LINECALLFEATURE_HOLD,
  LINECALLFEATURE_SETUPTRANSFER,
  LINECALLORIGIN_OUTBOUND,
  LINECALLPARAMFLAGS_BLOCKID,
  LINECALLPARAMFLAGS_SECURE,
  LINECALLPARTYID_ADDRESS,
  LINECALLPARTYID_BLOCKED,
  LINECALLPRIVILEGE_OWNER,
  LINECALLREASON_DIRECT,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_IDLE,
  LINECONNECTEDMODE_ACTIVE,
  LINEERR_BEARERMODEUNAVAIL,
  LINEERR_CALLUNAVAIL,
  LINEERR_INVALADDRESS,
  LINEERR_INVALADDRESSID,
  LINEERR_INVALADDRESSMODE,
  LINEERR_INVALBEARERMODE,
  LINEERR_INVALCALLPARAMS,
  LINEERR_INVALCOUNTRYCODE,
  LINEERR_INVALMEDIAMODE,
  LINEERR_INVALRATE,
  LINEERR_STRUCTURETOOSMALL,
  LINEERR_USERUSERINFOTOOBIG,
  LINEMEDIAMODE_DATAMODEM,
  LINEMEDIAMODE_INTERACTIVEVOICE,
  LINEMEDIAMODE_VIDEO,
  type LINECALLINFO,
  type LINECALLPARAMS,
  type LINECALLSTATUS,
} from '../../../src/tapi2/index.js';
import { flush, tapi2Harness } from './tapi2-harness.js';

/** The simulated switch, recording what reaches it. */
function recordingSwitch() {
  const sim = simulatedProvider({ timing: 'instant', maxCallsPerLine: 1 });
  const requests: CallRequest[] = [];
  const provider: Provider = {
    ...sim,
    openLine: (lineIndex, link) => {
      const line = sim.openLine(lineIndex, link);
      return {
        ...line,
        makeCall: (request) => {
          requests.push(request);
          return line.makeCall(request);
        },
      };
    },
  };
  return { provider, requests };
}

describe('LINECALLPARAMS', () => {
  it('NULL is a 3.1 kHz voice call from the line address', async () => {
    const { provider, requests } = recordingSwitch();
    const h = await tapi2Harness({}, { providers: [provider] });
    const { hCall } = h.makeCall('5550111');
    await flush();
    expect(requests[0].params).toEqual({ bearerMode: 'VOICE', mediaMode: 'INTERACTIVEVOICE', blockId: false, origination: null, noAnswerTimeout: 0 });
    const info = {} as LINECALLINFO;
    expect(h.tapi.lineGetCallInfo(hCall.value, info)).toBe(0);
    expect(info).toMatchObject({
      hLine: h.hLine.value,
      dwLineDeviceID: 0,
      dwBearerMode: LINEBEARERMODE_VOICE,
      dwMediaMode: LINEMEDIAMODE_INTERACTIVEVOICE,
      dwOrigin: LINECALLORIGIN_OUTBOUND,
      dwReason: LINECALLREASON_DIRECT,
      dwCallParamFlags: 0,
      dwCallerIDFlags: LINECALLPARTYID_ADDRESS,
      CallerID: '100',
      dwCalledIDFlags: LINECALLPARTYID_ADDRESS,
      CalledID: '5550111',
      DisplayableAddress: '5550111',
      AppName: 'tests',
      dwNumOwners: 1,
    });
    expect(info.dwCallID).toBeGreaterThan(0);
    await h.shutdown();
  });

  it('bearer, media, origination, BLOCKID and dwNoAnswerTimeout reach the provider and LINECALLINFO', async () => {
    const { provider, requests } = recordingSwitch();
    const h = await tapi2Harness({}, { providers: [provider] });
    const params: LINECALLPARAMS = {
      dwBearerMode: LINEBEARERMODE_DATA,
      dwMediaMode: LINEMEDIAMODE_DATAMODEM,
      dwCallParamFlags: LINECALLPARAMFLAGS_BLOCKID,
      dwAddressMode: LINEADDRESSMODE_DIALABLEADDR,
      OrigAddress: '4255550100',
      dwNoAnswerTimeout: 30,
      DisplayableAddress: 'Support desk',
      CalledParty: 'Support',
      Comment: 'ticket 42',
    };
    const { request, hCall } = h.makeCall('+1 (425) 555-0111', params, { countryCode: 1 });
    expect(request).toBeGreaterThan(0);
    await flush();
    expect(requests[0].params).toEqual({ bearerMode: 'DATA', mediaMode: 'DATAMODEM', blockId: true, origination: '4255550100', noAnswerTimeout: 30_000 });
    const info = {} as LINECALLINFO;
    h.tapi.lineGetCallInfo(hCall.value, info);
    expect(info).toMatchObject({
      dwBearerMode: LINEBEARERMODE_DATA,
      dwMediaMode: LINEMEDIAMODE_DATAMODEM,
      dwCallParamFlags: LINECALLPARAMFLAGS_BLOCKID,
      dwCallerIDFlags: LINECALLPARTYID_BLOCKED,
      dwCountryCode: 1,
      CalledID: '+14255550111',
      DisplayableAddress: 'Support desk',
      CalledParty: 'Support',
      Comment: 'ticket 42',
    });
    expect(info.CallerID).toBeUndefined(); // blocked
    await h.shutdown();
  });

  it.each<[string, LINECALLPARAMS, number]>([
    ['two bearer modes at once', { dwBearerMode: LINEBEARERMODE_VOICE | LINEBEARERMODE_DATA }, LINEERR_INVALBEARERMODE],
    ['an undefined bearer mode', { dwBearerMode: 0x100 }, LINEERR_INVALBEARERMODE],
    ['a bearer mode the line lacks', { dwBearerMode: LINEBEARERMODE_PASSTHROUGH }, LINEERR_BEARERMODEUNAVAIL],
    ['media mode 0x1 (undefined)', { dwMediaMode: 1 }, LINEERR_INVALMEDIAMODE],
    ['a media mode the line lacks', { dwMediaMode: LINEMEDIAMODE_VIDEO }, LINEERR_INVALMEDIAMODE],
    ['an unknown flag', { dwCallParamFlags: 0x100 }, LINEERR_INVALCALLPARAMS],
    ['a flag the line cannot honour (SECURE)', { dwCallParamFlags: LINECALLPARAMFLAGS_SECURE }, LINEERR_INVALCALLPARAMS],
    ['an unknown address mode', { dwAddressMode: 4 }, LINEERR_INVALADDRESSMODE],
    ['an address id the line lacks', { dwAddressID: 1 }, LINEERR_INVALADDRESSID],
    ['DIALABLEADDR without an address', { dwAddressMode: LINEADDRESSMODE_DIALABLEADDR }, LINEERR_INVALADDRESS],
    ['min rate above max rate', { dwMinRate: 64000, dwMaxRate: 9600 }, LINEERR_INVALRATE],
    ['a fractional no-answer timeout', { dwNoAnswerTimeout: 1.5 }, LINEERR_INVALCALLPARAMS],
    ['a no-answer timeout beyond the core limit', { dwNoAnswerTimeout: 0xffffffff }, LINEERR_INVALCALLPARAMS],
    ['user-user information (the line carries none)', { UserUserInfo: 'hello' }, LINEERR_USERUSERINFOTOOBIG],
    ['a part xtapi cannot carry', { HighLevelComp: new Uint8Array([1]) }, LINEERR_INVALCALLPARAMS],
    ['a displayable address with a control character', { DisplayableAddress: 'a\u0007b' }, LINEERR_INVALCALLPARAMS],
    ['dwTotalSize below the TAPI 2 fixed part', { dwTotalSize: 112 }, LINEERR_STRUCTURETOOSMALL],
  ])('%s', async (_name, params, error) => {
    const h = await tapi2Harness({ timing: 'instant' });
    expect(h.makeCall('5550111', params).request).toBe(error);
    await flush();
    expect(h.take()).toEqual([]);
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });

  it('addresses and country codes: empty or bad address INVALADDRESS, country code beyond 999 INVALCOUNTRYCODE', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    expect(h.makeCall('').request).toBe(LINEERR_INVALADDRESS);
    expect(h.makeCall('555-CALL-NOW').request).toBe(LINEERR_INVALADDRESS);
    expect(h.makeCall('5;55').request).toBe(LINEERR_INVALADDRESS);
    expect(h.tapi.lineMakeCall(h.hLine.value, { value: 0 }, '5550111', 1000, null)).toBe(LINEERR_INVALCOUNTRYCODE);
    expect(h.tapi.lineMakeCall(h.hLine.value, { value: 0 }, '5550111', -1, null)).toBe(LINEERR_INVALCOUNTRYCODE);
    expect(h.tapi.lineMakeCall(h.hLine.value, { value: 0 }, '5550111', 44, null)).toBeGreaterThan(0);
    await h.shutdown();
  });
});

describe('the line limit', () => {
  it('a second call on a line at its limit is LINEERR_CALLUNAVAIL; once the first is IDLE, a new one goes', async () => {
    const h = await tapi2Harness({ timing: 'instant', maxCallsPerLine: 1 });
    const first = h.makeCall('5550111');
    expect(first.request).toBeGreaterThan(0);
    expect(h.makeCall('5550122').request).toBe(LINEERR_CALLUNAVAIL);
    await flush();
    h.tapi.lineDrop(first.hCall.value, null, 0);
    // IDLE frees the call appearance; the handle stays valid until deallocated.
    const second = h.makeCall('5550122');
    expect(second.request).toBeGreaterThan(0);
    await flush();
    const status = {} as LINECALLSTATUS;
    h.tapi.lineGetCallStatus(first.hCall.value, status);
    expect(status.dwCallState).toBe(LINECALLSTATE_IDLE);
    await h.shutdown();
  });
});

describe('LINECALLSTATUS and variably sized structures', () => {
  it('reports the state, its mode, the privilege, features and the UTC entry time of the state', async () => {
    const h = await tapi2Harness();
    h.clock.advance(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    const { hCall } = h.makeCall('5550111');
    await h.advance(1850);
    const status = {} as LINECALLSTATUS;
    expect(h.tapi.lineGetCallStatus(hCall.value, status)).toBe(0);
    expect(status).toMatchObject({
      dwTotalSize: 56,
      dwNeededSize: 56,
      dwUsedSize: 56,
      dwCallState: LINECALLSTATE_CONNECTED,
      dwCallStateMode: LINECONNECTEDMODE_ACTIVE,
      dwCallPrivilege: LINECALLPRIVILEGE_OWNER,
      // The simulated line declares hold and both transfers (LineDevice.features), and carries audio (tones).
      dwCallFeatures:
        LINECALLFEATURE_DROP | LINECALLFEATURE_GENERATEDIGITS | LINECALLFEATURE_HOLD | LINECALLFEATURE_BLINDTRANSFER | LINECALLFEATURE_SETUPTRANSFER | LINECALLFEATURE_GATHERDIGITS | LINECALLFEATURE_MONITORDIGITS |
        LINECALLFEATURE_GENERATETONE | LINECALLFEATURE_MONITORTONES,
      dwCallFeatures2: 0,
      tStateEntryTime: { wYear: 2024, wMonth: 1, wDayOfWeek: 2, wDay: 2, wHour: 3, wMinute: 4, wSecond: 6, wMilliseconds: 856 },
    });
    await h.shutdown();
  });

  it('a variable part that does not fit is left out whole, and dwNeededSize says how much is needed', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    const full = {} as LINECALLINFO;
    h.tapi.lineGetCallInfo(hCall.value, full);
    expect(full.dwNeededSize).toBe(full.dwUsedSize);
    expect(full.dwNeededSize).toBe(324 + '100'.length + 1 + '5550111'.length + 1 + 'tests'.length + 1 + '5550111'.length + 1);
    expect(full.dwCallerIDOffset).toBe(324);
    expect(full.dwCallerIDSize).toBe(4);
    const small = { dwTotalSize: 330 } as LINECALLINFO;
    expect(h.tapi.lineGetCallInfo(hCall.value, small)).toBe(0);
    expect(small).toMatchObject({ dwTotalSize: 330, dwNeededSize: full.dwNeededSize, dwUsedSize: 328, CallerID: '100', dwCalledIDSize: 0, dwCalledIDOffset: 0 });
    expect(small.CalledID).toBeUndefined();
    await h.shutdown();
  });
});
