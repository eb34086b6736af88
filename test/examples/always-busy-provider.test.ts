import { expect, it } from 'vitest';
import { alwaysBusyProvider } from '../../examples/always-busy-provider.js';
import { createTelephony } from '../../src/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

it('a provider written from the contract alone works under every rule of the core', async () => {
  const clock = new ManualClock();
  const provider = alwaysBusyProvider();
  const telephony = createTelephony({ providers: [provider], clock });
  const line = await telephony.openLine(0);
  const call = await line.makeCall('5550111');
  expect(call.state).toBe('proceeding');
  clock.advance(300);
  expect(await call.ended()).toMatchObject({ mode: 'BUSY', origin: 'remote' });
  const second = await line.makeCall('5550112');
  expect(await second.drop()).toMatchObject({ mode: 'NORMAL', origin: 'local' });
  await telephony.shutdown();
  expect(provider.live()).toBe(0);
  expect(clock.pending).toBe(0);
});
