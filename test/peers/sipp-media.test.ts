/**
 * Real audio against SIPp (Debian `sip-tester`) run with `-rtp_echo`: SIPp answers (`uas_answer.xml`,
 * PCMU only, no telephone-event) and sends every RTP packet back where it came from. xtapi plays a
 * known tone and records what comes back: the tone's frequency and length are measured, not bytes
 * counted. Then it plays DTMF as tones: the far end has no telephone-event, so the keys that come
 * back are found in the audio (in-band detection) and reported once each.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dtmfTone, tone } from '../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../providers/media/pcm.js';
import { measureTone } from '../../providers/media/tone-measure.js';
import type { Line } from '../../src/phone/line.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { freeUdpPort, peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';
import { startSipp, type SippRun } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const runs: SippRun[] = [];

/** SIPp answering one call and echoing its RTP from a port of its own. */
async function echoingSipp(): Promise<SippRun> {
  const mediaPort = await freeUdpPort();
  const run = await startSipp({ scenario: 'uas_answer.xml', calls: 1, timeoutSec: 30, timewaitMs: 500, args: ['-rtp_echo', '-mi', '127.0.0.1', '-mp', String(mediaPort)] });
  runs.push(run);
  return run;
}

describe.skipIf(peers.skip)(`audio against SIPp's RTP echo ${peers.reason}`, () => {
  let t: SipTelephony;
  let line: Line;

  beforeAll(async () => {
    peers.assert();
    // RTP ports of this file's own, away from the other tests' ranges.
    t = sipTelephony({ media: { ports: { min: 26000, max: 26199 } } });
    line = await t.telephony.openLine(0);
  });

  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.dispose()));
  });

  afterAll(async () => {
    if (!t) return;
    expect(await t.shutdown()).toEqual(NOTHING_LEFT);
  });

  it('a 1 kHz tone of 1 s played to SIPp comes back as 1 kHz for about 1 s', async () => {
    const run = await echoingSipp();
    const call = await line.makeCall(`sip:service@127.0.0.1:${run.port}`);
    await call.until('connected');
    const recording = call.record({ maxMs: 3000, silenceMs: 600 });
    const played = await call.play(concatPcm([tone(1000, 1000), silence(800)]));
    expect(played).toMatchObject({ reason: 'done', frames: 90 });
    const { samples } = await recording;
    const heard = measureTone(samples);
    expect(heard?.frequency).toBeGreaterThan(990);
    expect(heard?.frequency).toBeLessThan(1010);
    // The length as heard, within two frames either way (loopback, a slow machine).
    expect(heard?.durationMs).toBeGreaterThanOrEqual(960);
    expect(heard?.durationMs).toBeLessThanOrEqual(1040);
    expect(t.sip.stats().media.rtp.received).toBeGreaterThan(40);
    await call.drop();
    await expectSippPassed(run);
  });

  it('DTMF played as tones to a far end without telephone-event comes back and is found in the audio, once per key', async () => {
    const run = await echoingSipp();
    const call = await line.makeCall(`sip:service@127.0.0.1:${run.port}`);
    await call.until('connected');
    const keys: string[] = [];
    call.on('dtmf', ({ digit, via }) => keys.push(`${digit}/${via}`));
    const gathering = call.gather({ max: 3, terminators: '#', timeoutMs: 5000 });
    await call.play(concatPcm(['4', '2', '#'].flatMap((digit) => [dtmfTone(digit, 120), silence(120)])));
    expect(await gathering).toEqual({ digits: '42#', termination: 'TERMDIGIT' });
    expect(keys).toEqual(['4/inband', '2/inband', '#/inband']);
    await call.drop();
    await expectSippPassed(run);
  });
});
