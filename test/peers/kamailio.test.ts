/**
 * Calls through Kamailio as registrar and record-routing proxy: the line registers, and its
 * calls to a SIPp callee (registered there as `sippcarol`) follow the route set, so the ACK and
 * the BYE go to the callee's Contact through Kamailio with the Record-Route as Route. An unknown
 * user gets 404. A registration that can no longer be refreshed takes the line out of service.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Line } from '../../src/phone/line.js';
import { XtapiError } from '../../src/phone/errors.js';
import { endedCleanly, startKamailio, type KamailioRun } from '../support/peers/kamailio.js';
import { peersFor } from '../support/peers/process.js';
import { NOTHING_LEFT, sipTelephony, type SipTelephony } from '../support/peers/sip-telephony.js';
import { expectSippPassed, PEER_TIMEOUTS } from '../support/peers/expect-peers.js';
import { registerAt, startSipp, type SippRun } from '../support/peers/sipp.js';

vi.setConfig(PEER_TIMEOUTS);

const peers = peersFor('sipp', 'kamailio');
const runs: SippRun[] = [];

/** A SIPp callee registered at Kamailio as `user`. */
async function registeredCallee(proxy: number, scenario: string, user: string): Promise<SippRun> {
  const callee = await startSipp({ scenario, calls: 1, timeoutSec: 20, timewaitMs: 500 });
  runs.push(callee);
  const register = await registerAt(proxy, user, callee);
  runs.push(register);
  await expectSippPassed(register);
  return callee;
}

