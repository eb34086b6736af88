/**
 * lineGenerateDigits and LINE_GENERATE: DTMF on a connected call (the chart's GENERATE_DIGITS),
 * 0 at once and LINE_GENERATE LINEGENERATETERM_DONE with the tick count once the provider has
 * the digits; the error codes of Microsoft's page; invalid characters ignored, not reported;
 * NULL cancels nothing (no generation is ever in progress); LINECALLFEATURE_GENERATEDIGITS
 * exactly when the call is connected; LINEDEVCAPS dwGenerateDigitModes.
 */
import { describe, expect, it } from 'vitest';
import {
  LINECALLFEATURE_GENERATEDIGITS,
  LINECALLSTATE_CONNECTED,
  LINECALLSTATE_DIALTONE,
  LINECALLSTATE_DISCONNECTED,
  LINECALLSTATE_IDLE,
  LINECALLSTATE_PROCEEDING,
  LINEDIGITMODE_DTMF,
  LINEDIGITMODE_DTMFEND,
  LINEDIGITMODE_PULSE,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALCALLSTATE,
  LINEERR_INVALDIGITMODE,
  LINEERR_INVALPOINTER,
  LINEERR_UNINITIALIZED,
  LINEGENERATETERM_DONE,
  type LINECALLSTATUS,
  type LINEDEVCAPS,
} from '../../../src/tapi2/index.js';
import { flush, type Harness, INST, tapi2Harness, V22 } from './tapi2-harness.js';

const DTMF = LINEDIGITMODE_DTMF;
const done = (h: Harness, hCall: number) => ['LINE_GENERATE', hCall, INST, LINEGENERATETERM_DONE, 0, h.clock.now() >>> 0];
const status = (h: Harness, hCall: number) => {
  const s = {} as LINECALLSTATUS;
  expect(h.tapi.lineGetCallStatus(hCall, s)).toBe(0);
  return s;
};
const dtmf = (h: Harness) => h.sim.calls()[0]?.dtmf;

/** A connected call on the instant switch, its messages taken. */
async function connected(h: Harness) {
  const { hCall } = h.makeCall('5550111');
  await flush();
  expect(status(h, hCall.value).dwCallState).toBe(LINECALLSTATE_CONNECTED);
  h.take();
  return hCall.value;
}

describe('lineGenerateDigits on a connected call', () => {
  it('returns 0 at once; LINE_GENERATE DONE (hDevice = hCall, tick count) follows; the provider has the DTMF', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    await h.advance(4321);
    expect(h.tapi.lineGenerateDigits(c, DTMF, '0123456789ABCD*#', 0)).toBe(0);
    expect(h.take()).toEqual([]); // never delivered inside the function
    await flush();
    expect(h.take()).toEqual([done(h, c)]);
    expect(h.log).toEqual([]);
    expect(dtmf(h)).toBe('0123456789ABCD*#');
    await h.shutdown();
  });

  it('dwParam3 is a DWORD tick count: it wraps after 2^32 ms', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    await h.advance(0x100000000 + 7 - h.clock.now());
    expect(h.tapi.lineGenerateDigits(c, DTMF, '5', 0)).toBe(0);
    await flush();
    expect(h.take()).toEqual([['LINE_GENERATE', c, INST, LINEGENERATETERM_DONE, 0, 7]]);
    await h.shutdown();
  });

  it('each request is done before the next: two in a row give two DONEs in order and both strings', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    expect(h.tapi.lineGenerateDigits(c, DTMF, '12', 0)).toBe(0);
    expect(h.tapi.lineGenerateDigits(c, DTMF, '34', 100)).toBe(0);
    await flush();
    expect(h.take()).toEqual([done(h, c), done(h, c)]);
    expect(dtmf(h)).toBe('1234');
    await h.shutdown();
  });

  it('invalid characters are ignored, not reported; a-d are A-D; "," (pause) and "!" (flash) are dropped', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    expect(h.tapi.lineGenerateDigits(c, DTMF, '1,,2!a x#E9', 0)).toBe(0);
    expect(h.tapi.lineGenerateDigits(c, DTMF, ',,xyz', 0)).toBe(0); // nothing to send: done at once
    expect(h.tapi.lineGenerateDigits(c, DTMF, '', 0)).toBe(0);
    await flush();
    expect(h.take()).toEqual([done(h, c), done(h, c), done(h, c)]);
    expect(dtmf(h)).toBe('12A#9');
    await h.shutdown();
  });

  it('NULL lpszDigits cancels nothing (no generation is ever in progress): 0 and no message', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    expect(h.tapi.lineGenerateDigits(c, DTMF, null, 0)).toBe(0);
    expect(h.tapi.lineGenerateDigits(c, DTMF, '7', 0)).toBe(0);
    expect(h.tapi.lineGenerateDigits(c, DTMF, null, 0)).toBe(0);
    await flush();
    expect(h.take()).toEqual([done(h, c)]);
    expect(dtmf(h)).toBe('7');
    await h.shutdown();
  });

  it('LINE_GENERATE keeps its place among the call messages: before the drop it preceded', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    expect(h.tapi.lineGenerateDigits(c, DTMF, '1', 0)).toBe(0);
    const drop = h.tapi.lineDrop(c, null, 0);
    await h.settle();
    const messages = h.take();
    expect(messages[0]).toEqual(done(h, c));
    expect(messages.slice(1).map((m) => m[0])).not.toContain('LINE_GENERATE');
    expect(messages).toContainEqual(['LINE_REPLY', 0, INST, drop, 0, 0]);
    await h.shutdown();
  });

  it('a LINE_GENERATE still queued when the line is closed is withdrawn', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    expect(h.tapi.lineGenerateDigits(c, DTMF, '1', 0)).toBe(0);
    expect(h.tapi.lineClose(h.hLine.value)).toBe(0);
    await h.settle();
    expect(h.take().filter((m) => m[0] === 'LINE_GENERATE')).toEqual([]);
    await h.shutdown();
  });
});

