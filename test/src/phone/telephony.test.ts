/**
 * The modern API's telephony and lines: devices, opening, limits, status, closing, shutdown.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../providers/provider.js';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { XtapiError } from '../../../src/phone/errors.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { harness } from '../../support/harness.js';

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof XtapiError ? e.code : String(e)));

describe('modern API: telephony and lines', () => {
  it('lists the devices of every provider, numbered in order', () => {
    const telephony = createTelephony({ providers: [simulatedProvider({ lines: 2 }), simulatedProvider({ name: 'other' })] });
    expect(telephony.devices.map((d) => [d.deviceId, d.providerName, d.name])).toEqual([
      [0, 'simulated', 'Simulated line 0'],
      [1, 'simulated', 'Simulated line 1'],
      [2, 'other', 'Simulated line 0'],
    ]);
    return telephony.shutdown();
  });

  it('defaults to one simulated line', async () => {
    const telephony = createTelephony();
    expect(telephony.devices).toHaveLength(1);
    await telephony.shutdown();
  });

  it('refuses a bad device, a second open and anything after shutdown', async () => {
    const h = await harness();
    expect(await code(h.telephony.openLine(3))).toBe('BADDEVICEID');
    expect(await code(h.telephony.openLine(0))).toBe('ALLOCATED');
    expect(h.telephony.line(0)).toBe(h.line);
    await h.shutdown();
    expect(await code(h.telephony.openLine(0))).toBe('SHUTDOWN');
    expect(await code(h.line.makeCall('5550111'))).toBe('INVALLINESTATE');
  });

  it('a line the provider refuses to open says why: the LINEERR_, the provider\'s words and the protocol detail', async () => {
    const sim = simulatedProvider();
    const telephony = createTelephony({
      providers: [{ ...sim, openLine: () => Promise.reject(new ProviderError('OPERATIONFAILED', 'registration refused: 403 Forbidden', { code: 403, reason: 'Forbidden' })) }],
    });
    const error = (await telephony.openLine(0).catch((e: unknown) => e)) as XtapiError;
    expect(error).toBeInstanceOf(XtapiError);
    expect([error.code, error.message, error.detail]).toEqual(['OPERATIONFAILED', 'line 0 could not be opened: LINEERR_OPERATIONFAILED: registration refused: 403 Forbidden', { code: 403, reason: 'Forbidden' }]);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code: 'OPERATIONFAILED', detail: { code: 403 } });
    await telephony.shutdown();
  });

  it('a call over the line limit is refused with CALLUNAVAIL; the status says so', async () => {
    const h = await harness({ timing: 'instant', maxCallsPerLine: 2 });
    await h.line.makeCall('5550111');
    expect(h.line.status).toEqual({ state: 'open', inService: true, outOfService: null, activeCalls: 1, canMakeCall: true });
    const second = await h.line.makeCall('5550112');
    expect(h.line.status).toEqual({ state: 'open', inService: true, outOfService: null, activeCalls: 2, canMakeCall: false });
    expect(await code(h.line.makeCall('5550113'))).toBe('CALLUNAVAIL');
    await second.drop();
    expect(h.line.status.canMakeCall).toBe(true);
    await h.shutdown();
  });

  it('closing a line drops its calls; the device can then be opened again', async () => {
    const h = await harness();
    const made = h.line.makeCall('5550111');
    h.clock.advance(2000);
    const call = await made;
    expect(call.state).toBe('connected');
    const closed = h.line.close();
    h.clock.runAll();
    await closed;
    expect(call.cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
    expect(h.telephony.line(0)).toBeUndefined();
    const again = await h.telephony.openLine(0);
    expect(again.status.state).toBe('open');
    await h.shutdown();
  });

  it('shutdown resolves only when every call has ended and every timer is gone', async () => {
    const clock = new ManualClock();
    const sim = simulatedProvider({ lines: 2 });
    const telephony = createTelephony({ providers: [sim], clock });
    const [a, b] = await Promise.all([telephony.openLine(0), telephony.openLine(1)]);
    const calls = [a.makeCall('5550111'), b.makeCall('5550112'), a.makeCall(null)];
    clock.advance(700);
    const made = await Promise.all(calls);
    let done = false;
    const stopping = telephony.shutdown().then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false); // drops are still with the provider (20 ms on the clock)
    expect(made.map((c) => c.state)).toEqual(['dropping', 'dropping', 'dropping']);
    clock.runAll();
    await stopping;
    expect(made.every((c) => c.snapshot.status === 'done')).toBe(true);
    expect(sim.calls()).toEqual([]);
    expect(clock.pending).toBe(0);
    expect(telephony.shutdown()).toBe(telephony.shutdown()); // same promise
  });
});
