/**
 * `console.log(event)` in the README's TAPI 3 example printed 248 lines of XState actor
 * internals (the call holds its actor). TAPI objects and errors now print as one line of what a
 * TAPI programmer reads, enumerations by their C names, and JSON.stringify gives the same fields
 * instead of throwing on a circular structure.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { CallEndedError, XtapiError } from '../../../src/phone/errors.js';
import { createTapi2 } from '../../../src/tapi2/index.js';
import {
  createTapi3,
  DC_NORMAL,
  LINEADDRESSTYPE_PHONENUMBER,
  TAPI_E_INVALADDRESS,
  TAPIMEDIATYPE_AUDIO,
  TapiError,
  TE_CALLSTATE,
  type TapiEventObject,
} from '../../../src/tapi3/index.js';

/** What console.log writes for `value`. */
const printed = (value: unknown) => inspect(value);

describe('TAPI objects print as a short summary', () => {
  it('the README example: console.log(type, event) prints one line per event, no actor internals', async () => {
    const tapi = createTapi3({ providers: [simulatedProvider({ timing: 'instant' })] });
    await tapi.Initialize();
    tapi.EventFilter = TE_CALLSTATE;
    const events: TapiEventObject[] = [];
    tapi.Advise({ Event: (_type, event) => void events.push(event) });
    const address = tapi.Addresses.find((a) => a.QueryMediaType(TAPIMEDIATYPE_AUDIO))!;
    const call = address.CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
    await call.Connect(true);
    await call.Disconnect(DC_NORMAL);
    expect(events.length).toBeGreaterThan(1);
    for (const event of events) {
      const text = printed(event);
      expect(text.split('\n')).toHaveLength(1);
      expect(text).not.toMatch(/Actor|_snapshot|StateMachine|logic/);
    }
    expect(printed(events[0])).toBe(
      "ITCallStateEvent { State: 'CS_INPROGRESS', Cause: 'CEC_NONE', Call: ITCall { id: 'c1', DestAddress: '5550111', CallState: 'CS_DISCONNECTED', Privilege: 'CP_OWNER', Address: 'Simulated line 0', Released: false }, CallbackInstance: 0 }",
    );
    expect(printed(events.at(-1))).toMatch(/^ITCallStateEvent \{ State: 'CS_DISCONNECTED', Cause: 'CEC_DISCONNECT_NORMAL'/);
    expect(printed(call)).toMatch(/^ITCall \{ id: 'c1', DestAddress: '5550111', CallState: 'CS_DISCONNECTED'/);
    expect(printed(address)).toMatch(/^ITAddress \{ AddressName: 'Simulated line 0', ServiceProviderName: 'simulated', DialableAddress: '100', State: 'AS_INSERVICE'/);
    expect(printed(tapi)).toBe("ITTAPI { Initialized: true, Addresses: 1, EventFilter: 'TE_CALLSTATE', Sinks: 1, Calls: 1, Registrations: 0 }");
    // JSON: the same fields, numbers as TAPI gives them; no circular structure.
    expect(JSON.parse(JSON.stringify(events.at(-1)))).toEqual({
      State: 3,
      Cause: 1,
      Call: { id: 'c1', DestAddress: '5550111', CallState: 3, Privilege: 0, Address: 'Simulated line 0', Released: false },
      CallbackInstance: 0,
    });
    call.Release();
    await tapi.Shutdown();
  });

  it('the TAPI 2 instance prints what it holds, not its functions', () => {
    const tapi = createTapi2();
    expect(printed(tapi)).toBe("Tapi2 { applications: 0, lines: 0, calls: 0, telephony: 'none' }");
    expect(JSON.stringify(tapi)).toBe('{"applications":0,"lines":0,"calls":0,"telephony":"none"}');
    // The functions are still there, and still enumerable.
    expect(Object.keys(tapi)).toContain('lineMakeCall');
  });

  it('errors print their name, code and message, and serialise them', () => {
    const tapiError = new TapiError(TAPI_E_INVALADDRESS, '"55x" is no address');
    expect(JSON.parse(JSON.stringify(tapiError))).toEqual({ name: 'TapiError', hresult: TAPI_E_INVALADDRESS, hresultName: 'TAPI_E_INVALADDRESS', message: 'TAPI_E_INVALADDRESS: "55x" is no address' });
    expect(JSON.parse(JSON.stringify(new XtapiError('INVALADDRESS', 'bad')))).toEqual({ name: 'XtapiError', code: 'INVALADDRESS', message: 'bad' });
    const ended = new CallEndedError({ mode: 'BUSY', origin: 'remote', state: 'busy', connected: false }, 'connected');
    expect(JSON.parse(JSON.stringify(ended))).toEqual({
      name: 'CallEndedError',
      code: 'CALL_ENDED',
      message: 'the call ended before it was connected: BUSY (remote)',
      cause: { mode: 'BUSY', origin: 'remote', state: 'busy', connected: false },
    });
    for (const error of [tapiError, ended]) expect(printed(error).split('\n').length).toBeLessThan(20);
  });
});
