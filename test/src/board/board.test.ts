/**
 * The call board in a real browser (Debian's headless Chromium, driven by playwright-core):
 * calls are placed on a running telephony and, from the page, the highlighted state of each
 * call's statechart follows the call from dial tone to disconnected; the event log shows what
 * the call received; the page loads nothing from anywhere else; its controls place and drop
 * calls, and answer and reject calls that arrive (shown with their caller, as text even when the
 * caller's name is markup); and a page on another origin, or the board's page without its
 * token, gets nothing.
 * Screenshots go to test-results/board/.
 *
 * The telephony runs on a manual clock: the test decides when the world moves. The browser runs
 * on real time, so each wait on the page is bounded.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { type BoardServer, startBoard } from '../../../src/board/board-server.js';
import { createTelephony, type Telephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { scriptedProvider } from '../../../src/testing/scripted-driver.js';
import { holdingProvider } from '../phone/holding-provider.js';
import { HAVE_CHROMIUM, IN_CI, launchChromium } from './chromium.js';

const SHOTS = new URL('../../../test-results/board/', import.meta.url);

// In CI a missing Chromium fails the run (launchChromium says why); elsewhere the board is not tried.
describe.runIf(HAVE_CHROMIUM || IN_CI)('call board in Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let telephony: Telephony;
  let board: BoardServer;
  const clock = new ManualClock();
  const scripted = scriptedProvider();
  /** What the simulated provider says it dropped (Provider.counters), set by a test. */
  const dropped = { malformed: 0, overloaded: 0 };
  const sim = Object.assign(simulatedProvider({ numbers: { '5550122': { outcome: 'busy' } } }), { counters: () => ({ ...dropped }) });
  /** A line that can hold and transfer (line 2). */
  const holding = holdingProvider();
  const requests: string[] = [];

  const card = (callId: string) => `.call[data-call="${callId}"]`;
  /** Wait until the page shows the call in `state`, with that state highlighted in its chart. */
  const showsState = async (callId: string, state: string) => {
    await page.waitForFunction(
      ([selector, expected]) => {
        // Runs in the page (this project's TypeScript has no DOM library).
        type El = { getAttribute(name: string): string | null; querySelector(s: string): { classList: { contains(c: string): boolean } } | null };
        const el = (globalThis as unknown as { document: { querySelector(s: string): El | null } }).document.querySelector(selector);
        const node = el?.querySelector('.chart .node.active');
        return el?.getAttribute('data-state') === expected && !!node && node.classList.contains(`state-${expected === 'proceeding' || expected === 'ringback' ? `alerting-${expected}` : expected}`);
      },
      [card(callId), state] as const,
      { timeout: 5_000 },
    );
  };
  const shot = (name: string) => page.screenshot({ path: new URL(name, SHOTS).pathname, fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    telephony = createTelephony({
      providers: [scripted, sim, holding],
      clock,
    });
    board = await startBoard(telephony, { port: 0, control: true });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(board.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await board?.close();
    if (telephony) {
      const done = telephony.shutdown();
      clock.runAll();
      await done;
    }
  });

  it('shows every line, then a line as it opens', async () => {
    expect(await page.locator('.line').count()).toBe(3);
    await telephony.openLine(0);
    await page.waitForSelector('#line-0[data-state="open"]', { timeout: 5_000 });
  });

  it('highlights the state the call is in, from dial tone to disconnected', async () => {
    const line = telephony.line(0)!;
    const call = await line.createCall('5550111', { autoClear: false });
    await showsState(call.id, 'idle');
    const made = call.request({ type: 'MAKE' });
    await showsState(call.id, 'placing');
    const steps = [
      ['dialtone', { type: 'PROVIDER.DIALTONE', mode: 'NORMAL' }],
      ['dialing', { type: 'PROVIDER.DIALING' }],
      ['proceeding', { type: 'PROVIDER.PROCEEDING' }],
      ['ringback', { type: 'PROVIDER.RINGBACK', ring: 1 }],
      ['connected', { type: 'PROVIDER.CONNECTED', mode: 'ACTIVE' }],
      ['disconnected', { type: 'PROVIDER.DISCONNECTED', mode: 'NORMAL' }],
    ] as const;
    for (const [i, [state, event]] of steps.entries()) {
      scripted.report(event);
      expect(call.state).toBe(state);
      await showsState(call.id, state);
      await shot(`${String(i + 1).padStart(2, '0')}-${state}.png`);
    }
    await made;
    // The page saw every state, in order, and the log what the call received.
    expect(await page.getAttribute(card(call.id), 'data-history')).toBe('idle placing dialtone dialing proceeding ringback connected disconnected');
    const log = await page.locator('#log').innerText();
    for (const text of [`${call.id} ← MAKE`, `${call.id} ← PROVIDER.RINGBACK (ring 1)`, `${call.id} → connected (ACTIVE)`, `${call.id} → disconnected (NORMAL)`]) {
      expect(log).toContain(text);
    }
    // Dropped from the page: the call ends, with its cause.
    await page.click(`${card(call.id)} button.drop`);
    await showsState(call.id, 'dropping');
    scripted.report({ type: 'PROVIDER.IDLE' });
    await showsState(call.id, 'ended');
    expect(await page.locator(`${card(call.id)} .mode`).innerText()).toBe('remote NORMAL');
    await shot('07-ended.png');
  });

  it('places a call from the page, on another line and provider', async () => {
    await page.fill('#address', '5550122');
    await page.selectOption('#device', '1');
    await page.click('#control button[type="submit"]');
    await page.waitForSelector('#line-1[data-state="open"]', { timeout: 5_000 });
    await page.waitForSelector('#line-1 .call', { timeout: 5_000 });
    const callId = (await page.getAttribute('#line-1 .call', 'data-call'))!;
    clock.runAll();
    await showsState(callId, 'ended');
    expect(await page.getAttribute(card(callId), 'data-history')).toContain('proceeding busy dropping ended');
    await shot('08-busy-from-the-page.png');
  });

  it('a call that arrives shows with its caller (markup in the name stays text), and is answered from the page', async () => {
    // Line 1 (the simulated switch's line 0) was opened by the call placed from the page.
    const name = '<img src=x onerror="document.body.dataset.pwned=1">Bob';
    const callId = sim.offerCall(0, { from: '5550123', name })!;
    await showsState(callId, 'offering');
    expect(await page.locator(`${card(callId)} .address`).innerText()).toBe(`from 5550123 (${name})`);
    expect(await page.locator(`${card(callId)} img`).count()).toBe(0);
    expect(await page.getAttribute('body', 'data-pwned')).toBeNull();
    expect(await page.getAttribute(card(callId), 'data-direction')).toBe('in');
    expect(await page.locator('#log').innerText()).toContain('line 1 ← CALL.OFFERED (from 5550123)');
    await shot('09-offering.png');
    // Answer and Reject show while the call is offered; Answer it.
    expect(await page.isVisible(`${card(callId)} button.reject`)).toBe(true);
    await page.click(`${card(callId)} button.answer`);
    await showsState(callId, 'answering');
    clock.advance(100);
    await showsState(callId, 'connected');
    expect(await page.isVisible(`${card(callId)} button.answer`)).toBe(false);
    await shot('10-answered.png');
    await page.click(`${card(callId)} button.drop`);
    clock.runAll();
    await showsState(callId, 'ended');
    expect(await page.getAttribute(card(callId), 'data-history')).toBe('offering answering connected dropping ended');
  });

  it('a call that arrives is rejected from the page: the caller gets REJECT (SIP 603), which is the cause shown', async () => {
    const callId = sim.offerCall(0, { from: '5550123' })!;
    await showsState(callId, 'offering');
    await page.click(`${card(callId)} button.reject`);
    await showsState(callId, 'dropping');
    expect(sim.calls().find((c) => c.callId === callId)?.refusedWith).toBe('REJECT');
    clock.runAll();
    await showsState(callId, 'ended');
    expect(await page.locator(`${card(callId)} .mode`).innerText()).toBe('local REJECT');
    await shot('11-rejected.png');
  });

  it('holds and takes back a call from the page where the chart allows it; the far end\'s hold and a transfer show', async () => {
    const line = await telephony.openLine(2);
    const call = await line.makeCall('5550111');
    clock.advance(100);
    await showsState(call.id, 'connected');
    const visible = (button: string) => page.isVisible(`${card(call.id)} button.${button}`);
    expect([await visible('hold'), await visible('unhold')]).toEqual([true, false]);
    await page.click(`${card(call.id)} button.hold`);
    // Pending with the switch: the Hold button goes (can() says no) before the call is held.
    await page.waitForSelector(`${card(call.id)}[data-can-hold="false"]`, { timeout: 5_000 });
    clock.advance(10);
    await showsState(call.id, 'onHold');
    expect(await page.locator(`${card(call.id)} .held`).innerText()).toBe('held by us');
    expect([await visible('hold'), await visible('unhold')]).toEqual([false, true]);
    await shot('12-held.png');
    await page.click(`${card(call.id)} button.unhold`);
    await page.waitForSelector(`${card(call.id)}[data-can-unhold="false"]`, { timeout: 5_000 });
    clock.advance(10);
    await showsState(call.id, 'connected');
    expect(await page.getAttribute(card(call.id), 'data-held')).toBe('');
    // The far end holds us: still connected, with its mode and the badge.
    holding.farEndHolds(call.id, true);
    await page.waitForSelector(`${card(call.id)}[data-held="far end"]`, { timeout: 5_000 });
    expect(await page.locator(`${card(call.id)} .held`).innerText()).toBe('held by far end');
    expect(await page.locator(`${card(call.id)} .mode`).innerText()).toBe('ACTIVEHELD');
    await shot('13-held-by-far-end.png');
    holding.farEndHolds(call.id, false);
    const transferred = call.transfer('5550133');
    clock.runAll();
    await transferred;
    await showsState(call.id, 'ended');
    expect(await page.locator(`${card(call.id)} .mode`).innerText()).toBe('transferred to 5550133');
    expect(await page.getAttribute(card(call.id), 'data-history')).toBe('idle placing proceeding connected onHold connected dropping ended');
    await shot('14-transferred.png');
  });

  it('a page on another origin cannot use the board, even knowing its token', async () => {
    // A hostile site the user visits (here on another local port) tries the board's feed.
    const hostile: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    try {
      const other = await browser.context.newPage();
      await other.goto(`http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`);
      const attempt = (feedUrl: string) =>
        other.evaluate(
          (url) =>
            new Promise<string>((resolve) => {
              // Runs in the page (this project's TypeScript has no DOM library).
              const W = (globalThis as unknown as { WebSocket: new (u: string) => { onopen: () => void; onerror: () => void; onmessage: () => void } }).WebSocket;
              const socket = new W(url);
              socket.onmessage = () => resolve('message');
              socket.onopen = () => setTimeout(() => resolve('open'), 500);
              socket.onerror = () => resolve('refused');
            }),
          feedUrl,
        );
      const calls = telephony.line(0)?.status.activeCalls;
      expect(await attempt(board.feedUrl)).toBe('refused');
      expect(await attempt(board.feedUrl.replace(/\?token=.*/, ''))).toBe('refused');
      expect(telephony.line(0)?.status.activeCalls).toBe(calls);
      await other.close();
    } finally {
      hostile.closeAllConnections();
      await new Promise((resolve) => hostile.close(resolve));
    }
  });

  it('shows what a provider dropped (requests shed under a flood, malformed datagrams) in its header', async () => {
    expect(await page.locator('#counters').innerText()).toBe('');
    dropped.overloaded = 1200;
    dropped.malformed = 3;
    // The board reads the counters once a second (real time): give a slow machine ten.
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('counters').textContent !== '', undefined, { timeout: 10_000 });
    expect(await page.locator('#counters').innerText()).toBe('simulated dropped: 3 malformed, 1200 overloaded');
  });

  it('the board page without its token shows nothing and connects to nothing', async () => {
    const other = await browser.context.newPage();
    const sockets: string[] = [];
    other.on('websocket', (socket) => sockets.push(socket.url()));
    const response = await other.goto(board.url.replace(/\?token=.*/, ''));
    expect(response?.status()).toBe(403);
    expect(await other.locator('body').innerText()).toContain('Open the address xtapi printed');
    expect(sockets).toEqual([]);
    await other.close();
  });

  it('loaded nothing from the internet', () => {
    const origin = new URL(board.url).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith(origin.replace('http', 'ws')))).toEqual([]);
  });
});
