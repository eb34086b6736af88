/**
 * Real audio against baresip (Debian `baresip-core`): it answers on its own, takes our PCMU offer,
 * and its `aubridge` audio device loops what it plays (our audio, decoded) into what it records
 * (encoded again and sent back), so a known tone we play comes back through baresip's whole media
 * path. The tone's frequency and length are measured on what we record, not bytes counted.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { tone } from '../../providers/media/dtmf-tones.js';
import { concatPcm, silence } from '../../providers/media/pcm.js';
import { measureTone } from '../../providers/media/tone-measure.js';
import { startBaresip, type BaresipRun } from '../support/peers/baresip.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('baresip');

describe.skipIf(peers.skip)(`audio against baresip ${peers.reason}`, () => {
  let t: SipTelephony | undefined;
  let baresip: BaresipRun | undefined;

  afterAll(async () => {
    if (t) expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    if (baresip) expect((await baresip.quit()).code, 'baresip exit code').toBe(0);
  });

  it('a 600 Hz tone of 1 s played to baresip comes back through its media path as 600 Hz for about 1 s', async () => {
    peers.assert();
    baresip = await startBaresip();
    t = sipTelephony({ media: { ports: { min: 26200, max: 26299 } } });
    const line = await t.telephony.openLine(0);
    const call = await line.makeCall(baresip.uri);
    await call.until('connected');
    await baresip.waitFor('CALL_ESTABLISHED');
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
    await call.drop();
    await baresip.waitFor('CALL_CLOSED');
  });
});
