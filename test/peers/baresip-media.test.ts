/**
 * Real audio against baresip (Debian `baresip-core`): it answers on its own, takes our PCMU offer,
 * and its `aubridge` audio device loops what it plays (our audio, decoded) into what it records
 * (encoded again and sent back), so a known tone we play comes back through baresip's whole media
 * path. The tone's frequency and length are measured on what we record, not bytes counted. With
 * its `rtcp_mux` on, the same both ways with RTCP on the RTP ports (RFC 5761): it answers our
 * `a=rtcp-mux`, and its offer of it is answered muxed.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Call } from '../../src/phone/call.js';
import { tone } from '../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../providers/media/pcm.js';
import { measureTone } from '../../providers/media/tone-measure.js';
import { startBaresip, type BaresipOptions, type BaresipRun } from '../support/peers/baresip.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('baresip');

/** RTCP comes every 2.5-7.5 s from each side (RFC 3550 §6.3.1): room for a machine several times slower. */
const RTCP_WAIT = { timeout: 30_000, interval: 50 };

describe.skipIf(peers.skip)(`audio against baresip ${peers.reason}`, () => {
  const telephonies: SipTelephony[] = [];
  const running: BaresipRun[] = [];

  afterAll(async () => {
    for (const t of telephonies) expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    for (const baresip of running) expect((await baresip.quit()).code, 'baresip exit code').toBe(0);
  });

  async function start(ports: { min: number; max: number }, options: BaresipOptions = {}) {
    peers.assert();
    const baresip = await startBaresip(options);
    running.push(baresip);
    const t = sipTelephony({ media: { ports } });
    telephonies.push(t);
    return { baresip, t, line: await t.telephony.openLine(0) };
  }

  /** A 600 Hz tone of 1 s played on a call that is up comes back as 600 Hz for about 1 s. */
  async function toneComesBack(t: SipTelephony, call: Call): Promise<void> {
    const recording = call.record({ maxMs: 4000, silenceMs: 800 });
    await call.play(concatPcm([silence(200), tone(600, 1000), silence(1200)]));
    const recorded = await recording;
    // Everything baresip sent came from the address and port its SDP named (loopback only).
    expect(t.sip.stats().media.rtp.wrongSource, JSON.stringify(t.sip.stats().media.rtp)).toBe(0);
    expect(t.sip.stats().media.rtp.received).toBeGreaterThan(40);
    const heard = measureTone(recorded.samples);
    expect(heard?.frequency).toBeGreaterThan(590);
    expect(heard?.frequency).toBeLessThan(610);
    // baresip's jitter buffer may stretch or trim a frame or two at either end.
    expect(heard?.durationMs).toBeGreaterThanOrEqual(900);
    expect(heard?.durationMs).toBeLessThanOrEqual(1100);
  }

  /**
   * Its RTCP came on the RTP port and was read as RTCP (RFC 5761 §4): reports taken, nothing read
   * as RTP (RTCP read as RTP would be payload type 72-76, unknown), nothing from elsewhere. baresip
   * also sends a lone RTCP APP "PING" on a muxed port: reduced-size RTCP (RFC 5506), taken
   * and passed over, not counted in rtcpMalformed.
   */
  async function muxedRtcpArrives(t: SipTelephony): Promise<void> {
    await vi.waitFor(() => expect(t.sip.stats().media.rtp.rtcpReceived).toBeGreaterThan(0), RTCP_WAIT);
    expect(t.sip.stats().media.rtp).toMatchObject({ malformed: 0, wrongSource: 0, unknownPayloadType: 0, rtcpMalformed: 0 });
  }

  /** The SDP of the last traced message that starts with `start`, going `direction`. */
  function sdpOf(t: SipTelephony, direction: 'in' | 'out', start: RegExp): string {
    const message = t.trace.filter((m) => m.direction === direction && start.test(m.text) && /^CSeq: \d+ INVITE/m.test(m.text)).at(-1)!;
    const sdp = message.text.split('\r\n\r\n')[1];
    // Loopback only.
    expect(sdp.match(/^c=.*$/gm)).toEqual(['c=IN IP4 127.0.0.1']);
    return sdp;
  }

  it('a 600 Hz tone of 1 s played to baresip comes back through its media path as 600 Hz for about 1 s', async () => {
    const { baresip, t, line } = await start({ min: 26200, max: 26299 });
    const call = await line.makeCall(baresip.uri);
    await call.until('connected');
    await baresip.waitFor('CALL_ESTABLISHED');
    // Our offer has a=rtcp-mux; baresip (rtcp_mux no) answers without: RTCP stays on its own port.
    expect(sdpOf(t, 'in', /^SIP\/2\.0 200 /)).not.toContain('a=rtcp-mux');
    await toneComesBack(t, call);
    await call.drop();
    await baresip.waitFor('CALL_CLOSED');
  });

  it('rtcp-mux, xtapi calls: a baresip that muxes answers our a=rtcp-mux; the tone comes back, its RTCP arrives on our RTP port', async () => {
    const { baresip, t, line } = await start({ min: 26600, max: 26649 }, { rtcpMux: true });
    const call = await line.makeCall(baresip.uri);
    await call.until('connected');
    await baresip.waitFor('CALL_ESTABLISHED');
    expect(sdpOf(t, 'out', /^INVITE /)).toContain('a=rtcp-mux\r\n');
    expect(sdpOf(t, 'in', /^SIP\/2\.0 200 /)).toContain('a=rtcp-mux');
    await toneComesBack(t, call);
    await muxedRtcpArrives(t);
    await call.drop();
    await baresip.waitFor('CALL_CLOSED');
  });

  it('rtcp-mux, baresip calls: its offer of a=rtcp-mux is answered with it alone; the tone comes back, its RTCP arrives on our RTP port', async () => {
    const { baresip, t, line } = await start({ min: 26650, max: 26699 }, { rtcpMux: true });
    const arriving = new Promise<Call>((resolve) => {
      const off = line.on('incoming', (call) => (off(), resolve(call)));
    });
    baresip.command('dial', `sip:alice@127.0.0.1:${t.sip.local!.port}`);
    const call = await Promise.race([arriving, baresip.waitFor('CALL_CLOSED').then((e) => Promise.reject(new Error(`baresip's call closed: ${JSON.stringify(e)}`)))]);
    expect(sdpOf(t, 'in', /^INVITE /)).toContain('a=rtcp-mux');
    await call.answer();
    await baresip.waitFor('CALL_ESTABLISHED');
    const answer = sdpOf(t, 'out', /^SIP\/2\.0 200 /);
    expect(answer).toContain('a=rtcp-mux\r\n');
    expect(answer).not.toContain('a=rtcp:');
    await toneComesBack(t, call);
    await muxedRtcpArrives(t);
    await call.drop();
    await baresip.waitFor('CALL_CLOSED');
  });
});
