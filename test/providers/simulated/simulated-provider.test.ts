/**
 * The simulated switch on its own: the script each outcome plays, on a manual clock, and the
 * directory that picks the outcome.
 */
import { describe, expect, it } from 'vitest';
import { type CallRequest, defaultCallParams, type LineServiceEvent, type ProviderCall, type ProviderEvent } from '../../../providers/provider.js';
import { simulatedProvider, type SimulatedProviderOptions } from '../../../providers/simulated/index.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

/** Open line 0 of a simulated switch; `call.make()` makes the call, the rest goes to it. */
function place(options: SimulatedProviderOptions, destination = '5550111', complete = true) {
  const clock = new ManualClock();
  const sim = simulatedProvider(options);
  const log: string[] = [];
  const heard: LineServiceEvent[] = [];
  const line = sim.openLine(0, {
    clock,
    report: (_callId, e: ProviderEvent) => log.push(`${clock.now()} ${show(e)}`),
    service: (e) => heard.push(e),
    offer: () => null,
  });
  const request: CallRequest = { callId: 'c1', lineIndex: 0, destination, complete, params: defaultCallParams };
  let made: ProviderCall | undefined;
  const it = () => {
    if (!made) throw new Error('not made yet');
    return made;
  };
  const call = {
    make: () => void (made = line.makeCall(request)),
    dial: (digits: string, done: boolean) => it().dial(digits, done),
    generateDigits: (digits: string) => it().generateDigits(digits),
    drop: () => it().drop(),
    dispose: () => it().dispose(),
  };
  return { clock, sim, line, log, heard, call };
}

function show(e: ProviderEvent): string {
  const mode = 'mode' in e && e.mode ? ` ${e.mode}` : '';
  const ring = e.type === 'PROVIDER.RINGBACK' && e.ring ? ` ${e.ring}` : '';
  const to = e.type === 'PROVIDER.REDIRECTED' ? ` ${e.to}` : '';
  return `${e.type.slice(9)}${mode}${ring}${to}`;
}

