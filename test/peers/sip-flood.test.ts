/**
 * A flood of stray requests while a call is connected (issue 13, defect 6, against real peers):
 * a SIPp floods the provider with OPTIONS from thousands of "calls" at five thousand a
 * second, past the server transaction table's cap, while a SIPp callee hangs up. Its BYE still
 * gets through and is answered (SIPp counts a successful call), the strays beyond the cap are
 * shed and counted in `stats().dropped.overloaded`, and the table never holds more than its cap.
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_SERVER_TRANSACTIONS } from '../../providers/sip/endpoint.js';
import { rfcTimers } from '../../providers/sip/timers.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony } from '../support/peers/sip-telephony.js';
import { startSipp } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');

describe.skipIf(peers.skip)(`a flood of strays against a live call ${peers.reason}`, () => {
  it('the callee’s BYE gets through a flood past the cap; the strays shed are counted; the table stays bounded', async () => {
    peers.assert();
    // The callee hangs up 3 s after the ACK: the flood runs meanwhile.
    const callee = await startSipp({ scenario: 'uas_callee_bye.xml', edit: (xml) => xml.replace('<pause milliseconds="1000"/>', '<pause milliseconds="3000"/>'), calls: 1, timeoutSec: 30, timewaitMs: 500 });
    // RFC timers: each stray's transaction lives 32 s (Timer J), so the table stays full well
    // past the callee's BYE and its retransmissions.
    const t = sipTelephony({ timers: rfcTimers });
    let flood: Awaited<ReturnType<typeof startSipp>> | undefined;
    try {
      const line = await t.telephony.openLine(0);
      const call = await line.makeCall(`sip:service@127.0.0.1:${callee.port}`);
      await call.until('connected');
      const heapBefore = process.memoryUsage().heapUsed;
      flood = await startSipp({ scenario: 'uac_flood.xml', remote: `127.0.0.1:${t.sip.local!.port}`, calls: 20_000, timeoutSec: 40, args: ['-r', '5000', '-rp', '1000', '-l', '100000', '-buff_size', '4194304'] });
      let peak = 0;
      const watch = setInterval(() => (peak = Math.max(peak, t.sip.stats().live.serverTransactions)), 20);
      // The BYE comes 3 s after the ACK; it must not wait for the strays to time out.
      const cause = await Promise.race([call.ended(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the callee’s BYE did not get through the flood')), 20_000))]);
      clearInterval(watch);
      expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
      await expectSippPassed(callee);
      await flood.process.exited;
      const stats = t.sip.stats();
      expect(stats.datagrams.received).toBeGreaterThan(MAX_SERVER_TRANSACTIONS);
      expect(stats.dropped.overloaded).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(MAX_SERVER_TRANSACTIONS + 1);
      // Ten thousand open transactions with their answers: a few tens of MB at most, not growing with the flood.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
    } finally {
      await flood?.dispose();
      await callee.dispose();
      expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    }
  });
});
