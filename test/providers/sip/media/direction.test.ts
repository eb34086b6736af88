/**
 * Stream directions (RFC 3264 §5.1, §6.1): who sends and who receives for each, and the answer to
 * each offer narrowed by what we want (a hold, §8.4), checked against the rule itself.
 */
import { describe, expect, it } from 'vitest';
import { answerDirection, type Direction, receives, sends } from '../../../../providers/sip/media/direction.js';

const ALL: Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

describe('direction', () => {
  it('says who sends and who receives', () => {
    expect(ALL.map((d) => [sends(d), receives(d)])).toEqual([[true, true], [true, false], [false, true], [false, false]]);
  });

  it('answers (RFC 3264 §6.1), narrowed by what we want', () => {
    expect(answerDirection('sendonly', 'sendrecv')).toBe('recvonly');
    expect(answerDirection('recvonly', 'sendrecv')).toBe('sendonly');
    expect(answerDirection('inactive', 'sendrecv')).toBe('inactive');
    expect(answerDirection('sendrecv', 'sendonly')).toBe('sendonly');
    expect(answerDirection('sendonly', 'sendonly')).toBe('inactive');
    expect(answerDirection('sendrecv', 'inactive')).toBe('inactive');
  });

  it('every answer sends only what the offerer receives and we want to send, and the other way round', () => {
    for (const offered of ALL) {
      for (const wanted of ALL) {
        const answer = answerDirection(offered, wanted);
        expect(sends(answer)).toBe(receives(offered) && sends(wanted));
        expect(receives(answer)).toBe(sends(offered) && receives(wanted));
      }
    }
  });
});
