/**
 * baresip (Debian `baresip-core`) as a peer: the headless UA configured in
 * `test/support/peers/baresip/`, which answers every call by itself, on ports of its own. Its control socket (`ctrl_tcp`, JSON in
 * netstrings) reports each call's events (CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED, …) and
 * ends it with `quit`, after which its exit code says whether it stopped cleanly. With a
 * registrar it registers its account there (`accounts.kamailio`), under a user of the test's
 * choosing, so that two of them can call each other through the proxy.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readWav } from '../../../providers/media/wav.js';
import { freeUdpPort, PeerProcess, removeRunDir, runDir, waitBound } from './process.js';

const HERE = join(dirname(fileURLToPath(import.meta.url)), 'baresip');

/** Whether a TCP port on 127.0.0.1 is free. */
function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A UDP port whose TCP twin and the next TCP port are free too (baresip listens on all three). */
async function sipPort(): Promise<number> {
  for (;;) {
    const port = await freeUdpPort();
    if (port < 65535 && (await tcpFree(port)) && (await tcpFree(port + 1))) return port;
  }
}

/** One event from baresip's control socket. */
export interface BaresipEvent {
  type: string;
  [key: string]: unknown;
}

/** Options of {@link startBaresip}. */
export interface BaresipOptions {
  /** The account's user (default `bob`). */
  user?: string;
  /** The port of a Kamailio on 127.0.0.1 to register at (`accounts.kamailio`); none: no registration. */
  registrar?: number;
  /** `auto` (default): it answers every call; `manual`: calls ring until `accept` or `hangup`. */
  answermode?: 'auto' | 'manual';
  /** How long it may live, s (its `-t`; default 60). */
  limitSec?: number;
  /**
   * A WAV file (8 kHz mono 16-bit) that is its microphone: the `aufile` module plays it into each
   * call from the start, and the call ends when the file does (so give it room). Default: the
   * `aubridge` loop, which sends back what it hears.
   */
  audioSource?: string;
  /** Keep what it hears: the `sndfile` module writes each call's decoded audio to a WAV file ({@link BaresipRun.heard}). */
  recordAudio?: boolean;
  /** RTCP on the RTP port (its `rtcp_mux`, RFC 5761): offered, and accepted when offered (default off). */
  rtcpMux?: boolean;
}

/** A running baresip. */
export interface BaresipRun {
  readonly port: number;
  /** The account's address, to call: its address of record at the registrar, if it has one. */
  readonly uri: string;
  readonly events: BaresipEvent[];
  /** Resolves with the first event of this type (and that `match` takes), once it has come. */
  waitFor(type: string, ms?: number, match?: (event: BaresipEvent) => boolean): Promise<BaresipEvent>;
  /** Send a command over the control socket (`dial` with a URI, `hangup`). */
  command(name: string, params?: string): void;
  /** Send a command and resolve with its response's `data` (the text baresip prints for it). */
  request(name: string, params?: string, ms?: number): Promise<string>;
  /** Resolves once its registration is up (`reginfo` says 200 OK); polled, bounded by `ms`. */
  registered(ms?: number): Promise<void>;
  /**
   * What it heard on its calls (with `recordAudio`): the samples of each WAV file the `sndfile`
   * module wrote of the audio it decoded, in the order of their names (one per call; complete once
   * the call has closed).
   */
  heard(): Int16Array[];
  /** The keys it was sent (`CALL_DTMF_START` events), in order. */
  keysReceived(): string;
  /** `quit` over the control socket; resolves with the exit (killed by PID if it hangs). */
  quit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log(): string;
}

