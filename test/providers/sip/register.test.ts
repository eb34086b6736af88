/**
 * Registration on the manual clock (RFC 3261 §10.2): the REGISTER, a digest challenge answered
 * once, 423 Interval Too Brief, the refresh halfway through the granted interval, a refresh that
 * fails (the line goes out of service) and the retry that brings it back, and unregistering.
 */
import { describe, expect, it } from 'vitest';
import { accountOf } from '../../../providers/sip/account.js';
import { header } from '../../../providers/sip/message.js';
import { Registration } from '../../../providers/sip/register.js';
import { fakeNetwork, responseTo } from './fake-network.js';

function setUp(registrar: { password?: string; expires?: number } = {}) {
  const net = fakeNetwork();
  const account = accountOf({ aor: 'sip:alice@example.com', registrar: { uri: 'sip:127.0.0.1:5070', username: 'alice', ...registrar } }, 0);
  const changes: string[] = [];
  const registration = new Registration(net.endpoint, account, net.clock, { up: () => changes.push('up'), down: (why) => changes.push(`down: ${why}`) }, 10_000);
  const last = () => net.requests('REGISTER').at(-1)!;
  return { ...net, registration, changes, last };
}

describe('registration', () => {
  it('REGISTER: AOR in From and To, our Contact with expires, Expires; 200 resolves and refreshes halfway', async () => {
    const t = setUp({ expires: 600 });
    const done = t.registration.register();
    const first = t.last();
    expect(first.uri).toBe('sip:127.0.0.1:5070');
    expect(header(first, 'to')).toBe('<sip:alice@example.com>');
    expect(header(first, 'from')).toMatch(/^<sip:alice@example\.com>;tag=/);
    expect(header(first, 'contact')).toBe('<sip:alice@127.0.0.1:5062>;expires=600');
    expect(header(first, 'expires')).toBe('600');
    expect(header(first, 'cseq')).toBe('1 REGISTER');
    // The registrar grants 60 s on our Contact (§10.2.4).
    t.deliver(responseTo(first, 200, 'OK', { headers: [['contact', '<sip:alice@127.0.0.1:5062>;expires=60']] }));
    await done;
    expect(t.registration).toMatchObject({ state: 'registered', granted: 60 });
    t.clock.advance(29_999);
    expect(t.requests('REGISTER')).toHaveLength(1);
    t.clock.advance(1);
    const refresh = t.last();
    expect(header(refresh, 'cseq')).toBe('2 REGISTER');
    expect(header(refresh, 'call-id')).toBe(header(first, 'call-id'));
    expect(header(refresh, 'from')).toBe(header(first, 'from'));
  });

  it('a 401 is answered once with Authorization (CSeq + 1); a second 401 fails it', async () => {
    const t = setUp({ password: 'pw' });
    const done = t.registration.register();
    const challenge: [string, string] = ['www-authenticate', 'Digest realm="example.com", nonce="n1", qop="auth"'];
    t.deliver(responseTo(t.last(), 401, 'Unauthorized', { headers: [challenge] }));
    const second = t.last();
    expect(header(second, 'cseq')).toBe('2 REGISTER');
    expect(header(second, 'authorization')).toMatch(/^Digest username="alice", realm="example\.com", nonce="n1", uri="sip:127\.0\.0\.1:5070", response="[0-9a-f]{32}", algorithm=MD5, cnonce="[0-9a-f]+", qop=auth, nc=00000001$/);
    t.deliver(responseTo(second, 401, 'Unauthorized', { headers: [challenge] }));
    await expect(done).rejects.toThrow('401 Unauthorized');
    expect(t.requests('REGISTER')).toHaveLength(2);
    t.clock.advance(5000); // Timer K of both transactions; nothing else is left
    expect(t.clock.pending).toBe(0);
  });

  it('423 Interval Too Brief: asked again once with Min-Expires (§10.2.8)', async () => {
    const t = setUp({ expires: 30 });
    const done = t.registration.register();
    t.deliver(responseTo(t.last(), 423, 'Interval Too Brief', { headers: [['min-expires', '120']] }));
    expect(header(t.last(), 'expires')).toBe('120');
    t.deliver(responseTo(t.last(), 200, 'OK'));
    await done;
    expect(t.registration.granted).toBe(120);
  });

  it('a refusal or no answer at all: register() rejects with why', async () => {
    const t = setUp();
    const refused = t.registration.register();
    t.deliver(responseTo(t.last(), 403, 'Forbidden'));
    await expect(refused).rejects.toThrow('403 Forbidden');
    const silent = setUp();
    const timedOut = silent.registration.register();
    silent.clock.advance(32_000);
    await expect(timedOut).rejects.toThrow('no response from the registrar (Timer F)');
    expect(silent.clock.pending).toBe(0);
  });

  it('a refresh that fails takes the line down; the retry that succeeds brings it up', async () => {
    const t = setUp({ expires: 60 });
    const done = t.registration.register();
    t.deliver(responseTo(t.last(), 200, 'OK'));
    await done;
    t.clock.advance(30_000); // refresh
    t.deliver(responseTo(t.last(), 503, 'Service Unavailable'));
    expect(t.changes).toEqual(['down: registration refresh failed: 503 Service Unavailable']);
    t.clock.advance(10_000); // retry
    t.deliver(responseTo(t.last(), 200, 'OK'));
    expect(t.changes).toEqual(['down: registration refresh failed: 503 Service Unavailable', 'up']);
    expect(t.registration.state).toBe('registered');
  });

  it('unregister: Expires 0 on our Contact (§10.2.2), and no refresh after', async () => {
    const t = setUp();
    const done = t.registration.register();
    t.deliver(responseTo(t.last(), 200, 'OK'));
    await done;
    const gone = t.registration.unregister();
    expect(header(t.last(), 'contact')).toBe('<sip:alice@127.0.0.1:5062>;expires=0');
    expect(header(t.last(), 'expires')).toBe('0');
    t.deliver(responseTo(t.last(), 200, 'OK'));
    await gone;
    t.clock.runAll();
    expect(t.requests('REGISTER')).toHaveLength(2);
  });

  it('stopped while registering: register() rejects at once, nothing left on the clock', async () => {
    const t = setUp();
    const done = t.registration.register();
    t.registration.stop();
    await expect(done).rejects.toThrow('stopped');
    expect(t.clock.pending).toBe(0);
    expect(t.endpoint.size.clientTransactions).toBe(0);
  });
});
