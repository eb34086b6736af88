/**
 * ITLegacyCallMediaControl2's tones on the call object over the simulated far end's audio:
 * GenerateTone and GenerateCustomTones(ByCollection) heard by the far end, TE_GENERATEEVENT DONE
 * or CANCEL (a new tone, GenerateDigits, ToneMode 0); DetectTones(ByCollection) and TE_TONEEVENT;
 * their HRESULTs for bad modes, tones, lists, durations, owners and states.
 */
import { describe, expect, it } from 'vitest';
import { CALL_PROGRESS_TONES } from '../../../providers/media/call-progress-tones.js';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { measureTone } from '../../../providers/media/tone-measure.js';
import {
  DC_NORMAL,
  E_INVALIDARG,
  E_POINTER,
  S_OK,
  TAPI_E_INVALCALLSTATE,
  TAPI_E_INVALLIST,
  TAPI_E_INVALMODE,
  TAPI_E_INVALTONE,
  TE_CALLSTATE,
  TE_GENERATEEVENT,
  TE_TONEEVENT,
  TTM_BILLING,
  TTM_BUSY,
  TTM_RINGBACK,
  type ITDigitGenerationEvent,
  type ITToneDetectionEvent,
} from '../../../src/tapi3/index.js';
import { connectedCall, flush } from './tapi3-harness.js';

const FILTER = TE_CALLSTATE | TE_GENERATEEVENT | TE_TONEEVENT;

async function connected() {
  const { h, call, callId, events } = await connectedCall(FILTER);
  const advance = async (ms: number) => {
    await flush();
    h.clock.advance(ms);
    await flush();
  };
  return { h, call, callId, events, advance };
}

const generation = (events: unknown[]) => (events as ITDigitGenerationEvent[]).map((e) => [e.GenerationTermination, e.TickCount]);

describe('ITLegacyCallMediaControl2: tones', () => {
  it('GenerateTone(TTM_BUSY, 1000): S_OK, the far end hears the busy tone, TE_GENERATEEVENT DONE at 1 s', async () => {
    const { h, call, callId, events, advance } = await connected();
    const start = h.clock.now();
    expect(call.GenerateTone(TTM_BUSY, 1000)).toBe(S_OK);
    await advance(1000);
    expect(generation(events(TE_GENERATEEVENT))).toEqual([[0x1, start + 1000]]);
    expect(h.sim.heard(callId)).toEqual(CALL_PROGRESS_TONES.busy.tone.samples(1000));
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_OK);
    await h.shutdown();
  });

  it('GenerateCustomTones and ByCollection: the components heard; a new tone, GenerateDigits and ToneMode 0 each cancel (CANCEL)', async () => {
    const { h, call, callId, events, advance } = await connected();
    expect(call.GenerateCustomTones([{ dwFrequency: 1000, dwCadenceOn: 300, dwCadenceOff: 0, dwVolume: 0xffff }], 1, 300)).toBe(S_OK);
    await advance(300);
    const heard = measureTone(h.sim.heard(callId)!)!;
    expect(heard.frequency).toBeCloseTo(1000, 0);
    expect(heard.durationMs).toBe(300);
    const custom = call.CreateCustomToneObject();
    Object.assign(custom, { Frequency: 700, CadenceOn: 100, CadenceOff: 100, Volume: 0x4000 });
    expect(call.GenerateCustomTonesByCollection([custom], 0)).toBe(S_OK);
    await advance(200);
    expect(call.GenerateTone(TTM_RINGBACK, 0)).toBe(S_OK);
    await advance(100);
    expect(await call.GenerateDigits('1', 0x2)).toBe(S_OK);
    expect(call.GenerateTone(TTM_BILLING, 0)).toBe(S_OK);
    await advance(100);
    expect(call.GenerateTone(0, 0)).toBe(S_OK);
    await flush();
    const t = h.clock.now();
    expect(generation(events(TE_GENERATEEVENT))).toEqual([[0x1, 300], [0x2, 500], [0x2, 600], [0x1, 600], [0x2, t]]);
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_OK);
    await h.shutdown();
  });

  it('DetectTones and DetectTonesByCollection: TE_TONEEVENT with AppSpecific and TickCount; an empty list stops it', async () => {
    const { h, call, callId, events, advance } = await connected();
    expect(call.DetectTones([{ dwAppSpecific: 5, dwDuration: 400, dwFrequency1: 480, dwFrequency2: 620, dwFrequency3: 0 }], 1)).toBe(S_OK);
    h.sim.sayAudio(callId, CALL_PROGRESS_TONES.busy.tone.samples(1000));
    await advance(1000);
    const detect = call.CreateDetectToneObject();
    detect.AppSpecific = 6;
    detect.Duration = 200;
    expect(detect.put_Frequency(1, 1000)).toBe(S_OK);
    expect(detect.put_Frequency(4, 1000)).toBe(E_INVALIDARG);
    expect(call.DetectTonesByCollection([detect])).toBe(S_OK);
    h.sim.sayAudio(callId, tone(1000, 300));
    await advance(400);
    expect(call.DetectTones([], 0)).toBe(S_OK);
    h.sim.sayAudio(callId, tone(1000, 300));
    await advance(400);
    const heard = (events(TE_TONEEVENT) as ITToneDetectionEvent[]).map((e) => [e.AppSpecific, e.TickCount, e.Call === call]);
    expect(heard).toEqual([[5, 380, true], [6, 1180, true]]);
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_OK);
    await h.shutdown();
  });

  it('HRESULTs: TAPI_E_INVALMODE, TAPI_E_INVALTONE, TAPI_E_INVALLIST, E_POINTER, E_INVALIDARG, TAPI_E_INVALCALLSTATE', async () => {
    const { h, call } = await connected();
    for (const mode of [0x1, 0x20, TTM_BUSY | TTM_RINGBACK]) expect(call.GenerateTone(mode, 0)).toBe(TAPI_E_INVALMODE);
    expect(call.GenerateTone(TTM_BUSY, -1)).toBe(E_INVALIDARG);
    expect(call.GenerateCustomTones([{ dwFrequency: 5000, dwCadenceOn: 1, dwCadenceOff: 0, dwVolume: 1 }], 1, 0)).toBe(TAPI_E_INVALTONE);
    expect(call.GenerateCustomTones([], 1, 0)).toBe(E_POINTER);
    expect(call.GenerateCustomTonesByCollection('x' as never, 0)).toBe(E_POINTER);
    expect(call.DetectTones([{ dwAppSpecific: 1, dwDuration: 1, dwFrequency1: 440, dwFrequency2: 441, dwFrequency3: 0 }], 1)).toBe(TAPI_E_INVALTONE);
    const many = Array.from({ length: 17 }, (_, i) => ({ dwAppSpecific: i, dwDuration: 100, dwFrequency1: 300 + 100 * i, dwFrequency2: 0, dwFrequency3: 0 }));
    expect(call.DetectTones(many, 17)).toBe(TAPI_E_INVALLIST);
    expect(call.DetectTones(many.slice(0, 2), 3)).toBe(E_POINTER);
    expect(call.DetectTonesByCollection([{} as never])).toBe(E_POINTER);
    expect(await call.Disconnect(DC_NORMAL)).toBe(S_OK);
    expect(call.GenerateTone(TTM_BUSY, 0)).toBe(TAPI_E_INVALCALLSTATE);
    await flush();
    expect(call.DetectTones([], 0)).toBe(TAPI_E_INVALCALLSTATE);
    await h.shutdown();
  });
});
