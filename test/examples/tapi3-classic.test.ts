import { expect, it } from 'vitest';
import { classic } from '../../examples/tapi3-classic.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { CS_DISCONNECTED } from '../../src/tapi3/index.js';

it('the classic TAPI 3 flow runs from Initialize to Shutdown', async () => {
  const lines: string[] = [];
  const clock = new ManualClock();
  const result = await classic({ clock, log: (l) => lines.push(l) });
  expect(result).toEqual({ connected: true, finalState: CS_DISCONNECTED });
  expect(lines).toEqual([
    'Initialize: S_OK',
    'address: Simulated line 0 (simulated)',
    // Instant switch: the events were queued inside Connect and are delivered right after it
    // returned, before the application's await resumes.
    'TE_CALLSTATE CS_INPROGRESS CEC_NONE',
    'TE_CALLSTATE CS_CONNECTED CEC_NONE',
    'Connect(async): S_OK',
    'TE_CALLSTATE CS_DISCONNECTED CEC_DISCONNECT_NORMAL',
    'Disconnect: S_OK',
    'Shutdown: S_OK',
  ]);
  expect(clock.pending).toBe(0);
});

it('the same flow to a busy number ends at CS_DISCONNECTED with the cause, and still shuts down clean', async () => {
  const lines: string[] = [];
  const result = await classic({ clock: new ManualClock(), log: (l) => lines.push(l), destination: '5550199' });
  expect(result).toEqual({ connected: false, finalState: CS_DISCONNECTED });
  expect(lines.slice(2)).toEqual(['TE_CALLSTATE CS_INPROGRESS CEC_NONE', 'TE_CALLSTATE CS_DISCONNECTED CEC_DISCONNECT_BUSY', 'Connect(async): S_OK', 'Shutdown: S_OK']);
});
