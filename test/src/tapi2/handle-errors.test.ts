/**
 * Every bad handle and bad pointer gives the LINEERR_ TAPI lists for the function, never an
 * exception: before initialisation and after shutdown (LINEERR_UNINITIALIZED, or the invalid
 * handle code while another application is initialised), stale and foreign handles, NULL and
 * read-only out-parameters and structures.
 */
import { describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import {
  createTapi2,
  LINEERR_INVALAPPHANDLE,
  LINEERR_INVALAPPNAME,
  LINEERR_INVALCALLHANDLE,
  LINEERR_INVALLINEHANDLE,
  LINEERR_INVALPARAM,
  LINEERR_INVALPOINTER,
  LINEERR_OPERATIONFAILED,
  LINEERR_STRUCTURETOOSMALL,
  LINEERR_UNINITIALIZED,
  LINEERR_USERUSERINFOTOOBIG,
  LINEINITIALIZEEXOPTION_USECOMPLETIONPORT,
  LINEINITIALIZEEXOPTION_USEEVENT,
  LINEINITIALIZEEXOPTION_USEHIDDENWINDOW,
  type Tapi2,
} from '../../../src/tapi2/index.js';
import { flush, tapi2Harness, V22 } from './tapi2-harness.js';

const BAD_HANDLES: unknown[] = [0, -1, 1, 0x7fffffff, 1.5, Number.NaN, '65537', null, undefined, {}];

/** Every function that takes a handle, called with `h` in the handle's place and good other arguments. */
function withHandle(tapi: Tapi2, h: unknown) {
  const any = h as number;
  return {
    lineShutdown: tapi.lineShutdown(any),
    lineNegotiateAPIVersion: tapi.lineNegotiateAPIVersion(any, 0, V22, V22, { value: 0 }, {}),
    lineGetDevCaps: tapi.lineGetDevCaps(any, 0, V22, 0, {}),
    lineOpen: tapi.lineOpen(any, 0, { value: 0 }, V22, 0, 0, 1, 0, null),
    lineClose: tapi.lineClose(any),
    lineGetLineDevStatus: tapi.lineGetLineDevStatus(any, {}),
    lineSetStatusMessages: tapi.lineSetStatusMessages(any, 0, 0),
    lineGetStatusMessages: tapi.lineGetStatusMessages(any, { value: 0 }, { value: 0 }),
    lineMakeCall: tapi.lineMakeCall(any, { value: 0 }, '5550111', 0, null),
    lineDial: tapi.lineDial(any, '1', 0),
    lineDrop: tapi.lineDrop(any, null, 0),
    lineGenerateDigits: tapi.lineGenerateDigits(any, 2, '1', 0),
    lineDeallocateCall: tapi.lineDeallocateCall(any),
    lineGetCallStatus: tapi.lineGetCallStatus(any, {}),
    lineGetCallInfo: tapi.lineGetCallInfo(any, {}),
  };
}

const expected = (app: number, line: number, call: number) => ({
  lineShutdown: app,
  lineNegotiateAPIVersion: app,
  lineGetDevCaps: app,
  lineOpen: app,
  lineClose: line,
  lineGetLineDevStatus: line,
  lineSetStatusMessages: line,
  lineGetStatusMessages: line,
  lineMakeCall: line,
  lineDial: call,
  lineDrop: call,
  lineGenerateDigits: call,
  lineDeallocateCall: call,
  lineGetCallStatus: call,
  lineGetCallInfo: call,
});

describe('bad handles', () => {
  it('before lineInitializeEx every function is LINEERR_UNINITIALIZED (lineGetMessage: INVALAPPHANDLE)', async () => {
    const tapi = createTapi2({ providers: [simulatedProvider()], clock: new ManualClock() });
    for (const h of [...BAD_HANDLES, 0x10001]) {
      expect(withHandle(tapi, h)).toEqual(expected(LINEERR_UNINITIALIZED, LINEERR_UNINITIALIZED, LINEERR_UNINITIALIZED));
      expect(await tapi.lineGetMessage(h as number, {}, 0)).toBe(LINEERR_INVALAPPHANDLE);
    }
    expect(tapi.telephony).toBeNull(); // nothing was started
  });

  it('with an application initialised, a bad handle of each kind is INVALAPPHANDLE / INVALLINEHANDLE / INVALCALLHANDLE', async () => {
    const h = await tapi2Harness();
    for (const bad of BAD_HANDLES) {
      expect(withHandle(h.tapi, bad)).toEqual(expected(LINEERR_INVALAPPHANDLE, LINEERR_INVALLINEHANDLE, LINEERR_INVALCALLHANDLE));
    }
    await h.shutdown();
  });

  it('a handle of one kind where another is expected is invalid', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    const { hLineApp, hLine, tapi } = h;
    expect(tapi.lineClose(hLineApp.value)).toBe(LINEERR_INVALLINEHANDLE);
    expect(tapi.lineClose(hCall.value)).toBe(LINEERR_INVALLINEHANDLE);
    expect(tapi.lineMakeCall(hCall.value, { value: 0 }, '1', 0, null)).toBe(LINEERR_INVALLINEHANDLE);
    expect(tapi.lineDrop(hLine.value, null, 0)).toBe(LINEERR_INVALCALLHANDLE);
    expect(tapi.lineGetCallStatus(hLineApp.value, {})).toBe(LINEERR_INVALCALLHANDLE);
    expect(tapi.lineOpen(hLine.value, 0, { value: 0 }, V22, 0, 0, 1, 0, null)).toBe(LINEERR_INVALAPPHANDLE);
    expect(tapi.lineShutdown(hCall.value)).toBe(LINEERR_INVALAPPHANDLE);
    await h.shutdown();
  });

  it('a call handle is invalid until its LINE_REPLY is delivered', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    h.makeCall('5550111');
    // The handle the reply will carry is the next one; it must not work before the reply.
    const next = h.hLine.value + 1;
    expect(h.tapi.lineGetCallStatus(next, {})).toBe(LINEERR_INVALCALLHANDLE);
    expect(h.tapi.lineDrop(next, null, 0)).toBe(LINEERR_INVALCALLHANDLE);
    await flush();
    expect(h.tapi.lineGetCallStatus(next, {})).toBe(0);
    await h.shutdown();
  });

  it('after lineShutdown: UNINITIALIZED when it was the last application, the invalid-handle codes while another is initialised', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    const other = { value: 0 };
    expect(h.tapi.lineInitializeEx(other, null, () => {}, 'other', { value: 0 }, { value: V22 }, { dwOptions: 1 })).toBe(0);
    expect(h.tapi.lineShutdown(h.hLineApp.value)).toBe(0);
    const stale = { app: h.hLineApp.value, line: h.hLine.value, call: hCall.value };
    expect(h.tapi.lineShutdown(stale.app)).toBe(LINEERR_INVALAPPHANDLE);
    expect(h.tapi.lineClose(stale.line)).toBe(LINEERR_INVALLINEHANDLE);
    expect(h.tapi.lineGetCallInfo(stale.call, {})).toBe(LINEERR_INVALCALLHANDLE);
    expect(h.tapi.lineShutdown(other.value)).toBe(0);
    expect(withHandle(h.tapi, stale.call)).toEqual(expected(LINEERR_UNINITIALIZED, LINEERR_UNINITIALIZED, LINEERR_UNINITIALIZED));
    h.hLineApp.value = 0;
    await h.shutdown();
  });
});

