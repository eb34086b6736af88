/**
 * Benchmark baseline (run as a child process by `sip-throughput.ts`): the `sip` npm package
 * (0.0.6, kirm/sip.js) driving the same flow as xtapi's provider from Node: INVITE, (100, 180),
 * 200, ACK (sent by the application, also for every retransmitted 200), BYE, 200, with
 * `window` calls in flight. Prints one JSON line.
 *
 *   node --expose-gc dist-bench/bench/sip-client-npm.js <uas port> <calls> <window>
 *
 * It binds 127.0.0.2: bound to the UAS's own address, `sip` 0.0.6 answers every request itself
 * with a 404 (it compares hosts only, not ports). 127.0.0.2 is loopback too.
 */
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

// biome-ignore lint: the package is CommonJS without types.
const sip = createRequire(import.meta.url)('sip') as any;

const [portText, callsText, windowText] = process.argv.slice(2);
const port = Number(portText);
const total = Number(callsText);
const window = Number(windowText);
const LOCAL = '127.0.0.2';
const LOCAL_PORT = 15000 + (process.pid % 20000);
const target = `sip:service@127.0.0.1:${port}`;
const sdp = ['v=0', `o=npm 1 1 IN IP4 ${LOCAL}`, 's=-', `c=IN IP4 ${LOCAL}`, 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
const failures: string[] = [];

const stack = sip.create({ address: LOCAL, port: LOCAL_PORT, tcp: false, udp: true }, (request: any) => {
  // Nothing calls us; answer anything that does so it does not retransmit.
  if (request.method !== 'ACK') stack.send(sip.makeResponse(request, 405, 'Method Not Allowed'));
});

let started = 0;
let finished = 0;
let failed = 0;
const start = performance.now();

await new Promise<void>((resolve) => {
  const done = (ok: boolean, why?: string) => {
    if (!ok) {
      failed++;
      if (why) failures.push(why.slice(0, 300));
    }
    finished++;
    if (finished === total) resolve();
    else place();
  };
  const place = () => {
    if (started >= total) return;
    const n = started++;
    const callId = randomBytes(10).toString('hex');
    const from = { uri: `sip:bench@${LOCAL}:${LOCAL_PORT}`, params: { tag: randomBytes(6).toString('hex') } };
    let answered = false;
    stack.send(
      {
        method: 'INVITE',
        uri: target,
        headers: {
          to: { uri: target },
          from,
          'call-id': callId,
          cseq: { method: 'INVITE', seq: 1 },
          contact: [{ uri: `sip:bench@${LOCAL}:${LOCAL_PORT}` }],
          'content-type': 'application/sdp',
        },
        content: sdp,
      },
      (response: any) => {
        if (response.status < 200) return;
        if (response.status >= 300) return done(false, `${n}: ${response.status} ${response.reason}`);
        const remote = response.headers.contact?.[0]?.uri ?? target;
        // The ACK for a 2xx is the application's (RFC 3261 §13.2.2.4), for every 2xx.
        stack.send({ method: 'ACK', uri: remote, headers: { to: response.headers.to, from, 'call-id': callId, cseq: { method: 'ACK', seq: 1 } } });
        if (answered) return;
        answered = true;
        stack.send({ method: 'BYE', uri: remote, headers: { to: response.headers.to, from, 'call-id': callId, cseq: { method: 'BYE', seq: 2 } } }, (bye: any) => {
          if (bye.status >= 200) done(bye.status < 300, `${n}: BYE ${bye.status}`);
        });
      },
    );
  };
  for (let i = 0; i < window; i++) place();
});

const elapsedMs = performance.now() - start;
stack.destroy();
process.stdout.write(`${JSON.stringify({ mode: 'sip@0.0.6', calls: total, failed, elapsedMs, cps: (total / elapsedMs) * 1000, failures: failures.slice(0, 5) })}\n`);
process.exit(0);
