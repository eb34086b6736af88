/**
 * `--json` printed fields the docs did not list (`connectedMs`; on error `result`, `cause`,
 * `error`, `message`). Its shape is now `docs/cli-json.schema.json`: every line of real runs is
 * checked against it (no field the schema does not list), the schema's enumerations against the
 * TypeScript types, and the docs page against the schema.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallState } from '../../../machines/events.js';
import type { BusyMode, ConnectedMode, DialToneMode, DisconnectMode, LineErrorName } from '../../../providers/provider.js';
import { boardCommand } from '../../../src/cli/board-command.js';
import type { IncomingResult } from '../../../src/cli/listen-result.js';
import type { Gathered } from '../../../src/phone/gather.js';
import { jsonLines, requireBuiltCli, runCli } from '../../support/cli.js';
import { schemaErrors } from '../../support/json-schema.js';
import { writeWavFiles } from '../../support/wav-files.js';

const ROOT = new URL('../../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('docs/cli-json.schema.json', ROOT), 'utf8')) as Record<string, unknown> & { $defs: Record<string, { properties: Record<string, { enum?: string[] }>; enum?: string[] }> };

/** Every value of a union, as the keys of a record the compiler holds complete. */
const keys = (record: Record<string, true>) => Object.keys(record).sort();
const DISCONNECT: Record<DisconnectMode, true> = { NORMAL: true, UNKNOWN: true, REJECT: true, PICKUP: true, FORWARDED: true, BUSY: true, NOANSWER: true, BADADDRESS: true, UNREACHABLE: true, CONGESTION: true, INCOMPATIBLE: true, UNAVAIL: true, NODIALTONE: true, NUMBERCHANGED: true, OUTOFORDER: true, TEMPFAILURE: true, QOSUNAVAIL: true, BLOCKED: true, DONOTDISTURB: true, CANCELLED: true };
const OTHER_MODES: Record<BusyMode | DialToneMode | ConnectedMode, true> = { STATION: true, TRUNK: true, UNKNOWN: true, UNAVAIL: true, NORMAL: true, SPECIAL: true, INTERNAL: true, EXTERNAL: true, ACTIVE: true, INACTIVE: true, ACTIVEHELD: true, INACTIVEHELD: true, CONFIRMED: true };
const STATES: Record<CallState, true> = { idle: true, offering: true, accepted: true, answering: true, placing: true, dialtone: true, dialing: true, proceeding: true, ringback: true, busy: true, connected: true, onHold: true, onHoldPendTransfer: true, disconnected: true, dropping: true, ended: true };
const INCOMING_RESULTS: Record<IncomingResult, true> = { answered: true, missed: true, rejected: true, error: true };
const TERMINATIONS: Record<Gathered['termination'], true> = { BUFFERFULL: true, TERMDIGIT: true, FIRSTTIMEOUT: true, INTERTIMEOUT: true, CANCEL: true };
const ERRORS: Record<LineErrorName, true> = { ADDRESSBLOCKED: true, ALLOCATED: true, BADDEVICEID: true, BEARERMODEUNAVAIL: true, CALLUNAVAIL: true, DIALBILLING: true, DIALDIALTONE: true, DIALPROMPT: true, DIALQUIET: true, DIALVOICEDETECT: true, INUSE: true, INVALADDRESS: true, INVALBEARERMODE: true, INVALCALLPARAMS: true, INVALCALLSTATE: true, INVALDIGITS: true, INVALLINESTATE: true, INVALMEDIAMODE: true, INVALPARAM: true, NODRIVER: true, NOMEM: true, OPERATIONFAILED: true, OPERATIONUNAVAIL: true, RESOURCEUNAVAIL: true, USERCANCELLED: true };

const wav = writeWavFiles();
afterAll(() => wav.remove());

