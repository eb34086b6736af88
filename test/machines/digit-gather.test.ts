/**
 * The gathering machine (lineGatherDigits): each way a gathering ends, timeouts of 0 meaning none,
 * the inter-digit timer restarting with each digit, and a cancel at any point, on a manual clock.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { digitGatherMachine, type GatherInput } from '../../machines/digit-gather.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

const start = (input: Partial<GatherInput> = {}) => {
  const clock = new ManualClock();
  const actor = createActor(digitGatherMachine, { input: { max: 4, terminators: '#', firstTimeoutMs: 5000, interTimeoutMs: 3000, ...input }, clock }).start();
  const press = (digits: string) => {
    // A key after the end goes nowhere (as the façades stop feeding a gathering that has ended).
    for (const digit of digits) if (actor.getSnapshot().status === 'active') actor.send({ type: 'DIGIT', digit });
  };
  return { clock, actor, press, output: () => actor.getSnapshot().output };
};

describe('digitGatherMachine (lineGatherDigits)', () => {
  it('BUFFERFULL once max digits are in', () => {
    const g = start({ max: 3 });
    g.press('12');
    expect(g.actor.getSnapshot().value).toBe('gathering');
    g.press('3');
    expect(g.output()).toEqual({ digits: '123', termination: 'BUFFERFULL' });
  });

  it('TERMDIGIT: the termination digit ends it and is the last of the buffer', () => {
    const g = start({ terminators: '*#' });
    g.press('1*');
    expect(g.output()).toEqual({ digits: '1*', termination: 'TERMDIGIT' });
  });

  it('a termination digit that also fills the buffer is TERMDIGIT', () => {
    const g = start({ max: 2 });
    g.press('1#');
    expect(g.output()).toEqual({ digits: '1#', termination: 'TERMDIGIT' });
  });

  it('FIRSTTIMEOUT with an empty buffer when no digit comes in time', () => {
    const g = start();
    g.clock.advance(4999);
    expect(g.output()).toBeUndefined();
    g.clock.advance(1);
    expect(g.output()).toEqual({ digits: '', termination: 'FIRSTTIMEOUT' });
    expect(g.clock.pending).toBe(0);
  });

  it('INTERTIMEOUT counts from the last digit: each digit restarts it', () => {
    const g = start({ max: 10 });
    g.press('1');
    g.clock.advance(2999);
    g.press('2');
    g.clock.advance(2999);
    expect(g.output()).toBeUndefined();
    g.clock.advance(1);
    expect(g.output()).toEqual({ digits: '12', termination: 'INTERTIMEOUT' });
    expect(g.clock.pending).toBe(0);
  });

  it('timeouts of 0 mean none: it waits for ever', () => {
    const g = start({ firstTimeoutMs: 0, interTimeoutMs: 0, max: 2 });
    g.clock.advance(1_000_000);
    g.press('1');
    g.clock.advance(1_000_000);
    expect(g.output()).toBeUndefined();
    g.press('2');
    expect(g.output()).toEqual({ digits: '12', termination: 'BUFFERFULL' });
  });

  it('CANCEL ends it at once with what it has, and leaves no timer', () => {
    const g = start();
    g.press('12');
    g.actor.send({ type: 'CANCEL' });
    expect(g.output()).toEqual({ digits: '12', termination: 'CANCEL' });
    expect(g.clock.pending).toBe(0);
  });

  it('property: the buffer is the digits pressed, up to and including the first that ends it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9*#]{0,12}$/), fc.integer({ min: 1, max: 8 }), fc.stringMatching(/^[*#]{0,2}$/), (pressed, max, terminators) => {
        const g = start({ max, terminators });
        g.press(pressed);
        let end = pressed.length;
        for (let i = 0; i < pressed.length; i++) {
          if (terminators.includes(pressed[i]) || i + 1 === max) {
            end = i + 1;
            break;
          }
        }
        const out = g.output();
        if (end === pressed.length && !(terminators.includes(pressed.at(-1) ?? 'x') || pressed.length >= max)) {
          expect(out).toBeUndefined();
          g.actor.send({ type: 'CANCEL' });
          expect(g.output()).toEqual({ digits: pressed, termination: 'CANCEL' });
        } else {
          expect(out?.digits).toBe(pressed.slice(0, end));
          expect(out?.termination).toBe(terminators.includes(pressed[end - 1]) ? 'TERMDIGIT' : 'BUFFERFULL');
        }
      }),
    );
  });
});
