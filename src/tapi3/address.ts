/**
 * ITAddress: one line device of the telephony, as TAPI 3 shows it. CreateCall checks what the
 * application asks for with the same code every face uses (`prepareCall`), so the same address
 * is refused the same way whichever API places the call, and then asks the line supervisor for a
 * call actor in `idle` (ITAddress::CreateCall: "nothing is sent to the network until Connect").
 */
import type { CallActorRef } from '../../machines/line.js';
import type { LineErrorName } from '../../providers/provider.js';
import type { Call } from '../phone/call.js';
import { XtapiError } from '../phone/errors.js';
import type { DeviceInfo, Telephony } from '../phone/telephony.js';
import type { ITCall } from './call.js';
import { hresultOfLineError } from './call-state.js';
import { AS_INSERVICE, AS_OUTOFSERVICE, LINEADDRESSTYPE_EMAILNAME, LINEADDRESSTYPE_PHONENUMBER } from './constants.js';
import { E_INVALIDARG, E_UNEXPECTED, TAPI_E_INVALADDRESS, TAPI_E_INVALADDRESSSTATE, TAPI_E_INVALADDRESSTYPE, TAPI_E_INVALIDMEDIATYPE, TAPI_E_NOTSUPPORTED } from './hresults.js';
import { ALL_ADDRESS_TYPES, addressTypesOf, mediaTypesOf, modeForMediaTypes, supportsMediaTypes } from './media-types.js';
import { constantName, INSPECT, oneLine } from './summaries.js';
import { TapiError } from './tapi-error.js';

/**
 * ITAddress (with ITMediaSupport's media-type queries): an address the application can make
 * calls on.
 *
 * @example
 * ```ts
 * const address = tapi.Addresses.find((a) => a.QueryMediaType(TAPIMEDIATYPE_AUDIO));
 * const call = address.CreateCall('+1 (425) 555-0111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
 * call.CallState; // CS_IDLE
 * ```
 */
export interface ITAddress {
  /** The address's name (the line device's name, LINEDEVCAPS LineName). */
  readonly AddressName: string;
  /** The provider behind the address (e.g. "simulated"). */
  readonly ServiceProviderName: string;
  /** The address's own number or address-of-record. */
  readonly DialableAddress: string;
  /**
   * AS_INSERVICE while its line is open and in service, else AS_OUTOFSERVICE (a line that is not
   * open, or that its provider took out of service). A change is a TE_ADDRESS event, AE_STATE.
   */
  readonly State: number;
  /** The TAPIMEDIATYPE_ bits the address supports (ITMediaSupport::get_MediaTypes). */
  readonly MediaTypes: number;
  /** The calls on this address the application holds (created or monitored, not yet Released). */
  readonly Calls: ITCall[];
  /** Whether the address supports every media type in `lMediaType` (ITMediaSupport::QueryMediaType). */
  QueryMediaType(lMediaType: number): boolean;
  /**
   * Create a call in CS_IDLE; nothing reaches the network until Connect. `pDestAddress` may be
   * null (or "") when every digit will come with Dial. Throws a {@link TapiError}:
   * TAPI_E_INVALADDRESS (bad address), TAPI_E_DIALMODIFIERNOTSUPPORTED (a W, @, $, ? or : the line
   * cannot carry out), E_INVALIDARG (not exactly one LINEADDRESSTYPE_ bit),
   * TAPI_E_INVALADDRESSTYPE (a type the address does not take), TAPI_E_INVALIDMEDIATYPE (a media
   * type it does not support), TAPI_E_CALLUNAVAIL (every call appearance is in use),
   * TAPI_E_INVALADDRESSSTATE (the address is out of service: its line is not open, or its
   * provider took it out of service), TAPI_E_NOT_INITIALIZED.
   */
  CreateCall(pDestAddress: string | null, lAddressType: number, lMediaTypes: number): ITCall;
  /**
   * ITTerminalSupport::CreateTerminal (TAPI 3.1's file playback and recording terminals among
   * them): always TAPI_E_NOTSUPPORTED. Terminals are the media service provider's DirectShow
   * objects, selected on a call's streams (ITStreamControl) and driven through ITMediaControl and
   * ITMediaPlayback, with TE_FILETERMINAL events; xtapi has no stream model to keep them faithful
   * to. A call's audio is played and recorded with the modern API's `call.play()` and
   * `call.record()` instead, on the same call (`docs/tapi3.md`).
   */
  CreateTerminal(pTerminalClass: string, lMediaType: number, Direction: number): never;
  /** ITTerminalSupport::GetDefaultStaticTerminal: TAPI_E_NOTSUPPORTED, as {@link ITAddress.CreateTerminal}. */
  GetDefaultStaticTerminal(lMediaType: number, Direction: number): never;
}

/** @internal What an address needs from its TAPI object. */
export interface AddressHost {
  readonly telephony: Telephony;
  /** Throw TAPI_E_NOT_INITIALIZED unless the TAPI object is initialized and not shut down. */
  assertInitialized(): void;
  /** Run `create`, which creates a call of this application's (not one to monitor). */
  createOwn<T>(create: () => T): T;
  /** Wrap a call actor this application created. */
  own(ref: CallActorRef, address: TapiAddress): ITCall;
  callsOn(address: TapiAddress): ITCall[];
  /** Whether the TAPI object is initialized and not shut down. */
  readonly usable: boolean;
}

const isSingleBit = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** @internal The address of one line device. */
export class TapiAddress implements ITAddress {
  constructor(
    /** The device, with its telephony-wide id. */
    readonly device: DeviceInfo,
    private readonly host: AddressHost,
  ) {}

  get AddressName(): string {
    return this.device.name;
  }

