/**
 * Calls that arrive at the SIP provider on a real loopback socket, through the modern API, with
 * the provider's timers on the manual clock: the INVITE finds its line by the Request-URI's user
 * (404 for none, 480 for a closed line), is offered with the caller's ID, answered (CONNECTED on
 * the ACK), rejected with each mode's status, cancelled by the caller, hung up by either side,
 * and a full line answers 486; nothing is left after shutdown.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { header, parseMessage, serialise, type SipRequest, type SipResponse } from '../../../providers/sip/message.js';
import { sipProvider } from '../../../providers/sip/index.js';
import type { Call } from '../../../src/phone/call.js';
import type { Line } from '../../../src/phone/line.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { callerInvite, callerRequest } from './incoming-network.js';

/** Room for a loaded machine: caller and provider share this process's event loop. */
const SLOW = { timeout: 15_000 };

/** A caller on its own loopback socket: it sends requests and keeps the responses. */
async function caller() {
  const socket = createSocket('udp4');
  const responses: SipResponse[] = [];
  const requests: SipRequest[] = [];
  socket.on('message', (data, from) => {
    const outcome = parseMessage(data);
    if (!outcome.ok) return;
    if (outcome.message.kind === 'response') responses.push(outcome.message);
    else {
      requests.push(outcome.message);
      // Answer the provider's BYE as a phone would.
      const bye = outcome.message;
      const ok = ['SIP/2.0 200 OK', ...['via', 'from', 'to', 'call-id', 'cseq'].map((n) => `${n}: ${header(bye, n)}`), 'Content-Length: 0', '', ''].join('\r\n');
      socket.send(ok, from.port, from.address);
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    port,
    responses,
    requests,
    /** The request, its Via and Contact rewritten to this socket. */
    send(request: SipRequest, to: number) {
      const text = serialise(request).replace(/127\.0\.0\.1:5070/g, `127.0.0.1:${port}`);
      socket.send(text, to, '127.0.0.1');
    },
    statuses: () => responses.map((r) => r.status),
    final: () => responses.filter((r) => r.status >= 200).at(-1),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setUp(lineOptions: { maxCalls?: number; ringOnOffer?: boolean } = {}) {
  const clock = new ManualClock();
  const sip = sipProvider({ lines: [{ aor: 'sip:alice@127.0.0.1', ...lineOptions }, { aor: 'sip:carol@127.0.0.1' }], clock, media: false });
  const telephony = createTelephony({ providers: [sip], clock });
  const line = await telephony.openLine(0, { autoClear: true });
  const far = await caller();
  closers.push(async () => {
    await telephony.shutdown();
    await far.close();
  });
  const port = sip.local!.port;
  const uri = `sip:alice@127.0.0.1:${port}`;
  return { clock, sip, telephony, line, far, port, uri };
}

/** The next call the line offers. */
const next = (line: Line) =>
  new Promise<Call>((resolve) => {
    const off = line.on('incoming', (call) => {
      off();
      resolve(call);
    });
  });

describe('SIP provider: calls that arrive', () => {
  it('an INVITE for the line is offered with caller ID; answered, ACKed, connected; the caller hangs up', async () => {
    const { line, far, port, uri, sip } = await setUp();
    const arriving = next(line);
    const invite = callerInvite({ recordRoute: false, uri });
    far.send(invite, port);
    const call = await arriving;
    expect([call.direction, call.state, call.caller]).toEqual(['in', 'offering', { number: '5550123', name: 'Bob' }]);
    await vi.waitFor(() => expect(far.statuses()).toEqual([100]), SLOW);
    const answered = call.answer();
    await vi.waitFor(() => expect(far.final()?.status).toBe(200), SLOW);
    expect(call.state).toBe('answering');
    far.send(callerRequest(invite, 'ACK', far.final()!), port);
    await answered;
    expect(call.state).toBe('connected');
    far.send(callerRequest(invite, 'BYE', far.final()!), port);
    expect(await call.ended()).toMatchObject({ mode: 'NORMAL', origin: 'remote', connected: true });
    await vi.waitFor(() => expect(sip.stats().live.calls).toBe(0), SLOW);
  });

  it.each([
    ['REJECT', 603],
    ['NOANSWER', 480],
    ['NORMAL', 486],
  ] as const)('reject(%s) answers the INVITE %i', async (mode, status) => {
    const { line, far, port, uri } = await setUp();
    const arriving = next(line);
    far.send(callerInvite({ recordRoute: false, uri }), port);
    const call = await arriving;
    await call.reject(mode);
    await vi.waitFor(() => expect(far.final()?.status).toBe(status), SLOW);
  });

  it('accept sends 180; the caller cancels: 487, and the call ends CANCELLED', async () => {
    const { line, far, port, uri } = await setUp();
    const arriving = next(line);
    const invite = callerInvite({ recordRoute: false, uri });
    far.send(invite, port);
    const call = await arriving;
    await call.accept();
    await vi.waitFor(() => expect(far.statuses()).toContain(180), SLOW);
    far.send(callerRequest(invite, 'CANCEL', null), port);
    expect(await call.ended()).toMatchObject({ mode: 'CANCELLED', origin: 'remote', connected: false });
    await vi.waitFor(() => expect(far.statuses()).toEqual(expect.arrayContaining([200, 487])), SLOW);
  });

  it('we hang up a connected call with BYE to the caller', async () => {
    const { line, far, port, uri } = await setUp();
    const arriving = next(line);
    const invite = callerInvite({ recordRoute: false, uri });
    far.send(invite, port);
    const call = await arriving;
    const answered = call.answer();
    await vi.waitFor(() => expect(far.final()?.status).toBe(200), SLOW);
    far.send(callerRequest(invite, 'ACK', far.final()!), port);
    await answered;
    await call.drop();
    expect(far.requests.map((r) => r.method)).toEqual(['BYE']);
    expect(await call.ended()).toMatchObject({ origin: 'local', connected: true });
  });

  it('an INVITE for no line of ours gets 404; for a line that is not open, 480', async () => {
    const { far, port } = await setUp();
    far.send(callerInvite({ recordRoute: false, uri: `sip:nobody@127.0.0.1:${port}`, branch: 'z9hG4bKnobody' }), port);
    far.send(callerInvite({ recordRoute: false, uri: `sip:carol@127.0.0.1:${port}`, branch: 'z9hG4bKcarol' }), port);
    await vi.waitFor(() => expect(far.statuses().sort()).toEqual([404, 480]), SLOW);
  });

  it('a full line answers 486 (the core refuses the offer with BUSY)', async () => {
    const { line, far, port, uri } = await setUp({ maxCalls: 1 });
    const arriving = next(line);
    far.send(callerInvite({ recordRoute: false, uri }), port);
    await arriving;
    far.send(callerInvite({ recordRoute: false, uri, branch: 'z9hG4bKsecond', callId: 'in-2@127.0.0.1' }), port);
    await vi.waitFor(() => expect(far.final()?.status).toBe(486), SLOW);
    expect(header(far.final()!, 'call-id')).toBe('in-2@127.0.0.1');
  });
});
