/**
 * Audio and keys both ways with baresip (Debian `baresip-core`) whose microphone is a WAV file the
 * test writes (its `aufile` module: a second of silence, then an 800 Hz tone of 1 s) and whose ears
 * are a WAV file it writes (its `sndfile` module dumps what it decoded), calling xtapi and being
 * called by it. On our side the tone is measured in what `call.record()` kept and the keys baresip
 * sends (`sndcode`, as RFC 4733 events) are gathered; on baresip's side the 1200 Hz tone of 1 s we
 * play is measured in its WAV file, and the keys we send (`call.sendDigits()`) are the ones its
 * control socket reports (`CALL_DTMF_START`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tone } from '../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../providers/media/pcm.js';
import { encodeWav } from '../../providers/media/wav.js';
import type { Call } from '../../src/phone/call.js';
import type { Line } from '../../src/phone/line.js';
import { type BaresipRun, startBaresip } from '../support/peers/baresip.js';
import { expectTone } from '../support/expect-tone.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor, removeRunDir, runDir } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';

vi.setConfig(PEER_TIMEOUTS);

/** Waits on real peers: generous, so that a machine several times slower still passes. */
const WAIT = { timeout: 20_000, interval: 20 };

const peers = peersFor('baresip');

describe.skipIf(peers.skip)(`audio and keys both ways with baresip playing and recording WAV files ${peers.reason}`, () => {
  let t: SipTelephony;
  let line: Line;
  let dir: string;
  let microphone: string;
  const running: BaresipRun[] = [];

  beforeAll(async () => {
    peers.assert();
    dir = runDir('aufile');
    microphone = join(dir, 'microphone.wav');
    // baresip starts reading when the call is up: a second of silence lets us start recording
    // first; the file ends the call when it runs out, so it runs on long after the test is done.
    writeFileSync(microphone, encodeWav(concatPcm([silence(1000), tone(800, 1000), silence(40_000)])));
    t = sipTelephony({ media: { ports: { min: 26400, max: 26499 } } });
    line = await t.telephony.openLine(0);
  });

  afterEach(async () => {
    for (const baresip of running.splice(0)) expect((await baresip.quit()).code, 'baresip exit code').toBe(0);
  });

  afterAll(async () => {
    if (dir) removeRunDir(dir);
    if (t) expect(await t.shutdown()).toEqual(NOTHING_LEFT);
  });

  async function baresip(): Promise<BaresipRun> {
    const run = await startBaresip({ audioSource: microphone, recordAudio: true });
    running.push(run);
    return run;
  }

  /**
   * The exchange on a call that is up: its tone heard here, its keys gathered here, our tone heard
   * there, our keys reported there; then we hang up and its WAV file is complete.
   */
  async function exchange(call: Call, peer: BaresipRun): Promise<void> {
    const recording = call.record({ maxMs: 10_000, silenceMs: 500 });
    expectTone((await recording).samples, { hz: 800, ms: 1000 });

    // Its keys, one at a time: each sent once the one before has arrived.
    const keys: string[] = [];
    call.on('dtmf', ({ digit, via }) => keys.push(`${digit}/${via}`));
    const gathering = call.gather({ max: 3, terminators: '#', timeoutMs: 15_000 });
    for (const [i, digit] of ['7', '3', '#'].entries()) {
      await peer.request('sndcode', digit);
      await vi.waitFor(() => expect(keys).toHaveLength(i + 1), WAIT);
    }
    expect(await gathering).toEqual({ digits: '73#', termination: 'TERMDIGIT' });
    expect(keys).toEqual(['7/rfc4733', '3/rfc4733', '#/rfc4733']);

    // Ours: a tone, then keys as RFC 4733 events.
    await call.play(concatPcm([tone(1200, 1000), silence(400)]));
    await call.sendDigits('5*8');
    // baresip's jitter buffer hands a packet on only when later ones arrive: audio after the
    // keys pushes the last key's packets out (a phone always sends some; we send none unless asked).
    await call.play(silence(1000));
    await vi.waitFor(() => expect(peer.keysReceived()).toBe('5*8'), WAIT);
    await call.drop();
    await peer.waitFor('CALL_CLOSED');
    expectTone(peer.heard()[0], { hz: 1200, ms: 1000 });
  }

  it('baresip calls xtapi: its 800 Hz tone and keys 7 3 # arrive here; our 1200 Hz tone and keys 5 8 * arrive there', async () => {
    const peer = await baresip();
    const arriving = new Promise<Call>((resolve) => {
      const off = line.on('incoming', (call) => (off(), resolve(call)));
    });
    peer.command('dial', `sip:alice@127.0.0.1:${t.sip.local!.port}`);
    const call = await Promise.race([arriving, peer.waitFor('CALL_CLOSED').then((e) => Promise.reject(new Error(`baresip's call closed: ${JSON.stringify(e)}`)))]);
    // Loopback only: baresip's offer names 127.0.0.1 for its media.
    const invite = t.trace.find((m) => m.direction === 'in' && m.text.startsWith('INVITE '))!;
    expect(invite.text.match(/^c=.*$/gm)).toEqual(['c=IN IP4 127.0.0.1']);
    await call.answer();
    await exchange(call, peer);
  });

  it('xtapi calls baresip: the same both ways', async () => {
    const peer = await baresip();
    const call = await line.makeCall(peer.uri);
    await call.until('connected');
    const ok = t.trace.filter((m) => m.direction === 'in' && m.text.startsWith('SIP/2.0 200 ') && /CSeq: \d+ INVITE/.test(m.text)).at(-1)!;
    expect(ok.text.match(/^c=.*$/gm)).toEqual(['c=IN IP4 127.0.0.1']);
    await exchange(call, peer);
  });
});
