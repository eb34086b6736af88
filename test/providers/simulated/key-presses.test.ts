/**
 * The simulated far end's key presses (rule 12 of the provider contract): one PROVIDER.DIGIT per
 * key at its time, only DTMF keys, nothing while the call is not connected, nothing after stop.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderEvent } from '../../../providers/provider.js';
import { KEY_INTERVAL_MS, KeyPresses } from '../../../providers/simulated/key-presses.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

function keyed(connected = true) {
  const clock = new ManualClock();
  const call = { callId: 'c1', connected, isConnected: () => call.connected };
  const heard: Array<[string, number]> = [];
  const keys = new KeyPresses(clock, call, (callId, event: ProviderEvent) => {
    expect(callId).toBe('c1');
    if (event.type === 'PROVIDER.DIGIT') heard.push([event.digit, clock.now()]);
  });
  return { clock, call, heard, keys };
}

describe('simulated key presses', () => {
  it('one digit per key, after afterMs and then every intervalMs (250 ms by default); other characters skipped', () => {
    const k = keyed();
    k.keys.say({ digits: '1-2 a#', afterMs: 100 });
    k.clock.advance(100 + 3 * KEY_INTERVAL_MS);
    expect(k.heard).toEqual([['1', 100], ['2', 350], ['A', 600], ['#', 850]]);
    expect(k.clock.pending).toBe(0);
  });

  it('a key pressed while the call is not connected is lost', () => {
    const k = keyed(false);
    k.keys.say({ digits: '12', intervalMs: 10 });
    k.clock.advance(0);
    k.call.connected = true;
    k.clock.advance(10);
    expect(k.heard).toEqual([['2', 10]]);
  });

  it('stop cancels every key still to come', () => {
    const k = keyed();
    k.keys.say({ digits: '123', intervalMs: 10 });
    k.clock.advance(0);
    k.keys.stop();
    k.clock.advance(100);
    expect(k.heard).toEqual([['1', 0]]);
    expect(k.clock.pending).toBe(0);
  });
});
