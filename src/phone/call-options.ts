/**
 * From what an application asks for to what the core takes: the destination and the call
 * parameters of a new call, checked against the line's capabilities. Shared by every façade, so
 * the same address gives the same LINEERR_ whichever API placed the call.
 */
import type { BearerMode, CallParams, LineDevice, LineErrorName, MediaMode } from '../../providers/provider.js';
import { defaultCallParams } from '../../providers/provider.js';
import { parseAddress } from '../address/parse-address.js';

/** Call parameters an application may set (the LINECALLPARAMS fields xtapi honours). */
export interface CallOptions {
  /** LINEBEARERMODE_ name (default VOICE). */
  bearerMode?: BearerMode;
  /** LINEMEDIAMODE_ name (default INTERACTIVEVOICE). */
  mediaMode?: MediaMode;
  /** Conceal the caller's identity (LINECALLPARAMFLAGS_BLOCKID). */
  blockId?: boolean;
  /** Originating address on the line. */
  origination?: string | null;
  /** dwNoAnswerTimeout in milliseconds: abandon a call that rings longer (0 = never). */
  noAnswerTimeout?: number;
}

/** A destination and parameters ready for the core, or the LINEERR_ that refuses them. */
export type PreparedCall =
  | { ok: true; address: string | null; destination: string; complete: boolean; params: CallParams }
  | { ok: false; error: LineErrorName; message: string };

const refuse = (error: LineErrorName, message: string): PreparedCall => ({ ok: false, error, message });

/**
 * Check a destination and options against a line.
 *
 * - A null address leaves the call in dial tone, waiting for digits (lineMakeCall remarks);
 *   on a non-dialed (hot) line it is the only address there is.
 * - A bearer or media mode the line lacks gives LINEERR_BEARERMODEUNAVAIL / INVALMEDIAMODE;
 *   a bad timeout gives LINEERR_INVALCALLPARAMS.
 */
export function prepareCall(address: string | null | undefined, options: CallOptions | undefined, device: LineDevice): PreparedCall {
  // Most calls take the defaults: share the one frozen object rather than copy it per call.
  let params: CallParams = defaultCallParams;
  if (options && (options.bearerMode ?? options.mediaMode ?? options.noAnswerTimeout ?? options.blockId ?? options.origination) !== undefined) {
    params = { ...defaultCallParams };
    if (options.bearerMode !== undefined) {
      if (!device.bearerModes.includes(options.bearerMode)) return refuse('BEARERMODEUNAVAIL', `the line has no bearer mode ${String(options.bearerMode)}`);
      params.bearerMode = options.bearerMode;
    }
    if (options.mediaMode !== undefined) {
      if (!device.mediaModes.includes(options.mediaMode)) return refuse('INVALMEDIAMODE', `the line has no media mode ${String(options.mediaMode)}`);
      params.mediaMode = options.mediaMode;
    }
    if (options.noAnswerTimeout !== undefined) {
      const ms = options.noAnswerTimeout;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 2 ** 31 - 1) {
        return refuse('INVALCALLPARAMS', `noAnswerTimeout must be a number of milliseconds ≥ 0, not ${String(ms)}`);
      }
      params.noAnswerTimeout = ms;
    }
    if (options.blockId !== undefined) params.blockId = Boolean(options.blockId);
    if (options.origination !== undefined && options.origination !== null) {
      if (typeof options.origination !== 'string' || /[\x00-\x1f\x7f]/.test(options.origination)) {
        return refuse('INVALCALLPARAMS', 'the origination address holds a control character');
      }
      params.origination = options.origination;
    }
  }
  if (device.nonDialed) return { ok: true, address: address ?? null, destination: '', complete: true, params };
  if (address === null || address === undefined) return { ok: true, address: null, destination: '', complete: false, params };
  const parsed = parseAddress(address, device);
  if (!parsed.ok) return refuse(parsed.error, parsed.message);
  return { ok: true, address, destination: parsed.address.dialString, complete: !parsed.address.partial, params };
}
