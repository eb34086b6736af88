/**
 * The modern API's view of a line going out of service and back: `line.status`, the `service`
 * event, makeCall refused with INVALLINESTATE and a message that says why, and a call under way
 * failed by its provider, cleanly.
 */
import { describe, expect, it } from 'vitest';
import type { LineServiceChange } from '../../../machines/line.js';
import { XtapiError } from '../../../src/phone/errors.js';
import { harness } from '../../support/harness.js';

describe('modern API: line service', () => {
  it('status, the service event and makeCall follow the line out of service and back', async () => {
    const h = await harness({ timing: 'instant' });
    expect(h.line.status).toEqual({ state: 'open', inService: true, outOfService: null, activeCalls: 0, canMakeCall: true });
    const heard: LineServiceChange[] = [];
    const off = h.line.on('service', (change) => heard.push(change));

    h.sim.setLineService(0, false, 'trunk down');
    expect(h.line.status).toEqual({ state: 'open', inService: false, outOfService: 'trunk down', activeCalls: 0, canMakeCall: false });
    expect(heard).toEqual([{ type: 'line.service', deviceId: 0, inService: false, error: 'INVALLINESTATE', message: 'trunk down' }]);
    const refused = await h.line.makeCall('5550111').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(XtapiError);
    expect(refused).toMatchObject({ code: 'INVALLINESTATE', message: 'the line is out of service: trunk down' });
    expect(() => h.line.createCallNow('5550111')).toThrow(expect.objectContaining({ code: 'INVALLINESTATE' }));
    expect(h.sim.calls()).toEqual([]); // nothing reached the switch

    h.sim.setLineService(0, true);
    expect(heard.at(-1)).toEqual({ type: 'line.service', deviceId: 0, inService: true, error: null, message: null });
    expect(h.line.status).toMatchObject({ inService: true, outOfService: null, canMakeCall: true });
    const call = await h.line.makeCall('5550111');
    await call.until('connected');

    off();
    h.sim.setLineService(0, false);
    expect(heard).toHaveLength(2); // no longer listening
    await h.shutdown();
  });

  it('a call under way when the line goes out of service fails with the cause, and the line holds nothing after', async () => {
    const h = await harness({ timing: 'instant', defaultOutcome: { outcome: 'answer', rings: 1, hangupAfterMs: 60_000 } });
    const call = await h.line.makeCall('5550111');
    await call.until('connected');
    h.sim.setLineService(0, false, 'trunk down');
    const cause = await call.ended();
    expect(cause).toMatchObject({ mode: 'UNAVAIL', origin: 'provider', state: 'connected', connected: true, error: 'INVALLINESTATE', message: 'the line went out of service: trunk down' });
    expect(h.line.status).toMatchObject({ activeCalls: 0, inService: false });
    await h.shutdown();
  });

  it('closes from out of service; the status of a closed line is not in service', async () => {
    const h = await harness({ timing: 'instant' });
    h.sim.setLineService(0, false);
    const done = h.line.close();
    h.clock.runAll();
    await done;
    expect(h.line.status).toEqual({ state: 'closed', inService: false, outOfService: null, activeCalls: 0, canMakeCall: false });
    expect(await h.line.makeCall('5550111').catch((e: unknown) => (e as XtapiError).code)).toBe('INVALLINESTATE');
    await h.shutdown();
  });
});
