/**
 * `xtapi call --hold-after … --unhold-after … --transfer-to …` in process, on a manual clock,
 * through a provider whose line can hold and transfer: what is printed at which time, as text and
 * as JSON, and what a refusal or a hangup that comes first does to the plan.
 */
import { describe, expect, it } from 'vitest';
import { callOnClock } from '../../support/cli-on-clock.js';
import { type HoldingProviderOptions, holdingProvider } from '../phone/holding-provider.js';

/** `xtapi call …args` on a manual clock through the holding provider; run to its end. */
const call = (args: string[], options: HoldingProviderOptions = {}) => callOnClock(args, holdingProvider(options));

describe('xtapi call: hold, unhold and transfer at set times', () => {
  it('--hold-after 500 --unhold-after 1000: onHold, then connected again; the hangup still counts from the first connect', async () => {
    const { status, progress, out } = await call(['5550111', '--hold-after', '500', '--unhold-after', '1000', '--hangup-after', '3000']);
    expect(status).toBe(0);
    expect(progress).toEqual([
      '0 c1 placing',
      '0 c1 proceeding',
      '100 c1 connected ACTIVE',
      '610 c1 onHold',
      '610 c1 hold done',
      '1620 c1 connected ACTIVE',
      '1620 c1 unhold done',
      '3100 c1 dropping',
      '3110 c1 ended',
    ]);
    expect(out.at(-1)).toBe('connected for 3.0 s; ended by us (LINEDISCONNECTMODE_NORMAL)');
  });

  it('--transfer-to 5550133 --transfer-after 700 --json: a request line when the far end reached the target, then the end, result connected with origin transfer', async () => {
    const { status, out } = await call(['5550111', '--transfer-to', '555-0133', '--transfer-after', '700', '--json']);
    expect(status).toBe(0);
    const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(2)).toEqual([
      { t: 100, call: 'c1', state: 'connected', mode: 'ACTIVE' },
      { t: 850, call: 'c1', state: 'dropping', mode: null },
      { t: 850, call: 'c1', request: 'transfer', to: '555-0133', error: null },
      { t: 860, call: 'c1', state: 'ended', mode: null },
      { result: 'connected', cause: { mode: 'NORMAL', origin: 'transfer', state: 'connected', connected: true, transferredTo: '5550133' }, connectedMs: 760 },
    ]);
  });

  it('text: the summary says where the call was transferred', async () => {
    const { out } = await call(['5550111', '--transfer-to', '5550133']);
    expect(out.at(-1)).toBe('connected for 0.1 s; transferred to "5550133" (LINEDISCONNECTMODE_NORMAL)');
  });

  it('the switch refuses the hold: a failed line with the LINEERR, no unhold is tried, the call goes on', async () => {
    const json = await call(['5550111', '--hold-after', '0', '--unhold-after', '10', '--hangup-after', '200', '--json'], { refuse: { hold: 'RESOURCEUNAVAIL' } });
    expect(json.status).toBe(0);
    const lines = json.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => 'request' in l)).toEqual([{ t: 110, call: 'c1', request: 'hold', error: 'LINEERR_RESOURCEUNAVAIL', message: 'hold failed: LINEERR_RESOURCEUNAVAIL' }]);
    expect(lines.filter((l) => 'state' in l).map((l) => l.state)).toEqual(['placing', 'proceeding', 'connected', 'dropping', 'ended']);
    const { out } = await call(['5550111', '--hold-after', '0', '--unhold-after', '10', '--hangup-after', '200'], { refuse: { hold: 'RESOURCEUNAVAIL' } });
    expect(out.filter((l) => / ms .*hold/.test(l))).toEqual(['   110 ms  c1   hold          failed: LINEERR_RESOURCEUNAVAIL']);
  });

  it('the hangup comes before the hold: the hold is never asked, nothing is printed for it', async () => {
    const { progress } = await call(['5550111', '--hold-after', '500', '--hangup-after', '100']);
    expect(progress.filter((l) => l.includes('hold'))).toEqual([]);
    expect(progress.at(-1)).toBe('210 c1 ended');
  });
});
