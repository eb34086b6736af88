/**
 * LINECALLPARAMS to the core's call options (the LINECALLPARAMS structure page; `docs/reference/tapi2-constants.md`). Only the
 * structure's own rules are checked here: that each field holds a defined value, in the units C
 * uses. Whether the line can do what is asked (a bearer or media mode it lacks, a timeout out of
 * range) is checked by `prepareCall`, shared by every face, so the same request gives the same
 * LINEERR_ whichever API made it.
 */
import type { BearerMode, MediaMode } from '../../providers/provider.js';
import type { CallOptions } from '../phone/call-options.js';
import * as call from './constants/call.js';
import * as err from './constants/errors.js';
import * as line from './constants/line.js';
import type { CallExtras } from './handles.js';
import { dwordField, isStructure } from './pointers.js';
import { LINECALLPARAMS_FIXED_SIZE, holdsFixedPart } from './structures.js';

/** LINECALLPARAMS read: the options for the core and what LINECALLINFO reports back, or the LINEERR_. */
export type ReadParams = { ok: true; options: CallOptions; extras: Omit<CallExtras, 'countryCode'> } | { ok: false; error: number };

const BEARER_MODES: readonly BearerMode[] = ['VOICE', 'SPEECH', 'MULTIUSE', 'DATA', 'ALTSPEECHDATA', 'NONCALLSIGNALING', 'PASSTHROUGH', 'RESTRICTEDDATA'];
const MEDIA_MODES: readonly MediaMode[] = [
  'UNKNOWN', 'INTERACTIVEVOICE', 'AUTOMATEDVOICE', 'DATAMODEM', 'G3FAX', 'TDD', 'G4FAX', 'DIGITALDATA',
  'TELETEX', 'VIDEOTEX', 'TELEX', 'MIXED', 'ADSI', 'VOICEVIEW', 'VIDEO',
];
const lineValues = line as Readonly<Record<string, number>>;

/**
 * A LINEBEARERMODE_ / LINEMEDIAMODE_ field: exactly one defined bit, read as its mode name;
 * undefined for 0 (the default), null for anything else.
 */
function readMode<M extends string>(field: unknown, prefix: string, modes: readonly M[]): M | undefined | null {
  const bits = dwordField(field);
  if (bits === 0) return undefined;
  return modes.find((mode) => lineValues[prefix + mode] === bits) ?? null;
}

/** lineMakeCall honours these flags; the others belong to other functions or to lines xtapi does not have. */
const ACCEPTED_FLAGS =
  call.LINECALLPARAMFLAGS_IDLE | call.LINECALLPARAMFLAGS_BLOCKID | call.LINECALLPARAMFLAGS_ORIGOFFHOOK | call.LINECALLPARAMFLAGS_DESTOFFHOOK;

/** Parts xtapi cannot carry: non-empty, they make the parameters invalid rather than be dropped silently. */
const UNCARRIED = ['HighLevelComp', 'LowLevelComp', 'DevSpecific', 'TargetAddress', 'SendingFlowspec', 'ReceivingFlowspec', 'DeviceClass', 'DeviceConfig', 'CallData', 'CallingPartyID'];

const fail = (error: number): ReadParams => ({ ok: false, error });

function isBytes(x: unknown): x is string | Uint8Array {
  return typeof x === 'string' || x instanceof Uint8Array;
}

function text(x: unknown): string | null | undefined {
  if (x === undefined || x === null) return null;
  return typeof x === 'string' && !/[\x00-\x1f\x7f]/.test(x) ? x : undefined;
}

/**
 * Read an application's LINECALLPARAMS. NULL is the default: a 3.1 kHz voice call from the
 * line's own address (lineMakeCall, lpCallParams).
 *
 * @example
 * ```ts
 * readCallParams({ dwBearerMode: LINEBEARERMODE_DATA, dwNoAnswerTimeout: 20 });
 * // { ok: true, options: { bearerMode: 'DATA', noAnswerTimeout: 20000, … }, extras: { … } }
 * ```
 */