describe.skipIf(peers.skip)(`SIP provider through Kamailio ${peers.reason}`, () => {
  let kamailio: KamailioRun;
  let t: SipTelephony;
  let line: Line;

  beforeAll(async () => {
    peers.assert();
    kamailio = await startKamailio();
    const k = kamailio.port;
    t = sipTelephony({ lines: [{ aor: `sip:alice@127.0.0.1:${k}`, outboundProxy: `sip:127.0.0.1:${k}`, registrar: {} }] });
    line = await t.telephony.openLine(0); // REGISTER, 200
  });

  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.dispose()));
  });

  afterAll(async () => {
    if (t) expect(await t.shutdown()).toEqual(NOTHING_LEFT);
    if (kamailio) {
      const exit = await kamailio.stop();
      expect(endedCleanly(exit), `kamailio exit ${JSON.stringify(exit)}`).toBe(true);
    }
  });

  it('the line is registered: a caller reaching alice through Kamailio is offered to the line, which rejects it (486)', async () => {
    const register = t.sent('REGISTER')[0].text;
    expect(register).toMatch(new RegExp(`^REGISTER sip:127\\.0\\.0\\.1:${kamailio.port} SIP/2\\.0`));
    expect(register).toMatch(/\r\nContact: <sip:alice@127\.0\.0\.1:\d+>;expires=3600\r\n/);
    const off = line.on('incoming', (call) => {
      off();
      void call.reject();
    });
    const caller = await startSipp({
      scenario: 'uac_busy.xml',
      remote: `127.0.0.1:${kamailio.port}`,
      calls: 1,
      timeoutSec: 10,
      args: ['-s', 'alice'],
    });
    runs.push(caller);
    await expectSippPassed(caller);
  });

  it('a call through Kamailio: the ACK and the BYE go to the callee Contact with the route set', async () => {
    const callee = await registeredCallee(kamailio.port, 'uas_answer.xml', 'sippcarol');
    const call = await line.makeCall(`sip:sippcarol@127.0.0.1:${kamailio.port}`);
    await call.until('connected');
    await call.drop();
    await expectSippPassed(callee);
    for (const method of ['ACK', 'BYE']) {
      const sent = t.sent(method).at(-1)!;
      expect(sent.text, method).toMatch(new RegExp(`^${method} sip:127\\.0\\.0\\.1:${callee.port};transport=UDP SIP/2\\.0\\r\\n`));
      expect(sent.text, method).toMatch(new RegExp(`\\r\\nRoute: <sip:127\\.0\\.0\\.1:${kamailio.port};lr;ftag=[^>]+>\\r\\n`));
      expect(sent.peer, method).toEqual({ host: '127.0.0.1', port: kamailio.port });
    }
  });

  it('through Kamailio: the callee hangs up, its BYE comes back along the route', async () => {
    const callee = await registeredCallee(kamailio.port, 'uas_callee_bye.xml', 'sippdave');
    const call = await line.makeCall(`sip:sippdave@127.0.0.1:${kamailio.port}`);
    await call.until('connected');
    expect(await call.ended()).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
    await expectSippPassed(callee);
  });

  it('through Kamailio: ringing, dropped by us: CANCEL, 487, ACK', async () => {
    const callee = await registeredCallee(kamailio.port, 'uas_ring_noanswer.xml', 'sippeve');
    const call = await line.makeCall(`sip:sippeve@127.0.0.1:${kamailio.port}`);
    await call.until('ringback');
    expect(await call.drop()).toMatchObject({ mode: 'NORMAL', origin: 'local', state: 'ringback' });
    await expectSippPassed(callee);
    // The 487 came back through Kamailio and was ACKed on the INVITE's branch (§17.1.1.3).
    const branch = (text: string) => /branch=[^;\r]+/.exec(text)![0];
    expect(branch(t.sent('ACK').at(-1)!.text)).toBe(branch(t.sent('INVITE').at(-1)!.text));
  });

  it('a dialled number reaches the user registered under it: sip:5550111@<proxy domain>', async () => {
    const callee = await registeredCallee(kamailio.port, 'uas_answer.xml', '5550111');
    const call = await line.makeCall('555-0111');
    await call.until('connected');
    await call.drop();
    await expectSippPassed(callee);
    expect(t.sent('INVITE').at(-1)!.text).toMatch(new RegExp(`^INVITE sip:5550111@127\\.0\\.0\\.1:${kamailio.port} SIP/2\\.0`));
  });

  it('an unknown user: 404 from Kamailio, disconnected BADADDRESS with the code on the cause', async () => {
    const call = await line.makeCall(`sip:nobody@127.0.0.1:${kamailio.port}`);
    expect(await call.ended()).toMatchObject({ mode: 'BADADDRESS', origin: 'remote', detail: { code: 404, reason: 'Not Found' } });
  });

  it('a refresh that fails takes the line out of service: its calls are refused with INVALLINESTATE', async () => {
    const own = await startKamailio({ minExpires: 1 });
    const changes: Array<[boolean, string | null]> = [];
    const k = own.port;
    const lone = sipTelephony({
      lines: [{ aor: `sip:sippfrank@127.0.0.1:${k}`, registrar: { expires: 2 } }],
      onLineState: (_, inService, why) => changes.push([inService, why]),
    });
    try {
      const frank = await lone.telephony.openLine(0);
      const heard: boolean[] = [];
      frank.on('service', ({ inService }) => heard.push(inService));
      const exit = await own.stop(); // the registrar goes away
      expect(endedCleanly(exit), JSON.stringify(exit)).toBe(true);
      // The refresh at 1 s gets no answer; Timer F (64·T1 = 3.2 s) gives up.
      const why = 'registration refresh failed: no response from the registrar (Timer F)';
      await vi.waitFor(() => expect(changes).toEqual([[false, why]]), { timeout: 30_000 });
      // The core's line heard it too: out of service, with why.
      expect(heard).toEqual([false]);
      expect(frank.status).toMatchObject({ state: 'open', inService: false, outOfService: why, canMakeCall: false });
      const error = await frank.makeCall(`sip:x@127.0.0.1:${k}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(XtapiError);
      expect((error as XtapiError).code).toBe('INVALLINESTATE');
      expect(lone.sent('INVITE')).toEqual([]);
    } finally {
      expect(await lone.shutdown()).toEqual(NOTHING_LEFT);
    }
  });
});
