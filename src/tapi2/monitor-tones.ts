/**
 * The end of a handle's tone monitoring (lineMonitorTones, in `tone-functions.ts`): apart from that
 * function so that the call tracking, which ends it when a handle is deallocated, imports no
 * request function.
 */
import type { CallEntry } from './handles.js';

/** This handle monitors no tone any more (a new list, NULL, the handle deallocated). */
export function stopMonitoringTones(entry: CallEntry): void {
  entry.toneMonitor?.stop();
  entry.toneMonitor = null;
}
