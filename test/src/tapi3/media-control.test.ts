/**
 * ITLegacyCallMediaControl(2) on the call object: DetectDigits and TE_DIGITEVENT, GenerateDigits
 * and TE_GENERATEEVENT, GatherDigits and TE_GATHERDIGITS (ITDigitsGatheredEvent), over the
 * simulated far end's key presses; their HRESULTs for bad modes, digits, timeouts and states.
 */
import { describe, expect, it } from 'vitest';
import {
  E_INVALIDARG,
  LINEADDRESSTYPE_PHONENUMBER,
  S_OK,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_INVALDIGITS,
  TAPI_E_INVALMODE,
  TAPI_E_INVALTIMEOUT,
  TAPIMEDIATYPE_AUDIO,
  TE_CALLSTATE,
  TE_DIGITEVENT,
  TE_GATHERDIGITS,
  TE_GENERATEEVENT,
  type ITDigitDetectionEvent,
  type ITDigitsGatheredEvent,
} from '../../../src/tapi3/index.js';
import { connectedCall, flush } from './tapi3-harness.js';

const DTMF = 0x2; // LINEDIGITMODE_DTMF
const FILTER = TE_CALLSTATE | TE_DIGITEVENT | TE_GENERATEEVENT | TE_GATHERDIGITS;

const connected = () => connectedCall(FILTER);

describe('ITLegacyCallMediaControl: digits', () => {
  it('DetectDigits(LINEDIGITMODE_DTMF): TE_DIGITEVENT per key (Digit the character code, DigitMode, TickCount); 0 stops it', async () => {
    const { h, call, callId, events } = await connected();
    expect(call.DetectDigits(DTMF)).toBe(S_OK);
    h.sim.sayDigits(callId, { digits: '7*', afterMs: 100, intervalMs: 50 });
    h.clock.advance(150);
    await flush();
    const heard = events(TE_DIGITEVENT) as ITDigitDetectionEvent[];
    expect(heard.map((e) => [String.fromCharCode(e.Digit), e.DigitMode, e.TickCount, e.Call === call])).toEqual([['7', DTMF, 100, true], ['*', DTMF, 150, true]]);
    expect(call.DetectDigits(0)).toBe(S_OK);
    h.sim.sayDigits(callId, { digits: '1' });
    h.clock.advance(0);
    await flush();
    expect(events(TE_DIGITEVENT)).toHaveLength(2);
    expect(call.DetectDigits(4)).toBe(TAPI_E_INVALMODE);
    await h.shutdown();
  });

  it('GenerateDigits: S_OK, the provider has the DTMF, TE_GENERATEEVENT LINEGENERATETERM_DONE; bad mode and a call not connected', async () => {
    const { h, call, events } = await connected();
    expect(await call.GenerateDigits('12#', DTMF)).toBe(S_OK);
    await flush();
    expect(h.sim.calls()[0].dtmf).toBe('12#');
    expect(events(TE_GENERATEEVENT)).toMatchObject([{ GenerationTermination: 1, Call: call }]);
    expect(await call.GenerateDigits('1', 1)).toBe(TAPI_E_INVALMODE);
    const idle = h.address.CreateCall('5550111', LINEADDRESSTYPE_PHONENUMBER, TAPIMEDIATYPE_AUDIO);
    expect(await idle.GenerateDigits('1', DTMF)).toBe(TAPI_E_INVALCALLSTATE);
    idle.Release();
    await h.shutdown();
  });

  it('GatherDigits: TE_GATHERDIGITS with the digits and LINEGATHERTERM_TERMDIGIT; another one cancels it (LINEGATHERTERM_CANCEL)', async () => {
    const { h, call, callId, events } = await connected();
    expect(call.GatherDigits(DTMF, 4, '#', 0, 0)).toBe(S_OK);
    expect(call.GatherDigits(DTMF, 4, '#', 5000, 3000)).toBe(S_OK); // cancels the first
    h.sim.sayDigits(callId, { digits: '42#', intervalMs: 10 });
    h.clock.advance(20);
    await flush();
    const gathered = events(TE_GATHERDIGITS) as ITDigitsGatheredEvent[];
    expect(gathered.map((e) => [e.Digits, e.GatherTermination, e.Call === call])).toEqual([['', 0x10, true], ['42#', 0x2, true]]);
    await h.shutdown();
  });

  it('GatherDigits refuses bad arguments: mode, count, termination digits, timeouts', async () => {
    const { h, call } = await connected();
    expect(call.GatherDigits(1, 4, '#', 0, 0)).toBe(TAPI_E_INVALMODE);
    expect(call.GatherDigits(DTMF, 0, '#', 0, 0)).toBe(E_INVALIDARG);
    expect(call.GatherDigits(DTMF, 4, '#x', 0, 0)).toBe(TAPI_E_INVALDIGITS);
    expect(call.GatherDigits(DTMF, 4, '#', -1, 0)).toBe(TAPI_E_INVALTIMEOUT);
    await h.shutdown();
  });
});