  get ServiceProviderName(): string {
    return this.device.providerName;
  }

  get DialableAddress(): string {
    return this.device.address;
  }

  get State(): number {
    return this.host.telephony.line(this.device.deviceId)?.status.inService ? AS_INSERVICE : AS_OUTOFSERVICE;
  }

  get MediaTypes(): number {
    return mediaTypesOf(this.device);
  }

  get Calls(): ITCall[] {
    return this.host.callsOn(this);
  }

  /** What the address is: what JSON.stringify and console.log show. */
  toJSON() {
    return { AddressName: this.AddressName, ServiceProviderName: this.ServiceProviderName, DialableAddress: this.DialableAddress, State: this.State, MediaTypes: this.MediaTypes, Calls: this.host.callsOn(this).length };
  }

  [INSPECT]() {
    const json = this.toJSON();
    return oneLine('ITAddress', { ...json, State: constantName('AS_', json.State) });
  }

  QueryMediaType(lMediaType: number): boolean {
    return supportsMediaTypes(this.device, lMediaType);
  }

  CreateTerminal(pTerminalClass: string, _lMediaType: number, _Direction: number): never {
    this.host.assertInitialized();
    throw new TapiError(TAPI_E_NOTSUPPORTED, `terminals (${String(pTerminalClass)}) are not supported: play and record a call's audio with call.play() and call.record()`);
  }

  GetDefaultStaticTerminal(_lMediaType: number, _Direction: number): never {
    this.host.assertInitialized();
    throw new TapiError(TAPI_E_NOTSUPPORTED, "terminals are not supported: play and record a call's audio with call.play() and call.record()");
  }

  CreateCall(pDestAddress: string | null, lAddressType: number, lMediaTypes: number): ITCall {
    this.host.assertInitialized();
    // "lAddressType: exactly one LINEADDRESSTYPE_ value"; more than one is E_INVALIDARG
    // (ITAddress::CreateCall); one the address does not take is TAPI_E_INVALADDRESSTYPE.
    if (typeof lAddressType !== 'number' || !Number.isInteger(lAddressType) || !isSingleBit(lAddressType) || (lAddressType & ~ALL_ADDRESS_TYPES) !== 0) {
      throw new TapiError(E_INVALIDARG, `${String(lAddressType)} is not one LINEADDRESSTYPE_ value`);
    }
    if ((lAddressType & addressTypesOf(this.device)) === 0) {
      throw new TapiError(TAPI_E_INVALADDRESSTYPE, `${this.AddressName} does not take LINEADDRESSTYPE_ ${lAddressType} addresses`);
    }
    if (!supportsMediaTypes(this.device, lMediaTypes)) {
      throw new TapiError(TAPI_E_INVALIDMEDIATYPE, `${this.AddressName} does not support media types 0x${(Number(lMediaTypes) >>> 0).toString(16)}`);
    }
    const destination = destinationFor(pDestAddress, lAddressType);
    const line = this.host.telephony.line(this.device.deviceId);
    let call: Call;
    try {
      if (!line) throw new XtapiError('INVALLINESTATE', 'the line is not open');
      // TAPI 3's application sees CS_DISCONNECTED with a cause and then Releases: it never
      // drops a call the far end has left, so the call clears itself (autoClear).
      call = this.host.createOwn(() => line.createCallNow(destination, { mediaMode: modeForMediaTypes(this.device, lMediaTypes), autoClear: true }));
    } catch (error) {
      if (!(error instanceof XtapiError)) throw error;
      if (error.code === 'INUSE') throw new TapiError(E_UNEXPECTED, 'CreateCall was called from inside a line event; call it again afterwards');
      if (error.code === 'CALLUNAVAIL') throw new TapiError(hresultOfLineError(error.code), 'every call appearance on the address is in use');
      if (error.code === 'INVALLINESTATE') throw new TapiError(TAPI_E_INVALADDRESSSTATE, `${this.AddressName} is out of service`);
      throw new TapiError(hresultOfLineError(error.code as LineErrorName), error.message);
    }
    return this.host.own(call.actor, this);
  }
}

/**
 * @internal The destination the core gets: null for none ("" is a COM null BSTR); a phone number
 * as given (a URI is not one); an e-mail-like name as a `sip:` URI. Throws a {@link TapiError}
 * (TAPI_E_INVALADDRESS, TAPI_E_INVALADDRESSTYPE). BlindTransfer checks its target with it too.
 */
export function destinationFor(pDestAddress: unknown, lAddressType: number): string | null {
  if (pDestAddress === null || pDestAddress === undefined || pDestAddress === '') return null;
  if (typeof pDestAddress !== 'string') throw new TapiError(TAPI_E_INVALADDRESS, 'the destination address is not a string');
  const isUri = /^sips?:/i.test(pDestAddress);
  if (lAddressType === LINEADDRESSTYPE_PHONENUMBER) {
    if (isUri) throw new TapiError(TAPI_E_INVALADDRESS, `"${pDestAddress}" is a URI, not a LINEADDRESSTYPE_PHONENUMBER address`);
    return pDestAddress;
  }
  if (lAddressType === LINEADDRESSTYPE_EMAILNAME) {
    if (isUri) return pDestAddress;
    if (/^[^@\s:;]+@[^@\s]+$/.test(pDestAddress)) return `sip:${pDestAddress}`;
    throw new TapiError(TAPI_E_INVALADDRESS, `"${pDestAddress}" is not a LINEADDRESSTYPE_EMAILNAME address (user@host)`);
  }
  throw new TapiError(TAPI_E_INVALADDRESSTYPE, `LINEADDRESSTYPE_ ${lAddressType} is not supported`);
}