describe('simulated provider', () => {
  it('answer (the default): dial tone, each digit, proceeding, one ring, connected — on the clock', () => {
    const { call, clock, log } = place({}, '5550111');
    call.make();
    clock.runAll();
    // 100 dial tone, 7 digits × 50, 200 to proceeding, 200 to the first ring, 1000 per ring.
    expect(log).toEqual(['100 DIALTONE NORMAL', '100 DIALING', '650 PROCEEDING', '850 RINGBACK 1', '1850 CONNECTED ACTIVE']);
  });

  it('answer after three rings, then the far end hangs up', () => {
    const { call, clock, log } = place({ numbers: { '5550111': { outcome: 'answer', rings: 3, hangupAfterMs: 5000 } }, timing: 'instant' });
    call.make();
    expect(log).toEqual(['0 DIALTONE NORMAL', '0 DIALING', '0 PROCEEDING', '0 RINGBACK 1', '0 RINGBACK 2', '0 RINGBACK 3', '0 CONNECTED ACTIVE']);
    clock.advance(5000);
    expect(log.at(-1)).toBe('5000 DISCONNECTED NORMAL');
  });

  it('busy: BUSY with LINEBUSYMODE_STATION after proceeding', () => {
    const { call, clock, log } = place({ defaultOutcome: 'busy' });
    call.make();
    clock.runAll();
    expect(log.slice(-2).map((l) => l.split(' ').slice(1).join(' '))).toEqual(['PROCEEDING', 'BUSY STATION']);
  });

  it('no-answer: rings until the switch gives up, then DISCONNECTED NOANSWER', () => {
    const { call, clock, log } = place({ defaultOutcome: { outcome: 'no-answer', rings: 3 } });
    call.make();
    clock.runAll();
    expect(log.filter((l) => l.includes('RINGBACK'))).toHaveLength(3);
    expect(log.at(-1)).toMatch(/DISCONNECTED NOANSWER$/);
  });

  it('unreachable and reject give their LINEDISCONNECTMODE_', () => {
    for (const [outcome, mode] of [['unreachable', 'UNREACHABLE'], ['reject', 'REJECT']] as const) {
      const { call, clock, log } = place({ defaultOutcome: outcome });
      call.make();
      clock.runAll();
      expect(log.at(-1)).toMatch(new RegExp(`DISCONNECTED ${mode}$`));
    }
  });

  it('redirect: after proceeding the far end sends the call on (REDIRECTED), and the number it names does the rest', () => {
    const numbers = { '5550177': { outcome: 'redirect', redirectTo: '5550188' }, '5550188': { outcome: 'answer', rings: 2 } } as const;
    const { call, clock, log } = place({ numbers }, '5550177');
    call.make();
    clock.runAll();
    // Proceeding at 650; the redirect after the proceeding delay; still proceeding, the new far end rings 200 later.
    expect(log).toEqual(['100 DIALTONE NORMAL', '100 DIALING', '650 PROCEEDING', '850 REDIRECTED 5550188', '1050 RINGBACK 1', '2050 RINGBACK 2', '3050 CONNECTED ACTIVE']);
  });

  it('redirects chain up to three; a loop, or a fourth, disconnects FORWARDED', () => {
    const chain = { numbers: { '11': { outcome: 'redirect', redirectTo: '12' }, '12': { outcome: 'redirect', redirectTo: '13' }, '13': { outcome: 'busy' } }, timing: 'instant' } as const;
    const chained = place(chain, '11');
    chained.call.make();
    expect(chained.log).toEqual(['0 DIALTONE NORMAL', '0 DIALING', '0 PROCEEDING', '0 REDIRECTED 12', '0 REDIRECTED 13', '0 BUSY STATION']);
    const loop = place({ numbers: { '21': { outcome: 'redirect', redirectTo: '22' }, '22': { outcome: 'redirect', redirectTo: '21' } }, timing: 'instant' }, '21');
    loop.call.make();
    expect(loop.log.slice(3)).toEqual(['0 REDIRECTED 22', '0 DISCONNECTED FORWARDED']);
    const hops = Object.fromEntries([1, 2, 3, 4].map((n) => [`3${n}`, { outcome: 'redirect' as const, redirectTo: `3${n + 1}` }]));
    const long = place({ numbers: hops, timing: 'instant' }, '31');
    long.call.make();
    expect(long.log.slice(3)).toEqual(['0 REDIRECTED 32', '0 REDIRECTED 33', '0 REDIRECTED 34', '0 DISCONNECTED FORWARDED']);
  });

  it('a redirect without a number to redirect to is refused when the switch is made', () => {
    expect(() => simulatedProvider({ numbers: { '5550177': { outcome: 'redirect' } } })).toThrow(/5550177: a redirect needs the number it redirects to/);
    expect(() => simulatedProvider({ defaultOutcome: 'redirect' })).toThrow(RangeError);
  });

  it('the directory matches the end of the dialled digits, longest key first', () => {
    const numbers = {
      '0111': { outcome: 'reject' as const },
      '5550111': { outcome: 'busy' as const },
      '555-0199': { outcome: 'unreachable' as const },
    };
    const outcome = (destination: string) => {
      const { call, log } = place({ numbers, timing: 'instant' }, destination);
      call.make();
      return log.at(-1)?.split(' ').slice(1).join(' ');
    };
    expect(outcome('+14255550111')).toBe('BUSY STATION');
    expect(outcome('9,5550111')).toBe('BUSY STATION');
    expect(outcome('4250111')).toBe('DISCONNECTED REJECT');
    expect(outcome('5550199')).toBe('DISCONNECTED UNREACHABLE');
    expect(outcome('12345')).toBe('CONNECTED ACTIVE');
  });

  it('a partial address waits in dialing; dial completes it', () => {
    const { call, clock, log } = place({ timing: 'instant' }, '9', false);
    call.make();
    expect(log).toEqual(['0 DIALTONE NORMAL', '0 DIALING']);
    call.dial('555', false);
    expect(log).toHaveLength(2);
    call.dial('0111', true);
    clock.runAll();
    expect(log.at(-1)).toBe('0 CONNECTED ACTIVE');
  });

  it('no address waits in dial tone', () => {
    const { call, log } = place({ timing: 'instant' }, '', false);
    call.make();
    expect(log).toEqual(['0 DIALTONE NORMAL']);
  });

  it('a hot line (nonDialed) goes straight to connected', () => {
    const { call, clock, log } = place({ nonDialed: true }, '', true);
    call.make();
    clock.runAll();
    expect(log).toEqual(['100 CONNECTED ACTIVE']);
  });

  it('digits after connect are recorded as DTMF, not dialled', () => {
    const { call, sim } = place({ timing: 'instant' });
    call.make();
    call.generateDigits('12');
    call.generateDigits('#');
    expect(sim.calls()[0]).toMatchObject({ phase: 'connected', dialled: '5550111', dtmf: '12#' });
  });

  it('drop: IDLE after the drop delay, then again for every further drop (idempotent)', () => {
    const { call, clock, log } = place({});
    call.make();
    clock.advance(300);
    call.drop();
    call.drop();
    clock.advance(20);
    call.drop();
    expect(log.filter((l) => l.endsWith('IDLE'))).toEqual(['320 IDLE', '320 IDLE']);
    expect(clock.pending).toBe(0);
  });

  it('the far end hangs up while our drop is on its way: DISCONNECTED, then IDLE', () => {
    const { call, clock, log } = place({ timing: { drop: 50 }, numbers: { '5550111': { outcome: 'answer', hangupAfterMs: 1000 } } });
    call.make();
    clock.advance(1850 + 990); // connected at 1850, the far end hangs up at 2850
    call.drop(); // our drop leaves at 2840 and is done at 2890
    clock.runAll();
    expect(log.slice(-2)).toEqual(['2850 DISCONNECTED NORMAL', '2890 IDLE']);
  });

  it('dispose cancels every timer and forgets the call', () => {
    const { call, clock, sim } = place({ numbers: { '5550111': { outcome: 'answer', hangupAfterMs: 1000 } } });
    call.make();
    clock.advance(2000);
    expect(sim.calls()).toHaveLength(1);
    call.dispose();
    expect(clock.pending).toBe(0);
    expect(sim.calls()).toEqual([]);
  });

  it('describes its lines from its options', () => {
    const sim = simulatedProvider({ lines: 3, maxCallsPerLine: 2, dialModifiers: { dialtone: true } });
    expect(sim.lines.map((l) => [l.name, l.maxCalls, l.dialing.dialtone, l.dialing.quiet])).toEqual([
      ['Simulated line 0', 2, true, false],
      ['Simulated line 1', 2, true, false],
      ['Simulated line 2', 2, true, false],
    ]);
    expect(() => simulatedProvider({ lines: -1 })).toThrow(RangeError);
    expect(() => simulatedProvider({ maxCallsPerLine: 0 })).toThrow(RangeError);
  });

  it('setLineService: an open line out of service fails its calls (released at once) and new makes; the core hears both changes', async () => {
    const { call, clock, log, sim, line, heard } = place({ timing: 'instant', defaultOutcome: { outcome: 'answer', rings: 1, hangupAfterMs: 60_000 } });
    expect(sim.setLineService(1, false)).toBe(false); // not open (there is no line 1): nothing to do
    call.make();
    expect(log.at(-1)).toBe('0 CONNECTED ACTIVE');
    expect(sim.setLineService(0, false, 'trunk down')).toBe(true);
    expect(log.at(-1)).toBe('0 FAILED');
    expect(heard).toEqual([{ type: 'PROVIDER.LINE.OUTOFSERVICE', error: 'INVALLINESTATE', message: 'trunk down' }]);
    call.drop(); // released already: IDLE at once, and the far end's hang-up timer is gone
    expect(log.at(-1)).toBe('0 IDLE');
    expect(clock.pending).toBe(0);
    const count = log.length;
    line.makeCall({ callId: 'c2', lineIndex: 0, destination: '1', complete: true, params: defaultCallParams });
    expect(log.slice(count)).toEqual(['0 FAILED']);
    sim.setLineService(0, true);
    expect(heard.at(-1)).toEqual({ type: 'PROVIDER.LINE.INSERVICE' });
    await line.close?.();
    expect(sim.setLineService(0, false)).toBe(false);
    expect(heard).toHaveLength(2);
  });
});
