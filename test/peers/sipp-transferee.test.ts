/**
 * A transfer the far end asks of us (we are the transferee; RFC 3515 §2.4, RFC 3892) against two
 * SIPps, through the whole stack and the modern API: `uas_transferor.xml` answers our call and
 * sends a REFER to the second SIPp, `uas_transfer_target.xml`, which answers the new INVITE only
 * if it carries Referred-By naming the transferor. Accepted: 202, our NOTIFYs with the new call's
 * 100, 180 and 200 (the last terminating the subscription), then the transferor's BYE ends the old
 * call while the new one stays up. On a line that does not ask: 603, and the call goes on. Both
 * SIPps must pass; nothing is left behind.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Call, TransferRequest } from '../../src/phone/call.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony } from '../support/peers/sip-telephony.js';
import { startSipp, type SippRun } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp');
const runs: SippRun[] = [];

/** The transferor and its target, each a SIPp of its own on a free loopback port. */
async function transferorAndTarget(edit?: (xml: string) => string) {
  const target = await startSipp({ scenario: 'uas_transfer_target.xml', calls: 1, timeoutSec: 30, timewaitMs: 500 });
  runs.push(target);
  const transferor = await startSipp({ scenario: 'uas_transferor.xml', edit, calls: 1, timeoutSec: 30, timewaitMs: 500, args: ['-key', 'target', String(target.port)] });
  runs.push(transferor);
  return { target, transferor };
}

describe.skipIf(peers.skip)(`transfers asked of us against SIPp ${peers.reason}`, () => {
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.dispose()));
  });

  it('accepted: 202, NOTIFY 100 / 180 / 200 on the old dialog, the new INVITE carries Referred-By; the transferor hangs up, the new call stays', async () => {
    peers.assert();
    const { target, transferor } = await transferorAndTarget();
    const t = sipTelephony();
    try {
      const line = await t.telephony.openLine(0, { transferRequests: 'ask' });
      const accepted: Array<Promise<Call>> = [];
      const asked: Array<TransferRequest<Call>> = [];
      const call = await line.makeCall(`sip:service@127.0.0.1:${transferor.port}`, {
        on: {
          transferRequested: (request) => {
            asked.push(request);
            accepted.push(request.accept());
          },
        },
      });
      await call.until('connected');
      const old = await call.ended();
      expect(asked.map(({ to, by, refused }) => ({ to, by, refused }))).toEqual([{ to: `sip:target@127.0.0.1:${target.port}`, by: `sip:transferor@127.0.0.1:${transferor.port}`, refused: false }]);
      expect(old).toMatchObject({ origin: 'remote', mode: 'NORMAL', connected: true });
      const next = await accepted[0];
      await next.until('connected');
      expect(next.state).toBe('connected');
      await expectSippPassed(transferor);
      const invite = t.sent('INVITE').at(-1)!.text;
      expect(invite).toMatch(new RegExp(`^INVITE sip:target@127\\.0\\.0\\.1:${target.port} `));
      expect(invite).toContain(`\r\nReferred-By: <sip:transferor@127.0.0.1:${transferor.port}>\r\n`);
      expect(t.sent('NOTIFY').map((n) => /\r\n\r\n(SIP\/2\.0 \d+)/.exec(n.text)![1])).toEqual(['SIP/2.0 100', 'SIP/2.0 180', 'SIP/2.0 200']);
      await next.drop();
      await expectSippPassed(target);
    } finally {
      expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    }
  });

  it('a line that does not ask: the REFER gets 603 at once, reported all the same; the call goes on until the transferor hangs up', async () => {
    peers.assert();
    // The transferor expects 603 instead of 202 and its NOTIFYs, then hangs up; no target is called.
    const edit = (xml: string) => xml.replace(/<recv response="202"[\s\S]*?(<pause milliseconds="200"\/>)/, '<recv response="603" crlf="true"/>\n  $1');
    const { target, transferor } = await transferorAndTarget(edit);
    const t = sipTelephony();
    try {
      const line = await t.telephony.openLine(0);
      const asked: Array<TransferRequest<Call>> = [];
      const call = await line.makeCall(`sip:service@127.0.0.1:${transferor.port}`, { on: { transferRequested: (request) => asked.push(request) } });
      await call.until('connected');
      expect(await call.ended()).toMatchObject({ origin: 'remote', mode: 'NORMAL' });
      expect(asked.map(({ refused }) => refused)).toEqual([true]);
      await expectSippPassed(transferor);
      expect(t.sent('NOTIFY')).toEqual([]);
      expect(t.sent('INVITE')).toHaveLength(1);
      await target.dispose();
    } finally {
      expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    }
  });
});
