/**
 * ITLegacyCallMediaControl2's tone methods (TAPI 3.1): TAPI 2's lineGenerateTone and
 * lineMonitorTones under COM, on the same units and with the same readings (`docs/tapi2.md`).
 * `GenerateTone` plays a TTM_ tone (the LINETONEMODE_ values; 0 cancels the tone under way),
 * `GenerateCustomTones` TAPI_CUSTOMTONE components (LINEGENERATETONE's fields), each returning
 * S_OK once the tone has started and reporting TE_GENERATEEVENT (ITDigitGenerationEvent,
 * LINEGENERATETERM_DONE or _CANCEL) when it ends. `DetectTones` reports TE_TONEEVENT
 * (ITToneDetectionEvent) for each TAPI_DETECTTONE heard for its duration, until replaced, turned
 * off (an empty list) or the call ends. The ...ByCollection forms take arrays of the objects
 * CreateCustomToneObject and CreateDetectToneObject make.
 *
 * HRESULTs: TAPI_E_NOTOWNER (generating, on a call the application monitors), TAPI_E_INVALMODE (a
 * ToneMode that is no TTM_), TAPI_E_INVALTONE (a tone that cannot be played or heard),
 * TAPI_E_INVALLIST (more tones than a list may hold), E_POINTER (a list that is no array of that
 * many), E_INVALIDARG (a negative duration), TAPI_E_INVALCALLSTATE (not connected, or an ended call
 * for DetectTones), TAPI_E_NOTSUPPORTED (a provider that carries no audio).
 */
import type { LineErrorName } from '../../providers/provider.js';
import { cancelToneGeneration, generateTone } from '../phone/tone-generation.js';
import { monitorTones, type ToneMonitor } from '../phone/tone-monitor.js';
import { CALL_PROGRESS_TONES } from '../../providers/media/call-progress-tones.js';
import type { CadencedTone } from '../../providers/media/cadenced-tone.js';
import * as err from '../tapi2/constants/errors.js';
import { customTone, STANDARD_TONES, tonesToMonitor } from '../tapi2/tone-functions.js';
import type { TapiCall } from './call.js';
import { hresultOfLineError } from './call-state.js';
import { CP_OWNER, TE_GENERATEEVENT, TE_TONEEVENT } from './constants.js';
import { E_INVALIDARG, E_POINTER, S_OK, TAPI_E_INVALCALLSTATE, TAPI_E_INVALLIST, TAPI_E_INVALMODE, TAPI_E_INVALTONE, TAPI_E_NOTOWNER } from './hresults.js';
import { DigitGenerationEvent } from './media-control.js';

/** TAPI_TONEMODE (tapi3if.h): the standard tones, with LINETONEMODE_'s values. */
export const TTM_RINGBACK = 0x2;
export const TTM_BUSY = 0x4;
export const TTM_BEEP = 0x8;
export const TTM_BILLING = 0x10;

/** TAPI_CUSTOMTONE: one frequency of a custom tone (LINEGENERATETONE's fields). */
export interface TAPI_CUSTOMTONE {
  dwFrequency: number;
  dwCadenceOn: number;
  dwCadenceOff: number;
  dwVolume: number;
}

/** TAPI_DETECTTONE: one tone to detect (LINEMONITORTONE's fields). */
export interface TAPI_DETECTTONE {
  dwAppSpecific: number;
  dwDuration: number;
  dwFrequency1: number;
  dwFrequency2: number;
  dwFrequency3: number;
}

/** ITCustomTone: a TAPI_CUSTOMTONE as an object, for GenerateCustomTonesByCollection. */
export class ITCustomTone {
  Frequency = 0;
  CadenceOn = 0;
  CadenceOff = 0;
  Volume = 0;
}

/** ITDetectTone: a TAPI_DETECTTONE as an object, for DetectTonesByCollection. Frequencies are indexed 1 … 3. */
export class ITDetectTone {
  AppSpecific = 0;
  Duration = 0;
  private readonly frequencies = [0, 0, 0];

  /** get_Frequency(Index): frequency 1, 2 or 3 (0 unused); E_INVALIDARG for another index. */
  Frequency(Index: number): number {
    return this.frequencies[Index - 1] ?? E_INVALIDARG;
  }

  /** put_Frequency(Index, lFrequency): S_OK, E_INVALIDARG for an index other than 1 … 3. */
  put_Frequency(Index: number, lFrequency: number): number {
    if (!Number.isInteger(Index) || Index < 1 || Index > 3) return E_INVALIDARG;
    this.frequencies[Index - 1] = lFrequency;
    return S_OK;
  }
}

/** ITLegacyCallMediaControl2's tone methods, on the call object. Each returns its HRESULT. */
export interface ITLegacyCallMediaControlTones {
  /** Play a TTM_ tone for `lDuration` ms (0: its default); 0 as ToneMode cancels the tone under way. */
  GenerateTone(ToneMode: number, lDuration: number): number;
  /** Play 1 … 3 TAPI_CUSTOMTONE components together for `lDuration` ms (0: until cancelled). */
  GenerateCustomTones(pToneList: readonly TAPI_CUSTOMTONE[], lNumTones: number, lDuration: number): number;
  /** GenerateCustomTones with ITCustomTone objects. */
  GenerateCustomTonesByCollection(pCustomToneCollection: readonly ITCustomTone[], lDuration: number): number;
  /** TE_TONEEVENT for each TAPI_DETECTTONE heard for its duration; an empty list (or null) turns it off. */
  DetectTones(pToneList: readonly TAPI_DETECTTONE[] | null, lNumTones: number): number;
  /** DetectTones with ITDetectTone objects. */
  DetectTonesByCollection(pDetectToneCollection: readonly ITDetectTone[]): number;
  /** A new ITCustomTone (all 0). */
  CreateCustomToneObject(): ITCustomTone;
  /** A new ITDetectTone (all 0). */
  CreateDetectToneObject(): ITDetectTone;
}

