/**
 * Why a line could not open reaches the application (issue 13, defect 7): `openLine` rejects
 * with a SipProviderError whose `detail` holds the registrar's status and reason (403, 404, a
 * 401 after our credentials, i.e. a wrong password) or 408 when nothing came back, and whose
 * message says the same. The password is in no message, error, trace or inspection, and a
 * password wrongly written into an address is refused without being echoed.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../../../providers/provider.js';
import { sipProvider, type TraceEntry } from '../../../providers/sip/index.js';
import { SipProviderError } from '../../../providers/sip/sip-error.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { type Answer, farEnd } from './far-end.js';

const PASSWORD = 'Sw0rdfish!';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function openAgainst(answer: Answer, advance = 0) {
  const registrar = await farEnd(answer);
  closers.push(registrar.close);
  const clock = new ManualClock();
  const trace: TraceEntry[] = [];
  const sip = sipProvider({ lines: [{ aor: 'sip:alice@127.0.0.1', registrar: { uri: `sip:127.0.0.1:${registrar.port}`, password: PASSWORD } }], clock, trace: (e) => trace.push(e), media: false });
  closers.push(() => sip.shutdown());
  const opening = sip.openLine(0, { clock, report: () => {}, service: () => {}, offer: () => null }).then(
    () => null,
    (e: unknown) => e,
  );
  if (advance) {
    // Timer F starts when the first REGISTER goes out: wait for it, then run the clock.
    await vi.waitFor(() => expect(registrar.received).toHaveLength(1), { timeout: 15_000 });
    clock.advance(advance);
  }
  const error = await opening;
  return { error: error as SipProviderError, sip, trace, registrar };
}

const challenge: [string, string] = ['www-authenticate', 'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"'];

describe('a registration that fails says why', () => {
  it.each([
    [403, 'Forbidden'],
    [404, 'Not Found'],
    [503, 'Service Unavailable'],
  ])('%i %s: openLine rejects with the status and reason as detail', async (code, reason) => {
    const { error } = await openAgainst(() => [[code, reason]]);
    expect(error).toBeInstanceOf(SipProviderError);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.lineError).toBe('OPERATIONFAILED');
    expect(error.detail).toEqual({ code, reason });
    expect(error.message).toMatch(new RegExp(`failed: ${code} ${reason}$`));
  });

  it('a wrong password: the challenge is answered once, the second 401 is the detail, and the password is nowhere', async () => {
    const { error, sip, trace, registrar } = await openAgainst(() => [[401, 'Unauthorized', [challenge]]]);
    expect(registrar.received).toHaveLength(2);
    expect(error.detail).toEqual({ code: 401, reason: 'Unauthorized' });
    const seen = [error.message, error.stack, inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), inspect(sip, { depth: 10, showHidden: true }), ...trace.map((m) => m.text)].join('\n');
    expect(seen).toContain('Digest username="alice"');
    expect(seen).not.toContain(PASSWORD);
  });

  it('a registrar that never answers: 408 after Timer F', async () => {
    const { error } = await openAgainst(() => [], 32_000);
    expect(error.detail).toEqual({ code: 408, reason: 'no response from the registrar (Timer F)' });
  });

  it('the far end’s reason phrase is cleaned of control characters before it reaches the error', async () => {
    const { error } = await openAgainst(() => [[403, 'Go away']]);
    expect(error.detail.reason).toBe('Go away');
  });
});

describe('a password wrongly put into an address', () => {
  it.each([
    [{ aor: `sip:alice:${PASSWORD}@127.0.0.1` }, 'lines[0].aor'],
    [{ aor: 'sip:alice@127.0.0.1', registrar: { uri: `sip:alice:${PASSWORD}@127.0.0.1` } }, 'lines[0].registrar.uri'],
    [{ aor: 'sip:alice@127.0.0.1', outboundProxy: `sip:alice:${PASSWORD}@127.0.0.1` }, 'lines[0].outboundProxy'],
    [{ aor: `sip:alice:${PASSWORD}@127.0.0.1 bad` }, 'lines[0].aor'],
  ])('%j is refused, naming the option, never showing the password', (line, option) => {
    let thrown: unknown;
    try {
      sipProvider({ lines: [line] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    const error = thrown as Error;
    expect(error.message).toContain(option);
    expect([error.message, error.stack, inspect(error)].join('\n')).not.toContain(PASSWORD);
  });

  it('a dialled sip: URI with a password is refused with INVALADDRESS before any packet leaves, and not echoed', async () => {
    const clock = new ManualClock();
    const sip = sipProvider({ lines: [{ aor: 'sip:alice@127.0.0.1' }], clock, media: false });
    closers.push(() => sip.shutdown());
    const events: Array<{ type: string; error?: string; message?: string }> = [];
    const line = await sip.openLine(0, { clock, report: (_callId, e) => events.push(e as never), service: () => {}, offer: () => null });
    const call = line.makeCall({ callId: 'c', lineIndex: 0, destination: `sip:bob:${PASSWORD}@127.0.0.1:5999`, complete: true, params: { bearerMode: 'VOICE', mediaMode: 'INTERACTIVEVOICE', blockId: false, origination: null, noAnswerTimeout: 0 } });
    expect(events).toEqual([expect.objectContaining({ type: 'PROVIDER.FAILED', error: 'INVALADDRESS' })]);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(sip.stats().datagrams.sent).toBe(0);
    call.dispose();
  });
});
