/**
 * TAPI 3 media types and address types against a line's capabilities: what an ITAddress
 * supports (ITMediaSupport, ITAddressCapabilities AC_ADDRESSTYPES) and which LINEMEDIAMODE_ the
 * core call carries for a TAPIMEDIATYPE_ mask (TAPI 3 sits on the TAPI 2 line API, where a call
 * has one media mode).
 */
import type { BearerMode, LineDevice, MediaMode } from '../../providers/provider.js';
import {
  LINEADDRESSTYPE_DOMAINNAME,
  LINEADDRESSTYPE_EMAILNAME,
  LINEADDRESSTYPE_IPADDRESS,
  LINEADDRESSTYPE_PHONENUMBER,
  LINEADDRESSTYPE_SDP,
  TAPIMEDIATYPE_AUDIO,
  TAPIMEDIATYPE_DATAMODEM,
  TAPIMEDIATYPE_G3FAX,
  TAPIMEDIATYPE_MULTITRACK,
  TAPIMEDIATYPE_VIDEO,
} from './constants.js';

/** Every TAPIMEDIATYPE_ bit. */
export const ALL_MEDIA_TYPES =
  TAPIMEDIATYPE_AUDIO | TAPIMEDIATYPE_DATAMODEM | TAPIMEDIATYPE_G3FAX | TAPIMEDIATYPE_VIDEO | TAPIMEDIATYPE_MULTITRACK;

/** Every LINEADDRESSTYPE_ bit. */
export const ALL_ADDRESS_TYPES =
  LINEADDRESSTYPE_PHONENUMBER | LINEADDRESSTYPE_SDP | LINEADDRESSTYPE_EMAILNAME | LINEADDRESSTYPE_DOMAINNAME | LINEADDRESSTYPE_IPADDRESS;

/**
 * The TAPIMEDIATYPE_ a LINEMEDIAMODE_ belongs to, or 0. TAPI 3's AUDIO stands for both voice
 * modes (interactive and automated); the other three share their bit with the LINEMEDIAMODE_
 * of the same name ("TAPIMEDIATYPE_ Constants"; `docs/reference/tapi3.md`).
 */
export function mediaTypeOfMode(mode: MediaMode): number {
  switch (mode) {
    case 'INTERACTIVEVOICE':
    case 'AUTOMATEDVOICE':
      return TAPIMEDIATYPE_AUDIO;
    case 'DATAMODEM':
      return TAPIMEDIATYPE_DATAMODEM;
    case 'G3FAX':
      return TAPIMEDIATYPE_G3FAX;
    case 'VIDEO':
      return TAPIMEDIATYPE_VIDEO;
    default:
      return 0;
  }
}

/** The TAPIMEDIATYPE_ bits a line supports (ITMediaSupport::get_MediaTypes). */
export function mediaTypesOf(device: Pick<LineDevice, 'mediaModes'>): number {
  let types = 0;
  for (const mode of device.mediaModes) types |= mediaTypeOfMode(mode);
  return types;
}

/** Whether `types` is a non-empty mask of TAPIMEDIATYPE_ bits the line supports, all of them. */
export function supportsMediaTypes(device: Pick<LineDevice, 'mediaModes'>, types: unknown): types is number {
  if (typeof types !== 'number' || !Number.isInteger(types) || types === 0 || (types & ~ALL_MEDIA_TYPES) !== 0) return false;
  return (types & ~mediaTypesOf(device)) === 0;
}

/**
 * The LINEMEDIAMODE_ the core call carries for a supported media-type mask: the first of audio
 * (interactive voice where the line has it), video, data modem and G3 fax that the mask holds.
 */
export function modeForMediaTypes(device: Pick<LineDevice, 'mediaModes'>, types: number): MediaMode {
  if (types & TAPIMEDIATYPE_AUDIO) return device.mediaModes.includes('INTERACTIVEVOICE') ? 'INTERACTIVEVOICE' : 'AUTOMATEDVOICE';
  if (types & TAPIMEDIATYPE_VIDEO) return 'VIDEO';
  if (types & TAPIMEDIATYPE_DATAMODEM) return 'DATAMODEM';
  return 'G3FAX';
}

/**
 * The LINEADDRESSTYPE_ bits an address supports (AC_ADDRESSTYPES): phone numbers on every line,
 * and e-mail-like names (`user@host`, or a `sip:` URI) on a line that takes URIs.
 */
export function addressTypesOf(device: Pick<LineDevice, 'uriAddresses'>): number {
  return LINEADDRESSTYPE_PHONENUMBER | (device.uriAddresses ? LINEADDRESSTYPE_EMAILNAME : 0);
}

/** The LINEADDRESSTYPE_ of a destination as the core holds it. */
export function addressTypeOf(destination: string | null): number {
  return destination !== null && /^sips?:/i.test(destination) ? LINEADDRESSTYPE_EMAILNAME : LINEADDRESSTYPE_PHONENUMBER;
}

const BEARER: Record<BearerMode, number> = {
  VOICE: 0x1,
  SPEECH: 0x2,
  MULTIUSE: 0x4,
  DATA: 0x8,
  ALTSPEECHDATA: 0x10,
  NONCALLSIGNALING: 0x20,
  PASSTHROUGH: 0x40,
  RESTRICTEDDATA: 0x80,
};

/** The LINEBEARERMODE_ value of a bearer mode ("LINEBEARERMODE_ Constants"), for CIL_BEARERMODE. */
export function bearerModeValue(mode: BearerMode): number {
  return BEARER[mode] ?? 0;
}

/** LINECALLPARAMFLAGS_BLOCKID ("LINECALLPARAMFLAGS_ Constants"), for CIL_CALLPARAMSFLAGS. */
export const LINECALLPARAMFLAGS_BLOCKID = 0x4;