/** ITToneDetectionEvent as delivered. */
class ToneDetectionEvent {
  constructor(
    readonly Call: TapiCall,
    readonly AppSpecific: number,
    readonly TickCount: number,
    readonly CallbackInstance: number,
  ) {}
}

/** The HRESULT of a list's LINEERR_ (tone-functions.ts). */
function listError(lineErr: number): number {
  if (lineErr === err.LINEERR_INVALPOINTER) return E_POINTER;
  if (lineErr === err.LINEERR_RESOURCEUNAVAIL) return TAPI_E_INVALLIST;
  return TAPI_E_INVALTONE;
}

/** The tone side of one call object: its tone detection, if any. */
export class CallTones {
  private detecting: ToneMonitor | null = null;

  constructor(private readonly call: TapiCall) {}

  private get instance(): number {
    return this.call.host.callbackInstance(this.call.Address);
  }

  /** Start `tone`; TE_GENERATEEVENT when it ends. */
  private generate(tone: CadencedTone, durationMs: number): number {
    if (this.call.Privilege !== CP_OWNER) return TAPI_E_NOTOWNER;
    const refused = generateTone(this.call.actor, tone, durationMs, (end) => {
      const tick = Math.floor(this.call.host.clock.now()) >>> 0;
      this.call.host.events.post(TE_GENERATEEVENT, new DigitGenerationEvent(this.call, end === 'done' ? 0x1 : 0x2, tick, this.instance));
    });
    return refused ? hresultOfLineError(refused.code as LineErrorName) : S_OK;
  }

  GenerateTone(ToneMode: number, lDuration: number): number {
    if (ToneMode === 0) {
      if (this.call.Privilege !== CP_OWNER) return TAPI_E_NOTOWNER;
      cancelToneGeneration(this.call.actor);
      return S_OK;
    }
    const name = STANDARD_TONES.get(ToneMode);
    if (!name) return TAPI_E_INVALMODE;
    if (!Number.isInteger(lDuration) || lDuration < 0) return E_INVALIDARG;
    const { tone, cycleMs } = CALL_PROGRESS_TONES[name];
    return this.generate(tone, lDuration === 0 && ToneMode === TTM_BILLING ? cycleMs : lDuration);
  }

  GenerateCustomTones(pToneList: readonly TAPI_CUSTOMTONE[], lNumTones: number, lDuration: number): number {
    if (!Number.isInteger(lDuration) || lDuration < 0) return E_INVALIDARG;
    const tone = customTone(pToneList, Number.isInteger(lNumTones) ? lNumTones : 0);
    return typeof tone === 'number' ? listError(tone) : this.generate(tone, lDuration);
  }

  GenerateCustomTonesByCollection(pCustomToneCollection: readonly ITCustomTone[], lDuration: number): number {
    if (!Array.isArray(pCustomToneCollection)) return E_POINTER;
    const list = pCustomToneCollection.map((t) => ({ dwFrequency: t?.Frequency, dwCadenceOn: t?.CadenceOn, dwCadenceOff: t?.CadenceOff, dwVolume: t?.Volume }));
    return this.GenerateCustomTones(list as TAPI_CUSTOMTONE[], list.length, lDuration);
  }

  DetectTones(pToneList: readonly TAPI_DETECTTONE[] | null, lNumTones: number): number {
    if (this.call.actor.getSnapshot().status !== 'active') return TAPI_E_INVALCALLSTATE;
    const count = pToneList === null || pToneList === undefined ? 0 : lNumTones;
    const tones = tonesToMonitor(pToneList ?? [], Number.isInteger(count) && count >= 0 ? count : -1);
    if (!Number.isInteger(count) || count < 0) return E_POINTER;
    if (typeof tones === 'number') return listError(tones);
    this.detecting?.stop();
    this.detecting = null;
    if (tones.length === 0) return S_OK;
    this.detecting = monitorTones(this.call.actor, this.call.host.clock, tones, (index, at) => {
      this.call.host.events.post(TE_TONEEVENT, new ToneDetectionEvent(this.call, tones[index].tag, Math.floor(at) >>> 0, this.instance));
    });
    return S_OK;
  }

  DetectTonesByCollection(pDetectToneCollection: readonly ITDetectTone[]): number {
    if (!Array.isArray(pDetectToneCollection)) return E_POINTER;
    const list = pDetectToneCollection.map((t) =>
      t instanceof ITDetectTone ? { dwAppSpecific: t.AppSpecific, dwDuration: t.Duration, dwFrequency1: t.Frequency(1), dwFrequency2: t.Frequency(2), dwFrequency3: t.Frequency(3) } : null,
    );
    return this.DetectTones(list as TAPI_DETECTTONE[], list.length);
  }

  /** The application let go of the call object: it detects nothing more. */
  stop(): void {
    this.detecting?.stop();
    this.detecting = null;
  }
}
