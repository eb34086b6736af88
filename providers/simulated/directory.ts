/**
 * The simulated switch's directory: which outcome a dialled number gets. Keys are matched against
 * the end of the dialled digits, longest key first, so `"5550111"` answers for
 * `"+1 (425) 555-0111"` and for `"9,5550111"` alike.
 */
import type { SaidDigits } from './key-presses.js';
import { dtmfOnly } from '../dtmf.js';

/**
 * What the far end does. `redirect` sends the call on to the entry's `redirectTo` (call
 * forwarding; what a SIP 302 does), where that number's entry says what happens. Called as a
 * transfer target, a number that answers (or redirects) takes the transferred call; one that is
 * busy, rejects, does not answer or cannot be reached refuses the transfer.
 */
export type Outcome = 'answer' | 'busy' | 'no-answer' | 'unreachable' | 'reject' | 'redirect';

/** A fault the simulated provider can be told to commit, to test that calls still end cleanly. */
export type Fault =
  /** `makeCall` throws before the call exists: the provider refuses it at once. */
  | 'throw-on-create'
  /** `makeCall` throws once the call exists, as it starts. */
  | 'throw-on-make'
  /** No command is ever answered: no progress after make, no IDLE after drop. */
  | 'silent'
  /** Everything works but drop is never confirmed. */
  | 'silent-drop'
  /** Once connected, the provider reports dial tone and proceeding: events impossible there. */
  | 'impossible-event'
  /** A drop during ringback crosses the far end's answer: the provider reports connected first. */
  | 'answer-crosses-drop';

/** One directory entry. */
export interface NumberEntry {
  outcome: Outcome;
  /** Rings before the outcome (answer: 1, reject: 1, no-answer: 5 before the switch gives up). */
  rings?: number;
  /** Once answered, the far end hangs up after this many milliseconds. */
  hangupAfterMs?: number;
  /**
   * With outcome `redirect`: the number the call is sent on to. The switch reports
   * `PROVIDER.REDIRECTED` naming it, and the call goes on as the directory says for it.
   */
  redirectTo?: string;
  /** Once answered, the far end puts us on hold after this many milliseconds (`PROVIDER.CONNECTED`, mode ACTIVEHELD). */
  holdAfterMs?: number;
  /** Once it holds us, the far end takes us back after this many milliseconds (`PROVIDER.CONNECTED`, mode ACTIVE). */
  resumeAfterMs?: number;
  /** The far end refuses to be held: our hold fails (`PROVIDER.REQUEST_FAILED`, kind `hold`; SIP 488). */
  refuseHold?: boolean;
  /**
   * Once answered, the far end asks us to transfer ourselves to {@link transferUsTo} after this
   * many milliseconds (`PROVIDER.TRANSFER_REQUESTED`, by the far end's number; a SIP REFER). Not
   * answered within 8 s, the switch refuses it on its own. Accepted, the far end hangs up once the
   * call the core makes for it (`CallRequest.transferOf`) connects; if that call fails, it stays.
   */
  transferUsAfterMs?: number;
  /** Where the far end asks us to go (with {@link transferUsAfterMs}); default `5550177`. */
  transferUsTo?: string;
  /** Once answered, the far end presses these keys (`PROVIDER.DIGIT` each; `afterMs` counts from the answer). */
  says?: SaidDigits;
  fault?: Fault;
}

/**
 * How many redirects one call follows at most; the next, or one back to a number the call was
 * already sent to, disconnects it with LINEDISCONNECTMODE_FORWARDED.
 */
export const MAX_REDIRECTS = 3;

/** The digits of a number: what matching compares. */
export function digitsOf(number: string): string {
  return dtmfOnly(number);
}

/** A compiled directory: entries by their digits, longest first. */
export class Directory {
  private readonly entries: ReadonlyArray<readonly [string, NumberEntry]>;

  constructor(
    numbers: Readonly<Record<string, NumberEntry>>,
    private readonly fallback: NumberEntry,
  ) {
    for (const [key, entry] of [...Object.entries(numbers), ['the default outcome', fallback] as const]) {
      if (entry.outcome === 'redirect' && !entry.redirectTo) throw new RangeError(`${key}: a redirect needs the number it redirects to (redirectTo)`);
    }
    this.entries = Object.entries(numbers)
      .map(([key, entry]) => [digitsOf(key), entry] as const)
      .filter(([digits]) => digits.length > 0)
      .sort((a, b) => b[0].length - a[0].length);
  }

  /** The entry for a dialled number: the longest key its digits end with, else the default. */
  lookup(dialled: string): NumberEntry {
    const digits = digitsOf(dialled);
    for (const [key, entry] of this.entries) if (digits.endsWith(key)) return entry;
    return this.fallback;
  }
}
