import { expect, it } from 'vitest';
import { quickstart } from '../../examples/modern-quickstart.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

it('the modern quick start runs from start to end', async () => {
  const lines: string[] = [];
  const { cause, why } = await quickstart({ clock: new ManualClock(), log: (l) => lines.push(l) });
  expect(cause).toMatchObject({ mode: 'NORMAL', origin: 'local', connected: true });
  expect(why).toBe('BUSY');
  // Every state, also those that passed before makeCall resolved (timing 'instant': all of them up to connected).
  expect(lines).toEqual(['placing', 'dialtone NORMAL', 'dialing', 'proceeding', 'ringback', 'connected ACTIVE', 'dropping', 'ended', 'ended: NORMAL by local', 'second call: BUSY']);
});
