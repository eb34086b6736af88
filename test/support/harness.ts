/**
 * A telephony over the simulated switch on a manual clock, with the checks every test wants at
 * the end: nothing left running.
 */
import { expect } from 'vitest';
import { simulatedProvider, type SimulatedProviderOptions } from '../../providers/simulated/index.js';
import { createTelephony, type TelephonyOptions } from '../../src/phone/telephony.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

export async function harness(options: SimulatedProviderOptions = {}, telephonyOptions: Omit<TelephonyOptions, 'providers' | 'clock'> = {}) {
  const clock = new ManualClock();
  const sim = simulatedProvider(options);
  const telephony = createTelephony({ providers: [sim], clock, ...telephonyOptions });
  const line = await telephony.openLine(0);
  return {
    clock,
    sim,
    telephony,
    line,
    /** Shut down (letting simulated time run so drops complete) and check that nothing is left. */
    async shutdown() {
      const done = telephony.shutdown();
      clock.runAll();
      await done;
      expect(telephony.actor.getSnapshot().status).toBe('done');
      expect(Object.keys(telephony.actor.getSnapshot().children)).toEqual([]);
      expect(sim.calls()).toEqual([]);
      expect(clock.pending).toBe(0);
    },
  };
}