/** Start baresip answering automatically; resolves once its SIP and control ports are up. */
export async function startBaresip(options: BaresipOptions = {}): Promise<BaresipRun> {
  const { user = 'bob', registrar, answermode = 'auto', limitSec = 60, audioSource, recordAudio = false, rtcpMux = false } = options;
  const dir = runDir('baresip');
  const port = await sipPort();
  let control = await sipPort();
  while (control === port || control === port + 1) control = await sipPort();
  const config = readFileSync(join(HERE, 'config'), 'utf8')
    .replace('sip_listen\t\t127.0.0.1:5080', `sip_listen\t\t127.0.0.1:${port}`)
    .replace('ctrl_tcp_listen\t\t127.0.0.1:4444', `ctrl_tcp_listen\t\t127.0.0.1:${control}`)
    .replace('rtcp_mux\t\tno', `rtcp_mux\t\t${rtcpMux ? 'yes' : 'no'}`);
  writeFileSync(join(dir, 'config'), withAudio(config, dir, audioSource, recordAudio));
  const accounts =
    registrar === undefined
      ? readFileSync(join(HERE, 'accounts'), 'utf8').replace('<sip:bob@127.0.0.1:5080>', `<sip:${user}@127.0.0.1:${port}>`)
      : readFileSync(join(HERE, 'accounts.kamailio'), 'utf8').replace('<sip:bob@127.0.0.1:5060>', `<sip:${user}@127.0.0.1:${registrar}>`);
  writeFileSync(join(dir, 'accounts'), accounts.replace('answermode=auto', `answermode=${answermode}`));
  copyFileSync(join(HERE, 'contacts'), join(dir, 'contacts'));
  const log = join(dir, 'baresip.log');
  const process = new PeerProcess('baresip', ['-f', dir, '-t', String(limitSec)], { cwd: dir, log, limitMs: (limitSec + 10) * 1000 });
  if (!(await waitBound(port, 30_000, process))) {
    await process.stop();
    throw new Error(`baresip did not listen on 127.0.0.1:${port}: ${readFileSync(log, 'utf8').slice(-3000)}`);
  }
  const socket = await connectRetry(control);
  const events: BaresipEvent[] = [];
  const waiters: Array<{ type: string; match: (e: BaresipEvent) => boolean; resolve: (e: BaresipEvent) => void }> = [];
  const responses = new Map<string, (data: string) => void>();
  let tokens = 0;
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    // Netstrings: "<length>:<json>,"
    for (let colon = buffer.indexOf(':'); colon > 0; colon = buffer.indexOf(':')) {
      const length = Number(buffer.slice(0, colon));
      if (buffer.length < colon + 1 + length + 1) break;
      const message = JSON.parse(buffer.slice(colon + 1, colon + 1 + length)) as BaresipEvent & { event?: boolean; response?: boolean; token?: string; data?: string };
      buffer = buffer.slice(colon + 1 + length + 1);
      if (message.response && message.token !== undefined) responses.get(message.token)?.(message.data ?? '');
      if (!message.event) continue;
      events.push(message);
      for (const waiter of waiters.filter((w) => w.type === message.type && w.match(message))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  socket.on('error', () => {});
  const command = (name: string, params?: string, token = name) => {
    const body = JSON.stringify({ command: name, params, token });
    socket.write(`${Buffer.byteLength(body)}:${body},`);
  };
  const request = (name: string, params?: string, ms = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const token = `r${++tokens}`;
      const timer = setTimeout(() => (responses.delete(token), reject(new Error(`baresip did not answer ${name} within ${ms} ms`))), ms);
      responses.set(token, (data) => (clearTimeout(timer), responses.delete(token), resolve(data)));
      command(name, params, token);
    });
  return {
    port,
    uri: registrar === undefined ? `sip:${user}@127.0.0.1:${port}` : `sip:${user}@127.0.0.1:${registrar}`,
    events,
    waitFor(type, ms = 20_000, match = () => true) {
      const seen = events.find((e) => e.type === type && match(e));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`baresip sent no such ${type} within ${ms} ms; events: ${events.map((e) => e.type).join(', ')}`)), ms);
        waiters.push({ type, match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    command: (name, params) => command(name, params),
    request,
    async registered(ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        // `reginfo` prints the registration's last status: OK once the registrar said 200.
        const info = await request('reginfo');
        if (/\bOK\b/.test(info.replace(/\x1b\[[0-9;]*m/g, ''))) return;
        if (Date.now() > deadline) throw new Error(`baresip did not register within ${ms} ms: ${info}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async quit() {
      command('quit');
      const timer = setTimeout(() => process.kill('SIGTERM'), 15_000);
      const exit = await process.exited;
      clearTimeout(timer);
      socket.destroy();
      removeRunDir(dir);
      return exit;
    },
    heard: () =>
      readdirSync(dir)
        .filter((name) => /^dump-.*-dec\.wav$/.test(name))
        .sort()
        .map((name) => readWav(new Uint8Array(readFileSync(join(dir, name))))),
    keysReceived: () =>
      events
        .filter((e) => e.type === 'CALL_DTMF_START')
        .map((e) => String(e.param ?? ''))
        .join(''),
    log: () => readFileSync(log, 'utf8'),
  };
}

/**
 * The config with a microphone that is a WAV file (`aufile`, in place of the `aubridge` loop), and
 * keeping what it hears (`sndfile`, which dumps each call's audio to `<dir>/dump-<time>-dec.wav`
 * and `-enc.wav`).
 */
function withAudio(config: string, dir: string, source: string | undefined, record: boolean): string {
  let text = config;
  if (source !== undefined) text = text.replace('audio_source\t\taubridge,nil', `audio_source\t\taufile,${source}`) + 'module\t\t\taufile.so\n';
  if (record) text += `module\t\t\tsndfile.so\nsnd_path\t\t${dir}\n`;
  return text;
}

async function connectRetry(port: number): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      });
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
