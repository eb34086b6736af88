/**
 * A redirect followed against real peers (RFC 3261 §8.1.3.4): a SIPp redirect server answers
 * the INVITE with 302 and a Contact at a second SIPp, which answers the call. Both SIPps must
 * count one successful call; the call connects with the redirect in its call information
 * (LINECALLINFO RedirectionID: `redirectedTo`, the `redirected` event), and its end's detail
 * names the redirect.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony } from '../support/peers/sip-telephony.js';
import { startSipp, type SippRun } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const runs: SippRun[] = [];

describe.skipIf(peers.skip)(`redirects against SIPp ${peers.reason}`, () => {
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.dispose()));
  });

  it('302 from a redirect server: ACK, INVITE to the Contact, answered there; both SIPps pass', async () => {
    peers.assert();
    const callee = await startSipp({ scenario: 'uas_callee_bye.xml', calls: 1, timeoutSec: 30, timewaitMs: 500 });
    runs.push(callee);
    const redirector = await startSipp({ scenario: 'uas_redirect.xml', calls: 1, timeoutSec: 30, timewaitMs: 500, args: ['-key', 'target', String(callee.port)] });
    runs.push(redirector);
    const t = sipTelephony();
    try {
      const line = await t.telephony.openLine(0);
      const redirected: string[] = [];
      const call = await line.makeCall(`sip:service@127.0.0.1:${redirector.port}`, {
        on: { redirected: ({ redirection }) => redirected.push(`${redirection.detail?.code} ${redirection.to}`) },
      });
      await call.until('connected');
      // Connected after the redirect, and the call information says where it went.
      const target = `sip:service@127.0.0.1:${callee.port}`;
      expect(redirected).toEqual([`302 ${target}`]);
      expect(call.redirectedTo).toBe(target);
      expect(call.redirects).toMatchObject([{ to: target, detail: { code: 302, reason: 'Moved Temporarily' } }]);
      // The callee hangs up after a second: the cause names the redirect that led to it.
      const cause = await call.ended();
      expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
      expect(cause.detail?.reason).toBe(`BYE (redirected by 302 Moved Temporarily to sip:service@127.0.0.1:${callee.port})`);
      await expectSippPassed(redirector);
      await expectSippPassed(callee);
      const invites = t.sent('INVITE');
      expect(invites.map((i) => /^INVITE (\S+)/.exec(i.text)![1])).toEqual([`sip:service@127.0.0.1:${redirector.port}`, `sip:service@127.0.0.1:${callee.port}`]);
    } finally {
      expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    }
  });
});
