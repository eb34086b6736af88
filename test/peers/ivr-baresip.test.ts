/**
 * The IVR example (`examples/ivr.ts`) as it is, on the SIP provider, with a real caller: baresip
 * (its microphone a WAV file of silence, what it hears dumped to a WAV file by `sndfile`) calls the
 * IVR's line and, once the prompt has played, keys in 1234# (`sndcode`, RFC 4733 events). The IVR
 * must gather them, and what baresip heard must hold the read-back, found by the in-band DTMF
 * detector, and the goodbye tone, measured.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ivr } from '../../examples/ivr.js';
import { DtmfDetector } from '../../providers/media/dtmf-detector.js';
import { silence } from '../../providers/media/pcm.js';
import { encodeWav } from '../../providers/media/wav.js';
import { sipProvider } from '../../providers/sip/index.js';
import { expectTone } from '../support/expect-tone.js';
import { type BaresipRun, startBaresip } from '../support/peers/baresip.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor, removeRunDir, runDir } from '../support/peers/process.js';
import { FAST_TIMERS, NOTHING_LEFT } from '../support/peers/sip-telephony.js';

vi.setConfig(PEER_TIMEOUTS);

/** Waits on real peers: generous, so that a machine several times slower still passes. */
const WAIT = { timeout: 20_000, interval: 20 };

const peers = peersFor('baresip');

describe.skipIf(peers.skip)(`the IVR example answering baresip over SIP ${peers.reason}`, () => {
  let dir: string | undefined;
  let peer: BaresipRun | undefined;

  afterAll(async () => {
    if (peer) expect((await peer.quit()).code, 'baresip exit code').toBe(0);
    if (dir) removeRunDir(dir);
  });

  it('answers, gathers the 1234# baresip keys in, reads 1234 back and says goodbye, which baresip hears', async () => {
    peers.assert();
    dir = runDir('ivr');
    const microphone = join(dir, 'silence.wav');
    // The caller says nothing; the file lasts well beyond the call (its end would end the call).
    writeFileSync(microphone, encodeWav(silence(40_000)));
    const sip = sipProvider({ timers: FAST_TIMERS, lines: [{ aor: 'sip:alice@127.0.0.1' }], media: { ports: { min: 26500, max: 26599 } } });
    const lines: string[] = [];
    const running = ivr({ provider: sip, log: (line) => lines.push(line) });
    await vi.waitFor(() => expect(lines).toContain('waiting for a call'), WAIT);

    peer = await startBaresip({ audioSource: microphone, recordAudio: true });
    peer.command('dial', `sip:alice@127.0.0.1:${sip.local!.port}`);
    await peer.waitFor('CALL_ESTABLISHED');
    // The caller keys in once it has heard the prompt (the IVR listens from the answer, so this is
    // only how a caller behaves, not a condition of the IVR).
    await vi.waitFor(() => expect(lines.some((line) => line.endsWith('prompt played'))).toBe(true), WAIT);
    await peer.request('sndcode', '1234#');

    const result = await running;
    expect(result).toMatchObject({ digits: '1234#', termination: 'TERMDIGIT', heard: null });
    expect(lines.map((line) => line.replace(/^\S+: /, ''))).toEqual(['waiting for a call', expect.stringMatching(/^call from sip:bob@127\.0\.0\.1:\d+$/), 'prompt played', 'gathered 1234# (TERMDIGIT)', 'hung up']);
    // The IVR shut its telephony down: the provider holds nothing.
    expect(sip.stats().live).toEqual(NOTHING_LEFT);

    await peer.waitFor('CALL_CLOSED');
    const [heard] = peer.heard();
    expect(new DtmfDetector().push(heard).map((d) => d.digit).join('')).toBe('1234');
    // The longest tone it heard is the goodbye: 330 Hz for 500 ms.
    expectTone(heard, { hz: 330, ms: 500 });
  });
});
