/**
 * Benchmark (not a test): calls that arrive. A SIPp UAC (`uac_bench.xml`: INVITE, 100, 200, ACK,
 * BYE at once, 200) calls xtapi's line, which answers every call itself
 * (`openLine(0, { autoAnswer: true, autoClear: true })`, the whole library: a line supervisor,
 * a call actor and its provider service per call); beside it, in the same run, the same SIPp UAC
 * calls a SIPp UAS (`uas_bench.xml`, the same flow): the C++ reference; and xtapi's SIP provider
 * alone, through its contract (`sip-callee-xtapi.ts`), which tells the provider's cost from the
 * core's. They alternate, round after round, at each number of calls in flight (SIPp's `-l`, with `-r` far above what either
 * sustains: a closed loop), and each rate is the UAC's successful calls over its own
 * `-trace_stat` run time. A run counts only with zero failed calls on both sides: the UAC's
 * totals, and the callee's (SIPp's totals; for xtapi, every call offered, connected and ended by
 * the caller's BYE, and nothing left once it has shut down). xtapi's provider runs with
 * `media: false` (`sip-callee-xtapi.ts`): signalling only, no RTP sockets per call.
 *
 *   npm run build:bench && node --expose-gc dist-bench/bench/sip-incoming.js [calls=20000] [windows=100,10] [rounds=3] [lines=1]
 *
 * With `lines` above 1, the UAC calls alice0, alice1, … in turn, one xtapi line each (the whole
 * library's outgoing benchmark spreads its calls over lines of 25 the same way).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { providerCallee, telephonyCallee } from './sip-callee-xtapi.js';
import { removeRunDir, runDir } from '../test/support/peers/process.js';
import { sippElapsedMs, startSipp, sippTotals, type SippRun } from '../test/support/peers/sipp.js';

const [callsArg, windowsArg, roundsArg, linesArg] = process.argv.slice(2);
const calls = Number(callsArg ?? 20_000);
const windows = (windowsArg ?? '100,10').split(',').map(Number);
const rounds = Number(roundsArg ?? 3);
/** xtapi's lines (alice0, alice1, …), called in turn: one by default, as a phone has. */
const lineCount = Number(linesArg ?? 1);
const BUFFER = ['-buff_size', '4194304'];
const timeoutSec = Math.ceil(calls / 200) + 60;

/** One run of the UAC against one callee. */
interface Measured {
  cps: number;
  /** Failed calls as the UAC counts them, and as the callee does. */
  failed: number;
  calleeFailed: number;
  /** The UAC's retransmissions (a callee that falls behind makes it resend). */
  retransmissions: number;
  notes: string[];
}

const users = Array.from({ length: lineCount }, (_, i) => `alice${i}`);
/** The users the UAC calls in turn (SIPp's injection file: one per call, in order). */
const usersDir = runDir('sipp-users');
const usersFile = join(usersDir, 'users.csv');
writeFileSync(usersFile, ['SEQUENTIAL', ...users.map((user) => `${user};`)].join('\n') + '\n');

/** The SIPp UAC: `calls` calls to `port`, `window` in flight; resolves once it has exited. */
async function uac(port: number, window: number): Promise<Omit<Measured, 'calleeFailed'>> {
  const run = await startSipp({
    scenario: 'uac_bench.xml',
    edit: (xml) => xml.replaceAll('[service]', '[field0]'),
    remote: `127.0.0.1:${port}`,
    calls,
    timeoutSec,
    args: ['-inf', usersFile, '-r', '1000000', '-l', String(window), ...BUFFER],
  });
  try {
    const exit = await run.process.exited;
    const totals = sippTotals(run);
    const notes = exit.code === 0 ? [] : [`UAC exit ${exit.code}: ${run.errors().slice(-300)}`];
    return { cps: (totals.successful / sippElapsedMs(run)) * 1000, failed: calls - totals.successful, retransmissions: totals.retransmissions, notes };
  } finally {
    await run.dispose();
  }
}

