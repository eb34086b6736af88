/**
 * Digest authentication against a real challenger: Kamailio's auth module asks REGISTER for
 * credentials with a 401 and the INVITE with a 407, once with MD5 and once with SHA-256
 * (RFC 8760). Each challenge is answered once; a wrong password fails the line's opening with
 * the registrar's answer, and the password appears in no message and no error.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endedCleanly, startKamailio, type KamailioRun } from '../support/peers/kamailio.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony, type Traced } from '../support/peers/sip-telephony.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { registerAt, startSipp, type SippRun } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp', 'kamailio');
const PASSWORD = 'xyzzy-Pl0ugh';
const cleanup: Array<() => Promise<unknown>> = [];

/** Requests without their retransmissions: one per CSeq. */
function distinct(sent: Traced[]): Traced[] {
  const seen = new Set<string>();
  return sent.filter((m) => {
    const cseq = /\r\nCSeq: ([^\r]+)/.exec(m.text)![1];
    return !seen.has(cseq) && seen.add(cseq) !== undefined;
  });
}

async function setUp(algorithm: 'MD5' | 'SHA-256', password = PASSWORD): Promise<{ kamailio: KamailioRun; t: SipTelephony }> {
  const kamailio = await startKamailio({ auth: { password: PASSWORD, algorithm } });
  cleanup.push(async () => {
    const exit = await kamailio.stop();
    expect(endedCleanly(exit), JSON.stringify(exit)).toBe(true);
  });
  const k = kamailio.port;
  const t = sipTelephony({ lines: [{ aor: `sip:alice@127.0.0.1:${k}`, outboundProxy: `sip:127.0.0.1:${k}`, registrar: { username: 'alice', password } }] });
  cleanup.unshift(async () => expect(await t.shutdown()).toEqual(NOTHING_LEFT));
  return { kamailio, t };
}

async function callee(proxy: number, user: string): Promise<SippRun> {
  const run = await startSipp({ scenario: 'uas_answer.xml', calls: 1, timeoutSec: 20, timewaitMs: 500 });
  cleanup.push(() => run.dispose());
  const register = await registerAt(proxy, user, run);
  cleanup.push(() => register.dispose());
  await expectSippPassed(register);
  return run;
}

describe.skipIf(peers.skip)(`digest authentication against Kamailio ${peers.reason}`, () => {
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  it.each(['MD5', 'SHA-256'] as const)('%s: REGISTER answers the 401, the INVITE the 407, and the call goes through', async (algorithm) => {
    peers.assert();
    const { kamailio, t } = await setUp(algorithm);
    await t.telephony.openLine(0);
    const registers = distinct(t.sent('REGISTER'));
    expect(registers).toHaveLength(2);
    expect(registers[1].text).toMatch(new RegExp(`\\r\\nAuthorization: Digest username="alice", realm="127\\.0\\.0\\.1", [^\\r]*algorithm=${algorithm}`));
    expect(registers[1].text).toMatch(/\r\nCSeq: 2 REGISTER\r\n/);
    const run = await callee(kamailio.port, 'sippcarol');
    const call = await t.telephony.line(0)!.makeCall(`sip:sippcarol@127.0.0.1:${kamailio.port}`);
    await call.until('connected');
    await call.drop();
    await expectSippPassed(run);
    const invites = distinct(t.sent('INVITE'));
    expect(invites).toHaveLength(2);
    expect(invites[1].text).toMatch(new RegExp(`\\r\\nProxy-Authorization: Digest username="alice", [^\\r]*algorithm=${algorithm}`));
    expect(invites[1].text).toMatch(/\r\nCSeq: 2 INVITE\r\n/);
    expect(t.trace.some((m) => m.text.includes(PASSWORD))).toBe(false);
  });

  it('a wrong password: the challenge is answered once, the line fails to open with the 401, and the password is nowhere', async () => {
    peers.assert();
    const { t } = await setUp('SHA-256', 'wrong-Secret-42');
    const error = (await t.telephony.openLine(0).catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('OPERATIONFAILED');
    expect(distinct(t.sent('REGISTER'))).toHaveLength(2);
    const everything = [error.message, error.stack ?? '', JSON.stringify(t.sip.stats()), ...t.trace.map((m) => m.text)].join('\n');
    expect(everything).not.toContain('wrong-Secret-42');
  });
});
