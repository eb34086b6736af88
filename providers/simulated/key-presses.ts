/**
 * The simulated far end pressing keys (rule 12 of the provider contract): each digit is reported
 * as `PROVIDER.DIGIT` at its own time on the line's clock, so an IVR can be tested without a
 * network, deterministically. A key pressed while the call is not connected at the switch (still
 * ringing, already gone) is lost, as on a real line; the presses stop when the call is disposed.
 */
import { dtmfOnly } from '../dtmf.js';
import type { Clock, ProviderEvent } from '../provider.js';

/** What the far end says with its keys: the digits, when it starts, and how fast it goes. */
export interface SaidDigits {
  /** The keys, in order: 0-9, A-D, `*`, `#` (anything else is skipped). */
  digits: string;
  /** The first key this many ms after it is asked to (after the answer, for `says`); default 0. */
  afterMs?: number;
  /** Between one key and the next, in ms (default 250: a brisk caller). */
  intervalMs?: number;
}

/** The default pause between two keys (ms). */
export const KEY_INTERVAL_MS = 250;

/** The call whose far end presses the keys, as the switch sees it. */
export interface KeyedCall {
  readonly callId: string;
  /** Whether the call is connected at the switch (held or not): only then is a key heard. */
  isConnected(): boolean;
}

/**
 * The key presses of one call.
 *
 * @example
 * ```ts
 * const keys = new KeyPresses(clock, call, (callId, event) => link.report(callId, event));
 * keys.say({ digits: '12#', afterMs: 1000 }); // PROVIDER.DIGIT 1 at +1 s, 2 at +1.25 s, # at +1.5 s
 * keys.stop(); // the call is disposed: nothing more is reported
 * ```
 */
export class KeyPresses {
  private readonly timers = new Set<unknown>();

  constructor(
    private readonly clock: Clock,
    private readonly call: KeyedCall,
    private readonly report: (callId: string, event: ProviderEvent) => void,
  ) {}

  /** Press `said.digits`, one at a time, from `said.afterMs` on. */
  say(said: SaidDigits): void {
    const after = Math.max(0, said.afterMs ?? 0);
    const interval = Math.max(0, said.intervalMs ?? KEY_INTERVAL_MS);
    [...dtmfOnly(said.digits)].forEach((digit, i) => {
      const timer = this.clock.setTimeout(() => {
        this.timers.delete(timer);
        if (this.call.isConnected()) this.report(this.call.callId, { type: 'PROVIDER.DIGIT', digit });
      }, after + i * interval);
      this.timers.add(timer);
    });
  }

  /** No more keys (the call is disposed). */
  stop(): void {
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
  }
}