describe('bad pointers and structures', () => {
  const frozen = () => Object.freeze({ value: 0 });

  it('lineInitializeEx: NULL or read-only out-parameters, missing params, callback, options, name', async () => {
    const tapi = createTapi2({ providers: [simulatedProvider()], clock: new ManualClock() });
    const cb = () => {};
    const ok = (over: Partial<Record<'app' | 'cb' | 'name' | 'devs' | 'ver' | 'params', unknown>>) =>
      tapi.lineInitializeEx(
        ('app' in over ? over.app : { value: 0 }) as never,
        null,
        ('cb' in over ? over.cb : cb) as never,
        ('name' in over ? over.name : 'app') as never,
        ('devs' in over ? over.devs : { value: 0 }) as never,
        ('ver' in over ? over.ver : { value: V22 }) as never,
        ('params' in over ? over.params : { dwOptions: LINEINITIALIZEEXOPTION_USEHIDDENWINDOW }) as never,
      );
    expect(ok({ app: null })).toBe(LINEERR_INVALPOINTER);
    expect(ok({ app: frozen() })).toBe(LINEERR_INVALPOINTER);
    expect(ok({ devs: undefined })).toBe(LINEERR_INVALPOINTER);
    expect(ok({ ver: 0x20002 })).toBe(LINEERR_INVALPOINTER);
    expect(ok({ params: null })).toBe(LINEERR_INVALPOINTER);
    expect(ok({ cb: null })).toBe(LINEERR_INVALPOINTER);
    expect(ok({ params: { dwOptions: LINEINITIALIZEEXOPTION_USECOMPLETIONPORT } })).toBe(LINEERR_INVALPARAM);
    expect(ok({ params: { dwOptions: 0 } })).toBe(LINEERR_INVALPARAM);
    expect(ok({ params: { dwOptions: 'event' } })).toBe(LINEERR_INVALPARAM);
    expect(ok({ name: 42 })).toBe(LINEERR_INVALPOINTER);
    expect(ok({ name: 'bad\nname' })).toBe(LINEERR_INVALAPPNAME);
    expect(tapi.telephony).toBeNull(); // no failed call started anything
    // Event mode needs no callback; NULL name is fine.
    const app = { value: 0 };
    expect(tapi.lineInitializeEx(app, null, null, null, { value: 0 }, { value: 0 }, { dwOptions: LINEINITIALIZEEXOPTION_USEEVENT })).toBe(0);
    expect(tapi.lineShutdown(app.value)).toBe(0);
    await tapi.whenIdle();
  });

  it('the structure functions: NULL, read-only, or too small (dwTotalSize below the fixed part)', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    const { tapi, hLineApp, hLine } = h;
    for (const bad of [null, undefined, 5, 'x', Object.freeze({})]) {
      expect(tapi.lineGetCallStatus(hCall.value, bad as never)).toBe(LINEERR_INVALPOINTER);
      expect(tapi.lineGetCallInfo(hCall.value, bad as never)).toBe(LINEERR_INVALPOINTER);
      expect(tapi.lineGetLineDevStatus(hLine.value, bad as never)).toBe(LINEERR_INVALPOINTER);
      expect(tapi.lineGetDevCaps(hLineApp.value, 0, V22, 0, bad as never)).toBe(LINEERR_INVALPOINTER);
      expect(tapi.lineNegotiateAPIVersion(hLineApp.value, 0, V22, V22, { value: 0 }, bad as never)).toBe(LINEERR_INVALPOINTER);
      expect(await tapi.lineGetMessage(hLineApp.value, bad as never, 0)).toBe(LINEERR_INVALAPPHANDLE); // callback app
    }
    expect(tapi.lineNegotiateAPIVersion(hLineApp.value, 0, V22, V22, null, {})).toBe(LINEERR_INVALPOINTER);
    for (const small of [0, 16, 55, 'big']) {
      expect(tapi.lineGetCallStatus(hCall.value, { dwTotalSize: small as number })).toBe(LINEERR_STRUCTURETOOSMALL);
      expect(tapi.lineGetCallInfo(hCall.value, { dwTotalSize: small as number })).toBe(LINEERR_STRUCTURETOOSMALL);
      expect(tapi.lineGetLineDevStatus(hLine.value, { dwTotalSize: small as number })).toBe(LINEERR_STRUCTURETOOSMALL);
      expect(tapi.lineGetDevCaps(hLineApp.value, 0, V22, 0, { dwTotalSize: small as number })).toBe(LINEERR_STRUCTURETOOSMALL);
    }
    // Exactly the fixed part is enough (LINECALLSTATUS: 10 DWORDs and a SYSTEMTIME).
    expect(tapi.lineGetCallStatus(hCall.value, { dwTotalSize: 56 })).toBe(0);
    await h.shutdown();
  });

  it('lineMakeCall and lineOpen: NULL or read-only out-parameter, an address that is not a string', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { tapi, hLineApp, hLine } = h;
    expect(tapi.lineMakeCall(hLine.value, null, '5550111', 0, null)).toBe(LINEERR_INVALPOINTER);
    expect(tapi.lineMakeCall(hLine.value, frozen(), '5550111', 0, null)).toBe(LINEERR_INVALPOINTER);
    expect(tapi.lineMakeCall(hLine.value, { value: 0 }, 5550111 as never, 0, null)).toBe(LINEERR_INVALPOINTER);
    expect(tapi.lineMakeCall(hLine.value, { value: 0 }, '5550111', 0, 'params' as never)).toBe(LINEERR_INVALPOINTER);
    expect(tapi.lineOpen(hLineApp.value, 0, null, V22, 0, 0, 1, 0, null)).toBe(LINEERR_INVALPOINTER);
    expect(tapi.lineOpen(hLineApp.value, 0, frozen(), V22, 0, 0, 1, 0, null)).toBe(LINEERR_INVALPOINTER);
    await flush();
    expect(h.take()).toEqual([]);
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });

  it('lineDrop: user-user information that is not bytes, a size beyond it, or any at all (the line carries none)', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const { hCall } = h.makeCall('5550111');
    await flush();
    expect(h.tapi.lineDrop(hCall.value, 42 as never, 2)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineDrop(hCall.value, 'ab', 3)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineDrop(hCall.value, 'ab', -1)).toBe(LINEERR_INVALPOINTER);
    expect(h.tapi.lineDrop(hCall.value, new Uint8Array([1, 2]), 2)).toBe(LINEERR_USERUSERINFOTOOBIG);
    expect(h.tapi.lineDrop(hCall.value, 'ab', 0)).toBeGreaterThan(0); // zero bytes of it: nothing to send
    await h.shutdown();
  });

  it('never throws, even on objects whose properties throw', async () => {
    const h = await tapi2Harness({ timing: 'instant' });
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        getOwnPropertyDescriptor() {
          throw new Error('boom');
        },
      },
    );
    const { tapi, hLine, hLineApp } = h;
    expect(tapi.lineMakeCall(hLine.value, { value: 0 }, '5550111', 0, hostile as never)).toBe(LINEERR_OPERATIONFAILED);
    expect(tapi.lineMakeCall(hLine.value, hostile as never, '5550111', 0, null)).toBe(LINEERR_OPERATIONFAILED);
    expect(tapi.lineGetLineDevStatus(hLine.value, hostile as never)).toBe(LINEERR_OPERATIONFAILED);
    expect(await tapi.lineGetMessage(hLineApp.value, hostile as never, 0)).toBeLessThan(0);
    expect(tapi.lineInitializeEx(hostile as never, null, null, null, hostile as never, hostile as never, hostile as never)).toBeLessThan(0);
    await flush();
    expect(h.sim.calls()).toEqual([]);
    await h.shutdown();
  });
});
