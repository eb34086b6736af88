/**
 * A real user agent: baresip answers our call on its own (180 then 200, no 100: the provider
 * must not need "proceeding"), takes our PCMU offer, and hangs up when we drop. Its control socket reports the call
 * from its side; `quit` then ends it with exit code 0.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startBaresip, type BaresipRun } from '../support/peers/baresip.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';
import { PEER_TIMEOUTS } from '../support/peers/expect-peers.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('baresip');

describe.skipIf(peers.skip)(`SIP provider against baresip ${peers.reason}`, () => {
  let t: SipTelephony | undefined;
  let baresip: BaresipRun | undefined;

  afterAll(async () => {
    if (t) expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    if (baresip) expect((await baresip.quit()).code, 'baresip exit code').toBe(0);
  });

  it('baresip answers on its own; our drop sends BYE and it closes the call', async () => {
    peers.assert();
    baresip = await startBaresip();
    t = sipTelephony();
    const line = await t.telephony.openLine(0);
    const states: string[] = [];
    const call = await line.makeCall(baresip.uri);
    call.on('state', ({ state }) => states.push(state));
    await call.until('connected');
    await baresip.waitFor('CALL_ESTABLISHED');
    const cause = await call.drop();
    expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    await baresip.waitFor('CALL_CLOSED');
    expect(baresip.events.map((e) => e.type)).toEqual(expect.arrayContaining(['CALL_REMOTE_SDP', 'CALL_ESTABLISHED', 'CALL_CLOSED']));
    expect(states).not.toContain('proceeding'); // baresip sends 180 and 200, no 100
    expect(states).toEqual(expect.arrayContaining(['ringback', 'connected', 'ended']));
    expect(t.sent('BYE')).toHaveLength(1);
  });
});
