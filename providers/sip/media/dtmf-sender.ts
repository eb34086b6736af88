/**
 * Sending DTMF as RTP events (RFC 4733 §2.5.1): one digit after the other, each an event of
 * {@link DIGIT_MS} followed by {@link GAP_MS} of nothing, paced on the call's injected clock.
 *
 * One event, as §2.5.1 says: a start packet with the marker bit (§2.5.1.1), updates every
 * {@link UPDATE_MS} whose duration grows (§2.5.1.2), then the end packet (E bit) three times
 * (§2.5.1.4: "the final packet ... retransmitted ... three times", so a lost one does not leave the
 * receiver waiting for the event to time out). All packets of one event carry the same RTP
 * timestamp, the event's start (§2.5.1.1): the receiver tells events apart by it (see
 * `TelephoneEventReceiver`), so two presses of one key are two events.
 */
import { dtmfOnly } from '../../dtmf.js';
import type { Clock } from '../../provider.js';
import { serialiseTelephoneEvent } from './telephone-event.js';

/** How long each digit sounds, ms: 100 ms, well above the 40 ms a DTMF receiver needs (ITU-T Q.24). */
export const DIGIT_MS = 100;
/** The silence after each digit before the next starts, ms (Q.24's pause, with margin). */
export const GAP_MS = 100;
/** The interval of the update packets, ms (§2.5.1.2 leaves it to the sender; 50 ms is common). */
export const UPDATE_MS = 50;
/** The interval of the three end packets, ms. */
export const END_REPEAT_MS = 20;
/** The power level, −dBm0 (§2.3.4): 10, a loud but undistorted key. */
const VOLUME = 10;
/** Samples a millisecond at the telephone-event clock (8000 Hz, RFC 4733 §2.3.1 for DTMF). */
const SAMPLES_PER_MS = 8;

/** Where the event packets go: the call's RTP session, with the negotiated payload type. */
export interface EventSink {
  /**
   * The RTP timestamp of this instant in the stream: the start of an event that starts now
   * (§2.5.1.1). It follows the clock, so events a digit and a gap apart never share one.
   */
  startTimestamp(): number;
  /** Send one telephone-event payload with this timestamp (the running one is not moved). */
  send(payload: Uint8Array, marker: boolean, timestamp: number): void;
}

/** The event codes of the DTMF keys (RFC 4733 §3.2). */
const EVENT_CODES = '0123456789*#ABCD';

/**
 * The RFC 4733 digit queue of one call.
 *
 * @example
 * ```ts
 * const sender = new Rfc4733Sender(clock, { startTimestamp: () => session.nextTimestamp, send: (p, m, ts) => session.send(p, { payloadType: 101, marker: m, timestamp: ts }) });
 * sender.add('12#'); // '1' at once (start, update at 50 ms, end ×3 from 100 ms), '2' at 200 ms, '#' at 400 ms
 * ```
 */
export class Rfc4733Sender {
  private queue = '';
  private timer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly sink: EventSink,
  ) {}

  /** Queue digits (0-9, A-D, *, #; anything else is dropped) and start the first if none is under way. */
  add(digits: string): void {
    this.queue += dtmfOnly(digits);
    if (this.timer === null) this.next();
  }

  /** Stop: forget the digits not sent yet, and the rest of the one under way. */
  clear(): void {
    this.queue = '';
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private next(): void {
    if (this.queue.length === 0) return;
    const event = EVENT_CODES.indexOf(this.queue[0]);
    this.queue = this.queue.slice(1);
    const timestamp = this.sink.startTimestamp();
    // The packets of one event, by when they go (ms from its start) and what they say.
    const steps: Array<{ at: number; end: boolean; duration: number }> = [];
    for (let at = 0; at < DIGIT_MS; at += UPDATE_MS) steps.push({ at, end: false, duration: at * SAMPLES_PER_MS });
    for (let i = 0; i < 3; i++) steps.push({ at: DIGIT_MS + i * END_REPEAT_MS, end: true, duration: DIGIT_MS * SAMPLES_PER_MS });
    const run = (index: number, previous: number): void => {
      const step = steps[index];
      if (!step) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = null;
          this.next();
        }, DIGIT_MS + GAP_MS - previous);
        return;
      }
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        const payload = serialiseTelephoneEvent({ event, end: step.end, reserved: false, volume: VOLUME, duration: step.duration });
        this.sink.send(payload, false, timestamp);
        run(index + 1, step.at);
      }, step.at - previous);
    };
    // The start goes at once, marked (§2.5.1.1); the rest on the clock.
    const first = steps[0];
    this.sink.send(serialiseTelephoneEvent({ event, end: false, reserved: false, volume: VOLUME, duration: first.duration }), true, timestamp);
    run(1, first.at);
  }
}
