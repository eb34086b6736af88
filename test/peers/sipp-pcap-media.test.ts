/**
 * Audio and keys from a capture, played by SIPp (`play_pcap_audio`): the test writes a pcap of one
 * RTP stream, a 1 kHz tone of 1 s in PCMU, then 4, 2 and # as RFC 4733 telephone-events; SIPp
 * calls xtapi (`uac_pcap_audio.xml`, offering PCMU and telephone-event) or is called by it
 * (`uas_pcap_audio.xml`, answering with both), and a second after the ACK sends the capture's
 * packets at the capture's pace from its media port to the port of our SDP. What
 * xtapi records is measured (the tone's frequency and length), and `call.gather()` and the `dtmf`
 * events get the keys, once each, as RFC 4733 events.
 *
 * SIPp sends a capture through a raw socket: it runs as root, or with CAP_NET_RAW.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tone } from '../../providers/media/dtmf-tones.js';
import { silence } from '../../providers/media/pcm.js';
import type { Call } from '../../src/phone/call.js';
import type { Line } from '../../src/phone/line.js';
import { expectTone } from '../support/expect-tone.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { pcapFile } from '../support/peers/pcap.js';
import { freeUdpPort, peersFor, removeRunDir, runDir } from '../support/peers/process.js';
import { rtpStream } from '../support/peers/rtp-capture.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';
import { startSipp, type SippRun } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const runs: SippRun[] = [];

describe.skipIf(peers.skip)(`a capture played by SIPp into a call with xtapi ${peers.reason}`, () => {
  let t: SipTelephony;
  let line: Line;
  let dir: string;
  let capture: string;

  beforeAll(async () => {
    peers.assert();
    dir = runDir('pcap');
    capture = join(dir, 'tone-and-keys.pcap');
    writeFileSync(capture, pcapFile(rtpStream([tone(1000, 1000), silence(400), { digits: '42#' }, silence(400)])));
    // RTP ports of this file's own, away from the other tests' ranges.
    t = sipTelephony({ media: { ports: { min: 26300, max: 26399 } } });
    line = await t.telephony.openLine(0);
  });

  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.dispose()));
  });

  afterAll(async () => {
    if (dir) removeRunDir(dir);
    if (!t) return;
    expect(await t.shutdown()).toEqual(NOTHING_LEFT);
  });

  /** SIPp playing the capture with `scenario`, its media on 127.0.0.1 on a port of its own. */
  async function sippPlaying(scenario: string, caller: boolean): Promise<{ run: SippRun; mediaPort: number }> {
    const mediaPort = await freeUdpPort();
    // SIPp's SIP port away from the media port + 1 (where our RTCP goes, RFC 3550 §11) and + 2
    // (SIPp's video port, which it binds too).
    let port = await freeUdpPort();
    while (port > mediaPort && port <= mediaPort + 3) port = await freeUdpPort();
    const run = await startSipp({
      scenario,
      edit: (xml) => xml.replace('play_pcap_audio="capture.pcap"', `play_pcap_audio="${capture}"`),
      calls: 1,
      timeoutSec: 30,
      timewaitMs: 500,
      port,
      remote: caller ? `127.0.0.1:${t.sip.local!.port}` : undefined,
      args: [...(caller ? ['-s', 'alice'] : []), '-mi', '127.0.0.1', '-mp', String(mediaPort)],
    });
    runs.push(run);
    return { run, mediaPort };
  }

  /** SIPp's SDP (`first` line of the message that carries it) names 127.0.0.1 and its media port. */
  function expectLoopbackSdp(first: RegExp, mediaPort: number): void {
    const message = t.trace.find((m) => m.direction === 'in' && first.test(m.text) && /\r\n\r\nv=0/.test(m.text))!;
    expect(message.text.match(/^c=.*$/gm)).toEqual(['c=IN IP4 127.0.0.1']);
    expect(message.text).toMatch(new RegExp(`^m=audio ${mediaPort} RTP/AVP 0 101`, 'm'));
  }

  /** On a call that is up, before SIPp plays (a second after the ACK): the tone and the keys, measured. */
  async function hearCapture(call: Call, run: SippRun): Promise<void> {
    const keys: string[] = [];
    call.on('dtmf', ({ digit, via }) => keys.push(`${digit}/${via}`));
    const recording = call.record({ maxMs: 5000, silenceMs: 300 });
    const gathering = call.gather({ max: 3, terminators: '#', timeoutMs: 10_000 });
    const { samples, reason } = await recording;
    expect(reason).toBe('silence');
    // Nothing is lost or stretched on loopback: the length to a 5 ms block either way.
    expectTone(samples, { hz: 1000, ms: 1000, msWithin: 10 });
    expect(await gathering).toEqual({ digits: '42#', termination: 'TERMDIGIT' });
    expect(keys).toEqual(['4/rfc4733', '2/rfc4733', '#/rfc4733']);
    // Every packet came from the address and port SIPp's SDP named, and each parsed.
    const rtp = t.sip.stats().media.rtp;
    expect(rtp, JSON.stringify(rtp)).toMatchObject({ wrongSource: 0, malformed: 0, unknownPayloadType: 0 });
    await call.drop();
    await expectSippPassed(run);
  }

  it('SIPp calls: the 1 kHz tone of 1 s arrives as 1 kHz for about 1 s, and 4, 2, # are gathered as RFC 4733 events, once each', async () => {
    const arriving = new Promise<Call>((resolve) => {
      const off = line.on('incoming', (call) => (off(), resolve(call)));
    });
    const { run, mediaPort } = await sippPlaying('uac_pcap_audio.xml', true);
    // A SIPp that cannot play (no capture, no raw socket) exits instead of calling.
    const call = await Promise.race([arriving, run.process.exited.then(() => Promise.reject(new Error(`SIPp ended before calling: ${run.report()}`)))]);
    expectLoopbackSdp(/^INVITE /, mediaPort);
    await call.answer();
    await hearCapture(call, run);
  });

  it('SIPp is called: the same, from the callee', async () => {
    const { run, mediaPort } = await sippPlaying('uas_pcap_audio.xml', false);
    const call = await line.makeCall(`sip:service@127.0.0.1:${run.port}`);
    await call.until('connected');
    expectLoopbackSdp(/^SIP\/2\.0 200 /, mediaPort);
    await hearCapture(call, run);
  });
});
