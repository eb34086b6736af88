/**
 * ITCallInfo's CallInfoLong and CallInfoString: the LINECALLINFO fields TAPI 3 exposes, read from
 * the call actor's context. Only the fields xtapi knows are filled; the others say so
 * (TAPI_E_NOTSUPPORTED) instead of inventing a value.
 */
import type { CallContext } from '../../machines/call.js';
import type { CallOrigin, CallReason, LineDevice } from '../../providers/provider.js';
import {
  CIL_BEARERMODE,
  CIL_ORIGIN,
  CIL_REASON,
  CIS_CALLERIDNAME,
  CIL_CALLEDIDADDRESSTYPE,
  CIL_CALLERIDADDRESSTYPE,
  CIL_CALLPARAMSFLAGS,
  CIL_MEDIATYPESAVAILABLE,
  CIL_MONITORMEDIAMODES,
  CIL_REDIRECTIONIDADDRESSTYPE,
  CIS_CALLEDIDNUMBER,
  CIS_CALLERIDNUMBER,
  CIS_CALLINGPARTYID,
  CIS_DISPLAYABLEADDRESS,
  CIS_REDIRECTIONIDNUMBER,
} from './constants.js';
import { E_INVALIDARG, TAPI_E_NOTSUPPORTED } from './hresults.js';
import { addressTypeOf, bearerModeValue, LINECALLPARAMFLAGS_BLOCKID, mediaTypeOfMode } from './media-types.js';
import { TapiError } from './tapi-error.js';

type Info = Pick<CallContext, 'address' | 'destination' | 'params'> & Partial<Pick<CallContext, 'incoming' | 'redirections'>>;

/** LINECALLORIGIN_ values ("LINECALLORIGIN_ Constants"), which CIL_ORIGIN returns. */
const ORIGIN: Readonly<Record<CallOrigin, number>> = { OUTBOUND: 0x1, INTERNAL: 0x2, EXTERNAL: 0x4, UNKNOWN: 0x10, UNAVAIL: 0x20, CONFERENCE: 0x40, INBOUND: 0x80 };

/** LINECALLREASON_ values ("LINECALLREASON_ Constants"), which CIL_REASON returns. */
const REASON: Readonly<Record<CallReason, number>> = {
  DIRECT: 0x1,
  FWDBUSY: 0x2,
  FWDNOANSWER: 0x4,
  FWDUNCOND: 0x8,
  PICKUP: 0x10,
  UNPARK: 0x20,
  REDIRECT: 0x40,
  CALLCOMPLETION: 0x80,
  TRANSFER: 0x100,
  REMINDER: 0x200,
  UNKNOWN: 0x400,
  UNAVAIL: 0x800,
  INTRUDE: 0x1000,
  PARKED: 0x2000,
  CAMPEDON: 0x4000,
  ROUTEREQUEST: 0x8000,
};

function checkEnum(value: unknown, last: number, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > last) {
    throw new TapiError(E_INVALIDARG, `${String(value)} is not a ${what} value`);
  }
}

/** The number the call was placed to: what has been dialled (formatting removed), or the URI; for a call that arrived, the address it was sent to. */
function calledNumber(info: Info): string {
  if (info.incoming) return info.incoming.to ?? '';
  return info.destination || (info.address ?? '');
}

/** The caller: the originating address the application chose, else the line's own address; for a call that arrived, its caller ID. */
function callerNumber(info: Info, device: Pick<LineDevice, 'address'>): string {
  if (info.incoming) return info.incoming.from ?? '';
  return info.params.origination ?? device.address;
}

/** Where the call was redirected to (the last redirect; LINECALLINFO RedirectionID), or null. */
function redirectionNumber(info: Info): string | null {
  return info.redirections?.at(-1)?.to ?? null;
}

/**
 * ITCallInfo::get_CallInfoLong.
 *
 * @example
 * ```ts
 * callInfoLong(snapshot.context, device, CIL_MEDIATYPESAVAILABLE); // TAPIMEDIATYPE_AUDIO
 * ```
 */
export function callInfoLong(info: Info, device: Pick<LineDevice, 'address'>, lInfo: number): number {
  checkEnum(lInfo, CIL_MONITORMEDIAMODES, 'CALLINFO_LONG');
  switch (lInfo) {
    case CIL_MEDIATYPESAVAILABLE:
      return mediaTypeOfMode(info.params.mediaMode);
    case CIL_BEARERMODE:
      return bearerModeValue(info.params.bearerMode);
    case CIL_CALLERIDADDRESSTYPE:
      return addressTypeOf(callerNumber(info, device));
    case CIL_CALLEDIDADDRESSTYPE:
      return addressTypeOf(calledNumber(info));
    case CIL_REDIRECTIONIDADDRESSTYPE: {
      // No redirection, no address and so no type (0), as LINECALLINFO leaves it.
      const redirected = redirectionNumber(info);
      return redirected === null ? 0 : addressTypeOf(redirected);
    }
    case CIL_CALLPARAMSFLAGS:
      return info.params.blockId ? LINECALLPARAMFLAGS_BLOCKID : 0;
    case CIL_ORIGIN:
      return info.incoming ? ORIGIN[info.incoming.origin ?? 'UNAVAIL'] : ORIGIN.OUTBOUND;
    case CIL_REASON:
      return info.incoming ? REASON[info.incoming.reason ?? 'DIRECT'] : REASON.DIRECT;
    default:
      throw new TapiError(TAPI_E_NOTSUPPORTED, `CALLINFO_LONG ${lInfo} is not known for this call`);
  }
}

/**
 * ITCallInfo::get_CallInfoString.
 *
 * @example
 * ```ts
 * callInfoString(snapshot.context, device, CIS_CALLEDIDNUMBER); // '+14255550111'
 * ```
 */
export function callInfoString(info: Info, device: Pick<LineDevice, 'address'>, lInfo: number): string {
  checkEnum(lInfo, CIS_CALLINGPARTYID, 'CALLINFO_STRING');
  switch (lInfo) {
    case CIS_CALLEDIDNUMBER:
      return calledNumber(info);
    case CIS_CALLERIDNUMBER:
      return callerNumber(info, device);
    case CIS_CALLERIDNAME:
      // The caller's name, where the network gave one (a call that arrived).
      if (info.incoming) return info.incoming.name ?? '';
      throw new TapiError(TAPI_E_NOTSUPPORTED, 'a call made here has no caller ID name');
    case CIS_DISPLAYABLEADDRESS:
      // The address as the application gave it (LINECALLINFO dwDisplayableAddress).
      return info.address ?? '';
    case CIS_REDIRECTIONIDNUMBER:
      // "The address to which the call was redirected" (LINECALLINFO RedirectionID); '' if never.
      return redirectionNumber(info) ?? '';
    default:
      throw new TapiError(TAPI_E_NOTSUPPORTED, `CALLINFO_STRING ${lInfo} is not known for this call`);
  }
}
