/**
 * ITLegacyCallMediaControl and ITLegacyCallMediaControl2 (TAPI 3.1), the part of them a provider's
 * call can carry out: digits. `DetectDigits` turns TE_DIGITEVENT on for the call object (each key
 * the far end presses: the call chart's `digit`), `GenerateDigits` sends DTMF and reports
 * TE_GENERATEEVENT once the provider has the digits, `GatherDigits` collects digits as TAPI 2's
 * lineGatherDigits does and reports TE_GATHERDIGITS (ITDigitsGatheredEvent). They are TAPI 2's
 * lineMonitorDigits, lineGenerateDigits and lineGatherDigits under COM, with the same readings
 * (`docs/tapi2.md`): DTMF is the only digit mode a provider reports or sends (another is
 * TAPI_E_INVALMODE), a timeout of 0 waits for ever. Tones are `tone-control.ts`; media types and
 * device ids are TAPI_E_NOTSUPPORTED.
 */
import type { CallDigitEvent } from '../../machines/events.js';
import type { GatherTermination } from '../../machines/digit-gather.js';
import { dtmfOnly, isDtmf } from '../../providers/dtmf.js';
import { startGathering, type Gathering } from '../phone/gather.js';
import { cancelToneGeneration } from '../phone/tone-generation.js';
import type { TapiCall } from './call.js';
import { CP_OWNER, TE_DIGITEVENT, TE_GATHERDIGITS, TE_GENERATEEVENT } from './constants.js';
import { E_INVALIDARG, E_POINTER, S_OK, TAPI_E_INVALCALLSTATE, TAPI_E_INVALDIGITS, TAPI_E_INVALMODE, TAPI_E_INVALTIMEOUT, TAPI_E_NOTOWNER } from './hresults.js';

/** LINEDIGITMODE_DTMF: the one mode (TAPI 3 takes TAPI 2's LINEDIGITMODE_ values). */
export const LINEDIGITMODE_DTMF = 0x2;
const LINEGENERATETERM_DONE = 0x1;
/** LINEGATHERTERM_ by the gathering's termination. */
const GATHERTERM: Record<GatherTermination, number> = { BUFFERFULL: 0x1, TERMDIGIT: 0x2, FIRSTTIMEOUT: 0x4, INTERTIMEOUT: 0x8, CANCEL: 0x10 };

/** ITLegacyCallMediaControl2's digit methods, on the call object (as TAPI 3's answers QueryInterface for it). */
export interface ITLegacyCallMediaControl {
  /** TE_DIGITEVENT for each key the far end presses: LINEDIGITMODE_DTMF on, 0 off. */
  DetectDigits(DigitMode: number): number;
  /** Send `pDigits` as DTMF (0-9, A-D, *, #) on a connected call; TE_GENERATEEVENT when done. */
  GenerateDigits(pDigits: string, DigitMode: number): Promise<number>;
  /** Gather up to `lNumDigits` digits; TE_GATHERDIGITS with them and why it ended. */
  GatherDigits(DigitMode: number, lNumDigits: number, pTerminationDigits: string, lFirstDigitTimeout: number, lInterDigitTimeout: number): number;
}

/** ITDigitDetectionEvent as delivered. */
class DigitDetectionEvent {
  constructor(
    readonly Call: TapiCall,
    readonly Digit: number,
    readonly DigitMode: number,
    readonly TickCount: number,
    readonly CallbackInstance: number,
  ) {}
}

/** ITDigitGenerationEvent as delivered (for digits and tones). */
export class DigitGenerationEvent {
  constructor(
    readonly Call: TapiCall,
    readonly GenerationTermination: number,
    readonly TickCount: number,
    readonly CallbackInstance: number,
  ) {}
}

/** ITDigitsGatheredEvent as delivered. */
class DigitsGatheredEvent {
  constructor(
    readonly Call: TapiCall,
    readonly Digits: string,
    readonly GatherTermination: number,
    readonly TickCount: number,
    readonly CallbackInstance: number,
  ) {}
}

