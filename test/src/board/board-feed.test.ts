/**
 * The board's feed (no browser): a line its provider takes out of service shows so, with why,
 * in the line's entry and the log, and comes back; with numbers stripped, the why is masked.
 */
import { describe, expect, it } from 'vitest';
import { simulatedProvider } from '../../../providers/simulated/index.js';
import { BoardFeed, type BoardUpdate } from '../../../src/board/board-feed.js';
import { createTelephony } from '../../../src/phone/telephony.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

describe('board feed: line service', () => {
  it('shows a line out of service with why, and back in service', async () => {
    const sim = simulatedProvider({ timing: 'instant' });
    const telephony = createTelephony({ providers: [sim], clock: new ManualClock() });
    const feed = new BoardFeed(telephony);
    const masked = new BoardFeed(telephony, { stripNumbers: true });
    const updates: BoardUpdate[] = [];
    feed.subscribe((update) => updates.push(update));
    await telephony.openLine(0);
    expect(feed.snapshot().lines[0]).toMatchObject({ state: 'open', outOfService: null });

    sim.setLineService(0, false, 'registrar sip:registrar@example.com said 503');
    expect(feed.snapshot().lines[0]).toMatchObject({ state: 'open', outOfService: 'registrar sip:registrar@example.com said 503' });
    expect(masked.snapshot().lines[0].outOfService).not.toContain('example.com');
    expect(updates.filter((u) => u.type === 'line').map((u) => u.type === 'line' && u.line.outOfService)).toContain('registrar sip:registrar@example.com said 503');
    expect(feed.snapshot().log.map((e) => e.text)).toContain('line 0 out of service (registrar sip:registrar@example.com said 503)');

    sim.setLineService(0, true);
    expect(feed.snapshot().lines[0]).toMatchObject({ state: 'open', outOfService: null });
    expect(feed.snapshot().log.at(-1)?.text).toBe('line 0 open');
    feed.close();
    masked.close();
    await telephony.shutdown();
  });
});