/** SIPp UAC → SIPp UAS. */
async function sippCallee(window: number): Promise<Measured> {
  const uas: SippRun = await startSipp({ scenario: 'uas_bench.xml', calls, timeoutSec, args: BUFFER });
  try {
    const measured = await uac(uas.port, window);
    await uas.process.exited;
    const totals = sippTotals(uas);
    return { ...measured, calleeFailed: calls - totals.successful };
  } finally {
    await uas.dispose();
  }
}

/** SIPp UAC → xtapi answering every call on its own, through `make`. */
async function xtapiCallee(make: typeof telephonyCallee, window: number): Promise<Measured> {
  const callee = await make(users, Math.ceil((4 * window) / lineCount) + 16);
  const measured = await uac(callee.port, window).catch(async (error: unknown) => {
    await callee.finish(calls);
    throw error;
  });
  const { wrong, notes } = await callee.finish(calls);
  return { ...measured, calleeFailed: wrong, notes: [...measured.notes, ...notes] };
}

/** The callees, run in this order in every round, each beside the first (the reference). */
const CALLEES: Array<[string, (window: number) => Promise<Measured>]> = [
  ['SIPp 3.6.1 UAS (uas_bench.xml)', sippCallee],
  ['xtapi, auto-answer (whole library)', (window) => xtapiCallee(telephonyCallee, window)],
  ['xtapi SIP provider alone (provider contract)', (window) => xtapiCallee(providerCallee, window)],
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

process.stderr.write(`sip-incoming: ${calls} calls per run, ${windows.join(' and ')} in flight, ${rounds} rounds\n`);
const results = new Map<number, Measured[][]>(windows.map((w) => [w, CALLEES.map(() => [])]));
for (let round = 0; round < rounds; round++) {
  for (const window of windows) {
    const measured = results.get(window)!;
    for (const [i, [, run]] of CALLEES.entries()) measured[i].push(await run(window));
    process.stderr.write(`round ${round + 1}, ${window} in flight: ${measured.map((m, i) => `${CALLEES[i][0]} ${Math.round(m.at(-1)!.cps)}/s`).join(', ')}\n`);
  }
}

const lines: string[] = [];
const row = (name: string, m: Measured[], reference: Measured[]) =>
  `| ${name} | ${m.map((x) => Math.round(x.cps)).join(', ')} | ${Math.round(median(m.map((x) => x.cps)))} | ${median(m.map((x, i) => x.cps / reference[i].cps)).toFixed(2)} | ${m.map((x) => `${x.failed} / ${x.calleeFailed}`).join(', ')} | ${m.map((x) => x.retransmissions).join(', ')} |`;
for (const [window, measured] of results) {
  lines.push(
    `${window} calls in flight (${calls} calls per run, ${rounds} rounds, alternating):`,
    '',
    '| callee | calls/s per round | median | vs SIPp UAS (median of rounds) | failed per round (UAC / callee) | UAC retransmissions |',
    '| --- | --- | --- | --- | --- | --- |',
    ...measured.map((m, i) => row(CALLEES[i][0], m, measured[0])),
    '',
  );
  // What each callee said, once for all the rounds that said the same.
  for (const [i, m] of measured.entries()) for (const said of new Set(m.map((x) => x.notes.join('; ')))) if (said) lines.push(`${CALLEES[i][0]}: ${said}`, '');
}
lines.push(
  `command: npm run build:bench && node --expose-gc dist-bench/bench/sip-incoming.js ${calls} ${windows.join(',')} ${rounds} ${lineCount}`,
  `node ${process.version}; SIPp UAC uac_bench.xml -r 1000000 -l <in flight> -buff_size 4194304, calling ${users.join(', ')} in turn; xtapi with ${lineCount} line(s), the RFC timers and its default 4 MiB socket buffer`,
);
process.stdout.write(`${lines.join('\n')}\n`);
removeRunDir(usersDir);
