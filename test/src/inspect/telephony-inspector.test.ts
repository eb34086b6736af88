/**
 * The telephony's inspector, end to end: a WebSocket client connected to the inspector relay
 * sees the whole actor system (root, line, call, provider service) arrive as @statelyai/inspect
 * messages: actors, the events they receive, their snapshots; and, unless told otherwise, no
 * phone number. The calls run on a manual clock; only the socket is real (and bounded).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { createTelephony, type Telephony, type TelephonyOptions } from '../../../src/phone/telephony.js';
import { startInspectorServer } from '../../../src/inspect/inspector-server.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

interface Message {
  type: string;
  name?: string;
  definition?: string;
  sessionId: string;
  event?: { type: string };
  snapshot?: { value?: unknown; context?: Record<string, unknown> };
}

const open: Telephony[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.shutdown();
});

/** A viewer on the relay: collects raw messages. */
async function viewer(wsUrl: string) {
  const raw: string[] = [];
  const socket = new WebSocket(wsUrl);
  socket.on('message', (data) => raw.push(data.toString()));
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  const messages = () => raw.map((text) => JSON.parse(text) as Message);
  const until = async (ready: (m: Message[]) => boolean, ms = 5_000) => {
    const deadline = Date.now() + ms;
    while (!ready(messages()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return messages();
  };
  return { raw, messages, until, close: () => socket.close() };
}

/** A call to +1 (425) 555-0111 that is answered and hung up, with the inspector on. */
async function inspectedCall(inspect: TelephonyOptions['inspect']) {
  const clock = new ManualClock();
  const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })], clock, inspect });
  open.push(telephony);
  const info = await telephony.inspector;
  const view = await viewer(info!.wsUrl);
  const line = await telephony.openLine(0);
  const call = await line.makeCall('+1 (425) 555-0111');
  await call.until('connected');
  await call.drop();
  const messages = await view.until((m) => m.some((x) => x.type === '@xstate.snapshot' && x.snapshot?.value === 'ended'));
  view.close();
  return { info: info!, messages, raw: view.raw };
}

const definitionId = (m: Message) => (m.definition ? (JSON.parse(m.definition) as { id?: string }).id : undefined);

describe('createTelephony({ inspect })', () => {
  it('sends the whole actor system to the inspector: actors, events, snapshots', async () => {
    const { info, messages } = await inspectedCall({ port: 0 });
    expect(info.pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const actors = messages.filter((m) => m.type === '@xstate.actor');
    // Root, line, call and the call's provider service: every actor, from its creation.
    expect(actors.map(definitionId)).toEqual(expect.arrayContaining(['telephony', 'line', 'call']));
    // By id: the line, its provider service (child 0) and the call in its first slot (child 1).
    expect(actors.map((m) => m.name)).toEqual(expect.arrayContaining(['line-0', '0', '1']));
    const call = actors.find((m) => definitionId(m) === 'call') as Message;
    const toCall = messages.filter((m) => m.type === '@xstate.event' && m.sessionId === call.sessionId).map((m) => m.event?.type);
    expect(toCall).toEqual(expect.arrayContaining(['MAKE', 'PROVIDER.DIALTONE', 'PROVIDER.CONNECTED', 'DROP', 'PROVIDER.IDLE']));
    const values = messages.filter((m) => m.type === '@xstate.snapshot' && m.sessionId === call.sessionId).map((m) => JSON.stringify(m.snapshot?.value));
    expect(values).toEqual(expect.arrayContaining(['"placing"', '"dialtone"', '{"alerting":"ringback"}', '"connected"', '"ended"']));
  });

  it('strips phone numbers from what is sent, by default', async () => {
    const { raw, messages } = await inspectedCall({ port: 0 });
    const text = raw.join('\n');
    expect(text).not.toMatch(/5550111|555-0111|4255550111/);
    const snapshot = messages.find((m) => m.type === '@xstate.snapshot' && m.snapshot?.context?.callId === 'c1');
    expect(snapshot?.snapshot?.context?.destination).toBe('[number]');
    expect(snapshot?.snapshot?.context?.address).toBe('[number]');
  });

  it('sends them when told to (stripNumbers: false)', async () => {
    const { raw } = await inspectedCall({ port: 0, stripNumbers: false });
    expect(raw.join('\n')).toContain('14255550111');
  });

  it('is off by default, and a plain observer still gets the raw XState events', async () => {
    const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })], clock: new ManualClock() });
    open.push(telephony);
    expect(await telephony.inspector).toBeUndefined();
    const seen: string[] = [];
    const observed = createTelephony({ providers: [simulatedProvider({ timing: 'instant' })], clock: new ManualClock(), inspect: (e) => seen.push(e.type) });
    open.push(observed);
    await observed.openLine(0);
    expect(seen).toContain('@xstate.actor');
  });

  it('sends to a relay that is already running, and reports a port in use', async () => {
    const server = await startInspectorServer({ port: 0 });
    try {
      const { info } = await inspectedCall({ server: server.wsUrl });
      expect(info).toEqual({ pageUrl: undefined, wsUrl: server.wsUrl });
      const busy = createTelephony({ inspect: { port: server.port } });
      open.push(busy);
      await expect(busy.inspector).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await server.close();
    }
  });

  it("serves a page that frames the Stately inspector, and closes everything on shutdown", async () => {
    const telephony = createTelephony({ providers: [simulatedProvider()], clock: new ManualClock(), inspect: { port: 0 } });
    const info = (await telephony.inspector)!;
    const page = await (await fetch(info.pageUrl!)).text();
    expect(page).toContain('https://stately.ai/inspect');
    // The page's socket goes to the relay on its own host, as a viewer.
    expect(page).toContain("new WebSocket('ws://' + location.host + '/viewer')");
    await telephony.shutdown();
    await expect(fetch(info.pageUrl!)).rejects.toThrow();
  });
});
