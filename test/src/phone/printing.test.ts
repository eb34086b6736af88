/**
 * What `console.log` shows of the modern API's objects: a one-line summary, not the XState actor
 * inside (which printed hundreds of lines), and the same fields as JSON.
 */
import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { createTelephony } from '../../../src/phone/telephony.js';

it('a telephony, a line and a call print as one line each, and serialise to the same fields', async () => {
  const telephony = createTelephony({ providers: [simulatedProvider({ timing: 'instant', numbers: { '5550122': { outcome: 'busy' } } })] });
  const line = await telephony.openLine(0);
  const call = await line.makeCall('5550111');
  expect(inspect(telephony)).toBe('Telephony [simulated] 1 device(s), open: [0]');
  expect(inspect(line)).toBe('Line 0 "Simulated line 0" open, 1 call(s)');
  expect(inspect(call)).toBe('Call c1 connected (ACTIVE) to "5550111"');
  expect(inspect({ call }, { depth: 4 }).split('\n')).toHaveLength(1);
  await call.drop();
  expect(inspect(call)).toBe('Call c1 ended to "5550111" ended NORMAL by local');
  expect(JSON.parse(JSON.stringify(call))).toMatchObject({ id: 'c1', state: 'ended', cause: { mode: 'NORMAL', origin: 'local' } });
  expect(JSON.parse(JSON.stringify(line))).toMatchObject({ deviceId: 0, state: 'open', inService: true, activeCalls: 0, canMakeCall: true });
  await telephony.shutdown();
  expect(JSON.parse(JSON.stringify(telephony))).toEqual({ providers: ['simulated'], devices: 1, openLines: [], shutDown: true });
});