describe('lineGenerateDigits errors', () => {
  it('a bad call handle: LINEERR_INVALCALLHANDLE', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    await connected(h);
    for (const bad of [0, -1, h.hLine.value, h.hLineApp.value, 0x7fffffff]) {
      expect(h.tapi.lineGenerateDigits(bad, DTMF, '1', 0)).toBe(LINEERR_INVALCALLHANDLE);
    }
    await h.shutdown();
  });

  it('a digit mode other than LINEDIGITMODE_DTMF (the one dwGenerateDigitModes offers): LINEERR_INVALDIGITMODE', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    for (const mode of [0, LINEDIGITMODE_PULSE, LINEDIGITMODE_DTMFEND, LINEDIGITMODE_PULSE | DTMF, 8, -1, 1.5, '2' as never]) {
      expect(h.tapi.lineGenerateDigits(c, mode, '1', 0)).toBe(LINEERR_INVALDIGITMODE);
    }
    await flush();
    expect(h.take()).toEqual([]);
    expect(dtmf(h)).toBe('');
    const caps = {} as LINEDEVCAPS;
    expect(h.tapi.lineGetDevCaps(h.hLineApp.value, 0, V22, 0, caps)).toBe(0);
    expect(caps.dwGenerateDigitModes).toBe(DTMF);
    await h.shutdown();
  });

  it('digits that are not a string: LINEERR_INVALPOINTER', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    expect(h.tapi.lineGenerateDigits(c, DTMF, 42 as never, 0)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineGenerateDigits(c, DTMF, ['1'] as never, 0)).toBe(LINEERR_INVALPOINTER);
    await flush();
    expect(h.take()).toEqual([]);
    await h.shutdown();
  });

  it('DIALTONE, PROCEEDING, DISCONNECTED, IDLE: LINEERR_INVALCALLSTATE, nothing sent; the feature bit only when CONNECTED', async () => {
    const h = await tapi2Harness({ numbers: { '5550155': { outcome: 'answer', hangupAfterMs: 1500 } } });
    const { hCall } = h.makeCall(null);
    await h.advance(150);
    const c = hCall.value;
    const refused = (state: number) => {
      const s = status(h, c);
      expect(s.dwCallState).toBe(state);
      expect(s.dwCallFeatures & LINECALLFEATURE_GENERATEDIGITS).toBe(0);
      expect(h.tapi.lineGenerateDigits(c, DTMF, '1', 0)).toBe(LINEERR_INVALCALLSTATE);
    };
    refused(LINECALLSTATE_DIALTONE);
    h.tapi.lineDial(c, '5550155', 0);
    await h.advance(560);
    refused(LINECALLSTATE_PROCEEDING);
    // On through RINGBACK: refused in every state before CONNECTED.
    while (status(h, c).dwCallState !== LINECALLSTATE_CONNECTED) {
      refused(status(h, c).dwCallState);
      await h.advance(50);
    }
    expect(status(h, c).dwCallFeatures & LINECALLFEATURE_GENERATEDIGITS).toBe(LINECALLFEATURE_GENERATEDIGITS);
    await h.advance(1500);
    refused(LINECALLSTATE_DISCONNECTED);
    h.tapi.lineDrop(c, null, 0);
    await h.settle();
    refused(LINECALLSTATE_IDLE);
    expect(h.take().filter((m) => m[0] === 'LINE_GENERATE')).toEqual([]);
    await h.shutdown();
  });

  it('after lineShutdown: LINEERR_UNINITIALIZED, as every call function', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const c = await connected(h);
    expect(h.tapi.lineShutdown(h.hLineApp.value)).toBe(0);
    expect(h.tapi.lineGenerateDigits(c, DTMF, '1', 0)).toBe(LINEERR_UNINITIALIZED);
    h.hLineApp.value = 0;
    await h.shutdown();
  });
});
