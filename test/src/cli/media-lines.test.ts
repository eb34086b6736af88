/**
 * The lines `--play` and `--gather` print: as text in the progress columns, and as JSON with
 * exactly the fields `docs/cli-json.schema.json` lists (the schema itself is checked against real
 * runs in json-output.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { mediaLine, mediaText } from '../../../src/cli/media-lines.js';
import { XtapiError } from '../../../src/phone/errors.js';

const noAudio = new XtapiError('OPERATIONUNAVAIL', 'the provider carries no audio for this call (play)');

describe('media lines', () => {
  it('played: done or cancelled with the frames sent, or failed with the LINEERR_', () => {
    const done = { kind: 'played', file: 'greeting.wav', result: { reason: 'done', frames: 15 } } as const;
    expect(mediaText(done)).toBe('played        "greeting.wav": done, 15 frames (0.30 s)');
    expect(mediaLine(311, 'i0.1', done)).toEqual({ t: 311, call: 'i0.1', played: 'greeting.wav', reason: 'done', frames: 15 });
    expect(mediaText({ kind: 'played', file: 'a.wav', result: { reason: 'cancelled', frames: 1 } })).toBe('played        "a.wav": cancelled, 1 frame (0.02 s)');
    const failed = { kind: 'played', file: 'a.wav', error: noAudio } as const;
    expect(mediaText(failed)).toBe('played        "a.wav": failed: LINEERR_OPERATIONUNAVAIL: the provider carries no audio for this call (play)');
    expect(mediaLine(5, 'c1', failed)).toEqual({ t: 5, call: 'c1', played: 'a.wav', reason: null, frames: 0, error: 'LINEERR_OPERATIONUNAVAIL', message: noAudio.message });
  });

  it('dtmf: the key, and how it came when the provider said', () => {
    expect(mediaText({ kind: 'dtmf', digit: '#', via: null })).toBe('dtmf          #');
    expect(mediaText({ kind: 'dtmf', digit: '5', via: 'rfc4733' })).toBe('dtmf          5 (rfc4733)');
    expect(mediaLine(831, 'i0.1', { kind: 'dtmf', digit: '1', via: null })).toEqual({ t: 831, call: 'i0.1', dtmf: '1', via: null });
  });

  it('digits: what was gathered and why it ended, or failed with both null', () => {
    const gathered = { kind: 'digits', gathered: { digits: '12#', termination: 'TERMDIGIT' } } as const;
    expect(mediaText(gathered)).toBe('digits        "12#" TERMDIGIT');
    expect(mediaLine(1332, 'i0.1', gathered)).toEqual({ t: 1332, call: 'i0.1', digits: '12#', termination: 'TERMDIGIT' });
    expect(mediaText({ kind: 'digits', gathered: { digits: '', termination: 'FIRSTTIMEOUT' } })).toBe('digits        "" FIRSTTIMEOUT');
    const state = new XtapiError('INVALCALLSTATE', 'digits are gathered on a connected or held call, not one in state dialing');
    expect(mediaLine(9, 'c1', { kind: 'digits', error: state })).toEqual({ t: 9, call: 'c1', digits: null, termination: null, error: 'LINEERR_INVALCALLSTATE', message: state.message });
  });

  it('a message from the provider is escaped: no control character reaches the terminal', () => {
    expect(mediaText({ kind: 'played', file: 'a\u0007.wav', error: new XtapiError('OPERATIONFAILED', 'bad\u001b[31m') })).toBe('played        "a\\u0007.wav": failed: LINEERR_OPERATIONFAILED: bad\\u001b[31m');
  });
});
