/**
 * RFC 4733 §2.5.1 sending, on a manual clock: each digit a start packet with the marker, an
 * update every 50 ms, three end packets, all with the event's start timestamp; the digits one
 * after the other, each with its own timestamp; and what a receiver makes of them (each key once).
 */
import { describe, expect, it } from 'vitest';
import { DIGIT_MS, END_REPEAT_MS, GAP_MS, Rfc4733Sender, UPDATE_MS } from '../../../../providers/sip/media/dtmf-sender.js';
import { parseTelephoneEvent, TelephoneEventReceiver } from '../../../../providers/sip/media/telephone-event.js';
import { ManualClock } from '../../../../src/testing/manual-clock.js';

interface Sent {
  at: number;
  marker: boolean;
  timestamp: number;
  event: number;
  end: boolean;
  duration: number;
}

/** A sender whose sink keeps every packet; each event starts 1000 samples after the last. */
function sender() {
  const clock = new ManualClock(0);
  const sent: Sent[] = [];
  let timestamp = 4000;
  const digits = new Rfc4733Sender(clock, {
    startTimestamp: () => (timestamp += 1000),
    send: (payload, marker, at) => {
      const event = parseTelephoneEvent(payload)!;
      sent.push({ at: clock.now(), marker, timestamp: at, event: event.event, end: event.end, duration: event.duration });
    },
  });
  return { clock, sent, digits };
}

describe('Rfc4733Sender', () => {
  it('one digit: start with the marker at once, an update at 50 ms, three end packets from 100 ms, one timestamp (§2.5.1)', () => {
    const { clock, sent, digits } = sender();
    digits.add('5');
    expect(sent).toEqual([{ at: 0, marker: true, timestamp: 5000, event: 5, end: false, duration: 0 }]);
    clock.advance(DIGIT_MS + 2 * END_REPEAT_MS);
    expect(sent.map((p) => [p.at, p.marker, p.end, p.duration])).toEqual([
      [0, true, false, 0],
      [UPDATE_MS, false, false, UPDATE_MS * 8],
      [DIGIT_MS, false, true, DIGIT_MS * 8],
      [DIGIT_MS + END_REPEAT_MS, false, true, DIGIT_MS * 8],
      [DIGIT_MS + 2 * END_REPEAT_MS, false, true, DIGIT_MS * 8],
    ]);
    expect(new Set(sent.map((p) => p.timestamp))).toEqual(new Set([5000]));
  });

  it('digits go one after the other, each after the last one and its gap, with its own timestamp; * and # are events 10 and 11', () => {
    const { clock, sent, digits } = sender();
    digits.add('1*x#'); // x is no key: dropped
    clock.advance(3 * (DIGIT_MS + GAP_MS));
    const starts = sent.filter((p) => p.marker);
    expect(starts.map((p) => [p.at, p.event, p.timestamp])).toEqual([
      [0, 1, 5000],
      [DIGIT_MS + GAP_MS, 10, 6000],
      [2 * (DIGIT_MS + GAP_MS), 11, 7000],
    ]);
    expect(sent).toHaveLength(15);
  });

  it('a receiver hears each key once, twice the same key twice (its timestamps differ)', () => {
    const { clock, sent, digits } = sender();
    digits.add('11');
    digits.add('9');
    clock.advance(10_000);
    const receiver = new TelephoneEventReceiver();
    const heard = sent.map((p) => receiver.receive({ timestamp: p.timestamp, marker: p.marker, payload: Uint8Array.of(p.event, p.end ? 0x8a : 0x0a, p.duration >> 8, p.duration & 0xff) })?.digit).filter(Boolean);
    expect(heard).toEqual(['1', '1', '9']);
  });

  it('clear stops the digit under way and forgets the rest', () => {
    const { clock, sent, digits } = sender();
    digits.add('123');
    clock.advance(UPDATE_MS);
    digits.clear();
    clock.advance(10_000);
    expect(sent).toHaveLength(2);
    digits.add('4');
    expect(sent.at(-1)).toMatchObject({ event: 4, marker: true });
  });
});
