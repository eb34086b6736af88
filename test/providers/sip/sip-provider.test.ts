/**
 * The provider on a real loopback socket, with every timer on the manual clock: hostile
 * datagrams dropped and counted while calls go on, a far end that goes silent ended by the
 * timers, bad addresses refused before any packet leaves, passwords in no log and no error, and
 * nothing left (transactions, dialogs, timers, the socket) once it has shut down.
 */
import { createSocket } from 'node:dgram';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultCallParams, ProviderError } from '../../../providers/provider.js';
import { sipProvider, type SipProviderOptions, type TraceEntry } from '../../../providers/sip/index.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { XtapiError } from '../../../src/phone/errors.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { farEnd } from './far-end.js';

function setUp(options: Partial<SipProviderOptions> = {}) {
  const clock = new ManualClock();
  const trace: TraceEntry[] = [];
  // Signalling only unless a test says otherwise: its calls bind no RTP ports.
  const sip = sipProvider({ lines: [{ aor: 'sip:alice@127.0.0.1' }], clock, trace: (entry) => trace.push(entry), media: false, ...options });
  const telephony = createTelephony({ providers: [sip], clock });
  return { clock, sip, telephony, trace };
}

/** Room for a loaded machine: the far end and the provider share this process's event loop. */
const SLOW = { timeout: 15_000 };

const udpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap' || r === 'UDPWRAP').length;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('SIP provider on a real socket', () => {
  it('exposes its lines as line devices that take sip: URIs and phone numbers', () => {
    const { sip } = setUp({ lines: [{ aor: 'sip:alice@127.0.0.1', maxCalls: 8 }, { aor: 'sip:bob@127.0.0.1', name: 'Bob' }] });
    expect(sip.lines.map((l) => [l.name, l.address, l.maxCalls, l.uriAddresses])).toEqual([
      ['SIP sip:alice@127.0.0.1', 'sip:alice@127.0.0.1', 8, true],
      ['Bob', 'sip:bob@127.0.0.1', 4, true],
    ]);
    expect(sip.local).toBeNull(); // no socket before a line opens
  });

  it('binds 127.0.0.1 on a free port when a line opens; shutdown closes it and leaves nothing', async () => {
    const before = udpHandles();
    const { sip, telephony, clock } = setUp();
    await telephony.openLine(0);
    expect(sip.local).toMatchObject({ host: '127.0.0.1' });
    expect(sip.local!.port).toBeGreaterThan(0);
    expect(udpHandles()).toBe(before + 1);
    await telephony.shutdown();
    expect(sip.stats().live).toEqual({ calls: 0, clientTransactions: 0, serverTransactions: 0, dialogs: 0, socket: false });
    await vi.waitFor(() => expect(udpHandles()).toBe(before), SLOW); // libuv closes the handle a tick later
    expect(clock.pending).toBe(0);
  });

  it('drops and counts garbage, truncated, oversized and hostile datagrams, and calls go on', async () => {
    const busy = await farEnd((request) => (request.method === 'INVITE' ? [[486, 'Busy Here']] : []));
    closers.push(busy.close);
    const { sip, telephony, clock } = setUp();
    const line = await telephony.openLine(0);
    const attacker = createSocket('udp4');
    const send = (data: string | Buffer) => new Promise<void>((resolve) => attacker.send(data, sip.local!.port, '127.0.0.1', () => resolve()));
    const ringing = 'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKx\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
    await send(Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10]));
    await send('INVITE sip:alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP');
    await send('x'.repeat(30_000));
    await send(ringing.replace('Content-Length: 0', 'Content-Length: 999'));
    await send(ringing.replace('Ringing', 'Ringing\0\x1b[2J'));
    await send(ringing); // well formed, but its Via is not ours
    await send(ringing.replace('127.0.0.1:1', `127.0.0.1:${sip.local!.port}`)); // ours, but no such transaction
    await vi.waitFor(() => expect(sip.stats().datagrams.received).toBe(7), SLOW);
    expect(sip.stats().dropped).toEqual({ oversized: 1, truncated: 2, malformed: 2, misrouted: 1, unmatched: 1, overloaded: 0 });
    // The same counts for monitoring and the board (Provider.counters), with failed sends (the RTP
    // ones with media: media-loopback.test.ts).
    expect(sip.counters()).toEqual({ oversized: 1, truncated: 2, malformed: 2, misrouted: 1, unmatched: 1, overloaded: 0, sendErrors: 0 });
    attacker.close();
    const call = await line.makeCall(`sip:bob@127.0.0.1:${busy.port}`);
    await vi.waitFor(() => expect(call.state).toBe('ended'), SLOW);
    expect(call.cause).toMatchObject({ mode: 'BUSY', detail: { code: 486 } });
    clock.runAll();
    await telephony.shutdown();
    expect(sip.stats().live).toEqual({ calls: 0, clientTransactions: 0, serverTransactions: 0, dialogs: 0, socket: false });
  });

  it('a far end that never answers: Timer B (on the clock) ends the call UNREACHABLE; nothing leaks', async () => {
    const silent = await farEnd();
    closers.push(silent.close);
    const { sip, telephony, clock } = setUp();
    const line = await telephony.openLine(0);
    const call = await line.makeCall(`sip:bob@127.0.0.1:${silent.port}`);
    expect(call.state).toBe('dialing');
    clock.advance(31_999);
    expect(call.state).toBe('dialing');
    clock.advance(1);
    expect(call.state).toBe('ended');
    expect(call.cause).toMatchObject({ mode: 'UNREACHABLE', origin: 'remote', detail: { code: 408 } });
    await vi.waitFor(() => expect(silent.received).toHaveLength(7), SLOW); // 0, .5, 1.5, 3.5, 7.5, 15.5, 31.5 s
    expect(sip.stats().live).toMatchObject({ calls: 0, clientTransactions: 0, dialogs: 0 });
    await telephony.shutdown();
    expect(clock.pending).toBe(0);
  });

  it('a far end that goes silent after answering: the drop ends by Timer F, IDLE, nothing leaks', async () => {
    let answered = false;
    const once = await farEnd((request) => {
      if (request.method !== 'INVITE' || answered) return [];
      answered = true;
      return [[200, 'OK', [['contact', '<sip:bob@127.0.0.1:9>']]]];
    });
    closers.push(once.close);
    const { sip, telephony, clock } = setUp();
    const line = await telephony.openLine(0);
    const call = await line.makeCall(`sip:bob@127.0.0.1:${once.port}`);
    await vi.waitFor(() => expect(call.state).toBe('connected'), SLOW);
    const dropped = call.drop();
    clock.advance(32_000);
    expect(await dropped).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    clock.runAll();
    expect(sip.stats().live).toMatchObject({ calls: 0, clientTransactions: 0, serverTransactions: 0, dialogs: 0 });
    await telephony.shutdown();
    expect(clock.pending).toBe(0);
  });

  it('through the core: a 302 then a 200 — connected, with the redirect in call information (redirectedTo, redirects, the redirected event)', async () => {
    const carol = await farEnd((request) => {
      if (request.method === 'INVITE') return [[180, 'Ringing'], [200, 'OK', [['contact', `<sip:carol@127.0.0.1:${carol.port}>`]]]];
      return request.method === 'BYE' ? [[200, 'OK']] : [];
    });
    const bob = await farEnd((request) => (request.method === 'INVITE' ? [[302, 'Moved Temporarily', [['contact', `<sip:carol@127.0.0.1:${carol.port}>`]]]] : []));
    closers.push(bob.close, carol.close);
    const { telephony, clock } = setUp();
    const line = await telephony.openLine(0);
    const heard: string[] = [];
    const call = await line.makeCall(`sip:bob@127.0.0.1:${bob.port}`, {
      on: { state: ({ state }) => heard.push(state), redirected: ({ redirection }) => heard.push(`redirected ${redirection.detail?.code} ${redirection.to}`) },
    });
    await vi.waitFor(() => expect(call.state).toBe('connected'), SLOW);
    const target = `sip:carol@127.0.0.1:${carol.port}`;
    expect(heard).toEqual(['placing', 'dialing', `redirected 302 ${target}`, 'proceeding', 'ringback', 'connected']);
    expect(call.redirectedTo).toBe(target);
    expect(call.redirects).toEqual([{ to: target, detail: { code: 302, reason: 'Moved Temporarily' }, at: expect.any(Number) }]);
    const dropped = call.drop();
    await vi.waitFor(() => expect(carol.received.map((r) => r.method)).toContain('BYE'), SLOW);
    expect(await dropped).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    clock.runAll();
    await telephony.shutdown();
  });

  it('an address with CR, LF or control characters is refused with INVALADDRESS before any packet leaves', async () => {
    const { sip, telephony } = setUp();
    const line = await telephony.openLine(0);
    for (const address of ['555\r\n0111', '5550111\n', 'sip:bob@127.0.0.1\r\nVia: SIP/2.0/UDP evil', 'sip:bob@127.0.0.1\u0007', '555\u00000111']) {
      const error = await line.makeCall(address).catch((e: unknown) => e);
      expect(error, JSON.stringify(address)).toBeInstanceOf(XtapiError);
      expect((error as XtapiError).code).toBe('INVALADDRESS');
    }
    expect(sip.stats().datagrams.sent).toBe(0);
    await telephony.shutdown();
  });

  it('a registrar that refuses: the line fails to open with the reason, and the password is in no message, error or log', async () => {
    const registrar = await farEnd((request) =>
      request.headers.has('authorization') ? [[403, 'Forbidden']] : [[401, 'Unauthorized', [['www-authenticate', 'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"']]]],
    );
    closers.push(registrar.close);
    const { sip, telephony, trace } = setUp({ lines: [{ aor: 'sip:alice@127.0.0.1', registrar: { uri: `sip:127.0.0.1:${registrar.port}`, password: 'Sw0rdfish!' } }] });
    const error = (await telephony.openLine(0).catch((e: unknown) => e)) as XtapiError;
    expect(error.code).toBe('OPERATIONFAILED');
    expect(registrar.received).toHaveLength(2);
    const seen = [error.message, error.stack, inspect(sip, { depth: 10, showHidden: true }), JSON.stringify(sip.stats()), JSON.stringify(sip.lines), ...trace.map((m) => m.text)].join('\n');
    expect(seen).toContain('Digest username="alice"');
    expect(seen).not.toContain('Sw0rdfish');
    await telephony.shutdown();
  });

  it('a refresh that fails takes the line out of service (reporter and onLineState), the retry brings it back', async () => {
    let refuse = false;
    const registrar = await farEnd((request) => (request.method !== 'REGISTER' ? [] : refuse ? [[503, 'Service Unavailable']] : [[200, 'OK']]));
    closers.push(registrar.close);
    const changes: string[] = [];
    const { sip, clock } = setUp({
      lines: [{ aor: 'sip:alice@127.0.0.1', registrar: { uri: `sip:127.0.0.1:${registrar.port}`, expires: 60 } }],
      registrationRetry: 5000,
      onLineState: (line, inService, why) => changes.push(`${line} ${inService} ${why}`),
    });
    const reported: unknown[] = [];
    const events: string[] = [];
    const line = await sip.openLine(0, { clock, report: (_callId, e) => events.push(e.type), service: (event) => reported.push(event), offer: () => null });
    refuse = true;
    clock.advance(30_000); // the refresh, halfway through 60 s
    await vi.waitFor(() => expect(changes).toEqual(['0 false registration refresh failed: 503 Service Unavailable']), SLOW);
    expect(reported).toEqual([{ type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: 'registration refresh failed: 503 Service Unavailable' }]);
    const call = line.makeCall({ callId: 'c', lineIndex: 0, destination: '1', complete: true, params: defaultCallParams });
    expect(events).toEqual(['PROVIDER.FAILED']);
    call.dispose();
    refuse = false;
    clock.advance(5000); // the retry
    await vi.waitFor(() => expect(reported).toHaveLength(2), SLOW);
    expect(reported[1]).toEqual({ type: 'PROVIDER.LINE.INSERVICE' });
    expect(changes.at(-1)).toBe('0 true null');
    await line.close?.();
    await sip.shutdown();
    expect(clock.pending).toBe(0);
  });

  it('through the core: a failed refresh takes the line out of service, its connected call ends cleanly (BYE), a retry brings it back', async () => {
    let refuse = false;
    let port = 0;
    const far = await farEnd((request) => {
      if (request.method === 'REGISTER') return refuse ? [[503, 'Service Unavailable']] : [[200, 'OK']];
      if (request.method === 'INVITE') return [[200, 'OK', [['contact', `<sip:bob@127.0.0.1:${port}>`]]]];
      return request.method === 'BYE' ? [[200, 'OK']] : [];
    });
    closers.push(far.close);
    port = far.port;
    const { sip, telephony, clock } = setUp({
      lines: [{ aor: 'sip:alice@127.0.0.1', registrar: { uri: `sip:127.0.0.1:${port}`, expires: 60 } }],
      registrationRetry: 5000,
    });
    const line = await telephony.openLine(0);
    const heard: Array<[boolean, string | null]> = [];
    line.on('service', ({ inService, message }) => heard.push([inService, message]));
    const call = await line.makeCall(`sip:bob@127.0.0.1:${port}`);
    await vi.waitFor(() => expect(call.state).toBe('connected'), SLOW);

    refuse = true;
    clock.advance(30_000); // the refresh, halfway through 60 s
    await vi.waitFor(() => expect(line.status.inService).toBe(false), SLOW);
    const why = 'registration refresh failed: 503 Service Unavailable';
    expect(line.status).toMatchObject({ state: 'open', outOfService: why, canMakeCall: false });
    expect(heard).toEqual([[false, why]]);
    expect(await call.ended()).toMatchObject({ mode: 'UNAVAIL', origin: 'provider', connected: true, error: 'INVALLINESTATE' });
    await vi.waitFor(() => expect(far.received.map((r) => r.method)).toContain('BYE'), SLOW);
    expect(far.received.filter((r) => r.method === 'BYE')).toHaveLength(1); // the provider's hang-up and the core's drop are one BYE
    const refused = (await line.makeCall(`sip:bob@127.0.0.1:${port}`).catch((e: unknown) => e)) as XtapiError;
    expect([refused.code, refused.message]).toEqual(['INVALLINESTATE', `the line is out of service: ${why}`]);

    refuse = false;
    clock.advance(5000); // the retry
    await vi.waitFor(() => expect(line.status.inService).toBe(true), SLOW);
    expect(heard).toEqual([[false, why], [true, null]]);
    const again = await line.makeCall(`sip:bob@127.0.0.1:${port}`);
    await vi.waitFor(() => expect(again.state).toBe('connected'), SLOW);
    const dropped = again.drop();
    await vi.waitFor(() => expect(again.state).toBe('ended'), SLOW);
    await dropped;
    await telephony.shutdown();
    expect(sip.stats().live).toEqual({ calls: 0, clientTransactions: 0, serverTransactions: 0, dialogs: 0, socket: false });
    expect(clock.pending).toBe(0);
  });

  it('refuses what it cannot do with the LINEERR_ that says why', async () => {
    const { sip } = setUp();
    const link = { clock: new ManualClock(), report: () => {}, service: () => {}, offer: () => null };
    await expect(sip.openLine(7, link)).rejects.toMatchObject({ lineError: 'BADDEVICEID' });
    const line = await sip.openLine(0, link);
    await line.close?.();
    // A line that was closed makes no more calls.
    expect(() => line.makeCall({ callId: 'c', lineIndex: 0, destination: '1', complete: true, params: defaultCallParams })).toThrow(ProviderError);
    const taken = await farEnd();
    closers.push(taken.close);
    const clash = sipProvider({ lines: [{ aor: 'sip:a@127.0.0.1' }], localPort: taken.port });
    await expect(clash.openLine(0, link)).rejects.toMatchObject({ lineError: 'RESOURCEUNAVAIL', message: expect.stringContaining('EADDRINUSE') });
    await clash.shutdown();
    await sip.shutdown();
    await expect(sip.openLine(0, link)).rejects.toMatchObject({ lineError: 'INVALLINESTATE' });
  });
});
