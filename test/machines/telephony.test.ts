/**
 * The telephony root: device numbering across providers, opening and closing lines, shutdown.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { callsOf } from '../../machines/line.js';
import { bindProviders } from '../../machines/resources.js';
import { type DeviceEntry, telephonyMachine, type TelephonyEmitted } from '../../machines/telephony.js';
import type { Provider } from '../../providers/provider.js';
import { scriptedDevice, scriptedProvider } from '../support/scripted-provider.js';

function startRoot(providers: Provider[]) {
  const devices: DeviceEntry[] = [];
  providers.forEach((provider, providerIndex) =>
    provider.lines.forEach((device, lineIndex) =>
      devices.push({ deviceId: devices.length, providerIndex, providerName: provider.name, lineIndex, device }),
    ),
  );
  const root = createActor(telephonyMachine, { input: { devices } });
  bindProviders(root.system, providers);
  const emitted: TelephonyEmitted[] = [];
  root.on('*', (e) => emitted.push(e));
  root.start();
  return { root, emitted, devices };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('telephony root', () => {
  it('numbers the line devices of all providers 0..n-1, provider by provider', async () => {
    const a = scriptedProvider({ name: 'a', lines: [scriptedDevice({ name: 'a0' }), scriptedDevice({ name: 'a1' })] });
    const b = scriptedProvider({ name: 'b', lines: [scriptedDevice({ name: 'b0' })] });
    const { root, devices } = startRoot([a, b]);
    expect(devices.map((d) => [d.deviceId, d.providerName, d.lineIndex, d.device.name])).toEqual([
      [0, 'a', 0, 'a0'],
      [1, 'a', 1, 'a1'],
      [2, 'b', 0, 'b0'],
    ]);
    root.send({ type: 'LINE.OPEN', deviceId: 2 });
    await settle();
    expect(b.opened).toEqual([0]);
    expect(root.getSnapshot().context.lines['line-2'].getSnapshot().value).toEqual({ open: 'inService' });
  });

  it('refuses an unknown device with BADDEVICEID and a second open with ALLOCATED', () => {
    const { root, emitted } = startRoot([scriptedProvider()]);
    root.send({ type: 'LINE.OPEN', deviceId: 7 });
    root.send({ type: 'LINE.OPEN', deviceId: -1 });
    root.send({ type: 'LINE.OPEN', deviceId: 0.5 });
    root.send({ type: 'LINE.OPEN', deviceId: 0 });
    root.send({ type: 'LINE.OPEN', deviceId: 0 });
    expect(emitted.filter((e) => e.type === 'line.refused').map((e) => e.type === 'line.refused' && e.error)).toEqual([
      'BADDEVICEID',
      'BADDEVICEID',
      'BADDEVICEID',
      'ALLOCATED',
    ]);
  });

  it('closing a line removes it, and the device can be opened again', async () => {
    const sim = scriptedProvider();
    const { root, emitted } = startRoot([sim]);
    root.send({ type: 'LINE.OPEN', deviceId: 0 });
    await settle();
    root.send({ type: 'LINE.CLOSE', deviceId: 0 });
    await settle();
    expect(root.getSnapshot().context.lines).toEqual({});
    expect(Object.keys(root.getSnapshot().children)).toEqual([]);
    expect(emitted.some((e) => e.type === 'line.removed')).toBe(true);
    root.send({ type: 'LINE.OPEN', deviceId: 0 });
    await settle();
    expect(sim.opened).toEqual([0, 0]);
  });

  it('shutdown closes every line and ends only once none is left; opening then is refused', async () => {
    const sim = scriptedProvider({ lines: [scriptedDevice(), scriptedDevice()] });
    const { root, emitted } = startRoot([sim]);
    root.send({ type: 'LINE.OPEN', deviceId: 0 });
    root.send({ type: 'LINE.OPEN', deviceId: 1 });
    await settle();
    const line = root.getSnapshot().context.lines['line-0'];
    line.send({ type: 'CALL.CREATE', callId: 'c1', address: '1', destination: '1', complete: true });
    const call = callsOf(line.getSnapshot())['1']; // the first call slot (the provider service is child 0)
    call.send({ type: 'MAKE' });
    sim.last().report({ type: 'PROVIDER.CONNECTED' });
    root.send({ type: 'SHUTDOWN' });
    root.send({ type: 'LINE.OPEN', deviceId: 0 });
    expect(emitted.at(-1)).toMatchObject({ type: 'line.refused', error: 'INVALLINESTATE' });
    await settle();
    expect(root.getSnapshot().value).toBe('stopping'); // the call still waits for its drop
    sim.last().report({ type: 'PROVIDER.IDLE' });
    await settle();
    expect(root.getSnapshot().status).toBe('done');
    expect(sim.closed.sort()).toEqual([0, 1]);
    expect(Object.keys(root.getSnapshot().children)).toEqual([]);
  });
});