/** The digit side of one call object: whether it detects digits, and its gathering under way. */
export class CallDigits {
  private detecting = false;
  private gathering: Gathering | null = null;

  constructor(private readonly call: TapiCall) {}

  private get tick(): number {
    return Math.floor(this.call.host.clock.now()) >>> 0;
  }

  private get instance(): number {
    return this.call.host.callbackInstance(this.call.Address);
  }

  /** The call heard a key: TE_DIGITEVENT if this object detects digits. */
  heard(event: CallDigitEvent): void {
    if (this.detecting) this.call.host.events.post(TE_DIGITEVENT, new DigitDetectionEvent(this.call, event.digit.charCodeAt(0), LINEDIGITMODE_DTMF, Math.floor(event.at) >>> 0, this.instance));
  }

  DetectDigits(DigitMode: number): number {
    if (DigitMode !== 0 && DigitMode !== LINEDIGITMODE_DTMF) return TAPI_E_INVALMODE;
    if (this.call.actor.getSnapshot().status !== 'active') return TAPI_E_INVALCALLSTATE;
    this.detecting = DigitMode !== 0;
    return S_OK;
  }

  async GenerateDigits(pDigits: string, DigitMode: number): Promise<number> {
    if (typeof pDigits !== 'string') return E_POINTER;
    if (DigitMode !== LINEDIGITMODE_DTMF) return TAPI_E_INVALMODE;
    if (this.call.Privilege !== CP_OWNER) return TAPI_E_NOTOWNER;
    // Other characters are ignored, as lineGenerateDigits ignores them.
    const digits = dtmfOnly(pDigits);
    if (!this.call.actor.getSnapshot().can({ type: 'GENERATE_DIGITS', digits })) return TAPI_E_INVALCALLSTATE;
    // One generation per call: digits cancel the tone under way (lineGenerateTone remarks).
    cancelToneGeneration(this.call.actor);
    if (digits !== '') {
      try {
        await this.call.call.dial(digits);
      } catch {
        return TAPI_E_INVALCALLSTATE;
      }
    }
    this.call.host.events.post(TE_GENERATEEVENT, new DigitGenerationEvent(this.call, LINEGENERATETERM_DONE, this.tick, this.instance));
    return S_OK;
  }

  GatherDigits(DigitMode: number, lNumDigits: number, pTerminationDigits: string, lFirstDigitTimeout: number, lInterDigitTimeout: number): number {
    if (DigitMode !== LINEDIGITMODE_DTMF) return TAPI_E_INVALMODE;
    if (this.call.Privilege !== CP_OWNER) return TAPI_E_NOTOWNER;
    if (!Number.isInteger(lNumDigits) || lNumDigits < 1) return E_INVALIDARG;
    const terminators = pTerminationDigits ?? '';
    if (typeof terminators !== 'string') return E_POINTER;
    if (terminators !== '' && !isDtmf(terminators)) return TAPI_E_INVALDIGITS;
    for (const ms of [lFirstDigitTimeout, lInterDigitTimeout]) if (!Number.isInteger(ms) || ms < 0 || ms > 0x7fffffff) return TAPI_E_INVALTIMEOUT;
    if (this.call.actor.getSnapshot().status !== 'active') return TAPI_E_INVALCALLSTATE;
    const input = { max: lNumDigits, terminators: terminators.toUpperCase(), firstTimeoutMs: lFirstDigitTimeout, interTimeoutMs: lInterDigitTimeout };
    const gathering = startGathering(this.call.actor, this.call.host.clock, input, ({ digits, termination }) => {
      if (this.gathering === gathering) this.gathering = null;
      this.call.host.events.post(TE_GATHERDIGITS, new DigitsGatheredEvent(this.call, digits, GATHERTERM[termination], this.tick, this.instance));
    });
    this.gathering = gathering;
    return S_OK;
  }
}