export function readCallParams(p: unknown): ReadParams {
  const extras = { displayableAddress: null, calledParty: null, comment: null, callParamFlags: 0 };
  if (p === null || p === undefined) return { ok: true, options: {}, extras };
  if (!isStructure(p)) return fail(err.LINEERR_INVALPOINTER);
  if (!holdsFixedPart(p, LINECALLPARAMS_FIXED_SIZE)) return fail(err.LINEERR_STRUCTURETOOSMALL);
  const options: CallOptions = {};

  const bearer = readMode(p.dwBearerMode, 'LINEBEARERMODE_', BEARER_MODES);
  if (bearer === null) return fail(err.LINEERR_INVALBEARERMODE);
  if (bearer) options.bearerMode = bearer;
  const media = readMode(p.dwMediaMode, 'LINEMEDIAMODE_', MEDIA_MODES);
  if (media === null) return fail(err.LINEERR_INVALMEDIAMODE);
  if (media) options.mediaMode = media;
  const minRate = dwordField(p.dwMinRate);
  const maxRate = dwordField(p.dwMaxRate);
  if (minRate === null || maxRate === null || (maxRate !== 0 && minRate > maxRate)) return fail(err.LINEERR_INVALRATE);

  const flags = dwordField(p.dwCallParamFlags);
  if (flags === null || (flags & ~ACCEPTED_FLAGS) !== 0) return fail(err.LINEERR_INVALCALLPARAMS);
  options.blockId = (flags & call.LINECALLPARAMFLAGS_BLOCKID) !== 0;

  // The originating address: by id (one address per line: id 0) or by its dialable number.
  const addressMode = dwordField(p.dwAddressMode, line.LINEADDRESSMODE_ADDRESSID);
  if (addressMode === line.LINEADDRESSMODE_ADDRESSID || addressMode === 0) {
    if (dwordField(p.dwAddressID) !== 0) return fail(err.LINEERR_INVALADDRESSID);
  } else if (addressMode === line.LINEADDRESSMODE_DIALABLEADDR) {
    const orig = text(p.OrigAddress);
    if (orig === undefined || orig === null || orig === '') return fail(err.LINEERR_INVALADDRESS);
    options.origination = orig;
  } else {
    return fail(err.LINEERR_INVALADDRESSMODE);
  }

  // dwNoAnswerTimeout is in seconds (LINECALLPARAMS page); the core counts milliseconds.
  const noAnswer = dwordField(p.dwNoAnswerTimeout);
  if (noAnswer === null) return fail(err.LINEERR_INVALCALLPARAMS);
  if (noAnswer !== 0) options.noAnswerTimeout = noAnswer * 1000;

  const dial = p.DialParams;
  if (dial !== undefined && dial !== null) {
    if (!isStructure(dial)) return fail(err.LINEERR_INVALCALLPARAMS);
    // Out-of-range values are clamped, not refused (LINEDIALPARAMS page); only the type matters.
    for (const field of ['dwDialPause', 'dwDialSpeed', 'dwDigitDuration', 'dwWaitForDialtone']) {
      if (dwordField(dial[field]) === null) return fail(err.LINEERR_INVALCALLPARAMS);
    }
  }
  const uui = p.UserUserInfo;
  if (uui !== undefined && uui !== null) {
    if (!isBytes(uui)) return fail(err.LINEERR_INVALPOINTER);
    // LINEDEVCAPS dwUUIMakeCallSize is 0: no user-user information can be sent.
    if (uui.length > 0) return fail(err.LINEERR_USERUSERINFOTOOBIG);
  }
  for (const name of UNCARRIED) {
    const part = p[name];
    if (part === undefined || part === null) continue;
    if (!isBytes(part) || part.length > 0) return fail(err.LINEERR_INVALCALLPARAMS);
  }
  if (dwordField(p.dwPredictiveAutoTransferStates) !== 0) return fail(err.LINEERR_INVALCALLPARAMS);
  if (dwordField(p.dwAddressType) === null) return fail(err.LINEERR_INVALCALLPARAMS);

  const displayableAddress = text(p.DisplayableAddress);
  const calledParty = text(p.CalledParty);
  const comment = text(p.Comment);
  if (displayableAddress === undefined || calledParty === undefined || comment === undefined) return fail(err.LINEERR_INVALCALLPARAMS);
  return { ok: true, options, extras: { displayableAddress, calledParty, comment, callParamFlags: flags } };
}