describe('the --json output and its schema', () => {
  beforeAll(requireBuiltCli);

  it('the schema enumerates exactly the states, modes and errors the types allow', () => {
    const defs = schema.$defs;
    expect([...(defs.state.enum ?? [])].sort()).toEqual(keys(STATES));
    expect([...(defs.mode.enum ?? [])].sort()).toEqual([...new Set([...keys(DISCONNECT), ...keys(OTHER_MODES)])].sort());
    expect([...(defs.cause.properties.mode.enum ?? [])].sort()).toEqual(keys(DISCONNECT));
    expect([...(defs.cause.properties.error.enum ?? [])].sort()).toEqual(keys(ERRORS));
    expect([...(defs.incomingEndLine.properties.result.enum ?? [])].sort()).toEqual(keys(INCOMING_RESULTS));
    expect([...(defs.digitsLine.properties.termination.enum ?? [])].filter((t) => t !== null).sort()).toEqual(keys(TERMINATIONS));
  });

  it('catches what it must: an unlisted field, a wrong type, a line of no kind', () => {
    expect(schemaErrors(schema, { t: 1, call: 'c1', state: 'placing', mode: null })).toEqual([]);
    expect(schemaErrors(schema, { t: 1, call: 'c1', state: 'placing', mode: null, extra: 1 })).not.toEqual([]);
    expect(schemaErrors(schema, { t: '1', call: 'c1', state: 'placing', mode: null })).not.toEqual([]);
    expect(schemaErrors(schema, { result: 'connected', cause: null, connectedMs: 0 })).not.toEqual([]);
    expect(schemaErrors(schema, { t: 1, call: 'i0.1', caller: { number: null, name: null }, called: null })).toEqual([]);
    expect(schemaErrors(schema, { t: 1, call: 'i0.1', caller: { number: 5550123, name: null }, called: null })).not.toEqual([]);
    // A played line either ended (reason, frames) or failed (reason null, error, message); so does a digits line.
    expect(schemaErrors(schema, { t: 1, call: 'c1', played: 'a.wav', reason: 'done', frames: 3 })).toEqual([]);
    expect(schemaErrors(schema, { t: 1, call: 'c1', played: 'a.wav', reason: null, frames: 0 })).not.toEqual([]);
    expect(schemaErrors(schema, { t: 1, call: 'c1', played: 'a.wav', reason: null, frames: 0, error: 'LINEERR_OPERATIONUNAVAIL', message: 'no audio' })).toEqual([]);
    expect(schemaErrors(schema, { t: 1, call: 'i0.1', digits: null, termination: 'CANCEL' })).not.toEqual([]);
    expect(schemaErrors(schema, { t: 1, call: 'i0.1', digits: null, termination: null, error: 'LINEERR_INVALCALLSTATE', message: 'ended' })).toEqual([]);
    expect(schemaErrors(schema, { t: 1, call: 'i0.1', dtmf: '12', via: null })).not.toEqual([]);
    // A listen end line is not a call's result line: it names its call.
    expect(schemaErrors(schema, { result: 'answered', cause: { mode: 'NORMAL', origin: 'local', state: 'connected', connected: true }, connectedMs: 5 })).not.toEqual([]);
  });

  it('every line of real runs matches exactly one kind: states, connected, busy, unreachable, an invalid address, calls that arrive', async () => {
    const runs = await Promise.all([
      runCli(['call', '5550111', '--json', '--hangup-after', '10']),
      // Held, then hung up: a request line for the hold.
      runCli(['call', '5550111', '--json', '--hangup-after', '300', '--hold-after', '0']),
      runCli(['call', '5550122', '--json']),
      runCli(['call', '5550144', '--json']),
      runCli(['call', '555-CALL', '--json']),
      runCli(['call', '9W5550111', '--json']),
      runCli(['listen', '--ring-in', '5550123,Bob', '--answer-after', '0', '--hangup-after', '10', '--json']),
      runCli(['listen', '--json', '--provider', 'sip', '--aor', 'sip:alice@127.0.0.1', '--local-address', '192.0.2.1']),
      // A greeting, the caller's keys, the digits gathered.
      runCli(['listen', '--ring-in', '5550123,Bob', '--caller-keys', '12#', '--answer-after', '0', '--play', wav.greeting, '--gather', '4', '--hangup-after', '0', '--json']),
      runCli(['call', '5550177', '--play', wav.greeting, '--hangup-after', '0', '--json']),
    ]);
    const kindOf = (line: Record<string, unknown>) =>
      ['listening', 'caller', 'state', 'request', 'played', 'dtmf', 'digits'].find((key) => key in line)?.replace('caller', 'incoming') ?? ('t' in line ? 'incomingEnd' : line.cause === null ? 'error' : 'result');
    const kinds = new Set<string>();
    for (const { stdout } of runs) {
      for (const line of jsonLines(stdout)) {
        expect({ line, errors: schemaErrors(schema, line) }).toEqual({ line, errors: [] });
        kinds.add(kindOf(line));
      }
    }
    expect([...kinds].sort()).toEqual(['digits', 'dtmf', 'error', 'incoming', 'incomingEnd', 'listening', 'played', 'request', 'result', 'state']);
    expect(jsonLines(runs[8].stdout).filter((line) => 'digits' in line)).toEqual([{ t: expect.any(Number), call: 'i0.1', digits: '12#', termination: 'TERMDIGIT' }]);
    expect(jsonLines(runs[9].stdout).filter((line) => 'played' in line)).toEqual([{ t: expect.any(Number), call: 'c1', played: wav.greeting, reason: 'done', frames: 15 }]);
    expect(jsonLines(runs[1].stdout).filter((line) => 'request' in line)).toEqual([
      { t: expect.any(Number), call: 'c1', request: 'hold', error: null },
    ]);
    expect(jsonLines(runs[4].stdout)).toEqual([{ result: 'error', cause: null, error: 'LINEERR_INVALADDRESS', message: expect.any(String) }]);
  });

  it('xtapi board --json: its one line matches the schema', async () => {
    const out: string[] = [];
    const done = boardCommand(['--port', '0', '--json'], { out: (l) => out.push(l), err: () => {} });
    while (out.length === 0) await new Promise((r) => setTimeout(r, 10));
    process.emit('SIGINT');
    await done;
    expect(out).toHaveLength(1);
    expect(schemaErrors(schema, JSON.parse(out[0]))).toEqual([]);
  });

  it('docs/cli-json.md describes every field of every kind of line, and its examples match the schema', () => {
    const page = readFileSync(new URL('docs/cli-json.md', ROOT), 'utf8');
    const examples = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(examples.length).toBeGreaterThanOrEqual(5); // xtapi call's (a plain call, a held and transferred one, a refused hold), xtapi listen's (a call, one that keys in digits)
    for (const line of examples.join('').trim().split('\n')) expect({ line, errors: schemaErrors(schema, JSON.parse(line)) }).toEqual({ line, errors: [] });
    expect(page).toContain('cli-json.schema.json');
    for (const kind of ['stateLine', 'requestLine', 'resultLine', 'errorLine', 'playedLine', 'listeningLine', 'incomingLine', 'incomingEndLine', 'dtmfLine', 'digitsLine', 'boardLine', 'cause']) {
      for (const field of Object.keys(schema.$defs[kind].properties)) expect({ kind, field, documented: page.includes(`\`${field}\``) }).toEqual({ kind, field, documented: true });
    }
  });
});
