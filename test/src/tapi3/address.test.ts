/**
 * ITAddress: what it says about itself, and CreateCall, which refuses bad input with the TAPI_E_
 * code (thrown as a TapiError), never a crash or a leaked call.
 */
import { describe, expect, it } from 'vitest';
import {
  AS_INSERVICE,
  AS_OUTOFSERVICE,
  CIS_CALLEDIDNUMBER,
  CIL_CALLEDIDADDRESSTYPE,
  CS_CONNECTED,
  CS_IDLE,
  E_INVALIDARG,
  LINEADDRESSTYPE_DOMAINNAME,
  LINEADDRESSTYPE_EMAILNAME,
  LINEADDRESSTYPE_PHONENUMBER,
  LINEADDRESSTYPE_SDP,
  S_OK,
  TAPI_E_CALLUNAVAIL,
  TAPI_E_DIALMODIFIERNOTSUPPORTED,
  TAPI_E_INVALADDRESS,
  TAPI_E_INVALADDRESSSTATE,
  TAPI_E_INVALADDRESSTYPE,
  TAPI_E_INVALIDMEDIATYPE,
  TAPI_E_NOT_INITIALIZED,
  TAPI_E_NOTSUPPORTED,
  TAPIMEDIATYPE_AUDIO,
  TAPIMEDIATYPE_DATAMODEM,
  TAPIMEDIATYPE_G3FAX,
  TAPIMEDIATYPE_MULTITRACK,
  TAPIMEDIATYPE_VIDEO,
  TapiError,
  type ITAddress,
} from '../../../src/tapi3/index.js';
import { scriptedDevice, scriptedProvider } from '../../support/scripted-provider.js';
import { tapi3Harness } from './tapi3-harness.js';

/** The HRESULT CreateCall throws, or 'ok'. */
function createResult(address: ITAddress, destination: unknown, type: unknown, media: unknown): number | 'ok' {
  try {
    address.CreateCall(destination as string, type as number, media as number).Release();
    return 'ok';
  } catch (error) {
    if (error instanceof TapiError) return error.hresult;
    throw error;
  }
}

describe('ITAddress: properties', () => {
  it('name, provider, dialable address, state, media types', async () => {
    const h = await tapi3Harness({ lines: 2 });
    const [a0, a1] = h.tapi.Addresses;
    expect(h.tapi.Addresses).toHaveLength(2);
    expect([a0.AddressName, a0.ServiceProviderName, a0.DialableAddress, a0.State]).toEqual(['Simulated line 0', 'simulated', '100', AS_INSERVICE]);
    expect(a1.AddressName).toBe('Simulated line 1');
    expect(a0.MediaTypes).toBe(TAPIMEDIATYPE_AUDIO | TAPIMEDIATYPE_DATAMODEM | TAPIMEDIATYPE_G3FAX);
    expect(a0.QueryMediaType(TAPIMEDIATYPE_AUDIO)).toBe(true);
    expect(a0.QueryMediaType(TAPIMEDIATYPE_AUDIO | TAPIMEDIATYPE_G3FAX)).toBe(true);
    expect(a0.QueryMediaType(TAPIMEDIATYPE_VIDEO)).toBe(false);
    expect(a0.QueryMediaType(TAPIMEDIATYPE_AUDIO | TAPIMEDIATYPE_VIDEO)).toBe(false); // every type asked for
    expect(a0.QueryMediaType(0)).toBe(false);
    expect(a0.QueryMediaType('8' as unknown as number)).toBe(false);
    await h.shutdown();
  });

  it('terminals (ITTerminalSupport, the TAPI 3.1 file terminals among them): TAPI_E_NOTSUPPORTED, saying what to use instead', async () => {
    const h = await tapi3Harness();
    const [address] = h.tapi.Addresses;
    const hresult = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (error) {
        return error instanceof TapiError ? [error.hresult, /call\.play\(\)/.test(error.message)] : error;
      }
    };
    const FILE_PLAYBACK_TERMINAL = '{0CB9914C-79CD-47DC-ADB0-327F47CEFB20}';
    expect(hresult(() => address.CreateTerminal(FILE_PLAYBACK_TERMINAL, TAPIMEDIATYPE_AUDIO, 1))).toEqual([TAPI_E_NOTSUPPORTED, true]);
    expect(hresult(() => address.GetDefaultStaticTerminal(TAPIMEDIATYPE_AUDIO, 0))).toEqual([TAPI_E_NOTSUPPORTED, true]);
    await h.shutdown();
  });

  it('an address whose line is closed is out of service, and refuses calls', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    await h.tapi.telephony.line(0)!.close();
    expect(h.address.State).toBe(AS_OUTOFSERVICE);
    expect(createResult(h.address, '5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO)).toBe(TAPI_E_INVALADDRESSSTATE);
    await h.shutdown();
  });

  it('a line the provider refuses to open leaves its address out of service; Initialize still succeeds', async () => {
    const provider = scriptedProvider({
      lines: [scriptedDevice(), scriptedDevice({ name: 'Broken line' })],
      openLine: (i) => (i === 1 ? Promise.reject(new Error('no registrar')) : undefined),
    });
    const h = await tapi3Harness({}, { providers: [provider] });
    expect(h.tapi.Addresses.map((a) => a.State)).toEqual([AS_INSERVICE, AS_OUTOFSERVICE]);
    await h.tapi.Shutdown();
  });

  it('Calls lists the calls the application holds on the address', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const a = h.create();
    const b = h.create('5550112');
    expect(h.address.Calls).toEqual([a, b]);
    a.Release();
    expect(h.address.Calls).toEqual([b]);
    await h.shutdown();
  });
});

