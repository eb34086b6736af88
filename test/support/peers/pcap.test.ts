/**
 * The capture SIPp plays is what the peer tests think it is: frames SIPp's reader takes (Ethernet,
 * IPv4, UDP, captured length = length), RTP that parses, a tone that measures as the one written,
 * and keys that the receiver of RFC 4733 events reports once each.
 */
import { describe, expect, it } from 'vitest';
import { tone } from '../../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../../providers/media/pcm.js';
import { measureTone } from '../../../providers/media/tone-measure.js';
import { muLawDecodeBuffer } from '../../../providers/sip/media/g711.js';
import { parseRtp } from '../../../providers/sip/media/rtp-packet.js';
import { TelephoneEventReceiver } from '../../../providers/sip/media/telephone-event.js';
import { pcapFile, readPcapFile } from './pcap.js';
import { rtpStream } from './rtp-capture.js';

describe('a pcap capture of one RTP stream', () => {
  const written = rtpStream([tone(1000, 1000), silence(200), { digits: '42#' }]);
  const read = readPcapFile(pcapFile(written));
  const packets = read.map((d) => parseRtp(d.payload)!);

  it('reads back datagram for datagram, with the times it was stamped with', () => {
    expect(read.map((d) => d.atMs)).toEqual(written.map((d) => d.atMs));
    expect(read.map((d) => [...d.payload])).toEqual(written.map((d) => [...d.payload]));
    expect(packets.every((p) => p !== null && p.ssrc === packets[0].ssrc)).toBe(true);
  });

  it('carries 1.2 s of PCMU at 20 ms a packet, the tone measuring 1 kHz for 1 s', () => {
    const audio = packets.filter((p) => p.payloadType === 0);
    expect(audio).toHaveLength(60);
    expect(read[59].atMs - read[0].atMs).toBe(59 * 20);
    const heard = measureTone(concatPcm(audio.map((p) => muLawDecodeBuffer(p.payload))));
    expect(heard?.frequency).toBeCloseTo(1000, 0);
    expect(heard?.durationMs).toBe(1000);
  });

  it('carries 4, 2 and # as telephone-events, each reported once, in consecutive sequence numbers', () => {
    const receiver = new TelephoneEventReceiver();
    const digits = packets.filter((p) => p.payloadType === 101).flatMap((p) => receiver.receive(p) ?? []);
    expect(digits.map((d) => `${d.digit}${d.startLost ? '?' : ''}`).join('')).toBe('42#');
    const sequences = packets.map((p) => p.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => sequences[0] + i));
  });

  it('refuses a key that is not DTMF', () => {
    expect(() => rtpStream([{ digits: '4x' }])).toThrow(/not a DTMF key: x/);
  });
});
