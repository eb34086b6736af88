/**
 * RFC 4733 telephone events: the §2.3 payload, and the receiver's rules (an event is its
 * timestamp, the triple end counts once, a lost start still gives the digit, the same key twice is
 * two digits).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseTelephoneEvent, serialiseTelephoneEvent, TelephoneEventReceiver, type TelephoneEvent,
} from '../../../../providers/sip/media/telephone-event.js';

/** The packets a sender sends for one event (RFC 4733 §2.5.1): start, updates, the end three times. */
function press(event: number, timestamp: number): { timestamp: number; marker: boolean; payload: Uint8Array }[] {
  const packet = (marker: boolean, end: boolean, duration: number) => ({
    timestamp,
    marker,
    payload: serialiseTelephoneEvent({ event, end, reserved: false, volume: 10, duration }),
  });
  return [packet(true, false, 160), packet(false, false, 320), packet(false, false, 480),
    packet(false, true, 640), packet(false, true, 640), packet(false, true, 640)];
}

function digits(receiver: TelephoneEventReceiver, packets: ReturnType<typeof press>): string[] {
  return packets.flatMap((p) => {
    const received = receiver.receive(p);
    return received?.digit ? [received.digit] : [];
  });
}

describe('telephone-event', () => {
  it('lays out the payload as RFC 4733 §2.3 draws it', () => {
    const bytes = serialiseTelephoneEvent({ event: 11, end: true, reserved: false, volume: 63, duration: 0x1234 });
    expect([...bytes]).toEqual([11, 0xbf, 0x12, 0x34]);
  });

  it('random payloads round-trip; fewer than four bytes are null', () => {
    const event = fc.record<TelephoneEvent>({
      event: fc.integer({ min: 0, max: 255 }),
      end: fc.boolean(),
      reserved: fc.boolean(),
      volume: fc.integer({ min: 0, max: 63 }),
      duration: fc.integer({ min: 0, max: 0xffff }),
    });
    fc.assert(fc.property(event, (e) => {
      expect(parseTelephoneEvent(serialiseTelephoneEvent(e))).toEqual(e);
    }));
    expect(parseTelephoneEvent(Uint8Array.of(1, 2, 3))).toBeNull();
  });

  it('a whole event, its end sent three times, is one digit', () => {
    const receiver = new TelephoneEventReceiver();
    const reports = press(5, 1000).map((p) => receiver.receive(p)).filter((r) => r !== null);
    expect(reports).toEqual([{ event: 5, digit: '5', timestamp: 1000, startLost: false }]);
  });

  it('a lost start still gives the digit once, flagged', () => {
    const receiver = new TelephoneEventReceiver();
    const reports = press(11, 1000).slice(1).map((p) => receiver.receive(p)).filter((r) => r !== null);
    expect(reports).toEqual([{ event: 11, digit: '#', timestamp: 1000, startLost: true }]);
  });

  it('only the end packets arriving give the digit once', () => {
    const receiver = new TelephoneEventReceiver();
    expect(digits(receiver, press(10, 1000).slice(3))).toEqual(['*']);
  });

  it('the same key twice in a row is two digits: a new timestamp is a new event', () => {
    const receiver = new TelephoneEventReceiver();
    expect(digits(receiver, [...press(7, 1000), ...press(7, 2000)])).toEqual(['7', '7']);
  });

  it('a late packet of an earlier event does not report it again, across the timestamp wrap', () => {
    const receiver = new TelephoneEventReceiver();
    const first = press(1, 0xffff_ff00);
    const second = press(2, 0x100);
    expect(digits(receiver, [...first.slice(0, 4), ...second.slice(0, 1), first[5], ...second.slice(1)]))
      .toEqual(['1', '2']);
  });

  it('a new SSRC starts its own timestamps: its key is not lost as an old one (RFC 3550 §8.2)', () => {
    const receiver = new TelephoneEventReceiver();
    const fromOld = press(3, 5_000).map((p) => ({ ...p, ssrc: 0x1111 }));
    // The far end restarted its stream: a new source whose random timestamp is "before" the old one's.
    const fromNew = press(4, 1_000).map((p) => ({ ...p, ssrc: 0x2222 }));
    expect(digits(receiver, [...fromOld, ...fromNew])).toEqual(['3', '4']);
  });

  it('a new SSRC with the old one’s event timestamp is not swallowed as a duplicate, nor a late end of the old one counted twice (RFC 4733 §2.5.1.3)', () => {
    const receiver = new TelephoneEventReceiver();
    const fromOld = press(3, 5_000).map((p) => ({ ...p, ssrc: 0x1111 }));
    const fromNew = press(4, 5_000).map((p) => ({ ...p, ssrc: 0x2222 }));
    // The old source's last end packet arrives after the new source's start (reordered, or resent).
    const packets = [...fromOld.slice(0, 4), ...fromNew.slice(0, 2), fromOld[5], ...fromNew.slice(2)];
    expect(digits(receiver, packets)).toEqual(['3', '4']);
    // A hundred sources later (the receiver keeps a few), one heard before is heard again.
    for (let source = 0; source < 100; source++) digits(receiver, press(1, 7_000).map((p) => ({ ...p, ssrc: source })));
    expect(digits(receiver, press(9, 9_000).map((p) => ({ ...p, ssrc: 0x2222 })))).toEqual(['9']);
  });

  it('a malformed payload is ignored; events above 15 have no digit', () => {
    const receiver = new TelephoneEventReceiver();
    expect(receiver.receive({ timestamp: 1, marker: true, payload: Uint8Array.of(1) })).toBeNull();
    expect(receiver.receive(press(16, 2)[0])).toEqual({ event: 16, digit: null, timestamp: 2, startLost: false });
  });
});