describe('ITAddress.CreateCall', () => {
  it('returns a call in CS_IDLE; nothing reaches the network until Connect', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.create('+1 (425) 555-0111');
    expect(call.CallState).toBe(CS_IDLE);
    expect(call.Address).toBe(h.address);
    expect(h.sim.calls()).toEqual([]); // the switch hears of a call only when it is made
    expect(await call.Connect(true)).toBe(S_OK);
    expect(call.CallInfoString(CIS_CALLEDIDNUMBER)).toBe('+14255550111');
    await h.shutdown();
  });

  it('bad addresses: TAPI_E_INVALADDRESS, TAPI_E_DIALMODIFIERNOTSUPPORTED', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const phone = (destination: unknown) => createResult(h.address, destination, LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
    expect(phone('55x')).toBe(TAPI_E_INVALADDRESS);
    expect(phone('555\r\n0111')).toBe(TAPI_E_INVALADDRESS);
    expect(phone('5'.repeat(300))).toBe(TAPI_E_INVALADDRESS);
    expect(phone(5550111)).toBe(TAPI_E_INVALADDRESS);
    expect(phone('sip:bob@example.com')).toBe(TAPI_E_INVALADDRESS); // a URI is not a phone number
    expect(phone('9W5550111')).toBe(TAPI_E_DIALMODIFIERNOTSUPPORTED);
    expect(phone('555?')).toBe(TAPI_E_DIALMODIFIERNOTSUPPORTED);
    expect(phone('5550111')).toBe('ok');
    expect(phone(null)).toBe('ok'); // digits to come with Dial
    expect(phone('')).toBe('ok'); // a null BSTR
    const email = (destination: unknown) => createResult(h.address, destination, LINEADDRESSTYPE_EMAILNAME, TAPIMEDIATYPE_AUDIO);
    expect(email('bob@example.com')).toBe('ok');
    expect(email('sip:bob@example.com')).toBe('ok');
    expect(email('bob')).toBe(TAPI_E_INVALADDRESS);
    expect(email('sip:bob@exa mple.com')).toBe(TAPI_E_INVALADDRESS);
    expect(h.sim.calls()).toEqual([]); // every refused or released call is gone
    await h.shutdown();
  });

  it('an e-mail-like name becomes a sip: URI', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const call = h.address.CreateCall('bob@example.com', LINEADDRESSTYPE_EMAILNAME, TAPIMEDIATYPE_AUDIO);
    expect(call.CallInfoString(CIS_CALLEDIDNUMBER)).toBe('sip:bob@example.com');
    expect(call.CallInfoLong(CIL_CALLEDIDADDRESSTYPE)).toBe(LINEADDRESSTYPE_EMAILNAME);
    expect(await call.Connect(true)).toBe(S_OK);
    expect(call.CallState).toBe(CS_CONNECTED);
    await h.shutdown();
  });

  it('address types: E_INVALIDARG unless exactly one LINEADDRESSTYPE_, TAPI_E_INVALADDRESSTYPE for one the address does not take', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const typed = (type: unknown) => createResult(h.address, '5550111', type, TAPIMEDIATYPE_AUDIO);
    expect(typed(0)).toBe(E_INVALIDARG);
    expect(typed(LINEADDRESSTYPE_PHONENUMBER | LINEADDRESSTYPE_EMAILNAME)).toBe(E_INVALIDARG);
    expect(typed(0x20)).toBe(E_INVALIDARG);
    expect(typed('1')).toBe(E_INVALIDARG);
    expect(typed(-1)).toBe(E_INVALIDARG);
    expect(typed(LINEADDRESSTYPE_SDP)).toBe(TAPI_E_INVALADDRESSTYPE);
    expect(typed(LINEADDRESSTYPE_DOMAINNAME)).toBe(TAPI_E_INVALADDRESSTYPE);
    await h.shutdown();
  });

  it('a line that takes no URIs takes no e-mail names', async () => {
    const provider = scriptedProvider();
    const h = await tapi3Harness({}, { providers: [provider] });
    expect(createResult(h.address, 'bob@example.com', LINEADDRESSTYPE_EMAILNAME, TAPIMEDIATYPE_AUDIO)).toBe(TAPI_E_INVALADDRESSTYPE);
    await h.tapi.Shutdown();
  });

  it('media types: TAPI_E_INVALIDMEDIATYPE for none, unknown bits, or a type the address lacks', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const media = (types: unknown) => createResult(h.address, '5550111', LINEADDRESSTYPE_PHONENUMBER, types);
    expect(media(0)).toBe(TAPI_E_INVALIDMEDIATYPE);
    expect(media(0x1)).toBe(TAPI_E_INVALIDMEDIATYPE);
    expect(media(TAPIMEDIATYPE_VIDEO)).toBe(TAPI_E_INVALIDMEDIATYPE);
    expect(media(TAPIMEDIATYPE_MULTITRACK)).toBe(TAPI_E_INVALIDMEDIATYPE);
    expect(media(TAPIMEDIATYPE_AUDIO | TAPIMEDIATYPE_VIDEO)).toBe(TAPI_E_INVALIDMEDIATYPE);
    expect(media(undefined)).toBe(TAPI_E_INVALIDMEDIATYPE);
    expect(media(TAPIMEDIATYPE_DATAMODEM)).toBe('ok');
    expect(media(TAPIMEDIATYPE_AUDIO | TAPIMEDIATYPE_G3FAX)).toBe('ok');
    await h.shutdown();
  });

  it('TAPI_E_CALLUNAVAIL when every call appearance is in use; a Release frees one', async () => {
    const h = await tapi3Harness({ timing: 'instant', maxCallsPerLine: 1 });
    const first = h.create();
    expect(createResult(h.address, '5550112', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO)).toBe(TAPI_E_CALLUNAVAIL);
    first.Release();
    expect(createResult(h.address, '5550112', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO)).toBe('ok');
    await h.shutdown();
  });

  it('TAPI_E_NOT_INITIALIZED after Shutdown', async () => {
    const h = await tapi3Harness({ timing: 'instant' });
    const address = h.address;
    await h.shutdown();
    expect(createResult(address, '5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO)).toBe(TAPI_E_NOT_INITIALIZED);
  });
});
