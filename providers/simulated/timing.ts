/**
 * How long the simulated switch takes for each step. All delays run on the telephony's clock, so
 * with a simulated clock a test decides when time passes.
 */

/** Delays in milliseconds. */
export interface Timing {
  /** From make to dial tone. */
  dialtone: number;
  /** Per digit dialled. */
  digit: number;
  /** From the last digit to proceeding, and from proceeding to the first ring or outcome. */
  proceeding: number;
  /** Between rings; a call answered after n rings connects n rings after the first. */
  ring: number;
  /** From drop to idle. */
  drop: number;
  /** From answering a call that arrived to connected (the caller's ACK of our 200 OK, in SIP). */
  answer: number;
  /** From a hold or an unhold to its answer (a re-INVITE's round trip, in SIP). */
  hold: number;
  /** From a transfer to the target taking the call, or refusing it (REFER to the NOTIFY that settles it, in SIP). */
  transfer: number;
}

/** Realistic small delays: a call to a 7-digit number answered after one ring connects after 1.85 s. */
export const defaultTiming: Timing = Object.freeze({ dialtone: 100, digit: 50, proceeding: 200, ring: 1000, drop: 20, answer: 20, hold: 50, transfer: 500 });

/** No delay at all: every report is made at once, within the command that causes it. */
export const instantTiming: Timing = Object.freeze({ dialtone: 0, digit: 0, proceeding: 0, ring: 0, drop: 0, answer: 0, hold: 0, transfer: 0 });
