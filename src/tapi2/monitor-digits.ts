/**
 * LINE_MONITORDIGITS: each digit the call hears goes to the handles that monitor digits
 * (lineMonitorDigits, in `digit-functions.ts`). Apart from that function so that the call tracking
 * that hears the digits imports no request function.
 */
import type { CallDigitEvent } from '../../machines/events.js';
import { LINEDIGITMODE_DTMF } from './constants/media.js';
import { LINE_MONITORDIGITS } from './constants/messages.js';
import type { CallEntry } from './handles.js';

/** The call heard a digit: LINE_MONITORDIGITS to this handle's application, if it monitors digits. */
export function onDigit(entry: CallEntry, event: CallDigitEvent): void {
  if (!entry.accepted || entry.released || (entry.monitorDigits & LINEDIGITMODE_DTMF) === 0) return;
  const { app } = entry.line;
  app.queue.post({
    hDevice: entry.handle,
    dwMessageID: LINE_MONITORDIGITS,
    dwCallbackInstance: entry.line.callbackInstance,
    dwParam1: event.digit.charCodeAt(0),
    dwParam2: LINEDIGITMODE_DTMF,
    dwParam3: Math.floor(event.at) >>> 0,
    live: () => app.alive && !entry.silenced,
  });
}
