/**
 * Registration on the manual clock (RFC 3261 §10.2): the REGISTER, a digest challenge answered
 * once, 423 Interval Too Brief, the refresh halfway through the granted interval, a refresh that
 * fails (the line goes out of service) and the retry that brings it back, and unregistering.
 */
import { describe, expect, it } from 'vitest';
import { accountOf } from '../../../providers/sip/account.js';
import { header } from '../../../providers/sip/message.js';
import { Registration } from '../../../providers/sip/register.js';
import { retryDelay } from '../../../providers/sip/backoff.js';
import { fakeNetwork, responseTo } from './fake-network.js';
import { NodeLikeClock } from './node-like-clock.js';

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

describe('registration against a registrar that grants absurd intervals (issue 13, defect 5)', () => {
  /** A registration on a clock that fires an overflowing timer at once, as Node does. */
  function onNodeClock(expires = 3600) {
    const net = fakeNetwork(undefined, new NodeLikeClock());
    const account = accountOf({ aor: 'sip:alice@example.com', registrar: { uri: 'sip:127.0.0.1:5070', expires } }, 0);
    const registration = new Registration(net.endpoint, account, net.clock, { up() {}, down() {} }, 10_000);
    /** Answer every REGISTER the registration sends with 200 and these headers. */
    const answerAll = (headers: Array<[string, string]>) => {
      for (let answered = 0; answered < net.requests('REGISTER').length; answered++) {
        net.deliver(responseTo(net.requests('REGISTER')[answered], 200, 'OK', { headers }));
      }
    };
    return { ...net, clock: net.clock as NodeLikeClock, registration, answerAll };
  }

  it.each([
    ['Expires: 4294968', 3600, [['expires', '4294968']]],
    ['a Contact expires of 4294968', 3600, [['contact', '<sip:alice@127.0.0.1:5062>;expires=4294968']]],
    ['no interval at all, after asking for 4294968 s', 4294968, []],
    ['Expires: 2^32 - 1', 3600, [['expires', '4294967295']]],
  ] as Array<[string, number, Array<[string, string]>]>)('%s: no timer beyond Node\'s limit, no REGISTER flood', async (_, expires, headers) => {
    const t = onNodeClock(expires);
    const done = t.registration.register();
    t.answerAll(headers);
    await done;
    // Two seconds of a registered line: an overflowing refresh timer would fire every 1 ms and
    // send about 2,000 REGISTERs; a clamped one sends none.
    for (let ms = 0; ms < 2000; ms += 10) {
      t.clock.advance(10);
      t.answerAll(headers);
    }
    expect(t.clock.rejected).toEqual([]);
    expect(t.requests('REGISTER')).toHaveLength(1);
  });

  it('a registrar that grants 1 s is refreshed no more than once a second', async () => {
    const t = onNodeClock(60);
    const done = t.registration.register();
    t.answerAll([['expires', '1']]);
    await done;
    for (let ms = 0; ms < 10_000; ms += 10) {
      t.clock.advance(10);
      t.answerAll([['expires', '1']]);
    }
    expect(t.requests('REGISTER').length).toBeLessThanOrEqual(11);
  });
});

describe('back-off after failed refreshes (RFC 5626 §4.5)', () => {
  it('a registrar that keeps refusing hears from the line less and less often, up to the cap', async () => {
    const net = fakeNetwork();
    const account = accountOf({ aor: 'sip:alice@example.com', registrar: { uri: 'sip:127.0.0.1:5070', expires: 60 } }, 0);
    const changes: string[] = [];
    // random() = 0.999…: each wait is (almost) the top of its 50-100 % band.
    const registration = new Registration(net.endpoint, account, net.clock, { up: () => changes.push('up'), down: (why) => changes.push(why) }, { baseMs: 10_000, maxMs: 80_000, random: () => 0.9999 });
    const done = registration.register();
    net.deliver(responseTo(net.requests('REGISTER').at(-1)!, 200, 'OK'));
    await done;
    net.clock.advance(30_000); // the refresh
    const sentAt: number[] = [];
    for (let i = 0; i < 7; i++) {
      const last = net.requests('REGISTER').at(-1)!;
      sentAt.push(net.clock.now());
      net.deliver(responseTo(last, 503, 'Service Unavailable'));
      const before = net.requests('REGISTER').length;
      while (net.requests('REGISTER').length === before) net.clock.advance(100);
    }
    const waits = sentAt.slice(1).map((at, i) => at - sentAt[i]);
    // 10 s, 20 s, 40 s, then capped at 80 s (each rounded up to the next 100 ms step).
    expect(waits.map((w) => Math.round(w / 1000))).toEqual([10, 20, 40, 80, 80, 80]);
    expect(changes).toEqual(['registration refresh failed: 503 Service Unavailable']);
    net.deliver(responseTo(net.requests('REGISTER').at(-1)!, 200, 'OK'));
    expect(changes.at(-1)).toBe('up');
    expect(registration.failures).toBe(0);
  });

  it('the jitter keeps each wait within 50-100 % of its step', () => {
    for (const random of [0, 0.5, 0.9999]) {
      const wait = retryDelay({ baseMs: 30_000, maxMs: 1_800_000, random: () => random }, 3);
      expect(wait).toBeGreaterThanOrEqual(60_000);
      expect(wait).toBeLessThanOrEqual(120_000);
    }
  });
});
